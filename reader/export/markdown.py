"""Markdown for note apps (Obsidian, Logseq): a folder with one note per post, or one file for pasting.

Each note starts with its own YAML front matter (title, date, source, url, languages, topics, tags,
note), so a note app reads every note's properties, not only the first. Strings are JSON-quoted,
which YAML reads as double-quoted scalars, so a title that starts with a dash or holds a colon
cannot trip a YAML rule. The text follows with Russian and English under their own headings and a
blank line between paragraphs. The single file has no front matter: in one file only the first
block would be read as such, and a later `---` turns the line above it into a heading.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Sequence
from pathlib import Path

from reader.domain import Post, PostRecord
from reader.errors import ExportError
from reader.export.atomic import atomic_open, describe_os_error
from reader.export.entries import ExportEntry, display_title, safe_url

LANGUAGE_HEADINGS = {"ru": "Русский", "en": "English", "uk": "Українська"}
NOTE_NAME_LIMIT = 80


def render_note(entry: ExportEntry) -> str:
    """One post (and its counterparts) as a note with front matter."""
    record = entry.record
    post, state = record.post, record.state
    front: dict[str, object] = {
        "title": _title(post),
        "date": post.date.isoformat() if post.date else None,
        "source": post.source.title,
        "url": safe_url(post.url) or safe_url(post.source.url),
        "languages": sorted({language for item in entry.records for language in item.post.languages}),
        "topics": list(post.topics),
        "tags": list(state.tags),
        "note": state.note,
        "id": post.id,
    }
    if entry.counterparts:
        front["translations"] = [
            {"id": other.post.id, "title": _title(other.post), "url": safe_url(other.post.url)}
            for other in entry.counterparts
        ]
    lines = ["---", *(f"{key}: {_yaml(value)}" for key, value in front.items()), "---", ""]
    return "\n".join(lines) + _body(entry, heading_level=1)


def render_single_file(entries: Sequence[ExportEntry]) -> str:
    """Every post as a section of one document, to paste into a note or a message."""
    return "\n".join(_body(entry, heading_level=2) for entry in entries)


def note_names(entries: Sequence[ExportEntry]) -> list[str]:
    """A file name per entry: date and title, unique within the folder."""
    names: list[str] = []
    taken: set[str] = set()
    for entry in entries:
        post = entry.record.post
        date = post.date.strftime("%Y-%m-%d") if post.date else "undated"
        stem = _safe_name(f"{date} {_title(post)}")[:NOTE_NAME_LIMIT].rstrip(" .")
        name, number = f"{stem}.md", 2
        while name.casefold() in taken:
            name, number = f"{stem} ({number}).md", number + 1
        taken.add(name.casefold())
        names.append(name)
    return names


def write_markdown_folder(entries: Sequence[ExportEntry], folder: Path, *, force: bool = False) -> int:
    """Write one note per entry into `folder` (made if missing); returns the number of posts written."""
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder}: is a file; give a folder for the notes")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise ExportError(f"{folder}: the folder is not empty; use --force to add the notes to it")
    if not folder.parent.is_dir():
        raise ExportError(f"{folder}: the folder {folder.parent} does not exist")
    created = not folder.exists()
    written: list[Path] = []
    try:
        folder.mkdir(exist_ok=True)
        for entry, name in zip(entries, note_names(entries), strict=True):
            with atomic_open(folder / name, "w", force=True) as handle:
                handle.write(render_note(entry))
            written.append(folder / name)
    except BaseException as error:
        # All or nothing, as for a single file: a full disk must not leave half the notes behind.
        for path in written:
            path.unlink(missing_ok=True)
        if created:
            shutil.rmtree(folder, ignore_errors=True)
        cause = error if isinstance(error, OSError) else error.__cause__
        if isinstance(error, OSError | ExportError) and isinstance(cause, OSError):
            raise describe_os_error(folder, cause) from cause  # named by the folder the user chose
        raise
    return sum(len(entry.records) for entry in entries)


def write_markdown_file(entries: Sequence[ExportEntry], path: Path, *, force: bool = False) -> int:
    """Write the single Markdown file atomically; returns the number of posts in it."""
    with atomic_open(path, "w", force=force) as handle:
        handle.write(render_single_file(entries))
    return sum(len(entry.records) for entry in entries)


def _body(entry: ExportEntry, *, heading_level: int) -> str:
    hashes = "#" * heading_level
    lines = [f"{hashes} " + " / ".join(_inline(_title(item.post)) for item in entry.records), ""]
    lines.append(" · ".join(_source_line(item) for item in entry.records))
    lines.append("")
    state = entry.record.state
    if state.tags and heading_level > 1:  # the notes carry them in the front matter
        lines += ["Tags: " + ", ".join(f"#{_tag(tag)}" for tag in state.tags), ""]
    if state.note.strip():
        lines.extend("> " + line if line.strip() else ">" for line in state.note.strip().splitlines())
        lines.append("")
    paragraphs = _paragraphs_by_language(entry)
    several = len(paragraphs) > 1
    for language, texts in paragraphs.items():
        if several:
            lines += [f"{hashes}# {LANGUAGE_HEADINGS.get(language, language)}", ""]
        for text in texts:
            lines += [text, ""]
    if not paragraphs:
        media = sum(len(item.post.media) for item in entry.records)
        lines += [f"*{media} media item(s), not part of the export.*" if media else "*No text.*", ""]
    return "\n".join(lines) + "\n"


def _paragraphs_by_language(entry: ExportEntry) -> dict[str, list[str]]:
    """Passages grouped by language, Russian first, then English, then any other in order of appearance."""
    grouped: dict[str, list[str]] = {}
    for record in entry.records:
        for passage in record.post.passages:
            if passage.text.strip():
                # a statement's turns keep their speaker ("Question: …") as the source prints them
                grouped.setdefault(passage.lang or "und", []).append(passage.labelled_text.strip())
    order = {"ru": 0, "en": 1}
    return dict(sorted(grouped.items(), key=lambda item: order.get(item[0], 2)))


def _title(post: Post) -> str:
    """The post's title; for a post with no text, its source and date, never an empty heading."""
    title = display_title(post)
    if title:
        return title
    date = post.date.strftime("%Y-%m-%d") if post.date else ""
    return f"{post.source.title} {date}".strip()


def _source_line(record: PostRecord) -> str:
    post = record.post
    date = post.date.strftime("%Y-%m-%d") if post.date else "no date"
    label = f"{post.source.title}, {date} ({'+'.join(post.languages) or '--'})"
    url = safe_url(post.url) or safe_url(post.source.url)
    return f"[{_inline(label)}](<{_link_target(url)}>)" if url else _inline(label)


def _link_target(url: str) -> str:
    # An angle bracket or a line break would end the link early and let the rest of the URL become Markdown.
    return "".join(f"%{ord(char):02X}" if char in "<>" or ord(char) < 0x20 else char for char in url)


def _yaml(value: object) -> str:
    # JSON is a subset of YAML 1.2 flow style: strings, lists, objects, booleans and null all read back.
    return json.dumps(value, ensure_ascii=False)


def _inline(text: str) -> str:
    return " ".join(text.split()).replace("[", "\\[").replace("]", "\\]")


def _tag(tag: str) -> str:
    return re.sub(r"[^\w/-]+", "-", tag).strip("-") or "tag"


def _safe_name(text: str) -> str:
    # Characters Windows, macOS or a note app's links cannot take in a file name.
    return " ".join(re.sub(r'[\\/:*?"<>|#^\[\]\x00-\x1f]+', " ", text).split())
