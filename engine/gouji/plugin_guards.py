"""Keeping one plugin from stopping a run while pluggy calls every hook.

pluggy lets an exception in any implementation end the whole hook call, and takes whatever an
implementation returns. So gouji never registers a plugin as it is: it registers a
``GuardedPlugin`` that holds each of the plugin's hook functions behind a guard, under the same
name and with the same ``hookimpl`` options (``tryfirst``, ``trylast``, ``wrapper``,
``specname``), so pluggy orders and calls them exactly as it would the plugin's own.

A guard checks what its function returns against the type the hook declares
(``hookspecs.result_type``, with pydantic) and against the caller's domain check, and turns an
exception or a wrong result into ``None`` — which pluggy skips — noting the failure against the
plugin (``PluginState.error``). A plugin's ``wrapper=True`` generator runs inside a guarding
generator of the same kind that passes on the result it was given when the plugin's part raises,
does not yield exactly once, or returns the wrong shape. When the outermost call is over, every
plugin that failed in it is unregistered; until then its other functions are skipped.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, Any

import pluggy
from pydantic import TypeAdapter, ValidationError

from . import hookspecs

if TYPE_CHECKING:
    from .plugins import PluginState


class WrongResult(ValueError):
    """A hook's result the engine cannot use; ``str()`` is the whole one-line explanation."""


@dataclass(slots=True)
class HookCall:
    """What the guards of one hook call share: the caller's domain check, the value being
    folded (``Plugins.fold``) and which plugin produced which result."""

    check: Callable[[Any], None] | None = None
    fold_name: str | None = None
    fold_value: Any = None
    origins: list[tuple[Any, str]] = field(default_factory=list)

    def origin(self, result: Any) -> str:
        """The plugin that produced ``result`` (the very object; a wrapper's for one it added)."""
        return next((name for r, name in reversed(self.origins) if r is result), "")

    def folded(
        self, argnames: list[str], args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> tuple[tuple[Any, ...], dict[str, Any]]:
        """An implementation's arguments with the value folded so far in place of the one the
        call was made with."""
        args = tuple(
            self.fold_value if a == self.fold_name else v
            for a, v in zip(argnames, args, strict=False)
        )
        if self.fold_name in kwargs:
            kwargs = {**kwargs, self.fold_name: self.fold_value}
        return args, kwargs


class GuardedPlugin(ModuleType):
    """What gouji registers with pluggy in a plugin's place: its hook functions, guarded. A
    module, so that pluggy's look at every name on it sees only those."""

    def __init__(self, plugin: object) -> None:
        super().__init__(getattr(plugin, "__name__", type(plugin).__name__), plugin.__doc__)
        self._gouji_plugin = plugin

    def __repr__(self) -> str:
        return repr(self._gouji_plugin)


class Guards:
    """The guards of one plugin manager's plugins, and the calls they take part in."""

    def __init__(
        self,
        manager: pluggy.PluginManager,
        states: dict[str, PluginState],
        answered: Callable[[str, Any], None] | None = None,
    ) -> None:
        self.manager = manager
        self.states = states
        self.answered = answered
        """Told each answer (plugin name, result), for the hook trace."""
        self._calls: dict[str, HookCall] = {}
        self._failed: list[str] = []
        self._depth = 0

    def guard(self, plugin: object, name: str) -> GuardedPlugin:
        """``plugin``'s hook functions, each behind its guard, ready to register as ``name``.
        A function that says it is a wrapper but is no generator is left as it is, for pluggy to
        refuse; an old-style ``hookwrapper`` is refused here."""
        guarded = GuardedPlugin(plugin)
        for attr in _candidates(plugin, f"{self.manager.project_name}_impl"):
            opts = self.manager.parse_hookimpl_opts(plugin, attr)
            if opts is None:
                continue
            function = getattr(plugin, attr)
            hook = opts.get("specname") or attr
            if opts.get("hookwrapper"):
                raise ValueError(
                    f"{attr}：gouji 只支持新式包装器 @hookimpl(wrapper=True)，"
                    "不支持 hookwrapper=True"
                )
            if not opts.get("wrapper"):
                setattr(guarded, attr, self._implementation(name, hook, function))
            elif inspect.isgeneratorfunction(function):
                setattr(guarded, attr, self._wrapper(name, hook, function))
            else:
                setattr(guarded, attr, function)
        return guarded

    @contextlib.contextmanager
    def calling(self, hook: str, call: HookCall) -> Iterator[None]:
        """Around one ``manager.hook.<hook>(…)`` call: its guards share ``call``; when the
        outermost call ends, the plugins that failed in it are unregistered (not during it:
        pluggy is iterating over their implementations)."""
        outer = self._calls.get(hook)
        self._calls[hook] = call
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
            if outer is None:
                del self._calls[hook]
            else:
                self._calls[hook] = outer
            if self._depth == 0:
                for failed in self._failed:
                    if self.manager.get_plugin(failed) is not None:
                        self.manager.unregister(name=failed)
                self._failed.clear()

    def has_failed(self, name: str) -> bool:
        state = self.states.get(name)
        return state is not None and state.error is not None

    def fail(self, name: str, hook: str, exc: Exception) -> None:
        """Disable plugin ``name``: the first failure is the one reported."""
        state = self.states[name]
        if state.error is None:
            detail = str(exc) if isinstance(exc, WrongResult) else f"{type(exc).__name__}: {exc}"
            state.error = f"插件在 {hook} 中出错，已停用：{one_line(detail)}"
        self._failed.append(name)

    # --- the guards --------------------------------------------------------------------------

    def _implementation(
        self, name: str, hook: str, function: Callable[..., Any]
    ) -> Callable[..., Any]:
        """``function`` as pluggy calls it, returning ``None`` (skipped by pluggy) instead of
        raising or giving a result of the wrong shape; in a fold, given the value so far."""
        argnames = _argnames(function)

        @functools.wraps(function)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if self.has_failed(name):
                return None
            call = self._calls.get(hook)
            if call is not None and call.fold_name is not None:
                args, kwargs = call.folded(argnames, args, kwargs)
            try:
                result = function(*args, **kwargs)
                if result is not None:
                    result = self._checked(hook, result, call)
            except Exception as exc:
                self.fail(name, hook, exc)
                return None
            if result is not None and call is not None:
                call.origins.append((result, name))
                if call.fold_name is not None:
                    call.fold_value = result
            if self.answered is not None:
                self.answered(name, result)
            return result

        return guarded

    def _wrapper(self, name: str, hook: str, function: Callable[..., Any]) -> Callable[..., Any]:
        """A plugin's ``wrapper=True`` generator inside one of the same kind that passes the
        result it was given on unchanged when the plugin's part raises, does not yield exactly
        once, or returns something of the wrong shape."""

        @functools.wraps(function)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            if self.has_failed(name):
                return (yield)
            try:
                teardown = function(*args, **kwargs)
                next(teardown)
            except StopIteration:
                self.fail(name, hook, WrongResult("包装器没有 yield"))
                return (yield)
            except Exception as exc:
                self.fail(name, hook, exc)
                return (yield)
            try:
                given = yield
            except BaseException:  # not a plugin's doing: guarded implementations never raise
                _close(teardown)
                raise
            if self.has_failed(name):  # its own implementation failed inside
                _close(teardown)
                return given
            try:
                teardown.send(given)
            except StopIteration as stop:
                outcome = stop.value
            except Exception as exc:
                self.fail(name, hook, exc)
                return given
            else:
                _close(teardown)
                self.fail(name, hook, WrongResult("包装器 yield 了不止一次"))
                return given
            try:
                outcome = self._checked_outcome(hook, outcome, given, name)
            except Exception as exc:
                self.fail(name, hook, exc)
                return given
            if self.answered is not None:
                self.answered(f"{name}（包装器）", outcome)
            return outcome

        return guarded

    def _checked(self, hook: str, result: Any, call: HookCall | None) -> Any:
        """``result`` as validated for ``hook`` (pydantic may turn a ``str`` into a ``Path``,
        a tuple into a list), after the caller's domain check."""
        adapter = _adapter(hook)
        if adapter is None:  # another project's hook (an ``optionalhook``): not gouji's to judge
            return result
        try:
            value = adapter.validate_python(result)
        except ValidationError as exc:
            raise WrongResult(shape_problem(hook, exc)) from None
        if call is not None and call.check is not None:
            call.check(value)
        return value

    def _checked_outcome(self, hook: str, outcome: Any, given: Any, name: str) -> Any:
        """What a wrapper returns: for a ``firstresult`` hook one answer, otherwise the list of
        answers; what it adds is checked like an implementation's result, and ascribed to it."""
        call = self._calls.get(hook)

        def added(item: Any) -> Any:
            checked = self._checked(hook, item, call)
            if call is not None:
                call.origins.append((checked, name))
            return checked

        spec = getattr(self.manager.hook, hook).spec
        if spec is not None and spec.opts.get("firstresult"):
            return outcome if outcome is given or outcome is None else added(outcome)
        if not isinstance(outcome, list):
            raise WrongResult(f"包装器应返回结果的列表（list），得到 {type(outcome).__name__}")
        return [item if any(item is old for old in given) else added(item) for item in outcome]


def _candidates(plugin: object, marker: str) -> list[str]:
    """The names on ``plugin`` that may be hook implementations: of a module, only its functions
    that carry the ``hookimpl`` marker (asking pluggy about every global costs a cold start
    milliseconds); of anything else, every name, as pluggy itself looks."""
    if isinstance(plugin, ModuleType):
        return sorted(
            n for n, v in vars(plugin).items() if inspect.isroutine(v) and hasattr(v, marker)
        )
    return dir(plugin)


def one_line(text: str) -> str:
    return "；".join(line.strip() for line in text.splitlines() if line.strip())


def _argnames(function: Callable[..., Any]) -> list[str]:
    """The parameters pluggy passes positionally: those without a default (``self`` of a bound
    method excluded), as pluggy computes them."""
    positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return [
        p.name
        for p in inspect.signature(function).parameters.values()
        if p.kind in positional and p.default is inspect.Parameter.empty
    ]


def _close(teardown: Any) -> None:
    with contextlib.suppress(Exception):  # one that will not close is the collector's
        teardown.close()


@functools.cache
def _adapter(hook: str) -> TypeAdapter[Any] | None:
    return TypeAdapter(hookspecs.result_type(hook)) if hook in hookspecs.hook_names() else None


_PROBLEMS = {
    "list_type": "应为列表",
    "tuple_type": "应为元组",
    "dict_type": "应为字典",
    "string_type": "应为字符串",
    "int_type": "应为整数",
    "bool_type": "应为 true 或 false",
    "path_type": "应为路径",
    "missing": "缺少此项",
    "extra_forbidden": "不是可用的键",
    "string_too_short": "不能为空",
}


def shape_problem(hook: str, exc: ValidationError) -> str:
    """One line: the return type the hook declares, and the first thing wrong with the result
    (``返回值应为 list[Finding]：第 1 项应为 Finding，得到 str``)."""
    declared = getattr(hookspecs, hook).__annotations__.get("return", "")
    error = exc.errors()[0]
    got = "" if error["type"] == "missing" else f"，得到 {type(error['input']).__name__}"
    if not error["loc"]:
        return f"返回值应为 {declared}{got}"
    where = "的".join(f"第 {p + 1} 项" if isinstance(p, int) else str(p) for p in error["loc"])
    ctx = error.get("ctx") or {}
    if "class_name" in ctx:
        problem = f"应为 {ctx['class_name']}"
    elif error["type"] == "literal_error":
        problem = f"应为 {ctx.get('expected', '')} 之一"
    else:
        problem = _PROBLEMS.get(error["type"], error["msg"])
    return f"返回值应为 {declared}：{_spaced(where + problem)}{got}"


def _spaced(text: str) -> str:
    """A space between Chinese and Latin letters or digits, as gouji's messages write them."""
    text = re.sub(r"([\u4e00-\u9fff])([A-Za-z0-9_'])", r"\1 \2", text)
    return re.sub(r"([A-Za-z0-9_'\]])([\u4e00-\u9fff])", r"\1 \2", text)
