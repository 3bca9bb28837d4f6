"""Overlays in PNG, PDF and standalone HTML exports (`qjmap export … --project P.qjmap`).

Real child processes, real files: pixels of the overlay's colour in the PNG (and none without
the project), its name as real text in the PDF, and in the HTML the name and attribute text
escaped (no markup from the data in the file; in Chromium the popup shows it as text).
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from qjmap.io.project import Project, save_project
from qjmap.model.bookmarks import Bookmark
from qjmap.model.overlay import Overlay, OverlayStyle
from test_project import NASTY, features

ROOT = Path(__file__).resolve().parent.parent
MAGENTA = "#ff00aa"
NAME = "道路 <b>roads</b> & <script>x()</script>"
VIEW = ["--center", "29.0,118.95", "--zoom", "10", "--size", "1280x800"]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("ovexport")
    ov = Overlay("ov-export1", NAME, features(), OverlayStyle(MAGENTA, 6, "name"))
    hidden = Overlay("ov-hidden", "隐藏", features(), OverlayStyle("#00ff00", 6), visible=False)
    bm = Bookmark("只看叠加", 29.0, 118.95, 10, [], overlays=["ov-export1"])
    return save_project(Project([ov, hidden], [bm], {"lat": 29.0, "lon": 118.95, "zoom": 10}), tmp / "p.qjmap")


def export(out: Path, *args) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    r = subprocess.run([sys.executable, "-m", "qjmap", "export", str(out), *map(str, args)], capture_output=True,
                       text=True, cwd=ROOT, env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    return r


def colour_share(png: Path, hex_colour: str, tol: int = 40) -> float:
    a = np.asarray(Image.open(png).convert("RGB")).astype(int)
    want = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)])
    return float((np.abs(a - want).max(axis=-1) < tol).mean())


def test_png_draws_the_shown_overlays_only(project, tmp_path, artifacts):
    with_ov, without = tmp_path / "with.png", tmp_path / "without.png"
    export(with_ov, "--project", project, *VIEW)
    export(without, *VIEW)
    (artifacts / "h10b").mkdir(exist_ok=True)
    Image.open(with_ov).save(artifacts / "h10b" / "export-overlay.png")
    assert colour_share(with_ov, MAGENTA) > 0.0005  # its outline (and the label-less points) in its colour
    assert colour_share(without, MAGENTA) < 0.00005
    assert colour_share(with_ov, "#00ff00", tol=20) < 0.00005  # the hidden overlay stays hidden
    # a bookmark of the project decides which overlays are drawn
    bm = tmp_path / "bookmark.png"
    export(bm, "--project", project, "--bookmark", "只看叠加", "--size", "1280x800")
    assert colour_share(bm, MAGENTA) > 0.0005


def test_pdf_names_the_overlay_in_its_legend_as_text(project, tmp_path):
    pdf = tmp_path / "map.pdf"
    export(pdf, "--project", project, *VIEW)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "道路 <b>roads</b>" in text and "叠加图层 overlay" in text  # drawn as text, not interpreted


def test_html_carries_the_overlay_with_its_text_escaped(project, tmp_path):
    html = tmp_path / "map.html"
    export(html, "--project", project, *VIEW)
    doc = html.read_text(encoding="utf-8")
    assert "道路 &lt;b&gt;roads&lt;/b&gt; &amp; &lt;script&gt;x()&lt;/script&gt;" in doc  # the legend
    assert "<b>roads</b>" not in doc and "<script>x()" not in doc and "<img src=x" not in doc
    assert '\\u003cimg src=x onerror=\\"alert(1)\\"\\u003e' in doc  # the attribute, inside the data
    assert "ov-hidden" not in doc  # only what is shown is exported


CHROMIUM = "/usr/bin/chromium"


@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian chromium not installed")
def test_html_popup_shows_hostile_attributes_as_text_in_chromium(project, tmp_path):
    from test_export import _chromium
    html = tmp_path / "map.html"
    export(html, "--project", project, *VIEW)
    dom = _chromium(html.as_uri() + "#overlay=ov-export1:0", tmp_path / "c", "--dump-dom").stdout
    popup = re.search(r'class="leaflet-popup-content[^>]*>(.*?)class="leaflet-popup-tip', dom, re.S)
    assert popup, "the #overlay= popup did not open"
    body = popup.group(1)
    assert 'class="qj-ov-attrs"' in body and "<img" not in body
    assert "&lt;img src=x onerror=\"alert(1)\"&gt;港区&amp;amp;" in body  # NASTY, as text
    assert NASTY.startswith("<img")
