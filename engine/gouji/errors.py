"""Errors that reach users as one clear line (never as a traceback)."""

from __future__ import annotations


class GoujiError(Exception):
    """Base of every error gouji reports to a user; ``str(error)`` is the whole message."""


class SourceError(GoujiError):
    """An input that cannot be read at all: missing, a directory, binary, an unsupported kind."""
