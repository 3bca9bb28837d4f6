"""Left panel: one row per layer with checkbox, legend swatch, feature count and opacity."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QHeaderView, QSlider, QTreeWidget, QTreeWidgetItem

from qjmap.model.catalogue import Catalogue
from qjmap.gui import i18n
from qjmap.gui.legend import symbol

BASEMAP = (("provinces", "Provinces", "#8d8d8d"), ("cities", "Prefecture cities", "#b3aca2"),
           ("counties", "Counties", "#d9d4cc"), ("rivers", "Rivers", "#6aa6d6"),
           ("labels", "Place names", "#5d5750"))


def tr(text: str) -> str:
    return QCoreApplication.translate("LayerPanel", text)


class LayerPanel(QTreeWidget):
    visibility_changed = Signal(str, bool)
    opacity_changed = Signal(str, float)

    def __init__(self, cat: Catalogue, parent=None):
        super().__init__(parent)
        self.setColumnCount(3)
        self.header().setStretchLastSection(False)
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.header().setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        self.header().resizeSection(2, 78)
        self.setMinimumWidth(300)
        self.setRootIsDecorated(False)
        self.items: dict[str, QTreeWidgetItem] = {}
        self.sliders: dict[str, QSlider] = {}
        self._thematic = QTreeWidgetItem(self)
        self._basemap = QTreeWidgetItem(self)
        for layer in reversed(cat.layers):  # topmost drawn layer first
            kind = {"corridors": "line", "neighbours": "boundary"}.get(layer.id, "solid")
            self._add(self._thematic, layer.id, QIcon(symbol(kind, layer.color)), len(cat.in_layer(layer.id)))
        for lid, _, color in BASEMAP:
            self._add(self._basemap, lid, QIcon(symbol("line", color)), None)
        self.expandAll()
        self.itemChanged.connect(self._on_changed)
        self._cat = cat
        self.retranslate()

    def _add(self, parent, lid, icon, count):
        item = QTreeWidgetItem(parent)
        item.setData(0, Qt.ItemDataRole.UserRole, lid)
        item.setIcon(0, icon)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(0, Qt.CheckState.Checked)
        if count is not None:
            item.setText(1, str(count))
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight)
        slider = QSlider(Qt.Orientation.Horizontal)
        slider.setRange(0, 100)
        slider.setValue(100)
        slider.setFixedWidth(72)
        slider.valueChanged.connect(lambda v, lid=lid: self.opacity_changed.emit(lid, v / 100))
        self.setItemWidget(item, 2, slider)
        self.items[lid] = item
        self.sliders[lid] = slider

    def add_overlay(self, lid: str, name: str, icon, count: int) -> None:
        """A row for a user's file, under its own heading (created on first use)."""
        if not hasattr(self, "_overlays"):
            self._overlays = QTreeWidgetItem()
            self.insertTopLevelItem(1, self._overlays)
            self._overlays.setExpanded(True)
            self.retranslate()
        self.blockSignals(True)
        self._add(self._overlays, lid, icon, count)
        self.items[lid].setText(0, name)
        self.blockSignals(False)

    def remove_overlay(self, lid: str) -> None:
        item = self.items.pop(lid)
        self.sliders.pop(lid)
        item.parent().removeChild(item)

    def _on_changed(self, item, column):
        lid = item.data(0, Qt.ItemDataRole.UserRole)
        if lid and column == 0:
            self.visibility_changed.emit(lid, item.checkState(0) == Qt.CheckState.Checked)

    def set_checked(self, lid: str, on: bool) -> None:
        self.items[lid].setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def visible_layers(self) -> list[str]:
        return [lid for lid, it in self.items.items() if it.checkState(0) == Qt.CheckState.Checked]

    def retranslate(self) -> None:
        self.setHeaderLabels([tr("Layer"), tr("Features"), tr("Opacity")])
        self._thematic.setText(0, tr("Thematic layers"))
        self._basemap.setText(0, tr("Offline basemap"))
        if hasattr(self, "_overlays"):
            self._overlays.setText(0, tr("Your files (overlays)"))
        zh = i18n.current() == "zh"
        for layer in self._cat.layers:
            self.items[layer.id].setText(0, layer.name_zh if zh else layer.name_en)
        for lid, name, _ in BASEMAP:
            self.items[lid].setText(0, tr(name))
