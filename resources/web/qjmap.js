/* qjmap page logic: draws the bundled basemap and the catalogue layers, takes small
 * commands from Python (QJ.cmd), and reports clicks and readiness to the app (bridge block).
 * Names reach the DOM only as text (textContent / Leaflet tooltips built from text nodes). */
(function () {
  "use strict";
  var QJ = (window.QJ = {});
  var map, data, groups = {}, uncGroups = {}, byId = {}, selected = null, halo = null;
  var tiles = null, basemap = null;
  // Clicks go to Python through `notify`; only the app's bridge block below sets it, and
  // the standalone HTML export strips that block, so no channel code leaves the app.
  var notify = function () {};

  var STATUS_STYLE = {
    "in operation": { fillOpacity: 0.95, dashArray: null, weight: 2 },
    "completed": { fillOpacity: 0.95, dashArray: null, weight: 2 },
    "under construction": { fillOpacity: 0.45, dashArray: null, weight: 3 },
    "planned": { fillOpacity: 0.08, dashArray: "3 3", weight: 2 },
    "null": { fillOpacity: 0.6, dashArray: null, weight: 1 }
  };

  function textEl(tag, cls, text) {
    var el = document.createElement(tag);
    if (cls) el.className = cls;
    el.textContent = text;
    return el;
  }

  function layerColor(id) {
    for (var i = 0; i < data.layers.length; i++) if (data.layers[i].id === id) return data.layers[i].color;
    return "#555";
  }

  function paneFor(name, z) {
    if (!map.getPane(name)) { map.createPane(name); map.getPane(name).style.zIndex = z; }
    return name;
  }

  function drawBasemap() {
    var bm = data.basemap;
    var specs = [
      ["provinces", { color: "#8d8d8d", weight: 1.6, fillColor: "#fbfaf6", fillOpacity: 1 }],
      ["counties", { color: "#d9d4cc", weight: 0.6, fill: false }],
      ["cities", { color: "#b3aca2", weight: 1.1, fill: false, dashArray: "4 3" }],
      ["rivers", { color: "#6aa6d6", weight: 1.4, fill: false }]
    ];
    // fastbase.js: projected once, all groups in one renderer (L.geoJSON per layer cost 200-400 ms here)
    var groupsDrawn = specs.map(function (s) {
      return { name: s[0], fc: bm[s[0]], styleOf: function (f) {
        var st = Object.assign({}, s[1]);
        if (s[0] === "provinces" && f.properties.context) { st.fillColor = "#f1f0ec"; st.color = "#c4c4c4"; }
        if (s[0] === "rivers" && f.properties.name_zh) st.weight = 2;
        return st;
      } };
    });
    // the thematic areas drawn in the same renderer, above the basemap (see withBasemap)
    data.layers.forEach(function (l) {
      var fs = data.features.filter(function (f) { return f.properties.layer === l.id && withBasemap(f); });
      if (fs.length) groupsDrawn.push({ name: l.id, fc: { features: fs }, styleOf: function (f) { return styleFor(f, false); } });
    });
    // a still export (page.html?still) is one raster: canvas; the window and HTML: svg (fastbase.js)
    var still = /[?&]still(&|$)/.test(location.search);
    basemap = QJ_FastBase(groupsDrawn, { pane: paneFor("bm-base", 210), padding: 0.1,
                                         renderer: still ? "canvas" : "svg" }).addTo(map);
    // place names: labels.js, which places them after the thematic labels
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution(data.attribution);
  }

  /* At district zoom a long-distance corridor is context, not the subject: it is drawn thinner
     and fainter than the local lines (and its straight schematic links stop dominating). */
  var DISTRICT_ZOOM = 10;
  function isNear() { return map.getZoom() >= DISTRICT_ZOOM; }

  function styleFor(f, near) {
    var p = f.properties, color = layerColor(p.layer);
    var st = STATUS_STYLE[String(p.status)] || STATUS_STYLE["null"];
    var g = f.geometry.type;
    if (g === "Polygon" || g === "MultiPolygon") {
      var prov = /^\d{2}0000$/.test(String(p.adcode || "")) || /^nb-(zhejiang|fujian|jiangxi|anhui)$/.test(p.id);
      return { color: color, weight: p.id === "nb-qujiang" ? 3 : (prov ? 1.2 : 2), fillColor: color,
               fillOpacity: p.id === "nb-qujiang" ? 0.12 : 0.03, opacity: prov ? 0.6 : 0.9 };
    }
    if (g === "LineString" || g === "MultiLineString") {
      var dash = p.precision === "schematic" ? "10 7" : null;
      var w = { "in operation": 4, "completed": 4, "under construction": 3, "planned": 2.5 }[p.status] || 3;
      var op = p.status === "planned" ? 0.55 : 0.9;
      if (p.reach === "regional" && near) { w = Math.max(1.5, w * 0.5); op *= 0.45; dash = dash && "6 6"; }
      return { color: color, weight: w, opacity: op, dashArray: dash, lineCap: "butt" };
    }
    return { radius: 7, color: color, weight: st.weight, fillColor: color,
             fillOpacity: st.fillOpacity, dashArray: st.dashArray, opacity: 1 };
  }

  /* The neighbours' areas are the basemap's own outlines (~37k vertices): as Leaflet layers of
     their own they cost ~150 ms at every start. They are drawn with the basemap (fastbase.js),
     and what is hovered and clicked (and carries data-fid) is an invisible copy simplified to
     ~400 m: a click within ~6 px of a border at zoom 11 may take the neighbour across it. */
  var HIT_TOLERANCE_DEG = 0.004;
  function withBasemap(f) {
    var g = f.geometry.type;
    return f.properties.layer === "neighbours" && (g === "Polygon" || g === "MultiPolygon");
  }
  function hitCopy(f) {
    function ring(r) {
      var s = L.LineUtil.simplify(r.map(function (c) { return L.point(c[0], c[1]); }), HIT_TOLERANCE_DEG);
      return s.length >= 4 ? s.map(function (p) { return [p.x, p.y]; }) : r;
    }
    var g = f.geometry;
    var c = g.type === "Polygon" ? g.coordinates.map(ring) : g.coordinates.map(function (poly) { return poly.map(ring); });
    return { type: "Feature", properties: f.properties, geometry: { type: g.type, coordinates: c } };
  }

  function drawFeatures() {
    var uncDrawn = {};
    data.layers.forEach(function (l, i) {
      paneFor("th-" + l.id + "-unc", 400 + i * 10);
      paneFor("th-" + l.id, 405 + i * 10);
      groups[l.id] = L.featureGroup([], { pane: "th-" + l.id }).addTo(map);
      uncGroups[l.id] = L.featureGroup([], { pane: "th-" + l.id + "-unc" }).addTo(map);
    });
    data.features.forEach(function (f) {
      var p = f.properties, pane = "th-" + p.layer, lyr;
      if (!groups[p.layer]) return;
      var st = Object.assign({ pane: pane, className: "qj-f qj-layer-" + p.layer }, styleFor(f, isNear()));
      if (withBasemap(f)) st = Object.assign(st, { opacity: 0, fillOpacity: 0, fill: true });
      lyr = L.geoJSON(withBasemap(f) ? hitCopy(f) : f, {
        pane: pane,
        style: function () { return st; },
        pointToLayer: function (ft, ll) { return L.circleMarker(ll, st); }
      });
      var label = p.name_zh + (p.precision === "schematic" ? "（示意 schematic）" : "");
      lyr.bindTooltip(function () { return textEl("span", "qj-tip", label); }, { sticky: true });
      if (p.popup) lyr.bindPopup(p.popup, { maxWidth: 420, maxHeight: 360 });
      lyr.on("click", function (e) { L.DomEvent.stopPropagation(e); QJ.select(p.id); notify("featureClicked", p.id); });
      lyr.eachLayer(function (sub) {
        var el = sub.getElement && sub.getElement();
        if (el) el.setAttribute("data-fid", p.id);
      });
      groups[p.layer].addLayer(lyr);
      var c = f.geometry.coordinates, key = p.layer + ":" + c + ":" + p.radius;
      if (f.geometry.type === "Point" && p.radius > 0 && !uncDrawn[key]) {
        uncDrawn[key] = true;  // features stacked at one district point share one circle
        uncGroups[p.layer].addLayer(L.circle([c[1], c[0]], {
          pane: "th-" + p.layer + "-unc", radius: p.radius, color: layerColor(p.layer), weight: 1,
          dashArray: "4 4", fillOpacity: p.radius > 5000 ? 0.025 : 0.05, interactive: false, className: "qj-unc qj-layer-" + p.layer
        }));
      }
      byId[p.id] = { layer: lyr, feature: f };
    });
    // data-fid on SVG paths, once they exist
    Object.keys(byId).forEach(function (id) {
      byId[id].layer.eachLayer(function (sub) { var el = sub.getElement && sub.getElement(); if (el) el.setAttribute("data-fid", id); });
    });
  }

  function restyleRegional() {
    var near = isNear();
    if (near === restyleRegional.near) return;
    restyleRegional.near = near;
    Object.keys(byId).forEach(function (id) {
      var f = byId[id].feature;
      if (f.properties.reach === "regional") byId[id].layer.setStyle(styleFor(f, near));
    });
  }
  /* The stroke a line is drawn with now, for the layout report (tests and exports). */
  QJ.lineStyle = function (id) {
    var e = byId[id], out = null;
    if (e) e.layer.eachLayer(function (sub) { if (!out && sub.options) out = { weight: sub.options.weight, opacity: sub.options.opacity }; });
    return out;
  };

  function bounds(id) {
    var e = byId[id]; if (!e) return null;
    var b = e.layer.getBounds();
    return b.isValid() ? b : null;
  }

  QJ.select = function (id) {
    if (halo) { map.removeLayer(halo); halo = null; }
    selected = id;
    var e = byId[id]; if (!e) return false;
    QJ.labels.refresh();
    halo = QJ.groups.regionHalo(e.feature);  // district-level: the district itself, not a circle
    if (halo) { halo.addTo(map); return true; }
    halo = L.geoJSON(e.feature, {
      pane: paneFor("qj-halo", 650), interactive: false,
      style: function () { return { color: "#ffd600", weight: 9, opacity: 0.85, fill: false, className: "qj-halo" }; },
      pointToLayer: function (ft, ll) {
        return L.circleMarker(ll, { radius: 13, color: "#ffd600", weight: 5, fill: false, className: "qj-halo" });
      }
    }).addTo(map);
    return true;
  };
  QJ.flyTo = function (id) {
    var b = bounds(id); if (!b) return false;
    var e = byId[id], g = e.feature.geometry.type;
    if (g === "Point") map.flyTo(b.getCenter(), Math.max(map.getZoom(), 10), { duration: 0.6 });
    else map.flyToBounds(b, { padding: [40, 40], duration: 0.6, maxZoom: 11 });
    return true;
  };
  QJ.setLayerVisible = function (id, on) {
    [groups[id], uncGroups[id]].forEach(function (g) {
      if (!g) return;
      if (on && !map.hasLayer(g)) map.addLayer(g);
      if (!on && map.hasLayer(g)) map.removeLayer(g);
    });
    if (basemap && basemap.has(id)) basemap.setVisible(id, on);
    if (id === "labels") QJ.labels.setBasemap(on); else QJ.labels.refresh();
    return true;
  };
  QJ.setLayerOpacity = function (id, v) {
    ["th-" + id, "th-" + id + "-unc", "bm-" + id].forEach(function (n) { var p = map.getPane(n); if (p) p.style.opacity = v; });
    if (basemap && basemap.has(id)) basemap.setOpacity(id, v);  // groups drawn with the basemap
    return true;
  };
  QJ.setView = function (lat, lon, zoom) {
    map.invalidateSize({ pan: false });  // the view may have just been resized (export): use the new size
    map.setView([lat, lon], zoom, { animate: false });
    return true;
  };
  QJ.fitAll = function () {
    map.setView(data.center, 7, { animate: false });
    return true;
  };
  QJ.view = function () { var c = map.getCenter(); return { lat: c.lat, lon: c.lng, zoom: map.getZoom() }; };
  QJ.visibleFeatureIds = function () {
    var ids = [];
    document.querySelectorAll(".qj-f[data-fid]").forEach(function (el) { ids.push(el.getAttribute("data-fid")); });
    return ids.filter(function (v, i, a) { return a.indexOf(v) === i; });
  };
  QJ.setTiles = function (url, attribution, maxZoom) {
    if (tiles) { map.removeLayer(tiles); tiles = null; }
    if (url) tiles = L.tileLayer(url, { attribution: attribution, maxZoom: maxZoom || 18, pane: paneFor("bm-tiles", 205) }).addTo(map);
    return true;
  };
  QJ.selected = function () { return selected; };
  QJ.openPopup = function (id) { var e = byId[id]; if (!e || !map.hasLayer(groups[e.feature.properties.layer])) return false; e.layer.openPopup(); return true; };
  QJ.flyView = function (lat, lon, zoom) { map.flyTo([lat, lon], zoom, { duration: 1.0 }); return true; };
  // Export: hide Leaflet's own controls (the exporter draws title, scale and attribution).
  QJ.exportMode = function (on) { map.getContainer().classList.toggle("qj-export", !!on); return true; };
  // Ground metres per CSS pixel at the map centre (Web Mercator varies with latitude).
  QJ.metresPerPixel = function () {
    var s = map.getSize(), y = s.y / 2, a = map.containerPointToLatLng([s.x / 2 - 50, y]);
    return a.distanceTo(map.containerPointToLatLng([s.x / 2 + 50, y])) / 100;
  };
  // A magenta dot in the top-left corner: a grab that shows it (or, after removal, no longer
  // shows it) is a frame drawn after every earlier command (QTWEB-NOTES pitfall 3).
  QJ.mark = function (on) {
    var el = document.getElementById("qj-mark");
    if (!el) {
      el = document.createElement("div");
      el.id = "qj-mark";
      el.style.cssText = "position:fixed;left:0;top:0;width:6px;height:6px;z-index:100000;background:#ff00ff;";
      document.body.appendChild(el);
    }
    el.style.display = on ? "block" : "none";
    return true;
  };

  /* qj-bridge-begin */
  QJ.connectBridge = function () {
    if (!(window.qt && window.QWebChannel)) return;
    new QWebChannel(qt.webChannelTransport, function (ch) {
      var bridge = ch.objects.bridge;
      notify = function (what, id) {
        if (what === "featureClicked") bridge.featureClicked(id);
        else if (what === "groupClicked") bridge.groupClicked(id);
        else bridge.mapClicked();
      };
      bridge.mapReady();
    });
  };
  /* qj-bridge-end */

  /* Geometry references ("counties:330803@point", "cities:330800", "rivers:衢江") name basemap
     features; Python sends the reference, not a second copy of the shape (start-up cost). */
  function resolveRefs(d) {
    var index = {};
    d.features.forEach(function (f) {
      var ref = f.properties.geometry_ref;
      if (!ref || f.geometry) return;
      var at = ref.split("@"), name = at[0].split(":")[0], key = at[0].slice(name.length + 1);
      var fc = (d.basemap[name] || {}).features || [];
      if (name === "rivers") {
        var lines = [];
        fc.forEach(function (r) {
          if (r.properties.name_zh !== key) return;
          lines = lines.concat(r.geometry.type === "MultiLineString" ? r.geometry.coordinates : [r.geometry.coordinates]);
        });
        f.geometry = lines.length ? { type: "MultiLineString", coordinates: lines } : null;
        return;
      }
      if (!index[name]) { index[name] = {}; fc.forEach(function (b) { index[name][String(b.properties.adcode)] = b; }); }
      var b = index[name][key];
      if (!b) return;
      f.geometry = at[1] === "point" ? { type: "Point", coordinates: b.properties.label_point } : b.geometry;
    });
    d.features = d.features.filter(function (f) { return !!f.geometry; });
  }

  QJ.init = function (m, d, opts) {
    map = m; data = d;
    resolveRefs(data);
    map.getContainer().style.background = "#e8eef2";
    drawBasemap();
    drawFeatures();
    restyleRegional.near = isNear();
    map.on("zoomend", restyleRegional);
    map.on("layeradd", function (e) {
      if (e.layer && e.layer.getElement && e.layer.feature) {
        var el = e.layer.getElement(); if (el) el.setAttribute("data-fid", e.layer.feature.properties.id);
      }
    });
    map.on("click", function () { notify("mapClicked"); });
    QJ.labels.init({ map: map, data: data, byId: byId, layerColor: layerColor,
      layerVisible: function (id) { return !!groups[id] && map.hasLayer(groups[id]); },
      selected: function () { return selected; }, notify: function (w, a) { notify(w, a); },
      hasBridge: function () { return !!QJ.connectBridge; } });
    QJ.ready = true;
    if (opts && opts.bridge && QJ.connectBridge) QJ.connectBridge();
  };
})();
