"""Hooks called through pluggy (issue 14, item 7): ``firstresult`` stops at the first answer,
plugin wrappers see and change results, gouji's built-ins run after every plugin, a plugin can
be disabled by name, the hook trace can be switched on — and one broken plugin, raising or
answering in the wrong shape, is disabled while the other plugins' results still arrive."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DATA, SEEDS
from gouji.engine import Engine
from gouji.errors import GoujiError
from gouji.plugins import BLOCKED, DISABLE_ENV, TRACE_ENV
from test_plugins import make_home

SEED_004 = next(SEEDS.glob("004_*.txt"))  # 额敏县额敏镇 (新疆): fails T3.BALANCE[total]
SEED_001 = next(SEEDS.glob("001_*.txt"))  # 清泉乡 (重庆): passes the national rules
WUHAN_2020 = DATA / "provinces" / "hubei-wuhan-sthjj-2020-t2.md"

HEADER = """
import dataclasses
from gouji.hookspecs import hookimpl
from gouji.issuer import IssuerClass
from gouji.record import Finding

def finding(rule, message="本地插件的发现"):
    return Finding(rule=rule, instance=rule, status="fail", severity="warning", title="本地",
                   message=message)
"""

ANSWERS = (
    HEADER
    + """
@hookimpl
def gouji_classify_issuer(report):
    return IssuerClass("县", "部门", "湖北省", evidence="插件 b_answers")
"""
)

NEVER_ASKED = (
    HEADER
    + """
@hookimpl
def gouji_classify_issuer(report):
    raise AssertionError("asked after the first answer")
"""
)

PASSES = (
    HEADER
    + """
@hookimpl
def gouji_classify_issuer(report):
    return None
"""
)

LOCAL_FINDING = (
    HEADER
    + """
@hookimpl
def gouji_findings(report, ruleset):
    return [finding("LOCAL.HELLO")]
"""
)


def errors(engine: Engine) -> dict[str, str]:
    """Disabled plugins and why, by the label messages use (``local``, not the full name)."""
    return {
        name.removeprefix("gouji_home_plugins."): state.error
        for name, state in engine.plugins.states.items()
        if state.error
    }


def rules(record) -> set[str]:
    return set(record.rules)


# --- pluggy's semantics ------------------------------------------------------------------------


def test_a_firstresult_hook_stops_at_the_first_answer(tmp_path):
    # b_answers is registered after a_never_asked, so it is asked first; its answer ends the call.
    engine = Engine(make_home(tmp_path, {"a_never_asked.py": NEVER_ASKED, "b_answers.py": ANSWERS}))
    record = engine.check(SEED_004)
    assert record.issuer_class.evidence == "插件 b_answers"
    assert record.issuer_class.province == "湖北省"
    assert errors(engine) == {}


def test_a_plugin_that_answers_none_leaves_the_question_to_the_built_in(tmp_path):
    engine = Engine(make_home(tmp_path, {"passes.py": PASSES}))
    record = engine.check(SEED_004)
    assert record.issuer_class.province == "新疆维吾尔自治区"  # the gazetteer's, from the name
    assert record.issuer_class.level == "乡镇"


WRAPS_FINDINGS = """
@hookimpl(wrapper=True)
def gouji_findings(report, ruleset, parameters, issuer):
    results = yield
    seen = " ".join(f.rule for found in results for f in found)
    kept = [[f for f in found if f.rule != "PUB.DEADLINE"] for found in results]
    return [*kept, [finding("WRAP.SEEN", seen)]]
"""

LATE = (
    ANSWERS.replace("@hookimpl\n", "@hookimpl(trylast=True)\n")
    + """
@hookimpl(trylast=True)
def gouji_findings(report, ruleset):
    return [finding("LATE.HELLO")]
"""
)


def test_the_built_ins_run_after_every_plugin_even_one_marked_trylast(tmp_path):
    engine = Engine(make_home(tmp_path, {"a_wraps.py": HEADER + WRAPS_FINDINGS, "late.py": LATE}))
    # pluggy calls the implementations from the end of this list: the built-in's comes last.
    for hook in ("gouji_classify_issuer", "gouji_findings"):
        (first, *_) = getattr(engine.plugins.manager.hook, hook).get_hookimpls()
        assert (first.plugin_name, first.trylast) == ("gouji.builtin", True)
    record = engine.check(SEED_004, passes="each")
    assert record.issuer_class.evidence == "插件 b_answers"  # not the built-in classifier's
    (seen,) = [f for f in record.findings if f.rule == "WRAP.SEEN"]
    assert seen.message == "LATE.HELLO PUB.DEADLINE"


def test_a_plugin_wrapper_sees_every_result_and_can_change_them(tmp_path):
    home = make_home(tmp_path, {"a_local.py": LOCAL_FINDING, "b_wraps.py": HEADER + WRAPS_FINDINGS})
    engine = Engine(home)
    record = engine.check(SEED_004, passes="each")
    (seen,) = [f for f in record.findings if f.rule == "WRAP.SEEN"]
    assert seen.message == "LOCAL.HELLO PUB.DEADLINE"  # the plugin's, then the built-in's
    assert "LOCAL.HELLO" in rules(record)
    assert "PUB.DEADLINE" not in rules(record)  # taken out by the wrapper
    assert errors(engine) == {}
    assert "PUB.DEADLINE" in rules(Engine(home, disable_plugins=["b_wraps"]).check(SEED_004))


WRAPS_CLASSIFICATION = (
    HEADER
    + """
@hookimpl(wrapper=True)
def gouji_classify_issuer(report):
    issuer = yield
    return dataclasses.replace(issuer, province="上海市", evidence=issuer.evidence + "（已改）")
"""
)


def test_a_wrapper_of_a_firstresult_hook_gets_the_one_answer(tmp_path):
    engine = Engine(make_home(tmp_path, {"wraps.py": WRAPS_CLASSIFICATION}))
    issuer = engine.check(SEED_004).issuer_class
    assert issuer.province == "上海市" and issuer.level == "乡镇"
    assert issuer.evidence.endswith("（已改）")


def amend(note: str, mark: str = "@hookimpl") -> str:
    return (
        HEADER
        + f"""
{mark}
def gouji_amend_record(record):
    return record.model_copy(update={{"notes": (*record.notes, "{note}")}})
"""
    )


WRAPS_AMENDMENTS = (
    HEADER
    + """
@hookimpl(wrapper=True)
def gouji_amend_record(record):
    records = yield
    last = records[-1]
    return [*records, last.model_copy(update={"notes": (*last.notes, f"包装器见到 {len(records)} 份")})]
"""
)


def test_amendments_are_a_fold_in_pluggy_order(tmp_path):
    home = make_home(
        tmp_path,
        {
            "a_amends.py": amend("甲"),
            "b_amends.py": amend("乙"),
            "c_amends.py": amend("丙", "@hookimpl(trylast=True)"),
            "d_amends.py": amend("丁", "@hookimpl(tryfirst=True)"),
        },
    )
    record = Engine(home).check(SEED_004)
    # tryfirst first, then the most recently registered, trylast last; each sees the previous.
    assert record.notes[-4:] == ("丁", "乙", "甲", "丙")
    wrapped = make_home(
        tmp_path / "w", {"a_amends.py": amend("甲"), "b_wraps.py": WRAPS_AMENDMENTS}
    )
    assert Engine(wrapped).check(SEED_004).notes[-2:] == ("甲", "包装器见到 1 份")


# --- one broken plugin ---------------------------------------------------------------------------

RAISES = (
    HEADER
    + """
@hookimpl
def gouji_findings(report, ruleset):
    raise ValueError("坏了")
"""
)

WRONG_SHAPE = (
    HEADER
    + """
@hookimpl
def gouji_findings(report, ruleset):
    return ["不是发现"]
"""
)

WRONG_ANSWER = (
    HEADER
    + """
@hookimpl
def gouji_classify_issuer(report):
    return "湖北省"
"""
)


def test_a_raising_plugin_and_a_wrong_shaped_result_are_disabled_and_the_rest_arrive(tmp_path):
    home = make_home(
        tmp_path,
        {
            "a_local.py": LOCAL_FINDING,
            "b_wrong_shape.py": WRONG_SHAPE,
            "c_raises.py": RAISES,
            "d_wrong_answer.py": WRONG_ANSWER,
        },
    )
    engine = Engine(home)
    before = engine.plugin_uses()  # kept for the records until a plugin's state changes
    assert not any(p.error for p in before)
    record = engine.check(SEED_004)
    assert errors(engine) == {
        "b_wrong_shape": "插件在 gouji_findings 中出错，已停用："
        "返回值应为 list[Finding]：第 1 项应为 Finding，得到 str",
        "c_raises": "插件在 gouji_findings 中出错，已停用：ValueError: 坏了",
        "d_wrong_answer": "插件在 gouji_classify_issuer 中出错，已停用："
        "返回值应为 IssuerClass | None，得到 str",
    }
    # The same calls still returned the others' results: the local finding, the built-in
    # deadline check and classification, the national rules.
    assert {"LOCAL.HELLO", "PUB.DEADLINE", "T3.BALANCE"} <= rules(record)
    assert record.issuer_class.province == "新疆维吾尔自治区"
    assert {p.name: p.error for p in record.plugins if p.error}.keys() == {
        f"gouji_home_plugins.{n}" for n in ("b_wrong_shape", "c_raises", "d_wrong_answer")
    }
    # Disabled for the rest of the run: unregistered, and not asked again.
    for name in ("b_wrong_shape", "c_raises", "d_wrong_answer"):
        assert engine.plugins.manager.get_plugin(f"gouji_home_plugins.{name}") is None
    assert {"LOCAL.HELLO", "PUB.DEADLINE"} <= rules(engine.check(SEED_001))
    assert len(errors(engine)) == 3


LOCAL_LAYER_WITHOUT_REFERENCE = (
    HEADER
    + """
@hookimpl
def gouji_parameter_layers():
    return {"tacheng": {"scope": "prefecture", "match": "塔城地区", "parameters": {}}}
"""
)


def test_a_parameter_layer_of_the_wrong_shape_disables_its_plugin_not_the_run(tmp_path):
    engine = Engine(make_home(tmp_path, {"layer.py": LOCAL_LAYER_WITHOUT_REFERENCE}))
    assert errors(engine) == {
        "layer": "插件在 gouji_parameter_layers 中出错，已停用："
        "返回值应为 dict[str, LayerTable]：tacheng 的 reference 缺少此项"
    }
    assert [layer.id for layer in engine.check(SEED_004).layers] == ["default"]


@pytest.mark.parametrize(
    ("wrapper", "problem"),
    [
        ("raise RuntimeError('前')\n    yield", "RuntimeError: 前"),
        ("yield\n    raise RuntimeError('后')", "RuntimeError: 后"),
        ("yield\n    return None", "包装器应返回结果的列表（list），得到 NoneType"),
        (
            "yield\n    return [['不是发现']]",
            "返回值应为 list[Finding]：第 1 项应为 Finding，得到 str",
        ),
        ("return\n    yield", "包装器没有 yield"),
        ("yield\n    yield", "包装器 yield 了不止一次"),
    ],
)
def test_a_broken_wrapper_is_disabled_and_passes_the_results_on(tmp_path, wrapper, problem):
    code = f"""
@hookimpl(wrapper=True)
def gouji_findings(report, ruleset, parameters, issuer):
    {wrapper}
"""
    engine = Engine(make_home(tmp_path, {"a_local.py": LOCAL_FINDING, "b_wraps.py": HEADER + code}))
    record = engine.check(SEED_004)
    assert errors(engine) == {"b_wraps": f"插件在 gouji_findings 中出错，已停用：{problem}"}
    assert {"LOCAL.HELLO", "PUB.DEADLINE"} <= rules(record)


def test_an_old_style_hookwrapper_is_not_loaded(tmp_path):
    code = (
        HEADER
        + """
@hookimpl(hookwrapper=True)
def gouji_findings(report, ruleset):
    yield
"""
    )
    engine = Engine(make_home(tmp_path, {"old.py": code}))
    assert errors(engine)["old"].startswith("插件未启用：gouji_findings：gouji 只支持新式包装器")
    assert "PUB.DEADLINE" in rules(engine.check(SEED_004))


# --- disabling a plugin by name ----------------------------------------------------------------

MARKER = """
from pathlib import Path

Path(__file__).with_name("RAN").write_text("ran", encoding="utf-8")
"""


def test_the_engine_option_disables_a_plugin_by_name(tmp_path):
    engine = Engine(disable_plugins=["hubei"])
    state = engine.plugins.states["gouji_home_plugins.hubei"]
    assert (state.blocked, state.error, state.hooks) == (True, BLOCKED, [])
    assert engine.plugins.manager.is_blocked("gouji_home_plugins.hubei")
    # Without it the 湖北 template's extra 表二 row is not read.
    assert "t2.other_public_docs.made" not in engine.parse(WUHAN_2020).cells
    assert "t2.other_public_docs.made" in Engine().parse(WUHAN_2020).cells
    uses = {p.name: p for p in engine.check(SEED_004).plugins}
    assert uses["gouji_home_plugins.hubei"].error == BLOCKED
    assert uses["gouji_home_plugins.shanghai"].error is None
    # A disabled home plugin is not even imported; its full name works too.
    home = make_home(tmp_path, {"marker.py": MARKER})
    Engine(home, disable_plugins=["gouji_home_plugins.marker"])
    assert not (home / "plugins" / "RAN").exists()
    Engine(home)
    assert (home / "plugins" / "RAN").exists()


def test_gouji_disable_plugins_names_plugins_to_disable(monkeypatch):
    monkeypatch.setenv(DISABLE_ENV, "hubei， shanghai")
    engine = Engine()
    assert {n for n, s in engine.plugins.states.items() if s.blocked} == {
        "gouji_home_plugins.hubei",
        "gouji_home_plugins.shanghai",
    }
    assert engine.plugins.errors() == [
        f"gouji_home_plugins.hubei: {BLOCKED}",
        f"gouji_home_plugins.shanghai: {BLOCKED}",
    ]


def test_disabling_the_built_ins_turns_off_the_deadline_check():
    record = Engine(disable_plugins=["gouji.builtin"]).check(SEED_004)
    assert "PUB.DEADLINE" not in rules(record)
    assert record.issuer_class is None


def test_a_name_that_is_no_plugin_is_an_error_with_the_closest():
    with pytest.raises(GoujiError) as raised:
        Engine(disable_plugins=["hubie"])
    assert "没有名为 hubie 的插件（是否指 hubei？可停用：gouji.builtin、chongqing、" in str(
        raised.value
    )


def gouji(*args: str) -> subprocess.CompletedProcess:
    """The ``gouji`` command, in an environment without the caller's home, trust, disabled
    plugins or tracing."""
    exe = Path(sys.executable).with_name("gouji")
    dropped = ("GOUJI_HOME", "GOUJI_TRUST_HOME", DISABLE_ENV, TRACE_ENV)
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run([str(exe), *args], capture_output=True, text=True, env=env, timeout=300)


def test_the_command_line_flag_disables_a_plugin_in_every_worker(tmp_path):
    home = make_home(tmp_path, {"marker.py": MARKER, "local.py": LOCAL_FINDING})
    disable = ["--disable-plugin", "marker", "--disable-plugin", "local"]
    done = gouji("check", "--home", str(home), *disable, "-j", "2", "--format", "json",
                 str(SEED_004), str(SEED_001))  # fmt: skip
    assert not (home / "plugins" / "RAN").exists()
    records = json.loads(done.stdout)
    assert len(records) == 2
    for record in records:
        uses = {p["name"]: p["error"] for p in record["plugins"]}
        assert uses["gouji_home_plugins.marker"] == uses["gouji_home_plugins.local"] == BLOCKED
        assert "LOCAL.HELLO" not in {f["rule"] for f in record["findings"]}
    said = [line for line in done.stderr.splitlines() if BLOCKED in line]
    assert said == [
        f"gouji: 插件 gouji_home_plugins.local: {BLOCKED}",
        f"gouji: 插件 gouji_home_plugins.marker: {BLOCKED}",
    ]


def test_gouji_plugins_lists_a_disabled_plugin_without_failing():
    done = gouji("plugins", "--disable-plugin", "hubei")
    assert done.returncode == 0
    listed = done.stdout.split("gouji_home_plugins.hubei", 1)[1].split("gouji_home_plugins.")[0]
    assert BLOCKED in listed and "钩子" not in listed


def test_a_misspelt_plugin_name_on_the_command_line_is_one_line_and_exit_2():
    done = gouji("check", "--disable-plugin", "hubie", str(SEED_004))
    assert done.returncode == 2 and done.stdout == ""
    (line,) = done.stderr.splitlines()
    assert line.startswith("gouji: --disable-plugin/GOUJI_DISABLE_PLUGINS：没有名为 hubie 的插件")
    assert "是否指 hubei？" in line


# --- tracing -----------------------------------------------------------------------------------


def test_gouji_trace_hooks_writes_pluggys_trace_to_stderr(tmp_path, monkeypatch, capsys):
    home = make_home(tmp_path, {"b_answers.py": ANSWERS})
    Engine(home).check(SEED_004)
    assert "钩子跟踪" not in capsys.readouterr().err
    monkeypatch.setenv(TRACE_ENV, "1")
    Engine(home).check(SEED_004)
    trace = [line.removeprefix("gouji 钩子跟踪：") for line in capsys.readouterr().err.splitlines()]
    at = trace.index(f"  gouji_classify_issuer(report=<Report {SEED_004}>)")
    assert trace[at + 1 : at + 3] == [
        "    b_answers --> <IssuerClass 县 部门 湖北省>",
        "  gouji_classify_issuer --> <IssuerClass 县 部门 湖北省>",
    ]
    assert "  gouji_label_aliases(edition='2021')" in trace
    assert any(line.startswith("  gouji_findings(report=<Report") for line in trace)
    assert all(len(line) < 400 for line in trace)  # never a whole report


def test_an_optional_hook_of_another_project_is_left_alone(tmp_path):
    code = (
        HEADER
        + """
@hookimpl(optionalhook=True)
def other_project_hook(value):
    return "不归 gouji 检查"
"""
    )
    engine = Engine(make_home(tmp_path, {"a_local.py": LOCAL_FINDING, "other.py": code}))
    assert engine.plugins.manager.hook.other_project_hook(value=1) == ["不归 gouji 检查"]
    assert errors(engine) == {}
    assert "LOCAL.HELLO" in rules(engine.check(SEED_004))
