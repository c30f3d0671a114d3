from content_types.communities.attach import CommunityAttachmentForm
from content_types.core.members import use_member_choices


class ProjectPageForm(CommunityAttachmentForm):
    """The team is chosen among members by their public name (no e-mail shown to contributors)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_member_choices(self, "team")
