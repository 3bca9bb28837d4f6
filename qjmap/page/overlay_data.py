"""An overlay as the page draws it (resources/web/overlays.js): packed arrays plus an attribute table.

100,000 GeoJSON features as JSON cost seconds to send and parse; the same geometry as one
binary block (float64 lon/lat, int32 ring and feature offsets, a type byte per ring) is
read by the page in milliseconds. Polygon rings are oriented here (outer counter-clockwise,
holes clockwise) so the page fills every polygon of a layer in one nonzero-rule path.
Attributes go as columns and rows of JSON; `script_json` makes any JSON safe inside a
<script> (no raw < > & from the data reaches the HTML of an export). No Qt.
"""
from __future__ import annotations

import base64
import json
from itertools import chain
from operator import itemgetter
from typing import TYPE_CHECKING

from qjmap.model.overlay import Overlay

if TYPE_CHECKING:
    import numpy as np

POINT, LINE, OUTER, INNER = 1, 2, 3, 4


def _rings(geom, rings: list, types: list) -> None:
    if not geom:
        return
    t, c = geom.get("type"), geom.get("coordinates")
    if t == "Point":
        rings.append([c]); types.append(POINT)
    elif t == "MultiPoint":
        rings.extend([p] for p in c); types.extend([POINT] * len(c))
    elif t == "LineString":
        rings.append(c); types.append(LINE)
    elif t == "MultiLineString":
        rings.extend(c); types.extend([LINE] * len(c))
    elif t in ("Polygon", "MultiPolygon"):
        for poly in ([c] if t == "Polygon" else c):
            rings.extend(poly)
            types.extend([OUTER] + [INNER] * (len(poly) - 1))
    elif t == "GeometryCollection":
        for g in geom.get("geometries", []):
            _rings(g, rings, types)


def _lonlat(rings: list) -> np.ndarray:
    import numpy as np  # only when a user's layer is drawn: not at start-up
    flat = list(chain.from_iterable(rings))
    try:
        a = np.asarray(flat, dtype=np.float64)
    except ValueError:  # mixed 2D/3D positions
        a = np.asarray([p[:2] for p in flat], dtype=np.float64)
    return a[:, :2] if a.ndim == 2 and len(a) else np.zeros((0, 2))


def _orient(xy: np.ndarray, starts: np.ndarray, lens: np.ndarray, types: np.ndarray) -> np.ndarray:
    """Reverse the rings whose winding is wrong for a nonzero fill."""
    import numpy as np  # only when a user's layer is drawn: not at start-up
    if not len(xy) or not np.isin(types, (OUTER, INNER)).any():
        return xy
    x, y = xy[:, 0], xy[:, 1]
    cross = np.append(x[:-1] * y[1:] - x[1:] * y[:-1], 0.0)
    cross[starts + lens - 1] = 0.0  # no segment from a ring's last vertex to the next ring
    area = np.add.reduceat(cross, starts)
    flip = ((types == OUTER) & (area < 0)) | ((types == INNER) & (area > 0))
    if not flip.any():
        return xy
    ring_of = np.repeat(np.arange(len(lens)), lens)
    idx = np.arange(len(xy))
    f = flip[ring_of]
    idx[f] = (2 * starts[ring_of] + lens[ring_of] - 1 - idx)[f]
    return xy[idx]


def _points_only(feats: list) -> np.ndarray | None:
    """All features single Points (the common big layer): their lon/lat in one step, else None."""
    try:
        if all(f["geometry"]["type"] == "Point" for f in feats):
            return _lonlat([[f["geometry"]["coordinates"] for f in feats]])
    except (KeyError, TypeError):
        pass
    return None


def pack(fc: dict) -> tuple[bytes, dict]:
    """(binary block, meta {nv, nr, nf, bbox}) of a FeatureCollection, as overlays.js unpacks it."""
    import numpy as np  # only when a user's layer is drawn: not at start-up
    feats = fc.get("features", [])
    xy = _points_only(feats)
    if xy is not None and len(feats):
        n = len(feats)
        starts, feat_ring, t = np.arange(n + 1), np.arange(n + 1), np.full(n, POINT, dtype=np.uint8)
        per_feature = feats
    else:
        rings, types, per_feature = [], [], []
        for f in feats:
            before = len(rings)
            _rings(f.get("geometry"), rings, types)
            per_feature.append(len(rings) - before)
        lens = np.fromiter((len(r) for r in rings), dtype=np.int64, count=len(rings))
        starts = np.concatenate([[0], np.cumsum(lens)]).astype(np.int64)
        t = np.asarray(types, dtype=np.uint8)
        xy = _orient(_lonlat(rings), starts[:-1], lens, t)
        feat_ring = np.concatenate([[0], np.cumsum(per_feature, dtype=np.int64)])
    blocks = [np.ascontiguousarray(xy, dtype="<f8").tobytes(), starts.astype("<i4").tobytes(),
              feat_ring.astype("<i4").tobytes(), t.tobytes()]
    data = b"".join(b + b"\0" * (-len(b) % 8) for b in blocks)
    bbox = ([float(xy[:, 0].min()), float(xy[:, 1].min()), float(xy[:, 0].max()), float(xy[:, 1].max())]
            if len(xy) else None)
    return data, {"nv": int(len(xy)), "nr": len(t), "nf": len(per_feature), "bbox": bbox}


def attribute_table(fc: dict) -> dict:
    """{"columns": [...], "rows": [[...], ...]}: one row per feature, in feature order."""
    props = [f.get("properties") or {} for f in fc.get("features", [])]
    cols: dict[str, None] = {}
    for p in props:
        for k in p:
            cols.setdefault(k, None)
    names = list(cols)
    if len(names) > 1:
        get = itemgetter(*names)
        try:
            rows = [get(p) for p in props]  # every feature has every column: the usual case, in C
        except KeyError:
            rows = [[p.get(c) for c in names] for p in props]
    else:
        rows = [[p.get(c) for c in names] for p in props]
    return {"columns": [str(c) for c in names], "rows": rows}


def table_json(fc: dict) -> bytes:
    """The attribute table as served to the page (fetched, so not inside a <script>)."""
    return json.dumps(attribute_table(fc), ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


def script_json(obj) -> str:
    """JSON that can sit inside <script> as is: < > & and the JS line breaks are \\u-escaped."""
    return (json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def overlay_spec(ov: Overlay, meta: dict, *, url: str | None = None, data: bytes | None = None,
                 fit: bool = False) -> dict:
    """The argument of QJ.addOverlay: geometry by URL (the app; the table follows with
    QJ.overlayProps) or everything inlined (standalone HTML)."""
    spec = {"name": ov.name, "style": {"color": ov.style.color, "size": ov.style.size, "label": ov.style.label},
            "visible": ov.visible, "opacity": ov.opacity, "meta": meta, "fit": fit}
    if data is not None:
        spec["b64"] = base64.b64encode(data).decode("ascii")
        spec["props"] = attribute_table(ov.features)
    else:
        spec["url"] = url
    return spec
