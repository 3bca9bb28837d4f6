"""One pyogrio read: GDAL failures become a "corrupt" ImportProblem, GDAL warnings become notes."""
from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

from qjmap.io.problems import ImportProblem, corrupt

if TYPE_CHECKING:  # datasets imports this module
    from qjmap.io.datasets import Dataset


def read_gdal(ds: "Dataset", layer: str | None, encoding: str | None):
    """One pyogrio read; GDAL failures become 'corrupt', GDAL warnings become notes."""
    import pyogrio
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            # use_arrow=False: the strict Python decode above depends on pyogrio's own path.
            gdf = pyogrio.read_dataframe(ds.gdal_path, layer=layer, encoding=encoding, use_arrow=False,
                                         datetime_as_string=True, on_invalid="warn")
        except UnicodeDecodeError:
            if encoding is not None:
                raise
            raise ImportProblem("encoding", ds.label, "文件中的文字不是 UTF-8 编码。GeoJSON/KML 须为 UTF-8，请另存为 UTF-8 后重试。",
                                "its text is not valid UTF-8. GeoJSON and KML must be UTF-8: re-save it "
                                "as UTF-8 and try again.") from None
        except Exception as exc:  # pyogrio raises several error types; all mean "cannot read"
            raise corrupt(ds.label, exc, ds.gdal_path) from None
    return gdf, [f"GDAL: {w.message}" for w in caught]
