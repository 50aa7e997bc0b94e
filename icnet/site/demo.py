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
    {
        "key": Page.Key.CONTACTS,
        "title_it": "Contatti",
        "title_en": "Contacts",
        "lead_it": (
            "La segreteria della rete risponde alle città, ai ricercatori, ai giornalisti e a "
            "chiunque voglia sapere di più sulle politiche interculturali."
        ),
        "lead_en": (
            "The network's secretariat answers cities, researchers, journalists and anyone who "
            "wants to know more about intercultural policies."
        ),
        "body_it": (
            "<h2>Segreteria della rete</h2>"
            "<p>La segreteria coordina gli incontri, raccoglie i documenti delle città e "
            "accompagna i comuni che vogliono aderire.</p>"
            '<ul><li>E-mail: <a href="mailto:segreteria@icnet.example">'
            "segreteria@icnet.example</a></li>"
            "<li>Per le iscrizioni agli incontri: il modulo nella pagina di ciascun "
            "incontro.</li></ul>"
            "<h2>Le città</h2>"
            "<p>Ogni città della rete ha un referente: il contatto è nella pagina della "
            "città.</p>"
        ),
        "body_en": (
            "<h2>The network's secretariat</h2>"
            "<p>The secretariat organises the meetings, gathers the cities' documents and "
            "helps the municipalities that want to join.</p>"
            '<ul><li>E-mail: <a href="mailto:segreteria@icnet.example">'
            "segreteria@icnet.example</a></li>"
            "<li>To register for a meeting: the form on that meeting's page.</li></ul>"
            "<h2>The cities</h2>"
            "<p>Each city of the network has a contact person, given on the city's page.</p>"
        ),
    },
    {
        "key": Page.Key.PRIVACY,
        "title_it": "Informativa sulla privacy",
        "title_en": "Privacy notice",
        "lead_it": (
            "Quali dati personali tratta questo sito, perché, per quanto tempo e quali sono i "
            "vostri diritti (Regolamento UE 2016/679, GDPR)."
        ),
        "lead_en": (
            "Which personal data this site processes, why, for how long, and what your rights "
            "are (Regulation (EU) 2016/679, GDPR)."
        ),
        "body_it": (
            "<h2>Titolare del trattamento</h2>"
            "<p>La Rete italiana delle città interculturali, tramite la sua segreteria "
            "(segreteria@icnet.example).</p>"
            "<h2>Chi consulta il sito</h2>"
            "<p>Le pagine pubbliche non impostano cookie e non usano strumenti di analisi o di "
            "profilazione. Il server registra le richieste (indirizzo IP, pagina, data e ora) "
            "per la sicurezza e per correggere i guasti; queste registrazioni sono conservate "
            "per poco tempo e non sono usate per altro. Se le mappe mostrano le tessere di "
            "OpenStreetMap, il vostro browser le scarica dai server di OpenStreetMap, che "
            "ricevono il vostro indirizzo IP.</p>"
            "<h2>Iscrizione agli incontri</h2>"
            "<p>Il modulo di iscrizione raccoglie nome, indirizzo e-mail, città o ente, ruolo, "
            "modalità di partecipazione ed eventuali esigenze di accessibilità, solo per "
            "organizzare l'incontro: confermare il posto, scrivervi a proposito "
            "dell'incontro, preparare il foglio presenze. Base giuridica è il vostro "
            "consenso, che date inviando il modulo. I dati li vedono la segreteria e i "
            "referenti della vostra città; non sono comunicati ad altri.</p>"
            "<p>Un'iscrizione il cui indirizzo non è confermato entro 48 ore è cancellata. "
            "Dopo l'incontro, nei tempi indicati nel modulo, nome, indirizzo, ruolo ed "
            "esigenze di accessibilità sono cancellati; restano, senza nomi, la città o "
            "l'ente e la presenza, per le statistiche della rete. Ogni e-mail che vi "
            "mandiamo contiene un collegamento per annullare l'iscrizione, che cancella "
            "subito i vostri dati.</p>"
            "<h2>Area riservata</h2>"
            "<p>Per chi gestisce il sito (segreteria e referenti delle città) sono trattati "
            "nome utente, e-mail e registro delle modifiche; i tentativi di accesso non "
            "riusciti sono registrati con l'indirizzo IP per proteggere gli account.</p>"
            "<h2>I vostri diritti</h2>"
            "<p>Potete chiedere di accedere ai vostri dati, di correggerli o cancellarli, di "
            "limitarne il trattamento e di revocare il consenso, scrivendo alla segreteria. "
            "Potete anche proporre reclamo al Garante per la protezione dei dati "
            "personali.</p>"
        ),
        "body_en": (
            "<h2>Data controller</h2>"
            "<p>The Italian Network of Intercultural Cities, through its secretariat "
            "(segreteria@icnet.example).</p>"
            "<h2>Visitors</h2>"
            "<p>The public pages set no cookies and use no analytics or profiling tools. The "
            "server records requests (IP address, page, date and time) for security and to "
            "fix faults; these records are kept for a short time and used for nothing else. "
            "When the maps show OpenStreetMap tiles, your browser downloads them from "
            "OpenStreetMap's servers, which receive your IP address.</p>"
            "<h2>Registering for a meeting</h2>"
            "<p>The registration form collects your name, e-mail address, city or "
            "organisation, role, how you will attend and any accessibility needs, only to "
            "organise the meeting: to confirm your place, to write to you about the meeting "
            "and to prepare the attendance sheet. The legal basis is your consent, given by "
            "sending the form. The secretariat and your city's contact people see the data; "
            "it is given to nobody else.</p>"
            "<p>A registration whose address is not confirmed within 48 hours is deleted. "
            "After the meeting, within the time the form states, your name, address, role "
            "and accessibility needs are erased; what remains, without names, is the city or "
            "organisation and whether someone came, for the network's statistics. Every "
            "e-mail we send you has a link to cancel your registration, which erases your "
            "data at once.</p>"
            "<h2>Back office</h2>"
            "<p>For the people who run the site (the secretariat and the cities' contact "
            "people) the site keeps a user name, an e-mail address and a history of changes; "
            "failed sign-ins are recorded with their IP address to protect the accounts.</p>"
            "<h2>Your rights</h2>"
            "<p>You may ask to see your data, to correct or erase it, to restrict its "
            "processing and to withdraw your consent, by writing to the secretariat. You may "
            "also lodge a complaint with the Italian data protection authority (Garante per "
            "la protezione dei dati personali).</p>"
        ),
    },
    {
        "key": Page.Key.COOKIES,
        "title_it": "Cookie",
        "title_en": "Cookies",
        "lead_it": "Le pagine pubbliche di questo sito non impostano cookie.",
        "lead_en": "The public pages of this site set no cookies.",
        "body_it": (
            "<p>Non usiamo cookie di analisi, di profilazione o di terze parti, e per questo "
            "il sito non mostra un banner dei cookie.</p>"
            "<p>Solo due parti del sito impostano cookie tecnici, necessari al loro "
            "funzionamento:</p>"
            "<ul><li><strong>Il modulo di iscrizione a un incontro</strong> imposta il cookie "
            "<em>csrftoken</em>, che protegge il modulo da invii falsificati; dura al massimo "
            "un anno e non contiene dati personali.</li>"
            "<li><strong>L'area riservata</strong> di chi gestisce il sito imposta anche il "
            "cookie di sessione <em>sessionid</em>, che mantiene l'accesso.</li></ul>"
            "<p>Potete cancellare i cookie in qualsiasi momento dalle impostazioni del "
            "browser.</p>"
        ),
        "body_en": (
            "<p>We use no analytics, profiling or third-party cookies, which is why the site "
            "shows no cookie banner.</p>"
            "<p>Only two parts of the site set technical cookies, which they need to work:</p>"
            "<ul><li><strong>The registration form of a meeting</strong> sets the "
            "<em>csrftoken</em> cookie, which protects the form from forged submissions; it "
            "lasts at most one year and holds no personal data.</li>"
            "<li><strong>The back office</strong> for the people who run the site also sets "
            "the <em>sessionid</em> session cookie, which keeps them signed in.</li></ul>"
            "<p>You can delete cookies at any time in your browser's settings.</p>"
        ),
    },
    {
        "key": Page.Key.ACCESSIBILITY,
        "title_it": "Dichiarazione di accessibilità",
        "title_en": "Accessibility statement",
        "lead_it": (
            "La Rete italiana delle città interculturali si impegna a rendere il proprio sito "
            "accessibile, secondo la legge 4/2004 e le linee guida dell'AgID."
        ),
        "lead_en": (
            "The Italian Network of Intercultural Cities is committed to making its site "
            "accessible, under Italian law 4/2004 and AgID's guidelines."
        ),
        "body_it": (
            "<h2>Stato di conformità</h2>"
            "<p>Il sito è progettato per essere conforme ai requisiti della norma UNI CEI EN "
            "301549 e alle WCAG 2.1, livello AA. Ogni modifica è verificata automaticamente "
            "su tutti i tipi di pagina, in italiano e in inglese.</p>"
            "<h2>Contenuti non accessibili</h2>"
            "<ul><li>Le mappe interattive non sono del tutto utilizzabili da tastiera e con "
            "i lettori di schermo: ogni mappa è accompagnata da un elenco con gli stessi "
            "luoghi e collegamenti.</li>"
            "<li>Alcuni documenti PDF caricati dalle città potrebbero non essere "
            "accessibili: chiedeteli alla segreteria in un altro formato.</li></ul>"
            "<h2>Segnalazioni</h2>"
            "<p>Se trovate un problema di accessibilità scrivete alla segreteria "
            "(segreteria@icnet.example): risponderemo entro 30 giorni.</p>"
        ),
        "body_en": (
            "<h2>Compliance status</h2>"
            "<p>The site is designed to meet the requirements of the UNI CEI EN 301549 "
            "standard and WCAG 2.1 at level AA. Every change is checked automatically on "
            "every type of page, in Italian and in English.</p>"
            "<h2>Content that is not accessible</h2>"
            "<ul><li>The interactive maps cannot be fully used with a keyboard or a screen "
            "reader: every map comes with a list of the same places and links.</li>"
            "<li>Some PDF documents uploaded by the cities may not be accessible: ask the "
            "secretariat for another format.</li></ul>"
            "<h2>Feedback</h2>"
            "<p>If you find an accessibility problem, write to the secretariat "
            "(segreteria@icnet.example): we will answer within 30 days.</p>"
        ),
    },
    {
        "key": Page.Key.LEGAL,
        "title_it": "Note legali",
        "title_en": "Legal notes",
        "lead_it": "Come riutilizzare i contenuti e i dati di questo sito.",
        "lead_en": "How to reuse the content and data of this site.",
        "body_it": (
            "<h2>Contenuti</h2>"
            "<p>Salvo dove indicato diversamente, i testi del sito sono pubblicati con "
            "licenza Creative Commons Attribuzione 4.0 (CC BY 4.0): potete riprodurli e "
            "adattarli citando la Rete italiana delle città interculturali. Le fotografie "
            "appartengono ai loro autori, indicati accanto a ciascuna. I documenti delle "
            "città restano delle città che li hanno adottati.</p>"
            "<h2>Dati aperti</h2>"
            "<p>Le città, gli incontri e i risultati dell'Indice sono scaricabili come dati "
            "aperti, con licenza CC BY 4.0: si veda la pagina Dati aperti.</p>"
            "<h2>Software</h2>"
            "<p>Il sito è software libero, con licenza GNU Affero General Public License, "
            "versione 3 o successiva.</p>"
            "<h2>Collegamenti esterni</h2>"
            "<p>La rete non risponde dei contenuti dei siti esterni a cui rimanda.</p>"
        ),
        "body_en": (
            "<h2>Content</h2>"
            "<p>Unless stated otherwise, the texts of the site are published under the "
            "Creative Commons Attribution 4.0 licence (CC BY 4.0): you may copy and adapt them, "
            "crediting the Italian Network of Intercultural Cities. The photographs belong to "
            "their authors, named beside each. The cities' documents remain those of the "
            "cities that adopted them.</p>"
            "<h2>Open data</h2>"
            "<p>The cities, meetings and Index results can be downloaded as open data under "
            "CC BY 4.0: see the Open data page.</p>"
            "<h2>Software</h2>"
            "<p>The site is free software under the GNU Affero General Public License, "
            "version 3 or later.</p>"
            "<h2>External links</h2>"
            "<p>The network is not responsible for the content of the outside sites it links "
            "to.</p>"
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
