"""Layered parameters and the publication deadline (条例 第四十九条)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import CORPUS, SEEDS
from gouji.engine import Engine
from gouji.issuer import IssuerClass, province_named
from gouji.parameters import parse_layers, resolve
from test_plugins import make_home

LAYERS = parse_layers(
    {
        "default": {
            "reference": "条例第四十九条",
            "parameters": {"deadline.部门": "01-31", "deadline.人民政府": "03-31"},
        },
        "xj": {
            "scope": "province",
            "match": "新疆",
            "reference": "某通知",
            "parameters": {"deadline.部门": "01-28"},
        },
        "tacheng": {
            "scope": "prefecture",
            "match": "塔城地区",
            "reference": "某地区通知",
            "parameters": {"deadline.人民政府": "02-20"},
        },
        "gb2019": {
            "scope": "ruleset",
            "reference": "国办公开办函〔2019〕60号",
            "parameters": {"deadline.部门": "01-30"},
        },
    }
)


def test_narrower_layers_override_broader_ones_and_say_so():
    r = resolve(
        LAYERS,
        "gb2021",
        {"province": "新疆维吾尔自治区", "prefecture": "塔城地区", "county": "托里县"},
    )
    assert r.values == {"deadline.部门": "01-28", "deadline.人民政府": "02-20"}
    assert r.origin == {"deadline.部门": "xj", "deadline.人民政府": "tacheng"}
    assert [layer.id for layer in r.chain] == ["default", "xj", "tacheng"]


def test_a_ruleset_layer_applies_only_to_its_ruleset():
    assert resolve(LAYERS, "gb2019", {}).origin["deadline.部门"] == "gb2019"
    assert resolve(LAYERS, "gb2021", {}).origin["deadline.部门"] == "default"


def test_other_places_keep_the_national_values():
    r = resolve(LAYERS, "gb2021", {"province": "江苏省", "prefecture": "淮安市", "county": None})
    assert r.origin == {"deadline.部门": "default", "deadline.人民政府": "default"}


ENGINE = Engine()


def deadline(path: Path):
    record = ENGINE.check(path, passes="each")
    return next(f for f in record.findings if f.rule == "PUB.DEADLINE"), record


def test_seed_002_signed_on_19_january_is_on_time():
    finding, record = deadline(next(SEEDS.glob("002_*.txt")))
    assert finding.status == "pass"
    assert (finding.actual, finding.expected) == ("2024-01-19", "2024-03-31")
    assert finding.cite.startswith(
        "《中华人民共和国政府信息公开条例》（国务院令第711号）第四十九条"
    )
    assert [layer.id for layer in record.layers] == ["default"]


def test_no_publication_date_is_not_assessable_never_guessed():
    finding, _ = deadline(next(SEEDS.glob("000_*.txt")))
    assert finding.status == "not_assessable"
    assert "未注明发布日期" in finding.message


def test_a_department_uses_the_department_deadline_from_the_page_date():
    finding, _ = deadline(CORPUS / "pingtan" / "czj-2023.txt")  # 发布时间 2024-01-31 08:28
    assert finding.status == "pass"
    assert finding.message == "页面发布日期 2024-01-31，不晚于部门的期限 2024-01-31"


LOCAL_LAYER = """
from gouji.hookspecs import hookimpl

@hookimpl
def gouji_parameter_layers():
    return {"tacheng": {"scope": "prefecture", "match": "塔城地区", "title": "塔城地区通知",
                        "reference": "（测试用）某地区通知", "parameters": {"deadline.人民政府": "01-10"}}}
"""


def test_a_local_layer_from_a_plugin_changes_the_verdict_where_it_applies(tmp_path):
    home = make_home(tmp_path, {"tacheng.py": LOCAL_LAYER})
    engine = Engine(home)
    report = engine.parse(
        textwrap.dedent("""\
        额敏县额敏镇2023年政府信息公开工作年度报告
        一、总体情况
        正文。
        额敏县额敏镇人民政府
        2024年1月19日
        """)
    )
    record = engine.check_report(report, passes="each")
    finding = next(f for f in record.findings if f.rule == "PUB.DEADLINE")
    assert finding.status == "fail"
    assert finding.message == "落款日期 2024-01-19，晚于人民政府的期限 2024-01-10（迟 9 天）"
    assert finding.cite == "（测试用）某地区通知（参数层：塔城地区通知）"
    elsewhere = engine.check(
        next(SEEDS.glob("002_*.txt")), passes="each"
    )  # 伊犁州: the layer does not apply
    assert next(f for f in elsewhere.findings if f.rule == "PUB.DEADLINE").status == "pass"


def test_rulesets_commands():
    exe = Path(sys.executable).with_name("gouji")
    listed = subprocess.run([str(exe), "rulesets"], capture_output=True, text=True).stdout
    assert "gb2021" in listed and "国办公开办函〔2019〕60号" in listed
    shown = subprocess.run(
        [str(exe), "rulesets", "show", "gb2021", "--province", "新疆"],
        capture_output=True,
        text=True,
    )
    assert shown.returncode == 0
    assert "deadline.部门 = 01-31  ← default" in shown.stdout
    assert "rules/common/t3.rules  sha256 " in shown.stdout


def test_the_record_carries_the_issuers_place_and_evidence():
    record = ENGINE.check(next(SEEDS.glob("004_*.txt")), passes="each")
    place = record.issuer_class
    assert (place.province, place.prefecture, place.county, place.township) == (
        "新疆维吾尔自治区",
        "塔城地区",
        "额敏县",
        "额敏镇",
    )
    assert (place.level, place.kind, place.code) == ("乡镇", "人民政府", "654221100")
    assert "654221100" in place.evidence


def test_an_unplaced_issuer_resolves_to_the_national_layer_only():
    r = ENGINE.parameters("gb2021", IssuerClass(None, None))
    assert [layer.id for layer in r.chain] == ["default"]


PROVINCE_LAYER = """
from gouji.hookspecs import hookimpl

@hookimpl
def gouji_parameter_layers():
    return {"fujian": {"scope": "province", "match": "福建", "title": "福建（测试用）",
                       "reference": "（测试用）某省通知", "parameters": {"deadline.人民政府": "01-10"}}}
"""

# A report whose issuer's name says nothing about where it is.
UNPLACED = textwrap.dedent("""\
    某某镇2023年政府信息公开工作年度报告
    一、总体情况
    正文。
    某某镇人民政府
    2024年1月19日
    """)


def test_province_overrides_the_classification_and_picks_the_province_layer(tmp_path):
    engine = Engine(make_home(tmp_path, {"fj.py": PROVINCE_LAYER}))
    plain = engine.check(UNPLACED, passes="each")
    assert plain.issuer_class.province is None
    assert [layer.id for layer in plain.layers] == ["default"]
    placed = engine.check(UNPLACED, province="福建", passes="each")
    assert placed.issuer_class.province == "福建省"
    assert "指定为福建省" in placed.issuer_class.evidence
    assert [layer.id for layer in placed.layers] == ["default", "fujian"]
    finding = next(f for f in placed.findings if f.rule == "PUB.DEADLINE")
    assert finding.status == "fail"
    assert finding.message == "落款日期 2024-01-19，晚于人民政府的期限 2024-01-10（迟 9 天）"
    unchanged = next(f for f in plain.findings if f.rule == "PUB.DEADLINE")
    assert unchanged.status == "pass"


@pytest.mark.parametrize(
    ("given", "province"),
    [("重庆", "重庆市"), ("重庆市", "重庆市"), ("新疆", "新疆维吾尔自治区"), ("湖北省", "湖北省")],
)
def test_province_names_as_users_write_them(given, province):
    # "重庆市" also names two prefecture-level units: the province is still certain.
    assert province_named(given) == province
    assert province_named(province) == province


def test_province_on_the_command_line(tmp_path):
    exe = Path(sys.executable).with_name("gouji")
    report = tmp_path / "report.txt"
    report.write_text(UNPLACED, encoding="utf-8")
    args = [str(exe), "check", "--format", "json", "--fail-on", "never", str(report)]
    out = subprocess.run([*args, "--province", "重庆"], capture_output=True, text=True)
    assert out.returncode == 0
    assert '"province": "重庆市"' in out.stdout
    bad = subprocess.run([*args, "--province", "火星"], capture_output=True, text=True)
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr.strip() == "gouji: --province：“火星”不是可识别的省级行政区"
