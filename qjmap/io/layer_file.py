"""A UserLayer as a GeoJSON file with one feature per line, and a reader that takes it in slices.

`qjmap import --out` writes this (it is ordinary GeoJSON: a FeatureCollection with `bbox` and
a "qjmap" member of metadata). The window reads the child's output with LayerReader a few
thousand features at a time between events: one json.loads of 100,000 features holds the GIL
for a second or more, which would freeze the window just as GDAL did.
"""
from __future__ import annotations

import json
import os

from qjmap.io.atomic import write_atomic
from qjmap.io.problems import UserLayer

_TAIL = "\n]}\n"


def write_layer(layer: UserLayer, path: str | os.PathLike) -> None:
    """Header line, then one feature per line; written whole or not at all."""
    head = layer.to_geojson()
    feats = head.pop("features")
    dump = lambda o: json.dumps(o, ensure_ascii=False, allow_nan=False, separators=(",", ":"))  # noqa: E731
    text = dump(head)[:-1] + ',"features":[\n' + ",\n".join(dump(f) for f in feats) + _TAIL
    write_atomic(path, text.encode("utf-8"))


class LayerReader:
    """`step(n)` parses up to n more features and returns True when the layer is complete."""

    def __init__(self, path: str | os.PathLike):
        self.file = open(path, "rb")
        first = self.file.readline().decode("utf-8")
        self.head = json.loads(first[:first.rindex(',"features":[')] + "}")
        self.features: list = []
        self.layer: UserLayer | None = None

    def step(self, n: int) -> bool:
        for _ in range(n):
            line = self.file.readline()
            if not line.strip() or line.startswith(b"]}"):
                self.file.close()
                self.layer = UserLayer.from_geojson({**self.head, "features": self.features})
                return True
            self.features.append(json.loads(line.rstrip(b",\r\n")))
        return False

    def close(self) -> None:
        self.file.close()
