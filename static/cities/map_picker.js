/* Map picker for a latitude/longitude pair of admin inputs.
   Each [data-map-picker] element sits in a box right after the longitude input; the
   latitude input is the one of the same form whose name differs only by the field name
   (so rows added to an inline formset work too). Clicking the map or dragging the
   marker writes both inputs, rounded to six decimals; typing in either input moves the
   marker. Configuration comes from data- attributes only: the admin's CSP allows no inline
   script. Without tiles (offline) the map is blank but clicks and the marker still work. */
(function () {
  "use strict";

  var DECIMALS = 6;

  function parse(input) {
    var text = (input.value || "").trim().replace(",", ".");
    if (text === "") { return null; }
    var value = Number(text);
    return isFinite(value) ? value : NaN;
  }


  function setup(box) {
    if (box.dataset.pickerReady || typeof L === "undefined") { return; }
    // The template row of an inline formset is copied when a row is added: leave it alone.
    if (box.closest(".empty-form")) { return; }
    var form = box.closest("form");
    var wrapper = box.closest(".map-picker-box");
    // The longitude input is the field's own input (its help text may follow it).
    var field = box.closest(".map-picker-field");
    var lngInput = field ? field.querySelector("input") : null;
    if (!form || !lngInput || lngInput.tagName !== "INPUT") { return; }
    var lngField = box.dataset.longitudeField || "longitude";
    var latName = lngInput.name.slice(0, lngInput.name.length - lngField.length) +
      (box.dataset.latitudeField || "latitude");
    var latInput = form.elements.namedItem(latName);
    if (!latInput) { return; }

    var center = [parseFloat(box.dataset.centerLat) || 42.5, parseFloat(box.dataset.centerLng) || 12.5];
    var map = L.map(box, { scrollWheelZoom: false }).setView(center, parseInt(box.dataset.zoom || "5", 10));
    if (box.dataset.tilesUrl) {
      L.tileLayer(box.dataset.tilesUrl, {
        attribution: box.dataset.tilesAttribution || "",
        maxZoom: 18
      }).addTo(map);
    }
    var marker = null;

    function report(latlng) {
      if (latlng) {
        box.dataset.markerLat = latlng.lat.toFixed(DECIMALS);
        box.dataset.markerLng = latlng.lng.toFixed(DECIMALS);
      } else {
        delete box.dataset.markerLat;
        delete box.dataset.markerLng;
      }
    }

    function place(latlng) {
      if (!marker) {
        var options = {
          draggable: true,
          autoPan: true,
          title: box.dataset.markerTitle || "",
          alt: box.dataset.markerTitle || ""
        };
        var icon = window.icnetMarkerIcon(box);
        if (icon) { options.icon = icon; }
        marker = L.marker(latlng, options).addTo(map);
        marker.on("dragend", function () { write(marker.getLatLng()); });
      } else {
        marker.setLatLng(latlng);
      }
      report(latlng);
    }

    function removeMarker() {
      if (marker) { map.removeLayer(marker); marker = null; }
      report(null);
    }

    function write(latlng) {
      var point = latlng.wrap();
      latInput.value = point.lat.toFixed(DECIMALS);
      lngInput.value = point.lng.toFixed(DECIMALS);
      place(point);
    }

    function fromInputs() {
      var lat = parse(latInput);
      var lng = parse(lngInput);
      if (lat === null && lng === null) { removeMarker(); return null; }
      if (lat === null || lng === null || isNaN(lat) || isNaN(lng)) { return null; }
      if (lat < -90 || lat > 90 || lng < -180 || lng > 180) { return null; }
      var latlng = L.latLng(lat, lng);
      place(latlng);
      return latlng;
    }

    map.on("click", function (event) { write(event.latlng); });
    [latInput, lngInput].forEach(function (input) {
      input.addEventListener("input", function () {
        var latlng = fromInputs();
        if (latlng) { map.panTo(latlng); }
      });
    });

    var clear = wrapper.querySelector("[data-map-picker-clear]");
    if (clear) {
      clear.addEventListener("click", function () {
        latInput.value = "";
        lngInput.value = "";
        removeMarker();
      });
    }

    var start = fromInputs();
    if (start) { map.setView(start, 12); }

    // A map drawn while hidden (a collapsed fieldset, an inactive tab) has no size yet:
    // measure again whenever the box changes size.
    if ("ResizeObserver" in window) {
      new ResizeObserver(function () { map.invalidateSize(); }).observe(box);
    }
    box._pickerMap = map;
    box.dataset.pickerReady = "true";
  }

  function setupAll(root) {
    (root || document).querySelectorAll("[data-map-picker]").forEach(setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { setupAll(); });
  } else {
    setupAll();
  }
  // Rows added to an admin inline formset bring their own pickers.
  document.addEventListener("formset:added", function (event) { setupAll(event.target); });
})();
