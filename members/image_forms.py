"""The image library's upload form (WAGTAILIMAGES_IMAGE_FORM_BASE): members' originals re-encoded.

Editors' originals are kept as uploaded. A member's upload is re-encoded like their
avatar (members/uploads.py): the stored original holds only pixels we wrote, never the
EXIF of their phone (GPS position, device, owner's name), nor anything riding along.
"""

from pathlib import Path

from django.conf import settings

from home.forms import AltTextImageForm

from .permissions import is_plain_contributor
from .uploads import reencode_original


class MemberImageForm(AltTextImageForm):
    def __init__(self, *args, **kwargs):
        self.uploading_user = kwargs.get("user")
        super().__init__(*args, **kwargs)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        user = self.uploading_user
        if upload and hasattr(upload, "content_type") and user is not None and is_plain_contributor(user):
            stem = Path(upload.name or "image").stem[:80] or "image"
            return reencode_original(upload, settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS, name=stem)
        return upload
