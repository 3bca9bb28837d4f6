import pytest

from qjmap.model.catalogue import Figure
from qjmap.model.coverage import coverage
from qjmap.model.numbers import CN_NUMBER_IN_TEXT, Quantity, QuantityError, parse_quantity
from qjmap.model.units import unit_problems


@pytest.mark.parametrize("text,value,unit,qualifier", [
    ("600多万吨", 6_000_000, "t", "over"),
    ("51.5亿元", 5.15e9, "CNY", ""),
    ("467.18亩", 467.18, "mu", ""),
    ("超 2 亿元", 2e8, "CNY", "over"),
    ("约29亿元", 2.9e9, "CNY", "about"),
    ("30余万元", 3e5, "CNY", "more than"),
    ("30000 多亩", 30000, "mu", "over"),
    ("13个", 13, "个", ""),
    ("3.69%", 3.69, "%", ""),
    ("0.53个百分点", 0.53, "pp", ""),
    ("2.9万吨TEU", 29000, "TEU", ""),
    ("4.5小时", 4.5, "h", ""),
    ("三分之二以上", 200 / 3, "%", "more than"),  # a share is a percentage, not a count
    ("超2万人次", 20000, "person-times", "over"),
    # numbers in Chinese characters go through the same parser
    ("十大", 10, "大", ""),
    ("四大", 4, "大", ""),
    ("两大", 2, "大", ""),
    ("十个", 10, "个", ""),
    ("超万人以上", 10_000, "persons", "over"),
    ("7省", 7, "省", ""),
    ("33市", 33, "市", ""),
    # the multiplier goes into the value; the unit keeps its counter word
    ("7.36万家次", 73_600, "家次", ""),
])
def test_parse(text, value, unit, qualifier):
    q = parse_quantity(text)
    assert q.value == pytest.approx(value)
    assert (q.unit, q.qualifier, q.text) == (unit, qualifier, text)


def test_mu_also_in_km2():
    q = parse_quantity("467.18亩")
    assert q.km2 == pytest.approx(467.18 * 666.6667 / 1e6, rel=1e-4)
    assert "km²" in q.english()


def test_english_reads_like_the_issue():
    assert parse_quantity("600多万吨").english() == "over 6,000,000 t"
    assert parse_quantity("51.5亿元").english() == "5,150,000,000 CNY"
    assert parse_quantity("三分之二以上").english() == "more than 66.7 %"
    assert parse_quantity("3.69%").english() == "3.69 %"


@pytest.mark.parametrize("bad", ["", "亿元", "万人", "12 apples", "abc", "三分之二亩"])
def test_rejects_what_it_cannot_read(bad):
    with pytest.raises(QuantityError):
        parse_quantity(bad)


def test_quantity_is_plain_data():
    assert Quantity("1吨", 1, "t") == parse_quantity("1吨")


def test_chinese_numerals_are_found_in_prose():
    text = "十大引领性项目加快谋划推进，四大千亿级产业集群，一批项目一条心，第十五次党代会，带动就业超万人以上，三分之二以上投入民生"
    assert [m.group() for m in CN_NUMBER_IN_TEXT.finditer(text)] == ["十大", "四大", "超万人", "三分之二"]


def test_coverage_sees_chinese_numerals(catalogue):
    assert not coverage(catalogue)["uncovered"]
    f = catalogue.feature("nb-qujiang")
    kept = f.figures
    try:
        f.figures = [g for g in kept if g.text != "四大"]
        rep = coverage(catalogue)
    finally:
        f.figures = kept
    assert [(e["doc"], e["paragraph"], e["number"]) for e in rep["uncovered"]] == [("001", 13, "四大")]


def _fig(**kw) -> Figure:
    base = dict(label_zh="惠及市场主体", label_en="Market entities benefited", value=73600, unit="家次", qualifier="",
                text="7.36万家次", as_of="", kind="annual", doc="002", paragraph=12,
                quote="惠及市场主体7.36万家次；")
    return Figure(**{**base, **kw})


def test_unit_rules_pass_on_the_catalogue(catalogue):
    assert [p for f in catalogue.features for i, g in enumerate(f.figures) for p in unit_problems(f.id, g)] == []


@pytest.mark.parametrize("change,expect", [
    (dict(text="7.36万", unit="count"), "left out of the figure's text"),
    (dict(label_zh="惠及市场主体（万家次）"), "repeats a multiplier"),
    (dict(label_zh="惠及市场主体万家次"), "repeats a multiplier"),
    (dict(label_en="Market entities benefited (10,000 enterprise-times)"), "repeats a multiplier"),
    (dict(label_zh="投入民生事业的比例", text="三分之二以上", unit="count", value=0.67,
          quote="三分之二以上投入民生事业"), "is a share"),
    (dict(label_zh="城镇化率", text="58.1", unit="count", value=58.1, quote="城镇化率提高到58.1，"), "is a share"),
])
def test_unit_rules_catch_a_broken_figure(change, expect):
    assert unit_problems("x", _fig()) == []
    assert any(expect in p for p in unit_problems("x", _fig(**change)))
