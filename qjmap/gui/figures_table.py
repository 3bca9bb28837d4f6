"""View → Figures table (指标总览): every figure with its citation, sortable and filterable.

Rows come from qjmap.model.figure_table (the same rows `catalog --format csv|xlsx` writes).
Filters by layer, feature, kind, year, article and free text; double-clicking a row opens
that feature on the map; the rows shown, in the order shown, export to .xlsx or CSV.
"""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QComboBox, QDockWidget, QFileDialog, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QMessageBox, QPushButton, QTableView, QVBoxLayout, QWidget)

from qjmap.gui import i18n
from qjmap.model.figure_table import figure_rows
from qjmap.page.feature_html import KIND_ZH

SORT_ROLE = Qt.ItemDataRole.UserRole
# Shown columns: (row key, header); the exports carry every column of figure_rows.
SHOWN = (("layer_name", "Layer"), ("name_zh", "Feature"), ("label_zh", "Figure"), ("text", "Value"),
         ("as_of", "As of"), ("year", "Year"), ("kind", "Kind"), ("doc", "Article"), ("paragraph", "¶"),
         ("quote", "Quote"))
SEARCHED = ("feature_id", "name_zh", "name_en", "label_zh", "label_en", "text", "as_of", "quote",
            "citation", "article_title", "layer_name")


def tr(text: str) -> str:
    return QCoreApplication.translate("FiguresTable", text)


class FiguresModel(QAbstractTableModel):
    """The rows; names of layers, features and figures in the UI's language (the other in the tooltip)."""

    def __init__(self, rows: list[dict], cat, parent=None):
        super().__init__(parent)
        self.rows = rows
        self.layer_names = {l.id: (l.name_zh, l.name_en) for l in cat.layers}

    def _text(self, r: dict, key: str):
        en = i18n.current() == "en"
        if key == "layer_name":
            return self.layer_names[r["layer"]][en]
        if key in ("name_zh", "label_zh") and en:
            return r[key[:-3] + "_en"]
        return r[key]

    def rowCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802
        return 0 if parent.isValid() else len(SHOWN)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return tr(SHOWN[section][1])
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        r = self.rows[index.row()]
        key = SHOWN[index.column()][0]
        if role == SORT_ROLE:
            return r["value"] if key == "text" else (-1 if r[key] is None else self._text(r, key))  # year: None
        if role == Qt.ItemDataRole.DisplayRole:
            if key == "kind":
                return f"{KIND_ZH[r['kind']]} {r['kind']}"
            if key == "doc":
                return f"{r['doc']} {r['article_title']}"
            return "" if r[key] is None else str(self._text(r, key))
        if role == Qt.ItemDataRole.ToolTipRole:
            return (f"{r['name_zh']} · {r['name_en']}\n{r['label_zh']} · {r['label_en']}\n"
                    f"{r['doc']} ¶{r['paragraph']}: “{r['quote']}”\n— {r['citation']}")
        return None


class FiguresFilter(QSortFilterProxyModel):
    """All filters at once: exact layer/feature/kind/year/doc (None = any) and free text."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.wanted: dict[str, object] = {}
        self.text = ""
        self.setSortRole(SORT_ROLE)

    def set_filter(self, key: str, value) -> None:
        self.beginFilterChange()
        if value is None:
            self.wanted.pop(key, None)
        else:
            self.wanted[key] = value
        self.endFilterChange()

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self.text = text.strip().casefold()
        self.endFilterChange()

    def filterAcceptsRow(self, source_row, source_parent):  # noqa: N802
        r = self.sourceModel().rows[source_row]
        if any(r[k] != v for k, v in self.wanted.items()):
            return False
        return not self.text or any(self.text in str(r[k]).casefold() for k in SEARCHED)

    def rows(self) -> list[dict]:
        """The rows shown, in the order shown."""
        src = self.sourceModel()
        return [src.rows[self.mapToSource(self.index(i, 0)).row()] for i in range(self.rowCount())]


class FiguresTable(QWidget):
    def __init__(self, window, parent=None):
        super().__init__(parent)
        self.window = window
        self.all_rows = figure_rows(window.cat)
        self.model = FiguresModel(self.all_rows, window.cat, self)
        self.proxy = FiguresFilter(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.doubleClicked.connect(self._open_row)
        for col, width in enumerate((120, 170, 220, 110, 70, 50, 90, 200, 36)):
            self.view.setColumnWidth(col, width)

        self.combos: dict[str, QComboBox] = {}
        bar = QHBoxLayout()
        for key in ("layer", "feature_id", "kind", "year", "doc"):
            box = QComboBox()
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(9)  # narrow; the list that drops down is as wide as its items
            box.currentIndexChanged.connect(lambda _i, k=key: self._combo_changed(k))
            self.combos[key] = box
            bar.addWidget(box)
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._text_changed)
        bar.addWidget(self.search, 1)
        self.count = QLabel()
        bar.addWidget(self.count)
        self.btn_xlsx = QPushButton(clicked=lambda: self._ask_export("xlsx"))
        self.btn_csv = QPushButton(clicked=lambda: self._ask_export("csv"))
        bar.addWidget(self.btn_xlsx)
        bar.addWidget(self.btn_csv)
        box = QVBoxLayout(self)
        box.setContentsMargins(4, 4, 4, 4)
        box.addLayout(bar)
        box.addWidget(self.view)
        self.retranslate()

    # --- filters --------------------------------------------------------------------------
    def _choices(self, key: str) -> list[tuple[str, object]]:
        cat = self.window.cat
        rows = self.all_rows
        if key == "layer":
            return [(self.model.layer_names[l.id][i18n.current() == "en"], l.id)
                    for l in cat.layers if any(r["layer"] == l.id for r in rows)]
        if key == "feature_id":
            layer = self.proxy.wanted.get("layer")
            seen = dict.fromkeys(r["feature_id"] for r in rows if layer in (None, r["layer"]))
            en = i18n.current() == "en"
            return [(cat.feature(fid).name_en if en else cat.feature(fid).name_zh, fid) for fid in seen]
        if key == "kind":
            kinds = dict.fromkeys(r["kind"] for r in rows)
            return [(f"{KIND_ZH[k]} {k}", k) for k in KIND_ZH if k in kinds]
        if key == "year":
            return [(str(y), y) for y in sorted({r["year"] for r in rows if r["year"] is not None})]
        return [(f"{d} {cat.sources[d].title}", d) for d in sorted({r["doc"] for r in rows})]

    def _fill(self, key: str) -> None:
        box = self.combos[key]
        keep = box.currentData()
        box.blockSignals(True)
        box.clear()
        box.addItem({"layer": tr("All layers"), "feature_id": tr("All features"), "kind": tr("All kinds"),
                     "year": tr("All years"), "doc": tr("All articles")}[key], None)
        for label, value in self._choices(key):
            box.addItem(label, value)
        i = box.findData(keep) if keep is not None else 0
        box.setCurrentIndex(max(i, 0))
        box.view().setMinimumWidth(box.view().sizeHintForColumn(0) + 24)
        box.blockSignals(False)
        if keep is not None and i < 0:
            self.proxy.set_filter(key, None)

    def set_choice(self, key: str, value) -> None:
        """Select a filter value (None = all); what the combo boxes do, callable from tests."""
        box = self.combos[key]
        box.setCurrentIndex(max(box.findData(value), 0) if value is not None else 0)

    def _combo_changed(self, key: str) -> None:
        self.proxy.set_filter(key, self.combos[key].currentData())
        if key == "layer":
            self._fill("feature_id")
        self._update_count()

    def _text_changed(self, text: str) -> None:
        self.proxy.set_text(text)
        self._update_count()

    def _update_count(self) -> None:
        self.count.setText(tr("%1 of %2 figures").replace("%1", str(self.proxy.rowCount()))
                           .replace("%2", str(len(self.all_rows))))

    # --- actions --------------------------------------------------------------------------
    def _open_row(self, index) -> None:
        row = self.model.rows[self.proxy.mapToSource(index).row()]
        self.window.open_feature(row["feature_id"], fly=True)

    def export(self, path: str, fmt: str) -> None:
        """Write the rows shown, in the order shown, with every column of the CLI's table."""
        from qjmap.export.table import write_csv, write_xlsx
        (write_xlsx if fmt == "xlsx" else write_csv)(self.proxy.rows(), path)

    def _ask_export(self, fmt: str) -> None:
        flt = "Excel (*.xlsx)" if fmt == "xlsx" else "CSV (*.csv)"
        path, _ = QFileDialog.getSaveFileName(self, tr("Export figures table"), f"qjmap-figures.{fmt}", flt)
        if not path:
            return
        if not path.lower().endswith("." + fmt):
            path += "." + fmt
        try:
            self.export(path, fmt)
        except OSError as exc:
            QMessageBox.warning(self, tr("Export figures table"),
                                tr("Could not write %1:").replace("%1", path) + f"\n{exc}")
            return
        self.window.statusBar().showMessage(tr("Figures table written to %1").replace("%1", path), 5000)

    def retranslate(self) -> None:
        for key in self.combos:
            self._fill(key)
        self.search.setPlaceholderText(tr("Filter: any text in a figure, feature, quote or article…"))
        self.btn_xlsx.setText(tr("Export .xlsx…"))
        self.btn_csv.setText(tr("Export CSV…"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(SHOWN) - 1)
        if self.all_rows:
            last = self.model.index(len(self.all_rows) - 1, len(SHOWN) - 1)
            self.model.dataChanged.emit(self.model.index(0, 0), last)
        self._update_count()


class FiguresDock(QDockWidget):
    """Bottom dock holding the table, built the first time it is shown."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.table: FiguresTable | None = None
        self.setObjectName("figures")
        self.action = QAction(window, checkable=True, shortcut=QKeySequence("Ctrl+T"))
        self.action.toggled.connect(self.show_table)
        self.visibilityChanged.connect(lambda on: on or self.action.setChecked(False))
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self)
        window.view_menu.addSeparator()
        window.view_menu.addAction(self.action)
        self.hide()
        self.retranslate()

    def show_table(self, on: bool = True) -> FiguresTable:
        if self.table is None:
            self.table = FiguresTable(self.window)
            self.setWidget(self.table)
        self.setVisible(on)
        if self.action.isChecked() != on:
            self.action.setChecked(on)
        return self.table

    def retranslate(self) -> None:
        self.setWindowTitle(tr("Figures table"))
        self.action.setText(tr("Figures table"))
        if self.table is not None:
            self.table.retranslate()


def install_figures_table(window) -> FiguresDock:
    return FiguresDock(window)
