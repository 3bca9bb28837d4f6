"""Export a map view to PNG, PDF or standalone HTML: the one entry point for dialog and CLI.

PNG and PDF: render the map at the output size (export_render), paint the furniture
(export_paint), encode in memory and write atomically, so a failed export leaves no
file behind. The PDF page is exactly the image size at the export dpi, zero margins,
with the map as an image and the furniture as real text. HTML needs no Qt at all.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from qjmap.io.atomic import write_atomic
from qjmap.model.bookmarks import Bookmark
from qjmap.model.catalogue import Catalogue
from qjmap.export.options import ExportOptions
from qjmap.export.furniture import build_furniture


@dataclass
class ExportResult:
    path: str
    layout: dict = field(default_factory=dict)  # furniture name -> (x, y, w, h) in output pixels
    metres_per_px: float = 0.0
    report: dict | None = None  # the page's layout report in output px (qjmap.export.layout_report)


def _rects(layout) -> dict:
    return {k: (r.x(), r.y(), r.width(), r.height()) for k, r in layout.items()}


def png_bytes(img, dpi: float, quality: int = -1) -> bytes:
    """`quality` is Qt's PNG effort: higher is faster with bigger files (-1: zlib's default)."""
    from PySide6.QtCore import QBuffer, QIODevice
    img.setDotsPerMeterX(round(dpi / 0.0254))
    img.setDotsPerMeterY(round(dpi / 0.0254))
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    if not img.save(buf, "PNG", quality):
        raise OSError("PNG encoding failed")
    return bytes(buf.data())


def _pdf_bytes(img, opts: ExportOptions, fu, metres_per_px: float) -> tuple[bytes, dict]:
    from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QRectF, QSizeF
    from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPdfWriter, QRawFont
    from qjmap.export.paint import font, paint_furniture
    from qjmap.export.pdf_text import fix_to_unicode
    size = opts.size
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    w = QPdfWriter(buf)
    w.setTitle(opts.title)
    w.setCreator("qjmap")
    w.setResolution(round(size.dpi))
    portrait = QPageLayout.Orientation.Portrait
    if size.paper:
        paper, _, orient = size.paper.partition("-")
        page = QPageSize(getattr(QPageSize.PageSizeId, paper))
        layout = QPageLayout(page, portrait if orient else QPageLayout.Orientation.Landscape, QMarginsF())
    else:  # a page exactly the image at the export dpi
        page = QPageSize(QSizeF(size.width / size.dpi * 72, size.height / size.dpi * 72), QPageSize.Unit.Point,
                         "", QPageSize.SizeMatchPolicy.ExactMatch)
        layout = QPageLayout(page, portrait, QMarginsF())
    w.setPageLayout(layout)
    p = QPainter(w)
    target = QRectF(0, 0, w.width(), w.height())
    p.drawImage(target, img)
    unit = w.width() / size.width * size.scale
    fp = paint_furniture(p, target, fu, unit, metres_per_px * size.width / w.width())
    p.end()
    raw = QRawFont.fromFont(font(12, 1))
    pdf = fix_to_unicode(bytes(buf.data()), "".join(fp.texts), lru_cache(maxsize=None)(
        lambda ch: (raw.glyphIndexesForString(ch) or [0])[0]))
    return pdf, fp.layout


def run_export(cat: Catalogue, opts: ExportOptions, state: Bookmark, renderer=None, overlays=()) -> ExportResult:
    """Write `opts.out` showing `state` (centre, zoom, layers, selected feature).

    `renderer`: a MapRenderer the caller made and will close (the self-test checks its
    request guard); by default one is made and closed here. `overlays`: users' overlays to draw
    (qjmap.export.overlays.shown_overlays).
    """
    opts.check()
    if opts.fmt == "html":
        from qjmap.export.standalone_html import write_html
        write_html(cat, opts, state, overlays)
        return ExportResult(str(opts.out))
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QPainter
    from qjmap.export.paint import paint_furniture
    from qjmap.export.layout_report import furniture_rects
    from qjmap.export.render import MapRenderer
    fu = build_furniture(cat, state.layers, title=opts.title, subtitle=opts.subtitle, schematic=opts.schematic,
                         overlays=overlays, zoom=state.zoom)
    own = renderer is None
    renderer = renderer or MapRenderer(cat, opts.size)
    try:
        if overlays:
            from qjmap.export.overlays import show_on
            show_on(renderer.view, list(overlays))
        shot = renderer.render(state, furniture_rects(fu, opts.size), opts.lang)
    finally:
        if own:
            renderer.close()
    img = shot.image
    if opts.fmt == "png":
        p = QPainter(img)
        layout = paint_furniture(p, QRectF(0, 0, img.width(), img.height()), fu, opts.size.scale,
                                 shot.metres_per_px).layout
        p.end()
        data = png_bytes(img, opts.size.dpi)
    else:
        data, layout = _pdf_bytes(img, opts, fu, shot.metres_per_px)
    write_atomic(opts.out, data)
    return ExportResult(str(opts.out), _rects(layout), shot.metres_per_px, shot.report)
