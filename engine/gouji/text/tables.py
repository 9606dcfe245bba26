"""The cells a quantity the prose names stands for, their Chinese names, and their value.

表三 quantities are row groups of the 总计 column ("不予公开" is the sum of its eight rows,
"其他处理" of the 2021 format's three rows or the 2019 format's one), 表四's 行政诉讼 is 直接起诉 +
复议后起诉, and a 表二 quantity is its own cell key.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Report

_ROWS: dict[str, tuple[str, ...]] = {
    "new": ("new",),
    "carried_over": ("carried_over",),
    "closed": ("results_total",),
    "results_total": ("results_total",),
    "carry_forward": ("carry_forward",),
    "granted": ("granted",),
    "partial": ("partial",),
    "granted+partial": ("granted", "partial"),
    "denied": ("denied_*",),
    "unable": ("unable_*",),
    "rejected": ("rejected_*",),
    "other": ("other", "other_*"),
}
NAMES = {
    "new": "本年新收申请",
    "accepted": "受理申请",
    "carried_over": "上年结转申请",
    "closed": "办结（答复）申请",
    "carry_forward": "结转下年度申请",
    "granted": "予以公开",
    "partial": "部分公开",
    "granted+partial": "予以公开和部分公开",
    "denied": "不予公开",
    "unable": "无法提供",
    "rejected": "不予处理",
    "other": "其他处理",
    "review": "行政复议",
    "suits": "行政诉讼",
}
CELL_NAMES = {
    "new": "表三 本年新收·总计",
    "accepted": "表三 本年新收（或加上年结转）·总计",
    "carried_over": "表三 上年结转·总计",
    "closed": "表三 办理结果总计·总计",
    "results_total": "表三 办理结果总计·总计",
    "carry_forward": "表三 结转下年度·总计",
    "granted": "表三 予以公开·总计",
    "partial": "表三 部分公开·总计",
    "granted+partial": "表三 予以公开与部分公开·总计之和",
    "denied": "表三 不予公开各项·总计之和",
    "unable": "表三 无法提供各项·总计之和",
    "rejected": "表三 不予处理各项·总计之和",
    "other": "表三 其他处理各项·总计之和",
    "review": "表四 行政复议·总计",
    "suits": "表四 行政诉讼（直接起诉与复议后起诉）·总计之和",
}


COLUMNS: dict[str, tuple[str, ...]] = {
    "natural": ("natural",),
    "orgs": ("commercial", "research", "nonprofit", "legal", "other_org"),
    "commercial": ("commercial",),
    "research": ("research",),
    "nonprofit": ("nonprofit",),
    "legal": ("legal",),
}
"""表三's applicant columns a split names: 法人或其他组织 is the sum of its five columns."""
COLUMN_NAMES = {
    "natural": "自然人",
    "orgs": "法人或其他组织",
    "commercial": "商业企业",
    "research": "科研机构",
    "nonprofit": "社会公益组织",
    "legal": "法律服务机构",
}


def split_quantity(quantity: str) -> tuple[str, str | None]:
    """``new:natural`` → (``new``, ``natural``); a quantity without a column → (it, ``None``)."""
    row, _, column = quantity.partition(":")
    return row, column or None


def name_of(quantity: str) -> tuple[str, str]:
    """(what is counted, the cells) in Chinese, for a 表三/表四 quantity with or without a column."""
    row, column = split_quantity(quantity)
    if column is None:
        return NAMES[row], CELL_NAMES[row]
    cells = CELL_NAMES[row].replace("·总计之和", "").replace("·总计", "")
    wanted = COLUMN_NAMES[column]
    suffix = "各列之和" if len(COLUMNS[column]) > 1 else ""
    return f"{NAMES[row]}（{wanted}）", f"{cells}·{wanted}{suffix}"


def keys_of(report: Report, quantity: str) -> tuple[str, ...]:
    """The cell keys whose sum is the quantity (``row:column`` for an applicant column)."""
    row, column = split_quantity(quantity)
    if column is not None:
        return tuple(
            k.rsplit(".", 1)[0] + f".{c}" for k in keys_of(report, row) for c in COLUMNS[column]
        )
    if quantity.startswith("t2."):
        return (quantity,)
    if quantity == "review":
        return ("t4.review.total",)
    if quantity == "suits":
        return ("t4.suit_direct.total", "t4.suit_after_review.total")
    keys: list[str] = []
    for row in _ROWS[quantity]:
        if row.endswith("*"):
            prefix = f"t3.{row[:-1]}"
            keys += sorted(k for k in report.cells if k.startswith(prefix) and k.endswith(".total"))
        elif f"t3.{row}.total" in report.cells or "*" not in "".join(_ROWS[quantity]):
            keys.append(f"t3.{row}.total")
    return tuple(keys)


def table_value(report: Report, keys: Iterable[str], blank_as_zero: bool = True) -> int | None:
    """The sum of the cells, or ``None`` when one is missing (or, unless ``blank_as_zero``, blank
    or a placeholder: a single 表二 cell left blank states nothing)."""
    total, missing = 0, False
    for key in keys:
        cell = report.cells.get(key)
        empty = cell is not None and cell.semantic in ("blank", "placeholder")
        unusable = cell is None or cell.semantic == "absent" or (cell.value is None and not empty)
        if unusable or (empty and not blank_as_zero):
            missing = True
        elif cell.value is not None:
            total += int(cell.value)
    return None if missing or not keys else total
