"""Text and web-page inputs that are not what they seem (issue 6 item 4).

Each case is checked beside a good report in one ``gouji check`` run (``check_beside_seed``,
which also proves the folder was not touched and the good report's record is unchanged), and
the bad file's record, stderr line and exit status are asserted as docs/robustness.md lists
them. DOCX and PDF cases are in their own files.
"""

from __future__ import annotations

import random
import tracemalloc
from decimal import Decimal
from pathlib import Path

import opencc
import pytest

import gouji
from conftest import seed_expectations
from gouji.cli import main
from gouji.ingest import MAX_BYTES

from .conftest import GOOD_NAME, SEEDS, snapshot

BINARY_MESSAGE = "不是文本或网页文件（二进制内容），无法读取"

SEED_FILES = sorted(SEEDS.glob("*.txt"))

GUIDE = """某某县人民政府办公室政府信息公开指南

为了更好地提供政府信息公开服务，根据《中华人民共和国政府信息公开条例》（以下简称《条例》）的规定，编制本指南。需要获得本机关政府信息公开服务的公民、法人或者其他组织，建议阅读本指南。本指南每年更新。

一、主动公开
（一）公开的范围
本机关依照《条例》第十九条、第二十条的规定，主动公开机构职能、规范性文件、发展规划、财政预算决算、行政许可和行政处罚等政府信息。具体内容详见本机关门户网站“政府信息公开”专栏。
（二）公开的方式
主动公开的政府信息通过本机关门户网站、政府公报、新闻发布会以及报刊、广播、电视等途径予以公开，并在县档案馆、县图书馆设置政府信息查阅场所。
（三）公开的时限
属于主动公开范围的政府信息，自该政府信息形成或者变更之日起20个工作日内予以公开。法律、法规对政府信息公开的期限另有规定的，从其规定。

二、依申请公开
（一）受理机构
名称：某某县人民政府办公室政务公开科
办公地址：某某县人民路1号县政府大楼305室
办公时间：工作日上午9:00—12:00，下午14:00—17:30（法定节假日除外）
邮政编码：100000
联系电话：0000-12345678
（二）申请方式
申请人可以通过当面提交、邮政寄送、传真或者互联网在线申请等方式提出政府信息公开申请。申请人应当填写《政府信息公开申请表》，内容包括申请人的姓名或者名称、身份证明、联系方式，申请公开的政府信息的名称、文号或者便于查询的其他特征性描述，以及申请公开的政府信息的形式要求。
（三）处理流程
本机关收到政府信息公开申请，能够当场答复的，当场予以答复；不能当场答复的，自收到申请之日起20个工作日内予以答复；需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不超过20个工作日。
（四）收费标准
本机关依申请提供政府信息，不收取费用。但是，申请人申请公开政府信息的数量、频次明显超过合理范围的，按照《政府信息公开信息处理费管理办法》收取信息处理费。

三、监督和救济
公民、法人或者其他组织认为本机关在政府信息公开工作中侵犯其合法权益的，可以向某某县人民政府政务公开办公室投诉、举报，也可以依法申请行政复议或者提起行政诉讼。
投诉电话：0000-12345670

某某县人民政府办公室
2023年3月1日
"""
"""A 政府信息公开指南 written for this test in the usual shape of real ones (受理机构, 申请方式,
处理流程, 收费, 监督和救济): it talks about 政府信息公开, 行政复议 and 信息处理费 like a report
does, but it is not one. The issuer and telephone numbers are placeholders."""


def _expected_values(name: str) -> dict[str, Decimal | None]:
    """expected-cells.json for one seed, as the values the parser must give (absent: None)."""
    cells = seed_expectations()[name]["cells"]
    return {k: None if v is None else Decimal(str(v)) for k, v in cells.items()}


def _values(report: gouji.Report) -> dict[str, Decimal | None]:
    return {k: None if c.value is None else Decimal(c.value) for k, c in report.cells.items()}


def _outline(report: gouji.Report) -> list[tuple]:
    return [(s.key, s.title, s.ordinal, s.start_line, s.end_line) for s in report.sections]


def _outcomes(record: dict) -> list[tuple]:
    """A record's findings without note ids (which shift when ingest adds a note)."""
    return [
        (f["rule"], f["instance"], f["status"], f["expected"], f["actual"], f["message"])
        for f in record["findings"]
    ]


def _only_finding(record: dict) -> dict:
    assert len(record["findings"]) == 1, record["findings"]
    return record["findings"][0]


# -- empty and binary files -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["empty.txt", "empty.html", "empty"])
def test_an_empty_file_is_an_unreadable_record_and_one_line(run_dir, check_beside_seed, name):
    """0 bytes is a failed download or an unsaved file, not a report that lacks everything:
    said as such, like an empty PDF or DOCX."""
    (run_dir / name).write_bytes(b"")
    run = check_beside_seed(run_dir / name)
    record = run.records[name]
    message = f"{run_dir / name}: 文件为空（0 字节）"
    assert (record["verdict"], record["error"]) == ("error", message)
    assert _only_finding(record)["rule"] == "INPUT.UNREADABLE"
    assert run.errors_about(name) == [f"gouji: {message}"]
    assert run.code == 1


def test_a_file_of_blank_lines_is_no_report(run_dir, check_beside_seed):
    (run_dir / "blank.txt").write_text("\n \n\t\n", encoding="utf-8")
    run = check_beside_seed(run_dir / "blank.txt")
    record = run.records["blank.txt"]
    assert record["verdict"] == "fail"
    assert _only_finding(record)["rule"] == "INPUT.NOT_REPORT"
    assert any("[document.not_report]" in n for n in record["notes"])
    assert run.errors_about("blank.txt") == []
    assert run.code == 1


def _zeros() -> bytes:
    return bytes(4096)


def _random() -> bytes:
    return random.Random(6).randbytes(4096)


@pytest.mark.parametrize(
    "name", ["zeros.txt", "zeros.html", "zeros", "noise.txt", "noise.html", "noise"]
)
def test_binary_content_is_an_unreadable_record_and_one_line(run_dir, check_beside_seed, name):
    content = _zeros() if name.startswith("zeros") else _random()
    assert b"\x00" in content
    (run_dir / name).write_bytes(content)
    run = check_beside_seed(run_dir / name)
    record = run.records[name]
    path = str(run_dir / name)
    assert record["verdict"] == "error"
    assert record["error"] == f"{path}: {BINARY_MESSAGE}"
    finding = _only_finding(record)
    assert (finding["rule"], finding["status"], finding["severity"]) == (
        "INPUT.UNREADABLE",
        "fail",
        "error",
    )
    assert run.errors_about(name) == [f"gouji: {path}: {BINARY_MESSAGE}"]
    assert run.code == 1


def test_random_bytes_without_a_nul_are_read_as_text_and_are_no_report(run_dir, check_beside_seed):
    """Without a NUL byte nothing marks the bytes as binary: they decode (as GB18030, with a
    note saying the encoding was guessed) to nonsense that is no report — never a crash."""
    rng = random.Random(6)
    (run_dir / "noise.txt").write_bytes(bytes(rng.randrange(1, 256) for _ in range(4096)))
    run = check_beside_seed(run_dir / "noise.txt")
    record = run.records["noise.txt"]
    assert _only_finding(record)["rule"] == "INPUT.NOT_REPORT"
    assert any("[encoding.detected]" in n for n in record["notes"])
    assert run.code == 1


# -- size ---------------------------------------------------------------------------------------


def _sparse_text(path: Path, size: int) -> None:
    """A file of ``size`` bytes that starts with a real report, without writing ``size`` bytes:
    the rest is a hole. gouji refuses by size before reading, so the content past the limit
    never matters; a sparse file keeps the test from filling the disk."""
    with path.open("wb") as handle:
        handle.write(GOOD_SEED_BYTES)
        handle.truncate(size)


GOOD_SEED_BYTES = next(SEEDS.glob("000_*.txt")).read_bytes()
HUGE = 200 * 1024 * 1024


def test_a_200_mb_file_is_refused_by_its_size_in_one_line(run_dir, check_beside_seed):
    assert HUGE > MAX_BYTES
    _sparse_text(run_dir / "huge.txt", HUGE)
    run = check_beside_seed(run_dir / "huge.txt")
    path = str(run_dir / "huge.txt")
    message = f"{path}: 文件过大（200 MB），超过 {MAX_BYTES // (1024 * 1024)} MB 上限"
    record = run.records["huge.txt"]
    assert (record["verdict"], record["error"]) == ("error", message)
    assert _only_finding(record)["rule"] == "INPUT.UNREADABLE"
    assert run.errors_about("huge.txt") == [f"gouji: {message}"]
    assert run.code == 1


def test_a_200_mb_file_is_refused_without_being_read(tmp_path):
    """Peak memory while refusing stays far below the file's size: it was never read."""
    huge = tmp_path / "huge.txt"
    _sparse_text(huge, HUGE)
    tracemalloc.start()
    try:
        with pytest.raises(gouji.SourceError, match="文件过大"):
            gouji.parse(huge)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1024 * 1024


def test_parse_refuses_a_200_mb_file_with_status_2(tmp_path, capsys):
    huge = tmp_path / "huge.txt"
    _sparse_text(huge, HUGE)
    good = tmp_path / GOOD_NAME
    good.write_bytes(GOOD_SEED_BYTES)
    before = snapshot(tmp_path)
    code = main(["parse", "--format", "json", str(huge), str(good)])
    out, err = capsys.readouterr()
    assert snapshot(tmp_path) == before
    assert code == 2
    assert err.splitlines() == [f"gouji: {huge}: 文件过大（200 MB），超过 64 MB 上限"]
    assert '"t3.new.total"' in out  # the good report was still parsed


# -- encodings and scripts ----------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name[:3])
def test_gbk_text_gives_the_seeds_cells_with_an_encoding_note(seed, tmp_path):
    """The real seeds re-encoded as GBK, under a UTF-8 file name: every cell as in the UTF-8
    original, and one note that the encoding was guessed (the file declares none)."""
    path = tmp_path / "报告.txt"
    path.write_bytes(seed.read_text(encoding="utf-8").encode("gbk"))
    report = gouji.parse(path)
    assert _values(report) == _expected_values(seed.name)
    assert report.source == str(path)
    assert report.encoding == "gb18030"
    note = report.notes[0]
    assert note.code == "encoding.detected"
    assert note.message == "文件未声明编码，按检测结果以 gb18030 解码"
    original = gouji.parse(seed)
    assert [n.code for n in report.notes[1:]] == [n.code for n in original.notes]
    assert report.sections == original.sections


def test_gbk_text_is_checked_like_the_original(run_dir, check_beside_seed, capsys):
    path = run_dir / "报告.txt"
    path.write_bytes(GOOD_SEED_BYTES.decode("utf-8").encode("gbk"))
    run = check_beside_seed(path)
    record = run.records["报告.txt"]
    assert _outcomes(record) == _outcomes(run.records[GOOD_NAME])
    assert record["verdict"] == run.records[GOOD_NAME]["verdict"] == "warn"
    assert record["notes"][0] == "N1 [encoding.detected] 文件未声明编码，按检测结果以 gb18030 解码"
    assert run.errors_about("报告.txt") == []
    assert run.code == 0


TRADITIONAL = ("s2t.json", "s2hk.json", "s2tw.json")
"""OpenCC's simplified → traditional conversions: standard, Hong Kong and Taiwan character
forms — what a site's 繁體 switch produces. Separate tables from the ``t2s`` gouji reads with."""


@pytest.mark.parametrize("config", TRADITIONAL)
@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name[:3])
def test_traditional_characters_are_converted_and_read(seed, config):
    text = opencc.OpenCC(config).convert(seed.read_text(encoding="utf-8"))
    assert "報" in text and "开" not in text
    report = gouji.parse(text, name="報告.txt")
    assert _values(report) == _expected_values(seed.name)
    assert report.notes[0].code == "document.traditional"
    assert "繁体字" in report.notes[0].message
    original = gouji.parse(seed)
    assert report.title == original.title
    assert _outline(report) == _outline(original)  # the prose may differ: 著/着, 「」/“”
    assert [n.code for n in report.notes[1:]] == [n.code for n in original.notes]


def test_traditional_big5_page_is_decoded_and_converted(tmp_path):
    """Taiwan-form traditional text in Big5, the encoding such pages are often saved in."""
    seed = SEED_FILES[0]
    path = tmp_path / "報告.txt"
    path.write_bytes(opencc.OpenCC("s2tw.json").convert(seed.read_text("utf-8")).encode("big5"))
    report = gouji.parse(path)
    assert report.encoding == "big5"
    assert [n.code for n in report.notes[:2]] == ["encoding.detected", "document.traditional"]
    assert _values(report) == _expected_values(seed.name)


def test_traditional_report_is_checked_like_the_original(run_dir, check_beside_seed):
    path = run_dir / "報告.txt"
    path.write_text(opencc.OpenCC("s2t.json").convert(GOOD_SEED_BYTES.decode()), encoding="utf-8")
    run = check_beside_seed(path)
    record = run.records["報告.txt"]
    assert _outcomes(record) == _outcomes(run.records[GOOD_NAME])
    assert record["notes"][0].startswith("N1 [document.traditional] 文件使用繁体字")
    assert run.code == 0


def test_a_simplified_report_quoting_traditional_words_is_not_converted():
    text = GOOD_SEED_BYTES.decode("utf-8") + "\n附：香港特別行政區政府資訊公開守則（參考）\n"
    report = gouji.parse(text, name="quoted.txt")
    assert "document.traditional" not in [n.code for n in report.notes]
    assert report.cells == gouji.parse(GOOD_SEED_BYTES, name="quoted.txt").cells


# -- documents that are not reports ---------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_a_disclosure_guide_is_not_a_report(run_dir, check_beside_seed, suffix):
    name = f"政府信息公开指南{suffix}"
    text = GUIDE if suffix == ".txt" else _as_page(GUIDE)
    (run_dir / name).write_text(text, encoding="utf-8")
    run = check_beside_seed(run_dir / name)
    record = run.records[name]
    finding = _only_finding(record)
    assert (finding["rule"], finding["status"], finding["severity"]) == (
        "INPUT.NOT_REPORT",
        "fail",
        "error",
    )
    assert finding["title"] == "文件不是政府信息公开工作年度报告"
    assert record["verdict"] == "fail"
    assert record["notes"][-1].endswith(
        "[document.not_report] 该文件看起来不是政府信息公开工作年度报告（未找到标题、法定部分或表格）"
    )
    assert run.errors_about(name) == []
    assert run.code == 1


def test_a_guide_naming_an_old_year_is_still_not_a_report(run_dir, check_beside_seed):
    """A year up to 2018 makes a report a free-form one (no ruleset, not applicable); a guide
    that mentions such a year must still say it is no report, and still fail the run."""
    text = GUIDE.replace("本指南每年更新。", "本指南自2016年度起施行。")
    (run_dir / "guide.txt").write_text(text, encoding="utf-8")
    run = check_beside_seed(run_dir / "guide.txt")
    record = run.records["guide.txt"]
    assert record["year"] == 2016 and record["edition"] == "legacy"
    assert _only_finding(record)["rule"] == "INPUT.NOT_REPORT"
    assert record["verdict"] == "fail"
    assert run.code == 1


def _as_page(text: str) -> str:
    """The guide as a portal page: a head, navigation, one <p> per line, a footer."""
    body = "\n".join(f"<p>{line}</p>" for line in text.splitlines() if line.strip())
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开指南</title></head>'
        '<body><div class="nav">首页 &gt; 政府信息公开 &gt; 政府信息公开指南</div>'
        f'<div class="article">{body}</div><div class="footer">主办单位：某某县人民政府办公室</div>'
        "</body></html>"
    )
