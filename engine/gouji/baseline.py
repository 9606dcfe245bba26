"""Known findings an office has decided to accept for now: ``gouji-baseline.toml``.

A corpus of real reports always holds failures nobody can fix this year (a report already
published, a unit that no longer exists). Like Ruff's ``--add-noqa`` baseline or pytest's xfail,
a waiver keeps such a failure visible but out of the verdict, and only until its expiry date,
so it cannot silently become permanent. A waiver names the report (a path glob or the file's
sha256), the rule (an id, or one instance such as ``T3.BALANCE[total]``), a reason, and an
expiry date::

    [[waiver]]
    report  = "reports/2023/*额敏镇*.txt"
    rule    = "T3.BALANCE[total]"
    reason  = "原报告已发布，更正件待上级审核"
    expires = 2027-03-31

A waiver past its expiry date waives nothing (the finding fails again) and is listed as
expired; one that matched no failing finding in a run is listed as unused.
"""

from __future__ import annotations

import datetime as _dt
import sys
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path, PurePath

from .errors import GoujiError
from .record import Finding, Record, summarize, verdict

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

BASELINE_FILE = "gouji-baseline.toml"


@dataclass(frozen=True, slots=True)
class Waiver:
    report: str
    rule: str
    reason: str
    expires: _dt.date
    line: int = 0
    """1-based position of the waiver in the file (its ``[[waiver]]`` order), for messages."""

    def matches(self, record: Record, finding: Finding) -> bool:
        if self.rule not in (finding.rule, finding.instance):
            return False
        if self.report == record.sha256:
            return True
        path = PurePath(record.source).as_posix()
        return fnmatch(path, self.report) or fnmatch(path, f"*/{self.report}")

    def expired(self, today: _dt.date) -> bool:
        return today > self.expires

    def describe(self) -> str:
        return f"{self.report} · {self.rule}（{self.reason}；有效期至 {self.expires.isoformat()}）"


@dataclass(slots=True)
class Baseline:
    """The waivers of one file, and which of them a run has used."""

    waivers: tuple[Waiver, ...]
    path: Path | None = None
    today: _dt.date = field(default_factory=_dt.date.today)
    used: set[int] = field(default_factory=set)
    expired_hits: set[int] = field(default_factory=set)

    def apply(self, record: Record) -> Record:
        """The record with every failure a live waiver matches marked ``waived`` (and its
        summary and verdict recomputed); a matching expired waiver is remembered, not applied."""
        changed = False
        findings = []
        for finding in record.findings:
            waiver = self._waiver_for(record, finding) if finding.status == "fail" else None
            if waiver is not None:
                finding = finding.model_copy(update={"waived": waiver.reason})
                changed = True
            findings.append(finding)
        if not changed:
            return record
        summary = summarize(tuple(findings), record.passed)
        return record.model_copy(
            update={"findings": tuple(findings), "summary": summary, "verdict": verdict(summary)}
        )

    def _waiver_for(self, record: Record, finding: Finding) -> Waiver | None:
        for i, waiver in enumerate(self.waivers):
            if waiver.matches(record, finding):
                if waiver.expired(self.today):
                    self.expired_hits.add(i)
                    continue
                self.used.add(i)
                return waiver
        return None

    def expired(self) -> list[Waiver]:
        """Expired waivers that still matched a failure in this run: each is a failure itself."""
        return [w for i, w in enumerate(self.waivers) if i in self.expired_hits]

    def unused(self) -> list[Waiver]:
        """Waivers that matched nothing in this run (the failure was fixed, or the glob is wrong)."""
        return [
            w
            for i, w in enumerate(self.waivers)
            if i not in self.used and i not in self.expired_hits
        ]


def load_baseline(path: str | Path, today: _dt.date | None = None) -> Baseline:
    """Read a baseline file. A malformed one is a ``GoujiError`` naming the file and waiver."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise GoujiError(f"{path}: 无法读取基线文件（{exc.strerror or exc}）") from None
    except tomllib.TOMLDecodeError as exc:
        raise GoujiError(f"{path}: 基线文件不是合法的 TOML（{exc}）") from None
    waivers = []
    for n, entry in enumerate(raw.get("waiver", []), start=1):
        missing = [k for k in ("report", "rule", "reason", "expires") if k not in entry]
        if missing:
            raise GoujiError(f"{path}: 第 {n} 条豁免缺少 {'、'.join(missing)}")
        expires = entry["expires"]
        if not isinstance(expires, _dt.date) or isinstance(expires, _dt.datetime):
            raise GoujiError(f"{path}: 第 {n} 条豁免的 expires 须为日期（如 2027-03-31）")
        waivers.append(
            Waiver(str(entry["report"]), str(entry["rule"]), str(entry["reason"]), expires, n)
        )
    return Baseline(tuple(waivers), path, today or _dt.date.today())
