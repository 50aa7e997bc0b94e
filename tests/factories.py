"""Factories for every model; tests build the data they need with these."""

import datetime
import re
import zlib
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from cities.models import Activity, City, Region, Theme
from documents.models import Document, DocumentFile, Link
from documents.pdf import build_pdf
from icnet.site.models import Page
from index.models import Area, Result, Score
from meetings.models import Meeting, Registration


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    password = factory.django.Password("a-long-test-password")
    is_staff = False


def back_office_user(username: str, group: str, city=None, **fields):
    """An account of the back office in one role (icnet.core.roles' group name); a city
    editor is given the city."""
    from django.contrib.auth.models import Group

    user = UserFactory(username=username, is_staff=True, **fields)
    user.groups.add(Group.objects.get(name=group))
    if city is not None:
        city.editors.add(user)
    return user


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page
        django_get_or_create = ("key",)

    key = Page.Key.ABOUT
    title_it = factory.Sequence(lambda n: f"Pagina {n}")
    title_en = factory.Sequence(lambda n: f"Page {n}")
    body_it = "<p>Testo italiano.</p>"
    body_en = "<p>English text.</p>"
    published = True


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    slug = factory.Sequence(lambda n: f"theme-{n}")
    name_it = factory.Sequence(lambda n: f"Tema {n}")
    name_en = factory.Sequence(lambda n: f"Theme {n}")


class CityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = City

    name_it = factory.Sequence(lambda n: f"Città {n}")
    name_en = factory.Sequence(lambda n: f"City {n}")
    slug = factory.Sequence(lambda n: f"city-{n}")
    region = Region.TOSCANA
    province = "Firenze"
    population = 40000
    latitude = factory.Sequence(lambda n: Decimal("43.000000") + Decimal(n % 300) / 100)
    longitude = factory.Sequence(lambda n: Decimal("11.000000") + Decimal(n % 300) / 100)
    summary_it = "<p>Sintesi.</p>"
    summary_en = "<p>Summary.</p>"
    profile_it = "<p>Profilo interculturale.</p>"
    profile_en = "<p>Intercultural profile.</p>"
    published = True


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    city = factory.SubFactory(CityFactory)
    title_it = factory.Sequence(lambda n: f"Attività {n}")
    title_en = factory.Sequence(lambda n: f"Activity {n}")
    description_it = "<p>Descrizione.</p>"
    description_en = "<p>Description.</p>"
    year = 2012
    published = True


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    title_it = factory.Sequence(lambda n: f"Incontro {n}")
    title_en = factory.Sequence(lambda n: f"Meeting {n}")
    slug = factory.Sequence(lambda n: f"meeting-{n}")
    kind = Meeting.Kind.NETWORK
    start_date = datetime.date(2012, 4, 20)
    end_date = factory.LazyAttribute(lambda o: o.start_date)
    host_city = factory.SubFactory(CityFactory)
    summary_it = "<p>Sintesi dell'incontro.</p>"
    summary_en = "<p>Meeting summary.</p>"
    published = True

    @factory.post_generation
    def participants(self, create, cities, **kwargs):
        """MeetingFactory(participants=[city, ...])."""
        if create and cities:
            self.participants.set(cities)

    @factory.post_generation
    def themes(self, create, themes, **kwargs):
        """MeetingFactory(themes=[theme, ...])."""
        if create and themes:
            self.themes.set(themes)


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    title_it = factory.Sequence(lambda n: f"Documento {n}")
    title_en = factory.Sequence(lambda n: f"Document {n}")
    slug = factory.Sequence(lambda n: f"document-{n}")
    kind = Document.Kind.GUIDE
    date = datetime.date(2011, 1, 1)
    published = True


# A small, complete PDF: document files are checked by content when saved.
SAMPLE_PDF = build_pdf([("title", "Documento di prova")], title="Documento di prova")


def pdf_text(data: bytes) -> bytes:
    """The page contents of a PDF made by build_pdf, inflated: its text in Windows-1252."""
    streams = re.findall(rb"stream\n(.*?)\nendstream", data, re.DOTALL)
    return b"".join(zlib.decompress(stream) for stream in streams)


class DocumentFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentFile

    document = factory.SubFactory(DocumentFactory)
    language = "it"
    original = True
    file = factory.django.FileField(filename="documento.pdf", data=SAMPLE_PDF)


class LinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Link

    title_it = factory.Sequence(lambda n: f"Collegamento {n}")
    title_en = factory.Sequence(lambda n: f"Link {n}")
    url = factory.Sequence(lambda n: f"https://example.org/{n}")
    published = True


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    meeting = factory.SubFactory(MeetingFactory)
    name = factory.Sequence(lambda n: f"Persona {n}")
    email = factory.Sequence(lambda n: f"persona{n}@example.org")
    city = factory.SubFactory(CityFactory)
    role = "Assessore"
    status = Registration.Status.CONFIRMED
    confirmed = factory.LazyFunction(timezone.now)
    token = factory.Sequence(lambda n: f"token-{n:06d}-" + "x" * 30)
    language = "it"


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"area-{n}")
    name_it = factory.Sequence(lambda n: f"Area {n}")
    name_en = factory.Sequence(lambda n: f"Area {n} (en)")
    order = factory.Sequence(lambda n: n)


class ResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Result

    city = factory.SubFactory(CityFactory)
    year = 2019
    sample_size = 100
    overall = Decimal("60")
    sample_overall = Decimal("55")
    published = True


class ScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Score

    result = factory.SubFactory(ResultFactory)
    area = factory.SubFactory(AreaFactory)
    value = Decimal("70")
    sample_average = Decimal("50")
