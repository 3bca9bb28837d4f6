"""The list of named places left unmapped: every entry is printed where it says, with a reason."""
from __future__ import annotations

import json

from qjmap.model.left_out_features import entries, problems


def test_shipped_list_is_checked_and_clean(catalogue):
    assert problems(catalogue) == []
    texts = {e["text"] for _, e in entries()}
    assert "绿海飞地" in texts and "城东片区" in texts   # left out, with reasons


def test_a_name_not_in_its_paragraph_or_without_reason_is_reported(catalogue, tmp_path):
    (tmp_path / "ports.json").write_text(json.dumps({"left_out_features": [
        {"doc": "004", "paragraph": 8, "text": "绿海飞地", "reason": "not located"},
        {"doc": "004", "paragraph": 8, "text": "绿海飞地、火星基地", "reason": "invented name"},
        {"doc": "001", "paragraph": 28, "text": "城东片区", "reason": ""},
        {"doc": "004", "paragraph": 999, "text": "绿海飞地", "reason": "bad paragraph"},
    ]}, ensure_ascii=False), encoding="utf-8")
    found = problems(catalogue, tmp_path)
    assert len(found) == 3
    assert any("火星基地" in p and "not printed in 004 ¶8" in p for p in found)
    assert any("'城东片区'" in p and "no reason" in p for p in found)   # printed '城东 片区': spaces ignored
    assert any("no such article paragraph 004 ¶999" in p for p in found)
