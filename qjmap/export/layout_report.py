"""The layout report of an export: what the page drew, in output pixels, and where furniture goes.

The page (resources/web/labels.js) places labels and grouped markers in CSS px and reports
every label (text and box), every thematic feature in view (labelled or not) and every
marker (centre and radius); here that is scaled to the output image, so tests and users can
check it against the PNG. `furniture_rects` says where the exporter will paint title, legend,
scale bar, north arrow and footer, so the page keeps labels out of them. No file is written
here except by `write_report` (atomically).
"""
from __future__ import annotations

import json


def _scale_box(box, k: float) -> list[float]:
    return [round(v * k, 2) for v in box]


def in_output_px(report: dict | None, scale: float) -> dict | None:
    """The page's report (CSS px) with every box, centre and radius in output pixels."""
    if not report:
        return None
    out = dict(report)
    out["scale"] = scale
    out["size"] = [round(v * scale) for v in report["size"]]
    out["labels"] = [{**l, "box": _scale_box(l["box"], scale)} for l in report["labels"]]
    out["markers"] = [{**m, "centre": _scale_box(m["centre"], scale), "radius": round(m["radius"] * scale, 2)}
                      for m in report["markers"]]
    out["reserved"] = [_scale_box(r, scale) for r in report.get("reserved", [])]
    return out


def furniture_rects(fu, size) -> list[list[float]]:
    """Output-px rectangles of the furniture `paint_furniture` will draw on a page of `size`.

    Painted once onto a 1×1 image (the layout does not depend on the device); the scale bar
    is taken at its widest, since its length depends on the view.
    """
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter

    from qjmap.export.paint import SCALE_BAR_MAX_CSS, paint_furniture
    img = QImage(1, 1, QImage.Format.Format_RGB32)
    p = QPainter(img)
    fp = paint_furniture(p, QRectF(0, 0, size.width, size.height), fu, size.scale, 1.0)
    p.end()
    rects = []
    for name, r in fp.layout.items():
        w = max(r.width(), SCALE_BAR_MAX_CSS * size.scale) if name == "scale" else r.width()
        rects.append([r.x(), r.y(), w, r.height()])
    return rects


def write_report(path, report: dict, furniture: dict | None = None) -> None:
    from qjmap.io.atomic import write_atomic
    data = dict(report)
    if furniture:
        data["furniture"] = {k: list(v) for k, v in furniture.items()}
    write_atomic(path, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
