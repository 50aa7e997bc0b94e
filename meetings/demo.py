"""The network's meetings, from its page on the Council of Europe's site, loaded by load_demo.

Every meeting listed there, with its date and place. Summaries say only what that page
says; where it is silent, other public reports of the time fill in the place or the kind
(noted next to the meeting); one example meeting, labelled as such, shows registration.
Runs after the cities' demo: a meeting whose host city is not
there yet is skipped and created on a later run.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from cities.models import City, Region, Theme
from meetings.models import AttendanceModes, Meeting

TEN_CITIES = [
    "genova",
    "torino",
    "savignano-sul-rubicone",
    "fermo",
    "pompei",
    "lodi",
    "senigallia",
    "bari",
    "campi-bisenzio",
    "reggio-emilia",
]

# Themes the meetings refer to; created with both names only when the cities' demo has not.
THEMES = {
    "training": (
        "Formazione interculturale e linguistica degli operatori comunali",
        "Intercultural and linguistic training for municipal officers",
        True,
    ),
    "second-generations": ("Seconde generazioni", "Second generations", True),
    "mediation": ("Mediazione sociale nei quartieri", "Social mediation in neighbourhoods", True),
    "health": ("Salute", "Health", False),
    "citizenship": ("Cittadinanza", "Citizenship", False),
    "intercultural-centres": ("Centri interculturali", "Intercultural centres", False),
}

NETWORK_IT = "Rete italiana delle città interculturali"
NETWORK_EN = "Italian Network of Intercultural Cities"


def _network_meeting(day, slug_city, city_it, city_en, **extra):
    """A meeting of the network held in a member city, as the page lists most of them."""
    start, end = day if isinstance(day, tuple) else (day, day)
    return {
        "slug": f"{start.isoformat()}-{slug_city}",
        "kind": Meeting.Kind.NETWORK,
        "start_date": start,
        "end_date": end,
        "host_city": slug_city,
        "title_it": f"Incontro della rete a {city_it}",
        "title_en": f"Network meeting in {city_en}",
        "summary_it": f"<p>Incontro della {NETWORK_IT} a {city_it}.</p>",
        "summary_en": f"<p>Meeting of the {NETWORK_EN} in {city_en}.</p>",
        **extra,
    }


d = datetime.date

MEETINGS = [
    {
        # The page gives only the date. Local press of September 2010 (redacon.it) reports
        # that the preliminary meeting took place in Reggio Emilia, the network's lead city.
        "slug": "2010-05-22-riunione-preliminare",
        "kind": Meeting.Kind.PRELIMINARY,
        "start_date": d(2010, 5, 22),
        "end_date": d(2010, 5, 22),
        "host_city": "reggio-emilia",
        "title_it": "Riunione preliminare della rete",
        "title_en": "Preliminary meeting of the network",
        "summary_it": (
            "<p>La riunione preliminare della Rete italiana delle città interculturali, a "
            "Reggio Emilia, la città che coordina la rete. Da allora ogni città ha adottato "
            "una delibera che le consente, anche dal punto di vista giuridico, di aderire alla "
            "rete.</p>"
        ),
        "summary_en": (
            "<p>The preliminary meeting of the Italian Network of Intercultural Cities, in "
            "Reggio Emilia, the city that coordinates the network. Since then each city has "
            "adopted a resolution that enables it, even from a legal point of view, to join "
            "the network.</p>"
        ),
    },
    {
        "slug": "2010-09-21-reggio-emilia",
        "kind": Meeting.Kind.NETWORK,
        "start_date": d(2010, 9, 21),
        "end_date": d(2010, 9, 21),
        "host_city": "reggio-emilia",
        "participants": TEN_CITIES,
        "themes": [],
        "title_it": "Secondo incontro delle città interculturali italiane",
        "title_en": "Second meeting of the Italian intercultural cities",
        "summary_it": (
            "<p>Il Comune di Reggio Emilia, con il sostegno del programma Città interculturali "
            "del Consiglio d'Europa e della Commissione europea, ha ospitato il secondo "
            "incontro delle città interculturali italiane. Vi hanno partecipato gli assessori "
            "alle politiche per l'integrazione di Genova, Torino, Savignano sul Rubicone, "
            "Fermo, Pompei, Lodi, Senigallia, Bari, Campi Bisenzio e Reggio Emilia.</p>"
        ),
        "summary_en": (
            "<p>The municipality of Reggio Emilia, with the support of the Intercultural "
            "Cities programme of the Council of Europe and the European Commission, hosted "
            "the second meeting of the Italian intercultural cities. The aldermen for "
            "integration policies of Genoa, Turin, Savignano sul Rubicone, Fermo, Pompei, "
            "Lodi, Senigallia, Bari, Campi Bisenzio and Reggio Emilia took part.</p>"
        ),
    },
    _network_meeting(d(2010, 10, 21), "genova", "Genova", "Genoa"),
    # The Council of Europe's page, in its printable version of 2010, announces the next
    # three dates as the network's workshops, each on one of its three themes.
    {
        **_network_meeting(d(2010, 11, 17), "fermo", "Fermo", "Fermo"),
        "kind": Meeting.Kind.WORKSHOP,
        "themes": ["training"],
        "title_it": "Laboratorio sulla formazione interculturale a Fermo",
        "title_en": "Workshop on intercultural training in Fermo",
        "summary_it": (
            "<p>Il laboratorio della rete sulla formazione professionale interculturale, a "
            "Fermo.</p>"
        ),
        "summary_en": (
            "<p>The network's workshop on intercultural vocational training, in Fermo.</p>"
        ),
    },
    {
        **_network_meeting(
            d(2010, 11, 26),
            "savignano-sul-rubicone",
            "Savignano sul Rubicone",
            "Savignano sul Rubicone",
        ),
        "kind": Meeting.Kind.WORKSHOP,
        "themes": ["mediation"],
        "title_it": "Laboratorio sulla mediazione a Savignano sul Rubicone",
        "title_en": "Workshop on mediation in Savignano sul Rubicone",
        "summary_it": (
            "<p>Il laboratorio della rete sulla mediazione linguistica e culturale, a "
            "Savignano sul Rubicone.</p>"
        ),
        "summary_en": (
            "<p>The network's workshop on linguistic and cultural mediation, in Savignano "
            "sul Rubicone.</p>"
        ),
    },
    {
        **_network_meeting(d(2010, 12, 3), "torino", "Torino", "Turin"),
        "kind": Meeting.Kind.WORKSHOP,
        "themes": ["second-generations"],
        "title_it": "Laboratorio sulle seconde generazioni a Torino",
        "title_en": "Workshop on second generations in Turin",
        "summary_it": "<p>Il laboratorio della rete sulle seconde generazioni, a Torino.</p>",
        "summary_en": "<p>The network's workshop on second generations, in Turin.</p>",
    },
    {
        **_network_meeting((d(2011, 1, 27), d(2011, 1, 28)), "torino", "Torino", "Turin"),
        "summary_it": "<p>Incontro della rete a Torino, il suo primo incontro pubblico.</p>",
        "summary_en": "<p>Meeting of the network in Turin, its first public meeting.</p>",
    },
    _network_meeting(d(2011, 3, 19), "campi-bisenzio", "Campi Bisenzio", "Campi Bisenzio"),
    _network_meeting(d(2011, 5, 10), "senigallia", "Senigallia", "Senigallia"),
    {
        # Announced in the local press of October 2011 (modena2000.it) as the network's
        # School of good practice, on language learning, mediation and second generations.
        **_network_meeting(
            (d(2011, 10, 5), d(2011, 10, 7)), "reggio-emilia", "Reggio Emilia", "Reggio Emilia"
        ),
        "slug": "2011-10-05-scuola-buone-prassi",
        "kind": Meeting.Kind.SCHOOL,
        "themes": ["mediation", "second-generations"],
        "title_it": "Scuola di buone prassi 2011",
        "title_en": "School of good practice 2011",
        "summary_it": (
            "<p>Tre giornate a Reggio Emilia in cui le città della rete condividono le loro "
            "esperienze con amministratori, dirigenti, operatori e associazioni: "
            "apprendimento della lingua italiana, mediazione culturale, linguistica e dei "
            "conflitti, seconde generazioni.</p>"
        ),
        "summary_en": (
            "<p>Three days in Reggio Emilia in which the cities of the network share their "
            "experience with politicians, managers, officers and associations: learning "
            "Italian, cultural, linguistic and conflict mediation, second generations.</p>"
        ),
    },
    _network_meeting(d(2012, 4, 20), "lodi", "Lodi", "Lodi"),
    {
        "slug": "2012-05-25-milano",
        "kind": Meeting.Kind.NETWORK,
        "start_date": d(2012, 5, 25),
        "end_date": d(2012, 5, 25),
        "place_name": "Milano",
        "place_region": Region.LOMBARDIA,
        "place_latitude": Decimal("45.464211"),
        "place_longitude": Decimal("9.191383"),
        "title_it": "Incontro della rete a Milano",
        "title_en": "Network meeting in Milan",
        "summary_it": f"<p>Incontro della {NETWORK_IT} a Milano.</p>",
        "summary_en": f"<p>Meeting of the {NETWORK_EN} in Milan.</p>",
    },
    _network_meeting(d(2012, 9, 8), "campi-bisenzio", "Campi Bisenzio", "Campi Bisenzio"),
    {
        "slug": "2012-11-19-scuola-buone-prassi",
        "kind": Meeting.Kind.SCHOOL,
        "start_date": d(2012, 11, 19),
        "end_date": d(2012, 11, 20),
        "host_city": "reggio-emilia",
        "title_it": "Scuola di buone prassi 2012",
        "title_en": "School of good practice 2012",
        "summary_it": (
            "<p>La Scuola di buone prassi della Rete italiana delle città interculturali, a "
            "Reggio Emilia.</p>"
        ),
        "summary_en": (
            "<p>The School of good practice of the Italian Network of Intercultural Cities, "
            "in Reggio Emilia.</p>"
        ),
    },
    {
        # The page's text reads "cittą": an encoding slip for "città".
        "slug": "2013-04-20-pizzo-calabro",
        "kind": Meeting.Kind.NETWORK,
        "start_date": d(2013, 4, 20),
        "end_date": d(2013, 4, 20),
        "place_name": "Pizzo Calabro",
        "place_region": Region.CALABRIA,
        "place_latitude": Decimal("38.735300"),
        "place_longitude": Decimal("16.159700"),
        "themes": ["citizenship"],
        "title_it": (
            "Il diritto alla città. Aspettative e bisogni dei cittadini stranieri immigrati"
        ),
        "title_en": "The right to the city: expectations and needs of immigrant foreign citizens",
        "summary_it": (
            "<p>Incontro della rete a Pizzo Calabro sul tema «Il diritto alla città. "
            "Aspettative e bisogni dei cittadini stranieri immigrati».</p>"
        ),
        "summary_en": (
            "<p>A meeting of the network in Pizzo Calabro on “The right to the city: "
            "expectations and needs of immigrant foreign citizens”.</p>"
        ),
    },
    {
        "slug": "2013-05-11-san-giuliano-terme",
        "kind": Meeting.Kind.NETWORK,
        "start_date": d(2013, 5, 11),
        "end_date": d(2013, 5, 11),
        "place_name": "San Giuliano Terme",
        "place_region": Region.TOSCANA,
        "place_latitude": Decimal("43.762500"),
        "place_longitude": Decimal("10.441400"),
        "themes": ["health"],
        "title_it": "Donne migranti e salute",
        "title_en": "Migrant women and health",
        "summary_it": (
            "<p>Incontro della rete a San Giuliano Terme sul tema «Donne migranti e salute».</p>"
        ),
        "summary_en": (
            "<p>A meeting of the network in San Giuliano Terme on migrant women and health.</p>"
        ),
    },
    {
        "slug": "2013-10-10-convegno-arezzo",
        "kind": Meeting.Kind.CONVENTION,
        "start_date": d(2013, 10, 10),
        "end_date": d(2013, 10, 11),
        "place_name": "Arezzo",
        "place_region": Region.TOSCANA,
        "place_latitude": Decimal("43.463300"),
        "place_longitude": Decimal("11.879600"),
        "venue_it": "Casa delle Culture",
        "venue_en": "House of Cultures",
        "themes": ["intercultural-centres"],
        "title_it": "Convegno nazionale dei centri interculturali",
        "title_en": "National convention of intercultural centres",
        "summary_it": (
            "<p>Il convegno nazionale dei centri interculturali, alla Casa delle Culture di "
            "Arezzo.</p>"
        ),
        "summary_en": (
            "<p>The national convention of intercultural centres, at the House of Cultures "
            "(Casa delle Culture) in Arezzo.</p>"
        ),
    },
]


def _themes() -> tuple[dict[str, Theme], int]:
    """The themes the meetings refer to, by slug, creating those still missing."""
    found = {theme.slug: theme for theme in Theme.objects.filter(slug__in=THEMES)}
    created = 0
    for slug, (name_it, name_en, workshop) in THEMES.items():
        if slug not in found:
            found[slug] = Theme.objects.create(
                slug=slug, name_it=name_it, name_en=name_en, workshop=workshop
            )
            created += 1
    return found, created


# An example, not one of the network's meetings: an upcoming meeting whose registration is
# open, so that a new user can try the whole flow. Its dates are set when it is loaded.
EXAMPLE_SLUG = "esempio-iscrizioni"
EXAMPLE_HOST = "reggio-emilia"


def example_meeting(today: datetime.date) -> Meeting:
    """The example meeting, six weeks from `today`, with registration open until the week
    before (not saved)."""
    start = today + datetime.timedelta(days=42)
    return Meeting(
        slug=EXAMPLE_SLUG,
        kind=Meeting.Kind.WORKSHOP,
        start_date=start,
        end_date=start,
        title_it="Esempio: laboratorio con iscrizioni aperte",
        title_en="Example: a workshop open for registration",
        summary_it=(
            "<p>Questo incontro è un esempio dei dati dimostrativi, non un incontro reale della "
            "rete: mostra come funzionano le iscrizioni, dal modulo all'e-mail di conferma, "
            "alla lista d'attesa e alla cancellazione.</p>"
        ),
        summary_en=(
            "<p>This meeting is an example of the demo data, not a real meeting of the "
            "network: it shows how registration works, from the form to the confirmation "
            "e-mail, the waiting list and cancellation.</p>"
        ),
        venue_it="Sala di esempio",
        venue_en="Example hall",
        registration_capacity=30,
        registration_opens=today,
        registration_closes=start - datetime.timedelta(days=7),
        attendance_modes=AttendanceModes.BOTH,
        city_limit=3,
        published=True,
    )


def load_example(cities: dict[str, City], today: datetime.date | None = None) -> int:
    """Create the example meeting when it is missing and its host city is there."""
    if EXAMPLE_HOST not in cities or Meeting.objects.filter(slug=EXAMPLE_SLUG).exists():
        return 0
    meeting = example_meeting(today or timezone.localdate())
    meeting.host_city = cities[EXAMPLE_HOST]
    meeting.full_clean()
    meeting.save()
    return 1


def load() -> int:
    """Create the meetings that are missing; return how many objects were created."""
    themes, created = _themes()
    cities = {city.slug: city for city in City.objects.all()}
    for data in MEETINGS:
        values = dict(data)
        slug = values.pop("slug")
        participants = values.pop("participants", [])
        theme_slugs = values.pop("themes", [])
        host = values.pop("host_city", None)
        if host:
            if host not in cities:
                continue
            values["host_city"] = cities[host]
        if Meeting.objects.filter(slug=slug).exists():
            continue
        meeting = Meeting(slug=slug, published=True, **values)
        meeting.full_clean()
        meeting.save()
        meeting.participants.set([cities[s] for s in participants if s in cities])
        meeting.themes.set([themes[s] for s in theme_slugs])
        created += 1
    created += load_example(cities)
    return created
