"""gouji's own behaviour, registered through the same hooks as any plugin.

Registered first, so every plugin's implementation of a ``firstresult`` hook takes precedence.
"""

from __future__ import annotations

from .hookspecs import hookimpl
from .issuer import IssuerClass, classify
from .model import Report


@hookimpl
def gouji_classify_issuer(report: Report) -> IssuerClass | None:
    """Level and kind from the issuer's name (see ``gouji.issuer``)."""
    return classify(report)
