"""The side-by-side view by keyboard (which passage a key moves to, which one a re-pair names) and the
line that says why a counterpart is shown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from reader.ui.views.post_document import ReaderDocument

if TYPE_CHECKING:
    from reader.align.evidence import PassageReason
    from reader.align.linking import PairReason


def _shown_sides(languages: str) -> tuple[int, ...]:
    return (0, 1) if languages == "both" else ((0,) if languages == "ru" else (1,))


def step_passage(
    document: ReaderDocument, selected: tuple[int, int] | None, languages: str, rows: int, sides: int
) -> tuple[int, int] | None:
    """The (row, side) `rows` rows down (up when negative) with a passage on the same side, or across.

    Without a selection, the first passage (the last one going up) of the first side shown.
    """
    shown = _shown_sides(languages)
    side = selected[1] if selected is not None and selected[1] in shown else shown[0]
    if sides:
        if len(shown) < 2 or selected is None:
            return None
        row = document.rows[selected[0]]
        return (selected[0], 1 - side) if (row.left, row.right)[1 - side] else None
    order = range(len(document.rows)) if rows > 0 else range(len(document.rows) - 1, -1, -1)
    for number in order:
        if selected is not None and (number - selected[0]) * rows <= 0:
            continue
        row = document.rows[number]
        if (row.left, row.right)[side]:
            return number, side
    return None


def repair_rows(document: ReaderDocument, selected: tuple[int, int], number: int) -> tuple[int, int] | None:
    """(left row, right row) to pair the selected passage with the other side's passage on row `number`.

    `number` counts from 1, as the rows are numbered on screen; None when that row has no passage there.
    """
    if not 1 <= number <= len(document.rows):
        return None
    row, side = selected
    other = document.rows[number - 1]
    if not (other.left, other.right)[1 - side]:
        return None
    return (row, number - 1) if side == 0 else (number - 1, row)


class ReasonText(QObject):
    """Why a counterpart is shown, as one line: "shares 3 numbers, 2 names; posted 2 h apart; confidence 0.97"."""

    def describe(self, reason: PairReason | None) -> str:
        if reason is None:
            return ""
        counted = (
            (reason.numbers, self.tr("1 number"), self.tr("{count} numbers")),
            (reason.names, self.tr("1 name"), self.tr("{count} names")),
            (reason.quotes, self.tr("1 quote"), self.tr("{count} quotes")),
        )
        shared = [one if count == 1 else many.format(count=count) for count, one, many in counted if count]
        if not shared and reason.terms:  # glossary terms say less: named only when nothing else is shared
            terms = self.tr("1 term") if reason.terms == 1 else self.tr("{count} terms").format(count=reason.terms)
            shared.append(terms)
        parts = [
            self.tr("shares {things}").format(things=", ".join(shared))
            if shared
            else self.tr("shares no number, name or quote")
        ]
        if reason.hours_apart is not None:
            parts.append(self.tr("posted {time} apart").format(time=self._duration(reason.hours_apart)))
        if reason.status == "confirmed":
            parts.append(self.tr("confirmed by you"))
        else:
            parts.append(self.tr("confidence {score}").format(score=f"{reason.confidence:.2f}"))
        if reason.status == "doubtful":
            parts.append(self.tr("doubtful: check it before you quote it"))
        return "; ".join(parts)

    def describe_passages(self, reason: PassageReason | None) -> str:
        """Why two passages of the side-by-side view are paired: "paired: 2 numbers, 1 name; lengths fit"."""
        if reason is None:
            return ""
        counted = (
            (reason.numbers, self.tr("1 number"), self.tr("{count} numbers")),
            (reason.names, self.tr("1 name"), self.tr("{count} names")),
            (reason.terms, self.tr("1 term"), self.tr("{count} terms")),
        )
        shared = [one if count == 1 else many.format(count=count) for count, one, many in counted if count]
        lengths = (
            self.tr("lengths fit a translation")
            if reason.length_fits
            else self.tr("English {ratio}× the length of the Russian").format(ratio=f"{reason.length_ratio:.1f}")
        )
        if shared:
            return self.tr("Paired: shares {things}; {lengths}").format(things=", ".join(shared), lengths=lengths)
        return self.tr("Paired by position and length: {lengths}").format(lengths=lengths)

    def _duration(self, hours: float) -> str:
        if hours < 1:
            return self.tr("{minutes} min").format(minutes=round(hours * 60))
        if hours < 48:
            return self.tr("{hours} h").format(hours=round(hours))
        return self.tr("{days} days").format(days=round(hours / 24))
