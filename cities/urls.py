from django.urls import path

from cities import views

app_name = "cities"

urlpatterns = [
    path("", views.city_list, name="list"),
    path("map.json", views.city_map_data, name="map-data"),
    # Before the city profile: "themes" is reserved, no city may take it as its slug.
    path("themes/", views.theme_list, name="themes"),
    path("themes/<slug:slug>/", views.theme_detail, name="theme"),
    path("<slug:slug>/", views.city_detail, name="detail"),
    path("<slug:slug>/thumbnail/", views.city_thumbnail, name="thumbnail"),
]
