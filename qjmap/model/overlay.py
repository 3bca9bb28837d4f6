"""A user's file on the map as plain data: its features, its style, and how it is shown.

One definition shared by the window, the project file (qjmap.io.project), the page data
(qjmap.page.overlay_data) and the exports, so an overlay looks the same everywhere. The
features are a WGS84 GeoJSON FeatureCollection whose attribute text is untrusted and kept
verbatim: whoever shows it escapes it. No Qt.
"""
from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field

PALETTE = ("#00838f", "#ad1457", "#5d4037", "#455a64", "#2e7d32", "#6a1b9a")
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_KIND = {"Point": "point", "MultiPoint": "point", "LineString": "line", "MultiLineString": "line",
         "Polygon": "area", "MultiPolygon": "area"}


class OverlayError(ValueError):
    """A style or overlay record that cannot be used."""


@dataclass
class OverlayStyle:
    color: str = PALETTE[0]
    size: float = 5.0  # point radius in px; lines are size/2 px wide
    label: str | None = None  # the attribute drawn as a label on the map, or None

    def check(self, fields: list[str]) -> None:
        if not _COLOUR.fullmatch(self.color):
            raise OverlayError(f"colour must be #rrggbb, not {self.color!r}")
        if not 1 <= self.size <= 30:
            raise OverlayError(f"size must be 1–30 px, not {self.size:g}")
        if self.label is not None and self.label not in fields:
            raise OverlayError(f"no attribute {self.label!r} to label with")


@dataclass
class Overlay:
    id: str
    name: str
    features: dict  # GeoJSON FeatureCollection, EPSG:4326
    style: OverlayStyle = field(default_factory=OverlayStyle)
    visible: bool = True
    opacity: float = 1.0
    source_path: str = ""
    crs_in: str = ""
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def n_features(self) -> int:
        return len(self.features.get("features", []))

    def fields(self) -> list[str]:
        """Attribute names, in first-seen order."""
        seen: dict[str, None] = {}
        for f in self.features.get("features", []):
            for k in (f.get("properties") or {}):
                seen.setdefault(str(k), None)
        return list(seen)

    def kind(self) -> str:
        """point, line or area: how most of its features are drawn (for legend swatches)."""
        counts: dict[str, int] = {}
        for f in self.features.get("features", [])[:2000]:
            k = _KIND.get((f.get("geometry") or {}).get("type"), "point")
            counts[k] = counts.get(k, 0) + 1
        return max(counts, key=counts.get) if counts else "point"


def new_overlay_id() -> str:
    """Unique across projects, so a bookmark saved with one project never names another's overlay."""
    return "ov-" + uuid.uuid4().hex[:10]
