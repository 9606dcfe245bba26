"""Fuzzing DOCX and PDF structure (issue 13, item 8): whatever the container holds, a report or
one ``GoujiError`` — never another exception — in bounded time and memory.

DOCX inputs are the real blank template (``corpus/template-2021.docx``) and a seed filled into it,
rebuilt with one part mutated: cut short, an element deleted, a table row or cell repeated, a
span or merge attribute set to a hostile value (huge, negative, not a number), bytes flipped —
or the zip container itself damaged. PDF inputs are the real 淮安 2024 report with bytes flipped,
cut short, or an object's stream length lied about. The memory cap (``RLIMIT_AS`` 1 GB above
what the test process already uses) turns a blow-up into a failure of this test instead of the
machine; each example's time is asserted.

Bounded for CI with the same profiles as ``test_fuzz.py`` (derandomised; ``GOUJI_FUZZ=long``
draws new examples).
"""

from __future__ import annotations

import io
import os
import re
import resource
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import gouji
from generated_docs import seed_docx, seed_names
from gouji.errors import GoujiError

from .test_fuzz import FUZZ

DATA = Path(__file__).parent.parent / "data"
PER_EXAMPLE_SECONDS = 20.0
"""Far above a real file's parse (DOCX ~15 ms, the 6-page PDF ~0.5 s): a runaway, not a speed."""
GB = 1 << 30


def examples(ci: int) -> int:
    """``ci`` examples in CI; the long profile's count with ``GOUJI_FUZZ=long``."""
    return FUZZ.max_examples if os.environ.get("GOUJI_FUZZ") == "long" else ci


@contextmanager
def memory_cap(extra: int = GB) -> Iterator[None]:
    """Cap this process's address space at what it uses now plus ``extra``, for the block."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    with open("/proc/self/statm") as f:
        used = int(f.read().split()[0]) * resource.getpagesize()
    resource.setrlimit(resource.RLIMIT_AS, (used + extra, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def parse_bounded(data: bytes, name: str) -> None:
    start = time.perf_counter()
    try:
        report = gouji.parse(data, name=name)
    except GoujiError:
        pass
    else:
        assert set(report.cells) >= set()  # a report came back whole
    assert time.perf_counter() - start < PER_EXAMPLE_SECONDS


# --- DOCX ----------------------------------------------------------------------------------------


@cache
def docx_sources(tmp: str = "/tmp") -> tuple[bytes, ...]:
    template = (DATA / "corpus" / "template-2021.docx").read_bytes()
    directory = Path(tmp) / "gouji-fuzz-docx"
    directory.mkdir(exist_ok=True)
    seed = next(n for n in seed_names() if n.startswith("004"))
    return template, seed_docx(seed, directory).read_bytes()


PARTS = ("word/document.xml", "word/numbering.xml", "word/styles.xml", "[Content_Types].xml")
HOSTILE = ("99999999999999999999", "-1", "0", "abc", "1e9", "2147483648", "", "５")


def _element_spans(xml: str, tag: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(rf"<{tag}[ >].*?</{tag}>", xml, re.S)]


@st.composite
def docx_mutation(draw) -> bytes:
    source = draw(st.sampled_from(docx_sources()))
    with zipfile.ZipFile(io.BytesIO(source)) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    how = draw(
        st.sampled_from(
            ["cut", "delete", "repeat", "attribute", "flip", "container", "drop_part", "junk_part"]
        )
    )
    name = draw(st.sampled_from([p for p in PARTS if p in parts]))
    xml = parts[name].decode("utf-8", "replace")
    if how == "cut":
        parts[name] = parts[name][: draw(st.integers(0, len(parts[name])))]
    elif how in ("delete", "repeat"):
        tag = draw(st.sampled_from(["w:tr", "w:tc", "w:p", "w:tbl", "w:num", "w:abstractNum"]))
        spans = _element_spans(xml, tag)
        if spans:
            a, b = draw(st.sampled_from(spans))
            times = draw(st.integers(2, 50)) if how == "repeat" else 0
            xml = xml[:a] + xml[a:b] * times + xml[b:]
            parts[name] = xml.encode("utf-8")
    elif how == "attribute":
        attr = draw(st.sampled_from(["w:gridSpan", "w:vMerge", "w:hMerge", "w:ilvl", "w:numId"]))
        value = draw(st.sampled_from(HOSTILE))
        xml = re.sub(rf'(<{attr} w:val=")[^"]*(")', rf"\g<1>{value}\g<2>", xml)
        if attr == "w:gridSpan" and "<w:gridSpan" not in xml:
            xml = xml.replace("<w:tcPr>", f'<w:tcPr><w:gridSpan w:val="{value}"/>', 3)
        parts[name] = xml.encode("utf-8")
    elif how == "flip":
        data = bytearray(parts[name])
        for _ in range(draw(st.integers(1, 20))):
            if data:
                data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        parts[name] = bytes(data)
    elif how == "drop_part":
        del parts[name]
    elif how == "junk_part":
        parts[name] = draw(st.binary(max_size=2000))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for part, content in parts.items():
            z.writestr(part, content)
    data = out.getvalue()
    if how == "container":
        damaged = bytearray(data)
        tail = len(damaged) - draw(st.integers(1, min(200, len(damaged))))
        for _ in range(draw(st.integers(1, 8))):
            damaged[draw(st.integers(tail, len(damaged) - 1))] = draw(st.integers(0, 255))
        data = bytes(damaged[: draw(st.integers(tail, len(damaged)))])
    return data


@settings(FUZZ, max_examples=examples(150))
@given(docx_mutation())
def test_fuzz_docx_structure(data: bytes) -> None:
    with memory_cap():
        parse_bounded(data, "report.docx")


# --- PDF -----------------------------------------------------------------------------------------


@cache
def pdf_source() -> bytes:
    return (DATA / "corpus" / "huaian-2024.pdf").read_bytes()


@st.composite
def pdf_mutation(draw) -> bytes:
    data = bytearray(pdf_source())
    how = draw(st.sampled_from(["flip", "cut", "length", "xref"]))
    if how == "flip":
        for _ in range(draw(st.integers(1, 30))):
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    elif how == "cut":
        data = data[: draw(st.integers(0, len(data)))]
    elif how == "length":
        lengths = [m.span(1) for m in re.finditer(rb"/Length (\d+)", data)]
        if lengths:
            a, b = draw(st.sampled_from(lengths))
            data[a:b] = str(draw(st.sampled_from([0, 1, 10**9, 2**31]))).encode()
    else:
        at = data.rfind(b"startxref")
        if at >= 0:
            data[at + 10 : at + 20] = draw(st.binary(min_size=10, max_size=10))
    return bytes(data)


@settings(FUZZ, max_examples=examples(30))
@given(pdf_mutation())
def test_fuzz_pdf_structure(data: bytes) -> None:
    with memory_cap():
        parse_bounded(data, "report.pdf")
