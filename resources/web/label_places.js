/* qjmap: where a label may go, for labels.js. Positions (top-left corners, container px) around
 * a marker; along the part of a line in view; around an area's label point, then on a grid over
 * the part of the area in view. Lines are projected once (Web Mercator, zoom 0), areas keep
 * per-ring bounding boxes, so a layout pass stays cheap. `covered(x, y)` says a point is under
 * the furniture or a control, where a label would not be seen. */
(function () {
  "use strict";
  var map = null, polyIndex = {};

  // --- geometry helpers -----------------------------------------------------------------
  function overlaps(a, b) { return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h; }

  function hitsCircle(b, c) {
    var cx = Math.max(b.x, Math.min(c.x, b.x + b.w)), cy = Math.max(b.y, Math.min(c.y, b.y + b.h));
    var dx = c.x - cx, dy = c.y - cy;
    return dx * dx + dy * dy < (c.r + 1) * (c.r + 1);
  }

  function rings(g) {
    if (g.type === "Polygon") return g.coordinates;
    if (g.type === "MultiPolygon") return [].concat.apply([], g.coordinates);
    return [];
  }

  function insideRings(rs, boxes, lng, lat) {  // even-odd over every ring (holes and parts alike)
    var inside = false;
    for (var k = 0; k < rs.length; k++) {
      var r = rs[k], bb = boxes[k];
      if (lng < bb[0] || lng > bb[2] || lat < bb[1] || lat > bb[3]) continue;
      for (var i = 0, j = r.length - 1; i < r.length; j = i++) {
        var xi = r[i][0], yi = r[i][1], xj = r[j][0], yj = r[j][1];
        if ((yi > lat) !== (yj > lat) && lng < (xj - xi) * (lat - yi) / (yj - yi) + xi) inside = !inside;
      }
    }
    return inside;
  }

  function lines(g) {
    if (g.type === "LineString") return [g.coordinates];
    if (g.type === "MultiLineString") return g.coordinates;
    return [];
  }

  // Liang–Barsky: the part of segment p→q inside rect v, or null.
  function clip(p, q, v) {
    var t0 = 0, t1 = 1, dx = q.x - p.x, dy = q.y - p.y;
    var ps = [-dx, dx, -dy, dy], qs = [p.x - v.x, v.x + v.w - p.x, p.y - v.y, v.y + v.h - p.y];
    for (var i = 0; i < 4; i++) {
      if (ps[i] === 0) { if (qs[i] < 0) return null; continue; }
      var t = qs[i] / ps[i];
      if (ps[i] < 0) { if (t > t1) return null; if (t > t0) t0 = t; } else { if (t < t0) return null; if (t < t1) t1 = t; }
    }
    return [{ x: p.x + t0 * dx, y: p.y + t0 * dy }, { x: p.x + t1 * dx, y: p.y + t1 * dy }];
  }

  function pointAt(pieces, total, frac) {
    var want = total * frac;
    for (var i = 0; i < pieces.length; i++) {
      var s = pieces[i];
      if (want <= s.len || i === pieces.length - 1) {
        var t = s.len ? Math.min(1, want / s.len) : 0;
        return { x: s.a.x + t * (s.b.x - s.a.x), y: s.a.y + t * (s.b.y - s.a.y) };
      }
      want -= s.len;
    }
    return null;
  }

  // --- candidates -----------------------------------------------------------------------
  function around(x, y, r, sz) {
    var g = 3, d = r * 0.72, w = sz.w, h = sz.h;
    return [[x + r + g, y - h / 2], [x - r - g - w, y - h / 2], [x - w / 2, y - r - g - h], [x - w / 2, y + r + g],
            [x + d + g, y - d - h + 2], [x + d + g, y + d - 2], [x - d - g - w, y - d - h + 2], [x - d - g - w, y + d - 2],
            [x + r + g, y - h - 2], [x + r + g, y + 2], [x - r - g - w, y - h - 2], [x - r - g - w, y + 2]];
  }

  // A line's vertices projected once (Web Mercator at zoom 0), and its bounds there.
  var lineIndex = {};
  function lineInfo(f) {
    var id = f.properties.id;
    if (!lineIndex[id]) {
      var crs = map.options.crs, b = L.bounds([]);
      lineIndex[id] = { parts: lines(f.geometry).map(function (coords) {
        return coords.map(function (c) { var q = crs.latLngToPoint(L.latLng(c[1], c[0]), 0); b.extend(q); return q; });
      }), bounds: b };
    }
    return lineIndex[id];
  }

  function lineCandidates(f, view, sz, covered) {
    var pieces = [], total = 0, info = lineInfo(f);
    var k = map.options.crs.scale(map.getZoom()) / map.options.crs.scale(0);
    var off = map.getPixelOrigin().subtract(map._getMapPanePos());  // container = projected − off
    var lo = L.point((view.x + off.x) / k, (view.y + off.y) / k), hi = L.point((view.x + view.w + off.x) / k, (view.y + view.h + off.y) / k);
    if (!info.bounds.isValid() || !info.bounds.intersects(L.bounds(lo, hi))) return null;
    info.parts.forEach(function (part) {
      var prev = null;
      part.forEach(function (q) {
        var pt = { x: q.x * k - off.x, y: q.y * k - off.y };
        if (prev) {
          var s = clip(prev, pt, view);
          if (s) {
            var len = Math.sqrt(Math.pow(s[1].x - s[0].x, 2) + Math.pow(s[1].y - s[0].y, 2));
            pieces.push({ a: s[0], b: s[1], len: len });
            total += len;
          }
        }
        prev = pt;
      });
    });
    if (!pieces.length) return null;
    var out = [];
    [0.5, 0.35, 0.65, 0.2, 0.8, 0.42, 0.58, 0.1, 0.9, 0.28, 0.72].forEach(function (fr) {
      var p = pointAt(pieces, total, fr);
      if (covered(p.x, p.y)) return;
      out.push([p.x - sz.w / 2, p.y - sz.h / 2], [p.x - sz.w / 2, p.y - sz.h - 3], [p.x - sz.w / 2, p.y + 3]);
    });
    return { positions: out, covered: !out.length };
  }

  function polyInfo(f) {
    var id = f.properties.id;
    if (!polyIndex[id]) {
      var rs = rings(f.geometry), b = L.latLngBounds([]), boxes = rs.map(function (r) {
        var bb = [Infinity, Infinity, -Infinity, -Infinity];
        r.forEach(function (c) {
          if (c[0] < bb[0]) bb[0] = c[0]; if (c[1] < bb[1]) bb[1] = c[1];
          if (c[0] > bb[2]) bb[2] = c[0]; if (c[1] > bb[3]) bb[3] = c[1];
        });
        if (r.length) { b.extend([bb[1], bb[0]]); b.extend([bb[3], bb[2]]); }
        return bb;
      });
      var reg = f.properties.region ? QJ.groups.region(f.properties.region) : null;
      var lp = f.properties.label_point || (reg && reg.properties.label_point) || null;
      if (!lp && b.isValid()) { var c = b.getCenter(); lp = [c.lng, c.lat]; }
      polyIndex[id] = { rings: rs, boxes: boxes, bounds: b, lp: lp };
    }
    return polyIndex[id];
  }

  /* Positions for an area's label: around its label point, then a grid over the part of its
   * bounds in view, nearest the label point first; a box is taken only if its centre is inside
   * the area (`accept`, tested only for boxes that fit). null when the area is not in view. */
  function areaCandidates(f, view, sz, covered) {
    var info = polyInfo(f);
    if (!info.bounds.isValid() || !map.getBounds().intersects(info.bounds)) return null;
    var near = [], lp = info.lp ? map.latLngToContainerPoint([info.lp[1], info.lp[0]]) : null;
    if (lp && lp.x >= view.x && lp.x <= view.x + view.w && lp.y >= view.y && lp.y <= view.y + view.h && !covered(lp.x, lp.y)) {
      [[0, 0], [0, -sz.h - 2], [0, sz.h + 2], [sz.w / 2 + 6, 0], [-sz.w / 2 - 6, 0]].forEach(function (o) {
        near.push([lp.x + o[0] - sz.w / 2, lp.y + o[1] - sz.h / 2]);
      });
    }
    function inside(x, y) { var ll = map.containerPointToLatLng([x, y]); return insideRings(info.rings, info.boxes, ll.lng, ll.lat); }
    var nw = map.latLngToContainerPoint(info.bounds.getNorthWest()), se = map.latLngToContainerPoint(info.bounds.getSouthEast());
    var x0 = Math.max(view.x, nw.x), x1 = Math.min(view.x + view.w, se.x), y0 = Math.max(view.y, nw.y), y1 = Math.min(view.y + view.h, se.y);
    var pts = [], n = 7, c = lp || { x: (x0 + x1) / 2, y: (y0 + y1) / 2 };
    for (var i = 0; i < n && x1 > x0 && y1 > y0; i++) for (var j = 0; j < n; j++) {
      var x = x0 + (i + 0.5) * (x1 - x0) / n, y = y0 + (j + 0.5) * (y1 - y0) / n;
      if (!covered(x, y)) pts.push({ x: x, y: y, d: (x - c.x) * (x - c.x) + (y - c.y) * (y - c.y) });
    }
    pts.sort(function (a, b) { return a.d - b.d; });
    if (!near.length) {  // in view only if some visible point of it is
      while (pts.length && !inside(pts[0].x, pts[0].y)) pts.shift();
      if (!pts.length) return null;
    }
    var grid = pts.map(function (p) { return [p.x - sz.w / 2, p.y - sz.h / 2]; });
    return { positions: near.length ? near : grid, more: near.length ? function () { return grid; } : null,
             accept: function (b) { return inside(b.x + b.w / 2, b.y + b.h / 2); } };
  }

  window.QJ.labelPlaces = {
    init: function (m) { map = m; },
    overlaps: overlaps, hitsCircle: hitsCircle, around: around, line: lineCandidates, area: areaCandidates
  };
})();
