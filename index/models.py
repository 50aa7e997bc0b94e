"""The Intercultural Cities Index: each city's results by indicator area, beside the sample's.

The Council of Europe's Intercultural Cities programme scores a city's answers to its
questionnaire in indicator areas (education, public space, mediation...), each from 0 to
100, with an overall index, and compares them with the average of the cities that took
the Index the same year (the sample). The areas are data: newer editions add some.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from cities.models import City
from documents.models import Document
from icnet.core.grammar import FEMININE

SCORE_REFUSED = _("A score is a number from 0 to 100.")
SCORE_VALIDATORS = [
    MinValueValidator(0, message=SCORE_REFUSED),
    MaxValueValidator(100, message=SCORE_REFUSED),
]
FIRST_YEAR, LAST_YEAR = 2008, 2100
# Columns of the comparison table that are not areas: no area may take them as its slug.
RESERVED_AREA_SLUGS = ("city", "year", "overall")


def score_field(verbose_name, **kwargs) -> models.DecimalField:
    return models.DecimalField(
        verbose_name, max_digits=4, decimal_places=1, validators=SCORE_VALIDATORS, **kwargs
    )


def score_range(field: str, name: str, nullable: bool = False) -> models.CheckConstraint:
    condition = Q(**{f"{field}__gte": 0, f"{field}__lte": 100})
    if nullable:
        condition |= Q(**{f"{field}__isnull": True})
    return models.CheckConstraint(condition=condition, name=name)


class Area(models.Model):
    """An indicator area of the Index questionnaire."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(
        _("slug"),
        max_length=60,
        unique=True,
        help_text=_("The area's name in addresses and in the open data; keep it once chosen."),
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Lower numbers come first in charts and tables.")
    )
    updated = models.DateTimeField(_("last updated"), auto_now=True)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("indicator area")
        verbose_name_plural = _("indicator areas")
        constraints = [
            models.CheckConstraint(
                condition=~Q(slug__in=RESERVED_AREA_SLUGS), name="index_area_slug_not_reserved"
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{reverse('index:compare')}?{urlencode({'sort': self.slug, 'order': 'desc'})}"

    def clean(self):
        super().clean()
        if self.slug in RESERVED_AREA_SLUGS:
            raise ValidationError(
                {"slug": _("This name is taken by another column of the table; choose another.")},
                code="reserved_slug",
            )


class ResultQuerySet(models.QuerySet):
    def published(self):
        """Results the public may see: published, of a published city."""
        return self.filter(published=True, city__published=True)

    def latest_per_city(self):
        """Each city's most recent result among these (by edition)."""
        newest = self.filter(city=OuterRef("city")).order_by("-year").values("year")[:1]
        return self.filter(year=Subquery(newest))

    def with_report_visibility(self, prefix: str = ""):
        """Annotate `report_public`: whether the linked report document is published."""
        return self.annotate(
            report_public=Exists(
                Document.objects.published().filter(pk=OuterRef(f"{prefix}report_id"))
            )
        )


class Result(models.Model):
    """A city's result in one edition of the Index, with the size of the sample."""

    city = models.ForeignKey(
        City, on_delete=models.CASCADE, related_name="index_results", verbose_name=_("city")
    )
    year = models.PositiveSmallIntegerField(
        _("edition"),
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
        help_text=_("The year of the Index edition the city took part in."),
    )
    date = models.DateField(
        _("date of the report"), null=True, blank=True, help_text=_("Leave empty if unknown.")
    )
    sample_size = models.PositiveIntegerField(
        _("cities in the sample"),
        validators=[MinValueValidator(1)],
        help_text=_("How many cities the report compares this city with."),
    )
    overall = score_field(_("overall index"), help_text=_("From 0 to 100."))
    sample_overall = score_field(
        _("sample's overall index"),
        null=True,
        blank=True,
        help_text=_("The sample's average overall index, if the report gives it."),
    )
    report = models.ForeignKey(
        Document,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="index_results",
        verbose_name=_("report document"),
        help_text=_("The report as a document of the library (upload it there first)."),
    )
    report_url = models.URLField(
        _("report address"),
        blank=True,
        help_text=_("Or the address of the report on the Council of Europe's site."),
    )
    example = models.BooleanField(
        _("example data"),
        default=False,
        help_text=_(
            "Numbers made up for the demo, shown with an “example data” badge. Clear it "
            "only after entering the real results from the city's report."
        ),
    )
    published = models.BooleanField(_("published"), default=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("last updated"), auto_now=True)

    objects = ResultQuerySet.as_manager()

    class Meta:
        ordering = ["city__slug", "-year"]
        verbose_name = _("Index result")
        verbose_name_plural = _("Index results")
        constraints = [
            models.UniqueConstraint(
                fields=["city", "year"],
                name="index_result_one_per_city_and_edition",
                violation_error_message=_("This city already has a result for this edition."),
            ),
            score_range("overall", "index_result_overall_range"),
            score_range("sample_overall", "index_result_sample_overall_range", nullable=True),
            models.CheckConstraint(
                condition=Q(sample_size__gte=1), name="index_result_sample_not_empty"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR),
                name="index_result_year_range",
            ),
        ]

    def __str__(self):
        return f"{self.city} · {self.year}"

    def get_absolute_url(self):
        return f"{self.city.get_absolute_url()}#city-index"

    def report_link(self) -> str:
        """The report's address: the library's document when it is published, else the
        outside address (needs `report_public`, see ResultQuerySet.with_report_visibility)."""
        if self.report_id and getattr(self, "report_public", False):
            return self.report.get_absolute_url()
        return self.report_url


class ScoreQuerySet(models.QuerySet):
    def published(self):
        """Scores the public may see: those of published results."""
        return self.filter(result__in=Result.objects.published())


class Score(models.Model):
    """A city's score in one area of one result, and the sample's average in that area."""

    # Its noun is feminine in Italian (l'area): the admin's messages agree with it.
    grammatical_gender = FEMININE

    result = models.ForeignKey(
        Result, on_delete=models.CASCADE, related_name="scores", verbose_name=_("result")
    )
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="scores", verbose_name=_("area")
    )
    value = score_field(_("score"))
    sample_average = score_field(_("sample average"))

    objects = ScoreQuerySet.as_manager()

    class Meta:
        ordering = ["area__order", "area__slug"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["result", "area"],
                name="index_score_one_per_area",
                violation_error_message=_("This result already has a score for this area."),
            ),
            score_range("value", "index_score_value_range"),
            score_range("sample_average", "index_score_sample_average_range"),
        ]

    def __str__(self):
        return f"{self.area}: {self.value}"

    def get_absolute_url(self):
        return self.result.get_absolute_url()
