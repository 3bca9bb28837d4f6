"""Render the bench's layers with QGIS's own map renderer (PyQGIS, headless), as a peer for
`qjmap export`. Run by Debian's python3 (python3-qgis), not the project's venv:

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 bench/qgis_render.py SPEC.json OUT.png W H

SPEC: {"layers": [[id, name, path, kind, stroke, fill], ...] (bottom first),
       "extent": [xmin, ymin, xmax, ymax] (EPSG:3857), "label_layers": [id, ...]}
QgsMapRendererParallelJob draws the same layers, styles and extent as bench_export's project,
with point and line labels on the thematic layers (qjmap labels its features too), and the
image is saved as PNG. `qgis --snapshot` crashes under Xvfb here, so it is not used.
Prints one JSON line: seconds for start-up, layer loading, rendering and saving.
"""
import json
import os
import sys
import time

T0 = time.perf_counter()

from qgis.core import (QgsApplication, QgsCoordinateReferenceSystem, QgsFillSymbol,  # noqa: E402
                       QgsLineSymbol, QgsMapRendererParallelJob, QgsMapSettings, QgsMarkerSymbol,
                       QgsPalLayerSettings, QgsRectangle, QgsSingleSymbolRenderer, QgsTextFormat,
                       QgsVectorLayer, QgsVectorLayerSimpleLabeling)
from qgis.PyQt.QtCore import QSize  # noqa: E402
from qgis.PyQt.QtGui import QColor, QFont  # noqa: E402


def symbol(kind: str, stroke: str, fill):
    if kind == "marker":
        return QgsMarkerSymbol.createSimple({"name": "circle", "color": stroke, "size": "2.6"})
    if kind == "line":
        return QgsLineSymbol.createSimple({"line_color": stroke, "line_width": "0.5"})
    return QgsFillSymbol.createSimple({"color": fill or "0,0,0,0", "outline_color": stroke, "outline_width": "0.3"})


def labelling(kind: str):
    fmt = QgsTextFormat()
    fmt.setFont(QFont("Noto Sans CJK SC"))
    fmt.setSize(9)
    fmt.setColor(QColor("#222222"))
    s = QgsPalLayerSettings()
    s.fieldName = "name"
    s.setFormat(fmt)
    s.placement = QgsPalLayerSettings.Line if kind == "line" else QgsPalLayerSettings.OrderedPositionsAroundPoint
    return QgsVectorLayerSimpleLabeling(s)


def main(spec_path: str, out: str, width: str, height: str) -> int:
    spec = json.load(open(spec_path, encoding="utf-8"))
    app = QgsApplication([], False)
    app.initQgis()
    t_init = time.perf_counter()
    layers = []
    for lid, name, path, kind, stroke, fill in spec["layers"]:
        layer = QgsVectorLayer(path, name, "ogr")
        if not layer.isValid():
            print("invalid layer", path, file=sys.stderr)
            return 1
        layer.setRenderer(QgsSingleSymbolRenderer(symbol(kind, stroke, fill)))
        if lid in spec.get("label_layers", []):
            layer.setLabeling(labelling(kind))
            layer.setLabelsEnabled(True)
        layers.append(layer)
    t_load = time.perf_counter()
    settings = QgsMapSettings()
    settings.setLayers(list(reversed(layers)))  # QgsMapSettings draws the first layer on top
    settings.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:3857"))
    settings.setExtent(QgsRectangle(*spec["extent"]))
    settings.setOutputSize(QSize(int(width), int(height)))
    settings.setBackgroundColor(QColor("#e8eef2"))
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    t_render = time.perf_counter()
    ok = image.save(out, "PNG")
    t_save = time.perf_counter()
    print(json.dumps({"init_s": round(t_init - T0, 3), "load_s": round(t_load - t_init, 3),
                      "render_s": round(t_render - t_load, 3), "save_s": round(t_save - t_render, 3),
                      "labels": len(spec.get("label_layers", []))}))
    sys.stdout.flush()
    return 0 if ok and not image.isNull() else 1  # no exitQgis(): it segfaults headless here


if __name__ == "__main__":
    # PyQGIS segfaults in exitQgis() and in its interpreter-exit teardown: leave directly.
    os._exit(main(*sys.argv[1:5]))
