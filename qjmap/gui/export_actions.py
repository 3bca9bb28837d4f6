"""The window's export, clipboard, bookmark and presentation actions, added in one call.

`install_export_actions(window)` is the only thing window.py calls: it adds File →
Export map… / Copy map as image, View → Bookmarks ▸ / Presentation mode, and keeps
their texts translated. Copy grabs the visible map (not an offscreen render) with the
same furniture as an export, sized for a screen.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject, QRectF
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QPainter
from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox

from qjmap.io.bookmark_store import load_bookmarks, save_bookmarks
from qjmap.gui.bookmarks_dialog import BookmarksDialog, apply_bookmark, current_view


def tr(text: str) -> str:
    return QCoreApplication.translate("ExportActions", text)


def copy_view_image(window):
    """The visible map with title, legend, scale bar and sources, put on the clipboard."""
    from qjmap.export.options import DEFAULT_SUBTITLE, DEFAULT_TITLE
    from qjmap.export.paint import paint_furniture
    from qjmap.export.furniture import build_furniture
    from qjmap.web.capture import evaluate, grab_drawn
    view = window.map
    view.call("exportMode", True)
    try:
        img = grab_drawn(view)
        mpp = float(evaluate(view, "QJ.metresPerPixel()") or 0.0)
    finally:
        view.call("exportMode", False)
    dpr = img.devicePixelRatio() or 1.0
    view_now = current_view(window, "")
    fu = build_furniture(window.cat, view_now.layers, title=DEFAULT_TITLE, subtitle=DEFAULT_SUBTITLE, zoom=view_now.zoom)
    p = QPainter(img)
    paint_furniture(p, QRectF(0, 0, img.width() / dpr, img.height() / dpr), fu, 1.0, mpp)
    p.end()
    QGuiApplication.clipboard().setImage(img)
    return img


class ExportActions(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.presentation = None
        w = window
        self.act_export = QAction(w, triggered=self.export_dialog, shortcut=QKeySequence("Ctrl+E"))
        self.act_copy = QAction(w, triggered=self.copy_image, shortcut=QKeySequence("Ctrl+Shift+C"))
        self.act_tour = QAction(w, triggered=lambda: self.export_tour())
        self.tour_export = None
        quit_action = w.act_quit
        w.file_menu.insertActions(quit_action, [self.act_export, self.act_tour, self.act_copy])
        w.file_menu.insertSeparator(quit_action)
        self.bookmark_menu = QMenu(w)
        self.bookmark_menu.aboutToShow.connect(self._fill_bookmarks)
        self.act_add = QAction(w, triggered=self.add_bookmark, shortcut=QKeySequence("Ctrl+D"))
        self.act_manage = QAction(w, triggered=self.manage_bookmarks)
        self.act_present = QAction(w, triggered=self.present, shortcut=QKeySequence("F5"))
        w.view_menu.addSeparator()
        w.view_menu.addMenu(self.bookmark_menu)
        w.view_menu.addAction(self.act_present)
        w.addAction(self.act_add)  # its menu is filled when opened; the shortcut must work before
        self.retranslate()

    def retranslate(self) -> None:
        self.act_export.setText(tr("Export map…"))
        self.act_copy.setText(tr("Copy map as image"))
        self.act_tour.setText(tr("Export tour…"))
        self.bookmark_menu.setTitle(tr("Bookmarks"))
        self.act_add.setText(tr("Bookmark this view…"))
        self.act_manage.setText(tr("Rename and reorder bookmarks…"))
        self.act_present.setText(tr("Presentation mode (bookmarks tour)"))

    def _fill_bookmarks(self) -> None:
        m = self.bookmark_menu
        m.clear()
        for i, b in enumerate(load_bookmarks(), start=1):
            m.addAction(f"&{i} {b.name}" if i < 10 else b.name, lambda b=b: apply_bookmark(self.window, b))
        m.addSeparator()
        m.addActions([self.act_add, self.act_manage])

    def add_bookmark(self) -> None:
        name, ok = QInputDialog.getText(self.window, tr("Bookmark this view"), tr("Name:"))
        if ok and name.strip():
            bms = load_bookmarks()
            bms.append(current_view(self.window, name.strip()))
            save_bookmarks(bms)

    def manage_bookmarks(self) -> None:
        dlg = BookmarksDialog(load_bookmarks(), self.window)
        if dlg.exec():
            save_bookmarks(dlg.bookmarks())

    def export_dialog(self):
        from qjmap.gui.export_dialog import ExportDialog
        w = self.window
        project = w.projects.autosave() if w.project_state.overlays else None  # hands the overlays over
        dlg = ExportDialog(current_view(w, "export"), w, project=project)
        dlg.finished_export.connect(lambda code, msg: code and QMessageBox.warning(self.window, tr("Export"), msg))
        dlg.open()
        return dlg

    def export_tour(self, path: str = ""):
        """Ask where (.pptx or .pdf), then render the bookmark tour in a child process."""
        from PySide6.QtWidgets import QFileDialog
        from qjmap.gui.tour_dialog import TourExport
        if self.tour_export is not None:
            self.tour_export.dialog.raise_()
            return self.tour_export
        if not path:
            path, chosen = QFileDialog.getSaveFileName(self.window, tr("Export tour"), "qjmap-tour.pptx",
                                                       "PowerPoint (*.pptx);;PDF (*.pdf)")
            if not path:
                return None
            if not path.lower().endswith((".pptx", ".pdf")):
                path += ".pdf" if "pdf" in chosen else ".pptx"
        job = self.tour_export = TourExport(self.window, path, load_bookmarks())
        job.finished.connect(self._tour_done)
        job.start()
        return job

    def _tour_done(self, code: int, message: str) -> None:
        self.tour_export = None
        if code > 0:
            QMessageBox.warning(self.window, tr("Export tour"), message)
        else:
            self.window.statusBar().showMessage(message, 8000)

    def copy_image(self) -> None:
        try:
            copy_view_image(self.window)
        except RuntimeError as exc:
            QMessageBox.warning(self.window, tr("Copy map as image"), str(exc))
            return
        self.window.statusBar().showMessage(tr("Map copied to the clipboard."), 4000)

    def present(self):
        from qjmap.gui.presentation import Presentation
        if self.presentation is None:
            self.presentation = Presentation(self.window, load_bookmarks())
        else:
            self.presentation.bookmarks = load_bookmarks()
        self.presentation.start()
        return self.presentation


def install_export_actions(window) -> ExportActions:
    return ExportActions(window)
