"""The five source articles: cleaning OCR text into stable paragraphs, and loading them.

The seeds are OCR'd newspaper pages: lines wrap mid-sentence, blank lines fall inside
paragraphs, captions interrupt sentences and, in 000 and 001, columns are interleaved.
`clean_paragraphs` repairs only those layout faults, driven by an explicit per-article
repair list, so every change to the text is written down and the words stay verbatim.
This module is pure Python: no Qt, no folium.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from qjmap.paths import resource_path

# A line ends a paragraph when it ends a sentence: 。？！ optionally followed by a
# closing quote or bracket. A closing quote alone does not (“盆地的花园”\n向…).
_SENTENCE_END = re.compile(r"[。？！?!]\s*[”’」』）)]?\s*$")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")


class SourceError(ValueError):
    """A repair in the source spec does not match the seed text."""


@dataclass(frozen=True)
class Paragraph:
    n: int
    kind: str  # title, heading, byline, caption, stray, body
    text: str


@dataclass
class Source:
    doc: str
    title: str
    outlet: str
    date_printed: str
    year: int
    year_reason: str
    author: str
    seed_file: str
    paragraphs: list[Paragraph]
    repairs: list[dict] = field(default_factory=list)
    ocr: list[dict] = field(default_factory=list)
    # "plan" (a policy proposal: what it says is to be done) or "report" (what has been done);
    # the status rules read a plan's sentences as intentions (qjmap.model.status_rules).
    genre: str = "report"
    # True/False when the article is known to be from the first quarter or not, None if unknown:
    # decides whether 全年 means the year before the article's (qjmap.model.dates).
    early_in_year: bool | None = None

    def paragraph(self, n: int) -> Paragraph:
        if not 1 <= n <= len(self.paragraphs):
            raise KeyError(f"{self.doc} has no paragraph {n}")
        return self.paragraphs[n - 1]

    def citation(self) -> str:
        parts = [f"《{self.title}》", self.outlet, self.date_printed or f"{self.year}年（推断）"]
        if self.author:
            parts.append(self.author)
        return "，".join(p for p in parts if p)


def _join(left: str, right: str) -> str:
    """Join two wrapped pieces; only Latin words/numbers split by a wrap need a space."""
    if left and right and _ASCII_WORD.match(left[-1]) and _ASCII_WORD.match(right[0]):
        return left + " " + right
    return left + right


def _markdown_kind(line: str) -> str | None:
    """Article 002 arrived with Markdown heading marks: '#' title, '##' section."""
    if line.startswith("## "):
        return "heading"
    return "title" if line.startswith("# ") else None


def _apply_line_repairs(lines: list[str], spec: dict) -> list[str]:
    for rep in spec.get("split_lines", []):
        try:
            i = lines.index(rep["line"])
        except ValueError:
            raise SourceError(f"split_lines: line not found: {rep['line']!r}") from None
        if "".join(rep["into"]).replace(" ", "") != rep["line"].replace(" ", ""):
            raise SourceError(f"split_lines changes the words of {rep['line']!r}")
        lines[i:i + 1] = rep["into"]
    for rep in spec.get("moves", []):
        start = next((i for i, l in enumerate(lines) if l.startswith(rep["start"])), None)
        if start is None:
            raise SourceError(f"moves: start not found: {rep['start']!r}")
        end = next((i for i in range(start, len(lines)) if lines[i].endswith(rep["end"])), None)
        if end is None:
            raise SourceError(f"moves: end not found: {rep['end']!r}")
        block = lines[start:end + 1]
        del lines[start:end + 1]
        if rep["after"] == "":
            at = 0
        else:
            at = next((i + 1 for i, l in enumerate(lines) if l == rep["after"]), None)
            if at is None:
                raise SourceError(f"moves: anchor not found: {rep['after']!r}")
        lines[at:at] = block
    return lines


def clean_paragraphs(raw: str, spec: dict | None = None) -> list[Paragraph]:
    """Turn OCR text into paragraphs, applying only the repairs listed in `spec`.

    spec keys (all optional): title, headings, bylines, captions (exact lines, each
    becomes its own paragraph; a caption that interrupts a sentence is emitted after
    that paragraph), breaks_after (line endings that end a paragraph although they
    end no sentence), split_lines and moves (column repairs, see geodata/sources).
    """
    spec = spec or {}
    lines = [l.strip() for l in raw.replace("\r\n", "\n").replace("\ufeff", "").split("\n")]
    lines = _apply_line_repairs(lines, spec)
    tagged = {spec.get("title", ""): "title"} if spec.get("title") else {}
    for key, kind in (("headings", "heading"), ("bylines", "byline"), ("captions", "caption"),
                      ("strays", "stray")):
        tagged.update({t: kind for t in spec.get(key, [])})
    breaks = tuple(spec.get("breaks_after", []))

    out: list[tuple[str, str]] = []
    pending: list[tuple[str, str]] = []  # tagged lines met inside an unfinished paragraph
    body = ""

    def flush():
        nonlocal body
        if body:
            out.append(("body", body))
            body = ""
        out.extend(pending)
        pending.clear()

    for line in lines:
        if not line:
            continue
        kind = tagged.get(line) or _markdown_kind(line)
        if kind:
            (pending if body else out).append((kind, line.lstrip("# ").strip()))
            continue
        body = _join(body, line)
        if _SENTENCE_END.search(line) or (breaks and line.endswith(breaks)):
            flush()
    flush()
    return [Paragraph(n, kind, text) for n, (kind, text) in enumerate(out, start=1)]


def _read_json(path) -> dict:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def load_source(doc: str) -> Source:
    """Load one cleaned article from geodata/sources/<doc>.json."""
    data = _read_json(resource_path("geodata", "sources", f"{doc}.json"))
    paras = [Paragraph(p["n"], p["kind"], p["text"]) for p in data.pop("paragraphs")]
    return Source(paragraphs=paras, **data)


def load_sources() -> dict[str, Source]:
    index = _read_json(resource_path("geodata", "sources", "index.json"))
    return {doc: load_source(doc) for doc in index["docs"]}
