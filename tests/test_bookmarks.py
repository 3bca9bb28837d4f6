"""Bookmarks: the default tour names real features, figures and quotes; the list can be
renamed, reordered, stored and found; the model needs neither Qt nor folium."""
from __future__ import annotations


import pytest

from qjmap.model import bookmarks as bm
from qjmap.export.furniture import caption, data_as_of, legend_rows
from qjmap.model.catalogue import feature_quotes


@pytest.fixture
def defaults():
    return bm.load_defaults()


def test_default_tour_tells_the_hub_story(defaults):
    assert len(defaults) == 5
    stops = ["四省边际", "衢江港区", "产业平台", "未来社区", "通往宁波舟山港"]
    assert [b.name.split()[0] for b in defaults] == stops


def test_every_default_bookmark_names_real_features(defaults, catalogue):
    for b in defaults:
        assert b.feature, b.name
        catalogue.feature(b.feature)  # KeyError if the id was renamed in layers/*.json
    assert bm.problems(defaults, catalogue) == []


def test_problems_are_reported(catalogue):
    bad = [bm.Bookmark("x", 29, 119, 9, ["ports", "nolayer"], "no-such-feature"),
           bm.Bookmark("y", 29, 119, 9, ["ports"], "port-daluzhang", ["no such figure"], "not a quote"),
           bm.Bookmark("z", 29, 119, 9, ["industry"], "port-daluzhang")]
    found = "\n".join(bm.problems(bad, catalogue))
    for needle in ("unknown layer 'nolayer'", "no feature 'no-such-feature'", "no figure 'no such figure'",
                   "'not a quote' is not a quote", "layer 'ports' of port-daluzhang is hidden"):
        assert needle in found


def test_default_views_are_on_the_map(defaults):
    for b in defaults:
        assert 27 < b.lat < 31 and 116 < b.lon < 123 and 5 <= b.zoom <= 14, b


def test_captions_have_key_figures_and_a_quote_from_the_catalogue(defaults, catalogue):
    for b in defaults:
        c = caption(catalogue, b.feature, b.figures, b.quote)
        f = catalogue.feature(b.feature)
        assert c.name_zh == f.name_zh
        assert c.figures, f"{b.name}: the caption card would show no figures"
        printed = {g.text for g in f.figures}
        assert all(any(value.startswith(t) for t in printed) for _, value, _ in c.figures)
        assert c.quote in feature_quotes(f) and c.citation
        if b.quote:
            assert c.quote == b.quote
        if b.figures:
            assert [label for label, _, _ in c.figures] == b.figures


def test_rename_reorder_and_roundtrip(defaults):
    bm.rename(defaults, 0, "  四省 overview ")
    assert defaults[0].name == "四省 overview"
    with pytest.raises(bm.BookmarkError):
        bm.rename(defaults, 0, "   ")
    last = defaults[-1]
    bm.move(defaults, 4, 0)
    assert defaults[0] is last and len(defaults) == 5
    assert bm.from_json(bm.to_json(defaults)) == defaults


def test_find_by_name_number_or_part(defaults):
    assert bm.find(defaults, defaults[2].name) is defaults[2]
    assert bm.find(defaults, "2") is defaults[1]
    assert bm.find(defaults, "ningbo") is defaults[4]
    with pytest.raises(bm.BookmarkError, match="matches none"):
        bm.find(defaults, "atlantis")
    with pytest.raises(bm.BookmarkError, match="matches several"):
        bm.find(defaults, " ")


def test_bad_json_is_an_error():
    for text in ("{", '{"bookmarks": 3}', '[{"name": "x"}]', '[{"name": "x", "lat": "a", "lon": 1, "zoom": 1}]'):
        with pytest.raises(bm.BookmarkError):
            bm.from_json(text)


def test_legend_and_as_of_follow_the_visible_layers(catalogue):
    assert [r.layer for r in legend_rows(catalogue, ["ports", "corridors"])] == \
        [l.id for l in catalogue.layers if l.id in ("ports", "corridors")]
    kinds = {r.layer: r.kind for r in legend_rows(catalogue, [l.id for l in catalogue.layers])}
    assert kinds["ports"] == "point" and kinds["neighbours"] == "area"
    assert data_as_of(catalogue, []) == ""
    for lid in ("ports", "communities"):
        line = data_as_of(catalogue, [lid])
        date = line.split()[1].split("（")[0]
        reported = [fig.as_of for f in catalogue.in_layer(lid) for fig in f.figures
                    if fig.kind not in ("target", "plan")]
        assert any(date in a for a in reported), (line, reported)
        assert all(a.split("/")[-1] <= date for a in reported)


def test_settings_store_roundtrip(qapp, tmp_path):
    from PySide6.QtCore import QSettings
    from qjmap.io.bookmark_store import load_bookmarks, save_bookmarks
    s = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    assert load_bookmarks(s) == bm.load_defaults()  # nothing saved yet: the default tour
    mine = bm.load_defaults()[:2]
    bm.rename(mine, 1, "港口 my port")
    save_bookmarks(mine, s)
    assert load_bookmarks(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)) == mine
    s.setValue("bookmarks/json", "not json")
    assert load_bookmarks(s) == bm.load_defaults()


def test_manager_dialog_renames_and_reorders(qapp):
    from qjmap.gui.bookmarks_dialog import BookmarksDialog
    items = bm.load_defaults()
    dlg = BookmarksDialog(items)
    dlg.list.setCurrentRow(4)
    dlg.move(-1)
    dlg.list.item(0).setText("第一站")
    dlg.list.item(1).setText("")  # emptied: keeps its name
    out = dlg.bookmarks()
    assert [b.name for b in out] == ["第一站", items[1].name, items[2].name, items[4].name, items[3].name]
