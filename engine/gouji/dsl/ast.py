"""The rule language's syntax tree: what a rule file says, before names are resolved.

Every node keeps its source position so an error can point at the exact word.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Span:
    line: int
    column: int
    end_column: int


@dataclass(frozen=True, slots=True)
class Ref:
    """``表三.本年新收[c]``: a first name, then ``.name`` or ``[variable]`` steps."""

    head: str
    steps: tuple[tuple[str, str], ...]  # ("dot", name) or ("index", variable)
    span: Span

    def text(self) -> str:
        return self.head + "".join(f".{n}" if k == "dot" else f"[{n}]" for k, n in self.steps)


@dataclass(frozen=True, slots=True)
class Number:
    text: str
    span: Span


@dataclass(frozen=True, slots=True)
class GroupSum:
    ref: Ref
    span: Span


@dataclass(frozen=True, slots=True)
class Sum:
    """``a + b - c``: terms with their signs (+1 / -1)."""

    terms: tuple[tuple[int, Ref | Number | GroupSum | Sum], ...]
    span: Span


@dataclass(frozen=True, slots=True)
class Comparison:
    left: Sum
    op: str
    right: Sum
    tolerance: str | None
    span: Span


@dataclass(frozen=True, slots=True)
class RequireValue:
    ref: Ref
    constraints: tuple[str, ...]
    span: Span


@dataclass(frozen=True, slots=True)
class SectionRule:
    kind: str  # present | matches | forbids | titled | order | no_duplicates
    section: str | None
    pattern: str | None
    span: Span
    titles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TextCheck:
    """``check text other_units``: the report's sentences judged by a named text detector."""

    detector: str
    span: Span


Statement = Comparison | RequireValue | SectionRule | TextCheck


@dataclass(frozen=True, slots=True)
class Quantifier:
    kind: str  # column | row | block | cell
    var: str
    target: Ref
    span: Span
    excluded: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Assignment:
    target: Ref | str  # a cell reference, or a section key for section examples
    value: str | None  # number text, quoted text, blank/absent/placeholder, or None (duplicate)
    kind: str  # number | text | word | duplicate
    span: Span


@dataclass(frozen=True, slots=True)
class Example:
    outcome: str
    assignments: tuple[Assignment, ...]
    span: Span


@dataclass(slots=True)
class Rule:
    id: str
    span: Span
    path: str
    source: str
    title: str | None = None
    severity: str = "error"
    cite: str | None = None
    message: str | None = None
    applies: dict[str, tuple[str, ...]] = field(default_factory=dict)
    quantifiers: tuple[Quantifier, ...] = ()
    statement: Statement | None = None
    examples: tuple[Example, ...] = ()
