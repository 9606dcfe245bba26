"""Round trip: canonical cell values → a generated report (tests/layouts.py) → ``gouji.parse``.

For every layout family, every one of the 200 canonical 2021 cells must come back with its value
(ints exactly, Decimals by value) and its semantic: ``zero`` for 0, ``number`` otherwise and
``blank`` for a cell printed empty.

Crawler dumps run a row's digits together, so a row can only be split by the column count and,
failing that, by its total (REPORT-FORMAT.md §5 item 6). The tests count the ways to split each
row themselves (``readings``/``fitting`` below, independent of gouji) to know which case applies:
one way (a layout assumption, ``digits.split``), one way that satisfies the row or block total
(the identity is *assumed*, ``assumes_identities``), or several ways that satisfy it (truly
ambiguous: the cells must stay unread).

Parser bugs found by these tests are kept at the end as minimal examples, all of them fixed since
and kept as plain regression tests.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from decimal import Decimal
from functools import cache

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import gouji
import layouts as L
from conftest import HUAIAN
from gouji.model import Report
from gouji.read.align import MAX_READINGS
from gouji.read.values import MAX_CELL_DIGITS

KEYS = L.CELL_KEYS
T3_ROWS = L.T3.rows
T4_KEYS = tuple(k for b in L.T4.rows for k in b.cell_keys())
MULTI_VALUE_T2 = tuple(k for r in L.T2.rows if len(r.columns) > 1 for k in r.cell_keys())

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# --- checking -----------------------------------------------------------------------------


def parse(family: str, text: str) -> Report:
    if family == "html_template":
        return gouji.parse(text, kind="html")
    return gouji.parse(text)


def expected_semantic(value) -> str:
    return "blank" if value is None else "zero" if value == 0 else "number"


def mismatches(report: Report, values, keys=KEYS) -> list[str]:
    bad = []
    for key in keys:
        cell = report.cells[key]
        want = values[key]
        same = (
            cell.value is None
            if want is None
            else cell.value is not None and type(cell.value) is type(want) and cell.value == want
        )
        if isinstance(want, Decimal) and isinstance(cell.value, int):
            same = False
        if not same or cell.semantic != expected_semantic(want):
            codes = [report.note(n).code for n in cell.notes]
            bad.append(
                f"{key}: want {want!r} ({expected_semantic(want)}), "
                f"got {cell.value!r} ({cell.semantic}) raw={cell.raw!r} notes={codes}"
            )
    return bad


def assert_roundtrip(report: Report, values, keys=KEYS) -> None:
    bad = mismatches(report, values, keys)
    assert not bad, f"{len(bad)} cells differ:\n" + "\n".join(bad[:25])


def note_codes(report: Report, keys) -> set[str]:
    return {report.note(n).code for k in keys for n in report.cells[k].notes}


def identities(report: Report, keys) -> set[str]:
    return {
        i for k in keys for n in report.cells[k].notes for i in report.note(n).assumes_identities
    }


# --- strategies ---------------------------------------------------------------------------


def counts(large: float = 0.05) -> st.SearchStrategy[int]:
    """Mostly 0 and small numbers; a share ``large`` of big ones (a 行政许可 can be 447 228)."""

    def bucket(b: int) -> st.SearchStrategy[int]:
        if b < 500:
            return st.just(0)
        if b < 800:
            return st.integers(1, 9)
        if b < 1000 - 1000 * large:
            return st.integers(10, 999)
        return st.one_of(st.integers(1000, 999_999), st.sampled_from([447228, 3985758, 88283]))

    return st.integers(0, 999).flatmap(bucket)


amounts = st.one_of(
    counts(),
    st.builds(
        lambda n, places: Decimal(n).scaleb(-places), st.integers(0, 10**8), st.sampled_from([1, 2])
    ),
)
"""``t2.fees.amount`` in 万元: a count, or a Decimal with one or two decimals."""


def balance(values: dict) -> dict:
    """Make every 表三 row total the sum of its six columns and every 表四 block total its four."""
    out = dict(values)
    for row in (*L.T3.rows, *L.T4.rows):
        keys = row.cell_keys()
        out[keys[-1]] = sum(out[k] for k in keys[:-1])
    return out


def cell_sets(
    *, balanced: bool = False, single_digit_t2: bool = False, large: float = 0.05
) -> st.SearchStrategy:
    fields = {k: counts(large) for k in KEYS}
    fields["t2.fees.amount"] = amounts
    if single_digit_t2:
        fields.update({k: st.integers(0, 9) for k in MULTI_VALUE_T2})
    values = st.fixed_dictionaries(fields)
    return values.map(balance) if balanced else values


ZEROS = "zero cells"
blank_sets = st.one_of(st.frozensets(st.sampled_from(KEYS), max_size=40), st.just(ZEROS))
"""Cells to print empty: a random subset, or every zero cell (as many HTML reports do)."""


def with_blanks(values: dict, blanks) -> dict:
    if blanks == ZEROS:
        return {k: (None if v == 0 else v) for k, v in values.items()}
    return {k: (None if k in blanks else v) for k, v in values.items()}


# --- counting the ways to split a digit run (independent of gouji) ------------------------
#
# A run is the row's digit groups joined by single spaces. A numeral lies inside one group, has
# no leading zero (except "0" itself) and at most MAX_CELL_DIGITS digits (the documented bound on
# a cell, docs/robustness.md); every group is cut into one or more numerals.


def _ends(s: str, p: int) -> list[int]:
    if p >= len(s) or not s[p].isdigit():
        return []
    if s[p] == "0":
        return [p + 1]
    q, out = p, []
    while q < len(s) and s[q].isdigit() and q - p < MAX_CELL_DIGITS:
        q += 1
        out.append(q)
    return out


def _after(s: str, q: int) -> int:
    return q + 1 if q < len(s) and s[q] == " " else q


@cache
def readings(s: str, n: int, p: int = 0) -> int:
    """The number of ways to read ``s[p:]`` as ``n`` numerals."""
    if p == len(s):
        return int(n == 0)
    if n == 0:
        return 0
    return sum(readings(s, n - 1, _after(s, q)) for q in _ends(s, p))


@cache
def _sums(s: str, n: int, p: int) -> Counter:
    """(next position, sum) → ways, for ``n`` numerals read from ``p``."""
    if n == 0:
        return Counter({(p, 0): 1})
    out: Counter = Counter()
    for q in _ends(s, p):
        v = int(s[p:q])
        for (r, total), ways in _sums(s, n - 1, _after(s, q)).items():
            out[(r, total + v)] += ways
    return out


def _total_blocks(s: str, p: int, parts: int) -> Counter:
    """next position → ways, for ``parts`` numerals from ``p`` whose last is the sum of the rest."""
    out: Counter = Counter()
    for (r, total), ways in _sums(s, parts - 1, p).items():
        for q in _ends(s, r):
            if int(s[r:q]) == total:
                out[_after(s, q)] += ways
    return out


def fitting(s: str, blocks: int, parts: int) -> int:
    """Readings of ``s`` as ``blocks`` blocks of ``parts`` numerals, each ending in its total."""
    at = Counter({0: 1})
    for _ in range(blocks):
        nxt: Counter = Counter()
        for p, ways in at.items():
            for q, more in _total_blocks(s, p, parts).items():
                nxt[q] += ways * more
        at = nxt
    return at[len(s)]


def test_split_counting_helpers():
    assert readings("20 0 0 0 02", 7) == 1  # 平潭 2024 "本年新收": 2 0 0 0 0 0 2
    assert readings("5845546", 3) == 15
    assert readings("000", 3) == 1
    assert readings("105 0 0 0 015", 7) == 2
    assert fitting("105 0 0 0 015", 1, 7) == 1  # 10 5 0 0 0 0 15, not 105 0 0 0 0 1 5
    assert fitting("1 0 0 1 2", 1, 5) == 1
    assert fitting("202035761348195761753", 1, 7) == 2


# --- reading the digit runs back out of a crawler dump --------------------------------------

_RUN = re.compile(r"[\d ]*(?:\.\d+)?")


def run_after(body: str, label: str, start: int) -> tuple[str, int]:
    """The digit run printed after ``label`` (searching from ``start``), as the test sees it:
    a last digit glued to the next row's item number ("002.其他…") is not part of the run."""
    i = body.index(label, start) + len(label)
    m = _RUN.match(body, i)
    run = m.group().strip()
    if body[m.end() : m.end() + 1] in (".", "．", "、"):
        run = run[:-1].strip()
    return re.sub(r" +", " ", run), i


def crawler_runs(text: str) -> dict[str, str]:
    """Row key (``t2.<row>``, ``t3.<row>``, ``t4``) → its digit run in the dump."""
    body = text.split("\n")[-1]
    runs: dict[str, str] = {}
    pos = body.index(L.HEADINGS[1])
    for row in L.T2.rows:
        runs[f"t2.{row.key}"], pos = run_after(body, row.label, pos)
    pos = body.index(L.NOTE)
    for row in L.T3.rows:
        runs[f"t3.{row.key}"], pos = run_after(body, row.label, pos)
    runs["t4"], _ = run_after(body, "尚未审结总计 ", body.rindex("尚未审结总计 "))
    return runs


def check_crawler_row(report: Report, values, keys, run: str, blocks: int, identity: str) -> str:
    """Check one 表三 row (``blocks=1``) or the 表四 row (``blocks=3``); returns the case met."""
    n = len(keys)
    parts = n // blocks
    ways = readings(run, n)
    if len(run.split()) == n:
        assert_roundtrip(report, values, keys)
        assert not {c for c in note_codes(report, keys) if c.startswith("digits.")}
        return "separated"
    if ways == 1:
        assert_roundtrip(report, values, keys)
        notes = [report.note(i) for k in keys for i in report.cells[k].notes]
        assert any(n.code == "digits.split" and not n.assumes_identities for n in notes), run
        assert identities(report, keys) == set()
        return "split by column count"
    if ways > MAX_READINGS:
        # More readings than the parser tries (gouji.read.align.MAX_READINGS): not read.
        assert {report.cells[k].semantic for k in keys} == {"absent"}, run
        assert "digits.ambiguous" in note_codes(report, keys), run
        return "beyond the enumeration bound"
    fits = fitting(run, blocks, parts)
    assert fits >= 1, f"balanced values must fit their own totals: {run}"
    if fits == 1:
        assert_roundtrip(report, values, keys)
        assert identity in identities(report, keys), (run, identities(report, keys))
        return "split by identity"
    if "digits.joint" in note_codes(report, keys):
        # The row's own total leaves several readings; the table's other identities together
        # left one (gouji.read.joint). It must be the true one, and its identities assumed.
        assert_roundtrip(report, values, keys)
        assert identities(report, keys), run
        return "split jointly with the table"
    if "digits.partial" in note_codes(report, keys):
        # Several readings fit, but they agree on some cells (gouji.read.joint): those are read
        # and must be the true ones; the others stay absent.
        read = [k for k in keys if report.cells[k].semantic != "absent"]
        assert read and len(read) < len(keys), run
        assert [report.value(k) for k in read] == [values[k] for k in read], run
        return "read where every fitting split agrees"
    for k in keys:
        assert report.cells[k].value is None, (k, run, report.cells[k])
        assert report.cells[k].semantic == "absent"
    assert "digits.ambiguous" in note_codes(report, keys), run
    return "ambiguous even with the identity"


# --- property tests: every family round-trips ----------------------------------------------

PLAIN_FAMILIES = ["one_cell_per_line", "tsv_wrapped", "markdown_pipes", "html_template", "pdf_text"]


@pytest.mark.parametrize("family", PLAIN_FAMILIES)
@SETTINGS
@given(values=cell_sets())
def test_roundtrip_without_blanks(family, values):
    assert_roundtrip(parse(family, L.render(family, values)), values)


BLANK_FAMILIES = ["one_cell_per_line", "tsv_wrapped", "markdown_pipes", "html_template"]


@pytest.mark.parametrize("family", BLANK_FAMILIES)
@SETTINGS
@given(values=cell_sets(), blanks=blank_sets)
def test_roundtrip_with_blank_cells(family, values, blanks):
    values = with_blanks(values, blanks)
    assert_roundtrip(parse(family, L.render(family, values)), values)


@SETTINGS
@given(
    # fewer big numbers than elsewhere: run together, they make slow pathological rows
    values=cell_sets(balanced=True, single_digit_t2=True, large=0.03),
    seed=st.integers(0, 2**32 - 1),
)
def test_roundtrip_crawler_concatenated(values, seed):
    text = L.crawler_concatenated(values, random.Random(seed))
    runs = crawler_runs(text)
    report = gouji.parse(text)
    # 表二 rows have no identity: they are generated so that their digits split one way only.
    for row in L.T2.rows:
        run = runs[f"t2.{row.key}"]
        assert len(run.split()) == 1 if len(row.columns) == 1 else readings(run, 3) == 1
    assert_roundtrip(report, values, [k for k in KEYS if k.startswith("t2.")])
    for row in T3_ROWS:
        identity = f"T3.ROW_TOTAL[{row.key}]"
        case = check_crawler_row(
            report, values, row.cell_keys(), runs[f"t3.{row.key}"], 1, identity
        )
        event(f"表三 row: {case}")
    case = check_crawler_row(report, values, T4_KEYS, runs["t4"], 3, "T4.BLOCK_TOTAL")
    event(f"表四: {case}")


# --- plain examples with fixed values -------------------------------------------------------

FIXED = dict(HUAIAN)  # 淮安市 2024 (REPORT-FORMAT.md §5 item 5), balanced
# Zero cells left blank, as many HTML reports do (REPORT-FORMAT.md §5 item 4).
FIXED_ZERO_BLANK = {k: (None if v == 0 else v) for k, v in FIXED.items()}


def test_fixed_values_are_complete_and_balanced():
    assert set(FIXED) == set(KEYS)
    assert balance(FIXED) == FIXED


@pytest.mark.parametrize("family", PLAIN_FAMILIES)
def test_example_fixed_values(family):
    report = parse(family, L.render(family, FIXED))
    assert_roundtrip(report, FIXED)
    assert report.edition == "2021"
    assert [s.key for s in report.sections] == [f"sec.{i}" for i in range(1, 7)]


def test_example_one_cell_per_line_merged_group_cells():
    text = L.one_cell_per_line(FIXED)
    assert "\t（四）无法\n\n提供\n\t1.本机关不掌握相关政府信息\n\t746\n" in text
    report = parse("one_cell_per_line", text)
    assert report.value("t3.unable_not_held.natural") == 746
    assert report.value("t3.rejected_petition.total") == 62


def test_example_tsv_wrapped_label_tail_on_its_own_row():
    text = L.tsv_wrapped(FIXED)
    assert "\n\n\t息公开申请\t" in text
    report = parse("tsv_wrapped", text)
    assert [report.value(f"t3.other_no_fee.{c}") for c in L.T3_COLUMNS] == [6, 0, 0, 0, 0, 0, 6]
    assert report.value("t3.other_other.total") == 110


def test_example_markdown_spaced_header_labels():
    text = L.markdown_pipes(FIXED)
    assert "| 商业 企业 | 科研 机构 |" in text
    report = parse("markdown_pipes", text)
    assert report.value("t3.new.commercial") == 53
    assert report.value("t4.suit_after_review.pending") == 6


SOME_BLANK = (
    "t2.regulations.repealed",
    "t3.granted.research",
    "t3.denied_law.commercial",
    "t4.review.other",
)


@pytest.mark.parametrize("family", ["tsv_wrapped", "markdown_pipes", "html_template"])
def test_example_a_few_blank_cells_beside_complete_rows(family):
    values = {**FIXED, **dict.fromkeys(SOME_BLANK)}
    report = parse(family, L.render(family, values))
    assert_roundtrip(report, values)
    assert {report.cells[k].semantic for k in SOME_BLANK} == {"blank"}


def test_example_html_zero_cells_left_blank():
    text = L.html_template(FIXED_ZERO_BLANK)
    assert "<td>&nbsp;</td>" in text and "<span>3</span><span>119</span>" in text
    report = parse("html_template", text)
    assert_roundtrip(report, FIXED_ZERO_BLANK)
    assert report.cells["t3.new.research"].semantic == "blank"


def test_example_pdf_text_wrapped_labels_and_page_marker():
    text = L.pdf_text(FIXED)
    assert "\n- 4 -\n" in text and "\n三、\n本\n年\n度\n" in text
    report = parse("pdf_text", text)
    assert_roundtrip(report, FIXED)
    cell = report.cells["t3.other_no_correction.total"]
    assert cell.label == L.T3.row("other_no_correction").label
    assert "label.wrapped" in note_codes(report, ["t3.other_no_correction.total"])


def test_pdf_text_refuses_blank_cells():
    with pytest.raises(ValueError):
        L.pdf_text(FIXED_ZERO_BLANK)


# --- crawler examples ------------------------------------------------------------------------

CRAWLER_FIXED = {
    **FIXED,
    "t2.regulations.in_force": 1,
    "t2.normative_docs.issued": 8,
    "t2.normative_docs.repealed": 2,
    "t2.normative_docs.in_force": 6,
}


def crawler_with_runs(values, runs: dict[str, str], seed: int = 7) -> str:
    """A crawler dump of ``values`` with the digit runs of some rows replaced (label → digits)."""
    text = L.crawler_concatenated(values, random.Random(seed))
    for label, digits in runs.items():
        text = re.sub(
            re.escape(label) + r"[\d ]*(?=\D)", lambda m, x=label + digits: x, text, count=1
        )
    return text


def test_example_crawler_fixed_values():
    text = L.crawler_concatenated(CRAWLER_FIXED, random.Random(2024))
    assert text.count("\n") == 6 and "==================== 正文 ====================" in text
    report = gouji.parse(text)
    runs = crawler_runs(text)
    assert_roundtrip(report, CRAWLER_FIXED, [k for k in KEYS if k.startswith("t2.")])
    for row in T3_ROWS:
        run = runs[f"t3.{row.key}"]
        check_crawler_row(
            report, CRAWLER_FIXED, row.cell_keys(), run, 1, f"T3.ROW_TOTAL[{row.key}]"
        )
    check_crawler_row(report, CRAWLER_FIXED, T4_KEYS, runs["t4"], 3, "T4.BLOCK_TOTAL")


def test_example_crawler_row_split_by_column_count():
    text = crawler_with_runs(CRAWLER_FIXED, {"一、本年新收政府信息公开申请数量": "20 0 0 0 02"})
    report = gouji.parse(text)
    keys = L.T3.row("new").cell_keys()
    assert [report.value(k) for k in keys] == [2, 0, 0, 0, 0, 0, 2]
    notes = [report.note(n) for n in report.cells["t3.new.total"].notes]
    assert [(n.code, n.assumes_identities) for n in notes if n.code.startswith("digits.")] == [
        ("digits.split", ())
    ]


def test_example_crawler_row_split_by_identity():
    text = crawler_with_runs(CRAWLER_FIXED, {"二、上年结转政府信息公开申请数量": "105 0 0 0 015"})
    report = gouji.parse(text)
    keys = L.T3.row("carried_over").cell_keys()
    assert [report.value(k) for k in keys] == [10, 5, 0, 0, 0, 0, 15]
    assert "T3.ROW_TOTAL[carried_over]" in identities(report, keys)


def test_example_crawler_row_ambiguous_even_with_identity_read_where_readings_agree():
    run = "1057 1 600 119"  # both 105 7 1 6 0 0 119 and 1 0 57 1 60 0 119 fit the total
    assert (readings(run, 7), fitting(run, 1, 7)) == (18, 2)
    report = gouji.parse(crawler_with_runs(CRAWLER_FIXED, {"（一）予以公开": run}))
    keys = L.T3.row("granted").cell_keys()
    # Both readings give 其他 0 and 总计 119: those two are read, the five they disagree on not.
    assert [report.cells[k].value for k in keys] == [None] * 5 + [0, 119]
    assert [report.cells[k].semantic for k in keys][:5] == ["absent"] * 5
    assert note_codes(report, keys) & {"digits.partial"}
    assert "T3.ROW_TOTAL[granted]" in identities(report, keys)


def test_example_crawler_t4_split_by_identity():
    # "111" is 1 and 11 only if 10+0+0+1 = 11 is the block total (3 readings, 1 fits).
    run = "10 0 0 111 0 0 0 0 0 0 0 0 0 0"
    assert (readings(run, 15), fitting(run, 3, 5)) == (3, 1)
    report = gouji.parse(crawler_with_runs(CRAWLER_FIXED, {"尚未审结总计 ": run}))
    assert [report.value(k) for k in T4_KEYS] == [10, 0, 0, 1, 11, *[0] * 10]
    assert "T4.BLOCK_TOTAL" in identities(report, T4_KEYS)


def test_example_crawler_ambiguous_t2_row_is_not_read():
    text = crawler_with_runs(CRAWLER_FIXED, {"规章": "5845546"})
    assert "规章5845546行政规范性文件" in text
    report = gouji.parse(text)
    keys = L.T2.row("regulations").cell_keys()
    for key in keys:
        assert report.cells[key].value is None
        assert report.cells[key].semantic == "absent"
        assert "digits.ambiguous" in note_codes(report, [key])
    # the rest of 表二 is unaffected
    assert report.value("t2.normative_docs.repealed") == 2


def test_example_crawler_refuses_blank_cells():
    with pytest.raises(ValueError):
        L.crawler_concatenated(FIXED_ZERO_BLANK, random.Random(0))


# --- parser bugs found by the round trip (minimal inputs) ------------------------------------
#
# Fixed (in the working tree these tests were written against): kept as regression tests.

T2_HEAD = "| 第二十条第（一）项 | |||\n| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n"
T3_TSV_HEAD = (
    f"{L.NOTE}\t\t申请人情况\t\t\t\t\t\t\t\n"
    "\t\t自然人\t法人或其他组织\t\t\t\t\t总计\n"
    "\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t\n"
)
T4_TSV_HEAD = (
    "四、政府信息公开行政复议、行政诉讼情况\n"
    "行政复议\t\t\t\t\t行政诉讼\t\t\t\t\t\t\t\t\t\n"
    "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉\t\t\t\t\n"
    "\t\t\t\t\t" + "\t".join(L.T4.column_labels[c] for c in L.T4_COLUMNS * 2) + "\n"
)


def test_blank_one_column_row_beside_a_complete_three_column_row_markdown():
    # was: ValueError from zip(strict) (the 1-column row took 规章's 3-column profile)
    report = gouji.parse(T2_HEAD + "| 规章 | 1 | 2 | 3 |\n| 行政许可 |  | ||\n")
    cell = report.cells["t2.licensing.decisions"]
    assert (cell.value, cell.semantic) == (None, "blank")


def test_blank_three_column_row_beside_a_complete_one_column_row_html():
    # was: ValueError from zip(strict) (规章 took 行政许可's 1-column profile)
    html = (
        '<table border="1"><tr><td colspan="4">第二十条第（一）项</td></tr>'
        "<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>"
        "<tr><td>规章</td><td>&nbsp;</td><td>&nbsp;</td><td>&nbsp;</td></tr>"
        '<tr><td colspan="4">第二十条第（五）项</td></tr>'
        '<tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>'
        '<tr><td>行政许可</td><td colspan="3">5</td></tr></table>\n'
    )
    report = gouji.parse(html, kind="html")
    assert report.value("t2.licensing.decisions") == 5
    assert report.cells["t2.regulations.issued"].semantic == "blank"


def test_tsv_row_of_a_label_and_empty_fields_is_blank():
    # was: read as a paragraph, so the cell was absent (cells.missing)
    report = gouji.parse("规章\t1\t2\t3\n行政许可\t\t\t\n行政处罚\t7\t\t\n")
    assert report.value("t2.penalty.decisions") == 7
    assert report.cells["t2.licensing.decisions"].semantic == "blank"


def test_one_cell_per_line_tab_only_line_is_a_blank_cell():
    # was: the "\t" line was taken for a row break and the row left unread (cells.unresolved)
    text = (
        "\t第二十条第（一）项\n\n\t信息内容\n\t本年制发件数\n\t本年废止件数\n\t现行有效件数\n\n"
        "\t规章\n\t1\n\t\n\t3\n\n\t行政规范性文件\n\t4\n\t5\n\t6\n"
    )
    report = gouji.parse(text)
    assert [report.value(k) for k in L.T2.row("regulations").cell_keys()] == [1, None, 3]
    assert report.cells["t2.regulations.repealed"].semantic == "blank"


def test_tsv_t3_blank_cells_placed_by_the_header():
    # was: rows placed only by complete sibling rows (cells.unresolved; all-blank row absent)
    report = gouji.parse(
        T3_TSV_HEAD + "一、本年新收政府信息公开申请数量\t\t1\t\t\t\t\t\t1\n"
        "二、上年结转政府信息公开申请数量\t\t\t\t\t\t\t\t\n"
    )
    assert [report.value(k) for k in L.T3.row("new").cell_keys()] == [1, *[None] * 5, 1]
    assert report.cells["t3.new.commercial"].semantic == "blank"
    assert report.cells["t3.carried_over.natural"].semantic == "blank"


def test_html_t4_with_every_cell_blank():
    # was: absent (no value in the 表四 region) instead of 15 blank cells
    values = {**FIXED, **dict.fromkeys(T4_KEYS)}
    report = parse("html_template", L.html_template(values))
    assert_roundtrip(report, values, T4_KEYS)


def test_crawler_run_beyond_the_enumeration_bound_is_not_read():
    # was: only the first MAX_READINGS splits were tried, and the one among them that fits the
    # total was reported as the unique split (2 0 203 …) though 202 0 3 … fits as well
    run = "202035761348195761753"
    assert readings(run, 7) > MAX_READINGS and fitting(run, 1, 7) == 2
    text = crawler_with_runs(CRAWLER_FIXED, {"一、本年新收政府信息公开申请数量": run})
    report = gouji.parse(text)
    keys = L.T3.row("new").cell_keys()
    assert [report.value(k) for k in keys] == [None] * 7
    assert "digits.ambiguous" in note_codes(report, keys)


def test_markdown_t3_blank_cells_without_complete_row():
    # was: left unread (cells.unresolved) although one 7-cell window holds all the row's values
    report = gouji.parse(
        "| 自然人 | 法人或其他组织 | 总计 | |||||||\n"
        "| 商业 企业 | 科研 机构 | 社会公益组织 | 法律服务机构 | 其他 | ||||\n"
        "| 一、本年新收政府信息公开申请数量 | 1 |  |  |  |  |  | 1 | |\n"
        "| 二、上年结转政府信息公开申请数量 |  |  |  |  |  |  |  | |\n"
    )
    assert [report.value(k) for k in L.T3.row("new").cell_keys()] == [1, *[None] * 5, 1]
    assert report.cells["t3.new.commercial"].semantic == "blank"


def test_tsv_row_with_only_its_last_field_filled():
    # was: read as a paragraph; its "1" became a digit run to split into 15 (digits.ambiguous)
    report = gouji.parse(T4_TSV_HEAD + "\t" * 14 + "1\n")
    assert report.cells["t4.review.upheld"].semantic == "blank"
    assert report.value("t4.suit_after_review.total") == 1


def test_tsv_t3_header_positions_hold_only_left_of_the_values():
    # was: a row under （三）–（六）, one field right of the header (as in seed 002), was placed by
    # the header's positions: other_org 5 was read as total 5 (a wrong value)
    report = gouji.parse(T3_TSV_HEAD + "\t（三）不予公开\t1.属于国家秘密\t\t\t\t\t\t5\t\n")
    keys = L.T3.row("denied_secret").cell_keys()
    assert [report.value(k) for k in keys] == [None, None, None, None, None, 5, None]
