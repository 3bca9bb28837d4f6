"""Exports (PNG, PDF, standalone HTML), the command line, the clipboard, the dialog and the tour.

Renders with the real QtWebEngine offscreen; the HTML export is opened by Debian's
headless Chromium with the network off. Every check is on the produced file.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from qjmap.model.bookmarks import load_defaults
from qjmap.export.options import ExportOptions, parse_size

pytestmark = pytest.mark.timeout(120)
ROOT = Path(__file__).resolve().parent.parent
from conftest import WAIT  # noqa: E402
TITLE = "衢江枢纽港测试图 Export test"
CHROMIUM = "/usr/bin/chromium"


def _rgb(hex_colour: str) -> np.ndarray:
    return np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)])


def _has_colour(pixels: np.ndarray, hex_colour: str, tol: int = 40, min_count: int = 20) -> bool:
    d = np.abs(pixels[..., :3].astype(int) - _rgb(hex_colour)).max(axis=-1)
    return int((d <= tol).sum()) >= min_count


def _crop(img: np.ndarray, rect) -> np.ndarray:
    x, y, w, h = (int(round(v)) for v in rect)
    return img[y:y + h, x:x + w]


# --- PNG ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def png(qapp, catalogue, tmp_path_factory):
    from qjmap.export.run import run_export
    out = tmp_path_factory.mktemp("png") / "map.png"
    state = load_defaults()[0]
    res = run_export(catalogue, ExportOptions(out, parse_size("1920x1080"), TITLE), state)
    return out, res, state


def test_png_has_the_exact_size_and_dpi(png):
    out, _, _ = png
    im = Image.open(out)
    assert im.size == (1920, 1080)
    assert round(im.info["dpi"][0]) == 96


def test_png_map_area_is_not_blank(png, artifacts):
    out, res, _ = png
    shutil.copy(out, artifacts / "export-1920.png")
    a = np.asarray(Image.open(out).convert("RGB")).astype(float)
    mask = np.ones(a.shape[:2], bool)
    for x, y, w, h in res.layout.values():  # the map only, not the furniture boxes
        mask[int(y):int(y + h), int(x):int(x + w)] = False
    body = a[mask]
    assert body.std(axis=0).mean() > 10, "map area is (nearly) uniform"
    assert len(np.unique(body[::37].astype(int), axis=0)) > 100
    assert not _has_colour(a[:8, :8], "#ff00ff", tol=10, min_count=1)  # the capture mark is gone


def test_png_shows_every_visible_layer(png, catalogue):
    out, res, state = png
    a = np.asarray(Image.open(out).convert("RGB")).copy()
    x, y, w, h = (int(v) for v in res.layout["legend"])
    a[y:y + h, x:x + w] = 255  # not the legend swatches
    for lid in state.layers:
        assert _has_colour(a, catalogue.layer(lid).color, tol=30, min_count=100), lid


def test_big_in_process_renders_need_the_tile_memory_flag(qapp, catalogue, monkeypatch):
    from qjmap.export.render import MapRenderer
    from qjmap.web.capture import CaptureError
    monkeypatch.setenv("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu")
    with pytest.raises(CaptureError, match="tile memory"):
        MapRenderer(catalogue, parse_size("A3"))


def test_png_furniture_is_present(png, catalogue):
    out, res, state = png
    a = np.asarray(Image.open(out).convert("RGB"))
    for name in ("title", "legend", "scale", "north", "footer"):
        x, y, w, h = res.layout[name]
        assert w > 20 and h > 20 and 0 <= x and x + w <= 1920 and 0 <= y and y + h <= 1080, name
    legend = _crop(a, res.layout["legend"])
    shown = [l for l in catalogue.layers if l.id in state.layers]
    hidden = [l for l in catalogue.layers if l.id not in state.layers]
    assert shown and hidden
    for layer in shown:
        assert _has_colour(legend, layer.color), f"legend lacks {layer.id}"
    for layer in hidden:  # visible layers only
        assert not _has_colour(legend, layer.color, tol=25), f"legend shows hidden {layer.id}"
    assert (legend.min(axis=-1) < 80).sum() > 200  # dark text pixels
    assert np.median(legend.reshape(-1, 3), axis=0).min() > 200  # on a light box
    assert 0 < res.metres_per_px < 5000
    scale = _crop(a, res.layout["scale"])
    assert (scale.min(axis=-1) < 80).sum() > 50  # the bar and its label


# --- PDF ---------------------------------------------------------------------------------
def _cli_env(tmp: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["XDG_CONFIG_HOME"] = str(tmp / "config")  # the default tour, not this machine's bookmarks
    return env


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    """A4 at 300 dpi through the command line: the path the dialog uses too (see export_render)."""
    tmp = tmp_path_factory.mktemp("pdf")
    out = tmp / "map.pdf"
    r = subprocess.run([sys.executable, "-m", "qjmap", "export", str(out), "--size", "A4", "--bookmark", "2",
                        "--title", TITLE], capture_output=True, text=True, cwd=ROOT, env=_cli_env(tmp), timeout=100)
    assert r.returncode == 0, r.stderr[-2000:]
    return out


def _run(*cmd) -> str:
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def test_pdf_page_is_a4_landscape_without_upscaling(pdf):
    info = _run("pdfinfo", str(pdf))
    assert re.search(r"Page size:\s+842 x 595 pts \(A4\)", info), info
    assert re.search(r"Pages:\s+1\n", info)
    images = _run("pdfimages", "-list", str(pdf)).splitlines()[2:]
    w, h = (int(v) for v in images[0].split()[3:5])
    assert (w, h) == (3508, 2480)  # 300 dpi, rendered at that size


def test_pdf_map_is_completely_drawn(pdf, catalogue, tmp_path):
    """Every visible layer is on the page and no part is left as empty background (tile memory)."""
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(tmp_path / "page")], check=True)
    a = np.asarray(Image.open(next(tmp_path.glob("page*.png"))).convert("RGB")).astype(int)
    empty = (np.abs(a - _rgb("#e8eef2")).max(axis=-1) < 6).mean()
    assert empty < 0.1, f"{empty:.0%} of the page is bare background"
    for lid in load_defaults()[1].layers:
        assert _has_colour(a, catalogue.layer(lid).color, tol=30), lid


def test_pdf_text_is_real_and_extractable(pdf, catalogue, artifacts):
    shutil.copy(pdf, artifacts / "export-a4.pdf")
    text = _run("pdftotext", str(pdf), "-")
    assert TITLE in text and "衢江" in text
    for words in ("示意图", "图例 Legend", "数据截至", catalogue.layer("ports").name_zh):
        assert words in text, words  # 示 and 至 used to come out as Kangxi radicals
    assert not re.search("[\u2e80-\u2fdf]", text)
    assert re.search(r"Data as of \d{4}", text)


def test_pdf_fonts_are_embedded_cjk(pdf):
    rows = _run("pdffonts", str(pdf)).splitlines()[2:]
    assert rows
    assert any("CJK" in r for r in rows)
    for r in rows:
        assert r.split()[-5] == "yes", r  # the 'emb' column


# --- standalone HTML ---------------------------------------------------------------------
class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs = []

    def handle_starttag(self, tag, attrs):
        self.refs += [(tag, k, v) for k, v in attrs if k in ("src", "href") and v]


@pytest.fixture(scope="module")
def html(catalogue, tmp_path_factory):
    from qjmap.export.run import run_export
    out = tmp_path_factory.mktemp("html") / "map.html"
    state = load_defaults()[1]
    run_export(catalogue, ExportOptions(out, title=TITLE), state)
    return out, state


def test_html_has_no_remote_url_and_no_bridge(html):
    from qjmap.export.standalone_html import remote_urls
    text = html[0].read_text("utf-8")
    p = _Refs()
    p.feed(text)
    assert p.refs == [] or all(not re.match(r"(https?:)?//", v) for _, _, v in p.refs), p.refs
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=", text)  # everything inline
    assert not re.search(r"https?://[^\"']*\{z\}", text)  # no tile URL template
    assert set(re.findall(r"https?://[^\s\"'<>)]*", text)) <= {"http://www.w3.org/2000/svg"}
    assert remote_urls(text) == []
    for app_only in ("qrc:", "QWebChannel", "webChannelTransport", "qwebchannel", "bridge.featureClicked"):
        assert app_only not in text


def test_html_popups_carry_figures_and_quotes(html, catalogue):
    text = html[0].read_text("utf-8")
    data = json.loads(re.search(r"window\.QJ_DATA=(\{.*?\});\n", text).group(1).replace("<\\/", "</"))
    popups = {f["id"]: f["properties"]["popup"] for f in data["features"]}
    f = catalogue.feature("port-daluzhang")
    assert f.name_zh in popups[f.id] and all(fig.text in popups[f.id] for fig in f.figures)
    assert f.sources[0].quote in popups[f.id]


def _chromium(url: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp_path}",
           "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
           "--virtual-time-budget=8000", *args, url]
    if subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0:
        cmd = ["unshare", "-n"] + cmd  # no network namespace: nothing can leave the machine
    return subprocess.run(cmd, capture_output=True, text=True, timeout=90)


@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian chromium not installed")
def test_html_shows_the_features_in_chromium_offline(html, catalogue, tmp_path, artifacts):
    out, state = html
    r = _chromium(out.as_uri() + "#feature=port-daluzhang", tmp_path / "p1", "--dump-dom")
    dom = r.stdout
    drawn = set(re.findall(r'data-fid="([^"]+)"', dom))
    want = {f.id for f in catalogue.features if f.layer in state.layers}
    assert want <= drawn, sorted(want - drawn)[:5]
    assert not {f.id for f in catalogue.features if f.layer not in state.layers} & drawn
    popup = re.search(r'class="leaflet-popup-content[^>]*>(.*?)class="leaflet-popup-tip', dom, re.S)
    assert popup, "the #feature= popup did not open"
    f = catalogue.feature("port-daluzhang")
    assert f.name_zh in popup.group(1) and f.figures[0].text in popup.group(1)
    assert "<mark>" in popup.group(1)  # the quoted words in the source paragraph
    shot = tmp_path / "chrome.png"
    _chromium(out.as_uri(), tmp_path / "p2", "--window-size=1400,900", f"--screenshot={shot}")
    shutil.copy(shot, artifacts / "export-html-chromium.png")
    a = np.asarray(Image.open(shot).convert("RGB"))
    assert a.std(axis=(0, 1)).mean() > 10
    assert _has_colour(a, catalogue.layer("ports").color)
    assert _has_colour(a, catalogue.layer("corridors").color)


@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian chromium not installed")
def test_html_popup_draws_the_series_charts_in_chromium(html, catalogue, tmp_path):
    """The popup of a feature with a series over two dates holds its charts as inline SVG,
    each point with its <title> (the browser's hover text: value, paragraph, quote, article)."""
    from html import unescape

    from qjmap.page.chart_svg import chart_layouts
    out, state = html
    f = next(f for f in catalogue.features if f.layer in state.layers and chart_layouts(catalogue, f))
    lays = chart_layouts(catalogue, f)
    dom = _chromium(out.as_uri() + f"#feature={f.id}", tmp_path / "p", "--dump-dom").stdout
    popup = re.search(r'class="leaflet-popup-content[^>]*>(.*?)class="leaflet-popup-tip', dom, re.S)
    assert popup, "the #feature= popup did not open"
    svgs = re.findall(r'<svg[^>]*class="qj-chart".*?</svg>', popup.group(1), re.S)
    assert len(svgs) == len(lays)
    for svg, lay in zip(svgs, lays):
        titles = [unescape(t) for t in re.findall(r"<title>(.*?)</title>", svg, re.S)]
        assert [p.title for p in lay.points] == [t for t in titles if t in {p.title for p in lay.points}]
        assert svg.count('class="qj-pt') == len(lay.points)


# --- command line ------------------------------------------------------------------------
@pytest.mark.parametrize("args, message", [
    ([], "required: out"),
    (["x.txt"], "must end in .png, .pdf or .html"),
    (["x.png", "--size", "huge"], "--size must be WxH"),
    (["x.png", "--size", "20x20"], "each side must be"),
    (["x.png", "--dpi", "9999"], "--dpi must be between"),
    (["x.png", "--layers", "ports", "rivers-of-gold"], "unknown layer(s) rivers-of-gold"),
    (["x.png", "--bookmark", "atlantis"], "bookmark 'atlantis' matches none"),
    (["x.png", "--select", "no-such-feature"], "no feature 'no-such-feature'"),
    (["x.png", "--center", "north"], "--center must be LAT,LON"),
    (["/no/such/folder/x.png"], "folder does not exist"),
])
def test_cli_bad_arguments_exit_2_with_a_message(args, message, capsys, tmp_path, monkeypatch):
    from qjmap.export.cli import main
    monkeypatch.chdir(tmp_path)
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err and "qjmap export: error:" in err
    assert list(tmp_path.iterdir()) == []


def test_cli_process_exit_code_is_2(tmp_path):
    r = subprocess.run([sys.executable, "-m", "qjmap", "export", str(tmp_path / "x.png"), "--size", "A5"],
                       capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert r.returncode == 2 and "--size must be WxH" in r.stderr
    assert list(tmp_path.iterdir()) == []


def test_cli_exports_a_png_headless(tmp_path, catalogue):
    out = tmp_path / "cli.png"
    env = _cli_env(tmp_path)
    r = subprocess.run([sys.executable, "-m", "qjmap", "export", str(out), "--size", "800x600",
                        "--bookmark", "2", "--layers", "ports,corridors", "--title", "CLI 衢江"],
                       capture_output=True, text=True, cwd=ROOT, env=env, timeout=100)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "wrote" in r.stdout
    assert Image.open(out).size == (800, 600)
    assert [p.name for p in tmp_path.iterdir() if p.name != "config"] == ["cli.png"]  # no temporary file left


def test_a_failed_write_leaves_no_file(tmp_path, monkeypatch):
    from qjmap.io import atomic
    target = tmp_path / "out.pdf"

    def boom(src, dst):
        raise OSError("disk full")
    monkeypatch.setattr(atomic.os, "replace", boom)
    with pytest.raises(OSError):
        atomic.write_atomic(target, b"%PDF-1.4 half")
    assert list(tmp_path.iterdir()) == []


def test_pdf_text_repair_keeps_every_offset():
    from qjmap.export.pdf_text import fix_to_unicode
    glyph = {"示": 7, "⽰": 7, "至": 9, "⾄": 9, "a": 3}.get
    pdf = (b"1 0 obj\nbegincmap\n2 beginbfrange\n<0000> <0000> <0000>\n<0001> <0003> [<2F70> <0061> <2F84> ]\n"
           b"endbfrange\n1 beginbfchar\n<0004> <2F70>\nendbfchar\nendcmap\nendobj\n")
    fixed = fix_to_unicode(pdf, "示a至", lambda ch: glyph(ch, 0))
    assert len(fixed) == len(pdf)
    assert b"[<793A> <0061> <81F3> ]" in fixed and b"<0004> <793A>" in fixed and b"<0000> <0000> <0000>" in fixed


# --- the window: clipboard, dialog, presentation ------------------------------------------


def test_copy_puts_the_map_with_furniture_on_the_clipboard(qtbot, window):
    from PySide6.QtGui import QGuiApplication
    from qjmap.gui.export_actions import copy_view_image
    from qjmap.web.capture import is_drawn
    copy_view_image(window)
    img = QGuiApplication.clipboard().image()
    assert not img.isNull() and (img.width(), img.height()) == (window.map.width(), window.map.height())
    assert is_drawn(img)
    assert "导出地图" in " ".join(a.text() for a in window.file_menu.actions())


def test_export_dialog_runs_the_command_line(qtbot, window, tmp_path):
    dlg = window.export_actions.export_dialog()
    dlg.size.setCurrentIndex(4)  # custom
    dlg.width.setValue(1000)
    dlg.dpi.setValue(150)
    dlg.path.setText(str(tmp_path / "from-dialog.png"))
    argv = dlg.command()
    i = argv.index("export")
    assert argv[i + 1].endswith("from-dialog.png")
    assert argv[argv.index("--size") + 1] == "1000x1600" and argv[argv.index("--dpi") + 1] == "150"
    assert argv[argv.index("--layers") + 1] == ",".join(l.id for l in window.cat.layers)
    dlg.fmt.setCurrentIndex(2)  # HTML: the quickest real run through the child process
    assert dlg.path.text().endswith("from-dialog.html")
    with qtbot.waitSignal(dlg.finished_export, timeout=60_000) as sig:
        dlg.start()
    assert sig.args[0] == 0, sig.args[1]
    assert "window.QJ_DATA" in (tmp_path / "from-dialog.html").read_text("utf-8")


def test_presentation_steps_through_bookmarks_with_captions(qtbot, window, catalogue):
    from PySide6.QtCore import Qt
    from qjmap.web.capture import evaluate
    p = window.export_actions.present()
    tour = p.bookmarks
    assert window.isFullScreen() and p.card.isVisible() and not window.left_dock.isVisible()

    def at(i):
        b, f = tour[i], catalogue.feature(tour[i].feature)
        text = p.card.label.text()
        assert p.index == i and f.name_zh in text and f"{i + 1} / {len(tour)}" in text
        assert window.current_id == f.id
        quote = b.quote or f.sources[0].quote
        assert quote.replace("“", "&ldquo;")[:12] in text or quote[:12] in text
        assert any(fig.text in text for fig in f.figures)
        qtbot.waitUntil(lambda: abs(evaluate(window.map, "QJ.view()")["zoom"] - b.zoom) < 0.01, timeout=WAIT)
        assert set(window.layer_panel.visible_layers()) & {l.id for l in catalogue.layers} == set(b.layers)

    at(0)
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    at(1)
    qtbot.keyClick(window.map.focusProxy() or window.map, Qt.Key.Key_Right)  # arrows reach us, not Leaflet
    at(2)
    qtbot.keyClick(window, Qt.Key.Key_End)  # the window's Home/End shortcuts are overridden
    at(len(tour) - 1)
    qtbot.keyClick(window, Qt.Key.Key_PageDown)  # stays on the last stop
    at(len(tour) - 1)
    qtbot.keyClick(window, Qt.Key.Key_PageUp)
    at(len(tour) - 2)
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not p.active and not window.isFullScreen() and not p.card.isVisible()
    qtbot.waitUntil(window.left_dock.isVisible, timeout=5000)
