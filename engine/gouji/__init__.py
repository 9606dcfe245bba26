"""gouji (勾稽): a rules-as-code compliance engine for 政府信息公开工作年度报告."""

from __future__ import annotations

import gc as _gc

__version__ = "0.1.0"

# Importing gouji builds some 400 modules' classes, functions and compiled patterns, all of which
# live as long as the process: a collection during the import finds no garbage, yet the collector
# ran several, ~10 ms of a ~0.3 s ``gouji check FILE``. So it waits until the import is done, and
# then what was built goes straight to the oldest generation (``freeze`` + ``unfreeze`` moves
# objects without walking them; nothing is kept from collection): else the collector's first
# pass once enabled would walk all of it as young objects, another ~10 ms.
_collecting = _gc.isenabled()
_gc.disable()
try:
    from .api import check, parse
    from .engine import Engine
    from .errors import GoujiError, SourceError
    from .model import Cell, Note, Report, Section
    from .record import Finding, Record
    from .vocabulary import LocalRow
finally:
    _gc.freeze()
    _gc.unfreeze()
    if _collecting:
        _gc.enable()

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
