"""Attribute values made JSON-safe, and the column shown as a feature's name.

Text stays verbatim: escaping is the page's job.
"""
from __future__ import annotations

import math
from datetime import date, datetime, time as dtime

NAME_COLUMNS = ("name", "名称", "title")  # matched case-insensitively, in this order


def json_value(v):
    """A JSON-safe copy of one attribute value; text stays verbatim (escaping is the page's job)."""
    if v is None or isinstance(v, (str, bool, int)):
        return v
    if isinstance(v, float):
        return v if math.isfinite(v) else None
    if isinstance(v, (bytes, bytearray, memoryview)):
        b = bytes(v)
        try:
            return b.decode("utf-8")
        except UnicodeDecodeError:
            return b.hex()
    if isinstance(v, (datetime, date, dtime)):
        try:
            return v.isoformat()
        except ValueError:  # NaT
            return None
    if isinstance(v, (list, tuple)) or type(v).__name__ == "ndarray":
        return [json_value(x) for x in list(v)]
    if isinstance(v, dict):
        return {str(k): json_value(x) for k, x in v.items()}
    if hasattr(v, "item"):  # numpy scalar
        return json_value(v.item())
    if type(v).__name__ in ("NAType", "NaTType"):
        return None
    return str(v)


def json_column(s) -> list:
    kind = s.dtype.kind
    values = s.tolist()
    if kind in "iub":
        return values
    if kind == "f":
        return [v if math.isfinite(v) else None for v in values]
    return [json_value(v) for v in values]


def name_column(columns: list[str], values: list[list]) -> str | None:
    """The column shown as the feature's name: name/名称/title, else the first text column."""
    if "name" in columns:
        return "name"
    lower = [c.lower() for c in columns]
    for want in NAME_COLUMNS:
        if want in lower:
            return columns[lower.index(want)]
    for c, vals in zip(columns, values):
        if any(isinstance(v, str) for v in vals):
            return c
    return None
