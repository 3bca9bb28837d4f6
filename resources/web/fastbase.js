/* qjmap: the basemap drawn from coordinates projected once (start-up cost, issue 8).
 *
 * L.geoJSON makes a LatLng object per vertex and reprojects, clips and simplifies every
 * path at every zoom: the ~150k basemap vertices cost 200-400 ms before the first frame on
 * a 2-core box. Here each ring is projected once to Web Mercator pixels at zoom 0 (a
 * Float64Array), grouped by style, and drawn in one of two ways (measured on a 2-core box):
 *  - "svg" (the window, the HTML export): one <path> per feature in zoom-0 coordinates under
 *    one transform per view, strokes kept in screen pixels (vector-effect). Nothing is
 *    recomputed per vertex on zoom; shapes wholly outside the view are not drawn. A canvas
 *    instead holds back the first frame by ~200 ms in software compositing, whatever it draws.
 *  - "canvas" (still exports): L.Canvas redrawn by scaling the arrays, with screen-space
 *    decimation. One raster, so a 4K picture costs ~1.5 s less than rasterising the SVG tiles.
 * Both extend Leaflet renderers, so panes, padding, zoom animation, device pixel ratio and
 * add/remove behave as for any Leaflet layer. Each named group can be shown or hidden and
 * given an opacity (the layer panel's rows). They only draw: qjmap.js puts an invisible,
 * simplified copy of the neighbours' areas on top for clicks.
 */
(function () {
  "use strict";
  var D2R = Math.PI / 180;

  function ringArray(ring) {
    var a = new Float64Array(ring.length * 2);
    for (var i = 0; i < ring.length; i++) {
      var s = Math.max(Math.min(Math.sin(ring[i][1] * D2R), 0.9999999), -0.9999999);
      a[2 * i] = (ring[i][0] + 180) / 360 * 256;
      a[2 * i + 1] = (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * 256;
    }
    return a;
  }

  function geometryRings(g) {
    var c = g && g.coordinates;
    switch (g && g.type) {
      case "Polygon": return { closed: true, rings: c };
      case "MultiPolygon": return { closed: true, rings: [].concat.apply([], c) };
      case "LineString": return { closed: false, rings: [c] };
      case "MultiLineString": return { closed: false, rings: c };
      default: return { closed: false, rings: [] };
    }
  }

  function styleKey(st) { return JSON.stringify(st); }

  /* groups: [{name, fc (GeoJSON FeatureCollection), styleOf(feature) -> Leaflet path options}],
     drawn in order (first at the bottom) -> [{name, batches: [{style, closed, items: [{rings, box}]}]}],
     one item per feature, `box` its zoom-0 bounding box. */
  function batched(groups) {
    return groups.map(function (g) {
      var batches = {}, order = [];
      (g.fc.features || []).forEach(function (f) {
        var st = g.styleOf(f), key = styleKey(st), gr = geometryRings(f.geometry);
        if (!batches[key]) { batches[key] = { style: st, closed: gr.closed, items: [] }; order.push(key); }
        var rings = [], box = [Infinity, Infinity, -Infinity, -Infinity];
        gr.rings.forEach(function (r) {
          if (r.length < 2) return;
          var a = ringArray(r);
          for (var i = 0; i < a.length; i += 2) {
            box[0] = Math.min(box[0], a[i]); box[2] = Math.max(box[2], a[i]);
            box[1] = Math.min(box[1], a[i + 1]); box[3] = Math.max(box[3], a[i + 1]);
          }
          rings.push(a);
        });
        if (rings.length) batches[key].items.push({ rings: rings, box: box });
      });
      return { name: g.name, batches: order.map(function (k) { return batches[k]; }) };
    });
  }

  var SVGNS = "http://www.w3.org/2000/svg";
  function num(v) { return Math.round(v * 1e5) / 1e5; }  // 1e-5 zoom-0 px: under 0.2 px at zoom 14
  function pathData(rings, closed) {
    return rings.map(function (a) {
      var s = "M" + num(a[0]) + " " + num(a[1]);
      for (var i = 2; i < a.length; i += 2) s += "L" + num(a[i]) + " " + num(a[i + 1]);
      return closed ? s + "Z" : s;
    }).join("");
  }
  function svgAttrs(el, st, closed) {
    var fill = closed && st.fill !== false, stroke = st.stroke !== false;
    var a = { "stroke-linecap": "round", "stroke-linejoin": "round", fill: fill ? (st.fillColor || st.color) : "none",
              stroke: stroke ? (st.color || "#3388ff") : "none" };
    if (fill) { a["fill-opacity"] = st.fillOpacity === undefined ? 0.2 : st.fillOpacity; a["fill-rule"] = "evenodd"; }
    if (stroke) {
      a["stroke-opacity"] = st.opacity === undefined ? 1 : st.opacity;
      a["stroke-width"] = st.weight === undefined ? 3 : st.weight;
      if (st.dashArray) a["stroke-dasharray"] = String(st.dashArray);
    }
    Object.keys(a).forEach(function (k) { el.setAttribute(k, a[k]); });
  }

  function makeSvgClass() {
  return L.SVG.extend({
    initialize: function (groups, options) {
      L.SVG.prototype.initialize.call(this, options);
      this._groups = batched(groups);
    },

    onAdd: function () {
      L.SVG.prototype.onAdd.call(this);
      if (this._world) return;
      var world = this._world = document.createElementNS(SVGNS, "g"), paths = this._paths = [];
      world.setAttribute("class", "qj-fastbase");  // qjmap.css: strokes in screen px
      this._groups.forEach(function (g) {
        g.el = document.createElementNS(SVGNS, "g");
        g.batches.forEach(function (b) {
          var be = document.createElementNS(SVGNS, "g");
          svgAttrs(be, b.style, b.closed);
          b.items.forEach(function (it) {
            var p = document.createElementNS(SVGNS, "path");
            p.setAttribute("d", pathData(it.rings, b.closed));
            be.appendChild(p);
            paths.push({ el: p, box: it.box, shown: true });
          });
          g.el.appendChild(be);
        });
        world.appendChild(g.el);
      });
      this._rootGroup.appendChild(world);
      this._place();
    },

    _update: function () {
      L.SVG.prototype._update.call(this);
      this._place();
    },

    /* Zoom-0 coordinates to layer pixels; shapes wholly outside the padded view are not drawn
       (a dashed outline costs by its length in pixels, which grows 2x per zoom level). */
    _place: function () {
      if (!this._world || !this._map) return;
      var map = this._map, k = Math.pow(2, map.getZoom()), po = map.getPixelOrigin(), b = this._bounds;
      this._world.setAttribute("transform", "translate(" + (-po.x) + "," + (-po.y) + ") scale(" + k + ")");
      if (!b) return;
      var x0 = (b.min.x + po.x) / k, y0 = (b.min.y + po.y) / k, x1 = (b.max.x + po.x) / k, y1 = (b.max.y + po.y) / k;
      this._paths.forEach(function (p) {
        var on = p.box[2] >= x0 && p.box[0] <= x1 && p.box[3] >= y0 && p.box[1] <= y1;
        if (on !== p.shown) { p.el.style.display = on ? "" : "none"; p.shown = on; }
      });
    },

    has: function (name) { return this._groups.some(function (g) { return g.name === name; }); },
    _each: function (name, fn) { this._groups.forEach(function (g) { if (g.name === name && g.el) fn(g.el); }); },
    setVisible: function (name, on) { this._each(name, function (el) { el.style.display = on ? "" : "none"; }); return this; },
    setOpacity: function (name, v) { this._each(name, function (el) { el.setAttribute("opacity", v); }); return this; }
  });
  }

  function makeCanvasClass() {
  return L.Canvas.extend({
    initialize: function (groups, options) {
      L.Canvas.prototype.initialize.call(this, options);
      this._hidden = {};
      this._alpha = {};
      this._groups = batched(groups);
    },

    has: function (name) { return this._groups.some(function (g) { return g.name === name; }); },

    setVisible: function (name, on) {
      this._hidden[name] = !on;
      if (this._map) { this._redraw(); }
      return this;
    },

    /* A group's opacity (the layer panel's slider): multiplies its styles' own. */
    setOpacity: function (name, v) {
      this._alpha[name] = v;
      if (this._map) { this._redraw(); }
      return this;
    },

    _updatePaths: function () {
      if (this._postponeUpdatePaths) { return; }
      this._redrawBounds = null;
      this._redraw();
    },

    _draw: function () {
      var ctx = this._ctx, map = this._map;
      if (!ctx || !map) { return; }
      var k = Math.pow(2, map.getZoom()), po = map.getPixelOrigin();
      ctx.save();
      ctx.lineCap = "round";
      ctx.lineJoin = "round";
      var hidden = this._hidden, alpha = this._alpha, batches = [];
      this._groups.forEach(function (g) {
        if (hidden[g.name]) { return; }
        var a = alpha[g.name] === undefined ? 1 : alpha[g.name];
        g.batches.forEach(function (b) { batches.push({ b: b, a: a }); });
      });
      batches.forEach(function (item) {
        var b = item.b, st = b.style;
        // hairlines (county outlines, 0.6 px) show no detail finer than 1.5 px; others 0.5 px
        var minPx = (st.weight === undefined ? 3 : st.weight) < 1 ? 1.5 : 0.5;
        ctx.beginPath();
        b.items.forEach(function (it) { it.rings.forEach(function (a) {
          // Screen-space decimation: a vertex closer than `minPx` to the last one drawn adds
          // nothing visible but costs a segment of software rasterisation (most at low zoom).
          var lx = a[0] * k - po.x, ly = a[1] * k - po.y, last = a.length - 2;
          ctx.moveTo(lx, ly);
          for (var i = 2; i <= last; i += 2) {
            var x = a[i] * k - po.x, y = a[i + 1] * k - po.y;
            if (i < last && Math.abs(x - lx) + Math.abs(y - ly) < minPx) { continue; }
            ctx.lineTo(x, y);
            lx = x; ly = y;
          }
          if (b.closed) { ctx.closePath(); }
        }); });
        if (b.closed && st.fill !== false) {
          ctx.globalAlpha = item.a * (st.fillOpacity === undefined ? 0.2 : st.fillOpacity);
          ctx.fillStyle = st.fillColor || st.color;
          ctx.fill("evenodd");
        }
        if (st.stroke !== false) {
          ctx.globalAlpha = item.a * (st.opacity === undefined ? 1 : st.opacity);
          ctx.strokeStyle = st.color || "#3388ff";
          ctx.lineWidth = st.weight === undefined ? 3 : st.weight;
          ctx.setLineDash(st.dashArray ? String(st.dashArray).split(/[ ,]+/).map(Number) : []);
          ctx.stroke();
        }
      });
      ctx.restore();
    }
  });
  }

  var classes = {};  // made at first use: this file may load before Leaflet
  /* options.renderer: "svg" (default) or "canvas"; the rest are Leaflet renderer options. */
  window.QJ_FastBase = function (groups, options) {
    var kind = options && options.renderer === "canvas" ? "canvas" : "svg";
    classes[kind] = classes[kind] || (kind === "canvas" ? makeCanvasClass() : makeSvgClass());
    return new classes[kind](groups, options);
  };
})();
