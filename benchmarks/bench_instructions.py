"""Instructions per check: what ``Engine.check_report`` costs, counted rather than timed.

    python benchmarks/bench_instructions.py [--rounds R] [--engine PATH]

The development machine's speed drifts by some 15 % between runs minutes apart, so two
versions a few per cent apart cannot be told apart by the clock. Valgrind's cachegrind counts
the instructions a process executes, the same to within 0.01 % from run to run. This script runs
the same workload twice under it — every real text report of ``tests/real_reports.py`` parsed
``R`` times, and the same with each parse checked — and prints the difference divided by the
number of checks: the instructions one check costs, parse excluded, start-up excluded.
``--engine`` points ``PYTHONPATH`` at another version's ``engine/`` (e.g. a ``git archive`` of
an older commit) to compare two versions. Needs ``valgrind`` (Debian: ``apt-get install
valgrind``); without it the script says so and exits 1.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_WORKLOAD = """
import sys
sys.path.insert(0, {tests!r})
import gouji
from gouji.engine import Engine
from real_reports import real_reports
engine = Engine()
for rid in engine.rulesets:
    engine.ruleset(rid)
reports = [(r.path.name, r.path.read_bytes()) for r in real_reports()
           if r.path.suffix.lower() not in (".pdf", ".docx")]
engine.check_report(gouji.parse(reports[1][1], name=reports[1][0]))  # warm: every lazy step
check = sys.argv[1] == "check"
for _ in range({rounds}):
    for name, data in reports:
        report = gouji.parse(data, name=name)
        if check:
            engine.check_report(report)
        del report
print(len(reports))
"""


def _instructions(script: str, mode: str, env: dict[str, str]) -> tuple[int, int]:
    """(instructions executed, reports in the workload) of one run under cachegrind."""
    done = subprocess.run(
        [
            "valgrind",
            "--tool=cachegrind",
            "--cache-sim=no",
            "--cachegrind-out-file=/dev/null",
            sys.executable,
            "-c",
            script,
            mode,
        ],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    refs = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if refs is None:
        raise SystemExit(
            f"bench_instructions: no instruction count in valgrind's output:\n{done.stderr}"
        )
    return int(refs[1].replace(",", "")), int(done.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--engine", type=Path, help="another version's engine/ directory")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        print("bench_instructions: valgrind is not installed (apt-get install valgrind)")
        raise SystemExit(1)
    env = {**os.environ, "PYTHONHASHSEED": "0"}  # the same set and dict orders every run
    if args.engine is not None:
        env["PYTHONPATH"] = str(args.engine.resolve())
    script = _WORKLOAD.format(tests=str(ROOT / "tests"), rounds=args.rounds)
    parsed, n = _instructions(script, "parse", env)
    checked, _ = _instructions(script, "check", env)
    checks = n * args.rounds
    print(f"{checks} checks of {n} real text reports ({args.engine or 'this tree'})")
    print(f"instructions per check: {(checked - parsed) / checks / 1e6:.2f} M")


if __name__ == "__main__":
    main()
