/* qjmap overlays: users' own files drawn fast enough for 100,000 points or 50 MB of polygons.
 *
 * Each overlay is one canvas (a Leaflet Renderer in its own pane) drawn from packed arrays
 * (qjmap/page/overlay_data.py), never one Leaflet layer per feature: SVG or circleMarker
 * objects cost seconds to create at 100k and stall every redraw. While the map is dragged
 * the canvas moves with the map pane and nothing is redrawn; after a move or zoom it is
 * redrawn once: points thinned to one per screen cell, lines and rings simplified for the
 * zoom (levels built lazily), features smaller than a pixel drawn as a dot. Hits are found
 * from the packed arrays. Attribute text is untrusted: it reaches the DOM only as text
 * nodes and the canvas only through fillText.
 */
(function () {
  "use strict";
  var QJ = window.QJ;
  var map = null, layers = {}, pending = 0, zBase = 300;  // above the basemap, under the catalogue layers
  var POINT = 1, LINE = 2;  // ring types, as in overlay_pixels.js
  var PX = null;  // overlay_pixels.js (unpacking and rasterising), taken at the first overlay
  var LODS = [5, 7, 9, 11, 13];  // zoom levels with a simplified copy (tolerance 1 px)
  var SMALL = 6;  // px: a polygon or line smaller than this is drawn as a box

  function textEl(tag, text) {
    var el = document.createElement(tag);
    el.textContent = text;
    return el;
  }

  function bytesOf(spec) {
    if (spec.b64 != null) {
      var s = atob(spec.b64), u = new Uint8Array(s.length);
      for (var i = 0; i < s.length; i++) u[i] = s.charCodeAt(i);
      return Promise.resolve(u.buffer);
    }
    return fetch(spec.url).then(function (r) {
      if (!r.ok) throw new Error("overlay data " + spec.url + ": " + r.status);
      return r.arrayBuffer();
    });
  }

  // Built on first use: this file may load before Leaflet.
  var Overlay = null;
  function overlayClass() { return Overlay || (Overlay = L.Renderer.extend(OVERLAY)); }
  var OVERLAY = {
    options: { padding: 0.2 },

    initialize: function (id, spec) {
      L.Renderer.prototype.initialize.call(this, { pane: "ov-" + id, padding: 0.2 });
      this.id = id; this.spec = spec; this.data = null; this.props = null;
      this.times = { added: performance.now() };
      this.drawCount = 0;
    },
    _initContainer: function () {
      this._container = document.createElement("canvas");
      this._container.className = "qj-overlay";
      // a CPU canvas: its pixels are read back and written as ImageData
      this._ctx = this._container.getContext("2d", { willReadFrequently: true });
    },
    _destroyContainer: function () { L.DomUtil.remove(this._container); this._container = null; },
    _updatePaths: function () {},
    _update: function () {
      if (this._map._animatingZoom && this._bounds) return;
      L.Renderer.prototype._update.call(this);
      var b = this._bounds, size = b.getSize(), c = this._container, dpr = window.devicePixelRatio || 1;
      L.DomUtil.setPosition(c, b.min);
      c.width = Math.round(size.x * dpr); c.height = Math.round(size.y * dpr);
      c.style.width = size.x + "px"; c.style.height = size.y + "px";
      this.draw();
    },

    // Canvas CSS px of world point (x, y) in [0, 1]: x * k - ox.
    frame: function () {
      var k = 256 * Math.pow(2, this._map.getZoom()), org = this._map.getPixelOrigin(), b = this._bounds;
      return { k: k, ox: org.x + b.min.x, oy: org.y + b.min.y, w: b.getSize().x, h: b.getSize().y };
    },

    draw: function () {
      var d = this.data, ctx = this._ctx;
      if (!d || !ctx || !this._bounds) return;
      var t0 = performance.now(), s = this.spec.style, dpr = window.devicePixelRatio || 1, f = this.frame();
      this.cell = Math.max(1, s.size * 0.75);
      this.cols = Math.ceil(f.w / this.cell) + 1;
      var rows = Math.ceil(f.h / this.cell) + 1;
      if (!this.grid || this.grid.length < this.cols * rows) this.grid = new Int32Array(this.cols * rows);
      this.grid.fill(-1, 0, this.cols * rows);
      this.drawnFrame = f;
      // Everything is written into one ImageData, then put once: canvas calls (paths, drawImage)
      // cost microseconds each in software rendering, 100x a typed-array write.
      var W = this._container.width, H = this._container.height, img = ctx.createImageData(W, H);
      var px = { u: new Uint32Array(img.data.buffer), w: W, h: H, dpr: dpr }, labels = [];
      if (!d.pointsOnly) this.drawShapes(px, d, f, s, labels);
      var t1 = performance.now();
      this.drawPoints(px, d, f, s, labels, rows);
      ctx.putImageData(img, 0, 0);
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      if (s.label != null && this.props) this.drawLabels(ctx, f, labels);
      this.drawCount++;
      this.times.lastDrawMs = performance.now() - t0;
      this.times.parts = { shapes: t1 - t0, points: performance.now() - t1 };
      if (!this.times.drawn) {
        this.times.drawn = performance.now();
        var self = this;  // the first frame that shows the layer
        requestAnimationFrame(function () { requestAnimationFrame(function () { self.times.visible = performance.now(); }); });
      }
    },

    drawPoints: function (px, d, f, s, labels, rows) {
      var r = s.size, cell = this.cell, cols = this.cols, grid = this.grid, st = null, dpr = px.dpr;
      var xy = d.xy, rs = d.ringStart, rt = d.ringType, fr = d.featRing;
      for (var i = 0; i < d.nf; i++) {
        for (var ring = fr[i]; ring < fr[i + 1]; ring++) {
          if (rt[ring] !== POINT) continue;
          var v = rs[ring], x = xy[2 * v] * f.k - f.ox, y = xy[2 * v + 1] * f.k - f.oy;
          if (x < -r || y < -r || x > f.w + r || y > f.h + r) continue;
          var cx = Math.floor(x / cell), cy = Math.floor(y / cell);
          if (cx >= 0 && cy >= 0 && cx < cols && cy < rows) {
            var g = cy * cols + cx;
            if (grid[g] >= 0) continue;  // this cell already shows a point
            grid[g] = i;
          }
          if (!st) st = PX.stamp(s.color, r, dpr, px.w);
          PX.stampAt(px.u, px.w, px.h, st, x * dpr, y * dpr);
          labels.push(i, x, y - r - 2);
        }
      }
    },

    drawShapes: function (px, d, f, s, labels) {
      var z = this._map.getZoom(), level = null, dpr = px.dpr;
      for (var j = 0; j < LODS.length; j++) if (LODS[j] >= Math.ceil(z)) { level = LODS[j]; break; }
      var g = level === null ? { xy: d.xy, ringStart: d.ringStart } : PX.simplified(d, level);
      var xy = g.xy, rs = g.ringStart, rt = d.ringType, fr = d.featRing, fb = d.fbox;
      var vx0 = f.ox / f.k, vy0 = f.oy / f.k, vx1 = (f.ox + f.w) / f.k, vy1 = (f.oy + f.h) / f.k;
      var fillVal = PX.colour32(s.color, 64), lineVal = PX.colour32(s.color, 230), boxVal = PX.colour32(s.color, 204);
      var lw = Math.max(1, Math.round(s.size / 2 * dpr)), ow = Math.max(1, Math.round(s.size / 4 * dpr));
      var pts = [], starts = [];
      for (var i = 0; i < d.nf; i++) {
        if (fb[4 * i + 2] < vx0 || fb[4 * i] > vx1 || fb[4 * i + 3] < vy0 || fb[4 * i + 1] > vy1) continue;
        var wpx = (fb[4 * i + 2] - fb[4 * i]) * f.k, hpx = (fb[4 * i + 3] - fb[4 * i + 1]) * f.k;
        var cxp = (fb[4 * i] + fb[4 * i + 2]) / 2 * f.k - f.ox, cyp = (fb[4 * i + 1] + fb[4 * i + 3]) / 2 * f.k - f.oy;
        var shape = false, ring;
        for (ring = fr[i]; ring < fr[i + 1]; ring++) if (rt[ring] !== POINT) shape = true;
        if (!shape) continue;
        if (wpx < SMALL && hpx < SMALL) {  // a few pixels across: a filled box of its size
          PX.boxAt(px.u, px.w, px.h, boxVal, (cxp - Math.max(wpx, 2) / 2) * dpr, (cyp - Math.max(hpx, 2) / 2) * dpr,
                Math.max(wpx, 2) * dpr, Math.max(hpx, 2) * dpr);
          continue;
        }
        pts.length = 0; starts.length = 0;
        for (ring = fr[i]; ring < fr[i + 1]; ring++) {
          var t = rt[ring], a = rs[ring], b = rs[ring + 1];
          if (t === POINT) continue;
          var base = pts.length / 2;
          for (var v = a; v < b; v++) pts.push((xy[2 * v] * f.k - f.ox) * dpr, (xy[2 * v + 1] * f.k - f.oy) * dpr);
          if (t === LINE) { PX.polyline(px, pts, base, pts.length / 2, false, lineVal, lw); pts.length = base * 2; }
          else starts.push(base);
        }
        if (starts.length) {
          starts.push(pts.length / 2);
          PX.fillRings(px, pts, starts, fillVal);
          for (var k = 0; k + 1 < starts.length; k++) PX.polyline(px, pts, starts[k], starts[k + 1], true, lineVal, ow);
        }
        labels.push(i, cxp, cyp);
      }
    },

    // Labels where they fit: greedy, first come first placed, at most 400 per frame.
    drawLabels: function (ctx, f, labels) {
      var col = this.props.columns.indexOf(this.spec.style.label);
      if (col < 0) return;
      var rows = this.props.rows, placed = [], n = 0;
      ctx.font = "12px 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif";
      ctx.textAlign = "center"; ctx.textBaseline = "bottom";
      ctx.lineWidth = 3; ctx.strokeStyle = "rgba(255,255,255,0.9)"; ctx.fillStyle = "#263238";
      for (var i = 0; i < labels.length && n < 400; i += 3) {
        var val = rows[labels[i]][col];
        if (val == null || val === "") continue;
        var text = String(val).slice(0, 40), x = labels[i + 1], y = labels[i + 2];
        if (x < 0 || y < 14 || x > f.w || y > f.h) continue;
        var w = ctx.measureText(text).width, box = [x - w / 2 - 2, y - 15, x + w / 2 + 2, y + 1], ok = true;
        for (var j = 0; j < placed.length && ok; j++) {
          var q = placed[j];
          if (box[0] < q[2] && box[2] > q[0] && box[1] < q[3] && box[3] > q[1]) ok = false;
        }
        if (!ok) continue;
        placed.push(box); n++;
        ctx.strokeText(text, x, y); ctx.fillText(text, x, y);
      }
    },

    // The topmost feature under a container point, or -1.
    hit: function (pt) {
      var d = this.data, f = this.drawnFrame;
      if (!d || !f || !this._map) return -1;
      var lp = this._map.containerPointToLayerPoint(pt), px = lp.x - this._bounds.min.x, py = lp.y - this._bounds.min.y;
      var r = this.spec.style.size + 2, cell = this.cell, best = -1, bestD = r * r;
      var c0 = Math.floor((px - r) / cell), c1 = Math.floor((px + r) / cell);
      var r0 = Math.floor((py - r) / cell), r1 = Math.floor((py + r) / cell);
      for (var cy = Math.max(0, r0); cy <= r1; cy++) {
        for (var cx = Math.max(0, c0); cx <= c1 && cx < this.cols; cx++) {
          var i = this.grid[cy * this.cols + cx];
          if (i < 0) continue;
          var v = d.ringStart[d.featRing[i]], dx = d.xy[2 * v] * f.k - f.ox - px, dy = d.xy[2 * v + 1] * f.k - f.oy - py;
          if (dx * dx + dy * dy <= bestD) { bestD = dx * dx + dy * dy; best = i; }
        }
      }
      if (best >= 0 || d.pointsOnly) return best;
      var wx = (px + f.ox) / f.k, wy = (py + f.oy) / f.k, tol = (this.spec.style.size / 2 + 3) / f.k;
      for (var k = d.nf - 1; k >= 0; k--) {
        var fb = d.fbox;
        if (wx < fb[4 * k] - tol || wx > fb[4 * k + 2] + tol || wy < fb[4 * k + 1] - tol || wy > fb[4 * k + 3] + tol) continue;
        if (this.inside(k, wx, wy, tol)) return k;
      }
      return -1;
    },

    inside: function (k, x, y, tol) {
      var d = this.data, xy = d.xy, inPoly = false;
      for (var ring = d.featRing[k]; ring < d.featRing[k + 1]; ring++) {
        var a = d.ringStart[ring], b = d.ringStart[ring + 1], t = d.ringType[ring];
        for (var v = a; v < b - 1; v++) {
          var x1 = xy[2 * v], y1 = xy[2 * v + 1], x2 = xy[2 * v + 2], y2 = xy[2 * v + 3];
          if (t === LINE) {
            var dx = x2 - x1, dy = y2 - y1, l2 = dx * dx + dy * dy;
            var u = l2 ? Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / l2)) : 0;
            var ex = x1 + u * dx - x, ey = y1 + u * dy - y;
            if (ex * ex + ey * ey <= tol * tol) return true;
          } else if (t !== POINT && ((y1 > y) !== (y2 > y)) && x < (x2 - x1) * (y - y1) / (y2 - y1) + x1) {
            inPoly = !inPoly;
          }
        }
      }
      return inPoly;
    },

    table: function (i) {
      var t = document.createElement("table");
      t.className = "qj-ov-attrs";
      t.appendChild(textEl("caption", this.spec.name));
      if (!this.props) return t;
      var cols = this.props.columns, row = this.props.rows[i];
      for (var c = 0; c < cols.length && c < 60; c++) {
        var tr = document.createElement("tr");
        tr.appendChild(textEl("th", cols[c]));
        tr.appendChild(textEl("td", row[c] == null ? "" : (typeof row[c] === "object" ? JSON.stringify(row[c]) : String(row[c]))));
        t.appendChild(tr);
      }
      return t;
    },

    labelOf: function (i) {
      if (!this.props) return "";
      var col = this.props.columns.indexOf(this.spec.style.label != null ? this.spec.style.label : "name");
      var v = col >= 0 ? this.props.rows[i][col] : null;
      return v == null ? "" : String(v);
    }
  };

  function topHit(e) {
    var ids = Object.keys(layers).sort(function (a, b) { return layers[b].z - layers[a].z; });
    for (var j = 0; j < ids.length; j++) {
      var l = layers[ids[j]];
      if (!map.hasLayer(l)) continue;
      var i = l.hit(e.containerPoint);
      if (i >= 0) return { layer: l, index: i };
    }
    return null;
  }

  var tip = null, hoverQueued = null;
  function onMove(e) {
    if (hoverQueued) { hoverQueued = e; return; }
    hoverQueued = e;
    requestAnimationFrame(function () {
      var ev = hoverQueued; hoverQueued = null;
      if (!map) return;
      var h = topHit(ev), text = h ? h.layer.labelOf(h.index) : "";
      map.getContainer().style.cursor = h ? "pointer" : "";
      if (!h || !text) { if (tip) { map.removeLayer(tip); tip = null; } return; }
      if (!tip) tip = L.tooltip({ direction: "top", offset: [0, -6] });
      tip.setLatLng(ev.latlng).setContent(textEl("span", text));
      if (!map.hasLayer(tip)) tip.addTo(map);
    });
  }

  function onClick(e) {
    var h = topHit(e);
    if (h) L.popup({ maxWidth: 420, maxHeight: 360 }).setLatLng(e.latlng).setContent(h.layer.table(h.index)).openOn(map);
  }


  function styleOf(s) {
    return { color: String(s.color || "#00838f"), size: Math.max(1, Math.min(30, Number(s.size) || 5)),
             label: s.label == null || s.label === "" ? null : String(s.label) };
  }

  // spec: {name, style: {color, size, label}, visible, opacity, meta: {nv, nr, nf, bbox}, fit,
  //        url (packed arrays; the table follows by QJ.overlayProps) | b64 + props ({columns, rows})}
  QJ.addOverlay = function (id, spec) {
    PX = PX || window.QJ_OVPX;
    if (layers[id]) QJ.removeOverlay(id);
    spec.style = styleOf(spec.style || {});
    var pane = map.getPane("ov-" + id) || map.createPane("ov-" + id);
    var l = new (overlayClass())(id, spec);
    l.z = zBase++;
    pane.style.zIndex = l.z;
    pane.style.opacity = spec.opacity == null ? 1 : spec.opacity;
    layers[id] = l;
    pending++;
    l.ready = bytesOf(spec).then(function (buf) {
      l.data = PX.unpack(buf, spec.meta);
      l.times.loaded = performance.now();
      if (layers[id] !== l) return;
      if (spec.visible !== false) map.addLayer(l);
      var bb = spec.meta.bbox;
      if (spec.fit && bb) map.fitBounds([[bb[1], bb[0]], [bb[3], bb[2]]], { padding: [30, 30], maxZoom: 12, animate: false });
      if (spec.props) setProps(l, spec.props);
    }).catch(function (err) { l.error = String(err); console.error("overlay " + id + ": " + err); })
      .then(function () { pending--; });
    return true;
  };
  function setProps(l, p) {
    l.props = p;
    l.times.props = performance.now();
    if (l.spec.style.label != null) l.draw();
  }
  // The attribute table arrives after the geometry (it is built while the layer is drawn).
  QJ.overlayProps = function (id, url) {
    var l = layers[id]; if (!l) return false;
    pending++;
    fetch(url).then(function (r) { return r.json(); }).then(function (p) { if (layers[id] === l) setProps(l, p); })
      .catch(function (err) { l.error = String(err); console.error("overlay " + id + ": " + err); })
      .then(function () { pending--; });
    return true;
  };
  QJ.styleOverlay = function (id, style) {
    var l = layers[id]; if (!l) return false;
    l.spec.style = styleOf(style);
    l.draw();
    return true;
  };
  QJ.removeOverlay = function (id) {
    var l = layers[id]; if (!l) return false;
    if (map.hasLayer(l)) map.removeLayer(l);
    delete layers[id];
    return true;
  };
  QJ.hasOverlay = function (id) { return !!layers[id]; };
  QJ.fitOverlay = function (id) {
    var l = layers[id], bb = l && l.spec.meta.bbox; if (!bb) return false;
    map.fitBounds([[bb[1], bb[0]], [bb[3], bb[2]]], { padding: [30, 30], maxZoom: 12 });
    return true;
  };
  // Nothing loading, and every shown overlay drawn with its attributes (an export grabs after this).
  QJ.overlaysDrawn = function () {
    if (pending) return false;
    return Object.keys(layers).every(function (k) { var l = layers[k]; return !map.hasLayer(l) || (l.drawCount > 0 && !!l.props); });
  };
  // For tests and the benchmark: what was loaded and drawn, and when (performance.now ms).
  QJ.overlayState = function (id) {
    var l = layers[id]; if (!l) return null;
    return { features: l.data ? l.data.nf : -1, props: !!l.props, shown: map.hasLayer(l), draws: l.drawCount,
             error: l.error || null, times: l.times, style: l.spec.style };
  };
  QJ.overlayHit = function (id, x, y) { var l = layers[id]; return l ? l.hit(L.point(x, y)) : -1; };
  QJ.overlayPoint = function (id, i) {  // container point of feature i's first vertex
    var l = layers[id], d = l && l.data; if (!d) return null;
    var v = d.ringStart[d.featRing[i]], p = map.latLngToContainerPoint([d.ll[2 * v + 1], d.ll[2 * v]]);
    return [p.x, p.y];
  };
  QJ.openOverlayPopup = function (id, i) {  // once its data is there (the standalone page: #overlay=id:i)
    var l = layers[id]; if (!l) return false;
    l.ready.then(function () {
      var d = l.data, v = d.ringStart[d.featRing[i]];
      L.popup({ maxWidth: 420, maxHeight: 360 }).setLatLng([d.ll[2 * v + 1], d.ll[2 * v]]).setContent(l.table(i)).openOn(map);
    });
    return true;
  };

  // The layer panel sends every row's checkbox and slider through QJ.setLayerVisible/Opacity;
  // overlay ids are answered here, the rest by qjmap.js. QJ.init hands over the map.
  var baseInit = QJ.init, baseVisible = QJ.setLayerVisible, baseOpacity = QJ.setLayerOpacity;
  QJ.init = function (m, d, opts) {
    map = m;
    map.on("click", onClick);
    map.on("mousemove", onMove);
    baseInit(m, d, opts);
  };
  QJ.setLayerVisible = function (id, on) {
    var l = layers[id];
    if (!l) return baseVisible(id, on);
    l.spec.visible = !!on;
    if (on && l.data && !map.hasLayer(l)) map.addLayer(l);
    if (!on && map.hasLayer(l)) map.removeLayer(l);
    return true;
  };
  QJ.setLayerOpacity = function (id, v) {
    if (!layers[id]) return baseOpacity(id, v);
    layers[id].spec.opacity = v;
    map.getPane("ov-" + id).style.opacity = v;
    return true;
  };
})();
