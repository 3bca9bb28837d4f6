"""The panel's claims across articles: status history, figures grouped by series, conflicts.

A reader should see at once that a project was 规划 in one article and 运营 in a later one,
that one quantity was printed in several articles (one row, values by year and article),
and where two printed values cannot both be true (marked, with both sources). Used by
feature_html for the Qt panel and the export popups alike; every string is escaped. No Qt.
"""
from __future__ import annotations

from qjmap.model.catalogue import STATUS_ZH, Catalogue, Feature, Figure
from qjmap.model.conflicts import Conflict, feature_conflicts
from qjmap.model.series import feature_series
from qjmap.page.feature_html import KIND_ZH, _e, figure_value

_RED = "#b71c1c"
MARK = f'<span class="qj-conflict" style="color:{_RED};font-weight:bold">⚠矛盾</span>'


def status_history_html(f: Feature) -> str:
    """'规划 planned (2019, 004 ¶12) → 运营 in operation (2023, 002 ¶15)', then each quote."""
    if not f.status_history:
        return ""
    steps = " → ".join(f"<b>{_e(STATUS_ZH.get(e.status, e.status))}</b> {_e(e.status)} "
                       f"({_e(e.as_of)}, {_e(e.doc)} ¶{e.paragraph})" for e in f.status_history)
    quotes = "".join(f"<br>{_e(e.doc)} ¶{e.paragraph}: “{_e(e.quote)}”" for e in f.status_history)
    return (f'<p class="qj-small qj-status-history">状态沿革 status history: {steps}'
            f'<span class="qj-quotes">{quotes}</span></p>')


def _in_conflict(fig: Figure, found: list[Conflict]) -> bool:
    return any(fig is c.first.figure or fig is c.second.figure for c in found)


def _cell(fig: Figure, found: list[Conflict]) -> str:
    return _e(figure_value(fig)) + (" " + MARK if _in_conflict(fig, found) else "")


def figures_table_html(cat: Catalogue, f: Feature) -> str:
    """One row per series: a single figure as before, a series as its values by year and article."""
    if not f.figures:
        return '<p class="qj-small">文章未给出该要素的数字。No figures in the articles.</p>'
    found = feature_conflicts(cat, f)
    rows = ['<table class="qj-figures" width="100%"><tr><th>指标 Figure</th><th>数值 Value</th>'
            '<th>时间 As of</th><th>类型 Kind</th><th>出处</th></tr>']
    for s in feature_series(cat, f):
        bad = any(_in_conflict(m.figure, found) for m in s.members)
        tint = ' style="background-color:#fdecea"' if bad else ""
        if len(s.members) == 1:
            fig = s.members[0].figure
            rows.append(
                f"<tr{tint}><td>{_e(fig.label_zh)}<br><span class='qj-en'>{_e(fig.label_en)}</span></td>"
                f"<td>{_cell(fig, found)}</td><td>{_e(fig.as_of)}</td>"
                f"<td>{_e(KIND_ZH[fig.kind])} {_e(fig.kind)}</td><td>{_e(fig.doc)} ¶{fig.paragraph}</td></tr>")
            continue
        steps = []
        for m in s.members:
            fig, other = m.figure, ("" if m.feature is f else f" · {_e(m.feature.name_zh)}")
            when = _e(fig.as_of) if m.dated else "<span class='qj-en'>未注明时间 undated</span>"
            steps.append(f"{when} <span class='qj-en'>({_e(fig.doc)} ¶{fig.paragraph}, "
                         f"{_e(KIND_ZH[fig.kind])}{other})</span> {_cell(fig, found)}")
        rows.append(
            f"<tr class='qj-series'{tint}><td>{_e(s.label_zh)}<br><span class='qj-en'>{_e(s.label_en)} · "
            f"系列 series, {len(s.members)} values</span></td><td colspan='4'>{' → '.join(steps)}</td></tr>")
    rows.append("</table>")
    return "\n".join(rows) + conflicts_html(cat, found)


def conflicts_html(cat: Catalogue, found: list[Conflict]) -> str:
    """Each conflict with its reason and both sources, quoted and cited."""
    if not found:
        return ""
    out = [f'<h3 style="color:{_RED}">⚠ 数值矛盾 Conflicting figures</h3>']
    for c in found:
        how = "确定矛盾 certain" if c.certain else "按印出数值 as printed"
        out.append(f'<p class="qj-small" style="color:{_RED}">{_e(c.reason_zh)}（{_e(how)}）<br>'
                   f'{_e(c.reason_en)}</p><ul>')
        for m in (c.first, c.second):
            fig = m.figure
            out.append(f"<li>{_e(fig.text)} · {_e(fig.as_of)} · {_e(cat.sources[fig.doc].citation())}，"
                       f"第{fig.paragraph}段 ({_e(fig.doc)} ¶{fig.paragraph})：“{_e(fig.quote)}”</li>")
        out.append("</ul>")
    return "\n".join(out)
