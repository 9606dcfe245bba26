"""A misspelt flag, command or choice gets the closest one (issue 14: did-you-mean)."""

from __future__ import annotations

import pytest

from gouji.cli import main


@pytest.mark.parametrize(
    ("argv", "hint"),
    [
        (["check", "--tmeout", "3", "x.txt"], "是否指 --timeout？"),
        (["check", "--fail-on=errr", "x.txt"], "是否指 error？"),
        (["chek", "x.txt"], "是否指 check？"),
        (["rules", "lsit"], "是否指 list？"),
        (["rules", "list", "--formt", "json"], "是否指 --format？"),
    ],
)
def test_a_misspelling_gets_the_closest_word(argv, hint, capsys):
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2
    assert hint in capsys.readouterr().err


def test_nothing_is_offered_when_nothing_is_close(capsys):
    with pytest.raises(SystemExit):
        main(["check", "--zzzzzz", "x.txt"])
    assert "是否指" not in capsys.readouterr().err
