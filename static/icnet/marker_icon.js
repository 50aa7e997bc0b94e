/* Leaflet's default marker, with its images (the high-density one and the shadow included)
   at the addresses the page gives on the map's element (data-marker-icon,
   data-marker-icon-retina, data-marker-shadow: the map_marker_images tag): Leaflet would
   otherwise guess their folder from its stylesheet and miss. Used by map.js and the admin's
   map picker; undefined when the page gives no images. */
window.icnetMarkerIcon = function (el) {
  "use strict";
  if (!el.dataset.markerIcon) { return undefined; }
  return L.icon({
    iconUrl: el.dataset.markerIcon,
    iconRetinaUrl: el.dataset.markerIconRetina || el.dataset.markerIcon,
    shadowUrl: el.dataset.markerShadow || "",
    iconSize: [25, 41],
    iconAnchor: [12, 41],
    popupAnchor: [1, -34],
    tooltipAnchor: [16, -28],
    shadowSize: [41, 41]
  });
};
