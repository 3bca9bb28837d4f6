"""The figures table written as CSV or .xlsx, citation columns included.

Used by the Figures table window and by `catalog --format csv|xlsx`; rows come from
qjmap.model.figure_table. Text cells are kept as text: in .xlsx every string is stored
as a string (never a formula), and in CSV a cell that a spreadsheet would run as a
formula (=, +, -, @ first) gets a leading apostrophe. Files are written atomically.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from qjmap.io.atomic import write_atomic
from qjmap.model.figure_table import COLUMNS, KEYS

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Column widths in the .xlsx (characters); the rest get 12.
_WIDTH = {"name_zh": 24, "label_zh": 28, "label_en": 28, "text": 14, "quote": 60, "citation": 40,
          "article_title": 36, "name_en": 28}


def _csv_cell(v):
    if isinstance(v, str) and v.startswith(_FORMULA_START):
        return "'" + v
    return "" if v is None else v


def write_csv_stream(rows: list[dict], out) -> None:
    """CSV with the column keys as header (the format `catalog --format csv` prints)."""
    w = csv.writer(out, lineterminator="\n")
    w.writerow(KEYS)
    for r in rows:
        w.writerow([_csv_cell(r[k]) for k in KEYS])


def write_csv(rows: list[dict], path: str | Path) -> Path:
    """CSV file in UTF-8 with a byte-order mark, so spreadsheet programs read the Chinese."""
    buf = io.StringIO()
    write_csv_stream(rows, buf)
    return write_atomic(path, buf.getvalue().encode("utf-8-sig"))


def xlsx_bytes(rows: list[dict]) -> bytes:
    """One sheet: a bilingual header row, then one row per figure."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "指标 Figures"
    ws.append([f"{zh} {en}" for _, zh, en in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for r in rows:
        ws.append([r[k] for k in KEYS])
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
    for i, key in enumerate(KEYS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = _WIDTH.get(key, 12)
    ws.row_dimensions[1].height = 30  # the two-line header
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"  # printed: landscape, the header on every page
    ws.page_setup.orientation = "landscape"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(KEYS))}{max(ws.max_row, 1)}"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_xlsx(rows: list[dict], path: str | Path) -> Path:
    return write_atomic(path, xlsx_bytes(rows))
