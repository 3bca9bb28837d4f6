"""Cleaned pieces (WGS84 geometries + attribute columns) into one UserLayer, for every reader.

The GIS reader gives one piece per layer of a file (KML folders, GeoPackage tables, zipped
shapefiles), the table reader one piece; both end here so every overlay is built the same way.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from qjmap.io.attributes import json_column, name_column
from qjmap.io.problems import ImportProblem, UserLayer

# Zhejiang, Fujian, Jiangxi, Anhui: an overlay whose bbox misses this box is suspicious.
REGION = (113.0, 23.5, 123.5, 34.7)


@dataclass
class Piece:
    where: str             # the layer's name inside the file (for `_layer` and notes)
    geoms: object          # numpy object array of shapely geometries, WGS84, cleaned
    columns: list[str]
    values: list           # one numpy array per column, aligned with geoms
    crs_in: str
    notes: list[str] = field(default_factory=list)
    n_gone: int = 0        # features left out for having no geometry


def assemble(path, name: str, pieces: list[Piece], skipped: list[str] = (), encodings: list[str] = ()) -> UserLayer:
    """One FeatureCollection from the pieces, with every note; ImportProblem if nothing is left."""
    import numpy as np
    import shapely

    label = Path(path).name
    if not any(len(p.geoms) for p in pieces):
        gone = sum(p.n_gone for p in pieces)
        if gone:
            raise ImportProblem("empty", label, f"共有 {gone} 个要素，但都没有几何，无法显示。",
                                f"it has {gone} feature(s) but none has a geometry to draw.")
        raise ImportProblem("empty", label, "文件中没有任何要素。", "it contains no features.")

    many = len(pieces) > 1
    features, notes_all, crs_list, name_fields = [], [], [], []
    if skipped:
        notes_all.append(f"没有几何的表格未导入：{'、'.join(skipped)} / tables without geometry were not "
                         f"imported: {', '.join(skipped)}")
    for p in pieces:
        notes_all += [f"[{p.where}] {n}" if many else n for n in p.notes]
        if not len(p.geoms):
            continue
        crs_list.append(p.crs_in)
        values = [json_column(v) for v in p.values]
        name_col = name_column(p.columns, values)
        name_fields.append(name_col)
        rows = zip(*values) if values else ([()] * len(p.geoms))
        # One json.loads over all geometries: per-geometry calls cost half the total at 50k.
        geometries = json.loads("[" + ",".join(shapely.to_geojson(p.geoms).tolist()) + "]")
        for g, row in zip(geometries, rows):
            props = dict(zip(p.columns, row))
            if "name" not in props:
                props["name"] = props.get(name_col) if name_col else None
            if many and "_layer" not in props:
                props["_layer"] = p.where
            features.append({"type": "Feature", "id": len(features), "geometry": g, "properties": props})

    bbox = tuple(float(v) for v in shapely.total_bounds(np.concatenate([p.geoms for p in pieces])))
    if bbox[2] < REGION[0] or bbox[0] > REGION[2] or bbox[3] < REGION[1] or bbox[1] > REGION[3]:
        notes_all.append(
            f"数据位于经度 {bbox[0]:.2f}–{bbox[2]:.2f}、纬度 {bbox[1]:.2f}–{bbox[3]:.2f}，不在浙闽赣皖四省附近，"
            f"请确认坐标系是否正确 / the data lies at lon {bbox[0]:.2f}–{bbox[2]:.2f}, lat {bbox[1]:.2f}–{bbox[3]:.2f}, "
            "nowhere near the four-province region — check its coordinate system")
    return UserLayer(
        name=name, source_path=str(path), features={"type": "FeatureCollection", "features": features},
        crs_in="; ".join(dict.fromkeys(crs_list)), encoding="; ".join(dict.fromkeys(encodings)) or None,
        warnings=notes_all, n_features=len(features), bbox=bbox,
        name_field=next((f for f in name_fields if f), None))
