"""The API's one error shape: ``{"error": {"type", "message", "status"}}``, with the HTTP status
of the exception class, for every kind of failure the web app can meet."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from eventwire.errors import ConfigError, EventwireError, StoreError, TooLarge
from eventwire.model import Actor, Article, CodeResult, DateBasis, Event, Modality, Trigger
from eventwire.store import Store


def client_for(app: Any, **options: Any) -> Any:
    with warnings.catch_warnings():
        # Starlette 1.x nudges towards httpx2 for its TestClient; the pinned httpx works the same.
        warnings.filterwarnings("ignore", message="Using `httpx` with", category=UserWarning)
        from starlette.testclient import TestClient
    return TestClient(app, **options)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("errors") / "errors.db"
    text = "Oslo hosted Bern."
    event = Event(doc_id="one", source=Actor("Oslo", id="country:NOR", country="NOR"),
                  target=Actor("Bern", id="country:CHE", country="CHE"), cameo="040", plover="CONSULT", mode=None,
                  quad_class=1, goldstein=1.0, modality=Modality.ASSERTED, said_by=None, date="2024-05-01",
                  date_end=None, date_basis=DateBasis.TEXT, location=None, sentence=text, sentence_index=0,
                  trigger=Trigger("hosted", 5, 11), confidence=0.5, coder="test")  # fmt: skip
    with Store.open(path) as store:
        store.add_result(CodeResult(Article("one", text, date(2024, 5, 1)), (event,)), run_id=store.start_run(["t"]))
    return path


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[Any]:
    from eventwire.web.app import create_app

    with client_for(create_app(db)) as opened:
        yield opened


def assert_error_shape(response: Any, status: int, kind: str) -> dict[str, Any]:
    body = response.json()
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    assert set(body) == {"error"}
    assert set(body["error"]) == {"type", "message", "status"}
    assert body["error"]["status"] == status and body["error"]["type"] == kind
    assert isinstance(body["error"]["message"], str) and len(body["error"]["message"]) > 10
    return dict(body["error"])


@pytest.mark.parametrize(("method", "url", "status", "kind"), [
    ("GET", "/api/nowhere", 404, "NotFound"),
    ("GET", "/no/such/page", 404, "NotFound"),
    ("GET", "/api/events/ev_0000000000000000", 404, "NotFound"),
    ("GET", "/api/documents/missing-doc", 404, "NotFound"),
    ("GET", "/api/events?plovr=CONSULT", 400, "ConfigError"),
    ("GET", "/api/events?limit=many", 400, "ConfigError"),
    ("GET", "/api/timeline?by=decade", 400, "ConfigError"),
    ("GET", "/api/timeline?group=colour", 400, "ConfigError"),
    ("GET", "/api/network?nodes=0", 400, "ConfigError"),
    ("GET", "/api/export?format=docx", 400, "ConfigError"),
    ("GET", "/api/events?dyad=-", 400, "ConfigError"),
    ("POST", "/api/events", 405, "MethodNotAllowed"),
])  # fmt: skip
def test_failures_share_one_shape(client: Any, method: str, url: str, status: int, kind: str) -> None:
    assert_error_shape(client.request(method, url), status, kind)


def test_unknown_id_message_names_the_id_and_what_to_do(client: Any) -> None:
    error = assert_error_shape(client.get("/api/documents/missing-doc"), 404, "NotFound")
    assert "missing-doc" in error["message"] and "/api/documents" in error["message"]


def test_a_missing_store_is_a_store_error(tmp_path: Path) -> None:
    from eventwire.web.app import create_app

    with client_for(create_app(tmp_path / "absent.db")) as client:
        error = assert_error_shape(client.get("/api/events"), StoreError.http_status, "StoreError")
    assert "eventwire ingest" in error["message"]


@pytest.mark.parametrize("exc", [TooLarge("document over the size cap"), ConfigError("bad option value; use another"),
                                 EventwireError("something failed")])  # fmt: skip
def test_every_eventwire_error_answers_with_its_http_status(monkeypatch: pytest.MonkeyPatch, db: Path,
                                                            exc: EventwireError) -> None:  # fmt: skip
    from eventwire.web import api
    from eventwire.web.app import create_app

    def failing(_store: Any, _params: Any) -> Any:
        raise exc

    monkeypatch.setattr(api, "actors", failing)
    with client_for(create_app(db)) as client:
        error = assert_error_shape(client.get("/api/actors"), exc.http_status, type(exc).__name__)
    assert error["message"] == str(exc)


def test_an_unexpected_error_is_a_500_that_hides_internals(monkeypatch: pytest.MonkeyPatch, db: Path) -> None:
    from eventwire.web import api
    from eventwire.web.app import create_app

    def broken(_store: Any, _params: Any) -> Any:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(api, "dyads", broken)
    with client_for(create_app(db), raise_server_exceptions=False) as client:
        error = assert_error_shape(client.get("/api/dyads"), 500, "InternalError")
    assert "secret" not in error["message"]


def test_pages_show_the_same_error_as_html(client: Any) -> None:
    response = client.get("/documents/missing-doc", headers={"accept": "text/html"})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "NotFound" in response.text and "missing-doc" in response.text


def test_api_errors_stay_json_for_browsers(client: Any) -> None:
    response = client.get("/api/documents/missing-doc", headers={"accept": "text/html"})
    assert_error_shape(response, 404, "NotFound")
