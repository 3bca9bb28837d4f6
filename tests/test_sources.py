"""Paragraph cleaning: unit cases, and the committed cleaned copies against the seeds."""
import json
from collections import Counter

import pytest

from qjmap.paths import resource_path, seeds_dir
from qjmap.model.sources import SourceError, clean_paragraphs, load_sources

SPEC = json.loads(resource_path("geodata", "sources", "spec.json").read_text(encoding="utf-8"))["docs"]


def texts(paras):
    return [(p.kind, p.text) for p in paras]


def test_wrapped_lines_and_blank_lines_inside_a_sentence_are_joined():
    raw = "衢州市委作出加快建设四省边际中心城市\n\n的重要决定，以“大三城”优化\n城市空间。\n下一段。\n"
    assert texts(clean_paragraphs(raw)) == [
        ("body", "衢州市委作出加快建设四省边际中心城市的重要决定，以“大三城”优化城市空间。"),
        ("body", "下一段。")]


def test_closing_quote_alone_does_not_end_a_paragraph():
    raw = "实现从“盆地的花园”\n向“通江达海的花园”的美丽蜕变。"
    assert len(clean_paragraphs(raw)) == 1


def test_sentence_end_with_closing_quote_and_space_ends_a_paragraph():
    raw = "已经有不少\n游客纷纷预订了。 ”\n同样是在西山下村。"
    assert [p.text for p in clean_paragraphs(raw)] == ["已经有不少游客纷纷预订了。 ”", "同样是在西山下村。"]


def test_latin_words_split_by_a_wrap_keep_their_space():
    assert clean_paragraphs("融入 G60\nRCEP 框架。")[0].text == "融入 G60 RCEP 框架。"
    assert clean_paragraphs("加入 G60\n科创走廊。")[0].text == "加入 G60科创走廊。"


def test_headings_titles_captions_and_breaks():
    spec = {"title": "标题", "headings": ["小标题"], "captions": ["图片说明"], "breaks_after": ["没有句号"]}
    raw = "标题\n小标题\n产\n\n图片说明\n\n业体系。\n一段没有句号\n下一段。"
    assert texts(clean_paragraphs(raw, spec)) == [
        ("title", "标题"), ("heading", "小标题"), ("body", "产业体系。"), ("caption", "图片说明"),
        ("body", "一段没有句号"), ("body", "下一段。")]


def test_markdown_marks_become_title_and_heading():
    assert texts(clean_paragraphs("# 大标题\n## 小节\n正文。")) == [
        ("title", "大标题"), ("heading", "小节"), ("body", "正文。")]


def test_column_move_and_split_line():
    spec = {"split_lines": [{"line": "甲 乙", "into": ["甲", "乙"]}], "headings": ["甲", "乙"],
            "moves": [{"start": "属于甲", "end": "完。", "after": "甲"}]}
    raw = "甲 乙\n属于乙。\n属于甲\n的内容完。"
    assert texts(clean_paragraphs(raw, spec)) == [
        ("heading", "甲"), ("body", "属于甲的内容完。"), ("heading", "乙"), ("body", "属于乙。")]


def test_a_repair_that_does_not_match_fails_loudly():
    with pytest.raises(SourceError):
        clean_paragraphs("正文。", {"moves": [{"start": "不存在", "end": "。", "after": ""}]})
    with pytest.raises(SourceError):
        clean_paragraphs("甲 乙", {"split_lines": [{"line": "甲 乙", "into": ["甲", "丙"]}]})


@pytest.mark.parametrize("doc", sorted(SPEC))
def test_cleaning_keeps_every_character_of_the_seed(doc):
    """Nothing lost, nothing added: the same characters; whitespace and Markdown '#' marks go."""
    raw = (seeds_dir() / SPEC[doc]["seed_file"]).read_text(encoding="utf-8")
    paras = clean_paragraphs(raw, SPEC[doc])
    strip = lambda s: Counter(ch for ch in s if not ch.isspace())  # noqa: E731
    unmarked = "\n".join(line.lstrip("#") for line in raw.splitlines())
    assert strip("".join(p.text for p in paras)) == strip(unmarked)


@pytest.mark.parametrize("doc", sorted(SPEC))
def test_committed_copy_matches_a_fresh_build(doc):
    raw = (seeds_dir() / SPEC[doc]["seed_file"]).read_text(encoding="utf-8")
    built = [(p.n, p.kind, p.text) for p in clean_paragraphs(raw, SPEC[doc])]
    committed = load_sources()[doc]
    assert built == [(p.n, p.kind, p.text) for p in committed.paragraphs]


def test_000_columns_are_repaired():
    src = load_sources()["000"]
    kinds = [(p.kind, p.text) for p in src.paragraphs if p.kind == "heading"]
    assert [t for _, t in kinds][1:] == ["格局之变 多式联运通江达海", "乡村之变 “两山银行”强村富民",
                                          "治理之变 区乡联动高效治理"]
    heading = next(p.n for p in src.paragraphs if p.text.startswith("格局之变"))
    assert src.paragraph(heading + 1).text.startswith("“我们每周通过该航线运输货物")


def test_ocr_slips_are_marked_not_rewritten():
    src = load_sources()["001"]
    marks = {m["text"]: m for m in src.ocr}
    assert "列人" in marks and marks["列人"]["reading"] == "列入"
    for m in src.ocr:
        for n in m["paragraphs"]:
            assert m["text"] in src.paragraph(n).text


def test_every_source_has_metadata():
    for doc, src in load_sources().items():
        assert src.title and src.year and src.year_reason, doc
        assert src.citation().startswith("《")
