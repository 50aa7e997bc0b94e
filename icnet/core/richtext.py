"""Rich text: one field type for every formatted text, cleaned of anything unsafe on save."""

import html

from django.utils.html import strip_tags
from django_prose_editor.fields import ProseEditorField

# What editors may use; the same list drives the editor's toolbar and the nh3 allow-list,
# so anything else (script, event handlers, javascript: URLs, styles) is stripped.
RICH_TEXT_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "History": True,
}


class RichTextField(ProseEditorField):
    """A text field edited with the prose editor and cleaned with nh3 whenever it is saved."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("extensions", dict(RICH_TEXT_EXTENSIONS))
        kwargs.setdefault("sanitize", True)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        # Clean on every save, not only in forms: the shell, imports and demo data too.
        value = getattr(model_instance, self.attname)
        cleaned = self.sanitize(value) if value else (value if value is None else "")
        setattr(model_instance, self.attname, cleaned)
        return cleaned


def clean_html(value: str) -> str:
    """Clean a piece of HTML with the same rules as a rich-text field."""
    return RichTextField().sanitize(value or "")


def plain_text(rich: str) -> str:
    """Rich text as one line of plain text (for calendars, feeds and descriptions)."""
    return " ".join(html.unescape(strip_tags(rich or "")).split())
