"""Recognising a table row by what its label means, not by how it is spelled.

Real labels arrive renumbered ("（3）不予公开"), reworded ("规范性文件", "其他法律法规禁止公开"),
annotated ("其他对外管理服务事项（指…）"), misspelled ("本年度止件数"), wrapped over lines or run
together with a header and the previous row's numbers (crawler dumps). A match says how it was
made, because each way other than the template's own label is an assumption the report's notes
must carry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache, lru_cache

from ..vocabulary import RowSpec, TableSpec
from .local import NATIONAL, LocalTemplates, reading_table

_ORDINAL = (
    r"(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．](?!\d))"
)
_LEADING_ORDINALS = re.compile(rf"^(?:{_ORDINAL}\s*)+")
_PARENTHETICAL = re.compile(r"[（(][^（）()]*[）)]")
_DROP = re.compile(r"[\s“”\"'‘’「」『』《》〈〉*#|:：,，.。、;；!！?？·]+")
LAST_ORDINAL = re.compile(_ORDINAL)

# How a label was recognised, strongest first, with the confidence the reading deserves and the
# note code it leaves (None: the template's own label, nothing assumed).
EXACT, LOCAL, ALIAS, ANNOTATED, EMBEDDED, PARTIAL, FUZZY = range(7)
MATCH_CONFIDENCE = {
    EXACT: 1.0,
    LOCAL: 1.0,
    ALIAS: 0.95,
    ANNOTATED: 0.9,
    EMBEDDED: 0.9,
    PARTIAL: 0.8,
    FUZZY: 0.7,
}
MATCH_NOTE = {
    EXACT: None,
    LOCAL: "label.local",
    ALIAS: "label.variant",
    ANNOTATED: "label.annotated",
    EMBEDDED: "label.embedded",
    PARTIAL: "label.partial",
    FUZZY: "label.fuzzy",
}

_MISS = object()
_MEMO_LIMIT = 65536

MAX_LABEL_PIECE = 60
"""Longer label pieces are prose or run-together text: only a suffix match may anchor them."""


@lru_cache(maxsize=65536)
def normalize_label(text: str) -> str:
    """Reduce a label to what it says: no numbering, spacing, quotes or punctuation.

    Parentheses are kept (annotations are handled separately) but unified to ASCII.
    """
    text = text.replace("（", "(").replace("）", ")")
    text = _LEADING_ORDINALS.sub("", text.strip())
    return _DROP.sub("", text)


def strip_annotations(normalized: str) -> str:
    return _PARENTHETICAL.sub("", normalized)


@dataclass(frozen=True, slots=True)
class RowMatch:
    row: RowSpec
    how: int
    origin: str | None = None
    """The plugin whose local template printed the label (``LOCAL`` matches only)."""

    @property
    def confidence(self) -> float:
        return MATCH_CONFIDENCE[self.how]

    @property
    def note_code(self) -> str | None:
        return MATCH_NOTE[self.how]


@dataclass(frozen=True, slots=True)
class _Names:
    row: RowSpec
    index: int
    label: str
    label_bare: str
    aliases: tuple[str, ...]
    local: dict[str, str]
    """Whole labels of local templates (normalised) → the plugin that declared them."""
    keywords: tuple[str, ...]


class RowMatcher:
    """Matches label pieces to the rows of one table, in template order.

    Rows are expected in order but any may be missing (a table that lost its first rows still
    anchors its later ones); a label that names a row already passed is not an anchor (a header
    repeated after a page break).
    """

    def __init__(
        self, table: TableSpec, local_labels: dict[str, tuple[tuple[str, str], ...]] | None = None
    ):
        self.table = table
        local = local_labels or {}
        self._names = tuple(
            _Names(
                row=r,
                index=i,
                label=normalize_label(r.label),
                label_bare=strip_annotations(normalize_label(r.label)),
                aliases=tuple(normalize_label(a) for a in r.aliases if a),
                local={
                    normalize_label(label): origin
                    for label, origin in local.get(r.key, ())
                    if normalize_label(label)
                },
                keywords=tuple(normalize_label(k) for k in r.keywords),
            )
            for i, r in enumerate(table.rows)
        )
        self._index = {n.row.key: n.index for n in self._names}
        self._memo: dict[tuple[str, str | None], RowMatch | None] = {}

    def index(self, key: str) -> int:
        return self._index[key]

    def match(self, text: str, last: str | None) -> RowMatch | None:
        """The row ``text`` labels, given the last row anchored (``None`` at the table start).

        Memoised: real reports repeat the template's labels, so across a corpus almost every
        call is a lookup (the cache is bounded; matching is a pure function of its inputs).
        """
        key = (text, last)
        found = self._memo.get(key, _MISS)
        if found is _MISS:
            if len(self._memo) >= _MEMO_LIMIT:
                self._memo.clear()
            found = self._memo[key] = self._match(text, last)
        return found

    def _match(self, text: str, last: str | None) -> RowMatch | None:
        norm = normalize_label(text)
        if not norm:
            return None
        bare = strip_annotations(norm)
        start = -1 if last is None else self._index[last]
        best: RowMatch | None = None
        for names in self._names[start + 1 :]:
            if names.row.after and last not in names.row.after:
                continue
            how = self._how(names, norm, bare)
            if how is not None and (best is None or how < best.how):
                best = RowMatch(names.row, how, names.local.get(norm) if how == LOCAL else None)
                if how == EXACT:
                    break
        return best

    @staticmethod
    def _how(names: _Names, norm: str, bare: str) -> int | None:
        if norm == names.label:
            return EXACT
        if norm in names.local:
            return LOCAL
        if norm in names.aliases:
            return ALIAS
        if bare and (bare == names.label_bare or bare in names.aliases or bare in names.local):
            return ANNOTATED
        if len(norm) > len(names.label) and (
            norm.endswith(names.label)
            or any(norm.endswith(a) for a in (*names.aliases, *names.local))
        ):
            return EMBEDDED
        if len(norm) > MAX_LABEL_PIECE:
            return None
        if any(k in norm for k in names.keywords):
            return PARTIAL
        if len(norm) >= 6 and names.label.startswith(norm):
            return PARTIAL  # the first line of a label wrapped over several
        if _similar(norm, names.label):
            return FUZZY
        return None


def _similar(text: str, label: str) -> bool:
    """A typo-tolerant comparison, guarded by cheap checks because it runs per label piece."""
    if len(text) < 4 or not 0.6 <= len(text) / max(len(label), 1) <= 1.6:
        return False
    shared = len(set(text) & set(label))
    if shared < 0.7 * len(set(label)):
        return False
    return SequenceMatcher(None, text, label).ratio() >= 0.75


@cache
def row_matcher(edition: str, table: str, local: LocalTemplates = NATIONAL) -> RowMatcher:
    """The shared matcher for one edition's table and local templates (built once per process)."""
    return RowMatcher(reading_table(edition, table, local), local.aliases_for(table))
