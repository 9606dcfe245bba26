"""A rules home found by walking up is announced and its plugins do not run unless trusted; an
office's home extends the national rules instead of silently replacing them; an empty ruleset
is an error, never a run where everything passes (issue 13, items 4 and 5)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import gouji
from conftest import OFFICE_RULE, SEEDS
from gouji.errors import GoujiError
from gouji.home import find_home

SEED_004 = next(SEEDS.glob("004_*.txt"))  # fails T3.BALANCE[total] (../shared/seeds/EXPECTED.md)
SEED_001 = next(SEEDS.glob("001_*.txt"))  # passes the national rules; 行政处罚 18


# Writes a file beside itself when imported: the proof that a home's plugin code ran.
MARKER_PLUGIN = """
from pathlib import Path

Path(__file__).with_name("RAN").write_text("ran", encoding="utf-8")
"""


def make_office(tmp_path: Path, rulesets: str, *, plugin: bool = False) -> Path:
    """An office's home holding one local rule (no copy of the national rules), with a
    ``reports/`` folder inside it to run gouji from."""
    home = tmp_path / "office"
    (home / "rules" / "office").mkdir(parents=True)
    (home / "rules" / "office" / "local.rules").write_text(OFFICE_RULE, encoding="utf-8")
    (home / "rulesets.toml").write_text(textwrap.dedent(rulesets), encoding="utf-8")
    (home / "reports").mkdir()
    if plugin:
        (home / "plugins").mkdir()
        (home / "plugins" / "marker.py").write_text(MARKER_PLUGIN, encoding="utf-8")
    return home


EXTENDING = """
[rulesets.gb2021]
files = ["rules/office/*.rules"]
"""

# Written out in full, as a home made before homes extended the national rules would be.
FULL = """
[rulesets.gb2021]
version = "office.1"
title = "某办公室规则"
edition = "2021"
files = ["rules/office/*.rules"]
"""

REPLACING = """
[rulesets.gb2021]
extends = false
version = "office.1"
title = "某办公室规则"
edition = "2021"
files = ["rules/office/*.rules"]
"""


def gouji_cli(*args: str, cwd: Path, env: dict[str, str] | None = None):
    """``python -m gouji`` in a clean environment (no home or trust inherited from the
    caller's), so the test sees exactly what a user running it in ``cwd`` would."""
    environment = {
        k: v for k, v in os.environ.items() if k not in ("GOUJI_HOME", "GOUJI_TRUST_HOME")
    }
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "gouji", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=environment,
        timeout=300,
    )


def failing(stdout: str) -> set[str]:
    (record,) = json.loads(stdout)
    return {f["instance"] for f in record["findings"] if f["status"] == "fail"}


def rules_run(stdout: str) -> set[str]:
    (record,) = json.loads(stdout)
    return {f["rule"] for f in record["findings"]} | {p["rule"] for p in record["passed"]}


def test_a_home_found_by_walking_up_is_announced_once(tmp_path):
    home = make_office(tmp_path, FULL)
    done = gouji_cli("check", "--format", "json", str(SEED_004), cwd=home / "reports")
    lines = done.stderr.splitlines()
    assert lines[0] == f"gouji: 使用规则目录：{home}（向上查找发现）"
    assert sum("使用规则目录" in line for line in lines) == 1
    env = gouji_cli("rulesets", cwd=tmp_path, env={"GOUJI_HOME": str(home)}).stderr.splitlines()
    assert env == [f"gouji: 使用规则目录：{home}（来自 GOUJI_HOME）"]
    # Named on the command line, or the bundled home: the user knows which it is.
    assert "使用规则目录" not in gouji_cli("rulesets", "--home", str(home), cwd=tmp_path).stderr
    assert "使用规则目录" not in gouji_cli("rulesets", cwd=tmp_path).stderr


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_walked_up_home_does_not_run_its_plugins_without_trust(tmp_path, jobs):
    home = make_office(tmp_path, FULL, plugin=True)
    done = gouji_cli("check", "-j", jobs, "--format", "json", str(SEED_004), str(SEED_001),
                     cwd=home / "reports")  # fmt: skip
    assert not (home / "plugins" / "RAN").exists()
    said = [line for line in done.stderr.splitlines() if "未加载规则目录中的插件" in line]
    assert len(said) == 1 and "marker.py" in said[0] and "--trust-home" in said[0]
    # Its rule files are data, not code: they are still used.
    records = json.loads(done.stdout)
    assert any(f["rule"] == "OFFICE.NO_PENALTIES" for f in records[1]["findings"])
    assert done.returncode == 1


def test_a_plugin_of_an_untrusted_home_can_be_disabled_by_name(tmp_path):
    """Stopping a plugin this run would not load anyway is no mistake; a misspelling of it
    still is, with the name meant."""
    home = make_office(tmp_path, FULL, plugin=True)
    done = gouji_cli("check", "--disable-plugin", "marker", "--format", "json", str(SEED_004),
                     cwd=home / "reports")  # fmt: skip
    assert done.returncode == 1  # SEED_004's known failure, not a usage error
    assert "没有名为" not in done.stderr
    assert not (home / "plugins" / "RAN").exists()
    assert json.loads(done.stdout)[0]["verdict"] == "fail"
    wrong = gouji_cli("check", "--disable-plugin", "markr", str(SEED_004), cwd=home / "reports")
    assert wrong.returncode == 2
    assert "没有名为 markr 的插件（是否指 marker？" in wrong.stderr
    assert not (home / "plugins" / "RAN").exists()


def test_the_library_finds_the_same_home_quietly_and_does_not_run_its_plugins(tmp_path):
    home = make_office(tmp_path, FULL, plugin=True)
    code = f"import gouji; print(gouji.check({str(SEED_004)!r}).verdict)"
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=home / "reports",
        env={k: v for k, v in os.environ.items() if not k.startswith("GOUJI_")},
        timeout=300,
    )
    assert (done.stdout, done.stderr) == ("fail\n", "")
    assert not (home / "plugins" / "RAN").exists()


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["--trust-home"], {}),
        (["--trust-home", "-j", "2"], {}),
        ([], {"GOUJI_TRUST_HOME": "1"}),
        ([], {"GOUJI_TRUST_HOME": "{home}"}),
    ],
)
def test_a_walked_up_home_runs_its_plugins_when_trusted(tmp_path, args, env):
    home = make_office(tmp_path, FULL, plugin=True)
    env = {k: v.format(home=home) for k, v in env.items()}
    done = gouji_cli("check", *args, "--format", "json", str(SEED_004), cwd=home / "reports",
                     env=env)  # fmt: skip
    assert (home / "plugins" / "RAN").exists()
    assert "未加载" not in done.stderr
    assert done.stderr.startswith(f"gouji: 使用规则目录：{home}（向上查找发现）\n")


def test_trusting_another_folder_does_not_trust_this_home(tmp_path):
    home = make_office(tmp_path, FULL, plugin=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = gouji_cli("check", "--format", "json", str(SEED_004), cwd=home / "reports",
                     env={"GOUJI_TRUST_HOME": str(elsewhere)})  # fmt: skip
    assert not (home / "plugins" / "RAN").exists()
    assert "未加载规则目录中的插件 marker.py" in done.stderr


def test_only_a_home_named_by_the_user_is_trusted(tmp_path):
    home = make_office(tmp_path, FULL, plugin=True)
    gouji_cli("plugins", cwd=home / "reports")
    gouji.Engine(find_home(cwd=home / "reports"))
    assert not (home / "plugins" / "RAN").exists()
    named = gouji_cli("plugins", "--home", str(home), cwd=home / "reports")
    assert (home / "plugins" / "RAN").exists()
    assert "gouji_home_plugins.marker" in named.stdout
    assert named.stderr == ""  # named: neither announced nor refused
    (home / "plugins" / "RAN").unlink()
    gouji.Engine(home)  # the library's explicit home, likewise
    assert (home / "plugins" / "RAN").exists()


EMPTY_RULES = "# 本地规则（尚未编写）\n"
OTHER_EDITION = OFFICE_RULE.replace("applies  edition 2021", "applies  edition 2019")


@pytest.mark.parametrize("content", [EMPTY_RULES, OTHER_EDITION])
def test_a_ruleset_with_no_rules_is_an_error_not_a_pass(tmp_path, content):
    home = make_office(tmp_path, REPLACING)
    (home / "rules" / "office" / "local.rules").write_text(content, encoding="utf-8")
    done = gouji_cli("check", "--format", "json", str(SEED_004), cwd=home / "reports")
    assert done.returncode == 2 and done.stdout == ""
    (error,) = [line for line in done.stderr.splitlines() if "规则集" in line]
    assert error.startswith("gouji: 规则集 gb2021 没有适用于 2021 版格式的规则")
    assert "Traceback" not in done.stderr
    with pytest.raises(GoujiError, match="没有适用于 2021 版格式的规则"):
        gouji.check(SEED_004, home=home)


@pytest.mark.parametrize(("rulesets", "version"), [(EXTENDING, "2021.1"), (FULL, "office.1")])
def test_a_home_with_one_local_rule_still_runs_the_national_rules(tmp_path, rulesets, version):
    """Seed 004 fails T3.BALANCE[total]; checked in a home holding one local rule it used to
    be 合格."""
    home = make_office(tmp_path, rulesets)
    done = gouji_cli("check", "--format", "json", str(SEED_004), cwd=home / "reports")
    assert done.returncode == 1
    assert "T3.BALANCE[total]" in failing(done.stdout)
    assert "OFFICE.NO_PENALTIES" in rules_run(done.stdout)
    (record,) = json.loads(done.stdout)
    files = [f["path"] for f in record["ruleset"]["files"]]
    assert "gouji:rules/common/t3.rules" in files and files[-1] == "rules/office/local.rules"
    assert record["ruleset"]["version"] == version  # unless set, the national gb2021's
    assert record["layers"][0]["id"] == "default"  # national parameters
    # The library and the other format's ruleset too.
    record = gouji.check(SEED_004, home=home)
    assert "T3.BALANCE[total]" in {f.instance for f in record.findings if f.status == "fail"}
    assert "gb2019" in gouji.Engine(home).rulesets


def test_a_new_ruleset_id_extends_the_national_ruleset_of_its_edition(tmp_path):
    home = make_office(
        tmp_path,
        """
        [rulesets.office2021]
        version = "office.1"
        title = "某办公室规则"
        edition = "2021"
        files = ["rules/office/*.rules"]
        """,
    )
    engine = gouji.Engine(home)
    assert list(engine.rulesets) == ["office2021", "gb2021", "gb2019"]  # the home's first
    record = engine.check(SEED_004)
    assert record.ruleset.id == "office2021"
    assert "T3.BALANCE[total]" in {f.instance for f in record.findings if f.status == "fail"}
    assert "OFFICE.NO_PENALTIES" in record.rules


def test_extends_false_replaces_the_national_rules(tmp_path):
    home = make_office(tmp_path, REPLACING)
    done = gouji_cli("check", "--format", "json", str(SEED_004), cwd=home / "reports")
    ran = rules_run(done.stdout)
    assert "OFFICE.NO_PENALTIES" in ran and not any(r.startswith("T3.") for r in ran)
    assert done.returncode == 0  # seed 004 fails only national rules, replaced here
    (record,) = json.loads(done.stdout)
    assert [f["path"] for f in record["ruleset"]["files"]] == ["rules/office/local.rules"]
    assert record["ruleset"]["version"] == "office.1"
    # The same home without the opt-out keeps the national rules.
    (home / "rulesets.toml").write_text(REPLACING.replace("extends = false\n", ""), "utf-8")
    assert "T3.BALANCE[total]" in failing(
        gouji_cli("check", "--format", "json", str(SEED_004), cwd=home / "reports").stdout
    )


def test_a_home_rule_with_a_national_id_replaces_that_rule_only(tmp_path):
    home = make_office(tmp_path, EXTENDING)
    relaxed = OFFICE_RULE.replace("OFFICE.NO_PENALTIES", "T3.BALANCE").replace(
        "表二.行政处罚.处理决定 == 0", "表三.本年新收.总计 >= 0"
    )
    (home / "rules" / "office" / "local.rules").write_text(relaxed, encoding="utf-8")
    record = gouji.check(SEED_004, home=home)
    fails = {f.instance for f in record.findings if f.status == "fail"}
    assert "T3.BALANCE[total]" not in fails and "T3.ROW_TOTAL[results_total]" in fails
    (balance,) = [p for p in record.passed if p.rule == "T3.BALANCE"]
    assert (balance.title, balance.instances) == ("本地：报告期内不应有行政处罚", 1)
    assert not [f for f in record.findings if f.rule == "T3.BALANCE"]


@pytest.mark.parametrize(
    ("toml", "problem"),
    [
        ('[rulesets.gb2021]\nextends = "gb2099"\nfiles = []\n', "不是国家规则集"),
        ("[rulesets.gb2021]\nextends = 1\n", "extends 应为国家规则集编号或 false"),
        ('[rulesets.x]\nextends = "gb2019"\nedition = "2021"\n', "不能扩展 gb2019"),
        ("[rulesets.gb2021]\nfiles = 3\n", "files 应为相对于规则目录的路径列表"),
        ('[rulesets.gb2021]\nfiles = ["/etc/*.rules"]\n', "files 应为相对于规则目录的路径列表"),
        ("rulesets = 3\n", "rulesets 应为表"),
    ],
)
def test_a_bad_rulesets_toml_is_one_line_and_exit_2(tmp_path, toml, problem):
    home = make_office(tmp_path, toml)
    done = gouji_cli("check", str(SEED_004), cwd=home / "reports")
    announced, error = done.stderr.splitlines()
    assert announced.startswith("gouji: 使用规则目录：")
    assert done.returncode == 2 and error.startswith("gouji: ") and problem in error
