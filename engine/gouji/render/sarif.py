"""``--format sarif``: SARIF 2.1.0, for code-scanning dashboards and editor SARIF viewers.

One run; one result per failing finding (``kind: fail``, level from severity) and per finding
that could not be judged (``kind: review``, level ``none``: a person has to look, nothing is
known to be wrong). Passed and not-applicable findings are left out — some 650 per report that
would bury the rest. A waived failure stays a result, with an external suppression carrying the
waiver's reason, so dashboards show it as accepted rather than fixed. A file that could not be
checked at all is a tool execution notification, not a result: there is no report to point at.

Results stream out as records arrive; the rules metadata (a few dozen rules), and the
notifications (spooled to a temporary file) are written at ``close``, after the results —
JSON does not care about key order.
"""

from __future__ import annotations

import json
import tempfile
from typing import IO, TYPE_CHECKING, Any, ClassVar

from .. import __version__
from ..model import Location, Report
from ..record import Finding, Record
from ..vocabulary import cell_name
from .common import severity, source_uri

if TYPE_CHECKING:
    from .formats import OutputOptions

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
LEVEL = {"error": "error", "warning": "warning", "info": "note"}


class SarifOutput:
    """One SARIF log with one run, streamed result by result."""

    binary: ClassVar[bool] = False
    needs_report: ClassVar[bool] = False

    def __init__(self, stream: IO[str], options: OutputOptions) -> None:
        self.stream = stream
        self.rules: dict[str, int] = {}
        self.rule_meta: list[dict[str, Any]] = []
        self.rulesets: dict[str, str] = {}
        self.results = 0
        self.notifications = tempfile.SpooledTemporaryFile(  # noqa: SIM115  (closed in close())
            max_size=1 << 20, mode="w+", encoding="utf-8"
        )
        self.notification_count = 0
        self.started = False

    def _start(self) -> None:
        if not self.started:
            self.stream.write(
                f'{{\n  "$schema": "{SCHEMA_URI}",\n  "version": "2.1.0",\n  "runs": [\n    {{\n'
                '      "columnKind": "unicodeCodePoints",\n      "results": ['
            )
            self.started = True

    def add(self, record: Record, report: Report | None = None) -> None:
        self._start()
        if record.ruleset is not None:
            self.rulesets.setdefault(record.ruleset.id, record.ruleset.version)
        if record.verdict == "error":
            self._notify(record)
            return
        uri = source_uri(record.source)
        for finding in record.findings:
            if finding.status not in ("fail", "not_assessable"):
                continue
            result = self._result(finding, record, uri)
            self.stream.write(("\n" if self.results == 0 else ",\n") + " " * 8 + _dumps(result))
            self.results += 1

    def _rule_index(self, f: Finding) -> int:
        if f.rule not in self.rules:
            self.rules[f.rule] = len(self.rule_meta)
            full = f"{f.title}（依据：{f.cite}）" if f.cite else f.title
            meta: dict[str, Any] = {
                "id": f.rule,
                "name": f.rule,
                "shortDescription": {"text": f.title},
                "fullDescription": {"text": full},
                "defaultConfiguration": {"level": LEVEL[f.severity]},
                "properties": {"severity": f.severity},
            }
            if f.cite:
                meta["help"] = {"text": f"依据：{f.cite}"}
            self.rule_meta.append(meta)
        return self.rules[f.rule]

    def _result(self, f: Finding, record: Record, uri: str) -> dict[str, Any]:
        places = [
            _location(uri, key, f.locations[i] if i < len(f.locations) else None, record.edition)
            for i, key in enumerate(f.refs)
        ] or [_location(uri, None, f.locations[0] if f.locations else None, record.edition)]
        result: dict[str, Any] = {
            "ruleId": f.rule,
            "ruleIndex": self._rule_index(f),
            "kind": "fail" if f.status == "fail" else "review",
            "level": LEVEL[severity(f)] if f.status == "fail" else "none",
            "message": {"text": f.message},
            "locations": places[:1],
        }
        if len(places) > 1:
            result["relatedLocations"] = [
                {"id": i, **place, "message": {"text": place["logicalLocations"][0]["name"]}}
                for i, place in enumerate(places[1:], start=1)
            ]
        if f.status == "fail" and f.waived is not None:
            result["suppressions"] = [{"kind": "external", "justification": f.waived}]
        properties: dict[str, Any] = {
            "instance": f.instance,
            "severity": f.severity,
            "responsibility": f.responsibility,
            "assumptions": list(f.assumptions),
        }
        if f.expected is not None or f.actual is not None:
            properties.update(expected=f.expected, actual=f.actual)
        if f.cite:
            properties["cite"] = f.cite
        result["properties"] = properties
        return result

    def _notify(self, record: Record) -> None:
        rule = record.findings[0].rule if record.findings else "INPUT.UNREADABLE"
        note = {
            "level": "error",
            "message": {"text": record.error or f"{record.source}: 无法检查"},
            "locations": [
                {"physicalLocation": {"artifactLocation": {"uri": source_uri(record.source)}}}
            ],
            "descriptor": {"id": rule},
        }
        sep = "\n" if self.notification_count == 0 else ",\n"
        self.notifications.write(sep + " " * 12 + _dumps(note))
        self.notification_count += 1

    def close(self) -> None:
        self._start()
        driver = {
            "name": "gouji",
            "fullName": "勾稽 gouji：政府信息公开工作年度报告合规检查",
            "version": __version__,
            "semanticVersion": __version__,
            "rules": self.rule_meta,
        }
        self.stream.write(("\n      " if self.results else "") + "],\n")
        self.stream.write('      "tool": {"driver": ' + _dumps(driver) + "},\n")
        self.stream.write('      "invocations": [\n        {\n')
        self.stream.write('          "executionSuccessful": true,\n')
        self.stream.write('          "toolExecutionNotifications": [')
        self.notifications.seek(0)
        for chunk in iter(lambda: self.notifications.read(1 << 16), ""):
            self.stream.write(chunk)
        self.notifications.close()
        self.stream.write(("\n          " if self.notification_count else "") + "]\n")
        self.stream.write("        }\n      ],\n")
        self.stream.write('      "properties": {"rulesets": ' + _dumps(self.rulesets) + "}\n")
        self.stream.write("    }\n  ]\n}\n")


def _location(uri: str, key: str | None, loc: Location | None, edition: str) -> dict[str, Any]:
    """A SARIF location: the file and line (when the parser knows it) and the cell it names."""
    physical: dict[str, Any] = {"artifactLocation": {"uri": uri}}
    if loc is not None and loc.line is not None:
        region: dict[str, int] = {"startLine": loc.line}
        if loc.column is not None:
            region["startColumn"] = loc.column
        if loc.end_line is not None:
            region["endLine"] = loc.end_line
        if loc.end_column is not None:
            region["endColumn"] = loc.end_column
        physical["region"] = region
    out: dict[str, Any] = {"physicalLocation": physical}
    if key is not None:
        out["logicalLocations"] = [
            {
                "name": cell_name(key, edition),
                "fullyQualifiedName": key,
                "kind": "section" if key.startswith("sec.") else "cell",
            }
        ]
    if loc is not None:
        places = (("table", loc.table), ("row", loc.row), ("col", loc.col), ("page", loc.page))
        grid = {k: v for k, v in places if v is not None}
        if grid:
            out["properties"] = grid
    return out


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
