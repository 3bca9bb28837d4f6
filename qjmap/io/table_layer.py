"""A table of coordinates (CSV/.xlsx) into a WGS84 UserLayer: the columns and CRS the user
confirmed (or the guesses, said in the notes), one point per row or one WKT shape per row.

Rows whose coordinates are missing, not numbers, or outside what the CRS can hold are left
out and counted by row number; a table with none left is an ImportProblem, never an empty
overlay. Geometry cleaning (repair, rounding) is the GIS reader's (qjmap.io.clean).
"""
from __future__ import annotations

from pathlib import Path

from qjmap.io.clean import clean
from qjmap.io.crs import Crs, geoms_to_wgs84, guess_crs, parse_crs, to_wgs84
from qjmap.io.gdal_read import Frame
from qjmap.io.layer import Piece, assemble
from qjmap.io.problems import ImportProblem, UserLayer
from qjmap.io.table import WKT_VALUE, Columns, Table, column_numbers, find_columns, read_table

LIST_ROWS = 8  # row numbers named in a note


def read_table_layer(path, *, crs: str | Crs | None = None, lon: str | None = None, lat: str | None = None,
                     wkt: str | None = None, sheet: str | None = None, progress=None) -> UserLayer:
    """Read the whole table and build the overlay; `crs` None means: guess, and say so."""
    path = Path(path)
    step = progress or (lambda f: None)
    table = read_table(path, sheet=sheet)
    step(0.3)
    cols = choose_columns(table, lon, lat, wkt)
    chosen = parse_crs(crs) if isinstance(crs, str) else crs
    geoms, keep, crs_in, notes = table_geometries(table, cols, chosen)
    step(0.6)
    rows = [r for r, k in zip(table.rows, keep) if k]
    import numpy as np
    values = [np.array([r[i] for r in rows], dtype=object) for i in range(len(table.columns))]
    frame = Frame(geoms, table.columns, values, _wgs84())
    geoms, props, _, more, n_gone = clean(frame, table.label, has_prj=False)
    piece = Piece(path.stem, geoms, props.columns, props.values, crs_in, table.notes + notes + more, n_gone)
    layer = assemble(path, path.stem, [piece], encodings=[table.encoding] if table.encoding else [])
    step(0.95)
    return layer


def _wgs84():
    from pyproj import CRS
    return CRS.from_epsg(4326)


def choose_columns(table: Table, lon: str | None, lat: str | None, wkt: str | None) -> Columns:
    """The user's columns (checked to exist), else the ones found by name; ImportProblem if none."""
    for given in (lon, lat, wkt):
        if given is not None and given not in table.columns:
            raise ImportProblem("columns", table.label, f"表格中没有名为“{given}”的列（现有列：{'、'.join(table.columns)}）。",
                                f"it has no column named “{given}” (columns: {', '.join(table.columns)}).")
    if wkt:
        return Columns(wkt=wkt)
    if lon and lat:
        return Columns(lon, lat)
    found = find_columns(table)
    if found.wkt or (found.lon and found.lat):
        return found
    raise ImportProblem(
        "columns", table.label,
        f"找不到坐标列。请把列名改为 经度/纬度（或 lon/lat、X/Y），或使用 WKT 列；现有列：{'、'.join(table.columns)}。",
        f"no coordinate columns were found. Name them 经度/纬度 (or lon/lat, X/Y), or give a WKT column; "
        f"its columns are: {', '.join(table.columns)}.")


def table_geometries(table: Table, cols: Columns, crs: Crs | None):
    """(WGS84 geometries of the kept rows, keep mask over all rows, crs_in text, notes)."""
    import numpy as np
    import shapely
    notes = []
    if cols.wkt:
        i = table.columns.index(cols.wkt)
        texts = [r[i] if isinstance(r[i], str) else None for r in table.rows]
        srid = next((m.group(1) for t in texts if t and (m := WKT_VALUE.match(t)) and m.group(1)), None)
        texts = [t.split(";", 1)[1] if t and t.upper().startswith("SRID=") else t for t in texts]
        geoms = shapely.from_wkt(np.array(texts, dtype=object), on_invalid="ignore")
        if crs is None and srid:
            crs = parse_crs(f"EPSG:{srid}")
            notes.append(f"坐标系取自 WKT 的 SRID={srid} / coordinate system from the WKT's SRID={srid}")
        coords = shapely.get_coordinates(geoms)
        x, y = coords[:, 0], coords[:, 1]
    else:
        x = np.array(column_numbers(table, cols.lon), dtype=float)
        y = np.array(column_numbers(table, cols.lat), dtype=float)
        if cols.swapped:
            x, y = y, x
            notes.append(f"“{cols.lon}”列的数值是纬度（或北坐标），“{cols.lat}”列的是经度（或东坐标），已对调 / the values of "
                         f"“{cols.lon}” are latitudes (or northings) and those of “{cols.lat}” longitudes (or eastings): swapped")
    crs, how = _decide(table, cols, crs, x, y)
    if how:
        notes.append(how)
    if cols.wkt:
        geoms, ok = geoms_to_wgs84(crs, geoms)
        keep = ok & ~shapely.is_missing(geoms)
        geoms = geoms[keep]
        what_zh, what_en = "没有可用的 WKT 几何或坐标超出坐标系范围", "no usable WKT geometry, or coordinates the CRS cannot hold"
    else:
        lon, lat, ok = to_wgs84(crs, x, y)
        keep = ok
        geoms = shapely.points(lon[keep], lat[keep])
        what_zh, what_en = "坐标为空、不是数字或超出坐标系范围", "coordinates missing, not numbers, or outside what the CRS can hold"
    left = np.flatnonzero(~keep)
    if not keep.any():
        if len(x) and np.isfinite(x).any():
            raise ImportProblem("bad_crs", table.label,
                                f"按坐标系 {crs.label()} 换算，没有一行得到有效位置。请在预览中换一个坐标系（或用 --crs 指定）后重试。",
                                f"converted with {crs.label()}, no row gives a valid position. Pick another coordinate "
                                "system in the preview (or pass --crs) and try again.")
        raise ImportProblem("empty", table.label, "没有一行有可用的坐标。", "no row has usable coordinates.")
    if len(left):
        rows_txt = ", ".join(str(i + 1) for i in left[:LIST_ROWS]) + (" …" if len(left) > LIST_ROWS else "")
        notes.append(f"{len(left)} 行{what_zh}，未导入（数据第 {rows_txt} 行） / {len(left)} row(s) left out "
                     f"({what_en}): data row {rows_txt}")
    return geoms, keep, crs.label(), notes


def _decide(table: Table, cols: Columns, crs: Crs | None, x, y) -> tuple[Crs, str]:
    """The user's CRS, else the guess from the numbers (and words in the names), said in a note."""
    if crs is not None:
        return crs, ""
    hints = " ".join([table.label, *table.columns])
    guess = guess_crs(x, y, hints)
    if guess.crs is None:
        raise ImportProblem("no_crs", table.label, guess.zh + "请在预览中选择坐标系（或用 --crs 指定）。",
                            guess.en[:1].upper() + guess.en[1:] + " Pick the coordinate system in the preview "
                            "(or pass --crs).")
    return guess.crs, f"未指定坐标系：{guess.zh}请核对位置 / no coordinate system given: {guess.en} Check the positions."
