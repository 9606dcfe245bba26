"""How fast and in how much memory ``gouji.parse`` reads DOCX files, on one core.

    python benchmarks/bench_docx.py [--repeat R] [--json PATH]

Inputs: the real blank national template (``tests/data/corpus/template-2021.docx``) and the five
GENERATED seed documents (the template filled with each seed's values by
``tests/generated_docs.py``, written to a temporary folder), plus two hostile files the reader
must refuse (a 300 MB zip bomb, one paragraph of 200 000 XML elements under the size limit).

The other extractor considered, python-docx (``Document`` over the same bytes, then the text of
every paragraph and of every table cell as its API gives them), is timed and measured the same
way for comparison; it was not chosen because its ``row.cells`` repeat a merged cell once per grid
column it spans and it gives no access to the limits a hostile file needs (see
docs/input-formats.md).

Time: ``gouji.parse(data, name=...)`` on bytes already in memory, ``--repeat`` times per file after
a few untimed warm-up parses, timed with ``time.perf_counter_ns``; the ingest step alone
(``load_bytes``: unzip, stream the XML, build the grid) is timed the same way. Memory: each file is
parsed once in a fresh Python process that has imported gouji and parsed a small text report
first; printed are the process's peak resident set before and after that parse
(``VmHWM``, so lxml's C allocations count too) and the peak of Python allocations
during a second parse (``tracemalloc``, which does not see lxml's C memory).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
sys.path.insert(0, str(TESTS))

import generated_docs  # noqa: E402
import gouji  # noqa: E402
from gouji.ingest import load_bytes  # noqa: E402

WARMUP = 3
SMALL_TEXT = TESTS / "data" / "seeds" / "001_1cfe7f294d98aa39.txt"


def _bomb(path: Path) -> Path:
    """GENERATED: 300 MB of empty paragraphs deflated to well under 1 MB (written streaming)."""
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package,
        package.open("word/document.xml", "w", force_zip64=True) as part,
    ):
        part.write(f'<w:document xmlns:w="{generated_docs.W_NS}"><w:body>'.encode())
        chunk = b"<w:p/>" * (1024 * 1024 // 6)
        for _ in range(300 * 1024 * 1024 // len(chunk)):
            part.write(chunk)
        part.write(b"</w:body></w:document>")
    return path


def _huge_paragraph(path: Path) -> Path:
    """GENERATED: one paragraph of 100 000 runs (200 000 elements), 2.3 MB of XML."""
    runs = "<w:r><w:t>x</w:t></w:r>" * 100_000
    return generated_docs.minimal_docx(path, f"<w:p>{runs}</w:p>")


def inputs(folder: Path) -> dict[str, Path]:
    files = {"template-2021.docx (real)": generated_docs.TEMPLATE}
    for seed in generated_docs.seed_names():
        files[f"{seed[:3]} generated"] = generated_docs.seed_docx(seed, folder)
    files["zip bomb 300 MB (refused)"] = _bomb(folder / "bomb.docx")
    files["one huge paragraph (refused)"] = _huge_paragraph(folder / "paragraph.docx")
    return files


def _parse(data: bytes, name: str) -> None:
    with contextlib.suppress(gouji.SourceError):
        gouji.parse(data, name=name)


def _python_docx(data: bytes, name: str) -> None:
    import docx

    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        texts.extend(cell.text for row in table.rows for cell in row.cells)


EXTRACTORS = {"gouji": _parse, "python-docx": _python_docx}


def _ingest(data: bytes, name: str) -> None:
    with contextlib.suppress(gouji.SourceError):
        load_bytes(data, name=name)


def timed_ms(call, data: bytes, name: str, repeat: int) -> list[float]:
    for _ in range(WARMUP):
        call(data, name)
    samples = []
    for _ in range(repeat):
        start = time.perf_counter_ns()
        call(data, name)
        samples.append((time.perf_counter_ns() - start) / 1e6)
    return samples


def peak_rss_kb() -> int:
    """This process's peak resident set in KB: ``VmHWM`` on Linux (``ru_maxrss`` would include
    the parent's size at fork, which survives ``exec``), else ``ru_maxrss``."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def memory_child(path: str, extractor: str = "gouji") -> None:
    """Run in a fresh process: the peak RSS and Python-heap growth of reading ``path`` once."""
    gouji.parse(SMALL_TEXT)
    call = EXTRACTORS[extractor]
    if extractor != "gouji":
        call(generated_docs.TEMPLATE.read_bytes(), "warm-up.docx")  # import it before measuring
    data = Path(path).read_bytes()
    before = peak_rss_kb()
    call(data, Path(path).name)
    after = peak_rss_kb()
    tracemalloc.start()
    call(data, Path(path).name)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        json.dumps(
            {
                "baseline_rss_mb": before / 1024,
                "peak_rss_mb": after / 1024,
                "python_peak_mb": peak / 2**20,
            }
        )
    )


def memory(path: Path, extractor: str = "gouji") -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--memory-child", str(path), "--extractor", extractor],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--memory-child", help=argparse.SUPPRESS)
    parser.add_argument("--extractor", default="gouji", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        memory_child(args.memory_child, args.extractor)
        return
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        files = inputs(Path(tmp))
        print(f"gouji {gouji.__version__}, Python {platform.python_version()}, one core")
        header = (
            f"{'input':32} {'size':>8} {'parse median':>13} {'ingest median':>14}"
            f" {'peak RSS':>9} {'(before)':>9} {'py heap':>8}"
        )
        print(header)
        for label, path in files.items():
            data = path.read_bytes()
            repeat = args.repeat if "refused" not in label else max(3, args.repeat // 10)
            parse = statistics.median(timed_ms(_parse, data, path.name, repeat))
            ingest = statistics.median(timed_ms(_ingest, data, path.name, repeat))
            mem = memory(path)
            results[label] = {
                "bytes": len(data),
                "parse_median_s": parse / 1000,
                "ingest_median_s": ingest / 1000,
                "peak_rss_mb": mem["peak_rss_mb"],
                "baseline_rss_mb": mem["baseline_rss_mb"],
                "python_peak_mb": mem["python_peak_mb"],
            }
            print(
                f"{label:32} {len(data) / 1024:7.0f}K {parse / 1000:12.4f}s {ingest / 1000:13.4f}s"
                f" {mem['peak_rss_mb']:7.1f}MB {mem['baseline_rss_mb']:7.1f}MB"
                f" {mem['python_peak_mb']:6.1f}MB"
            )
        print()
        print("python-docx on the same files (paragraph and cell texts, merged cells repeated):")
        print(f"{'input':32} {'median':>13} {'peak RSS':>9} {'(before)':>9} {'py heap':>8}")
        for label, path in files.items():
            if "refused" in label:
                continue  # python-docx has no size limits: a bomb would simply be inflated
            data = path.read_bytes()
            median = statistics.median(timed_ms(_python_docx, data, path.name, args.repeat))
            mem = memory(path, "python-docx")
            results[f"{label} / python-docx"] = {
                "median_s": median / 1000,
                "peak_rss_mb": mem["peak_rss_mb"],
                "baseline_rss_mb": mem["baseline_rss_mb"],
                "python_peak_mb": mem["python_peak_mb"],
            }
            print(
                f"{label:32} {median / 1000:12.4f}s {mem['peak_rss_mb']:7.1f}MB"
                f" {mem['baseline_rss_mb']:7.1f}MB {mem['python_peak_mb']:6.1f}MB"
            )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
