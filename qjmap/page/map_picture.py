"""What the page needs to name, group and outline features (resources/web/groups.js, labels.js).

Labels use the short names where the catalogue has them; priority uses the number of figures;
a district- or city-level feature carries the administrative polygon it is only known to be
in (`region`, e.g. "counties:330803"), which the page outlines when the feature is selected,
instead of drawing a 12 km circle. No Qt.
"""
from __future__ import annotations

MAP_PICTURE_JS = ("groups.js", "label_places.js", "labels.js")


def map_picture_props(f) -> dict:
    """Extra page properties of one catalogue feature (only the ones that are set)."""
    ref = (f.geometry_ref or "").partition("@")[0]
    out = {"nfig": len(f.figures)}
    if ref.split(":")[0] in ("counties", "cities", "provinces"):
        out["region"] = ref
    for key in ("short_zh", "short_en", "reach"):
        value = getattr(f, key, "")
        if value:
            out[key] = value
    return out
