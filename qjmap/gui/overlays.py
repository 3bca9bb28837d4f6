"""File → Add GIS file as overlay: a user's shapefile/GeoJSON/GeoPackage/KML/CSV/.xlsx onto the map.

The readers (qjmap.io.reader) do all reading, cleaning and reprojection once, in a child
process run by qjmap.gui.import_runner (which also takes dropped files); this adapter asks
for the files, draws a finished layer and reports problems in plain words. Overlays are
not part of the catalogue: they carry no figures.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QFileDialog, QMessageBox

from qjmap.gui.legend import symbol

FILTER = "GIS, CSV, Excel (*.shp *.zip *.geojson *.json *.gpkg *.kml *.csv *.txt *.tsv *.xlsx *.xlsm)"
COLOURS = ("#00838f", "#ad1457", "#5d4037", "#455a64")


def tr(text: str) -> str:
    return QCoreApplication.translate("Overlays", text)


def add_overlay(window, path: str) -> None:
    """Import `path` in the background (qjmap.gui.import_runner); `window.importer.done` says when."""
    window.importer.add_files([path])


def show_layer(window, layer) -> str:
    """Draw an imported UserLayer as a new overlay row and layer; returns its id."""
    n = len(window.overlay_ids)
    oid = f"user-{n + 1}"
    window.overlay_ids.append(oid)
    colour = COLOURS[n % len(COLOURS)]
    window.layer_panel.add_overlay(oid, layer.name, QIcon(symbol("solid", colour)), layer.n_features)
    window.map.call("addUserLayer", oid, layer.features, colour)
    return oid


def tell(window, icon, title: str, text: str) -> None:
    """Non-modal message (the map stays usable) and the same text in the status bar."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, window)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    window.statusBar().showMessage(text.replace("\n", "  "))


def install_overlay_action(window) -> QAction:
    from qjmap.gui.import_runner import install_import
    window.overlay_ids = []
    window.importer = install_import(window)
    act = QAction(window)
    act.triggered.connect(lambda: _ask(window))
    window.file_menu.insertAction(window.file_menu.actions()[0], act)
    return act


def _ask(window) -> None:
    paths, _ = QFileDialog.getOpenFileNames(window, tr("Add GIS file as overlay"), "", FILTER)
    window.importer.add_files(paths)


def retranslate(act: QAction) -> None:
    act.setText(tr("Add GIS file as overlay…"))
    act.parent().importer.retranslate()
