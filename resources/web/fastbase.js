/* qjmap: the basemap drawn from coordinates projected once (start-up cost, issue 8).
 *
 * L.geoJSON makes a LatLng object per vertex and reprojects, clips and simplifies every
 * path at every zoom: the ~150k basemap vertices cost 200-400 ms before the first frame on
 * a 2-core box. A FastBase layer projects each ring once to Web Mercator pixels at zoom 0
 * (a Float64Array) and redraws by scaling them; it extends L.Canvas, so panes, padding,
 * zoom animation, retina/4K export scaling and add/remove behave as for any Leaflet canvas.
 * All basemap layers share one canvas: allocating a canvas costs ~50 ms in software rendering,
 * so four layers on four canvases cost more than all their drawing. Each named group can be
 * shown or hidden and given an opacity (the layer panel's rows). It is not interactive: it only
 * draws (qjmap.js puts an invisible, simplified copy of the neighbours' areas on top for clicks).
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

  var FastBase = null;  // made at first use: this file may load before Leaflet
  function makeClass() {
  return L.Canvas.extend({
    /* groups: [{name, fc (GeoJSON FeatureCollection), styleOf(feature) -> Leaflet path options}],
       drawn in order (first at the bottom). */
    initialize: function (groups, options) {
      L.Canvas.prototype.initialize.call(this, options);
      this._hidden = {};
      this._alpha = {};
      this._groups = groups.map(function (g) {
        var batches = {}, order = [];
        (g.fc.features || []).forEach(function (f) {
          var st = g.styleOf(f), key = styleKey(st), gr = geometryRings(f.geometry);
          if (!batches[key]) { batches[key] = { style: st, closed: gr.closed, rings: [] }; order.push(key); }
          gr.rings.forEach(function (r) { if (r.length > 1) batches[key].rings.push(ringArray(r)); });
        });
        return { name: g.name, batches: order.map(function (k) { return batches[k]; }) };
      });
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
        b.rings.forEach(function (a) {
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
        });
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

  window.QJ_FastBase = function (groups, options) {
    FastBase = FastBase || makeClass();
    return new FastBase(groups, options);
  };
})();
