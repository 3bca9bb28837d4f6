"""Every figure of the catalogue as one flat row with its citation.

One function builds the rows that the Figures table window, its CSV/xlsx export and
`python -m qjmap catalog --format csv|xlsx` all show, so they cannot disagree. Pure Python.
"""
from __future__ import annotations

import re

from qjmap.model.catalogue import Catalogue

# (key, Chinese header, English header); the first sixteen are the original CSV's columns, in order.
COLUMNS = (
    ("feature_id", "要素编号", "feature id"),
    ("layer", "图层", "layer"),
    ("name_zh", "要素", "feature"),
    ("name_en", "要素（英文）", "feature (English)"),
    ("label_zh", "指标", "figure"),
    ("label_en", "指标（英文）", "figure (English)"),
    ("value", "数值", "value"),
    ("unit", "单位", "unit"),
    ("qualifier", "限定", "qualifier"),
    ("text", "原文数值", "as printed"),
    ("as_of", "时间", "as of"),
    ("kind", "类型", "kind"),
    ("doc", "文章", "article"),
    ("paragraph", "段落", "paragraph"),
    ("quote", "引文", "quote"),
    ("citation", "出处", "citation"),
    ("year", "年份", "year"),
    ("layer_name", "图层名称", "layer name"),
    ("article_title", "文章标题", "article title"),
    ("article_date", "文章日期", "article date"),
    ("series", "序列", "series"),
    ("as_of_source", "时间依据", "as of from"),  # printed | article_year | relative | target (qjmap.model.dates)
)
KEYS = tuple(c[0] for c in COLUMNS)
CITATION_KEYS = ("doc", "paragraph", "quote", "citation", "article_title", "article_date")
_YEAR = re.compile(r"(\d{4})")


def year_of(as_of: str) -> int | None:
    """The year a figure is dated to: the end of a period ('2012/2022' -> 2022)."""
    found = _YEAR.findall(as_of.rpartition("/")[2] or as_of)
    return int(found[0]) if found else None


def article_date(src) -> str:
    """The article's printed date, or its inferred year marked as inferred."""
    return src.date_printed or f"{src.year}年（推断）"


def figure_rows(cat: Catalogue) -> list[dict]:
    """One dict per figure, keys = KEYS, in catalogue order."""
    rows = []
    for f in cat.features:
        layer = cat.layer(f.layer)
        for fig in f.figures:
            src = cat.sources[fig.doc]
            rows.append({
                "feature_id": f.id, "layer": f.layer, "name_zh": f.name_zh, "name_en": f.name_en,
                "label_zh": fig.label_zh, "label_en": fig.label_en, "value": fig.value, "unit": fig.unit,
                "qualifier": fig.qualifier, "text": fig.text, "as_of": fig.as_of, "kind": fig.kind,
                "doc": fig.doc, "paragraph": fig.paragraph, "quote": fig.quote, "citation": src.citation(),
                "year": year_of(fig.as_of), "layer_name": f"{layer.name_zh} {layer.name_en}",
                "article_title": src.title, "article_date": article_date(src), "series": fig.series,
                "as_of_source": fig.as_of_source,
            })
    return rows
