/* Measuring distance and area: the leaflet-measure plugin (npm, pinned, vendor/leaflet-measure) in
 * the UI language, with a warning when a measured point lies on a feature drawn at an approximate
 * position (precision schematic, district or town), since the result is then approximate too.
 *
 * Load order matters: the plugin's Chinese build, this file, then its English build. Each build
 * defines L.Control.Measure, so the Chinese class is kept here before the English one replaces it.
 * Feature names reach the DOM only as text. Python switches language with QJ.setLanguage("zh"|"en");
 * QJ.measure drives a measurement through the plugin's own click handling (tests, self-test). */
(function () {
  "use strict";
  var QJ = window.QJ, Zh = L.Control.Measure, En = null;
  var map = null, ctl = null, lang = "zh", pending = null;
  var TOL_PX = 12;     // how close (CSS px) a measured point must be to a feature's symbol to touch it
  var MARKER_PX = 7;   // radius of a point feature's marker (qjmap.js styleFor)
  var APPROX = { schematic: true, district: true, town: true };
  var TEXT = {
    zh: { head: "注意：测量点落在位置近似的要素上，结果也只是近似值：",
          precision: { schematic: "示意线", district: "区县级位置，误差约 %r 公里", town: "乡镇级位置，误差约 %r 公里" },
          more: function (n) { return "等另外 " + n + " 个要素"; }, sep: "；", open: "（", close: "）" },
    en: { head: "Caution: a measured point lies on a feature drawn at an approximate position, so the result is approximate: ",
          precision: { schematic: "schematic line", district: "district-level position, about ±%r km", town: "town-level position, about ±%r km" },
          more: function (n) { return "and " + n + " more"; }, sep: "; ", open: " (", close: ")" }
  };
  var UNITS = {
    zh: { km: { factor: 0.001, display: "公里", decimals: 2 }, m: { factor: 1, display: "米", decimals: 0 },
          km2: { factor: 1e-6, display: "平方公里", decimals: 2 }, ha: { factor: 1e-4, display: "公顷", decimals: 1 } },
    en: { km: { factor: 0.001, display: "km", decimals: 2 }, m: { factor: 1, display: "m", decimals: 0 },
          km2: { factor: 1e-6, display: "km²", decimals: 2 }, ha: { factor: 1e-4, display: "ha", decimals: 1 } }
  };

  function segDist(p, a, b) {
    var dx = b.x - a.x, dy = b.y - a.y, l2 = dx * dx + dy * dy;
    var t = l2 ? Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / l2)) : 0;
    return p.distanceTo(L.point(a.x + t * dx, a.y + t * dy));
  }

  function lines(geom) {
    if (geom.type === "LineString") return [geom.coordinates];
    if (geom.type === "MultiLineString") return geom.coordinates;
    return [];
  }

  // How close (CSS px) the nearest measured point comes to a feature's symbol.
  function gap(f, pts) {
    var g = f.geometry, best = Infinity;
    if (g.type === "Point") {
      var c = map.latLngToContainerPoint([g.coordinates[1], g.coordinates[0]]);
      pts.forEach(function (p) { best = Math.min(best, p.distanceTo(c) - MARKER_PX); });
      return best;
    }
    lines(g).forEach(function (line) {
      var cs = line.map(function (ll) { return map.latLngToContainerPoint([ll[1], ll[0]]); });
      pts.forEach(function (p) {
        for (var i = 1; i < cs.length; i++) best = Math.min(best, segDist(p, cs[i - 1], cs[i]));
      });
    });
    return best;
  }

  // The approximate features (on visible layers) that the measured points lie on, nearest first.
  function touched(latlngs) {
    if (!latlngs || !latlngs.length) return [];
    var shown = {};
    QJ.visibleFeatureIds().forEach(function (id) { shown[id] = true; });
    var pts = latlngs.map(function (ll) { return map.latLngToContainerPoint(ll); });
    return (window.QJ_DATA.features || []).filter(function (f) {
      var p = f.properties;
      return APPROX[p.precision] && shown[p.id];
    }).map(function (f) { return { f: f, d: gap(f, pts) }; })
      .filter(function (h) { return h.d <= TOL_PX; })
      .sort(function (a, b) { return a.d - b.d; })
      .map(function (h) { return h.f; });
  }

  function warningText(latlngs) {
    var hits = touched(latlngs);
    if (!hits.length) return "";
    var t = TEXT[lang], names = hits.slice(0, 3).map(function (f) {
      var p = f.properties;
      return (lang === "zh" ? p.name_zh : (p.name_en || p.name_zh)) + t.open + t.precision[p.precision].replace("%r", p.radius / 1000) + t.close;
    });
    if (hits.length > 3) names.push(t.more(hits.length - 3));
    return t.head + names.join(t.sep);
  }

  function warningEl(text) {
    var el = document.createElement("p");
    el.className = "qj-measure-warn";
    el.style.cssText = "color:#b71c1c;background:#fff3e0;border-left:3px solid #e65100;padding:4px 6px;margin:8px 0 0;";
    el.textContent = "⚠ " + text;
    return el;
  }

  function patch(C) {
    var update = C.prototype._updateResults, icon = C.prototype._setCaptureMarkerIcon;
    C.prototype._updateResults = function () {
      update.call(this);
      var text = warningText(this._latlngs);
      if (text) this.$results.appendChild(warningEl(text));
    };
    // Leaflet >= 1.8 pans the map to the focused capture marker at every click
    // (leaflet-measure issue 171); the fix posted there: no auto-pan on focus.
    C.prototype._setCaptureMarkerIcon = function () {
      this._captureMarker.options.autoPanOnFocus = false;
      icon.call(this);
    };
  }

  function makeControl() {
    var u = UNITS[lang], C = lang === "zh" ? Zh : En;
    return new C({
      position: "topleft", units: { qjkm: u.km, qjm: u.m, qjkm2: u.km2, qjha: u.ha },
      primaryLengthUnit: "qjkm", secondaryLengthUnit: "qjm", primaryAreaUnit: "qjkm2", secondaryAreaUnit: "qjha",
      activeColor: "#d81b60", completedColor: "#ad1457"
    });
  }

  QJ.setLanguage = function (l) {
    l = l === "en" ? "en" : "zh";
    if (l === lang && ctl) return true;
    lang = l;
    if (!map) return true;
    if (ctl) {
      if (ctl._locked) ctl._finishMeasure();
      var kept = ctl._layer;  // finished measurements stay on the map
      map.removeControl(ctl);
      kept.addTo(map);
    }
    ctl = makeControl().addTo(map);
    return true;
  };

  function container() { return ctl._captureMarker && ctl._captureMarker.getElement(); }

  function click(el, type, x, y) {
    el.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true, view: window, clientX: x, clientY: y }));
  }

  QJ.measure = {
    start: function () { if (!ctl._locked) ctl._startMeasure(); return true; },
    // a real DOM click at a place on the map, handled by the plugin like a user's click
    clickAt: function (lat, lon) {
      var el = container(), p = map.latLngToContainerPoint([lat, lon]);
      var r = map.getContainer().getBoundingClientRect();
      if (!el) return false;
      click(el, "click", r.left + p.x, r.top + p.y);
      return true;
    },
    finish: function () { click(ctl._container.querySelector(".js-finish"), "click", 0, 0); return true; },
    // what the user reads: the live results panel while measuring, else the last result popup
    readout: function () {
      if (ctl._locked) return ctl.$results.textContent.replace(/\s+/g, " ").trim();
      var pops = document.querySelectorAll(".leaflet-measure-resultpopup .leaflet-popup-content");
      return pops.length ? pops[pops.length - 1].textContent.replace(/\s+/g, " ").trim() : "";
    },
    language: function () { return lang; }
  };

  L.Map.addInitHook(function () {
    if (map) return;  // the app's one map
    map = this;
    En = L.Control.Measure;  // the English build has loaded by the time the map exists
    patch(Zh);
    if (En !== Zh) patch(En);
    map.on("measurestart", function () { pending = null; });
    map.on("measurefinish", function (e) { pending = warningText(e.points); });
    map.on("popupopen", function (e) {
      var el = e.popup.getContent();
      if (!pending || e.popup.options.className !== "leaflet-measure-resultpopup" || !el.appendChild) return;
      el.appendChild(warningEl(pending));
      pending = null;
      e.popup.update();
    });
    QJ.setLanguage(lang);
  });
})();
