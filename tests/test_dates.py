"""Dates: as_of only where the text supports it, with its source; the year of article 004.

Each rule is shown to catch a deliberately broken figure in a copy of the real layer files,
and to pass on the shipped catalogue.
"""
from __future__ import annotations

import json
import shutil

import pytest

from qjmap.model.catalogue import load_catalogue
from qjmap.model.dates import AS_OF_SOURCES
from qjmap.model.sources import load_sources
from qjmap.model.validate import problems
from qjmap.paths import resource_path


def _date_problems(cat) -> list[str]:
    keys = ("as_of", "target", "printed", "relative", "current", "month or day", "first year")
    return [p for p in problems(cat) if " figure " in p and any(k in p for k in keys)]


def test_every_date_on_the_catalogue_passes(catalogue):
    assert _date_problems(catalogue) == []
    figs = [g for f in catalogue.features for g in f.figures]
    assert {g.as_of_source for g in figs if g.as_of} == set(AS_OF_SOURCES)
    assert all(not g.as_of_source for g in figs if not g.as_of)
    assert sum(1 for g in figs if not g.as_of) > 50  # many figures have no date the text supports


def test_004_is_dated_2019_with_its_reasons():
    src = load_sources()["004"]
    assert src.year == 2019 and src.genre == "plan"
    for why in ("245", "大路章", "衢宁铁路", "2020"):
        assert why in src.year_reason


def test_004_present_tense_figure_has_the_article_year(catalogue):
    g = next(g for g in catalogue.feature("nb-quzhou").figures if g.text == "245 个")
    assert (g.as_of, g.as_of_source) == ("2019", "article_year")


def test_relative_years_resolve_from_the_article(catalogue):
    # 002 is from early 2023: 全年 and 去年 are 2022; 003 (January 2026): 去年 is 2025
    g = next(g for g in catalogue.feature("nb-quzhou").figures if g.text == "81.82亿元")
    assert (g.as_of, g.as_of_source) == ("2022", "relative")
    g = next(g for g in catalogue.feature("port-qujiang-port-area").figures if g.text == "600多万吨")
    assert (g.as_of, g.as_of_source) == ("2025", "relative")
    # 001's month is unknown: its 全年 figures get no as_of
    assert all(not g.as_of for g in catalogue.feature("com-lianhua-future-community").figures)


@pytest.fixture
def layers(tmp_path):
    dst = tmp_path / "layers"
    shutil.copytree(resource_path("layers"), dst)
    return dst


def _edit(layers, fid: str, text: str, **change) -> list[str]:
    for path in layers.glob("*.json"):
        data = json.loads(path.read_text("utf-8"))
        for f in data["features"]:
            if f["id"] == fid:
                next(g for g in f["figures"] if g["text"] == text).update(change)
                path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
                return [p for p in _date_problems(load_catalogue(layers)) if p.startswith(fid)]
    raise AssertionError(fid)


@pytest.mark.parametrize("fid,text,change,expect", [
    # no printed year, nothing said to be current: the article's year is not allowed
    ("com-xishanxia-village", "140 平方米", {"as_of": "2021", "as_of_source": "article_year"}, "state it as current"),
    # a printed year must be the one printed for it
    ("nb-qujiang", "234.2亿元", {"as_of": "2024"}, "not the year printed"),
    # 去年 in a 2026 article is 2025
    ("port-qujiang-port-area", "600多万吨", {"as_of": "2026"}, "resolves to 2025"),
    # 全年 in an article not known to be from early in its year cannot be dated
    ("com-lianhua-future-community", "30 万人次", {"as_of": "2021", "as_of_source": "relative"}, "cannot be dated"),
    # a target carries its target year, printed (到2022年)
    ("nb-quzhou", "65%以上", {"as_of": "2019", "as_of_source": "article_year"}, "carries its target year"),
    ("nb-quzhou", "65%以上", {"as_of": "2025"}, "not printed"),
    ("port-daluzhang", "突破1500万吨", {"as_of": "2022", "as_of_source": "target"}, "not printed"),
    # an as_of says where it comes from, and a source needs an as_of
    ("nb-qujiang", "7.2亿元", {"as_of_source": ""}, "needs as_of_source"),
    ("ind-short-drama", "117家", {"as_of_source": "printed"}, "without an as_of"),
    ("nb-qujiang", "33181元", {"as_of": "2025-02/2025-09"}, "month or day"),
])
def test_each_date_rule_catches_a_broken_figure(layers, fid, text, change, expect):
    found = _edit(layers, fid, text, **change)
    assert any(expect in p for p in found), found
