/* qjmap overlay pixels: the packed arrays of an overlay (qjmap/page/overlay_data.py) unpacked,
 * simplified per zoom level, and rasterised straight into ImageData pixels (point symbols,
 * boxes, nonzero scanline fills, outlines). Canvas calls cost microseconds each in software
 * rendering; typed-array writes cost nanoseconds. Used by overlays.js. No DOM text, no Leaflet.
 */
(function () {
  "use strict";
  var POINT = 1, LINE = 2, MAXLAT = 85.0511287798;

  // The packed arrays, with Web Mercator coordinates in [0, 1] (zoom-0 world / 256).
  function unpack(buf, m) {
    var off = 0;
    function take(Type, n) { var a = new Type(buf, off, n); off += n * Type.BYTES_PER_ELEMENT; off = (off + 7) & ~7; return a; }
    var ll = take(Float64Array, 2 * m.nv), ringStart = take(Int32Array, m.nr + 1),
        featRing = take(Int32Array, m.nf + 1), ringType = take(Uint8Array, m.nr);
    var xy = new Float64Array(2 * m.nv);
    for (var i = 0; i < m.nv; i++) {
      var lat = Math.max(-MAXLAT, Math.min(MAXLAT, ll[2 * i + 1])) * Math.PI / 180;
      xy[2 * i] = (ll[2 * i] + 180) / 360;
      xy[2 * i + 1] = 0.5 - Math.log(Math.tan(Math.PI / 4 + lat / 2)) / (2 * Math.PI);
    }
    var fb = new Float64Array(4 * m.nf), pointsOnly = true;
    for (var f = 0; f < m.nf; f++) {
      var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
      for (var r = featRing[f]; r < featRing[f + 1]; r++) {
        if (ringType[r] !== POINT) pointsOnly = false;
        for (var v = ringStart[r]; v < ringStart[r + 1]; v++) {
          var x = xy[2 * v], y = xy[2 * v + 1];
          if (x < x0) x0 = x; if (x > x1) x1 = x; if (y < y0) y0 = y; if (y > y1) y1 = y;
        }
      }
      fb[4 * f] = x0; fb[4 * f + 1] = y0; fb[4 * f + 2] = x1; fb[4 * f + 3] = y1;
    }
    return { ll: ll, xy: xy, ringStart: ringStart, featRing: featRing, ringType: ringType, fbox: fb,
             nf: m.nf, nr: m.nr, pointsOnly: pointsOnly, lods: {} };
  }

  // Radial-distance simplification for one zoom level: a vertex closer than `tol` to the last
  // one kept is dropped; the ends of every ring are kept.
  function simplified(d, level) {
    if (d.lods[level]) return d.lods[level];
    var tol = 1 / (256 * Math.pow(2, level)), tol2 = tol * tol;
    var out = new Float64Array(d.xy.length), starts = new Int32Array(d.nr + 1), n = 0;
    for (var r = 0; r < d.nr; r++) {
      starts[r] = n;
      var a = d.ringStart[r], b = d.ringStart[r + 1];
      if (d.ringType[r] === POINT || b - a < 4) {
        for (var v = a; v < b; v++) { out[2 * n] = d.xy[2 * v]; out[2 * n + 1] = d.xy[2 * v + 1]; n++; }
        continue;
      }
      var lx = d.xy[2 * a], ly = d.xy[2 * a + 1];
      out[2 * n] = lx; out[2 * n + 1] = ly; n++;
      for (var w = a + 1; w < b - 1; w++) {
        var x = d.xy[2 * w], y = d.xy[2 * w + 1], dx = x - lx, dy = y - ly;
        if (dx * dx + dy * dy > tol2) { out[2 * n] = x; out[2 * n + 1] = y; n++; lx = x; ly = y; }
      }
      out[2 * n] = d.xy[2 * (b - 1)]; out[2 * n + 1] = d.xy[2 * (b - 1) + 1]; n++;
    }
    starts[d.nr] = n;
    return (d.lods[level] = { xy: out.subarray(0, 2 * n), ringStart: starts });
  }

  // A point symbol as pixels: for every pixel it covers, its offset (for a row width w), its
  // RGBA as one uint32 and its alpha. Canvas calls cost 3-30 µs each in software rendering;
  // writing 100k symbols into one ImageData is plain JS over typed arrays.
  function stamp(color, r, dpr, w) {
    var d = Math.ceil((2 * r + 2) * dpr), c = document.createElement("canvas");
    c.width = c.height = d;
    var g = c.getContext("2d");
    g.scale(dpr, dpr);
    g.beginPath();
    g.arc(d / dpr / 2, d / dpr / 2, r, 0, 2 * Math.PI);
    g.fillStyle = color; g.fill();
    g.lineWidth = 1; g.strokeStyle = "#ffffff"; g.stroke();
    var px = new Uint32Array(g.getImageData(0, 0, d, d).data.buffer), n = 0, h = d >> 1;
    for (var i = 0; i < px.length; i++) if (px[i] >>> 24) n++;
    var st = { off: new Int32Array(n), dx: new Int32Array(n), dy: new Int32Array(n), val: new Uint32Array(n),
               alpha: new Uint8Array(n), half: h, size: d };
    for (var y = 0, k = 0; y < d; y++) for (var x = 0; x < d; x++) {
      var v = px[y * d + x];
      if (!(v >>> 24)) continue;
      st.dx[k] = x - h; st.dy[k] = y - h; st.off[k] = (y - h) * w + (x - h); st.val[k] = v; st.alpha[k] = v >>> 24; k++;
    }
    return st;
  }

  function stampAt(u, w, h, st, x, y) {
    var x0 = Math.round(x), y0 = Math.round(y), off = st.off, val = st.val, al = st.alpha, n = off.length, k, o;
    if (x0 - st.half >= 0 && y0 - st.half >= 0 && x0 + st.half < w && y0 + st.half < h) {
      var base = y0 * w + x0;
      for (k = 0; k < n; k++) {
        o = base + off[k];
        if (al[k] === 255 || al[k] > (u[o] >>> 24)) u[o] = val[k];
      }
      return;
    }
    for (k = 0; k < n; k++) {
      var xx = x0 + st.dx[k], yy = y0 + st.dy[k];
      if (xx < 0 || yy < 0 || xx >= w || yy >= h) continue;
      o = yy * w + xx;
      if (al[k] === 255 || al[k] > (u[o] >>> 24)) u[o] = val[k];
    }
  }

  // A #rrggbb colour with an alpha as one little-endian RGBA uint32 (an ImageData pixel).
  function colour32(color, alpha) {
    var c = parseInt(color.slice(1), 16);
    return ((alpha << 24) | ((c & 0xff) << 16) | (c & 0xff00) | ((c >> 16) & 0xff)) >>> 0;
  }

  function boxAt(u, w, h, val, x, y, bw, bh) {
    var x0 = Math.max(0, Math.round(x)), y0 = Math.max(0, Math.round(y));
    var x1 = Math.min(w, Math.round(x + bw)), y1 = Math.min(h, Math.round(y + bh));
    for (var yy = y0; yy < y1; yy++) {
      var row = yy * w;
      for (var xx = x0; xx < x1; xx++) if ((u[row + xx] >>> 24) < (val >>> 24)) u[row + xx] = val;
    }
  }

  // Fill the rings pts[starts[k] .. starts[k+1]) (device px) by the nonzero rule, scanline by scanline.
  function fillRings(px, pts, starts, val) {
    var y0 = Infinity, y1 = -Infinity, n = starts[starts.length - 1], i, cross = [];
    for (i = 0; i < n; i++) { var yy = pts[2 * i + 1]; if (yy < y0) y0 = yy; if (yy > y1) y1 = yy; }
    y0 = Math.max(0, Math.ceil(y0 - 0.5)); y1 = Math.min(px.h - 1, Math.floor(y1 - 0.5));
    for (var y = y0; y <= y1; y++) {
      var sy = y + 0.5;
      cross.length = 0;
      for (var k = 0; k + 1 < starts.length; k++) {
        var a0 = starts[k], a1 = starts[k + 1];
        for (i = a0; i < a1; i++) {
          var j = i + 1 < a1 ? i + 1 : a0, ya = pts[2 * i + 1], yb = pts[2 * j + 1];
          if ((ya <= sy) !== (yb <= sy)) {
            cross.push(pts[2 * i] + (sy - ya) * (pts[2 * j] - pts[2 * i]) / (yb - ya), yb > ya ? 1 : -1);
          }
        }
      }
      var order = [];
      for (i = 0; i < cross.length; i += 2) order.push(i);
      order.sort(function (p, q) { return cross[p] - cross[q]; });
      var wind = 0, row = y * px.w;
      for (i = 0; i < order.length; i++) {
        var before = wind;
        wind += cross[order[i] + 1];
        if (before !== 0 && i > 0) {
          var xa = Math.max(0, Math.ceil(cross[order[i - 1]] - 0.5)), xb = Math.min(px.w - 1, Math.floor(cross[order[i]] - 0.5));
          for (var x = xa; x <= xb; x++) if ((px.u[row + x] >>> 24) < (val >>> 24)) px.u[row + x] = val;
        }
      }
    }
  }

  // A polyline (closed: back to its start) of width w device px, pts[a .. b).
  function polyline(px, pts, a, b, closed, val, w) {
    var h = (w - 1) >> 1, last = closed ? b : b - 1;
    for (var i = a; i < last; i++) {
      var j = i + 1 < b ? i + 1 : a, x0 = pts[2 * i], y0 = pts[2 * i + 1], dx = pts[2 * j] - x0, dy = pts[2 * j + 1] - y0;
      var steps = Math.max(1, Math.ceil(Math.max(Math.abs(dx), Math.abs(dy))));
      if (steps > 20000) continue;  // far off screen: not ours to draw
      for (var k = 0; k <= steps; k++) {
        var x = Math.round(x0 + dx * k / steps) - h, y = Math.round(y0 + dy * k / steps) - h;
        for (var yy = Math.max(0, y); yy < Math.min(px.h, y + w); yy++) {
          var row = yy * px.w;
          for (var xx = Math.max(0, x); xx < Math.min(px.w, x + w); xx++) px.u[row + xx] = val;
        }
      }
    }
  }

  window.QJ_OVPX = { POINT: POINT, LINE: LINE, unpack: unpack, simplified: simplified, stamp: stamp, stampAt: stampAt, colour32: colour32, boxAt: boxAt, fillRings: fillRings, polyline: polyline };
})();
