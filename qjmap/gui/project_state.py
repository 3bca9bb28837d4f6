"""The window's project: its overlays (drawn, listed, in the legend) and what a .qjmap file holds.

One object per window owns the overlays as plain data (qjmap.model.overlay) and keeps the
layer panel, the legend and the page in step with them. `capture()` turns the window into
a qjmap.io.project.Project (view, each layer's visibility and opacity, overlays with their
data, bookmarks) and `apply()` does the reverse; `fingerprint()` says whether anything a
project saves has changed (moving the map does not count as an unsaved change).
"""
from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, replace

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QIcon

from qjmap.gui.legend import symbol
from qjmap.gui.layer_panel import BASEMAP
from qjmap.io.bookmark_store import load_bookmarks, save_bookmarks
from qjmap.io.project import LayerState, Project, overlay_from_layer
from qjmap.model.overlay import Overlay, OverlayStyle
from qjmap.web.overlays import remove_overlay, show_overlay, style_overlay

SWATCH = {"point": "solid", "line": "line", "area": "boundary"}
_WARM = ThreadPoolExecutor(max_workers=1, thread_name_prefix="qjmap-project")


class ProjectState(QObject):
    overlays_changed = Signal()

    def __init__(self, window):
        super().__init__(window)
        self.w = window
        self.overlays: list[Overlay] = []
        self.blobs: dict[str, bytes] = {}  # stored overlay data, shared by every save (Project.blobs)
        window.layer_panel.visibility_changed.connect(self._on_visible)
        window.layer_panel.opacity_changed.connect(self._on_opacity)

    # --- overlays --------------------------------------------------------------------------
    def overlay(self, oid: str) -> Overlay:
        return next(ov for ov in self.overlays if ov.id == oid)

    def add_layer(self, layer) -> str:
        """A freshly imported UserLayer: a new overlay, shown and zoomed to."""
        ov = overlay_from_layer(layer, len(self.overlays))
        self.add(ov, fit=True)
        return ov.id

    def add(self, ov: Overlay, fit: bool = False) -> None:
        self.overlays.append(ov)
        panel = self.w.layer_panel
        panel.add_overlay(ov.id, ov.name, QIcon(symbol(SWATCH[ov.kind()], ov.style.color)), ov.n_features)
        panel.blockSignals(True)
        panel.items[ov.id].setCheckState(0, Qt.CheckState.Checked if ov.visible else Qt.CheckState.Unchecked)
        panel.blockSignals(False)
        slider = panel.sliders[ov.id]
        slider.blockSignals(True)
        slider.setValue(round(ov.opacity * 100))
        slider.blockSignals(False)
        show_overlay(self.w.map, ov, fit=fit)
        if ov.id not in self.blobs:  # compress its data for saving while the user looks at it
            _WARM.submit(Project(blobs=self.blobs).blob, ov)
        self._changed()

    def remove(self, oid: str) -> None:
        self.overlays.remove(self.overlay(oid))
        self.blobs.pop(oid, None)
        self.w.layer_panel.remove_overlay(oid)
        remove_overlay(self.w.map, oid)
        self._changed()

    def restyle(self, oid: str, style: OverlayStyle) -> None:
        ov = self.overlay(oid)
        style.check(ov.fields())
        ov.style = style
        self.w.layer_panel.items[oid].setIcon(0, QIcon(symbol(SWATCH[ov.kind()], style.color)))
        style_overlay(self.w.map, ov)
        self._changed()

    def clear(self) -> None:
        for ov in list(self.overlays):
            self.remove(ov.id)

    def _changed(self) -> None:
        self.w.legend.set_overlays([(SWATCH[ov.kind()], ov.style.color, ov.name) for ov in self.overlays])
        self.overlays_changed.emit()

    def _on_visible(self, lid: str, on: bool) -> None:
        for ov in self.overlays:
            if ov.id == lid:
                ov.visible = on

    def _on_opacity(self, lid: str, v: float) -> None:
        for ov in self.overlays:
            if ov.id == lid:
                ov.opacity = v

    # --- the project as data ---------------------------------------------------------------
    def layer_states(self) -> dict[str, LayerState]:
        panel, out = self.w.layer_panel, {}
        ids = [layer.id for layer in self.w.cat.layers] + [lid for lid, _, _ in BASEMAP]
        for lid in ids:
            if lid in panel.items:
                out[lid] = LayerState(panel.items[lid].checkState(0) == Qt.CheckState.Checked,
                                      panel.sliders[lid].value() / 100)
        return out

    def capture(self, view: bool = True) -> Project:
        v = None
        if view:
            from qjmap.web.capture import evaluate
            got = evaluate(self.w.map, "QJ.view()") or {}
            if got:
                v = {"lat": round(got["lat"], 6), "lon": round(got["lon"], 6), "zoom": got["zoom"]}
        return Project(overlays=[replace(ov) for ov in self.overlays], bookmarks=load_bookmarks(), view=v,
                       layers=self.layer_states(), blobs=self.blobs)

    def fingerprint(self) -> str:
        """Everything a save records except the view, as one string to compare."""
        return json.dumps([[(ov.id, ov.name, asdict(ov.style), ov.visible, round(ov.opacity, 2)) for ov in self.overlays],
                           {k: asdict(s) for k, s in self.layer_states().items()},
                           [asdict(b) for b in load_bookmarks()]], ensure_ascii=False, sort_keys=True)

    def apply(self, project: Project) -> None:
        """Show `project`: its overlays replace the current ones; its bookmarks become the list."""
        self.clear()
        self.blobs.update(project.blobs)
        panel = self.w.layer_panel
        for lid, st in project.layers.items():
            if lid in panel.items:
                panel.set_checked(lid, st.visible)
                panel.sliders[lid].setValue(round(st.opacity * 100))
        for ov in project.overlays:
            self.add(ov)
        if project.bookmarks:
            save_bookmarks(project.bookmarks)
        if project.view:
            self.w.map.call("setView", project.view["lat"], project.view["lon"], project.view["zoom"])
