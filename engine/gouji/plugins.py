"""Loading plugins and calling their hooks without letting one broken plugin stop a run.

Plugins come from the rules home's ``plugins/*.py`` (loaded by path, as pytest loads
``conftest.py``) and from installed distributions that declare the ``gouji`` entry-point group.
Loading a home's plugins runs its code, so ``Engine`` passes a home here only when it is trusted
(``gouji.home``: named by the user, bundled, or found by walking up and trusted on purpose).
gouji's built-ins (``gouji.builtin``) are registered first, so every plugin can override them.

A plugin that fails to import, implements a hook that does not exist (a misspelling, caught by
pluggy's ``check_pending``), or raises inside a hook is disabled and reported — on stderr by the
command line, and in every record's ``plugins`` — and the run continues with the rest.
"""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from types import ModuleType
from typing import Any

import pluggy

from . import builtin, hookspecs

ENTRY_POINT_GROUP = "gouji"
HOME_PREFIX = "gouji_home_plugins."


@dataclass(slots=True)
class PluginState:
    name: str
    origin: str
    version: str | None
    hooks: list[str] = field(default_factory=list)
    error: str | None = None
    summary: str | None = None
    """The first line of the plugin module's docstring: what it is for, in one line (a
    province plugin that implements no hook says there that nothing is known to differ)."""


class Plugins:
    def __init__(self, home: Path | None, *, entry_points: bool = True) -> None:
        self.manager = pluggy.PluginManager(hookspecs.PROJECT)
        self.manager.add_hookspecs(hookspecs)
        self.states: dict[str, PluginState] = {}
        self._register(builtin, "gouji.builtin", "gouji（内置）", None)
        if home is not None:
            for path in sorted((home / "plugins").glob("*.py")):
                self._load_path(path)
        if entry_points:
            for ep in _entry_points():
                self._load_entry_point(ep)

    # --- loading ---------------------------------------------------------------------------

    def _register(self, module: ModuleType, name: str, origin: str, version: str | None) -> None:
        doc = (module.__doc__ or "").strip()
        summary = doc.splitlines()[0] if doc else None
        state = self.states[name] = PluginState(name, origin, version, summary=summary)
        try:
            self.manager.register(module, name=name)
            self.manager.check_pending()
        except Exception as exc:  # a misspelled hook, or an invalid implementation
            if self.manager.is_registered(module):
                self.manager.unregister(module)
            state.error = f"插件未启用：{exc}"
            return
        state.hooks = sorted(
            h.name
            for h in self.manager.get_hookcallers(module) or ()
            if h.name.startswith("gouji_")
        )

    def _load_path(self, path: Path) -> None:
        name = f"{HOME_PREFIX}{path.stem}"
        # Two engines with different homes may load files of the same name in one process: each
        # gets its own module object, registered in sys.modules under a home-specific name.
        module_name = (
            f"{name}_{hashlib.sha256(str(path.parent.resolve()).encode()).hexdigest()[:8]}"
        )
        try:
            spec = importlib.util.spec_from_file_location(module_name, path)
            assert spec is not None and spec.loader is not None
            module = importlib.util.module_from_spec(spec)
            sys.modules[module_name] = module
            spec.loader.exec_module(module)
        except Exception as exc:
            sys.modules.pop(module_name, None)
            self.states[name] = PluginState(
                name, str(path), None, error=f"插件加载失败：{type(exc).__name__}: {exc}"
            )
            return
        self._register(module, name, str(path), getattr(module, "__version__", None))

    def _load_entry_point(self, ep: metadata.EntryPoint) -> None:
        dist = getattr(ep, "dist", None)
        version = dist.version if dist is not None else None
        origin = f"{dist.metadata['Name']} {version}" if dist is not None else ep.value
        try:
            module = ep.load()
        except Exception as exc:
            self.states[ep.name] = PluginState(
                ep.name, origin, version, error=f"插件加载失败：{type(exc).__name__}: {exc}"
            )
            return
        self._register(module, ep.name, origin, version)

    # --- calling ---------------------------------------------------------------------------

    def call(self, hook: str, **kwargs: Any) -> Iterator[Any]:
        """Results of every implementation, most recently registered first (pluggy's order).

        Each implementation is called on its own, so one that raises is disabled and reported
        instead of taking the others down with it.
        """
        for _, result in self.results(hook, **kwargs):
            yield result

    def results(
        self, hook: str, *, validate: Callable[[Any], None] | None = None, **kwargs: Any
    ) -> Iterator[tuple[str, Any]]:
        """``(plugin name, result)`` of every implementation, for hooks whose results must say
        where they came from. ``validate`` raises on a result the engine cannot use; the
        plugin is then disabled as if its hook had raised."""
        caller = getattr(self.manager.hook, hook)
        for impl in reversed(caller.get_hookimpls()):
            for result in self.call_one(impl, hook, validate=validate, **kwargs):
                yield impl.plugin_name, result

    def call_one(
        self, impl: Any, hook: str, *, validate: Callable[[Any], None] | None = None, **kwargs: Any
    ) -> Iterator[Any]:
        """One implementation's result (for hooks applied in turn, each seeing the last's output)."""
        if not self.manager.is_registered(impl.plugin):
            return
        try:
            result = impl.function(**{k: kwargs[k] for k in impl.argnames})
            if result is not None and validate is not None:
                validate(result)
        except Exception as exc:
            self._disable(impl.plugin_name, hook, exc)
            return
        if result is not None:
            yield result

    def fold(self, hook: str, name: str, value: Any, **kwargs: Any) -> Any:
        """Pass ``value`` (as argument ``name``) through every implementation in turn; each
        returns a replacement or ``None`` to keep what it was given."""
        caller = getattr(self.manager.hook, hook)
        for impl in reversed(caller.get_hookimpls()):
            value = next(self.call_one(impl, hook, **{name: value}, **kwargs), value)
        return value

    def first(self, hook: str, **kwargs: Any) -> Any:
        """The first non-``None`` result (the hooks declared ``firstresult``)."""
        return next(self.call(hook, **kwargs), None)

    def _disable(self, name: str, hook: str, exc: Exception) -> None:
        plugin = self.manager.get_plugin(name)
        if plugin is not None:
            self.manager.unregister(plugin)
        state = self.states.setdefault(name, PluginState(name, name, None))
        state.error = f"插件在 {hook} 中出错，已停用：{type(exc).__name__}: {exc}"

    def errors(self) -> list[str]:
        return [f"{s.name}: {s.error}" for s in self.states.values() if s.error]


def plugin_label(name: str) -> str:
    """How messages name a plugin: a home plugin by its file's stem (``hubei``), an installed
    one by its entry-point name."""
    return name.removeprefix(HOME_PREFIX)


def _entry_points() -> list[metadata.EntryPoint]:
    return sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: ep.name)
