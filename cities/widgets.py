"""Back-office widgets of the cities app."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class MapPickerWidget(forms.NumberInput):
    """The longitude input with a map under it, for a latitude/longitude pair of fields.

    Clicking the map or dragging its marker writes both coordinates (rounded to six
    decimals); typing them moves the marker. Leaflet comes from django-leaflet's static
    files, the behaviour from a static script configured through data- attributes, so the
    admin needs no inline script. Use it on the longitude field of any model with a pair.
    """

    template_name = "cities/widgets/map_picker.html"

    def __init__(
        self, attrs=None, latitude_field="latitude", longitude_field="longitude", help_text=""
    ):
        super().__init__(attrs={"step": "0.000001", **(attrs or {})})
        self.latitude_field = latitude_field
        self.longitude_field = longitude_field
        # The field's help text, shown beside its input rather than under the map (give
        # the form field no help text of its own, or Django repeats it there).
        self.help_text = help_text

    class Media:
        css = {"all": ["leaflet/leaflet.css", "cities/map_picker.css"]}
        js = ["leaflet/leaflet.js", "icnet/marker_icon.js", "cities/map_picker.js"]

    def get_context(self, name, value, attrs):
        if self.help_text and attrs and attrs.get("id"):
            attrs = {**attrs, "aria-describedby": f"{attrs['id']}_helptext"}
        context = super().get_context(name, value, attrs)
        center = settings.LEAFLET_CONFIG.get("DEFAULT_CENTER", (42.5, 12.5))
        context["picker"] = {
            "latitude_field": self.latitude_field,
            "longitude_field": self.longitude_field,
            "tiles_url": settings.MAP_TILES_URL,
            "tiles_attribution": settings.MAP_TILES_ATTRIBUTION,
            "center_lat": center[0],
            "center_lng": center[1],
            "zoom": settings.LEAFLET_CONFIG.get("DEFAULT_ZOOM", 5),
            "label": _("Map: click to place the point, or drag the marker"),
            "help_text": self.help_text,
        }
        return context
