"""The network's meetings: network meetings, workshops, the school of good practice, conventions."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cities.models import (
    LATITUDE_VALIDATORS,
    LONGITUDE_VALIDATORS,
    City,
    Region,
    Theme,
    check_coordinate_pair,
    coordinate_constraints,
)
from icnet.core.richtext import RichTextField
from icnet.core.roles import STAFF_PERMISSION
from icnet.core.search import Searchable


class MeetingQuerySet(models.QuerySet):
    def published(self):
        """Meetings the public may see: the only way public pages, feeds and data get them."""
        return self.filter(published=True)

    def linkable_by(self, user):
        """Meetings this user may link a document to in the back office: every one for
        staff; for a city editor the published ones and those their own cities host."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser or user.has_perm(STAFF_PERMISSION):
            return self
        return self.filter(Q(published=True) | Q(host_city__in=City.objects.editable_by(user)))

    def upcoming(self, today: datetime.date | None = None):
        """Meetings not yet over, soonest first."""
        today = today or timezone.localdate()
        return self.filter(end_date__gte=today).order_by("start_date", "pk")

    def past(self, today: datetime.date | None = None):
        """Meetings that are over, most recent first."""
        today = today or timezone.localdate()
        return self.filter(end_date__lt=today).order_by("-start_date", "-pk")


class Meeting(Searchable):
    """A gathering of the network, held in a member city or at an outside place."""

    search_texts = ("summary", "report")

    class Kind(models.TextChoices):
        PRELIMINARY = "preliminary", _("Preliminary meeting")
        NETWORK = "network", _("Network meeting")
        WORKSHOP = "workshop", _("Workshop")
        SCHOOL = "school", _("School of good practice")
        CONVENTION = "convention", _("National convention")
        OTHER = "other", _("Other meeting")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.NETWORK)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(
        _("end date"), help_text=_("The last day; the same as the start for a one-day meeting.")
    )
    host_city = models.ForeignKey(
        City,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_meetings",
        verbose_name=_("host city"),
        help_text=_("The member city that hosts the meeting. Leave empty for an outside place."),
    )
    place_name = models.CharField(
        _("outside place"),
        max_length=120,
        blank=True,
        help_text=_("A place that is not a member city, such as Arezzo or Pizzo Calabro."),
    )
    place_region = models.CharField(
        _("region of the outside place"), max_length=30, choices=Region.choices, blank=True
    )
    place_latitude = models.DecimalField(
        _("latitude of the outside place"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=LATITUDE_VALIDATORS,
    )
    place_longitude = models.DecimalField(
        _("longitude of the outside place"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=LONGITUDE_VALIDATORS,
    )
    venue = models.CharField(
        _("venue"), max_length=200, blank=True, help_text=_("The building or hall.")
    )
    summary = RichTextField(_("summary"))
    report = RichTextField(_("report"), help_text=_("What happened and what was decided."))
    themes = models.ManyToManyField(
        Theme, related_name="meetings", blank=True, verbose_name=_("themes")
    )
    participants = models.ManyToManyField(
        City,
        related_name="meetings_attended",
        blank=True,
        verbose_name=_("participating cities"),
    )
    published = models.BooleanField(_("published"), default=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("last updated"), auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-pk"]
        get_latest_by = "start_date"
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="meeting_end_not_before_start"
            ),
            models.CheckConstraint(
                condition=(Q(host_city__isnull=False) & Q(place_name=""))
                | (Q(host_city__isnull=True) & ~Q(place_name="")),
                name="meeting_host_city_or_outside_place",
            ),
            *coordinate_constraints("meeting_place", "place_latitude", "place_longitude"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:detail", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The meeting cannot end before it starts.")
        has_place = bool((self.place_name or "").strip())
        if self.host_city_id and has_place:
            errors["place_name"] = _("Choose a host city or name an outside place, not both.")
        elif not self.host_city_id and not has_place:
            errors["host_city"] = _("Choose the host city, or name the outside place.")
        if errors:
            raise ValidationError(errors)
        check_coordinate_pair(
            self.place_latitude, self.place_longitude, "place_latitude", "place_longitude"
        )

    @property
    def place(self) -> str:
        """The town where the meeting is held, in the current language."""
        return self.host_city.name if self.host_city_id else self.place_name

    @property
    def region_label(self) -> str:
        if self.host_city_id:
            return self.host_city.get_region_display()
        return self.get_place_region_display() if self.place_region else ""

    @property
    def coordinates(self):
        """(latitude, longitude) of the place, or None."""
        if self.host_city_id:
            city = self.host_city
            return (city.latitude, city.longitude) if city.has_coordinates else None
        if self.place_latitude is not None and self.place_longitude is not None:
            return (self.place_latitude, self.place_longitude)
        return None

    @property
    def is_multi_day(self) -> bool:
        return self.end_date != self.start_date
