// The map of intake/map.html with tiles (settings.MAP_TILE_URL): Leaflet with clustered
// markers, the same points as the grid plot and the table. Without Leaflet or without
// points the plain plot (#map-fallback) stays; a tile that does not load leaves the
// markers on a blank background, never a broken page.
(function () {
  "use strict";

  function init() {
    var el = document.getElementById("map");
    var data = document.getElementById(el ? el.dataset.points : "");
    if (!el || !data || typeof L === "undefined") return;
    var points = JSON.parse(data.textContent);
    if (!points.length) return;
    el.hidden = false;
    var fallback = document.getElementById("map-fallback");
    if (fallback) fallback.setAttribute("hidden", "");
    var map = L.map(el, { scrollWheelZoom: false });
    L.tileLayer(el.dataset.tileUrl, { attribution: el.dataset.attribution || "", maxZoom: 19 }).addTo(map);
    var icon = L.divIcon({ className: "app-map__marker", iconSize: [14, 14] });
    var cluster = typeof L.markerClusterGroup === "function" ? L.markerClusterGroup() : L.layerGroup();
    var bounds = [];
    points.forEach(function (p) {
      var marker = L.marker([p.lat, p.lon], { icon: icon, title: p.day + " — " + p.location, keyboard: true });
      var link = document.createElement("a");
      link.href = p.url;
      link.textContent = p.day + " — " + p.location + (p.group ? " (" + p.group + ")" : "");
      marker.bindPopup(link);
      cluster.addLayer(marker);
      bounds.push([p.lat, p.lon]);
    });
    map.addLayer(cluster);
    map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
    el.classList.add("app-map__tiles--ready");
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
