"""The ASGI app behind ``eventwire serve``: a JSON API under ``/api`` and the web UI pages.

Every request opens the store read-only (SQLite in WAL mode, so an ingest can write meanwhile)
and calls one function of :mod:`eventwire.web.api`. Errors go through one mapper,
``error_response``: an ``EventwireError`` answers with its ``http_status`` and the shape
``{"error": {"type", "message", "status"}}``; unknown routes answer 404 in the same shape.
Pages get the same fields in an HTML page when the browser asks for HTML.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http import HTTPStatus
from pathlib import Path
from typing import Any

from eventwire.errors import EventwireError, MissingDependency

try:
    import jinja2
    from starlette.applications import Starlette
    from starlette.background import BackgroundTask
    from starlette.exceptions import HTTPException
    from starlette.requests import Request
    from starlette.responses import FileResponse, JSONResponse, Response
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles
    from starlette.templating import Jinja2Templates
except ImportError as exc:  # the web extra is optional: say what to install
    raise MissingDependency(exc.name or "starlette", "web") from exc

from eventwire import export_store
from eventwire.store import Store, open_store
from eventwire.web import api, reader

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
PAGES = ("timeline", "network", "map", "events", "documents")


def _templates() -> Jinja2Templates:
    # Our own environment so autoescaping is on for every template, whatever Starlette's default.
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True)
    environment.filters["web_url"] = web_url
    return Jinja2Templates(env=environment)


def web_url(url: str | None) -> str | None:
    """The URL if it is http(s), else None: a stored ``javascript:`` URL must never become a link."""
    return url if url and url.lower().startswith(("http://", "https://")) else None


# -- the one exception-to-response mapper ------------------------------------------------------


def error_body(kind: str, message: str, status: int) -> dict[str, Any]:
    """The canonical JSON error shape of the API."""
    return {"error": {"type": kind, "message": message, "status": status}}


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get("accept", "")


def error_response(request: Request, exc: Exception) -> Response:
    """Map any exception to the error shape: EventwireError by its http_status, HTTP errors
    (unknown route, wrong method) by their code, anything else as a 500 that hides internals."""
    if isinstance(exc, EventwireError):
        kind, message, status = type(exc).__name__, str(exc), exc.http_status
    elif isinstance(exc, HTTPException):
        kind = HTTPStatus(exc.status_code).phrase.replace(" ", "").replace("-", "")
        message = str(exc.detail) if exc.status_code != 404 else f"no page or API route at {request.url.path}"
        status = exc.status_code
    else:
        log.exception("unexpected error serving %s", request.url.path)
        kind, message, status = "InternalError", "unexpected server error; see the server log", 500
    if _wants_html(request):
        context = {"error": error_body(kind, message, status)["error"], "page": "error"}
        return request.app.state.templates.TemplateResponse(request, "error.html", context, status_code=status)
    return JSONResponse(error_body(kind, message, status), status_code=status)


# -- handlers ----------------------------------------------------------------------------------


@contextmanager
def _store(request: Request) -> Iterator[Store]:
    with open_store(request.app.state.db, readonly=True) as store:
        yield store


def _json_endpoint(function: Callable[[Store, Any], Any]) -> Callable[[Request], Response]:
    """A GET endpoint that passes the query string to one api function and returns its JSON."""

    def endpoint(request: Request) -> Response:
        with _store(request) as store:
            return JSONResponse(function(store, request.query_params))

    return endpoint


def event_detail(request: Request) -> Response:
    with _store(request) as store:
        return JSONResponse(api.event(store, request.path_params["event_id"]))


def document_detail(request: Request) -> Response:
    with _store(request) as store:
        return JSONResponse(api.document(store, request.path_params["doc_id"]))


def basemap(_request: Request) -> Response:
    return JSONResponse(api.basemap())


def export(request: Request) -> Response:
    """Write the export to a temporary file, then stream it (and delete it afterwards)."""
    fmt, filters = api.export_request(request.query_params)
    media_type, filename = api.EXPORT_MEDIA_TYPES[fmt]
    handle, name = tempfile.mkstemp(prefix="eventwire-export-", suffix="-" + filename)
    os.close(handle)
    try:
        with _store(request) as store:
            export_store.export(store, fmt, Path(name), filters)
    except BaseException:
        os.unlink(name)
        raise
    return FileResponse(name, media_type=media_type, filename=filename, background=BackgroundTask(os.unlink, name))


# -- pages -------------------------------------------------------------------------------------


def _render(request: Request, template: str, **context: Any) -> Response:
    return request.app.state.templates.TemplateResponse(request, template, context)


def index_page(request: Request) -> Response:
    with _store(request) as store:
        counts = store.counts()
    return _render(request, "index.html", page="home", counts=counts)


def _static_page(name: str) -> Callable[[Request], Response]:
    def endpoint(request: Request) -> Response:
        return _render(request, f"{name}.html", page=name)

    return endpoint


def event_page(request: Request) -> Response:
    """One event's provenance: each mention's sentence marked, its document, rule, coder."""
    with _store(request) as store:
        view = api.event(store, request.path_params["event_id"])
        texts = {m["doc_id"]: (store.document(m["doc_id"]) or {}).get("text") for m in view["mentions"]}
    mentions = [{**m, "pieces": reader.sentence_pieces(m, texts.get(m["doc_id"]))} for m in view["mentions"]]
    return _render(request, "event.html", page="events", event=view["event"], mentions=mentions,
                   explanation=view["explanation"])  # fmt: skip


def document_page(request: Request) -> Response:
    """The article reader: the cleaned text, every trigger and quote marked, and metadata."""
    with _store(request) as store:
        data = api.document(store, request.path_params["doc_id"])
    text = data["document"]["text"] or ""
    pieces = reader.document_pieces(text, data["events"], data["quotes"])
    by_id = {record["id"]: record for record in data["events"]}
    by_id.update({record["id"]: record for record in data["quotes"]})
    return _render(request, "document.html", page="documents", document=data["document"], pieces=pieces,
                   events=data["events"], quotes=data["quotes"], records=by_id)  # fmt: skip


# -- the app -----------------------------------------------------------------------------------


def routes() -> list[Route | Mount]:
    json_routes = {
        "/api/events": api.events, "/api/timeline": api.timeline, "/api/actors": api.actors,
        "/api/dyads": api.dyads, "/api/quotes": api.quotes, "/api/network": api.network,
        "/api/map": api.event_map, "/api/documents": api.documents,
    }  # fmt: skip
    table: list[Route | Mount] = [Route(path, _json_endpoint(fn)) for path, fn in json_routes.items()]
    table += [
        Route("/api/events/{event_id}", event_detail),
        Route("/api/documents/{doc_id}", document_detail),
        Route("/api/export", export),
        Route("/api/basemap", basemap),
        Route("/", index_page),
        *(Route(f"/{name}", _static_page(name)) for name in PAGES),
        Route("/events/{event_id}", event_page),
        Route("/documents/{doc_id}", document_page),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    return table


def create_app(db: str | Path) -> Starlette:
    """The web app over the store at ``db`` (opened read-only on every request)."""
    handlers: dict[Any, Any] = {EventwireError: error_response, HTTPException: error_response,
                                Exception: error_response}  # fmt: skip
    app = Starlette(routes=routes(), exception_handlers=handlers)
    app.state.db = str(db)
    app.state.templates = _templates()
    return app


__all__ = ["create_app", "error_body", "error_response", "routes"]
