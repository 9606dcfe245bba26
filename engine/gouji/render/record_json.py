"""``gouji check --format json``: an array of records, byte-identical for identical input."""

from __future__ import annotations

import json

from ..record import Record


def dumps(records: list[Record]) -> str:
    return json.dumps([r.model_dump(mode="json") for r in records], ensure_ascii=False, indent=2)
