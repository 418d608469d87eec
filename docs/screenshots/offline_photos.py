"""Screenshots of photos read offline: a followed t.me channel and a Telegram Desktop export.

Everything runs on this machine: a channel's web preview is served from 127.0.0.1 by a server this
script starts, the library subscribes to it and the server is stopped; an export folder with a
photo is imported and then deleted. Only then does the window open, and it shows both posts' photos
from the library's media folder.

    xvfb-run -a -s "-screen 0 1280x800x24" python docs/screenshots/offline_photos.py docs/screenshots
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QPointF, QRectF, QSettings, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QImage, QLinearGradient, QPainter
from PySide6.QtWidgets import QApplication

from reader.fetch.address import TELEGRAM_BASE_ENV
from reader.fetch.http import FetchPolicy, HttpClient
from reader.importing.service import Library
from reader.operations.subscriptions import subscribe
from reader.paths import APP_NAME
from reader.store import Store
from reader.ui.i18n import UiTranslator
from reader.ui.models.timeline import TimelineRole
from reader.ui.settings import Settings, UiLanguage
from reader.ui.tasks import TaskRunner
from reader.ui.theme import Theme
from reader.ui.views.main_window import MainWindow

CHANNEL_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<meta property="og:title" content="Embassy News"></head><body>
<div class="tgme_channel_info"><div class="tgme_channel_info_header_title"><span>Embassy News</span></div></div>
<section class="tgme_channel_history js-message_history">
<div class="tgme_widget_message_wrap"><div class="tgme_widget_message js-widget_message" data-post="embassy_news/41">
<div class="tgme_widget_message_bubble">
<a class="tgme_widget_message_photo_wrap" href="https://t.me/embassy_news/41"
 style="width:800px;background-image:url('{base}/cdn/harbour.png')"></a>
<div class="tgme_widget_message_text js-message_text">The ambassador visited the harbour and met the port authority.
 Photos of the visit below.</div>
<div class="tgme_widget_message_footer"><a class="tgme_widget_message_date" href="https://t.me/embassy_news/41">
<time datetime="2026-03-02T10:15:00+00:00">10:15</time></a></div></div></div></div>
</section></body></html>"""


def picture(title: str, top: str, bottom: str, size: tuple[int, int] = (960, 600)) -> bytes:
    """A PNG drawn here (no photo of anyone's): a gradient with a caption."""
    image = QImage(*size, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    gradient = QLinearGradient(QPointF(0, 0), QPointF(size[0], size[1]))
    gradient.setColorAt(0, QColor(top))
    gradient.setColorAt(1, QColor(bottom))
    painter.fillRect(image.rect(), gradient)
    painter.setPen(QColor("white"))
    painter.setFont(QFont("DejaVu Sans", 36, QFont.Weight.Bold))
    painter.drawText(QRectF(0, 0, size[0], size[1]), Qt.AlignmentFlag.AlignCenter, title)
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data().data())


def serve(files: dict[str, tuple[bytes, str]]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body, kind = files.get(self.path.split("?")[0], (b"", ""))
            self.send_response(200 if kind else 404)
            self.send_header("Content-Type", kind or "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def prepare(data_dir: Path, work: Path) -> None:
    harbour = picture("Harbour visit — t.me photo", "#1d4e89", "#00b2ca")
    files: dict[str, tuple[bytes, str]] = {"/cdn/harbour.png": (harbour, "image/png")}
    server = serve(files)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    files["/s/embassy_news"] = (CHANNEL_PAGE.replace("{base}", base).encode(), "text/html; charset=utf-8")
    library = Library(data_dir, import_workers=0)
    os.environ[TELEGRAM_BASE_ENV] = base
    with HttpClient(FetchPolicy(host_gap=0.0)) as client:
        [outcome] = subscribe(library, client, "@embassy_news").outcomes
    print(outcome.line())
    server.shutdown()
    server.server_close()  # the channel is gone from the network from here on

    export = work / "ChatExport_2026-03-02"
    (export / "photos").mkdir(parents=True)
    (export / "photos" / "photo_1@02-03-2026_12-00-00.jpg").write_bytes(
        picture("Consular day — export photo", "#7b2d26", "#f0a202", (800, 800))
    )
    messages = [
        {
            "id": 7,
            "type": "message",
            "date": "2026-03-02T12:00:00",
            "date_unixtime": "1772452800",
            "from": "Consulate General",
            "photo": "photos/photo_1@02-03-2026_12-00-00.jpg",
            "width": 800,
            "height": 800,
            "text": "Consular day on Saturday: passports and visas from 10:00 to 16:00.",
        }
    ]
    document = {"name": "Consulate General", "type": "public_channel", "id": 77, "messages": messages}
    (export / "result.json").write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    summary = library.import_paths([export])
    print(f"export: {summary.new} new")
    shutil.rmtree(export)  # the export folder is gone from here on
    library.close()


def main(out_dir: Path) -> None:
    app = QApplication([APP_NAME])
    work = Path(tempfile.mkdtemp(prefix="offline-photos-"))
    data_dir = work / "data"
    prepare(data_dir, work)
    settings = Settings(QSettings(str(work / "ui.ini"), QSettings.Format.IniFormat))
    settings.refresh_on_start = False
    theme = Theme(app)
    theme.apply(False, settings.text_size)
    translator = UiTranslator(app)
    translator.apply(UiLanguage.ENGLISH)
    store = Store.open(data_dir)
    runner = TaskRunner(data_dir)
    window = MainWindow(store, runner, settings, translator, theme)
    window.resize(1280, 800)
    window.show()
    window.start()
    shots = [("offline-tme-photo.png", "The ambassador"), ("offline-export-photo.png", "Consular day")]

    def when(ready: Callable[[], bool], then: Callable[[], None]) -> None:
        def check() -> None:
            QTimer.singleShot(300, then) if ready() else QTimer.singleShot(100, check)

        QTimer.singleShot(100, check)

    def next_shot() -> None:
        if not shots:
            runner.shutdown()
            app.quit()
            return
        name, start = shots.pop(0)
        model = window.timeline_model
        rows = [model.index(r).data(TimelineRole.ROW) for r in range(model.rowCount())]
        row = next(r for r, line in enumerate(rows) if line.title.startswith(start) or line.snippet.startswith(start))
        window.select_row(row)

        def take() -> None:
            window.grab().save(str(out_dir / name))
            print(f"saved {out_dir / name}")
            next_shot()

        when(lambda: bool(window.reader.browser.photos) and "bulletin-media:0" in window.reader.browser.toHtml(), take)

    when(lambda: window.timeline_model.rowCount() >= 2, next_shot)
    app.exec()
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots"))
