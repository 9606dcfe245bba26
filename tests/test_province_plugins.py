"""The province plugins in ``plugins/``: each changes a parse or a verdict exactly where its
province's template differs, and nowhere else."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from conftest import CORPUS, DATA, SEEDS
from gouji.engine import Engine
from gouji.record import Record

PLUGINS = Path(__file__).parent.parent / "plugins"
PROVINCES = DATA / "provinces"
WUHAN_2020 = PROVINCES / "hubei-wuhan-sthjj-2020-t2.md"
SEED_001 = SEEDS / "001_1cfe7f294d98aa39.txt"

NO_HOOKS = ("xinjiang", "chongqing", "shanxi", "fujian", "jiangsu")


@pytest.fixture(scope="module")
def engines() -> tuple[Engine, Engine]:
    """The bundled home with its province plugins, and the bare national engine."""
    return Engine(), Engine(plugins=False)


def _without_plugins(record: Record) -> dict:
    return record.model_dump(exclude={"plugins"})


def test_one_plugin_per_province_of_the_real_documents():
    names = {p.stem for p in PLUGINS.glob("*.py")}
    assert names == {"xinjiang", "chongqing", "shanxi", "shanghai", "jiangsu", "fujian", "hubei"}
    for name in NO_HOOKS:
        module = ast.parse((PLUGINS / f"{name}.py").read_text(encoding="utf-8"))
        doc = ast.get_docstring(module)
        assert doc and "nothing is known to differ" in doc.splitlines()[0], name
        # A plugin with nothing documented to differ adds no rule of its own.
        assert not [n for n in module.body if isinstance(n, ast.FunctionDef)], name


def test_the_bundled_plugins_load_and_say_which_hooks_they_implement(engines):
    plugins, _ = engines
    assert plugins.plugins.errors() == []
    hooks = {u.name.rsplit(".", 1)[-1]: u.hooks for u in plugins.plugin_uses()}
    assert hooks["hubei"] == ("gouji_extra_rows", "gouji_label_aliases")
    assert hooks["shanghai"] == ("gouji_amend_record",)
    for name in NO_HOOKS:
        assert hooks[name] == ()


# --- 湖北 -------------------------------------------------------------------------------------

WUHAN_T2 = {
    "t2.regulations.made": 0,
    "t2.regulations.published": 0,
    "t2.regulations.total_public": 0,
    "t2.normative_docs.made": 2,
    "t2.normative_docs.published": 2,
    "t2.normative_docs.total_public": 19,
    "t2.licensing.prev_items": 8,
    "t2.licensing.delta": 5,
    "t2.licensing.decisions": 93,
    "t2.other_services.prev_items": 117,
    "t2.other_services.delta": 0,
    "t2.other_services.decisions": 165,
    "t2.penalty.prev_items": 90,
    "t2.penalty.delta": 0,
    "t2.penalty.decisions": 22,
    "t2.coercion.prev_items": 4,
    "t2.coercion.delta": 4,
}
"""表二 of the 武汉市生态环境局 2020 report, as the transcription prints it."""


def test_hubei_reads_the_extra_row_of_the_wuhan_report(engines):
    plugins, bare = engines
    local, national = plugins.parse(WUHAN_2020), bare.parse(WUHAN_2020)
    for report in (local, national):
        assert report.edition == "2019"
        assert {k: report.cells[k].value for k in WUHAN_T2} == WUHAN_T2
        assert report.cells["t2.coercion.decisions"].semantic == "placeholder"  # "-"
        assert report.cells["t2.fees.prev_items"].semantic == "blank"
        assert report.cells["t2.procurement.items"].semantic == "absent"  # cut off
    extra = {k: c for k, c in local.cells.items() if k not in national.cells}
    assert {k: c.value for k, c in extra.items()} == {
        "t2.other_public_docs.made": 186,
        "t2.other_public_docs.published": 86,
        "t2.other_public_docs.total_public": 255,
    }
    note = local.note(extra["t2.other_public_docs.made"].notes[0])
    assert note.code == "row.local" and "插件 hubei" in note.message
    # Without the plugin the row's numbers are nowhere: not read, and not taken for a neighbour's.
    assert not any(c.value in (186, 86, 255) for c in national.cells.values())


def test_hubei_template_labels_are_read_as_certainly_as_national_ones(engines):
    plugins, bare = engines
    local, national = plugins.parse(WUHAN_2020), bare.parse(WUHAN_2020)
    for row in ("regulations", "normative_docs", "other_services"):
        key = f"t2.{row}.made" if row != "other_services" else f"t2.{row}.decisions"
        (plain,) = (national.note(n) for n in national.cells[key].notes)
        (known,) = (local.note(n) for n in local.cells[key].notes)
        assert (plain.code, plain.confidence) == ("label.annotated", 0.9)
        assert (known.code, known.confidence) == ("label.local", 1.0)
        assert "插件 hubei" in known.message
    # An annotation stripped off a label is a reliable reading (confidence 0.9 = RELIABLE): the
    # findings are the report's own either way, but only the national reading carries the
    # assumption into them; the plugin's known label leaves nothing assumed.
    by_rule = lambda r: {(f.rule, f.instance): f for f in r.findings}  # noqa: E731
    local_findings = by_rule(plugins.check_report(local, passes="each"))
    national_findings = by_rule(bare.check_report(national, passes="each"))
    said = lambda f: [re.sub(r"^N\d+ ", "", a) for a in f.assumptions]  # noqa: E731 (ids differ)
    changed = {
        k for k in national_findings if said(national_findings[k]) != said(local_findings[k])
    }
    assert changed and all(
        any("去掉括号内注释" in a for a in national_findings[k].assumptions)
        and not any("去掉括号内注释" in a for a in local_findings[k].assumptions)
        and any(
            r.startswith(("t2.regulations", "t2.normative_docs", "t2.other_services"))
            for r in national_findings[k].refs
        )
        for k in changed
    )
    assert {
        f.responsibility for k in changed for f in (local_findings[k], national_findings[k])
    } == {"source"}
    # Statuses are the same: the plugin changes what is assumed, not the arithmetic.
    assert {k: f.status for k, f in local_findings.items()} == {
        k: f.status for k, f in national_findings.items()
    }


# --- 上海 -------------------------------------------------------------------------------------


def _annotated_seed_001() -> str:
    """Seed 001 (a 重庆 report) with its 表三 （七）总计 total annotated the 上海 way.

    A constructed variant of a real report: the annotation "（含上年度结转0件）" agrees with the
    seed's own 上年结转 row (all 0), so every number stays the report's.
    """
    lines = SEED_001.read_text(encoding="utf-8").split("\n")
    (row,) = [i for i, ln in enumerate(lines) if ln.startswith("| (七)总计 |")]
    cells = lines[row].split(" | ")
    assert cells[7] == "1"
    cells[7] = "1（含上年度结转0件）"
    lines[row] = " | ".join(cells)
    return "\n".join(lines)


def test_shanghai_makes_annotated_cells_the_reports_own_for_shanghai_issuers(engines):
    plugins, bare = engines
    report = plugins.parse(_annotated_seed_001())
    assert report.cells["t3.results_total.total"].value == 1
    # The same 上海 issuer, with and without the plugins: only the plugin's doing differs.
    elsewhere = {
        (f.rule, f.instance): f
        for f in bare.check_report(report, province="上海", passes="each").findings
    }
    shanghai = {
        (f.rule, f.instance): f
        for f in plugins.check_report(report, province="上海", passes="each").findings
    }
    assert elsewhere.keys() == shanghai.keys()
    changed = {k for k in shanghai if shanghai[k] != elsewhere[k]}
    assert changed, "the annotated cell takes part in 表三's identities"
    for key in changed:
        before, after = elsewhere[key], shanghai[key]
        assert "t3.results_total.total" in before.refs
        assert (before.responsibility, after.responsibility) == ("extraction", "source")
        assert after.status == before.status
        assert after.assumptions[-1].endswith("（插件 shanghai）")
        assert (
            after.model_copy(
                update={"responsibility": "extraction", "assumptions": before.assumptions}
            )
            == before
        )


def test_shanghai_changes_nothing_elsewhere(engines):
    plugins, bare = engines
    # Annotated, but not a 上海 issuer (the seed is 重庆's): the national reading stands.
    annotated = plugins.parse(_annotated_seed_001())
    assert (
        plugins.check_report(annotated, passes="each").findings
        == bare.check_report(annotated, passes="each").findings
    )
    # 上海 issuers, but no annotated cell: nothing to change.
    for path in sorted(SEEDS.glob("*.txt")):
        report = plugins.parse(path)
        assert plugins.check_report(report, province="上海", passes="each").findings == (
            bare.check_report(report, province="上海", passes="each").findings
        ), path.name


def test_a_table_four_note_on_carried_over_cases_changes_nothing(engines):
    plugins, _ = engines
    text = SEED_001.read_text(encoding="utf-8")
    noted = text.replace(
        "五、当前存在的主要问题",
        "注：行政复议、行政诉讼数量含上年度结转数量。\n五、当前存在的主要问题",
    )
    assert noted != text
    plain = plugins.check_report(plugins.parse(text), province="上海", passes="each")
    with_note = plugins.check_report(plugins.parse(noted), province="上海", passes="each")
    assert plugins.parse(noted).cells == plugins.parse(text).cells
    assert [(f.rule, f.instance, f.status) for f in with_note.findings] == [
        (f.rule, f.instance, f.status) for f in plain.findings
    ]


# --- 江苏 -------------------------------------------------------------------------------------


def test_jiangsu_style_sub_headings_in_six_are_read_by_the_national_parser(engines):
    plugins, _ = engines
    text = SEED_001.read_text(encoding="utf-8")
    old = "六、其他需要报告的事项\n本机关全年未发出收费通知书,未收取信息处理费。"
    assert old in text
    headed = text.replace(
        old,
        "六、其他需要报告的事项\n（一）收取信息处理费情况\n本机关全年未发出收费通知书,"
        "未收取信息处理费。\n（二）其他事项\n无。",
    )
    report = plugins.parse(headed)
    assert len(report.sections) == 6 and not report.stray_headings
    assert "（一）收取信息处理费情况" in report.sections[-1].text
    original = plugins.check_report(plugins.parse(text), passes="each")
    assert [
        (f.rule, f.instance, f.status) for f in plugins.check_report(report, passes="each").findings
    ] == [(f.rule, f.instance, f.status) for f in original.findings]


# --- nowhere else ------------------------------------------------------------------------------


REAL_FILES = (
    sorted(SEEDS.glob("*.txt"))
    + sorted((CORPUS / "pingtan").glob("*.txt"))
    + sorted((DATA / "html").glob("*.html"))
)


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: p.name)
def test_no_province_plugin_changes_a_report_it_does_not_concern(engines, path):
    plugins, bare = engines
    assert _without_plugins(plugins.check(path, passes="each")) == _without_plugins(
        bare.check(path, passes="each")
    )


def test_gouji_plugins_says_what_each_province_plugin_is_for_in_chinese_and_english(capsys):
    from gouji.cli import main

    assert main(["plugins"]) == 0
    out = capsys.readouterr().out
    assert (
        "    湖北：2019 年格式的省定行标签注释，以及表二附加的一行。\n"
        "    湖北: the provincial annotations of the 2019 format and its extra 表二 row.\n"
    ) in out
    assert (
        "    新疆维吾尔自治区：未发现与国家格式不同之处。\n"
        "    新疆维吾尔自治区: nothing is known to differ from the national format.\n"
    ) in out


def test_every_bundled_plugin_has_a_chinese_line_beside_its_english_one(engines):
    import gouji.builtin

    states = engines[0].plugins.states
    assert set(states) == {"gouji.builtin"} | {
        f"gouji_home_plugins.{p.stem}" for p in PLUGINS.glob("*.py")
    }
    for name, state in states.items():
        assert state.summary and state.summary_zh, name
        assert re.search(r"[\u4e00-\u9fff]{4}", state.summary_zh), name
        if name != "gouji.builtin":  # 湖北: … / 湖北：…
            assert state.summary_zh.split("：")[0] == state.summary.split(":")[0], name
    assert states["gouji.builtin"].summary_zh == gouji.builtin.__doc_zh__
