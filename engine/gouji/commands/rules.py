"""``gouji rules``: validate, list, show and test rule files without checking any report."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..dsl.examples import run_examples
from ..dsl.names import suggest
from ..dsl.rules import CompiledRule, load_file
from ..engine import Engine
from ..errors import GoujiError
from .home_options import add_home_options, open_home
from .status import EXIT_FAILED, EXIT_OK


def add(commands) -> None:
    p = commands.add_parser("rules", help="validate, list, show and test rules")
    add_home_options(p)
    sub = p.add_subparsers(dest="rules_command", metavar="COMMAND", required=True)
    c = sub.add_parser("check", help="validate rule files (all of the home's when none given)")
    c.add_argument("files", nargs="*", metavar="FILE", help="rule files to validate")
    c.set_defaults(run=_check)
    ls = sub.add_parser("list", help="list the rules of every ruleset (or of one)")
    ls.add_argument("--ruleset", metavar="ID", help="only the rules of this ruleset")
    ls.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text (default), or json: one object per rule, for scripts",
    )
    ls.set_defaults(run=_list)
    show = sub.add_parser("show", help="a rule's documentation: title, severity, citation, text")
    show.add_argument("rule_id", metavar="ID", help="a rule id, e.g. T3.BALANCE")
    show.set_defaults(run=_show)
    t = sub.add_parser("test", help="run the rules' examples")
    t.add_argument("rule_ids", nargs="*", metavar="ID", help="rule ids to test (default: all)")
    t.set_defaults(run=_test)


def _all_rules(
    engine: Engine, ruleset: str | None = None
) -> dict[str, tuple[CompiledRule, list[str]]]:
    """Every rule once, with the rulesets it belongs to."""
    found: dict[str, tuple[CompiledRule, list[str]]] = {}
    for rid in [ruleset] if ruleset else list(engine.rulesets):
        for rule in engine.ruleset(rid).rules:
            found.setdefault(rule.id, (rule, []))[1].append(rid)
    return found


def _check(args: argparse.Namespace) -> int:
    if args.files:
        count = sum(len(load_file(Path(f)).rules) for f in args.files)
    else:
        count = len(_all_rules(Engine(open_home(args))))
    print(f"规则文件有效：{count} 条规则")
    return EXIT_OK


def _list(args: argparse.Namespace) -> int:
    rules = _all_rules(Engine(open_home(args)), args.ruleset)
    if args.format == "json":
        listed = [
            {
                "id": rule.id,
                "title": rule.title,
                "severity": rule.severity,
                "cite": rule.cite,
                "editions": list(rule.editions),
                "rulesets": rulesets,
                "path": rule.path,
                "line": rule.line,
            }
            for rule, rulesets in rules.values()
        ]
        print(json.dumps(listed, ensure_ascii=False, indent=2))
        return EXIT_OK
    for rule, rulesets in rules.values():
        print(f"{rule.id:24} {rule.severity:8} {'/'.join(rulesets):14} {rule.title}")
    return EXIT_OK


def _unknown(names: list[str], known: dict) -> GoujiError:
    """No such rule, with the closest known id for each misspelt one."""
    hints = [hint for n in names if (hint := suggest(n, list(known), ""))]
    more = f"；{'；'.join(hints)}" if hints else ""
    return GoujiError(f"没有规则 {'、'.join(names)}{more}（gouji rules list 列出全部规则）")


def _show(args: argparse.Namespace) -> int:
    rules = _all_rules(Engine(open_home(args)))
    if args.rule_id not in rules:
        raise _unknown([args.rule_id], rules)
    rule, rulesets = rules[args.rule_id]
    print(f"{rule.id}  {rule.title}")
    print(f"严重程度：{rule.severity}")
    print(f"依据：{rule.cite}")
    print(f"适用：{'、'.join(rule.editions)} 版格式；规则集 {'、'.join(rulesets)}")
    print(f"定义：{rule.path}:{rule.line}")
    print()
    print(rule.source)
    return EXIT_OK


def _test(args: argparse.Namespace) -> int:
    rules = _all_rules(Engine(open_home(args)))
    unknown = [r for r in args.rule_ids if r not in rules]
    if unknown:
        raise _unknown(unknown, rules)
    chosen = [rules[r][0] for r in (args.rule_ids or rules)]
    passed = failed = 0
    for rule in chosen:
        if not rule.examples:
            print(f"FAIL {rule.id}: 没有示例（每条规则至少要有一个 pass 和一个 fail 示例）")
            failed += 1
            continue
        for result in run_examples(rule):
            if result.ok:
                passed += 1
                continue
            failed += 1
            print(
                f"FAIL {rule.id} {result.path}:{result.line}（{result.edition} 版）："
                f"应为 {result.expected}，实际为 {result.got}"
            )
            for message in result.messages:
                print(f"     {message}")
    print(f"{passed} passed, {failed} failed")
    return EXIT_FAILED if failed else EXIT_OK
