"""The cached page skeleton is named by what it is built from, so a stale one is never loaded."""
from __future__ import annotations

from qjmap.page import map_page


def test_key_is_stable_and_follows_the_template(monkeypatch):
    key = map_page.page_cache_key()
    assert key == map_page.page_cache_key() and len(key) == 16
    original = map_page.build_page_html

    def edited(**kwargs):  # the same builder with one more script would be a new template
        return original(**kwargs).replace("</head>", '<script src="qjmap://app/new.js"></script></head>')

    monkeypatch.setattr(map_page, "build_page_html", edited)
    assert map_page.page_cache_key() != key
    monkeypatch.setattr(map_page, "build_page_html", original)
    monkeypatch.setattr(map_page, "MAP_PICTURE_JS", (*map_page.MAP_PICTURE_JS, "extra.js"))
    assert map_page.page_cache_key() != key
