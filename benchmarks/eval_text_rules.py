"""Precision and recall of the text rules on the labelled sentences (tests/data/sentences).

Each labelled sentence is real (the seeds, the 平潭 and 淮安 corpus files, or a published report
whose address is given) and carries the reading a person gave it: the counts it states about
the tables, the other units it wrongly names, whether it dates the year's work to another year,
whether it says all applications were closed. Each sentence is read alone, as the only
paragraph of a report of its year and issuer, by the same detectors the rules use.

    python benchmarks/eval_text_rules.py          # the table of precision and recall
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from gouji.issuer import classify
from gouji.model import Cell, EditionEvidence, Location, Passage, Report
from gouji.text.claims import read_claims
from gouji.text.consistency import all_closed
from gouji.text.names import other_units
from gouji.text.sentences import sentences
from gouji.text.years import wrong_years

LABELLED = Path(__file__).parent.parent / "tests" / "data" / "sentences" / "labelled.jsonl"
APPLICATIONS = {
    "new", "accepted", "carried_over", "closed", "carry_forward",
    "granted", "partial", "denied", "unable", "rejected",
}  # fmt: skip


@dataclass
class Score:
    """Counts for one rule, with the items behind each error for reading."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    false_alarms: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None


def load(path: Path = LABELLED) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def sentence_report(item: dict, carry_forward: int | None = None) -> Report:
    """A report whose only prose is the sentence, of the item's year and issuer."""
    issuer = item.get("issuer") or ""
    cells = {}
    if carry_forward is not None:
        cells["t3.carry_forward.total"] = Cell(
            key="t3.carry_forward.total", value=carry_forward, raw=str(carry_forward),
            semantic="number" if carry_forward else "zero",
        )  # fmt: skip
    return Report(
        source=item["id"],
        sha256=hashlib.sha256(item["text"].encode()).hexdigest(),
        input_kind="sentence",
        title=f"{issuer}{item['year']}年政府信息公开工作年度报告",
        issuer=issuer or None,
        year=item["year"],
        edition="2021" if item["year"] >= 2021 else "2019",
        edition_evidence=EditionEvidence(decided_by="year"),
        cells=cells,
        prose=(Passage(text=item["text"], loc=Location(line=item.get("line") or 1, column=1)),),
    )


def _compare(score: Score, item: dict, predicted: list, expected: list) -> None:
    left = list(expected)
    for p in predicted:
        if p in left:
            left.remove(p)
            score.tp += 1
        else:
            score.fp += 1
            score.false_alarms.append(f"{item['id']} {p}: {item['text'][:60]}")
    score.fn += len(left)
    score.misses.extend(f"{item['id']} {m}: {item['text'][:60]}" for m in left)


def evaluate(items: list[dict]) -> dict[str, Score]:
    """Scores per rule. Claims count as (quantity, value) pairs. ``exact claims`` scores only
    the claims read as unambiguous — the ones that can fail a report: its precision is the
    false-alarm rate of failures, its recall the share of stated counts that can fail."""
    scores = {
        name: Score()
        for name in (
            "TEXT.APPLICATIONS",
            "TEXT.APPLICATIONS (exact claims)",
            "TEXT.REVIEW_LITIGATION",
            "TEXT.OTHER_UNIT",
            "TEXT.WRONG_YEAR",
            "TEXT.ALL_CLOSED",
        )
    }
    for item in items:
        report = sentence_report(item)
        claims = [c for s in sentences(report) for c in read_claims(s, report.year)]
        expected = [tuple(c) for c in item["claims"]]
        for rule, wanted in (
            ("TEXT.APPLICATIONS", APPLICATIONS),
            ("TEXT.REVIEW_LITIGATION", {"review", "suits"}),
        ):
            _compare(
                scores[rule],
                item,
                [(c.quantity, c.value) for c in claims if c.quantity in wanted],
                [e for e in expected if e[0] in wanted],
            )
        exact = [(c.quantity, c.value) for c in claims if c.exact and c.quantity in APPLICATIONS]
        _compare(
            scores["TEXT.APPLICATIONS (exact claims)"],
            item,
            exact,
            [e for e in expected if e[0] in APPLICATIONS],
        )
        names = [h.actual for h in other_units(report, classify(report)) if h.status == "fail"]
        _compare(scores["TEXT.OTHER_UNIT"], item, names, item["other_units"])
        flagged = any(h.status == "fail" for h in wrong_years(report, None))
        _compare(
            scores["TEXT.WRONG_YEAR"],
            item,
            [True] if flagged else [],
            [True] if item["wrong_year"] else [],
        )
        closed = any(h.status == "fail" for h in all_closed(sentence_report(item, 1), None))
        _compare(
            scores["TEXT.ALL_CLOSED"],
            item,
            [True] if closed else [],
            [True] if item["all_closed"] else [],
        )
    return scores


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def main() -> None:
    items = load()
    scores = evaluate(items)
    local = sum(1 for i in items if i["source"].startswith("tests/"))
    print(
        f"{len(items)} labelled sentences ({local} from tests/data, {len(items) - local} from published reports)\n"
    )
    print(f"{'rule':34} {'TP':>4} {'FP':>4} {'FN':>4} {'precision':>10} {'recall':>8}")
    for name, s in scores.items():
        print(f"{name:34} {s.tp:4} {s.fp:4} {s.fn:4} {_pct(s.precision):>10} {_pct(s.recall):>8}")
    for name, s in scores.items():
        for line in s.false_alarms:
            print(f"  false alarm  {name}: {line}")
        for line in s.misses:
            print(f"  miss         {name}: {line}")


if __name__ == "__main__":
    main()
