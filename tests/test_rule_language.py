"""The rule language: what policy staff write, and the errors they get when it is wrong.

Error texts are pinned exactly (like cel-python's parser tests): they are the interface people
read when a rule file is wrong.
"""

from __future__ import annotations

import pytest

from gouji.dsl.errors import RuleError
from gouji.dsl.examples import example_report, outcome
from gouji.dsl.rules import compile_text

HEADER = 'rule T3.X\n  title "测试"\n  cite "测试依据"\n'


def error_of(text: str, path: str = "rules/local/t3.rules") -> str:
    with pytest.raises(RuleError) as info:
        compile_text(text, path)
    return str(info.value)


def test_single_equals_in_a_check_is_explained():
    assert error_of(HEADER + "  check 表三.本年新收.自然人 = 1\nend\n") == (
        "rules/local/t3.rules:4:21: 语法错误：此处应为加减号（+ 或 -）或比较符号（== != <= >= < >），实际为“=”\n"
        "    check 表三.本年新收.自然人 = 1\n"
        "                               ^\n"
        "  （规则 T3.X）\n"
        "  提示：比较是否相等请写 ==（一个 = 只用于示例里的赋值）"
    )


def test_chinese_punctuation_outside_quotes():
    assert error_of("rule T3.X\n  title “中文引号”\nend\n") == (
        "rules/local/t3.rules:2:9: 语法错误：无法识别的字符““”\n"
        "    title “中文引号”\n"
        "          ^\n"
        "  （规则 T3.X）\n"
        '  提示：规则里的标点请用英文半角符号（引号 " 、逗号 , 、括号 ( )），中文标点只能写在引号内'
    )


def test_unknown_severity_names_the_choices():
    assert error_of("rule T3.X\n  severity fatal\nend\n") == (
        "rules/local/t3.rules:2:12: 语法错误：此处应为严重程度（error、warning 或 info），实际为“fatal”\n"
        "    severity fatal\n"
        "             ^^^^^\n"
        "  （规则 T3.X）"
    )


def test_missing_end_before_the_next_rule():
    text = HEADER + "  check 表三.本年新收.自然人 == 1\nrule T3.Y\nend\n"
    message = error_of(text)
    assert message.startswith("rules/local/t3.rules:5:1: 语法错误：")
    assert "实际为“rule”" in message
    assert message.endswith("  （规则 T3.X）\n  提示：上一条规则缺少 end")


def test_unknown_cell_gets_a_did_you_mean():
    assert error_of(
        HEADER + "  for each column c of 表三\n  check 表三.结转下年[c] == 0\nend\n"
    ) == (
        "rules/local/t3.rules:5:9: 表三中没有名为“结转下年”的行\n"
        "    check 表三.结转下年[c] == 0\n"
        "          ^^^^^^^^^^^^^^^^\n"
        "  （规则 T3.X）\n"
        "  提示：是否指 表三.结转下年度？"
    )


def test_quantifier_over_something_that_is_not_a_group():
    message = error_of(
        HEADER + "  for each row r of 表三.本年新收\n  check 表三[r].总计 == 0\nend\n"
    )
    assert message.splitlines()[0] == (
        "rules/local/t3.rules:4:21: “表三.本年新收”不是行组，for each row 只能用于表或行组"
    )


def test_a_variable_used_in_the_wrong_place():
    message = error_of(HEADER + "  for each column c of 表三\n  check 表三[c].总计 == 0\nend\n")
    assert message.splitlines()[0] == "rules/local/t3.rules:5:9: “[c]”不是表三的行变量"
    assert message.splitlines()[-1] == "  提示：已定义的变量：c（列）"


def test_missing_citation_is_an_error():
    assert error_of(
        'rule T3.X\n  title "测试"\n  check 表三.本年新收.自然人 == 0\nend\n'
    ).splitlines()[0] == ("rules/local/t3.rules:1:6: 规则缺少 cite（所依据的法规或文件条款）")


def test_duplicate_rule_ids_across_files_are_refused(tmp_path):
    from gouji.dsl.rules import check_unique, load_file

    text = HEADER + "  check 表三.本年新收.自然人 == 0\nend\n"
    (tmp_path / "a.rules").write_text(text, encoding="utf-8")
    (tmp_path / "b.rules").write_text("\n\n" + text, encoding="utf-8")
    sources = [
        load_file(tmp_path / "a.rules", "a.rules"),
        load_file(tmp_path / "b.rules", "b.rules"),
    ]
    with pytest.raises(RuleError) as info:
        check_unique(sources)
    assert str(info.value).splitlines()[0] == "b.rules:3:6: 规则编号 T3.X 重复"
    assert str(info.value).splitlines()[-1] == "  提示：已在 a.rules:1 定义；每条规则的编号必须唯一"


def test_canonical_keys_and_chinese_names_are_interchangeable():
    (chinese,) = compile_text(
        HEADER + "  check 表三.本年新收.自然人 + 表三.上年结转.自然人 == 2\nend\n", "x"
    )
    (canonical,) = compile_text(
        HEADER + "  check t3.new.natural + t3.carried_over.natural == 2\nend\n", "x"
    )
    (mixed,) = compile_text(
        HEADER + "  check t3.本年新收.natural + 表三.carried_over.自然人 == 2\nend\n", "x"
    )
    example = chinese.examples  # none: build a report by hand
    assert example == ()
    from gouji.dsl import ast

    report = example_report(
        chinese,
        ast.Example(
            "pass",
            (
                ast.Assignment(
                    ast.Ref("t3", (("dot", "new"), ("dot", "natural")), ast.Span(1, 1, 2)),
                    "2",
                    "number",
                    ast.Span(1, 1, 2),
                ),
            ),
            ast.Span(1, 1, 2),
        ),
        "2021",
    )
    results = [r.findings(report)[0] for r in (chinese, canonical, mixed)]
    assert {f.status for f in results} == {"pass"}
    assert {f.refs for f in results} == {("t3.new.natural", "t3.carried_over.natural")}


def test_group_sums_follow_the_edition():
    (rule,) = compile_text(
        'rule T3.G\n  title "g"\n  cite "c"\n  applies edition 2021, 2019\n'
        "  check sum(表三.办理结果.自然人) == 表三.办理结果总计.自然人\nend\n",
        "x",
    )
    from gouji.dsl import ast

    empty = ast.Example("pass", (), ast.Span(1, 1, 2))
    for edition, rows in (("2021", 21), ("2019", 19)):
        report = example_report(rule, empty, edition)
        (finding,) = rule.findings(report)
        assert len(finding.refs) == rows + 1


def test_blank_cells_are_counted_as_zero_and_say_so():
    (rule,) = compile_text(
        HEADER + "  check 表三.本年新收.自然人 == 表三.予以公开.自然人\nend\n", "x"
    )
    from gouji.dsl import ast

    blank = ast.Assignment(
        ast.Ref("表三", (("dot", "本年新收"), ("dot", "自然人")), ast.Span(1, 1, 2)),
        "blank",
        "word",
        ast.Span(1, 1, 2),
    )
    report = example_report(rule, ast.Example("pass", (blank,), ast.Span(1, 1, 2)), "2021")
    (finding,) = rule.findings(report)
    assert finding.status == "pass"
    assert finding.assumptions == ("空白或占位符按 0 计算：表三.本年新收.自然人",)
    assert "空白或占位符按 0 计算" in finding.message


def test_outcome_of_a_set_of_statuses():
    assert outcome(["pass", "fail", "not_assessable"]) == "fail"
    assert outcome(["pass", "not_assessable"]) == "not_assessable"
    assert outcome(["not_applicable"]) == "not_applicable"
    assert outcome(["pass"]) == "pass"


def _applies(clause: str):
    (rule,) = compile_text(
        f'rule SEC.X\n  title "t"\n  cite "c"\n  applies {clause}\n  require section sec.1\n'
        "  example pass { }\nend\n",
        "x",
    )
    return rule


@pytest.mark.parametrize(
    ("prefix", "clause", "status"),
    [
        ("004", "level 乡镇", "pass"),
        ("004", "level 县, 市", "not_applicable"),
        ("004", "kind 人民政府", "pass"),
        ("004", "kind 部门", "not_applicable"),
        ("004", "years 2021..2023", "not_applicable"),
        ("004", "years 2024", "pass"),
        ("004", "edition 2019", "not_applicable"),
        ("004", "province 新疆", "pass"),
        ("004", "province 新疆维吾尔自治区", "pass"),
        ("004", "province 江苏", "not_applicable"),
    ],
)
def test_applicability_by_issuer_year_and_edition(seed_report, prefix, clause, status):
    (finding,) = _applies(clause).findings(seed_report(prefix))
    assert finding.status == status


def test_issuers_are_classified_by_their_names(seed_report):
    from conftest import CORPUS, EXTRACTED, parsed
    from gouji.issuer import classify

    township = classify(seed_report("002"))
    assert (township.level, township.kind) == ("乡镇", "人民政府")
    assert (township.province, township.prefecture, township.county, township.township) == (
        "新疆维吾尔自治区",
        "伊犁哈萨克自治州",
        "新源县",
        "别斯托别乡",
    )
    assert township.code == "654025200"
    assert "国家统计局 2023 年统计用区划代码" in township.evidence
    city = classify(parsed(str(EXTRACTED / "huaian-2024.pypdf.txt")))
    assert (city.level, city.kind) == ("市", "人民政府")
    bureau = classify(parsed(str(CORPUS / "pingtan" / "czj-2024.txt")))
    assert bureau.kind == "部门"
    assert (bureau.province, bureau.prefecture, bureau.county) == ("福建省", "福州市", "平潭县")
    assert (city.province, city.prefecture) == ("江苏省", "淮安市")
