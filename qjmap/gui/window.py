"""The main window: layer panel | map | feature panel, search box on top.

Thin: it wires widgets to the catalogue and sends the map small commands; all data
comes from the Catalogue, all drawing happens in the page.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (QCompleter, QDockWidget, QFileDialog, QLineEdit, QMainWindow,
                               QMessageBox, QTextBrowser, QVBoxLayout, QWidget)

from qjmap import __version__
from qjmap.model.catalogue import Catalogue
from qjmap.page.feature_html import feature_html
from qjmap.gui import i18n
from qjmap.gui import overlays
from qjmap.gui.overlay_style import install_overlay_menu
from qjmap.gui.project_menu import install_projects
from qjmap.gui.chart import install_charts
from qjmap.gui.export_actions import install_export_actions
from qjmap.gui.group_panel import install_group_panel
from qjmap.gui.figures_table import install_figures_table
from qjmap.gui.layer_panel import LayerPanel
from qjmap.gui.legend import Legend
from qjmap.gui.tiles import TileMenu
from qjmap.model.search import SearchIndex
from qjmap.web.view import MapView

PANEL_CSS = """
h2 { font-size: 17px; margin: 0; } h3 { font-size: 13px; margin: 10px 0 2px 0; }
.qj-name-en { color: #555; margin: 0 0 6px 0; }
.qj-badge { border: 1px solid #999; } .qj-small, .qj-cite { color: #666; font-size: 11px; }
table.qj-figures { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: 2px 4px; }
.qj-en { color: #666; font-size: 11px; } mark { background-color: #fff176; }
blockquote { margin: 4px 0 2px 6px; }
"""


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class MainWindow(QMainWindow):
    feature_opened = Signal(str)

    def __init__(self, cat: Catalogue, parent=None):
        super().__init__(parent)
        self.cat = cat
        self.index = SearchIndex(cat)
        self.current_id: str | None = None
        self.map = MapView(self)
        self.setCentralWidget(self.map)

        self.layer_panel = LayerPanel(cat)
        self.legend = Legend()
        left = QWidget()
        box = QVBoxLayout(left)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.layer_panel, 3)
        box.addWidget(self.legend, 0)
        self.left_dock = QDockWidget(self)
        self.left_dock.setObjectName("layers")
        self.left_dock.setWidget(left)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.left_dock)

        self.panel = QTextBrowser()
        self.panel.setOpenLinks(False)
        self.panel.anchorClicked.connect(self._on_anchor)
        self.panel.document().setDefaultStyleSheet(PANEL_CSS)
        self.right_dock = QDockWidget(self)
        self.right_dock.setObjectName("feature")
        self.right_dock.setWidget(self.panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.right_dock)
        self.resizeDocks([self.left_dock, self.right_dock], [260, 380], Qt.Orientation.Horizontal)

        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(320)
        self._results: list[str] = []
        self._completer_model = QStringListModel(self)
        self.completer = QCompleter(self._completer_model, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setMaxVisibleItems(12)
        self.search.setCompleter(self.completer)
        self.search.textEdited.connect(self.update_search)
        self.completer.activated[str].connect(self._on_completion)
        self.search.returnPressed.connect(self._on_return)
        self.toolbar = self.addToolBar("search")
        self.toolbar.setObjectName("search")
        self.toolbar.setMovable(False)
        self.toolbar.addWidget(self.search)

        self._build_menus()
        self.charts = install_charts(self)
        self.layer_panel.visibility_changed.connect(lambda lid, on: self.map.call("setLayerVisible", lid, on))
        self.layer_panel.opacity_changed.connect(lambda lid, v: self.map.call("setLayerOpacity", lid, v))
        self.map.bridge.feature_clicked.connect(self.open_feature)
        install_group_panel(self)
        self.map.map_ready.connect(lambda: QTimer.singleShot(0, self.index.warm))
        # geometry references are resolved lazily (start-up cost), and the panel's modules load at
        # its first use: do both once the map shows, not at the first click
        self.map.map_ready.connect(lambda: QTimer.singleShot(0, self._warm))
        self.map.show_catalogue(cat)
        self.retranslate()
        self.show_welcome()

    # --- menus -------------------------------------------------------------------------
    def _build_menus(self) -> None:
        mb = self.menuBar()
        self.file_menu = mb.addMenu("")
        self.act_mbtiles = QAction(self, triggered=self.open_mbtiles)
        self.act_quit = QAction(self, triggered=self.close, shortcut=QKeySequence.StandardKey.Quit)
        self.file_menu.addActions([self.act_mbtiles, self.act_quit])
        self.view_menu = mb.addMenu("")
        self.act_full = QAction(self, triggered=self.toggle_full_screen, shortcut=QKeySequence("F11"))
        self.act_home = QAction(self, triggered=lambda: self.map.call("fitAll"), shortcut=QKeySequence("Home"))
        self.view_menu.addActions([self.act_home, self.act_full])
        self.tile_menu = TileMenu(self.map, self)
        self.view_menu.addMenu(self.tile_menu)
        self.lang_menu = mb.addMenu("")
        group = QActionGroup(self)
        self.act_zh = QAction("中文", self, checkable=True, triggered=lambda: self.set_language("zh"))
        self.act_en = QAction("English", self, checkable=True, triggered=lambda: self.set_language("en"))
        for a in (self.act_zh, self.act_en):
            group.addAction(a)
            self.lang_menu.addAction(a)
        (self.act_zh if i18n.current() == "zh" else self.act_en).setChecked(True)
        self.help_menu = mb.addMenu("")
        self.act_about = QAction(self, triggered=self.about)
        self.help_menu.addAction(self.act_about)
        self.export_actions = install_export_actions(self)
        self.act_overlay = overlays.install_overlay_action(self)
        self.projects = install_projects(self)  # File → project actions, autosave; owns the overlays
        install_overlay_menu(self)
        self.figures_dock = install_figures_table(self)

    def retranslate(self) -> None:
        self.setWindowTitle(tr("qjmap — Quzhou four-province border multimodal hub"))
        self.map.call("setLanguage", i18n.current())  # the page's own texts (measuring tool)
        self.left_dock.setWindowTitle(tr("Layers"))
        self.right_dock.setWindowTitle(tr("Feature"))
        self.search.setPlaceholderText(tr("Search: Chinese name, English, pinyin initials…"))
        self.file_menu.setTitle(tr("&File"))
        self.act_mbtiles.setText(tr("Open MBTiles basemap…"))
        overlays.retranslate(self.act_overlay)
        self.act_quit.setText(tr("Quit"))
        self.view_menu.setTitle(tr("&View"))
        self.act_home.setText(tr("Four-province overview"))
        self.act_full.setText(tr("Full screen"))
        self.lang_menu.setTitle(tr("&Language"))
        self.help_menu.setTitle(tr("&Help"))
        self.act_about.setText(tr("About and data sources"))
        self.tile_menu.retranslate()
        self.export_actions.retranslate()
        self.figures_dock.retranslate()
        self.layer_panel.retranslate()
        self.legend.retranslate()
        self.projects.retranslate()  # window title: project name and unsaved mark

    def changeEvent(self, event):  # noqa: N802
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_language(self, lang: str) -> None:
        i18n.set_language(lang)
        self.retranslate()

    # --- features ----------------------------------------------------------------------
    def show_welcome(self) -> None:
        self.panel.setHtml(
            "<h2>四省边际多式联运枢纽港</h2><p>" + tr("Click a feature on the map, or search above, "
            "to see its figures and the source paragraph they come from.") + "</p>")

    def _warm(self) -> None:
        for f in self.cat.features:
            f.geometry  # noqa: B018 (resolves the reference)
        if self.cat.features:
            feature_html(self.cat, self.cat.features[0], links=True)

    def open_feature(self, fid: str, fly: bool = False) -> None:
        try:
            f = self.cat.feature(fid)
        except KeyError:
            return
        self.current_id = fid
        self.panel.setHtml(feature_html(self.cat, f, links=True))
        self.map.call("select", fid)
        if fly:
            if not self.layer_panel.items[f.layer].checkState(0) == Qt.CheckState.Checked:
                self.layer_panel.set_checked(f.layer, True)
            self.map.call("flyTo", fid)
        self.feature_opened.emit(fid)

    def _on_anchor(self, url) -> None:
        if url.scheme() == "feature":
            self.open_feature(url.path(), fly=True)

    def update_search(self, text: str) -> list[str]:
        hits = self.index.search(text)
        self._results = [f.id for f in hits]
        self._completer_model.setStringList([f"{f.name_zh} — {f.name_en}" for f in hits])
        if hits:
            self.completer.complete()
        return self._results

    def _on_completion(self, text: str) -> None:
        rows = self._completer_model.stringList()
        if text in rows:
            self.open_feature(self._results[rows.index(text)], fly=True)

    def _on_return(self) -> None:
        if self._results:
            self.open_feature(self._results[0], fly=True)

    # --- other actions -----------------------------------------------------------------
    def open_mbtiles(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("Open MBTiles basemap"), "", "MBTiles (*.mbtiles)")
        if path:
            self.tile_menu.use_mbtiles(path)

    def toggle_full_screen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    def about(self) -> None:
        from qjmap.page.map_page import ATTRIBUTION
        QMessageBox.about(self, tr("About qjmap"), f"<b>qjmap {__version__}</b><p>{ATTRIBUTION}</p><p>"
                          + tr("Figures and quotes come only from the five source articles; "
                               "each feature states where its position comes from and how precise it is.")
                          + "</p>")

    def closeEvent(self, event):  # noqa: N802
        if not self.projects.confirm_close():  # unsaved changes: Save / Discard / Cancel
            event.ignore()
            return
        self.map.dispose()
        super().closeEvent(event)
