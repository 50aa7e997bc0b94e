"""The synthetic network of the benchmark: sizes, both languages, and its refusals."""

import pytest
from django.core.management import CommandError, call_command

from cities.models import Activity, City
from documents.models import Document
from meetings.models import Meeting

pytestmark = pytest.mark.django_db(transaction=True)


def test_generates_the_asked_sizes_with_both_languages_published():
    call_command("generate_network", cities=12, meetings=20, documents=15, verbosity=0)

    cities = City.objects.filter(slug__startswith="synthetic-")
    assert cities.count() == 12
    assert Meeting.objects.filter(slug__startswith="synthetic-").count() == 20
    assert Document.objects.filter(slug__startswith="synthetic-").count() == 15
    assert Activity.objects.filter(city__in=cities).exists()
    for city in cities:
        assert city.name_it and city.name_en and city.published
    assert not Meeting.objects.filter(slug__startswith="synthetic-", title_en="").exists()


def test_a_second_network_needs_replace_and_then_replaces_the_first():
    call_command("generate_network", cities=5, meetings=2, documents=2, verbosity=0)
    with pytest.raises(CommandError, match="--replace"):
        call_command("generate_network", cities=3, meetings=1, documents=1, verbosity=0)
    call_command("generate_network", cities=3, meetings=1, documents=1, replace=True, verbosity=0)
    assert City.objects.filter(slug__startswith="synthetic-").count() == 3


@pytest.mark.parametrize(("cities", "meetings"), [(0, 1), (2, -1)])
def test_refuses_sizes_that_make_no_network(cities, meetings):
    with pytest.raises(CommandError):
        call_command("generate_network", cities=cities, meetings=meetings, documents=0)
    assert not City.objects.filter(slug__startswith="synthetic-").exists()
