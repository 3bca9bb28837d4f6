"""The status rule table: which words of an article are evidence of which stage of a project.

A feature's status is only what an article says, as of that article. Whether a quote says
"planned" or "under construction" is decided here, by a written table and a few context
rules, not by judgement case by case; `validate` applies it to every status_history entry:

- planning words (规划, 拟, 谋划, 启动建设 …) are evidence of *planned* wherever they stand;
- a start (开工, 动工, 在建, 正在建设 …) is evidence of *under construction*; 加快建设 without a
  stated start is not, and neither is 加快推进;
- opening and running (投运, 运营, 开港, 通航, 投用, 开业 …) are evidence of *in operation*;
- finishing (建成, 竣工, 落成 …) is evidence of *completed*;
- but in a plan (an article of genre "plan", a sentence with 将/力争/到2022年…, or a paragraph
  that opens with 还要/展望…) every one of these words, and the plain verbs of intent (推进,
  建设, 打造 …), are evidence of *planned* only — unless its clause says it is already so
  (已, 以来, 先后, 目前);
- 即将建成 / 落成在即 (about to be finished) is evidence of *under construction*;
- 建成后, 通车后 … (once built) and 加快建成 … (to hurry to finish) speak of the future.
Pure Python.
"""
from __future__ import annotations

import re

from qjmap.model.sentences import clause_span, sentence_of

STATUS_RANK = {"planned": 0, "under construction": 1, "in operation": 2, "completed": 2}

# The rule table: status -> the words that are evidence of it (a regex of alternatives).
RULES: tuple[tuple[str, re.Pattern], ...] = tuple((s, re.compile(p)) for s, p in (
    ("planned", r"规划|拟|谋划|将建|启动建设|前期|预留|提上日程|批复|计划|筹建"),
    ("under construction", r"开工|动工|在建|建设中|施工|开建|正在[^，。；,;]{0,6}建设"),
    # 作业 (working, handling cargo), but not in the name 作业区 (a port's terminal)
    ("in operation", r"投运|运营|开港|通航|已投入|投用|开通|通车|开业|开放以来|开园|开学|投产|运行|营业|贯通|作业(?!区)"),
    ("completed", r"建成|竣工|落成|完工|贯通|成功创建|成功打造"),
))
# Verbs of intent: evidence of "planned" in a plan, of nothing in a report (they name no stage).
INTENT = re.compile(r"推进|推动|建设|打造|开发|创建|实施|提质|提升")
# A sentence that speaks of the future; a paragraph whose first sentence opens an outlook.
FUTURE = re.compile(r"将|还要|力争|预计|届时|争取|目标|展望|今后|到\s*\d{4}\s*年")
OUTLOOK = re.compile(r"还要|展望|未来五年|期间")
# A clause that says it is already so.
ALREADY = re.compile(r"已|以来|先后|目前")
# Directly before a finishing/opening word: an intention (加快建成), not a fact.
_HURRY = re.compile(r"(加快|加速|力争|争取|推进|推动|确保)$")
_YEAR = re.compile(r"(\d{4})\s*年")
# 建成后, 建成通车后 … : "once it is built/open", a condition in the future.
_ONCE = re.compile(r"(?:通车|投用|投运|投产|运营|开通|通航|开港)?以?后")


def _future_context(paragraph: str, sentence: str, genre: str) -> bool:
    first = re.split(r"[。！？]", paragraph, maxsplit=1)[0]
    return genre == "plan" or bool(FUTURE.search(sentence)) or bool(OUTLOOK.search(first))


def evidence(paragraph: str, quote: str, genre: str, year: int) -> set[str]:
    """The statuses the words of `quote` are evidence of, read in their sentence and article."""
    sentence, start = sentence_of(paragraph, quote)
    end = start + len(quote)
    future = _future_context(paragraph, sentence, genre)
    found: set[str] = set()
    if future and INTENT.search(sentence, start, end):
        found.add("planned")
    for status, pattern in RULES:
        for m in pattern.finditer(sentence, start, end):
            if status == "planned":
                found.add(status)
                continue
            a, b = clause_span(sentence, m.start())
            before = sentence[a:m.start()]
            later = any(int(y) > year for y in _YEAR.findall(before))
            if ALREADY.search(sentence, a, b) and not later:
                found.add(status)
            elif before.endswith("即将") or sentence.startswith("在即", m.end()):
                found.add("under construction")
            elif future or later or _ONCE.match(sentence, m.end()) or _HURRY.search(before):
                found.add("planned")
            else:
                found.add(status)
    return found


def _names(f) -> list[str]:
    names = [f.name_zh, getattr(f, "short_zh", ""), *f.aliases]
    names += re.split(r"[（）()]", f.name_zh)
    return [n.replace(" ", "") for n in names if len(n.strip()) >= 2]


def entry_problems(src, f, where: str, e) -> list[str]:
    """One entry whose citation resolves (validate checks that first): evidenced under the table,
    dated by its article, and naming the feature in its sentence."""
    out: list[str] = []
    if e.status not in STATUS_RANK:
        return [f"{where}: status {e.status!r} not one of {tuple(STATUS_RANK)}"]
    text = src.paragraph(e.paragraph).text
    found = evidence(text, e.quote, src.genre, src.year)
    if e.status not in found:
        said = ", ".join(sorted(found)) or "no stage at all"
        out.append(f"{where}: the quote is no evidence of {e.status!r} under the status rules "
                   f"(it says: {said}): {e.quote!r}")
    sentence, _ = sentence_of(text, e.quote)
    out += _date_problems(where, e.as_of, src.year, sentence)
    if not any(n in sentence.replace(" ", "") for n in _names(f)):
        out.append(f"{where}: its sentence does not name the feature ({f.name_zh})")
    return out


def order_problems(f) -> list[str]:
    """A later article never puts a feature back a stage (planned after in operation)."""
    out = []
    for a, b in zip(f.status_history, f.status_history[1:]):
        if STATUS_RANK.get(b.status, 9) < STATUS_RANK.get(a.status, -1):
            out.append(f"{f.id}: status goes back from {a.status!r} ({a.doc}, {a.as_of}) "
                       f"to {b.status!r} ({b.doc}, {b.as_of})")
    return out


def _date_problems(where: str, as_of: str, year: int, sentence: str) -> list[str]:
    """A status is as of its article: the article's year, and a month/day only if printed."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", as_of or "")
    if not m or int(m[1]) != year:
        return [f"{where}: as_of {as_of!r} is not the article's year {year}"]
    if m[2] and f"{int(m[2])}月" not in sentence or m[3] and f"{int(m[3])}日" not in sentence:
        return [f"{where}: as_of {as_of!r} gives a month or day its sentence does not print"]
    return []
