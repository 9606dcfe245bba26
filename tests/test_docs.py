"""The documentation keeps up with the code: every note code the engine can emit is documented."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parent.parent
ENGINE = ROOT / "engine" / "gouji"
NOTES_DOC = ROOT / "docs" / "parser-notes.md"

_LITERAL_CODE = re.compile(
    r"""["']((?:label|cells|digits|rows|table|header|edition|document|residue|metadata|html|docx|encoding|value)\.[a-z_]+)["']"""
)


def emitted_codes() -> set[str]:
    codes: set[str] = set()
    for path in ENGINE.rglob("*.py"):
        codes.update(_LITERAL_CODE.findall(path.read_text(encoding="utf-8")))
    from gouji.ingest import residue

    # residue notes are built as f"residue.{kind}" from the kinds residue_kind() returns
    kinds = set(residue._KIND_OF_GROUP.values()) | {"editor"}
    codes.update(f"residue.{k}" for k in kinds)
    return codes


def documented_codes() -> set[str]:
    return set(re.findall(r"`([a-z_]+\.[a-z_]+)`", NOTES_DOC.read_text(encoding="utf-8")))


def test_every_note_code_is_documented():
    missing = emitted_codes() - documented_codes()
    assert not missing, f"undocumented note codes: {sorted(missing)}"


def test_no_documented_code_is_stale():
    stale = documented_codes() - emitted_codes()
    assert not stale, f"documented but never emitted: {sorted(stale)}"


def test_readme_quick_start_has_exactly_two_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```(?:sh|bash)?\n(.*?)```", section, re.S).group(1)
    commands = [line for line in block.splitlines() if line.strip()]
    assert len(commands) == 2
    assert "gouji check" in commands[0] and "pytest" in commands[1]
