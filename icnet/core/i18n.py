"""Language helpers the apps share: the active language's code and dates in running text."""

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
