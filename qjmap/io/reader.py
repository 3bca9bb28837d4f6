"""Read a GIS file an office user drops on the map into a plain WGS84 overlay, or say why not.

Staff bring whatever they have: Shapefiles (loose or zipped, often GBK text with no .cpg,
often CGCS2000 Gauss-Kruger metres), GeoJSON, GeoPackage, KML. Everything that stops an
import is an `ImportProblem` with a `kind` for code and a bilingual `message` naming the
file; everything guessed or repaired is a line in `UserLayer.warnings`, so nothing is
lost or changed silently. Reprojection and cleaning happen here, once; the page only
draws. Attribute text is untrusted and is NOT escaped here: the page must insert it as
text. pyogrio/pyproj/shapely are imported inside functions: this module is cheap to
import.
"""
from __future__ import annotations

import json
from pathlib import Path

from qjmap.io.attributes import json_column, name_column
from qjmap.io.clean import clean
from qjmap.io.datasets import MAX_BYTES, layers, resolve
from qjmap.io.gdal_read import read_gdal
from qjmap.io.problems import ImportProblem, UserLayer
from qjmap.io.shapefile import check_shapefile, read_shapefile

# Zhejiang, Fujian, Jiangxi, Anhui: an overlay whose bbox misses this box is suspicious.
REGION = (113.0, 23.5, 123.5, 34.7)


def read_user_layer(path, *, max_bytes: int = MAX_BYTES, layer: str | None = None) -> UserLayer:
    """Read a user's file into a WGS84 FeatureCollection, or raise ImportProblem.

    Multi-layer files (KML folders, GeoPackages, zips of several shapefiles) become one
    overlay; each feature's `_layer` property then says where it came from. `layer`
    reads just that one.
    """
    import shapely

    path = Path(path)
    datasets, name, close = resolve(path, max_bytes)
    pieces, encodings, skipped = [], [], []
    try:
        for ds in datasets:
            lyrs, tables = layers(ds, layer)
            skipped += tables
            for lyr in lyrs:
                if ds.parts is not None:
                    check_shapefile(ds)
                    frame, encoding, notes = read_shapefile(ds)
                    encodings.append(encoding)
                else:
                    frame, notes = read_gdal(ds, lyr, None)
                where = lyr or Path(ds.label).stem
                has_prj = ds.parts is not None and ds.parts[".prj"] is not None
                geoms, props, crs_in, more, n_gone = clean(frame, ds.label, has_prj)
                pieces.append((where, geoms, props, crs_in, notes + more, n_gone))
    finally:
        close()

    label = path.name
    if not any(len(p[1]) for p in pieces):
        gone = sum(p[5] for p in pieces)
        if gone:
            raise ImportProblem("empty", label, f"共有 {gone} 个要素，但都没有几何，无法显示。",
                                f"it has {gone} feature(s) but none has a geometry to draw.")
        raise ImportProblem("empty", label, "文件中没有任何要素。", "it contains no features.")

    many = len(pieces) > 1
    features, notes_all, crs_list, name_fields = [], [], [], []
    if skipped:
        notes_all.append(f"没有几何的表格未导入：{'、'.join(skipped)} / tables without geometry were not "
                         f"imported: {', '.join(skipped)}")
    for where, geoms, props, crs_in, notes, _ in pieces:
        notes_all += [f"[{where}] {n}" if many else n for n in notes]
        if not len(geoms):
            continue
        crs_list.append(crs_in)
        columns = props.columns
        values = [json_column(v) for v in props.values]
        name_col = name_column(columns, values)
        name_fields.append(name_col)
        rows = zip(*values) if values else ([()] * len(geoms))
        # One json.loads over all geometries: per-geometry calls cost half the total at 50k.
        geometries = json.loads("[" + ",".join(shapely.to_geojson(geoms).tolist()) + "]")
        for g, row in zip(geometries, rows):
            p = dict(zip(columns, row))
            if "name" not in p:
                p["name"] = p.get(name_col) if name_col else None
            if many and "_layer" not in p:
                p["_layer"] = where
            features.append({"type": "Feature", "id": len(features), "geometry": g, "properties": p})

    import numpy as np
    bbox = tuple(float(v) for v in shapely.total_bounds(np.concatenate([p[1] for p in pieces])))
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
