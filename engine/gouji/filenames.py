"""File names as text that every output can hold.

On Linux a file name is bytes. Archives zipped on Chinese Windows and unzipped without a
name encoding leave names in GBK (``\\xb1\\xa8\\xb8\\xe6.txt`` for 报告.txt), which Python
hands over as ``str`` with lone surrogates (``surrogateescape``). Such a string cannot be
written as UTF-8: one name like that in a folder made the JSON, SARIF and HTML writers raise
and stopped the whole run. The file itself is still read by its real name; only the name put
into records, messages and outputs goes through ``shown``.
"""

from __future__ import annotations

import os

__all__ = ["shown"]


def shown(path: str | os.PathLike[str]) -> str:
    """``path`` as valid Unicode: unchanged when it is, else every byte that is not UTF-8 as a
    ``\\xNN`` escape (two different names stay different, and the escape says which bytes the
    name holds). Never raises."""
    text = os.fspath(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        pass
    else:
        return text
    try:
        raw = text.encode("utf-8", errors="surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate that no file system byte stands for
        return text.encode("utf-8", errors="backslashreplace").decode("utf-8")
    return raw.decode("utf-8", errors="backslashreplace")
