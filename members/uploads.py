"""Member images (avatar, logo): checked, then re-encoded so only pixels we wrote are served.

Re-encoding drops whatever rode along in the upload (EXIF position, a script disguised
as an image, a polyglot file) and fixes the file's type ourselves: the stored name's
extension, hence the served Content-Type, is the format we wrote, never the upload's.
"""

from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
ACCEPTED_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}
MIN_SIDE, MAX_SIDE = 32, 6000
MAX_PIXELS = 36_000_000
OUTPUT_SIDE = 512


def reencode_image(upload):
    """Return a ContentFile (PNG or JPEG, at most 512 px a side) or raise ValidationError."""
    if upload.size > MAX_BYTES:
        raise ValidationError(_("L'image dépasse 5 Mo."))
    return _reencode(upload, max_side=MAX_SIDE, max_pixels=MAX_PIXELS, output_side=OUTPUT_SIDE)


def reencode_original(upload, max_pixels, name="image"):
    """A member's upload to the image library, at full size, without its metadata (EXIF, GPS…).

    Size and pixel count were already checked by Wagtail's image field
    (WAGTAILIMAGES_MAX_UPLOAD_SIZE, WAGTAILIMAGES_MAX_IMAGE_PIXELS).
    """
    encoded = _reencode(upload, max_side=None, max_pixels=max_pixels, output_side=None)
    encoded.name = f"{name}.{encoded.name.rsplit('.', 1)[1]}"
    return encoded


def _reencode(upload, *, max_side, max_pixels, output_side):
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            kind = probe.format
            width, height = probe.size
            probe.verify()
        if kind not in ACCEPTED_FORMATS:
            raise ValidationError(_("Format non accepté : envoyez une image JPEG, PNG, GIF ou WebP."))
        too_big = (max_side and max(width, height) > max_side) or width * height > max_pixels
        if min(width, height) < MIN_SIDE or too_big:
            raise ValidationError(
                _("Dimensions non acceptées : entre %(min)s et %(max)s pixels de côté.")
                % {"min": MIN_SIDE, "max": max_side or MAX_SIDE}
            )
        upload.seek(0)
        with Image.open(upload) as image:
            image.seek(0)  # the first frame of an animation
            image = ImageOps.exif_transpose(image)
            has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
            image = image.convert("RGBA" if has_alpha else "RGB")
            if output_side:
                image.thumbnail((output_side, output_side))
            buffer = BytesIO()
            if has_alpha:
                image.save(buffer, format="PNG", optimize=True)
                extension = "png"
            else:
                image.save(buffer, format="JPEG", quality=85, optimize=True)
                extension = "jpg"
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError(_("Ce fichier n'est pas une image lisible.")) from error
    return ContentFile(buffer.getvalue(), name=f"image.{extension}")
