"""Upload checks for pictures and file sizes: the content decides, not the name."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from PIL import Image

ALLOWED_IMAGE_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}

# The largest picture accepted: 40 megapixels (a 7,700 x 5,200 photo) and 10,000 pixels on
# the longest side. A 144-megapixel PNG can weigh 140 KB and still cost seconds of a worker
# for each thumbnail, so the size is read from the header before anything is decoded.
MAX_IMAGE_PIXELS = 40_000_000
MAX_IMAGE_SIDE = 10_000
# Pillow warns above this and refuses to open at all above twice this (a decompression
# bomb), wherever a picture is opened: thumbnails included.
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS

lazy_number = lazy(number_format, str)

IMAGE_TOO_LARGE = _(
    "This picture is too large: a picture may have at most %(megapixels)s megapixels and "
    "%(side)s pixels on its longest side. Make it smaller and upload it again."
)


def validate_file_size(upload) -> None:
    """Refuse files larger than MAX_UPLOAD_SIZE."""
    limit = settings.MAX_UPLOAD_SIZE
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; files may be at most %(limit)s."),
            code="file_too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )


def _too_large() -> ValidationError:
    return ValidationError(
        IMAGE_TOO_LARGE,
        code="image_too_large",
        # Lazy, so the numbers are written as the reader's language writes them.
        params={
            "megapixels": lazy_number(MAX_IMAGE_PIXELS // 1_000_000),
            "side": lazy_number(MAX_IMAGE_SIDE, force_grouping=True),
        },
    )


def check_image_dimensions(upload, formats=None) -> None:
    """Refuse a picture with too many pixels, reading only its header (nothing is decoded).

    A file Pillow cannot open at all is left to the checks that say what is wrong with it.
    """
    try:
        upload.seek(0)
        with Image.open(upload, formats=formats) as image:
            width, height = image.size
    except Image.DecompressionBombError:
        raise _too_large() from None
    except Exception:
        return
    finally:
        upload.seek(0)
    if width * height > MAX_IMAGE_PIXELS or max(width, height) > MAX_IMAGE_SIDE:
        raise _too_large()


class ImageUploadField(forms.ImageField):
    """The form field of a picture upload: too many pixels get their own clear message,
    before Django's own check opens the picture."""

    def to_python(self, data):
        if data is not None and hasattr(data, "seek"):
            check_image_dimensions(data)
        return super().to_python(data)


def decoded_format(upload, formats=None) -> str:
    """The format of a picture that Pillow opens, verifies and decodes whole (raising what
    Pillow raises when it cannot); `formats` limits the formats Pillow tries."""
    upload.seek(0)
    with Image.open(upload, formats=formats) as image:
        kind = image.format
        image.verify()
    # verify() leaves the image unusable and misses truncated data: load it once more.
    upload.seek(0)
    with Image.open(upload, formats=formats) as image:
        image.load()
    return kind


def validate_image(upload) -> None:
    """Accept only a complete raster image that Pillow opens and verifies (never SVG), of at
    most MAX_IMAGE_PIXELS pixels and MAX_IMAGE_SIDE pixels on its longest side."""
    validate_file_size(upload)
    check_image_dimensions(upload)
    try:
        kind = decoded_format(upload)
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
