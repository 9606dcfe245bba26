"""Fuzzing the parse entry points: whatever the input, a report and a well-formed record.

Inputs are real reports mutated line by line (lines deleted, duplicated, swapped or joined;
tabs, pipes, digits, Chinese numerals, markup and odd characters inserted; numbers replaced;
the text cut short), the same as bytes in other encodings with bytes flipped, and plain random
bytes and text. The property: ``gouji.parse``, ``gouji.ingest.load_bytes`` (kinds ``text`` and
``html``) and ``Engine.check_report`` raise nothing but ``GoujiError`` (``SourceError`` for an
unreadable input), and what they return keeps the model's promises (every cell of the edition,
values only for numbers, notes that exist, findings whose counts, verdict and identities agree).

Bounded for CI: the ``gouji-fuzz-ci`` profile (derandomised, so a CI run is reproducible, about
30 s in all); ``GOUJI_FUZZ=long`` draws new random examples, ``GOUJI_FUZZ_EXAMPLES`` per test
(default 5 000). No example database is written. Every input that ever crashed is a file in
``fuzz-corpus/`` replayed by ``test_crash_corpus``; ``GOUJI_FUZZ_SAVE=1`` writes the shrunk input
of a new crash there (docs/robustness.md).

Issue 13 adds smaller fuzzers (a few seconds in CI) for what surrounds the parser: file names of
arbitrary bytes through ``gouji check`` in every format, ``<meta charset>`` values through the
decoder, control characters through every renderer, and rule text (random, mutated, nested
deep) through the rule-language compiler.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import encodings.aliases
import io
import json
import os
import re
import tempfile
import xml.etree.ElementTree as ET
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gouji
from gouji.cli import main
from gouji.dsl.errors import RuleError
from gouji.dsl.examples import run_examples
from gouji.dsl.rules import compile_text
from gouji.engine import ENGINE, Engine
from gouji.errors import GoujiError
from gouji.filenames import shown
from gouji.ingest import load_bytes
from gouji.ingest.decode import decode
from gouji.model import Report
from gouji.read import read
from gouji.record import Finding, Record, summarize, verdict
from gouji.render.formats import FORMATS, OutputOptions
from gouji.vocabulary import vocabulary

DATA = Path(__file__).parent.parent / "data"
CORPUS = Path(__file__).parent / "fuzz-corpus"

_COMMON = {
    "deadline": None,
    "database": None,
    "suppress_health_check": [
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
}
settings.register_profile("gouji-fuzz-ci", max_examples=300, derandomize=True, **_COMMON)
settings.register_profile(
    "gouji-fuzz-long", max_examples=int(os.environ.get("GOUJI_FUZZ_EXAMPLES", 5_000)), **_COMMON
)
LONG = os.environ.get("GOUJI_FUZZ") == "long"
FUZZ = settings.get_profile("gouji-fuzz-long" if LONG else "gouji-fuzz-ci")
"""Applied per test, not loaded globally, so the other property tests keep their settings."""


def small(examples: int) -> settings:
    """``FUZZ`` with fewer examples in CI, for fuzzers whose examples cost more (a whole
    ``gouji check`` run) or whose space is small; the ``long`` profile keeps its count."""
    return FUZZ if LONG else settings(FUZZ, max_examples=examples)


KINDS_BY_SUFFIX = {".txt": "text", ".html": "html", ".bin": None, ".str": None}
"""Corpus file suffix → the ``kind`` it is ingested as: ``.bin`` bytes whose kind is sniffed,
``.str`` UTF-8 text handed to ``gouji.parse`` as a ``str`` (which may take it for a path)."""


# --- sources ---------------------------------------------------------------------------------


@cache
def sources() -> tuple[tuple[str, str, str], ...]:
    """(name, kind, text) of every real report under tests/data that is text or a web page."""
    paths = [
        *sorted((DATA / "seeds").glob("*.txt")),
        *sorted((DATA / "corpus" / "pingtan").glob("czj-*.txt")),
        *sorted((DATA / "extracted").glob("*.txt")),
        *sorted((DATA / "html").glob("*.html")),
    ]
    found = []
    for path in paths:
        kind = "html" if path.suffix == ".html" else "text"
        data = path.read_bytes()
        text = decode(data, html=kind == "html").text
        found.append((path.name, kind, text))
    return tuple(found)


TOKENS = st.sampled_from(
    [
        "\t",
        "|",
        " | ",
        "\t\t",
        "0",
        "1",
        "12",
        "3119",
        "0 0 0",
        "20000002",
        "-3",
        "1.5",
        "一",
        "二十",
        "〇",
        "（",
        "）",
        "（其中修订16件）",
        "—",
        "/",
        "无",
        "不适用",
        "、",
        "。",
        "\n",
        "\r",
        "- 4 -",
        "第 3 页 共 6 页",
        "<td>",
        "</tr>",
        "<table>",
        '<td rowspan="3" colspan="2">',
        "&nbsp;",
        "总计",
        "本年新收",
        "三、本年度办理结果",
        "六、其他需要报告的事项",
        "二〇二三年十二月三十一日",
        "２０２３年",
        "\u200b",
        "\ufeff",
        "\x00",
        "**",
        "# ",
    ]
) | st.text(max_size=12)

_INDEX = st.integers(min_value=0, max_value=10**6)

OPS = st.one_of(
    st.tuples(st.just("delete"), _INDEX, st.integers(1, 30)),
    st.tuples(st.just("duplicate"), _INDEX, st.integers(1, 30)),
    st.tuples(st.just("swap"), _INDEX, _INDEX),
    st.tuples(st.just("join"), _INDEX, st.integers(1, 40)),
    st.tuples(st.just("insert"), _INDEX, _INDEX, TOKENS),
    st.tuples(st.just("number"), _INDEX, st.integers(0, 10**15)),
    st.tuples(st.just("truncate"), _INDEX),
)


def mutate(text: str, ops: list[tuple]) -> str:
    """Apply edit operations to the lines of ``text``; indexes wrap around the line count."""
    lines = text.split("\n")
    for op, *args in ops:
        if not lines:
            lines = [""]
        at = args[0] % len(lines)
        if op == "delete":
            del lines[at : at + args[1]]
        elif op == "duplicate":
            lines[at:at] = lines[at : at + args[1]]
        elif op == "swap":
            other = args[1] % len(lines)
            lines[at], lines[other] = lines[other], lines[at]
        elif op == "join":
            lines[at : at + args[1]] = [" ".join(lines[at : at + args[1]])]
        elif op == "insert":
            line = lines[at]
            col = args[1] % (len(line) + 1)
            lines[at] = line[:col] + args[2] + line[col:]
        elif op == "number":
            line = lines[at]
            digits = next((i for i, c in enumerate(line) if c.isdigit()), len(line))
            end = digits
            while end < len(line) and line[end].isdigit():
                end += 1
            lines[at] = line[:digits] + str(args[1]) + line[end:]
        elif op == "truncate":
            total = "\n".join(lines)
            lines = total[: args[0] % (len(total) + 1)].split("\n")
    return "\n".join(lines)


@st.composite
def mutated_reports(draw) -> tuple[str, str, str]:
    """(name, kind, text): a real report with up to 12 edits."""
    name, kind, text = draw(st.sampled_from(sources()))
    return name, kind, mutate(text, draw(st.lists(OPS, max_size=12)))


@st.composite
def mutated_bytes(draw) -> tuple[str, bytes]:
    """(name, bytes): a mutated report encoded as its sites do, then bytes flipped or cut."""
    name, _, text = draw(mutated_reports())
    encoding = draw(st.sampled_from(["utf-8", "gb18030", "utf-16", "utf-8-sig"]))
    data = bytearray(text.encode(encoding, errors="replace"))
    for at, byte in draw(st.lists(st.tuples(_INDEX, st.integers(0, 255)), max_size=6)):
        if data:
            data[at % len(data)] = byte
    cut = draw(st.none() | _INDEX)
    if cut is not None and data:
        del data[cut % len(data) :]
    return name, bytes(data)


# --- the property ------------------------------------------------------------------------------


@cache
def engine() -> Engine:
    return Engine()


def assert_well_formed_report(report: Report, *, national: bool = True) -> None:
    """Every cell of the edition (plugins may add local rows), values only where a number was
    read and of an exact type, notes that exist, and a JSON form that reads back the same."""
    assert isinstance(report, Report)
    keys = set(vocabulary(report.edition).cell_keys) if report.edition != "legacy" else set()
    if national:
        assert set(report.cells) == keys
    else:
        assert set(report.cells) >= keys
    note_ids = [n.id for n in report.notes]
    assert note_ids == [f"N{i}" for i in range(1, len(note_ids) + 1)]
    for key, cell in report.cells.items():
        assert cell.key == key
        assert set(cell.notes) <= set(note_ids)
        if cell.semantic in ("absent", "blank", "placeholder"):
            assert cell.value is None, cell
        elif cell.semantic in ("number", "zero"):
            assert type(cell.value) in (int, Decimal), cell
            assert (cell.value == 0) == (cell.semantic == "zero"), cell
    assert Report.model_validate_json(report.model_dump_json()) == report


def assert_well_formed_record(record: Record, report: Report) -> None:
    """Counts that add up, the verdict they imply, refs that name cells or sections, and no
    identity the parser assumed reported as passed on the cells it was assumed for."""
    assert isinstance(record, Record)
    assert record.summary == summarize(record.findings, record.passed)
    if not report.is_report:
        assert [f.rule for f in record.findings] == ["INPUT.NOT_REPORT"]
        assert record.verdict == "fail"
    elif record.ruleset is None:
        assert record.verdict == "not_applicable" and record.findings == ()
    else:
        assert record.verdict == verdict(record.summary)
    for finding in record.findings:
        assert finding.rule and finding.title and finding.message
        assert finding.instance == finding.rule or finding.instance.startswith(finding.rule + "[")
        for ref in finding.refs:
            assert ref in report.cells or ref.startswith("sec."), ref
        if finding.status == "pass":
            assumed = {
                identity
                for key in finding.refs
                if key in report.cells
                for note in map(report.note, report.cells[key].notes)
                if note is not None and note.confidence < 1.0
                for identity in note.assumes_identities
            }
            assert finding.instance not in assumed and finding.rule not in assumed, finding
    assert Record.model_validate_json(record.model_dump_json()) == record


def parse_and_check(call) -> None:
    """Run one parse entry point and judge its report; only ``GoujiError`` may escape."""
    try:
        report = call()
    except GoujiError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert_well_formed_report(report)
    listed = engine().check_report(report, passes="each")
    assert_well_formed_record(listed, report)
    counted = engine().check_report(report)
    assert_well_formed_record(counted, report)
    # counting passes changes nothing else: the same problems, counts and verdict
    assert counted.findings == tuple(f for f in listed.findings if f.status != "pass")
    assert (counted.summary, counted.verdict) == (listed.summary, listed.verdict)


def keeping_crashes(entry: str, suffix: str, data: bytes, call) -> None:
    """``parse_and_check``; with ``GOUJI_FUZZ_SAVE=1`` an input that breaks the property is
    written to the corpus first. Hypothesis replays the shrunk example last, so the file left
    (``new-<entry>.<suffix>``) is the smallest one; rename it for what it shows."""
    try:
        parse_and_check(call)
    except BaseException:
        if os.environ.get("GOUJI_FUZZ_SAVE"):
            (CORPUS / f"new-{entry}{suffix}").write_bytes(data)
        raise


# --- the fuzz tests --------------------------------------------------------------------------


@FUZZ
@given(mutated_reports())
def test_parse_of_mutated_report_text(source: tuple[str, str, str]) -> None:
    name, kind, text = source
    keeping_crashes(
        "text", ".str", text.encode("utf-8"), lambda: gouji.parse(text, name=name, kind=kind)
    )


@FUZZ
@given(mutated_bytes())
def test_parse_of_mutated_report_bytes(source: tuple[str, bytes]) -> None:
    name, data = source
    keeping_crashes("bytes", ".bin", data, lambda: gouji.parse(data, name=name))


@FUZZ
@given(st.binary(max_size=4096) | st.text(max_size=2000).map(str.encode))
def test_parse_of_random_bytes(data: bytes) -> None:
    keeping_crashes("random", ".bin", data, lambda: gouji.parse(data, name="random"))


@FUZZ
@given(
    st.sampled_from(["text", "html"]),
    st.binary(max_size=2048) | mutated_reports().map(lambda s: s[2].encode("utf-8")),
)
def test_load_bytes_as_text_and_html(kind: str, data: bytes) -> None:
    keeping_crashes(
        "load",
        ".html" if kind == "html" else ".txt",
        data,
        lambda: read(load_bytes(data, name=f"fuzz.{kind}", kind=kind)),
    )


# --- every crash ever found ----------------------------------------------------------------


def corpus_entries() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.suffix in KINDS_BY_SUFFIX)


def test_crash_corpus_exists_and_is_explained() -> None:
    assert (CORPUS / "README.md").is_file()
    assert corpus_entries(), "the corpus keeps at least the crashes found so far"


@pytest.mark.parametrize("entry", corpus_entries(), ids=lambda p: p.name)
def test_crash_corpus(entry: Path) -> None:
    """Each input that once crashed gouji, through every entry point it could reach."""
    data = entry.read_bytes()
    if entry.suffix == ".str":
        parse_and_check(lambda: gouji.parse(data.decode("utf-8")))
    else:
        kind = KINDS_BY_SUFFIX[entry.suffix]
        parse_and_check(lambda: gouji.parse(data, name=entry.name, kind=kind))
    for as_kind in ("text", "html"):
        parse_and_check(lambda k=as_kind: read(load_bytes(data, name=entry.name, kind=k)))


# --- file names, charsets, renderers and the rule language (issue 13) ---------------------

_TERMINAL_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\u2028\u2029\ud800-\udfff]"
)
"""What must never reach a terminal raw (``render.terminal``): controls, bidi, separators."""

HOSTILE_PIECES = [
    "\x1b",
    "\x1b[2J",
    "\x1b]0;t\x07",
    "\x9b",
    "\x07",
    "\x00",
    "\r",
    "\n",
    "\t",
    "\u202e",
    "\u2066",
    "\u2028",
    "\x7f",
    "%",
    ":",
    ",",
    "<",
    "&",
    '"',
    "=",
    "报告",
]
CONTROL_TEXT = st.lists(st.sampled_from(HOSTILE_PIECES) | st.text(max_size=6), max_size=12).map(
    "".join
)
"""Text as a hostile page could hold it: terminal sequences, bidi controls, characters XML,
CSV and the GitHub runner treat specially, and any other text."""


def _strict_stream() -> io.TextIOWrapper:
    """A stdout that encodes UTF-8 strictly, as a terminal under ``en_US.UTF-8`` does."""
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict", newline="")


def _written(stream: io.TextIOWrapper) -> str:
    stream.flush()
    return stream.buffer.getvalue().decode("utf-8")


FILE_NAMES = st.binary(min_size=1, max_size=40).filter(
    lambda b: b"/" not in b and b"\x00" not in b and not b.startswith(b"~$")
)
"""Any bytes a Linux file name can hold (``~$`` names are Word's lock files, never walked)."""
NAMED_CONTENT = st.sampled_from(
    [b"", "某某县2023年政府信息公开工作年度报告\n".encode("gbk"), b"\x1b[2J\xe2\x80\xae", b"x"]
)
TEXT_FORMATS = ("text", "json", "jsonl", "sarif", "junit", "github", "csv")


@small(25)
@given(FILE_NAMES, NAMED_CONTENT, st.sampled_from(TEXT_FORMATS))
def test_any_file_name_through_check_in_any_format(name: bytes, content: bytes, fmt: str) -> None:
    """A name of any bytes (with a report suffix) gets one record, in every format, and the
    run neither stops nor writes anything a UTF-8 stream or a terminal cannot take."""
    with tempfile.TemporaryDirectory() as work:
        folder = os.path.join(work, "in")
        os.mkdir(folder)
        path = os.fsencode(folder) + b"/" + name + b".txt"
        Path(os.fsdecode(path)).write_bytes(content)
        out, err = _strict_stream(), _strict_stream()
        args = ["--output", f"xlsx:{work}/r.xlsx", "--output", f"html:{work}/r.html"]
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["check", "-j", "1", "--format", fmt, *args, folder])
        stdout, stderr = _written(out), _written(err)
        assert code in (0, 1), stderr
        assert "内部错误" not in stderr and "Traceback" not in stderr
        assert not _TERMINAL_UNSAFE.search(stderr.replace("\n", "")), stderr
        if fmt in ("text", "github"):
            assert not _TERMINAL_UNSAFE.search(stdout.replace("\n", "").replace("\t", ""))
        if fmt == "jsonl":
            (record,) = map(json.loads, stdout.splitlines())
            assert record["source"] == shown(os.fsdecode(path))


NOT_CHARSETS = ["idna", "punycode", "undefined", "utf-7", "rot13", "base64", "hex", "mbcs"]
"""Codecs Python knows that are no character set: the ones that crashed, and their kin."""
CHARSETS = (
    st.sampled_from(NOT_CHARSETS)
    | st.sampled_from(sorted({*encodings.aliases.aliases, *encodings.aliases.aliases.values()}))
    | st.from_regex(r"[A-Za-z0-9._:\-]{1,24}", fullmatch=True)
)
PAGE_BODIES = st.sampled_from(
    ["报告正文：本年新收 12 件。".encode("gbk"), "報告".encode("big5"), b"\xff\xfe\x00", b""]
) | st.binary(max_size=200)


@small(200)
@given(CHARSETS, PAGE_BODIES)
def test_any_meta_charset_decodes_without_raising(charset: str, body: bytes) -> None:
    """Only real character sets are used; any other declaration falls back to detection."""
    page = b'<html><head><meta charset="' + charset.encode() + b'"></head><body>' + body
    for result in (decode(page, html=True), decode(body, declared=charset)):
        assert isinstance(result.text, str)
        assert result.decided_by in ("bom", "utf-8", "declared", "meta", "detected")
        if result.decided_by in ("declared", "meta"):
            with contextlib.suppress(LookupError):  # a GB name Python does not know
                assert codecs.lookup(result.encoding).name not in _USED_NEVER
    keeping_crashes(
        "charset", ".html", page, lambda: read(load_bytes(page, name="c.html", kind="html"))
    )


_USED_NEVER = frozenset({"idna", "punycode", "undefined", "utf-7", "mbcs"})


def _finding(text: str, status: str, severity: str) -> Finding:
    return Finding(
        rule="T.FUZZ",
        instance=f"T.FUZZ[{text}]",
        status=status,
        severity=severity,
        title=text,
        message=text or "空",
        cite=text or None,
        expected=text,
        actual=text,
        assumptions=(text,),
        waived=text if status == "fail" and severity == "info" else None,
    )


@st.composite
def hostile_records(draw) -> Record:
    """A record whose every text field holds hostile text, as report text can reach them."""
    texts = st.lists(CONTROL_TEXT, min_size=1, max_size=4)
    findings = tuple(
        _finding(
            text,
            draw(st.sampled_from(["pass", "fail", "not_assessable"])),
            draw(st.sampled_from(["error", "warning", "info"])),
        )
        for text in draw(texts)
    )
    error = draw(st.none() | CONTROL_TEXT)
    summary = summarize(findings)
    return Record(
        source=draw(CONTROL_TEXT) or "r.txt",
        sha256="",
        issuer=draw(st.none() | CONTROL_TEXT),
        year=2023,
        edition="2021",
        engine=ENGINE,
        verdict="error" if error is not None else verdict(summary),
        summary=summary,
        findings=findings,
        notes=tuple(draw(texts)),
        error=error,
    )


def _render(fmt: str, records: list[Record]) -> bytes:
    factory = FORMATS[fmt]
    binary = getattr(factory, "binary", False)
    stream = io.BytesIO() if binary else _strict_stream()
    output = factory(stream, OutputOptions(show_all=True))
    for record in records:
        output.add(record, None)
    output.close()
    return stream.getvalue() if binary else _written(stream).encode("utf-8")


@small(40)
@given(st.lists(hostile_records(), min_size=1, max_size=3))
def test_control_characters_through_every_renderer(records: list[Record]) -> None:
    """Every format writes well-formed output from hostile text; the terminal formats show
    control characters as escapes, JSON keeps the exact text."""
    for fmt in FORMATS:
        data = _render(fmt, records)
        if fmt in ("text", "github"):
            text = data.decode("utf-8")
            assert not _TERMINAL_UNSAFE.search(text.replace("\n", "").replace("\t", "")), fmt
        elif fmt == "json":
            assert [Record.model_validate(r) for r in json.loads(data)] == records
        elif fmt == "jsonl":
            assert [Record.model_validate_json(line) for line in data.splitlines()] == records
        elif fmt == "sarif":
            json.loads(data)
        elif fmt == "junit":
            ET.fromstring(data)
        elif fmt == "csv":
            list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
        elif fmt == "html":
            import lxml.html

            lxml.html.fromstring(data)
        elif fmt == "xlsx":
            import openpyxl

            openpyxl.load_workbook(io.BytesIO(data), read_only=True)


@cache
def rule_sources() -> tuple[str, ...]:
    root = Path(__file__).parent.parent.parent / "rules"
    return tuple(p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.rules")))


RULE_TOKENS = st.sampled_from(
    [
        "(",
        ")",
        "((((",
        "))",
        "sum(",
        "+",
        "-",
        "==",
        "<=",
        "=",
        ",",
        ".",
        "[c]",
        "[",
        "]",
        "{",
        "}",
        '"',
        '"\\u4e00"',
        '"\\x"',
        '"\\N{x}"',
        '"\\\\"',
        "/(/",
        "/[/",
        "/\\(/",
        "#",
        "rule",
        "end",
        "check",
        "require",
        "section",
        "sec.1",
        "sec.9",
        "for each column c of",
        "表三",
        "表三.本年新收",
        "t3.new.natural",
        "example pass {",
        "example fail { }",
        "within",
        "1e999",
        "99999999999999999999999",
        "0.5",
        "-1",
        "applies edition 2021",
        "applies years 2030..2020",
        "severity",
        "fatal",
        "title",
        "cite",
        "message",
        "is",
        "present",
        "check text",
        "no_such_detector",
        "\n",
        "\t",
        "\x00",
        "\u3000",
        "\ufeff",
    ]
) | st.text(max_size=8)


@st.composite
def rule_texts(draw) -> str:
    """Real rule files mutated with rule-language pieces, random pieces alone, or a real check
    nested in up to 3 000 parentheses (balanced or not)."""
    kind = draw(st.sampled_from(["mutated", "pieces", "nested"]))
    if kind == "mutated":
        text = draw(st.sampled_from(rule_sources()))
        ops = st.one_of(
            st.tuples(st.just("delete"), _INDEX, st.integers(1, 5)),
            st.tuples(st.just("duplicate"), _INDEX, st.integers(1, 5)),
            st.tuples(st.just("swap"), _INDEX, _INDEX),
            st.tuples(st.just("insert"), _INDEX, _INDEX, RULE_TOKENS),
            st.tuples(st.just("truncate"), _INDEX),
        )
        return mutate(text, draw(st.lists(ops, max_size=8)))
    if kind == "pieces":
        return " ".join(draw(st.lists(RULE_TOKENS, max_size=40)))
    opened, closed = draw(st.integers(0, 3000)), draw(st.integers(0, 3000))
    return (
        'rule T.DEEP\n  title "t"\n  severity error\n  cite "c"\n'
        f"  check {'(' * opened}表三.本年新收.自然人{')' * closed} == 0\n"
        "  example pass { }\nend\n"
    )


@small(300)
@given(rule_texts())
def test_rule_text_compiles_or_is_a_rule_error(text: str) -> None:
    """Rule files are written by people: whatever they hold, compiling them and running their
    examples gives rules or a ``RuleError`` (file:line:col), never another exception."""
    try:
        rules = compile_text(text, "fuzz.rules")
        for rule in rules:
            run_examples(rule)
    except RuleError as exc:
        assert str(exc).startswith("fuzz.rules:")
