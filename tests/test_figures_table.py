"""The figures table: rows with citations, the .xlsx/CSV exports read back, the CLI, the window."""
from __future__ import annotations

import csv
import io
import subprocess
import sys

import openpyxl
import pytest
from PySide6.QtCore import Qt

from qjmap.export.table import write_csv, xlsx_bytes
from qjmap.gui.figures_table import SHOWN
from qjmap.model.figure_table import CITATION_KEYS, COLUMNS, KEYS, figure_rows, year_of

WAIT = 30_000


def _n_figures(cat) -> int:
    return sum(len(f.figures) for f in cat.features)


def _check_citation(cat, row: dict) -> None:
    """The row's quote is in the paragraph it names, and its article columns are that article's."""
    src = cat.sources[row["doc"]]
    assert row["quote"] in src.paragraph(int(row["paragraph"])).text
    assert row["citation"] == src.citation()
    assert row["article_title"] == src.title
    assert str(src.year) in row["article_date"] or row["article_date"] == src.date_printed


def _xlsx_rows(path) -> tuple[list[str], list[dict]]:
    ws = openpyxl.load_workbook(path, read_only=True).active
    it = ws.iter_rows(values_only=True)
    header = list(next(it))
    keys = {f"{zh} {en}": k for k, zh, en in COLUMNS}
    return header, [{keys[h]: ("" if v is None else v) for h, v in zip(header, r)} for r in it]


def test_one_row_per_figure_with_its_citation(catalogue):
    rows = figure_rows(catalogue)
    assert len(rows) == _n_figures(catalogue) > 100
    assert all(tuple(r) == KEYS for r in rows)
    for r in rows:
        _check_citation(catalogue, r)
    assert year_of("2012/2022") == 2022 and year_of("2022-09-29") == 2022 and year_of("2025-01/2025-09") == 2025


def test_cli_xlsx_reads_back_with_every_figure_and_citation(catalogue, tmp_path):
    out = tmp_path / "figures.xlsx"
    r = subprocess.run([sys.executable, "-m", "qjmap", "catalog", "--format", "xlsx", "-o", str(out)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    header, rows = _xlsx_rows(out)
    assert header == [f"{zh} {en}" for _, zh, en in COLUMNS]
    for key in CITATION_KEYS:
        assert any(h.endswith(dict((k, en) for k, _, en in COLUMNS)[key]) for h in header)
    assert len(rows) == _n_figures(catalogue)
    want = figure_rows(catalogue)
    for got, exp in zip(rows, want):
        _check_citation(catalogue, got)
        assert (got["feature_id"], got["label_zh"], got["text"], got["quote"]) == \
            (exp["feature_id"], exp["label_zh"], exp["text"], exp["quote"])
        assert got["value"] == exp["value"] and got["paragraph"] == exp["paragraph"]


def test_cli_csv_to_stdout_and_to_a_file_are_the_same_table(catalogue, tmp_path):
    r = subprocess.run([sys.executable, "-m", "qjmap", "catalog", "--format", "csv"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert len(rows) == _n_figures(catalogue) and list(rows[0]) == list(KEYS)
    for row in rows:
        _check_citation(catalogue, row)
    out = tmp_path / "figures.csv"
    assert subprocess.run([sys.executable, "-m", "qjmap", "catalog", "--format", "csv", "--out", str(out)],
                          timeout=120).returncode == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # so a spreadsheet program reads the Chinese
    assert raw[3:].decode("utf-8") == r.stdout


def test_cli_xlsx_without_a_file_is_refused_in_both_languages(tmp_path):
    r = subprocess.run([sys.executable, "-m", "qjmap", "catalog", "--format", "xlsx"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and r.stdout == ""
    assert "-o" in r.stderr and "二进制" in r.stderr and "binary" in r.stderr
    r = subprocess.run([sys.executable, "-m", "qjmap", "catalog", "--format", "xlsx", "-o",
                        str(tmp_path / "no-such-dir" / "f.xlsx")], capture_output=True, text=True, timeout=120)
    assert r.returncode == 1 and "无法写入" in r.stderr and "cannot write" in r.stderr
    assert not (tmp_path / "no-such-dir").exists()


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    row = {k: "x" for k in KEYS} | {"label_zh": '=HYPERLINK("http://x","y")', "quote": "@SUM(A1)", "value": -5.0}
    ws = openpyxl.load_workbook(io.BytesIO(xlsx_bytes([row]))).active
    cell = ws.cell(row=2, column=KEYS.index("label_zh") + 1)
    assert cell.value == row["label_zh"] and cell.data_type == "s"
    assert ws.cell(row=2, column=KEYS.index("value") + 1).value == -5
    write_csv([row], tmp_path / "f.csv")
    got = next(csv.DictReader(io.StringIO((tmp_path / "f.csv").read_text("utf-8-sig"))))
    assert got["label_zh"] == "'" + row["label_zh"] and got["quote"] == "'@SUM(A1)" and got["value"] == "-5.0"


# --- the window ----------------------------------------------------------------------------
@pytest.fixture
def table(window):
    window.figures_dock.action.trigger()
    t = window.figures_dock.table
    assert window.figures_dock.isVisible() and t is not None
    return t


def test_table_filters_by_each_field_and_by_text(table, catalogue):
    rows = figure_rows(catalogue)
    assert table.proxy.rowCount() == len(rows)
    feature = catalogue.feature("nb-quzhou")
    cases = [("layer", "ports"), ("feature_id", feature.id), ("kind", "target"), ("year", 2021), ("doc", "003")]
    for key, value in cases:
        table.set_choice(key, value)
        want = [r for r in rows if r[key] == value]
        assert table.proxy.rowCount() == len(want) > 0, key
        assert [r["label_zh"] for r in table.proxy.rows()] == [r["label_zh"] for r in want]
        table.set_choice(key, None)
    table.set_choice("layer", "industry")
    table.set_choice("kind", "plan")
    both = [r for r in rows if r["layer"] == "industry" and r["kind"] == "plan"]
    assert table.proxy.rowCount() == len(both) > 0
    assert f"{len(both)} / {len(rows)}" in table.count.text()
    table.set_choice("layer", None)
    table.set_choice("kind", None)
    table.search.setText("两山银行")
    hits = [r for r in rows if any("两山银行" in str(v) for v in r.values())]
    assert table.proxy.rowCount() == len(hits) > 0
    table.search.setText("Quzhou City")  # English names are searched too
    assert table.proxy.rowCount() == len(feature.figures)
    table.search.clear()
    assert table.proxy.rowCount() == len(rows)


def test_choosing_a_layer_narrows_the_feature_list(table, catalogue):
    table.set_choice("layer", "ports")
    box = table.combos["feature_id"]
    listed = {box.itemData(i) for i in range(1, box.count())}
    assert listed == {f.id for f in catalogue.in_layer("ports") if f.figures}


def test_sorting_by_value_is_numeric(table):
    table.set_choice("layer", "neighbours")
    col = [k for k, _ in SHOWN].index("text")
    table.view.sortByColumn(col, Qt.SortOrder.DescendingOrder)
    values = [r["value"] for r in table.proxy.rows()]
    assert values == sorted(values, reverse=True) and len(values) > 10


def test_double_click_opens_the_feature_on_the_map(table, window, qtbot, catalogue):
    table.set_choice("layer", "communities")
    window.layer_panel.set_checked("communities", False)
    row = table.proxy.rows()[2]
    rect = table.view.visualRect(table.proxy.index(2, 2))
    qtbot.mouseClick(table.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())  # press, release,
    with qtbot.waitSignal(window.feature_opened, timeout=WAIT) as sig:  # then the second press as a double-click
        qtbot.mouseDClick(table.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert sig.args == [row["feature_id"]] and window.current_id == row["feature_id"]
    assert catalogue.feature(row["feature_id"]).name_zh in window.panel.toPlainText()
    assert window.layer_panel.items["communities"].checkState(0) == Qt.CheckState.Checked


def test_window_exports_the_rows_shown(table, tmp_path, catalogue, artifacts):
    table.set_choice("layer", "ports")
    table.search.setText("泊位")
    shown = table.proxy.rows()
    assert 0 < len(shown) < len(figure_rows(catalogue))
    table.export(str(tmp_path / "t.xlsx"), "xlsx")
    table.export(str(tmp_path / "t.csv"), "csv")
    _, rows = _xlsx_rows(tmp_path / "t.xlsx")
    assert [r["label_zh"] for r in rows] == [r["label_zh"] for r in shown]
    for r in rows:
        _check_citation(catalogue, r)
    got = list(csv.DictReader(io.StringIO((tmp_path / "t.csv").read_text("utf-8-sig"))))
    assert [r["quote"] for r in got] == [r["quote"] for r in shown]
    table.search.clear()
    table.set_choice("layer", None)
    (artifacts / "h11a").mkdir(exist_ok=True)
    table.grab().save(str(artifacts / "h11a" / "figures-table.png"))


def test_table_texts_are_translated(table):
    from qjmap.gui import i18n
    assert i18n.current() == "zh"
    assert table.window.figures_dock.windowTitle() == "指标总览"
    assert table.model.headerData(2, Qt.Orientation.Horizontal) == "指标"
    assert table.proxy.index(0, 1).data() == table.proxy.rows()[0]["name_zh"]
    i18n.set_language("en")
    table.window.retranslate()
    try:
        assert table.window.figures_dock.windowTitle() == "Figures table"
        assert table.combos["layer"].itemText(0) == "All layers"
        row = table.proxy.rows()[0]
        shown = [table.proxy.index(0, c).data() for c in range(3)]
        assert shown == [table.window.cat.layer(row["layer"]).name_en, row["name_en"], row["label_en"]]
    finally:
        i18n.set_language("zh")
        table.window.retranslate()
