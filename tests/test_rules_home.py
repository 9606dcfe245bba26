"""Which rules home is used: --home > GOUJI_HOME > the nearest rulesets.toml walking up > the
home bundled in the installed wheel."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import OFFICE_RULE, SEEDS
from gouji.home import home_dir

ROOT = Path(__file__).parent.parent
SEED_001 = next(SEEDS.glob("001_*.txt"))


@pytest.fixture
def office(tmp_path: Path) -> Path:
    """An office's own rules home: the national rules plus one of its own."""
    home = tmp_path / "office"
    shutil.copytree(ROOT / "rules", home / "rules")
    (home / "rules" / "office").mkdir()
    (home / "rules" / "office" / "local.rules").write_text(OFFICE_RULE, encoding="utf-8")
    text = (ROOT / "rulesets.toml").read_text(encoding="utf-8")
    text = text.replace('"rules/gb2021/*.rules"', '"rules/gb2021/*.rules", "rules/office/*.rules"')
    (home / "rulesets.toml").write_text(text, encoding="utf-8")
    (home / "reports").mkdir()
    return home


def test_precedence(office, monkeypatch, tmp_path):
    monkeypatch.delenv("GOUJI_HOME", raising=False)
    inside = office / "reports"
    assert home_dir(cwd=inside) == office
    assert home_dir(ROOT, cwd=inside) == ROOT
    monkeypatch.setenv("GOUJI_HOME", str(ROOT))
    assert home_dir(cwd=inside) == ROOT
    monkeypatch.delenv("GOUJI_HOME")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    assert (home_dir(cwd=outside) / "rulesets.toml").is_file()  # the bundled / installed home


def _gouji(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("gouji")
    environment = {k: v for k, v in os.environ.items() if k != "GOUJI_HOME"}
    environment.update(env or {})
    return subprocess.run(
        [str(exe), *args], capture_output=True, text=True, cwd=cwd, env=environment
    )


def test_an_office_home_is_used_when_gouji_runs_inside_it(office):
    result = _gouji("check", "--format", "json", str(SEED_001), cwd=office / "reports")
    (record,) = json.loads(result.stdout)
    ids = {f["rule"] for f in record["findings"]}
    assert "OFFICE.NO_PENALTIES" in ids
    assert any(f["path"] == "rules/office/local.rules" for f in record["ruleset"]["files"])
    assert result.returncode == 1  # 行政处罚 18 fails the office's own rule


def test_outside_any_home_the_national_rules_apply(office):
    result = _gouji("check", "--format", "json", str(SEED_001), cwd=office.parent)
    (record,) = json.loads(result.stdout)
    assert "OFFICE.NO_PENALTIES" not in {f["rule"] for f in record["findings"]}
    assert result.returncode == 0


@pytest.mark.slow
def test_the_built_wheel_works_from_outside_the_repository(tmp_path):
    """Builds the wheel, installs it into a fresh virtual environment and checks a report from a
    folder outside the repository: the rules home must come from inside the wheel."""
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)],
        check=True,
    )
    (wheel,) = dist.glob("gouji-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = venv / "bin" / "pip"
    subprocess.run([str(pip), "install", "-q", str(wheel)], check=True)
    outside = tmp_path / "work"
    outside.mkdir()
    shutil.copy(SEED_001, outside / "report.txt")
    result = subprocess.run(
        [str(venv / "bin" / "gouji"), "check", "--format", "json", "report.txt"],
        capture_output=True,
        text=True,
        cwd=outside,
        env={k: v for k, v in os.environ.items() if k != "GOUJI_HOME"},
    )
    (record,) = json.loads(result.stdout)
    assert record["ruleset"]["id"] == "gb2021"
    assert record["verdict"] == "pass"
    assert record["issuer_class"]["county"] == "酉阳土家族苗族自治县"
    assert (outside / "report.txt").read_bytes() == SEED_001.read_bytes()
