"""File → Add GIS file as overlay: read a user's shapefile/GeoJSON/GeoPackage onto the map.

The importer (qjmap.io.reader) does all reading, cleaning and reprojection once; this
adapter only asks for the file, reports problems in plain words and sends the page
one small command. Overlays are not part of the catalogue: they carry no figures.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QGuiApplication, QIcon
from PySide6.QtWidgets import QFileDialog, QMessageBox

from qjmap.gui.legend import symbol

FILTER = "GIS (*.shp *.zip *.geojson *.json *.gpkg *.kml)"
COLOURS = ("#00838f", "#ad1457", "#5d4037", "#455a64")


def tr(text: str) -> str:
    return QCoreApplication.translate("Overlays", text)


def add_overlay(window, path: str) -> str | None:
    """Read `path` and draw it; returns the overlay id, or None after telling the user why."""
    from qjmap.io.reader import ImportProblem, read_user_layer
    try:
        import pyogrio  # noqa: F401  (the installed build leaves GDAL out to stay small)
    except ImportError:
        _tell(window, QMessageBox.Icon.Warning, tr("Cannot add this file"),
              tr("This build of qjmap has no GIS file reader (GDAL). Run qjmap from a checkout "
                 "(scripts/run.sh) to add your own files."))
        return None
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        layer = read_user_layer(path)
    except ImportProblem as exc:
        QGuiApplication.restoreOverrideCursor()
        _tell(window, QMessageBox.Icon.Warning, tr("Cannot add this file"), exc.message)
        return None
    QGuiApplication.restoreOverrideCursor()
    n = len(window.overlay_ids)
    oid = f"user-{n + 1}"
    window.overlay_ids.append(oid)
    colour = COLOURS[n % len(COLOURS)]
    window.layer_panel.add_overlay(oid, layer.name, QIcon(symbol("solid", colour)), layer.n_features)
    window.map.call("addUserLayer", oid, layer.features, colour)
    if layer.warnings:
        _tell(window, QMessageBox.Icon.Information, tr("Added with notes"), "\n".join(layer.warnings))
    return oid


def _tell(window, icon, title: str, text: str) -> None:
    """Non-modal message (the map stays usable) and the same text in the status bar."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, window)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    window.statusBar().showMessage(text.replace("\n", "  "))


def install_overlay_action(window) -> QAction:
    window.overlay_ids = []
    act = QAction(window)
    act.triggered.connect(lambda: _ask(window))
    window.file_menu.insertAction(window.file_menu.actions()[0], act)
    return act


def _ask(window) -> None:
    path, _ = QFileDialog.getOpenFileName(window, tr("Add GIS file as overlay"), "", FILTER)
    if path:
        add_overlay(window, path)


def retranslate(act: QAction) -> None:
    act.setText(tr("Add GIS file as overlay…"))
