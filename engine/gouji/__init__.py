"""gouji (勾稽): a rules-as-code compliance engine for 政府信息公开工作年度报告."""

from __future__ import annotations

__version__ = "0.1.0"

from .api import check, parse
from .engine import Engine
from .errors import GoujiError, SourceError
from .model import Cell, Note, Report, Section
from .record import Finding, Record
from .vocabulary import LocalRow

__all__ = [
    "Cell",
    "Engine",
    "Finding",
    "GoujiError",
    "LocalRow",
    "Note",
    "Record",
    "Report",
    "Section",
    "SourceError",
    "__version__",
    "check",
    "parse",
]
