"""The admin's rules for a document's set of files."""

from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from documents.models import DocumentFile


class DocumentFileFormSet(BaseInlineFormSet):
    """A document's files: at least one, exactly one original, one per language.

    The database keeps at most one original and one file per language; this makes the
    "at least one original" half of the rule, and says both in words a person can act on.
    """

    def clean(self):
        # The readable checks first: the generic duplicate check of super() would otherwise
        # answer a repeated language with "Please correct the duplicate data".
        if not any(self.errors):
            self.check_files()
        super().clean()

    def check_files(self):
        kept = [
            form
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and (form.instance.pk or form.has_changed())
        ]
        errors = []
        if not kept:
            errors.append(
                ValidationError(
                    _(
                        "Add at least one file, and mark the one the document was written in as "
                        "the original version."
                    ),
                    code="no_files",
                )
            )
        originals = [form for form in kept if form.cleaned_data.get("original")]
        if kept and not originals:
            errors.append(
                ValidationError(
                    _(
                        "Mark one file as the original version: the one the document was written in."
                    ),
                    code="no_original",
                )
            )
        elif len(originals) > 1:
            errors.append(
                ValidationError(
                    _("Only one file can be the original version; the others are translations."),
                    code="several_originals",
                )
            )
        languages = [form.cleaned_data.get("language") for form in kept]
        repeated = sorted({lang for lang in languages if languages.count(lang) > 1})
        if repeated:
            names = ", ".join(str(DocumentFile.Language(lang).label) for lang in repeated)
            errors.append(
                ValidationError(
                    _("There can be only one file per language; %(languages)s appears twice."),
                    code="language_repeated",
                    params={"languages": names},
                )
            )
        if errors:
            raise ValidationError(errors)
