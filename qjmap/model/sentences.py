"""Sentences and clauses of a paragraph: the context the status and date rules read.

A quote is a fragment; whether it states a fact or an intention, and which year it
speaks of, depends on its sentence (还要…, 去年…, 到2022年…). Pure Python.
"""
from __future__ import annotations

import re

# A sentence ends at 。！？ or at an ellipsis (……), which in these articles closes an enumeration.
_SENTENCE_END = re.compile(r"[。！？!?]|……|…")
# Clauses are separated by commas and semicolons (not by 、, which lists the subjects of one clause)
# and end with their sentence.
CLAUSE_SEP = re.compile(r"[，,；;：:。！？!?]|……|…")


def sentence_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence(s) of `text` that contain text[start:end]."""
    a = 0
    for m in _SENTENCE_END.finditer(text):
        if m.end() <= start:
            a = m.end()
        elif m.start() >= end:
            return a, m.end()
    return a, len(text)


def sentence_of(text: str, quote: str) -> tuple[str, int]:
    """(sentence, offset of the quote in it) for the first occurrence of `quote` in `text`."""
    i = text.find(quote)
    if i < 0:
        raise ValueError(f"quote not in text: {quote!r}")
    a, b = sentence_span(text, i, i + len(quote))
    return text[a:b], i - a


def clause_span(sentence: str, pos: int) -> tuple[int, int]:
    """The clause of `sentence` around position `pos` (between commas/semicolons)."""
    a = max((m.end() for m in CLAUSE_SEP.finditer(sentence, 0, pos)), default=0)
    m = CLAUSE_SEP.search(sentence, pos)
    return a, (m.start() if m else len(sentence))
