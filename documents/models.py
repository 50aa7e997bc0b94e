"""What the network has written (one file per language, one marked original) and useful links."""

import uuid
from pathlib import Path

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from cities.models import City
from icnet.richtext import RichTextField
from meetings.models import Meeting


class DocumentQuerySet(models.QuerySet):
    def published(self):
        """Documents the public may see: the only way public pages, feeds and data get them."""
        return self.filter(published=True)

    def editable_by(self, user):
        """Documents this user may change: staff all, a city editor those of their cities."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser or user.has_perm("cities.change_city_status"):
            return self
        return self.filter(city__in=City.objects.editable_by(user))


class Document(models.Model):
    """A text of the network or of a city, with one file per language."""

    class Kind(models.TextChoices):
        CHARTER = "charter", _("Charter")
        GUIDE = "guide", _("Guide")
        PROGRAMME = "programme", _("Programme")
        RESOLUTION = "resolution", _("Resolution")
        MINUTES = "minutes", _("Minutes")
        REPORT = "report", _("Report")
        OTHER = "other", _("Other")

    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    description = RichTextField(_("description"))
    date = models.DateField(_("date"), help_text=_("When the document was adopted or published."))
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

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("documents:detail", kwargs={"slug": self.slug})


def document_file_path(instance, filename: str) -> str:
    """A random, unguessable storage name: the upload's own name never reaches the disk."""
    extension = Path(filename).suffix.lower()[:8]
    return f"documents/{uuid.uuid4().hex}{extension}"


class DocumentFile(models.Model):
    """One language version of a document: the original or a translation."""

    class Language(models.TextChoices):
        IT = "it", _("Italian")
        EN = "en", _("English")

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="files", verbose_name=_("document")
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    file = models.FileField(_("file"), upload_to=document_file_path, max_length=200)
    original = models.BooleanField(
        _("original version"),
        default=False,
        help_text=_("The version the document was written in; the others are translations."),
    )
    filename = models.CharField(
        _("file name"), max_length=200, blank=True, help_text=_("The name offered on download.")
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
                fields=["document", "language"], name="document_file_one_per_language"
            ),
            models.UniqueConstraint(
                fields=["document"], condition=Q(original=True), name="document_one_original"
            ),
        ]

    def __str__(self):
        return f"{self.document} ({self.get_language_display()})"

    def get_absolute_url(self):
        return reverse(
            "documents:download", kwargs={"slug": self.document.slug, "language": self.language}
        )

    def download_name(self) -> str:
        """A readable name for the saved file, such as carta-della-rete-it.pdf."""
        stem = slugify(Path(self.filename).stem) if self.filename else slugify(self.document.slug)
        extension = Path(self.file.name).suffix.lower()
        return f"{stem or 'document'}-{self.language}{extension}"


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
