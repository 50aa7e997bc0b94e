"""Open data of the cities room, under /api/ (no language prefix)."""

app_name = "cities_api"

urlpatterns = []
