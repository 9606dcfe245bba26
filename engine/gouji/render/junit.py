"""``--format junit``: JUnit XML, the test-report format every CI server can show.

One ``<testsuite>`` per report (named by its path), one ``<testcase>`` per finding (rule instance)
and one per rule whose passing instances the record counts (named by the rule id, the count as
the property ``instances``; with ``--show all`` every passing instance is its own bare testcase).
Non-passing cases carry the rule id, severity and status as properties: a failure is a
``<failure>``, a finding that could not be judged or does not apply is ``<skipped>``, and so is a
waived failure (with the waiver's reason: accepted, not passed). A file that could not be checked at all is an ``<error>``. Each
suite is serialised with ``xml.etree`` and written as it arrives; nothing is kept.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import IO, TYPE_CHECKING, ClassVar

from ..model import Report
from ..record import Finding, Record
from .common import STATUS_ZH, VERDICT_ZH, cell_names, label, xml_safe

if TYPE_CHECKING:
    from .formats import OutputOptions


class JunitOutput:
    binary: ClassVar[bool] = False
    needs_report: ClassVar[bool] = False

    def __init__(self, stream: IO[str], options: OutputOptions) -> None:
        self.stream = stream
        self.started = False

    def _start(self) -> None:
        if not self.started:
            self.stream.write('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="gouji">\n')
            self.started = True

    def add(self, record: Record, report: Report | None = None) -> None:
        self._start()
        suite = testsuite(record)
        ET.indent(suite, space="  ", level=1)
        self.stream.write("  " + ET.tostring(suite, encoding="unicode") + "\n")

    def close(self) -> None:
        self._start()
        self.stream.write("</testsuites>\n")


def testsuite(record: Record) -> ET.Element:
    """The ``<testsuite>`` of one record."""
    counts = {"failures": 0, "errors": 0, "skipped": 0}
    cases = []
    for f in record.findings:
        case, outcome = _testcase(f, record)
        if outcome:
            counts[outcome] += 1
        cases.append(case)
    for passed in record.passed:
        case = ET.Element("testcase", classname=_x(record.source), name=_x(passed.rule))
        props = ET.SubElement(case, "properties")
        ET.SubElement(props, "property", name="instances", value=str(passed.instances))
        cases.append(case)
    suite = ET.Element(
        "testsuite",
        {
            "name": _x(record.source),
            "tests": str(len(cases)),
            **{k: str(v) for k, v in counts.items()},
        },
    )
    props = ET.SubElement(suite, "properties")
    for name, value in (
        ("issuer", record.issuer),
        ("year", record.year),
        ("edition", record.edition),
        ("ruleset", f"{record.ruleset.id} {record.ruleset.version}" if record.ruleset else None),
        ("verdict", record.verdict),
        ("verdict_zh", VERDICT_ZH[record.verdict]),
        ("sha256", record.sha256 or None),
    ):
        if value is not None:
            ET.SubElement(props, "property", name=name, value=_x(str(value)))
    suite.extend(cases)
    return suite


def _testcase(f: Finding, record: Record) -> tuple[ET.Element, str | None]:
    case = ET.Element("testcase", classname=_x(record.source), name=_x(f.instance))
    if f.status == "pass":
        return case, None  # every passing instance (--show all): one line each
    props = ET.SubElement(case, "properties")
    ET.SubElement(props, "property", name="rule", value=f.rule)
    ET.SubElement(props, "property", name="severity", value=f.severity)
    ET.SubElement(props, "property", name="status", value=f.status)
    if f.responsibility == "extraction":
        ET.SubElement(props, "property", name="responsibility", value=f.responsibility)
    if f.status == "fail" and f.waived is not None:
        ET.SubElement(case, "skipped", message=_x(f"已豁免：{f.waived}"))
        return case, "skipped"
    if f.status == "fail" and f.responsibility == "extraction" and f.severity == "error":
        # Rests on the parser's reading: shown for a person to check, never a failed build.
        ET.SubElement(case, "skipped", message=_x(f"{label(f)}：{f.message}"))
        return case, "skipped"
    if f.status == "fail":
        tag = "error" if record.verdict == "error" else "failure"
        failure = ET.SubElement(case, tag, message=_x(f.message), type=f.rule)
        failure.text = _x(_details(f, record.edition))
        return case, "errors" if tag == "error" else "failures"
    ET.SubElement(case, "skipped", message=_x(f"{STATUS_ZH[f.status]}：{f.message}"))
    return case, "skipped"


def _details(f: Finding, edition: str) -> str:
    lines = [f"{f.title}", f.message]
    if f.refs:
        lines.append("单元格：" + "、".join(cell_names(f, edition)))
    if f.responsibility == "extraction":
        lines.append("注意：该结论依据解析时的推断，请核对原文")
    lines.extend(f"假设：{a}" for a in f.assumptions)
    if f.cite:
        lines.append(f"依据：{f.cite}")
    return "\n".join(lines)


def _x(text: str) -> str:
    return xml_safe(text)
