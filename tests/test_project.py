"""The .qjmap project file: round trip, damage, SIGKILL during saves, and `qjmap project add/info`.

All real files in tmp_path; the kill test runs a real child process that saves in a loop and
kills it with SIGKILL at random moments (fixed seed), then opens the file each time.
"""
from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from qjmap.io.project import LayerState, Project, ProjectError, load_project, save_project
from qjmap.model.bookmarks import Bookmark
from qjmap.model.overlay import Overlay, OverlayStyle

ROOT = Path(__file__).resolve().parent.parent
NASTY = '<img src=x onerror="alert(1)">港区&amp;'


def features() -> dict:
    """A point with HTML in its name, a line, a polygon with a hole and a multipolygon."""
    hole = [[[118.8, 28.9], [119.0, 28.9], [119.0, 29.1], [118.8, 29.1], [118.8, 28.9]],
            [[118.85, 28.95], [118.85, 29.0], [118.9, 29.0], [118.9, 28.95], [118.85, 28.95]]]
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature", "id": 0, "properties": {"name": NASTY, "n": 1, "x": None},
         "geometry": {"type": "Point", "coordinates": [118.87, 28.96]}},
        {"type": "Feature", "id": 1, "properties": {"name": "线", "n": 2.5, "x": "是"},
         "geometry": {"type": "LineString", "coordinates": [[118.7, 28.8], [118.9, 28.95]]}},
        {"type": "Feature", "id": 2, "properties": {"name": "面", "n": 3, "x": True},
         "geometry": {"type": "Polygon", "coordinates": hole}},
        {"type": "Feature", "id": 3, "properties": {"name": "多面", "n": 4, "x": [1, "a"]},
         "geometry": {"type": "MultiPolygon", "coordinates": [[hole[0]], [[[119.1, 29.0], [119.2, 29.0],
                                                                            [119.2, 29.1], [119.1, 29.0]]]]}},
    ]}


def sample_project() -> Project:
    ov = Overlay("ov-test1", "道路 <b>roads</b>", features(), OverlayStyle("#ad1457", 7, "name"),
                 visible=False, opacity=0.4, source_path="/data/roads.shp", crs_in="EPSG:4549",
                 encoding="GB18030", warnings=["no .cpg: read as GB18030"])
    ov2 = Overlay("ov-test2", "点", {"type": "FeatureCollection", "features": features()["features"][:1]})
    bms = [Bookmark("港区", 28.96, 118.87, 11, ["ports"], "port-daluzhang", overlays=["ov-test2"]),
           Bookmark("旧书签", 28.7, 118.5, 7, ["ports", "corridors"])]
    return Project([ov, ov2], bms, {"lat": 28.9, "lon": 118.8, "zoom": 9.5},
                   {"ports": LayerState(True, 0.5), "rivers": LayerState(False, 1.0)})


def test_round_trip_keeps_everything(tmp_path):
    p = sample_project()
    path = save_project(p, tmp_path / "a.qjmap")
    q = load_project(path)
    assert q.view == p.view and q.layers == p.layers and q.bookmarks == p.bookmarks
    assert [vars(o) for o in q.overlays] == [vars(o) for o in p.overlays]
    assert q.overlays[0].features == features()  # data included, attribute text verbatim
    assert q.bookmarks[0].overlays == ["ov-test2"] and q.bookmarks[1].overlays is None
    # saving the loaded project again reuses the stored overlay data byte for byte
    again = save_project(q, tmp_path / "b.qjmap")
    import zipfile
    with zipfile.ZipFile(path) as za, zipfile.ZipFile(again) as zb:
        assert za.read("overlays/ov-test1.geojson.gz") == zb.read("overlays/ov-test1.geojson.gz")
        assert json.loads(zb.read("project.json"))["format"] == "qjmap-project"


@pytest.mark.parametrize("damage", ["truncate", "flip", "empty", "not_zip", "no_index", "wrong_count"])
def test_damaged_files_give_a_bilingual_message_and_change_nothing(tmp_path, damage):
    import zipfile
    path = save_project(sample_project(), tmp_path / "p.qjmap")
    data = path.read_bytes()
    if damage == "truncate":
        data = data[: len(data) * 2 // 3]
    elif damage == "flip":
        i = data.index(b"overlays/ov-test1.geojson.gz") + 60  # inside the stored overlay data
        data = data[:i] + bytes([data[i] ^ 0xFF]) + data[i + 1:]
    elif damage == "empty":
        data = b""
    elif damage == "not_zip":
        data = json.dumps(features()).encode()
    elif damage in ("no_index", "wrong_count"):
        src = zipfile.ZipFile(path)
        out = tmp_path / "x.zip"
        with zipfile.ZipFile(out, "w") as z:
            for name in src.namelist():
                body = src.read(name)
                if name == "project.json" and damage == "no_index":
                    continue
                if name == "project.json":
                    meta = json.loads(body)
                    meta["overlays"][0]["features"] = 99
                    body = json.dumps(meta).encode()
                z.writestr(name, body)
        data = out.read_bytes()
    path.write_bytes(data)
    with pytest.raises(ProjectError) as info:
        load_project(path)
    zh, en = info.value.message.split("\n")
    assert "p.qjmap" in zh and "p.qjmap" in en and "无法打开项目" in zh and "Cannot open project" in en
    assert path.read_bytes() == data


CHILD = textwrap.dedent("""
    import os, sys
    sys.path.insert(0, {root!r})
    from qjmap.io.project import Project, save_project, to_bytes
    from qjmap.model.bookmarks import Bookmark
    from qjmap.model.overlay import Overlay

    def make(gen):
        n = 15000 + 1000 * gen
        feats = [{{"type": "Feature", "properties": {{"name": f"g{{gen}}-{{i}}", "v": i}},
                  "geometry": {{"type": "Point", "coordinates": [118 + i * 1e-5, 28.5 + (i % 997) * 1e-4]}}}}
                 for i in range(n)]
        ov = Overlay(f"ov-gen{{gen}}", f"gen{{gen}}", {{"type": "FeatureCollection", "features": feats}})
        return Project([ov], [Bookmark(f"gen{{gen}}", 28.9, 118.8, 9)], {{"lat": 28.9, "lon": 118.8, "zoom": gen}})

    path, mode = sys.argv[1], sys.argv[2]
    projects = [make(1), make(2)]
    blobs = [to_bytes(p) for p in projects]  # warms the overlay data of both
    print("ready", flush=True)
    k = 0
    while True:
        k += 1
        print(f"start {{k}}", flush=True)
        if mode == "atomic":
            save_project(projects[k % 2], path)
        else:  # the naive way, for the control: rewrite the file in place
            with open(path, "wb") as f:
                data = blobs[k % 2]
                for i in range(0, len(data), 65536):
                    f.write(data[i:i + 65536])
                f.flush()
                os.fsync(f.fileno())
        print(f"done {{k}}", flush=True)
""")


def _kill_runs(tmp_path: Path, mode: str, kills: int, seed: int) -> tuple[list[str], int]:
    """Start the saving child `kills` times, SIGKILL it at a random moment, open the file.

    Returns what each open gave (a generation name or "BROKEN") and how many kills hit a save
    that had started and not finished."""
    script = tmp_path / "saver.py"
    script.write_text(CHILD.format(root=str(ROOT)), encoding="utf-8")
    target = tmp_path / f"{mode}.qjmap"
    save_project(Project([Overlay("ov-gen0", "gen0", {"type": "FeatureCollection", "features": []})],
                         [Bookmark("gen0", 28.9, 118.8, 9)], {"lat": 28.9, "lon": 118.8, "zoom": 0}), target)
    rng = random.Random(seed)
    seen, mid = [], 0
    for _ in range(kills):
        child = subprocess.Popen([sys.executable, str(script), str(target), mode], stdout=subprocess.PIPE, text=True)
        assert child.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.4))
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate(timeout=30)
        assert child.returncode == -signal.SIGKILL
        lines = out.split()
        if lines and "start" in out.splitlines()[-1]:
            mid += 1
        try:
            p = load_project(target)
        except ProjectError:
            seen.append("BROKEN")
            continue
        gen = p.overlays[0].name
        # one complete generation: every part of the file agrees with the others
        g = int(gen[3:])
        assert p.bookmarks[0].name == gen and p.view["zoom"] == g
        assert p.overlays[0].n_features == (0 if g == 0 else 15000 + 1000 * g)
        seen.append(gen)
    return seen, mid


def test_sigkill_during_saves_always_leaves_a_whole_project(tmp_path):
    seen, mid = _kill_runs(tmp_path, "atomic", kills=36, seed=10)
    print(f"atomic: {len(seen)} kills, {mid} during a save, opened as {sorted(set(seen))}")
    assert "BROKEN" not in seen
    assert mid >= 9, f"only {mid} of 36 kills landed inside a save: the test did not test much"
    assert {"gen1", "gen2"} <= set(seen)  # the file really was being replaced


def test_the_kill_harness_does_catch_a_non_atomic_save(tmp_path):
    """Control: the same kills against an in-place rewrite do break the file."""
    seen, _ = _kill_runs(tmp_path, "naive", kills=12, seed=11)
    print(f"naive: opened as {seen}")
    assert "BROKEN" in seen


# --- the command line --------------------------------------------------------------------------
def qjmap(*args, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "qjmap", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd or ROOT, timeout=120)


def test_project_cli_add_and_info(tmp_path):
    gj = tmp_path / "sites.geojson"
    gj.write_text(json.dumps(features(), ensure_ascii=False), encoding="utf-8")
    proj = tmp_path / "p.qjmap"
    r = qjmap("project", "add", proj, gj)
    assert r.returncode == 0, r.stderr
    r = qjmap("project", "add", proj, gj)  # adding to an existing project keeps what is there
    assert r.returncode == 0, r.stderr
    r = qjmap("project", "info", proj)
    assert r.returncode == 0
    assert "叠加图层 Overlays: 2 (8 features)" in r.stdout and r.stdout.count("sites [ov-") == 2
    info = json.loads(qjmap("project", "info", proj, "--json").stdout)
    assert [o["features"] for o in info["overlays"]] == [4, 4]
    assert load_project(proj).overlays[0].features["features"][0]["properties"]["name"] == NASTY


def test_project_cli_refuses_unreadable_input_and_changes_nothing(tmp_path):
    gj = tmp_path / "sites.geojson"
    gj.write_text(json.dumps(features()), encoding="utf-8")
    proj = tmp_path / "p.qjmap"
    assert qjmap("project", "add", proj, gj).returncode == 0
    before = proj.read_bytes()
    bad = tmp_path / "cut.geojson"
    bad.write_text(gj.read_text()[:100], encoding="utf-8")
    r = qjmap("project", "add", proj, gj, bad)  # all or nothing: the good file is not added either
    assert r.returncode == 2 and "cut.geojson" in r.stderr and "Cannot import" in r.stderr
    assert proj.read_bytes() == before
    junk = tmp_path / "junk.qjmap"
    junk.write_bytes(b"PK\x03\x04 not really")
    for args in (("info", junk), ("add", junk, gj), ("info", tmp_path / "missing.qjmap")):
        r = qjmap("project", *args)
        assert r.returncode == 2, r
        zh, en = r.stderr.strip().splitlines()[:2]
        assert "无法打开项目" in zh and "Cannot open project" in en and Path(args[1]).name in en
    assert junk.read_bytes() == b"PK\x03\x04 not really"
    assert not (tmp_path / "missing.qjmap").exists()

