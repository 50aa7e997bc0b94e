"""Upload checks for pictures and file sizes: the content decides, not the name."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image

ALLOWED_IMAGE_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}


def validate_file_size(upload) -> None:
    """Refuse files larger than MAX_UPLOAD_SIZE."""
    limit = settings.MAX_UPLOAD_SIZE
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; files may be at most %(limit)s."),
            code="file_too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )


def validate_image(upload) -> None:
    """Accept only a complete raster image that Pillow opens and verifies (never SVG)."""
    validate_file_size(upload)
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            kind = image.format
            image.verify()
        # verify() leaves the image unusable and misses truncated data: load it once more.
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
    except Exception as error:
        raise ValidationError(
            _("This file is not an image we can use. Upload a JPEG, PNG, GIF or WebP picture."),
            code="invalid_image",
        ) from error
    finally:
        upload.seek(0)
    if kind not in ALLOWED_IMAGE_FORMATS:
        raise ValidationError(
            _("Images must be JPEG, PNG, GIF or WebP."), code="invalid_image_format"
        )
