"""The file formats of ``gouji check`` (SARIF, JUnit, GitHub annotations, CSV, XLSX, HTML) on
the real seed reports: each carries seed 004's three arithmetic failures at the right places, a
waived failure is shown as accepted, and ``--output`` writes several formats from one pass
without ever touching an input."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from functools import cache
from pathlib import Path

import jsonschema
import lxml.html
import openpyxl
import pytest

from conftest import CORPUS, DATA, SEEDS
from gouji.baseline import Baseline, Waiver
from gouji.engine import Engine
from gouji.errors import GoujiError, SourceError
from gouji.model import Report
from gouji.record import Record
from gouji.render.formats import FORMATS, Lazy, OutputOptions
from gouji.render.github import PER_KIND, escape_data, escape_property
from gouji.render.outputs import open_outputs

SCHEMA = DATA / "schemas" / "sarif-schema-2.1.0.json"
SEED_FILES = sorted(SEEDS.glob("*.txt"))
SEED_004 = next(SEEDS.glob("004_*.txt"))
FAILING_004 = {
    "T3.BALANCE[total]": ("T3.BALANCE", 83, "t3.new.total", "表三.本年新收.总计"),
    "T3.ROW_TOTAL[unable_not_held]": (
        "T3.ROW_TOTAL",
        214,
        "t3.unable_not_held.total",
        "表三.本机关不掌握.总计",
    ),
    "T3.ROW_TOTAL[results_total]": (
        "T3.ROW_TOTAL",
        338,
        "t3.results_total.total",
        "表三.办理结果总计.总计",
    ),
}
REASON = "原报告已发布，更正件待上级审核"


@cache
def engine() -> Engine:
    return Engine()


@cache
def checked(path: str) -> tuple[Record, Report]:
    report = engine().parse(Path(path))
    return engine().check_report(report), report


@cache
def checked_each(path: str) -> tuple[Record, Report]:
    """The record with every passing instance listed (``--show all``)."""
    report = engine().parse(Path(path))
    return engine().check_report(report, passes="each"), report


def record_004() -> Record:
    return checked(str(SEED_004))[0]


def waived_004() -> Record:
    """Seed 004 with its 勾稽 failure accepted by a baseline waiver."""
    waiver = Waiver("*004_*.txt", "T3.BALANCE[total]", REASON, dt.date(2099, 12, 31))
    return Baseline((waiver,), today=dt.date(2025, 1, 1)).apply(record_004())


def unreadable() -> Record:
    return Engine.unreadable("missing.txt", SourceError("missing.txt: 文件不存在"))


def render(name: str, items: list[tuple[Record, Report | None]], show_all: bool = False):
    """Feed records to one output, as ``gouji check`` does, and return what it wrote."""
    factory = FORMATS[name]
    stream = io.BytesIO() if factory.binary else io.StringIO()
    output = factory(stream, OutputOptions(show_all=show_all))
    for record, report in items:
        output.add(record, report if factory.needs_report else None)
    output.close()
    return stream.getvalue()


def seeds() -> list[tuple[Record, Report]]:
    return [checked(str(p)) for p in SEED_FILES]


def test_lazy_registry_entries_declare_what_their_classes_do():
    for name, factory in FORMATS.items():
        cls = factory.load() if isinstance(factory, Lazy) else factory
        assert (factory.binary, factory.needs_report) == (cls.binary, cls.needs_report), name


# --- SARIF ----------------------------------------------------------------------------------


def sarif(items) -> dict:
    log = json.loads(render("sarif", items))
    jsonschema.validate(log, json.loads(SCHEMA.read_text(encoding="utf-8")))
    return log


def test_sarif_validates_and_carries_seed_004_failures_at_their_cells():
    run = sarif([checked(str(SEED_004))])["runs"][0]
    failures = [r for r in run["results"] if r["kind"] == "fail"]
    assert sorted(r["properties"]["instance"] for r in failures) == sorted(FAILING_004)
    rules = run["tool"]["driver"]["rules"]
    assert run["tool"]["driver"]["name"] == "gouji"
    for r in failures:
        rule, line, key, name = FAILING_004[r["properties"]["instance"]]
        assert r["ruleId"] == rule and rules[r["ruleIndex"]]["id"] == rule
        assert r["level"] == "error"
        place = r["locations"][0]
        assert place["physicalLocation"]["artifactLocation"]["uri"] == SEED_004.as_uri()
        assert place["physicalLocation"]["region"] == {"startLine": line, "startColumn": 2}
        assert place["logicalLocations"][0] == {
            "name": name,
            "fullyQualifiedName": key,
            "kind": "cell",
        }
        assert r["properties"]["responsibility"] == "source"
        assert "suppressions" not in r
    balance = next(r for r in failures if r["ruleId"] == "T3.BALANCE")
    assert (
        balance["message"]["text"]
        == "【总计】本年新收 1 + 上年结转 0 ≠ 办理结果总计 0 + 结转下年度 0"
    )
    related = [
        loc["logicalLocations"][0]["fullyQualifiedName"] for loc in balance["relatedLocations"]
    ]
    assert related == ["t3.carried_over.total", "t3.results_total.total", "t3.carry_forward.total"]
    meta = rules[balance["ruleIndex"]]
    assert (
        meta["shortDescription"]["text"]
        == "表三各列：新收与上年结转之和等于办理结果总计与结转下年度之和"
    )
    assert "国办公开办函〔2021〕30号 表三 注" in meta["help"]["text"]
    assert meta["defaultConfiguration"]["level"] == "error"
    # The publication date is not stated: something to review, not a failure.
    review = [r for r in run["results"] if r["kind"] == "review"]
    assert [(r["ruleId"], r["level"]) for r in review] == [("PUB.DEADLINE", "none")]
    assert run["invocations"][0]["toolExecutionNotifications"] == []


def test_sarif_waived_failure_is_suppressed_and_unreadable_file_is_a_notification():
    run = sarif([(waived_004(), None), (unreadable(), None)])["runs"][0]
    balance = next(r for r in run["results"] if r["ruleId"] == "T3.BALANCE")
    assert balance["suppressions"] == [{"kind": "external", "justification": REASON}]
    others = [r for r in run["results"] if r["ruleId"] == "T3.ROW_TOTAL"]
    assert len(others) == 2 and all("suppressions" not in r for r in others)
    (note,) = run["invocations"][0]["toolExecutionNotifications"]
    assert note["level"] == "error" and note["message"]["text"] == "missing.txt: 文件不存在"
    assert note["descriptor"]["id"] == "INPUT.UNREADABLE"
    assert all(
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] != "missing.txt"
        for r in run["results"]
    )


def test_sarif_over_every_seed_and_the_pingtan_corpus_validates():
    items = seeds() + [checked(str(p)) for p in sorted((CORPUS / "pingtan").glob("*.txt"))]
    run = sarif(items)["runs"][0]
    expected = sum(
        f.status in ("fail", "not_assessable") for record, _ in items for f in record.findings
    )
    assert len(run["results"]) == expected
    ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert len(ids) == len(set(ids))
    assert set(run["properties"]["rulesets"]) == {"gb2021", "gb2019"}


def test_sarif_of_no_reports_is_a_valid_empty_log():
    assert sarif([])["runs"][0]["results"] == []


# --- JUnit ----------------------------------------------------------------------------------


def test_junit_counts_failures_skips_and_waivers_exactly():
    record = record_004()
    text = render("junit", [(record, None), (waived_004(), None), (unreadable(), None)])
    root = ET.fromstring(text)
    plain, waived, missing = root.findall("testsuite")
    assert plain.get("name") == str(SEED_004)
    # one case per listed finding, one per rule whose passes are counted
    cases = plain.findall("testcase")
    assert int(plain.get("tests")) == len(record.findings) + len(record.passed) == len(cases)
    counted = {
        c.get("name"): int(c.find("properties/property[@name='instances']").get("value"))
        for c in cases
        if c.find("properties/property[@name='instances']") is not None
    }
    each = checked_each(str(SEED_004))[0]
    passing = Counter(f.rule for f in each.findings if f.status == "pass")
    assert counted == dict(passing) and sum(counted.values()) == record.summary.passed
    # skipped: PUB.DEADLINE (no date) and TEXT.GENERAL_ASSESSMENT (not for a 乡镇)
    assert (plain.get("failures"), plain.get("skipped"), plain.get("errors")) == ("3", "2", "0")
    failed = {c.get("name"): c for c in plain.findall("testcase") if c.find("failure") is not None}
    assert set(failed) == set(FAILING_004)
    case = failed["T3.ROW_TOTAL[unable_not_held]"]
    assert case.get("classname") == str(SEED_004)
    failure = case.find("failure")
    assert failure.get("type") == "T3.ROW_TOTAL"
    assert failure.get("message") == "【本机关不掌握】总计 0 ≠ 申请人合计 1"
    assert "单元格：表三.本机关不掌握.总计" in failure.text
    props = {p.get("name"): p.get("value") for p in case.iter("property")}
    assert props == {"rule": "T3.ROW_TOTAL", "severity": "error", "status": "fail"}
    suite_props = {p.get("name"): p.get("value") for p in plain.find("properties")}
    assert suite_props["issuer"] == "额敏县额敏镇" and suite_props["verdict"] == "fail"
    # waived: skipped with the reason, no longer a failure
    assert (waived.get("failures"), waived.get("skipped")) == ("2", "3")
    balance = next(c for c in waived.findall("testcase") if c.get("name") == "T3.BALANCE[total]")
    assert balance.find("failure") is None
    assert balance.find("skipped").get("message") == f"已豁免：{REASON}"
    # a file that could not be read is an error, not a failure
    assert (missing.get("errors"), missing.get("failures")) == ("1", "0")


def test_junit_strips_characters_xml_cannot_hold():
    record = record_004().model_copy(update={"issuer": "额敏\x0b镇 <&>"})
    root = ET.fromstring(render("junit", [(record, None)]))
    props = {p.get("name"): p.get("value") for p in root.find("testsuite/properties")}
    assert props["issuer"] == "额敏镇 <&>"


# --- GitHub annotations ---------------------------------------------------------------------


def test_github_annotations_for_seed_004_exactly():
    lines = render("github", [(record_004(), None)]).splitlines()
    f = f"file={SEED_004.as_posix()}"
    assert lines == [
        f"::error {f},line=83,col=2,title=T3.BALANCE[total] 表三各列：新收与上年结转之和等于办理结果总计与结转下年度之和"
        "::【总计】本年新收 1 + 上年结转 0 ≠ 办理结果总计 0 + 结转下年度 0"
        "%0A依据：国办公开办函〔2021〕30号 表三 注（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        f"::error {f},line=214,col=2,title=T3.ROW_TOTAL[unable_not_held] 表三各行：总计等于各类申请人之和"
        "::【本机关不掌握】总计 0 ≠ 申请人合计 1%0A依据：国办公开办函〔2021〕30号 表三 申请人情况 总计",
        f"::error {f},line=338,col=2,title=T3.ROW_TOTAL[results_total] 表三各行：总计等于各类申请人之和"
        "::【办理结果总计】总计 0 ≠ 申请人合计 1%0A依据：国办公开办函〔2021〕30号 表三 申请人情况 总计",
    ]
    # a waived failure is not annotated
    assert len(render("github", [(waived_004(), None)]).splitlines()) == 2


def test_github_one_annotation_for_a_rule_failing_many_times():
    """Seed 003 lost 表三's rows: 56 T3.COMPLETE failures are one annotation saying 56."""
    record = checked(str(next(SEEDS.glob("003_*.txt"))))[0]
    complete = [f for f in record.findings if f.rule == "T3.COMPLETE" and f.status == "fail"]
    assert len(complete) == 56
    (line,) = [a for a in render("github", [(record, None)]).splitlines() if "T3.COMPLETE" in a]
    head, message = line.split("::", 2)[1:]
    assert head.endswith("title=T3.COMPLETE 表三的单元格须齐全（56 处）")
    shown = message.split("%0A")
    assert shown[:3] == [f"{f.instance}：{f.message}" for f in complete[:3]]
    assert shown[3] == "……等 56 处"


def test_github_escaping_and_severity_commands():
    assert escape_data("50% a\r\nb") == "50%25 a%0D%0Ab"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"
    out = render("github", seeds())
    commands = {line.split(" ", 1)[0] for line in out.splitlines()}
    assert commands == {"::error", "::warning", "::notice"}
    assert "::warning file=tests/data/seeds/000" in out.replace(
        str(SEEDS.as_posix()), "tests/data/seeds"
    )


# --- CSV ------------------------------------------------------------------------------------


def test_csv_has_a_bom_and_parses_back_one_row_per_problem():
    items = seeds()
    text = render("csv", items)
    assert text.startswith("\ufeffreport,issuer,year,verdict,rule,")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    problems = [
        (r.source, f.instance)
        for r, _ in items
        for f in r.findings
        if f.status in ("fail", "not_assessable")
    ]
    assert [(row["report"], row["instance"]) for row in rows] == problems
    row = next(row for row in rows if row["instance"] == "T3.ROW_TOTAL[results_total]")
    assert row["issuer"] == "额敏县额敏镇" and row["year"] == "2024" and row["verdict"] == "fail"
    assert row["cells"].startswith("表三.办理结果总计.总计、表三.办理结果总计.自然人")
    assert row["message"] == "【办理结果总计】总计 0 ≠ 申请人合计 1"
    assert row["severity"] == "error" and row["waived"] == ""
    waived = list(csv.DictReader(io.StringIO(render("csv", [(waived_004(), None)])[1:])))
    assert next(r for r in waived if r["instance"] == "T3.BALANCE[total]")["waived"] == REASON


def test_csv_lists_a_report_with_nothing_to_show_and_defuses_formulas():
    clean = record_004().model_copy(update={"findings": (), "issuer": "=HYPERLINK(1)"})
    rows = list(csv.reader(io.StringIO(render("csv", [(clean, None)])[1:])))
    assert len(rows) == 2 and rows[1][0] == str(SEED_004) and rows[1][4] == ""
    assert rows[1][1] == "'=HYPERLINK(1)"
    listed = [checked_each(str(SEED_004))]
    everything = list(csv.reader(io.StringIO(render("csv", listed, True)[1:])))
    assert len(everything) == 1 + record_004().summary.findings


# --- XLSX -----------------------------------------------------------------------------------


def test_xlsx_has_three_sheets_with_frozen_headers_filters_and_widths():
    items = [*seeds(), (waived_004(), None)]
    book = openpyxl.load_workbook(io.BytesIO(render("xlsx", items)))
    assert book.sheetnames == ["发现", "报告", "规则"]
    findings, reports, rules = (book[n] for n in book.sheetnames)
    for ws in (findings, reports, rules):
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}"
    problems = sum(f.status in ("fail", "not_assessable") for r, _ in items for f in r.findings)
    assert findings.max_row == 1 + problems
    assert reports.max_row == 1 + len(items)
    header = [c.value for c in findings[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in findings.iter_rows(2)]
    row = next(r for r in rows if r["实例"] == "T3.ROW_TOTAL[unable_not_held]")
    assert (row["发布主体"], row["年度"], row["状态"], row["严重程度"]) == (
        "额敏县额敏镇",
        2024,
        "不通过",
        "错误",
    )
    balance = [r for r in rows if r["实例"] == "T3.BALANCE[total]" and r["报告"] == str(SEED_004)]
    assert [r["豁免理由"] for r in balance] == [None, REASON]
    by_rule = {row[0].value: [c.value for c in row] for row in rules.iter_rows(2)}
    # seed 004 twice (once waived): ROW_TOTAL fails 4 times in 2 reports, BALANCE once + 1
    # waived; seed 003's eight lost rows leave 8 row totals and 7 column balances unjudged
    assert by_rule["T3.ROW_TOTAL"][4:8] == [4, 0, 8, 2]
    assert by_rule["T3.BALANCE"][4:8] == [1, 1, 7, 1]
    # passing instances per rule, whether the record lists or counts them
    each = [checked_each(str(p))[0] for p in SEED_FILES] + [checked_each(str(SEED_004))[0]]
    for rule in ("T3.ROW_TOTAL", "T3.BALANCE", "T2.VALUES"):
        passes = sum(f.rule == rule and f.status == "pass" for r in each for f in r.findings)
        assert by_rule[rule][3] == passes > 0
    # widths follow the East Asian width of the column's text (Chinese counts double)
    issuer = max(len(r["发布主体"] or "") for r in rows)
    assert findings.column_dimensions["B"].width == 2 * issuer + 2
    assert findings.column_dimensions["C"].width == 6


def test_xlsx_keeps_report_text_as_text():
    record = record_004().model_copy(update={"issuer": "=1+1"})
    book = openpyxl.load_workbook(io.BytesIO(render("xlsx", [(record, None)])))
    cell = book["报告"]["B2"]
    assert cell.value == "=1+1" and cell.data_type == "s"


def test_xlsx_is_refused_on_a_terminal():
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    with pytest.raises(GoujiError, match="xlsx 是二进制格式，不能输出到终端"):
        open_outputs("xlsx", [], OutputOptions(), [], stdout=Terminal())


# --- HTML -----------------------------------------------------------------------------------


def html_page(items) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(render("html", items))


def test_html_highlights_seed_004s_failing_cells_with_their_findings():
    page = html_page([checked(str(SEED_004))])
    (section,) = page.xpath("//section[@class='report']")
    cells = {td.get("data-key"): td for td in section.xpath(".//td[@data-key]")}
    assert len(cells) == 200  # every cell of the 2021 format, laid out
    failing = {k for k, td in cells.items() if "fail" in td.get("class").split()}
    expected = {"t3.new.total", "t3.carried_over.total", "t3.carry_forward.total"}
    expected |= {k for k in cells if k.startswith(("t3.unable_not_held.", "t3.results_total."))}
    assert failing == expected
    assert cells["t3.unable_not_held.natural"].text_content() == "12"  # value 1, finding 2
    assert cells["t3.new.natural"].text_content() == "1"
    total = cells["t3.results_total.total"]
    assert [a.get("href") for a in total.xpath(".//sup/a")] == ["#r1-f1", "#r1-f3"]
    assert "T3.ROW_TOTAL[results_total]" in total.get("title")
    # the findings are listed beside the table, numbered as the cells point at them
    finding = section.get_element_by_id("r1-f2")
    assert "T3.ROW_TOTAL[unable_not_held]" in finding.text_content()
    assert "【本机关不掌握】总计 0 ≠ 申请人合计 1" in finding.text_content()
    # 表三 as in the template: the 办理结果 group spans its rows, 表四 has 15 cells in one row
    group = next(
        th
        for th in section.xpath(".//table[@data-table='t3']//th")
        if th.text == "三、本年度办理结果"
    )
    assert group.get("rowspan") == "22"
    assert len(section.xpath(".//table[@data-table='t4']//tr")[-1].xpath("td")) == 15
    # the summary first
    summary = page.get_element_by_id("summary")
    assert "T3.ROW_TOTAL" in summary.text_content()
    assert page.find(".//script") is None and "http" not in lxml.html.tostring(page.head).decode()


def test_html_marks_waived_and_unjudged_cells_and_escapes_text():
    record = waived_004().model_copy(update={"issuer": "<script>alert(1)</script>"})
    _, report = checked(str(SEED_004))
    text = render("html", [(record, report), checked(str(next(SEEDS.glob("003_*.txt"))))])
    assert "<script>" not in text and "&lt;script&gt;" in text
    page = lxml.html.document_fromstring(text)
    first, third = page.xpath("//section[@class='report']")
    td = first.xpath(".//td[@data-key='t3.new.total']")[0]
    assert td.get("class").split() == ["v", "waived"]
    assert REASON in first.get_element_by_id("r1-f1").text_content()
    # seed 003 lost eight rows of 表三: absent cells are marked, the balance is not assessable
    absent = third.xpath(".//td[@data-key='t3.new.natural']")[0]
    assert absent.text_content().startswith("∅") and "absent" in absent.get("class")
    assert third.xpath(".//td[@data-key='t3.carry_forward.total']")[0].get("class") == "v unknown"


def test_html_folds_a_rule_failing_many_times_under_its_count():
    """Seed 003's 56 T3.COMPLETE failures: three shown, 53 folded, every one still numbered
    and reachable from the cell it marks."""
    record, report = checked(str(next(SEEDS.glob("003_*.txt"))))
    page = html_page([(record, report)])
    (more,) = [li for li in page.xpath("//li[@class='more']") if "T3.COMPLETE" in li.text_content()]
    assert more.xpath("string(.//summary)") == "T3.COMPLETE 另有 53 处（共 56 处）"
    assert len(more.xpath(".//li")) == 53
    complete = [f for f in record.findings if f.rule == "T3.COMPLETE"]
    listed = page.xpath("//li[code]/code/text()")
    assert [i for i in listed if i.startswith("T3.COMPLETE")] == [f.instance for f in complete]
    targets = {a.get("href")[1:] for a in page.xpath("//td//sup/a")}
    assert len(targets) > 50
    assert targets <= {li.get("id") for li in page.xpath("//li[@id]")}


def test_html_without_the_report_lists_findings_only():
    page = html_page([(record_004(), None), (unreadable(), None)])
    first, second = page.xpath("//section[@class='report']")
    assert not first.xpath(".//table") and "未提供解析后的报告" in first.text_content()
    assert len(first.xpath(".//ol[@class='findings']/li")) == 4
    assert "无法检查：missing.txt: 文件不存在" in second.text_content()
    assert "不适用法定表格" not in second.text_content()


CHROMIUM = Path("/usr/bin/chromium")


def test_html_renders_in_headless_chromium(tmp_path):
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is not installed (apt-get install -y chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    page = tmp_path / "report.html"
    page.write_text(render("html", seeds()), encoding="utf-8")
    shot = tmp_path / "shot.png"
    command = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        f"--screenshot={shot}",
        "--window-size=1280,2000",
        page.as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert shot.exists(), f"no screenshot; chromium said: {done.stderr[-2000:]}"
    png = shot.read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert int.from_bytes(png[16:20], "big") == 1280  # IHDR width
    assert len(png) > 20_000  # a drawn page, not a blank one


# --- JSON -----------------------------------------------------------------------------------


def test_json_array_is_what_the_standard_library_would_write():
    """pydantic's serialiser writes the array; the bytes are those of ``json.dumps`` on the
    record's plain form, escapes of control characters and raw U+2028 included."""
    weird = 'a\x00b\x1bc\x7fd\u2028e\u0085f"g\\h\U0001f600i\tj\nk\ufeff'
    records = [checked(str(p))[0] for p in SEED_FILES] + [checked_each(str(SEED_004))[0]]
    records.append(record_004().model_copy(update={"issuer": weird, "notes": (weird,)}))
    body = ",\n".join(
        "\n".join(
            "  " + line
            for line in json.dumps(r.model_dump(mode="json"), ensure_ascii=False, indent=2).split(
                "\n"
            )
        )
        for r in records
    )
    assert render("json", [(r, None) for r in records]) == f"[\n{body}\n]\n"


# --- streaming ------------------------------------------------------------------------------


def test_every_format_streams_many_records():
    record, report = checked(str(SEED_004))
    many = [(record, report)] * 300
    assert json.loads(render("sarif", many))["runs"][0]["results"].__len__() == 300 * 4
    assert len(ET.fromstring(render("junit", many)).findall("testsuite")) == 300
    annotations = render("github", many).splitlines()
    assert len(annotations) == PER_KIND + 1  # GitHub would drop the rest: one notice counts them
    assert annotations[-1].startswith("::notice title=gouji::另有 890 条错误未作为注释显示")
    assert len(render("csv", many).splitlines()) == 1 + 300 * 4
    book = openpyxl.load_workbook(io.BytesIO(render("xlsx", many)))
    assert book["报告"].max_row == 301 and book["发现"].max_row == 1 + 300 * 4
    page = html_page(many)
    assert len(page.xpath("//section[@class='report']")) == 300
    assert page.get_element_by_id("r300") is not None


# --- the command ----------------------------------------------------------------------------


def gouji(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("gouji")
    return subprocess.run([str(exe), *args], capture_output=True, text=True, cwd=cwd)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_check_writes_every_output_from_one_pass(tmp_path):
    reports = tmp_path / "reports"
    shutil.copytree(SEEDS, reports, ignore=shutil.ignore_patterns("*.json", "*.md"))
    before = {p.name: digest(p) for p in reports.iterdir()}
    outputs = {name: tmp_path / f"out.{name}" for name in FORMATS if name != "text"}
    args = [a for name, path in outputs.items() for a in ("--output", f"{name}:{path}")]
    done = gouji("check", "--fail-on", "never", *args, "reports", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("== reports/000_")  # text on stdout as before
    assert {p.name: digest(p) for p in reports.iterdir()} == before
    records = json.loads(outputs["json"].read_text(encoding="utf-8"))
    assert [r["source"] for r in records] == [f"reports/{p.name}" for p in SEED_FILES]
    assert len(outputs["jsonl"].read_text(encoding="utf-8").splitlines()) == 5
    run = json.loads(outputs["sarif"].read_text(encoding="utf-8"))["runs"][0]
    assert sum(r["kind"] == "fail" for r in run["results"]) == sum(
        r["summary"]["failed"] for r in records
    )
    assert len(ET.parse(outputs["junit"]).getroot().findall("testsuite")) == 5
    # one annotation per failure, or per rule failing more than 3 times in a report
    failed = [Counter(f["rule"] for f in r["findings"] if f["status"] == "fail") for r in records]
    assert len(outputs["github"].read_text(encoding="utf-8").splitlines()) == sum(
        n if n <= 3 else 1 for counts in failed for n in counts.values()
    )
    assert outputs["csv"].read_text(encoding="utf-8").startswith("\ufeffreport,")
    assert openpyxl.load_workbook(outputs["xlsx"]).sheetnames == ["发现", "报告", "规则"]
    page = lxml.html.parse(str(outputs["html"])).getroot()
    assert len(page.xpath("//section[@class='report']")) == 5
    assert page.xpath("//td[contains(@class, 'fail') and @data-key='t3.results_total.total']")


def test_check_format_to_stdout(tmp_path):
    done = gouji("check", "--format", "sarif", str(SEED_004))
    assert done.returncode == 1
    results = json.loads(done.stdout)["runs"][0]["results"]
    assert sorted(r["properties"]["instance"] for r in results if r["kind"] == "fail") == sorted(
        FAILING_004
    )
    exe = Path(sys.executable).with_name("gouji")
    xlsx = subprocess.run(
        [str(exe), "check", "--format", "xlsx", str(SEED_004)], capture_output=True
    )
    assert openpyxl.load_workbook(io.BytesIO(xlsx.stdout)).sheetnames == ["发现", "报告", "规则"]


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("sarif:{tmp}/no/such/dir/out.sarif", "无法写入"),
        ("sarif:{tmp}", "无法写入"),
        ("pdf:{tmp}/out.pdf", "未知的格式 pdf"),
        ("sarif", "应写作 格式:文件"),
        ("html:{seed}", "是被检查的文件，不能覆盖"),
        ("html:{seeds}/sub/out.html", "会被当作报告读取"),
    ],
)
def test_check_refuses_an_unwritable_output_before_checking_anything(tmp_path, target, message):
    spec = target.format(tmp=tmp_path, seed=SEED_004, seeds=SEEDS)
    before = digest(SEED_004)
    good = tmp_path / "good.csv"
    inputs = [str(SEED_004)] if "{seed}" in target else [str(SEEDS)]
    done = gouji("check", "--output", f"csv:{good}", "--output", spec, *inputs)
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("gouji: ") and message in lines[0]
    assert digest(SEED_004) == before and not (SEEDS / "sub").exists()


def test_check_refuses_the_same_file_twice(tmp_path):
    out = tmp_path / "out.txt"
    done = gouji("check", "--output", f"csv:{out}", "--output", f"junit:{out}", str(SEED_004))
    assert done.returncode == 2 and "指定了两次" in done.stderr
