"""``gouji rulesets``: the versioned rulesets, and the parameters resolved for a place."""

from __future__ import annotations

import argparse

from ..engine import Engine
from ..issuer import IssuerClass
from .home_options import add_home_options, open_home
from .status import EXIT_OK


def add(commands) -> None:
    p = commands.add_parser("rulesets", help="list rulesets; show one with its resolved parameters")
    add_home_options(p)
    sub = p.add_subparsers(dest="rulesets_command", metavar="COMMAND")
    show = sub.add_parser("show", help="a ruleset and its parameters, with the layer of each")
    show.add_argument("ruleset_id", metavar="ID", help="a ruleset id, e.g. gb2021")
    show.add_argument("--province", help="resolve for a province (e.g. 新疆)")
    show.add_argument("--prefecture", help="… and a prefecture")
    show.add_argument("--county", help="… and a county")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    engine = Engine(open_home(args))
    if getattr(args, "rulesets_command", None) == "show":
        return _show(engine, args)
    for spec in engine.rulesets.values():
        print(
            f"{spec.id:8} {spec.version:8} {spec.edition} 版格式  {spec.years:12} "
            f"{spec.title}（{spec.instrument}）"
        )
    return EXIT_OK


def _show(engine: Engine, args: argparse.Namespace) -> int:
    loaded = engine.ruleset(args.ruleset_id)
    spec = loaded.ruleset
    print(f"{spec.id} {spec.version}  {spec.title}")
    print(
        f"依据：{spec.instrument}；适用：{spec.edition} 版格式，{spec.years} 年度；规则 {len(loaded.rules)} 条"
    )
    for f in loaded.info.files:
        print(f"  {f.path}  sha256 {f.sha256}")
    place = IssuerClass(None, None, args.province, args.prefecture, args.county)
    resolved = engine.parameters(spec.id, place)
    print("参数层（由宽到窄，后者覆盖前者）：")
    for layer in resolved.chain:
        print(f"  {layer.id}：{layer.title}（{layer.reference}）")
    print("参数：")
    for name in sorted(resolved.values):
        print(f"  {name} = {resolved.values[name]}  ← {resolved.origin[name]}")
    return EXIT_OK
