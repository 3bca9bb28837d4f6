"""Series and conflicts: a built layer file with known clashes, then the shipped catalogue."""
from __future__ import annotations

import json
import subprocess
import sys

from qjmap.model.catalogue import load_catalogue
from qjmap.model.conflicts import find_conflicts, interval
from qjmap.model.series import all_series, problems as series_problems

QUOTE = "衢江港一期工程占地面积385.52 亩，13 个千吨级泊位全天候、全时段调拨作业"


def fig(text, value, unit, qualifier, as_of, kind, series, label="泊位"):
    return {"label_zh": label, "label_en": "berths", "value": value, "unit": unit, "qualifier": qualifier,
            "text": text, "as_of": as_of, "kind": kind, "doc": "000", "paragraph": 7, "quote": QUOTE,
            "series": series}


def built(tmp_path, figures):
    """A one-feature ports layer on disk, loaded by the real loader."""
    layer = {"layer": "ports", "name_zh": "港口", "name_en": "Ports", "color": "#1565c0", "features": [{
        "id": "port-test", "name_zh": "测试港", "name_en": "Test port",
        "geometry_ref": "counties:330803@point", "precision": "district", "geometry_source": "test",
        "figures": figures, "sources": [{"doc": "000", "paragraph": 7, "quote": QUOTE}]}]}
    (tmp_path / "ports.json").write_text(json.dumps(layer, ensure_ascii=False), encoding="utf-8")
    return load_catalogue(tmp_path)


def test_intervals_read_rounding_and_qualifiers(catalogue):
    by_text = {g.text: g for f in catalogue.features for g in f.figures}
    assert interval(by_text["40多万人"]) == (400000, 500000)          # 40多万: 40万–50万
    lo, hi = interval(by_text["40 万人"])                              # exact, rounded: 38万–42万
    assert (round(lo), round(hi)) == (380000, 420000)
    lo, hi = interval(by_text["超过 2.8 亿元"])                        # next step of the last digit
    assert (round(lo), round(hi)) == (280000000, 290000000)
    assert interval(by_text["超 2 亿元"]) == (200000000, 300000000)
    assert interval(by_text["95%以上"])[1] == float("inf")             # 以上: no upper end
    lo, hi = interval(by_text["约29亿元"])
    assert round(lo) == 2610000000 and round(hi) == 3190000000        # 约: ±10 %


def test_built_conflicts_are_caught_and_compatible_values_are_not(tmp_path):
    cat = built(tmp_path, [
        fig("330万吨", 3300000, "t", "", "2021", "cumulative", "t/handled"),
        fig("200万吨", 2000000, "t", "", "2022", "cumulative", "t/handled"),      # falls: certain
        fig("13个", 13, "个", "", "2022", "actual", "t/berths"),
        fig("15个", 15, "个", "", "2022", "actual", "t/berths"),                  # same date: clash
        fig("40万人", 400000, "persons", "", "2022", "actual", "t/pop"),
        fig("40多万人", 400000, "persons", "over", "2022", "actual", "t/pop"),    # compatible
        fig("1000万元", 1e7, "CNY", "", "2021", "cumulative", "t/credit"),
        fig("约950万元", 9.5e6, "CNY", "about", "2022", "cumulative", "t/credit"),  # 约: may be 1000万
        fig("15个", 15, "个", "", "2022", "target", "t/berths"),                 # targets never clash
    ])
    found = {(c.series.id, c.rule, c.certain) for c in find_conflicts(cat)}
    assert found == {("t/handled", "running total falls", True), ("t/berths", "same date", True)}


def test_a_printed_fall_with_over_is_listed_as_not_certain(tmp_path):
    cat = built(tmp_path, [
        fig("超过 2.8 亿元", 2.8e8, "CNY", "over", "2021", "cumulative", "t/income"),
        fig("超 2 亿元", 2e8, "CNY", "over", "2022", "cumulative", "t/income"),
    ])
    (c,) = find_conflicts(cat)
    assert (c.rule, c.certain) == ("running total falls", False)
    assert c.first.figure.text == "超过 2.8 亿元" and c.second.figure.text == "超 2 亿元"
    assert "超 2 亿元" in c.reason_zh and "understates" in c.reason_en


def test_validate_wants_a_series_on_every_figure_and_one_unit_family(tmp_path):
    cat = built(tmp_path, [
        fig("13个", 13, "个", "", "2021", "actual", ""),
        fig("385.52亩", 385.52, "mu", "", "2021", "actual", "t/area"),
        fig("16万平方米", 160000, "m2", "", "2022", "actual", "t/area"),     # 亩 and m²: one family
        fig("13个", 13, "个", "", "2021", "actual", "t/mixed"),
        fig("2000万元", 2e7, "CNY", "", "2021", "annual", "t/mixed"),
        fig("100万吨", 1e6, "t", "", "2021", "annual", "t/kinds"),
        fig("330万吨", 3.3e6, "t", "", "2022", "cumulative", "t/kinds"),
    ])
    found = series_problems(cat)
    assert any("no series id" in p for p in found)
    assert any("series t/mixed" in p and "not one family" in p for p in found)
    assert any("series t/kinds" in p and "measured kinds" in p for p in found)
    assert not any("t/area" in p for p in found)


def test_shipped_catalogue_series(catalogue):
    assert series_problems(catalogue) == []
    every = all_series(catalogue)
    multi = {sid: s for sid, s in every.items() if len(s.members) > 1}
    # the examples: 13 berths of 大路章 in 000 and 001; the district's GDP over years
    berths = multi["port-daluzhang/berths-1000t-phase1"]
    assert [m.figure.doc for m in berths.members] == ["000", "001"]
    gdp = multi["nb-qujiang/gdp"]
    assert [m.figure.as_of for m in gdp.members] == ["2020", "2024"]
    print(f"{len(every)} series, {len(multi)} with two or more values")


def test_shipped_catalogue_conflicts_list_the_two_mountains_bank_income(catalogue):
    found = find_conflicts(catalogue)
    for c in found:
        print(c.series.id, c.rule, "certain" if c.certain else "as printed", c.reason_en)
    bank = [c for c in found if c.series.id == "com-liangshan-bank/income-added-cumulative"]
    assert len(bank) == 1 and (bank[0].first.figure.doc, bank[0].second.figure.doc) == ("000", "001")
    assert not [c for c in found if c.series.id == "nb-qujiang/population"]  # 40万 / 40多万 agree


def test_cli_conflicts_and_geojson():
    out = subprocess.run([sys.executable, "-m", "qjmap", "conflicts"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0
    assert "com-liangshan-bank/income-added-cumulative" in out.stdout and "000 ¶23" in out.stdout \
        and "001 ¶34" in out.stdout
    gj = subprocess.run([sys.executable, "-m", "qjmap", "catalog", "--format", "geojson", "--compact"],
                        capture_output=True, text=True, timeout=120)
    data = json.loads(gj.stdout)
    figs = [g for f in data["features"] for g in f["properties"]["figures"]]
    assert figs and all(g["series"] for g in figs)
    assert all("conflicts" in f["properties"] for f in data["features"])
    bank = next(f for f in data["features"] if f["id"] == "com-liangshan-bank")
    assert bank["properties"]["conflicts"][0]["figures"][1]["doc"] == "001"


def test_undated_totals_are_read_as_of_their_article_and_never_as_the_same_date(tmp_path):
    cat = built(tmp_path, [
        fig("超过 2.8 亿元", 2.8e8, "CNY", "over", "2021", "cumulative", "t/income"),
        {**fig("超 2 亿元", 2e8, "CNY", "over", "", "cumulative", "t/income"), "doc": "001"},  # 001: 2022
        fig("68家", 68, "家", "", "", "actual", "t/firms"),    # 从68家增加到555家: both undated
        fig("555家", 555, "家", "", "", "actual", "t/firms"),
    ])
    (c,) = find_conflicts(cat)
    assert c.series.id == "t/income" and c.second.when == "2022" and not c.second.dated
    assert "undated" in c.reason_en and "未注明时间" in c.reason_zh
