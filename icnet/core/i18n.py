"""Language helpers the apps share: the active language's code, dates in running text and
Italian place names as English writes them."""

import datetime

from django.conf import settings
from django.utils import dateformat
from django.utils.translation import get_language

# Languages that write month names in lower case ("22 maggio 2010"); Django's own Italian
# catalogue capitalises them, as in a calendar heading.
LOWER_CASE_MONTHS = {"it"}


def current_language() -> str:
    """The active language's code without a region ("it", "en"), the site's by default."""
    return (get_language() or settings.LANGUAGE_CODE).split("-")[0]


def month_name(day: datetime.date) -> str:
    """The month's name as running text writes it in the active language: maggio, May."""
    name = dateformat.format(day, "F")
    return name.lower() if current_language() in LOWER_CASE_MONTHS else name


def long_date(day: datetime.date) -> str:
    """A date written out in the active language: 22 maggio 2010, 22 May 2010."""
    return f"{day.day} {month_name(day)} {day.year}"


# The Italian places English calls by a name of its own. English pages use that name for
# every place, everywhere (the cities' names, translated by staff, already do: Genova is
# Genoa): so too for the names stored once, in Italian, such as provinces and the towns of
# meetings held outside the member cities. Other places keep their Italian name in English.
ENGLISH_PLACE_NAMES = {
    "Firenze": "Florence",
    "Genova": "Genoa",
    "Mantova": "Mantua",
    "Milano": "Milan",
    "Napoli": "Naples",
    "Padova": "Padua",
    "Roma": "Rome",
    "Siracusa": "Syracuse",
    "Torino": "Turin",
    "Venezia": "Venice",
}


def place_name(name: str, language: str | None = None) -> str:
    """A place's Italian name as the language (the active one) writes it: Torino, Turin."""
    if (language or current_language()) == "en":
        return ENGLISH_PLACE_NAMES.get(name, name)
    return name
