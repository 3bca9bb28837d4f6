/* qjmap: no heaps. Features that share one placement (a district or city point) and points
 * that would overlap on screen at the current zoom become one marker with a count; clicking
 * it lists its features (in the app's side panel, or in a popup in the standalone export).
 * A district-level feature's honest uncertainty region is its district, so selecting one
 * outlines that polygon (regionHalo). Runs once per layout pass (labels.js), in container
 * pixels; names reach the DOM only as text. */
(function () {
  "use strict";
  var QJ = window.QJ;
  var ctx, map, pane, layer;
  var placements = [];  // one per distinct point position: {lat, lng, ids, region}
  var regions = {};     // "counties:330803" -> basemap feature
  var clusters = [];    // the last layout's markers
  var GAP = 2;          // px kept clear between two markers
  var COLOR = /^#[0-9a-fA-F]{3,8}$/;

  function groupRadius(n) { return Math.min(20, 9 + 2.4 * Math.log(n)); }

  function singleRadius(id) {
    var r = 8;
    ctx.byId[id].layer.eachLayer(function (s) {
      if (s.options && s.options.radius) r = s.options.radius + (s.options.weight || 0) / 2;
    });
    return r;
  }

  function setHidden(id, hidden) {
    ctx.byId[id].layer.eachLayer(function (s) {
      var el = s.getElement && s.getElement();
      if (el) el.style.display = hidden ? "none" : "";
    });
  }

  QJ.groups = {};

  QJ.groups.init = function (c) {
    ctx = c; map = c.map;
    ["counties", "cities", "provinces"].forEach(function (n) {
      ((c.data.basemap[n] || {}).features || []).forEach(function (f) { regions[n + ":" + f.properties.adcode] = f; });
    });
    var byKey = {};
    c.data.features.forEach(function (f) {
      if (!f.geometry || f.geometry.type !== "Point") return;
      var k = f.geometry.coordinates.join(",");
      if (!byKey[k]) {
        byKey[k] = { lng: f.geometry.coordinates[0], lat: f.geometry.coordinates[1], ids: [], region: "" };
        placements.push(byKey[k]);
      }
      byKey[k].ids.push(f.properties.id);
      if (f.properties.precision === "district" && f.properties.region) byKey[k].region = f.properties.region;
    });
    [["qj-groups", 655], ["qj-halo", 650]].forEach(function (s) {
      if (!map.getPane(s[0])) { map.createPane(s[0]); map.getPane(s[0]).style.zIndex = s[1]; }
    });
    pane = map.getPane("qj-groups");
    layer = L.DomUtil.create("div", "qj-group-layer leaflet-zoom-hide", pane);
  };

  QJ.groups.region = function (ref) { return regions[ref] || null; };

  /* The selection outline for a district/city-level feature: its administrative polygon. */
  QJ.groups.regionHalo = function (f) {
    var p = f.properties, reg = p.precision === "district" && p.region ? regions[p.region] : null;
    if (!reg) return null;
    return L.geoJSON(reg, {
      pane: "qj-halo", interactive: false,
      style: function () {
        return { color: "#ffb300", weight: 4, opacity: 0.95, fillColor: "#ffd600", fillOpacity: 0.14, className: "qj-halo qj-region-halo" };
      }
    });
  };

  /* Markers for the visible point features: [{x, y, r, ids, anchor, merged}], container px. */
  QJ.groups.layout = function () {
    var items = [];
    placements.forEach(function (pl) {
      var ids = pl.ids.filter(function (id) { return ctx.layerVisible(ctx.byId[id].feature.properties.layer); });
      if (!ids.length) return;
      var pt = map.latLngToContainerPoint([pl.lat, pl.lng]);
      items.push({ x: pt.x, y: pt.y, ids: ids, anchor: pl, merged: false,
                   r: ids.length > 1 ? groupRadius(ids.length) : singleRadius(ids[0]) });
    });
    // Merge any two markers that touch, keeping the one with more features in place, until none do.
    var again = true;
    while (again) {
      again = false;
      for (var i = 0; i < items.length && !again; i++) {
        for (var j = i + 1; j < items.length; j++) {
          var a = items[i], b = items[j], dx = a.x - b.x, dy = a.y - b.y, lim = a.r + b.r + GAP;
          if (dx * dx + dy * dy >= lim * lim) continue;
          var keep = b.ids.length > a.ids.length ? b : a, drop = keep === a ? b : a;
          keep.ids = keep.ids.concat(drop.ids);
          keep.merged = true;
          keep.r = groupRadius(keep.ids.length);
          items.splice(items.indexOf(drop), 1);
          again = true;
          break;
        }
      }
    }
    clusters = items;
    draw();
    return clusters;
  };

  function ring(ids) {
    var counts = {}, order = [];
    ids.forEach(function (id) {
      var l = ctx.byId[id].feature.properties.layer;
      if (!counts[l]) { counts[l] = 0; order.push(l); }
      counts[l]++;
    });
    var stops = [], at = 0;
    order.forEach(function (l) {
      var c = ctx.layerColor(l);
      if (!COLOR.test(c)) c = "#555";
      var to = at + 360 * counts[l] / ids.length;
      stops.push(c + " " + at.toFixed(1) + "deg " + to.toFixed(1) + "deg");
      at = to;
    });
    return "conic-gradient(" + stops.join(",") + ")";
  }

  function draw() {
    var sel = ctx.selected(), frag = document.createDocumentFragment();
    while (layer.firstChild) layer.removeChild(layer.firstChild);
    clusters.forEach(function (c) {
      var grouped = c.ids.length > 1;
      c.ids.forEach(function (id) { setHidden(id, grouped); });
      if (!grouped) return;
      var lp = map.containerPointToLayerPoint([c.x, c.y]), d = 2 * c.r;
      var el = document.createElement("div");
      el.className = "qj-group" + (sel && c.ids.indexOf(sel) >= 0 ? " qj-group-sel" : "");
      el.style.cssText = "left:" + (lp.x - c.r) + "px;top:" + (lp.y - c.r) + "px;width:" + d + "px;height:" + d +
        "px;background:" + ring(c.ids) + ";";
      var n = document.createElement("span");
      n.className = "qj-group-n";
      n.textContent = String(c.ids.length);
      el.appendChild(n);
      el.setAttribute("data-fids", c.ids.join(" "));
      el.title = QJ.labels ? QJ.labels.groupText(c) : "";
      L.DomEvent.on(el, "click", function (e) {
        L.DomEvent.stop(e);
        if (map.dragging && map.dragging.moved()) return;
        QJ.groups.open(c);
      });
      L.DomEvent.disableScrollPropagation(el);
      frag.appendChild(el);
    });
    layer.appendChild(frag);
  }

  /* A group's features: to the app's panel, else (standalone export) in a popup of links. */
  QJ.groups.open = function (c) {
    if (ctx.hasBridge()) { ctx.notify("groupClicked", c.ids.join(",")); return; }
    var box = document.createElement("div"), ul = document.createElement("ul");
    var h = document.createElement("b");
    h.textContent = QJ.labels ? QJ.labels.groupText(c) : String(c.ids.length);
    box.appendChild(h);
    c.ids.forEach(function (id) {
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = "#feature=" + encodeURIComponent(id);
      a.textContent = QJ.labels ? QJ.labels.featureText(id) : id;
      L.DomEvent.on(a, "click", function (e) { L.DomEvent.stop(e); QJ.select(id); QJ.openPopup(id); });
      li.appendChild(a);
      ul.appendChild(li);
    });
    box.appendChild(ul);
    L.popup({ maxHeight: 360, maxWidth: 420 }).setLatLng([c.anchor.lat, c.anchor.lng]).setContent(box).openOn(map);
  };

  QJ.groups.markers = function () { return clusters; };
})();
