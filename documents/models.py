"""What the network has written (one file per language, one marked original) and useful links."""

import uuid
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from cities.models import City
from documents.validators import DOCUMENT_TYPES, FileType, detect_document_type, validate_document
from icnet.core.i18n import long_date, month_name
from icnet.core.richtext import RichTextField
from icnet.core.search import Searchable
from meetings.models import Meeting

# Paths under /it/documenti/ and /en/documents/ that are pages, not documents (the useful
# links, in each language).
RESERVED_SLUGS = ("links", "collegamenti")


class DocumentQuerySet(models.QuerySet):
    def published(self):
        """Documents the public may see: the only way public pages, feeds and data get them."""
        return self.filter(published=True)

    def with_files(self):
        """With each document's files (original first) fetched in one more query."""
        return self.prefetch_related("files")


class Document(Searchable):
    """A text of the network or of a city, with one file per language."""

    search_texts = ("description",)

    class Kind(models.TextChoices):
        CHARTER = "charter", _("Charter")
        GUIDE = "guide", _("Guide")
        PROGRAMME = "programme", _("Programme")
        RESOLUTION = "resolution", _("Resolution")
        MINUTES = "minutes", _("Minutes")
        REPORT = "report", _("Report")
        OTHER = "other", _("Other")

    class DatePrecision(models.TextChoices):
        DAY = "day", _("Day")
        MONTH = "month", _("Month")
        YEAR = "year", _("Year only")

    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        help_text=_("The document's name in the address; the same in both languages."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    description = RichTextField(_("description"))
    date = models.DateField(_("date"), help_text=_("When the document was adopted or published."))
    date_precision = models.CharField(
        _("date precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_(
            "When only the year (or the month) is known, enter its first day and choose "
            '"Year only" (or "Month"): the site then shows only what is known.'
        ),
    )
    city = models.ForeignKey(
        City,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("city"),
        help_text=_("The city the document belongs to, if any."),
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("meeting"),
    )
    published = models.BooleanField(_("published"), default=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("last updated"), auto_now=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "title"]
        get_latest_by = "date"
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [
            # The library's order: a page of it is read from the index, not sorted.
            models.Index(
                fields=["-date", "title"],
                name="document_library_order",
                condition=Q(published=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(slug__in=RESERVED_SLUGS),
                name="document_slug_not_reserved",
                violation_error_message=_("This address is taken by a page of the site."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("documents:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {"slug": _("This address is taken by a page of the site. Choose another slug.")},
                code="reserved_slug",
            )

    def display_date(self) -> str:
        """The date as far as it is known, localised: "21 settembre 2010", "2010"."""
        if self.date_precision == self.DatePrecision.YEAR:
            return str(self.date.year)
        if self.date_precision == self.DatePrecision.MONTH:
            return f"{month_name(self.date)} {self.date.year}"
        return long_date(self.date)

    def machine_date(self) -> str:
        """The known part of the date for a <time datetime> attribute: 2010, 2010-09, 2010-09-21."""
        if self.date_precision == self.DatePrecision.YEAR:
            return f"{self.date.year:04d}"
        if self.date_precision == self.DatePrecision.MONTH:
            return self.date.strftime("%Y-%m")
        return self.date.isoformat()


def document_file_path(instance, filename: str) -> str:
    """A random, unguessable storage name: the upload's own name never reaches the disk.

    The extension is the one of the format recognised from the content (DocumentFile.save
    and CheckedFieldFile.save set it), never the one the upload claimed.
    """
    detected = DOCUMENT_TYPES.get(getattr(instance, "content_type", ""))
    extension = detected.extension if detected else Path(filename).suffix.lower()[:8]
    return f"documents/{uuid.uuid4().hex}{extension}"


class CheckedFieldFile(FieldFile):
    """A document file that is checked before anything is written to storage.

    Covers every way a file reaches storage: a form, DocumentFile.save() and a direct
    instance.file.save(name, content).
    """

    def save(self, name, content, save=True):
        self.instance.accept_upload(content, name)
        super().save(name, content, save)


class DocumentFileField(models.FileField):
    """A file field whose uploads are recognised and checked by content before storing."""

    attr_class = CheckedFieldFile


class DocumentFile(models.Model):
    """One language version of a document: the original or a translation."""

    class Language(models.TextChoices):
        IT = "it", _("Italian")
        EN = "en", _("English")

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="files", verbose_name=_("document")
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    file = DocumentFileField(
        _("file"),
        upload_to=document_file_path,
        max_length=200,
        validators=[validate_document],
        help_text=_(
            "PDF, ODT, ODS, DOCX, XLSX, or a JPEG, PNG, GIF or WebP picture. The format is "
            "recognised from the content."
        ),
    )
    original = models.BooleanField(
        _("original version"),
        default=False,
        help_text=_("The version the document was written in; the others are translations."),
    )
    filename = models.CharField(
        _("file name"),
        max_length=200,
        blank=True,
        help_text=_(
            "The name offered on download, made safe for every system. Empty: the uploaded "
            "file's name."
        ),
    )
    content_type = models.CharField(_("format"), max_length=120, blank=True, editable=False)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0, editable=False)
    updated = models.DateTimeField(_("last updated"), auto_now=True)

    class Meta:
        ordering = ["-original", "language"]
        verbose_name = _("document file")
        verbose_name_plural = _("document files")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "language"],
                name="document_file_one_per_language",
                violation_error_message=_("This document already has a file in this language."),
            ),
            models.UniqueConstraint(
                fields=["document"],
                condition=Q(original=True),
                name="document_one_original",
                violation_error_message=_(
                    "This document already has an original version: only one file can be "
                    "the original."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.document} ({self.get_language_display()})"

    def save(self, *args, **kwargs):
        # Every new file is checked here, before the database or the storage is touched,
        # so the shell and imports cannot bypass the checks the forms make.
        if self.file and not self.file._committed:
            self.accept_upload(self.file.file, self.file.name)
        elif self.file and self.file.name != getattr(self, "_stored_name", None):
            # A name pointing at a file already in storage: check that file too.
            try:
                with self.file.storage.open(self.file.name, "rb") as stored:
                    self.accept_upload(stored)
            except OSError as error:
                raise ValidationError(
                    _("The file could not be read from storage."), code="missing_file"
                ) from error
        super().save(*args, **kwargs)
        self._stored_name = self.file.name

    def get_absolute_url(self):
        return reverse(
            "documents:download", kwargs={"slug": self.document.slug, "language": self.language}
        )

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_name = instance.__dict__.get("file")
        return instance

    def accept_upload(self, content, name: str = "") -> FileType:
        """Check a new file by its content and record what it is; refuse it otherwise.

        Raises ValidationError, with a message naming the problem, before anything is
        stored. Remembers the format and size, and the upload's name for the download.
        """
        detected = detect_document_type(content)
        self.content_type = detected.content_type
        self.size = content.size
        if not self.filename and name:
            self.filename = Path(name).name[:200]
        return detected

    @property
    def file_type(self) -> FileType | None:
        return DOCUMENT_TYPES.get(self.content_type)

    @property
    def format_label(self) -> str:
        """A short name of the format: PDF, ODT, DOCX…"""
        detected = self.file_type
        return detected.label if detected else ""

    def label(self) -> str:
        """How the page names this version: "Italian — original version", "English version"."""
        return str(VERSION_LABELS[(self.language, self.original)])

    def download_name(self, ascii_only: bool = True) -> str:
        """A safe, readable name for the saved file, such as carta-della-rete-it.pdf.

        ascii_only=False keeps accented letters (for the filename* of Content-Disposition).
        """
        source = Path(self.filename).stem if self.filename else self.document.slug
        stem = slugify(source, allow_unicode=not ascii_only)[:80].strip("-_")
        detected = self.file_type
        extension = detected.extension if detected else Path(self.file.name).suffix.lower()
        return f"{stem or 'document'}-{self.language}{extension}"


VERSION_LABELS = {
    ("it", True): _("Italian — original version"),
    ("en", True): _("English — original version"),
    ("it", False): _("Italian version"),
    ("en", False): _("English version"),
}


class LinkQuerySet(models.QuerySet):
    def published(self):
        """Links the public may see."""
        return self.filter(published=True)


class Link(models.Model):
    """A useful link shown on the links page and in the footer."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("address"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    published = models.BooleanField(_("published"), default=True)
    updated = models.DateTimeField(_("last updated"), auto_now=True)

    objects = LinkQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("useful link")
        verbose_name_plural = _("useful links")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("documents:links")
