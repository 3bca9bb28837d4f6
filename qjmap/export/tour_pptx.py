"""Write the tour's pages (tour_deck) as a PowerPoint deck with python-pptx: real, editable text.

Chinese is set in Microsoft YaHei (微软雅黑), named as the East Asian typeface (a:ea) of
every run, with the same font for Latin text: it ships with every Chinese Windows since
Vista, so the deck opens as drawn on a Chinese office PC without an embedded font
(python-pptx cannot embed one, and Noto CJK would add ~16 MB a weight to every deck).
Elsewhere PowerPoint or LibreOffice substitutes a CJK font. The speaker notes carry the
figures with their sources and the quote with its citation. No Qt.
"""
from __future__ import annotations

import io

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.oxml.ns import qn
from pptx.util import Inches, Pt

from qjmap.export.tour_deck import SLIDE_H, SLIDE_W, PictureBox, Slide, TextBox

EA_FONT = LATIN_FONT = "Microsoft YaHei"
BLANK_LAYOUT = 6  # "Blank" in python-pptx's default template


def set_fonts(run, lang: str = "zh-CN") -> None:
    """Latin and East Asian typefaces on a run (python-pptx's font.name sets only a:latin)."""
    run.font.name = LATIN_FONT
    r_pr = run._r.get_or_add_rPr()
    r_pr.set("lang", lang)
    r_pr.set("altLang", "en-US")
    ea = r_pr.find(qn("a:ea"))
    if ea is None:
        ea = r_pr.makeelement(qn("a:ea"), {})
        r_pr.find(qn("a:latin")).addnext(ea)
    ea.set("typeface", EA_FONT)


def _text_box(slide, box: TextBox) -> None:
    shape = slide.shapes.add_textbox(Inches(box.x), Inches(box.y), Inches(box.w), Inches(box.h))
    shape.name = box.name
    tf = shape.text_frame
    tf.word_wrap = True
    tf.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE  # PowerPoint shrinks an overlong text, as the PDF does
    for side in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
        setattr(tf, side, Inches(0.04))
    for i, para in enumerate(box.paras):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.space_after = Pt(para.size * 0.3)
        run = p.add_run()
        run.text = para.text
        run.font.size = Pt(para.size)
        run.font.bold = para.bold
        run.font.color.rgb = RGBColor.from_string(para.colour)
        set_fonts(run)


def _picture(slide, box: PictureBox, png: bytes) -> None:
    pic = slide.shapes.add_picture(io.BytesIO(png), Inches(box.x), Inches(box.y), Inches(box.w), Inches(box.h))
    pic.name = box.name
    pic._element.nvPicPr.cNvPr.set("descr", box.alt)


def _notes(slide, text: str) -> None:
    tf = slide.notes_slide.notes_text_frame
    tf.text = text
    for p in tf.paragraphs:
        for run in p.runs:
            set_fonts(run)


def pptx_bytes(slides: list[Slide], maps: list[bytes], title: str) -> bytes:
    """The deck; `maps` holds one PNG per stop slide, in order."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(SLIDE_W), Inches(SLIDE_H)
    prs.core_properties.title = title
    prs.core_properties.author = prs.core_properties.last_modified_by = "qjmap"
    pictures = iter(maps)
    for s in slides:
        slide = prs.slides.add_slide(prs.slide_layouts[BLANK_LAYOUT])
        for box in s.boxes:
            if isinstance(box, TextBox):
                _text_box(slide, box)
            else:
                _picture(slide, box, next(pictures))
        _notes(slide, s.notes)
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()
