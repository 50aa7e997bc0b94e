"""The documents part of the network's content, loaded by load_demo.

The network's page lists three documents: the charter (Italian original and English
version), the step-by-step guide (Italian) and Reggio Emilia's 2012-2014 programme. Their
files are generated here as small, valid PDFs that say what they stand for; they pass the
same checks as any upload.

Dates: the page says only that the charter was signed after the preliminary meeting of
22 May 2010 and before it reported on the second meeting (21 September 2010), so the
charter is dated "2010" with the year as its precision, not a day nobody recorded. The
guide sets out the three joining steps the same page describes in 2010; the programme is
the city's programme for 2012-2014, dated 2012.
"""

import datetime
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.db import transaction

from cities.models import City
from documents.models import Document, DocumentFile, Link
from documents.pdf import build_pdf

LINKS = [
    {
        "url": "https://www.coe.int/en/web/interculturalcities/italy",
        "title_it": "Sito ufficiale della Rete italiana delle città interculturali",
        "title_en": "Official website of the Italian Network",
        "description_it": (
            "Le pagine della rete italiana nel programma Città interculturali del Consiglio "
            "d'Europa."
        ),
        "description_en": (
            "The Italian network's pages in the Council of Europe's Intercultural Cities programme."
        ),
        "order": 1,
    },
]

CITIES = (
    "Genova, Torino, Savignano sul Rubicone, Fermo, Pompei, Lodi, Senigallia, Bari, "
    "Campi Bisenzio, Reggio Emilia"
)
# English names for the places English has one for, as the cities' English names are.
CITIES_EN = (
    "Genoa, Turin, Savignano sul Rubicone, Fermo, Pompei, Lodi, Senigallia, Bari, "
    "Campi Bisenzio, Reggio Emilia"
)
NETWORK_IT = "Rete italiana delle città interculturali"
NETWORK_EN = "Italian Network of Intercultural Cities"


def charter_it() -> bytes:
    title = "Carta della Rete italiana delle città interculturali"
    return build_pdf(
        [
            ("title", title),
            ("subtitle", "Versione originale in italiano · 2010"),
            (
                "note",
                "Sintesi dei contenuti della carta come li descrive la pagina della rete; "
                "non riproduce il testo firmato.",
            ),
            ("heading", "Le città"),
            (
                "paragraph",
                "Dopo la riunione preliminare del 22 maggio 2010, ogni città ha adottato una "
                "delibera che le consente, anche dal punto di vista giuridico, di aderire "
                "alla rete; è stata quindi firmata questa carta, che istituisce la rete, ed è "
                f"stato avviato un piano d'azione. Le dieci città: {CITIES}.",
            ),
            ("heading", "Gli impegni"),
            ("paragraph", "Firmando la carta, le città si impegnano a:"),
            ("item", "lavorare sulle politiche di integrazione e di immigrazione;"),
            (
                "item",
                "riconoscere il ruolo fondamentale delle città nel promuovere le identità "
                "culturali, la diversità e la comprensione interculturale;",
            ),
            (
                "item",
                "dotarsi di strumenti e pratiche che favoriscano l'interazione tra gruppi "
                "culturali diversi per origine e lingua;",
            ),
            (
                "item",
                "sviluppare la competenza interculturale delle istituzioni locali, dei "
                "servizi pubblici, dei cittadini, della società civile, delle scuole e dei "
                "media.",
            ),
            ("heading", "Il lavoro comune"),
            (
                "paragraph",
                "La rete organizza laboratori sulla formazione interculturale e linguistica "
                "degli operatori comunali, sulle politiche che valorizzano le seconde "
                "generazioni e sulla mediazione sociale nei quartieri, con il sostegno del "
                "programma Città interculturali del Consiglio d'Europa e della Commissione "
                "europea.",
            ),
        ],
        title=title,
        language="it",
        footer=NETWORK_IT,
    )


def charter_en() -> bytes:
    title = "Charter of the Italian Network of Intercultural Cities"
    return build_pdf(
        [
            ("title", title),
            ("subtitle", "English version · 2010 · the original is in Italian"),
            (
                "note",
                "A summary of the charter as the network's page describes it; it does not "
                "reproduce the signed text.",
            ),
            ("heading", "The cities"),
            (
                "paragraph",
                "After the preliminary meeting of 22 May 2010, each city adopted a "
                "resolution that enables it, even from a legal point of view, to join the "
                "network; this charter, which establishes the network, was then signed and "
                f"an action plan launched. The ten cities: {CITIES_EN}.",
            ),
            ("heading", "Commitments"),
            ("paragraph", "By signing the charter, the cities agree to:"),
            ("item", "work on integration and immigration policies;"),
            (
                "item",
                "value the fundamental role of cities in promoting cultural identities, "
                "diversity and intercultural understanding;",
            ),
            (
                "item",
                "set up tools and practices promoting the interaction between ethnically and "
                "linguistically diverse cultural groups;",
            ),
            (
                "item",
                "develop intercultural competence within local institutions, public "
                "services, citizens, civil society, schools and the media.",
            ),
            ("heading", "Working together"),
            (
                "paragraph",
                "The network holds workshops on intercultural and linguistic training for "
                "municipal officers, on policies that make the most of second-generation "
                "migrants and on social mediation in neighbourhoods, with the support of the "
                "Intercultural Cities programme of the Council of Europe and the European "
                "Commission.",
            ),
        ],
        title=title,
        language="en",
        footer=NETWORK_EN,
    )


def guide_it() -> bytes:
    title = "Guida passo per passo"
    return build_pdf(
        [
            ("title", title),
            ("subtitle", "Come un comune entra nella Rete italiana delle città interculturali"),
            (
                "paragraph",
                "Tre passi portano un comune nella rete: una delibera, la carta, un piano "
                "d'azione. Questa guida li accompagna uno per uno.",
            ),
            ("heading", "1. La delibera"),
            (
                "paragraph",
                "Il comune adotta una delibera che gli consente, anche dal punto di vista "
                "giuridico, di aderire alla rete.",
            ),
            ("heading", "2. La carta"),
            (
                "paragraph",
                "Il sindaco o l'assessore firma la carta che istituisce la rete. Firmandola, "
                "la città si impegna a lavorare sulle politiche di integrazione e di "
                "immigrazione e a sviluppare la competenza interculturale di istituzioni, "
                "servizi, cittadini, società civile, scuole e media.",
            ),
            ("heading", "3. Il piano d'azione"),
            (
                "paragraph",
                "La città avvia un piano d'azione per favorire l'interazione tra cittadini "
                "di origini e lingue diverse, e ne rende conto negli incontri della rete, "
                "dove gli assessori mettono a confronto politiche e risultati.",
            ),
            (
                "note",
                "Sintesi preparata a partire dalla pagina della rete nel programma Città "
                "interculturali del Consiglio d'Europa.",
            ),
        ],
        title=title,
        language="it",
        footer=NETWORK_IT,
    )


PROGRAMME_TITLE_IT = (
    "Programma 2012-2014 per il governo locale sul dialogo interculturale e l'attuazione "
    "delle raccomandazioni del Consiglio d'Europa"
)


def programme_it() -> bytes:
    return build_pdf(
        [
            ("subtitle", "Comune di Reggio Emilia"),
            ("title", PROGRAMME_TITLE_IT),
            ("subtitle", "Frontespizio · 2012"),
            (
                "paragraph",
                "Il programma raccoglie gli impegni dell'amministrazione comunale per il "
                "dialogo interculturale negli anni 2012-2014 e per l'attuazione delle "
                "raccomandazioni del Consiglio d'Europa rivolte alle città interculturali.",
            ),
            (
                "note",
                "Questo file riproduce soltanto il frontespizio del programma, come "
                "segnaposto del documento della città.",
            ),
        ],
        title=f"Reggio Emilia: {PROGRAMME_TITLE_IT}",
        language="it",
        footer=NETWORK_IT,
    )


# (language, original, download name, content)
FileSpec = tuple[str, bool, str, Callable[[], bytes]]

DOCUMENTS: list[dict] = [
    {
        "slug": "carta-della-rete",
        "kind": Document.Kind.CHARTER,
        "date": datetime.date(2010, 1, 1),
        "date_precision": Document.DatePrecision.YEAR,
        "title_it": "Carta della Rete italiana delle città interculturali",
        "title_en": "Charter of the Italian Network of Intercultural Cities",
        "description_it": (
            "<p>La carta che istituisce la rete, firmata nel 2010 dalle città che vi hanno "
            "aderito. Le città riconoscono il ruolo fondamentale dei comuni nel promuovere le "
            "identità culturali, la diversità e la comprensione interculturale, e si impegnano "
            "a lavorare sulle politiche di integrazione e di immigrazione.</p>"
        ),
        "description_en": (
            "<p>The charter establishing the network, signed in 2010 by the cities that "
            "joined it. The cities value the fundamental role of municipalities in promoting "
            "cultural identities, diversity and intercultural understanding, and agree to "
            "work on integration and immigration policies.</p>"
        ),
        "files": [
            ("it", True, "carta-della-rete.pdf", charter_it),
            ("en", False, "charter-of-the-network.pdf", charter_en),
        ],
    },
    {
        "slug": "guida-passo-per-passo",
        "kind": Document.Kind.GUIDE,
        "date": datetime.date(2010, 1, 1),
        "date_precision": Document.DatePrecision.YEAR,
        "title_it": "Guida passo per passo",
        "title_en": "Step-by-step guide",
        "description_it": (
            "<p>Come un comune entra nella rete, in tre passi: la delibera, la firma della "
            "carta, il piano d'azione.</p>"
        ),
        "description_en": (
            "<p>How a municipality joins the network, in three steps: the resolution, "
            "signing the charter, the action plan. Available in Italian only.</p>"
        ),
        "files": [("it", True, "guida-passo-per-passo.pdf", guide_it)],
    },
    {
        "slug": "reggio-emilia-programma-2012-2014",
        "kind": Document.Kind.PROGRAMME,
        "date": datetime.date(2012, 1, 1),
        "date_precision": Document.DatePrecision.YEAR,
        "city_slug": "reggio-emilia",
        "title_it": f"Reggio Emilia: {PROGRAMME_TITLE_IT}",
        "title_en": (
            "Reggio Emilia: Programme 2012-2014 for local government on intercultural "
            "dialogue and implementation of Council of Europe recommendations"
        ),
        "description_it": (
            "<p>Il programma del Comune di Reggio Emilia per gli anni 2012-2014 sul dialogo "
            "interculturale e sull'attuazione delle raccomandazioni del Consiglio d'Europa."
            "</p>"
        ),
        "description_en": (
            "<p>The City of Reggio Emilia's programme for 2012-2014 on intercultural "
            "dialogue and on implementing the Council of Europe's recommendations. In "
            "Italian.</p>"
        ),
        "files": [("it", True, "reggio-emilia-programma-2012-2014.pdf", programme_it)],
    },
]


def _restore_missing_files(document: Document, specs: list[FileSpec]) -> None:
    """Write again a demo file whose row exists but whose stored file was lost."""
    builders = {language: build for language, _original, _name, build in specs}
    for file in document.files.all():
        build = builders.get(file.language)
        if build and file.file.name and not file.file.storage.exists(file.file.name):
            file.file.storage.save(file.file.name, ContentFile(build()))


def load_documents() -> int:
    created = 0
    for data in DOCUMENTS:
        existing = Document.objects.filter(slug=data["slug"]).first()
        if existing is not None:
            _restore_missing_files(existing, data["files"])
            continue
        values = {k: v for k, v in data.items() if k not in {"files", "city_slug", "slug"}}
        if city_slug := data.get("city_slug"):
            values["city"] = City.objects.filter(slug=city_slug).first()
        with transaction.atomic():
            document = Document.objects.create(slug=data["slug"], published=True, **values)
            created += 1
            for language, original, filename, build in data["files"]:
                file = DocumentFile(
                    document=document, language=language, original=original, filename=filename
                )
                file.file = ContentFile(build(), name=filename)
                file.save()
                created += 1
    return created


def load_links() -> int:
    created = 0
    for data in LINKS:
        values = {k: v for k, v in data.items() if k != "url"}
        _, new = Link.objects.get_or_create(url=data["url"], defaults=values)
        created += new
    return created


def load() -> int:
    """Create what is missing; return how many objects were created."""
    return load_documents() + load_links()
