"""Generate a synthetic network at scale, for the benchmark (both languages filled)."""

from __future__ import annotations

import datetime
import random
import sys
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from cities.models import Activity, City, Region, Theme
from documents.models import Document, DocumentFile
from documents.pdf import build_pdf
from meetings.models import Meeting

BATCH = 2000
PREFIX = "synthetic-"


class Progress:
    """A one-line progress bar on standard error."""

    def __init__(self, label: str, total: int, stream=sys.stderr, width: int = 30):
        self.label, self.total, self.stream, self.width = label, max(total, 1), stream, width

    def update(self, done: int) -> None:
        filled = int(self.width * done / self.total)
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r{self.label:<10} [{bar}] {done:>6}/{self.total}")
        if done >= self.total:
            self.stream.write("\n")
        self.stream.flush()


def _text(it: str, en: str, n: int) -> tuple[str, str]:
    return (
        f"<p>{it} numero {n}: politiche interculturali, mediazione sociale nei quartieri, "
        "formazione linguistica degli operatori e partecipazione delle seconde generazioni.</p>",
        f"<p>{en} number {n}: intercultural policies, social mediation in neighbourhoods, "
        "language training for officers and participation of second generations.</p>",
    )


class Command(BaseCommand):
    help = "Create a synthetic network (default 10,000 cities, 20,000 meetings, 20,000 documents)."

    def add_arguments(self, parser):
        parser.add_argument("--cities", type=int, default=10_000)
        parser.add_argument("--meetings", type=int, default=20_000)
        parser.add_argument("--documents", type=int, default=20_000)
        parser.add_argument("--seed", type=int, default=2010)
        parser.add_argument(
            "--replace", action="store_true", help="Delete an earlier synthetic network first."
        )

    def handle(self, *args, cities, meetings, documents, seed, replace, **options):
        if min(cities, meetings, documents) < 0 or cities < 1:
            raise CommandError("Give at least one city and no negative numbers.")
        rng = random.Random(seed)
        if City.objects.filter(slug__startswith=PREFIX).exists():
            if not replace:
                raise CommandError("A synthetic network exists already: pass --replace.")
            self._delete()
        with transaction.atomic():
            city_ids = self._cities(cities, rng)
            self._activities(city_ids, rng)
            meeting_ids = self._meetings(meetings, city_ids, rng)
            self._documents(documents, city_ids, meeting_ids, rng)
        # Fresh statistics, so that the database plans its queries for the new sizes at
        # once rather than when it next analyses the tables on its own.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(
            f"Synthetic network: {cities} cities, {meetings} meetings, {documents} documents."
        )

    def _delete(self) -> None:
        Document.objects.filter(slug__startswith=PREFIX).delete()
        Meeting.objects.filter(slug__startswith=PREFIX).delete()
        City.objects.filter(slug__startswith=PREFIX).delete()

    def _cities(self, total: int, rng: random.Random) -> list[int]:
        regions = [r for r, _label in Region.choices]
        statuses = [City.Status.MEMBER] * 8 + [City.Status.OBSERVER, City.Status.FORMER]
        progress = Progress("cities", total)
        ids: list[int] = []
        for start in range(0, total, BATCH):
            batch = []
            for n in range(start, min(start + BATCH, total)):
                summary_it, summary_en = _text("Sintesi", "Summary", n)
                profile_it, profile_en = _text("Profilo", "Profile", n)
                year = 2008 + n % 15
                batch.append(
                    City(
                        name=f"Città sintetica {n:05d}",
                        name_it=f"Città sintetica {n:05d}",
                        name_en=f"Synthetic city {n:05d}",
                        slug=f"{PREFIX}{n:05d}",
                        region=regions[n % len(regions)],
                        province=f"Provincia {n % 107}",
                        population=rng.randint(5_000, 900_000),
                        latitude=Decimal(f"{rng.uniform(37.0, 46.5):.6f}"),
                        longitude=Decimal(f"{rng.uniform(7.0, 18.5):.6f}"),
                        status=statuses[n % len(statuses)],
                        resolution_adopted=datetime.date(year, 1 + n % 12, 1 + n % 28),
                        charter_signed=datetime.date(year, 1 + n % 12, 1 + n % 28)
                        + datetime.timedelta(days=60),
                        summary_it=summary_it,
                        summary_en=summary_en,
                        profile_it=profile_it,
                        profile_en=profile_en,
                        contact_office_it="Ufficio intercultura",
                        contact_office_en="Intercultural office",
                        published=True,
                    )
                )
            ids += [c.pk for c in City.objects.bulk_create(batch)]
            progress.update(len(ids))
        return ids

    def _activities(self, city_ids: list[int], rng: random.Random) -> None:
        themes = list(Theme.objects.values_list("pk", flat=True)) or [None]
        progress = Progress("activities", len(city_ids))
        for start in range(0, len(city_ids), BATCH):
            batch = []
            for n, city_id in enumerate(city_ids[start : start + BATCH], start):
                text_it, text_en = _text("Attività", "Activity", n)
                batch.append(
                    Activity(
                        city_id=city_id,
                        title=f"Buona pratica {n:05d}",
                        title_it=f"Buona pratica {n:05d}",
                        title_en=f"Good practice {n:05d}",
                        description_it=text_it,
                        description_en=text_en,
                        theme_id=themes[n % len(themes)],
                        year=2010 + n % 14,
                        published=True,
                    )
                )
            Activity.objects.bulk_create(batch)
            progress.update(min(start + BATCH, len(city_ids)))

    def _meetings(self, total: int, city_ids: list[int], rng: random.Random) -> list[int]:
        kinds = [k for k, _label in Meeting.Kind.choices]
        themes = list(Theme.objects.values_list("pk", flat=True))
        progress = Progress("meetings", total)
        ids: list[int] = []
        Participants = Meeting.participants.through
        Themes = Meeting.themes.through
        for start in range(0, total, BATCH):
            batch = []
            for n in range(start, min(start + BATCH, total)):
                day = datetime.date(2010, 1, 1) + datetime.timedelta(days=n % 6000)
                summary_it, summary_en = _text("Incontro", "Meeting", n)
                batch.append(
                    Meeting(
                        title=f"Incontro sintetico {n:05d}",
                        title_it=f"Incontro sintetico {n:05d}",
                        title_en=f"Synthetic meeting {n:05d}",
                        slug=f"{PREFIX}{n:05d}",
                        kind=kinds[n % len(kinds)],
                        start_date=day,
                        end_date=day + datetime.timedelta(days=n % 3),
                        host_city_id=city_ids[n % len(city_ids)],
                        venue_it="Sala del consiglio",
                        venue_en="Council hall",
                        summary_it=summary_it,
                        summary_en=summary_en,
                        report_it=summary_it,
                        report_en=summary_en,
                        published=True,
                    )
                )
            created = Meeting.objects.bulk_create(batch)
            ids += [m.pk for m in created]
            links, theme_links = [], []
            for meeting in created:
                for city_id in rng.sample(city_ids, min(3, len(city_ids))):
                    links.append(Participants(meeting_id=meeting.pk, city_id=city_id))
                if themes:
                    theme_links.append(
                        Themes(meeting_id=meeting.pk, theme_id=themes[meeting.pk % len(themes)])
                    )
            Participants.objects.bulk_create(links, ignore_conflicts=True)
            Themes.objects.bulk_create(theme_links, ignore_conflicts=True)
            progress.update(len(ids))
        return ids

    def _documents(
        self, total: int, city_ids: list[int], meeting_ids: list[int], rng: random.Random
    ) -> None:
        kinds = [k for k, _label in Document.Kind.choices]
        stored = self._sample_pdf()
        size = default_storage.size(stored)
        progress = Progress("documents", total)
        done = 0
        for start in range(0, total, BATCH):
            batch = []
            for n in range(start, min(start + BATCH, total)):
                text_it, text_en = _text("Documento", "Document", n)
                batch.append(
                    Document(
                        title=f"Documento sintetico {n:05d}",
                        title_it=f"Documento sintetico {n:05d}",
                        title_en=f"Synthetic document {n:05d}",
                        slug=f"{PREFIX}{n:05d}",
                        kind=kinds[n % len(kinds)],
                        description_it=text_it,
                        description_en=text_en,
                        date=datetime.date(2010, 1, 1) + datetime.timedelta(days=n % 6000),
                        city_id=city_ids[n % len(city_ids)] if n % 2 else None,
                        meeting_id=meeting_ids[n % len(meeting_ids)]
                        if meeting_ids and n % 3 == 0
                        else None,
                        published=True,
                    )
                )
            created = Document.objects.bulk_create(batch)
            files = []
            for document in created:
                files.append(
                    DocumentFile(
                        document_id=document.pk,
                        language="it",
                        original=True,
                        file=stored,
                        filename="documento.pdf",
                        content_type="application/pdf",
                        size=size,
                    )
                )
                if document.pk % 2:
                    files.append(
                        DocumentFile(
                            document_id=document.pk,
                            language="en",
                            original=False,
                            file=stored,
                            filename="document.pdf",
                            content_type="application/pdf",
                            size=size,
                        )
                    )
            DocumentFile.objects.bulk_create(files)
            done += len(created)
            progress.update(done)

    @staticmethod
    def _sample_pdf() -> str:
        """One small real PDF that every synthetic file points to."""
        name = "documents/synthetic-sample.pdf"
        if not default_storage.exists(name):
            content = build_pdf(
                [("title", "Synthetic document"), ("paragraph", "A document of the benchmark.")],
                title="Synthetic document",
                language="en",
            )
            name = default_storage.save(name, ContentFile(content))
        return name
