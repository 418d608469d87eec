"""A seeded, repeatable benchmark corpus: one channel as a Telegram Desktop JSON and HTML export.

No text is invented: posts recombine real sentences from the bundled samples and, when the team's
`../shared/data` folder is present, from the ministry's English posts, a real Russian channel export
and the WMT22 Russian–English parallel documents. The same seed always gives the same files.

Posts take the shape of a real post (how many paragraphs, how many sentences in each) and fill it
with sentences drawn at random, so that, as in a real archive, few passages repeat word for word: a
corpus of whole real posts repeated thousands of times would flatter every cache keyed on a text.
Half of the parallel documents give only their Russian side (to Russian posts, to bilingual posts and
to English twins) and the other half only their English side, so an English post of its own never
translates a Russian sentence; a twin or a bilingual post's English may still translate a sentence
that a recombined Russian post drew from the same document (2 of 300 sampled false links at 100,000).

The mix follows what readers of ministry bulletins see: about 60 % English posts, 35 % Russian and
5 % bilingual (a Russian block, then its English translation), spread over several years, with
hashtags, reactions, links, photo placeholders and edits. Some Russian documents are also posted
again in English a few hours later, so the counterpart search has real work to do.
"""

from __future__ import annotations

import csv
import html
import json
import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from reader.resources import resources_path

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
MESSAGES_PER_PAGE = 1000  # Telegram Desktop's HTML export pages
CHANNEL_NAME = "МИД России / MFA Russia (benchmark)"
CHANNEL_ID = 1735512007
NOT_INCLUDED = "(File not included. Change data exporting settings to download.)"
EXPORT_ZONE = timezone(timedelta(hours=3))  # the exporting computer's clock, as in real exports
FIRST_DATE = datetime(2019, 1, 1, tzinfo=UTC)
LAST_DATE = datetime(2026, 3, 1, tzinfo=UTC)
FIRST_MESSAGE_ID = 1200

SHARE_ENGLISH = 0.60
SHARE_RUSSIAN = 0.35  # the rest is bilingual
SHARE_TWINS = 0.03  # of all posts: a Russian document followed by its English version as its own post
SHARE_PARALLEL_OF_RUSSIAN = 0.35  # Russian posts taken from the parallel documents (the rest: real channel posts)
SHARE_SERIES = 0.25  # messages sent minutes after the one before
SHARE_PHOTO = 0.18
SHARE_REACTIONS = 0.35
SHARE_EDITED = 0.08
SHARE_LINK = 0.30
SHARE_BOLD_TITLE = 0.40
REACTION_EMOJI = ("👍", "❤", "🔥", "👏", "🤝", "😢", "🤔")
READ_MORE_LABELS = {"en": ("👉 Read more", "📖 Read"), "ru": ("👉 Подробнее",)}

_JUNK_LINES = ("Please open Telegram to view this post", "VIEW IN TELEGRAM")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LETTERS = re.compile(r"[^\W\d_]")
_UKRAINIAN_LETTERS = re.compile(r"[іїєґІЇЄҐ]")
_HASHTAG = re.compile(r"(?<![\w#/&])#[^\W\d_]\w*")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0]*\n")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[«\"“(\dA-ZА-ЯЁ])")


# --------------------------------------------------------------------------------------------- text pools


@dataclass(slots=True)
class TextPools:
    """Real paragraphs and sentences by language, shapes of real posts, parallel documents, hashtags, links."""

    english: list[str] = field(default_factory=list)
    russian: list[str] = field(default_factory=list)
    english_posts: list[list[str]] = field(default_factory=list)  # whole real posts, as paragraphs
    russian_posts: list[list[str]] = field(default_factory=list)
    parallel: list[list[tuple[str, str]]] = field(default_factory=list)  # documents of (ru, en) sentences
    english_sentences: list[str] = field(default_factory=list)
    russian_sentences: list[str] = field(default_factory=list)
    # sentences per paragraph of each real post: the shapes generated posts take
    english_shapes: list[tuple[int, ...]] = field(default_factory=list)
    russian_shapes: list[tuple[int, ...]] = field(default_factory=list)
    hashtags_en: list[str] = field(default_factory=list)
    hashtags_ru: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # what the pools were built from, for the report

    def add_paragraph(self, text: str) -> None:
        text = text.strip()
        if len(_LETTERS.findall(text)) < 12:
            return
        (self.russian if _CYRILLIC.search(text) else self.english).append(text)


def load_pools(shared: Path | None = SHARED_DATA) -> TextPools:
    """Paragraphs from the bundled samples, plus `shared` (../shared/data) when it exists."""
    pools = TextPools()
    _add_samples(pools)
    if shared is not None and shared.is_dir():
        _add_mfa_posts(pools, shared / "mfa-posts" / "mfa_telegram.csv")
        _add_telegram_json(pools, shared / "telegram-json" / "result.json")
        _add_parallel(pools, shared / "parallel" / "wmt22-ru-en.tsv")
    for pool in (pools.english, pools.russian, pools.hashtags_en, pools.hashtags_ru, pools.links):
        pool[:] = list(dict.fromkeys(pool))
    pools.english_sentences = list(dict.fromkeys(part for text in pools.english for part in sentences_of(text)))
    pools.russian_sentences = list(dict.fromkeys(part for text in pools.russian for part in sentences_of(text)))
    pools.english_shapes = _shapes(pools.english_posts) or [(1,), (2,), (1, 2)]
    pools.russian_shapes = _shapes(pools.russian_posts) or pools.english_shapes
    if not pools.hashtags_en:
        pools.hashtags_en.append("#MFA")
    if not pools.hashtags_ru:
        pools.hashtags_ru.extend(pools.hashtags_en)
    if not pools.links:
        pools.links.append("https://mid.ru/en/")
    return pools


def sentences_of(paragraph: str) -> list[str]:
    """The sentences of a paragraph (a sentence ends at . ! ? or … before a capital, a digit or a quote)."""
    return [part for part in _SENTENCE_END.split(paragraph) if part.strip()]


def _shapes(posts: list[list[str]]) -> list[tuple[int, ...]]:
    return [tuple(len(sentences_of(paragraph)) for paragraph in post) for post in posts if post]


def _clean_lines(text: str) -> list[str]:
    lines = []
    for line in text.splitlines():
        line = line.strip()
        if not line or any(junk in line for junk in _JUNK_LINES):
            continue
        lines.append(line)
    return lines


def _add_hashtags(pools: TextPools, text: str) -> None:
    for tag in _HASHTAG.findall(text):
        (pools.hashtags_ru if _CYRILLIC.search(tag) else pools.hashtags_en).append(tag)


def _add_samples(pools: TextPools) -> None:
    for path in sorted(resources_path("samples").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        _add_hashtags(pools, text)
        lines = list(dict.fromkeys(_clean_lines(text)))  # scraped dumps repeat each body once
        russian = [line for line in lines if _CYRILLIC.search(line) and len(_LETTERS.findall(line)) >= 12]
        # The one bilingual post of the scraped dump: its Russian lines then the English lines after them.
        # Those English lines then appear only as its translation (see the module's docstring).
        translated: set[str] = set()
        if russian:
            first = lines.index(russian[0])
            after = [line for line in lines[first:] if not _CYRILLIC.search(line)][: len(russian)]
            if len(after) == len(russian):
                pools.parallel.append(list(zip(russian, after, strict=True)))
                translated.update(after)
        lines = [line for line in lines if line not in translated]
        for line in lines:
            pools.add_paragraph(line)
        english = [line for line in lines if not _CYRILLIC.search(line) and len(_LETTERS.findall(line)) >= 12]
        for start in range(0, len(english), 4):
            pools.english_posts.append(english[start : start + 4])
        pools.sources.append(f"resources/samples/{path.name}")


def _add_mfa_posts(pools: TextPools, path: Path) -> None:
    if not path.is_file():
        return
    with path.open(encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle):
            text = record.get("text") or ""
            _add_hashtags(pools, text)
            paragraphs = [" ".join(part.split()) for part in _PARAGRAPH_BREAK.split(text)]
            paragraphs = [part for part in paragraphs if len(_LETTERS.findall(part)) >= 12]
            for paragraph in paragraphs:
                pools.add_paragraph(paragraph)
            if paragraphs:
                pools.english_posts.append(paragraphs)
            for url in (record.get("urls") or "").split("|"):
                if url.startswith(("https://", "http://")) and "t.me/" not in url:
                    pools.links.append(url)
    pools.sources.append("shared/data/mfa-posts/mfa_telegram.csv")


def _plain_text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(item if isinstance(item, str) else str(item.get("text", "")) for item in value)
    return ""


def _add_telegram_json(pools: TextPools, path: Path) -> None:
    """Russian posts of the real channel export; its Ukrainian posts are left out (not our mix)."""
    if not path.is_file():
        return
    export = json.loads(path.read_text(encoding="utf-8"))
    for message in export.get("messages", []):
        if message.get("type") != "message":
            continue
        text = _plain_text(message.get("text"))
        paragraphs = [part.strip() for part in _PARAGRAPH_BREAK.split(text)]
        russian = [
            part
            for part in paragraphs
            if _CYRILLIC.search(part) and not _UKRAINIAN_LETTERS.search(part) and len(_LETTERS.findall(part)) >= 12
        ]
        if not russian or len(russian) < len([part for part in paragraphs if _CYRILLIC.search(part)]):
            continue  # a Ukrainian or mixed post
        _add_hashtags(pools, text)
        pools.russian.extend(russian)
        pools.russian_posts.append(russian)
    pools.sources.append("shared/data/telegram-json/result.json")


def _add_parallel(pools: TextPools, path: Path) -> None:
    if not path.is_file():
        return
    documents: dict[str, list[tuple[str, str]]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            ru, en = (record.get("ru") or "").strip(), (record.get("en") or "").strip()
            if ru and en:
                documents.setdefault(record["doc_id"], []).append((ru, en))
    for number, sentences in enumerate(documents.values()):
        # Every other document gives only its Russian side (and its English only as that side's
        # translation), the rest only their English side: see the module's docstring.
        if number % 2 == 0:
            pools.parallel.append(sentences)
            pools.add_paragraph(" ".join(ru for ru, _ in sentences))
        else:
            pools.add_paragraph(" ".join(en for _, en in sentences))
    pools.sources.append("shared/data/parallel/wmt22-ru-en.tsv")


# --------------------------------------------------------------------------------------------- messages


@dataclass(frozen=True, slots=True)
class Message:
    """One channel message of the corpus, independent of the export format."""

    id: int
    unixtime: int
    kind: str  # "en", "ru", "bilingual"
    paragraphs: tuple[str, ...]
    bold_title: bool = False
    hashtags: tuple[str, ...] = ()
    link: tuple[str, str] | None = None  # (url, label); label == url for a bare link
    photo: bool = False
    reactions: tuple[tuple[str, int], ...] = ()
    edited_unixtime: int | None = None
    russian_count: int = 0  # bilingual posts: how many of the paragraphs are the Russian block
    # Russian posts from a parallel document: the English paragraphs of their twin (not exported)
    translation: tuple[str, ...] = ()


def messages(count: int, seed: int, pools: TextPools) -> Iterator[Message]:
    """`count` messages, oldest first; the same seed and pools give the same messages."""
    rng = random.Random(seed)
    span = (LAST_DATE - FIRST_DATE).total_seconds()
    step = span / max(count, 1)
    start = FIRST_DATE.timestamp()
    message_id = FIRST_MESSAGE_ID
    twin: Message | None = None
    produced = 0
    previous = 0
    twin_chance = SHARE_TWINS / (SHARE_RUSSIAN * SHARE_PARALLEL_OF_RUSSIAN)
    while produced < count:
        moment = int(start + produced * step + rng.random() * step * 0.9)
        if previous and rng.random() < SHARE_SERIES:
            moment = previous + rng.randint(20, 900)  # channels post in bursts: a series, a thread
        moment = max(moment, previous + 1)
        previous = moment
        if twin is not None:
            message = _decorate(message_id, moment, "en", twin.translation, pools.hashtags_en, rng, pools)
            twin = None
        else:
            message = _new_message(message_id, moment, rng, pools)
            if message.kind == "ru" and message.translation and rng.random() < twin_chance:
                twin = message
        yield message
        produced += 1
        message_id += 1 if rng.random() < 0.97 else rng.randint(2, 5)  # deleted messages leave gaps


def _new_message(message_id: int, moment: int, rng: random.Random, pools: TextPools) -> Message:
    roll = rng.random()
    if roll < SHARE_ENGLISH:
        paragraphs = _recombined(rng, pools.english_sentences, pools.english_shapes)
        return _decorate(message_id, moment, "en", paragraphs, pools.hashtags_en, rng, pools)
    if roll < SHARE_ENGLISH + SHARE_RUSSIAN:
        if pools.parallel and rng.random() < SHARE_PARALLEL_OF_RUSSIAN:
            russian, english = _parallel_run(rng, pools, 8)
            return _decorate(message_id, moment, "ru", russian, pools.hashtags_ru, rng, pools, translation=english)
        paragraphs = _recombined(rng, pools.russian_sentences, pools.russian_shapes)
        return _decorate(message_id, moment, "ru", paragraphs, pools.hashtags_ru, rng, pools)
    russian, english = _parallel_run(rng, pools, 5)
    hashtags = pools.hashtags_ru + pools.hashtags_en
    return _decorate(message_id, moment, "bilingual", russian + english, hashtags, rng, pools, len(russian))


def _recombined(rng: random.Random, sentences: Sequence[str], shapes: Sequence[tuple[int, ...]]) -> list[str]:
    """Random real sentences in the shape of a random real post (at most six paragraphs of it)."""
    shape = rng.choice(shapes)[: rng.randint(1, 6)]
    return [" ".join(rng.choice(sentences) for _ in range(max(1, size))) for size in shape]


def _parallel_run(rng: random.Random, pools: TextPools, longest: int) -> tuple[list[str], list[str]]:
    """A run of up to `longest` sentences of a parallel document, in paragraphs of one to three: Russian, English."""
    document = rng.choice(pools.parallel)
    start = rng.randrange(len(document))
    run = document[start : start + rng.randint(1, longest)]
    russian: list[str] = []
    english: list[str] = []
    index = 0
    while index < len(run):
        size = rng.randint(1, 3)
        russian.append(" ".join(ru for ru, _ in run[index : index + size]))
        english.append(" ".join(en for _, en in run[index : index + size]))
        index += size
    return russian, english


def _decorate(
    message_id: int,
    moment: int,
    kind: str,
    paragraphs: Sequence[str],
    hashtags: Sequence[str],
    rng: random.Random,
    pools: TextPools,
    russian_count: int = 0,
    *,
    translation: Sequence[str] = (),
) -> Message:
    tags = tuple(dict.fromkeys(rng.choice(hashtags) for _ in range(rng.randint(1, 2)))) if rng.random() < 0.6 else ()
    link = None
    if rng.random() < SHARE_LINK:
        url = rng.choice(pools.links)
        labels = READ_MORE_LABELS["en" if kind == "en" else "ru"]
        link = (url, url) if rng.random() < 0.3 else (url, rng.choice(labels))
    reactions: tuple[tuple[str, int], ...] = ()
    if rng.random() < SHARE_REACTIONS:
        emoji = rng.sample(REACTION_EMOJI, rng.randint(1, 3))
        reactions = tuple((item, rng.randint(1, 400)) for item in emoji)
    edited = moment + rng.randint(60, 7200) if rng.random() < SHARE_EDITED else None
    return Message(
        id=message_id,
        unixtime=moment,
        kind=kind,
        paragraphs=tuple(paragraphs),
        bold_title=rng.random() < SHARE_BOLD_TITLE and len(paragraphs) > 1,
        hashtags=tags,
        link=link,
        photo=rng.random() < SHARE_PHOTO,
        reactions=reactions,
        edited_unixtime=edited,
        russian_count=russian_count,
        translation=tuple(translation),
    )


# --------------------------------------------------------------------------------------------- pieces


def _pieces(message: Message) -> list[tuple[str, str, str | None]]:
    """The message as Telegram's text pieces: (entity type, text, href)."""
    pieces: list[tuple[str, str, str | None]] = []
    body = list(message.paragraphs)
    if message.bold_title:
        pieces.append(("bold", body[0], None))
        pieces.append(("plain", "\n\n", None))
        body = body[1:]
    pieces.append(("plain", "\n\n".join(body), None))
    if message.hashtags:
        pieces.append(("plain", "\n\n", None))
        for index, tag in enumerate(message.hashtags):
            if index:
                pieces.append(("plain", " ", None))
            pieces.append(("hashtag", tag, None))
    if message.link is not None:
        url, label = message.link
        pieces.append(("plain", "\n\n", None))
        pieces.append(("link", url, None) if label == url else ("text_link", label, url))
    merged: list[tuple[str, str, str | None]] = []
    for piece in pieces:
        if merged and piece[0] == "plain" and merged[-1][0] == "plain":
            merged[-1] = ("plain", merged[-1][1] + piece[1], None)
        else:
            merged.append(piece)
    return merged


def _local_iso(unixtime: int) -> str:
    return datetime.fromtimestamp(unixtime, EXPORT_ZONE).strftime("%Y-%m-%dT%H:%M:%S")


# --------------------------------------------------------------------------------------------- JSON export


def _json_message(message: Message) -> dict[str, object]:
    pieces = _pieces(message)
    entities: list[dict[str, str]] = []
    text: list[object] = []
    for kind, value, href in pieces:
        entity = {"type": kind, "text": value}
        if href is not None:
            entity["href"] = href
        entities.append(entity)
        text.append(value if kind == "plain" else entity)
    record: dict[str, object] = {
        "id": message.id,
        "type": "message",
        "date": _local_iso(message.unixtime),
        "date_unixtime": str(message.unixtime),
    }
    if message.edited_unixtime is not None:
        record["edited"] = _local_iso(message.edited_unixtime)
        record["edited_unixtime"] = str(message.edited_unixtime)
    record["from"] = CHANNEL_NAME
    record["from_id"] = f"channel{CHANNEL_ID}"
    if message.photo:
        record["photo"] = NOT_INCLUDED
        record["width"] = 1280
        record["height"] = 853
    # Telegram writes `text` as a plain string when the message has no formatting at all.
    record["text"] = text[0] if len(text) == 1 and isinstance(text[0], str) else text
    record["text_entities"] = entities
    if message.reactions:
        record["reactions"] = [{"type": "emoji", "count": count, "emoji": emoji} for emoji, count in message.reactions]
    return record


@dataclass(slots=True)
class Makeup:
    """What a corpus is made of, for the report: how often text repeats, how many posts have a twin."""

    paragraphs: int = 0
    repeated_paragraphs: int = 0  # paragraphs whose exact text came before
    # (Russian, English) message ids of each English post translating the Russian post before it
    twins: list[tuple[int, int]] = field(default_factory=list)
    _seen: set[int] = field(default_factory=set)
    _before: Message | None = None

    def add(self, message: Message) -> None:
        for paragraph in message.paragraphs:
            digest = hash(paragraph)  # memory stays small at a million posts; a collision only miscounts one
            self.paragraphs += 1
            self.repeated_paragraphs += digest in self._seen
            self._seen.add(digest)
        before = self._before
        if before is not None and before.translation and message.paragraphs == before.translation:
            self.twins.append((before.id, message.id))
        self._before = message

    def line(self) -> str:
        share = self.repeated_paragraphs / self.paragraphs if self.paragraphs else 0.0
        return (
            f"{self.paragraphs:,} paragraphs, {share:.0%} of them repeating an earlier one word for word; "
            f"{len(self.twins):,} Russian posts followed by their English translation"
        )


def write_json_export(folder: Path, count: int, seed: int, pools: TextPools, makeup: Makeup | None = None) -> Path:
    """`folder/result.json`, written message by message (memory stays flat at any size)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "result.json"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("{\n")
        handle.write(f' "name": {json.dumps(CHANNEL_NAME, ensure_ascii=False)},\n')
        handle.write(' "type": "public_channel",\n')
        handle.write(f' "id": {CHANNEL_ID},\n')
        handle.write(' "messages": [')
        for index, message in enumerate(messages(count, seed, pools)):
            if makeup is not None:
                makeup.add(message)
            handle.write(",\n  " if index else "\n  ")
            handle.write(json.dumps(_json_message(message), ensure_ascii=False, indent=1).replace("\n", "\n  "))
        handle.write("\n ]\n}\n")
    return path


# --------------------------------------------------------------------------------------------- HTML export

_PAGE_HEAD = """<!DOCTYPE html>
<html>

 <head>

  <meta charset="utf-8"/>
<title>Exported Data</title>
  <meta content="width=device-width, initial-scale=1.0" name="viewport"/>

  <link href="css/style.css" rel="stylesheet"/>

  <script src="js/script.js" type="text/javascript">

  </script>

 </head>

 <body onload="CheckLocation();">

  <div class="page_wrap">

   <div class="page_header">

    <div class="content">

     <div class="text bold">
{title}
     </div>

    </div>

   </div>

   <div class="page_body chat_page">

    <div class="history">
"""

_PAGE_TAIL = """
    </div>

   </div>

  </div>

 </body>

</html>
"""

_USERPIC = """
      <div class="pull_left userpic_wrap">

       <div class="userpic userpic4" style="width: 42px; height: 42px">

        <div class="initials" style="line-height: 42px">
M
        </div>

       </div>

      </div>
"""

_PHOTO_PLACEHOLDER = """
       <div class="media_wrap clearfix">

        <div class="media clearfix pull_left media_photo">

         <div class="fill pull_left">

         </div>

         <div class="body">

          <div class="title bold">
Photo
          </div>

          <div class="status details">
Not included, change data exporting settings to download.
          </div>

         </div>

        </div>

       </div>
"""

JOIN_SECONDS = 15 * 60  # consecutive messages of one sender this close are "joined" (no sender shown)


def _page_name(index: int) -> str:
    return "messages.html" if index == 0 else f"messages{index + 1}.html"


def _html_text(message: Message) -> str:
    out: list[str] = []
    for kind, value, href in _pieces(message):
        escaped = html.escape(value, quote=False).replace("\n", "<br>")
        if kind == "bold":
            out.append(f"<strong>{escaped}</strong>")
        elif kind == "hashtag":
            out.append(f'<a href="" onclick="return ShowHashtag(&quot;{html.escape(value[1:])}&quot;)">{escaped}</a>')
        elif kind == "text_link":
            out.append(f'<a href="{html.escape(href or "")}">{escaped}</a>')
        elif kind == "link":
            out.append(f'<a href="{html.escape(value)}">{escaped}</a>')
        else:
            out.append(escaped)
    return "".join(out)


def _html_reactions(message: Message) -> str:
    if not message.reactions:
        return ""
    chips = "".join(
        f"""
        <span class="reaction">

         <span class="emoji">
{emoji}
         </span>

         <span class="count">
{count}
         </span>

        </span>
"""
        for emoji, count in message.reactions
    )
    return f"""
       <span class="reactions">
{chips}
       </span>
"""


def _html_message(message: Message, joined: bool) -> str:
    moment = datetime.fromtimestamp(message.unixtime, EXPORT_ZONE)
    title = moment.strftime("%d.%m.%Y %H:%M:%S") + " UTC+03:00"
    classes = "message default clearfix joined" if joined else "message default clearfix"
    sender = (
        ""
        if joined
        else f"""
       <div class="from_name">
{html.escape(CHANNEL_NAME)}
       </div>
"""
    )
    photo = _PHOTO_PLACEHOLDER if message.photo else ""
    return f"""
     <div class="{classes}" id="message{message.id}">
{"" if joined else _USERPIC}
      <div class="body">

       <div class="pull_right date details" title="{title}">
{moment.strftime("%H:%M")}
       </div>
{sender}{photo}
       <div class="text">
{_html_text(message)}
       </div>
{_html_reactions(message)}
      </div>

     </div>
"""


def _day_separator(day: datetime, service_id: int) -> str:
    return f"""
     <div class="message service" id="message-{service_id}">

      <div class="body details">
{day.day} {day.strftime("%B %Y")}
      </div>

     </div>
"""


def write_html_export(folder: Path, count: int, seed: int, pools: TextPools) -> list[Path]:
    """`folder/messages.html`, `messages2.html`, … with 1000 messages per page, like Telegram Desktop."""
    folder.mkdir(parents=True, exist_ok=True)
    pages: list[Path] = []
    page_count = max(1, -(-count // MESSAGES_PER_PAGE))
    handle = None
    previous_time: int | None = None
    previous_day = None
    service_id = 0
    title = html.escape(CHANNEL_NAME)
    for index, message in enumerate(messages(count, seed, pools)):
        if index % MESSAGES_PER_PAGE == 0:
            page = index // MESSAGES_PER_PAGE
            if handle is not None:
                handle.write(
                    f'\n     <a class="pagination block_link" href="{_page_name(page)}">\nNext messages\n     </a>\n'
                )
                handle.write(_PAGE_TAIL)
                handle.close()
            path = folder / _page_name(page)
            pages.append(path)
            handle = path.open("w", encoding="utf-8")
            handle.write(_PAGE_HEAD.replace("{title}", title))
            if page:
                handle.write(
                    f'\n     <a class="pagination block_link" href="{_page_name(page - 1)}">\n'
                    "Previous messages\n     </a>\n"
                )
            previous_time = None  # a new page starts with a full message
        assert handle is not None
        day = datetime.fromtimestamp(message.unixtime, EXPORT_ZONE).date()
        if day != previous_day:
            service_id += 1
            handle.write(_day_separator(datetime.fromtimestamp(message.unixtime, EXPORT_ZONE), service_id))
            previous_time = None
            previous_day = day
        joined = previous_time is not None and message.unixtime - previous_time < JOIN_SECONDS
        handle.write(_html_message(message, joined))
        previous_time = message.unixtime
    if handle is not None:
        handle.write(_PAGE_TAIL)
        handle.close()
    assert len(pages) == page_count
    return pages


# --------------------------------------------------------------------------------------------- the corpus


@dataclass(frozen=True, slots=True)
class Corpus:
    folder: Path
    json_path: Path
    html_folder: Path
    html_pages: tuple[Path, ...]
    count: int
    seed: int
    sources: tuple[str, ...]
    makeup: Makeup


def build_corpus(folder: Path, count: int, seed: int = 20250710, shared: Path | None = SHARED_DATA) -> Corpus:
    """Write both exports of `count` messages under `folder` and describe them."""
    pools = load_pools(shared)
    makeup = Makeup()
    json_path = write_json_export(folder / "telegram-json", count, seed, pools, makeup)
    pages = write_html_export(folder / "telegram-html", count, seed, pools)
    return Corpus(folder, json_path, folder / "telegram-html", tuple(pages), count, seed, tuple(pools.sources), makeup)
