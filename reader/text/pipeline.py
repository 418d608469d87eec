"""Enrichment of imported posts: passage languages, hashtags, topics and a title.

The import service runs `TextPipeline.enrich` on every imported post, so it is built once
(glossary compiled, stemmers and langdetect profiles loaded lazily) and kept cheap per post.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from operator import attrgetter
from pathlib import Path

from reader.domain import Passage, PassageKind, Post
from reader.text.lang import LanguageDetector
from reader.text.normalize import clean_line
from reader.text.topics import Glossary, extract_hashtags, text_words

USER_GLOSSARY_NAME = "glossary.toml"
_TITLE_LIMIT = 160
# Every field of Post in order, read in one C call: building the enriched post from them costs a
# third of dataclasses.replace, which walks the fields in Python for every post.
_POST_FIELDS = tuple(field.name for field in fields(Post))
_POST_VALUES = attrgetter(*_POST_FIELDS)
_PASSAGES, _HASHTAGS, _TOPICS, _TITLE = map(_POST_FIELDS.index, ("passages", "hashtags", "topics", "title"))


class TextPipeline:
    """Fills in what importers leave to the text layer."""

    def __init__(self, glossary: Glossary, detector: LanguageDetector) -> None:
        self.glossary = glossary
        self.detector = detector

    @classmethod
    def default(cls, data_dir: Path | None = None) -> TextPipeline:
        """The bundled glossary merged with `data_dir/glossary.toml` when present, and a fresh detector.

        Raises:
            InputError: the user's glossary exists but cannot be read.
        """
        extra = data_dir / USER_GLOSSARY_NAME if data_dir is not None else None
        return cls(Glossary.load(extra), LanguageDetector())

    def enrich(self, post: Post, words: Sequence[str] | None = None) -> Post:
        """The post with passage languages, hashtags (if missing), topics and a title (if missing).

        `words`: `topics.text_words(post.text)` when the caller found them already (the import finds
        a text's words once, for the topics and the search index).
        """
        return self.describe(post, words, self.detector.assign_languages(post.passages))

    def detect(self, post: Post) -> Post:
        """The post with its passages' languages: the first half of `enrich`, which `describe` completes."""
        values = list(_POST_VALUES(post))
        values[_PASSAGES] = self.detector.assign_languages(post.passages)
        return Post(*values)

    def describe(
        self, post: Post, words: Sequence[str] | None = None, passages: tuple[Passage, ...] | None = None
    ) -> Post:
        """The post with hashtags (if missing), topics and a title (if missing): `enrich` but the languages.

        `passages`: the post's passages with their languages, to put in their place.
        """
        text = post.text
        hashtags = post.hashtags or extract_hashtags(text)
        topics = self.glossary.topics_in_words(text_words(text) if words is None else words)
        for tag in hashtags:
            topics += self.glossary.hashtag_topics(tag)
        topics = tuple(dict.fromkeys((*post.topics, *topics)))
        # A poll's question or a place's address is the media's: a post with no words of its own keeps no
        # title, and the timeline names it by its media ("Poll: …").
        own = text if all(p.kind is not PassageKind.MEDIA for p in post.passages) else _own_text(post)
        title = post.title or make_title(own)
        values = list(_POST_VALUES(post))
        values[_HASHTAGS], values[_TOPICS], values[_TITLE] = hashtags, topics, title
        if passages is not None:
            values[_PASSAGES] = passages
        return Post(*values)


def _own_text(post: Post) -> str:
    return "\n".join(passage.text for passage in post.passages if passage.kind is not PassageKind.MEDIA)


def make_title(text: str, limit: int = _TITLE_LIMIT) -> str:
    """A one-line title from the first non-empty line of `text`, cut at a word boundary."""
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        if end < 0:
            end = len(text)
        line = clean_line(text[start:end])  # line by line: splitting a whole long post costs more
        start = end + 1
        if line:
            if len(line) <= limit:
                return line
            cut = line.rfind(" ", 0, limit)
            return line[: cut if cut > limit // 2 else limit].rstrip(" ,;:—-") + "…"
    return ""
