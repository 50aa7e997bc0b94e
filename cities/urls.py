from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from cities import views

app_name = "cities"

urlpatterns = [
    path("", views.city_list, name="list"),
    path(_("map.json"), views.city_map_data, name="map-data"),
    # Before the city profile: "themes" and "temi" are reserved, no city may take them.
    path(_("themes/"), views.theme_list, name="themes"),
    path(format_lazy("{}<slug:slug>/", _("themes/")), views.theme_detail, name="theme"),
    path("<slug:slug>/", views.city_detail, name="detail"),
    path(format_lazy("<slug:slug>/{}", _("thumbnail/")), views.city_thumbnail, name="thumbnail"),
]
