"""The hooks through which plugins change what gouji reads and how it judges.

Every hook is prefixed ``gouji_``, typed, and documented here; docs/hooks.md shows each with an
example under a heading that is its exact signature, and a test fails when one is missing or
differs. gouji's own behaviour — the national rule files, issuer classification, the publication
deadline — is registered through these same hooks (``gouji.builtin``), so a province plugin
extends or overrides it exactly the way the built-ins work.

A plugin is a module (a ``*.py`` file in the rules home's ``plugins/``, or an installed
distribution with a ``gouji`` entry point) whose functions are decorated with ``hookimpl``::

    from gouji.hookspecs import hookimpl

    @hookimpl
    def gouji_label_aliases(edition):
        return {"t2.other_services": ["其他对外管理服务事项（指…）"]}

Hooks are called through pluggy (``gouji.plugins``): the most recently registered implementation
runs first; ``@hookimpl(tryfirst=True)`` / ``trylast=True`` move one to the front or the back;
gouji's built-ins are ``trylast`` and registered last, so every plugin runs before them.
``@hookimpl(wrapper=True)`` on a generator that yields once wraps every other implementation of
a hook: what the ``yield`` gives back is the hook's result (the list of results, or for a
``firstresult`` hook the one answer), and what the wrapper returns replaces it.

What an implementation returns is checked against the return type declared here (pydantic,
``result_type``); ``None`` always means "nothing to add". A result of the wrong shape, like an
exception, disables the plugin for the rest of the run and is reported; the other plugins'
results still arrive.
"""

from __future__ import annotations

import typing
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from .issuer import IssuerClass
    from .model import Report
    from .parameters import Resolved
    from .record import Finding, Record
    from .rulesets import LayerTable
    from .vocabulary import LocalRow

PROJECT = "gouji"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


# --- rules ---------------------------------------------------------------------------------


@hookspec
def gouji_rule_files(ruleset: str, edition: str, home: Path) -> list[Path]:
    """Contribute rule files (``*.rules``) to a ruleset.

    Called once per ruleset when it is first loaded. ``ruleset`` is its id (``gb2021``),
    ``edition`` the table format it checks, ``home`` the rules home in use. Return paths of rule
    files to add (a ``str`` is taken as a path); their rule ids must not clash with the ruleset's
    own (a clash is an error that names both files). Results of all plugins are concatenated.
    """


# --- reading reports -------------------------------------------------------------------------


@hookspec
def gouji_label_aliases(edition: str) -> dict[str, list[str]]:
    """Contribute labels that local templates print for statutory rows.

    Called once per edition when the parser is set up. Return ``{"t3.denied_law": ["…"]}``:
    keys are ``table.row`` canonical keys of that edition's 表二 or 表三, values whole labels
    the local template prints for that row. A label read this way is as certain as the
    national one: it leaves a ``label.local`` note naming your plugin, not an assumption, so
    findings on its cells stay the report's responsibility (a bracketed label the parser only
    recognises by stripping the brackets is an assumption). The same label followed by a
    bracketed annotation is accepted too. An unknown key disables the plugin like an error.
    Results are merged; the first plugin to declare a label is named for it.
    """


@hookspec
def gouji_extra_rows(edition: str) -> list[LocalRow]:
    """Declare rows that a local template adds to 表二 or 表三.

    Called once per edition when the parser is set up. Return ``LocalRow`` objects (from
    ``gouji.vocabulary``), each naming the statutory row it follows; the parser then reads the
    row's cells as ``<table>.<key>.<column>`` with a ``row.local`` note naming your plugin,
    where without it the row would be skipped. National rules never count these cells. A row
    the parser cannot place (unknown table, column or preceding row, a statutory key) disables
    the plugin like an error. Results of all plugins are concatenated.
    """


# --- parameters ----------------------------------------------------------------------------


@hookspec
def gouji_parameter_layers() -> dict[str, LayerTable]:
    """Contribute parameter layers (local deadlines, tolerances) in ``rulesets.toml``'s shape.

    Called once when an engine is set up. Return ``{"xinjiang": {"scope": "province", "match":
    "新疆", "title": "…", "reference": "…", "parameters": {"deadline.部门": "01-28"}}}``: each
    value a ``[layers.*]`` table of ``rulesets.toml`` (``gouji.rulesets.LayerTable``), so it
    needs a ``reference`` (the notice or rule it rests on) and may hold no other keys than
    ``scope``, ``match``, ``title``, ``reference`` and ``parameters``. Results are merged; a
    layer id already defined is replaced.
    """


# --- issuers -------------------------------------------------------------------------------


@hookspec(firstresult=True)
def gouji_classify_issuer(report: Report) -> IssuerClass | None:
    """Classify the body that issued a report (level, kind, province).

    Called once per report checked. Return an ``IssuerClass``, or ``None`` to leave it to the
    next implementation; the first non-``None`` answer wins (``firstresult``) and the
    implementations after it are not called. The built-in classifier is ``trylast`` (and
    registered last), so every plugin's answer takes precedence over it.
    """


# --- judging -------------------------------------------------------------------------------


@hookspec
def gouji_findings(
    report: Report, ruleset: str, parameters: Resolved, issuer: IssuerClass | None
) -> list[Finding]:
    """Add findings the rule language cannot express.

    Called once per report, after the ruleset's rules have run, with the parameters resolved
    for the report's ruleset and place (``parameters.get("deadline.部门")``, and
    ``parameters.origin`` naming the layer of each) and the issuer's classification. Return
    findings (rule ids of your own, e.g. ``XJ.LOCAL_DEADLINE``); they join the record, its
    summary and its verdict. Results of all plugins are concatenated. The publication deadline
    check (``PUB.DEADLINE``) is gouji's own (``trylast``) implementation of this hook.
    """


@hookspec
def gouji_amend_record(record: Record) -> Record | None:
    """Observe or amend a finished record before it is output.

    Called once per record, in plugin order; each implementation receives the record as left
    by the previous one (a fold, made inside the pluggy call: see ``Plugins.fold``). Return a
    changed record (``record.model_copy(update=…)``), or ``None`` to leave it as it is. A
    wrapper of this hook sees the list of records the implementations returned, the last of
    them the one output.
    """


def hook_names() -> list[str]:
    """Every hook this module specifies, for documentation and the plugin listing."""
    return sorted(
        name for name, value in globals().items() if name.startswith("gouji_") and callable(value)
    )


@cache
def result_type(name: str) -> Any:
    """What an implementation of hook ``name`` must return, as the hook declares it, resolved to
    real types: ``gouji.plugin_guards`` validates every result against it with pydantic. The types
    are imported here, not at the top, so that importing the hook markers stays cheap."""
    from .issuer import IssuerClass
    from .model import Report
    from .parameters import Resolved
    from .record import Finding, Record
    from .rulesets import LayerTable
    from .vocabulary import LocalRow

    names = {
        **globals(),
        "IssuerClass": IssuerClass,
        "LayerTable": LayerTable,
        "LocalRow": LocalRow,
        "Finding": Finding,
        "Record": Record,
        "Report": Report,
        "Resolved": Resolved,
    }
    return typing.get_type_hints(globals()[name], globalns=names)["return"]
