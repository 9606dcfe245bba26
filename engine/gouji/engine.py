"""``Engine``: one rules home, its rulesets compiled on first use, reports checked against them.

No global mutable state beyond the process-wide cache of compiled rule files (keyed by path and
content), so several engines with different homes can live in one process.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import replace
from functools import partial
from pathlib import Path

from . import __version__
from .api import Source, parse
from .errors import GoujiError, SourceError
from .home import Home, find_home
from .issuer import IssuerClass, province_named, with_province
from .model import Note, Report
from .parameters import Layer, Resolved, parse_layers, resolve
from .passing import Passes, Tally
from .plugins import Plugins, plugin_label
from .read.local import LocalTemplates, check_local_labels, check_local_row
from .record import (
    Finding,
    LayerUse,
    PluginUse,
    Record,
    Summary,
    summarize,
    verdict,
)
from .rulesets import LoadedRuleset, Ruleset, load, load_layers, load_rulesets
from .vocabulary import EDITIONS, LocalRow

ENGINE = f"gouji {__version__}"
NO_TEXT_LAYER = "document.no_text_layer"
"""``gouji.ingest.pdf.NO_TEXT_LAYER``, the note of a PDF without text, spelled out here: importing
the PDF reader's modules to learn it would cost every text report's check (a test keeps the two
the same)."""


_USE_FIELDS = ("name", "origin", "version", "summary", "summary_zh", "hooks", "error")
"""A ``PluginUse``'s fields, in the order ``Engine.plugin_uses`` reads them off a plugin's state."""


class Engine:
    """One rules home and its plugins. ``plugins=False`` runs the bare national rules.

    ``home`` is a folder, a ``Home`` already found (a worker process gets its parent's, trust
    decision and disabled plugins included) or ``None`` to look for one. The plugins of a home
    found by walking up run only with ``trust_home=True`` (or ``GOUJI_TRUST_HOME``): see
    ``gouji.home``. ``disable_plugins`` names plugins not to load (``hubei``, as ``gouji
    plugins`` lists them), as ``--disable-plugin`` and ``GOUJI_DISABLE_PLUGINS`` do.
    """

    def __init__(
        self,
        home: str | os.PathLike[str] | Home | None = None,
        *,
        plugins: bool = True,
        trust_home: bool = False,
        disable_plugins: Iterable[str] = (),
    ) -> None:
        found = home if isinstance(home, Home) else find_home(home, trust=trust_home)
        disabled = tuple(dict.fromkeys([*found.disabled_plugins, *disable_plugins]))
        self.home_info: Home = replace(found, disabled_plugins=disabled)
        self.home: Path = self.home_info.path
        self.rulesets: dict[str, Ruleset] = load_rulesets(self.home)
        if not self.rulesets:
            raise GoujiError(f"{self.home / 'rulesets.toml'}: 没有定义任何规则集")
        trusted = self.home if self.home_info.trusted else None
        self.plugins = Plugins(
            trusted if plugins else None,
            entry_points=plugins,
            blocked=disabled,
            untrusted=self.home_info.plugin_files() if plugins and trusted is None else (),
        )
        self.local: LocalTemplates = self._local_templates()
        self.layers = self._layers()
        self._loaded: dict[str, LoadedRuleset] = {}
        self._uses: tuple[tuple[object, ...], tuple[PluginUse, ...]] | None = None

    def _local_templates(self) -> LocalTemplates:
        merged: dict[str, dict[str, str]] = {}
        rows: dict[str, LocalRow] = {}
        for edition in EDITIONS:
            for plugin, contributed in self.plugins.results(
                "gouji_label_aliases",
                edition=edition,
                validate=partial(check_local_labels, edition),
            ):
                for key, labels in contributed.items():
                    for label in labels:
                        merged.setdefault(key, {}).setdefault(label, plugin_label(plugin))
            for plugin, declared in self.plugins.results(
                "gouji_extra_rows", edition=edition, validate=_check_rows
            ):
                for row in declared:
                    named = replace(row, origin=row.origin or plugin_label(plugin))
                    rows.setdefault(f"{row.table}.{row.key}", named)
        aliases = tuple((key, tuple(labels.items())) for key, labels in sorted(merged.items()))
        return LocalTemplates(aliases, tuple(rows.values()))

    def _layers(self) -> list[Layer]:
        raw = load_layers(self.home)
        for contributed in self.plugins.call("gouji_parameter_layers"):
            raw.update(contributed)
        try:
            return parse_layers(raw)
        except (KeyError, ValueError) as exc:
            raise GoujiError(f"{self.home / 'rulesets.toml'}: 参数层有误（{exc}）") from None

    def parameters(self, ruleset_id: str, issuer: IssuerClass | None) -> Resolved:
        """The parameters for a ruleset and an issuer's place, with the layer of each."""
        place = {
            "province": issuer.province if issuer else None,
            "prefecture": issuer.prefecture if issuer else None,
            "county": issuer.county if issuer else None,
        }
        return resolve(self.layers, ruleset_id, place)

    def ruleset(self, ruleset_id: str) -> LoadedRuleset:
        """The ruleset compiled with the rule files plugins add, compiled on first use only: a
        run over 2021-format reports never compiles gb2019. Raises ``GoujiError`` for an id the
        home does not define, naming the ones it does."""
        if ruleset_id not in self.rulesets:
            known = "、".join(self.rulesets) or "（无）"
            raise GoujiError(f"未知的规则集 {ruleset_id}（可用：{known}）")
        if ruleset_id not in self._loaded:
            spec = self.rulesets[ruleset_id]
            extra = [
                Path(p)
                for files in self.plugins.call(
                    "gouji_rule_files", ruleset=ruleset_id, edition=spec.edition, home=self.home
                )
                for p in files
            ]
            self._loaded[ruleset_id] = load(spec, extra)
        return self._loaded[ruleset_id]

    def select(self, report: Report, ruleset: str | None = None) -> LoadedRuleset | None:
        """The ruleset for a report: as asked, else the one for the edition its tables follow."""
        if ruleset is not None:
            return self.ruleset(ruleset)
        for rid, spec in self.rulesets.items():
            if spec.edition == report.edition:
                return self.ruleset(rid)
        return None

    def parse(self, source: Source) -> Report:
        """``gouji.parse`` with this engine's plugins' local labels and rows, so a province's
        own wording is read as certainly as the national template's."""
        return parse(source, local=self.local)

    def check_report(
        self,
        report: Report,
        ruleset: str | None = None,
        *,
        province: str | None = None,
        passes: Passes = "aggregate",
    ) -> Record:
        """Judge a parsed report. ``province`` (新疆, 湖北省 …) overrides the province the
        issuer's name gives, for reports whose name does not say where they are from.

        ``passes="aggregate"`` (the default) counts a rule's passing instances in one
        ``PassedRule``; ``"each"`` lists every passing instance as a finding, message and cells
        included, as ``gouji check --show all`` does — ten times the record for the same
        verdict."""
        place = resolve_province(province)
        record = self._judge(report, self.select(report, ruleset), place, passes)
        record = self.plugins.fold("gouji_amend_record", "record", record)
        return record.model_copy(update={"plugins": self.plugin_uses()})

    def _judge(
        self,
        report: Report,
        loaded: LoadedRuleset | None,
        province: str | None = None,
        passes: Passes = "aggregate",
    ) -> Record:
        notes = tuple(f"{n.id} [{n.code}] {n.message}" for n in report.notes)
        common = {
            "source": report.source,
            "sha256": report.sha256,
            "issuer": report.issuer,
            "year": report.year,
            "edition": report.edition,
            "engine": ENGINE,
            "notes": notes,
        }
        no_text = [n for n in report.notes if n.code == NO_TEXT_LAYER]
        if no_text:
            return self._no_text_layer(loaded, common, no_text[0])
        if not report.is_report:  # whatever year it names: a guide dated 2016 is no report
            return self._not_a_report(loaded, common)
        if loaded is None:
            reason = f"{report.edition} 版报告没有适用的规则集（2019 年以前的报告不适用法定格式）"
            return Record(
                **{**common, "notes": (*notes, reason)}, verdict="not_applicable", summary=Summary()
            )
        issuer = self.plugins.first("gouji_classify_issuer", report=report)
        if province is not None:
            issuer = with_province(issuer, province)
        tally = Tally(passes)
        for rule in loaded.rules:
            tally.extend(rule.evaluate(report, issuer))
        parameters = self.parameters(loaded.ruleset.id, issuer)
        for extra in self.plugins.call(
            "gouji_findings",
            report=report,
            ruleset=loaded.ruleset.id,
            parameters=parameters,
            issuer=issuer,
        ):
            tally.extend(extra)
        findings, passed = tally.findings, tally.passed
        summary = summarize(findings, passed)
        return Record(
            **common,
            issuer_class=issuer,
            ruleset=loaded.info,
            layers=tuple(
                LayerUse(
                    id=layer.id,
                    title=layer.title,
                    reference=layer.reference,
                    parameters={k: str(v) for k, v in layer.parameters.items()},
                )
                for layer in parameters.chain
            ),
            verdict=verdict(summary),
            summary=summary,
            findings=findings,
            passed=passed,
        )

    def plugin_uses(self) -> tuple[PluginUse, ...]:
        """Every plugin loaded, disabled ones with the reason, as each record lists them: a
        verdict says which local rules took part in it. Made again only when a plugin's state
        has changed (one that fails in the middle of a run is disabled from then on); otherwise
        every record shares the same frozen tuple."""
        fields = tuple(
            (s.name, s.origin, s.version, s.summary, s.summary_zh, tuple(s.hooks), s.error)
            for s in self.plugins.states.values()
        )
        kept = self._uses
        if kept is not None and kept[0] == fields:
            return kept[1]
        uses = tuple(PluginUse(**dict(zip(_USE_FIELDS, f, strict=True))) for f in fields)
        self._uses = (fields, uses)
        return uses

    def check(
        self,
        source: Source,
        ruleset: str | None = None,
        *,
        province: str | None = None,
        passes: Passes = "aggregate",
    ) -> Record:
        """Parse and judge one source; see ``check_report``."""
        return self.check_report(self.parse(source), ruleset, province=province, passes=passes)

    @staticmethod
    def _not_a_report(loaded: LoadedRuleset | None, common: dict) -> Record:
        """A readable file that is no annual report: one finding saying so, not hundreds of
        table failures that would bury it in a corpus run."""
        finding = _input_failure(
            "INPUT.NOT_REPORT",
            "文件不是政府信息公开工作年度报告",
            "未找到年度报告的标题、法定部分或表格，未按年度报告规则检查",
        )
        summary = summarize((finding,))
        return Record(
            **common,
            ruleset=loaded.info if loaded else None,
            verdict="fail",
            summary=summary,
            findings=(finding,),
        )

    @staticmethod
    def _no_text_layer(loaded: LoadedRuleset | None, common: dict, note: Note) -> Record:
        """A PDF of page images (a scan): one finding that it needs OCR, and nothing else —
        every table and section rule would only fail again for the same reason."""
        finding = _input_failure("INPUT.NO_TEXT", "PDF 没有文字层（需要 OCR）", note.message)
        return Record(
            **{**common, "notes": (f"{note.id} [{note.code}] {note.message}",)},
            ruleset=loaded.info if loaded else None,
            verdict="fail",
            summary=summarize((finding,)),
            findings=(finding,),
        )

    @staticmethod
    def unreadable(name: str, error: SourceError) -> Record:
        """The record of a file that could not be read at all: one failing finding, so a corpus
        run reports it among the others instead of stopping."""
        finding = _input_failure("INPUT.UNREADABLE", "文件无法读取", str(error))
        return Record(
            source=name,
            sha256="",
            edition="legacy",
            engine=ENGINE,
            verdict="error",
            summary=summarize((finding,)),
            findings=(finding,),
            error=str(error),
        )


def _input_failure(rule: str, title: str, message: str) -> Finding:
    """The one finding of a file that could not be checked as a report."""
    return Finding(
        rule=rule, instance=rule, status="fail", severity="error", title=title, message=message
    )


def _check_rows(rows: list[LocalRow]) -> None:
    for row in rows:
        if not isinstance(row, LocalRow):
            raise TypeError(f"gouji_extra_rows 应返回 LocalRow 列表，得到 {type(row).__name__}")
        check_local_row(row)


def resolve_province(name: str | None) -> str | None:
    """A user-given province as the gazetteer names it; a name that is none is a GoujiError."""
    if name is None:
        return None
    try:
        return province_named(name)
    except ValueError as exc:
        raise GoujiError(f"--province：{exc}") from None
