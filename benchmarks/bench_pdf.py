"""PDF extractors measured on the real 淮安 2024 PDF, and gouji's own PDF reading.

    python benchmarks/bench_pdf.py [--repeat R] [--pdf PATH ...] [--json PATH] [--only NAME]
    python benchmarks/bench_pdf.py --startup [--repeat R]

Each extractor runs in a fresh Python process (so its peak memory is its own): the PDF's bytes
are read once, one untimed warm-up pass runs, then ``--repeat`` timed passes over every page.
Reported per extractor: median seconds per page (median pass time / pages), the fastest pass,
and the process's peak resident memory (``ru_maxrss``) minus the interpreter's own at start.

Extractors (what a pass does):

- ``gouji PDF worker``: gouji's reading of the pages (``pdf_worker.read_pages``): the bytes sent
  to the long-lived PDFium child, read there (``pdf_child.read``: the content precheck, PDFium's
  characters and paths, ``pdf_geometry``'s page reading) and the ``PageContent`` sent back. The
  child is started by the warm-up pass; the time is the parent's, end to end (one core does the
  work: the parent waits);
- ``PDFium child's reading, in-process``: ``pdf_child.read`` alone, without the pipe;
- ``pdfplumber tables+text``: the default reader — what gouji asks of pdfplumber when it reads a
  file itself (``pdf._extract_here``: per page ``chars``, ``dedupe_chars``, ``find_tables`` with
  each table's ``extract``, the text lines outside the tables, within ``pdf_limits``);
- ``pdfplumber text``: ``extract_text_lines`` only (no table finding);
- ``pypdfium2 text``: the text layer through PDFium (``get_textpage().get_text_range()``) — no
  ruling lines or table structure;
- ``pypdfium2 chars+boxes+paths``: what the worker takes from PDFium (``pdfium_page``): every
  character with its loose box, font size and font, and every path painted (forms included),
  classified as pdfminer classifies it, in pdfplumber's shape;
- ``pdfminer.six text``: ``pdfminer.high_level.extract_text`` (what pdfplumber builds on);
- ``gouji.parse``: the whole PDF read into a ``Report`` (the worker + layout + reading).

``--startup`` times the worker's child from its start to its first answer (``_Child()``), in a
process that has already imported gouji. Nothing is written except the ``--json`` file. See
docs/input-formats.md for the choice these numbers support; tests/test_pdf_pdfium.py for
whether the worker's reading is the default reader's.
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
    "gouji PDF worker",
    "PDFium child's reading, in-process",
    "pdfplumber tables+text",
    "pdfplumber text",
    "pypdfium2 text",
    "pypdfium2 chars+boxes+paths",
    "pdfminer.six text",
    "gouji.parse",
)


def _peak_mb() -> float:
    """Peak resident memory of this process in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _pass(extractor: str, data: bytes) -> None:
    """One pass of ``extractor`` over every page."""
    import io

    if extractor == "gouji PDF worker":
        from gouji.ingest.pdf import MAX_PAGES
        from gouji.ingest.pdf_worker import read_pages

        if read_pages(data, MAX_PAGES) is None:
            raise SystemExit("the worker handed this file to the default reader")
        return
    if extractor == "PDFium child's reading, in-process":
        from gouji.ingest.pdf_child import read

        if read(data, 300)[0] is None:
            raise SystemExit("the worker would hand this file to the default reader")
        return
    if extractor == "pdfplumber tables+text":
        from gouji.ingest.pdf import _extract_here

        _extract_here(data, "bench.pdf")
        return
    if extractor == "pdfplumber text":
        import pdfplumber

        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
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
        import pypdfium2

        from gouji.ingest.pdfium_page import page_objects

        pdf = pypdfium2.PdfDocument(data)
        try:
            doctop = 0.0
            for index in range(len(pdf)):
                page = pdf[index]
                doctop += page_objects(page, index + 1, doctop)[1]
                page.close()
            return
        finally:
            pdf.close()
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
    if extractor in ("gouji PDF worker", "gouji.parse"):
        from gouji.ingest import pdf_worker

        pdf_worker.stop()
    return {
        "pages": pages,
        "median_s_per_page": median / pages,
        "fastest_s_per_page": min(times) / pages,
        "median_s_per_file": median,
        "peak_mb": _peak_mb(),
        "peak_mb_over_start": _peak_mb() - base,
    }


def startup(repeat: int) -> dict[str, float]:
    """Seconds from starting the worker's child to its first answer (gouji already imported)."""
    from gouji.ingest import pdf_worker

    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        child = pdf_worker._Child()
        times.append(time.perf_counter() - start)
        child.close()
    return {"median_s": statistics.median(times), "fastest_s": min(times)}


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
    parser.add_argument("--only", action="append", choices=EXTRACTORS)
    parser.add_argument("--startup", action="store_true", help="time the worker's start")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    pdfs = args.pdf or [DEFAULT_PDF]
    if args.startup:
        r = startup(args.repeat)
        print(f"PDF worker start: median {r['median_s']:.3f} s, fastest {r['fastest_s']:.3f} s")
        return 0
    if args.child:
        print(json.dumps(measure(args.child, pdfs[0], args.repeat)))
        return 0
    results: dict[str, dict[str, dict[str, float]]] = {}
    print(f"Python {platform.python_version()}, {platform.machine()}, {args.repeat} passes each")
    header = "| file | extractor | pages | median s/page | fastest s/page | s/file | peak RSS MB |"
    print(header)
    print("|---|---|---|---|---|---|---|")
    for pdf in pdfs:
        for extractor in args.only or EXTRACTORS:
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
