"""Markdown with YAML front matter per post (Obsidian-friendly), both languages side by side.

Each post starts with a `---` YAML block (id, title, source, url, date, languages, tags, note,
translation), then its text. Where Russian and English exist together - a bilingual post with
aligned pairs, or a post and its counterpart - the text is a two-column table, Russian left.
Strings in the YAML are JSON-quoted, which YAML reads as double-quoted scalars, so no quoting
rule of YAML can be tripped by a title that starts with a dash or contains a colon.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from reader.domain import PostRecord
from reader.export.atomic import atomic_open
from reader.export.entries import ExportEntry, display_title, side_by_side

RUSSIAN_HEADER = "Русский"
ENGLISH_HEADER = "English"


def render_markdown(entries: Sequence[ExportEntry]) -> str:
    """The whole Markdown document for the entries."""
    return "\n".join(_entry(entry) for entry in entries)


def write_markdown(entries: Sequence[ExportEntry], path: Path, *, force: bool = False) -> int:
    """Write the Markdown file atomically; returns the number of posts in it (counterparts included)."""
    with atomic_open(path, "w", force=force) as handle:
        handle.write(render_markdown(entries))
    return sum(len(entry.records) for entry in entries)


def _entry(entry: ExportEntry) -> str:
    record = entry.record
    post, state = record.post, record.state
    front: dict[str, object] = {
        "id": post.id,
        "title": display_title(post),
        "source": post.source.title,
        "url": post.url,
        "date": post.date.isoformat() if post.date else None,
        "languages": list(post.languages),
        "topics": list(post.topics),
        "tags": list(state.tags),
        "bookmarked": state.bookmarked,
        "read": state.read,
        "note": state.note,
    }
    if entry.counterparts:
        front["translations"] = [
            {
                "id": other.post.id,
                "title": display_title(other.post),
                "url": other.post.url,
                "languages": list(other.post.languages),
            }
            for other in entry.counterparts
        ]
    lines = ["---", *(f"{key}: {_yaml(value)}" for key, value in front.items()), "---", ""]
    lines.append("# " + " / ".join(_inline(display_title(item.post)) for item in entry.records))
    lines.append("")
    lines.append(" · ".join(_source_line(item) for item in entry.records))
    lines.append("")
    if state.note.strip():
        lines.extend("> " + line for line in state.note.strip().splitlines())
        lines.append("")
    rows = side_by_side(entry)
    if rows is not None:
        lines.append(f"| {RUSSIAN_HEADER} | {ENGLISH_HEADER} |")
        lines.append("| --- | --- |")
        lines.extend(f"| {_cell(row.ru)} | {_cell(row.en)} |" for row in rows)
        lines.append("")
    else:
        for item in entry.records:
            lines.extend(passage.labelled_text for passage in item.post.passages if passage.text.strip())
            lines.append("")
    return "\n".join(lines) + "\n"


def _source_line(record: PostRecord) -> str:
    post = record.post
    date = post.date.strftime("%Y-%m-%d") if post.date else "no date"
    label = f"{post.source.title}, {date} ({'+'.join(post.languages) or '--'})"
    return f"[{_inline(label)}]({post.url})" if post.url else _inline(label)


def _yaml(value: object) -> str:
    # JSON is a subset of YAML 1.2 flow style: strings, lists, objects, booleans and null all read back.
    return json.dumps(value, ensure_ascii=False)


def _inline(text: str) -> str:
    return " ".join(text.split()).replace("[", "\\[").replace("]", "\\]")


def _cell(text: str) -> str:
    return "<br>".join(" ".join(line.split()) for line in text.splitlines() if line.strip()).replace("|", "\\|")
