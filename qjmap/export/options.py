"""What to export and at what size, parsed from the command line or the dialog (no Qt).

Render scale: the page is laid out at (pixels / scale) CSS px and drawn with `scale`
device pixels per CSS px (QtWebEngine's zoom factor), so a 3840×2160 image or a 300-dpi
A4 page is drawn at full resolution, not up-scaled, and labels keep a readable size:
pixel sizes default to the scale of a 1920×1080 screen (3840×2160 → 2×), paper sizes
to their physical size (1 CSS px = 1/96 inch, so 300 dpi → 3.125×).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

FORMATS = ("png", "pdf", "html")
PAPER_MM = {"A4": (297.0, 210.0), "A3": (420.0, 297.0)}  # landscape; "-portrait" swaps
PRESETS = ("1920x1080", "3840x2160", "A4", "A3")
SCREEN_CSS = (1920, 1080)
CSS_DPI = 96.0
MIN_SCALE, MAX_SCALE = 0.25, 5.0  # QWebEngineView.setZoomFactor limits
MIN_SIDE, MAX_SIDE = 64, 10000
DEFAULT_TITLE = "衢州四省边际多式联运枢纽港"
DEFAULT_SUBTITLE = "浙江省衢州市衢江区 · Qujiang, Quzhou, Zhejiang"

_PIXELS = re.compile(r"^\s*(\d{2,5})\s*[x×*]\s*(\d{2,5})\s*$", re.IGNORECASE)


class OptionError(ValueError):
    """A size, dpi, format or output path that cannot be exported."""


@dataclass(frozen=True)
class PageSize:
    width: int   # device pixels of the output image / PDF page
    height: int
    dpi: float
    paper: str = ""  # "A4", "A3-portrait" or "" for a pixel size

    @property
    def scale(self) -> float:
        """Device pixels per CSS pixel."""
        return self.dpi / CSS_DPI

    @property
    def css_size(self) -> tuple[int, int]:
        return round(self.width / self.scale), round(self.height / self.scale)

    def label(self) -> str:
        base = f"{self.width}×{self.height}"
        return f"{self.paper} {self.dpi:g} dpi ({base})" if self.paper else base


def parse_size(text: str = "1920x1080", dpi: float | None = None) -> PageSize:
    """'1920x1080', '3840×2160', 'A4', 'A3', 'A4-portrait'; `dpi` overrides the default."""
    t = (text or "1920x1080").strip()
    if dpi is not None and not (CSS_DPI * MIN_SCALE <= dpi <= CSS_DPI * MAX_SCALE):
        raise OptionError(f"--dpi must be between {CSS_DPI * MIN_SCALE:g} and {CSS_DPI * MAX_SCALE:g}, not {dpi:g}")
    paper, _, orient = t.upper().partition("-")
    if paper in PAPER_MM and orient in ("", "PORTRAIT", "LANDSCAPE"):
        w_mm, h_mm = PAPER_MM[paper]
        if orient == "PORTRAIT":
            w_mm, h_mm = h_mm, w_mm
        d = dpi or 300.0
        size = PageSize(round(w_mm / 25.4 * d), round(h_mm / 25.4 * d), d,
                        paper + ("-portrait" if orient == "PORTRAIT" else ""))
    else:
        m = _PIXELS.match(t)
        if not m:
            raise OptionError(f"--size must be WxH (e.g. 1920x1080), A4, A3 or A4-portrait, not {text!r}")
        w, h = int(m[1]), int(m[2])
        d = dpi or CSS_DPI * max(1.0, min(w / SCREEN_CSS[0], h / SCREEN_CSS[1]))
        size = PageSize(w, h, d)
    for side in (size.width, size.height):
        if not MIN_SIDE <= side <= MAX_SIDE:
            raise OptionError(f"each side must be {MIN_SIDE}–{MAX_SIDE} pixels; {size.label()} is not")
    return size


@dataclass
class ExportOptions:
    out: Path
    size: PageSize = field(default_factory=parse_size)
    title: str = DEFAULT_TITLE
    subtitle: str = DEFAULT_SUBTITLE
    schematic: bool = True  # print the 示意图 note
    lang: str = "zh"  # names on the map: zh or en (the UI language)

    @property
    def fmt(self) -> str:
        return self.out.suffix.lower().lstrip(".")

    def check(self) -> None:
        if self.fmt not in FORMATS:
            raise OptionError(f"output must end in .png, .pdf or .html, not {self.out.name!r}")
        parent = self.out.resolve().parent
        if not parent.is_dir():
            raise OptionError(f"folder does not exist: {parent}")
        if self.out.is_dir():
            raise OptionError(f"output is a folder: {self.out}")
