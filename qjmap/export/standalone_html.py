"""One self-contained HTML file of the map that works in any browser with no network.

It is the app's own page (build_page_html) with every script, style and the data
inlined, popups carrying the figures and their source paragraphs, and the view, layers
and selection of the export applied. The QWebChannel block of qjmap.js is cut out,
vendor comments that mention web addresses are neutralised, and the result is refused
if any http(s) address other than an XML namespace is left in it. No Qt.
"""
from __future__ import annotations

import base64
import re
from html import escape

from qjmap.io.atomic import write_atomic
from qjmap.model.bookmarks import Bookmark
from qjmap.model.catalogue import Catalogue
from qjmap.export.options import ExportOptions
from qjmap.export.furniture import Furniture, build_furniture

NAMESPACES = ("http://www.w3.org/2000/svg", "http://www.w3.org/1999/xhtml", "http://www.w3.org/1999/xlink")
_URL = re.compile(r"https?://[^\s\"'<>)]*")
_CSS_IMAGE = re.compile(r"""url\(["']?(?P<path>[\w@./-]+\.png)["']?\)""")
_BRIDGE = re.compile(r"/\* qj-bridge-begin \*/.*?/\* qj-bridge-end \*/", re.DOTALL)

CSS = """
.qj-card { position: absolute; z-index: 1000; background: rgba(255,255,255,.9); border: 1px solid #bbb;
  border-radius: 4px; padding: 8px 10px; font-size: 12px; max-width: 46%; }
.qj-card h1 { font-size: 20px; margin: 0; } .qj-card .sub { color: #555; margin: 2px 0 0 0; }
.qj-card .note { color: #b71c1c; font-size: 11px; margin: 4px 0 0 0; }
#qj-title { top: 10px; left: 50px; } #qj-legend { top: 10px; right: 10px; }
#qj-foot { bottom: 22px; left: 120px; font-size: 10.5px; color: #444; }
.qj-sw { display: inline-block; width: 22px; height: 10px; margin-right: 6px; vertical-align: middle; }
.qj-sw.point { width: 11px; height: 11px; border-radius: 50%; margin: 0 11px 0 5px; }
.qj-sw.line { height: 0; border-top: 3px solid; } .qj-sw.area { opacity: .6; border: 2px solid; }
.qj-sw.group { width: 9px; height: 9px; border-radius: 50%; border: 3px solid; background: #fff !important; margin: 0 8px 0 3px; }
.qj-sw.outline { border: 2px solid #ffb300; background: rgba(255,214,0,.2) !important; }
.qj-sw.circle { height: 12px; width: 20px; border-radius: 50%; border: 1px dashed; background: none !important; }
.qj-sw.dash { height: 0; border-top: 3px dashed; background: none !important; }
.qj-north { font-weight: 700; text-align: center; margin-bottom: 4px; }
"""


class HtmlExportError(RuntimeError):
    """The standalone page would reach the network or still carry app-only code."""


def remote_urls(html: str) -> list[str]:
    """Every http(s) address in the document that is not an XML namespace name."""
    return [u for u in _URL.findall(html) if u.rstrip("/\\") not in NAMESPACES]


def _read_web(cat: Catalogue):
    from qjmap.page.map_page import data_js, web_file

    def read(rel: str) -> str:
        if rel == "data.js":
            return data_js(cat, popups=True)
        text = web_file(rel).read_text(encoding="utf-8")
        if rel == "qjmap.js":
            text = _BRIDGE.sub("/* app bridge removed */", text)
        if rel.startswith("vendor/"):  # links in licence comments and Leaflet's attribution prefix
            text = _URL.sub(lambda m: m.group(0) if m.group(0) in NAMESPACES else "#", text)
        if rel.endswith(".css"):  # icons a stylesheet names (measuring tool, layer control) go inline
            folder = rel.rpartition("/")[0]
            text = _CSS_IMAGE.sub(lambda m: _data_uri(web_file(f"{folder}/{m['path']}" if folder else m["path"]))
                                  or m.group(0), text)
        return text
    return read


def _data_uri(path) -> str:
    if not path.is_file():
        return ""
    return "url(data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii") + ")"


def _furniture_html(fu: Furniture) -> str:
    e = escape
    title = [f"<h1>{e(fu.title)}</h1>"]
    if fu.subtitle:
        title.append(f'<p class="sub">{e(fu.subtitle)}</p>')
    if fu.note:
        title.append(f'<p class="note">{e(fu.note)}</p>')
    rows = "".join(f'<div><span class="qj-sw {e(r.kind)}" style="background:{e(r.color)};border-color:{e(r.color)}">'
                   f'</span>{e(r.label_zh)} {e(r.label_en)}</div>' for r in fu.legend)
    legend = f'<div class="qj-north">↑ N 北</div><b>图例 Legend</b>{rows}'
    foot = f"{e(fu.as_of)}<br>{e(fu.sources)}"
    return (f'<div id="qj-title" class="qj-card">{"".join(title)}</div>'
            f'<div id="qj-legend" class="qj-card">{legend}</div>'
            f'<div id="qj-foot" class="qj-card">{foot}</div>')


def standalone_html(cat: Catalogue, opts: ExportOptions, state: Bookmark, overlays=()) -> str:
    from qjmap.page.map_page import APP_BASE, _json, build_page_html, inline_assets
    html = build_page_html(base=APP_BASE, bridge=False, title=opts.title)
    html = inline_assets(html, APP_BASE, _read_web(cat))
    fu = build_furniture(cat, state.layers, title=opts.title, subtitle=opts.subtitle, schematic=opts.schematic,
                         overlays=overlays)
    calls = [f"QJ.setLayerVisible({_json(l.id)},{'true' if l.id in state.layers else 'false'});" for l in cat.layers]
    calls.append(f"QJ.setLanguage({_json(opts.lang)});")
    if overlays:
        from qjmap.export.overlays import html_calls
        calls += html_calls(list(overlays))
    calls.append(f"QJ.setView({state.lat},{state.lon},{state.zoom});")
    if state.feature:
        calls.append(f"QJ.select({_json(state.feature)});")
    # file.html#feature=<id> opens that feature's popup: a link to one feature, and a test hook
    calls.append('var m=/[#&]feature=([^&]+)/.exec(location.hash);if(m){QJ.select(decodeURIComponent(m[1]));'
                 'QJ.openPopup(decodeURIComponent(m[1]));}')
    html = html.replace("</head>", f"<style>{CSS}</style>\n</head>", 1)
    html = html.replace("</body>", _furniture_html(fu) + "\n</body>", 1)
    tail = html.rfind("</html>")
    html = html[:tail] + "<script>" + "".join(calls) + "</script>\n" + html[tail:]
    problems = remote_urls(html)
    if "qrc:" in html or "QWebChannel" in html or "webChannelTransport" in html:
        problems.append("app bridge code")
    if problems:
        raise HtmlExportError(f"standalone page would not be offline: {problems[:5]}")
    return html


def write_html(cat: Catalogue, opts: ExportOptions, state: Bookmark, overlays=()) -> None:
    write_atomic(opts.out, standalone_html(cat, opts, state, overlays).encode("utf-8"))
