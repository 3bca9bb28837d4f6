"""Parse the Chinese quantities the articles print ("600多万吨", "51.5亿元", "467.18亩").

One function, `parse_quantity`, turns such a text into a plain value in a base unit
with a qualifier, and keeps the original text, so every figure in the catalogue can be
checked against the words it came from. Pure Python.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

M2_PER_MU = 10000 / 15  # 1 亩 = 666.67 m²

_MULT = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3}
# Chinese unit -> (base unit, factor). Longest match first.
_UNITS = {
    "吨TEU": ("TEU", 1),  # OCR slip in 001 ("2.9万吨TEU"): the unit is TEU
    "TEU": ("TEU", 1),
    "吨": ("t", 1),
    "元": ("CNY", 1),
    "亩": ("mu", 1),
    "平方米": ("m2", 1),
    "平方公里": ("km2", 1),
    "公里": ("km", 1),
    "千米": ("km", 1),
    "人次": ("person-times", 1),
    "人": ("persons", 1),
    "个百分点": ("pp", 1),
    "%": ("%", 1),
    "倍": ("times", 1),
    "小时": ("h", 1),
    "分钟": ("min", 1),
    "天": ("days", 1),
    "个月": ("months", 1),
    "年": ("years", 1),
    "Tbps": ("Tbps", 1),
    "Gbps": ("Gbps", 1),
}
# Counted things: kept as their own unit word so "13个" reads back as 13 个.
_COUNTERS = ("个", "家", "项", "幢", "条", "部", "场次", "场", "座", "所", "类", "件", "届", "名", "位", "批", "处", "种",
             "艘", "架", "省", "市", "县", "村", "乡镇", "家次",
             "大")  # 十大引领性项目: "the ten major …", a count of the things named after it

_PREFIX_Q = {"约": "about", "近": "about", "超过": "over", "超": "over", "突破": "over", "逾": "over", "上": "over"}
_POST_Q = {"多": "over", "余": "more than", "以上": "more than", "左右": "about"}

_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

_RE = re.compile(
    r"^(?P<pre>约|近|超过|超|突破|逾|上)?"
    r"(?P<num>\d+(?:\.\d+)?|[一二三四五六七八九十]+分之[一二三四五六七八九十]+|[零一二两三四五六七八九十百]+)?"
    r"(?P<post1>多|余)?(?P<mult>万亿|亿|万|千)?(?P<post2>多|余)?"
    r"(?P<unit>.*?)"
    r"(?P<post3>以上|左右|多)?$"
)


class QuantityError(ValueError):
    """The text is not a quantity this parser understands."""


@dataclass(frozen=True)
class Quantity:
    text: str
    value: float
    unit: str
    qualifier: str = ""

    @property
    def km2(self) -> float | None:
        """Area in km² for 亩 and m² values, so panels can show both."""
        if self.unit == "mu":
            return self.value * M2_PER_MU / 1e6
        if self.unit == "m2":
            return self.value / 1e6
        return None

    def english(self) -> str:
        """'over 6,000,000 t' style text for the English panel."""
        v = self.value
        num = f"{v:,.0f}" if float(v).is_integer() else f"{v:,.4f}".rstrip("0").rstrip(".")
        if self.unit == "%" and round(v, 2) != v:
            num = f"{v:.1f}"  # a fraction read as a share: 三分之二 -> 66.7 %
        out = f"{self.qualifier} {num} {self.unit}".strip()
        if self.km2 is not None and self.unit == "mu":
            out += f" ({self.km2:.3g} km²)"
        return out


def _cn_int(s: str) -> float:
    """Chinese numerals up to the hundreds (十, 二十四, 一百) and fractions (三分之二)."""
    if "分之" in s:
        den, num = s.split("分之")
        return _cn_int(num) / _cn_int(den)
    total, cur = 0, 0
    for ch in s:
        if ch in _CN_DIGITS:
            cur = _CN_DIGITS[ch]
        elif ch == "十":
            total += (cur or 1) * 10
            cur = 0
        elif ch == "百":
            total += (cur or 1) * 100
            cur = 0
        else:
            raise QuantityError(f"not a Chinese numeral: {s!r}")
    return float(total + cur)


def parse_quantity(text: str) -> Quantity:
    """Parse one quantity text as printed (spaces allowed: "30000 多亩")."""
    compact = re.sub(r"\s+", "", text)
    m = _RE.match(compact)
    if not m:
        raise QuantityError(f"cannot read a quantity in {text!r}")
    raw = m["num"]
    if raw is None:
        # 超万人, 千多个: a bare multiplier is a number only after a qualifier ("亿元" alone is none)
        if not m["mult"] or not (m["pre"] or m["post2"]):
            raise QuantityError(f"cannot read a quantity in {text!r}")
        raw = "1"
    value = float(raw) if raw[0].isdigit() else _cn_int(raw)
    value *= _MULT.get(m["mult"] or "", 1)
    qualifier = _PREFIX_Q.get(m["pre"] or "", "")
    for post in (m["post1"], m["post2"], m["post3"]):
        if post:
            qualifier = qualifier or _POST_Q[post]
    unit_text = m["unit"]
    if "分之" in raw:  # a share: 三分之二 is 66.7 %, never a count
        if unit_text:
            raise QuantityError(f"a fraction with a unit ({unit_text!r}) in {text!r}")
        unit, value = "%", value * 100
    elif unit_text in _UNITS:
        unit, factor = _UNITS[unit_text]
        value *= factor
    elif unit_text in _COUNTERS or unit_text == "":
        unit = unit_text or "count"
    else:
        raise QuantityError(f"unknown unit {unit_text!r} in {text!r}")
    return Quantity(text=text, value=round(value, 6), unit=unit, qualifier=qualifier)


# A number with what may follow it, for `coverage`: finds printed quantities in prose.
NUMBER_IN_TEXT = re.compile(r"\d+(?:\.\d+)?")
_UNIT_WORDS = "|".join(re.escape(u) for u in sorted([*_UNITS, *_COUNTERS], key=len, reverse=True))
# Numbers in Chinese characters followed by a unit or counter (十大, 两大, 超万人, 三分之二): `coverage`
# reads them like Arabic ones. A lone 一 is the article "a" (一批, 一条心), not a count; a bare
# 万/千 counts only after a qualifier (超万人, 千多个); ordinals (第十五次) are not quantities.
_CN = "零一二两三四五六七八九十百千万"
CN_NUMBER_IN_TEXT = re.compile(
    rf"(?<![第\d.{_CN}])(?:"
    r"[一二三四五六七八九十]+分之[一二三四五六七八九十]+"
    rf"|(?:约|近|超过|超|逾|上)?(?!一(?![{_CN}]))[一二两三四五六七八九十][{_CN}]*(?:多|余)?(?:{_UNIT_WORDS})"
    rf"|(?:(?:约|近|超过|超|逾|上)(?:万|千)|(?:万|千)(?:多|余))(?:{_UNIT_WORDS}))")
