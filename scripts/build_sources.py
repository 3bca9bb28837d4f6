"""Build geodata/sources/<doc>.json (cleaned paragraphs + provenance) from ../shared/seeds.

Run after editing geodata/sources/spec.json. The output is committed so the app and
CI never need the seeds at run time; tests rebuild and compare to keep them in step.
"""
from __future__ import annotations

import json
import sys

from qjmap.paths import resource_path, seeds_dir
from qjmap.model.sources import clean_paragraphs

META = ("title", "outlet", "date_printed", "year", "year_reason", "author", "seed_file", "genre", "early_in_year")
DEFAULTS = {"genre": "report", "early_in_year": None}


def build_doc(doc: str, spec: dict) -> dict:
    raw = (seeds_dir() / spec["seed_file"]).read_text(encoding="utf-8")
    paras = clean_paragraphs(raw, spec)
    repairs = [dict(kind=k, **r) for k in ("split_lines", "moves") for r in spec.get(k, [])]
    repairs += [{"kind": "breaks_after", "text": t,
                 "reason": "the printed paragraph ends without a full stop"} for t in spec.get("breaks_after", [])]
    repairs += [{"kind": "caption", "text": t,
                 "reason": "photo caption set apart from the sentence it interrupted"} for t in spec.get("captions", [])]
    if any(line.startswith("#") for line in raw.splitlines()):
        repairs.append({"kind": "markdown", "reason": "Markdown heading marks ('#', '##') removed; "
                        "those lines are kept as title and section headings"})
    repairs.append({"kind": "line_breaks",
                    "reason": "OCR line breaks and blank lines inside sentences joined; a paragraph ends where a line ends a sentence (。？！)"})
    ocr = []
    for mark in spec.get("ocr", []):
        where = [p.n for p in paras if mark["text"] in p.text]
        if not where:
            raise SystemExit(f"{doc}: OCR mark {mark['text']!r} not found in any paragraph")
        ocr.append(dict(mark, paragraphs=where))
    out = {"doc": doc, **{k: spec.get(k, DEFAULTS.get(k, "")) for k in META}, "repairs": repairs, "ocr": ocr,
           "paragraphs": [{"n": p.n, "kind": p.kind, "text": p.text} for p in paras]}
    return out


def main() -> int:
    spec = json.loads(resource_path("geodata", "sources", "spec.json").read_text(encoding="utf-8"))
    docs = sorted(spec["docs"])
    for doc in docs:
        data = build_doc(doc, spec["docs"][doc])
        path = resource_path("geodata", "sources", f"{doc}.json")
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{doc}: {len(data['paragraphs'])} paragraphs, {len(data['ocr'])} OCR marks")
    resource_path("geodata", "sources", "index.json").write_text(
        json.dumps({"docs": docs}, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
