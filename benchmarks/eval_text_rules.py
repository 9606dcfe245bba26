"""Precision and recall of the text rules on the labelled sentences and sections
(tests/data/sentences, described in its README).

Each labelled sentence is real (the seeds, the 平潭 and 淮安 corpus files, or a published report
whose address is given) and carries the reading a person gave it: the counts it states about
the tables, the other units it wrongly names, whether it dates the year's work to another year,
whether it says all applications were closed. Each sentence is read alone, as the only
paragraph of a report of its year and issuer, by the same detectors the rules use. Section
texts are read the same way, as the only section of a report.

Three sets are scored apart: ``labelled.jsonl`` (labelled after the detectors had been run on
it), ``blind.jsonl`` + ``sections.jsonl`` (labelled before any detector ran on them, then used
to fit the percentage and 表二 readers) and ``heldout.jsonl`` + ``heldout-sections.jsonl``
(gathered after that, labelled before any run).

    python benchmarks/eval_text_rules.py          # the tables of precision and recall
    python benchmarks/eval_text_rules.py -v       # and every false alarm and miss
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from gouji.engine import Engine
from gouji.issuer import classify
from gouji.model import Cell, EditionEvidence, Location, Passage, Report, Section
from gouji.text.consistency import all_closed
from gouji.text.names import other_units
from gouji.text.readings import readings
from gouji.text.sentences import sentences
from gouji.text.topics import general_aspects, subtopics
from gouji.text.years import wrong_years

DATA = Path(__file__).parent.parent / "tests" / "data" / "sentences"
LABELLED = DATA / "labelled.jsonl"
BLIND = DATA / "blind.jsonl"
SECTIONS = DATA / "sections.jsonl"
HELD_OUT = DATA / "heldout.jsonl"
HELD_OUT_SECTIONS = DATA / "heldout-sections.jsonl"
APPLICATIONS = {
    "new", "accepted", "carried_over", "closed", "carry_forward", "granted", "partial",
    "granted+partial", "denied", "unable", "rejected", "other",
}  # fmt: skip
CLAIM_RULES = {
    "TEXT.APPLICATIONS": lambda q: q in APPLICATIONS,
    "TEXT.PERCENTAGES": lambda q: q.startswith("pct:"),
    "TEXT.ACTIVE_DISCLOSURE": lambda q: q.startswith("t2."),
    "TEXT.REVIEW_LITIGATION": lambda q: q in ("review", "suits"),
}
ASPECTS = ("主动公开", "依申请公开", "政府信息管理", "政府信息公开平台建设", "监督保障")


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
    cells = {}
    if carry_forward is not None:
        cells["t3.carry_forward.total"] = Cell(
            key="t3.carry_forward.total", value=carry_forward, raw=str(carry_forward),
            semantic="number" if carry_forward else "zero",
        )  # fmt: skip
    prose = (Passage(text=item["text"], loc=Location(line=item.get("line") or 1, column=1)),)
    return _report(item, "sentence", cells=cells, prose=prose)


def _report(item: dict, input_kind: str, **parts) -> Report:
    """The report a labelled item stands in: its issuer's report of its year, in the format
    of that year, holding only ``parts`` (the prose, a section, a cell)."""
    issuer = item.get("issuer") or ""
    return Report(
        source=item["id"],
        sha256=hashlib.sha256(item["text"].encode()).hexdigest(),
        input_kind=input_kind,
        title=f"{issuer}{item['year']}年政府信息公开工作年度报告",
        issuer=issuer or None,
        year=item["year"],
        edition="2021" if item["year"] >= 2021 else "2019",
        edition_evidence=EditionEvidence(decided_by="year"),
        **parts,
    )


def _same(a: tuple, b: tuple) -> bool:
    """Two readings agree: the same quantity and value (percentages to 1e-9)."""
    return a[0] == b[0] and abs(float(a[1]) - float(b[1])) < 1e-9


def _compare(score: Score, item: dict, predicted: list, expected: list) -> None:
    left = list(expected)
    for p in predicted:
        if isinstance(p, tuple):
            match = next((e for e in left if _same(p, e)), None)
        else:
            match = p if p in left else None
        if match is not None:
            left.remove(match)
            score.tp += 1
        else:
            score.fp += 1
            score.false_alarms.append(f"{item['id']} {p}: {item['text'][:70]}")
    score.fn += len(left)
    score.misses.extend(f"{item['id']} {m}: {item['text'][:70]}" for m in left)


def _labels(item: dict) -> list[tuple[str, float, str | None]]:
    """(quantity, value, mark): mark is ``exact``/``notice`` in the blind set, else ``None``."""
    return [(c[0], c[1], c[2] if len(c) > 2 else None) for c in item["claims"]]


def evaluate(items: list[dict]) -> dict[str, Score]:
    """Scores per rule. Claims count as (quantity, value) pairs. A rule's ``(can fail)`` line
    scores only the readings the detector takes as unambiguous — the ones that can fail a
    report — against the labels a person would fail a report on (every label where the set
    does not say ``notice``): its precision is the false-alarm rate of failures."""
    scores: dict[str, Score] = {}
    for rule in CLAIM_RULES:
        scores[rule] = Score()
        scores[f"{rule} (can fail)"] = Score()
    for rule in ("TEXT.OTHER_UNIT", "TEXT.WRONG_YEAR", "TEXT.ALL_CLOSED"):
        scores[rule] = Score()
    for item in items:
        report = sentence_report(item)
        read = [r for s in sentences(report) for r in readings(s, report)]
        labels = _labels(item)
        for rule, wanted in CLAIM_RULES.items():
            _compare(
                scores[rule],
                item,
                [(r.quantity, r.value) for r in read if wanted(r.quantity)],
                [(q, v) for q, v, _ in labels if wanted(q)],
            )
            _compare(
                scores[f"{rule} (can fail)"],
                item,
                [(r.quantity, r.value) for r in read if wanted(r.quantity) and r.exact],
                [(q, v) for q, v, mark in labels if wanted(q) and mark != "notice"],
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


def section_report(item: dict) -> Report:
    """A report whose only section is the item's, under its heading, one paragraph a line."""
    paragraphs = [p for p in item["text"].split("\n") if p.strip()]
    prose = [Passage(text=item["heading"], loc=Location(line=1, column=1))]
    prose += [Passage(text=p, loc=Location(line=n, column=1)) for n, p in enumerate(paragraphs, 2)]
    title = item["heading"].split("、", 1)[-1]
    section = Section(
        key=item["section"],
        title=title,
        ordinal=item["heading"].split("、", 1)[0],
        canonical_title=title,
        start_line=1,
        end_line=len(prose),
        loc=Location(line=1, column=1),
        text=item["text"],
    )
    return _report(item, "section", sections=(section,), prose=tuple(prose))


def evaluate_sections(items: list[dict]) -> dict[str, Score]:
    """Scores of the section rules. A positive is what the rule should report: an aspect
    missing from 总体情况, a misplaced sub-topic, a section 五 naming no problem (no
    improvement), a section 六 silent on 信息处理费."""
    scores = {
        name: Score()
        for name in (
            "TEXT.GENERAL_ASPECTS",
            "TEXT.SUBTOPIC",
            "TEXT.PROBLEMS_NAMED",
            "TEXT.IMPROVEMENTS_NAMED",
            "SEC.PROCESSING_FEE",
        )
    }
    rules = {r.id: r for r in Engine().ruleset("gb2021").rules}
    for item in items:
        report = section_report(item)
        if "missing_aspects" in item:
            found = [
                name
                for h in general_aspects(report, None)
                if h.status == "fail"
                for name in h.key.split("、")
            ]
            _compare(scores["TEXT.GENERAL_ASPECTS"], item, found, item["missing_aspects"])
        if "subtopics" in item:
            found = [h.key.split("@")[0] for h in subtopics(report, None) if h.status == "fail"]
            _compare(scores["TEXT.SUBTOPIC"], item, found, item["subtopics"])
        for rule, label in (
            ("TEXT.PROBLEMS_NAMED", "problems_named"),
            ("TEXT.IMPROVEMENTS_NAMED", "improvements_named"),
            ("SEC.PROCESSING_FEE", "fee_stated"),
        ):
            if label not in item:
                continue
            failed = any(f.status == "fail" for f in rules[rule].evaluate(report))
            _compare(
                scores[rule],
                item,
                [True] if failed else [],
                [] if item[label] else [True],
            )
    return scores


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def table(scores: dict[str, Score]) -> str:
    """A markdown table of the scores (rules with nothing to count are left out)."""
    lines = ["| rule | TP | FP | FN | precision | recall |", "|---|---|---|---|---|---|"]
    for name, s in scores.items():
        if s.tp + s.fp + s.fn:
            lines.append(
                f"| {name} | {s.tp} | {s.fp} | {s.fn} | {_pct(s.precision)} | {_pct(s.recall)} |"
            )
    return "\n".join(lines)


def main(verbose: bool = False) -> None:
    runs = []
    for path, what in (
        (LABELLED, "sentences, labelled after the detectors ran"),
        (BLIND, "sentences, labelled before any run, then used to fit the readers"),
        (HELD_OUT, "sentences, gathered after fitting, labelled before any run"),
        (SECTIONS, "section texts, labelled before any run"),
        (HELD_OUT_SECTIONS, "section texts, gathered after fitting, labelled before any run"),
    ):
        items = load(path)
        score = evaluate_sections if "section" in path.name else evaluate
        runs.append((f"{path.name} — {len(items)} {what}", score(items)))
    for title, scores in runs:
        print(f"\n{title}\n\n{table(scores)}")
        if verbose:
            for name, s in scores.items():
                for line in s.false_alarms:
                    print(f"  false alarm  {name}: {line}")
                for line in s.misses:
                    print(f"  miss         {name}: {line}")


if __name__ == "__main__":
    main(verbose="-v" in sys.argv[1:])
