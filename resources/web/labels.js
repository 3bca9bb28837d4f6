/* qjmap: names on the map, placed without collisions, and the layout report.
 *
 * One layout pass runs after a move or zoom ends, a layer switch, a selection, a resize or a
 * language change (never per frame). It asks groups.js for the markers, then places labels
 * in container pixels: the selected feature first (always drawn), then thematic features by
 * priority (layer, status, number of figures), each trying several positions around its
 * marker, along its line or inside its area; the basemap's place names come last and are
 * dropped wherever they would collide. Nothing overlaps a marker, another label, the window's
 * controls or (in an export) the furniture the exporter paints. Names reach the DOM only
 * as text (textContent). QJ.layoutReport() says what was drawn, for tests and exports. */
(function () {
  "use strict";
  var QJ = window.QJ;
  var ctx, map, data, thPane, bmPane, thLayer, bmLayer;
  var lang = "zh", basemapOn = true, reserved = [], dirty = false, report = null;
  var bmSpecs = [], measureCtx = null, widthCache = {}, blockedNow = [], P = null, initMs = 0;
  var COLOR = /^#[0-9a-fA-F]{3,8}$/;
  var FAMILY = '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif';
  var LAYER_W = { ports: 50, industry: 40, corridors: 35, communities: 30, neighbours: 20 };
  var STATUS_W = { "in operation": 8, "completed": 8, "under construction": 6, "planned": 4 };
  // kind -> [font weight, size px, letter spacing px, box height px]
  var FONTS = {
    point: [600, 12, 0, 16], group: [700, 12, 0, 16], line: [600, 11.5, 0, 15], area: [700, 13, 1, 17],
    selected: [700, 13, 0, 18],
    prov: [700, 18, 4, 23], city: [600, 13, 0, 17], county: [400, 11, 0, 14], town: [400, 10, 0, 13], townbig: [400, 11, 0, 14]
  };
  var PAD = 2;  // px of halo room left and right of the text inside its box

  function font(kind) { var f = FONTS[kind]; return f[0] + " " + f[1] + "px " + FAMILY; }

  function textWidth(text, kind) {
    var key = kind + "\n" + text;
    if (widthCache[key] === undefined) {
      if (!measureCtx) measureCtx = document.createElement("canvas").getContext("2d");
      measureCtx.font = font(kind);
      widthCache[key] = measureCtx.measureText(text).width + FONTS[kind][2] * text.length;
    }
    return widthCache[key];
  }

  function size(text, kind) { return { w: Math.ceil(textWidth(text, kind)) + 2 * PAD, h: FONTS[kind][3] }; }

  // --- texts and priorities -------------------------------------------------------------
  function props(id) { return ctx.byId[id].feature.properties; }

  function featureText(id) {
    var p = props(id);
    return lang === "en" ? (p.short_en || p.name_en || p.name_zh) : (p.short_zh || p.name_zh);
  }

  function regionName(ref) {
    var r = QJ.groups.region(ref);
    if (!r) return "";
    return lang === "en" ? (r.properties.name_en || r.properties.name_zh) : r.properties.name_zh;
  }

  function score(id) {
    var p = props(id), s = (LAYER_W[p.layer] || 10) + (STATUS_W[p.status] || 2) + Math.min(p.nfig || 0, 10);
    if (p.layer === "corridors" && p.reach === "local" && map.getZoom() >= 10) s += 5;
    return s;
  }

  function best(ids) {
    var top = ids[0];
    ids.forEach(function (id) { if (score(id) > score(top)) top = id; });
    return top;
  }

  /* "衢江区 19项" for one district placement, "衢江区一带 102项" for markers merged around one,
   * else the best-known member: "衢州机场 等3项" (the selected one is named on its own). */
  function groupText(c) {
    var n = c.ids.length, place = c.anchor.region ? regionName(c.anchor.region) : "";
    if (place && !c.merged) return lang === "en" ? place + " · " + n + " features" : place + " " + n + "项";
    if (place) return lang === "en" ? "around " + place + " · " + n : place + "一带 " + n + "项";
    var sel = ctx.selected(), others = c.ids.filter(function (id) { return id !== sel; });
    var top = featureText(best(others.length ? others : c.ids));
    return lang === "en" ? top + " +" + (n - 1) : top + " 等" + n + "项";
  }

  // under the furniture or a control: drawn, but nobody sees it
  function covered(x, y) {
    for (var i = 0; i < blockedNow.length; i++) {
      var r = blockedNow[i];
      if (x >= r.x && x <= r.x + r.w && y >= r.y && y <= r.y + r.h) return true;
    }
    return false;
  }

  // --- placement ------------------------------------------------------------------------
  function Placer(view, markers, blocked) {
    this.view = view; this.markers = markers; this.blocked = blocked; this.placed = [];
  }
  Placer.prototype.fits = function (b, ignoreMarkers) {
    var v = this.view, i;
    if (b.x < v.x || b.y < v.y || b.x + b.w > v.x + v.w || b.y + b.h > v.y + v.h) return false;
    for (i = 0; i < this.blocked.length; i++) if (P.overlaps(b, this.blocked[i])) return false;
    for (i = 0; i < this.placed.length; i++) if (P.overlaps(b, this.placed[i].box)) return false;
    if (!ignoreMarkers) for (i = 0; i < this.markers.length; i++) if (P.hitsCircle(b, this.markers[i])) return false;
    return true;
  };
  /* Put `cand` (text, kind, ids, positions) at its first free position; `force` takes the first
   * position inside the view that misses every label, even if it covers a marker. */
  Placer.prototype.place = function (cand, force) {
    var sz = size(cand.text, cand.kind), self = this;
    function attempt(list, ignoreMarkers) {
      for (var i = 0; i < list.length; i++) {
        var box = { x: Math.round(list[i][0]), y: Math.round(list[i][1]), w: sz.w, h: sz.h };
        if (self.fits(box, ignoreMarkers) && (!cand.accept || cand.accept(box))) return box;
      }
      return null;
    }
    var b = attempt(cand.positions, false);
    if (!b && cand.more) { cand.extra = cand.more(); b = attempt(cand.extra, false); }
    if (!b && force) b = attempt(cand.positions.concat(cand.extra || []), true);
    if (!b) return null;
    var lab = { text: cand.text, kind: cand.kind, ids: cand.ids, layer: cand.layer, box: b, cls: cand.cls };
    this.placed.push(lab);
    return lab;
  };

  function controlRects(view) {
    if (map.getContainer().classList.contains("qj-export")) return [];
    var out = [], base = map.getContainer().getBoundingClientRect();
    // Leaflet's controls, and the standalone export's title/legend/footer cards
    [].slice.call(map.getContainer().querySelectorAll(".leaflet-control"))
      .concat([].slice.call(document.querySelectorAll(".qj-card"))).forEach(function (el) {
      var r = el.getBoundingClientRect();
      if (r.width && r.height) out.push({ x: r.left - base.left, y: r.top - base.top, w: r.width, h: r.height });
    });
    return out;
  }

  function basemapSpecs() {
    var bm = data.basemap, out = [];
    function lp(f) { var p = f.properties.label_point; if (p) return p; var c = L.geoJSON(f).getBounds().getCenter(); return [c.lng, c.lat]; }
    [["provinces", "prov", 5, 0], ["cities", "city", 7, 1], ["counties", "county", 9, 2]].forEach(function (s) {
      ((bm[s[0]] || {}).features || []).forEach(function (f) {
        var p = f.properties;
        if (p.context || !p.name_zh) return;
        var ll = lp(f);
        out.push({ lng: ll[0], lat: ll[1], zh: p.name_zh, en: p.name_en || p.name_zh, kind: s[1], minZoom: s[2],
                   rank: s[3], pop: 0, region: s[0] + ":" + p.adcode });
      });
    });
    ((bm.towns || {}).features || []).forEach(function (f) {
      var p = f.properties, c = f.geometry.coordinates, big = /^PPLA2?$/.test(p.feature_code || "");
      if (!p.name_zh) return;
      out.push({ lng: c[0], lat: c[1], zh: p.name_zh, en: p.name_en || p.name_zh, kind: big ? "townbig" : "town",
                 minZoom: big ? 8 : 10, rank: big ? 3 : 4, pop: p.population || 0, region: "" });
    });
    out.sort(function (a, b) { return a.rank - b.rank || b.pop - a.pop; });
    return out;
  }

  function layerColor(l) { var c = ctx.layerColor(l); return COLOR.test(c) ? c : "#444"; }

  function layout() {
    var t0 = performance.now();
    dirty = false;
    var sz = map.getSize(), view = { x: 0, y: 0, w: sz.x, h: sz.y }, inner = { x: 2, y: 2, w: sz.x - 4, h: sz.y - 4 };
    var markers = QJ.groups.layout();
    var shown = markers.filter(function (m) { return m.x + m.r > 0 && m.y + m.r > 0 && m.x - m.r < sz.x && m.y - m.r < sz.y; });
    var blocked = blockedNow = reserved.concat(controlRects(view));
    var placer = new Placer(inner, shown, blocked);
    var sel = ctx.selected(), cands = [], inView = {}, viaGroup = {}, regionsShown = {};
    // markers: single features and groups
    shown.forEach(function (m) {
      if (m.x < 0 || m.y < 0 || m.x > sz.x || m.y > sz.y) return;
      m.ids.forEach(function (id) { inView[id] = covered(m.x, m.y) ? "covered" : true; });
      if (m.ids.length === 1) {
        var id = m.ids[0], t = featureText(id);
        cands.push({ text: t, kind: id === sel ? "selected" : "point", ids: [id], layer: props(id).layer,
                     score: score(id), positions: P.around(m.x, m.y, m.r, size(t, id === sel ? "selected" : "point")) });
      } else {
        var gt = groupText(m);
        cands.push({ text: gt, kind: "group", ids: m.ids.slice(), layer: "", score: score(best(m.ids)) + 5, group: m,
                     positions: P.around(m.x, m.y, m.r, size(gt, "group")) });
        if (sel && m.ids.indexOf(sel) >= 0) {
          var st = featureText(sel);
          cands.push({ text: st, kind: "selected", ids: [sel], layer: props(sel).layer, score: Infinity,
                       positions: P.around(m.x, m.y, m.r, size(st, "selected")) });
        }
      }
    });
    // lines and areas
    data.features.forEach(function (f) {
      var p = f.properties, g = f.geometry && f.geometry.type;
      if (!g || g === "Point" || !ctx.layerVisible(p.layer)) return;
      var kind = p.id === sel ? "selected" : (g.indexOf("Line") >= 0 ? "line" : "area"), t = featureText(p.id);
      var pos = kind === "line" || (kind === "selected" && g.indexOf("Line") >= 0) ?
        P.line(f, inner, size(t, kind), covered) : P.area(f, inner, size(t, kind), covered);
      if (!pos) return;
      inView[p.id] = pos.covered ? "covered" : true;
      if (p.region && g.indexOf("Polygon") >= 0) regionsShown[p.region] = true;
      cands.push({ text: t, kind: kind, ids: [p.id], layer: p.layer, score: p.id === sel ? Infinity : score(p.id),
                   positions: pos.positions, more: pos.more, accept: pos.accept });
    });
    cands.sort(function (a, b) { return b.score - a.score; });
    var labels = [], dropped = [];
    cands.forEach(function (c) {
      var lab = placer.place(c, c.score === Infinity);
      if (!lab) { dropped.push({ text: c.text, kind: c.kind, ids: c.ids }); return; }
      labels.push(lab);
      if (c.group) c.ids.forEach(function (id) { viaGroup[id] = true; });
    });
    // the basemap's names give way: placed last, dropped on any collision, not repeated
    var bmLabels = [], z = map.getZoom(), texts = {};
    labels.forEach(function (l) { texts[l.text] = true; });
    if (basemapOn) {
      var b = map.getBounds();
      bmSpecs.forEach(function (s) {
        if (z < s.minZoom || (s.region && regionsShown[s.region]) || !b.contains([s.lat, s.lng])) return;
        var t = lang === "en" ? s.en : s.zh;
        if (texts[t]) return;
        var pt = map.latLngToContainerPoint([s.lat, s.lng]), ss = size(t, s.kind);
        var lab = placer.place({ text: t, kind: s.kind, ids: [], layer: "", cls: "qj-bm", positions: [[pt.x - ss.w / 2, pt.y - ss.h / 2]] });
        if (lab) bmLabels.push(lab);
      });
    }
    render(labels, bmLabels);
    var own = {};
    labels.forEach(function (l) { if (!l.cls && l.kind !== "group") l.ids.forEach(function (id) { own[id] = true; }); });
    report = {
      size: [sz.x, sz.y], zoom: z, center: [map.getCenter().lat, map.getCenter().lng], lang: lang,
      labels: labels.concat(bmLabels).map(function (l) {
        return { text: l.text, kind: l.kind, ids: l.ids, box: [l.box.x, l.box.y, l.box.w, l.box.h], basemap: !!l.cls };
      }),
      ms: Math.round((performance.now() - t0) * 10) / 10, init_ms: initMs,
      dropped: dropped,
      features: Object.keys(inView).map(function (id) {
        var r = { id: id, layer: props(id).layer, labelled: !!(own[id] || viaGroup[id]), covered: inView[id] === "covered",
                  via: own[id] ? "own" : (viaGroup[id] ? "group" : null) };
        if (props(id).reach) { r.reach = props(id).reach; r.stroke = QJ.lineStyle(id); }
        return r;
      }),
      markers: shown.map(function (m) { return { ids: m.ids, centre: [m.x, m.y], radius: m.r, count: m.ids.length }; }),
      reserved: blocked.map(function (r) { return [r.x, r.y, r.w, r.h]; })
    };
  }

  function render(labels, bmLabels) {
    [[thLayer, labels], [bmLayer, bmLabels]].forEach(function (pair) {
      var box = pair[0], frag = document.createDocumentFragment();
      while (box.firstChild) box.removeChild(box.firstChild);
      pair[1].forEach(function (l) {
        var el = document.createElement("div"), lp = map.containerPointToLayerPoint([l.box.x, l.box.y]);
        el.className = "qj-lab qj-lab-" + l.kind;
        el.style.cssText = "left:" + lp.x + "px;top:" + lp.y + "px;width:" + l.box.w + "px;height:" + l.box.h +
          "px;line-height:" + l.box.h + "px;font:" + font(l.kind) + ";letter-spacing:" + FONTS[l.kind][2] + "px;" +
          (l.layer && l.kind !== "selected" ? "color:" + layerColor(l.layer) + ";" : "");
        el.textContent = l.text;
        frag.appendChild(el);
      });
      box.appendChild(frag);
    });
  }

  function schedule() {
    if (dirty) return;
    dirty = true;
    Promise.resolve().then(function () { if (dirty) layout(); });
  }

  function pane(name, z) {
    if (!map.getPane(name)) { map.createPane(name); map.getPane(name).style.zIndex = z; }
    return map.getPane(name);
  }

  QJ.labels = {
    featureText: featureText,
    groupText: groupText,
    init: function (c) {
      var t0 = performance.now();
      ctx = c; map = c.map; data = c.data; P = QJ.labelPlaces;
      P.init(map);
      QJ.groups.init(c);
      thPane = pane("qj-labels", 660);
      bmPane = pane("bm-labels", 250);
      thLayer = L.DomUtil.create("div", "qj-lab-layer leaflet-zoom-hide", thPane);
      bmLayer = L.DomUtil.create("div", "qj-lab-layer leaflet-zoom-hide", bmPane);
      bmSpecs = basemapSpecs();
      map.on("moveend zoomend resize", schedule);
      var other = QJ.setLanguage;  // measure.js has one too: switch both
      QJ.setLanguage = function (l) { QJ.labels.setLanguage(l); return other ? other(l) : true; };
      layout();
      initMs = Math.round((performance.now() - t0) * 10) / 10;  // in the report: part of map-ready time
    },
    refresh: schedule,
    setLanguage: function (l) { lang = l === "en" ? "en" : "zh"; schedule(); return true; },
    setBasemap: function (on) { basemapOn = !!on; schedule(); return true; },
    /* Rectangles (container px) the exporter will paint over: no label goes there. Grown to a
     * 4 px grid, so that font hinting at another scale (4K) cannot change the layout. */
    reserve: function (rects) {
      reserved = (rects || []).map(function (r) {
        var x = Math.floor(r[0] / 4) * 4, y = Math.floor(r[1] / 4) * 4;
        return { x: x, y: y, w: Math.ceil((r[0] + r[2]) / 4) * 4 - x, h: Math.ceil((r[1] + r[3]) / 4) * 4 - y };
      });
      schedule();
      return true;
    }
  };
  QJ.layoutReport = function () { if (dirty || !report) layout(); return report; };
})();
