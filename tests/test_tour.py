"""The bookmark tour as a PowerPoint deck and a multi-page PDF (File → Export tour…, `qjmap export-tour`).

The five-stop default tour is rendered with the real QtWebEngine offscreen; the deck is
read back with python-pptx, the PDF with poppler (pdftotext, pdfinfo, pdfimages, pdffonts),
and every slide's words are compared with the catalogue's caption cards and with each
other, page by page. The window's export runs the real child process.
"""
from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.oxml.ns import qn

from qjmap.export.furniture import caption
from qjmap.model.bookmarks import load_defaults, to_json

pytestmark = pytest.mark.timeout(240)
ROOT = Path(__file__).resolve().parent.parent
TITLE = "衢州枢纽港导览测试 Tour test"


def _flat(text: str) -> str:
    """Text without any white space: pdftotext wraps lines where the page does."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def tour(qapp, catalogue, tmp_path_factory):
    from qjmap.export.tour import run_tour
    d = tmp_path_factory.mktemp("tour")
    stops = load_defaults()
    seen = []
    pptx = run_tour(catalogue, stops, d / "tour.pptx", title=TITLE, progress=lambda *a: seen.append(a))
    pdf = run_tour(catalogue, stops, d / "tour.pdf", title=TITLE)
    return d / "tour.pptx", d / "tour.pdf", stops, seen, (pptx, pdf)


def _slide_texts(slide) -> dict[str, str]:
    return {sh.name: sh.text_frame.text for sh in slide.shapes if sh.has_text_frame}


def test_deck_has_title_stops_and_sources(tour, catalogue, artifacts):
    out, _, stops, seen, (res, _) = tour
    shutil.copy(out, artifacts / "tour.pptx")
    prs = Presentation(str(out))
    assert len(prs.slides) == len(stops) + 2 == res.slides == 7
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)  # PowerPoint's 16:9
    first = _slide_texts(prs.slides[0])
    assert first["title"] == TITLE
    for b in stops:
        assert b.name in first["stops"]
    assert "数据截至" in first["footer"] and "示意图" in first["footer"]
    sources = prs.slides[-1].shapes
    body = _slide_texts(prs.slides[-1])["body"]
    assert _slide_texts(prs.slides[-1])["title"] == "来源 Sources"
    for doc, s in catalogue.sources.items():
        assert f"[{doc}] {s.citation()}" in body  # the default tour's maps show features of all five
    assert not any(sh.shape_type == MSO_SHAPE_TYPE.PICTURE for sh in sources)
    assert [s[:2] for s in seen] == [(i, len(stops) + 1) for i in range(len(stops) + 2)]


def test_each_stop_slide_has_its_map_and_caption(tour, catalogue):
    out, _, stops, _, _ = tour
    prs = Presentation(str(out))
    for b, slide in zip(stops, list(prs.slides)[1:-1]):
        texts = _slide_texts(slide)
        assert texts["title"] == b.name
        pics = [sh for sh in slide.shapes if sh.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pics) == 1, f"{b.name}: one map picture"
        pic = pics[0]
        assert abs(pic.width / pic.height - 16 / 9) < 0.002
        img = Image.open(io.BytesIO(pic.image.blob)).convert("RGB")
        assert img.size == (1920, 1080)
        a = np.asarray(img).astype(float)
        assert a.std(axis=(0, 1)).mean() > 10 and len(np.unique(a[::23, ::23].reshape(-1, 3), axis=0)) > 100
        c = caption(catalogue, b.feature, b.figures, b.quote)
        assert c.name_zh in texts["panel"] and c.name_en in texts["panel"]
        assert c.figures, f"{b.name}: the default tour shows figures at every stop"
        for label, value, as_of in c.figures:
            assert label in texts["panel"] and value in texts["panel"]
        notes = slide.notes_slide.notes_text_frame.text
        assert c.quote and f"“{c.quote}”" in texts["footer"] and c.citation in texts["footer"]
        assert c.quote in notes and c.citation in notes
        for cite in c.figure_cites:
            assert cite in notes  # each figure's own source, for the speaker


def test_text_is_editable_and_set_in_microsoft_yahei(tour):
    out = tour[0]
    prs = Presentation(str(out))
    runs = 0
    for slide in prs.slides:
        frames = [sh.text_frame for sh in slide.shapes if sh.has_text_frame]
        frames.append(slide.notes_slide.notes_text_frame)
        for tf in frames:
            for p in tf.paragraphs:
                for r in p.runs:
                    r_pr = r._r.find(qn("a:rPr"))
                    assert r_pr.find(qn("a:ea")).get("typeface") == "Microsoft YaHei", r.text
                    assert r_pr.find(qn("a:latin")).get("typeface") == "Microsoft YaHei"
                    runs += 1
    assert runs > 60


def test_pdf_has_the_same_pages(tour, artifacts):
    pptx, pdf, stops, _, (_, res) = tour
    shutil.copy(pdf, artifacts / "tour.pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+7$", info, re.M) and "960 x 540 pts" in info
    assert res.slides == 7
    prs = Presentation(str(pptx))
    for n, slide in enumerate(prs.slides, start=1):
        page = _flat(subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), "-enc", "UTF-8", str(pdf), "-"],
                                    capture_output=True, text=True, check=True).stdout)
        for name, text in _slide_texts(slide).items():
            for line in text.split("\n"):
                assert _flat(line) in page, f"page {n} lacks its {name} line {line!r}"
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = [l.split() for l in images.splitlines()[2:] if l.split() and l.split()[2] == "image"]
    assert sorted(int(r[0]) for r in rows) == list(range(2, 2 + len(stops)))  # one map on each stop page
    assert all((int(r[3]), int(r[4])) == (1920, 1080) for r in rows)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "NotoSansCJK" in fonts and all(l.split()[-5] == "yes" for l in fonts.splitlines()[2:] if l.strip())
    subprocess.run(["pdftoppm", "-r", "80", "-png", "-f", "3", "-l", "3", str(pdf), str(artifacts / "tour-page")],
                   check=True)


def _cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "qjmap", "export-tour", *map(str, args)],
                          capture_output=True, text=True, timeout=200, cwd=cwd)


def test_cli_refuses_bad_input_with_exit_2(tmp_path):
    r = _cli(tmp_path / "tour.odp")
    assert r.returncode == 2 and ".pptx or .pdf" in r.stderr and "导览" in r.stderr
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    r = _cli(tmp_path / "t.pptx", "--bookmarks", bad)
    assert r.returncode == 2 and "bookmarks" in r.stderr and "书签" in r.stderr
    wrong = load_defaults()[:1]
    wrong[0].feature = "no-such-feature"
    bad.write_text(to_json(wrong), encoding="utf-8")
    r = _cli(tmp_path / "t.pptx", "--bookmarks", bad)
    assert r.returncode == 2 and "no-such-feature" in r.stderr
    assert not list(tmp_path.glob("t.*"))


def test_cli_writes_a_deck_from_a_bookmarks_file(tmp_path):
    f = tmp_path / "two.json"
    f.write_text(to_json(load_defaults()[1:3]), encoding="utf-8")
    out = tmp_path / "两站.pdf"
    r = _cli(out, "--bookmarks", f)
    assert r.returncode == 0, r.stderr
    assert re.findall(r"^progress (\d+)/3 ", r.stdout, re.M) == ["0", "1", "2", "3"]
    assert "wrote" in r.stdout and "2 stops, 4 pages" in r.stdout
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "衢江港区" in text and "产业平台" in text and "来源" in text


def test_window_exports_the_tour_in_a_child_process(qtbot, window, tmp_path):
    from PySide6.QtCore import Qt
    from qjmap.io.bookmark_store import save_bookmarks
    save_bookmarks(load_defaults()[1:3])  # the user's list (isolated settings): two stops
    actions = window.export_actions
    assert actions.act_tour in window.file_menu.actions()
    out = tmp_path / "tour.pptx"
    job = actions.export_tour(str(out))
    assert job.dialog.isVisible() and job.dialog.windowModality() == Qt.WindowModality.NonModal
    assert job.dialog.maximum() == 3
    window.open_feature("port-daluzhang")  # the window keeps working meanwhile
    assert window.current_id == "port-daluzhang"
    with qtbot.waitSignal(job.finished, timeout=200_000) as sig:
        pass
    code, message = sig.args
    assert code == 0 and message.startswith(f"导览已导出到 {out}：2 站，4 页"), message  # in the UI's language
    assert len(Presentation(str(out)).slides) == 4
    assert not job.dialog.isVisible() and actions.tour_export is None
    assert not Path(job._tmp.name).exists()


def test_cancel_leaves_no_file(qtbot, window, tmp_path):
    from PySide6.QtCore import Qt
    out = tmp_path / "cancelled.pdf"
    job = window.export_actions.export_tour(str(out))
    from PySide6.QtCore import QProcess
    qtbot.waitUntil(lambda: job.process.state() == QProcess.ProcessState.Running, timeout=30_000)
    from PySide6.QtWidgets import QPushButton
    with qtbot.waitSignal(job.finished, timeout=60_000) as sig:
        qtbot.mouseClick(job.dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)  # the Cancel button
    assert sig.args[0] == -1
    assert not out.exists() and not list(tmp_path.glob("*.part"))
