"""The catalogue and its checks: validate passes, breaks when a citation breaks, CLI output."""
from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys

import pytest

from qjmap.model.catalogue import LAYER_ORDER, PRECISIONS, CatalogueError, load_catalogue
from qjmap.paths import resource_path
from qjmap.model.coverage import coverage
from qjmap.model.validate import problems

PY = sys.executable


def run(*args):
    return subprocess.run([PY, "-m", "qjmap", *args], capture_output=True, text=True, timeout=120)


def test_validate_passes_on_the_shipped_catalogue(catalogue):
    assert problems(catalogue) == []


def test_every_layer_is_present_and_big_enough(catalogue):
    assert [l.id for l in catalogue.layers] == list(LAYER_ORDER)
    assert len(catalogue.features) > 50
    for lid in LAYER_ORDER:
        assert catalogue.in_layer(lid), lid


def test_neighbours_and_district_figures(catalogue):
    ids = {f.id for f in catalogue.features}
    assert {"nb-zhejiang", "nb-fujian", "nb-jiangxi", "nb-anhui", "nb-quzhou", "nb-huangshan",
            "nb-nanping", "nb-shangrao", "nb-qujiang"} <= ids
    assert catalogue.feature("nb-qujiang").figures  # GDP, income … belong to the district


@pytest.fixture
def layer_copy(tmp_path):
    dst = tmp_path / "layers"
    shutil.copytree(resource_path("layers"), dst)
    return dst


def _mutate(layers, fn):
    path = layers / "ports.json"
    data = json.loads(path.read_text("utf-8"))
    fn(data["features"][0])
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return problems(load_catalogue(layers))


def test_a_broken_quote_fails(layer_copy):
    def broken(f):
        f["sources"][0]["quote"] += "（编造）"
    assert any("not found verbatim" in p for p in _mutate(layer_copy, broken))


def test_a_figure_that_disagrees_with_its_text_fails(layer_copy):
    def wrong(f):
        f["figures"][0]["value"] = f["figures"][0]["value"] * 10
    assert any("parses as" in p for p in _mutate(layer_copy, wrong))


def test_a_number_missing_from_its_quote_fails(layer_copy):
    def missing(f):
        f["figures"][0]["text"] = "999万吨"
        f["figures"][0]["value"] = 9990000
        f["figures"][0]["unit"] = "t"
    assert any("not in its quote" in p for p in _mutate(layer_copy, missing))


def test_duplicate_ids_outside_region_and_wrong_precision_fail(layer_copy):
    path = layer_copy / "ports.json"
    data = json.loads(path.read_text("utf-8"))
    data["features"].append(dict(data["features"][0]))
    data["features"][1] = dict(data["features"][1], geometry={"type": "Point", "coordinates": [-122.4, 47.3]},
                               geometry_ref="")
    data["features"][2] = dict(data["features"][2], precision="boundary", geometry_ref="",
                               geometry={"type": "Point", "coordinates": [118.9, 28.9]})
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    found = "\n".join(problems(load_catalogue(layer_copy)))
    assert "duplicate id" in found
    assert "outside the four-province region" in found
    assert "does not fit a Point" in found


def test_a_stored_status_is_refused(layer_copy):
    """status is derived from status_history; a layer file that stores one is an error, not ignored."""
    def stored(f):
        f["status"] = "completed"
    with pytest.raises(CatalogueError, match="derived from status_history"):
        _mutate(layer_copy, stored)


def test_precisions_match_geometry(catalogue):
    for f in catalogue.features:
        assert f.precision in PRECISIONS
        if f.precision == "boundary":
            assert f.geometry["type"] in ("Polygon", "MultiPolygon")


def test_cli_geojson_is_one_feature_collection():
    r = run("catalog", "--format", "geojson")
    assert r.returncode == 0, r.stderr
    fc = json.loads(r.stdout)
    assert fc["type"] == "FeatureCollection"
    props = fc["features"][0]["properties"]
    for key in ("id", "layer", "name_zh", "name_en", "aliases", "status", "precision",
                "geometry_source", "figures", "sources"):
        assert key in props
    fig = next(f for f in fc["features"] if f["properties"]["figures"])["properties"]["figures"][0]
    for key in ("label_zh", "label_en", "value", "unit", "qualifier", "as_of", "kind", "doc", "paragraph", "quote"):
        assert key in fig


def test_cli_csv_is_a_flat_table_of_figures(catalogue):
    r = run("catalog", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert len(rows) == sum(len(f.figures) for f in catalogue.features)
    assert rows[0]["quote"] and rows[0]["citation"].startswith("《")


def test_cli_validate_exit_codes(tmp_path):
    assert run("validate").returncode == 0
    bad = tmp_path / "root"
    for d in ("geodata", "resources"):
        (bad / d).symlink_to(resource_path(d), target_is_directory=True) if False else None
    shutil.copytree(resource_path("layers"), bad / "layers")
    (bad / "geodata").symlink_to(resource_path("geodata"), target_is_directory=True)
    data = json.loads((bad / "layers" / "ports.json").read_text("utf-8"))
    data["features"][0]["sources"][0]["quote"] = "这句话不在文章里"
    (bad / "layers" / "ports.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    r = subprocess.run([PY, "-m", "qjmap", "validate"], capture_output=True, text=True, timeout=120,
                       env={**__import__("os").environ, "QJMAP_ROOT": str(bad)})
    assert r.returncode == 1
    assert "这句话不在文章里" in r.stdout


def test_coverage_lists_numbers_no_figure_uses(catalogue):
    rep = coverage(catalogue)
    assert rep["used"] > 100
    r = run("coverage")
    assert r.returncode == 0 and "numbers:" in r.stdout


def test_geometry_type_without_resolving_matches_the_resolved_geometry():
    from qjmap.model.catalogue import load_catalogue
    cat = load_catalogue()  # fresh: nothing resolved yet
    refs = [f for f in cat.features if f.geometry_ref]
    assert refs and all(not f.geometry_ for f in refs)
    kinds = {f.id: f.geometry_type for f in refs}
    assert all(not f.geometry_ for f in refs)  # asking for the type resolved nothing
    loose = {"MultiPolygon": {"Polygon", "MultiPolygon"}, "MultiLineString": {"LineString", "MultiLineString"},
             "Point": {"Point"}}
    assert all(f.geometry["type"] in loose[kinds[f.id]] for f in refs)
