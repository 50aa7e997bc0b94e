"""The repository's public description: publiccode.yml (standard 0.4) and the licence file."""

import datetime
import json
import os
import re
import tomllib

import pytest
from django.conf import settings

try:
    import yaml
except ImportError:  # pragma: no cover - PyYAML comes with the dev extra
    if os.environ.get("CI"):
        raise
    pytest.skip("PyYAML is missing: run `make install-dev`", allow_module_level=True)

ROOT = settings.BASE_DIR
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


@pytest.fixture(scope="module")
def publiccode():
    return yaml.safe_load((ROOT / "publiccode.yml").read_text(encoding="utf-8"))


def test_standard_version_and_identity(publiccode):
    assert publiccode["publiccodeYmlVersion"] == "0.4"
    assert publiccode["name"] == PYPROJECT["name"]
    assert re.fullmatch(r"https://\S+", publiccode["url"])
    assert publiccode["softwareVersion"] == PYPROJECT["version"]
    datetime.date.fromisoformat(publiccode["releaseDate"])
    assert "web" in publiccode["platforms"]
    assert publiccode["softwareType"] == "standalone/web"
    assert publiccode["developmentStatus"] in {
        "concept",
        "development",
        "beta",
        "stable",
        "obsolete",
    }
    assert publiccode["categories"]
    for category in publiccode["categories"]:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", category), category


def test_description_in_both_languages(publiccode):
    description = publiccode["description"]
    assert set(description) == {"it", "en"}
    for language, text in description.items():
        short = text["shortDescription"].strip()
        assert 0 < len(short) <= 150, (language, len(short))
        assert 150 <= len(text["longDescription"].strip()) <= 10000, language
        assert text["features"], language
        assert all(isinstance(feature, str) and feature for feature in text["features"])


def test_licence_matches_the_package(publiccode):
    licence = PYPROJECT["license"]["text"]
    assert publiccode["legal"]["license"] == licence
    assert json.loads((ROOT / "package.json").read_text())["license"] == licence
    assert publiccode["legal"]["mainCopyrightOwner"]


def test_maintenance_has_a_contact(publiccode):
    maintenance = publiccode["maintenance"]
    assert maintenance["type"] in {"internal", "contract", "community", "none"}
    if maintenance["type"] in {"internal", "community"}:
        assert maintenance["contacts"]
        for contact in maintenance["contacts"]:
            assert contact["name"]
            if "email" in contact:
                assert re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]+", contact["email"])


def test_languages_are_the_sites(publiccode):
    localisation = publiccode["localisation"]
    assert localisation["localisationReady"] is True
    assert localisation["availableLanguages"] == ["it", "en"]
    assert localisation["availableLanguages"] == [code for code, _name in settings.LANGUAGES]


def test_dependencies(publiccode):
    open_dependencies = {item["name"]: item for item in publiccode["dependsOn"]["open"]}
    assert {"PostgreSQL", "Redis"} <= set(open_dependencies)
    python = PYPROJECT["requires-python"].removeprefix(">=")
    assert open_dependencies["Python"]["versionMin"] == python
    optional = [item for item in open_dependencies.values() if item.get("optional")]
    assert [item["name"] for item in optional] == ["S3-compatible object store"]


def test_italian_section(publiccode):
    italian = publiccode["IT"]
    assert "it" not in publiccode  # one Italian section, in the form 0.4 asks for
    assert italian["countryExtensionVersion"] == "1.0"
    for group in ("conforme", "piattaforme"):
        assert all(isinstance(value, bool) for value in italian.get(group, {}).values())


def test_licence_file_is_the_agpl():
    lines = (ROOT / "LICENSE").read_text(encoding="ascii").splitlines()
    assert lines[0].strip() == "GNU AFFERO GENERAL PUBLIC LICENSE"
    assert lines[1].strip() == "Version 3, 19 November 2007"
    assert len(lines) == 661
    assert lines[-1] == "<http://www.gnu.org/licenses/>."
