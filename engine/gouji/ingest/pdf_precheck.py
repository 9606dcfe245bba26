"""Whether a PDF is within gouji's limits as far as its pages' content streams tell.

PDFium has no hook for a limit: in the PDF reading worker its memory and time are capped by the
process (``pdf_child``), but the file must still get the same answer as the default reader — a
page of 4 MB of content, or 16 MB over the document, or more than ``MAX_PAGES`` pages, is
refused with ``pdf_limits``' message, not read. So before PDFium sees the file, pdfminer's
parser lists its pages (only one past the limit) and decodes each page's content streams with
gouji's bounded decoders (``pdf_limits.reading``), counting them as the default reader's
interpreter does. Anything past a limit, and any file pdfminer cannot parse, is handed to the
default reader (``pdf_worker``), which gives the user its one-line message.

What PDFium's objects tell in turn (too many characters, drawings, images or forms on a page,
forms drawn many times) is checked as they are read (``pdfium_page``).
"""

from __future__ import annotations

import io
import itertools

from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import list_value, stream_value

from .pdf_limits import PdfLimits, reading

__all__ = ["too_much"]


def too_much(data: bytes, max_pages: int) -> str | None:
    """Why the default reader should read ``data`` (English, for the worker's log), or ``None``
    when its pages and their content streams are within the limits."""
    limits = PdfLimits()
    try:
        with reading(limits):
            document = PDFDocument(PDFParser(io.BytesIO(data)))
            pages = itertools.islice(PDFPage.create_pages(document), max_pages + 1)
            for number, page in enumerate(pages, start=1):
                if number > max_pages:
                    return f"more than {max_pages} pages"
                streams = list_value(page.contents) if page.contents else []
                size = sum(len(stream_value(s).get_data()) for s in streams if s is not None)
                limits.interpret(size, number, size)
    except Exception as exc:  # a limit, or a file pdfminer reads otherwise than PDFium
        return limits.refused or f"pdfminer: {type(exc).__name__}"
    return None
