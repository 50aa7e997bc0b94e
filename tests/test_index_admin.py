"""The Index in the back office: staff enter a result as a grid of areas; a city editor reads
their own city's results and changes none."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from reversion.models import Version

from icnet.core.roles import EDITOR_GROUP, STAFF_GROUP
from index.models import Result, Score
from tests.admin_forms import read_form
from tests.factories import AreaFactory, CityFactory, ResultFactory, ScoreFactory, UserFactory

pytestmark = pytest.mark.django_db
ADMIN = f"/{settings.ADMIN_PATH}index/result/"


@pytest.fixture
def world():
    areas = [
        AreaFactory(slug="education", name_it="Istruzione", name_en="Education", order=1),
        AreaFactory(slug="language", name_it="Lingua", name_en="Language", order=2),
    ]
    own = CityFactory(slug="alpha", name_it="Alfa", name_en="Alpha")
    other = CityFactory(slug="beta", name_it="Beta", name_en="Beta")
    editor = UserFactory(username="editor-a", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITOR_GROUP))
    own.editors.add(editor)
    staff = UserFactory(username="staffer", is_staff=True)
    staff.groups.add(Group.objects.get(name=STAFF_GROUP))
    own_result = ResultFactory(city=own, year=2019)
    ScoreFactory(result=own_result, area=areas[0])
    other_result = ResultFactory(city=other, year=2019)
    ScoreFactory(result=other_result, area=areas[0])
    return {
        "areas": areas,
        "own": own,
        "other": other,
        "editor": editor,
        "staff": staff,
        "own_result": own_result,
        "other_result": other_result,
    }


def add_form(client) -> dict:
    html = client.get(f"{ADMIN}add/").content.decode()
    return read_form(html, "result_form")


def test_the_add_form_has_a_row_for_every_area_labelled_in_both_languages(client, world):
    client.force_login(world["staff"])
    html = client.get(f"{ADMIN}add/").content.decode()
    data = read_form(html, "result_form")
    assert data["scores-TOTAL_FORMS"] == "2"
    assert data["scores-0-area"] == str(world["areas"][0].pk)
    assert data["scores-1-area"] == str(world["areas"][1].pk)
    assert "Istruzione · Education" in html


def test_staff_enter_a_result_with_its_scores_on_one_page(client, world):
    client.force_login(world["staff"])
    data = add_form(client)
    data.update(
        {
            "city": world["other"].pk,
            "year": "2022",
            "sample_size": "110",
            "overall": "64.5",
            "published": "on",
            "scores-0-value": "70",
            "scores-0-sample_average": "55.5",
            "scores-1-value": "40",
            "scores-1-sample_average": "50",
        }
    )
    response = client.post(f"{ADMIN}add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    result = Result.objects.get(city=world["other"], year=2022)
    assert result.overall == Decimal("64.5") and result.example is False
    assert sorted((s.area.slug, s.value, s.sample_average) for s in result.scores.all()) == [
        ("education", Decimal("70"), Decimal("55.5")),
        ("language", Decimal("40"), Decimal("50")),
    ]
    assert Version.objects.get_for_object(result).count() == 1


def test_an_area_left_empty_is_not_recorded(client, world):
    client.force_login(world["staff"])
    data = add_form(client)
    data.update(
        {
            "city": world["other"].pk,
            "year": "2023",
            "sample_size": "90",
            "overall": "50",
            "scores-0-value": "70",
            "scores-0-sample_average": "55",
        }
    )
    assert client.post(f"{ADMIN}add/", data).status_code == 302
    result = Result.objects.get(year=2023)
    assert [s.area.slug for s in result.scores.all()] == ["education"]


@pytest.mark.parametrize(
    ("scores", "message"),
    [
        ({"scores-0-value": "101", "scores-0-sample_average": "50"}, "A score is a number"),
        ({"scores-0-value": "-3", "scores-0-sample_average": "50"}, "A score is a number"),
        ({}, "Enter the score of at least one area."),
        (
            {
                "scores-0-value": "70",
                "scores-0-sample_average": "50",
                "scores-1-area": "FIRST",
                "scores-1-value": "60",
                "scores-1-sample_average": "50",
            },
            "Each area has one score per result: remove the repeated rows.",
        ),
    ],
)
def test_bad_scores_are_refused_with_a_message(client, world, settings, scores, message):
    settings.LANGUAGE_CODE = "en"
    client.force_login(world["staff"])
    data = add_form(client)
    data.update({"city": world["other"].pk, "year": "2024", "sample_size": "90", "overall": "50"})
    data.update(scores)
    if data.get("scores-1-area") == "FIRST":
        data["scores-1-area"] = data["scores-0-area"]
    response = client.post(f"{ADMIN}add/", data, headers={"accept-language": "en"})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Result.objects.filter(year=2024).exists()


def test_a_result_for_an_edition_already_recorded_is_refused(client, world):
    client.force_login(world["staff"])
    data = add_form(client)
    data.update(
        {
            "city": world["own"].pk,
            "year": "2019",
            "sample_size": "90",
            "overall": "50",
            "scores-0-value": "70",
            "scores-0-sample_average": "55",
        }
    )
    response = client.post(f"{ADMIN}add/", data)
    assert response.status_code == 200
    assert Result.objects.filter(city=world["own"]).count() == 1


def test_staff_change_and_delete_results(client, world):
    client.force_login(world["staff"])
    url = f"{ADMIN}{world['other_result'].pk}/change/"
    data = read_form(client.get(url).content.decode(), "result_form")
    data["overall"] = "77"
    assert client.post(url, data).status_code == 302
    assert Result.objects.get(pk=world["other_result"].pk).overall == Decimal("77")
    response = client.post(f"{ADMIN}{world['other_result'].pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Result.objects.filter(pk=world["other_result"].pk).exists()


def test_an_editor_sees_only_their_city_s_results(client, world):
    client.force_login(world["editor"])
    html = client.get(ADMIN).content.decode()
    assert f"{ADMIN}{world['own_result'].pk}/change/" in html
    assert f"{ADMIN}{world['other_result'].pk}/change/" not in html
    page = client.get(f"{ADMIN}{world['own_result'].pk}/change/")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'name="_save"' not in body
    assert 'name="overall"' not in body and 'name="scores-0-value"' not in body
    # Another city's result: not there for this editor.
    other = client.get(f"{ADMIN}{world['other_result'].pk}/change/")
    assert other.status_code == 403
    assert "Beta" not in other.content.decode()
    assert Result.objects.get(pk=world["other_result"].pk).overall == Decimal("60")


def test_an_editor_cannot_add_change_or_delete_results(client, world):
    client.force_login(world["editor"])
    own = world["own_result"]
    assert client.get(f"{ADMIN}add/").status_code == 403
    assert client.post(f"{ADMIN}add/", {"city": world["own"].pk, "year": "2024"}).status_code == 403
    response = client.post(
        f"{ADMIN}{own.pk}/change/",
        {"city": world["own"].pk, "year": "2019", "overall": "99", "sample_size": "1"},
    )
    assert response.status_code == 403
    assert client.post(f"{ADMIN}{own.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.post(f"/{settings.ADMIN_PATH}index/area/add/", {}).status_code == 403
    own.refresh_from_db()
    assert own.overall == Decimal("60") and Score.objects.filter(result=own).count() == 1
