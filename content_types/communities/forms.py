from wagtail.admin.forms import WagtailAdminPageForm

from content_types.core.members import use_member_choices


class CommunityPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_member_choices(self, "moderators")
