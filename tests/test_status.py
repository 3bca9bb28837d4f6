"""Status, article by article: the rule table, the derived status, and validate's checks.

Each check is shown to catch a deliberately broken entry in a copy of the real layer files,
and to pass on the shipped catalogue.
"""
from __future__ import annotations

import json
import shutil

import pytest

from qjmap.model.catalogue import load_catalogue
from qjmap.model.status_rules import evidence
from qjmap.model.validate import problems
from qjmap.paths import resource_path


def _status_problems(cat) -> list[str]:
    return [p for p in problems(cat) if " status " in p or "status goes back" in p]


def test_every_status_on_the_catalogue_passes_the_rules(catalogue):
    assert _status_problems(catalogue) == []
    assert sum(len(f.status_history) for f in catalogue.features) > 60


@pytest.mark.parametrize("paragraph,quote,genre,year,expected", [
    # 加快启动建设: to be started, so planned, not under construction
    ("姑蔑古国考古遗址公园加快启动建设，联盟花园景观大道率先落地呈现。", "姑蔑古国考古遗址公园加快启动建设",
     "report", 2022, {"planned"}),
    # 加快推进 in a plan is evidence of planned only
    ("加快推进常山江航运开发，深化开展江山江航运。", "加快推进常山江航运开发", "plan", 2019, {"planned"}),
    # ... and in a report of nothing at all
    ("樟潭古埠未来社区、中悦大厦等城市提能项目稳步推进。", "樟潭古埠未来社区、中悦大厦等城市提能项目稳步推进",
     "report", 2022, set()),
    # 加快建设 without a stated start is not construction
    ("三馆一中心等高端配套设施加快建设。", "三馆一中心等高端配套设施加快建设", "report", 2022, set()),
    ("甬金衢上高速已开工,通车后通行时间将从4.5小时缩短至2.7小时。", "甬金衢上高速已开工", "report", 2026,
     {"under construction"}),
    ("一批重大公共服务设施建成投用。", "一批重大公共服务设施建成投用", "report", 2023, {"in operation", "completed"}),
    ("悦榕庄酒店集群等一批重大商业配套设施落成在即。", "悦榕庄酒店集群等一批重大商业配套设施落成在即", "report", 2023,
     {"under construction"}),
    ("项目建成后，预计将带动就业超万人以上。", "项目建成后", "report", 2021, {"planned"}),
    ("其中，杭衢高铁今年建成通车后，衢州到杭州最快只要41分钟。", "杭衢高铁今年建成通车后", "report", 2023, {"planned"}),
    # a paragraph that opens an outlook (还要) makes its 建成投运 an intention
    ("衢江区还要主动融入大通道建设。持续优化集疏运体系,高标准建成物流枢纽核心区。", "高标准建成物流枢纽核心区",
     "report", 2026, {"planned"}),
    # a year after the article's is a target
    ("2020年建成示范社区一期项目。", "2020年建成示范社区一期项目", "report", 2019, {"planned"}),
    ("衢州港2019年开港以来货物吞吐量突破1200万吨。", "衢州港2019年开港以来", "report", 2023, {"in operation"}),
    ("13 个千吨级泊位全天候调拨作业。", "13 个千吨级泊位全天候调拨作业", "report", 2021, {"in operation"}),
    ("加快建设衢江港区大路章作业区。", "加快建设衢江港区大路章作业区", "report", 2021, set()),  # 作业区 is a name
])
def test_rule_table(paragraph, quote, genre, year, expected):
    assert evidence(paragraph, quote, genre, year) == expected


@pytest.fixture
def layers(tmp_path):
    dst = tmp_path / "layers"
    shutil.copytree(resource_path("layers"), dst)
    return dst


def _edit(layers, fid: str, fn) -> list[str]:
    for path in layers.glob("*.json"):
        data = json.loads(path.read_text("utf-8"))
        for f in data["features"]:
            if f["id"] == fid:
                fn(f)
                path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
                return _status_problems(load_catalogue(layers))
    raise AssertionError(fid)


def _entry(status, doc, n, quote, as_of):
    return {"status": status, "doc": doc, "paragraph": n, "quote": quote, "as_of": as_of}


def test_the_known_wrong_statuses_are_caught(layers):
    found = _edit(layers, "com-gumie-archaeological-park",
                  lambda f: f["status_history"][0].update(status="under construction"))
    assert any("no evidence of 'under construction'" in p and "加快启动建设" in p for p in found)
    found = _edit(layers, "cor-changshan-river-nav",
                  lambda f: f["status_history"][0].update(status="under construction"))
    assert any("no evidence of 'under construction'" in p for p in found)


def test_a_company_is_not_under_construction(layers):
    def company(f):
        f["status_history"] = [_entry("under construction", "001", 11,
                                      "维珍产业园、仙鹤股份等亿元产业项目加速落地", "2022")]
    found = _edit(layers, "ind-xianhe", company)
    assert any("ind-xianhe" in p and "it says: no stage at all" in p for p in found)


def test_entry_dated_off_its_article_or_not_naming_the_feature_fails(layers):
    found = _edit(layers, "port-quzhou-port", lambda f: f["status_history"][0].update(as_of="2019"))
    assert any("not the article's year 2023" in p for p in found)
    found = _edit(layers, "cor-quning-railway",
                  lambda f: f["status_history"].append(
                      _entry("under construction", "002", 18, "悦榕庄酒店集群等一批重大商业配套设施落成在即", "2023")))
    assert any("does not name the feature" in p for p in found)


def test_a_later_article_cannot_put_a_feature_back_a_stage(layers):
    def back(f):
        f["status_history"].append(_entry("planned", "003", 18, "全面完成衢江港区大路章作业区一期技改", "2026"))
    found = _edit(layers, "port-daluzhang", back)
    assert any("status goes back from 'in operation'" in p for p in found)


def test_status_is_the_latest_entry(catalogue):
    f = catalogue.feature("port-daluzhang")
    assert [(e.status, e.doc, e.as_of) for e in f.status_history] == [
        ("planned", "004", "2019"), ("in operation", "000", "2021"), ("in operation", "001", "2022")]
    assert f.status == "in operation" and f.status_source.doc == "001"
    props = f.properties()
    assert props["status"] == "in operation" and len(props["status_history"]) == 3
