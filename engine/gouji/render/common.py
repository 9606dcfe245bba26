"""What the file formats of ``gouji check`` share: Chinese words, which findings to list, paths.

Kept in one place so that SARIF, JUnit, CSV, XLSX and HTML say the same thing about the same
finding (the same Chinese cell names, the same idea of "a problem").
"""

from __future__ import annotations

import re
from pathlib import PurePath, PureWindowsPath
from urllib.parse import quote

from ..record import Finding, Record
from ..vocabulary import cell_name

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
STATUS_ZH = {
    "pass": "通过",
    "fail": "不通过",
    "not_assessable": "无法判断",
    "not_applicable": "不适用",
}
VERDICT_ZH = {
    "pass": "合格",
    "warn": "有警告",
    "review": "待核对",
    "fail": "不合格",
    "not_applicable": "不适用",
    "error": "无法检查",
}
RESPONSIBILITY_ZH = {"source": "报告本身", "extraction": "解析推断"}
"""Verdict words in the order a run summary lists them; ``review``: only failures that rest on
the parser's reading, which a person must check against the source."""
UNCONFIRMED_ZH = "待核对"
"""What an error-level failure resting on the parser's reading is called instead of 错误."""


def severity(finding: Finding) -> str:
    """The severity a format reports a finding at: an error that rests on the parser's reading
    is a ``warning`` (shown, never failing a build), as it does not count against the report."""
    if finding.severity == "error" and finding.responsibility == "extraction":
        return "warning"
    return finding.severity


def label(finding: Finding) -> str:
    """The word a finding is listed under: 已豁免 for a waived failure (shown, not counted),
    待核对 for an error that rests on the parser's reading, else its severity."""
    if finding.waived is not None:
        return "已豁免"
    if finding.severity == "error" and finding.responsibility == "extraction":
        return UNCONFIRMED_ZH
    return SEVERITY_ZH[finding.severity]


def is_problem(finding: Finding) -> bool:
    """A finding a reader must look at: a failure (waived or not) or one that could not be
    judged. Passed and not-applicable findings are the bulk (~650 per report) and say nothing."""
    return finding.status in ("fail", "not_assessable")


def shown(record: Record, show_all: bool) -> list[Finding]:
    """The findings a row-per-finding format lists: problems, or every finding."""
    return list(record.findings) if show_all else [f for f in record.findings if is_problem(f)]


def cell_names(finding: Finding, edition: str) -> list[str]:
    """The finding's cells (and section keys) by their short Chinese names."""
    return [cell_name(key, edition) for key in finding.refs]


def posix(source: str) -> str:
    """A source path with forward slashes, as CI systems and SARIF viewers expect."""
    if "\\" in source and not source.startswith("/"):
        return PureWindowsPath(source).as_posix()
    return PurePath(source).as_posix()


def source_uri(source: str) -> str:
    """A record's source as a URI reference: a relative path stays relative (percent-encoded
    where a URI needs it, e.g. Chinese file names or spaces), an absolute one is a file URI."""
    path = posix(source)
    if path.startswith("/"):
        return "file://" + quote(path, safe="/")
    if re.match(r"^[A-Za-z]:/", path):
        return "file:///" + quote(path, safe="/:")
    return quote(path, safe="/")


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """Text with the characters XML 1.0 cannot hold at all removed (copied report text can
    carry stray control characters; an escaped one would still make the file unreadable)."""
    return _XML_INVALID.sub("", text)
