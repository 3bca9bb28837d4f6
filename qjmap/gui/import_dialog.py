"""The preview of a table (CSV/.xlsx) before it is imported: the user confirms the coordinate
columns and picks the coordinate system; the guess from the values is preselected and said.

The preview reads only the first rows (qjmap.io.table), in the GUI thread (a few ms); the
whole file is read afterwards in the background by the same command as `qjmap import`.
Below the choices, the first rows converted with them show where the points would land,
so a wrong choice (BD-09 read as WGS84 is ~1.3 km off) is visible before importing.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QButtonGroup, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout,
                               QLabel, QRadioButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from qjmap.gui.crs_choice import CrsChoice, import_buttons, landing
from qjmap.io.crs import Crs, guess_crs
from qjmap.io.table import PREVIEW_ROWS, Table, column_numbers, find_columns

SHOWN_ROWS = 50


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("ImportDialog", text, None, n)


class ImportPreview(QDialog):
    """`options()` after accept(): {"crs": key, "lon": col, "lat": col} or {"crs": key, "wkt": col}."""

    def __init__(self, table: Table, parent=None):
        super().__init__(parent)
        self.table = table
        self.setWindowTitle(tr("Import table") + f" — {table.label}")
        found = find_columns(table)
        self.swapped = found.swapped

        self.by_xy, self.by_wkt = QRadioButton(tr("Two columns (longitude/X, latitude/Y)")), QRadioButton(tr("One WKT column"))
        mode = QButtonGroup(self)
        for b in (self.by_xy, self.by_wkt):
            mode.addButton(b)
        self.lon, self.lat, self.wkt = QComboBox(), QComboBox(), QComboBox()
        for combo in (self.lon, self.lat, self.wkt):
            combo.addItems(table.columns)
        if found.lon:
            self.lon.setCurrentText(found.lat if found.swapped else found.lon)
            self.lat.setCurrentText(found.lon if found.swapped else found.lat)
        if found.wkt:
            self.wkt.setCurrentText(found.wkt)
        (self.by_wkt if found.wkt and not found.lon else self.by_xy).setChecked(True)

        self.choice = CrsChoice()
        self.guess = QLabel()
        self.guess.setWordWrap(True)
        self.check = QLabel()
        self.check.setWordWrap(True)
        self.info = QLabel(self._info_text())
        self.info.setWordWrap(True)

        self.grid = QTableWidget(min(SHOWN_ROWS, len(table.rows)), len(table.columns))
        self.grid.setHorizontalHeaderLabels(table.columns)
        for r, row in enumerate(table.rows[:SHOWN_ROWS]):
            for c, v in enumerate(row):
                self.grid.setItem(r, c, QTableWidgetItem("" if v is None else str(v)))  # text only, never HTML
        self.grid.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)

        cols = QWidget()
        row = QHBoxLayout(cols)
        row.setContentsMargins(0, 0, 0, 0)
        for label, w in ((tr("Longitude / X"), self.lon), (tr("Latitude / Y"), self.lat)):
            row.addWidget(QLabel(label))
            row.addWidget(w, 1)
        form = QFormLayout()
        form.addRow(self.by_xy, cols)
        form.addRow(self.by_wkt, self.wkt)
        form.addRow(tr("Coordinate system"), self.choice)
        self.buttons = import_buttons(self)
        box = QVBoxLayout(self)
        box.addWidget(self.info)
        box.addLayout(form)
        box.addWidget(self.guess)
        box.addWidget(self.check)
        box.addWidget(self.grid, 1)
        box.addWidget(self.buttons)
        self.resize(820, 560)

        self._apply_guess()
        for sig in (self.lon.currentIndexChanged, self.lat.currentIndexChanged, self.wkt.currentIndexChanged,
                    self.choice.changed, self.by_xy.toggled):
            sig.connect(self.refresh)
        self.refresh()

    def _info_text(self) -> str:
        t = self.table
        size = tr("first %n rows", len(t.rows)) if not t.complete else tr("%n rows", len(t.rows))
        enc = f" · {t.encoding}" if t.encoding else ""
        return f"{t.label} · {size}{enc}" + "".join(f"\n{n}" for n in t.notes)

    # --- the current choice ----------------------------------------------------------------
    def _xy(self):
        """The coordinate numbers of the preview rows under the current columns."""
        if self.by_wkt.isChecked():
            import shapely
            i = self.table.columns.index(self.wkt.currentText())
            texts = [v.split(";", 1)[-1] if isinstance(v, str) else None for v in (r[i] for r in self.table.rows)]
            g = shapely.from_wkt(texts, on_invalid="ignore")
            c = shapely.get_coordinates(g)
            return list(c[:, 0]), list(c[:, 1])
        return column_numbers(self.table, self.lon.currentText()), column_numbers(self.table, self.lat.currentText())

    def _apply_guess(self) -> None:
        x, y = self._xy()
        g = guess_crs(x, y, " ".join([self.table.label, *self.table.columns]))
        self.guess.setText(f"{g.zh}\n{g.en[:1].upper() + g.en[1:]}")
        if g.crs is not None:
            self.set_crs(g.crs.key)

    def set_crs(self, key: str) -> None:
        """Select a choice by key ('wgs84', 'gcj02', 'bd09', 'EPSG:n')."""
        self.choice.set_crs(key)

    def chosen_crs(self) -> Crs | None:
        return self.choice.chosen()

    def options(self) -> dict:
        crs = self.chosen_crs()
        out = {"crs": crs.key if crs else None}
        if self.by_wkt.isChecked():
            out["wkt"] = self.wkt.currentText()
        else:
            out["lon"], out["lat"] = self.lon.currentText(), self.lat.currentText()
        return out

    def refresh(self) -> None:
        """Show the choice's effect on the preview rows; Import only when it lands somewhere."""
        self.lon.setEnabled(self.by_xy.isChecked())
        self.lat.setEnabled(self.by_xy.isChecked())
        self.wkt.setEnabled(self.by_wkt.isChecked())
        n_ok, text = landing(self.chosen_crs(), *self._xy())
        self.check.setText(text)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(n_ok > 0)
        if n_ok:
            self._mark_columns()

    def _mark_columns(self) -> None:
        used = {self.wkt.currentText()} if self.by_wkt.isChecked() else {self.lon.currentText(), self.lat.currentText()}
        tint = QBrush(QColor("#e0f2f1"))
        for c, name in enumerate(self.table.columns):
            for r in range(self.grid.rowCount()):
                item = self.grid.item(r, c)
                if item is not None:
                    item.setBackground(tint if name in used else QBrush())


def preview_table(path: str) -> Table:
    """The first rows of a table for the preview; ImportProblem as the full read would give."""
    from qjmap.io.table import read_table
    return read_table(path, max_rows=PREVIEW_ROWS)

