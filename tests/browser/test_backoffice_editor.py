"""A city editor keeps the profile current in both languages, in a real browser."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.factories import CityFactory, back_office_user

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def editor(live_server):

    from icnet.core.roles import EDITOR_GROUP

    city = CityFactory(slug="fermo", name_it="Fermo", name_en="Fermo", profile_it="", profile_en="")
    return back_office_user("assessore", EDITOR_GROUP, city), city


def _type_in_editor(page, field_id: str, text: str) -> None:
    """Type into the prose editor that belongs to the textarea with this id."""
    editor = page.locator(f"#tab_{field_id}").get_by_role("textbox")
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def test_editor_signs_in_edits_both_tabs_and_sees_both_languages(page, live_server, editor):
    user, city = editor
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto(f"{live_server.url}/{settings.ADMIN_PATH}login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/{settings.ADMIN_PATH}")  # signed in
    page.goto(f"{live_server.url}/{settings.ADMIN_PATH}cities/city/{city.pk}/change/")

    # The Italian tab is open first; the English one is a click away.
    _type_in_editor(page, "id_profile_it", "Fermo accoglie chi arriva.")
    page.locator("li[aria-controls='tab_id_profile_en'] a").click()
    _type_in_editor(page, "id_profile_en", "Fermo welcomes newcomers.")
    page.locator("input[name=_save]").first.click()
    expect(page).to_have_url(re.compile(r".*/cities/city/$"))
    page.wait_for_load_state()

    city.refresh_from_db()
    assert "Fermo accoglie chi arriva." in city.profile_it
    assert "Fermo welcomes newcomers." in city.profile_en
    page.goto(f"{live_server.url}/it/citta/fermo/")
    expect(page.get_by_text("Fermo accoglie chi arriva.")).to_be_visible()
    page.goto(f"{live_server.url}/en/cities/fermo/")
    expect(page.get_by_text("Fermo welcomes newcomers.")).to_be_visible()
    assert not [m for m in messages if "Content Security Policy" in m or "Refused to" in m]
