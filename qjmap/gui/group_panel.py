"""A click on a grouped marker lists its features in the side panel (qjmap.page.group_html)."""
from __future__ import annotations

from qjmap.page.group_html import group_html


def install_group_panel(window) -> None:
    window.map.bridge.group_clicked.connect(lambda ids: show_group(window, ids))


def show_group(window, ids: list[str]) -> None:
    window.current_id = None
    window.panel.setHtml(group_html(window.cat, ids))
