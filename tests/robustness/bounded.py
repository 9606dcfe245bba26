"""Running a piece of gouji in a child process with its memory capped, and measuring it.

A hostile input must not take the machine down: the child runs under ``RLIMIT_AS`` (so a blow-up
is a ``MemoryError`` in the child, not a swapping test host) and a wall-clock limit (a hang is a
failed test, not a stuck CI job). The child's ``result`` comes back as JSON with its own peak
resident memory and the time it took, the figures docs/robustness.md records.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from dataclasses import dataclass

GB = 1 << 30

_FOOTER = """
import json as _json, resource as _resource
print(_json.dumps({"result": result,
                   "peak_kb": _resource.getrusage(_resource.RUSAGE_SELF).ru_maxrss}))
"""


@dataclass(frozen=True)
class Bounded:
    result: object
    """The child's ``result`` variable, through JSON."""
    peak_mb: float
    """The child's peak resident memory."""
    seconds: float


def run_bounded(code: str, *, memory: int = GB, timeout: float = 120) -> Bounded:
    """Run ``code`` (Python that sets ``result`` to something JSON can hold) in a child limited
    to ``memory`` bytes of address space; fail the test if it dies, overruns or sets nothing."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code + _FOOTER],
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=limit,
        check=False,
    )
    seconds = time.perf_counter() - start
    assert done.returncode == 0, done.stderr[-2000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    return Bounded(out["result"], out["peak_kb"] / 1024, seconds)
