"""Bad names and odd bytes (issue 13 item 7).

- a file name that is not UTF-8 (GBK bytes, as unzipped Chinese archives leave them) is checked
  like any file, shown with ``\\xNN`` escapes in every output, and the run goes on;
- a page declaring a codec that is no character set (``<meta charset="idna">``, rot13, base64,
  hex, punycode, unknown names) is decoded by detection, with a note naming the declaration;
- terminal control sequences from report text or file names reach no terminal: the text
  format, GitHub annotations and stderr lines show them as escapes, JSON keeps them exactly;
- parentheses nested thousands deep in a rule file are a rule-file error (exit 2), never a
  ``RecursionError``.

Each runs the real command in this process; pytest's captured stdout and stderr encode UTF-8
strictly, as a terminal under an ``en_US.UTF-8`` locale does, so a name that cannot be written
fails here as it fails there.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import time
import tracemalloc
import xml.etree.ElementTree as ET
from pathlib import Path

import lxml.html
import openpyxl
import pytest

import gouji
from gouji.cli import main
from gouji.dsl.errors import RuleError
from gouji.dsl.nesting import MAX_NESTING
from gouji.dsl.rules import compile_text
from gouji.filenames import shown
from gouji.ingest.decode import decode

from .conftest import GOOD_NAME, GOOD_SEED, comparable

DATA = Path(__file__).parent.parent / "data"

GBK_NAME = "报告.txt".encode("gbk")
"""``报告.txt`` as an archive made on Chinese Windows stores it: not UTF-8."""
GBK_SHOWN = r"\xb1\xa8\xb8\xe6.txt"

CONTROLS = "\x1b]0;pwned\x07\x1b[2J\x9b31m\u202e"
"""An OSC window-title sequence, a CSI clear-screen, a C1 CSI and a right-to-left override."""
RAW_CONTROLS = ("\x1b", "\x07", "\x9b", "\u202e")


def _gbk_named(folder: Path, data: bytes) -> Path:
    path = Path(os.fsdecode(os.fsencode(folder) + b"/" + GBK_NAME))
    path.write_bytes(data)
    return path


def _folder_with_gbk_copy(tmp_path: Path) -> Path:
    """The good seed twice: as ``good.txt`` and under a GBK name."""
    folder = tmp_path / "unzipped"
    folder.mkdir()
    shutil.copyfile(GOOD_SEED, folder / GOOD_NAME)
    _gbk_named(folder, GOOD_SEED.read_bytes())
    return folder


def _check(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["check", "-j", "1", *args])
    out, err = capsys.readouterr()
    return code, out, err


def _records(out: str) -> dict[str, dict]:
    return {Path(r["source"]).name: r for r in map(json.loads, out.splitlines())}


# -- (a) file names that are not UTF-8 ---------------------------------------------------------


def test_shown_keeps_unicode_names_and_escapes_the_bytes_of_others() -> None:
    assert shown("报告.txt") == "报告.txt"
    assert shown(Path("a/报告.txt")) == "a/报告.txt"
    assert shown(os.fsdecode(GBK_NAME)) == GBK_SHOWN
    assert shown(os.fsdecode("报".encode() + b"\xb1.txt")) == r"报\xb1.txt"
    assert shown("a\ud800b") == r"a\ud800b"  # no byte stands for it: still never raises


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_gbk_file_name_in_a_folder_is_checked_and_the_run_goes_on(tmp_path, capsys, jobs):
    """The whole run used to stop at such a name (the record could not be written); now the
    file is checked like its UTF-8 twin and only its name is shown escaped."""
    folder = _folder_with_gbk_copy(tmp_path)
    code = main(["check", "--format", "jsonl", "-j", jobs, str(folder)])
    out, err = capsys.readouterr()
    records = _records(out)
    assert sorted(records) == sorted([GOOD_NAME, GBK_SHOWN]), err
    assert records[GBK_SHOWN]["source"] == f"{folder}/{GBK_SHOWN}"
    assert comparable(records[GBK_SHOWN]) == comparable(records[GOOD_NAME])
    assert (code, "内部错误" in err, "Traceback" in err) == (0, False, False)


def test_an_unreadable_gbk_named_file_is_an_error_record_and_one_safe_line(tmp_path, capsys):
    folder = _folder_with_gbk_copy(tmp_path)
    empty = _gbk_named(folder, b"")
    empty.rename(empty.with_suffix(".html"))
    code, out, err = _check(capsys, "--format", "jsonl", str(folder))
    name = GBK_SHOWN.replace(".txt", ".html")
    message = f"{folder}/{name}: 文件为空（0 字节）"
    record = _records(out)[name]
    assert (record["verdict"], record["error"]) == ("error", message)
    assert f"gouji: {message}" in err.splitlines()
    assert code == 1


def _parsed(fmt: str, out: str, path: Path) -> str:
    """The output in ``fmt``, parsed back (so it is well formed), as text to search."""
    if fmt in ("json", "sarif"):
        return "\n".join(_strings(json.loads(out)))
    if fmt == "jsonl":
        return "\n".join(_strings([json.loads(line) for line in out.splitlines()]))
    if fmt == "junit":
        return "\n".join(v for e in ET.fromstring(out).iter() for v in e.attrib.values())
    if fmt == "csv":
        return "\n".join(_strings(list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))))
    if fmt == "html":
        return lxml.html.fromstring(path.read_text(encoding="utf-8")).text_content()
    if fmt == "xlsx":
        book = openpyxl.load_workbook(path, read_only=True)
        return "\n".join(
            str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row
        )
    return out  # text, github


def _strings(value: object) -> list[str]:
    """Every string in a parsed JSON value or CSV table."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


@pytest.mark.parametrize(
    "fmt", ["text", "json", "jsonl", "sarif", "junit", "github", "csv", "xlsx", "html"]
)
def test_every_output_format_shows_a_gbk_file_name_escaped(tmp_path, capsys, fmt):
    folder = _folder_with_gbk_copy(tmp_path)
    target = tmp_path / f"out.{fmt}"
    args = ["--output", f"{fmt}:{target}"] if fmt in ("xlsx", "html") else ["--format", fmt]
    code, out, err = _check(capsys, *args, str(folder))
    assert (code, "内部错误" in err, "Traceback" in err) == (0, False, False), err
    text = _parsed(fmt, out, target)
    escaped = GBK_SHOWN.replace("\\", "%5C") if fmt == "sarif" else GBK_SHOWN
    assert escaped in text


def test_parse_reads_a_gbk_named_file(tmp_path, capsys):
    path = _gbk_named(tmp_path, GOOD_SEED.read_bytes())
    assert main(["parse", "--format", "json", str(path)]) == 0
    out, _ = capsys.readouterr()
    assert json.loads(out)["source"] == f"{tmp_path}/{GBK_SHOWN}"
    assert main(["parse", str(path)]) == 0
    assert GBK_SHOWN in capsys.readouterr().out


# -- (b) <meta charset> that names no character set -------------------------------------------

COUNTY_PAGE = DATA / "html" / "county_page_gb2312.html"
NOT_CHARSETS = [
    "idna",
    "punycode",
    "undefined",
    "rot13",
    "base64",
    "hex",
    "utf-7",
    "unicode_escape",
    "x-no-such-charset",
]


def _page_declaring(charset: str) -> bytes:
    page = COUNTY_PAGE.read_bytes()
    assert page.count(b'charset="gb2312"') == 1
    return page.replace(b'charset="gb2312"', f'charset="{charset}"'.encode())


@pytest.mark.parametrize("charset", NOT_CHARSETS)
def test_a_page_declaring_no_character_set_is_decoded_by_detection_with_a_note(charset):
    """idna, punycode and undefined raised from the decoder; the rest were silently ignored
    under a note saying the page declared nothing."""
    original = gouji.parse(COUNTY_PAGE.read_bytes(), name="county.html")
    report = gouji.parse(_page_declaring(charset), name="county.html")
    assert {k: c.value for k, c in report.cells.items()} == {
        k: c.value for k, c in original.cells.items()
    }
    assert report.issuer == original.issuer
    note = report.notes[0]
    assert note.code == "encoding.detected"
    assert note.message == (
        f"网页声明的编码“{charset}”不是可用的文本编码，已忽略；按检测结果以 gb18030 解码"
    )


@pytest.mark.parametrize("charset", ["idna", "punycode", "undefined", "utf-7"])
def test_decode_never_uses_a_codec_that_is_no_character_set(charset):
    data = "报告正文".encode("gbk")
    for result in (
        decode(b'<meta charset="%s">' % charset.encode() + data, html=True),
        decode(data, declared=charset),
    ):
        assert result.decided_by == "detected"
        assert result.text.endswith("报告正文")
        assert charset in (result.ignored or "")


def test_a_page_whose_declaration_contradicts_its_bytes_says_so():
    result = decode(b'<meta charset="big5">' + "政府信息公开工作年度报告".encode("gbk"), html=True)
    assert (result.decided_by, result.ignored) == ("detected", "网页声明的编码“big5”与文件内容不符")


def test_an_idna_page_is_checked_beside_a_report(run_dir, check_beside_seed):
    (run_dir / "idna.html").write_bytes(_page_declaring("idna"))
    run = check_beside_seed(run_dir / "idna.html")
    record = run.records["idna.html"]
    assert record["error"] is None and record["verdict"] != "error"
    assert record["notes"][0].startswith("N1 [encoding.detected] 网页声明的编码“idna”")


# -- (c) terminal control sequences ------------------------------------------------------------


def _no_raw_controls(text: str) -> None:
    for ch in RAW_CONTROLS:
        assert ch not in text, repr(ch)


@pytest.fixture
def evil_folder(tmp_path: Path) -> Path:
    """The good seed with control sequences in a sentence a finding quotes (TEXT.SUBTOPIC on
    line 9), and an empty file whose name holds them (an error record and a stderr line)."""
    folder = tmp_path / "evil"
    folder.mkdir()
    text = GOOD_SEED.read_text(encoding="utf-8")
    assert text.count("未发生行政复议") == 1
    (folder / "evil.txt").write_text(text.replace("未发生行政复议", CONTROLS + "未发生行政复议"))
    (folder / f"e{CONTROLS}.txt").write_bytes(b"")
    return folder


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_control_sequences_reach_no_terminal(evil_folder, capsys, fmt):
    code, out, err = _check(capsys, "--format", fmt, "--show", "all", str(evil_folder))
    assert code == 1
    _no_raw_controls(out)
    _no_raw_controls(err)
    shown_controls = r"\x1b]0;pwned\x07\x1b[2J\x9b31m\u202e"
    assert shown_controls + "未发生行政复议" in out
    assert f"gouji: {evil_folder}/e{shown_controls}.txt: 文件为空（0 字节）" in err.splitlines()


def test_json_keeps_the_exact_text(evil_folder, capsys):
    _, out, _ = _check(capsys, "--format", "jsonl", str(evil_folder))
    records = _records(out)
    quoted = [f["message"] for f in records["evil.txt"]["findings"] if f["rule"] == "TEXT.SUBTOPIC"]
    assert any(CONTROLS + "未发生行政复议" in m for m in quoted)
    assert f"e{CONTROLS}.txt" in records
    assert "\\u001b]0;pwned\\u0007" in out  # escaped as JSON escapes it


def test_parse_text_output_and_its_stderr_are_neutralised(evil_folder, capsys):
    code = main(["parse", str(evil_folder / "evil.txt"), str(evil_folder / f"e{CONTROLS}.txt")])
    out, err = capsys.readouterr()
    assert code == 2
    _no_raw_controls(out)
    _no_raw_controls(err)
    assert r"\x1b[2J" in err


def test_a_rule_error_quoting_a_control_character_is_neutralised(tmp_path, capsys):
    rules = tmp_path / "evil.rules"
    rules.write_text(f'rule T.EVIL\n  title "x" {CONTROLS}\nend\n', encoding="utf-8")
    assert main(["rules", "check", str(rules)]) == 2
    err = capsys.readouterr().err
    _no_raw_controls(err)
    assert f"{rules}:2:" in err


# -- (d) deeply nested rule expressions --------------------------------------------------------


def _nested(depth: int) -> str:
    return (
        'rule T.DEEP\n  title "深"\n  severity error\n  cite "测试"\n'
        f"  check {'(' * depth}表三.本年新收.自然人{')' * depth} == 0\nend\n"
    )


def test_nesting_up_to_the_limit_compiles() -> None:
    (rule,) = compile_text(_nested(MAX_NESTING), "deep.rules")
    assert rule.id == "T.DEEP"


@pytest.mark.parametrize("depth", [MAX_NESTING + 1, 5_000])
def test_deeper_nesting_is_a_rule_error_at_the_parenthesis(depth) -> None:
    with pytest.raises(RuleError) as caught:
        compile_text(_nested(depth), "deep.rules")
    error = caught.value
    assert (error.line, error.column, error.rule) == (5, 9 + MAX_NESTING, "T.DEEP")
    assert error.message == f"括号嵌套过深（最多 {MAX_NESTING} 层）"


def test_5000_nested_parentheses_are_exit_2_with_one_clear_message(tmp_path, capsys):
    rules = tmp_path / "deep.rules"
    rules.write_text(_nested(5_000), encoding="utf-8")
    assert main(["rules", "check", str(rules)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{rules}:5:{9 + MAX_NESTING}: 括号嵌套过深（最多 {MAX_NESTING} 层）")
    assert "RecursionError" not in err and "内部错误" not in err


def test_a_huge_nesting_is_refused_in_bounded_time_and_memory() -> None:
    """300 000 levels (a 600 KB file) took 5 s and 500 MB in the parser before failing."""
    text = _nested(300_000)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(RuleError):
            compile_text(text, "deep.rules")
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert elapsed < 2.0
    assert peak < 20 * 1024 * 1024


def test_parentheses_in_strings_comments_and_patterns_do_not_count() -> None:
    many = "(" * (MAX_NESTING + 5)
    escaped = "\\(" * (MAX_NESTING + 5)  # a pattern of literal parentheses
    text = (
        f'# {many}\nrule T.TEXT\n  title "{many}"\n  severity error\n  cite "测试"\n'
        f"  require section sec.1 matches /{escaped}/\nend\n"
    )
    (rule,) = compile_text(text, "text.rules")
    assert rule.id == "T.TEXT"


@pytest.mark.parametrize("escape", ["\\u4e00", "\\x", "\\N", "\\xe6"])
def test_a_string_escape_that_gives_no_text_is_a_rule_error(escape) -> None:
    """It raised ``VisitError`` (a UnicodeError inside the parser's transformer)."""
    text = (
        f'rule T.ESC\n  title "a{escape}"\n  severity error\n  cite "测试"\n  check 1 == 1\nend\n'
    )
    with pytest.raises(RuleError) as caught:
        compile_text(text, "esc.rules")
    assert (caught.value.line, caught.value.column, caught.value.rule) == (2, 9, "T.ESC")
    assert caught.value.message == "字符串中的转义无效"
