"""What the history says about a change, in the language of whoever reads it.

A change is stored as Django's JSON change message, with each changed field named by the
untranslated words of its label ("summary [it]" for the Italian text of a translated
field), and read back in the reader's language ("sommario (italiano)"). Fields nobody
types (the form's edit guard) are never named.
"""

from __future__ import annotations

import json
import re

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.utils import translation
from django.utils.text import capfirst, get_text_list
from django.utils.translation import gettext, pgettext

from icnet.core import grammar

# Form fields that are not the object's data.
INTERNAL_FIELDS = {"edit_guard"}

_LANGUAGE_LABEL = re.compile(r"^(?P<base>.+) \[(?P<language>[a-z]{2}(?:-[a-z]+)?)\]$")


def field_key(model, name: str, form=None) -> str | None:
    """The untranslated label the history stores for a changed field; None for internal
    fields."""
    if name in INTERNAL_FIELDS:
        return None
    with translation.override(None):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            field = None
        if field is not None and getattr(field, "translated_field", None) is not None:
            base = field.translated_field.verbose_name
            return f"{base} [{field.language}]"
        if field is not None and getattr(field, "verbose_name", None):
            return str(field.verbose_name)
        label = form.fields[name].label if form is not None and name in form.fields else None
        return str(label or name)


def field_keys(model, names, form=None) -> list[str]:
    return [key for name in names if (key := field_key(model, name, form)) is not None]


def _translate_word(text: str) -> str:
    translated = gettext(text)
    if translated == text and text[:1].isupper():
        # Labels stored before this module (capitalised, "Summary"): try the msgid.
        lowered = text[:1].lower() + text[1:]
        if gettext(lowered) != lowered:
            return gettext(lowered)
    return translated


def field_label(key: str) -> str:
    """A stored field label in the active language: "summary [it]" -> "sommario (italiano)"."""
    found = _LANGUAGE_LABEL.match(key)
    if not found:
        return _translate_word(key)
    languages = dict(settings.LANGUAGES)
    language = languages.get(found["language"])
    name = _translate_word(found["base"])
    if language is None:
        return f"{name} [{found['language']}]"
    with translation.override(None):
        language = str(language)
    # Italian writes the language in lower case here ("sintesi (italiano)"), English not.
    return f"{name} ({pgettext('language in a field label', language)})"


def _labels(keys) -> str:
    shown = [field_label(key) for key in keys if key not in INTERNAL_FIELDS]
    return get_text_list(shown, gettext("and"))


def describe(comment: str) -> str:
    """A revision's comment in the active language (plain words; old comments as stored)."""
    if not comment:
        return ""
    if comment[0] != "[":
        return gettext(comment)
    try:
        entries = json.loads(comment)
    except json.JSONDecodeError:
        return comment
    sentences = []
    for entry in entries:
        if "added" in entry:
            added = entry["added"]
            if not added:
                sentences.append(gettext("Added."))
                continue
            gender = grammar.gender_of_name(gettext(added["name"]))
            sentences.append(
                pgettext(gender, "Added {name} “{object}”.").format(
                    name=gettext(added["name"]), object=added["object"]
                )
            )
        elif "changed" in entry:
            changed = entry["changed"]
            fields = _labels(changed.get("fields", []))
            if not fields:
                continue
            if "name" in changed:
                sentences.append(
                    gettext("Changed {fields} for {name} “{object}”.").format(
                        fields=fields, name=gettext(changed["name"]), object=changed["object"]
                    )
                )
            else:
                sentences.append(capfirst(gettext("Changed {fields}.").format(fields=fields)))
        elif "deleted" in entry:
            deleted = entry["deleted"]
            gender = grammar.gender_of_name(gettext(deleted["name"]))
            sentences.append(
                pgettext(gender, "Deleted {name} “{object}”.").format(
                    name=gettext(deleted["name"]), object=deleted["object"]
                )
            )
    return " ".join(sentences) or gettext("No fields changed.")
