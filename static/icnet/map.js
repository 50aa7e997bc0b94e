/* Draws every [data-map] element as a Leaflet map of points.
   Data comes from a json_script element (data-geojson-id) or a URL (data-geojson-url), as
   either a GeoJSON FeatureCollection of points or the compact form of long lists:
     {"v": 1, "url": "/it/cities/{slug}/", "thumb": "/it/cities/{slug}/thumbnail/",
      "rows": [[lat, lng, "Name", "slug", has_photo (0/1), "subtitle", "photo alt"?], ...]}
   Popups are built with DOM text nodes, never from HTML strings, and only when opened.
   Under the tiles lies the site's own basemap of Italy's regions (data-basemap-url, a
   GeoJSON file shipped with the site), so the map reads while tiles load, when they fail
   and with tiles turned off (no data-tiles-url): then the map asks no other host. */
(function () {
  "use strict";

  function readData(el) {
    if (el.dataset.geojsonId) {
      var node = document.getElementById(el.dataset.geojsonId);
      return Promise.resolve(node ? JSON.parse(node.textContent) : { features: [] });
    }
    if (el.dataset.geojsonUrl) {
      // A plain same-origin fetch, so that a page's <link rel="preload" as="fetch"> serves it.
      return fetch(el.dataset.geojsonUrl)
        .then(function (r) { return r.ok ? r.json() : { features: [] }; });
    }
    return Promise.resolve({ features: [] });
  }

  function fill(template, slug) {
    return template ? template.split("{slug}").join(encodeURIComponent(slug)) : "";
  }

  /* Each point: [latitude, longitude, name, a function giving the popup's properties]. */
  function pointsFromRows(data) {
    return data.rows.map(function (row) {
      return [row[0], row[1], row[2], function () {
        return {
          name: row[2],
          url: fill(data.url, row[3]),
          subtitle: row[5],
          thumbnail: row[4] ? fill(data.thumb, row[3]) : "",
          thumbnail_alt: row[6] || ""
        };
      }];
    });
  }

  function pointsFromFeatures(data) {
    var points = [];
    (data.features || []).forEach(function (f) {
      if (!f.geometry || f.geometry.type !== "Point") { return; }
      var c = f.geometry.coordinates;
      var props = f.properties || {};
      points.push([c[1], c[0], props.name, function () { return props; }]);
    });
    return points;
  }

  function popup(props, openLabel) {
    var box = document.createElement("div");
    box.className = "map-popup";
    if (props.thumbnail) {
      var img = document.createElement("img");
      img.src = props.thumbnail;
      img.alt = props.thumbnail_alt || "";
      img.width = 120;
      img.height = 80;
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


  /* The shipped basemap, in a pane of its own beneath the tiles: tiles that load cover it,
     tiles that fail (or none at all) leave it showing. Drawn as SVG paths, not clickable. */
  function drawBasemap(el, map, basemap) {
    basemap.then(function (data) {
      if (!data) { return; }
      map.createPane("basemap").style.zIndex = 150;
      L.geoJSON(data, {
        pane: "basemap",
        renderer: L.svg({ pane: "basemap" }),
        interactive: false,
        style: { color: "#8a9aa6", weight: 1, fillColor: "#f3f0e8", fillOpacity: 1 }
      }).addTo(map);
      if (el.dataset.basemapAttribution) {
        map.attributionControl.addAttribution(el.dataset.basemapAttribution);
      }
      el.dataset.basemapReady = "true";
    });
  }

  function readBasemap(el) {
    if (!el.dataset.basemapUrl) { return Promise.resolve(null); }
    return fetch(el.dataset.basemapUrl)
      .then(function (r) { return r.ok ? r.json() : null; })
      .catch(function () { return null; });
  }

  function draw(el, data, basemap) {
    var points = Array.isArray(data.rows) ? pointsFromRows(data) : pointsFromFeatures(data);
    var map = L.map(el, { scrollWheelZoom: false, maxZoom: 18 });
    el._leafletMap = map;
    drawBasemap(el, map, basemap);
    if (el.dataset.tilesUrl) {
      L.tileLayer(el.dataset.tilesUrl, {
        attribution: el.dataset.tilesAttribution || "",
        maxZoom: 18
      }).addTo(map);
    }
    // The view first, from the coordinates alone: the clusters are then made once, for it.
    var count = points.length;
    if (count > 0) {
      var bounds = L.latLngBounds(points.map(function (p) { return [p[0], p[1]]; }));
      var zoom = parseInt(el.dataset.zoom || "11", 10);
      if (count === 1) { map.setView(bounds.getCenter(), zoom); }
      else { map.fitBounds(bounds.pad(0.15), { maxZoom: zoom }); }
    } else {
      map.setView([42.5, 12.5], 5);
    }

    var icon = window.icnetMarkerIcon(el);
    var markers = points.map(function (p) {
      var options = { title: p[2] || "", alt: p[2] || "" };
      if (icon) { options.icon = icon; }
      var marker = L.marker([p[0], p[1]], options);
      marker.mapProperties = p[3];
      return marker;
    });

    // One listener for every marker: a marker gets its popup the first time it is opened
    // (click, or Enter on the focused marker); from then on the popup is its own.
    var openLabel = el.dataset.openLabel || "Open";
    function openPopup(e) {
      var marker = e.layer;
      if (!marker || !marker.mapProperties || marker.getPopup()) { return; }
      if (e.type === "keypress" && e.originalEvent.keyCode !== 13) { return; }
      marker.bindPopup(popup(marker.mapProperties(), openLabel)).openPopup();
    }

    function ready(layer) {
      el.dataset.mapReady = String(count);
      el.dispatchEvent(new CustomEvent("map:ready", { detail: { map: map, layer: layer } }));
    }

    if (el.hasAttribute("data-cluster") && L.markerClusterGroup) {
      // Thousands of markers: added in one call, in chunks that leave the page responsive.
      // Clusters are made up to zoom 13 only (closer in, every city has its own marker):
      // fewer levels to fill makes large maps much quicker to draw.
      // The last chunk reports progress just before the clusters are drawn: the map is ready
      // when addLayers returns, or, if it took several chunks, just after the last one.
      var adding = true;
      var finished = false;
      var group = L.markerClusterGroup({
        showCoverageOnHover: false,
        maxClusterRadius: 40,
        disableClusteringAtZoom: 14,
        chunkedLoading: true,
        // Work in slices of 200 ms, yielding to the page between them but not waiting.
        chunkDelay: 1,
        chunkProgress: function (processed, total) {
          if (processed < total || finished) { return; }
          finished = true;
          if (!adding) { setTimeout(function () { ready(group); }, 0); }
        }
      });
      group.on("click keypress", openPopup).addTo(map);
      group.addLayers(markers);
      adding = false;
      if (finished) { ready(group); }
    } else {
      ready(L.featureGroup(markers).on("click keypress", openPopup).addTo(map));
    }
  }

  function init() {
    if (typeof L === "undefined") { return; }
    document.querySelectorAll("[data-map]").forEach(function (el) {
      // Both files are asked for at once; the markers do not wait for the basemap.
      var basemap = readBasemap(el);
      readData(el).then(function (data) { draw(el, data, basemap); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
