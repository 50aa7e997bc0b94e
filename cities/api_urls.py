"""Open data of the cities room, under /api/ (no language prefix)."""

from django.urls import path

from cities import views

app_name = "cities_api"

urlpatterns = [
    path("cities.geojson", views.cities_geojson, name="geojson"),
]
