"""Read a CSV or Excel (.xlsx) table of coordinates into plain rows, and find its coordinate columns.

The most common thing staff have is a spreadsheet of projects with two coordinate columns
copied from AMap, Baidu or a survey, headed 经度/纬度, lon/lat, X/Y, or one WKT column.
This module only reads cells and names columns; turning rows into a WGS84 layer is
qjmap.io.table_layer. Cells stay as the file has them (text stays text: codes such as
"0570" keep their zeros); only coordinate cells are parsed, by parse_coordinate.
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from qjmap.io.encoding import decode_text
from qjmap.io.problems import ImportProblem

DELIMITERS = (",", "\t", ";", "|")
PREVIEW_ROWS = 200
PREVIEW_BYTES = 1 << 20  # a preview reads at most this much of a CSV

# compared after _key (no spaces, '_', '-' or '.'): POINT_X is ArcGIS's "Add XY Coordinates"
_LON = ("lon", "lng", "long", "longitude", "经度", "东经", "x", "x坐标", "坐标x", "pointx", "xcoord", "coordx",
        "东坐标", "easting")
_LAT = ("lat", "latitude", "纬度", "北纬", "y", "y坐标", "坐标y", "pointy", "ycoord", "coordy", "北坐标", "northing")
_LON_PART = re.compile(r"lon|lng|经度")
_LAT_PART = re.compile(r"lat|纬度")
_WKT_NAMES = ("wkt", "geometry", "geom", "thegeom", "shape", "几何", "空间信息")  # as _key gives them
WKT_VALUE = re.compile(r"^\s*(?:SRID=(\d+)\s*;)?\s*(?:MULTI)?(?:POINT|LINESTRING|POLYGON)\s*(?:ZM|Z|M)?\s*\(", re.I)


@dataclass
class Table:
    label: str                 # the file name, for messages
    columns: list[str]
    rows: list[list]           # cells: str | int | float | bool | None
    encoding: str | None = None
    notes: list[str] = field(default_factory=list)
    complete: bool = True      # False when only the first rows were read (preview)


@dataclass(frozen=True)
class Columns:
    lon: str | None = None
    lat: str | None = None
    wkt: str | None = None
    swapped: bool = False      # the values say the lon/lat (X/Y) headers are the wrong way round


def read_table(path, max_rows: int | None = None, sheet: str | None = None) -> Table:
    """Every row (or the first `max_rows`) of a .csv/.txt/.tsv or .xlsx file, or ImportProblem."""
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path, max_rows, sheet)
    with open(path, "rb") as f:
        data = f.read(PREVIEW_BYTES if max_rows is not None else -1)
        if max_rows is not None and f.read(1):  # a preview of a big file: whole lines only
            data = data[:data.rfind(b"\n") + 1] or data  # (0x0A is never inside a GBK or UTF-8 character)
    text, encoding, notes = decode_text(data, path.name)
    return _table(path.name, _csv_rows(text, max_rows), encoding, notes, max_rows)


def _csv_rows(text: str, max_rows: int | None) -> list[list]:
    first = next((line for line in text.splitlines() if line.strip()), "")
    delim = max(DELIMITERS, key=first.count) if any(d in first for d in DELIMITERS) else ","
    rows = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delim):
            rows.append(row)
            if max_rows is not None and len(rows) > max_rows + 20:  # header and blank lines
                break
    except csv.Error:  # a NUL or an unterminated quote at the very end: keep what was read
        pass
    return rows


def _read_xlsx(path: Path, max_rows: int | None, sheet: str | None) -> Table:
    import openpyxl
    label = path.name
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001  zipfile, zlib, XML and openpyxl's own errors: all a damaged file
        raise ImportProblem("corrupt", label, "Excel 文件已损坏，或不是 .xlsx 格式（旧的 .xls 请在 Excel 中另存为 .xlsx 或 CSV）。",
                            f"the Excel file is damaged or is not .xlsx (save an old .xls as .xlsx or CSV in Excel): "
                            f"{type(exc).__name__}: {exc}", str(exc)) from None
    try:
        names = wb.sheetnames
        if sheet is not None and sheet not in names:
            raise ImportProblem("missing", label, f"没有名为“{sheet}”的工作表。",
                                f"it has no sheet named “{sheet}” (sheets: {', '.join(names)}).")
        ws = wb[sheet] if sheet is not None else wb.worksheets[0]
        rows = []
        for row in ws.iter_rows(values_only=True):
            rows.append([_cell(v) for v in row])
            if max_rows is not None and len(rows) > max_rows + 20:
                break
    except ImportProblem:
        raise
    except Exception as exc:  # noqa: BLE001  openpyxl/zipfile/xml raise many types on a damaged file
        raise ImportProblem("corrupt", label, "Excel 文件已损坏（内容无法读取）。",
                            f"the Excel file is damaged ({type(exc).__name__}: {exc}).", str(exc)) from None
    finally:
        wb.close()
    notes = []
    if sheet is None and len(names) > 1:
        notes.append(f"读取了第一个工作表“{ws.title}”，其余未导入：{'、'.join(names[1:])} / read the first sheet "
                     f"“{ws.title}”; not imported: {', '.join(names[1:])}")
    return _table(label, rows, None, notes, max_rows)


def _cell(v):
    if isinstance(v, str):
        return v.strip() or None
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return v


def _table(label: str, raw: list[list], encoding, notes, max_rows) -> Table:
    """Header = the first non-empty row; blank rows dropped; names made unique and non-empty."""
    raw = [[c.strip() or None if isinstance(c, str) else c for c in r] for r in raw]
    raw = [r for r in raw if any(c is not None for c in r)]
    if not raw:
        raise ImportProblem("empty", label, "表格是空的。", "the table is empty.")
    header, body = raw[0], raw[1:]
    width = max(len(r) for r in raw)
    columns, seen = [], set()
    for i in range(width):
        name = str(header[i]).strip() if i < len(header) and header[i] is not None else f"列{i + 1}"
        base, n = name, 2
        while name in seen:
            name, n = f"{base}_{n}", n + 1
        seen.add(name)
        columns.append(name)
    rows = [r + [None] * (width - len(r)) for r in body]
    complete = max_rows is None or len(rows) <= max_rows
    if not complete:
        rows = rows[:max_rows]
    return Table(label, columns, rows, encoding, list(notes), complete)


# --- which columns hold the coordinates ------------------------------------------------------
def _key(name: str) -> str:
    """'经度(°)', 'Lon (WGS84)', ' X坐标 ', 'POINT_X', '经 度' -> '经度', 'lon', 'x坐标', 'pointx', '经度'."""
    k = unicodedata.normalize("NFKC", name).strip().lower()
    return re.sub(r"[\s_\-.]", "", re.sub(r"\s*[(\[].*$", "", k))


def find_columns(table: Table) -> Columns:
    """The coordinate columns by name (lon/lng/经度/X, lat/纬度/Y) or a WKT column by name or value."""
    keys = [_key(c) for c in table.columns]

    def pick(exact, part):
        for want in exact:
            if want in keys:
                return table.columns[keys.index(want)]
        for c, k in zip(table.columns, keys):
            if part.search(k):
                return c
        return None

    lon, lat = pick(_LON, _LON_PART), pick(_LAT, _LAT_PART)
    if lon and lat and lon != lat:
        xs, ys = column_numbers(table, lon), column_numbers(table, lat)
        return Columns(lon, lat, swapped=_looks_swapped(xs, ys))
    for c, k in zip(table.columns, keys):
        if k in _WKT_NAMES:
            return Columns(wkt=c)
    for i, c in enumerate(table.columns):
        first = next((r[i] for r in table.rows if r[i] is not None), None)
        if isinstance(first, str) and WKT_VALUE.match(first):
            return Columns(wkt=c)
    return Columns()


def _looks_swapped(xs: list, ys: list) -> bool:
    """Degrees with latitudes under 'lon', or survey X (northing) / Y (easting) as Chinese
    surveyors label them: in China an easting is 8 digits with its zone or under 1e6."""
    import numpy as np
    x, y = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
    good = np.isfinite(x) & np.isfinite(y)
    if not good.any():
        return False
    mx, my = float(np.median(x[good])), float(np.median(y[good]))
    if abs(mx) <= 180 and abs(my) <= 180:
        return 3 <= mx <= 54 and 73 <= my <= 136
    northing = 1e6 <= mx < 6.5e6
    easting = 1e5 <= my < 1e6 or (13e6 <= my < 46e6 and 1e5 <= my % 1e6 < 9e5)
    return northing and easting


def column_numbers(table: Table, column: str) -> list[float]:
    i = table.columns.index(column)
    return [parse_coordinate(r[i]) for r in table.rows]


_DMS = re.compile(r"^([NSEW东西南北]|东经|西经|北纬|南纬)?\s*(\d+(?:\.\d+)?)\s*[°度]\s*(?:(\d+(?:\.\d+)?)\s*['′分]\s*)?"
                  r"(?:(\d+(?:\.\d+)?)\s*(?:\"|″|''|′′|秒)\s*)?([NSEW东西南北])?$", re.I)


def parse_coordinate(v) -> float:
    """A cell as a number: 118.87, '118.87', '１１８．８７', '118°52′12″E', '东经118度52分'; NaN if not."""
    if isinstance(v, bool) or v is None:
        return float("nan")
    if isinstance(v, (int, float)):
        return float(v)
    s = unicodedata.normalize("NFKC", str(v)).strip()
    try:
        return float(s)
    except ValueError:
        pass
    m = _DMS.match(s)
    if not m:
        return float("nan")
    pre, d, mi, se, post = m.groups()
    value = float(d) + float(mi or 0) / 60 + float(se or 0) / 3600
    hemi = (pre or post or "").upper()
    return -value if hemi[:1] in ("S", "W", "西", "南") else value
