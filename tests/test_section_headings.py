"""Section headings as real reports print them: found keyword-first, backed by the ordinal, on a
line of their own or run into the text of a one-line crawler dump, and never taken from the
report's list of its parts or from 表三's row labels.

Every excerpt below is verbatim from a published report (its address is given); an excerpt
"as one line" joins the same text with spaces, as crawler dumps and one-line HTML do, and "as
lines" breaks it before each heading, as a DOCX or a multi-paragraph page does.
"""

from __future__ import annotations

import re

import pytest

from conftest import CORPUS
from gouji.api import parse
from gouji.engine import Engine

ENGINE = Engine()

# 平潭综合实验区社会事业局 2022 (corpus/pingtan/shs-2022.txt,
# https://www.pingtan.gov.cn/zwgk/zfxxgk/dfbmptlj/ptzhsyqbm/ptzhsyqshs/zfxxgknb/202301/t20230116_80627.htm):
# 四 with a typo, right after 表三's own label "四、结转下年度继续办理".
SHS_2022 = (
    "（七）总计3000003四、结转下年度继续办理0000000四、政府信息公开行政法复议、行政诉讼情况"
    "行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉结果维持结果纠正"
    "其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计000000000000000五、存在的主要问题及改进"
    "情况（一）存在问题：今年，我局政府信息公开工作取得一定成效，但还存在一些不足，"
)
# 平潭综合实验区海坛片区管理局 2023,
# https://www.pingtan.gov.cn/zwgk/zfxxgk/dfbmptlj/ptzhsyqpq/ptzhsyqhtp/zfxxgknb/202401/t20240125_86513.htm
HTP_2023 = (
    "四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议"
    "直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计"
    "000000000000000五、存在的主要问题及改进措施2023年，我局政府信息公开工作扎实推进，但仍存在一些"
    "不足之处，如信息公开渠道及创新力有待提升，信息公开业务水平还不够高，信息公开的主动性和时效性还需"
    "进一步加强。下一步，我局将严格按照要求全力做好政府信息公开工作。六、其他需要报告的事项按照《国务院"
    "办公厅关于印发<政府信息公开信息处理费管理办法>的通知》国办函〔2020〕109号）规定的按件、按量收费"
    "标准，本年度没有产生信息公开处理费。 平潭综合实验区海坛片区管理局 2024年1月24日"
)
# 平潭综合实验区公安局 2024,
# https://www.pingtan.gov.cn/zwgk/zfxxgk/dfbmptlj/ptzhsyqbm/ptzhsyqgaj/zfxxgknb/202501/t20250120_96806.htm
GAJ_2024 = (
    "结果维持 结果纠正 其他结果 尚未审结 总计 000000000000000 五、存在的主要问题及明年工作计划2024年，"
    "我局政府信息公开工作能力进一步增强，保障群众权益更加有力，但也存在一些不足之处，"
)
# 金山镇人民政府 2019 (the end of the report; page copy at
# http://www.021jzzz.com/gongkai/site_lzqjszrmzf/channel_c_5f9f6cdc1ebfe2f7fcddefbd_n_16056816748695/doc_5fb4381ffbfe6647ee0dbee6.html).
JINSHAN_2019 = [
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的问题及改进措施",
    "2019年我镇信息公开工作对进一步规范权力运行、促进依法行政、提高行政效能、服务群众发挥了积极作用。但是，仍存在一些问题和不足。",
    "（一）存在问题",
    "我镇的政府信息公开工作虽然取得了一定成效，但还存在一些问题和不足，主要有以下几个方面：一是公开内容时效较慢，对以往的政策文件还需要逐个清理录入。二是信息更新还不够及时，公开质量有待提高；部分工作人员政府信息公开的意识有待进一步提高。三是政务公开工作力量薄弱，队伍建设还需加强。",
    "（二）改进措施",
    "一是进一步梳理所掌握的政府信息，及时提供，定期维护，保证公开信息的完整性和准确性。",
    "六、其他需要报告的事项",
    "（一）依申请公开政府信息和不予公开政府信息的情况",
    "全年未出现依申请公开政府信息和不予公开政府信息的情况。",
    "（二）政府信息公开的收费及减免情况",
    "全年未出现政府信息公开的收费及减免情况",
    "（三）因政府信息公开申请行政复议、提起行政诉讼的情况",
    "全年未出现因政府信息公开申请行政复议、提起行政诉讼的情况。",
    "金山镇人民政府",
    "2020年1月23日",
]
# 凌源市 某镇 2025, https://www.lingyuan.gov.cn/html/LYSZF/202601/0176888997731551.html
LINGYUAN_2025 = [
    "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）规定编制本报告。报告数据统计期限为2025年1月1日至2025年12月31日。",
    "一、工作总体推进情况",
    "按照上级关于政务公开工作的部署要求，我镇高标准搭建工作架构，成立政府信息公开工作小组，配备组长1名、专职工作人员2名，明确各岗位职责边界与工作流转流程，为政府信息公开工作有序开展筑牢组织保障。",
]
# 湖口县付垅乡 2025, https://www.hukou.gov.cn/flx/zfxxgknb_171215/202601/t20260106_7142469.html:
# the list of the report's parts ("…其他报告的事项共六个部分") has no ordinals and is no heading.
FULONG_2025 = [
    "湖口县付垅乡2025年政府信息公开工作年度报告",
    "本报告依据《中华人民共和国政府信息公开条例》（国务院令第711号）（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号），编制本报告。本报告包括总体情况，主动公开政府信息情况，收到和处理政府信息公开申请情况，政府信息公开行政复议、行政诉讼情况，存在的主要问题及改进情况，其他报告的事项共六个部分。本报告所列统计数据的期限自2025年1月1日起，至2025年12月31日止，如对本报告有意见或建议，请联系付垅乡党政办公室，联系电话：0792—6559003。",
    "一、总体情况",
    "2025年，付垅乡人民政府坚持以公开为常态、不公开为例外原则，紧紧围绕县委、县政府中心工作及全乡经济社会发展大局，持续深化政务公开，着力提升政府工作透明度，保障人民群众的知情权、参与权、表达权和监督权，努力建设人民满意的服务型政府。",
]


# 平潭综合实验区金井片区管理局 2020,
# https://www.pingtan.gov.cn/zwgk/zfxxgk/dfbmptlj/ptzhsyqpq/ptzhsyqjjp/zfxxgknb/202101/t20210126_80587.htm:
# the list of parts, then "一总体情况" with no 、 after the ordinal.
JJP_2020 = (
    "本报告由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议、行政"
    "诉讼情况、存在的主要问题及改进情况和其他需要报告的事项等六个部分组成。本报告中所列数据的统计期限自"
    "2020年1月1日至2020年12月31日。本报告的电子版可在“中国平潭”政府门户网站（http://www.pingtan.gov.cn/）"
    "下载。如对本报告有任何疑问，请与平潭综合实验区金井片区管理局党政办公室联系（地址：平潭县北厝镇红山村"
    "加田下65号；邮编：350401；电话：23156157；传真：23156377）。一总体情况2020年，我局政府信息公开工作"
    "坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的十九大和十九届二中、"
)


def sections_of(text: str) -> list[tuple[str, str]]:
    return [(s.key, s.title) for s in parse(text).sections]


def as_lines(one_line: str) -> str:
    """The same text broken before each top-level heading, as a DOCX or HTML page has it."""
    return re.sub(r"(?<=[^\n])(?=[四五六]、(?!结转))", "\n", one_line)


@pytest.mark.parametrize("layout", [str, as_lines], ids=["one line", "lines"])
def test_typo_in_section_four_is_backed_by_its_ordinal(layout):
    report = parse(layout(SHS_2022))
    assert [(s.key, s.title) for s in report.sections] == [
        ("sec.4", "政府信息公开行政法复议、行政诉讼情况"),
        ("sec.5", "存在的主要问题及改进情况"),
    ]
    assert report.section("sec.4").text.startswith("行政复议行政诉讼结果维持")


@pytest.mark.parametrize("layout", [str, as_lines], ids=["one line", "lines"])
def test_improvement_measures_and_fee_on_one_line(layout):
    report = parse(layout(HTP_2023))
    assert sections_of(layout(HTP_2023)) == [
        ("sec.4", "政府信息公开行政复议、行政诉讼情况"),
        ("sec.5", "存在的主要问题及改进措施"),
        ("sec.6", "其他需要报告的事项"),
    ]
    assert report.section("sec.5").text.startswith("2023年，我局政府信息公开工作扎实推进")
    assert report.section("sec.6").text.startswith("按照《国务院办公厅关于印发")


def test_next_years_plan_is_section_five():
    assert sections_of(GAJ_2024) == [("sec.5", "存在的主要问题及明年工作计划")]


@pytest.mark.parametrize("join", ["\n", " "], ids=["lines", "one line"])
def test_problems_and_measures_of_a_2019_township_report(join):
    report = parse(join.join(JINSHAN_2019))
    assert [(s.key, s.title, s.variant) for s in report.sections] == [
        ("sec.3", "收到和处理政府信息公开申请情况", False),
        ("sec.4", "政府信息公开行政复议、行政诉讼情况", False),
        ("sec.5", "存在的问题及改进措施", True),
        ("sec.6", "其他需要报告的事项", False),
    ]
    assert report.stray_headings == ()
    assert "全年未出现政府信息公开的收费及减免情况" in report.section("sec.6").text


@pytest.mark.parametrize("join", ["\n", " "], ids=["lines", "one line"])
def test_general_section_named_by_its_ordinal_and_a_cue(join):
    report = parse(join.join(LINGYUAN_2025))
    assert [(s.key, s.title) for s in report.sections] == [("sec.1", "工作总体推进情况")]
    assert report.section("sec.1").text.startswith("按照上级关于政务公开工作的部署要求")


@pytest.mark.parametrize("join", ["\n", " "], ids=["lines", "one line"])
def test_list_of_parts_is_no_heading(join):
    report = parse(join.join(FULONG_2025))
    assert [s.key for s in report.sections] == ["sec.1"]
    assert report.section("sec.1").text.startswith("2025年，付垅乡人民政府坚持")


def test_known_title_after_an_ordinal_without_its_comma():
    report = parse(JJP_2020)
    assert [(s.key, s.title) for s in report.sections] == [("sec.1", "总体情况")]
    assert report.section("sec.1").text.startswith("2020年，我局政府信息公开工作坚持")


def test_whole_one_line_report_with_the_typo_passes_the_section_rules():
    """Before: SEC.REVIEW failed (an error) on this real report, whose 四 has a typo."""
    record = ENGINE.check(CORPUS / "pingtan" / "shs-2022.txt", passes="each")
    sections = {f.rule: f.status for f in record.findings if f.rule.startswith("SEC.")}
    assert sections["SEC.REVIEW"] == "pass"
    assert sections["SEC.ORDER"] == "pass" and sections["SEC.DUPLICATE"] == "pass"
    assert record.verdict == "pass"


# Titles named in the issue on false failures (no source given there): each, in its own place
# among the other five canonical headings, is that section, on lines and on one line.
CANONICAL = [
    "总体情况",
    "主动公开政府信息情况",
    "收到和处理政府信息公开申请情况",
    "政府信息公开行政复议、行政诉讼情况",
    "存在的主要问题及改进情况",
    "其他需要报告的事项",
]
ISSUE_TITLES = [
    (4, "行政复议与行政诉讼情况"),
    (4, "政府信息公开行政复议与行政诉讼情况"),
    (4, "政府信息公开行政法复议、行政诉讼情况"),
    (4, "因政府信息公开工作被申请行政复议、提起行政诉讼情况"),
    (4, "因政府信息公开工作被申请行政复议、提起行政诉讼的情况"),
    (5, "政府信息公开工作存在的主要问题及改进措施"),
    (5, "存在的主要问题及明年工作计划"),
    (5, "存在的主要问题及下一步工作计划"),
    (6, "需要说明的其他事项"),
    (6, "其他需报告的事项"),
    (6, "其他需要说明的事项"),
]


@pytest.mark.parametrize("join", ["\n", " "], ids=["lines", "one line"])
@pytest.mark.parametrize(("number", "title"), ISSUE_TITLES, ids=[t for _, t in ISSUE_TITLES])
def test_variant_titles_named_in_the_issue(number, title, join):
    titles = [title if i == number else t for i, t in enumerate(CANONICAL, 1)]
    text = join.join(f"{'一二三四五六'[i]}、{t}" for i, t in enumerate(titles))
    report = parse(text)
    assert [s.key for s in report.sections] == [f"sec.{i}" for i in range(1, 7)]
    assert report.section(f"sec.{number}").title == title
    assert report.stray_headings == ()
