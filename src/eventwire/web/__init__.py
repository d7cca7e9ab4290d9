"""``eventwire serve``: the REST API and the web UI (timeline, network, map, events, reader).

Needs the ``web`` extra (``pip install 'eventwire[web]'``); importing ``eventwire.web.app``
without it raises ``MissingDependency``. The query logic lives in ``api`` and ``reader``,
which need no web framework.
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def create_app(db: str) -> Any:
    """The ASGI app over the store at ``db``; imported lazily so the extra stays optional."""
    from eventwire.web.app import create_app as build

    return build(db)
