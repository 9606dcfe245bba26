"""The labelled pair set: real crawler dumps (``page.txt``, saved as ``pairs/<id>.txt``) with their tables' cells as the
page's HTML table prints them (``truth/<id>.json``), under ``tests/data/pairs``.

A truth file holds each table row's cells in template order, as typed from the HTML table:

    {"id": "gaj-2024", "issuer": "平潭综合实验区公安局", "year": 2024, "edition": "2021",
     "txt": "pairs/gaj-2024.txt", "html": {"repo": ..., "path": ..., "commit": ..., "total_chars": N},
     "t2": {"regulations": [0, 0, 0], ...}, "t3": {"new": [8, 0, 0, 0, 0, 0, 8], ...},
     "t4": [0, 0, ...15 values], "defects": ["..."], "remarks": "..."}

A value is an int, a decimal as a string ("12.5"), "" for a cell the HTML leaves empty, or the
cell's text ("/", "见附件"). A row the HTML table does not print is left out.

``python benchmarks/pairs.py`` checks every truth file independently of gouji's parser: the
shape of each row for the edition, the template identities (a failure is listed, since real
reports have real defects; it must then be named under ``defects``), and that each row's values
written together appear, in order, in the dump's text with whitespace removed — the dump is the
same page's text, so this catches a mistyped or misplaced value.
"""

from __future__ import annotations

import json
import re
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
PAIRS = DATA / "pairs"
sys.path.insert(0, str(ROOT / "engine"))
sys.path.insert(0, str(ROOT / "tests"))

from gouji.vocabulary import vocabulary  # noqa: E402  (row names and order only)
from real_reports import pair_truth_cells  # noqa: E402


def load(truth_file: Path) -> dict:
    return json.loads(truth_file.read_text(encoding="utf-8"))


def truth_files() -> list[Path]:
    return sorted((PAIRS / "truth").glob("*.json"))


def number(v):
    """A truth value as a number, or None for blank/text cells."""
    if isinstance(v, bool):
        raise TypeError(v)
    if isinstance(v, int):
        return v
    if isinstance(v, str) and re.fullmatch(r"-?\d+(\.\d+)?", v):
        return Decimal(v) if "." in v else int(v)
    return None


def _n(v) -> int | Decimal:
    n = number(v)
    return 0 if n is None else n


def problems(truth: dict) -> list[str]:
    """What is wrong with a truth file, or what it claims the report gets wrong."""
    found: list[str] = []
    edition = truth.get("edition")
    if edition not in ("2019", "2021"):
        return [f"edition must be '2019' or '2021', not {edition!r}"]
    vocab = vocabulary(edition)
    for table in ("t2", "t3"):
        rows = {r.key: r for r in vocab.tables[table].rows}
        for key, values in truth.get(table, {}).items():
            if key not in rows:
                found.append(f"{table}: unknown row {key!r} for the {edition} format")
            elif len(values) != len(rows[key].columns):
                found.append(
                    f"{table}.{key}: {len(values)} values, the row has {len(rows[key].columns)}"
                )
    if truth.get("t4") is not None and len(truth["t4"]) != 15:
        found.append(f"t4: {len(truth['t4'])} values, not 15")
    if found:
        return found
    t3 = truth.get("t3", {})
    results = [r.key for r in vocab.tables["t3"].rows_in_group("results")]
    identity_failures = []
    for key, values in t3.items():
        if _n(values[6]) != sum(_n(v) for v in values[:6]):
            identity_failures.append(f"T3.ROW_TOTAL {key}: {values}")
    if all(r in t3 for r in ("new", "carried_over", "results_total", "carry_forward")):
        for c in range(7):
            left = _n(t3["new"][c]) + _n(t3["carried_over"][c])
            right = _n(t3["results_total"][c]) + _n(t3["carry_forward"][c])
            if left != right:
                identity_failures.append(f"T3.BALANCE column {c}: {left} != {right}")
    if "results_total" in t3 and all(r in t3 for r in results):
        for c in range(7):
            s = sum(_n(t3[r][c]) for r in results)
            if s != _n(t3["results_total"][c]):
                identity_failures.append(
                    f"T3.RESULTS_TOTAL column {c}: sum {s} != {t3['results_total'][c]}"
                )
    t4 = truth.get("t4")
    if t4:
        for b in range(3):
            block = t4[5 * b : 5 * b + 5]
            if _n(block[4]) != sum(_n(v) for v in block[:4]):
                identity_failures.append(f"T4.BLOCK_TOTAL block {b}: {block}")
    if identity_failures and not truth.get("defects"):
        found += [
            f"identity fails (name it under 'defects' if real): {f}" for f in identity_failures
        ]
    found += _against_text(truth)
    return found


def _against_text(truth: dict) -> list[str]:
    txt = DATA / truth["txt"]
    if not txt.exists():
        return [f"missing text file {txt.name}"]
    body = txt.read_text(encoding="utf-8").split("正文", 1)[-1]
    compact = re.sub(r"\s+|&nbsp;", "", body)
    found = []
    pos = 0
    rows: list[tuple[str, list]] = [
        *((f"t2.{k}", v) for k, v in truth.get("t2", {}).items()),
        *((f"t3.{k}", v) for k, v in truth.get("t3", {}).items()),
    ]
    if truth.get("t4"):
        rows.append(("t4", truth["t4"]))
    for name, values in rows:
        written = "".join(str(v) for v in values)
        if not written:
            continue
        # The run ends where the digits end, or where the next label's item number begins
        # ("…0000000" + "2.其他法律…"), or where the next sentence's year begins ("…2025年").
        end = r"(?:(?![\d.])|(?=\d{1,2}[.．、])|(?=(?:19|20)\d\d年))"
        m = re.compile(rf"(?<![\d.]){re.escape(written)}{end}").search(compact, pos)
        if m is None:
            found.append(f"{name}: '{written}' not found in the text after offset {pos}")
        else:
            pos = m.end()
    return found


def main() -> int:
    bad = 0
    files = truth_files()
    for f in files:
        truth = load(f)
        issues = problems(truth)
        status = "ok" if not issues else "PROBLEMS"
        defects = f"  defects: {truth['defects']}" if truth.get("defects") else ""
        print(f"{f.stem}: {status} ({len(pair_truth_cells(truth))} cells){defects}")
        for i in issues:
            print(f"    - {i}")
        bad += bool(issues)
    print(f"{len(files)} truth files, {bad} with problems")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
