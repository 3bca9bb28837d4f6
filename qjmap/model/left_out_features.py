"""Named places the articles mention that the catalogue deliberately does not map.

Each layer file may list them under `left_out_features` ({doc, paragraph, text, reason},
optional `name` when the printed words are an OCR slip or an abbreviation), so a reader can
see what was left out and why. `problems()` checks every entry against its paragraph the way
figures are checked: each "、"-separated part of `text` is printed there (spaces ignored).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from qjmap.model.catalogue import Catalogue
from qjmap.paths import resource_path


def entries(layers_dir: Path | None = None) -> list[tuple[str, dict]]:
    """(layer file name, entry) for every left-out feature in the layer files (shipped by default)."""
    out = []
    for path in sorted((layers_dir or resource_path("layers")).glob("*.json")):
        out += [(path.name, e) for e in json.loads(path.read_text(encoding="utf-8")).get("left_out_features", [])]
    return out


def problems(cat: Catalogue, layers_dir: Path | None = None) -> list[str]:
    out = []
    for where, e in entries(layers_dir):
        tag = f"{where} left_out_features {e.get('text', '?')!r}"
        if not str(e.get("reason", "")).strip():
            out.append(f"{tag}: no reason")
        src = cat.sources.get(e.get("doc", ""))
        try:
            text = re.sub(r"\s+", "", src.paragraph(int(e["paragraph"])).text) if src else None
        except (KeyError, ValueError):
            text = None
        if text is None:
            out.append(f"{tag}: no such article paragraph {e.get('doc')} ¶{e.get('paragraph')}")
            continue
        missing = [t for t in str(e.get("text", "")).split("、") if not t.strip() or re.sub(r"\s+", "", t) not in text]
        if missing:
            out.append(f"{tag}: not printed in {e['doc']} ¶{e['paragraph']}: {missing}")
    return out
