"""Writing small PDF files byte by byte, for tests that need a PDF no tool would make."""

from __future__ import annotations


def pdf_file(objects: list[bytes], version: bytes = b"1.7") -> bytes:
    """GENERATED: the objects numbered from 1, with a correct cross-reference table and the
    first object as the catalog."""
    out = bytearray(b"%PDF-" + version + b"\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
