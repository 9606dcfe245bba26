"""``rulesets.toml`` read into a pydantic model that forbids unknown keys: a misspelt key or a
value of the wrong kind is one line naming the file, the table and the closest key — exit 2 on
the command line, ``GoujiError`` in the library — never a key silently ignored (issue 14)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import OFFICE_RULE, SEEDS
from gouji.engine import Engine
from gouji.errors import GoujiError

SEED_004 = next(SEEDS.glob("004_*.txt"))


def office(tmp_path: Path, rulesets: str) -> Path:
    home = tmp_path / "office"
    (home / "rules" / "office").mkdir(parents=True)
    (home / "rules" / "office" / "local.rules").write_text(OFFICE_RULE, encoding="utf-8")
    (home / "rulesets.toml").write_text(rulesets, encoding="utf-8")
    return home


@pytest.mark.parametrize(
    ("toml", "problem"),
    [
        (
            '[rulesets.gb2021]\ntitel = "某办公室规则"\n',
            "规则集 gb2021 没有 titel 这一项（可用：extends、version、title、instrument、edition、"
            "years、files）（是否指 title？）",
        ),
        (
            '[layer.local]\nreference = "某通知"\n',
            "没有 layer 这种表（只有 [rulesets.…] 和 [layers.…]）（是否指 layers？）",
        ),
        ("[rulesets]\ngb2021 = 3\n", "规则集 gb2021 应为表（[rulesets.gb2021]）"),
        ("[rulesets.gb2021]\nversion = true\n", "规则集 gb2021 的 version 应为字符串"),
        (
            '[rulesets.gb2021]\nextends = "gb2012"\n',
            "不是国家规则集（gb2021、gb2019）（是否指 gb2021？）",
        ),
        (
            '[layers.local]\nscope = "city"\nreference = "某通知"\n',
            "参数层 local 的 scope 应为 default、ruleset、province、prefecture、county 之一",
        ),
        ('[layers.local]\nscope = "province"\nmatch = "新疆"\n', "参数层 local 缺少 reference"),
        ('[layers.local]\nreference = "某通知"\nparamters = {}\n', "（是否指 parameters？）"),
        (
            '[layers.local]\nreference = "某通知"\nparameters = 3\n',
            "参数层 local 的 parameters 应为表（参数名 = 值）",
        ),
        ("layers = []\n", "layers 应为表（[layers.…]）"),
    ],
)
def test_a_bad_key_or_value_is_one_line_naming_it(tmp_path, toml, problem):
    home = office(tmp_path, toml)
    with pytest.raises(GoujiError) as raised:
        Engine(home)
    message = str(raised.value)
    assert message.startswith(f"{home / 'rulesets.toml'}: ")
    assert problem in message and "\n" not in message


def test_the_command_line_says_it_in_one_line_and_exits_2(tmp_path):
    home = office(tmp_path, '[rulesets.gb2021]\nfiles = ["rules/office/*.rules"]\nfile = []\n')
    done = subprocess.run(
        [sys.executable, "-m", "gouji", "check", "--home", str(home), str(SEED_004)],
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if not k.startswith("GOUJI_")},
        timeout=300,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines() == [
        f"gouji: {home / 'rulesets.toml'}: 规则集 gb2021 没有 file 这一项（可用：extends、version、"
        "title、instrument、edition、years、files）（是否指 files？）"
    ]


def test_numbers_where_strings_are_usual_are_still_read(tmp_path):
    home = office(
        tmp_path,
        """
        [rulesets.office]
        version = 2
        title = "某办公室规则"
        edition = 2021
        years = 2024
        files = ["rules/office/*.rules"]

        [layers.local]
        scope = "province"
        match = "新疆"
        reference = "（测试用）某通知"
        [layers.local.parameters]
        "deadline.部门" = "01-28"
        """.replace("\n        ", "\n"),
    )
    engine = Engine(home)
    ruleset = engine.rulesets["office"]
    assert (ruleset.version, ruleset.edition, ruleset.years) == ("2", "2021", "2024")
    assert [layer.id for layer in engine.layers] == ["default", "local"]
    record = engine.check(SEED_004)
    assert record.ruleset.id == "office" and "OFFICE.NO_PENALTIES" in record.rules
    assert [layer.id for layer in record.layers] == ["default", "local"]
