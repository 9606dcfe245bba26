"""Layered parameters: default → ruleset → province → prefecture → county.

A parameter (a deadline, a tolerance) may differ by place. ``rulesets.toml`` holds the layers;
each names where it applies and the reference it rests on, so a verdict can say which layer
decided it. Plugins may add layers through ``gouji_parameter_layers``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SCOPES = ("default", "ruleset", "province", "prefecture", "county")


@dataclass(frozen=True, slots=True)
class Layer:
    id: str
    title: str
    reference: str
    scope: str  # one of SCOPES
    match: str | None  # the ruleset id, or the place name it applies to
    parameters: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Resolved:
    values: dict[str, Any]
    origin: dict[str, str]  # parameter → id of the layer that set it
    chain: tuple[Layer, ...] = field(default=())

    def get(self, name: str) -> Any:
        return self.values.get(name)


def parse_layers(raw: dict[str, dict]) -> list[Layer]:
    layers = []
    for lid, entry in raw.items():
        scope = "default" if lid == "default" else entry.get("scope", "ruleset")
        if scope not in SCOPES:
            raise ValueError(f"参数层 {lid} 的 scope 应为 {'、'.join(SCOPES)} 之一")
        layers.append(
            Layer(
                id=lid,
                title=entry.get("title", lid),
                reference=entry["reference"],
                scope=scope,
                match=entry.get("match", None if scope == "default" else lid),
                parameters=dict(entry.get("parameters", {})),
            )
        )
    return layers


def resolve(layers: list[Layer], ruleset: str, place: dict[str, str | None]) -> Resolved:
    """Apply the layers that match, broadest first; the most specific value wins."""
    chosen = []
    for scope in SCOPES:
        for layer in layers:
            if layer.scope != scope:
                continue
            if (
                scope == "default"
                or (scope == "ruleset" and layer.match == ruleset)
                or (scope in place and place[scope] and _same_place(layer.match, place[scope]))
            ):
                chosen.append(layer)
    values: dict[str, Any] = {}
    origin: dict[str, str] = {}
    for layer in chosen:
        for name, value in layer.parameters.items():
            values[name] = value
            origin[name] = layer.id
    return Resolved(values, origin, tuple(chosen))


def _same_place(wanted: str | None, actual: str) -> bool:
    return bool(wanted) and (
        actual == wanted or actual.startswith(wanted)
    )  # 新疆 ⊂ 新疆维吾尔自治区
