"""Errors in rule files, written for the people who edit them.

Like a compiler's: ``file:line:col``, what is wrong in words (never the grammar's terminal
names), the source line with a caret under the problem, the rule it is in, and a hint when there
is one ("是否指 表三.结转下年度？").
"""

from __future__ import annotations

from ..errors import GoujiError


class RuleError(GoujiError):
    def __init__(
        self,
        message: str,
        *,
        path: str,
        line: int,
        column: int,
        source: str,
        width: int = 1,
        rule: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        self.rule = rule
        self.hint = hint
        lines = source.splitlines()
        self.source_line = lines[line - 1] if 0 < line <= len(lines) else ""
        self.width = max(1, width)
        super().__init__(self.render())

    def render(self) -> str:
        out = [f"{self.path}:{self.line}:{self.column}: {self.message}"]
        if self.source_line:
            out.append(f"  {self.source_line.rstrip()}")
            out.append(
                "  "
                + _caret_indent(self.source_line, self.column)
                + "^" * _display(self.source_line[self.column - 1 : self.column - 1 + self.width])
            )
        if self.rule:
            out.append(f"  （规则 {self.rule}）")
        if self.hint:
            out.append(f"  提示：{self.hint}")
        return "\n".join(out)


def _display(text: str) -> int:
    from ..render.width import width

    return max(1, width(text))


def _caret_indent(line: str, column: int) -> str:
    """Spaces (tabs kept) as wide as the text before ``column``, so the caret lines up under
    Chinese text, which takes two terminal columns per character."""
    from ..render.width import width

    before = line[: column - 1]
    return "".join("\t" if ch == "\t" else " " * width(ch) for ch in before)
