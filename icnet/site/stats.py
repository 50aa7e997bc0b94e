"""The network in numbers: the data and the geometry of server-drawn SVG charts."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cities.models import City, Region
from documents.models import Document
from meetings.models import Meeting, Registration

BAR_HEIGHT = 22
BAR_GAP = 8
LABEL_WIDTH = 190
CHART_WIDTH = 640
PLOT_WIDTH = CHART_WIDTH - LABEL_WIDTH - 50
LINE_HEIGHT = 260
SERIES_COLOURS = ["#0b4f6c", "#b3261e", "#2e7d32"]


@dataclass
class Bar:
    label: str
    value: int
    y: int = 0
    width: float = 0.0


@dataclass
class BarChart:
    key: str
    title: Promise
    description: Promise
    column: Promise
    bars: list[Bar]
    height: int = 0
    label_width: int = LABEL_WIDTH
    width: int = CHART_WIDTH
    kind: str = "bars"

    def __post_init__(self):
        top = max((b.value for b in self.bars), default=0) or 1
        for index, bar in enumerate(self.bars):
            bar.y = index * (BAR_HEIGHT + BAR_GAP)
            bar.width = round(PLOT_WIDTH * bar.value / top, 1)
        self.height = max(1, len(self.bars)) * (BAR_HEIGHT + BAR_GAP)

    @property
    def total(self) -> int:
        return sum(b.value for b in self.bars)


@dataclass
class Series:
    label: Promise
    colour: str
    values: list[int]
    points: str = ""
    dots: list[tuple[float, float, int]] = field(default_factory=list)


@dataclass
class LineChart:
    key: str
    title: Promise
    description: Promise
    years: list[int]
    series: list[Series]
    width: int = CHART_WIDTH
    height: int = LINE_HEIGHT + 40
    kind: str = "lines"
    ticks: list[tuple[float, int]] = field(default_factory=list)
    gridlines: list[tuple[float, int]] = field(default_factory=list)

    def __post_init__(self):
        left, right, top_pad = 40, self.width - 20, 10
        top = max((max(s.values, default=0) for s in self.series), default=0) or 1
        span = max(1, len(self.years) - 1)

        def x(i):
            return round(left + (right - left) * i / span, 1)

        def y(v):
            return round(top_pad + LINE_HEIGHT - LINE_HEIGHT * v / top, 1)

        for s in self.series:
            s.dots = [(x(i), y(v), v) for i, v in enumerate(s.values)]
            s.points = " ".join(f"{px},{py}" for px, py, _ in s.dots)
        self.ticks = [(x(i), year) for i, year in enumerate(self.years)]
        step = max(1, top // 4)
        self.gridlines = [(y(v), v) for v in range(0, top + 1, step)]

    @property
    def rows(self):
        return [(year, [s.values[i] for s in self.series]) for i, year in enumerate(self.years)]


def cities_by_region() -> BarChart:
    labels = dict(Region.choices)
    rows = (
        City.objects.published()
        .filter(status=City.Status.MEMBER)
        .values("region")
        .annotate(n=Count("pk"))
        .order_by("-n", "region")
    )
    return BarChart(
        "regions",
        _("Member cities by region"),
        _("How many member cities each region has."),
        _("Member cities"),
        [Bar(str(labels.get(r["region"], r["region"])), r["n"]) for r in rows],
    )


def meetings_per_year() -> BarChart:
    rows = (
        Meeting.objects.published()
        .annotate(year=ExtractYear("start_date"))
        .values("year")
        .annotate(n=Count("pk"))
        .order_by("year")
    )
    return BarChart(
        "meetings",
        _("Meetings per year"),
        _("How many meetings, workshops, schools and conventions the network held each year."),
        _("Meetings"),
        [Bar(str(r["year"]), r["n"]) for r in rows],
    )


def documents_by_kind() -> BarChart:
    labels = dict(Document.Kind.choices)
    rows = (
        Document.objects.published().values("kind").annotate(n=Count("pk")).order_by("-n", "kind")
    )
    return BarChart(
        "documents",
        _("Documents by kind"),
        _("How many documents of each kind the library holds."),
        _("Documents"),
        [Bar(str(labels.get(r["kind"], r["kind"])), r["n"]) for r in rows],
    )


def milestones_over_time() -> LineChart:
    """How many cities had taken each membership step by the end of each year."""
    steps = [
        ("resolution_adopted", _("Resolution adopted")),
        ("charter_signed", _("Charter signed")),
        ("action_plan_launched", _("Action plan launched")),
    ]
    counts: dict[str, dict[int, int]] = {}
    years: set[int] = set()
    published = City.objects.published()
    for name, _label in steps:
        rows = (
            published.filter(**{f"{name}__isnull": False})
            .annotate(year=ExtractYear(name))
            .values("year")
            .annotate(n=Count("pk"))
        )
        counts[name] = {r["year"]: r["n"] for r in rows}
        years.update(counts[name])
    ordered = list(range(min(years), max(years) + 1)) if years else []
    series = []
    for (name, label), colour in zip(steps, SERIES_COLOURS, strict=True):
        running, values = 0, []
        for year in ordered:
            running += counts[name].get(year, 0)
            values.append(running)
        series.append(Series(label, colour, values))
    return LineChart(
        "milestones",
        _("Membership milestones over time"),
        _(
            "How many cities had adopted the resolution, signed the charter and launched an action plan by the end of each year."
        ),
        ordered,
        series,
    )


@dataclass
class AttendanceRow:
    meeting: Meeting
    cities: list[str]
    people: int
    came: int


@dataclass
class AttendanceTable:
    key: str
    title: Promise
    description: Promise
    rows: list[AttendanceRow]
    kind: str = "attendance"


def _attendance_counts():
    """Confirmed registrations for published meetings, by meeting and city, with how many
    of them came: counts only, never names."""
    return (
        Registration.objects.holding_places()
        .filter(meeting__published=True)
        .values("meeting_id", "city_id")
        .annotate(people=Count("pk"), came=Count("pk", filter=Q(attended=True)))
    )


def attendance_by_meeting() -> AttendanceTable:
    """Per meeting with registrations: the member cities that took part and how many people."""
    rows = list(_attendance_counts())
    cities = {
        city.pk: city.name
        for city in City.objects.published().filter(pk__in={r["city_id"] for r in rows})
    }
    meetings = Meeting.objects.in_bulk({r["meeting_id"] for r in rows})
    table: dict[int, AttendanceRow] = {}
    for row in rows:
        entry = table.setdefault(
            row["meeting_id"], AttendanceRow(meetings[row["meeting_id"]], [], 0, 0)
        )
        entry.people += row["people"]
        entry.came += row["came"]
        if row["city_id"] in cities:
            entry.cities.append(cities[row["city_id"]])
    ordered = sorted(table.values(), key=lambda r: (r.meeting.start_date, r.meeting.pk))
    for entry in ordered:
        entry.cities.sort()
    return AttendanceTable(
        "attendance",
        _("Attendance at meetings"),
        _(
            "For each meeting with registration: the member cities that took part, how many "
            "people confirmed their place and how many were marked as present."
        ),
        ordered,
    )


def attendance_by_city() -> BarChart:
    """People who confirmed a place at the network's meetings, by member city."""
    rows = (
        _attendance_counts()
        .filter(city__published=True)
        .values("city_id")
        .annotate(people=Count("pk"))
        .order_by("-people", "city_id")
    )
    cities = City.objects.in_bulk([r["city_id"] for r in rows])
    return BarChart(
        "attendance-cities",
        _("Participants by city"),
        _("How many people each member city sent to the meetings with registration."),
        _("People"),
        [Bar(cities[r["city_id"]].name, r["people"]) for r in rows],
    )


def charts() -> list:
    """The statistics page's charts; the milestones only once some date is recorded."""
    milestones = milestones_over_time()
    return [
        cities_by_region(),
        meetings_per_year(),
        documents_by_kind(),
        *([milestones] if milestones.years else []),
        attendance_by_meeting(),
        attendance_by_city(),
    ]
