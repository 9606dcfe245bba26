"""gouji (勾稽): a rules-as-code compliance engine for 政府信息公开工作年度报告."""

from __future__ import annotations

__version__ = "0.1.0"

from .api import parse
from .errors import GoujiError, SourceError
from .model import Cell, Note, Report, Section

__all__ = ["Cell", "GoujiError", "Note", "Report", "Section", "SourceError", "__version__", "parse"]
