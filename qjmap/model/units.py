"""Unit and label rules for figures: the printed unit belongs to the figure, once.

- the unit printed right after a number is part of its text (7.36万家次, not 7.36万 + 家次);
- a label never repeats the multiplier of its unit (惠及市场主体, not 惠及市场主体（万家次）):
  the value is already 73,600;
- a share is a percentage: labels that say 比例/占比/比重 carry % (三分之二 is 66.7 %).
Pure Python.
"""
from __future__ import annotations

import re

from qjmap.model.numbers import QuantityError, parse_quantity

_MULT_IN_LABEL_ZH = re.compile(r"[（(][^）)]*[万亿][^）)]*[）)]")
_MULT_IN_LABEL_EN = re.compile(r"10,000|10 000|100,000,000|100 million|ten thousand|hundred million", re.I)
_SHARE = re.compile(r"比例|占比|比重|份额|率(?:（|$)")


def unit_problems(where: str, fig) -> list[str]:
    """Problems with how a figure's unit and label are written (its citation checked first)."""
    out = []
    at = fig.quote.find(fig.text)
    if at >= 0:
        after = fig.quote[at + len(fig.text):at + len(fig.text) + 4]
        for k in range(1, len(after) + 1):
            try:
                q = parse_quantity(fig.text + after[:k])
            except QuantityError:
                continue
            if q.unit != fig.unit:
                out.append(f"{where}: the unit printed after {fig.text!r} ({after[:k]!r}) is left out of "
                           f"the figure's text")
                break
    mult = re.search(r"万亿|亿|万|千", fig.text)
    unit_word = fig.text[mult.end():].strip() if mult else ""
    if _MULT_IN_LABEL_ZH.search(fig.label_zh) or (mult and unit_word and mult.group() + unit_word in fig.label_zh):
        out.append(f"{where}: label_zh {fig.label_zh!r} repeats a multiplier (万/亿) the value already has")
    if _MULT_IN_LABEL_EN.search(fig.label_en):
        out.append(f"{where}: label_en {fig.label_en!r} repeats a multiplier the value already has")
    if _SHARE.search(fig.label_zh) and fig.unit not in ("%", "pp"):
        out.append(f"{where}: {fig.label_zh!r} is a share, but its unit is {fig.unit!r}, not %")
    return out
