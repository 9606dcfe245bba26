"""Loading plugins and calling their hooks through pluggy without letting one broken plugin stop a
run.

Plugins come from the rules home's ``plugins/*.py`` (loaded by path, as pytest loads
``conftest.py``) and from installed distributions that declare the ``gouji`` entry-point group.
Loading a home's plugins runs its code, so ``Engine`` passes a home here only when it is trusted
(``gouji.home``: named by the user, bundled, or found by walking up and trusted on purpose).

Every hook is called through ``manager.hook.<name>(…)``, so pluggy's semantics hold: the most
recently registered implementation runs first, ``tryfirst``/``trylast`` move one to the front or
the back, a ``firstresult`` hook stops at the first answer that is not ``None``, and a plugin's
``@hookimpl(wrapper=True)`` wraps every other implementation of its hook. gouji's built-ins
(``gouji.builtin``) are ``trylast`` and registered after every plugin, so any plugin precedes
them, even one that asks to be ``trylast`` itself.

A plugin that fails to import, implements a hook that does not exist (a misspelling, caught by
pluggy's ``check_pending``), raises inside a hook or returns a result of the wrong shape
(``gouji.plugin_guards``) is disabled and reported — on stderr by the command line, and in every
record's ``plugins`` — and the run continues with the rest. A plugin named in ``blocked``
(``Engine(disable_plugins=…)``, ``--disable-plugin``, ``GOUJI_DISABLE_PLUGINS``) is never
imported (``pm.set_blocked``) and is listed as disabled on request. ``GOUJI_TRACE_HOOKS=1``
writes pluggy's hook trace to stderr.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import importlib.util
import os
import reprlib
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from types import ModuleType
from typing import Any

import pluggy

from . import builtin, hookspecs
from .errors import GoujiError
from .plugin_guards import Guards, HookCall, one_line

ENTRY_POINT_GROUP = "gouji"
HOME_PREFIX = "gouji_home_plugins."
DISABLE_ENV = "GOUJI_DISABLE_PLUGINS"
"""Plugins not to load, by name, separated by commas (``hubei,shanghai``)."""
TRACE_ENV = "GOUJI_TRACE_HOOKS"
"""Set to 1 to write every hook call, each implementation's answer and the result to stderr."""
BUILTIN = "gouji.builtin"
BLOCKED = "已按要求停用（--disable-plugin 或 GOUJI_DISABLE_PLUGINS）"
_YES = {"1", "true", "yes", "on"}


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
    summary_zh: str | None = None
    """The same in Chinese: the module's ``__doc_zh__`` (first line), shown beside ``summary``
    by ``gouji plugins``."""
    blocked: bool = False
    """Disabled by name on request (``error`` then says so); not a failure of the plugin."""


class Plugins:
    def __init__(
        self,
        home: Path | None,
        *,
        entry_points: bool = True,
        blocked: Iterable[str] = (),
        trace: bool | None = None,
        untrusted: Iterable[Path] = (),
    ) -> None:
        """``untrusted``: the plugin files of a home that is not trusted, left unloaded. Their
        names are no mistake in ``blocked`` — a user may stop a plugin whether or not this run
        would have loaded it — but nothing of them is imported."""
        self.manager = pluggy.PluginManager(hookspecs.PROJECT)
        self.manager.add_hookspecs(hookspecs)
        self.states: dict[str, PluginState] = {}
        self.blocked: tuple[str, ...] = tuple(dict.fromkeys([*blocked, *blocked_by_env()]))
        """Names (or labels, ``hubei``) of plugins not to load."""
        self.unloaded: tuple[str, ...] = tuple(f"{HOME_PREFIX}{path.stem}" for path in untrusted)
        """Names of the untrusted home's plugins, which are not loaded at all."""
        tracing = trace if trace is not None else os.environ.get(TRACE_ENV, "").lower() in _YES
        if tracing:
            self._start_tracing()
        self._guards = Guards(self.manager, self.states, self._trace_answer if tracing else None)
        # The built-ins are listed first but registered last: pluggy calls the last registered
        # of the trylast implementations last of all, after even a plugin's own trylast ones.
        self.states[BUILTIN] = PluginState(BUILTIN, "gouji（内置）", None)
        if home is not None:
            for path in sorted((home / "plugins").glob("*.py")):
                self._load_path(path)
        if entry_points:
            for ep in _entry_points():
                self._load_entry_point(ep)
        self._register(builtin, BUILTIN, "gouji（内置）", None)
        if home is not None or entry_points or self.unloaded:
            self._check_blocked_names()

    # --- loading ---------------------------------------------------------------------------

    def _is_blocked(self, name: str) -> bool:
        return name in self.blocked or plugin_label(name) in self.blocked

    def _block(self, name: str, origin: str, version: str | None) -> None:
        self.manager.set_blocked(name)
        self.states[name] = PluginState(name, origin, version, error=BLOCKED, blocked=True)

    def _check_blocked_names(self) -> None:
        """A name that matches no plugin is a mistake (a misspelling would leave running the
        plugin the user meant to stop): one line, with the closest name."""
        labels = [plugin_label(n) for n in (*self.states, *self.unloaded)]
        for wanted in self.blocked:
            if wanted not in self.states and wanted not in self.unloaded and wanted not in labels:
                close = difflib.get_close_matches(wanted, labels, n=1, cutoff=0.6)
                hint = f"是否指 {close[0]}？" if close else ""
                raise GoujiError(
                    f"--disable-plugin/{DISABLE_ENV}：没有名为 {wanted} 的插件"
                    f"（{hint}可停用：{'、'.join(labels)}）"
                )

    def _register(self, module: ModuleType, name: str, origin: str, version: str | None) -> None:
        if self._is_blocked(name):
            self._block(name, origin, version)
            return
        summary, summary_zh = _summaries(module)
        state = self.states[name] = PluginState(
            name, origin, version, summary=summary, summary_zh=summary_zh
        )
        try:
            guarded = self._guards.guard(module, name)
            self.manager.register(guarded, name=name)
            self.manager.check_pending()
        except Exception as exc:  # a misspelled hook, or an invalid implementation
            if self.manager.get_plugin(name) is not None:
                self.manager.unregister(name=name)
            state.error = f"插件未启用：{one_line(str(exc))}"
            return
        state.hooks = sorted(
            h.name
            for h in self.manager.get_hookcallers(guarded) or ()
            if h.name.startswith("gouji_")
        )

    def _load_path(self, path: Path) -> None:
        name = f"{HOME_PREFIX}{path.stem}"
        if self._is_blocked(name):
            self._block(name, str(path), None)
            return
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
        if self._is_blocked(ep.name):
            self._block(ep.name, origin, version)
            return
        try:
            module = ep.load()
        except Exception as exc:
            self.states[ep.name] = PluginState(
                ep.name, origin, version, error=f"插件加载失败：{type(exc).__name__}: {exc}"
            )
            return
        self._register(module, ep.name, origin, version)

    # --- calling ---------------------------------------------------------------------------

    def _call(self, hook: str, kwargs: dict[str, Any], call: HookCall) -> Any:
        with self._guards.calling(hook, call):
            return getattr(self.manager.hook, hook)(**kwargs)

    def call(self, hook: str, **kwargs: Any) -> list[Any]:
        """Every implementation's result, in pluggy's order (most recently registered first,
        ``tryfirst`` before and ``trylast`` after the rest), as plugin wrappers leave them."""
        return self._call(hook, kwargs, HookCall())

    def results(
        self, hook: str, *, validate: Callable[[Any], None] | None = None, **kwargs: Any
    ) -> list[tuple[str, Any]]:
        """``(plugin name, result)`` of every implementation, for hooks whose results must say
        where they came from (a result a wrapper added is the wrapper's). ``validate`` raises on
        a result the engine cannot use; the plugin is then disabled as if its hook had raised."""
        context = HookCall(check=validate)
        return [(context.origin(r), r) for r in self._call(hook, kwargs, context)]

    def first(self, hook: str, **kwargs: Any) -> Any:
        """The first non-``None`` result (the hooks declared ``firstresult``)."""
        return self._call(hook, kwargs, HookCall())

    def fold(self, hook: str, name: str, value: Any, **kwargs: Any) -> Any:
        """Pass ``value`` (as argument ``name``) through every implementation in turn; each
        returns a replacement or ``None`` to keep what it was given.

        pluggy hands every implementation the same arguments, so the fold is made inside the
        call: each implementation's guard gives it the value so far in place of ``name`` and
        keeps its answer for the next. The call still goes through ``manager.hook``, so order,
        ``tryfirst``/``trylast``, blocking, wrappers and tracing are pluggy's. The outcome is
        the last answer in the hook's result list — what the last implementation made, unless
        a wrapper changed the list."""
        answers = self._call(
            hook, {name: value, **kwargs}, HookCall(fold_name=name, fold_value=value)
        )
        return next((a for a in reversed(answers) if a is not None), value)

    def errors(self) -> list[str]:
        return [f"{s.name}: {s.error}" for s in self.states.values() if s.error]

    # --- tracing ---------------------------------------------------------------------------

    def _start_tracing(self) -> None:
        """pluggy's own tracing (``enable_tracing``), its messages written to stderr one line
        each, with arguments and results shown short (a report is thousands of lines)."""
        self.manager.trace.root.setprocessor("hook", self._write_trace)
        self.manager.enable_tracing()

    def _trace_answer(self, name: str, result: Any) -> None:
        self.manager.trace.root.get("hook")(plugin_label(name), "-->", result)

    def _write_trace(self, tags: tuple[str, ...], args: tuple[Any, ...]) -> None:
        indent = "  " * self.manager.trace.root.indent
        if len(args) == 2 and isinstance(args[1], dict):  # a call: the hook and its arguments
            shown = ", ".join(f"{k}={_brief(v)}" for k, v in args[1].items())
            line = f"{args[0]}({shown})"
        elif args and args[0] == "finish":  # "finish", hook, "-->", result
            line = f"{args[1]} --> {_brief(args[-1])}"
        else:  # an implementation's answer
            line = f"  {args[0]} --> {_brief(args[-1])}"
        sys.stderr.write(f"gouji 钩子跟踪：{indent}{line}\n")


def blocked_by_env() -> list[str]:
    """The plugin names in ``GOUJI_DISABLE_PLUGINS`` (commas, ASCII or Chinese)."""
    raw = os.environ.get(DISABLE_ENV, "").replace("，", ",")
    return [name.strip() for name in raw.split(",") if name.strip()]


def plugin_label(name: str) -> str:
    """How messages name a plugin: a home plugin by its file's stem (``hubei``), an installed
    one by its entry-point name."""
    return name.removeprefix(HOME_PREFIX)


def _entry_points() -> list[metadata.EntryPoint]:
    return sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: ep.name)


def _summaries(module: object) -> tuple[str | None, str | None]:
    """The first line of the module's docstring, and of its ``__doc_zh__``."""

    def first_line(text: object) -> str | None:
        lines = text.strip().splitlines() if isinstance(text, str) else []
        return lines[0].strip() if lines else None

    return first_line(getattr(module, "__doc__", None)), first_line(
        getattr(module, "__doc_zh__", None)
    )


_REPR = reprlib.Repr()
_REPR.maxstring = 24


def _brief(value: Any) -> str:
    """A value as the trace shows it: short, and never the whole of a report or record."""
    if value is None or isinstance(value, str | int | float | bool | Path):
        return _REPR.repr(value)
    if isinstance(value, list | tuple | dict):
        items = [
            f"{_REPR.repr(k)}: {_brief(v)}" if isinstance(value, dict) else _brief(v)
            for k, v in list(value.items() if isinstance(value, dict) else enumerate(value))[:3]
        ]
        if len(value) > 3:
            items.append(f"… 共 {len(value)} 项")
        return ("{%s}" if isinstance(value, dict) else "[%s]") % ", ".join(items)
    if dataclasses.is_dataclass(value):  # IssuerClass, LocalRow: its first plain values
        shown = [
            _REPR.repr(v).strip("'")
            for v in (getattr(value, f.name) for f in dataclasses.fields(value))
            if v and isinstance(v, str | int | float)
        ]
        return f"<{' '.join([type(value).__name__, *shown[:3]])}>"
    named = getattr(value, "source", None) or getattr(value, "rule", None)
    suffix = f" {named}" if isinstance(named, str) else ""
    return f"<{type(value).__name__}{suffix}>"
