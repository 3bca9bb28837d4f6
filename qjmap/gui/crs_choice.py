"""Choosing a coordinate system: one widget for the table preview and for a GIS file that
declares none, and one line saying where the first coordinates would land with the choice.

The choices are the ones staff meet: WGS84, GCJ-02 (AMap/Tencent), BD-09 (Baidu), CGCS2000
geographic, a CGCS2000 Gauss-Krüger zone, or any EPSG code (qjmap.io.crs converts them).
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QVBoxLayout, QWidget)

from qjmap.io.crs import REGION, Crs, CrsError, gauss_kruger_choices, guess_crs, parse_crs, to_wgs84

FIXED = ("wgs84", "gcj02", "bd09", "EPSG:4490")  # then Gauss-Krüger…, then any EPSG code


def tr(text: str) -> str:
    return QCoreApplication.translate("ImportDialog", text)


class CrsChoice(QWidget):
    """The list, the Gauss-Krüger zone list and the EPSG field; `changed` on any edit."""
    changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.crs = QComboBox()
        for key in FIXED:
            self.crs.addItem(Crs(key).label(), key)
        self.crs.addItem(tr("CGCS2000 Gauss-Krüger (3°/6° zone)…"), "gk")
        self.crs.addItem(tr("Other EPSG code…"), "epsg")
        self.gk = QComboBox()
        for c in gauss_kruger_choices():
            self.gk.addItem(c.label(), c.key)
        self.epsg = QLineEdit()
        self.epsg.setPlaceholderText("EPSG:4549")
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        for w in (self.crs, self.gk, self.epsg):
            box.addWidget(w)
        for sig in (self.crs.currentIndexChanged, self.gk.currentIndexChanged, self.epsg.textChanged):
            sig.connect(self._changed)
        self._changed()

    def _changed(self) -> None:
        self.gk.setVisible(self.crs.currentData() == "gk")
        self.epsg.setVisible(self.crs.currentData() == "epsg")
        self.changed.emit()

    def set_crs(self, key: str) -> None:
        """Select a choice by key ('wgs84', 'gcj02', 'bd09', 'EPSG:n')."""
        i = self.crs.findData(key)
        if i >= 0:
            self.crs.setCurrentIndex(i)
        elif (j := self.gk.findData(key)) >= 0:
            self.crs.setCurrentIndex(self.crs.findData("gk"))
            self.gk.setCurrentIndex(j)
        else:
            self.crs.setCurrentIndex(self.crs.findData("epsg"))
            self.epsg.setText(key)

    def chosen(self) -> Crs | None:
        which = self.crs.currentData()
        if which == "gk":
            return Crs(self.gk.currentData())
        if which == "epsg":
            try:
                return parse_crs(self.epsg.text())
            except CrsError:
                return None
        return Crs(which)


def import_buttons(dialog: QDialog) -> QDialogButtonBox:
    """Import / Cancel, wired to the dialog's accept and reject."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Import"))
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def landing(crs: Crs | None, x, y) -> tuple[int, str]:
    """(number of coordinates that land on Earth, the line telling the user where the first does)."""
    if crs is None:
        return 0, tr("Unknown EPSG code.")
    lon, lat, ok = to_wgs84(crs, x, y)
    n_ok = int(ok.sum())
    if not n_ok:
        return 0, tr("With this coordinate system no preview row gives a position on Earth.")
    i = int(ok.argmax())
    inside = REGION[0] <= lon[i] <= REGION[2] and REGION[1] <= lat[i] <= REGION[3]
    where = tr("inside the four-province region") if inside else tr("NOT near the four-province region")
    return n_ok, (tr("%1 of %2 preview rows have a position. First: longitude %3, latitude %4 (%5).")
                  .replace("%1", str(n_ok)).replace("%2", str(len(ok))).replace("%3", f"{lon[i]:.6f}")
                  .replace("%4", f"{lat[i]:.6f}").replace("%5", where))


class CrsPicker(QDialog):
    """For a GIS file that declares no coordinate system: the reader's message, the guess from
    the file's first coordinates preselected, and where they land. `options()` after accept()."""

    def __init__(self, message: str, x, y, hints: str = "", parent=None):
        super().__init__(parent)
        self.x, self.y = list(x), list(y)
        self.setWindowTitle(tr("Which coordinate system?"))
        self.message = QLabel(message)
        self.guess, self.check = QLabel(), QLabel()
        for label in (self.message, self.guess, self.check):
            label.setWordWrap(True)
        self.choice = CrsChoice()
        form = QFormLayout()
        form.addRow(tr("Coordinate system"), self.choice)
        self.buttons = import_buttons(self)
        box = QVBoxLayout(self)
        for w in (self.message, self.guess):
            box.addWidget(w)
        box.addLayout(form)
        box.addWidget(self.check)
        box.addWidget(self.buttons)
        self.resize(640, 320)
        g = guess_crs(self.x, self.y, hints)
        self.guess.setText(f"{g.zh}\n{g.en[:1].upper() + g.en[1:]}")
        self.choice.changed.connect(self.refresh)
        if g.crs is not None:  # else WGS84 stays, and the check line says it lands nowhere
            self.choice.set_crs(g.crs.key)
        self.refresh()

    def set_crs(self, key: str) -> None:
        self.choice.set_crs(key)

    def refresh(self) -> None:
        n_ok, text = landing(self.choice.chosen(), self.x, self.y)
        self.check.setText(text)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(n_ok > 0)

    def options(self) -> dict:
        crs = self.choice.chosen()
        return {"crs": crs.key if crs else None}
