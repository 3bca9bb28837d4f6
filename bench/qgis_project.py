"""Build the QGIS project for bench_export.py with PyQGIS (run by QGIS's own python3).

Usage: /usr/bin/python3 bench/qgis_project.py SPEC.json OUT.qgs
SPEC: {"layers": [[id, name, path, kind, stroke, fill], ...] (bottom first), "extent": [xmin, ymin, xmax, ymax]}
A project written by QGIS itself loads the way QGIS expects (a hand-made .qgs rendered blank).
"""
import json
import sys

from qgis.core import (QgsApplication, QgsCoordinateReferenceSystem, QgsFillSymbol, QgsLineSymbol,
                       QgsMarkerSymbol, QgsProject, QgsReferencedRectangle, QgsRectangle,
                       QgsSingleSymbolRenderer, QgsVectorLayer)


def main(spec_path: str, out: str) -> int:
    spec = json.load(open(spec_path, encoding="utf-8"))
    app = QgsApplication([], False)
    app.initQgis()
    project = QgsProject.instance()
    crs = QgsCoordinateReferenceSystem("EPSG:3857")
    project.setCrs(crs)
    for lid, name, path, kind, stroke, fill in spec["layers"]:  # bottom first: each new layer goes on top
        layer = QgsVectorLayer(path, name, "ogr")
        if not layer.isValid():
            print("invalid layer", path)
            return 1
        if kind == "marker":
            sym = QgsMarkerSymbol.createSimple({"name": "circle", "color": stroke, "size": "2.6"})
        elif kind == "line":
            sym = QgsLineSymbol.createSimple({"line_color": stroke, "line_width": "0.5"})
        else:
            sym = QgsFillSymbol.createSimple({"color": fill or "0,0,0,0", "outline_color": stroke,
                                              "outline_width": "0.3"})
        layer.setRenderer(QgsSingleSymbolRenderer(sym))
        project.addMapLayer(layer)
    project.viewSettings().setDefaultViewExtent(QgsReferencedRectangle(QgsRectangle(*spec["extent"]), crs))
    ok = project.write(out)
    app.exitQgis()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
