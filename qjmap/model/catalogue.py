"""The feature catalogue: layers/*.json read into plain objects, the app's one model.

Files on disk -> Catalogue -> everything else (page, panels, exports, CLI). Geometry
is stored in WGS84, either inline or as a reference into the prebuilt geodata files
("cities:330800", "rivers:衢江"), resolved here once at load. No Qt, no folium,
no geopandas: this module must stay cheap to import.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

from qjmap.paths import resource_path
from qjmap.model.sources import Source, load_sources

LAYER_ORDER = ("neighbours", "corridors", "communities", "industry", "ports")
STATUSES = ("planned", "under construction", "in operation", "completed")
STATUS_ZH = {"planned": "规划", "under construction": "在建", "in operation": "运营", "completed": "建成"}
KINDS = ("actual", "cumulative", "annual", "target", "plan")
PRECISIONS = ("site", "town", "district", "schematic", "boundary")
PRECISION_ZH = {"site": "精确位置", "town": "乡镇级", "district": "区县级", "schematic": "示意", "boundary": "行政边界"}
# Radius of the uncertainty circle drawn around approximate points (metres).
PRECISION_RADIUS_M = {"site": 0, "town": 3000, "district": 12000}


class CatalogueError(ValueError):
    """A layer file or geometry reference cannot be read."""


@dataclass(frozen=True)
class SourceRef:
    doc: str
    paragraph: int
    quote: str


@dataclass(frozen=True)
class Figure:
    label_zh: str
    label_en: str
    value: float
    unit: str
    qualifier: str
    text: str  # the quantity as printed, e.g. "600多万吨"
    as_of: str
    kind: str
    doc: str
    paragraph: int
    quote: str
    series: str = ""  # the same quantity of the same thing across articles (qjmap.model.series)
    as_of_source: str = ""  # printed | article_year | relative | target ("" when there is no as_of), qjmap.model.dates


@dataclass(frozen=True)
class StatusEntry:
    """What one article says about a feature's stage, as of that article (qjmap.model.status_rules)."""
    status: str
    doc: str
    paragraph: int
    quote: str
    as_of: str


@dataclass
class Feature:
    id: str
    layer: str
    name_zh: str
    name_en: str
    geometry_: dict  # inline geometry; for a geometry_ref, resolved on first use (see `geometry`)
    precision: str
    geometry_source: str
    aliases: list[str] = field(default_factory=list)
    status_history: list[StatusEntry] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    sources: list[SourceRef] = field(default_factory=list)
    note: str = ""
    geometry_ref: str = ""
    short_zh: str = ""  # map-label form of a long name ("" when the name is short)
    short_en: str = ""
    reach: str = ""  # corridors: "regional" (long-distance) or "local"
    waypoints: list[dict] = field(default_factory=list)  # corridors: the vertices, named and sourced
    # Derived from status_history (never stored): the latest entry's status and citation.
    status: str | None = field(init=False, default=None)
    status_source: SourceRef | None = field(init=False, default=None)

    def __post_init__(self):
        self.status_history = sorted(self.status_history, key=lambda e: e.as_of)
        if self.status_history:
            last = self.status_history[-1]
            self.status, self.status_source = last.status, SourceRef(last.doc, last.paragraph, last.quote)

    @property
    def geometry(self) -> dict:
        """The WGS84 geometry. A reference into the prebuilt geodata ('counties:330803@point')
        is resolved here, on first use, so start-up parses no basemap file: the page resolves
        the same references from the basemap it already holds."""
        if not self.geometry_ and self.geometry_ref:
            try:
                self.geometry_ = resolve_ref(self.geometry_ref)
            except CatalogueError:
                pass  # reported by validate as a missing geometry
        return self.geometry_

    @property
    def geometry_type(self) -> str:
        """The geometry's GeoJSON type, without resolving a reference (legends, panels and
        exports need only this): '@point' refs are points, rivers lines, the rest areas."""
        if self.geometry_ or not self.geometry_ref:
            return (self.geometry_ or {}).get("type", "")
        if self.geometry_ref.endswith("@point"):
            return "Point"
        return "MultiLineString" if self.geometry_ref.startswith("rivers:") else "MultiPolygon"

    @geometry.setter
    def geometry(self, value: dict) -> None:
        self.geometry_ = value

    def properties(self) -> dict:
        """GeoJSON properties: every field but the geometry, plain JSON types."""
        d = asdict(self)
        d.pop("geometry_")
        return d


@dataclass(frozen=True)
class Layer:
    id: str
    name_zh: str
    name_en: str
    color: str
    description: str = ""


@dataclass
class Catalogue:
    layers: list[Layer]
    features: list[Feature]
    sources: dict[str, Source]

    def __post_init__(self):
        self._by_id = {f.id: f for f in self.features}

    def feature(self, fid: str) -> Feature:
        return self._by_id[fid]

    def layer(self, lid: str) -> Layer:
        return next(l for l in self.layers if l.id == lid)

    def in_layer(self, lid: str) -> list[Feature]:
        return [f for f in self.features if f.layer == lid]

    def to_geojson(self) -> dict:
        return {"type": "FeatureCollection", "features": [
            {"type": "Feature", "id": f.id, "geometry": f.geometry, "properties": f.properties()}
            for f in self.features]}


@lru_cache(maxsize=None)
def _geodata(name: str) -> dict:
    path = resource_path("geodata", f"{name}.geojson")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CatalogueError(f"geodata file missing: {path}") from None


def _label_point(feature: dict) -> dict:
    """A point inside a polygon (prebuilt `label_point`, else shapely's representative point)."""
    pt = feature["properties"].get("label_point")
    if not pt:
        from shapely.geometry import shape
        p = shape(feature["geometry"]).representative_point()
        pt = [round(p.x, 5), round(p.y, 5)]
    return {"type": "Point", "coordinates": list(pt)}


def resolve_ref(ref: str) -> dict:
    """Resolve a geometry reference into the prebuilt geodata.

    'cities:330800' -> that polygon; 'counties:330803@point' -> a point inside it (for
    district-level placements); 'rivers:衢江' -> all segments named 衢江 as one MultiLineString.
    """
    ref, _, want = ref.partition("@")
    name, _, key = ref.partition(":")
    feats = _geodata(name)["features"]
    if name == "rivers":
        lines = []
        for f in feats:
            if f["properties"].get("name_zh") == key:
                g = f["geometry"]
                lines.extend(g["coordinates"] if g["type"] == "MultiLineString" else [g["coordinates"]])
        if not lines:
            raise CatalogueError(f"no river named {key!r} in geodata/rivers.geojson")
        return {"type": "MultiLineString", "coordinates": lines}
    for f in feats:
        if str(f["properties"].get("adcode")) == key:
            return _label_point(f) if want == "point" else f["geometry"]
    raise CatalogueError(f"geometry reference {ref!r} not found")


def _ref(d: dict | None) -> SourceRef | None:
    return SourceRef(d["doc"], int(d["paragraph"]), d["quote"]) if d else None


def _feature(d: dict, layer: str, where: str) -> Feature:
    legacy = [k for k in ("status", "status_source") if k in d]
    if legacy:
        raise CatalogueError(f"{where}: feature {d.get('id', '?')}: {legacy} are derived from status_history; "
                             "store status_history entries instead")
    try:
        ref = d.get("geometry_ref", "")
        return Feature(
            id=d["id"], layer=layer, name_zh=d["name_zh"], name_en=d["name_en"],
            aliases=list(d.get("aliases", [])), geometry_={} if ref else (d.get("geometry") or {}),
            status_history=[StatusEntry(**{**e, "paragraph": int(e["paragraph"])}) for e in d.get("status_history", [])],
            precision=d["precision"], geometry_source=d["geometry_source"],
            figures=[Figure(**{**fig, "paragraph": int(fig["paragraph"])}) for fig in d.get("figures", [])],
            sources=[_ref(s) for s in d.get("sources", [])], note=d.get("note", ""), geometry_ref=ref,
            short_zh=d.get("short_zh", ""), short_en=d.get("short_en", ""), reach=d.get("reach", ""),
            waypoints=list(d.get("waypoints", [])))
    except (KeyError, TypeError) as exc:
        raise CatalogueError(f"{where}: feature {d.get('id', '?')}: bad or missing field {exc}") from None


def read_layer_file(path: Path) -> tuple[Layer, list[Feature]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    layer = Layer(data["layer"], data["name_zh"], data["name_en"], data["color"], data.get("description", ""))
    return layer, [_feature(d, layer.id, path.name) for d in data["features"]]


def load_catalogue(layers_dir: Path | None = None) -> Catalogue:
    layers_dir = layers_dir or resource_path("layers")
    layers, features = [], []
    for lid in LAYER_ORDER:
        path = layers_dir / f"{lid}.json"
        if not path.exists():
            continue
        layer, feats = read_layer_file(path)
        layers.append(layer)
        features.extend(feats)
    return Catalogue(layers, features, load_sources())


def feature_quotes(f: Feature) -> list[str]:
    """Every quote the catalogue holds for a feature, sources first."""
    out = [s.quote for s in f.sources] + [fig.quote for fig in f.figures] + [e.quote for e in f.status_history]
    return list(dict.fromkeys(out))
