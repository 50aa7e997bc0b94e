"""Member cities of the network, their good practices and the themes the network works on."""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from icnet.core.grammar import FEMININE
from icnet.core.i18n import current_language, place_name
from icnet.core.images import validate_image
from icnet.core.richtext import RichTextField
from icnet.core.roles import STAFF_PERMISSION
from icnet.core.search import Searchable


class Region(models.TextChoices):
    """The twenty regions of Italy."""

    ABRUZZO = "abruzzo", _("Abruzzo")
    BASILICATA = "basilicata", _("Basilicata")
    CALABRIA = "calabria", _("Calabria")
    CAMPANIA = "campania", _("Campania")
    EMILIA_ROMAGNA = "emilia-romagna", _("Emilia-Romagna")
    FRIULI_VENEZIA_GIULIA = "friuli-venezia-giulia", _("Friuli-Venezia Giulia")
    LAZIO = "lazio", _("Lazio")
    LIGURIA = "liguria", _("Liguria")
    LOMBARDIA = "lombardia", _("Lombardy")
    MARCHE = "marche", _("Marche")
    MOLISE = "molise", _("Molise")
    PIEMONTE = "piemonte", _("Piedmont")
    PUGLIA = "puglia", _("Apulia")
    SARDEGNA = "sardegna", _("Sardinia")
    SICILIA = "sicilia", _("Sicily")
    TOSCANA = "toscana", _("Tuscany")
    TRENTINO_ALTO_ADIGE = "trentino-alto-adige", _("Trentino-South Tyrol")
    UMBRIA = "umbria", _("Umbria")
    VALLE_D_AOSTA = "valle-d-aosta", _("Aosta Valley")
    VENETO = "veneto", _("Veneto")


# Addresses under /it/citta/ and /en/cities/ that are pages of their own (the themes, in
# each language), so no city may take them as its slug.
RESERVED_CITY_SLUGS = ("themes", "temi")

LATITUDE_VALIDATORS = [MinValueValidator(-90), MaxValueValidator(90)]
LONGITUDE_VALIDATORS = [MinValueValidator(-180), MaxValueValidator(180)]


def coordinate_constraints(prefix: str, lat: str, lng: str) -> list[models.CheckConstraint]:
    """Database rules for a latitude/longitude pair: in range, and both or neither."""
    return [
        models.CheckConstraint(
            condition=Q(**{f"{lat}__isnull": True}) | Q(**{f"{lat}__gte": -90, f"{lat}__lte": 90}),
            name=f"{prefix}_latitude_range",
        ),
        models.CheckConstraint(
            condition=Q(**{f"{lng}__isnull": True})
            | Q(**{f"{lng}__gte": -180, f"{lng}__lte": 180}),
            name=f"{prefix}_longitude_range",
        ),
        models.CheckConstraint(
            condition=Q(**{f"{lat}__isnull": True, f"{lng}__isnull": True})
            | Q(**{f"{lat}__isnull": False, f"{lng}__isnull": False}),
            name=f"{prefix}_coordinates_both_or_neither",
        ),
    ]


def check_coordinate_pair(latitude, longitude, lat_field: str, lng_field: str) -> None:
    """The readable form of the both-or-neither rule, for clean()."""
    if (latitude is None) != (longitude is None):
        missing = lng_field if longitude is None else lat_field
        raise ValidationError(
            {missing: _("Give both latitude and longitude, or leave both empty.")},
            code="coordinates_both_or_neither",
        )


class Theme(models.Model):
    """A topic the network works on; the network's workshops are pages of their themes."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = RichTextField(_("description"))
    workshop = models.BooleanField(
        _("network workshop"),
        default=False,
        help_text=_("The network organises a workshop on this theme."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("cities:theme", kwargs={"slug": self.slug})


class CityQuerySet(models.QuerySet):
    def published(self):
        """Cities the public may see: the only way public pages, feeds and data get cities."""
        return self.filter(published=True)

    def editable_by(self, user):
        """Cities this user may change in the back office."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser or user.has_perm(STAFF_PERMISSION):
            return self
        return self.filter(editors=user)

    def with_coordinates(self):
        """Cities that can be drawn on a map."""
        return self.filter(latitude__isnull=False, longitude__isnull=False)

    def by_local_name(self, language: str | None = None):
        """Order by the name in this language, falling back to Italian where it is missing."""
        language = language or current_language()
        default = settings.MODELTRANSLATION_DEFAULT_LANGUAGE
        if language == default or language not in dict(settings.LANGUAGES):
            sort_name = F(f"name_{default}")
        else:
            sort_name = Coalesce(
                NullIf(f"name_{language}", Value("")),
                f"name_{default}",
                output_field=models.CharField(),
            )
        return self.annotate(sort_name=Lower(sort_name)).order_by("sort_name", "slug")

    def matching(self, text: str):
        """Cities whose name (in either language) or province contains this text."""
        text = text.strip()
        if not text:
            return self
        condition = Q(province__icontains=text)
        for language, _name in settings.LANGUAGES:
            condition |= Q(**{f"name_{language}__icontains": text})
        return self.filter(condition)


def city_photo_path(instance, filename: str) -> str:
    """Store photos under a random name: the upload's own name never reaches the disk."""
    extension = Path(filename).suffix.lower()[:8]
    return f"cities/{uuid.uuid4().hex}{extension}"


class City(Searchable):
    """A city of the network and its intercultural profile."""

    # Its noun is feminine in Italian (la città): the admin's messages agree with it.
    grammatical_gender = FEMININE

    search_title = "name"
    search_texts = ("summary", "profile")

    class Status(models.TextChoices):
        MEMBER = "member", _("Member")
        OBSERVER = "observer", _("Observer")
        FORMER = "former", _("Former member")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("slug"), max_length=80, unique=True, help_text=_("The city's name in the address.")
    )
    region = models.CharField(_("region"), max_length=30, choices=Region.choices)
    province = models.CharField(_("province"), max_length=80, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=LATITUDE_VALIDATORS,
        help_text=_("Decimal degrees north, from -90 to 90."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=LONGITUDE_VALIDATORS,
        help_text=_("Decimal degrees east, from -180 to 180."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.MEMBER
    )
    resolution_adopted = models.DateField(
        _("resolution adopted"),
        null=True,
        blank=True,
        help_text=_("The day the council adopted the resolution to join the network."),
    )
    charter_signed = models.DateField(_("charter signed"), null=True, blank=True)
    action_plan_launched = models.DateField(_("action plan launched"), null=True, blank=True)
    summary = RichTextField(
        _("summary"), help_text=_("A few lines shown in lists, on the map and in previews.")
    )
    profile = RichTextField(_("intercultural profile"))
    photo = models.ImageField(
        _("photo"),
        upload_to=city_photo_path,
        blank=True,
        validators=[validate_image],
        help_text=_("JPEG, PNG, GIF or WebP."),
    )
    photo_alt = models.CharField(
        _("photo description"),
        max_length=200,
        blank=True,
        help_text=_("What the photo shows, for people who cannot see it."),
    )
    photo_credit = models.CharField(_("photo credit"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_office = models.CharField(
        _("contact office"),
        max_length=200,
        blank=True,
        help_text=_("The office the city publishes as its contact; nothing personal."),
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("editors"),
        related_name="edited_cities",
        blank=True,
        help_text=_("The accounts that may keep this city's profile current."),
    )
    published = models.BooleanField(_("published"), default=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("last updated"), auto_now=True)

    objects = CityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        permissions = [
            ("change_city_status", _("Can change a city's status and membership milestones"))
        ]
        constraints = [
            *coordinate_constraints("city", "latitude", "longitude"),
            models.CheckConstraint(
                condition=~Q(slug__in=RESERVED_CITY_SLUGS), name="city_slug_not_reserved"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("cities:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        check_coordinate_pair(self.latitude, self.longitude, "latitude", "longitude")
        if self.slug in RESERVED_CITY_SLUGS:
            raise ValidationError(
                {"slug": _("This address is taken by another page of the site; choose another.")},
                code="reserved_slug",
            )

    def get_province_display(self) -> str:
        """The province as the active language names it: Torino, in English Turin."""
        return place_name(self.province)

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def milestones(self) -> list[tuple[str, object]]:
        """The membership steps taken so far, oldest first."""
        steps = [
            (_("Resolution adopted"), self.resolution_adopted),
            (_("Charter signed"), self.charter_signed),
            (_("Action plan launched"), self.action_plan_launched),
        ]
        return sorted(((label, day) for label, day in steps if day), key=lambda step: step[1])


class ActivityQuerySet(models.QuerySet):
    def published(self):
        """Activities the public may see: published, of a published city."""
        return self.filter(published=True, city__published=True)


class Activity(Searchable):
    """A good practice of a city."""

    # Its noun is feminine in Italian (l'attività): the admin's messages agree with it.
    grammatical_gender = FEMININE

    search_texts = ("description",)

    city = models.ForeignKey(
        City, on_delete=models.CASCADE, related_name="activities", verbose_name=_("city")
    )
    title = models.CharField(_("title"), max_length=200)
    description = RichTextField(_("description"))
    theme = models.ForeignKey(
        Theme,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("theme"),
        null=True,
        blank=True,
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
    )
    link = models.URLField(_("link"), blank=True)
    published = models.BooleanField(_("published"), default=False)
    example = models.BooleanField(
        _("example content"),
        default=False,
        help_text=_(
            "Written as an example for the demo, not taken from the city's records: "
            "replace it with a real activity or delete it. Never shown on public pages."
        ),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("last updated"), auto_now=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1990, year__lte=2100),
                name="activity_year_range",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{self.city.get_absolute_url()}#activity-{self.pk}"
