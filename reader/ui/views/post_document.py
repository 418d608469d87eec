"""What the reader pane shows, loaded on a worker, and the sanitised HTML built from it.

Every piece of post text is escaped; the only markup is what this module writes. Links become
anchors only for http, https and tg URLs, and nothing refers to a remote resource.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from reader.domain import Media, Pair, Passage, PassageKind, Post, PostRecord, apply_pair_decisions
from reader.store import Store
from reader.store.search import QuerySyntaxError, parse_query, stem, words
from reader.text.limits import localise_markers
from reader.text.media_labels import describe as describe_media
from reader.ui.i18n import translate_cut_marker, translate_media_label

if TYPE_CHECKING:  # the pairing's evidence loads with the first post shown, not with the window
    from reader.align.evidence import PassageReason
    from reader.align.linking import PairReason

SAFE_SCHEMES = ("http", "https", "tg")
MAX_HEADER_TOPICS = 10
_BULLET_MARK = re.compile(r"^\s*[•●▪‣⁃·◦\-–—]\s")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


@dataclass(frozen=True, slots=True)
class AlignedRow:
    """One row of the side-by-side view: passage indexes of the left (Russian) and right (English) post."""

    left: tuple[int, ...]
    right: tuple[int, ...]
    pair: Pair | None = None  # set when both sides are paired

    @property
    def paired(self) -> bool:
        return self.pair is not None


@dataclass(frozen=True, slots=True)
class ReaderDocument:
    """A post ready to show: alone, or with its other-language side aligned row by row."""

    record: PostRecord
    left: Post | None = None  # the Russian side of a paired view
    right: Post | None = None  # the English side
    rows: tuple[AlignedRow, ...] = ()
    other_post_id: str = ""  # the counterpart post's id, "" for a bilingual post
    reply_quote: str | None = None  # the first words of the post this one replies to, when it is in the library
    reason: PairReason | None = None  # why the counterpart is shown beside the post
    passage_reasons: tuple[PassageReason | None, ...] = ()  # per row: why its passages are paired

    @property
    def paired(self) -> bool:
        return bool(self.rows) and self.left is not None and self.right is not None

    @property
    def decision_post_id(self) -> str:
        """The post id pair decisions are recorded under (the Russian side's)."""
        return self.left.id if self.left is not None else self.record.post.id


@dataclass(slots=True)
class Colors:
    """Palette colours as #rrggbb, so the document follows light and dark mode."""

    text: str = "#202020"
    quiet: str = "#707070"
    link: str = "#1a5fb4"
    hit: str = "#fff3a0"
    hit_text: str = "#202020"
    selected: str = "#e8eef8"
    counterpart: str = "#cfdcf3"
    rule: str = "#d0d0d0"
    warning: str = "#a05a00"


@dataclass(slots=True)
class RenderState:
    languages: str = "both"  # "ru", "en" or "both"
    selected: tuple[int, int] | None = None  # (row, side) with side 0 = left, 1 = right
    search: str = ""
    colors: Colors = field(default_factory=Colors)
    topic_labels: dict[str, str] = field(default_factory=dict)  # names of topics in the UI language, by key


def _quote_of(post: Post) -> str:
    text = post.title or next((passage.text for passage in post.passages if passage.text.strip()), "")
    text = " ".join(text.split()) or describe_media(post.media, translate_media_label)
    return text if len(text) <= 160 else text[:159].rstrip() + "…"


def shown_title(post: Post) -> str:
    """The heading of a post in the reader: its title, its first short paragraph, or what its media are."""
    if post.title:
        return post.title
    first = next((passage.text for passage in post.passages if passage.text.strip()), "")
    if first and len(first) <= 140:
        return first
    return first[:140] if first else describe_media(post.media, translate_media_label)


def load_document(store: Store, post_id: str) -> ReaderDocument | None:
    """Read a post, its counterpart and their alignment, and what it replies to; runs on a worker thread."""
    document = _load_document(store, post_id)
    if document is None or not document.record.post.reply_to:
        return document
    replied = store.records.get_record(document.record.post.reply_to)
    return replace(document, reply_quote=_quote_of(replied.post)) if replied is not None else document


def _load_document(store: Store, post_id: str) -> ReaderDocument | None:
    record = store.records.get_record(post_id)
    if record is None:
        return None
    post = record.post
    if post.pairs and {"ru", "en"}.issubset(post.languages):
        left_indexes = [index for index, passage in enumerate(post.passages) if passage.lang != "en"]
        right_indexes = [index for index, passage in enumerate(post.passages) if passage.lang == "en"]
        rows = aligned_rows(left_indexes, right_indexes, post.pairs)
        return ReaderDocument(record, post, post, rows, passage_reasons=_passage_reasons(post, post, rows))
    for counterpart in record.counterparts:
        other = store.records.get_record(counterpart.post_id)
        if other is None:
            continue
        other_post = other.post
        languages = post.languages[:1]
        if languages == ("en",):
            ru_post, en_post = other_post, post
        else:
            ru_post, en_post = post, other_post
        # the aligner only matters for paired posts
        from reader.align.aligner import pair_posts
        from reader.align.linking import explain

        pairs = apply_pair_decisions(pair_posts(ru_post, en_post), _decisions_between(store, ru_post.id, en_post.id))
        rows = aligned_rows(range(len(ru_post.passages)), range(len(en_post.passages)), pairs)
        confirmed = store.pairs.counterpart_confirmed(ru_post.id, en_post.id)
        reason = explain(ru_post, en_post, counterpart.score, confirmed)
        reasons = _passage_reasons(ru_post, en_post, rows)
        return ReaderDocument(record, ru_post, en_post, rows, other_post.id, reason=reason, passage_reasons=reasons)
    return ReaderDocument(record)


def _passage_reasons(left: Post, right: Post, rows: Sequence[AlignedRow]) -> tuple[PassageReason | None, ...]:
    """Why each paired row's passages are paired (None for a row with one side only)."""
    from reader.align.evidence import passage_reason

    def passages(post: Post, indexes: tuple[int, ...]) -> list[Passage]:
        return [post.passages[index] for index in indexes if 0 <= index < len(post.passages)]

    return tuple(
        passage_reason(passages(left, row.left), passages(right, row.right)) if row.paired else None for row in rows
    )


def _decisions_between(
    store: Store, post_id: str, other_post_id: str
) -> dict[tuple[tuple[int, ...], tuple[int, ...]], str]:
    # Decisions are a handful of user choices; scanning them is cheaper than another index.
    return {
        (ru, en): decision
        for decided_post, decided_other, ru, en, decision, _at in store.pairs.iter_pair_decisions()
        if decided_post == post_id and decided_other == other_post_id
    }


def aligned_rows(left: range | list[int], right: range | list[int], pairs: tuple[Pair, ...]) -> tuple[AlignedRow, ...]:
    """Rows for the side-by-side view: each two-sided pair on its own row, in order, and every
    other passage on a one-sided row placed between the pairs around it."""
    anchors = sorted((pair for pair in pairs if pair.ru and pair.en), key=lambda pair: (min(pair.ru), min(pair.en)))
    covered_left = {index for pair in anchors for index in pair.ru}
    covered_right = {index for pair in anchors for index in pair.en}
    gaps_left: list[list[int]] = [[] for _ in range(len(anchors) + 1)]
    gaps_right: list[list[int]] = [[] for _ in range(len(anchors) + 1)]
    for index in left:
        if index not in covered_left:
            gaps_left[sum(1 for pair in anchors if min(pair.ru) < index)].append(index)
    for index in right:
        if index not in covered_right:
            gaps_right[sum(1 for pair in anchors if min(pair.en) < index)].append(index)
    rows: list[AlignedRow] = []
    for gap, pair in enumerate([*anchors, None]):
        rows.extend(AlignedRow((index,), ()) for index in gaps_left[gap])
        rows.extend(AlignedRow((), (index,)) for index in gaps_right[gap])
        if pair is not None:
            rows.append(AlignedRow(tuple(pair.ru), tuple(pair.en), pair))
    return tuple(rows)


def highlight_stems(search: str) -> frozenset[str]:
    """Stems of the words a search looks for (not excluded ones), for highlighting hits."""
    if not search.strip():
        return frozenset()
    try:
        query = parse_query(search)
    except QuerySyntaxError:
        return frozenset()
    stems: set[str] = set()
    for variants in query.term_variants:
        stems.update(variants)
    for phrase in query.phrases:
        stems.update(phrase)
    for widening in query.widened:  # the other-language forms searched too
        for form in widening.shown:
            stems.update(stem(word) for word in words(form))
    return frozenset(stems)


# ---------------------------------------------------------------------- HTML


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


def _safe_url(url: str) -> str | None:
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    return url if scheme in SAFE_SCHEMES else None


def _remote_url(media: Media) -> str | None:
    for candidate in (media.name, media.path):
        if candidate and candidate.lower().startswith(("http://", "https://")):
            return candidate
    return None


class HtmlBuilder:
    """Builds the reader's HTML from passages; `texts` maps UI strings already translated."""

    def __init__(self, state: RenderState, texts: dict[str, str]) -> None:
        self.state = state
        self.texts = texts
        self.stems = highlight_stems(state.search)

    def text_html(self, text: str) -> str:
        """Escaped text with search hits marked; line breaks kept."""
        if not self.stems:
            return _escape(text).replace("\n", "<br>")
        colors = self.state.colors
        out: list[str] = []
        position = 0
        for match in _WORD.finditer(text):
            word_stem = stem(match.group(0))
            if word_stem not in self.stems and stem(word_stem) not in self.stems:
                continue
            out.append(_escape(text[position : match.start()]))
            out.append(
                f'<span style="background-color:{colors.hit}; color:{colors.hit_text};">'
                f"{_escape(match.group(0))}</span>"
            )
            position = match.end()
        out.append(_escape(text[position:]))
        return "".join(out).replace("\n", "<br>")

    def passage_html(self, passage: Passage) -> str:
        text = localise_markers(passage.text, translate_cut_marker)  # at the end: earlier links keep their places
        links = sorted(
            (link for link in passage.links if 0 <= link.start < link.end <= len(text)), key=lambda link: link.start
        )
        parts: list[str] = []
        position = 0
        for link in links:
            if link.start < position:
                continue
            url = _safe_url(link.url)
            if url is None:
                continue
            parts.append(self.text_html(text[position : link.start]))
            parts.append(f'<a href="{_escape(url)}">{self.text_html(text[link.start : link.end])}</a>')
            position = link.end
        parts.append(self.text_html(text[position:]))
        body = "".join(parts)
        if passage.bold or passage.kind == PassageKind.TITLE:
            body = f"<b>{body}</b>"
        if passage.speaker:
            body = f"<b>{_escape(passage.speaker)}:</b> {body}"
        if passage.kind == PassageKind.QUOTE:
            body = f'<i style="color:{self.state.colors.quiet};">{body}</i>'
        if passage.kind == PassageKind.QUESTION:
            body = f"<i>{body}</i>"
        if passage.kind == PassageKind.LIST_ITEM and not _BULLET_MARK.match(passage.text):
            body = f"• {body}"  # the source's own bullet ("• ", "- ") is kept, not doubled
        return body

    def header_html(self, document: ReaderDocument, with_title: bool = True) -> str:
        post = document.record.post
        colors = self.state.colors
        title = shown_title(post)
        meta: list[str] = []
        if post.date is not None:
            # A day-only date is shown as the day: its noon UTC is storage, not a time the source gave.
            stamp = (
                post.date.strftime("%Y-%m-%d") if post.date_only else post.date.astimezone().strftime("%Y-%m-%d %H:%M")
            )
            meta.append(("≈ " if post.date_inferred else "") + stamp)
        meta.append(_escape(post.source.title))
        if post.languages:
            meta.append(" ".join(lang.upper() for lang in post.languages))
        if post.place:
            meta.append(_escape(post.place))
        url = _safe_url(post.url) if post.url else None
        if url:
            meta.append(f'<a href="{_escape(url)}">{_escape(self.texts["open_original"])}</a>')
        if document.record.state.bookmarked:
            meta.append("★ " + _escape(self.texts["bookmarked"]))
        extra = ""
        if post.hashtags:
            extra += "<br>" + " ".join(_escape("#" + tag.lstrip("#")) for tag in post.hashtags[:12])
        if post.topics:
            labels = self.state.topic_labels
            shown = ", ".join(labels.get(topic, topic) for topic in post.topics[:MAX_HEADER_TOPICS]) + (
                " …" if len(post.topics) > MAX_HEADER_TOPICS else ""
            )
            extra += "<br>" + _escape(self.texts["topics"]) + ": " + _escape(shown)
        if post.reactions:
            extra += "<br>" + "&nbsp;&nbsp;".join(
                f"{_escape(emoji)}&nbsp;{int(count)}" for emoji, count in post.reactions.items()
            )
        state = document.record.state
        if state.tags:
            extra += "<br>" + _escape(self.texts.get("tags", "Tags")) + ": " + _escape(", ".join(state.tags))
        if state.note:
            note = _escape(state.note).replace("\n", "<br>")
            extra += f"<br><b>{_escape(self.texts.get('note', 'Note'))}:</b> <i>{note}</i>"
        if document.other_post_id:
            extra += "<br>" + _escape(self.texts["counterpart"])
            reason = self.texts.get("reason", "")
            if reason and document.reason is not None:
                doubtful = document.reason.status == "doubtful"
                color = colors.warning if doubtful else colors.quiet
                mark = "⚠ " if doubtful else ""
                extra += f'<br><span style="color:{color};">{mark}{_escape(reason)}</span>'
        heading = f'<h2 style="margin-bottom:4px;">{self.text_html(title)}</h2>' if with_title else ""
        return (
            heading + f'<p style="color:{colors.quiet}; margin-top:0;">{" &nbsp;·&nbsp; ".join(meta)}{extra}</p>'
            f'<hr style="color:{colors.rule};">'
        )

    def single_html(self, document: ReaderDocument) -> str:
        post = document.record.post
        body = []
        quiet = self.state.colors.quiet
        if post.forwarded_from:
            forwarded = self.texts.get("forwarded", "Forwarded from %1").replace("%1", post.forwarded_from)
            body.append(f'<p style="color:{quiet};">↪ {_escape(forwarded)}</p>')
        if post.reply_to:
            if document.reply_quote:
                quote = f"«{document.reply_quote}»"
                replied = self.texts.get("reply", "In reply to %1").replace("%1", quote)
            else:
                replied = self.texts.get("reply_missing", "In reply to a message that is not in the library")
            body.append(f'<p style="color:{quiet};"><i>↩ {_escape(replied)}</i></p>')
        heading = shown_title(post)
        for index, passage in enumerate(post.passages):
            if index == 0 and passage.text.strip() == heading.strip():
                continue  # already the heading: the title is not repeated as the first paragraph
            body.append(f"<p>{self.passage_html(passage)}</p>")
        # Remote media (feed enclosures) are shown as links, opened in the browser on click, never loaded here.
        for url in dict.fromkeys(_remote_url(media) for media in post.media):
            if url:
                body.append(f'<p>🔗 <a href="{_escape(url)}">{_escape(url)}</a></p>')
        unavailable = [media for media in post.media if not media.available and not _remote_url(media)]
        if unavailable:
            described = describe_media(unavailable, translate_media_label)
            line = self.texts["media"].replace("%1", described) if "%1" in self.texts["media"] else described
            body.append(f'<p style="color:{quiet};"><i>📎 {_escape(line)}</i></p>')
        return self.header_html(document) + "".join(body)

    def side_by_side_html(self, document: ReaderDocument) -> tuple[str, dict[tuple[int, int], tuple[int, int]]]:
        """The paired view as a table, and for each (table row, table column) the (row, side) it shows."""
        assert document.left is not None and document.right is not None
        colors = self.state.colors
        languages = self.state.languages
        sides = (0, 1) if languages == "both" else ((0,) if languages == "ru" else (1,))
        cells: dict[tuple[int, int], tuple[int, int]] = {}
        # The titles are the first rows of the table, each in its language.
        out = [self.header_html(document, with_title=False)]
        out.append('<table width="100%" cellspacing="0" cellpadding="7" style="border-collapse:collapse;">')
        if languages == "both":
            out.append(
                f'<tr><th width="50%" align="left" style="color:{colors.quiet};">{_escape(self.texts["russian"])}</th>'
                f'<th width="50%" align="left" style="color:{colors.quiet};">{_escape(self.texts["english"])}</th></tr>'
            )
        table_row = 1 if languages == "both" else 0
        for number, row in enumerate(document.rows):
            indexes = (row.left, row.right)
            if not any(indexes[side] for side in sides):
                continue
            out.append("<tr>")
            for column, side in enumerate(sides):
                post = document.left if side == 0 else document.right
                passages = [post.passages[index] for index in indexes[side] if 0 <= index < len(post.passages)]
                content = "<br><br>".join(self.passage_html(passage) for passage in passages)
                if content:  # numbered, so the keyboard's re-pair can name the other side's passage
                    content = f'<span style="color:{colors.quiet};"><small>{number + 1}</small></span>&nbsp; ' + content
                background = ""
                if self.state.selected is not None and self.state.selected[0] == number:
                    background = colors.selected if self.state.selected[1] == side else colors.counterpart
                    if not row.paired:
                        background = colors.selected
                notes = ""
                selected = self.state.selected is not None and self.state.selected[0] == number
                why = self.texts.get("passage_reason", "")
                if side == sides[-1] and selected and why:  # why the selected passages are paired
                    notes = f'<br><span style="color:{colors.quiet};"><small>{_escape(why)}</small></span>'
                if side == sides[-1] and row.pair is not None:
                    if row.pair.confirmed:
                        notes += f'<br><span style="color:{colors.quiet};">✓ {_escape(self.texts["confirmed"])}</span>'
                    elif not row.pair.confident:
                        notes += (
                            f'<br><span style="color:{colors.warning};">⚠ {_escape(self.texts["low_confidence"])}'
                            f" ({row.pair.score:.2f})</span>"
                        )
                width = "50%" if len(sides) == 2 else "100%"
                style = f' bgcolor="{background}"' if background else ""
                out.append(f'<td width="{width}" valign="top"{style}>{content}{notes}</td>')
                cells[(table_row, column)] = (number, side)
            out.append("</tr>")
            table_row += 1
        out.append("</table>")
        return "".join(out), cells
