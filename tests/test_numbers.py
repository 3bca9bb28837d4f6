import pytest

from qjmap.model.numbers import Quantity, QuantityError, parse_quantity


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
    ("三分之二以上", 2 / 3, "count", "more than"),
    ("超2万人次", 20000, "person-times", "over"),
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


@pytest.mark.parametrize("bad", ["", "亿元", "12 apples", "abc"])
def test_rejects_what_it_cannot_read(bad):
    with pytest.raises(QuantityError):
        parse_quantity(bad)


def test_quantity_is_plain_data():
    assert Quantity("1吨", 1, "t") == parse_quantity("1吨")
