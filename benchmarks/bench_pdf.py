"""PDF extractors measured on the real 淮安 2024 PDF, and gouji's own PDF reading.

    python benchmarks/bench_pdf.py [--repeat R] [--pdf PATH ...] [--json PATH]

Each extractor runs in a fresh Python process (so its peak memory is its own): the PDF's bytes
are read once, one untimed warm-up pass runs, then ``--repeat`` timed passes over every page.
Reported per extractor: median seconds per page (median pass time / pages), the fastest pass,
and the process's peak resident memory (``ru_maxrss``) minus the interpreter's own at start.

Extractors (what a pass does):

- ``pdfplumber tables+text``: what gouji's reader asks of pdfplumber — per page ``chars``,
  ``dedupe_chars``, ``find_tables`` (ruling lines) with each table's ``extract``, and the text
  lines outside the tables (``extract_text_lines``);
- ``pdfplumber text``: ``extract_text_lines`` only (no table finding);
- ``pypdfium2 text``: the text layer through PDFium (``get_textpage().get_text_range()``) — no
  ruling lines or table structure;
- ``pypdfium2 chars+boxes+paths``: what a reader of ruled tables takes from PDFium
  (``pdfium_pages.extract``): every character with its loose box, font size, matrix and font,
  and every path painted (forms included) as segments in page space;
- ``pypdfium2 + pdfplumber geometry``: those objects in pdfplumber's shape read by gouji's own
  page reading — pdfplumber's table finder, de-duplication and text lines
  (``pdfium_pages.read_pages``), the ``PageContent`` the default reader builds;
- ``pdfminer.six text``: ``pdfminer.high_level.extract_text`` (what pdfplumber builds on);
- ``gouji.parse``: the whole PDF read into a ``Report`` (pdfplumber + layout + reading).

Nothing is written except the ``--json`` file. See docs/input-formats.md for the choice these
numbers support, and ``pdfium_pages.py`` for whether PDFium's objects give the same cells.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PDF = ROOT / "tests" / "data" / "corpus" / "huaian-2024.pdf"

EXTRACTORS = (
    "pdfplumber tables+text",
    "pdfplumber text",
    "pypdfium2 text",
    "pypdfium2 chars+boxes+paths",
    "pypdfium2 + pdfplumber geometry",
    "pdfminer.six text",
    "gouji.parse",
)


def _peak_mb() -> float:
    """Peak resident memory of this process in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _pass(extractor: str, data: bytes) -> None:
    """One pass of ``extractor`` over every page."""
    import io

    if extractor.startswith("pdfplumber"):
        import pdfplumber

        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                if extractor == "pdfplumber tables+text":
                    from gouji.ingest.pdf_pages import _read_page

                    _read_page(page)
                else:
                    page.extract_text_lines()
                page.close()
        return
    if extractor == "pypdfium2 text":
        import pypdfium2

        pdf = pypdfium2.PdfDocument(data)
        try:
            for index in range(len(pdf)):
                page = pdf[index]
                textpage = page.get_textpage()
                textpage.get_text_range()
                textpage.close()
                page.close()
            return
        finally:
            pdf.close()
    if extractor == "pypdfium2 chars+boxes+paths":
        from pdfium_pages import extract

        extract(data)
        return
    if extractor == "pypdfium2 + pdfplumber geometry":
        from pdfium_pages import read_pages

        read_pages(data)
        return
    if extractor == "pdfminer.six text":
        from pdfminer.high_level import extract_text

        extract_text(io.BytesIO(data))
        return
    if extractor == "gouji.parse":
        import gouji

        gouji.parse(data, name="bench.pdf")
        return
    raise ValueError(extractor)


def _page_count(data: bytes) -> int:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    try:
        return len(pdf)
    finally:
        pdf.close()


def measure(extractor: str, pdf: Path, repeat: int) -> dict[str, float]:
    """Run in the child process: time ``repeat`` passes after one warm-up."""
    base = _peak_mb()
    data = pdf.read_bytes()
    _pass(extractor, data)  # warm-up: imports, font and pattern caches
    pages = _page_count(data)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        _pass(extractor, data)
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    return {
        "pages": pages,
        "median_s_per_page": median / pages,
        "fastest_s_per_page": min(times) / pages,
        "median_s_per_file": median,
        "peak_mb": _peak_mb(),
        "peak_mb_over_start": _peak_mb() - base,
    }


def run_child(extractor: str, pdf: Path, repeat: int) -> dict[str, float]:
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            extractor,
            "--repeat",
            str(repeat),
            "--pdf",
            str(pdf),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--pdf", type=Path, action="append")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    pdfs = args.pdf or [DEFAULT_PDF]
    if args.child:
        print(json.dumps(measure(args.child, pdfs[0], args.repeat)))
        return 0
    results: dict[str, dict[str, dict[str, float]]] = {}
    print(f"Python {platform.python_version()}, {platform.machine()}, {args.repeat} passes each")
    header = "| file | extractor | pages | median s/page | fastest s/page | s/file | peak RSS MB |"
    print(header)
    print("|---|---|---|---|---|---|---|")
    for pdf in pdfs:
        for extractor in EXTRACTORS:
            r = run_child(extractor, pdf, args.repeat)
            results.setdefault(pdf.name, {})[extractor] = r
            print(
                f"| {pdf.name} | {extractor} | {r['pages']} | {r['median_s_per_page']:.4f} "
                f"| {r['fastest_s_per_page']:.4f} | {r['median_s_per_file']:.3f} "
                f"| {r['peak_mb']:.0f} (+{r['peak_mb_over_start']:.0f}) |",
                flush=True,
            )
    if args.json:
        args.json.write_text(
            json.dumps({"python": platform.python_version(), "results": results}, indent=2),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
