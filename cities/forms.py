"""Forms of the cities app: what the back office's city form says of a file it refuses."""

from django.utils.translation import gettext_lazy as _

# The same words as the project's image validator, for what the form field refuses first.
IMAGE_REFUSED = _("This file is not an image we can use. Upload a JPEG, PNG, GIF or WebP picture.")
