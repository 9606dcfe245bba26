"""How deeply a rule file nests parentheses, measured before the parser builds anything.

Parentheses are the one construct of the rule language that nests. The parser itself copes
with any depth, but building the syntax tree, compiling and evaluating it recurse once per
level: some 250 levels exhausted Python's stack and a rule file of nested parentheses ended in
``RecursionError`` (and 300 000 levels took 5 s and 500 MB before failing). Real rules nest two
or three levels, so a generous fixed limit is checked by a scan first, in linear time and
constant memory, and a deeper file is a rule-file error pointing at the parenthesis.
"""

from __future__ import annotations

import re

MAX_NESTING = 32
"""Deepest nesting of parentheses a rule may use; far beyond any real rule, far within the
stack the syntax tree's transformation, compilation and evaluation need."""

_TOKENS = re.compile(r'"(?:\\.|[^"\\\n])*"|#[^\n]*|/(?:\\.|[^/\\\n])+/|[()]')
"""Strings, comments and regular expressions (as the grammar spells them: parentheses inside
them do not nest anything) and the parentheses themselves."""


def too_deep(text: str) -> int | None:
    """The offset of the first parenthesis that opens level ``MAX_NESTING + 1``, or ``None``."""
    depth = 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token == "(":
            depth += 1
            if depth > MAX_NESTING:
                return match.start()
        elif token == ")":
            depth = max(0, depth - 1)
    return None


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset``, as ``RuleError`` wants them."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1
