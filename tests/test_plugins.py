"""Plugins: every hook documented, loaded from a rules home and from an installed distribution,
each used where it should be, and a broken plugin disabled without stopping the run."""

from __future__ import annotations

import inspect
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import SEEDS
from gouji import hookspecs
from gouji.engine import Engine
from gouji.hookspecs import hook_names

ROOT = Path(__file__).parent.parent
SEED_004 = next(SEEDS.glob("004_*.txt"))


def test_every_hook_is_documented_under_its_exact_signature():
    doc = (ROOT / "docs" / "hooks.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^## `(gouji_\w+\(.*\) -> .+)`$", doc, re.M))
    assert {_signature(name) for name in hook_names()} == documented


def _signature(name: str) -> str:
    """``gouji_findings(report, ruleset, parameters, issuer) -> list[Finding]``, from the spec."""
    spec = getattr(hookspecs, name)
    assert spec.__doc__ and spec.__annotations__["return"], f"{name} is documented and typed"
    parameters = inspect.signature(spec).parameters
    assert all(p.annotation is not inspect.Parameter.empty for p in parameters.values()), name
    return f"{name}({', '.join(parameters)}) -> {spec.__annotations__['return']}"


def make_home(tmp_path: Path, plugins: dict[str, str]) -> Path:
    """A rules home with the national rules and the given plugin files."""
    home = tmp_path / "home"
    for part in ("rules", "grammars"):
        shutil.copytree(ROOT / part, home / part)
    shutil.copy(ROOT / "rulesets.toml", home / "rulesets.toml")
    (home / "plugins").mkdir()
    for name, code in plugins.items():
        (home / "plugins" / name).write_text(textwrap.dedent(code), encoding="utf-8")
    return home


ALIAS_PLUGIN = """
from gouji.hookspecs import hookimpl

@hookimpl
def gouji_label_aliases(edition):
    return {"t3.new": ["本年度受理的新申请"]}
"""


def test_label_aliases_teach_the_parser_a_local_label(tmp_path):
    home = make_home(tmp_path, {"local.py": ALIAS_PLUGIN})
    text = "三、收到和处理政府信息公开申请情况\n本年度受理的新申请\t4\t0\t0\t0\t0\t0\t4\n"
    plain = Engine(home, plugins=False).parse(text)
    local = Engine(home).parse(text)
    assert plain.cells["t3.new.natural"].semantic == "absent"
    assert local.cells["t3.new.natural"].value == 4
    note = local.note(local.cells["t3.new.natural"].notes[0])
    assert note.code == "label.local" and note.confidence == 1.0 and "插件 local" in note.message


RULES_PLUGIN = """
from pathlib import Path
from gouji.hookspecs import hookimpl

@hookimpl
def gouji_rule_files(ruleset, edition, home):
    return [Path(__file__).with_name("local.rules")] if ruleset == "gb2021" else []
"""

LOCAL_RULES = """
rule LOCAL.NO_PENALTIES
  title    "本地：不得有行政处罚"
  severity warning
  cite     "某地通知"
  applies  edition 2021
  check 表二.行政处罚.处理决定 == 0
  example pass { }
  example fail { 表二.行政处罚.处理决定 = 1 }
end
"""


def test_rule_files_from_a_plugin_join_the_ruleset(tmp_path):
    home = make_home(tmp_path, {"local.py": RULES_PLUGIN})
    (home / "plugins" / "local.rules").write_text(LOCAL_RULES, encoding="utf-8")
    engine = Engine(home)
    record = engine.check(next(SEEDS.glob("001_*.txt")))
    (local,) = [f for f in record.findings if f.rule == "LOCAL.NO_PENALTIES"]
    assert local.status == "fail" and "18" in local.message
    assert any(f.path.endswith("local.rules") for f in record.ruleset.files)


FINDINGS_AND_AMEND = """
from gouji.hookspecs import hookimpl
from gouji.issuer import IssuerClass
from gouji.record import Finding

@hookimpl
def gouji_classify_issuer(report):
    return IssuerClass("县", "人民政府", "新疆维吾尔自治区")

@hookimpl
def gouji_findings(report, ruleset):
    return [Finding(rule="XJ.HELLO", instance="XJ.HELLO", status="fail", severity="error",
                    title="本地规则", message="本地插件的发现")]

@hookimpl
def gouji_amend_record(record):
    return record.model_copy(update={"notes": (*record.notes, "已复核")})
"""


def test_findings_classification_and_amendment_from_a_plugin(tmp_path):
    home = make_home(tmp_path, {"xj.py": FINDINGS_AND_AMEND})
    record = Engine(home).check(next(SEEDS.glob("002_*.txt")))
    assert any(f.rule == "XJ.HELLO" and f.status == "fail" for f in record.findings)
    assert record.verdict == "fail" and record.summary.errors == 1
    assert record.notes[-1] == "已复核"
    uses = {p.name: p for p in record.plugins}
    assert uses["gouji_home_plugins.xj"].hooks == (
        "gouji_amend_record",
        "gouji_classify_issuer",
        "gouji_findings",
    )
    assert uses["gouji.builtin"].hooks == ("gouji_classify_issuer", "gouji_findings")


def test_a_plugin_classification_overrides_the_built_in(tmp_path):
    from gouji.dsl.rules import compile_text

    home = make_home(tmp_path, {"xj.py": FINDINGS_AND_AMEND})
    engine = Engine(home)
    report = engine.parse(SEED_004)
    issuer = engine.plugins.first("gouji_classify_issuer", report=report)
    assert issuer.province == "新疆维吾尔自治区" and issuer.level == "县"
    (rule,) = compile_text(
        'rule X.P\n title "t"\n cite "c"\n applies province 新疆维吾尔自治区\n require section sec.1\nend\n',
        "x",
    )
    assert rule.evaluate(report, issuer)[0].status == "pass"
    assert rule.evaluate(report)[0].status == "pass"  # the built-in gazetteer agrees here


BROKEN_IMPORT = "raise RuntimeError('配置错误')\n"
MISSPELLED = """
from gouji.hookspecs import hookimpl

@hookimpl
def gouji_label_alias(edition):
    return {}
"""
RAISES = """
from gouji.hookspecs import hookimpl

@hookimpl
def gouji_findings(report, ruleset):
    raise ValueError("坏了")
"""


def test_broken_plugins_are_disabled_and_reported_and_the_run_goes_on(tmp_path):
    home = make_home(
        tmp_path,
        {
            "a_broken.py": BROKEN_IMPORT,
            "b_misspelled.py": MISSPELLED,
            "c_raises.py": RAISES,
            "d_ok.py": ALIAS_PLUGIN,
        },
    )
    engine = Engine(home)
    record = engine.check(SEED_004)
    errors = {p.name: p.error for p in record.plugins if p.error}
    assert errors["gouji_home_plugins.a_broken"] == "插件加载失败：RuntimeError: 配置错误"
    assert "gouji_label_alias" in errors["gouji_home_plugins.b_misspelled"]
    assert (
        errors["gouji_home_plugins.c_raises"]
        == "插件在 gouji_findings 中出错，已停用：ValueError: 坏了"
    )
    assert "gouji_home_plugins.d_ok" not in errors
    assert [f.instance for f in record.findings if f.status == "fail"] == [
        "T3.BALANCE[total]",
        "T3.ROW_TOTAL[unable_not_held]",
        "T3.ROW_TOTAL[results_total]",
    ]


def test_cli_reports_disabled_plugins_once_on_stderr(tmp_path):
    home = make_home(tmp_path, {"a_broken.py": BROKEN_IMPORT})
    exe = Path(sys.executable).with_name("gouji")
    result = subprocess.run(
        [str(exe), "check", "--home", str(home), "--format", "json", str(SEED_004)],
        capture_output=True,
        text=True,
    )
    # The plugin's line comes first and once; the run summary follows it (not text on stdout).
    lines = result.stderr.splitlines()
    assert (
        lines[0] == "gouji: 插件 gouji_home_plugins.a_broken: 插件加载失败：RuntimeError: 配置错误"
    )
    assert sum("插件" in line for line in lines) == 1
    listed = subprocess.run(
        [str(exe), "plugins", "--home", str(home)], capture_output=True, text=True
    )
    assert listed.returncode == 1 and "错误：插件加载失败" in listed.stdout


@pytest.fixture
def third_party_plugin(tmp_path, monkeypatch):
    """A throwaway installed distribution: a module and its dist-info with a gouji entry point."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "gouji_example_plugin.py").write_text(
        ALIAS_PLUGIN + "\n__version__ = '9.9'\n", encoding="utf-8"
    )
    info = site / "gouji_example_plugin-9.9.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: gouji-example-plugin\nVersion: 9.9\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        "[gouji]\nexample = gouji_example_plugin\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(site))
    return site


def test_an_installed_distribution_is_found_and_used(third_party_plugin):
    engine = Engine()
    uses = {p.name: p for p in engine.plugin_uses()}
    assert uses["example"].origin == "gouji-example-plugin 9.9"
    assert uses["example"].hooks == ("gouji_label_aliases",)
    report = engine.parse(
        "三、收到和处理政府信息公开申请情况\n本年度受理的新申请\t4\t0\t0\t0\t0\t0\t4\n"
    )
    assert report.cells["t3.new.total"].value == 4


EXTRA_ROW_PLUGIN = """
from gouji.hookspecs import hookimpl
from gouji.vocabulary import LocalRow

@hookimpl
def gouji_extra_rows(edition):
    return [LocalRow(table="t2", key="other_public_docs", label="其他主动公开文件",
                     follows="normative_docs", columns=("made", "published", "total_public"),
                     editions=("2019",))]
"""

# A 2019-format 表二 with one extra row, one cell per line as copied out of Word.
EXTRA_ROW_REPORT = "\n\n".join(
    [
        "某某县某某局2020年政府信息公开工作年度报告",
        "二、主动公开政府信息情况",
        "第二十条第（一）项",
        "信息内容",
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "规章",
        "0",
        "0",
        "0",
        "规范性文件",
        "2",
        "2",
        "9",
        "其他主动公开文件",
        "15",
        "15",
        "120",
        "第二十条第（五）项",
        "信息内容",
        "上一年项目数量",
        "本年增/减",
        "处理决定数量",
        "行政许可",
        "10",
        "0",
        "30",
    ]
)


def test_extra_rows_are_read_where_declared_and_change_nothing_else(tmp_path):
    home = make_home(tmp_path, {"local.py": EXTRA_ROW_PLUGIN})
    plain = Engine(home, plugins=False).parse(EXTRA_ROW_REPORT)
    local = Engine(home).parse(EXTRA_ROW_REPORT)
    extra = {k: c for k, c in local.cells.items() if k not in plain.cells}
    assert {k: c.value for k, c in extra.items()} == {
        "t2.other_public_docs.made": 15,
        "t2.other_public_docs.published": 15,
        "t2.other_public_docs.total_public": 120,
    }
    note = local.note(extra["t2.other_public_docs.made"].notes[0])
    assert note.code == "row.local" and "插件 local" in note.message
    # Every statutory cell is read the same with and without the plugin.
    assert {k: (c.value, c.semantic) for k, c in plain.cells.items()} == {
        k: (local.cells[k].value, local.cells[k].semantic) for k in plain.cells
    }
    assert plain.cells["t2.normative_docs.total_public"].value == 9
    assert plain.cells["t2.licensing.decisions"].value == 30


def test_extra_rows_not_in_the_source_add_no_cells(tmp_path):
    home = make_home(tmp_path, {"local.py": EXTRA_ROW_PLUGIN})
    for seed in sorted(SEEDS.glob("*.txt")):
        plain = Engine(home, plugins=False).parse(seed)
        local = Engine(home).parse(seed)
        assert local.cells == plain.cells, seed.name


def test_extra_rows_are_shown_by_gouji_parse(tmp_path):
    home = make_home(tmp_path, {"local.py": EXTRA_ROW_PLUGIN})
    report = tmp_path / "report.txt"
    report.write_text(EXTRA_ROW_REPORT, encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-m", "gouji", "parse", "--home", str(home), str(report)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    (line,) = [ln for ln in out.splitlines() if ln.strip().startswith("其他主动公开文件")]
    assert line.split()[1:] == ["15", "15", "120"]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ('follows="normative_docs"', 'follows="no_such_row"'),
        ('table="t2"', 'table="t4"'),
        ('key="other_public_docs"', 'key="regulations"'),
        ('"total_public")', '"issued")'),
    ],
)
def test_an_extra_row_the_parser_cannot_place_disables_its_plugin(tmp_path, change, problem):
    home = make_home(tmp_path, {"local.py": EXTRA_ROW_PLUGIN.replace(change, problem)})
    engine = Engine(home)
    (error,) = engine.plugins.errors()
    assert error.startswith("gouji_home_plugins.local: 插件在 gouji_extra_rows 中出错，已停用")
    report = engine.parse(EXTRA_ROW_REPORT)
    assert "t2.other_public_docs.made" not in report.cells
    assert report.cells["t2.normative_docs.total_public"].value == 9


@pytest.mark.parametrize(
    ("aliases", "problem"),
    [
        ('{"t2.no_such_row": ["某行"]}', "没有这一行"),
        ('{"t4.review": ["复议"]}', "没有这一行"),
        ('{"t3.new": [" "]}', "非空字符串的列表"),
        (
            '{"t3.new": "本年度受理的新申请"}',
            "返回值应为 dict[str, list[str]]：t3.new 应为列表，得到 str",
        ),
        ('["t3.new"]', "返回值应为 dict[str, list[str]]，得到 list"),
    ],
)
def test_label_aliases_the_parser_cannot_use_disable_their_plugin(tmp_path, aliases, problem):
    plugin = ALIAS_PLUGIN.replace('{"t3.new": ["本年度受理的新申请"]}', aliases)
    assert plugin != ALIAS_PLUGIN
    engine = Engine(make_home(tmp_path, {"local.py": plugin}))
    (error,) = engine.plugins.errors()
    assert "gouji_label_aliases" in error and problem in error
    # The national reading is untouched.
    report = engine.parse(
        "三、收到和处理政府信息公开申请情况\n本年度受理的新申请\t4\t0\t0\t0\t0\t0\t4\n"
    )
    assert report.cells["t3.new.natural"].semantic == "absent"


def test_records_name_each_bundled_plugin_in_chinese_and_english():
    """An office reading a record sees what each plugin is for in its own language."""
    record = Engine().check(next(SEEDS.glob("002_*.txt")))
    bundled = {p.name: p for p in record.plugins if p.name.startswith("gouji_home_plugins.")}
    assert bundled, "the bundled home's province plugins take part"
    for plugin in [*bundled.values(), *(p for p in record.plugins if p.name == "gouji.builtin")]:
        assert plugin.summary  # the English first line of its docstring
        assert plugin.summary_zh and re.search(r"[\u4e00-\u9fff]", plugin.summary_zh)
    xinjiang = bundled["gouji_home_plugins.xinjiang"]
    assert xinjiang.summary_zh.startswith("新疆")
