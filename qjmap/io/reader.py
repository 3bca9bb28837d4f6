"""Read a GIS file an office user drops on the map into a plain WGS84 overlay, or say why not.

Staff bring whatever they have: Shapefiles (loose or zipped, often GBK text with no .cpg,
often CGCS2000 Gauss-Kruger metres), GeoJSON, GeoPackage, KML. Everything that stops an
import is an `ImportProblem` with a `kind` for code and a bilingual `message` naming the
file; everything guessed or repaired is a line in `UserLayer.warnings`, so nothing is
lost or changed silently. Reprojection and cleaning happen here, once; the page only
draws. Attribute text is untrusted and is NOT escaped here: the page must insert it as
text. pyogrio/pyproj/shapely are imported inside functions: this module is cheap to
import.
"""
from __future__ import annotations

from pathlib import Path

from qjmap.io.clean import clean
from qjmap.io.crs import parse_crs
from qjmap.io.datasets import DAMAGED, MAX_BYTES, TABLE_SUFFIXES, layers, resolve
from qjmap.io.gdal_read import read_gdal
from qjmap.io.layer import Piece, assemble
from qjmap.io.problems import ImportProblem, UserLayer
from qjmap.io.shapefile import check_shapefile, read_shapefile
from qjmap.io.table_layer import read_table_layer


def read_user_layer(path, *, max_bytes: int = MAX_BYTES, layer: str | None = None, crs=None,
                    lon: str | None = None, lat: str | None = None, wkt: str | None = None,
                    progress=None) -> UserLayer:
    """Read a user's file into a WGS84 FeatureCollection, or raise ImportProblem.

    Multi-layer files (KML folders, GeoPackages, zips of several shapefiles) become one
    overlay; each feature's `_layer` property then says where it came from. `layer`
    reads just that one (for a workbook: that sheet). `crs`, `lon`, `lat`, `wkt` are the
    choices for a table (CSV/.xlsx; qjmap.io.table_layer); `crs` also names the coordinate
    system of a GIS file that declares none. `progress(fraction)` is called now and then.
    """
    path = Path(path)
    datasets, name, close = resolve(path, max_bytes)
    user = parse_crs(crs) if isinstance(crs, str) else crs
    if path.suffix.lower() in TABLE_SUFFIXES:
        return read_table_layer(path, crs=user, lon=lon, lat=lat, wkt=wkt, sheet=layer, progress=progress)
    step = progress or (lambda f: None)
    pieces, encodings, skipped = [], [], []
    try:
        _read_datasets(datasets, layer, user, step, pieces, encodings, skipped)
    except DAMAGED as exc:  # reading a zip member or a header of damaged bytes
        raise ImportProblem("corrupt", path.name, "文件已损坏或无法读取。",
                            f"the file is damaged or cannot be read ({type(exc).__name__}: {exc}).", str(exc)) from None
    finally:
        close()
    return assemble(path, name, pieces, skipped, encodings)


def _read_datasets(datasets, layer, user, step, pieces, encodings, skipped) -> None:
    """Read and clean every layer of every dataset into `pieces` (and what was skipped)."""
    for ds in datasets:
        lyrs, tables = layers(ds, layer)
        skipped += tables
        for lyr in lyrs:
            if ds.parts is not None:
                check_shapefile(ds)
                frame, encoding, notes = read_shapefile(ds)
                encodings.append(encoding)
            else:
                frame, notes = read_gdal(ds, lyr, None)
            where = lyr or Path(ds.label).stem
            has_prj = ds.parts is not None and ds.parts[".prj"] is not None
            if user is not None and frame.crs is None:
                from pyproj import CRS
                frame.crs = CRS.from_epsg(user.epsg or 4326)
                notes.append(f"文件没有坐标系，按指定的 {user.label()} / the file declares no coordinate "
                             f"system: {user.label()} as given")
            shift = user if user is not None and user.epsg is None and user.key != "wgs84" else None
            geoms, props, crs_in, more, n_gone = clean(frame, ds.label, has_prj, shift)
            step(min(0.9, 0.1 + 0.8 * (len(pieces) + 1) / (len(datasets) * len(lyrs))))
            pieces.append(Piece(where, geoms, props.columns, props.values, crs_in, notes + more, n_gone))
