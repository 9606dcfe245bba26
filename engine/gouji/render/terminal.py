"""Text bound for a terminal, made harmless.

Report text is whatever a web site published: a page can carry ESC and CSI sequences, OSC
sequences (which set the window title, or write a hyperlink or the clipboard on some
terminals), other C0 and C1 control characters and bidi overrides (which make a line read
differently from what it holds). Printed as they are they would act on the reader's terminal,
so everything gouji prints for a person — the text format, GitHub annotations (shown in a
job's log), the ``gouji: …`` lines on stderr — shows such a character as an escape
(``\\x1b``, ``\\u202e``) instead. JSON and the file formats keep the exact text.
"""

from __future__ import annotations

import re
import sys
from typing import IO

__all__ = ["for_terminal", "say"]

_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 but tab and line feed, DEL, C1
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidi marks, embeddings, overrides, isolates
    "\u2028\u2029"  # line and paragraph separators: a new line to some terminals
    "\ud800-\udfff]"  # lone surrogates: no encoding can write them
)
_UNSAFE_OR_NEWLINE = re.compile(f"{_UNSAFE.pattern[:-1]}\n]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def for_terminal(text: str, *, lines: bool = False) -> str:
    """``text`` with every character that could act on a terminal shown as an escape. Tabs
    stay; line feeds stay only with ``lines=True`` (text that is meant to be several lines),
    otherwise one message cannot pose as two."""
    pattern = _UNSAFE if lines else _UNSAFE_OR_NEWLINE
    return pattern.sub(_escape, text) if pattern.search(text) else text


def say(message: str, stream: IO[str] | None = None) -> None:
    """One ``gouji: …`` line on stderr, made harmless."""
    print(f"gouji: {for_terminal(message)}", file=stream or sys.stderr)
