"""``Document`` → ``Report``: sections, metadata, edition and every canonical cell."""

from __future__ import annotations

from ..ingest.document import Document, Paragraph
from ..model import Cell, Report
from .boundary import build_passages, loc_fields
from .edition import chosen, detect_edition
from .local import NATIONAL, LocalTemplates
from .metadata import read_metadata
from .notes import NoteBook
from .pieces import LABEL, document_pieces
from .sections import read_sections
from .tables import read_cells

__all__ = ["read"]


def read(document: Document, local: LocalTemplates = NATIONAL) -> Report:
    """Read a decoded document into a typed report. Never raises on document content.

    ``local`` is what plugins contribute about local templates (labels, extra rows)."""
    notes = NoteBook()
    for n in document.notes:
        notes.add(n.code, n.message, n.confidence, n.pos)
    meta = read_metadata(document)
    pieces = document_pieces(document)
    evidence = detect_edition(
        meta.year, [p.text for p in pieces if p.kind == LABEL and len(p.text) < 400]
    )
    edition = chosen(evidence)
    if evidence.by_tables and evidence.by_year and evidence.by_tables != evidence.by_year:
        notes.add(
            "edition.mismatch",
            f"报告年度 {meta.year} 应使用 {evidence.by_year} 版格式，但表格用语属于 {evidence.by_tables} 版"
            f"（{'、'.join(evidence.fingerprints)}），按 {evidence.by_tables} 版读取表格",
            0.9,
        )
    cells: dict[str, Cell] = {}
    if edition == "legacy":
        notes.add(
            "edition.legacy", f"{meta.year} 年度报告适用 2007 年条例的自由格式，法定表格不适用", 1.0
        )
    else:
        prose = [b.text for b in document.blocks if isinstance(b, Paragraph)]
        cells = read_cells(pieces, edition, notes, local, prose)
    sections, stray = read_sections(document)
    is_report = (
        bool(meta.title and "政府信息公开" in meta.title)
        or len(sections) >= 3
        or any(c.semantic != "absent" for c in cells.values())
    )
    if not is_report:
        notes.add(
            "document.not_report",
            "该文件看起来不是政府信息公开工作年度报告（未找到标题、法定部分或表格）",
            0.8,
        )
    return Report(
        source=document.source,
        sha256=document.sha256,
        input_kind=document.input_kind,
        encoding=document.encoding,
        is_report=is_report,
        title=meta.title,
        issuer=meta.issuer,
        signed_by=meta.signed_by,
        year=meta.year,
        period=meta.period,
        published=meta.published,
        signed=meta.signed,
        edition=edition,
        edition_evidence=evidence,
        metadata={k: v for k, (v, _) in document.metadata.items()},
        sections=sections,
        stray_headings=stray,
        cells=cells,
        notes=notes.notes(),
        prose=build_passages(
            [
                {"text": b.text, "loc": loc_fields(b.pos) or {}}
                for b in document.blocks
                if isinstance(b, Paragraph) and b.text.strip()
            ]
        ),
    )
