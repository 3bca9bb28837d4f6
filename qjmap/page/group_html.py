"""The side panel for a grouped marker: the features drawn at one place, one click from their figures.

A grouped marker stands for several features that share a placement (most are only known
to be somewhere in a district or city) or that lie too close to draw apart at this zoom.
The panel says which, and links each feature (`feature:<id>`) to its own panel. Escaped
like feature_html. No Qt.
"""
from __future__ import annotations

from qjmap.model.catalogue import PRECISION_ZH, STATUS_ZH, Catalogue, _geodata
from qjmap.page.feature_html import _e

def _region_name(ref: str) -> tuple[str, str]:
    name, _, key = ref.partition("@")[0].partition(":")
    for f in _geodata(name)["features"]:
        if str(f["properties"].get("adcode")) == key:
            return f["properties"].get("name_zh", ""), f["properties"].get("name_en", "")
    return "", ""


def group_html(cat: Catalogue, ids: list[str]) -> str:
    feats = [cat.feature(i) for i in ids if i in {f.id for f in cat.features}]
    places = {f.geometry_ref.partition("@")[0] or str(f.geometry.get("coordinates")) for f in feats}
    parts = [f'<h2 class="qj-name">此处 {len(feats)} 项要素</h2>',
             f'<p class="qj-name-en">{len(feats)} features drawn at this marker</p>']
    if len(places) == 1 and feats and feats[0].geometry_ref:
        zh, en = _region_name(feats[0].geometry_ref)
        if zh:
            parts.append(f'<p class="qj-small">这些要素的位置仅知在{_e(zh)}（区县/城市级），因此画在同一点；'
                         f'选中一项时，地图高亮{_e(zh)}的范围。 These features are only known to be in '
                         f'{_e(en or zh)}, so they share one point; selecting one outlines {_e(en or zh)}.</p>')
    else:
        parts.append('<p class="qj-small">这些要素在此比例尺下靠得太近，合为一个标记；放大可分开。 '
                     'These features are too close to draw apart at this zoom; zoom in to separate them.</p>')
    for layer in cat.layers:
        rows = [f for f in feats if f.layer == layer.id]
        if not rows:
            continue
        parts.append(f'<h3>{_e(layer.name_zh)} · {_e(layer.name_en)} ({len(rows)})</h3><ul>')
        for f in rows:
            status = STATUS_ZH.get(f.status, "未说明") if f.status else "未说明"
            figs = f"{len(f.figures)} 项数字 figures" if f.figures else "无数字 no figures"
            parts.append(f'<li><a href="feature:{_e(f.id)}">{_e(f.name_zh)}</a> <span class="qj-en">{_e(f.name_en)}'
                         f' · {_e(status)} · {_e(PRECISION_ZH[f.precision])} · {_e(figs)}</span></li>')
        parts.append("</ul>")
    return "\n".join(parts)
