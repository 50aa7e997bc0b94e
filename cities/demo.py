"""The cities part of the network's content, loaded by load_demo.

Sources: the network's page (the ten member cities, the resolution/charter/action plan
steps, the three workshops, the meetings each city hosted) and public geography (city
centre coordinates, region, province, approximate population). The page gives no date of
the membership steps for each city, so those dates stay empty rather than invented. The
activities other than Reggio Emilia's programme are examples, marked `example=True`: the
back office shows that mark, public pages never do.
"""

from decimal import Decimal

from cities.models import Activity, City, Region, Theme

THEMES = [
    {
        "slug": "training",
        "workshop": True,
        "name_it": "Formazione interculturale e linguistica per gli operatori comunali",
        "name_en": "Intercultural and linguistic training for municipal officers",
        "description_it": (
            "<p>La rete ha organizzato un laboratorio sulla formazione interculturale e "
            "linguistica degli operatori comunali: chi lavora negli sportelli e nei servizi "
            "della città incontra ogni giorno cittadini di origini e lingue diverse.</p>"
        ),
        "description_en": (
            "<p>The network organised a workshop on intercultural and linguistic training "
            "for municipal officers: the people who work at the city's counters and services "
            "meet citizens of different origins and languages every day.</p>"
        ),
    },
    {
        "slug": "second-generations",
        "workshop": True,
        "name_it": "Politiche per valorizzare le seconde generazioni",
        "name_en": "Policies that make the most of second-generation migrants",
        "description_it": (
            "<p>La rete ha organizzato un laboratorio sulle politiche di «buone prassi» per "
            "valorizzare al massimo il potenziale delle seconde generazioni di migranti.</p>"
        ),
        "description_en": (
            "<p>The network organised a workshop on “best practices” policies to maximise "
            "the potential of second-generation migrants.</p>"
        ),
    },
    {
        "slug": "mediation",
        "workshop": True,
        "name_it": "Mediazione sociale nei quartieri",
        "name_en": "Social mediation in neighbourhoods",
        "description_it": (
            "<p>La rete ha organizzato un laboratorio sulla mediazione sociale nei quartieri, "
            "dove la convivenza tra gruppi di origine e lingua diverse si costruisce ogni "
            "giorno.</p>"
        ),
        "description_en": (
            "<p>The network organised a workshop on social mediation in neighbourhoods, "
            "where living together across origins and languages is built every day.</p>"
        ),
    },
    {
        "slug": "integration",
        "workshop": False,
        "name_it": "Politiche di integrazione e immigrazione",
        "name_en": "Integration and immigration policies",
        "description_it": (
            "<p>Firmando la carta della rete, le città si impegnano a lavorare sulle "
            "politiche di integrazione e di immigrazione.</p>"
        ),
        "description_en": (
            "<p>By signing the network's charter, cities agree to work on integration and "
            "immigration policies.</p>"
        ),
    },
    {
        "slug": "health",
        "workshop": False,
        "name_it": "Donne migranti e salute",
        "name_en": "Migrant women and health",
        "description_it": (
            "<p>Il tema dell'incontro «Donne migranti e salute», a San Giuliano Terme "
            "l'11 maggio 2013.</p>"
        ),
        "description_en": (
            "<p>The theme of the meeting “Migrant women and health”, in San Giuliano Terme "
            "on 11 May 2013.</p>"
        ),
    },
    {
        "slug": "citizenship",
        "workshop": False,
        "name_it": "Il diritto alla città: aspettative e bisogni dei cittadini stranieri immigrati",
        "name_en": "The right to the city: expectations and needs of immigrant citizens",
        "description_it": (
            "<p>Il tema dell'incontro «Il diritto alla città. Aspettative e bisogni dei "
            "cittadini stranieri immigrati», a Pizzo Calabro il 20 aprile 2013.</p>"
        ),
        "description_en": (
            "<p>The theme of the meeting “The right to the city: expectations and needs of "
            "immigrant citizens”, in Pizzo Calabro on 20 April 2013.</p>"
        ),
    },
    {
        "slug": "intercultural-centres",
        "workshop": False,
        "name_it": "Centri interculturali",
        "name_en": "Intercultural centres",
        "description_it": (
            "<p>I centri interculturali delle città si sono incontrati nel convegno nazionale "
            "del 10 e 11 ottobre 2013 alla Casa delle Culture di Arezzo.</p>"
        ),
        "description_en": (
            "<p>The cities' intercultural centres met at the national convention of 10 and 11 "
            "October 2013 at the Casa delle Culture in Arezzo.</p>"
        ),
    },
    {
        "slug": "education",
        "workshop": False,
        "name_it": "Scuola ed educazione",
        "name_en": "Schools and education",
        "description_it": (
            "<p>Le città della rete vogliono sviluppare la competenza interculturale anche "
            "nelle scuole, insieme a istituzioni locali, servizi, cittadini, società civile e "
            "media.</p>"
        ),
        "description_en": (
            "<p>The network's cities seek to develop intercultural competence in schools too, "
            "together with local institutions, services, citizens, civil society and the "
            "media.</p>"
        ),
    },
]

# Both languages of the paragraph every member shares: what the network's page tells.
STEPS_IT = (
    "<p>Come le altre città della rete, {name} ha adottato una delibera che le consente, "
    "anche dal punto di vista giuridico, di aderire alla rete e ha sottoscritto la carta che "
    "la istituisce, impegnandosi a lavorare sulle politiche di integrazione e di "
    "immigrazione; con la rete ha avviato un piano d'azione.</p>"
)
STEPS_EN = (
    "<p>Like the other cities of the network, {name} adopted a resolution that enables it, "
    "even from a legal point of view, to join the network, and signed the charter "
    "establishing it, agreeing to work on integration and immigration policies; with the "
    "network it launched an action plan.</p>"
)
AIMS_IT = (
    "<p>La città riconosce il ruolo dei comuni nel promuovere le identità culturali, la "
    "diversità e la comprensione interculturale, e vuole sviluppare la competenza "
    "interculturale di istituzioni locali, servizi pubblici, cittadini, società civile, "
    "scuole e media.</p>"
)
AIMS_EN = (
    "<p>The city values the role of municipalities in promoting cultural identities, "
    "diversity and intercultural understanding, and seeks to develop intercultural competence "
    "within local institutions, public services, citizens, civil society, schools and the "
    "media.</p>"
)
SECOND_MEETING_IT = (
    "<p>{name} ha preso parte al secondo incontro delle città interculturali italiane, "
    "ospitato da Reggio Emilia il 21 settembre 2010 con il sostegno del programma Città "
    "interculturali del Consiglio d'Europa e della Commissione europea.</p>"
)
SECOND_MEETING_EN = (
    "<p>{name} took part in the second meeting of the Italian intercultural cities, hosted "
    "by Reggio Emilia on 21 September 2010 with the support of the Intercultural Cities "
    "programme of the Council of Europe and the European Commission.</p>"
)

CITIES = [
    {
        "slug": "genova",
        "name_it": "Genova",
        "name_en": "Genoa",
        "region": Region.LIGURIA,
        "province": "Genova",
        "population": 565000,
        "latitude": "44.407062",
        "longitude": "8.933989",
        "website": "https://www.comune.genova.it/",
        "summary_it": "<p>Capoluogo della Liguria e grande città portuale, Genova è una delle "
        "dieci città della rete e ne ha ospitato l'incontro del 21 ottobre 2010.</p>",
        "summary_en": "<p>The capital of Liguria and a major port city, Genoa is one of the "
        "network's ten cities and hosted its meeting of 21 October 2010.</p>",
        "hosted_it": "<p>Il 21 ottobre 2010 Genova ha ospitato un incontro della rete.</p>",
        "hosted_en": "<p>On 21 October 2010 Genoa hosted a meeting of the network.</p>",
    },
    {
        "slug": "torino",
        "name_it": "Torino",
        "name_en": "Turin",
        "region": Region.PIEMONTE,
        "province": "Torino",
        "population": 845000,
        "latitude": "45.070312",
        "longitude": "7.686856",
        "website": "https://www.comune.torino.it/",
        "summary_it": "<p>Capoluogo del Piemonte, Torino è una delle dieci città della rete "
        "e ne ha ospitato gli incontri del 3 dicembre 2010 e del 27 e 28 gennaio 2011.</p>",
        "summary_en": "<p>The capital of Piedmont, Turin is one of the network's ten cities "
        "and hosted its meetings of 3 December 2010 and 27-28 January 2011.</p>",
        "hosted_it": "<p>Torino ha ospitato due incontri della rete: il 3 dicembre 2010 e il "
        "27 e 28 gennaio 2011.</p>",
        "hosted_en": "<p>Turin hosted two meetings of the network: on 3 December 2010 and on "
        "27-28 January 2011.</p>",
    },
    {
        "slug": "savignano-sul-rubicone",
        "name_it": "Savignano sul Rubicone",
        "name_en": "Savignano sul Rubicone",
        "region": Region.EMILIA_ROMAGNA,
        "province": "Forlì-Cesena",
        "population": 18000,
        "latitude": "44.091882",
        "longitude": "12.397942",
        "website": "https://www.comune.savignano-sul-rubicone.fc.it/",
        "summary_it": "<p>Comune romagnolo della provincia di Forlì-Cesena, Savignano sul "
        "Rubicone è una delle dieci città della rete e ne ha ospitato l'incontro del "
        "26 novembre 2010.</p>",
        "summary_en": "<p>A town of Romagna in the province of Forlì-Cesena, Savignano sul "
        "Rubicone is one of the network's ten cities and hosted its meeting of 26 November "
        "2010.</p>",
        "hosted_it": "<p>Il 26 novembre 2010 Savignano sul Rubicone ha ospitato un incontro "
        "della rete.</p>",
        "hosted_en": "<p>On 26 November 2010 Savignano sul Rubicone hosted a meeting of the "
        "network.</p>",
    },
    {
        "slug": "fermo",
        "name_it": "Fermo",
        "name_en": "Fermo",
        "region": Region.MARCHE,
        "province": "Fermo",
        "population": 36500,
        "latitude": "43.160825",
        "longitude": "13.718331",
        "website": "https://www.comune.fermo.it/",
        "summary_it": "<p>Capoluogo di provincia nelle Marche, Fermo è una delle dieci città "
        "della rete e ne ha ospitato l'incontro del 17 novembre 2010.</p>",
        "summary_en": "<p>A provincial capital in the Marche, Fermo is one of the network's "
        "ten cities and hosted its meeting of 17 November 2010.</p>",
        "hosted_it": "<p>Il 17 novembre 2010 Fermo ha ospitato un incontro della rete.</p>",
        "hosted_en": "<p>On 17 November 2010 Fermo hosted a meeting of the network.</p>",
    },
    {
        "slug": "pompei",
        "name_it": "Pompei",
        "name_en": "Pompei",
        "region": Region.CAMPANIA,
        "province": "Napoli",
        "population": 24500,
        "latitude": "40.749409",
        "longitude": "14.500694",
        "website": "https://www.comune.pompei.na.it/",
        "summary_it": "<p>Comune dell'area metropolitana di Napoli, noto nel mondo per i suoi "
        "scavi, Pompei è una delle dieci città della rete.</p>",
        "summary_en": "<p>A town of the Naples metropolitan area, known worldwide for its "
        "excavations, Pompei is one of the network's ten cities.</p>",
        "hosted_it": "",
        "hosted_en": "",
    },
    {
        "slug": "lodi",
        "name_it": "Lodi",
        "name_en": "Lodi",
        "region": Region.LOMBARDIA,
        "province": "Lodi",
        "population": 45000,
        "latitude": "45.314255",
        "longitude": "9.503507",
        "website": "https://www.comune.lodi.it/",
        "summary_it": "<p>Capoluogo di provincia in Lombardia, Lodi è una delle dieci città "
        "della rete e ne ha ospitato l'incontro del 20 aprile 2012.</p>",
        "summary_en": "<p>A provincial capital in Lombardy, Lodi is one of the network's ten "
        "cities and hosted its meeting of 20 April 2012.</p>",
        "hosted_it": "<p>Il 20 aprile 2012 Lodi ha ospitato un incontro della rete.</p>",
        "hosted_en": "<p>On 20 April 2012 Lodi hosted a meeting of the network.</p>",
    },
    {
        "slug": "senigallia",
        "name_it": "Senigallia",
        "name_en": "Senigallia",
        "region": Region.MARCHE,
        "province": "Ancona",
        "population": 44000,
        "latitude": "43.714680",
        "longitude": "13.217640",
        "website": "https://www.comune.senigallia.an.it/",
        "summary_it": "<p>Città dell'Adriatico in provincia di Ancona, Senigallia è una delle "
        "dieci città della rete e ne ha ospitato l'incontro del 10 maggio 2011.</p>",
        "summary_en": "<p>An Adriatic town in the province of Ancona, Senigallia is one of the "
        "network's ten cities and hosted its meeting of 10 May 2011.</p>",
        "hosted_it": "<p>Il 10 maggio 2011 Senigallia ha ospitato un incontro della rete.</p>",
        "hosted_en": "<p>On 10 May 2011 Senigallia hosted a meeting of the network.</p>",
    },
    {
        "slug": "bari",
        "name_it": "Bari",
        "name_en": "Bari",
        "region": Region.PUGLIA,
        "province": "Bari",
        "population": 316000,
        "latitude": "41.125784",
        "longitude": "16.866732",
        "website": "https://www.comune.bari.it/",
        "summary_it": "<p>Capoluogo della Puglia e porto sull'Adriatico, Bari è una delle "
        "dieci città della rete.</p>",
        "summary_en": "<p>The capital of Apulia and a port on the Adriatic, Bari is one of the "
        "network's ten cities.</p>",
        "hosted_it": "",
        "hosted_en": "",
    },
    {
        "slug": "campi-bisenzio",
        "name_it": "Campi Bisenzio",
        "name_en": "Campi Bisenzio",
        "region": Region.TOSCANA,
        "province": "Firenze",
        "population": 47000,
        "latitude": "43.825680",
        "longitude": "11.132370",
        "website": "https://www.comune.campi-bisenzio.fi.it/",
        "summary_it": "<p>Comune dell'area fiorentina, Campi Bisenzio è una delle dieci città "
        "della rete e ne ha ospitato gli incontri del 19 marzo 2011 e dell'8 settembre "
        "2012.</p>",
        "summary_en": "<p>A town of the Florence area, Campi Bisenzio is one of the network's "
        "ten cities and hosted its meetings of 19 March 2011 and 8 September 2012.</p>",
        "hosted_it": "<p>Campi Bisenzio ha ospitato due incontri della rete: il 19 marzo 2011 "
        "e l'8 settembre 2012.</p>",
        "hosted_en": "<p>Campi Bisenzio hosted two meetings of the network: on 19 March 2011 "
        "and on 8 September 2012.</p>",
    },
    {
        "slug": "reggio-emilia",
        "name_it": "Reggio Emilia",
        "name_en": "Reggio Emilia",
        "region": Region.EMILIA_ROMAGNA,
        "province": "Reggio Emilia",
        "population": 171000,
        "latitude": "44.697613",
        "longitude": "10.631079",
        "website": "https://www.comune.re.it/",
        "summary_it": "<p>Reggio Emilia ha ospitato il 21 settembre 2010 il secondo incontro "
        "delle città interculturali italiane, con il sostegno del programma Città "
        "interculturali del Consiglio d'Europa e della Commissione europea.</p>",
        "summary_en": "<p>On 21 September 2010 Reggio Emilia hosted the second meeting of the "
        "Italian intercultural cities, with the support of the Intercultural Cities "
        "programme of the Council of Europe and the European Commission.</p>",
        "hosted_it": "<p>Reggio Emilia ha ospitato anche l'incontro della rete dal 5 al 7 "
        "ottobre 2011 e la Scuola di buone prassi del 19 e 20 novembre 2012, e ha adottato "
        "il Programma 2012-2014 per l'amministrazione locale sul dialogo interculturale e "
        "l'attuazione delle raccomandazioni del Consiglio d'Europa.</p>",
        "hosted_en": "<p>Reggio Emilia also hosted the network meeting of 5 to 7 October 2011 and "
        "the School of good practice of 19 and 20 November 2012, and adopted the Programme "
        "2012-2014 for local government on intercultural dialogue and implementation of "
        "Council of Europe recommendations.</p>",
    },
]

# At least one activity per city, on the network's themes. Only Reggio Emilia's programme
# comes from the network's page; the others are examples for staff to replace.
ACTIVITIES = [
    {
        "city": "genova",
        "theme": "training",
        "example": True,
        "title_it": "Formazione interculturale per il personale degli sportelli comunali",
        "title_en": "Intercultural training for the staff of the city's counters",
        "description_it": "<p>Incontri di formazione per chi accoglie il pubblico negli uffici "
        "comunali: comunicare con persone di lingue e culture diverse, orientarle tra i "
        "servizi.</p>",
        "description_en": "<p>Training sessions for the staff who receive the public at the "
        "city's offices: communicating with people of different languages and cultures, and "
        "guiding them through the services.</p>",
    },
    {
        "city": "torino",
        "theme": "second-generations",
        "example": True,
        "title_it": "Giovani delle seconde generazioni protagonisti della città",
        "title_en": "Second-generation young people taking part in city life",
        "description_it": "<p>Percorsi che coinvolgono ragazze e ragazzi figli di migranti "
        "nella vita culturale e associativa della città e li aiutano a far valere i propri "
        "talenti.</p>",
        "description_en": "<p>Programmes that involve the children of migrants in the city's "
        "cultural and community life and help them make the most of their talents.</p>",
    },
    {
        "city": "savignano-sul-rubicone",
        "theme": "mediation",
        "example": True,
        "title_it": "Mediazione sociale nei quartieri",
        "title_en": "Social mediation in the neighbourhoods",
        "description_it": "<p>Mediatori che ascoltano i residenti e aiutano a risolvere i "
        "conflitti di vicinato tra famiglie di origini diverse.</p>",
        "description_en": "<p>Mediators who listen to residents and help settle disputes "
        "between neighbours of different origins.</p>",
    },
    {
        "city": "fermo",
        "theme": "training",
        "example": True,
        "title_it": "Corso di lingua e intercultura per gli operatori dei servizi sociali",
        "title_en": "Language and intercultural course for social services staff",
        "description_it": "<p>Un corso che unisce elementi delle lingue più parlate dai nuovi "
        "residenti e strumenti di comunicazione interculturale.</p>",
        "description_en": "<p>A course combining basics of the languages most spoken by new "
        "residents with tools for intercultural communication.</p>",
    },
    {
        "city": "pompei",
        "theme": "integration",
        "example": True,
        "title_it": "Sportello informativo per i cittadini stranieri",
        "title_en": "Information desk for foreign residents",
        "description_it": "<p>Un punto di informazione e orientamento sui servizi del comune "
        "e del territorio per le cittadine e i cittadini stranieri.</p>",
        "description_en": "<p>A desk that informs foreign residents about the services of the "
        "municipality and the area, and guides them to the right office.</p>",
    },
    {
        "city": "lodi",
        "theme": "mediation",
        "example": True,
        "title_it": "Mediatori interculturali nei servizi e nei quartieri",
        "title_en": "Intercultural mediators in services and neighbourhoods",
        "description_it": "<p>Mediatrici e mediatori interculturali affiancano gli uffici e "
        "sono presenti nei quartieri per favorire la convivenza.</p>",
        "description_en": "<p>Intercultural mediators work alongside the city's offices and in "
        "the neighbourhoods to help people live together.</p>",
    },
    {
        "city": "senigallia",
        "theme": "second-generations",
        "example": True,
        "title_it": "Spazio giovani per le seconde generazioni",
        "title_en": "A youth space for the second generations",
        "description_it": "<p>Uno spazio di incontro dove giovani di origini diverse "
        "progettano insieme iniziative per la città.</p>",
        "description_en": "<p>A meeting place where young people of different origins plan "
        "activities for the city together.</p>",
    },
    {
        "city": "bari",
        "theme": "intercultural-centres",
        "example": True,
        "title_it": "Un centro interculturale per la città",
        "title_en": "An intercultural centre for the city",
        "description_it": "<p>Un luogo aperto a tutte le comunità, con attività culturali, "
        "corsi di lingua e incontri tra associazioni.</p>",
        "description_en": "<p>A place open to every community, with cultural activities, "
        "language courses and meetings between associations.</p>",
    },
    {
        "city": "campi-bisenzio",
        "theme": "education",
        "example": True,
        "title_it": "Scuole aperte all'intercultura",
        "title_en": "Schools open to intercultural education",
        "description_it": "<p>Laboratori nelle scuole per alunni e famiglie di origini "
        "diverse, con il sostegno di mediatori linguistici.</p>",
        "description_en": "<p>Workshops in schools for pupils and families of different "
        "origins, with the support of language mediators.</p>",
    },
    {
        "city": "reggio-emilia",
        "theme": "integration",
        "example": False,
        "year": 2012,
        "title_it": "Programma 2012-2014 per l'amministrazione locale sul dialogo "
        "interculturale e l'attuazione delle raccomandazioni del Consiglio d'Europa",
        "title_en": "Programme 2012-2014 for local government on intercultural dialogue and "
        "implementation of Council of Europe recommendations",
        "description_it": "<p>Il programma con cui Reggio Emilia traduce in azioni "
        "dell'amministrazione locale il dialogo interculturale e le raccomandazioni del "
        "Consiglio d'Europa.</p>",
        "description_en": "<p>The programme through which Reggio Emilia turns intercultural "
        "dialogue and the Council of Europe's recommendations into actions of its local "
        "government.</p>",
    },
]


def _profile(data: dict, language: str) -> str:
    name = data[f"name_{language}"]
    if language == "it":
        parts = [SECOND_MEETING_IT, STEPS_IT, AIMS_IT]
    else:
        parts = [SECOND_MEETING_EN, STEPS_EN, AIMS_EN]
    if data["slug"] == "reggio-emilia":
        parts = parts[1:]  # its summary already tells about the second meeting
    text = "".join(part.format(name=name) for part in parts)
    return text + data[f"hosted_{language}"]


def load_themes() -> int:
    created = 0
    for order, data in enumerate(THEMES, start=1):
        values = {key: value for key, value in data.items() if key != "slug"}
        _, new = Theme.objects.get_or_create(slug=data["slug"], defaults={**values, "order": order})
        created += new
    return created


def load_cities() -> int:
    created = 0
    for data in CITIES:
        values = {
            "name_it": data["name_it"],
            "name_en": data["name_en"],
            "region": data["region"],
            "province": data["province"],
            "population": data["population"],
            "latitude": Decimal(data["latitude"]),
            "longitude": Decimal(data["longitude"]),
            "website": data["website"],
            "status": City.Status.MEMBER,
            "summary_it": data["summary_it"],
            "summary_en": data["summary_en"],
            "profile_it": _profile(data, "it"),
            "profile_en": _profile(data, "en"),
            "published": True,
        }
        _, new = City.objects.get_or_create(slug=data["slug"], defaults=values)
        created += new
    return created


def load_activities() -> int:
    created = 0
    cities = {
        city.slug: city for city in City.objects.filter(slug__in=[a["city"] for a in ACTIVITIES])
    }
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    for data in ACTIVITIES:
        city = cities.get(data["city"])
        if city is None:
            continue
        values = {
            key: value for key, value in data.items() if key not in ("city", "theme", "title_it")
        }
        _, new = Activity.objects.get_or_create(
            city=city,
            title_it=data["title_it"],
            defaults={**values, "theme": themes.get(data["theme"]), "published": True},
        )
        created += new
    return created


def load() -> int:
    """Create what is missing; return how many objects were created."""
    return load_themes() + load_cities() + load_activities()
