"""The national rulesets gb2021 and gb2019 on their own examples, the seeds and the corpus.

The seeds must give exactly the structural and arithmetic findings of shared/seeds/EXPECTED.md
and no arithmetic failure anywhere else.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORPUS, EXTRACTED, SEEDS
from gouji.cli import main
from gouji.dsl.examples import run_examples
from gouji.engine import Engine

ENGINE = Engine()
RULES = {rule.id: rule for rid in ENGINE.rulesets for rule in ENGINE.ruleset(rid).rules}
ARITHMETIC = ("T3.BALANCE", "T3.RESULTS_TOTAL", "T3.ROW_TOTAL", "T4.BLOCK_TOTAL")


def test_both_national_rulesets_load():
    assert set(ENGINE.rulesets) == {"gb2021", "gb2019"}
    assert len(ENGINE.ruleset("gb2021").rules) >= 25
    assert {"T2.DELTA", "T2.PROCUREMENT_AMOUNT"} <= {r.id for r in ENGINE.ruleset("gb2019").rules}


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_every_rule_has_a_citation_and_passing_and_failing_examples(rule_id):
    rule = RULES[rule_id]
    assert rule.cite and rule.title
    outcomes = {e.outcome for e in rule.examples}
    assert "pass" in outcomes
    assert (
        "fail" in outcomes or rule_id == "SEC.ORDER"
    )  # no example report can put sections out of order


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_examples_reach_their_stated_outcome(rule_id):
    for result in run_examples(RULES[rule_id]):
        assert result.ok, (
            f"{result.path}:{result.line}: expected {result.expected}, got {result.got}: {result.messages}"
        )


def failures(name: str) -> dict[str, list[str]]:
    """Failing instances by rule, leaving out the text rules (tests/test_text_seeds.py)."""
    record = ENGINE.check(SEEDS / name)
    out: dict[str, list[str]] = {}
    for f in record.findings:
        if f.status == "fail" and not f.rule.startswith("TEXT."):
            out.setdefault(f.rule, []).append(f.instance)
    return out


def seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).name


def test_seed_000_duplicate_heading_and_nothing_arithmetic():
    assert failures(seed("000")) == {"SEC.DUPLICATE": ["SEC.DUPLICATE"]}


def test_seed_002_passes_but_for_another_units_name():
    assert failures(seed("002")) == {}
    # EXPECTED.md: it supervises "新源镇下辖 11 个村" (TEXT.OTHER_UNIT, a warning)
    assert ENGINE.check(SEEDS / seed("002")).verdict == "warn"


def test_seed_001_variant_section_title_is_only_a_notice():
    assert failures(seed("001")) == {"SEC.TITLES": ["SEC.TITLES"]}
    record = ENGINE.check(SEEDS / seed("001"))
    (notice,) = [f for f in record.findings if f.status == "fail" and f.rule == "SEC.TITLES"]
    assert notice.severity == "info"
    assert "当前存在的主要问题及下步改进措施" in notice.message
    assert record.verdict == "pass"


def test_seed_003_missing_section_lost_rows_and_unassessable_balance():
    found = failures(seed("003"))
    assert set(found) == {"SEC.REQUESTS", "T3.COMPLETE", "SEC.PROCESSING_FEE"}
    assert len(found["T3.COMPLETE"]) == 56
    record = ENGINE.check(SEEDS / seed("003"))
    balance = [f for f in record.findings if f.rule == "T3.BALANCE"]
    assert len(balance) == 7
    assert {f.status for f in balance} == {"not_assessable"}
    assert (
        balance[0].message == "【自然人】无法判断：缺少 表三.本年新收.自然人、表三.上年结转.自然人"
    )


def test_seed_004_three_arithmetic_failures_with_the_numbers():
    record = ENGINE.check(SEEDS / seed("004"))
    failing = {
        f.instance: f for f in record.findings if f.status == "fail" and f.rule.startswith("T3.")
    }
    assert set(failing) == {
        "T3.BALANCE[total]",
        "T3.ROW_TOTAL[unable_not_held]",
        "T3.ROW_TOTAL[results_total]",
    }
    balance = failing["T3.BALANCE[total]"]
    assert balance.message == "【总计】本年新收 1 + 上年结转 0 ≠ 办理结果总计 0 + 结转下年度 0"
    assert (balance.actual, balance.expected) == ("1", "0")
    assert balance.refs == (
        "t3.new.total",
        "t3.carried_over.total",
        "t3.results_total.total",
        "t3.carry_forward.total",
    )
    assert balance.cite.startswith("国办公开办函〔2021〕30号 表三 注")
    assert balance.responsibility == "source"
    assert balance.locations[0].line == 83
    row = failing["T3.ROW_TOTAL[unable_not_held]"]
    assert row.message == "【本机关不掌握】总计 0 ≠ 申请人合计 1"


def test_no_arithmetic_failure_in_the_other_seeds():
    for prefix in ("000", "001", "002", "003"):
        assert not set(failures(seed(prefix))) & set(ARITHMETIC), prefix


def test_real_city_report_passes_every_rule():
    record = ENGINE.check(EXTRACTED / "huaian-2024.pypdf.txt")
    assert record.verdict == "pass"
    # one notice: a 人民政府 report silent on 工作考核、社会评议、责任追究 (条例 第五十条)
    failed = [f.instance for f in record.findings if f.status == "fail"]
    assert failed == ["TEXT.GENERAL_ASSESSMENT[工作考核、社会评议、责任追究]"]
    # its text layer states no publication date: the deadline alone cannot be judged
    assert [f.rule for f in record.findings if f.status == "not_assessable"] == ["PUB.DEADLINE"]


def test_real_report_without_section_six_is_caught():
    record = ENGINE.check(CORPUS / "pingtan" / "czj-2021.txt")
    # and its plan "2021年，我局将坚持…" is the 2020 report's, year unchanged (TEXT.WRONG_YEAR)
    failed = [f.rule for f in record.findings if f.status == "fail"]
    assert failed == ["SEC.OTHER", "TEXT.WRONG_YEAR"]


def test_unread_cells_are_the_parsers_responsibility_not_the_reports():
    # "规范性文件1077" splits two ways into three columns and no identity ties them: the cells
    # are printed but unread, which says nothing against the report.
    record = ENGINE.check(CORPUS / "pingtan" / "czj-2019.txt")
    assert record.ruleset.id == "gb2019"
    complete = [f for f in record.findings if f.rule == "T2.COMPLETE" and f.status != "pass"]
    assert len(complete) == 8
    assert {(f.status, f.responsibility) for f in complete} == {("not_assessable", "extraction")}
    assert "未能从原文读出" in complete[0].message and "1077" in complete[0].message
    assert record.verdict != "fail"


def test_an_identity_assumed_by_the_parser_is_never_reported_as_passed():
    # "1 0 30 12 12 28" splits four ways; only the row total picks one (REPORT-FORMAT.md §5.6).
    text = (
        "某某局2024年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"
        "一、本年新收政府信息公开申请数量 1 0 30 12 12 28\n"
    )
    import gouji

    record = ENGINE.check_report(gouji.parse(text))
    row = next(f for f in record.findings if f.instance == "T3.ROW_TOTAL[new]")
    assert row.status == "not_assessable"
    assert "假定此关系成立" in row.message
    assert row.responsibility == "extraction"


def test_legacy_reports_have_no_applicable_ruleset():
    record = ENGINE.check(CORPUS / "pingtan" / "czj-2018.txt")
    assert record.verdict == "not_applicable" and record.findings == ()


def test_records_are_byte_identical_for_identical_input():
    path = SEEDS / seed("004")
    assert ENGINE.check(path).model_dump_json() == Engine().check(path).model_dump_json()


def test_record_carries_ruleset_version_and_rule_file_hashes():
    record = ENGINE.check(SEEDS / seed("001"))
    assert record.ruleset.id == "gb2021" and record.ruleset.version == "2021.1"
    assert record.ruleset.instrument == "国办公开办函〔2021〕30号"
    files = {f.path for f in record.ruleset.files}
    assert "rules/common/t3.rules" in files and "rules/gb2021/t2.rules" in files
    assert all(len(f.sha256) == 64 for f in record.ruleset.files)
    assert record.engine.startswith("gouji ")


def _gouji(*args: str) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("gouji")
    return subprocess.run([str(exe), *args], capture_output=True, text=True)


def test_check_exit_status_follows_fail_on():
    passing = str(SEEDS / seed("001"))
    failing = str(SEEDS / seed("004"))
    warning = str(SEEDS / seed("000"))
    assert _gouji("check", passing).returncode == 0
    assert _gouji("check", failing).returncode == 1
    assert _gouji("check", warning).returncode == 0
    assert _gouji("check", "--fail-on", "warning", warning).returncode == 1
    assert _gouji("check", "--fail-on", "never", failing).returncode == 0
    bad = _gouji("check", "--ruleset", "gb1999", passing)
    assert bad.returncode == 2 and bad.stderr.startswith("gouji: 未知的规则集 gb1999")


def test_check_json_and_jsonl():
    files = [str(SEEDS / seed(p)) for p in ("001", "004")]
    records = json.loads(_gouji("check", "--format", "json", *files).stdout)
    assert [r["verdict"] for r in records] == ["pass", "fail"]
    lines = _gouji("check", "--format", "jsonl", *files).stdout.splitlines()
    assert [json.loads(line)["source"] for line in lines] == files


def test_check_text_shows_the_arithmetic_and_the_citation():
    out = _gouji("check", str(SEEDS / seed("004"))).stdout
    assert "【总计】本年新收 1 + 上年结转 0 ≠ 办理结果总计 0 + 结转下年度 0" in out
    assert "依据：国办公开办函〔2021〕30号 表三 注" in out
    assert "表三.本年新收.总计（表格 2 第 4 行 第 8 列，行 83 列 2）" in out


def test_unreadable_and_non_report_files_become_records():
    out = _gouji("check", "--format", "json", "missing.txt", str(SEEDS / "EXPECTED.md"))
    records = json.loads(out.stdout)
    assert [r["findings"][0]["rule"] for r in records] == ["INPUT.UNREADABLE", "INPUT.NOT_REPORT"]
    assert out.returncode == 1


def test_rules_commands():
    assert _gouji("rules", "check").returncode == 0
    tested = _gouji("rules", "test")
    assert tested.returncode == 0 and tested.stdout.strip().endswith("0 failed")
    listed = _gouji("rules", "list").stdout
    assert "T3.BALANCE" in listed and "SEC.PROCESSING_FEE" in listed
    shown = _gouji("rules", "show", "T3.BALANCE").stdout
    assert "依据：国办公开办函〔2021〕30号" in shown and "check 表三.本年新收[c]" in shown


def test_rules_check_reports_a_broken_file(tmp_path):
    broken = tmp_path / "broken.rules"
    broken.write_text(
        'rule T3.X\n  title "t"\n  cite "c"\n  check 表三.本年新收.自然人 = 1\nend\n',
        encoding="utf-8",
    )
    result = _gouji("rules", "check", str(broken))
    assert result.returncode == 2
    assert result.stderr.splitlines()[0].endswith(
        "语法错误：此处应为加减号（+ 或 -）或比较符号（== != <= >= < >），实际为“=”"
    )


def test_schema_describes_the_record():
    schema = json.loads(_gouji("schema").stdout)
    assert schema["title"] == "Record"
    assert "findings" in schema["properties"]
    assert set(schema["$defs"]["Finding"]["properties"]["status"]["enum"]) == {
        "pass",
        "fail",
        "not_assessable",
        "not_applicable",
    }


def test_rules_list_as_json_for_scripts(capsys):
    assert main(["rules", "list", "--format", "json"]) == 0
    rules = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    assert rules["T3.BALANCE"]["severity"] == "error"
    assert rules["T3.BALANCE"]["rulesets"] == ["gb2021", "gb2019"]
    assert set(rules["T2.REGULATIONS_ROW"]["editions"]) <= {"2021", "2019"}


def test_a_misspelt_rule_id_gets_the_closest_one(capsys):
    assert main(["rules", "show", "T3.BALANC"]) == 2
    assert "是否指 T3.BALANCE？" in capsys.readouterr().err
    assert main(["rules", "test", "SEC.GENERL"]) == 2
    assert "是否指 SEC.GENERAL？" in capsys.readouterr().err
