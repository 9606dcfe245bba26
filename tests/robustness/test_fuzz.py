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
"""

from __future__ import annotations

import os
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gouji
from gouji.engine import Engine
from gouji.errors import GoujiError
from gouji.ingest import load_bytes
from gouji.ingest.decode import decode
from gouji.model import Report
from gouji.read import read
from gouji.record import Record, summarize, verdict
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
FUZZ = settings.get_profile(
    "gouji-fuzz-long" if os.environ.get("GOUJI_FUZZ") == "long" else "gouji-fuzz-ci"
)
"""Applied per test, not loaded globally, so the other property tests keep their settings."""

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
    assert record.summary == summarize(record.findings)
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
    assert_well_formed_record(engine().check_report(report), report)


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
