import pytest
from django.core.cache import cache
from django.utils import translation


@pytest.fixture(autouse=True)
def _isolate(settings, tmp_path):
    """Each test gets its own media folder, an empty cache and Italian as the language."""
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    translation.activate("it")
    yield
    translation.deactivate()
