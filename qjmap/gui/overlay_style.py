"""Right-click on an overlay row: Style… (colour, point size / line width, label field),
Zoom to layer, Remove. The style is checked (qjmap.model.overlay) before it is applied."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QColorDialog, QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFormLayout,
                               QMenu, QPushButton)

from qjmap.model.overlay import Overlay, OverlayStyle


def tr(text: str) -> str:
    return QCoreApplication.translate("OverlayStyle", text)


class StyleDialog(QDialog):
    def __init__(self, ov: Overlay, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("Overlay style: {name}").format(name=ov.name))
        self.color = ov.style.color
        self.color_button = QPushButton()
        self.color_button.clicked.connect(self._pick)
        self._show_color()
        self.size = QDoubleSpinBox()
        self.size.setRange(1, 30)
        self.size.setDecimals(1)
        self.size.setValue(ov.style.size)
        self.size.setSuffix(" px")
        self.label = QComboBox()
        self.label.addItem(tr("(no labels)"), None)
        for f in ov.fields():
            self.label.addItem(f, f)  # a user's column name: shown as plain text by the combo box
        self.label.setCurrentIndex(max(0, self.label.findData(ov.style.label)))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(tr("Colour"), self.color_button)
        form.addRow(tr("Size (point radius; lines half as wide)"), self.size)
        form.addRow(tr("Label field"), self.label)
        form.addRow(buttons)

    def _show_color(self) -> None:
        self.color_button.setText(self.color)
        self.color_button.setStyleSheet(f"background-color: {self.color}; color: white;")

    def _pick(self) -> None:
        c = QColorDialog.getColor(QColor(self.color), self, tr("Colour"))
        if c.isValid():
            self.color = c.name()
            self._show_color()

    def style(self) -> OverlayStyle:
        return OverlayStyle(self.color, self.size.value(), self.label.currentData())


def install_overlay_menu(window) -> None:
    panel = window.layer_panel
    panel.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    panel.customContextMenuRequested.connect(lambda pos: _menu(window, pos))


def _menu(window, pos) -> None:
    item = window.layer_panel.itemAt(pos)
    oid = item.data(0, Qt.ItemDataRole.UserRole) if item else None
    state = window.project_state
    if not oid or oid not in [ov.id for ov in state.overlays]:
        return
    m = QMenu(window)
    m.addAction(tr("Style…"), lambda: edit_style(window, oid))
    m.addAction(tr("Zoom to layer"), lambda: window.map.call("fitOverlay", oid))
    m.addSeparator()
    m.addAction(tr("Remove overlay"), lambda: state.remove(oid))
    m.popup(window.layer_panel.viewport().mapToGlobal(pos))


def edit_style(window, oid: str) -> StyleDialog:
    state = window.project_state
    dlg = StyleDialog(state.overlay(oid), window)
    dlg.accepted.connect(lambda: state.restyle(oid, dlg.style()))
    dlg.open()
    return dlg
