"""Rule text → syntax tree, with errors a policy officer can act on.

One adapter owns the Lark parser (built once per process from ``grammars/gouji.lark``) and turns
Lark's exceptions into ``RuleError``: the expected words are spelled out in Chinese, never as
the grammar's terminal names, and common slips get a hint.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from lark import Lark, Token, Transformer, v_args
from lark.exceptions import (
    UnexpectedCharacters,
    UnexpectedEOF,
    UnexpectedInput,
    UnexpectedToken,
    VisitError,
)

from ..home import grammar_path
from . import ast
from .errors import RuleError
from .nesting import MAX_NESTING, line_and_column, too_deep

_WORDS = {
    "RULE_ID": "规则编号（如 T3.BALANCE）",
    "STRING": "带英文双引号的文字",
    "SEVERITY": "严重程度（error、warning 或 info）",
    "APPLIES_KEY": "适用条件（edition、level、kind、province 或 years）",
    "QUANTIFIER": "column、row、block 或 cell",
    "CONSTRAINT": "取值要求（present、filled、integer、nonnegative 或 number）",
    "OUTCOME": "示例结果（pass、fail、not_assessable 或 not_applicable）",
    "EXAMPLE_WORD": "blank、absent 或 placeholder",
    "SECTION": "部分编号（sec.1 至 sec.6）",
    "COMPARE": "比较符号（== != <= >= < >）",
    "SIGN": "加减号（+ 或 -）",
    "NAME": "名称（如 表三.本年新收）",
    "NUMBER": "数字",
    "YEAR_RANGE": "年份范围（如 2021..2025）",
    "REGEX": "正则表达式（/…/）",
    "$END": "文件结束",
}


@cache
def _lark() -> Lark:
    return Lark(
        Path(grammar_path()).read_text(encoding="utf-8"),
        parser="lalr",
        propagate_positions=True,
        maybe_placeholders=False,
    )


def _span(tok: Token) -> ast.Span:
    return ast.Span(tok.line or 0, tok.column or 0, (tok.end_column or (tok.column or 0) + 1))


def _meta_span(meta) -> ast.Span:
    return ast.Span(
        meta.line, meta.column, meta.end_column if meta.end_line == meta.line else meta.column + 1
    )


@v_args(meta=True)
class _Build(Transformer):
    """Builds the AST bottom-up; properties are collected into the ``Rule`` at the end."""

    def __init__(self, path: str, source: str) -> None:
        super().__init__()
        self.path = path
        self.source = source

    def _unquote(self, tok: Token) -> str:
        """A string's text; an escape that gives no text (``"\\u4e00"``, ``"\\x"``) is a
        ``RuleError`` at the string (it raised ``UnicodeError`` from deep in the parser)."""
        try:
            return _unquote(tok)
        except UnicodeError:
            raise RuleError(
                "字符串中的转义无效",
                path=self.path,
                line=tok.line or 1,
                column=tok.column or 1,
                width=len(str(tok)),
                source=self.source,
                rule=_rule_at(self.source, tok.line or 1, tok.column or 1),
                hint=r"中文请直接书写；反斜杠只用于 \" 、\\ 这样的转义",
            ) from None

    # header
    def title(self, meta, items):
        return ("title", self._unquote(items[0]))

    def severity(self, meta, items):
        return ("severity", str(items[0]))

    def cite(self, meta, items):
        return ("cite", self._unquote(items[0]))

    def message(self, meta, items):
        return ("message", self._unquote(items[0]))

    def applies(self, meta, items):
        return ("applies", (str(items[0]), items[1]))

    def value_list(self, meta, items):
        return tuple(items)

    def atom(self, meta, items):
        return str(items[0])

    # body
    def quantifier(self, meta, items):
        excluded = items[3] if len(items) > 3 else ()
        return ast.Quantifier(str(items[0]), str(items[1]), items[2], _meta_span(meta), excluded)

    def exclusion(self, meta, items):
        return tuple(str(i) for i in items)

    def ref(self, meta, items):
        head, *steps = items
        return ast.Ref(str(head), tuple(steps), _meta_span(meta))

    def dot(self, meta, items):
        return ("dot", str(items[0]))

    def index(self, meta, items):
        return ("index", str(items[0]))

    def cell_term(self, meta, items):
        return items[0]

    def number_term(self, meta, items):
        return ast.Number(str(items[0]), _span(items[0]))

    def group_term(self, meta, items):
        return ast.GroupSum(items[0], _meta_span(meta))

    def nested_term(self, meta, items):
        return items[0]

    def sum(self, meta, items):
        terms = [(1, items[0])]
        for sign, term in zip(items[1::2], items[2::2], strict=True):
            terms.append((1 if str(sign) == "+" else -1, term))
        return ast.Sum(tuple(terms), _meta_span(meta))

    def comparison(self, meta, items):
        return (items[0], str(items[1]), items[2])

    def tolerance(self, meta, items):
        return str(items[0])

    def check(self, meta, items):
        (left, op, right), *rest = items
        return ast.Comparison(left, op, right, rest[0] if rest else None, _meta_span(meta))

    def constraint(self, meta, items):
        return str(items[0])

    def require_value(self, meta, items):
        return ast.RequireValue(items[0], tuple(items[1:]), _meta_span(meta))

    def require_section(self, meta, items):
        return ast.SectionRule("present", str(items[0]), None, _meta_span(meta))

    def section_matches(self, meta, items):
        return ast.SectionRule("matches", str(items[0]), str(items[1])[1:-1], _meta_span(meta))

    def section_titled(self, meta, items):
        titles = tuple(self._unquote(t) for t in items[1:])
        return ast.SectionRule("titled", str(items[0]), None, _meta_span(meta), titles)

    def section_forbids(self, meta, items):
        return ast.SectionRule("forbids", str(items[0]), str(items[1])[1:-1], _meta_span(meta))

    def sections_in_order(self, meta, items):
        return ast.SectionRule("order", None, None, _meta_span(meta))

    def no_duplicate_sections(self, meta, items):
        return ast.SectionRule("no_duplicates", None, None, _meta_span(meta))

    def text_check(self, meta, items):
        return ast.TextCheck(str(items[0]), _span(items[0]))

    # examples
    def number_value(self, meta, items):
        return ("number", "".join(str(i) for i in items).lstrip("+"))

    def text_value(self, meta, items):
        return ("text", self._unquote(items[0]))

    def word_value(self, meta, items):
        return ("word", str(items[0]))

    def cell_assignment(self, meta, items):
        kind, value = items[1]
        return ast.Assignment(items[0], value, kind, _meta_span(meta))

    def section_assignment(self, meta, items):
        kind, value = items[1]
        return ast.Assignment(str(items[0]), value, kind, _meta_span(meta))

    def section_title_assignment(self, meta, items):
        return ast.Assignment(str(items[0]), self._unquote(items[1]), "title", _meta_span(meta))

    def duplicate_assignment(self, meta, items):
        return ast.Assignment(str(items[0]), None, "duplicate", _meta_span(meta))

    def example(self, meta, items):
        return ast.Example(str(items[0]), tuple(items[1:]), _meta_span(meta))

    def rule(self, meta, items):
        rule_id = items[0]
        lines = self.source.splitlines()
        end_line = meta.end_line
        rule = ast.Rule(
            id=str(rule_id),
            span=_span(rule_id),
            path=self.path,
            source="\n".join(lines[meta.line - 1 : end_line]),
        )
        quantifiers, examples = [], []
        for item in items[1:]:
            if isinstance(item, tuple) and item[0] == "applies":
                key, values = item[1]
                rule.applies[key] = rule.applies.get(key, ()) + values
            elif isinstance(item, tuple):
                setattr(rule, item[0], item[1])
            elif isinstance(item, ast.Quantifier):
                quantifiers.append(item)
            elif isinstance(item, ast.Example):
                examples.append(item)
            else:
                rule.statement = item
        rule.quantifiers = tuple(quantifiers)
        rule.examples = tuple(examples)
        return rule

    def start(self, meta, items):
        return list(items)


def _unquote(tok: Token) -> str:
    return bytes(str(tok)[1:-1], "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")


def parse_rules(text: str, path: str) -> list[ast.Rule]:
    """Parse one rule file. Raises ``RuleError`` with a human message on any syntax error,
    on parentheses nested deeper than ``MAX_NESTING`` and on strings whose escapes give no
    text; nothing else."""
    deep = too_deep(text)
    if deep is not None:
        line, column = line_and_column(text, deep)
        raise RuleError(
            f"括号嵌套过深（最多 {MAX_NESTING} 层）",
            path=path,
            line=line,
            column=column,
            source=text,
            rule=_rule_at(text, line, column),
            hint="请拆开表达式或去掉多余的括号",
        )
    try:
        tree = _lark().parse(text)
    except UnexpectedInput as exc:
        raise _syntax_error(exc, text, path) from None
    try:
        return _Build(path, text).transform(tree)
    except VisitError as exc:  # Lark wraps what a callback raises
        if isinstance(exc.orig_exc, RuleError):
            raise exc.orig_exc from None
        raise


_RULE_BEFORE = re.compile(r"\brule\s+([A-Z][A-Z0-9_]*(?:\.[A-Z0-9_]+)+)")


def _rule_at(text: str, line: int, column: int) -> str | None:
    """The rule whose text the position falls in (the last ``rule ID`` before it)."""
    lines = text.splitlines()
    before = "\n".join(
        [*lines[: line - 1], lines[line - 1][: column - 1] if line <= len(lines) else ""]
    )
    found = _RULE_BEFORE.findall(before)
    return found[-1] if found else None


def _accepted(exc: UnexpectedToken) -> set[str]:
    """What the parser would really accept here (LALR's raw expected set over-reports)."""
    try:
        return set(exc.interactive_parser.accepts()) or set(exc.expected)
    except Exception:  # pragma: no cover - accepts() is best effort on odd parser states
        return set(exc.expected)


def _expected(names: set[str]) -> str:
    terminals = _lark().terminals
    by_name = {t.name: t for t in terminals}
    words = []
    for name in sorted(names):
        if name in _WORDS:
            words.append(_WORDS[name])
        elif name in by_name and by_name[name].pattern.type == "str":
            words.append(f"“{by_name[name].pattern.value}”")
    words = sorted(set(words))
    if not words:
        return ""
    return "、".join(words[:-1]) + ("或" if len(words) > 1 else "") + words[-1]


def _syntax_error(exc: UnexpectedInput, text: str, path: str) -> RuleError:
    def error(message: str, line: int, column: int, width: int = 1, hint: str | None = None):
        return RuleError(
            message,
            path=path,
            line=line,
            column=column,
            width=width,
            source=text,
            rule=_rule_at(text, line, column),
            hint=hint,
        )

    if isinstance(exc, UnexpectedEOF):
        lines = text.splitlines() or [""]
        expected = set(exc.expected)
        message = f"语法错误：文件在规则结束前就结束了，此处应为{_expected(expected)}"
        hint = "每条规则以 end 结束" if "END" in expected else None
        return error(message, len(lines), len(lines[-1]) + 1, hint=hint)
    if isinstance(exc, UnexpectedCharacters):
        got = text[exc.pos_in_stream] if exc.pos_in_stream < len(text) else ""
        message = f"语法错误：无法识别的字符“{got}”"
        hint = None
        if got in "“”‘’，：；（）":
            hint = (
                '规则里的标点请用英文半角符号（引号 " 、逗号 , 、括号 ( )），中文标点只能写在引号内'
            )
        elif exc.allowed:
            message += f"，此处应为{_expected(set(exc.allowed))}"
        return error(message, exc.line, exc.column, hint=hint)
    assert isinstance(exc, UnexpectedToken)
    token = exc.token
    accepted = _accepted(exc)
    if token.type == "$END":
        lines = text.rstrip().splitlines() or [""]
        message = f"语法错误：文件在规则结束前就结束了，此处应为{_expected(accepted)}"
        hint = "每条规则以 end 结束" if "END" in accepted else None
        return error(message, len(lines), len(lines[-1]) + 1, hint=hint)
    hint = None
    if token == "=" and "COMPARE" in accepted:
        hint = "比较是否相等请写 ==（一个 = 只用于示例里的赋值）"
    elif token == "rule" and "END" in accepted:
        hint = "上一条规则缺少 end"
    message = f"语法错误：此处应为{_expected(accepted)}，实际为“{token}”"
    return error(message, token.line or exc.line, token.column or exc.column, len(str(token)), hint)
