"""Saved map views (centre, zoom, visible layers, selected feature) and the default tour.

Plain data so the CLI, the export dialog and the presentation share one definition;
the GUI keeps the user's list in QSettings as the JSON written here. The default set
(resources/bookmarks.json) tells the hub story; `problems` checks every feature id,
figure label and quote it names against the catalogue. No Qt.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from qjmap.model.catalogue import LAYER_ORDER, Catalogue, feature_quotes
from qjmap.paths import resource_path


class BookmarkError(ValueError):
    """A bookmark list that cannot be read, or a name that matches no bookmark."""


@dataclass
class Bookmark:
    name: str
    lat: float
    lon: float
    zoom: float
    layers: list[str] = field(default_factory=list)  # thematic layers shown; basemap stays on
    feature: str | None = None  # selected feature, whose caption the presentation shows
    figures: list[str] = field(default_factory=list)  # label_zh of the key figures (else the first few)
    quote: str = ""  # which of the feature's quotes to show (else its first)
    overlays: list[str] | None = None  # ids of the overlays shown; None: saved before overlays, leave them

    @classmethod
    def from_dict(cls, d: dict) -> Bookmark:
        try:
            return cls(name=str(d["name"]), lat=float(d["lat"]), lon=float(d["lon"]), zoom=float(d["zoom"]),
                       layers=[str(x) for x in d.get("layers", [])], feature=d.get("feature") or None,
                       figures=[str(x) for x in d.get("figures", [])], quote=str(d.get("quote", "")),
                       overlays=None if d.get("overlays") is None else [str(x) for x in d["overlays"]])
        except (KeyError, TypeError, ValueError) as exc:
            raise BookmarkError(f"bad bookmark {d!r}: {exc}") from None


def from_json(text: str) -> list[Bookmark]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BookmarkError(f"bookmarks are not JSON: {exc}") from None
    items = data.get("bookmarks") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise BookmarkError("bookmarks must be a list")
    return [Bookmark.from_dict(d) for d in items]


def to_json(bookmarks: list[Bookmark]) -> str:
    return json.dumps({"bookmarks": [asdict(b) for b in bookmarks]}, ensure_ascii=False, indent=1)


def load_defaults() -> list[Bookmark]:
    return from_json(resource_path("resources", "bookmarks.json").read_text(encoding="utf-8"))


def rename(bookmarks: list[Bookmark], index: int, name: str) -> None:
    name = name.strip()
    if not name:
        raise BookmarkError("a bookmark needs a name")
    bookmarks[index].name = name


def move(bookmarks: list[Bookmark], src: int, dst: int) -> None:
    """Move one bookmark to position `dst` (tour order)."""
    bookmarks.insert(dst, bookmarks.pop(src))


def find(bookmarks: list[Bookmark], key: str) -> Bookmark:
    """By exact name, by 1-based number, or by a case-insensitive part of one name."""
    for b in bookmarks:
        if b.name == key:
            return b
    if key.isdigit() and 1 <= int(key) <= len(bookmarks):
        return bookmarks[int(key) - 1]
    hits = [b for b in bookmarks if key.casefold() in b.name.casefold()]
    if len(hits) == 1:
        return hits[0]
    names = "; ".join(f"{i}: {b.name}" for i, b in enumerate(bookmarks, start=1))
    why = "matches several" if hits else "matches none"
    raise BookmarkError(f"bookmark {key!r} {why} of: {names}")


def problems(bookmarks: list[Bookmark], cat: Catalogue) -> list[str]:
    """What in the bookmarks does not exist in the catalogue (empty list: all good)."""
    out = []
    for b in bookmarks:
        out += [f"{b.name}: unknown layer {lid!r}" for lid in b.layers if lid not in LAYER_ORDER]
        if not b.feature:
            continue
        try:
            f = cat.feature(b.feature)
        except KeyError:
            out.append(f"{b.name}: no feature {b.feature!r}")
            continue
        labels = {g.label_zh for g in f.figures}
        out += [f"{b.name}: {b.feature} has no figure {lab!r}" for lab in b.figures if lab not in labels]
        if b.quote and b.quote not in feature_quotes(f):
            out.append(f"{b.name}: {b.quote!r} is not a quote of {b.feature}")
        if f.layer not in b.layers:
            out.append(f"{b.name}: layer {f.layer!r} of {b.feature} is hidden")
    return out
