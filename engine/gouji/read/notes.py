"""Collecting the parser's assumptions as numbered notes.

Notes are numbered in the order they are made, so identical input gives identical ids, and cells
refer to them by id: an assumption travels with every value it touched.
"""

from __future__ import annotations

from ..ingest.document import Pos
from ..model import Location, Note


def location(pos: Pos | None) -> Location | None:
    if pos is None:
        return None
    return Location(
        line=pos.line, column=pos.column, table=pos.table, row=pos.row, col=pos.col, page=pos.page
    )


class NoteBook:
    def __init__(self) -> None:
        self._notes: list[Note] = []

    def add(
        self,
        code: str,
        message: str,
        confidence: float,
        pos: Pos | None = None,
        refs: tuple[str, ...] = (),
        assumes: tuple[str, ...] = (),
        fails: tuple[str, ...] = (),
    ) -> str:
        note_id = f"N{len(self._notes) + 1}"
        self._notes.append(
            Note(
                id=note_id,
                code=code,
                message=message,
                confidence=confidence,
                # The fields, not a ``Location``: validated within the note, in the same call.
                loc=None if pos is None else pos._asdict(),
                refs=refs,
                assumes_identities=assumes,
                fails_identities=fails,
            )
        )
        return note_id

    def notes(self) -> tuple[Note, ...]:
        return tuple(self._notes)
