"""The network's own content, loaded by `manage.py load_demo`.

Each app keeps its part in its own `demo.py`; this module loads them in order. Every
object is created only when missing (looked up by its key or slug), so running the loader
again changes nothing and never overwrites what staff have edited since.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from cities import accounts as services
from cities import demo as cities_demo
from cities.models import City
from documents import demo as documents_demo
from icnet.core.roles import STAFF_GROUP
from icnet.site.models import Page
from index import demo as index_demo
from meetings import demo as meetings_demo

# Demo sign-ins of the embedded default (DEBUG on, SQLite): role, username, password.
ACCOUNTS = [
    ("Network staff", "staff", "icnet-staff-demo"),
    ("City editor of Reggio Emilia", "editor-reggio", "icnet-editor-demo"),
]
EDITOR_CITY = "reggio-emilia"

PAGES = [
    {
        "key": Page.Key.HOME,
        "title_it": "Rete italiana delle città interculturali",
        "title_en": "Italian Network of Intercultural Cities",
        "lead_it": (
            "Dieci comuni italiani, con il programma Città interculturali del Consiglio "
            "d'Europa e della Commissione europea, lavorano insieme per fare della "
            "diversità una risorsa."
        ),
        "lead_en": (
            "Ten Italian municipalities, with the Intercultural Cities programme of the "
            "Council of Europe and the European Commission, work together to make "
            "diversity an advantage."
        ),
        "body_it": (
            "<p>La riunione preliminare della rete si è tenuta il 22 maggio 2010. Il 21 "
            "settembre 2010 il Comune di Reggio Emilia ha ospitato il secondo incontro delle "
            "città interculturali italiane: vi hanno partecipato gli assessori alle politiche "
            "per l'integrazione di Genova, Torino, Savignano sul Rubicone, Fermo, Pompei, Lodi, "
            "Senigallia, Bari, Campi Bisenzio e Reggio Emilia.</p>"
            "<p>Da allora ogni città ha adottato una delibera che le consente, anche dal punto "
            "di vista giuridico, di aderire alla rete; è stata firmata una carta che istituisce "
            "la rete ed è stato avviato un piano d'azione.</p>"
            "<p>Le città riconoscono il ruolo fondamentale dei comuni nel promuovere le "
            "identità culturali, la diversità e la comprensione interculturale, e si dotano di "
            "strumenti e pratiche che favoriscono l'interazione tra gruppi culturali diversi "
            "per origine e lingua. Vogliono sviluppare la competenza interculturale delle "
            "istituzioni locali, dei servizi pubblici, dei cittadini, della società civile, "
            "delle scuole e dei media.</p>"
        ),
        "body_en": (
            "<p>The network's preliminary meeting was held on 22 May 2010. On 21 September "
            "2010 the municipality of Reggio Emilia hosted the second meeting of the Italian "
            "intercultural cities, attended by the aldermen for integration policies of "
            "Genoa, Turin, Savignano sul Rubicone, Fermo, Pompei, Lodi, Senigallia, Bari, "
            "Campi Bisenzio and Reggio Emilia.</p>"
            "<p>Since then each city has adopted a resolution that enables it, even from a "
            "legal point of view, to join the network; a charter establishing the network has "
            "been signed and an action plan has been launched.</p>"
            "<p>The cities value the fundamental role of municipalities in promoting cultural "
            "identities, diversity and intercultural understanding, and set up tools and "
            "practices that promote interaction between ethnically and linguistically diverse "
            "groups. They seek to develop intercultural competence within local institutions, "
            "public services, citizens, civil society, schools and the media.</p>"
        ),
    },
    {
        "key": Page.Key.ABOUT,
        "title_it": "Chi siamo",
        "title_en": "About the network",
        "lead_it": (
            "La Rete italiana delle città interculturali riunisce i comuni che hanno scelto "
            "di governare la diversità come una risorsa per tutta la comunità."
        ),
        "lead_en": (
            "The Italian Network of Intercultural Cities brings together the municipalities "
            "that have chosen to manage diversity as a resource for the whole community."
        ),
        "body_it": (
            "<p>La rete è nata nel 2010 con il sostegno del programma Città interculturali "
            "del Consiglio d'Europa e della Commissione europea. Firmando la carta della rete, "
            "le città si impegnano a lavorare sulle politiche di integrazione e di immigrazione "
            "e a promuovere l'interazione tra cittadini di origini e lingue diverse.</p>"
            "<h2>Che cosa facciamo</h2>"
            "<ul><li>Incontri di rete in cui gli assessori mettono a confronto politiche e "
            "risultati.</li>"
            "<li>Laboratori sui temi comuni: la formazione interculturale e linguistica degli "
            "operatori comunali, le politiche per valorizzare le seconde generazioni, la "
            "mediazione sociale nei quartieri.</li>"
            "<li>La Scuola di buone prassi e il convegno nazionale dei centri interculturali."
            "</li></ul>"
        ),
        "body_en": (
            "<p>The network was founded in 2010 with the support of the Intercultural Cities "
            "programme of the Council of Europe and the European Commission. By signing the "
            "network's charter, cities agree to work on integration and immigration policies "
            "and to promote interaction between citizens of different origins and languages."
            "</p>"
            "<h2>What we do</h2>"
            "<ul><li>Network meetings where aldermen compare policies and results.</li>"
            "<li>Workshops on shared themes: intercultural and linguistic training for "
            "municipal officers, policies that make the most of second-generation migrants, "
            "social mediation in neighbourhoods.</li>"
            "<li>The School of good practice and the national convention of intercultural "
            "centres.</li></ul>"
        ),
    },
    {
        "key": Page.Key.JOIN,
        "title_it": "Come aderire",
        "title_en": "How to join",
        "lead_it": "Tre passi portano un comune nella rete: una delibera, la carta, un piano d'azione.",
        "lead_en": (
            "Three steps bring a municipality into the network: a resolution, the charter "
            "and an action plan."
        ),
        "body_it": (
            "<ol><li><strong>La delibera.</strong> Il comune adotta una delibera che gli "
            "consente, anche dal punto di vista giuridico, di aderire alla rete.</li>"
            "<li><strong>La carta.</strong> Il sindaco o l'assessore firma la carta che "
            "istituisce la rete: la città si impegna a lavorare sulle politiche di integrazione "
            "e di immigrazione e a sviluppare la competenza interculturale di istituzioni, "
            "servizi, cittadini, scuole e media.</li>"
            "<li><strong>Il piano d'azione.</strong> La città avvia un piano d'azione e ne "
            "rende conto negli incontri della rete.</li></ol>"
            "<p>La guida passo per passo, nella sezione Documenti, accompagna ogni fase.</p>"
        ),
        "body_en": (
            "<ol><li><strong>The resolution.</strong> The municipality adopts a resolution "
            "that enables it, even from a legal point of view, to join the network.</li>"
            "<li><strong>The charter.</strong> The mayor or the alderman signs the charter "
            "establishing the network: the city agrees to work on integration and immigration "
            "policies and to develop the intercultural competence of institutions, services, "
            "citizens, schools and the media.</li>"
            "<li><strong>The action plan.</strong> The city launches an action plan and reports "
            "on it at the network's meetings.</li></ol>"
            "<p>The step-by-step guide, in the Documents section, accompanies each step.</p>"
        ),
    },
]


def load_pages() -> int:
    created = 0
    for data in PAGES:
        values = {k: v for k, v in data.items() if k != "key"}
        _, new = Page.objects.get_or_create(key=data["key"], defaults=values)
        created += new
    return created


def load_accounts() -> int:
    """Demo sign-ins, only where they are allowed: the embedded default."""
    if not settings.DEMO_ACCOUNTS:
        return 0
    User = get_user_model()
    created = 0
    for role, username, password in ACCOUNTS:
        if User.objects.filter(username=username).exists():
            continue
        if role == "Network staff":
            user = User.objects.create_superuser(username, f"{username}@example.org", password)
            user.groups.add(Group.objects.get(name=STAFF_GROUP))
        else:
            city = City.objects.filter(slug=EDITOR_CITY).first()
            if city is None:
                continue
            user, _ = services.add_city_editor(username, city, f"{username}@example.org")
            user.set_password(password)
            user.save()
        created += 1
    return created


def load() -> int:
    """Load everything the site has so far; returns how many objects were created."""
    created = load_pages()
    created += cities_demo.load()
    created += meetings_demo.load()
    created += documents_demo.load()
    created += index_demo.load()
    created += load_accounts()
    return created
