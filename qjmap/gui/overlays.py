"""File → Add GIS file as overlay: a user's shapefile/GeoJSON/GeoPackage/KML/CSV/.xlsx onto the map.

The readers (qjmap.io.reader) do all reading, cleaning and reprojection once, in a child
process run by qjmap.gui.import_runner (which also takes dropped files); this adapter asks
for the files, draws a finished layer and reports problems in plain words. Overlays are
not part of the catalogue: they carry no figures.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox

FILTER = "GIS, CSV, Excel (*.shp *.zip *.geojson *.json *.gpkg *.kml *.csv *.txt *.tsv *.xlsx *.xlsm)"


def tr(text: str) -> str:
    return QCoreApplication.translate("Overlays", text)


def add_overlay(window, path: str) -> None:
    """Import `path` in the background (qjmap.gui.import_runner); `window.importer.done` says when."""
    window.importer.add_files([path])


def show_layer(window, layer) -> str:
    """Draw an imported UserLayer as a new overlay (row, legend, map); returns its id."""
    return window.project_state.add_layer(layer)


def tell(window, icon, title: str, text: str) -> None:
    """Non-modal message (the map stays usable) and the same text in the status bar."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, window)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    window.statusBar().showMessage(text.replace("\n", "  "))


def install_overlay_action(window) -> QAction:
    from qjmap.gui.import_runner import install_import
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
