"""Coordinates and geometry, once at import: drop empties, reproject to WGS84, repair, round."""
from __future__ import annotations

from qjmap.io.problems import ImportProblem

ROUND = 6  # decimals of a degree kept: ~0.1 m


def crs_label(crs) -> str:
    auth = crs.to_authority()
    return f"{auth[0]}:{auth[1]} ({crs.name})" if auth else crs.name


def metre_hint(x: float) -> tuple[str, str]:
    """Name the likely Gauss-Kruger CRS from an easting, for the no-CRS message only."""
    zone = int(x // 1_000_000)
    if 1e7 <= x < 1e8 and 25 <= zone <= 45:
        return (f"数值像 CGCS2000 3 度带高斯-克吕格第 {zone} 带（EPSG:{4488 + zone}）。",
                f"The numbers look like CGCS2000 3-degree Gauss-Kruger zone {zone} (EPSG:{4488 + zone}).")
    if 1e5 <= x < 1e6:
        return ("数值像不带带号的高斯-克吕格坐标（衢州一般为 CGCS2000 中央经线 120°E，EPSG:4549）。",
                "The numbers look like Gauss-Kruger without a zone prefix (for Quzhou usually "
                "CGCS2000 CM 120°E, EPSG:4549).")
    return "", ""


def _first_coordinates(shapely, geoms, n: int = 20) -> dict:
    """{"x": [...], "y": [...]}: a few vertices, for a guess and a preview of a chosen CRS."""
    xy = shapely.get_coordinates(geoms[:n])[:n]
    return {"x": [float(v) for v in xy[:, 0]], "y": [float(v) for v in xy[:, 1]]}


def clean(frame, label: str, has_prj: bool, shift=None) -> tuple[object, object, str, list[str], int]:
    """Drop features without geometry, reproject to WGS84, repair, round. Says what it did.

    `frame` is a qjmap.io.gdal_read.Frame; returns (geoms, frame of the kept rows, crs_in, notes, n_gone).
    `shift` (a qjmap.io.crs.Crs, GCJ-02 or BD-09) removes that offset after reprojection: files
    digitised over AMap or Baidu declare WGS84/CGCS2000 but carry the offset."""
    import numpy as np
    import shapely

    notes = []
    geoms = frame.geoms
    gone = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    n_gone = int(gone.sum())
    props = frame.take(~gone) if n_gone else frame
    if n_gone:
        notes.append(f"{n_gone} 个要素没有几何（空），未显示 / {n_gone} feature(s) with no geometry were left out")
        geoms = geoms[~gone]
    if not len(geoms):
        return geoms, props, "", notes, n_gone

    crs = frame.crs
    xmin, ymin, xmax, ymax = shapely.total_bounds(geoms)
    lonlat = -180 <= xmin and xmax <= 180 and -90 <= ymin and ymax <= 90
    if crs is None:
        prj_zh, prj_en = ("（.prj 文件无法识别）", " (its .prj could not be understood)") if has_prj else ("", "")
        if not lonlat:
            hint_zh, hint_en = metre_hint(xmin)
            raise ImportProblem(
                "no_crs", label,
                f"没有坐标系信息{prj_zh}，坐标数值（如 {xmin:.0f}, {ymin:.0f}）也不是经纬度，无法确定位置。{hint_zh}"
                "请附上原始的 .prj 文件，或在 GIS 软件中另存为 WGS84/CGCS2000 经纬度后重试。",
                f"it has no coordinate system{prj_en} and its coordinates (e.g. {xmin:.0f}, {ymin:.0f}) are not "
                f"longitude/latitude, so its position is unknown. {hint_en} Include the original .prj file, or "
                "re-save it as WGS84/CGCS2000 longitude-latitude, and try again.".replace("  ", " "),
                hints=_first_coordinates(shapely, geoms))
        crs_in = "none (assumed EPSG:4326)"
        notes.append(f"没有坐标系信息{prj_zh}：坐标像经纬度，按 WGS84 显示，请核对位置 / "
                     f"no coordinate system{prj_en}: the coordinates look like lon/lat, shown as WGS84 — check the position")
    else:
        crs_in = crs_label(crs)
        if crs.is_geographic and not lonlat:
            raise bad_crs(label, crs_in, (xmin, ymin, xmax, ymax), geographic=True)
        if not crs.equals("EPSG:4326", ignore_axis_order=True):
            geoms = reproject(geoms, crs, label, crs_in, (xmin, ymin, xmax, ymax))
    if shift is not None:
        from qjmap.io.crs import geoms_to_wgs84
        geoms, _ = geoms_to_wgs84(shift, geoms)  # lon/lat by now: every vertex converts
        crs_in += f" + {shift.label()}"

    invalid = ~shapely.is_valid(geoms)
    n_bad = int(invalid.sum())
    if n_bad:
        geoms[invalid] = shapely.make_valid(geoms[invalid])
        notes.append(f"{n_bad} 个要素的几何无效（如自相交），已自动修复 / "
                     f"{n_bad} invalid geometr{'y was' if n_bad == 1 else 'ies were'} (e.g. self-intersecting) repaired")
    # Rounding after repair can in rare cases re-pinch a sliver; harmless for drawing.
    geoms = shapely.transform(geoms, lambda a: np.round(a, ROUND), include_z=None)
    return geoms, props, crs_in, notes, n_gone


def reproject(geoms, crs, label: str, crs_in: str, bounds):
    """To EPSG:4326 with pyproj, refusing coordinates the CRS cannot hold.

    Out-of-domain input does not always give inf: EPSG:3857 with y = 1e9 lands exactly on
    the pole. So every coordinate must also survive the way back to within a metre.
    """
    import numpy as np
    import shapely
    from pyproj import Transformer

    src = shapely.get_coordinates(geoms)
    fwd = Transformer.from_crs(crs, 4326, always_xy=True)
    with np.errstate(invalid="ignore", over="ignore"):
        out = shapely.transform(geoms, lambda a: np.column_stack(fwd.transform(a[:, 0], a[:, 1])))
    lonlat = shapely.get_coordinates(out)
    with np.errstate(invalid="ignore"):
        ok = (np.isfinite(lonlat).all() and (np.abs(lonlat[:, 0]) <= 180).all()
              and (np.abs(lonlat[:, 1]) < 90).all())
        if ok:
            back = np.column_stack(Transformer.from_crs(4326, crs, always_xy=True).transform(lonlat[:, 0], lonlat[:, 1]))
            ok = bool(np.all(np.abs(back - src) <= 1.0 + 1e-9 * np.abs(src)))
    if not ok:
        raise bad_crs(label, crs_in, bounds, geographic=False)
    return out


def bad_crs(label: str, crs_in: str, bounds, geographic: bool) -> ImportProblem:
    xmin, ymin, xmax, ymax = bounds
    nums = f"{xmin:.6g}, {ymin:.6g} – {xmax:.6g}, {ymax:.6g}"
    if geographic:
        zh, en = "它声明为经纬度，但数值超出经纬度范围", "it declares longitude/latitude, but the numbers are out of range"
    else:
        zh, en = "按此坐标系换算后不在地球上", "converted with it, they are not a place on Earth"
    hint_zh, hint_en = metre_hint(xmin) if geographic or 1e7 <= xmin < 1e8 else ("", "")
    return ImportProblem(
        "bad_crs", label,
        f"文件声明的坐标系（{crs_in}）与坐标数值（{nums}）不符：{zh}。坐标系（如 .prj 文件）可能是错的，请核对后重试。{hint_zh}",
        f"its coordinate system ({crs_in}) does not fit its coordinates ({nums}): {en}. "
        f"The declared coordinate system (e.g. the .prj file) is probably wrong. {hint_en}".rstrip())
