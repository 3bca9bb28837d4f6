"""The bookmark tour as pages: what each slide says and where, for the deck and the PDF alike.

A slide is a list of boxes in inches on a 13.333 × 7.5 in (16:9) page: text boxes of
paragraphs and the map picture of its bookmark. tour_pptx and tour_pdf draw exactly these
boxes, so the PowerPoint deck and the PDF have the same pages. Every word is taken from
the catalogue (the caption card of qjmap.export.furniture, the articles' citations), never
typed in, so a slide cannot claim more than the articles say. No Qt.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from qjmap.export.furniture import SCHEMATIC_NOTE, _cited_docs, caption, data_as_of
from qjmap.model.bookmarks import Bookmark
from qjmap.model.catalogue import PRECISION_RADIUS_M, PRECISION_ZH, Catalogue

SLIDE_W, SLIDE_H = 40 / 3, 7.5  # inches: PowerPoint's own 16:9 page (12192000 × 6858000 EMU)
INK, GREY, NOTE, ACCENT = "222222", "5F5F5F", "B71C1C", "1565C0"
MAP_BOX = (0.45, 1.05, 8.4, 4.725)  # x, y, w, h: 16:9, like the rendered map
NO_FIGURES = "文章未给出该要素的数字 · The articles give no figures for this feature."
NO_FEATURE = "本站未选定要素 · No feature is selected at this stop."


@dataclass(frozen=True)
class Para:
    text: str
    size: float  # points
    bold: bool = False
    colour: str = INK


@dataclass(frozen=True)
class TextBox:
    name: str  # role, also the shape's name in the deck: title, step, panel, footer, …
    x: float
    y: float
    w: float
    h: float
    paras: tuple[Para, ...]


@dataclass(frozen=True)
class PictureBox:
    name: str
    x: float
    y: float
    w: float
    h: float
    alt: str  # alternative text: what the map shows


@dataclass
class Slide:
    kind: str  # "title", "stop" or "sources"
    boxes: list = field(default_factory=list)
    notes: str = ""
    bookmark: Bookmark | None = None  # a stop's view, whose map fills its PictureBox

    def text_boxes(self) -> list[TextBox]:
        return [b for b in self.boxes if isinstance(b, TextBox)]


def _precision_line(precision: str) -> Para:
    radius = PRECISION_RADIUS_M.get(precision, 0)
    span = f"（约 ±{radius / 1000:g} km）" if radius else ""
    colour = NOTE if precision in ("schematic", "district", "town") else GREY
    return Para(f"位置精度 Position: {PRECISION_ZH.get(precision, precision)} {precision}{span}", 10, colour=colour)


def _stop(cat: Catalogue, b: Bookmark, step: int, total: int) -> tuple[Slide, tuple[str, ...]]:
    """One bookmark: its name, the map, the caption card's figures, the quote and citation."""
    s = Slide("stop", bookmark=b)
    s.boxes += [TextBox("title", 0.45, 0.25, 10.9, 0.7, (Para(b.name, 26, True),)),
                TextBox("step", 11.45, 0.35, 1.45, 0.5, (Para(f"{step} / {total}", 12, colour=GREY),)),
                PictureBox("map", *MAP_BOX, alt=f"地图 Map: {b.name}")]
    if not b.feature:
        s.boxes.append(TextBox("panel", 9.1, 1.05, 3.8, 4.725, (Para(NO_FEATURE, 11, colour=GREY),)))
        s.notes = f"{b.name}\n{NO_FEATURE}"
        return s, ()
    c = caption(cat, b.feature, b.figures, b.quote)
    f = cat.feature(b.feature)
    panel = [Para(c.name_zh, 17, True), Para(c.name_en, 11, colour=GREY), _precision_line(f.precision)]
    notes = [f"{c.name_zh} — {c.name_en}"]
    for (label, value, as_of), label_en, cite in zip(c.figures, c.figure_en, c.figure_cites):
        panel += [Para(f"{label} · {label_en}" if label_en else label, 10.5, colour=GREY),
                  Para(value, 15, True, ACCENT)]
        if as_of:
            panel.append(Para(f"数据时间 As of {as_of}", 9, colour=GREY))
        notes.append(f"{label}（{label_en}）：{value}，{as_of or '—'}。出处 Source: {cite}")
    if not c.figures:
        panel.append(Para(NO_FIGURES, 11, colour=GREY))
        notes.append(NO_FIGURES)
    s.boxes.append(TextBox("panel", 9.1, 1.05, 3.8, 4.725, tuple(panel)))
    if c.quote:
        s.boxes.append(TextBox("footer", 0.45, 5.95, 12.45, 1.3,
                               (Para(f"“{c.quote}”", 13), Para(f"—— {c.citation}", 10, colour=GREY))))
        notes.append(f"引文 Quote: “{c.quote}”\n出处 Source: {c.citation}")
    s.notes = "\n".join(notes)
    return s, c.docs


def _title(cat: Catalogue, bookmarks: list[Bookmark], title: str, subtitle: str) -> Slide:
    n = len(bookmarks)
    size = 14 if n <= 6 else max(8.0, 14 * 6 / n)
    stops = [Para("导览 Tour", size, True)] + [Para(f"{i}. {b.name}", size) for i, b in enumerate(bookmarks, 1)]
    layers = sorted({lid for b in bookmarks for lid in b.layers})
    foot = [Para(p, 11, colour=GREY) for p in [data_as_of(cat, layers)] if p] + [Para(SCHEMATIC_NOTE, 10, colour=NOTE)]
    return Slide("title", [TextBox("title", 0.8, 1.2, 11.7, 1.1, (Para(title, 36, True),)),
                           TextBox("subtitle", 0.8, 2.3, 11.7, 0.6, (Para(subtitle, 18, colour=GREY),)),
                           TextBox("stops", 0.8, 3.15, 11.7, 3.0, tuple(stops)),
                           TextBox("footer", 0.8, 6.25, 11.7, 0.95, tuple(foot))],
                 notes=f"{title}\n{subtitle}")


def _sources(cat: Catalogue, quoted: dict[str, list[int]], mapped: set[str]) -> Slide:
    """The articles behind the slides' words (with the slides citing them) and behind the maps."""
    from qjmap.page.map_page import ATTRIBUTION
    paras = []
    for doc in sorted(set(quoted) | mapped):
        if doc not in cat.sources:
            continue
        where = (f"幻灯片 Slides {', '.join(map(str, quoted[doc]))}" if doc in quoted else "") + \
                ("；地图要素 map features" if doc in mapped and doc in quoted else
                 ("地图要素 Map features" if doc in mapped else ""))
        paras += [Para(f"[{doc}] {cat.sources[doc].citation()}", 12), Para(where, 9.5, colour=GREY)]
    paras += [Para("底图 Basemap: " + ATTRIBUTION, 9.5, colour=GREY), Para(SCHEMATIC_NOTE, 9.5, colour=NOTE),
              Para("数字与引文均取自上列文章，由 qjmap 自动生成 · Every figure and quote is from the articles "
                   "above; made by qjmap from the bookmark tour.", 9.5, colour=GREY)]
    return Slide("sources", [TextBox("title", 0.45, 0.25, 12.4, 0.7, (Para("来源 Sources", 26, True),)),
                             TextBox("body", 0.45, 1.15, 12.4, 6.0, tuple(paras))],
                 notes="来源 Sources")


def build_deck(cat: Catalogue, bookmarks: list[Bookmark], title: str, subtitle: str) -> list[Slide]:
    """Title slide, one slide per bookmark (in tour order), sources slide."""
    stops, quoted, mapped = [], {}, set()
    for i, b in enumerate(bookmarks, start=1):
        slide, docs = _stop(cat, b, i, len(bookmarks))
        stops.append(slide)
        for d in docs:
            quoted.setdefault(d, []).append(i + 1)  # slide numbers: the title slide is 1
        mapped |= _cited_docs([f for f in cat.features if f.layer in b.layers])
    return [_title(cat, bookmarks, title, subtitle), *stops, _sources(cat, quoted, mapped)]
