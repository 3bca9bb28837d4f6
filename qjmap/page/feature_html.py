"""Render one feature as escaped HTML: figures table and cited source paragraphs.

Shared by the Qt feature panel and the popups of the standalone HTML export, so both
say the same thing. Every catalogue string is escaped here; quoted words are marked
by splitting the escaped paragraph around the escaped quote, never by trusting markup.
"""
from __future__ import annotations

from html import escape

from qjmap.model.catalogue import PRECISION_ZH, STATUS_ZH, Catalogue, Feature, SourceRef
from qjmap.model.numbers import parse_quantity

KIND_ZH = {"actual": "实际", "cumulative": "累计", "annual": "年度", "target": "目标", "plan": "规划"}
QUALIFIER_ZH = {"about": "约", "over": "超", "more than": "以上"}


def _e(s) -> str:
    """Escape for HTML text and attributes; backticks and ${ too (pitfall 2 in QTWEB-NOTES)."""
    return escape(str(s), quote=True).replace("`", "&#96;").replace("${", "&#36;{")


def highlight(paragraph: str, quotes: list[str]) -> str:
    """Escaped paragraph with every occurrence of each quote wrapped in <mark>."""
    spans = []
    for q in quotes:
        start = paragraph.find(q)
        while q and start >= 0:
            spans.append((start, start + len(q)))
            start = paragraph.find(q, start + 1)
    spans.sort()
    merged: list[list[int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    out, pos = [], 0
    for a, b in merged:
        out += [_e(paragraph[pos:a]), "<mark>", _e(paragraph[a:b]), "</mark>"]
        pos = b
    out.append(_e(paragraph[pos:]))
    return "".join(out)


def figure_value(fig) -> str:
    """'600多万吨（over 6,000,000 t）': the printed text, then the parsed value where it adds something."""
    q = parse_quantity(fig.text)
    if q.unit == fig.text.strip()[-len(q.unit):] and not q.qualifier and q.value < 1e4:
        return fig.text  # a plain count such as 13个 reads the same in both forms
    return f"{fig.text}（{q.english()}）"


def _grouped_refs(f: Feature) -> dict[tuple[str, int], list[str]]:
    refs: dict[tuple[str, int], list[str]] = {}
    items: list[SourceRef] = list(f.sources)
    items += [SourceRef(fig.doc, fig.paragraph, fig.quote) for fig in f.figures]
    if f.status_source:
        items.append(f.status_source)
    for r in items:
        refs.setdefault((r.doc, r.paragraph), [])
        if r.quote not in refs[(r.doc, r.paragraph)]:
            refs[(r.doc, r.paragraph)].append(r.quote)
    return refs


def _placement(f: Feature):
    """The same geometry reference, or the same inline point: compared without resolving
    references (that parses the basemap files, ~90 ms at the first click)."""
    return ("ref", f.geometry_ref) if f.geometry_ref else ("at", repr(f.geometry_.get("coordinates")))


def colocated(cat: Catalogue, f: Feature) -> list[Feature]:
    """Other features drawn at exactly the same point (district-level placements stack)."""
    if f.geometry_type != "Point":
        return []
    key = _placement(f)
    return [g for g in cat.features if g is not f and g.geometry_type == "Point" and _placement(g) == key]


def feature_html(cat: Catalogue, f: Feature, *, full_paragraphs: bool = True, links: bool = False,
                 charts: bool = False) -> str:
    """The panel/popup body; `charts` adds the series charts as inline SVG (browsers only, not QTextBrowser)."""
    layer = cat.layer(f.layer)
    status = f"{STATUS_ZH[f.status]} · {f.status}" if f.status else "文章未说明 · not stated"
    parts = [
        f'<h2 class="qj-name">{_e(f.name_zh)}</h2>',
        f'<p class="qj-name-en">{_e(f.name_en)}</p>',
        '<p class="qj-meta">',
        f'<span class="qj-badge" style="border-color:{_e(layer.color)}">{_e(layer.name_zh)} · {_e(layer.name_en)}</span> ',
        f'<span class="qj-badge qj-status">状态 status: {_e(status)}</span> ',
        f'<span class="qj-badge qj-precision qj-{_e(f.precision)}">位置精度 precision: '
        f'{_e(PRECISION_ZH[f.precision])} · {_e(f.precision)}</span></p>',
    ]
    from qjmap.page.claims_html import figures_table_html, status_history_html  # imports this module
    parts.append(status_history_html(f))
    parts.append(figures_table_html(cat, f))
    if charts:
        from qjmap.page.chart_svg import charts_html  # imports this module
        parts.append(charts_html(cat, f))
    parts.append('<h3>来源段落 Source paragraphs</h3>')
    for (doc, n), quotes in _grouped_refs(f).items():
        src = cat.sources[doc]
        para = src.paragraph(n).text
        body = highlight(para, quotes) if full_paragraphs else "…".join(f"<mark>{_e(q)}</mark>" for q in quotes)
        parts.append(f'<blockquote class="qj-para">{body}</blockquote>')
        parts.append(f'<p class="qj-cite">— {_e(src.citation())}，第{n}段 ({_e(doc)} ¶{n})</p>')
    parts.append(f'<p class="qj-small">位置来源 geometry: {_e(f.geometry_source)}</p>')
    if f.note:
        parts.append(f'<p class="qj-small">{_e(f.note)}</p>')
    others = colocated(cat, f) if links else []
    if others:
        parts.append('<h3>同一位置的其他要素 Other features drawn at this point</h3><ul>')
        parts += [f'<li><a href="feature:{_e(g.id)}">{_e(g.name_zh)}</a> <span class="qj-en">{_e(g.name_en)}</span></li>'
                  for g in others]
        parts.append("</ul>")
    return "\n".join(parts)
