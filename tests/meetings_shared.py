"""What the tests of the meetings pages share: a fixed today, a section of a page, and a
meeting held outside the member cities."""

import datetime
from decimal import Decimal

import pytest

from tests.factories import MeetingFactory

TODAY = datetime.date(2012, 6, 1)


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    """Every meetings page reads today's date from meetings.dates.today."""
    monkeypatch.setattr("meetings.dates.today", lambda: TODAY)
    return TODAY


def _section(html: str, element_id: str) -> str:
    """The HTML of the <section> labelled by the heading with this id."""
    start = html.index(f'aria-labelledby="{element_id}"')
    end = html.index("</section>", start)
    return html[start:end]


def _outside_meeting(**extra):
    values = {
        "host_city": None,
        "place_name": "Pizzo Calabro",
        "place_region": "calabria",
        "place_latitude": Decimal("38.735300"),
        "place_longitude": Decimal("16.159700"),
    }
    return MeetingFactory(**(values | extra))
