<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru">
<context>
    <name>CutMarker</name>
    <message>
        <location filename="../../reader/ui/i18n.py" line="83"/>
        <source>[… text cut: %1 over the limit]</source>
        <translation>[… текст обрезан: %1 сверх предела]</translation>
    </message>
    <message>
        <location filename="../../reader/ui/i18n.py" line="84"/>
        <source>bytes</source>
        <translation>байт</translation>
    </message>
    <message>
        <location filename="../../reader/ui/i18n.py" line="85"/>
        <source>KB</source>
        <translation>КБ</translation>
    </message>
    <message>
        <location filename="../../reader/ui/i18n.py" line="86"/>
        <source>MB</source>
        <translation>МБ</translation>
    </message>
    <message>
        <location filename="../../reader/ui/i18n.py" line="87"/>
        <source>GB</source>
        <translation>ГБ</translation>
    </message>
</context>
<context>
    <name>DateRangeBox</name>
    <message>
        <location filename="../../reader/ui/views/date_range.py" line="49"/>
        <source>From</source>
        <translation>С</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/date_range.py" line="50"/>
        <source>To</source>
        <translation>По</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/date_range.py" line="51"/>
        <source>From date</source>
        <translation>Начальная дата</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/date_range.py" line="52"/>
        <source>To date</source>
        <translation>Конечная дата</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../reader/ui/views/export_dialog.py" line="120"/>
        <location filename="../../reader/ui/views/export_dialog.py" line="137"/>
        <source>Export</source>
        <translation>Выгрузка</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/export_dialog.py" line="122"/>
        <source>Browser bookmarks (HTML, for Firefox, Chrome, Raindrop)</source>
        <translation>Закладки браузера (HTML: Firefox, Chrome, Raindrop)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/export_dialog.py" line="123"/>
        <source>Markdown notes, one per post, in a folder (Obsidian)</source>
        <translation>Заметки Markdown, по одной на публикацию, в папке (Obsidian)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/export_dialog.py" line="124"/>
        <source>Markdown, all posts in one file (to paste)</source>
        <translation>Markdown, все публикации в одном файле (для вставки)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/export_dialog.py" line="125"/>
        <source>Bulletin Reader JSON (complete, can be imported again)</source>
        <translation>JSON Bulletin Reader (полный, можно импортировать снова)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/export_dialog.py" line="126"/>
        <source>Spreadsheet (CSV, UTF-8)</source>
        <translation>Таблица (CSV, UTF-8)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/export_dialog.py" line="127"/>
        <source>Zotero (CSL-JSON)</source>
        <translation>Zotero (CSL-JSON)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/export_dialog.py" line="128"/>
        <source>PDF reading pack, both languages in columns</source>
        <translation>PDF для чтения, оба языка в колонках</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/export_dialog.py" line="133"/>
        <source>Bookmarks</source>
        <translation>Закладки</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/export_dialog.py" line="134"/>
        <source>Posts of the current filter</source>
        <translation>Публикации текущего фильтра</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/export_dialog.py" line="135"/>
        <source>Selected posts (%1)</source>
        <translation>Выбранные публикации (%1)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/export_dialog.py" line="136"/>
        <source>Choose…</source>
        <translation>Выбрать…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/export_dialog.py" line="138"/>
        <source>Posts are exported together with their translation when one is known.</source>
        <translation>Публикации выгружаются вместе с переводом, если он известен.</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/export_dialog.py" line="147"/>
        <source>Format:</source>
        <translation>Формат:</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/export_dialog.py" line="147"/>
        <source>Export:</source>
        <translation>Что выгрузить:</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/export_dialog.py" line="147"/>
        <source>Save to:</source>
        <translation>Сохранить в:</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/export_dialog.py" line="191"/>
        <source>Export to</source>
        <translation>Выгрузить в</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/export_dialog.py" line="209"/>
        <source>Replace file?</source>
        <translation>Заменить файл?</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/export_dialog.py" line="210"/>
        <source>%1 already exists. Replace it?</source>
        <translation>%1 уже существует. Заменить?</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/export_dialog.py" line="220"/>
        <source>Add to folder?</source>
        <translation>Добавить в папку?</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/export_dialog.py" line="221"/>
        <source>%1 is not empty. Add the notes to it (notes of the same name are replaced)?</source>
        <translation>Папка %1 не пуста. Добавить в неё заметки (заметки с тем же именем будут заменены)?</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/export_dialog.py" line="234"/>
        <source>Choose where to save the export.</source>
        <translation>Выберите, куда сохранить выгрузку.</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/export_dialog.py" line="257"/>
        <source>Exporting…</source>
        <translation>Выгрузка…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/export_dialog.py" line="270"/>
        <source>Exported %1 posts to %2</source>
        <translation>Выгружено публикаций: %1, в %2</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/export_dialog.py" line="294"/>
        <source>Still exporting… the dialog closes when the file is written.</source>
        <translation>Выгрузка ещё идёт… окно закроется, когда файл будет записан.</translation>
    </message>
</context>
<context>
    <name>FacetModel</name>
    <message>
        <location filename="../../reader/ui/models/facets.py" line="67"/>
        <source>followed, up to date</source>
        <translation>отслеживается, обновлён</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models/facets.py" line="68"/>
        <source>refreshing…</source>
        <translation>обновляется…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models/facets.py" line="69"/>
        <source>failing: %1</source>
        <translation>ошибка: %1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models/facets.py" line="72"/>
        <source>%1: %2 posts, %3 unread; %4</source>
        <translation>%1: %2 публикаций, %3 непрочитанных; %4</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models/facets.py" line="79"/>
        <source>%1: %2 posts, %3 unread</source>
        <translation>%1: %2 публикаций, %3 непрочитанных</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models/facets.py" line="84"/>
        <source>%1: %2 posts</source>
        <translation>%1: %2 публикаций</translation>
    </message>
</context>
<context>
    <name>FilterPanel</name>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="145"/>
        <source>&amp;Sources (unread)</source>
        <translation>&amp;Источники (непрочитанные)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="147"/>
        <source>&amp;Hide empty posts</source>
        <translation>&amp;Скрыть пустые</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="148"/>
        <source>Leave out posts whose only content is media that is not in the export</source>
        <translation>Не показывать публикации, в которых есть только медиафайлы, которых нет в выгрузке</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="149"/>
        <source>&amp;Rename source…</source>
        <translation>&amp;Переименовать источник…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="150"/>
        <source>&amp;Languages</source>
        <translation>&amp;Языки</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="151"/>
        <source>Your ta&amp;gs</source>
        <translation>Ваши &amp;метки</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="152"/>
        <source>Your tags</source>
        <translation>Ваши метки</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="153"/>
        <source>&amp;Topics</source>
        <translation>&amp;Темы</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="154"/>
        <source>Filter topics…</source>
        <translation>Найти тему…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="155"/>
        <source>Clear filters</source>
        <translation>Сбросить фильтры</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="156"/>
        <source>Sources</source>
        <translation>Источники</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="157"/>
        <source>Languages</source>
        <translation>Языки</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="158"/>
        <source>Topics</source>
        <translation>Темы</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="159"/>
        <source>Filter topics</source>
        <translation>Поиск по темам</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="160"/>
        <source>Filters</source>
        <translation>Фильтры</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="192"/>
        <source>&amp;All</source>
        <translation>&amp;Все</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="193"/>
        <source>&amp;Unread</source>
        <translation>&amp;Непрочитанные</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="194"/>
        <source>&amp;Bookmarked</source>
        <translation>&amp;Закладки</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="196"/>
        <source>&amp;All (%1)</source>
        <translation>&amp;Все (%1)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="197"/>
        <source>&amp;Unread (%1)</source>
        <translation>&amp;Непрочитанные (%1)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="198"/>
        <source>&amp;Bookmarked (%1)</source>
        <translation>&amp;Закладки (%1)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="214"/>
        <source>Russian</source>
        <translation>Русский</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="215"/>
        <source>English</source>
        <translation>Английский</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="216"/>
        <source>Ukrainian</source>
        <translation>Украинский</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="217"/>
        <source>German</source>
        <translation>Немецкий</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="218"/>
        <source>French</source>
        <translation>Французский</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="319"/>
        <source>Rename source</source>
        <translation>Переименовать источник</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="320"/>
        <source>A name of your own for %1 (later imports keep it):</source>
        <translation>Своё название для %1 (последующие импорты его сохранят):</translation>
    </message>
</context>
<context>
    <name>ImportController</name>
    <message>
        <location filename="../../reader/ui/views/import_controller.py" line="51"/>
        <source>Import bulletins</source>
        <translation>Импорт бюллетеней</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/import_controller.py" line="53"/>
        <source>Exports and dumps (*.json *.html *.htm *.txt *.csv *.xml *.rss *.atom *.zip);;All files (*)</source>
        <translation>Экспорты и выгрузки (*.json *.html *.htm *.txt *.csv *.xml *.rss *.atom *.zip);;Все файлы (*)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/import_controller.py" line="59"/>
        <source>Import a folder</source>
        <translation>Импорт папки</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/import_controller.py" line="66"/>
        <source>An import is already running</source>
        <translation>Импорт уже идёт</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/import_controller.py" line="83"/>
        <source>Importing %1…</source>
        <translation>Импорт: %1…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/import_controller.py" line="125"/>
        <source>Cancelling the import…</source>
        <translation>Отменяем импорт…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/import_controller.py" line="133"/>
        <source>Linking translations: %1 of %2 posts</source>
        <translation>Поиск переводов: %1 из %2 публикаций</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/import_controller.py" line="141"/>
        <source>Importing: %1 posts read</source>
        <translation>Импорт: прочитано публикаций: %1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/import_controller.py" line="151"/>
        <source>Import finished: %1 new, %2 updated, %3 warnings</source>
        <translation>Импорт завершён: новых %1, обновлено %2, предупреждений %3</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/import_controller.py" line="157"/>
        <source>Import finished</source>
        <translation>Импорт завершён</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/import_controller.py" line="167"/>
        <source>Import cancelled; the library is unchanged.</source>
        <translation>Импорт отменён, библиотека не изменилась.</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/import_controller.py" line="119"/>
        <location filename="../../reader/ui/views/import_controller.py" line="169"/>
        <source>Import failed: %1</source>
        <translation>Импорт не удался: %1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/import_controller.py" line="171"/>
        <source>Import failed unexpectedly: %1</source>
        <translation>Импорт неожиданно прервался: %1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/import_controller.py" line="175"/>
        <source>Import failed</source>
        <translation>Импорт не удался</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="186"/>
        <source>Bulletin Reader</source>
        <translation>Bulletin Reader</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="345"/>
        <source>About Bulletin Reader</source>
        <translation>О программе Bulletin Reader</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="346"/>
        <source>Bulletin Reader: Russian and English foreign-ministry bulletins, offline, side by side.</source>
        <translation>Bulletin Reader: бюллетени МИД на русском и английском, без интернета, рядом друг с другом.</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="362"/>
        <source>Exported 1 post to %1</source>
        <translation>Выгружена 1 публикация в %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../reader/ui/views/main_window.py" line="364"/>
        <source>Exported %n posts to %1</source>
        <translation>
            <numerusform>Выгружена %n публикация в %1</numerusform>
            <numerusform>Выгружено %n публикации в %1</numerusform>
            <numerusform>Выгружено %n публикаций в %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../reader/ui/views/main_window.py" line="366"/>
        <source>(%n without an address of their own)</source>
        <translation>
            <numerusform>(%n без собственного адреса)</numerusform>
            <numerusform>(%n без собственного адреса)</numerusform>
            <numerusform>(%n без собственного адреса)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MediaLabels</name>
    <message>
        <location filename="../../reader/ui/i18n.py" line="55"/>
        <source>Photo</source>
        <translation>Фото</translation>
    </message>
    <message>
        <location filename="../../reader/ui/i18n.py" line="56"/>
        <source>Video</source>
        <translation>Видео</translation>
    </message>
    <message>
        <location filename="../../reader/ui/i18n.py" line="57"/>
        <source>Video message</source>
        <translation>Видеосообщение</translation>
    </message>
    <message>
        <location filename="../../reader/ui/i18n.py" line="58"/>
        <source>GIF</source>
        <translation>GIF</translation>
    </message>
    <message>
        <location filename="../../reader/ui/i18n.py" line="59"/>
        <source>Audio</source>
        <translation>Аудио</translation>
    </message>
    <message>
        <location filename="../../reader/ui/i18n.py" line="60"/>
        <source>Voice message</source>
        <translation>Голосовое сообщение</translation>
    </message>
    <message>
        <location filename="../../reader/ui/i18n.py" line="61"/>
        <source>File</source>
        <translation>Файл</translation>
    </message>
    <message>
        <location filename="../../reader/ui/i18n.py" line="62"/>
        <source>Sticker</source>
        <translation>Стикер</translation>
    </message>
    <message>
        <location filename="../../reader/ui/i18n.py" line="63"/>
        <source>Poll</source>
        <translation>Опрос</translation>
    </message>
    <message>
        <location filename="../../reader/ui/i18n.py" line="64"/>
        <source>Location</source>
        <translation>Геопозиция</translation>
    </message>
    <message>
        <location filename="../../reader/ui/i18n.py" line="65"/>
        <source>Place</source>
        <translation>Место</translation>
    </message>
    <message>
        <location filename="../../reader/ui/i18n.py" line="66"/>
        <source>Contact</source>
        <translation>Контакт</translation>
    </message>
    <message>
        <location filename="../../reader/ui/i18n.py" line="67"/>
        <source>Game</source>
        <translation>Игра</translation>
    </message>
    <message>
        <location filename="../../reader/ui/i18n.py" line="68"/>
        <source>Dice</source>
        <translation>Кубик</translation>
    </message>
    <message>
        <location filename="../../reader/ui/i18n.py" line="69"/>
        <source>Invoice</source>
        <translation>Счёт</translation>
    </message>
    <message>
        <location filename="../../reader/ui/i18n.py" line="70"/>
        <source>Media</source>
        <translation>Медиа</translation>
    </message>
    <message>
        <location filename="../../reader/ui/i18n.py" line="71"/>
        <source>Media that is not in the export</source>
        <translation>Медиафайл, которого нет в выгрузке</translation>
    </message>
</context>
<context>
    <name>NoteDialog</name>
    <message>
        <location filename="../../reader/ui/views/note_dialog.py" line="26"/>
        <source>Note and tags</source>
        <translation>Заметка и метки</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/note_dialog.py" line="28"/>
        <source>Note</source>
        <translation>Заметка</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/note_dialog.py" line="29"/>
        <source>Why this post matters, what to follow up…</source>
        <translation>Чем важна публикация, что проверить дальше…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/note_dialog.py" line="31"/>
        <source>Tags</source>
        <translation>Метки</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/note_dialog.py" line="32"/>
        <source>comma-separated, e.g. brief, follow-up</source>
        <translation>через запятую, например: справка, проверить</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/note_dialog.py" line="34"/>
        <source>Note:</source>
        <translation>Заметка:</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/note_dialog.py" line="35"/>
        <source>Tags:</source>
        <translation>Метки:</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/note_dialog.py" line="41"/>
        <source>Note and tags: %1</source>
        <translation>Заметка и метки: %1</translation>
    </message>
</context>
<context>
    <name>PhotoDialog</name>
    <message>
        <location filename="../../reader/ui/views/post_photos.py" line="63"/>
        <source>Photo</source>
        <translation>Фотография</translation>
    </message>
</context>
<context>
    <name>PostActions</name>
    <message>
        <location filename="../../reader/ui/views/post_actions.py" line="102"/>
        <source>Marking all as read…</source>
        <translation>Отмечаем все как прочитанные…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/post_actions.py" line="108"/>
        <source>Marked %1 posts as read (Ctrl+Z to undo)</source>
        <translation>Отмечено прочитанными: %1 (Ctrl+Z — отменить)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/post_actions.py" line="111"/>
        <source>Mark %1 posts as read</source>
        <translation>Отметить прочитанными: %1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/post_actions.py" line="120"/>
        <source>The library is busy; saving again…</source>
        <translation>Библиотека занята; сохраняем ещё раз…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/post_actions.py" line="132"/>
        <source>Could not save: %1</source>
        <translation>Не удалось сохранить: %1</translation>
    </message>
</context>
<context>
    <name>PostCommands</name>
    <message>
        <location filename="../../reader/ui/views/post_commands.py" line="77"/>
        <source>This post has no original link</source>
        <translation>У этой публикации нет ссылки на оригинал</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/post_commands.py" line="81"/>
        <source>This link is not a web address: %1</source>
        <translation>Это не веб-адрес: %1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/post_commands.py" line="84"/>
        <source>No web browser could be opened for %1</source>
        <translation>Не удалось открыть браузер для %1</translation>
    </message>
</context>
<context>
    <name>ReaderPane</name>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="195"/>
        <source>Show:</source>
        <translation>Показать:</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="196"/>
        <location filename="../../reader/ui/views/reader_pane.py" line="505"/>
        <source>Russian</source>
        <translation>Русский</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="197"/>
        <location filename="../../reader/ui/views/reader_pane.py" line="506"/>
        <source>English</source>
        <translation>Английский</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="198"/>
        <source>Both</source>
        <translation>Оба</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="199"/>
        <source>Only the Russian side (Ctrl+1)</source>
        <translation>Только русский текст (Ctrl+1)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="200"/>
        <source>Only the English side (Ctrl+2)</source>
        <translation>Только английский текст (Ctrl+2)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="201"/>
        <source>Russian and English side by side (Ctrl+3)</source>
        <translation>Русский и английский рядом (Ctrl+3)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="202"/>
        <source>Post text</source>
        <translation>Текст публикации</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="203"/>
        <source>Reader</source>
        <translation>Чтение</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="268"/>
        <source>Select a post to read it. j / k move, n jumps to the next unread post.</source>
        <translation>Выберите публикацию, чтобы прочитать её. j / k — переход, n — следующая непрочитанная.</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="322"/>
        <source>Pair passages</source>
        <translation>Сопоставить абзацы</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="323"/>
        <source>Pair the selected passage with the passage numbered:</source>
        <translation>Сопоставить выбранный абзац с абзацем номер:</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="455"/>
        <source>Confirm this pair</source>
        <translation>Подтвердить эту пару</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="456"/>
        <source>Reject this pair</source>
        <translation>Отклонить эту пару</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="460"/>
        <source>Pair with the selected passage</source>
        <translation>Связать с выбранным абзацем</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="464"/>
        <source>Confirm that the two posts say the same</source>
        <translation>Подтвердить, что публикации говорят об одном</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="467"/>
        <source>These posts are not translations of each other</source>
        <translation>Эти публикации — не переводы друг друга</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="470"/>
        <source>Select a passage on the other side first to pair them</source>
        <translation>Сначала выберите абзац на другой стороне</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="495"/>
        <source>Open original</source>
        <translation>Открыть оригинал</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="496"/>
        <source>Bookmarked</source>
        <translation>В закладках</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="497"/>
        <source>Topics</source>
        <translation>Темы</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="498"/>
        <source>Your tags</source>
        <translation>Ваши метки</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="499"/>
        <source>Your note</source>
        <translation>Ваша заметка</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="500"/>
        <source>Shown with its counterpart in the other language.</source>
        <translation>Показана вместе с версией на другом языке.</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="501"/>
        <source>Not in the export: %1</source>
        <translation>Нет в выгрузке: %1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="502"/>
        <source>Forwarded from %1</source>
        <translation>Переслано из %1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="503"/>
        <source>In reply to %1</source>
        <translation>В ответ на %1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="504"/>
        <source>In reply to a message that is not in the library</source>
        <translation>В ответ на сообщение, которого нет в библиотеке</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="507"/>
        <source>confirmed by you</source>
        <translation>подтверждено вами</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="508"/>
        <source>low confidence</source>
        <translation>низкая уверенность</translation>
    </message>
</context>
<context>
    <name>ReasonText</name>
    <message>
        <location filename="../../reader/ui/views/passage_keys.py" line="92"/>
        <source>lengths fit a translation</source>
        <translation>длины как у перевода</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/passage_keys.py" line="92"/>
        <source>English {ratio}× the length of the Russian</source>
        <translation>английский текст: {ratio}× длины русского</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/passage_keys.py" line="92"/>
        <source>Paired: shares {things}; {lengths}</source>
        <translation>Пара: общее — {things}; {lengths}</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/passage_keys.py" line="92"/>
        <source>Paired by position and length: {lengths}</source>
        <translation>Пара по месту и длине: {lengths}</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/passage_keys.py" line="61"/>
        <source>1 number</source>
        <translation>1 число</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/passage_keys.py" line="61"/>
        <source>{count} numbers</source>
        <translation>чисел: {count}</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/passage_keys.py" line="62"/>
        <source>1 name</source>
        <translation>1 имя</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/passage_keys.py" line="62"/>
        <source>{count} names</source>
        <translation>имён: {count}</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/passage_keys.py" line="63"/>
        <source>1 quote</source>
        <translation>1 цитата</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/passage_keys.py" line="63"/>
        <source>{count} quotes</source>
        <translation>цитат: {count}</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/passage_keys.py" line="67"/>
        <source>1 term</source>
        <translation>1 термин</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/passage_keys.py" line="67"/>
        <source>{count} terms</source>
        <translation>терминов: {count}</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/passage_keys.py" line="70"/>
        <source>shares {things}</source>
        <translation>общее: {things}</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/passage_keys.py" line="72"/>
        <source>shares no number, name or quote</source>
        <translation>нет общих чисел, имён или цитат</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/passage_keys.py" line="75"/>
        <source>posted {time} apart</source>
        <translation>опубликованы с разницей {time}</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/passage_keys.py" line="77"/>
        <source>confirmed by you</source>
        <translation>подтверждено вами</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/passage_keys.py" line="79"/>
        <source>confidence {score}</source>
        <translation>уверенность {score}</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/passage_keys.py" line="81"/>
        <source>doubtful: check it before you quote it</source>
        <translation>сомнительно: проверьте, прежде чем цитировать</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/passage_keys.py" line="86"/>
        <source>{minutes} min</source>
        <translation>{minutes} мин</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/passage_keys.py" line="88"/>
        <source>{hours} h</source>
        <translation>{hours} ч</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/passage_keys.py" line="89"/>
        <source>{days} days</source>
        <translation>{days} дн.</translation>
    </message>
</context>
<context>
    <name>RecoveryDialog</name>
    <message>
        <location filename="../../reader/ui/views/recovery_dialog.py" line="33"/>
        <source>Library recovered</source>
        <translation>Библиотека восстановлена</translation>
    </message>
    <message numerus="yes">
        <location filename="../../reader/ui/views/recovery_dialog.py" line="40"/>
        <source>Re-import %n file(s)</source>
        <translation>
            <numerusform>Импортировать заново %n файл</numerusform>
            <numerusform>Импортировать заново %n файла</numerusform>
            <numerusform>Импортировать заново %n файлов</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/recovery_dialog.py" line="43"/>
        <source>Import files…</source>
        <translation>Импорт файлов…</translation>
    </message>
</context>
<context>
    <name>RefreshController</name>
    <message>
        <location filename="../../reader/ui/views/refresh_controller.py" line="98"/>
        <source>Cancelling the refresh…</source>
        <translation>Обновление отменяется…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/refresh_controller.py" line="105"/>
        <source>A refresh is running; yours follows it</source>
        <translation>Идёт обновление; ваше начнётся после него</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/refresh_controller.py" line="149"/>
        <source>Refreshing: %1 of %2 sources</source>
        <translation>Обновление: %1 из %2 источников</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/refresh_controller.py" line="174"/>
        <source>offline — showing what is stored</source>
        <translation>нет сети — показано то, что сохранено</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/refresh_controller.py" line="178"/>
        <source>Refreshed %1 sources: %2 new, %3 updated</source>
        <translation>Обновлено источников: %1; новых: %2, изменённых: %3</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/refresh_controller.py" line="184"/>
        <source>; %1 failing (see Sources)</source>
        <translation>; с ошибкой: %1 (см. «Источники»)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/refresh_controller.py" line="190"/>
        <source>Refresh cancelled; what was fetched before is kept.</source>
        <translation>Обновление отменено; полученное до этого сохранено.</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/refresh_controller.py" line="192"/>
        <source>Refresh failed: %1</source>
        <translation>Обновление не удалось: %1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/refresh_controller.py" line="194"/>
        <source>Refresh failed unexpectedly: %1</source>
        <translation>Обновление неожиданно прервалось: %1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/refresh_controller.py" line="250"/>
        <source>Subscribing to %1…</source>
        <translation>Подписка на %1…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/refresh_controller.py" line="260"/>
        <source>Could not subscribe: %1</source>
        <translation>Не удалось подписаться: %1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/refresh_controller.py" line="272"/>
        <source>%1 refreshes every %2 min</source>
        <translation>%1 обновляется каждые %2 мин</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/refresh_controller.py" line="277"/>
        <source>Could not change the refresh interval: %1</source>
        <translation>Не удалось изменить интервал обновления: %1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/refresh_controller.py" line="292"/>
        <source>No longer following %1; its posts stay</source>
        <translation>Источник %1 больше не отслеживается; его публикации остаются</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/refresh_controller.py" line="296"/>
        <source>Could not unsubscribe: %1</source>
        <translation>Не удалось отписаться: %1</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../reader/ui/views/shortcuts_dialog.py" line="45"/>
        <location filename="../../reader/ui/views/shortcuts_dialog.py" line="46"/>
        <source>Keyboard shortcuts</source>
        <translation>Сочетания клавиш</translation>
    </message>
</context>
<context>
    <name>SourcesMenu</name>
    <message>
        <location filename="../../reader/ui/views/sources_menu.py" line="47"/>
        <source>Re&amp;name…</source>
        <translation>Пере&amp;именовать…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/sources_menu.py" line="52"/>
        <source>&amp;Refresh</source>
        <translation>&amp;Обновить</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/sources_menu.py" line="54"/>
        <source>Refresh &amp;every…</source>
        <translation>Обновлять &amp;каждые…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/sources_menu.py" line="56"/>
        <source>&amp;Unsubscribe…</source>
        <translation>&amp;Отписаться…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/sources_menu.py" line="60"/>
        <source>&amp;Open in browser</source>
        <translation>Открыть в &amp;браузере</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/sources_menu.py" line="85"/>
        <source>Refresh interval</source>
        <translation>Интервал обновления</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/sources_menu.py" line="86"/>
        <source>Refresh %1 every (minutes):</source>
        <translation>Обновлять %1 каждые (минут):</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/sources_menu.py" line="97"/>
        <source>Unsubscribe</source>
        <translation>Отписаться</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/sources_menu.py" line="98"/>
        <source>Stop following %1? Its posts stay in the library.</source>
        <translation>Перестать отслеживать %1? Его публикации останутся в библиотеке.</translation>
    </message>
</context>
<context>
    <name>SubscribeDialog</name>
    <message>
        <location filename="../../reader/ui/views/subscribe_dialog.py" line="83"/>
        <source>Subscribe</source>
        <translation>Подписка</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/subscribe_dialog.py" line="84"/>
        <source>https://t.me/channel, @channel, or a feed or site address</source>
        <translation>https://t.me/channel, @channel или адрес ленты либо сайта</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/subscribe_dialog.py" line="85"/>
        <source>&amp;Look up</source>
        <translation>&amp;Найти</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/subscribe_dialog.py" line="86"/>
        <source>&amp;Name:</source>
        <translation>&amp;Название:</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/subscribe_dialog.py" line="88"/>
        <source>Refresh &amp;every (minutes):</source>
        <translation>Обновлять &amp;каждые (минут):</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/subscribe_dialog.py" line="90"/>
        <source>&amp;Subscribe</source>
        <translation>&amp;Подписаться</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/subscribe_dialog.py" line="100"/>
        <source>Looking up %1…</source>
        <translation>Поиск %1…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/subscribe_dialog.py" line="107"/>
        <source>Telegram channel</source>
        <translation>Канал Telegram</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/subscribe_dialog.py" line="108"/>
        <source>RSS/Atom feed</source>
        <translation>Лента RSS/Atom</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/subscribe_dialog.py" line="109"/>
        <source>a single article, refreshed when the page changes</source>
        <translation>отдельная статья, обновляется при изменении страницы</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/subscribe_dialog.py" line="118"/>
        <source>(no posts yet)</source>
        <translation>(публикаций пока нет)</translation>
    </message>
</context>
<context>
    <name>TimelineDelegate</name>
    <message>
        <location filename="../../reader/ui/views/timeline_delegate.py" line="231"/>
        <source>(no text)</source>
        <translation>(без текста)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/timeline_delegate.py" line="246"/>
        <source>Undated</source>
        <translation>Без даты</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/timeline_delegate.py" line="252"/>
        <source>Today</source>
        <translation>Сегодня</translation>
    </message>
</context>
<context>
    <name>TimelineFilter</name>
    <message>
        <location filename="../../reader/ui/views/timeline_filter.py" line="125"/>
        <source>The filters you left on last time are still on.</source>
        <translation>Включены фильтры, оставленные в прошлый раз.</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/timeline_filter.py" line="125"/>
        <source>Show all posts</source>
        <translation>Показать все публикации</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/timeline_filter.py" line="128"/>
        <source>Nothing matches these filters.</source>
        <translation>Под эти фильтры ничего не подходит.</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/timeline_filter.py" line="128"/>
        <source>Clear filters</source>
        <translation>Сбросить фильтры</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/timeline_filter.py" line="149"/>
        <source>Also in the other language: {forms} (type ={word} for the word alone)</source>
        <translation>Также на другом языке: {forms} (введите ={word}, чтобы искать только это слово)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/timeline_filter.py" line="164"/>
        <source>%1+ posts</source>
        <translation>Публикаций: %1+</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/timeline_filter.py" line="167"/>
        <source>1 post</source>
        <translation>1 публикация</translation>
    </message>
    <message numerus="yes">
        <location filename="../../reader/ui/views/timeline_filter.py" line="167"/>
        <source>%n posts</source>
        <translation>
            <numerusform>%n публикация</numerusform>
            <numerusform>%n публикации</numerusform>
            <numerusform>%n публикаций</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TimelineMenu</name>
    <message>
        <location filename="../../reader/ui/views/timeline_menu.py" line="55"/>
        <source>Mark as unread</source>
        <translation>Отметить как непрочитанное</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/timeline_menu.py" line="55"/>
        <source>Mark as read</source>
        <translation>Отметить как прочитанное</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/timeline_menu.py" line="59"/>
        <source>Mark older posts as read</source>
        <translation>Отметить более ранние как прочитанные</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/timeline_menu.py" line="62"/>
        <source>Remove bookmark</source>
        <translation>Убрать закладку</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/timeline_menu.py" line="62"/>
        <source>Bookmark</source>
        <translation>В закладки</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/timeline_menu.py" line="66"/>
        <source>Note and tags…</source>
        <translation>Заметка и метки…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/timeline_menu.py" line="67"/>
        <source>Copy link</source>
        <translation>Копировать ссылку</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/timeline_menu.py" line="68"/>
        <source>Open original in browser</source>
        <translation>Открыть оригинал в браузере</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/timeline_menu.py" line="86"/>
        <source>Link copied: %1</source>
        <translation>Ссылка скопирована: %1</translation>
    </message>
</context>
<context>
    <name>TimelineModel</name>
    <message>
        <location filename="../../reader/ui/models/timeline.py" line="235"/>
        <source>The timeline could not be loaded: %1</source>
        <translation>Не удалось загрузить ленту: %1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models/timeline.py" line="334"/>
        <source>Paired with its other-language version: confirmed by you</source>
        <translation>Связана с версией на другом языке: подтверждено вами</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models/timeline.py" line="335"/>
        <source>Paired with its other-language version automatically</source>
        <translation>Связана с версией на другом языке автоматически</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models/timeline.py" line="336"/>
        <source>Paired with its other-language version, but doubtful: check it before you quote it</source>
        <translation>Связана с версией на другом языке, но сомнительно: проверьте, прежде чем цитировать</translation>
    </message>
</context>
<context>
    <name>TimelineNavigator</name>
    <message>
        <location filename="../../reader/ui/views/navigator.py" line="83"/>
        <source>No more unread posts here</source>
        <translation>Непрочитанных публикаций больше нет</translation>
    </message>
</context>
<context>
    <name>WindowActions</name>
    <message>
        <location filename="../../reader/ui/views/window_actions.py" line="198"/>
        <source>&amp;Subscribe…</source>
        <translation>&amp;Подписаться…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/window_actions.py" line="199"/>
        <source>&amp;Refresh all sources</source>
        <translation>Обновить все &amp;источники</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/window_actions.py" line="200"/>
        <source>Refresh sources on s&amp;tart</source>
        <translation>Обновлять источники при &amp;запуске</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/window_actions.py" line="201"/>
        <source>&amp;Import files…</source>
        <translation>&amp;Импорт файлов…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/window_actions.py" line="202"/>
        <source>Import a &amp;folder…</source>
        <translation>Импорт &amp;папки…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/window_actions.py" line="203"/>
        <source>&amp;Export bookmarks…</source>
        <translation>&amp;Экспорт закладок…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/window_actions.py" line="204"/>
        <source>&amp;Quit</source>
        <translation>В&amp;ыход</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/window_actions.py" line="205"/>
        <source>&amp;Search</source>
        <translation>&amp;Поиск</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/window_actions.py" line="206"/>
        <source>Search in &amp;both languages</source>
        <translation>Искать на &amp;обоих языках</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/window_actions.py" line="207"/>
        <source>Mark all as &amp;read</source>
        <translation>Отметить все как &amp;прочитанные</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/window_actions.py" line="208"/>
        <source>&amp;Next post</source>
        <translation>&amp;Следующая публикация</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/window_actions.py" line="209"/>
        <source>&amp;Previous post</source>
        <translation>&amp;Предыдущая публикация</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/window_actions.py" line="210"/>
        <source>Next &amp;unread post</source>
        <translation>Следующая &amp;непрочитанная</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/window_actions.py" line="211"/>
        <source>Scroll, then next post</source>
        <translation>Прокрутить, затем следующая</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/window_actions.py" line="212"/>
        <source>Toggle &amp;read</source>
        <translation>&amp;Прочитано / не прочитано</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/window_actions.py" line="213"/>
        <source>&amp;Bookmark</source>
        <translation>&amp;Закладка</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/window_actions.py" line="214"/>
        <source>&amp;Note and tags…</source>
        <translation>&amp;Заметка и метки…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/window_actions.py" line="215"/>
        <source>&amp;Open original in browser</source>
        <translation>&amp;Открыть оригинал в браузере</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/window_actions.py" line="216"/>
        <source>Next passage side by side (Down in the text)</source>
        <translation>Следующий абзац рядом (стрелка вниз в тексте)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/window_actions.py" line="217"/>
        <source>Previous passage side by side (Up in the text)</source>
        <translation>Предыдущий абзац рядом (стрелка вверх в тексте)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/window_actions.py" line="218"/>
        <source>&amp;Confirm the selected passage pair</source>
        <translation>&amp;Подтвердить выбранную пару абзацев</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/window_actions.py" line="219"/>
        <source>Re&amp;ject the selected passage pair</source>
        <translation>&amp;Отклонить выбранную пару абзацев</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/window_actions.py" line="220"/>
        <source>Pair the selected passage with the other side&apos;s passage number…</source>
        <translation>Сопоставить выбранный абзац с абзацем другой стороны номер…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/window_actions.py" line="221"/>
        <source>&amp;Russian side</source>
        <translation>&amp;Русский текст</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/window_actions.py" line="222"/>
        <source>&amp;English side</source>
        <translation>&amp;Английский текст</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/window_actions.py" line="223"/>
        <source>&amp;Both sides</source>
        <translation>&amp;Оба текста</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/window_actions.py" line="224"/>
        <source>&amp;Dark mode</source>
        <translation>&amp;Тёмная тема</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/window_actions.py" line="225"/>
        <source>&amp;Bigger text</source>
        <translation>&amp;Крупнее текст</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/window_actions.py" line="226"/>
        <source>&amp;Smaller text</source>
        <translation>&amp;Мельче текст</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/window_actions.py" line="227"/>
        <source>&amp;Normal text size</source>
        <translation>&amp;Обычный размер текста</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/window_actions.py" line="228"/>
        <source>Reset the &amp;panes</source>
        <translation>Вернуть &amp;панели по умолчанию</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/window_actions.py" line="229"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Сочетания клавиш</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/window_actions.py" line="230"/>
        <source>&amp;About Bulletin Reader</source>
        <translation>&amp;О программе Bulletin Reader</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/window_actions.py" line="231"/>
        <source>System language</source>
        <translation>Язык системы</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/window_actions.py" line="234"/>
        <source>&amp;Undo</source>
        <translation>&amp;Отменить</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/window_actions.py" line="235"/>
        <source>&amp;Redo</source>
        <translation>&amp;Повторить</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/window_actions.py" line="239"/>
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/window_actions.py" line="240"/>
        <source>&amp;Edit</source>
        <translation>&amp;Правка</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/window_actions.py" line="241"/>
        <source>&amp;Go</source>
        <translation>П&amp;ереход</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/window_actions.py" line="242"/>
        <source>&amp;View</source>
        <translation>&amp;Вид</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/window_actions.py" line="243"/>
        <source>Interface &amp;language</source>
        <translation>&amp;Язык интерфейса</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/window_actions.py" line="244"/>
        <source>&amp;Help</source>
        <translation>&amp;Справка</translation>
    </message>
</context>
<context>
    <name>WindowLayout</name>
    <message>
        <location filename="../../reader/ui/views/window_layout.py" line="134"/>
        <source>Search  (/)   e.g. саммит lang:ru -visa</source>
        <translation>Поиск  (/)   например: саммит lang:ru -виза</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/window_layout.py" line="135"/>
        <source>Search posts</source>
        <translation>Поиск публикаций</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/window_layout.py" line="138"/>
        <source>Words, &quot;phrases&quot;, -word, lang:ru, topic:ASEAN, source:name, tag:brief, is:unread, is:bookmarked, after:2025-07-01, before:2025-08-01</source>
        <translation>Слова, &quot;фразы&quot;, -слово, lang:ru, topic:ASEAN, source:имя, tag:метка, is:unread, is:bookmarked, after:2025-07-01, before:2025-08-01</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/window_layout.py" line="142"/>
        <source>Timeline</source>
        <translation>Лента</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/window_layout.py" line="143"/>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/window_layout.py" line="144"/>
        <source>Cancel import</source>
        <translation>Отменить импорт</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/window_layout.py" line="145"/>
        <source>Import progress</source>
        <translation>Ход импорта</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/window_layout.py" line="146"/>
        <source>Toolbar</source>
        <translation>Панель инструментов</translation>
    </message>
</context>
</TS>
