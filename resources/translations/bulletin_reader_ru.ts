<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="ru">
<context>
    <name>FacetModel</name>
    <message>
        <location filename="../../reader/ui/models/facets.py" line="58" />
        <source>%1: %2 posts, %3 unread</source>
        <translation>%1: %2 публикаций, %3 непрочитанных</translation>
    </message>
    <message>
        <location filename="../../reader/ui/models/facets.py" line="63" />
        <source>%1: %2 posts</source>
        <translation>%1: %2 публикаций</translation>
    </message>
</context>
<context>
    <name>FilterPanel</name>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="129" />
        <source>&amp;Sources (unread)</source>
        <translation>&amp;Источники (непрочитанные)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="130" />
        <source>&amp;Languages</source>
        <translation>&amp;Языки</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="131" />
        <source>&amp;Topics</source>
        <translation>&amp;Темы</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="132" />
        <source>Filter topics…</source>
        <translation>Найти тему…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="133" />
        <source>From</source>
        <translation>С</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="134" />
        <source>To</source>
        <translation>По</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="135" />
        <source>Clear filters</source>
        <translation>Сбросить фильтры</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="136" />
        <source>Sources</source>
        <translation>Источники</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="137" />
        <source>Languages</source>
        <translation>Языки</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="138" />
        <source>Topics</source>
        <translation>Темы</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="139" />
        <source>Filter topics</source>
        <translation>Поиск по темам</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="140" />
        <source>From date</source>
        <translation>Начальная дата</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="141" />
        <source>To date</source>
        <translation>Конечная дата</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="142" />
        <source>Filters</source>
        <translation>Фильтры</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="153" />
        <source>&amp;All</source>
        <translation>&amp;Все</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="154" />
        <source>&amp;Unread</source>
        <translation>&amp;Непрочитанные</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="155" />
        <source>&amp;Bookmarked</source>
        <translation>&amp;Закладки</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="157" />
        <source>&amp;All (%1)</source>
        <translation>&amp;Все (%1)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="158" />
        <source>&amp;Unread (%1)</source>
        <translation>&amp;Непрочитанные (%1)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="159" />
        <source>&amp;Bookmarked (%1)</source>
        <translation>&amp;Закладки (%1)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="163" />
        <source>Russian</source>
        <translation>Русский</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="164" />
        <source>English</source>
        <translation>Английский</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="165" />
        <source>Ukrainian</source>
        <translation>Украинский</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="166" />
        <source>German</source>
        <translation>Немецкий</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/filter_panel.py" line="167" />
        <source>French</source>
        <translation>Французский</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="279" />
        <source>Bulletin Reader</source>
        <translation>Bulletin Reader</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="281" />
        <source>&amp;Import files…</source>
        <translation>&amp;Импорт файлов…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="282" />
        <source>Import a &amp;folder…</source>
        <translation>Импорт &amp;папки…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="283" />
        <source>&amp;Export bookmarks…</source>
        <translation>&amp;Экспорт закладок…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="284" />
        <source>&amp;Quit</source>
        <translation>В&amp;ыход</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="285" />
        <source>&amp;Search</source>
        <translation>&amp;Поиск</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="286" />
        <source>Mark all as &amp;read</source>
        <translation>Отметить все как &amp;прочитанные</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="287" />
        <source>&amp;Next post</source>
        <translation>&amp;Следующая публикация</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="288" />
        <source>&amp;Previous post</source>
        <translation>&amp;Предыдущая публикация</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="289" />
        <source>Next &amp;unread post</source>
        <translation>Следующая &amp;непрочитанная</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="290" />
        <source>Scroll, then next post</source>
        <translation>Прокрутить, затем следующая</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="291" />
        <source>Toggle &amp;read</source>
        <translation>&amp;Прочитано / не прочитано</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="292" />
        <source>&amp;Bookmark</source>
        <translation>&amp;Закладка</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="293" />
        <source>&amp;Open original in browser</source>
        <translation>&amp;Открыть оригинал в браузере</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="294" />
        <source>&amp;Russian side</source>
        <translation>&amp;Русский текст</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="295" />
        <source>&amp;English side</source>
        <translation>&amp;Английский текст</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="296" />
        <source>&amp;Both sides</source>
        <translation>&amp;Оба текста</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="297" />
        <source>&amp;Dark mode</source>
        <translation>&amp;Тёмная тема</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="298" />
        <source>&amp;Bigger text</source>
        <translation>&amp;Крупнее текст</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="299" />
        <source>&amp;Smaller text</source>
        <translation>&amp;Мельче текст</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="300" />
        <source>&amp;Normal text size</source>
        <translation>&amp;Обычный размер текста</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="301" />
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Сочетания клавиш</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="302" />
        <source>&amp;About Bulletin Reader</source>
        <translation>&amp;О программе Bulletin Reader</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="303" />
        <source>System language</source>
        <translation>Язык системы</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="309" />
        <source>&amp;Undo</source>
        <translation>&amp;Отменить</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="310" />
        <source>&amp;Redo</source>
        <translation>&amp;Повторить</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="312" />
        <source>Export is not available in this build</source>
        <translation>Экспорт недоступен в этой сборке</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="313" />
        <source>&amp;File</source>
        <translation>&amp;Файл</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="314" />
        <source>&amp;Edit</source>
        <translation>&amp;Правка</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="315" />
        <source>&amp;Go</source>
        <translation>П&amp;ереход</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="316" />
        <source>&amp;View</source>
        <translation>&amp;Вид</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="317" />
        <source>Interface &amp;language</source>
        <translation>&amp;Язык интерфейса</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="318" />
        <source>&amp;Help</source>
        <translation>&amp;Справка</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="319" />
        <source>Search  (/)   e.g. саммит lang:ru -visa</source>
        <translation>Поиск  (/)   например: саммит lang:ru -виза</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="320" />
        <source>Search posts</source>
        <translation>Поиск публикаций</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="323" />
        <source>Words, "phrases", -word, lang:ru, topic:ASEAN, source:name, is:unread, is:bookmarked, after:2025-07-01, before:2025-08-01</source>
        <translation>Слова, "фразы", -слово, lang:ru, topic:ASEAN, source:имя, is:unread, is:bookmarked, after:2025-07-01, before:2025-08-01</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="327" />
        <source>Timeline</source>
        <translation>Лента</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="328" />
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="329" />
        <source>Cancel import</source>
        <translation>Отменить импорт</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="330" />
        <source>Import progress</source>
        <translation>Ход импорта</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="331" />
        <source>Toolbar</source>
        <translation>Панель инструментов</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="450" />
        <source>%1 posts</source>
        <translation>Публикаций: %1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="485" />
        <source>No more unread posts here</source>
        <translation>Непрочитанных публикаций больше нет</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="545" />
        <source>Could not save: %1</source>
        <translation>Не удалось сохранить: %1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="568" />
        <source>This post has no original link</source>
        <translation>У этой публикации нет ссылки на оригинал</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="583" />
        <source>Marking all as read…</source>
        <translation>Отмечаем все как прочитанные…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="590" />
        <source>Marked %1 posts as read (Ctrl+Z to undo)</source>
        <translation>Отмечено прочитанными: %1 (Ctrl+Z — отменить)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="593" />
        <source>Mark %1 posts as read</source>
        <translation>Отметить прочитанными: %1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="621" />
        <source>Import bulletins</source>
        <translation>Импорт бюллетеней</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="623" />
        <source>Exports and dumps (*.json *.html *.htm *.txt *.csv *.xml *.rss *.atom *.zip);;All files (*)</source>
        <translation>Экспорты и выгрузки (*.json *.html *.htm *.txt *.csv *.xml *.rss *.atom *.zip);;Все файлы (*)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="629" />
        <source>Import a folder</source>
        <translation>Импорт папки</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="640" />
        <source>An import is already running</source>
        <translation>Импорт уже идёт</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="659" />
        <source>Importing %1…</source>
        <translation>Импорт: %1…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="665" />
        <source>Cancelling the import…</source>
        <translation>Отменяем импорт…</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="673" />
        <source>Importing: %1 posts read</source>
        <translation>Импорт: прочитано публикаций: %1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="757" />
        <source>Linking translations: %1 of %2 posts</source>
        <translation>Поиск переводов: %1 из %2 публикаций</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="686" />
        <source>Import finished: %1 new, %2 updated, %3 warnings</source>
        <translation>Импорт завершён: новых %1, обновлено %2, предупреждений %3</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="691" />
        <source>Import finished</source>
        <translation>Импорт завершён</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="701" />
        <source>Import cancelled; the library is unchanged.</source>
        <translation>Импорт отменён, библиотека не изменилась.</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="703" />
        <source>Import failed: %1</source>
        <translation>Импорт не удался: %1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="705" />
        <source>Import failed unexpectedly: %1</source>
        <translation>Импорт неожиданно прервался: %1</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="709" />
        <source>Import failed</source>
        <translation>Импорт не удался</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="792" />
        <source>About Bulletin Reader</source>
        <translation>О программе Bulletin Reader</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/main_window.py" line="793" />
        <source>Bulletin Reader: Russian and English foreign-ministry bulletins, offline, side by side.</source>
        <translation>Bulletin Reader: бюллетени МИД на русском и английском, без интернета, рядом друг с другом.</translation>
    </message>
</context>
<context>
    <name>ReaderPane</name>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="147" />
        <source>Show:</source>
        <translation>Показать:</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="148" />
        <location filename="../../reader/ui/views/reader_pane.py" line="379" />
        <source>Russian</source>
        <translation>Русский</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="149" />
        <location filename="../../reader/ui/views/reader_pane.py" line="380" />
        <source>English</source>
        <translation>Английский</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="150" />
        <source>Both</source>
        <translation>Оба</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="151" />
        <source>Only the Russian side (Ctrl+1)</source>
        <translation>Только русский текст (Ctrl+1)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="152" />
        <source>Only the English side (Ctrl+2)</source>
        <translation>Только английский текст (Ctrl+2)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="153" />
        <source>Russian and English side by side (Ctrl+3)</source>
        <translation>Русский и английский рядом (Ctrl+3)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="154" />
        <source>Post text</source>
        <translation>Текст публикации</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="155" />
        <source>Reader</source>
        <translation>Чтение</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="207" />
        <source>Select a post to read it. j / k move, n jumps to the next unread post.</source>
        <translation>Выберите публикацию, чтобы прочитать её. j / k — переход, n — следующая непрочитанная.</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="334" />
        <source>Confirm this pair</source>
        <translation>Подтвердить эту пару</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="335" />
        <source>Reject this pair</source>
        <translation>Отклонить эту пару</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="339" />
        <source>Pair with the selected passage</source>
        <translation>Связать с выбранным абзацем</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="343" />
        <source>Confirm that the two posts say the same</source>
        <translation>Подтвердить, что публикации говорят об одном</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="346" />
        <source>These posts are not translations of each other</source>
        <translation>Эти публикации — не переводы друг друга</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="349" />
        <source>Select a passage on the other side first to pair them</source>
        <translation>Сначала выберите абзац на другой стороне</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="374" />
        <source>Open original</source>
        <translation>Открыть оригинал</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="375" />
        <source>Bookmarked</source>
        <translation>В закладках</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="376" />
        <source>Topics</source>
        <translation>Темы</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="377" />
        <source>Shown with its counterpart in the other language.</source>
        <translation>Показана вместе с версией на другом языке.</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="378" />
        <source>This post has media that is not in the export.</source>
        <translation>В публикации есть медиафайлы, которых нет в выгрузке.</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="381" />
        <source>confirmed by you</source>
        <translation>подтверждено вами</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/reader_pane.py" line="382" />
        <source>low confidence</source>
        <translation>низкая уверенность</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../reader/ui/views/shortcuts_dialog.py" line="29" />
        <location filename="../../reader/ui/views/shortcuts_dialog.py" line="30" />
        <source>Keyboard shortcuts</source>
        <translation>Сочетания клавиш</translation>
    </message>
</context>
<context>
    <name>TimelineDelegate</name>
    <message>
        <location filename="../../reader/ui/views/timeline_delegate.py" line="195" />
        <source>(media that is not in the export)</source>
        <translation>(медиа, которого нет в выгрузке)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/timeline_delegate.py" line="197" />
        <source>(media without text: %1)</source>
        <translation>(медиа без текста: %1)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/timeline_delegate.py" line="198" />
        <source>(no text)</source>
        <translation>(без текста)</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/timeline_delegate.py" line="213" />
        <source>Undated</source>
        <translation>Без даты</translation>
    </message>
    <message>
        <location filename="../../reader/ui/views/timeline_delegate.py" line="219" />
        <source>Today</source>
        <translation>Сегодня</translation>
    </message>
</context>
<context>
    <name>TimelineModel</name>
    <message>
        <location filename="../../reader/ui/models/timeline.py" line="234" />
        <source>The timeline could not be loaded: %1</source>
        <translation>Не удалось загрузить ленту: %1</translation>
    </message>
</context>
</TS>