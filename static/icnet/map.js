/* Draws every [data-map] element as a Leaflet map of GeoJSON points.
   Data comes from a json_script element (data-geojson-id) or a URL (data-geojson-url);
   popups are built with DOM text nodes, never from HTML strings. Without tiles (offline)
   the markers still show. */
(function () {
  "use strict";

  function readFeatures(el) {
    if (el.dataset.geojsonId) {
      var node = document.getElementById(el.dataset.geojsonId);
      return Promise.resolve(node ? JSON.parse(node.textContent) : { features: [] });
    }
    if (el.dataset.geojsonUrl) {
      return fetch(el.dataset.geojsonUrl, { headers: { Accept: "application/geo+json" } })
        .then(function (r) { return r.ok ? r.json() : { features: [] }; });
    }
    return Promise.resolve({ features: [] });
  }

  function popup(props, openLabel) {
    var box = document.createElement("div");
    box.className = "map-popup";
    if (props.thumbnail) {
      var img = document.createElement("img");
      img.src = props.thumbnail;
      img.alt = props.thumbnail_alt || "";
      img.width = 120;
      img.loading = "lazy";
      box.appendChild(img);
    }
    var title = document.createElement("strong");
    title.textContent = props.name || "";
    box.appendChild(title);
    if (props.subtitle) {
      var sub = document.createElement("span");
      sub.className = "map-popup-sub";
      sub.textContent = props.subtitle;
      box.appendChild(sub);
    }
    if (props.url) {
      var link = document.createElement("a");
      link.href = props.url;
      link.textContent = openLabel + ": " + (props.name || "");
      box.appendChild(link);
    }
    return box;
  }

  function draw(el, data) {
    var map = L.map(el, { scrollWheelZoom: false });
    el._leafletMap = map;
    if (el.dataset.tilesUrl) {
      L.tileLayer(el.dataset.tilesUrl, {
        attribution: el.dataset.tilesAttribution || "",
        maxZoom: 18
      }).addTo(map);
    }
    var layer = el.hasAttribute("data-cluster") && L.markerClusterGroup
      ? L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 40 })
      : L.featureGroup();
    var openLabel = el.dataset.openLabel || "Open";
    (data.features || []).forEach(function (f) {
      if (!f.geometry || f.geometry.type !== "Point") { return; }
      var c = f.geometry.coordinates;
      var props = f.properties || {};
      var marker = L.marker([c[1], c[0]], { title: props.name || "", alt: props.name || "" });
      marker.bindPopup(popup(props, openLabel));
      layer.addLayer(marker);
    });
    layer.addTo(map);
    var count = (data.features || []).length;
    if (count > 0) {
      var bounds = layer.getBounds();
      var zoom = parseInt(el.dataset.zoom || "11", 10);
      if (count === 1) { map.setView(bounds.getCenter(), zoom); }
      else { map.fitBounds(bounds.pad(0.15), { maxZoom: zoom }); }
    } else {
      map.setView([42.5, 12.5], 5);
    }
    el.dataset.mapReady = String(count);
    el.dispatchEvent(new CustomEvent("map:ready", { detail: { map: map, layer: layer } }));
  }

  function init() {
    if (typeof L === "undefined") { return; }
    document.querySelectorAll("[data-map]").forEach(function (el) {
      readFeatures(el).then(function (data) { draw(el, data); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
