"""The command line's help: every text in Chinese above its English, wrapped to the terminal."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from gouji.cli import _parser
from gouji.commands.help_zh import ZH, _wrap_wide, missing, stale
from gouji.render.width import width


def test_every_help_text_has_its_chinese() -> None:
    assert missing(_parser(translate=False)) == []


def test_the_catalog_holds_nothing_unused() -> None:
    assert stale() == []


def _help(*command: str, columns: int = 80) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "gouji", *command, "--help"],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": str(columns)},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert not done.stderr
    return done.stdout


@pytest.mark.parametrize(
    "command",
    [
        (),
        ("check",),
        ("parse",),
        ("plugins",),
        ("rules",),
        ("rules", "list"),
        ("rulesets",),
        ("rulesets", "show"),
        ("schema",),
    ],
)
def test_help_shows_chinese_above_english_within_the_terminal(command: tuple[str, ...]) -> None:
    text = _help(*command)
    assert "选项 options:" in text
    assert "显示此帮助并退出\n" in text and "show this help message and exit" in text
    assert all(width(line) <= 80 for line in text.splitlines()), text


def test_check_help_pairs_each_option_with_both_languages() -> None:
    text = _help("check")
    for english in (
        "exit 1 when a finding of this severity or above fails",
        "use this ruleset instead of choosing by format",
    ):
        chinese = ZH[next(k for k in ZH if k.startswith(english))]
        at = text.index(chinese[:10])
        assert at < text.index(english) < at + 200  # the Chinese line, then its English


def test_chinese_wraps_by_display_width_without_cutting_words_or_starting_with_a_mark() -> None:
    lines = _wrap_wide("同一次检查中另将 FORMAT 格式写入 FILE（可重复），如 sarif:gouji.sarif", 20)
    assert all(width(line) <= 21 for line in lines)
    assert "sarif:gouji.sarif" in lines[-1]
    assert not any(line[0] in "，。；）" for line in lines)
    assert (
        "".join(lines).replace(" ", "")
        == "同一次检查中另将FORMAT格式写入FILE（可重复），如sarif:gouji.sarif"
    )
