"""The documents part of the network's content, loaded by load_demo."""

from documents.models import Link

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
            "The Italian network's pages in the Council of Europe's Intercultural Cities "
            "programme."
        ),
        "order": 1,
    },
]


def load() -> int:
    """Create what is missing; return how many objects were created."""
    created = 0
    for data in LINKS:
        values = {k: v for k, v in data.items() if k != "url"}
        _, new = Link.objects.get_or_create(url=data["url"], defaults=values)
        created += new
    return created
