"""Take the README screenshots from the real main window under a virtual screen.

    rm -rf /tmp/shots-data && python -c "from pathlib import Path; from reader.importing.service import Library; \
Library(Path('/tmp/shots-data')).import_samples_if_empty()"
    # bookmark the bilingual post with a note and tags, so the reader shows them:
    bulletin-reader --data-dir /tmp/shots-data bookmark "$(bulletin-reader --data-dir /tmp/shots-data list --lang ru \
        --json | head -1 | python -c 'import json,sys; print(json.load(sys.stdin)["id"])')" \
        --note "Good example for the translators' glossary: names, school number, dates." --tag glossary --tag singapore
    xvfb-run -a -s "-screen 0 1280x800x24" python docs/screenshots/take_screenshots.py /tmp/shots-data docs/screenshots
    # then: convert X.png -colors 256 -define png:compression-level=9 X.png  (keeps them small)
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


def main(data_dir: Path, out_dir: Path) -> None:
    app = QApplication([APP_NAME])
    app.setApplicationName(APP_NAME)
    settings = Settings(QSettings(str(Path(tempfile.mkdtemp()) / "ui.ini"), QSettings.Format.IniFormat))
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

    def when(ready: Callable[[], bool], then: Callable[[], None], delay: int = 0) -> None:
        def check() -> None:
            if ready():
                QTimer.singleShot(delay, then)
            else:
                QTimer.singleShot(100, check)

        QTimer.singleShot(100, check)

    def open_bilingual_post() -> None:
        model = window.timeline_model
        row = next(
            r for r in range(model.rowCount()) if model.index(r).data(TimelineRole.ROW).title.startswith("О визите")
        )
        window.select_row(row)
        when(lambda: window.reader.document is not None, shoot_light, delay=600)

    def shoot_light() -> None:
        window.reader.select_passage(1, 0)
        window.grab().save(str(out_dir / "timeline-light.png"))
        window.set_dark_mode(True)
        QTimer.singleShot(800, shoot_dark)

    def shoot_dark() -> None:
        window.grab().save(str(out_dir / "timeline-dark.png"))
        window.set_dark_mode(False)
        app.quit()

    when(lambda: window.timeline_model.rowCount() > 0 and window.filter_panel.facets is not None, open_bilingual_post)
    app.exec()
    runner.shutdown()
    store.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
