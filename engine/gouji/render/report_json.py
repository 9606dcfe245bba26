"""``gouji parse --format json``: one JSON object per report.

Every canonical key of the edition is present under ``cells`` (absent ones with ``value: null``
and ``semantic: "absent"``), values are JSON numbers, and locations omit the fields that do not
apply, so the output reads the same for every input kind.
"""

from __future__ import annotations

import json
from typing import Any

from ..model import Report


def _prune(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _prune(v) for k, v in value.items() if v is not None or k == "value"}
    if isinstance(value, list):
        return [_prune(v) for v in value]
    return value


def report_dict(report: Report) -> dict[str, Any]:
    data = report.model_dump(mode="json")
    cells = {}
    for key, cell in data["cells"].items():
        cells[key] = {
            "value": cell["value"],
            "semantic": cell["semantic"],
            "raw": cell["raw"],
            "label": cell["label"],
            "loc": _prune(cell["loc"]) if cell["loc"] else None,
            "notes": cell["notes"],
        }
    data["cells"] = cells
    return {k: (_prune(v) if k != "cells" else v) for k, v in data.items()}


def dumps(reports: list[Report]) -> str:
    payload: Any = (
        report_dict(reports[0]) if len(reports) == 1 else [report_dict(r) for r in reports]
    )
    return json.dumps(payload, ensure_ascii=False, indent=2)
