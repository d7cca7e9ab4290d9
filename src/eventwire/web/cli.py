"""The ``eventwire serve`` command: run the web app over a store with uvicorn."""

from __future__ import annotations

from typing import Any

import click

from eventwire.cli import _library_errors, cli
from eventwire.errors import MissingDependency, StoreError


@cli.command("serve")
@click.option("--db", "db", envvar="EVENTWIRE_DB", default="eventwire.db", show_default=True,
              help="The SQLite store, opened read-only (env EVENTWIRE_DB).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; the default is this machine only.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on.")
def serve_command(db: str, host: str, port: int) -> None:
    """Serve the REST API (/api/...) and the web UI: timeline, network, map, events, reader."""
    with _library_errors():
        app = _app(db)
        server = _uvicorn()
    click.echo(f"eventwire: serving {db} on http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    server.run(app, host=host, port=port, log_level="warning")


def _app(db: str) -> Any:
    import sqlite3
    from pathlib import Path

    from eventwire.store import open_store
    from eventwire.web.app import create_app

    if not Path(db).exists():
        raise StoreError("no store here; create one with `eventwire ingest SOURCE... --db PATH`", origin=db)
    with open_store(db, readonly=True) as store:
        try:
            store.counts()  # fail now, not on the first request, if it is not an eventwire store
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot read the store: {exc}; is it an eventwire database?", origin=db) from exc
    return create_app(db)


def _uvicorn() -> Any:
    try:
        import uvicorn
    except ImportError as exc:
        raise MissingDependency("uvicorn", "web") from exc
    return uvicorn
