"""Rule files parsed once, then read back from the on-disk cache (``gouji.cache``).

Parsing is what costs: building the Lark parser from the grammar and running it over the
national files takes about 80 ms, more than checking a report. What is cached is the syntax tree
(``gouji.dsl.ast``), not the compiled rules — those hold closures, which cannot be pickled, and
compiling a tree takes a few milliseconds. On a hit Lark is not even imported.

An entry is named by the file's text and shown path, the grammar, the source of the modules
that build the tree, gouji's version and the Python version: an edited rule file, grammar or
parser misses and is parsed afresh. Only trees of files that parse are stored; a file with an
error is parsed (and its error raised) every time. Entries are unpickled by a loader that
accepts nothing but the syntax tree's own classes, so a file planted in the cache folder cannot
run code; anything odd in an entry makes it a miss.
"""

from __future__ import annotations

import hashlib
import io
import pickle
import sys
from functools import cache
from pathlib import Path

from .. import __version__
from .. import cache as disk
from ..errors import GoujiError
from . import ast

KIND = "rules"
FORMAT = "1"
"""Bumped when what an entry holds changes shape."""
_TREE_MODULE = "gouji.dsl.ast"
_TREE_SOURCES = ("ast.py", "parser.py", "nesting.py")
"""The modules whose code decides the tree a text parses to."""


def parse_cached(text: str, path: str) -> list[ast.Rule]:
    """``parser.parse_rules(text, path)``, from the cache when this exact text was parsed before.
    Raises what ``parse_rules`` raises; never anything because of the cache."""
    name = _entry_name(text, path)
    if name is not None:
        data = disk.read(KIND, name)
        rules = _load(data) if data is not None else None
        if rules is not None:
            return rules
    from .parser import parse_rules  # imports Lark: only on a miss

    rules = parse_rules(text, path)
    if name is not None:
        disk.write(KIND, name, pickle.dumps(rules, protocol=pickle.HIGHEST_PROTOCOL))
    return rules


def _entry_name(text: str, path: str) -> str | None:
    """The entry's file name, or ``None`` when caching is off or the grammar cannot be read
    (then parsing says what is wrong)."""
    if disk.cache_dir() is None:
        return None
    grammar = _grammar_digest()
    if grammar is None:
        return None
    python = f"{sys.version_info[0]}.{sys.version_info[1]}"
    return disk.key("gouji-rules", FORMAT, __version__, python, grammar, _code_digest(), path, text)


@cache
def _grammar_digest() -> str | None:
    from ..home import grammar_path

    try:
        return hashlib.sha256(Path(grammar_path()).read_bytes()).hexdigest()
    except (GoujiError, OSError):
        return None


@cache
def _code_digest() -> str:
    """The tree-building modules' source (an editable install changes without a new version);
    empty when it cannot be read, leaving gouji's version to tell releases apart."""
    digest = hashlib.sha256()
    for name in _TREE_SOURCES:
        try:
            digest.update(Path(__file__).with_name(name).read_bytes())
        except OSError:
            return ""
    return digest.hexdigest()


class _TreeLoader(pickle.Unpickler):
    """Unpickles syntax-tree nodes and plain data only: any other global is refused."""

    def find_class(self, module: str, name: str) -> type:
        node = getattr(ast, name, None) if module == _TREE_MODULE else None
        if isinstance(node, type) and node.__module__ == _TREE_MODULE:
            return node
        raise pickle.UnpicklingError(f"{module}.{name} is not a rule syntax node")


def _load(data: bytes) -> list[ast.Rule] | None:
    """The rules an entry holds, or ``None`` for anything else (truncated, foreign, old)."""
    try:
        rules = _TreeLoader(io.BytesIO(data)).load()
    except Exception:  # a corrupt pickle can raise nearly anything; all of it is a miss
        return None
    if not isinstance(rules, list) or not all(isinstance(r, ast.Rule) for r in rules):
        return None
    return rules
