"""The on-disk cache (``gouji.cache``): parsed rule files and the gazetteer's index are reused,
rebuilt when what they were made from changes, and never make a run fail — a corrupt entry, an
unwritable folder or ``GOUJI_NO_CACHE=1`` only make gouji build what it needs again."""

from __future__ import annotations

import json
import os
import pickle
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEEDS
from gouji import cache, gazetteer, gazetteer_index
from gouji.dsl import parse_cache, parser
from gouji.dsl.rules import load_file
from gouji.home import bundled_home

RULE = """rule LOCAL.ONE
  title    "{title}"
  severity warning
  cite     "本地规定"
  require 表三.本年新收.总计 is present
end
"""


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(folder))
    monkeypatch.delenv(cache.NO_CACHE_ENV, raising=False)
    return folder


def _rule_file(folder: Path, title: str = "本年新收须填写") -> Path:
    path = folder / "local.rules"
    path.write_text(RULE.format(title=title), encoding="utf-8")
    return path


def _entries(folder: Path, kind: str) -> list[Path]:
    return sorted(p for p in (folder / kind).glob("*") if not p.name.startswith("."))


def _no_parsing(monkeypatch) -> None:
    def refuse(text: str, path: str):
        raise AssertionError("parsed although the cache holds this file")

    monkeypatch.setattr(parser, "parse_rules", refuse)


# --- where, and when not ----------------------------------------------------------------------


def test_the_folder_follows_gouji_cache_dir_then_xdg_then_home(tmp_path, monkeypatch):
    monkeypatch.delenv(cache.NO_CACHE_ENV, raising=False)
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(tmp_path / "named"))
    assert cache.cache_dir() == tmp_path / "named"
    monkeypatch.delenv(cache.CACHE_DIR_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "gouji"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "gouji"


@pytest.mark.parametrize(("value", "off"), [("1", True), ("yes", True), ("0", False), ("", False)])
def test_gouji_no_cache_turns_it_off(cache_dir, monkeypatch, value, off):
    monkeypatch.setenv(cache.NO_CACHE_ENV, value)
    assert (cache.cache_dir() is None) is off
    load_file(_rule_file(cache_dir.parent))
    assert (_entries(cache_dir, "rules") == []) is off


# --- rule files -----------------------------------------------------------------------------


def test_a_rule_file_parsed_once_is_read_back_without_parsing(cache_dir, monkeypatch):
    path = _rule_file(cache_dir.parent)
    first = load_file(path)
    assert len(_entries(cache_dir, "rules")) == 1
    _no_parsing(monkeypatch)
    again = load_file(path)
    assert [r.syntax for r in again.rules] == [r.syntax for r in first.rules]
    assert again.sha256 == first.sha256


def test_an_edited_rule_file_is_parsed_again(cache_dir):
    path = _rule_file(cache_dir.parent)
    assert load_file(path).rules[0].title == "本年新收须填写"
    _rule_file(cache_dir.parent, title="改过的标题")
    assert load_file(path).rules[0].title == "改过的标题"
    assert len(_entries(cache_dir, "rules")) == 2


def test_the_entry_depends_on_path_grammar_and_parser(monkeypatch):
    name = parse_cache._entry_name(RULE, "a.rules")
    assert name is not None and name != parse_cache._entry_name(RULE, "b.rules")
    monkeypatch.setattr(parse_cache, "_grammar_digest", lambda: "another grammar")
    assert parse_cache._entry_name(RULE, "a.rules") != name
    monkeypatch.undo()
    monkeypatch.setattr(parse_cache, "_code_digest", lambda: "another parser")
    assert parse_cache._entry_name(RULE, "a.rules") != name


@pytest.mark.parametrize(
    "content",
    [b"", b"not a pickle", pickle.dumps([1, 2])[:-3], pickle.dumps({"rules": []})],
    ids=["empty", "garbage", "truncated", "foreign"],
)
def test_a_corrupt_entry_is_parsed_again_and_replaced(cache_dir, content):
    path = _rule_file(cache_dir.parent)
    expected = load_file(path)
    (entry,) = _entries(cache_dir, "rules")
    entry.write_bytes(content)
    again = load_file(path)
    assert [r.syntax for r in again.rules] == [r.syntax for r in expected.rules]
    assert parse_cache._load(entry.read_bytes()) is not None  # rewritten whole


def test_an_entry_naming_anything_but_syntax_nodes_is_refused(cache_dir):
    planted = pickle.dumps([os.system])  # unpickling must never look up such a name
    assert parse_cache._load(planted) is None


def test_every_bundled_rule_file_round_trips_through_the_cache_loader():
    for path in sorted((bundled_home() / "rules").rglob("*.rules")):
        text = path.read_text(encoding="utf-8")
        rules = parser.parse_rules(text, path.name)
        assert parse_cache._load(pickle.dumps(rules, protocol=pickle.HIGHEST_PROTOCOL)) == rules


def test_an_unusable_cache_folder_is_no_error(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(blocker / "cache"))  # cannot be created
    monkeypatch.delenv(cache.NO_CACHE_ENV, raising=False)
    assert load_file(_rule_file(tmp_path)).rules[0].id == "LOCAL.ONE"
    assert cache.write_with("rules", "x", lambda p: p.write_bytes(b"")) is None


def test_a_failed_write_leaves_no_partial_entry(cache_dir):
    def fail(path: Path) -> None:
        path.write_bytes(b"half")
        raise OSError("disk full")

    assert cache.write_with("rules", "entry", fail) is None
    assert list((cache_dir / "rules").iterdir()) == []


# --- the gazetteer --------------------------------------------------------------------------


def test_the_cached_index_answers_exactly_as_the_tables_it_was_built_from(cache_dir):
    sources = gazetteer_index.read_sources()
    memory = gazetteer_index.build(sources)
    assert isinstance(gazetteer_index.load(sources), gazetteer_index.MemoryTables)  # built
    index = gazetteer_index.load(sources)
    assert isinstance(index, gazetteer_index.SqliteTables)  # then read from the cache
    for name, codes in memory.names.items():
        assert index.codes(name) == codes
    for code, name in memory.units.items():
        assert index.name_of(code) == name
    assert index.codes("没有这个地方") == () and index.name_of("999999") is None


@pytest.mark.parametrize("content", [b"", b"SQLite format 3\x00" + b"\x00" * 200, b"garbage"])
def test_a_corrupt_index_is_rebuilt(cache_dir, content):
    sources = gazetteer_index.read_sources()
    gazetteer_index.load(sources)
    (entry,) = _entries(cache_dir, "gazetteer")
    entry.write_bytes(content)
    tables = gazetteer_index.load(sources)
    assert tables.codes("别斯托别乡") == ("654025200",)
    assert isinstance(gazetteer_index.load(sources), gazetteer_index.SqliteTables)


def test_an_index_failing_after_it_was_opened_falls_back_to_memory(cache_dir):
    sources = gazetteer_index.read_sources()
    gazetteer_index.load(sources)
    index = gazetteer_index.load(sources)
    assert isinstance(index, gazetteer_index.SqliteTables)

    class Broken:
        def execute(self, *args):
            raise sqlite3.DatabaseError("database disk image is malformed")

        def close(self) -> None:
            pass

    index._con = Broken()
    assert index.codes("新源县") == ("654025",)
    assert index.name_of("654025200") == "别斯托别乡"
    assert _entries(cache_dir, "gazetteer") == []  # removed: the next run rebuilds it


def test_issuers_are_placed_the_same_with_and_without_the_cache(cache_dir, monkeypatch):
    names = ["新源县别斯托别乡人民政府", "城关镇", "平潭综合实验区财政金融局", "重庆市", "火星"]

    def places():
        gazetteer._data.cache_clear()
        try:
            return [gazetteer.locate(n) for n in names], gazetteer.units_named("城关镇")
        finally:
            gazetteer._data.cache_clear()

    places()  # builds the index
    cached = places()
    monkeypatch.setenv(cache.NO_CACHE_ENV, "1")
    assert places() == cached


# --- end to end -----------------------------------------------------------------------------


def _check(env: dict[str, str], *paths: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "gouji", "check", "--format", "json", "--fail-on", "never"]
        + [str(p) for p in paths],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def test_a_run_from_the_cache_gives_the_same_records(tmp_path):
    env = {**os.environ, cache.CACHE_DIR_ENV: str(tmp_path / "cache")}
    seeds = sorted(SEEDS.glob("*.txt"))[:2]
    first = _check(env, *seeds)  # fills the cache
    assert _entries(tmp_path / "cache", "rules") and _entries(tmp_path / "cache", "gazetteer")
    assert _check(env, *seeds) == first
    assert _check({**env, cache.NO_CACHE_ENV: "1"}, *seeds) == first
    assert [r["verdict"] for r in json.loads(first)]
