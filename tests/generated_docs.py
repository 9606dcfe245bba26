"""GENERATED test documents: the blank national template filled with a seed report's values.

Nothing made here is a real published file. ``seed_docx`` copies the real blank template
(``tests/data/corpus/template-2021.docx``, 国办公开办函〔2021〕30号) and fills it with python-docx:
the seed's title and preamble, its six sections' text and headings as the seed writes them, and
every table cell from ``tests/data/seeds/expected-cells.json``. Tests that read these files must
say that they are generated; the PDF tests print the same files with LibreOffice.

Where each value goes is written down here as the template's grid (table, row, grid column), and
every row is checked against the label the template prints there before it is filled — so a
reader that placed a cell wrongly cannot agree with the generator by accident (the places are not
taken from gouji's own reading).

Editions: all five seeds use the 2021 format (report years 2023 and 2024), so each fills the 2021
template. A 2019-format seed has cells (``made``, ``delta`` …) that the 2021 grid has no place
for; ``seed_docx`` refuses one rather than forcing it onto the wrong grid.

Seed 003 lost 表三's first eight rows: its document drops those rows from the table (a vertical
merge whose first row went is restarted on the next row, as Word does), so those cells are
absent, not blank. It also has no heading 三: its document leaves that heading out.
"""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

from docx import Document as WordDocument
from docx.oxml.ns import qn
from docx.table import Table as WordTable
from docx.text.paragraph import Paragraph as WordParagraph

import gouji
from gouji.ingest import load_path
from gouji.ingest.document import Paragraph

DATA = Path(__file__).parent / "data"
TEMPLATE = DATA / "corpus" / "template-2021.docx"
SEEDS = DATA / "seeds"
EXPECTED = SEEDS / "expected-cells.json"

T3_COLUMNS = ("natural", "commercial", "research", "nonprofit", "legal", "other_org", "total")
T4_COLUMNS = ("upheld", "corrected", "other", "pending", "total")

T2_ROWS: dict[str, tuple[int, str, tuple[str, ...]]] = {
    "regulations": (2, "规章", ("issued", "repealed", "in_force")),
    "normative_docs": (3, "行政规范性文件", ("issued", "repealed", "in_force")),
    "licensing": (6, "行政许可", ("decisions",)),
    "penalty": (9, "行政处罚", ("decisions",)),
    "coercion": (10, "行政强制", ("decisions",)),
    "fees": (13, "行政事业性收费", ("amount",)),
}
"""表二 (the template's first table): row index, the label printed in it, its value columns
(grid columns 1, 2, 3 after the label)."""

T3_ROWS: dict[str, tuple[int, str]] = {
    "new": (3, "一、本年新收政府信息公开申请数量"),
    "carried_over": (4, "二、上年结转政府信息公开申请数量"),
    "granted": (5, "（一）予以公开"),
    "partial": (6, "（二）部分公开"),
    "denied_secret": (7, "1.属于国家秘密"),
    "denied_law": (8, "2.其他法律行政法规禁止公开"),
    "denied_safety": (9, "3.危及“三安全一稳定”"),
    "denied_third_party": (10, "4.保护第三方合法权益"),
    "denied_internal": (11, "5.属于三类内部事务信息"),
    "denied_process": (12, "6.属于四类过程性信息"),
    "denied_enforcement": (13, "7.属于行政执法案卷"),
    "denied_query": (14, "8.属于行政查询事项"),
    "unable_not_held": (15, "1.本机关不掌握相关政府信息"),
    "unable_create": (16, "2.没有现成信息需要另行制作"),
    "unable_unclear": (17, "3.补正后申请内容仍不明确"),
    "rejected_petition": (18, "1.信访举报投诉类申请"),
    "rejected_repeat": (19, "2.重复申请"),
    "rejected_publication": (20, "3.要求提供公开出版物"),
    "rejected_mass": (21, "4.无正当理由大量反复申请"),
    "rejected_confirm": (22, "5.要求行政机关确认或重新出具已获取信息"),
    "other_no_correction": (23, "1.申请人无正当理由逾期不补正"),
    "other_no_fee": (24, "2.申请人逾期未按收费通知要求缴纳费用"),
    "other_other": (25, "3.其他"),
    "results_total": (26, "（七）总计"),
    "carry_forward": (27, "四、结转下年度继续办理"),
}
"""表三 (the second table): row index and label; the seven columns are grid columns 3–9."""

T4_ROW = 3
"""表四 (the third table): the one data row; its fifteen cells are grid columns 0–14."""

SECTION_PLACEHOLDERS = {
    "sec.1": "（文字描述）",
    "sec.5": "（文字描述）",
    "sec.6": "（文字描述，收取信息处理费情况在此处报告。）",
}
HEADINGS = {
    "sec.1": "一、总体情况",
    "sec.2": "二、主动公开政府信息情况",
    "sec.3": "三、收到和处理政府信息公开申请情况",
    "sec.4": "四、政府信息公开行政复议、行政诉讼情况",
    "sec.5": "五、存在的主要问题及改进情况",
    "sec.6": "六、其他需要报告的事项",
}
TEMPLATE_TITLE = "政府信息公开工作年度报告格式模板"


def template_places() -> dict[str, tuple[int, int, int]]:
    """Every canonical cell of the 2021 template: key → (table, row, grid column)."""
    places: dict[str, tuple[int, int, int]] = {}
    for row, (r, _, columns) in T2_ROWS.items():
        for c, col in enumerate(columns, start=1):
            places[f"t2.{row}.{col}"] = (0, r, c)
    for row, (r, _) in T3_ROWS.items():
        for c, col in enumerate(T3_COLUMNS, start=3):
            places[f"t3.{row}.{col}"] = (1, r, c)
    for b, block in enumerate(("review", "suit_direct", "suit_after_review")):
        for c, col in enumerate(T4_COLUMNS):
            places[f"t4.{block}.{col}"] = (2, T4_ROW, 5 * b + c)
    return places


def seed_names() -> list[str]:
    return sorted(json.loads(EXPECTED.read_text(encoding="utf-8")))


def seed_docx(seed: str, directory: Path) -> Path:
    """Write the template filled with seed ``seed`` (a file name in tests/data/seeds) into
    ``directory`` and return its path. The document is generated, not a real report."""
    entry = json.loads(EXPECTED.read_text(encoding="utf-8"))[seed]
    if entry["edition"] != "2021":
        raise ValueError(f"{seed}: {entry['edition']} 格式的表格无法填入 2021 版模板")
    target = directory / f"{Path(seed).stem}.generated.docx"
    shutil.copyfile(TEMPLATE, target)
    word = WordDocument(str(target))
    tables = word.tables
    _check_labels(tables)
    for key, value in entry["cells"].items():
        table, r, c = template_places()[key]
        _set_text(_cell_at(tables[table], r, c), _format(value))
    _drop_rows(tables[1], [T3_ROWS[row][0] for row in entry["absent_rows"]])
    _write_prose(word, SEEDS / seed)
    word.save(str(target))
    return target


# -- tables -----------------------------------------------------------------------------------


def _check_labels(tables: list[WordTable]) -> None:
    """The grid written above must be the template's: each row holds the label it names."""
    for r, label, _ in T2_ROWS.values():
        assert _row_text(tables[0], r).startswith(label), (r, label)
    for r, label in T3_ROWS.values():
        assert label in _row_text(tables[1], r), (r, label)
    assert len(tables[2]._tbl.tr_lst[T4_ROW].tc_lst) == 15


def _row_text(table: WordTable, r: int) -> str:
    return "".join("".join(tc.itertext()) for tc in table._tbl.tr_lst[r].tc_lst).strip()


def _cell_at(table: WordTable, r: int, col: int):
    """The ``w:tc`` that starts at grid column ``col`` of row ``r``."""
    tr = table._tbl.tr_lst[r]
    start = tr.grid_before
    for tc in tr.tc_lst:
        if start == col:
            return tc
        start += tc.grid_span
    raise AssertionError(f"row {r} has no cell starting at grid column {col}")


def _set_text(tc, text: str) -> None:
    """Replace a cell's text, keeping its first paragraph's formatting."""
    paragraphs = tc.findall(qn("w:p"))
    for extra in paragraphs[1:]:
        tc.remove(extra)
    paragraph = WordParagraph(paragraphs[0], None)
    for run in list(paragraphs[0].findall(qn("w:r"))):
        paragraphs[0].remove(run)
    paragraph.add_run(text)


def _format(value: object) -> str:
    if isinstance(value, float):
        return format(Decimal(str(value)), "f")
    return str(value)


def _drop_rows(table: WordTable, rows: list[int]) -> None:
    """Remove rows as a report that lost them would, restarting merges they began."""
    trs = table._tbl.tr_lst
    for r in sorted(rows, reverse=True):
        table._tbl.remove(trs[r])
    above: dict[int, int] = {}
    for tr in table._tbl.tr_lst:
        col = tr.grid_before
        here: dict[int, int] = {}
        for tc in tr.tc_lst:
            if tc.vMerge == "continue" and above.get(col) != tc.grid_span:
                tc.vMerge = "restart"
            if tc.vMerge is not None:
                here[col] = tc.grid_span
            col += tc.grid_span
        above = here


# -- prose ------------------------------------------------------------------------------------


def _write_prose(word, seed_path: Path) -> None:
    """Title and preamble, then per section the heading as the seed writes it and its text."""
    report = gouji.parse(seed_path)
    sections = {s.key: s for s in report.sections}
    first = min(s.start_line for s in report.sections)
    preamble = [
        b.text
        for b in load_path(seed_path).blocks
        if isinstance(b, Paragraph) and b.pos.line is not None and b.pos.line < first
    ]
    paragraphs = {p.text: p for p in word.paragraphs if p.text}
    _replace(paragraphs[TEMPLATE_TITLE], preamble)
    placeholders = _placeholders(word)
    for key, heading in HEADINGS.items():
        paragraph = paragraphs[heading]
        section = sections.get(key)
        if section is None:
            paragraph._p.getparent().remove(paragraph._p)
            continue
        written = f"{section.ordinal}、{section.title}" if section.ordinal else section.title
        _replace(paragraph, [written])
        lines = [line for line in section.text.split("\n") if line.strip()]
        if key in placeholders:
            _replace(placeholders[key], lines)
        elif lines:
            _insert_after(paragraph, lines)


def _placeholders(word) -> dict[str, WordParagraph]:
    """The "（文字描述）" paragraph under each heading that has one."""
    found: dict[str, WordParagraph] = {}
    current = None
    for p in word.paragraphs:
        for key, heading in HEADINGS.items():
            if p.text == heading:
                current = key
        if current in SECTION_PLACEHOLDERS and p.text == SECTION_PLACEHOLDERS[current]:
            found.setdefault(current, p)
    return found


def _replace(paragraph: WordParagraph, lines: list[str]) -> None:
    """Put ``lines`` where ``paragraph`` is: its text becomes the first, copies follow."""
    if not lines:
        paragraph._p.getparent().remove(paragraph._p)
        return
    _set_paragraph_text(paragraph._p, lines[0])
    _insert_after(paragraph, lines[1:])


def _insert_after(paragraph: WordParagraph, lines: list[str]) -> None:
    anchor = paragraph._p
    for line in lines:
        new = copy.deepcopy(paragraph._p)
        _set_paragraph_text(new, line)
        anchor.addnext(new)
        anchor = new


def _set_paragraph_text(p, text: str) -> None:
    runs = p.findall(qn("w:r"))
    for run in runs:
        p.remove(run)
    WordParagraph(p, None).add_run(text)


# -- hand-written packages ----------------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def minimal_docx(
    path: Path, body: str, *, numbering: str | None = None, namespace: str = W_NS
) -> Path:
    """Write a GENERATED minimal DOCX whose body is ``body`` (WordprocessingML with the ``w:``
    prefix), for tests of one structure at a time (merges, numbering, revisions …)."""

    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{namespace}" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        f"<w:body>{body}</w:body></w:document>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", _CONTENT_TYPES)
        package.writestr("_rels/.rels", _RELS)
        package.writestr("word/document.xml", document)
        if numbering is not None:
            package.writestr(
                "word/numbering.xml",
                f'<w:numbering xmlns:w="{namespace}">{numbering}</w:numbering>',
            )
    return path


def print_to_pdf(documents: list[Path], directory: Path, soffice: str = "soffice") -> None:
    """Print ``documents`` to PDF in ``directory`` with LibreOffice, in a profile of its own (no
    clash with a LibreOffice already running). GENERATED files, never published ones."""
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(directory / 'lo-profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(directory),
            *map(str, documents),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
