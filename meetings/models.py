"""The network's meetings: network meetings, workshops, the school of good practice, conventions."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
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
from icnet.core.grammar import FEMININE
from icnet.core.i18n import place_name
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


class AttendanceModes(models.TextChoices):
    """How a meeting may be attended."""

    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    BOTH = "both", _("In person and online")


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
    registration_capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        help_text=_(
            "How many people may register, in person and online together. Leave empty for "
            "a meeting without registration."
        ),
    )
    registration_opens = models.DateField(
        _("registration opens"),
        null=True,
        blank=True,
        help_text=_("The first day of registration. Empty: as soon as the places are set."),
    )
    registration_closes = models.DateField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_("The last day of registration. Empty: the day the meeting starts."),
    )
    attendance_modes = models.CharField(
        _("attendance"),
        max_length=10,
        choices=AttendanceModes.choices,
        default=AttendanceModes.IN_PERSON,
    )
    city_limit = models.PositiveIntegerField(
        _("places per city"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "The most people one member city may send. Leave empty for no limit; those "
            "beyond it wait for a place of their city."
        ),
    )
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
            models.CheckConstraint(
                condition=Q(registration_closes__isnull=True)
                | Q(registration_opens__isnull=True)
                | Q(registration_closes__gte=F("registration_opens")),
                name="meeting_registration_closes_not_before_opens",
            ),
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
        if (
            self.registration_opens
            and self.registration_closes
            and self.registration_closes < self.registration_opens
        ):
            errors["registration_closes"] = _("Registration cannot close before it opens.")
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
        return self.host_city.name if self.host_city_id else place_name(self.place_name)

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

    @property
    def takes_registrations(self) -> bool:
        """Staff turned registration on by giving the meeting a number of places."""
        return self.registration_capacity is not None

    @property
    def registration_last_day(self) -> datetime.date:
        return self.registration_closes or self.start_date

    def registration_state(self, today: datetime.date | None = None) -> str:
        """ "off" (no registration), "not_yet", "open" or "closed", on this day."""
        if not self.takes_registrations:
            return "off"
        today = today or timezone.localdate()
        if self.registration_opens and today < self.registration_opens:
            return "not_yet"
        if today > self.registration_last_day or today > self.end_date:
            return "closed"
        return "open"

    def attendance_choices(self) -> list[tuple[str, str]]:
        """The ways a registrant may choose to attend this meeting."""
        if self.attendance_modes == AttendanceModes.BOTH:
            return list(Registration.Attendance.choices)
        return [c for c in Registration.Attendance.choices if c[0] == self.attendance_modes]


class RegistrationQuerySet(models.QuerySet):
    def editable_by(self, user):
        """Registrations this user may see in the back office: staff all, editors their
        cities' (registrations from outside the member cities are for staff only)."""
        return self.filter(city__in=City.objects.editable_by(user))

    def holding_places(self):
        """Registrations that take a place: confirmed ones, whether or not they came."""
        return self.filter(status=Registration.Status.CONFIRMED)


class Registration(models.Model):
    """One person's registration for a meeting, kept only as long as the privacy notice says."""

    # Its noun is feminine in Italian (l'iscrizione): the admin's messages agree with it.
    grammatical_gender = FEMININE

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for e-mail confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    class Attendance(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("meeting"),
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), max_length=254, blank=True)
    city = models.ForeignKey(
        City,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("member city"),
    )
    organisation = models.CharField(
        _("organisation"),
        max_length=200,
        blank=True,
        help_text=_("For people who do not come for a member city."),
    )
    role = models.CharField(_("role"), max_length=200, blank=True)
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, default=Attendance.IN_PERSON
    )
    accessibility_needs = models.TextField(_("accessibility needs"), max_length=1000, blank=True)
    language = models.CharField(_("language"), max_length=5, default="it")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attended = models.BooleanField(_("present"), default=False)
    # The secret of the links in the registrant's mails (confirm, cancel); emptied with the
    # personal data.
    token = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    created = models.DateTimeField(_("registered"), default=timezone.now)
    confirmed = models.DateTimeField(_("e-mail confirmed"), null=True, blank=True)
    anonymised = models.DateTimeField(_("personal data erased"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "status", "confirmed", "created", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            # One registration per address and meeting, whatever the race.
            models.UniqueConstraint(
                fields=["meeting", "email"],
                condition=~Q(email=""),
                name="registration_one_per_address",
            ),
            models.CheckConstraint(
                condition=Q(attended=False) | Q(status="confirmed"),
                name="registration_only_confirmed_attend",
            ),
        ]

    def __str__(self):
        return self.name or gettext("Registration %(number)s") % {"number": self.pk}

    def clean(self):
        super().clean()
        if self.attended and self.status != self.Status.CONFIRMED:
            raise ValidationError(
                {"attended": _("Only a confirmed registration can be marked as present.")}
            )

    @property
    def from_where(self) -> str:
        """The member city or the organisation the person comes for."""
        return self.city.name if self.city_id else self.organisation
