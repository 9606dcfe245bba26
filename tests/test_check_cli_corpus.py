"""``gouji check`` as a corpus run: the same bytes for any ``-j``, directories walked safely
(symlink loops, unreadable directories and files, pipes), every unreadable file an error record
and one stderr line, the run summary on stderr (or ending the text output, never both), the
progress bar only on a terminal, and ``gouji-baseline.toml`` waivers.

Verdicts of the seeds (tests/data/seeds/EXPECTED.md, tests/test_seeds.py): 003 (section 三 and
eight 表三 rows missing) and 004 (three arithmetic failures) fail, 000 warns (a repeated
heading), 001 and 002 pass or at most warn (rules for the text of a report are still being
added); all five are 乡镇 reports. 004 fails T3.BALANCE[total], T3.ROW_TOTAL[unable_not_held]
and T3.ROW_TOTAL[results_total]. Where a count depends on the pass/warn split, the expected
summary line is built from the records' own verdicts.
"""

from __future__ import annotations

import json
import os
import pty
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import DATA, SEEDS
from gouji.cli import main
from gouji.render.common import VERDICT_ZH
from test_plugins import make_home

SEED_FILES = sorted(SEEDS.glob("*.txt"))
S004 = SEED_FILES[4].name
HTML_PAGE = sorted((DATA / "html").glob("*.html"))[0]
GOUJI = Path(sys.executable).with_name("gouji")
FAILING_004 = {"T3.BALANCE[total]", "T3.ROW_TOTAL[unable_not_held]", "T3.ROW_TOTAL[results_total]"}


def _reports(root: Path) -> Path:
    """``root/reports``: the seeds, an HTML page in a subdirectory, and what a real archive
    also holds — a binary file, a dangling link, a pipe, DOCX and PDF files, a link back to a
    parent directory, and files of other kinds that are no reports."""
    reports = root / "reports"
    (reports / "sub").mkdir(parents=True)
    for seed in SEED_FILES:
        shutil.copy(seed, reports / seed.name)
    shutil.copy(HTML_PAGE, reports / "sub" / "page.html")
    (reports / "broken.txt").write_bytes(b"\x00\x01\x02binary\x00")
    (reports / "gone.txt").symlink_to(root / "nowhere.txt")
    os.mkfifo(reports / "pipe.txt")
    (reports / "scan.pdf").write_bytes(b"%PDF-1.4\n%not really\n")
    (reports / "sub" / "word.docx").write_bytes(b"PK\x03\x04 not really")
    (reports / "sub" / "loop").symlink_to(reports)  # a walk that follows it never ends
    (reports / "notes.json").write_text("{}", encoding="utf-8")
    return reports


ORDER = [
    *(f"reports/{p.name}" for p in SEED_FILES),
    "reports/broken.txt",
    "reports/gone.txt",
    "reports/pipe.txt",
    "reports/scan.pdf",
    "reports/sub/page.html",
    "reports/sub/word.docx",
]
"""What ``gouji check reports`` checks, in order: sorted by path, subdirectories in place."""
UNREADABLE = {
    "reports/broken.txt": "二进制内容",
    "reports/gone.txt": "文件不存在",
    "reports/pipe.txt": "不是普通文件",
    "reports/scan.pdf": ".pdf",
    "reports/sub/word.docx": ".docx",
}


@pytest.fixture
def archive(tmp_path, monkeypatch) -> Path:
    _reports(tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def gouji(*args: str, cwd: Path, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*prefix, str(GOUJI), *args], capture_output=True, text=True, cwd=cwd, timeout=600
    )


def records(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines()]


def head(verdicts: list[str]) -> str:
    """The summary's first line for these verdicts (order and names: ``render.common.VERDICT_ZH``)."""
    shown = [f"{name} {verdicts.count(v)}" for v, name in VERDICT_ZH.items() if v in verdicts]
    return f"检查报告 {len(verdicts)} 份：{'，'.join(shown)}"


def check_seeds(verdicts: list[str]) -> None:
    """The seeds' verdicts, in file order, as EXPECTED.md has them."""
    assert verdicts[0] == "warn" and verdicts[3:] == ["fail", "fail"]
    assert set(verdicts[1:3]) <= {"pass", "warn"}


# --- order and bytes ------------------------------------------------------------------------

FILE_FORMATS = ("json", "sarif", "csv", "junit", "github", "html")


def test_every_output_is_byte_identical_for_one_and_two_workers(tmp_path):
    _reports(tmp_path)
    args = ["--format", "jsonl", "reports", "missing.txt", f"reports/{S004}"]
    runs = {}
    for jobs in ("1", "2"):
        before = set(tmp_path.rglob("*"))
        outputs = [a for f in FILE_FORMATS for a in ("--output", f"{f}:out{jobs}.{f}")]
        done = gouji("check", "-j", jobs, *outputs, *args, cwd=tmp_path)
        assert done.returncode == 1, done.stderr
        written = {p.name for p in set(tmp_path.rglob("*")) - before}
        assert written == {f"out{jobs}.{f}" for f in FILE_FORMATS}  # and nothing else
        files = {f: (tmp_path / f"out{jobs}.{f}").read_bytes() for f in FILE_FORMATS}
        runs[jobs] = (done.stdout, done.stderr, files)
    assert runs["1"] == runs["2"]
    stdout, _, files = runs["2"]
    sources = [r["source"] for r in records(stdout)]
    assert sources == [*ORDER, "missing.txt", f"reports/{S004}"]
    # The html page draws every readable report's tables from worker processes too.
    html = files["html"].decode("utf-8")
    assert html.count('data-key="t3.new.total"') == 5 + 1 + 1
    assert 'data-key="t3.results_total.total"' in html


def test_a_directory_is_walked_in_order_and_every_bad_file_is_a_record(archive, capsys):
    status = main(["check", "-j", "1", "--format", "jsonl", "reports"])
    out, err = capsys.readouterr()
    assert status == 1
    found = records(out)
    assert [r["source"] for r in found] == ORDER
    by_source = {r["source"]: r for r in found}
    for source, words in UNREADABLE.items():
        record = by_source[source]
        assert record["verdict"] == "error", source
        assert [f["rule"] for f in record["findings"]] == ["INPUT.UNREADABLE"]
        assert record["error"].startswith(f"{source}: ") and words in record["error"]
    check_seeds([by_source[f"reports/{p.name}"]["verdict"] for p in SEED_FILES])
    problems = [line for line in err.splitlines() if line.startswith("gouji: ")]
    assert problems == [f"gouji: {by_source[s]['error']}" for s in ORDER if s in UNREADABLE]


def test_word_owner_files_in_a_directory_are_skipped_but_read_when_named(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(SEED_FILES[1], folder / "报告.txt")
    # What Word leaves beside an open document: a small binary "owner file".
    (folder / "~$报告.docx").write_bytes(b"\x0bgouji-user" + b"\x00" * 151)
    main(["check", "-j", "1", "--format", "jsonl", "reports"])
    assert [r["source"] for r in records(capsys.readouterr().out)] == ["reports/报告.txt"]
    assert main(["check", "-j", "1", "--format", "jsonl", "reports/~$报告.docx"]) == 1
    (record,) = records(capsys.readouterr().out)
    assert record["verdict"] == "error" and "锁定文件" in record["error"]


def test_a_symlink_loop_named_on_the_command_line_is_walked_once(archive, capsys):
    status = main(["check", "-j", "1", "--format", "jsonl", "reports/sub/loop"])
    out, _ = capsys.readouterr()
    assert status == 1
    assert [r["source"] for r in records(out)] == [
        s.replace("reports/", "reports/sub/loop/", 1) for s in ORDER
    ]


def _without_root_privileges() -> tuple[str, ...]:
    """A command prefix under which ``chmod 000`` blocks reading. As root it drops the
    capabilities that let root read anything (util-linux ``setpriv``)."""
    if os.geteuid() != 0:
        return ()
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        if os.environ.get("CI"):
            pytest.fail("setpriv (util-linux) is needed to test unreadable files as root")
        pytest.skip("running as root without setpriv: chmod 000 cannot block reading here")
    drop = "-dac_override,-dac_read_search"
    return (setpriv, f"--inh-caps={drop}", f"--bounding-set={drop}")


def test_an_unreadable_directory_or_file_is_a_record_and_the_run_goes_on(tmp_path):
    reports = tmp_path / "reports"
    (reports / "locked").mkdir(parents=True)
    shutil.copy(SEED_FILES[1], reports / "locked" / "hidden.txt")
    shutil.copy(SEED_FILES[1], reports / "a.txt")
    shutil.copy(SEED_FILES[4], reports / "secret.txt")
    shutil.copy(SEED_FILES[2], reports / "z.txt")
    (reports / "locked").chmod(0)
    (reports / "secret.txt").chmod(0)
    try:
        args = ("check", "-j", "2", "--format", "jsonl", "reports")
        done = gouji(*args, cwd=tmp_path, prefix=_without_root_privileges())
    finally:
        (reports / "locked").chmod(0o755)
        (reports / "secret.txt").chmod(0o644)
    assert done.returncode == 1
    found = {r["source"]: r for r in records(done.stdout)}
    assert list(found) == ["reports/a.txt", "reports/locked", "reports/secret.txt", "reports/z.txt"]
    assert found["reports/locked"]["error"] == "reports/locked: 无法列出目录内容（没有读取权限）"
    assert found["reports/secret.txt"]["error"] == "reports/secret.txt: 没有读取权限"
    assert {found[f"reports/{n}"]["verdict"] for n in ("a.txt", "z.txt")} <= {"pass", "warn"}
    assert done.stderr.splitlines()[:2] == [
        "gouji: reports/locked: 无法列出目录内容（没有读取权限）",
        "gouji: reports/secret.txt: 没有读取权限",
    ]


# --- summary, progress, plugins -------------------------------------------------------------


def test_the_summary_goes_to_stderr_and_the_records_to_stdout(capsys):
    status = main(["check", "-j", "1", "--format", "json", *map(str, SEED_FILES)])
    out, err = capsys.readouterr()
    assert status == 1
    verdicts = [r["verdict"] for r in json.loads(out)]
    check_seeds(verdicts)
    assert "检查报告" not in out
    lines = err.splitlines()
    assert lines[0] == head(verdicts) and "不合格 2" in lines[0]
    assert lines[1] == "未通过的规则（按涉及报告数）："
    rules = {line.split()[3]: line.split()[:3] for line in lines[2:-1]}
    assert rules["T3.ROW_TOTAL"] == ["1", "份", "错误"]  # 004, two rows: one report
    assert rules["T3.BALANCE"] == ["1", "份", "错误"]
    assert rules["SEC.DUPLICATE"] == ["1", "份", "警告"]  # 000
    assert rules["SEC.REQUESTS"] == ["1", "份", "错误"]  # 003
    assert lines[-1] == "发布主体层级：乡镇 5"


def test_text_output_ends_with_the_summary_and_stderr_stays_quiet(capsys):
    status = main(["check", "-j", "1", *map(str, SEED_FILES)])
    out, err = capsys.readouterr()
    assert status == 1
    assert err == ""  # one summary, not two
    tail = out.rstrip("\n").split("\n\n")[-1].splitlines()
    assert tail[0].startswith("检查报告 5 份：") and "不合格 2" in tail[0]
    assert tail[-1] == "发布主体层级：乡镇 5"
    assert out.count("检查报告 5 份") == 1


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path):
    _reports(tmp_path)
    done = gouji("check", "-j", "2", "--format", "jsonl", "reports", cwd=tmp_path)
    assert "\x1b" not in done.stderr and "份/秒" not in done.stderr and "\r" not in done.stderr
    lines = done.stderr.splitlines()
    for line, (source, words) in zip(lines, UNREADABLE.items(), strict=False):
        assert line.startswith(f"gouji: {source}: ") and words in line
    summary = lines[len(UNREADABLE)]
    assert summary.startswith("检查报告 11 份：") and summary.endswith("不合格 3，无法检查 5")


def _read_terminal(fd: int, into: bytearray) -> None:
    """Everything written to a pseudo-terminal, read as it comes (so the writer never blocks on
    a full terminal buffer) until its other end is closed."""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: the other end is closed, all read
            return
        if not chunk:
            return
        into.extend(chunk)


def test_a_progress_bar_on_a_terminal_only_on_stderr():
    main_fd, terminal = pty.openpty()
    env = {**os.environ, "COLUMNS": "120", "TERM": "xterm"}
    shown = bytearray()
    reader = threading.Thread(target=_read_terminal, args=(main_fd, shown), daemon=True)
    reader.start()
    try:
        done = subprocess.run(
            [str(GOUJI), "check", "-j", "1", "--format", "jsonl", *map(str, SEED_FILES)],
            stdout=subprocess.PIPE,
            stderr=terminal,
            env=env,
            timeout=600,
        )
        os.close(terminal)
        reader.join(60)
    finally:
        os.close(main_fd)
    text = shown.decode("utf-8", "replace")
    assert "检查报告" in text and "/5" in text  # the bar, drawn on the terminal
    assert "检查报告 5 份：" in text  # the summary, after the bar
    assert [json.loads(line)["source"] for line in done.stdout.splitlines()] == [
        str(p) for p in SEED_FILES
    ]
    assert b"\x1b" not in done.stdout


BROKEN_PLUGIN = "import no_such_module_here\n"


def test_a_broken_plugin_is_said_once_whatever_the_workers(tmp_path):
    home = make_home(tmp_path, {"broken.py": BROKEN_PLUGIN})
    files = [str(p) for p in SEED_FILES]
    done = gouji("check", "-j", "2", "--home", str(home), "--format", "jsonl", *files, cwd=tmp_path)
    said = [line for line in done.stderr.splitlines() if "插件" in line]
    assert len(said) == 1 and said[0].startswith("gouji: 插件 gouji_home_plugins.broken")
    assert len(done.stdout.splitlines()) == 5


def test_jobs_must_be_a_count(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["check", "-j", "-1", str(SEED_FILES[0])])
    assert exit_.value.code == 2
    assert "应为 0（全部核心）或正整数" in capsys.readouterr().err


# --- baseline -------------------------------------------------------------------------------


def _baseline(path: Path, *waivers: tuple[str, str, str]) -> None:
    """``(report glob, rule, expires)`` waivers, each with a reason naming its rule."""
    path.write_text(
        "".join(
            f'[[waiver]]\nreport = "{report}"\nrule = "{rule}"\nreason = "已知：{rule}"\n'
            f"expires = {expires}\n\n"
            for report, rule, expires in waivers
        ),
        encoding="utf-8",
    )


@pytest.fixture
def seeds(tmp_path, monkeypatch) -> Path:
    (tmp_path / "reports").mkdir()
    for seed in SEED_FILES:
        shutil.copy(seed, tmp_path / "reports" / seed.name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_waived_failures_leave_the_verdict_and_the_exit_status(seeds, capsys):
    _baseline(
        seeds / "gouji-baseline.toml",
        (f"reports/{S004}", "T3.BALANCE[total]", "2999-12-31"),
        ("reports/004_*.txt", "T3.ROW_TOTAL", "2999-12-31"),
        ("reports/001_*.txt", "T3.BALANCE", "2999-12-31"),  # 001 balances: unused
    )
    args = ["-j", "1", "--format", "jsonl", "--output", "sarif:o.sarif"]
    status = main(["check", *args, f"reports/{S004}"])
    out, err = capsys.readouterr()
    assert status == 0
    (record,) = records(out)
    assert record["verdict"] in ("pass", "warn")
    assert record["summary"]["waived"] == 3 and record["summary"]["errors"] == 0
    waived = {f["instance"]: f["waived"] for f in record["findings"] if f["status"] == "fail"}
    assert waived == {
        "T3.BALANCE[total]": "已知：T3.BALANCE[total]",
        "T3.ROW_TOTAL[unable_not_held]": "已知：T3.ROW_TOTAL",
        "T3.ROW_TOTAL[results_total]": "已知：T3.ROW_TOTAL",
    }
    lines = err.splitlines()
    assert lines[0] == head([record["verdict"]])
    summary = [line for line in lines if not line.startswith("gouji: ")]
    assert not any(" T3." in line for line in summary)  # waived failures are no failing rules
    assert lines[-1] == (
        "gouji: 基线 gouji-baseline.toml 第 3 条豁免未匹配任何不通过项（问题已修正，或路径、"
        "规则写错）：reports/001_*.txt · T3.BALANCE（已知：T3.BALANCE；有效期至 2999-12-31）"
    )
    results = json.loads((seeds / "o.sarif").read_text(encoding="utf-8"))["runs"][0]["results"]
    suppressed = {
        r["properties"]["instance"]: r["suppressions"] for r in results if r["kind"] == "fail"
    }
    assert set(suppressed) == FAILING_004
    assert suppressed["T3.BALANCE[total]"] == [
        {"kind": "external", "justification": "已知：T3.BALANCE[total]"}
    ]


def test_text_output_marks_waived_failures_and_counts_them_apart(seeds, capsys):
    _baseline(seeds / "gouji-baseline.toml", (f"reports/{S004}", "T3.BALANCE[total]", "2999-12-31"))
    assert main(["check", "-j", "1", f"reports/{S004}"]) == 1  # two ROW_TOTAL failures remain
    out = capsys.readouterr().out
    lines = out.splitlines()
    (waived,) = [i for i, ln in enumerate(lines) if ln.startswith("  已豁免 T3.BALANCE[total]  ")]
    assert lines[waived + 2] == "      豁免理由：已知：T3.BALANCE[total]"
    # Failures that count come first; the waived one after them, counted apart.
    assert all(not ln.startswith("  已豁免") for ln in lines[:waived])
    assert any(ln.startswith("  错误 T3.ROW_TOTAL[") for ln in lines[:waived])
    assert "，已豁免 1" in out


def test_an_expired_waiver_fails_again_and_is_said(seeds, capsys):
    _baseline(
        seeds / "waivers.toml",
        (S004, "T3.BALANCE", "2020-01-01"),
        (S004, "T3.ROW_TOTAL", "2999-12-31"),
    )
    args = ["-j", "1", "--format", "jsonl", "--baseline", "waivers.toml"]
    status = main(["check", *args, "reports"])
    out, err = capsys.readouterr()
    assert status == 1
    record = records(out)[4]
    failing = {f["instance"]: f["waived"] for f in record["findings"] if f["status"] == "fail"}
    assert failing["T3.BALANCE[total]"] is None
    assert failing["T3.ROW_TOTAL[results_total]"] == "已知：T3.ROW_TOTAL"
    assert record["verdict"] == "fail" and record["summary"]["waived"] == 2
    assert err.splitlines()[-1] == (
        "gouji: 基线 waivers.toml 第 1 条豁免已过期，对应的不通过项重新计为失败："
        f"{S004} · T3.BALANCE（已知：T3.BALANCE；有效期至 2020-01-01）"
    )


def test_no_baseline_ignores_the_file_in_the_working_directory(seeds, capsys):
    _baseline(seeds / "gouji-baseline.toml", ("*", "T3.BALANCE", "2999-12-31"))
    status = main(["check", "-j", "1", "--format", "jsonl", "--no-baseline", f"reports/{S004}"])
    out, err = capsys.readouterr()
    assert status == 1
    assert records(out)[0]["summary"]["waived"] == 0
    assert "基线" not in err


def test_a_waived_unreadable_file_is_still_not_checked(seeds, capsys):
    _baseline(seeds / "gouji-baseline.toml", ("missing.txt", "INPUT.UNREADABLE", "2999-12-31"))
    status = main(["check", "-j", "1", "--format", "jsonl", "missing.txt"])
    out, err = capsys.readouterr()
    assert status == 0  # accepted
    (record,) = records(out)
    assert record["verdict"] == "error" and record["summary"]["waived"] == 1
    assert err.splitlines()[0] == "gouji: missing.txt: 文件不存在"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "gouji: nothing.toml: 无法读取基线文件（No such file or directory）"),
        ("[[waiver]\n", "gouji: nothing.toml: 基线文件不是合法的 TOML"),
        (
            '[[waiver]]\nreport = "*"\n',
            "gouji: nothing.toml: 第 1 条豁免缺少 rule、reason、expires",
        ),
    ],
)
def test_a_bad_baseline_stops_the_run_before_any_report(seeds, capsys, content, message):
    if content is not None:
        (seeds / "nothing.toml").write_text(content, encoding="utf-8")
    args = ["check", "-j", "1", "--baseline", "nothing.toml", "--output", "json:out.json"]
    status = main([*args, "reports"])
    out, err = capsys.readouterr()
    assert status == 2
    assert out == "" and len(err.splitlines()) == 1 and err.startswith(message)
    assert not (seeds / "out.json").exists()


@pytest.mark.parametrize("content", [{}, {"notes.json": "{}", "说明.xlsx": "x"}])
def test_a_folder_without_reports_is_an_error_not_a_pass(tmp_path, capsys, content):
    # A CI job pointed at the wrong folder must not pass for having checked nothing.
    folder = tmp_path / "reports"
    folder.mkdir()
    for name, text in content.items():
        (folder / name).write_text(text, encoding="utf-8")
    assert main(["check", str(folder)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("gouji: 没有找到可检查的报告文件（") and str(folder) in err
