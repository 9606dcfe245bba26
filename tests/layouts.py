"""Renderers that write a whole 2021-format annual report in one layout family.

The documents made here are GENERATED FOR TESTS (round-trip properties and benchmarks): made-up
prose around the three statutory tables of the 2021 national template (国办公开办函〔2021〕30号,
REPORT-FORMAT.md §3), filled with the cell values given. Each family mimics a layout real reports
arrive in (REPORT-FORMAT.md §5) and the real examples under ``tests/data``:

- ``one_cell_per_line``: DOCX copied as text (seeds 000, 004);
- ``tsv_wrapped``: tab-separated rows with a wrapped label spilling onto its own row (seed 002);
- ``markdown_pipes``: pipe rows with empty leading cells and spaced labels (seed 001);
- ``html_template``: an HTML page with the template's rowspan/colspan (tests/data/html);
- ``pdf_text``: a PDF text layer (extracted/huaian-2024.pypdf.txt);
- ``crawler_concatenated``: a crawler dump, body on one line, cells run together
  (corpus/pingtan).

Values are ``dict[str, int | Decimal | None]`` keyed by canonical cell key; ``None`` is a cell
left blank (not representable in ``pdf_text`` and ``crawler_concatenated``).
"""

from __future__ import annotations

import html as _html
import random
from collections.abc import Callable, Mapping
from decimal import Decimal

from gouji.vocabulary import vocabulary

Values = Mapping[str, int | Decimal | None]

VOCAB = vocabulary("2021")
T2, T3, T4 = VOCAB.tables["t2"], VOCAB.tables["t3"], VOCAB.tables["t4"]
CELL_KEYS: tuple[str, ...] = VOCAB.cell_keys
T3_COLUMNS: tuple[str, ...] = T3.rows[0].columns
T4_COLUMNS: tuple[str, ...] = T4.rows[0].columns

NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
RESULTS = "三、本年度办理结果"
# The template's merged group cells and the rows they span (REPORT-FORMAT.md §3.2).
GROUP_LABELS = {g: T3.groups[g].label for g in ("denied", "unable", "rejected", "other_handling")}
RESULT_ROWS = (*(r.key for r in T3.rows if r.group is not None), "results_total")

HEADINGS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)


def default_title(year: int) -> str:
    return f"示例县示例镇人民政府{year}年政府信息公开工作年度报告"


def fmt(value: int | Decimal | None) -> str:
    """A cell as printed: "" for blank, Decimals in plain notation ("96171.6", never "1E+3")."""
    if value is None:
        return ""
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def t2_groups() -> list[tuple[str, tuple[str, ...], list]]:
    """表二 as the template prints it: (caption, column labels, rows) per sub-table."""
    groups: list[tuple[str, tuple[str, ...], list]] = []
    for row in T2.rows:
        if not groups or groups[-1][0] != row.caption:
            labels = tuple(T2.column_labels[c] for c in row.columns)
            groups.append((row.caption, labels, []))
        groups[-1][2].append(row)
    return groups


def t3_group_start(row_key: str) -> str | None:
    """The group label printed in the (merged) cell beside ``row_key``, if it opens a group."""
    row = T3.row(row_key)
    if row.group in GROUP_LABELS and T3.rows_in_group(row.group)[0].key == row_key:
        return GROUP_LABELS[row.group]
    return None


def t3_lead(row, group_text: Callable[[str], str] = str) -> list[str]:
    """The cells before a 表三 row's label in a grid copied from the template: 三、本年度办理结果
    on its first row, the merged group cell on the first row of a group, empties elsewhere."""
    group = t3_group_start(row.key)
    if row.key == "granted":
        return [RESULTS]
    if row.group in GROUP_LABELS:
        return ["", group_text(group) if group else ""]
    return [""] if row.key in RESULT_ROWS else []


def row_values(values: Values, row) -> list[int | Decimal | None]:
    return [values.get(k) for k in row.cell_keys()]


def t4_values(values: Values) -> list[int | Decimal | None]:
    return [values.get(k) for b in T4.rows for k in b.cell_keys()]


# --- prose ------------------------------------------------------------------------------------


def prose(year: int) -> dict[str, list[str]]:
    """Some made-up text under each section heading (sections 二–四 also get their table)."""
    return {
        "intro": [
            "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）编制，"
            f"所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
        ],
        HEADINGS[0]: [
            f"{year}年，本单位认真贯彻落实《条例》，坚持以公开为常态、不公开为例外，"
            "持续做好主动公开、依申请公开、政府信息管理、平台建设和监督保障等工作。",
            "本单位及时更新政府信息公开指南，畅通依申请公开渠道，依法按时答复申请人。",
        ],
        HEADINGS[1]: ["本年度主动公开的政府信息见下表。"],
        HEADINGS[2]: ["本年度收到和处理申请的情况见下表。"],
        HEADINGS[3]: ["本年度复议和诉讼的情况见下表。"],
        HEADINGS[4]: [
            "本单位政府信息公开工作仍存在一些不足：一是公开内容不够丰富；二是解读形式较为单一。"
            "下一步，本单位将加强业务培训，提升公开质量。"
        ],
        HEADINGS[5]: ["本年度未收取政府信息公开信息处理费。"],
        "signature": ["示例县示例镇人民政府", f"{year + 1}年1月20日"],
    }


# --- 1. one cell per line (DOCX copied as text) ---------------------------------------------


def _cells_block(rows: list[list[str]]) -> str:
    """Every cell on its own line starting with a tab, a blank line between rows. A cell text
    containing "\n\n" is a merged label cell whose tail was copied onto untabbed lines."""
    return "\n\n".join("\n".join("\t" + c for c in row) for row in rows)


def one_cell_per_line(values: Values, *, title: str | None = None, year: int = 2024) -> str:
    text = prose(year)
    t2: list[list[str]] = []
    for caption, labels, rows in t2_groups():
        t2.append([caption])
        t2.append(["信息内容", *labels])
        t2.extend([r.label, *map(fmt, row_values(values, r))] for r in rows)
    t3: list[list[str]] = [
        [NOTE, "申请人情况"],
        ["", "自然人", "法人或其他组织", "总计"],
        ["", "", *(T3.column_labels[c] for c in T3_COLUMNS[1:6]), ""],
    ]
    for row in T3.rows:
        # A merged group cell copied out of Word: "\t（四）无法\n\n提供".
        lead = t3_lead(row, lambda g: g[:5] + "\n\n" + g[5:])
        t3.append([*lead, row.label, *map(fmt, row_values(values, row))])
    t4: list[list[str]] = [
        ["行政复议", "行政诉讼"],
        [
            "结果维持",
            "结果纠正",
            "其他结果",
            "尚未审结",
            "总\n计",
            "未经复议直接起诉",
            "复议后起诉",
        ],
        ["", "", "", "", "", *[T4.column_labels[c] for c in T4_COLUMNS] * 2],
        list(map(fmt, t4_values(values))),
    ]
    parts = [title or default_title(year), *text["intro"]]
    tables = {HEADINGS[1]: t2, HEADINGS[2]: t3, HEADINGS[3]: t4}
    for heading in HEADINGS:
        parts.append(heading)
        parts.extend(text[heading])
        if heading in tables:
            parts.append(_cells_block(tables[heading]) + "\n")
    parts.extend(text["signature"])
    return "\n\n".join(parts) + "\n"


# --- 2. tab-separated rows with a wrapped label ---------------------------------------------


def tsv_wrapped(values: Values, *, title: str | None = None, year: int = 2024) -> str:
    text = prose(year)
    t2: list[str] = []
    for caption, labels, rows in t2_groups():
        t2.append(caption + "\t" * 3)
        t2.append("\t".join(["信息内容", *labels, *[""] * (3 - len(labels))]))
        for r in rows:
            cells = list(map(fmt, row_values(values, r)))
            t2.append("\t".join([r.label, *cells, *[""] * (3 - len(cells))]))
    t3 = [
        f"{NOTE}\t\t申请人情况" + "\t" * 7,
        "\t\t自然人\t法人或其他组织\t\t\t\t\t总计\t",
        "\t\t\t" + "\t".join(T3.column_labels[c] for c in T3_COLUMNS[1:6]) + "\t\t",
    ]
    for row in T3.rows:
        cells = list(map(fmt, row_values(values, row)))
        label, tail = row.label, None
        if row.key == "other_no_fee":
            # Wrapped in its cell: the tail lands on a line of its own after a blank line.
            label, tail = label[:-5], label[-5:]
        # The three rows whose label spans the template's three label columns keep an empty
        # field after the label (seed 002); the others have theirs before it.
        lead = t3_lead(row)
        fields = [*lead, label] if lead else [label, ""]
        t3.append("\t".join([*fields, *cells]))
        if tail:
            t3.extend(["", "\t" + tail + "\t" * 8])
    t4 = [
        "行政复议" + "\t" * 5 + "行政诉讼" + "\t" * 9,
        "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉\t\t\t\t",
        "\t" * 5 + "\t".join(T4.column_labels[c] for c in T4_COLUMNS * 2),
        "\t".join(map(fmt, t4_values(values))),
    ]
    parts = [title or default_title(year), *text["intro"]]
    tables = {HEADINGS[1]: t2, HEADINGS[2]: t3, HEADINGS[3]: t4}
    for heading in HEADINGS:
        parts.append(heading)
        parts.extend(text[heading])
        if heading in tables:
            parts.append("\n".join(tables[heading]))
    parts.extend(text["signature"])
    return "\n\n".join(parts) + "\n"


# --- 3. markdown pipe rows ----------------------------------------------------------------


def _pipe(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _spaced(label: str) -> str:
    """How a PDF→markdown tool prints a two-line header cell: "商业 企业", "结果 纠正"."""
    return label if len(label) != 4 else f"{label[:2]} {label[2:]}"


def markdown_pipes(values: Values, *, title: str | None = None, year: int = 2024) -> str:
    text = prose(year)
    t2: list[str] = []
    for caption, labels, rows in t2_groups():
        t2.append(f"| {caption} | |||")
        t2.append(_pipe(["信息内容", *labels]) + " " + "|" * (3 - len(labels)))
        for r in rows:
            cells = list(map(fmt, row_values(values, r)))
            t2.append(_pipe([r.label, *cells]) + " " + "|" * (3 - len(cells)))
    t3 = [
        f"| {NOTE} | 申请人情况 | ||||||||",
        "| 自然人 | 法人或其他组织 | 总计 | |||||||",
        _pipe([_spaced(T3.column_labels[c]) for c in T3_COLUMNS[1:6]]) + " ||||",
    ]
    for row in T3.rows:
        lead = t3_lead(row)
        # Like seed 001: an empty cell left over at the end of each row.
        t3.append(_pipe([*lead, row.label, *map(fmt, row_values(values, row))]) + " |")
    t4_labels = [_spaced(T4.column_labels[c]) for c in T4_COLUMNS]
    t4 = [
        "| 行政复议 | 行政诉讼 | |||||||||||||",
        _pipe([*t4_labels, "未经复议直接起诉", "复议后起诉"]) + " ||||||||",
        _pipe(["", "", "", "", "", *t4_labels, *t4_labels]),
        _pipe(list(map(fmt, t4_values(values)))),
    ]
    parts = [title or default_title(year), *text["intro"]]
    tables = {HEADINGS[1]: t2, HEADINGS[2]: t3, HEADINGS[3]: t4}
    for heading in HEADINGS:
        parts.append(heading)
        parts.extend(text[heading])
        if heading in tables:
            parts.append("\n".join(tables[heading]))
    parts.extend(text["signature"])
    return "\n".join(parts) + "\n"


# --- 4. HTML with the template's rowspan/colspan ------------------------------------------


def _td(value: int | Decimal | None, split: bool) -> str:
    if value is None:
        return "<td>&nbsp;</td>"
    digits = str(value)
    if split and len(digits) > 1:
        # Word-made HTML often cuts a number into runs: <span>1</span><span>23</span>.
        digits = f"<span>{digits[:1]}</span><span>{digits[1:]}</span>"
    return f'<td align="center">{digits}</td>'


def _tr(cells: list[str]) -> str:
    return "<tr>" + "".join(cells) + "</tr>"


def html_template(values: Values, *, title: str | None = None, year: int = 2024) -> str:
    text = prose(year)
    esc = _html.escape
    t2: list[str] = []
    for caption, labels, rows in t2_groups():
        t2.append(_tr([f'<td colspan="4"><p align="center">{esc(caption)}</p></td>']))
        span = ' colspan="3"' if len(labels) == 1 else ""
        t2.append(_tr(["<td>信息内容</td>", *(f"<td{span}>{esc(c)}</td>" for c in labels)]))
        for i, r in enumerate(rows):
            tds = [_td(v, split=(i % 2 == 0)) for v in row_values(values, r)]
            if span:
                tds = [tds[0].replace("<td", f"<td{span}", 1)]
            t2.append(_tr([f"<td>{esc(r.label)}</td>", *tds]))
    t3 = [
        _tr(
            [
                f'<td colspan="3" rowspan="3"><p>{esc(NOTE)}</p></td>',
                '<td colspan="7"><p align="center">申请人情况</p></td>',
            ]
        ),
        _tr(
            [
                '<td rowspan="2">自然人</td>',
                '<td colspan="5">法人或其他组织</td>',
                '<td rowspan="2">总计</td>',
            ]
        ),
        _tr(
            [
                f"<td>{c[:-2]}<br>{c[-2:]}</td>"
                for c in (T3.column_labels[k] for k in T3_COLUMNS[1:6])
            ]
        ),
    ]
    for i, row in enumerate(T3.rows):
        tds = [_td(v, split=(i + j) % 3 == 0) for j, v in enumerate(row_values(values, row))]
        lead: list[str] = []
        if row.key == "granted":
            lead.append(f'<td rowspan="{len(RESULT_ROWS)}"><p align="center">{RESULTS}</p></td>')
        if row.group in GROUP_LABELS:
            group = t3_group_start(row.key)
            if group:
                n = len(T3.rows_in_group(row.group))
                lead.append(f'<td rowspan="{n}">{group[:3]}<br>{group[3:]}</td>')
            lead.append(f"<td>{esc(row.label)}</td>")
        elif row.key in RESULT_ROWS:
            lead.append(f'<td colspan="2">{esc(row.label)}</td>')
        else:
            lead.append(f'<td colspan="3">{esc(row.label)}</td>')
        t3.append(_tr([*lead, *tds]))
    t4_heads = [f"<td>{T4.column_labels[c]}</td>" for c in T4_COLUMNS]
    t4 = [
        _tr(
            [
                '<td colspan="5" rowspan="2"><p align="center">行政复议</p></td>',
                '<td colspan="10"><p align="center">行政诉讼</p></td>',
            ]
        ),
        _tr(['<td colspan="5">未经复议直接起诉</td>', '<td colspan="5">复议后起诉</td>']),
        _tr(t4_heads * 3),
        _tr([_td(v, split=(j % 4 == 1)) for j, v in enumerate(t4_values(values))]),
    ]
    tables = {HEADINGS[1]: t2, HEADINGS[2]: t3, HEADINGS[3]: t4}
    body = [f"<h1>{esc(title or default_title(year))}</h1>"]
    body.extend(f"<p>{esc(p)}</p>" for p in text["intro"])
    for heading in HEADINGS:
        body.append(f"<p><strong>{heading}</strong></p>")
        body.extend(f'<p style="text-indent:2em">{esc(p)}</p>' for p in text[heading])
        if heading in tables:
            body.append('<table border="1" cellspacing="0" width="100%"><tbody>')
            body.extend("  " + tr for tr in tables[heading])
            body.append("</tbody></table>")
    body.extend(f'<p align="right">{esc(p)}</p>' for p in text["signature"])
    return (
        '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n'
        f"<title>{esc(title or default_title(year))}</title>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


# --- 5. PDF text layer --------------------------------------------------------------------

# Long labels as a PDF text layer wraps them in the narrow label column (as in 淮安 2024).
PDF_WRAPS = {
    "partial": ["（二）部分公开（区分处理的，只计这一情", "形，不计其他情形）"],
    "rejected_confirm": ["5.要求行政机关确认或重新出", "具已获取信息"],
    "other_no_correction": [
        "1.申请人无正当理由逾期不补",
        "正、行政机关不再处理其政府信",
        "息公开申请",
    ],
    "other_no_fee": [
        "2.申请人逾期未按收费通知要",
        "求缴纳费用、行政机关不再处理",
        "其政府信息公开申请",
    ],
}


def _no_blanks(values: Values, family: str) -> None:
    blank = [k for k in CELL_KEYS if values.get(k) is None]
    if blank:
        raise ValueError(f"{family} cannot show blank cells: {blank[:3]}…")


def _numbers(vals: list[int | Decimal | None]) -> str:
    return " ".join(map(fmt, vals))


def pdf_text(values: Values, *, title: str | None = None, year: int = 2024) -> str:
    _no_blanks(values, "pdf_text")
    text = prose(year)
    t2: list[str] = []
    for caption, labels, rows in t2_groups():
        t2.append(caption.replace("条第", "条 第"))
        t2.append(" ".join(["信息内容", *labels]))
        t2.extend(f"{r.label} {_numbers(row_values(values, r))}" for r in rows)
    t3 = [
        "（本列数据的勾稽关系为：第一项加第二项之和，",
        "等于第三项加第四项之和）",
        "申请人情况",
        "自然人",
        "法人或其他组织",
        "总计商 业 企",
        "业",
        "科研机",
        "构",
        "社 会 公 益",
        "组织",
        "法 律 服 务",
        "机构",
        "其他",
    ]
    group_lines = {
        "denied_secret": ["（三）不", "予公开"],
        "rejected_petition": ["（五）不", "予处理"],
        "other_no_correction": ["（六）其", "他处理"],
    }
    for row in T3.rows:
        numbers = _numbers(row_values(values, row))
        if row.key == "granted":
            t3.extend([RESULTS[:2], *RESULTS[2:]])  # the vertical group label, one char per line
        t3.extend(group_lines.get(row.key, []))
        label = row.label
        if row.key == "unable_not_held":
            t3.append(f"（四）无 {label} {numbers}")
            t3.append("- 4 -")  # page marker inside 表三
            continue
        if row.key == "unable_create":
            t3.append(f"法提供 {label} {numbers}")
            continue
        if row.key in PDF_WRAPS:
            *head, last = PDF_WRAPS[row.key]
            t3.extend(head)
            if row.key == "other_no_fee":
                t3.extend([last, numbers])  # numbers on a line of their own
            else:
                t3.append(f"{last} {numbers}")
            continue
        t3.append(f"{label} {numbers}")
    t4 = [
        "行政复议 行政诉讼",
        "结 果\n维持\n结 果\n纠正\n其 他 结\n果\n尚 未\n审结\n总计",
        "未经复议直接起诉 复议后起诉",
        *["结 果\n维持\n结 果\n纠正\n其 他\n结果\n尚 未\n审结\n总计"] * 2,
        _numbers(t4_values(values)),
    ]
    parts = ["- 1 -", title or default_title(year), *text["intro"]]
    tables = {HEADINGS[1]: t2, HEADINGS[2]: t3, HEADINGS[3]: t4}
    for heading in HEADINGS:
        parts.append(heading)
        parts.extend(text[heading])
        parts.extend(tables.get(heading, []))
    parts.extend(text["signature"])
    return "\n".join(parts) + "\n"


# --- 6. crawler dump ------------------------------------------------------------------------


def run_together(vals: list[int | Decimal | None], rng: random.Random) -> str:
    """A row's numbers as a crawler writes them: some with one space between, some with none."""
    out = fmt(vals[0])
    for v in vals[1:]:
        out += rng.choice(("", " ")) + fmt(v)
    return out


def crawler_concatenated(
    values: Values, rng: random.Random, *, title: str | None = None, year: int = 2024
) -> str:
    _no_blanks(values, "crawler_concatenated")
    text = prose(year)
    title = title or default_title(year)
    t2 = ""
    for caption, labels, rows in t2_groups():
        t2 += caption + "信息内容" + "".join(labels)
        t2 += "".join(r.label + run_together(row_values(values, r), rng) for r in rows)
    t3 = NOTE + "申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他"
    for row in T3.rows:
        if row.key == "granted":
            t3 += RESULTS
        t3 += t3_group_start(row.key) or ""
        t3 += row.label + run_together(row_values(values, row), rng)
    heads = "".join(T4.column_labels[c] for c in T4_COLUMNS)
    t4 = f"行政复议行政诉讼{heads}未经复议直接起诉复议后起诉{heads}{heads} "
    t4 += run_together(t4_values(values), rng)
    tables = {HEADINGS[1]: t2 + " ", HEADINGS[2]: t3, HEADINGS[3]: t4}
    body = "".join(text["intro"]) + " "
    for heading in HEADINGS:
        body += heading + "".join(text[heading]) + tables.get(heading, "")
    body += " " + " ".join(text["signature"])
    header = [
        f"标题: {title}",
        f"发布时间: {year + 1}-01-20 10:30",
        "文号: ",
        "发布机构: 示例县示例镇人民政府",
        "栏目: 政府信息公开年报",
        "==================== 正文 ====================",
    ]
    return "\n".join([*header, body])


# --- registry -------------------------------------------------------------------------------

FAMILIES: tuple[str, ...] = (
    "one_cell_per_line",
    "tsv_wrapped",
    "markdown_pipes",
    "html_template",
    "pdf_text",
    "crawler_concatenated",
)
BLANKS_ALLOWED: frozenset[str] = frozenset(
    {"one_cell_per_line", "tsv_wrapped", "markdown_pipes", "html_template"}
)
KIND: dict[str, str] = {"html_template": "html", "markdown_pipes": "markdown"}
"""The ``kind`` to pass to ``gouji.parse`` (the rest are "text")."""

_RENDERERS: dict[str, Callable[..., str]] = {
    "one_cell_per_line": one_cell_per_line,
    "tsv_wrapped": tsv_wrapped,
    "markdown_pipes": markdown_pipes,
    "html_template": html_template,
    "pdf_text": pdf_text,
}


def render(
    family: str,
    values: Values,
    rng: random.Random | None = None,
    *,
    title: str | None = None,
    year: int = 2024,
) -> str:
    """Render ``values`` in ``family``; ``rng`` is needed only by ``crawler_concatenated``."""
    if family == "crawler_concatenated":
        return crawler_concatenated(values, rng or random.Random(0), title=title, year=year)
    return _RENDERERS[family](values, title=title, year=year)
