"""Evaluating a compiled statement against a report: one outcome per rule instance — a finding,
or, for an instance that holds, a ``Passing`` that makes its finding only if asked
(``gouji.passing``).

Messages show the arithmetic with the actual numbers and Chinese names ("本年新收 1 + 上年结转 0 ≠
办理结果总计 0 + 结转下年度 0"), like Arelle's calculation messages: the reported total, the
computed sum and what was left out or assumed.

Three promises the rules make to users, kept here:
- a verdict never rests silently on a guess: blank cells counted as 0 are named, cells read under
  a parser assumption make the finding's responsibility ``extraction``;
- an identity the parser assumed in order to read the cells is never reported as passed on them;
- absent or unreadable inputs give ``not_assessable``, never a pass or a fail.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from itertools import chain

from ..memo import per_report
from ..model import RELIABLE, Report
from ..passing import Outcome, Passing, PassingMany
from ..read.labels import normalize_label
from ..record import Finding
from . import ast
from .compile import (
    META_LABEL,
    TEXT_META,
    CellRef,
    Context,
    Domain,
    MetaRef,
    Reading,
    VarCell,
    bindings,
    concrete,
    finding,
    metadata_value,
    number_text,
    op_symbols,
    resolve,
)

Evaluator = Callable[[Report], list[Outcome]]


# --- shared ---------------------------------------------------------------------------------


def _instance(rule_id: str, binding: dict[str, str]) -> str:
    return f"{rule_id}[{','.join(_short(v) for v in binding.values())}]" if binding else rule_id


def _short(value: str) -> str:
    return (
        value.split(".", 1)[1] if value.count(".") == 2 else value
    )  # t3.new.natural → new.natural


def _prefix(domains: dict[str, Domain], binding: dict[str, str]) -> str:
    if not binding:
        return ""
    parts = [domains[v].display.get(k, k) for v, k in binding.items()]
    return "【" + "·".join(parts) + "】"


@dataclass(slots=True)
class _Behind:
    """What the parser's notes on some cells mean for a verdict on them."""

    texts: tuple[str, ...]
    """The notes as ``N3 message``: the finding's assumptions."""
    assumed: set[str]
    """Identities assumed to read the cells: never reported as passed on them."""
    failing: dict[str, str]
    """Identities that fail under every reading of the cells' digits, with the note saying so."""
    uncertain: bool
    """Some note is a choice a person should check: the verdict rests on the parser."""

    basis: tuple[tuple[str, ...], bool]
    """What a pass on these cells rests on: the texts, and whether it is the parser's reading
    (one object per reading, so passes on the same notes compare and merge by identity)."""

    @property
    def responsibility(self) -> str:
        return "extraction" if self.uncertain else "source"


def _parser_notes(
    report: Report, keys: Sequence[str], sorted_cells: _Cells | None = None
) -> _Behind:
    """What the notes on ``keys`` mean for a verdict. Shared between the instances whose cells
    carry the same notes (a crawler dump's split notes cover whole rows): treat as read-only.
    ``sorted_cells``: the report's, when the caller has them at hand."""
    sorted_cells = sorted_cells or _cells(report)
    notes = sorted_cells.notes
    found = [notes[k] for k in keys if k in notes]
    return _notes_behind(report, tuple(dict.fromkeys(chain.from_iterable(found))), sorted_cells)


def _notes_behind(
    report: Report, ids: tuple[str, ...], sorted_cells: _Cells | None = None
) -> _Behind:
    """What the notes ``ids`` (in order, no repeats) mean for a verdict: read once per report."""
    if not ids:
        return _NO_NOTES
    known = (sorted_cells or _cells(report)).behind
    behind = known.get(ids)
    if behind is None:
        behind = known[ids] = _behind(report, ids)
    return behind


_NO_NOTES = _Behind((), set(), {}, False, ((), False))
"""Cells no parser note is about (read-only, as every ``_Behind``)."""


@dataclass(frozen=True, slots=True)
class _Cells:
    """The report's cells sorted once for every rule: ~650 instances ask the same two questions
    of the same 200 cells — is it a plain count, does the parser note anything on it."""

    counts: dict[str, tuple[str, ...]]
    """Cells holding a count (a non-negative whole number), with their notes: such a cell meets
    every value constraint (present, filled, number, integer, nonnegative)."""
    plain: frozenset[str]
    """Counts without any note: a rule over only these holds or fails on the figures alone."""
    notes: dict[str, tuple[str, ...]]
    """The cells, of any kind, that carry a parser note, with their notes: a dump's notes cover
    whole rows, and every rule instance on them asks for its cells' notes."""
    numbers: dict[str, int | Decimal]
    """The value of each cell holding a number (of any sign or kind): what an identity adds."""
    behind: dict[tuple[str, ...], _Behind] = field(default_factory=dict)
    """What each set of notes some rule instance's cells carry means, read when first asked."""


def _cells(report: Report) -> _Cells:
    return per_report(report, "dsl.cells", _sort_cells)


def _sort_cells(report: Report) -> _Cells:
    counts: dict[str, tuple[str, ...]] = {}
    plain: list[str] = []
    noted: dict[str, tuple[str, ...]] = {}
    numbers: dict[str, int | Decimal] = {}
    for key, cell in report.cells.items():
        notes, value = cell.notes, cell.value
        if notes:
            noted[key] = notes
        if value is None or cell.semantic not in _NUMBERS:
            continue
        numbers[key] = value
        if type(value) is int and value >= 0:
            counts[key] = notes
            if not notes:
                plain.append(key)
    return _Cells(counts, frozenset(plain), noted, numbers)


def _behind(report: Report, ids: tuple[str, ...]) -> _Behind:
    texts: list[str] = []
    assumed: set[str] = set()
    failing: dict[str, str] = {}
    uncertain = False
    meanings = per_report(report, "dsl.note_meanings", _note_meanings)
    for note_id in ids:
        meaning = meanings.get(note_id)
        if meaning is None:
            continue
        text, fails, assumes, unsure = meaning
        failing.update(dict.fromkeys(fails, text))
        if unsure is None:
            continue
        texts.append(text)
        assumed.update(assumes)
        uncertain |= unsure
    kept = tuple(texts)
    return _Behind(kept, assumed, failing, uncertain, (kept, uncertain))


_Meaning = tuple[str, tuple[str, ...], tuple[str, ...], "bool | None"]
"""A note as ``N3 message``, the identities it fails and assumes, and whether it is a choice a
person should check (``None``: a note of certainty, which never qualifies a verdict)."""


def _note_meanings(report: Report) -> dict[str, _Meaning]:
    """Each note of the report, read once: a dump's 30 notes make some 30 different sets of
    notes under its rule instances, each read note by note. Made from the last note to the
    first, so that of two notes with one id the first is kept, as ``Report.note`` finds it."""
    return {
        note.id: (
            f"{note.id} {note.message}",
            note.fails_identities,
            note.assumes_identities,
            None if note.confidence >= 1.0 else note.confidence < RELIABLE,
        )
        for note in reversed(report.notes)
    }


def _locations(report: Report, keys: list[str]):
    return tuple(
        report.cells[k].loc for k in dict.fromkeys(keys) if report.cells[k].loc is not None
    )


def _names(report_keys: list[str], display: Callable[[str], str]) -> str:
    return "、".join(display(k) for k in dict.fromkeys(report_keys))


# --- comparisons -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Term:
    sign: int
    ref: CellRef | VarCell | MetaRef | None
    number: Decimal | int | None
    nested: tuple[_Term, ...] = ()


def _compile_sum(node: ast.Sum, ctx: Context) -> tuple[_Term, ...]:
    terms = []
    for sign, term in node.terms:
        if isinstance(term, ast.Number):
            value = Decimal(term.text) if "." in term.text else int(term.text)
            terms.append(_Term(sign, None, value))
        elif isinstance(term, ast.GroupSum):
            terms.append(_Term(sign, resolve(term.ref, ctx, allow_groups=True), None))
        elif isinstance(term, ast.Sum):
            terms.append(_Term(sign, None, None, _compile_sum(term, ctx)))
        else:
            resolved = resolve(term, ctx)
            if isinstance(resolved, MetaRef) and resolved.name in TEXT_META:
                raise ctx.error(
                    f"“{term.text()}”是文字，不能用于计算（只能在示例中赋值）", term.span
                )
            terms.append(_Term(sign, resolved, None))
    return tuple(terms)


_Part = tuple[int, "_Term", "int | Decimal | None", "tuple[str, ...] | list[_Part] | None"]
"""One term of a sum as read: its position, the term, its value (a metadata value may be
``None``), and its cell keys or, for a bracket, the parts inside."""


def _value_of(terms, report, binding, reading, parts: list[_Part], meta_missing) -> int | Decimal:
    """The value of a sum, every cell read through ``reading``; each term's value goes to
    ``parts``, from which ``_labels`` writes the arithmetic only if a message needs it."""
    total: int | Decimal = 0
    for i, term in enumerate(terms):
        if term.nested:
            inner: list[_Part] = []
            value = _value_of(term.nested, report, binding, reading, inner, meta_missing)
            parts.append((i, term, value, inner))
        elif term.ref is None:
            value = term.number
            parts.append((i, term, value, None))
        elif isinstance(term.ref, MetaRef):
            meta = metadata_value(report, term.ref.name)
            if meta is None:
                meta_missing.append(META_LABEL[term.ref.name])
            value = meta or 0
            parts.append((i, term, meta, None))
        else:
            keys = concrete(term.ref, binding)
            part: int | Decimal = 0
            for key in keys:
                v = reading.value(report.cells[key])
                part += v if v is not None else 0
            value = part
            parts.append((i, term, part, keys))
        total += value if term.sign > 0 else -value
    return total


def _labels(parts: list[_Part], binding, names) -> str:
    """A sum's arithmetic with its numbers ("本年新收 1 + 上年结转 0")."""
    out = []
    for i, term, value, inside in parts:
        if term.nested:
            out.append(f"{_sign(i, term)}({_labels(inside, binding, names)})")  # type: ignore[arg-type]
        elif term.ref is None:
            out.append(f"{_sign(i, term)}{number_text(value)}")
        elif isinstance(term.ref, MetaRef):
            out.append(f"{_sign(i, term)}{META_LABEL[term.ref.name]} {number_text(value)}")
        else:
            out.append(f"{_sign(i, term)}{names(term.ref, binding, inside)} {number_text(value)}")
    return "".join(out)


@dataclass(slots=True)
class _Sums:
    """Both sides of one instance, read: what ``passing`` decided on is what ``full`` reports."""

    on_left: Reading
    on_right: Reading
    left: int | Decimal
    right: int | Decimal
    meta_missing: list[str]
    left_parts: list[_Part]
    right_parts: list[_Part]


def _sign(i: int, term: _Term) -> str:
    return "" if i == 0 and term.sign > 0 else (" - " if term.sign < 0 else " + ")


def compile_comparison(rule, node: ast.Comparison, ctx: Context) -> Evaluator:
    left_terms = _compile_sum(node.left, ctx)
    right_terms = _compile_sum(node.right, ctx)
    test, same, differ = op_symbols(node.op)
    tolerance = Decimal(node.tolerance) if node.tolerance else Decimal(0)
    domains = dict(ctx.domains)
    every = bindings(domains)
    table_display = _display_for(ctx)

    def label(ref, binding, keys):
        if isinstance(ref, VarCell) or ref.label == "":
            return "、".join(table_display(k) for k in keys) if len(keys) == 1 else "…"
        if isinstance(ref.rows, tuple) or isinstance(ref.cols, tuple):
            return ref.label + "合计"
        return ref.label

    def read(report: Report, binding: dict[str, str]) -> _Sums:
        on_left, on_right = Reading(), Reading()
        meta_missing: list[str] = []
        left_parts: list[_Part] = []
        right_parts: list[_Part] = []
        left = _value_of(left_terms, report, binding, on_left, left_parts, meta_missing)
        right = _value_of(right_terms, report, binding, on_right, right_parts, meta_missing)
        return _Sums(on_left, on_right, left, right, meta_missing, left_parts, right_parts)

    def full(report: Report, binding: dict[str, str], sums: _Sums | None = None) -> Finding:
        s = sums or read(report, binding)
        unfilled = [
            side.assumed_zero
            for side, other in ((s.on_left, s.right), (s.on_right, s.left))
            if side.all_blank() and other != 0
        ]
        return _comparison_finding(
            rule,
            report,
            binding,
            domains,
            s.on_left.joined(s.on_right),
            unfilled[0] if unfilled else [],
            s.meta_missing,
            s.left,
            s.right,
            _labels(s.left_parts, binding, label),
            _labels(s.right_parts, binding, label),
            test,
            same,
            differ,
            tolerance,
            node.op,
            table_display,
        )

    def holds(left: int | Decimal, right: int | Decimal) -> bool:
        return abs(left - right) <= tolerance if node.op == "==" else test(left, right)

    def qualified(
        report: Report, instance: str, keys, sorted_cells: _Cells | None = None
    ) -> tuple[tuple[str, ...], bool] | None:
        """What a pass of the instance rests on: the parser's notes on its cells, and whether
        that makes it the parser's reading (extraction) — ``None`` when the parser assumed this
        very identity to read the cells (``full`` then says it cannot be judged)."""
        behind = _parser_notes(report, keys, sorted_cells)
        if instance in behind.assumed or rule.id in behind.assumed:
            return None
        if behind.uncertain and (behind.failing.get(instance) or behind.failing.get(rule.id)):
            return behind.texts, False
        return behind.basis

    def held(report: Report, binding, instance: str, keys, first: tuple[str, ...] = ()):
        """The instance, which holds, as a ``Passing`` (``None``: see ``qualified``)."""
        basis = qualified(report, instance, keys)
        if basis is None:
            return None
        texts, extraction = basis
        return Passing(
            rule, instance, partial(full, report, binding), (*first, *texts), extraction=extraction
        )

    def passing(report: Report, binding: dict[str, str], instance: str) -> Passing | _Sums:
        """The instance as a ``Passing`` when it plainly holds over blank, annotated or missing
        cells, decided without building any text; else the sums read, for ``full`` to report."""
        s = read(report, binding)
        reading = s.on_left.joined(s.on_right)
        if reading.missing or reading.unreadable or s.meta_missing:
            return s
        if (s.on_left.all_blank() and s.right != 0) or (s.on_right.all_blank() and s.left != 0):
            return s
        if not holds(s.left, s.right):
            return s
        first = []
        if reading.annotated:
            first.append(f"取附注单元格中的数值：{_names(reading.annotated, table_display)}")
        if reading.assumed_zero:
            first.append(f"空白或占位符按 0 计算：{_names(reading.assumed_zero, table_display)}")
        passed = held(report, binding, instance, reading.keys, tuple(first))
        return passed if passed is not None else s

    # Per binding, the instance id and both sides as signed cell keys, fixed by the rule: the
    # common case (every cell a number, nothing nested) is then a few additions per instance.
    plans = []
    for binding in every:
        lplan, rplan = _plan(left_terms, binding), _plan(right_terms, binding)
        keys = [k for plan in (lplan, rplan) if plan for _, k in plan[1]]
        plans.append((binding, _instance(rule.id, binding), lplan, rplan, tuple(keys)))

    def evaluate(report: Report) -> list[Outcome]:
        out: list[Outcome] = []
        sorted_cells = _cells(report)
        noted, numbers = sorted_cells.notes.keys(), sorted_cells.numbers
        # Consecutive instances that held on numbers, on the same basis: one ``PassingMany``.
        run: list[dict[str, str]] = []
        run_basis: tuple[tuple[str, ...], bool] = _UNQUALIFIED
        for binding, instance, lplan, rplan, keys in plans:
            left = _total(numbers, lplan) if lplan and rplan else None
            right = _total(numbers, rplan) if left is not None else None
            if left is None or right is None:  # a blank, absent or annotated cell, or nesting
                decided = passing(report, binding, instance)
                outcome = full(report, binding, decided) if isinstance(decided, _Sums) else decided
            elif not holds(left, right):
                outcome = None
            else:
                basis = (
                    _UNQUALIFIED
                    if noted.isdisjoint(keys)
                    else qualified(report, instance, keys, sorted_cells)
                )
                if basis is not None:
                    if basis != run_basis and run:
                        out.append(passes(report, run, run_basis))
                        run = []
                    run_basis = basis
                    run.append(binding)
                    continue
                outcome = None
            if run:
                out.append(passes(report, run, run_basis))
                run = []
            out.append(outcome if outcome is not None else full(report, binding))
        if run:
            out.append(passes(report, run, run_basis))
        return out

    def passes(report: Report, run: list[dict[str, str]], basis) -> PassingMany:
        texts, extraction = basis
        build = partial(_each, full, report, tuple(run))
        return PassingMany(rule, len(run), build, texts, extraction=extraction)

    return evaluate


_UNQUALIFIED: tuple[tuple[str, ...], bool] = ((), False)
"""The basis of a pass on cells no parser note is about."""


def _each(full, report: Report, bindings_run: tuple[dict[str, str], ...]) -> list[Finding]:
    return [full(report, binding) for binding in bindings_run]


_Plan = tuple[int | Decimal, tuple[tuple[int, str], ...]]
"""A sum as a constant and signed cell keys; ``None`` for sums that need ``_value_of``."""
_NUMBERS = frozenset(("number", "zero"))


def _plan(terms: tuple[_Term, ...], binding: dict[str, str]) -> _Plan | None:
    constant: int | Decimal = 0
    cells: list[tuple[int, str]] = []
    for term in terms:
        if term.nested or isinstance(term.ref, MetaRef):
            return None
        if term.ref is None:
            constant += term.number if term.sign > 0 else -term.number  # type: ignore[operator]
            continue
        cells.extend((term.sign, key) for key in concrete(term.ref, binding))
    return constant, tuple(cells)


def _total(numbers: dict[str, int | Decimal], plan: _Plan) -> int | Decimal | None:
    """The sum when every cell in it holds a number; ``None`` otherwise (blank, absent, text)."""
    total, items = plan
    for sign, key in items:
        value = numbers.get(key)
        if value is None:
            return None
        total += value if sign > 0 else -value
    return total


def _display_for(ctx: Context) -> Callable[[str], str]:
    from ..vocabulary import TABLE_NAMES
    from .names import table_names

    def display(key: str) -> str:
        table, row, col = key.split(".")
        names = table_names(ctx.edition, table)
        return f"{TABLE_NAMES[table]}.{names.row_display.get(row, row)}.{names.column_display.get(col, col)}"

    return display


def _comparison_finding(
    rule,
    report,
    binding,
    domains,
    reading: Reading,
    unfilled: list[str],
    meta_missing,
    left,
    right,
    left_text,
    right_text,
    test,
    same,
    differ,
    tolerance,
    op,
    display,
) -> Finding:
    instance = _instance(rule.id, binding)
    prefix = _prefix(domains, binding)
    behind = _parser_notes(report, reading.keys)
    notes = behind.texts
    refs = tuple(dict.fromkeys(reading.keys))
    fails_anyway = behind.failing.get(instance) or behind.failing.get(rule.id)
    common = {
        "refs": refs,
        "locations": _locations(report, reading.keys),
        # An identity no reading of the digits satisfies fails on the report's own figures.
        "responsibility": "source" if fails_anyway else behind.responsibility,
    }
    if fails_anyway and (reading.missing or reading.unreadable):
        return finding(
            rule,
            instance,
            "fail",
            f"{prefix}连写数字无论如何拆分，此关系都不成立（{fails_anyway}）",
            assumptions=notes,
            **common,
        )
    if reading.missing or reading.unreadable or meta_missing:
        why = []
        if reading.missing:
            why.append(f"缺少 {_names(reading.missing, display)}")
        if reading.unreadable:
            why.append(f"无法读取数值：{_names(reading.unreadable, display)}")
        if meta_missing:
            why.append(f"报告未注明{'、'.join(meta_missing)}")
        return finding(
            rule,
            instance,
            "not_assessable",
            f"{prefix}无法判断：{'；'.join(why)}",
            assumptions=notes,
            **common,
        )
    if unfilled:
        # One side left wholly blank while the other is not zero: a blank there may mean 0 or
        # "not filled in" (many pages fill only the 总计 column, or only the applicant columns).
        return finding(
            rule,
            instance,
            "not_assessable",
            f"{prefix}无法判断：{_names(unfilled, display)} 未填写（空白），"
            f"不能确定为 0：{left_text} 与 {right_text}",
            assumptions=notes,
            **common,
        )
    ok = abs(left - right) <= tolerance if op == "==" else test(left, right)
    assumptions = list(notes)
    if reading.assumed_zero:
        assumptions.insert(0, f"空白或占位符按 0 计算：{_names(reading.assumed_zero, display)}")
    if reading.annotated:
        assumptions.insert(0, f"取附注单元格中的数值：{_names(reading.annotated, display)}")
    arithmetic = f"{left_text} {same if ok else differ} {right_text}"
    extra = f"（{'；'.join(assumptions[:1])}）" if reading.assumed_zero or reading.annotated else ""
    message = (
        rule.message.format(
            arithmetic=arithmetic, left=number_text(left), right=number_text(right), where=prefix
        )
        if rule.message
        else f"{prefix}{arithmetic}{extra}"
    )
    status = "pass" if ok else "fail"
    if ok and (instance in behind.assumed or rule.id in behind.assumed):
        status = "not_assessable"
        message = (
            f"{prefix}{arithmetic}：这些数值是解析时假定此关系成立才拆分出来的，不能据此判定通过"
        )
    return finding(
        rule,
        instance,
        status,
        message,
        expected=number_text(right),
        actual=number_text(left),
        assumptions=tuple(assumptions),
        **common,
    )


# --- value constraints ---------------------------------------------------------------------------


_CONSTRAINT_WORDS = {
    "present": "缺失",
    "filled": "未填写",
    "number": "不是数值",
    "integer": "不是整数",
    "nonnegative": "为负数",
}


def compile_require(rule, node: ast.RequireValue, ctx: Context) -> Evaluator:
    ref = resolve(node.ref, ctx)
    if isinstance(ref, MetaRef):
        raise ctx.error("require … is … 只能用于单元格", node.ref.span)
    display = _display_for(ctx)
    # Which cells, under which instance ids and names: fixed by the rule, not by the report.
    targets = tuple(
        (key, _instance(rule.id, binding) if binding else f"{rule.id}[{_short(key)}]", display(key))
        for binding in bindings(dict(ctx.domains))
        for key in concrete(ref, binding)
    )

    keys = frozenset(target[0] for target in targets)
    by_notes = _grouping(tuple(target[0] for target in targets))
    constraints = node.constraints

    def evaluate(report: Report) -> list[Outcome]:
        sorted_cells = _cells(report)
        if keys <= sorted_cells.plain:  # every cell a count, none noted: all hold, unqualified
            build = partial(_require_findings, rule, report, targets, constraints)
            return [PassingMany(rule, len(targets), build)]
        grouping = by_notes(report)
        groups, others = grouping.groups, grouping.others
        out: list[Outcome] = []
        if others:  # cells that are no count: each judged against the constraints
            groups = dict(groups)  # the grouping is shared by the rules: not changed here
            cells = report.cells
            for i in others:
                cell = cells.get(targets[i][0])
                if cell is None or any(_violates(cell, c) for c in constraints):
                    out.append(_require_finding(rule, report, *targets[i], constraints))
                else:
                    groups[cell.notes] = sorted((*groups.get(cell.notes, ()), i))
            groups = dict(sorted(groups.items(), key=lambda group: group[1][0]))
        for notes, at in groups.items():
            ids = tuple(dict.fromkeys(notes))
            texts, extraction = _notes_behind(report, ids, sorted_cells).basis
            out.append(
                PassingMany(
                    rule,
                    len(at),
                    partial(_require_at, rule, report, targets, at, constraints),
                    texts,
                    extraction=extraction,
                )
            )
        return out

    return evaluate


@dataclass(frozen=True, slots=True)
class _Grouping:
    """A value rule's cells in one report: the counts, by their notes, and the others."""

    groups: dict[tuple[str, ...], list[int]]
    """Positions of the cells holding a count, under each set of notes, in order of first
    appearance: every one meets every constraint."""
    others: list[int]
    """Positions of the cells holding anything else (or absent): judged one by one."""


_GROUPINGS: dict[tuple[str, ...], str] = {}
"""Each ordered list of cells some value rule covers, by the name its grouping is kept under
per report: the rules of a table (``COMPLETE``, ``FILLED``, ``VALUES``) cover the same cells."""
_GROUPINGS_LOCK = threading.Lock()
"""Rules compiled in two threads at once must not give two lists of cells one name."""


def _grouping(keys: tuple[str, ...]) -> Callable[[Report], _Grouping]:
    """For these cells, their grouping in a report, made once per report."""
    with _GROUPINGS_LOCK:
        name = _GROUPINGS.setdefault(keys, f"dsl.grouping.{len(_GROUPINGS)}")

    def group(report: Report) -> _Grouping:
        counts = _cells(report).counts
        groups: dict[tuple[str, ...], list[int]] = {}
        others: list[int] = []
        for i, key in enumerate(keys):
            notes = counts.get(key)
            if notes is None:
                others.append(i)
            else:
                groups.setdefault(notes, []).append(i)
        return _Grouping(groups, others)

    return lambda report: per_report(report, name, group)


def _require_at(rule, report, targets, at: list[int], constraints) -> list[Finding]:
    return [_require_finding(rule, report, *targets[i], constraints) for i in at]


def _require_findings(rule, report, targets, constraints) -> list[Finding]:
    return [_require_finding(rule, report, *target, constraints) for target in targets]


def _require_finding(rule, report, key, instance, name, constraints) -> Finding:
    cell = report.cells.get(key)
    behind = _parser_notes(report, [key]) if cell is not None and cell.notes else None
    common = {
        "refs": (key,),
        "locations": (cell.loc,) if cell is not None and cell.loc is not None else (),
        "responsibility": behind.responsibility if behind else "source",
        "assumptions": behind.texts if behind else (),
    }
    if cell is None:
        return finding(rule, instance, "not_applicable", f"{name} 不属于本报告的格式", **common)
    for constraint in constraints:
        problem = _violates(cell, constraint)
        if problem == "unknown":
            return finding(rule, instance, "not_assessable", f"{name} 缺失，无法判断", **common)
        if problem == "not_a_value":
            return finding(
                rule,
                instance,
                "not_applicable",
                f"{name} 未填写数值（{'“' + cell.raw + '”' if cell.raw else '空白'}），"
                "不判断数值类型（是否填写由“须填写”规则检查）",
                actual=cell.raw,
                **common,
            )
        if problem:
            shown = f"“{cell.raw}”" if cell.raw else "空白"
            unread = [
                n
                for n in (report.note(i) for i in cell.notes)
                if n and n.code != "table.rows_absent"
            ]
            if constraint == "present" and unread:
                # Printed in the source (or not known to be missing) but not read: the parser's
                # failure, never held against the report.
                return finding(
                    rule,
                    instance,
                    "not_assessable",
                    f"{name} 未能从原文读出，无法判断（{unread[0].id} {unread[0].message}）",
                    **{**common, "responsibility": "extraction"},
                )
            detail = {
                "present": f"{name} 缺失（原文中没有）",
                "filled": f"{name} 未填写数值（{shown}）",
                "number": f"{name} 不是数值（{shown}）",
                "integer": f"{name} 应为整数，实际为 {cell.raw}",
                "nonnegative": f"{name} 为负数 {cell.raw}",
            }[constraint]
            return finding(rule, instance, "fail", detail, actual=cell.raw, **common)
    return finding(rule, instance, "pass", f"{name} 符合要求", actual=cell.raw, **common)


def _violates(cell, constraint: str) -> bool | str:
    if constraint == "present":
        return cell.semantic == "absent"
    if cell.semantic == "absent":
        return "unknown"
    if constraint == "filled":
        return cell.semantic in ("blank", "placeholder")
    if cell.semantic in ("blank", "placeholder"):
        return "not_a_value"  # judged by "filled" alone: a blank is a warning, not a type error
    if cell.value is None:
        return constraint == "number"
    if constraint == "integer":
        return not (isinstance(cell.value, int) or cell.value == cell.value.to_integral())
    if constraint == "nonnegative":
        return cell.value < 0
    return False


# --- sections ---------------------------------------------------------------------------------


def compile_section(rule, node: ast.SectionRule, ctx: Context) -> Evaluator:
    pattern = None
    if node.pattern is not None:
        try:
            pattern = re.compile(node.pattern)
        except re.error as exc:
            raise ctx.error(f"正则表达式有误：{exc}", node.span) from None
    judge = _SECTION_JUDGES[node.kind]

    def evaluate(report: Report) -> list[Outcome]:
        status, message, refs, locations = judge(node, pattern, report)
        if status == "pass":  # its finding is built only when every instance is listed
            build = partial(finding, rule, rule.id, status, message, refs=refs, locations=locations)
            return [Passing(rule, rule.id, build)]
        return [finding(rule, rule.id, status, message, refs=refs, locations=locations)]

    return evaluate


def _section_title(key: str) -> str:
    from ..vocabulary import sections

    spec = next(s for s in sections() if s.key == key)
    return f"第{spec.ordinal}、{spec.title}部分"


def _found(report: Report, key: str):
    return next((s for s in report.sections if s.key == key), None)


def _judge_present(node, pattern, report):
    sec = _found(report, node.section)
    if sec is None:
        return "fail", f"缺少{_section_title(node.section)}", (node.section,), ()
    return "pass", f"有“{sec.title}”部分", (node.section,), (sec.loc,)


def _judge_text(node, pattern, report):
    sec = _found(report, node.section)
    if sec is None:
        return (
            "not_assessable",
            f"缺少{_section_title(node.section)}，无法检查其内容",
            (node.section,),
            (),
        )
    hit = pattern.search(sec.text)
    ok = bool(hit) if node.kind == "matches" else not hit
    if ok:
        message = f"“{sec.title}”部分符合要求"
    elif node.kind == "matches":
        text = sec.text.strip() or "（无内容）"
        message = f"“{sec.title}”部分未写明所要求的内容（/{node.pattern}/）：{text[:60]}"
    else:
        message = f"“{sec.title}”部分含有不应出现的内容“{hit.group()}”"
    return ("pass" if ok else "fail"), message, (node.section,), (sec.loc,)


def _judge_titled(node, pattern, report):
    sec = _found(report, node.section)
    if sec is None:
        return "not_assessable", f"缺少{_section_title(node.section)}", (node.section,), ()
    if normalize_label(sec.title) in {normalize_label(t) for t in node.titles}:
        return "pass", f"标题“{sec.title}”符合要求", (node.section,), (sec.loc,)
    wanted = "”或“".join(node.titles)
    return "fail", f"标题写作“{sec.title}”，格式要求为“{wanted}”", (node.section,), (sec.loc,)


def _judge_order(node, pattern, report):
    bad = [h for h in report.stray_headings if h.problem == "out_of_order"]
    keys = tuple(s.key for s in report.sections)
    if not bad and list(keys) == sorted(keys):
        return "pass", "各部分顺序正确", keys, ()
    return (
        "fail",
        "各部分顺序错误：" + "；".join(h.message for h in bad),
        keys,
        tuple(h.loc for h in bad),
    )


def _judge_duplicates(node, pattern, report):
    dups = [h for h in report.stray_headings if h.problem == "duplicate"]
    if not dups:
        return "pass", "各部分标题没有重复", tuple(s.key for s in report.sections), ()
    message = "；".join(f"{h.message}（{h.loc.describe()}）" for h in dups)
    refs = tuple(dict.fromkeys(h.resembles for h in dups if h.resembles))
    return "fail", message, refs, tuple(h.loc for h in dups)


_SECTION_JUDGES = {
    "present": _judge_present,
    "matches": _judge_text,
    "forbids": _judge_text,
    "titled": _judge_titled,
    "order": _judge_order,
    "no_duplicates": _judge_duplicates,
}
