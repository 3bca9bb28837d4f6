"""One GDAL read into plain arrays: failures become a "corrupt" ImportProblem, warnings become notes.

pyogrio's raw reader, not read_dataframe: the installed build ships pyogrio (GDAL) and pyproj
but not pandas/geopandas (about 90 MB), so nothing on the import path may need them.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING

from qjmap.io.problems import ImportProblem, corrupt

if TYPE_CHECKING:  # datasets imports this module
    from qjmap.io.datasets import Dataset


@dataclass
class Frame:
    """One layer: shapely geometries (None where a feature has none), its columns, its CRS."""
    geoms: object          # numpy object array of shapely geometries
    columns: list[str]
    values: list           # one numpy array per column
    crs: object = None     # pyproj.CRS, or None when the file declares none

    def take(self, mask) -> "Frame":
        return Frame(self.geoms[mask], self.columns, [v[mask] for v in self.values], self.crs)


def read_gdal(ds: "Dataset", layer: str | None, encoding: str | None) -> tuple[Frame, list[str]]:
    """One pyogrio read; GDAL failures become 'corrupt', GDAL warnings become notes."""
    import pyogrio.raw
    import shapely
    from pyproj import CRS
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            # With `encoding=` pyogrio decodes in Python, strictly (the shapefile reader relies on it).
            meta, _, wkb, fields = pyogrio.raw.read(ds.gdal_path, layer=layer, encoding=encoding,
                                                     datetime_as_string=True)
            geoms = shapely.from_wkb(wkb, on_invalid="warn")
            crs = CRS.from_user_input(meta["crs"]) if meta.get("crs") else None
        except UnicodeDecodeError:
            if encoding is not None:
                raise
            raise ImportProblem("encoding", ds.label, "文件中的文字不是 UTF-8 编码。GeoJSON/KML 须为 UTF-8，请另存为 UTF-8 后重试。",
                                "its text is not valid UTF-8. GeoJSON and KML must be UTF-8: re-save it "
                                "as UTF-8 and try again.") from None
        except Exception as exc:  # pyogrio raises several error types; all mean "cannot read"
            raise corrupt(ds.label, exc, ds.gdal_path) from None
    frame = Frame(geoms, [str(c) for c in meta["fields"]], list(fields), crs)
    return frame, [f"GDAL: {w.message}" for w in caught]
