"""The web app: every API endpoint and its filters, the GeoJSON map, exports, the pages, the
article reader's marks, and escaping of hostile article text. The store is built here from
CodeResults, so no coder runs."""

from __future__ import annotations

import csv
import io
import json
import sys
import warnings
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from eventwire import fusion
from eventwire.errors import MissingDependency
from eventwire.model import Actor, Article, CodeResult, DateBasis, Event, Location, Modality, Quote, Trigger
from eventwire.store import Store
from eventwire.web import reader

USA = Actor("Washington", id="country:USA", name="United States", country="USA", sector="GOV", kind="country")
RUS = Actor("Moscow", id="country:RUS", name="Russia", country="RUS", sector="GOV", kind="country")
UKR = Actor("Kyiv", id="country:UKR", name="Ukraine", country="UKR", sector="GOV", kind="country")
MINISTER = Actor("the minister", id="person:test-minister", name="Test Minister", country="RUS", sector="GOV",
                 kind="person")  # fmt: skip
GENEVA = Location("Geneva", "CHE", 46.2, 6.14)
KHARKIV = Location("Kharkiv", "UKR", 49.99, 36.23)
HOSTILE_TITLE = "<script>alert('title')</script>"
HOSTILE_WORD = "<img src=x onerror=alert(1)>"

# (doc, published, sentences: (source, verb, target, cameo, plover, quad, goldstein, date, modality, place))
DOCUMENTS: list[tuple[str, str, list[tuple[Any, ...]]]] = [
    ("talks", "2022-01-05", [
        (USA, "will meet", RUS, "040", "CONSULT", 1, 1.0, "2022-01-10", "future", GENEVA),
        (MINISTER, "warned", UKR, "138", "THREATEN", 3, -7.0, "2022-01-05", "asserted", None),
    ]),
    ("strike", "2022-02-24", [
        (RUS, "shelled", UKR, "195", "ASSAULT", 4, -10.0, "2022-02-24", "asserted", KHARKIV),
        (UKR, "could hit", RUS, "190", "ASSAULT", 4, -10.0, "2022-02", "hypothetical", None),
        (USA, "condemned", RUS, "111", "ACCUSE", 3, -2.0, "2022-02-24", "asserted", None),
    ]),
    ("hostile", "2022-03-01", [
        (UKR, "asked", USA, "020", "REQUEST", 1, 3.0, "2022-03-01", "asserted", None),
    ]),
]  # fmt: skip


def _event(doc: str, row: tuple[Any, ...], text: str, index: int) -> tuple[Event, str]:
    source, verb, target, cameo, plover, quad, goldstein, when, modality, place = row
    extra = f" {HOSTILE_WORD}" if doc == "hostile" else ""
    sentence = f"{source.text} {verb} {target.text}{extra}."
    base = len(text)
    trigger_start = base + len(source.text) + 1
    target_start = trigger_start + len(verb) + 1
    event = Event(
        doc_id=doc, source=_at(source, base), target=_at(target, target_start), cameo=cameo, plover=plover,
        mode=None, quad_class=quad, goldstein=goldstein, modality=Modality(modality), said_by=None, date=when,
        date_end=None, date_basis=DateBasis.TEXT, location=place, sentence=sentence, sentence_index=index,
        trigger=Trigger(verb, trigger_start, trigger_start + len(verb)), confidence=0.8, coder="test-coder",
        rule=f"rule:{verb}")  # fmt: skip
    return event, text + sentence + " "


def _at(actor: Actor, start: int) -> Actor:
    return Actor(actor.text, actor.id, actor.name, actor.country, actor.sector, actor.kind, start, start + len(actor.text))


def _result(doc: str, published: str, rows: list[tuple[Any, ...]]) -> CodeResult:
    text, events = "", []
    for index, row in enumerate(rows):
        event, text = _event(doc, row, text, index)
        events.append(event)
    said = "The minister said that talks would go on."
    quote_start = len(text) + len("The minister said that ")
    speaker = Actor("The minister", MINISTER.id, MINISTER.name, "RUS", "GOV", "person", len(text), len(text) + 12)
    quote = Quote(doc_id=doc, text="talks would go on", start=quote_start, end=quote_start + 17, speaker=speaker,
                  kind="indirect", sentence_index=len(rows), cue="said", date=published)  # fmt: skip
    text += said
    title = HOSTILE_TITLE if doc == "hostile" else f"Report on {doc}"
    url = "javascript:alert(2)" if doc == "hostile" else f"https://news.example/{doc}"
    article = Article(id=doc, text=text, date=date.fromisoformat(published), title=title, url=url,
                      source_name="Example News")  # fmt: skip
    return CodeResult(article, tuple(events), (quote,))


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("web") / "web.db"
    with Store.open(path) as store:
        run = store.start_run(["test"])
        for doc, published, rows in DOCUMENTS:
            store.add_result(_result(doc, published, rows), run_id=run)
        fusion.fuse_store(store)
    return path


def client_for(app: Any, **options: Any) -> Any:
    with warnings.catch_warnings():
        # Starlette 1.x nudges towards httpx2 for its TestClient; the pinned httpx works the same.
        warnings.filterwarnings("ignore", message="Using `httpx` with", category=UserWarning)
        from starlette.testclient import TestClient
    return TestClient(app, **options)


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[Any]:
    from eventwire.web.app import create_app

    with client_for(create_app(db)) as opened:
        yield opened


ALL_EVENTS = [(doc, row) for doc, _, rows in DOCUMENTS for row in rows]


def _get(client: Any, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, response.text
    return response.json()


# -- /api/events -------------------------------------------------------------------------------


def test_events_lists_every_event_with_its_total(client: Any) -> None:
    page = _get(client, "/api/events?limit=100")
    assert page["total"] == len(page["events"]) == len(ALL_EVENTS)
    assert {e["doc_id"] for e in page["events"]} == {doc for doc, _ in ALL_EVENTS}


def _matches(row: tuple[Any, ...], key: str, value: str) -> bool:
    source, _, target, _, plover, quad, _, when, modality, place = row
    ids = {source.id, target.id}
    checks = {
        "actor": lambda: value in ids, "country": lambda: value in {source.country, target.country},
        "plover": lambda: plover == value, "modality": lambda: modality == value,
        "quad_class": lambda: quad == int(value), "since": lambda: when >= value,
        "until": lambda: when[: len(value)] <= value, "place": lambda: place is not None and place.name == value,
        "dyad": lambda: (source.country, target.country) == tuple(value.split("-")),
        "cameo": lambda: row[3].startswith(value),
    }  # fmt: skip
    return bool(checks[key]())


@pytest.mark.parametrize(("key", "value"), [
    ("actor", "country:USA"), ("country", "UKR"), ("plover", "ASSAULT"), ("modality", "hypothetical"),
    ("quad_class", "4"), ("since", "2022-02"), ("until", "2022-01"), ("place", "Geneva"), ("dyad", "RUS-UKR"),
    ("cameo", "19"),
])  # fmt: skip
def test_events_filters_agree_with_filtering_by_hand(client: Any, key: str, value: str) -> None:
    expected = sum(_matches(row, key, value) for _, row in ALL_EVENTS)
    page = _get(client, f"/api/events?{key}={value}&limit=100")
    assert expected > 0
    assert page["total"] == len(page["events"]) == expected


def test_events_text_search_finds_the_sentence(client: Any) -> None:
    page = _get(client, "/api/events?text=shelled")
    assert [e["trigger"]["text"] for e in page["events"]] == ["shelled"]


def test_events_pages_with_limit_and_offset(client: Any) -> None:
    everything = _get(client, "/api/events?limit=100")["events"]
    pages = [_get(client, f"/api/events?limit=2&offset={offset}")["events"] for offset in range(0, len(everything), 2)]
    assert [e["id"] for page in pages for e in page] == [e["id"] for e in everything]


def test_events_mentions_reads_coded_events(client: Any) -> None:
    coded = _get(client, "/api/events?mentions=1&limit=100")["events"]
    assert len(coded) == len(ALL_EVENTS)
    assert all(e["id"].startswith("ev_") for e in coded)


@pytest.mark.parametrize("url", ["/api/events?plovr=ASSAULT", "/api/events?quad_class=four", "/api/events?limit=0",
                                 "/api/events?offset=-1", "/api/events?modality=maybe"])  # fmt: skip
def test_events_rejects_bad_parameters(client: Any, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 400
    assert response.json()["error"]["type"] == "ConfigError"


# -- /api/events/{id} --------------------------------------------------------------------------


def test_event_detail_gives_each_mention_with_its_document(client: Any) -> None:
    listed = _get(client, "/api/events?plover=ASSAULT&modality=asserted")["events"][0]
    view = _get(client, f"/api/events/{listed['id']}")
    assert view["event"]["id"] == listed["id"]
    mention = view["mentions"][0]
    assert mention["document"]["id"] == "strike"
    assert "[shelled]" in mention["marked"]
    assert mention["rule"] == "rule:shelled"


def test_event_detail_accepts_a_coded_id(client: Any) -> None:
    coded = _get(client, "/api/events?mentions=1&plover=REQUEST")["events"][0]
    assert _get(client, f"/api/events/{coded['id']}")["mentions"][0]["event_id"] == coded["id"]


# -- aggregates --------------------------------------------------------------------------------


@pytest.mark.parametrize("group", ["plover", "quad_class"])
def test_timeline_counts_every_day_dated_event(client: Any, group: str) -> None:
    rows = _get(client, f"/api/timeline?by=week&group={group}")
    day_dated = [row for _, row in ALL_EVENTS if len(row[7]) == 10]
    assert sum(r["count"] for r in rows) == len(day_dated)
    assert all(r["period"].count("-W") == 1 and group in r for r in rows)


def test_timeline_for_a_dyad_by_month(client: Any) -> None:
    rows = _get(client, "/api/timeline?by=month&dyad=RUS-UKR&group=none")
    expected: dict[str, list[float]] = {}
    for _, row in ALL_EVENTS:
        if (row[0].country, row[2].country) == ("RUS", "UKR"):
            bucket = expected.setdefault(row[7][:7], [0, 0.0])
            bucket[0] += 1
            bucket[1] += row[6]
    assert len(expected) > 1
    assert rows == [{"period": p, "count": c, "goldstein": g} for p, (c, g) in sorted(expected.items())]


def test_actors_count_each_side(client: Any) -> None:
    rows = {r["actor"]: r for r in _get(client, "/api/actors?limit=50")}
    as_source = sum(row[0].id == "country:USA" for _, row in ALL_EVENTS)
    as_target = sum(row[2].id == "country:USA" for _, row in ALL_EVENTS)
    assert (rows["country:USA"]["as_source"], rows["country:USA"]["as_target"]) == (as_source, as_target)


def test_dyads_with_a_filter(client: Any) -> None:
    rows = _get(client, "/api/dyads?plover=ASSAULT")
    assert {(r["source"], r["target"]) for r in rows} == {("country:RUS", "country:UKR"), ("country:UKR", "country:RUS")}


def test_quotes_by_speaker(client: Any) -> None:
    rows = _get(client, "/api/quotes?speaker=person:test-minister")
    assert len(rows) == len(DOCUMENTS)
    assert _get(client, "/api/quotes?speaker=nobody-at-all") == []


# -- documents ---------------------------------------------------------------------------------


def test_document_offsets_point_into_its_text(client: Any) -> None:
    data = _get(client, "/api/documents/strike")
    text = data["document"]["text"]
    assert len(data["events"]) == 3
    for event in data["events"]:
        assert text[event["trigger"]["start"]:event["trigger"]["end"]] == event["trigger"]["text"]
        assert text[event["source"]["start"]:event["source"]["end"]] == event["source"]["text"]
        assert event["fused_id"]
    quote = data["quotes"][0]
    assert text[quote["start"]:quote["end"]] == quote["text"]
    assert quote["speaker"]["name"] == "Test Minister"


def test_documents_list_and_search(client: Any) -> None:
    listed = {d["id"]: d["events"] for d in _get(client, "/api/documents")}
    assert listed == {doc: len(rows) for doc, _, rows in DOCUMENTS}
    assert [d["id"] for d in _get(client, "/api/documents?text=shelled")] == ["strike"]


# -- network and map ---------------------------------------------------------------------------


def test_network_nodes_and_edges_with_mean_goldstein(client: Any) -> None:
    data = _get(client, "/api/network")
    nodes = {n["actor"]: n for n in data["nodes"]}
    assert nodes["country:RUS"]["events"] == sum(RUS.id in {r[0].id, r[2].id} for _, r in ALL_EVENTS)
    assert nodes["person:test-minister"]["kind"] == "person"
    for edge in data["edges"]:
        assert {edge["source"], edge["target"]} <= set(nodes)
        assert edge["goldstein_mean"] == pytest.approx(edge["goldstein_sum"] / edge["events"])


@pytest.mark.parametrize(("query", "expected"), [
    ("plover=ASSAULT", {("country:RUS", "country:UKR"), ("country:UKR", "country:RUS")}),
    ("since=2022-03-01&until=2022-03-31", {("country:UKR", "country:USA")}),
])  # fmt: skip
def test_network_filters_by_type_and_dates(client: Any, query: str, expected: set[tuple[str, str]]) -> None:
    data = _get(client, f"/api/network?{query}")
    assert {(e["source"], e["target"]) for e in data["edges"]} == expected


def test_map_is_a_geojson_feature_collection(client: Any) -> None:
    data = _get(client, "/api/map")
    assert data["type"] == "FeatureCollection"
    located = {row[9].name: row[9] for _, row in ALL_EVENTS if row[9] is not None}
    assert {f["properties"]["place"] for f in data["features"]} == set(located)
    for feature in data["features"]:
        assert feature["type"] == "Feature" and feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        place = located[feature["properties"]["place"]]
        assert (lon, lat) == (place.lon, place.lat)


def test_map_filters(client: Any) -> None:
    data = _get(client, "/api/map?plover=ASSAULT")
    assert [f["properties"]["place"] for f in data["features"]] == ["Kharkiv"]


def test_basemap_cells_are_on_the_globe(client: Any) -> None:
    cells = _get(client, "/api/basemap")["cells"]
    assert len(cells) > 1000
    assert all(-180 <= lon <= 180 and -90 <= lat <= 90 for lon, lat in cells)


# -- export ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "media"), [("gdelt", "text/tab-separated-values"), ("plover", "application/x-ndjson"),
                                            ("csv", "text/csv")])  # fmt: skip
def test_export_streams_one_row_per_event(client: Any, fmt: str, media: str) -> None:
    response = client.get(f"/api/export?format={fmt}&plover=ASSAULT")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    assert "attachment" in response.headers["content-disposition"]
    lines = response.text.splitlines()
    expected = sum(row[4] == "ASSAULT" for _, row in ALL_EVENTS)
    if fmt == "csv":
        assert len(list(csv.DictReader(io.StringIO(response.text)))) == expected
    else:
        assert len(lines) == expected
    if fmt == "plover":
        assert all(json.loads(line)["event"] == ["ASSAULT"] for line in lines)


# -- pages -------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/timeline", "/network", "/map", "/events", "/documents"])
def test_pages_render_with_navigation_and_local_assets_only(client: Any, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert 'href="/timeline"' in response.text and "/static/style.css" in response.text
    assert "http://" not in response.text and "https://" not in response.text  # nothing from a CDN


@pytest.mark.parametrize("asset", ["style.css", "common.js", "timeline.js", "network.js", "map.js", "events.js",
                                   "documents.js", "reader.js"])  # fmt: skip
def test_static_assets_are_served(client: Any, asset: str) -> None:
    response = client.get(f"/static/{asset}")
    assert response.status_code == 200 and len(response.text) > 100
    assert "innerHTML" not in response.text  # text reaches the DOM through textContent only


def test_reader_marks_triggers_and_quote_speakers(client: Any) -> None:
    html = client.get("/documents/talks").text
    for _, row in ALL_EVENTS[:2]:
        assert f">{row[1]}</span>" in html  # the trigger, wrapped in its own span
    assert 'class="m-trigger"' in html
    assert '<span class="speaker-tag">Test Minister</span>' in html
    assert 'class="m-quote"' in html and ">talks would go on</span>" in html
    assert "Report on talks" in html and "Example News" in html


def test_event_page_shows_provenance(client: Any) -> None:
    listed = _get(client, "/api/events?plover=THREATEN")["events"][0]
    html = client.get(f"/events/{listed['id']}").text
    assert '<span class="m-trigger" data-refs="' in html and ">warned</span>" in html
    assert 'class="m-source"' in html and "rule:warned" in html and "test-coder" in html
    assert '/documents/talks#' in html


def test_hostile_text_is_escaped_everywhere(client: Any) -> None:
    reader_html = client.get("/documents/hostile").text
    event_id = _get(client, "/api/events?plover=REQUEST")["events"][0]["id"]
    event_html = client.get(f"/events/{event_id}").text
    for html in (reader_html, event_html):
        assert HOSTILE_WORD not in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert HOSTILE_TITLE not in reader_html
    assert "&lt;script&gt;alert(" in reader_html
    assert 'href="javascript:' not in reader_html
    records = reader_html.split('id="records">', 1)[1].split("</script>", 1)[0]
    assert "<" not in records  # the embedded JSON cannot close its script element
    assert json.loads(records)  # and still parses


# -- the reader's pieces -----------------------------------------------------------------------


def test_pieces_split_overlapping_spans() -> None:
    spans = [reader.Span(4, 20, "quote", "q1", label="Speaker"), reader.Span(9, 13, "trigger", "e1")]
    result = reader.pieces("Say that we met here today", spans)
    assert "".join(p.text for p in result) == "Say that we met here today"
    assert [(p.text, p.kinds) for p in result] == [("Say ", ()), ("that ", ("quote",)), ("we m", ("quote", "trigger")),
                                                    ("et here", ("quote",)), (" today", ())]  # fmt: skip
    assert result[1].labels == ("Speaker",) and result[2].refs == ("q1", "e1")


def test_pieces_clip_spans_outside_the_text() -> None:
    result = reader.pieces("short", [reader.Span(-3, 2, "trigger", "e"), reader.Span(4, 99, "quote", "q"),
                                     reader.Span(50, 60, "trigger", "x")])  # fmt: skip
    assert [(p.text, p.kinds) for p in result] == [("sh", ("trigger",)), ("or", ()), ("t", ("quote",))]


# -- the command and the optional extra --------------------------------------------------------


def test_serve_command_is_registered_with_loopback_default() -> None:
    from eventwire.cli import cli
    from eventwire.web import cli as _web_cli  # noqa: F401  registers serve

    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    assert "127.0.0.1" in result.output and "--port" in result.output and "--db" in result.output


def test_serve_refuses_a_missing_store(tmp_path: Path) -> None:
    from eventwire.cli import cli
    from eventwire.web import cli as _web_cli  # noqa: F401

    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code != 0
    assert "eventwire ingest" in result.output


def test_missing_web_extra_names_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "starlette", None)  # import starlette now fails
    monkeypatch.delitem(sys.modules, "eventwire.web.app", raising=False)
    for name in [n for n in sys.modules if n.startswith("starlette.")]:
        monkeypatch.delitem(sys.modules, name)
    with pytest.raises(MissingDependency) as caught:
        import eventwire.web.app  # noqa: F401
    assert caught.value.extra == "web" and "eventwire[web]" in str(caught.value)
