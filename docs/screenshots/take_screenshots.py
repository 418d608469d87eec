"""Take the README screenshots from the real main window under a virtual screen.

    rm -rf /tmp/shots-data && python -c "from pathlib import Path; from reader.importing.service import Library; \
Library(Path('/tmp/shots-data')).import_samples_if_empty()"
    # bookmark the bilingual post with a note and tags, so the reader shows them:
    bulletin-reader --data-dir /tmp/shots-data bookmark "$(bulletin-reader --data-dir /tmp/shots-data list --lang ru \
        --json | head -1 | python -c 'import json,sys; print(json.load(sys.stdin)["id"])')" \
        --note "Good example for the translators' glossary: names, school number, dates." --tag glossary --tag singapore
    xvfb-run -a -s "-screen 0 1400x900x24" python docs/screenshots/take_screenshots.py /tmp/shots-data docs/screenshots
    # (QT_QPA_PLATFORM=offscreen works as well; keep the PNGs in full colour: a 256-colour palette loses the chips)
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from reader.paths import APP_NAME
from reader.store import Store
from reader.ui.i18n import UiTranslator
from reader.ui.models.timeline import TimelineRole
from reader.ui.settings import Settings, UiLanguage
from reader.ui.tasks import TaskRunner
from reader.ui.theme import Theme
from reader.ui.views.main_window import MainWindow

# (file, width, height, dark, UI language, text size). The README shows the first two: a small window
# with larger text and the Russian UI, where a sidebar would clip first, and a roomy dark one. The
# AppStream metainfo names the 1280x800 pair (its declared sizes are checked by a packaging test).
SHOTS = (
    ("timeline-ru-1024x640.png", 1024, 640, False, UiLanguage.RUSSIAN, 12),
    ("timeline-dark-1400x900.png", 1400, 900, True, UiLanguage.ENGLISH, 10),
    ("timeline-light.png", 1280, 800, False, UiLanguage.ENGLISH, 10),
    ("timeline-dark.png", 1280, 800, True, UiLanguage.ENGLISH, 10),
)


def main(data_dir: Path, out_dir: Path) -> None:
    app = QApplication([APP_NAME])
    app.setApplicationName(APP_NAME)
    app.setQuitOnLastWindowClosed(False)  # one window after another
    theme = Theme(app)
    translator = UiTranslator(app)
    store = Store.open(data_dir)
    runner = TaskRunner(data_dir)
    pending = list(SHOTS)

    def when(ready: Callable[[], bool], then: Callable[[], None], delay: int = 0) -> None:
        def check() -> None:
            if ready():
                QTimer.singleShot(delay, then)
            else:
                QTimer.singleShot(100, check)

        QTimer.singleShot(100, check)

    def next_shot() -> None:
        if not pending:
            app.quit()
            return
        name, width, height, dark, language, text_size = pending.pop(0)
        settings = Settings(QSettings(str(Path(tempfile.mkdtemp()) / "ui.ini"), QSettings.Format.IniFormat))
        settings.text_size = text_size
        theme.apply(dark, text_size)
        translator.apply(language)
        window = MainWindow(store, runner, settings, translator, theme)
        window.resize(width, height)
        window.show()
        window.start()

        def open_bilingual_post() -> None:
            model = window.timeline_model
            row = next(
                r for r in range(model.rowCount()) if model.index(r).data(TimelineRole.ROW).title.startswith("О визите")
            )
            window.select_row(row)
            when(lambda: window.reader.document is not None, shoot, delay=800)

        def shoot() -> None:
            window.reader.select_passage(1, 0)
            QTimer.singleShot(300, grab)

        def grab() -> None:
            window.grab().save(str(out_dir / name))
            window.close()
            window.deleteLater()
            QTimer.singleShot(300, next_shot)

        when(
            lambda: window.timeline_model.rowCount() > 0 and window.filter_panel.facets is not None,
            open_bilingual_post,
        )

    QTimer.singleShot(0, next_shot)
    app.exec()
    runner.shutdown()
    store.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
