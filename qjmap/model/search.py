"""Find features by Chinese name, alias, English name, full pinyin or pinyin initials.

Keys are built once per catalogue; pypinyin is imported on the first search, not at
start-up. Ranking: exact match, then prefix, then substring; ties keep catalogue order.
"""
from __future__ import annotations

import re

from qjmap.model.catalogue import Catalogue, Feature

_NON_WORD = re.compile(r"[\s\-·・,，()（）'’]+")


def _norm(s: str) -> str:
    return _NON_WORD.sub("", s).lower()


def _pinyin_keys(text: str) -> tuple[str, str]:
    from pypinyin import Style, lazy_pinyin
    han = "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff")
    full = "".join(lazy_pinyin(han))
    initials = "".join(lazy_pinyin(han, style=Style.FIRST_LETTER))
    return full.lower(), initials.lower()


class SearchIndex:
    def __init__(self, cat: Catalogue):
        self._cat = cat
        self._keys: list[tuple[Feature, list[str]]] | None = None

    def _build(self) -> list[tuple[Feature, list[str]]]:
        out = []
        for f in self._cat.features:
            keys = [_norm(f.name_zh), _norm(f.name_en)] + [_norm(a) for a in f.aliases]
            for name in [f.name_zh, *f.aliases]:
                keys.extend(_pinyin_keys(name))
            out.append((f, [k for k in keys if k]))
        return out

    def warm(self) -> None:
        """Build the keys ahead of the first keystroke (pypinyin import included)."""
        if self._keys is None:
            self._keys = self._build()

    def search(self, query: str, limit: int = 25) -> list[Feature]:
        q = _norm(query)
        if not q:
            return []
        self.warm()
        ranked = []
        for i, (f, keys) in enumerate(self._keys):
            score = 0
            for k in keys:
                if k == q:
                    score = max(score, 3)
                elif k.startswith(q):
                    score = max(score, 2)
                elif q in k:
                    score = max(score, 1)
            if score:
                ranked.append((-score, i, f))
        ranked.sort(key=lambda t: (t[0], t[1]))
        return [f for _, _, f in ranked[:limit]]
