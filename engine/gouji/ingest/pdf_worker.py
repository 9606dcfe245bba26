"""The parent's side of the PDF reading worker (``pdf_child``): one long-lived child per process.

``read_pages`` hands a PDF's bytes to the child and gets its pages back, read with PDFium; it
gives ``None`` whenever the default reader (pdfplumber, with ``pdf_limits``) must read the file
instead — the child judged the file outside what it reads identically, or it died (an abort, a
signal, its memory cap, its CPU budget), or it did not answer within ``WALL_SECONDS``. A dead or
late child is ended and a new one started for the next file; nothing of PDFium ever runs in
gouji's own process. The child is started on the first PDF (never for a text, HTML or DOCX
run) and ended when the process exits.

One child serves one process: the corpus workers (``gouji.corpus``) each start their own, the
in-process run shares one. Requests are serialised by a lock (the child reads one file at a
time). A ``FileTimeout`` from the corpus run's deadline, or an interrupt, while the child works
ends the child and is raised on. ``GOUJI_PDF_READER=pdfplumber`` turns the worker off.
"""

from __future__ import annotations

import atexit
import os
import pickle
import select
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from .pdf_child import BOOTSTRAP, CPU_SECONDS, read_frame, write_request

__all__ = ["ENV", "START_SECONDS", "WALL_SECONDS", "read_pages", "stop"]

ENV = "GOUJI_PDF_READER"
"""``pdfplumber`` reads every PDF with the default reader, without the worker."""

WALL_SECONDS = CPU_SECONDS + 5
"""How long the parent waits for one file's answer before ending the child."""

START_SECONDS = 30
"""How long the child may take to start (import pdfplumber and PDFium) before it is given up."""

_PACKAGE = Path(__file__).resolve().parent.parent


class _Child:
    """A running child process and its pipes."""

    def __init__(self) -> None:
        self.owner = os.getpid()
        self.process = subprocess.Popen(
            [sys.executable, "-c", BOOTSTRAP, str(_PACKAGE)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            close_fds=True,
        )
        _widen(self.process.stdin)
        try:
            if self._answer(START_SECONDS) != "ready":
                raise OSError("PDF reading worker did not start")
        except BaseException:
            self.close()
            raise

    def ask(self, data: bytes, max_pages: int) -> Any:
        assert self.process.stdin is not None
        write_request(self.process.stdin, data, max_pages)
        return self._answer(WALL_SECONDS)

    def _answer(self, seconds: float) -> Any:
        stdout = self.process.stdout
        assert stdout is not None
        ready, _, _ = select.select([stdout], [], [], seconds)
        if not ready:
            raise TimeoutError("PDF reading worker did not answer in time")
        payload = read_frame(stdout)
        if payload is None:
            raise EOFError("PDF reading worker ended")
        return pickle.loads(payload)

    def close(self) -> None:
        """End the child: closing its stdin ends it when idle; a busy one is killed."""
        process = self.process
        for stream in (process.stdin, process.stdout):
            try:
                if stream is not None:
                    stream.close()
            except OSError:
                pass
        try:
            process.wait(timeout=1)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _widen(pipe: Any) -> None:
    """Let the pipe hold a whole report (1 MB; Linux): the file is then sent in one write
    instead of sixteen, each waiting for the child to drain the default 64 KB."""
    try:
        import fcntl

        fcntl.fcntl(pipe.fileno(), getattr(fcntl, "F_SETPIPE_SZ", 1031), 1 << 20)
    except (ImportError, OSError):
        pass


_lock = threading.Lock()
_child: _Child | None = None
_unavailable = sys.platform == "win32"
"""No worker here: Windows has no ``resource`` limits nor ``select`` on pipes, and a child that
could not start once (PDFium missing, say) is not started again for every file."""


def read_pages(data: bytes, max_pages: int) -> list[Any] | None:
    """The PDF's pages (``pdf_pages.PageContent``) read by the worker, or ``None`` when the
    default reader must read it."""
    global _child, _unavailable
    if _unavailable or os.environ.get(ENV, "").lower() == "pdfplumber":
        return None
    with _lock:
        child = _child
        if child is not None and child.owner != os.getpid():
            child = None  # inherited through a fork: the parent's, not ours to use
        if child is None:
            try:
                child = _child = _Child()
            except Exception:
                _unavailable = True
                return None
        try:
            pages, _reason = child.ask(data, max_pages)
        except Exception:  # died or late: this file is pdfplumber's
            _drop(child)
            return None
        except BaseException:  # the run's deadline or an interrupt: not this reader's to keep
            _drop(child)
            raise
        return pages


def _drop(child: _Child | None) -> None:
    global _child
    _child = None
    if child is not None:
        child.close()


def stop() -> None:
    """End the child, if one runs (at exit, and in tests)."""
    global _child
    with _lock:
        child, _child = _child, None
    if child is not None and child.owner == os.getpid():
        child.close()


atexit.register(stop)
