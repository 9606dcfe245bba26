"""``gouji parse``: the JSON contract, the text grids, and bad input as one clear line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEEDS, seed_expectations
from gouji.cli import main

SEED_004 = next(SEEDS.glob("004_*.txt"))


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_has_the_documented_fields(capsys):
    code, out, err = run(capsys, "parse", "--format", "json", str(SEED_004))
    assert (code, err) == (0, "")
    data = json.loads(out)
    for field in (
        "source",
        "sha256",
        "year",
        "edition",
        "issuer",
        "published",
        "sections",
        "cells",
        "notes",
    ):
        assert field in data
    assert data["year"] == 2024 and data["edition"] == "2021"
    assert len(data["sections"]) == 6


def test_json_cells_hold_every_key_with_numbers_and_labels(capsys):
    _, out, _ = run(capsys, "parse", "--format", "json", str(SEED_004))
    cells = json.loads(out)["cells"]
    expected = seed_expectations()[SEED_004.name]["cells"]
    assert set(cells) == set(expected)
    for key, value in expected.items():
        assert cells[key]["value"] == value, key
    new = cells["t3.new.natural"]
    assert new == {
        "value": 1,
        "semantic": "number",
        "raw": "1",
        "label": "一、本年新收政府信息公开申请数量",
        "loc": {"line": 77, "column": 2, "table": 1, "row": 3, "col": 1},
        "notes": [],
    }


def test_json_absent_cells_are_null_not_zero(capsys):
    path = next(SEEDS.glob("003_*.txt"))
    _, out, _ = run(capsys, "parse", "--format", "json", str(path))
    cell = json.loads(out)["cells"]["t3.new.natural"]
    assert cell["value"] is None and cell["semantic"] == "absent"
    assert cell["notes"]


def test_json_decimal_values_are_json_numbers(capsys):
    path = Path(__file__).parent / "data" / "corpus" / "pingtan" / "czj-2024.txt"
    _, out, _ = run(capsys, "parse", "--format", "json", str(path))
    assert '"value": 18651.064104' in out


def test_several_files_give_a_json_array(capsys):
    files = sorted(str(p) for p in SEEDS.glob("*.txt"))
    _, out, _ = run(capsys, "parse", "--format", "json", *files)
    data = json.loads(out)
    assert [d["source"] for d in data] == files


def test_text_shows_grids_sections_and_notes(capsys):
    path = next(SEEDS.glob("003_*.txt"))
    code, out, _ = run(capsys, "parse", str(path))
    assert code == 0
    assert "表三 收到和处理政府信息公开申请情况" in out
    new_row = next(line for line in out.splitlines() if "一、本年新收政府信息公开申请" in line)
    assert new_row.count("∅") == 7
    assert "sec.3 三、收到和处理政府信息公开申请情况：未找到" in out
    assert "[table.rows_absent]" in out
    assert "图例" in out


def test_text_marks_assumed_cells(capsys):
    path = next(SEEDS.glob("002_*.txt"))
    _, out, _ = run(capsys, "parse", str(path))
    row = next(
        line for line in out.splitlines() if line.strip().startswith("四、结转下年度继续办理")
    )
    assert row.split()[1:] == ["0*"] * 7


def test_missing_file_is_one_line_and_status_2(capsys):
    code, out, err = run(capsys, "parse", "no-such-report.txt")
    assert code == 2
    assert out == ""
    assert err == "gouji: no-such-report.txt: 文件不存在\n"


def test_bad_file_does_not_stop_the_others(capsys, tmp_path):
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    code, out, err = run(capsys, "parse", "--format", "json", str(binary), str(SEED_004))
    assert code == 2
    assert err.count("\n") == 1 and "二进制" in err
    assert json.loads(out)["source"] == str(SEED_004)


def test_directory_is_refused(capsys, tmp_path):
    code, _, err = run(capsys, "parse", str(tmp_path))
    assert code == 2 and "是目录" in err


def test_not_a_report_gives_a_report_whose_notes_say_so(capsys, tmp_path):
    guide = tmp_path / "guide.txt"
    guide.write_text(
        "政府信息公开指南\n为了更好地提供政府信息公开服务，特编制本指南。\n", encoding="utf-8"
    )
    code, out, _ = run(capsys, "parse", "--format", "json", str(guide))
    data = json.loads(out)
    assert code == 0
    assert data["is_report"] is False
    assert [n["code"] for n in data["notes"]][-1] == "document.not_report"


def test_console_script_never_prints_a_traceback(tmp_path):
    exe = Path(sys.executable).with_name("gouji")
    dangling = tmp_path / "moved.txt"
    dangling.symlink_to(tmp_path / "gone.txt")
    result = subprocess.run(
        [str(exe), "parse", str(dangling), str(tmp_path), "missing.html"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 3
    assert all(line.startswith("gouji: ") for line in lines)


def test_library_parse_takes_paths_bytes_and_text():
    import gouji

    by_path = gouji.parse(SEED_004)
    by_str_path = gouji.parse(str(SEED_004))
    by_bytes = gouji.parse(SEED_004.read_bytes(), name=str(SEED_004))
    by_text = gouji.parse(SEED_004.read_text(encoding="utf-8"), name=str(SEED_004))
    assert by_path.cells == by_str_path.cells == by_bytes.cells == by_text.cells
    assert by_path.sha256 == by_bytes.sha256


def test_library_parse_of_a_missing_file_is_an_error_not_an_empty_report():
    import gouji

    with pytest.raises(gouji.SourceError, match="文件不存在"):
        gouji.parse("no-such-report.html")
