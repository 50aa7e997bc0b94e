"""Messages about an object that agree with its noun: "la città … è stata modificata",
"l'incontro … è stato aggiunto", "Aggiungi un'altra attività".

Django builds its admin messages from a model's verbose name inside one sentence per
message ("Il {name} … è stato modificato"), so Italian gets the gender wrong for every
feminine noun. Here each message is a contextual translation (pgettext) whose context is
the model's grammatical gender, and the article comes from the catalogue too.

A model says its gender with a class attribute, `grammatical_gender = FEMININE`;
models that do not say are masculine (as are Django's users and groups and the sign-in
records).
"""

from __future__ import annotations

from django.apps import apps
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext, npgettext, pgettext

MASCULINE = "masculine"
FEMININE = "feminine"

# Italian elides the article before a vowel (l'attività, l'incontro); the catalogue has a
# form of "the {name}" for each gender, with and without elision.
VOWELS = tuple("aeiouàèéìòùAEIOUÀÈÉÌÒÙhH")


def gender_of(model) -> str:
    """The grammatical gender of a model's noun (masculine unless the model says)."""
    return getattr(model, "grammatical_gender", MASCULINE)


def model_of_name(verbose_name):
    """The model whose verbose name (in the active language) this is, or None."""
    name = str(verbose_name)
    for model in apps.get_models():
        if str(model._meta.verbose_name) == name:
            return model
    return None


def gender_of_name(verbose_name) -> str:
    """The gender of the model whose verbose name this is (for templates that only have
    the name, such as the related-object widget)."""
    model = model_of_name(verbose_name)
    return gender_of(model) if model is not None else MASCULINE


def the(model) -> str:
    """The model's noun with its definite article, in the active language."""
    name = str(model._meta.verbose_name)
    gender = gender_of(model)
    if name.startswith(VOWELS):
        return pgettext(f"{gender} elided", "the {name}").format(name=name)
    return pgettext(gender, "the {name}").format(name=name)


def _sentence(model, message: str, **values) -> str:
    """The message with its subject (the noun and its article) first; values are escaped."""
    return format_html(message, the_name=capfirst(the(model)), **values)


def added(model, obj) -> str:
    """The message for an object just added; `obj` may be a (safe) link."""
    return _sentence(model, pgettext(gender_of(model), "{the_name} “{obj}” was added."), obj=obj)


def changed(model, obj) -> str:
    return _sentence(model, pgettext(gender_of(model), "{the_name} “{obj}” was changed."), obj=obj)


def deleted(model, obj) -> str:
    return _sentence(model, pgettext(gender_of(model), "{the_name} “{obj}” was deleted."), obj=obj)


def edit_again(model) -> str:
    return pgettext(gender_of(model), "You may edit it again below.")


def add_another_below(model) -> str:
    name = str(model._meta.verbose_name)
    return pgettext(gender_of(model), "You may add another {name} below.").format(name=name)


def add_another(model, verbose_name=None) -> str:
    """The label of the link that adds a row to an inline ("Add another activity")."""
    name = str(verbose_name or model._meta.verbose_name)
    return pgettext(gender_of(model), "Add another {name}").format(name=name)


def many_deleted(model, count: int) -> str:
    opts = model._meta
    return npgettext(
        gender_of(model), "%(count)d %(name)s deleted.", "%(count)d %(name)s deleted.", count
    ) % {"count": count, "name": opts.verbose_name if count == 1 else opts.verbose_name_plural}


def many_changed(model, count: int) -> str:
    opts = model._meta
    return npgettext(
        gender_of(model), "%(count)d %(name)s changed.", "%(count)d %(name)s changed.", count
    ) % {"count": count, "name": opts.verbose_name if count == 1 else opts.verbose_name_plural}


def does_not_exist(model, key) -> str:
    return _sentence(
        model,
        pgettext(
            gender_of(model), "{the_name} with ID “{key}” does not exist. Perhaps it was deleted?"
        ),
        key=key,
    )


def related_title(action: str, verbose_name) -> str:
    """The tooltip of the related-object widget's icons ("Change the selected city")."""
    name = str(verbose_name)
    model = model_of_name(name)
    gender = gender_of(model) if model is not None else MASCULINE
    the_name = the(model) if model is not None else name
    texts = {
        "change": pgettext(gender, "Change the selected {name}"),
        "add": pgettext(gender, "Add another {name}"),
        "delete": pgettext(gender, "Delete the selected {name}"),
        "view": pgettext(gender, "View the selected {name}"),
    }
    return texts.get(action, gettext("Change")).format(name=name, the_name=the_name)


def permission_label(permission) -> str:
    """A permission as staff read it in their language: "Città | Può modificare città".

    Django stores each permission's name once, in English, when the model is migrated
    ("Can change city"); the label is built again from the model's own names instead."""
    model = permission.content_type.model_class()
    if model is None:
        return str(permission)
    opts = model._meta
    action, _sep, model_name = permission.codename.partition("_")
    names = {
        "add": gettext("Can add %(models)s"),
        "change": gettext("Can change %(models)s"),
        "delete": gettext("Can delete %(models)s"),
        "view": gettext("Can view %(models)s"),
    }
    if model_name == opts.model_name and action in names:
        text = names[action] % {"models": opts.verbose_name_plural}
    else:
        own = dict(opts.permissions)
        text = str(own.get(permission.codename, permission.name))
    return f"{capfirst(str(opts.app_config.verbose_name).strip())} | {text}"
