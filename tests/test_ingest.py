"""Ingest end to end with a fake coder (no NLP): triage, near-duplicates, language, failures,
parallel workers, progress, fetching from a local server, and recovery from ``kill -9``.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from eventwire.errors import InputError
from eventwire.fetch import Fetcher
from eventwire.ingest import (
    IngestOptions,
    IngestSummary,
    coding_backend,
    ingest,
    ingest_documents,
    is_english,
)
from eventwire.model import Actor, Article, CodeResult, DateBasis, Event, Modality, RawDocument, Skipped, Trigger
from eventwire.store import Store

TESTS = Path(__file__).resolve().parent
MET = re.compile(r"\b([A-Z][a-z]+) met ([A-Z][a-z]+)\b")
COUNTRIES = ["France", "Germany", "Kenya", "Chile", "Japan", "Norway", "Peru", "Egypt", "Ghana", "Laos"]
FILLER = ("the talks were held in the capital after a long week of preparation by officials who said that "
          "trade water energy security and migration would be on the agenda for the coming months while "
          "observers noted growing pressure from farmers unions students and business groups").split()  # fmt: skip


class FakeCoder:
    """Codes "X met Y" as a CONSULT event; raises on a text containing EXPLODE."""

    version = "fake.coder.v1+kb:test"

    def pipe(self, articles: Iterable[Article], batch_size: int = 16) -> Iterator[CodeResult]:
        delay = float(os.environ.get("EVENTWIRE_TEST_CODER_DELAY", "0"))
        for article in articles:
            if "EXPLODE" in article.text:
                raise RuntimeError(f"cannot code {article.id}")
            time.sleep(delay)
            yield CodeResult(article, tuple(_event(article, match) for match in MET.finditer(article.text)))


def _event(article: Article, match: re.Match[str]) -> Event:
    def actor(name: str) -> Actor:
        return Actor(text=name, id=f"country:{name[:3].upper()}", name=name, country=name[:3].upper(), sector="GOV")

    return Event(
        doc_id=article.id, source=actor(match.group(1)), target=actor(match.group(2)), cameo="040",
        plover="CONSULT", mode=None, quad_class=1, goldstein=1.0, modality=Modality.ASSERTED, said_by=None,
        date="2023-03-15", date_end=None, date_basis=DateBasis.DOCUMENT, location=None,
        sentence=match.group(0), sentence_index=0, trigger=Trigger("met", match.start() + len(match.group(1)) + 1,
        match.start() + len(match.group(1)) + 4), confidence=0.5, coder=FakeCoder.version,
    )  # fmt: skip


def fake_factory() -> FakeCoder:
    return FakeCoder()


def simple_clean(raw: RawDocument) -> Article:
    text = raw.text.strip()
    if not text:
        raise InputError("empty text", origin=raw.origin)
    doc_id = raw.id or "doc_" + hashlib.sha1(text.encode()).hexdigest()[:12]
    return Article(id=doc_id, text=text, date=raw.date, url=raw.url, title=raw.title, language=raw.language)


def news_text(seed: int, meetings: int = 2) -> str:
    rng = random.Random(seed)
    sentences = []
    for _ in range(meetings):
        a, b = rng.sample(COUNTRIES, 2)
        sentences.append(f"{a} met {b} on Monday, and {' '.join(rng.choices(FILLER, k=25))}.")
    return " ".join(sentences)


def make_docs(count: int, *, start: int = 0) -> list[RawDocument]:
    return [RawDocument(text=news_text(i), id=f"doc{i}", origin=f"test:{i}") for i in range(start, start + count)]


def run_ingest(store: Store, documents: Iterable[RawDocument | Skipped], *, workers: int = 1,
               batch_size: int = 4, strict: bool = False, progress: object = None,
               commit_seconds: float = 1.0) -> IngestSummary:  # fmt: skip
    options = IngestOptions(batch_size=batch_size, strict=strict, cleaner=simple_clean, progress=progress,  # type: ignore[arg-type]
                            commit_seconds=commit_seconds)  # fmt: skip
    with coding_backend(fake_factory, workers) as backend:
        return ingest_documents(documents, store, backend=backend, sources=["test"], options=options)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "ingest.db") as opened:
        yield opened


def expected_events(documents: Iterable[RawDocument]) -> int:
    return sum(len(MET.findall(doc.text)) for doc in documents)


def test_ingest_codes_and_stores_every_document(store: Store) -> None:
    docs = make_docs(10)
    summary = run_ingest(store, docs)
    assert (summary.read, summary.coded, summary.events_added) == (10, 10, expected_events(docs))
    counts = store.counts()
    assert (counts["documents"], counts["events"], counts["mentions"]) == (10, summary.events_added, summary.events_added)
    assert summary.exit_code == 0
    assert store.runs()[-1]["status"] == "completed"
    assert store.runs()[-1]["coder_version"] == FakeCoder.version


def test_ingesting_twice_adds_nothing(store: Store) -> None:
    docs = make_docs(6)
    run_ingest(store, docs)
    before = store.counts()
    again = run_ingest(store, docs)
    assert (again.coded, again.events_added, again.already_stored) == (0, 0, 6)
    assert again.exit_code == 0
    assert {k: v for k, v in store.counts().items() if k != "runs"} == {k: v for k, v in before.items() if k != "runs"}


@pytest.mark.parametrize("batch_size", [1, 16])
def test_near_duplicate_is_linked_and_not_coded(store: Store, batch_size: int) -> None:
    original = RawDocument(text=news_text(1, meetings=4), id="orig")
    copy = RawDocument(text=original.text.replace("Monday", "Tuesday", 1) + " Reuters", id="copy")
    summary = run_ingest(store, [original, copy, *make_docs(3, start=100)], batch_size=batch_size)
    assert (summary.coded, summary.near_duplicates) == (4, 1)
    assert store.document("copy")["near_dup_of"] == "orig"
    assert store.document("copy")["status"] == "near-duplicate"
    assert store.events(doc_id="copy") == []


def test_near_duplicate_of_a_document_from_an_earlier_run(store: Store) -> None:
    original = RawDocument(text=news_text(7, meetings=4), id="first")
    run_ingest(store, [original])
    later = run_ingest(store, [RawDocument(text=original.text + " Updated at noon.", id="second")])
    assert later.near_duplicates == 1
    assert store.document("second")["near_dup_of"] == "first"


@pytest.mark.parametrize(
    ("text", "declared", "english"),
    [
        (news_text(3), None, True),
        ("Le président a rencontré son homologue allemand lundi à Paris pour discuter de la guerre "
         "et des sanctions contre la Russie, selon un communiqué du gouvernement.", None, False),
        ("Der Kanzler traf am Montag den französischen Präsidenten in Berlin, um über den Krieg "
         "und die Sanktionen gegen Russland zu sprechen, teilte die Regierung mit.", None, False),
        ("Russia invades Ukraine", None, True),
        ("Rusia invade Ucrania", "es", False),
        (news_text(4), "de", True),  # a wrong declaration does not hide English prose
    ],
)  # fmt: skip
def test_is_english(text: str, declared: str | None, english: bool) -> None:
    assert is_english(text, declared) is english


def test_other_languages_are_stored_but_not_coded(store: Store) -> None:
    french = RawDocument(text="Le président a rencontré son homologue allemand lundi à Paris pour discuter "
                              "de la guerre et des sanctions, selon un communiqué.", id="fr")  # fmt: skip
    summary = run_ingest(store, [french, *make_docs(2)])
    assert summary.skipped == {"skipped-language": 1}
    assert store.document("fr")["status"] == "skipped-language"
    assert run_ingest(store, [french]).already_stored == 1


def test_a_failing_article_fails_alone(store: Store) -> None:
    docs = make_docs(5)
    bad = RawDocument(text=news_text(99) + " EXPLODE", id="bad")
    summary = run_ingest(store, [*docs[:2], bad, *docs[2:]])
    assert (summary.coded, summary.failed) == (5, {"coder-error": 1})
    assert store.document("bad") is None
    assert summary.exit_code == 0
    assert run_ingest(store, [bad], strict=True).exit_code == 1


def test_reader_skips_and_clean_errors_are_counted(store: Store) -> None:
    items = [Skipped("a.bin", "binary"), RawDocument(text="   ", origin="empty.txt"),
             Skipped("x", "blocked-address"), *make_docs(1)]  # fmt: skip
    summary = run_ingest(store, items)
    assert summary.read == 4
    assert summary.skipped == {"binary": 1}
    assert summary.failed == {"input-error": 1, "blocked-address": 1}


@pytest.mark.parametrize(
    ("items", "strict", "code"),
    [
        ([], False, 1),
        ([Skipped("x", "fetch-error")], False, 1),
        ([Skipped("x", "fetch-error"), *make_docs(1)], False, 0),
        ([Skipped("x", "fetch-error"), *make_docs(1)], True, 1),
    ],
)
def test_exit_code(store: Store, items: list[RawDocument | Skipped], strict: bool, code: int) -> None:
    assert run_ingest(store, items, strict=strict).exit_code == code


def test_same_id_different_text_is_a_failure_not_a_crash(store: Store) -> None:
    run_ingest(store, [RawDocument(text=news_text(1), id="same")])
    summary = run_ingest(store, [RawDocument(text=news_text(2), id="same")])
    assert summary.failed == {"id-conflict": 1}


def test_progress_is_reported_per_commit(store: Store) -> None:
    seen: list[IngestSummary] = []
    run_ingest(store, make_docs(9), batch_size=4, progress=seen.append, commit_seconds=0)
    assert [s.coded for s in seen] == [4, 8, 9]
    assert seen[-1].events_added > 0


def test_batches_ready_together_are_committed_together(store: Store) -> None:
    seen: list[IngestSummary] = []
    commits = _count_commits(store)
    summary = run_ingest(store, make_docs(9), batch_size=4, progress=seen.append, commit_seconds=3600)
    assert [s.coded for s in seen] == [9]  # one commit, at the end
    assert commits() == 3  # the run's start, all its batches, the run's end
    assert store.counts()["documents"] == summary.coded == 9


def test_a_long_ingest_commits_as_it_goes(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = iter(range(0, 1000, 10))  # every look at the clock is 10 s after the last
    monkeypatch.setattr("eventwire.ingest.time.monotonic", lambda: next(clock))
    seen: list[IngestSummary] = []
    run_ingest(store, make_docs(9), batch_size=4, progress=seen.append, commit_seconds=5)
    assert [s.coded for s in seen] == [4, 8, 9]


def _count_commits(store: Store) -> Callable[[], int]:
    transactions, depth = 0, 0
    real = store.transaction

    @contextmanager
    def counted() -> Iterator[None]:  # the outermost transaction commits; nested ones join it
        nonlocal transactions, depth
        depth += 1
        try:
            with real():
                yield
        finally:
            depth -= 1
        transactions += depth == 0

    store.transaction = counted  # type: ignore[method-assign]
    return lambda: transactions


def test_parallel_workers_give_the_same_store(tmp_path: Path) -> None:
    docs = make_docs(20)
    tables = {}
    for workers in (1, 2):
        with Store.open(tmp_path / f"w{workers}.db") as store:
            summary = run_ingest(store, docs, workers=workers, batch_size=3)
            assert summary.coded == 20
            tables[workers] = sorted(r[0] for r in store.conn.execute("SELECT id FROM events"))
    assert tables[1] == tables[2]
    assert len(tables[1]) == expected_events(docs)



def slow_second_factory() -> FakeCoder:
    """The first worker to start loads at once, the other takes a second; both record their pid."""
    folder = Path(os.environ["EVENTWIRE_TEST_READY_DIR"])
    try:
        os.close(os.open(folder / "first", os.O_CREAT | os.O_EXCL))
    except FileExistsError:
        time.sleep(1.0)
    (folder / str(os.getpid())).touch()
    return FakeCoder()


def test_every_worker_has_loaded_its_coder_before_ingest_starts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTWIRE_TEST_READY_DIR", str(tmp_path))
    with coding_backend(slow_second_factory, 2):
        loaded = [path.name for path in tmp_path.iterdir() if path.name != "first"]
        assert len(loaded) == 2

# -- kill -9 and resume --------------------------------------------------------------------------

SCRIPT = """
import sys
sys.path.insert(0, {tests!r})
from test_ingest import make_docs, run_ingest
from eventwire.store import Store
with Store.open({db!r}) as store:
    run_ingest(store, make_docs({count}), batch_size={batch}, commit_seconds=0.1)  # a few batches to a commit
"""


def test_kill_9_mid_ingest_then_resume(tmp_path: Path) -> None:
    db, count, batch = tmp_path / "crash.db", 60, 5
    script = tmp_path / "run.py"
    script.write_text(SCRIPT.format(tests=str(TESTS), db=str(db), count=count, batch=batch))
    env = {**os.environ, "EVENTWIRE_TEST_CODER_DELAY": "0.02"}
    process = subprocess.Popen([sys.executable, str(script)], env=env)
    try:
        _wait_for_documents(db, at_least=15, process=process)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    with Store.open(db) as store:
        assert store.integrity_check() == "ok"
        committed = store.counts()["documents"]
        assert 15 <= committed < count and committed % batch == 0  # whole batches only
        assert store.counts()["events"] == expected_events(make_docs(committed))
    subprocess.run([sys.executable, str(script)], check=True, timeout=120)
    with Store.open(db) as store:
        counts = store.counts()
        assert (counts["documents"], counts["events"], counts["mentions"]) == (count, *[expected_events(make_docs(count))] * 2)
        assert [run["status"] for run in store.runs()] == ["interrupted", "completed"]
        assert store.integrity_check() == "ok"


def _wait_for_documents(db: Path, *, at_least: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if db.exists():
            try:
                with Store.open(db, readonly=True) as reader:
                    if reader.counts()["documents"] >= at_least:
                        return
            except Exception:  # noqa: BLE001 (the schema may not exist yet)
                pass
        time.sleep(0.05)
    pytest.fail(f"the ingest did not commit {at_least} documents in time (exit {process.poll()})")


# -- from a local HTTP server --------------------------------------------------------------------


class Pages(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        if self.path.startswith("/story"):
            body, status, headers = news_text(len(self.path)).encode(), 200, {"Content-Type": "text/plain"}
        elif self.path == "/to-private":
            body, status, headers = b"", 302, {"Location": "http://10.0.0.1/"}
        else:
            body, status, headers = b"no", 404, {}
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def test_ingest_urls_from_a_local_server(store: Store, server: str) -> None:
    urls = [f"http://{server}/story-1", f"http://{server}/story-22", f"http://{server}/to-private",
            f"http://{server}/missing"]  # fmt: skip
    with Fetcher(allowed_hosts=frozenset({server}), respect_robots=False, retries=0) as fetcher:
        summary = ingest(urls, store, coder_factory=fake_factory, workers=1, fetcher=fetcher, cleaner=simple_clean)
    assert summary.coded == 2
    assert summary.failed == {"blocked-address": 1, "fetch-error": 1}
    assert {row["url"] for row in store.conn.execute("SELECT url FROM documents")} == set(urls[:2])


# -- real files through the readers (skipped until eventwire.readers lands) ---------------------


def test_awkward_files_do_not_stop_an_ingest(store: Store, tmp_path: Path) -> None:
    pytest.importorskip("eventwire.readers", reason="eventwire.readers has not landed yet")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(news_text(5))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (folder / "latin1.txt").write_bytes(news_text(6).encode("utf-8") + b" caf\xe9 \xff\xfe")
    (folder / "hostile.html").write_text(
        "<html><body><script>alert('Kenya met Chile')</script>" + "<div>" * 500
        + f"<p>{news_text(8)}</p><iframe src='http://10.0.0.1/'></iframe>" + "</div>" * 500 + "</body></html>"
    )  # fmt: skip
    summary = ingest([str(folder)], store, coder_factory=fake_factory, workers=1, cleaner=simple_clean)
    assert summary.coded >= 2
    assert summary.exit_code == 0
    assert store.integrity_check() == "ok"


@pytest.mark.parametrize("truncate", [False, True])
def test_warc_files(store: Store, tmp_path: Path, truncate: bool) -> None:
    pytest.importorskip("eventwire.readers", reason="eventwire.readers has not landed yet")
    warcio = pytest.importorskip("warcio.warcwriter")
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders

    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as out:
        writer = warcio.WARCWriter(out, gzip=True)
        for i in range(3):
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.0")
            body = f"<html><body><p>{news_text(200 + i)}</p></body></html>".encode()
            writer.write_record(writer.create_warc_record(f"https://news.example/{i}", "response",
                                                          payload=BytesIO(body), length=len(body),
                                                          http_headers=headers))  # fmt: skip
    if truncate:
        path.write_bytes(path.read_bytes()[: path.stat().st_size * 2 // 3])
    summary = ingest([str(path)], store, coder_factory=fake_factory, workers=1, cleaner=simple_clean)
    if truncate:
        assert 1 <= summary.coded <= 2
        assert sum(summary.skipped.values()) + sum(summary.failed.values()) >= 1  # the broken tail is reported
    else:
        assert (summary.coded, summary.skipped, summary.failed) == (3, {}, {})
    assert store.integrity_check() == "ok"


# -- watch ---------------------------------------------------------------------------------------


class FeedEntryStub:
    def __init__(self, key: str, url: str):
        self.id, self.url, self.title, self.date, self.summary = key, url, key, None, None


class FakeFeedFetcher:
    """A fetcher whose feed grows by one entry per poll; one entry fails once, transiently."""

    def __init__(self) -> None:
        self.polls = 0
        self.fetched: list[str] = []
        self.failed_once: set[str] = set()

    def feed_entries(self, feed: str) -> list[FeedEntryStub]:
        self.polls += 1
        return [FeedEntryStub(f"e{i}", f"https://news.example/{i}") for i in range(self.polls + 1)]

    def fetch_entry(self, entry: FeedEntryStub) -> RawDocument | Skipped:
        self.fetched.append(entry.id)
        if entry.id == "e1" and entry.id not in self.failed_once:
            self.failed_once.add(entry.id)
            return Skipped(entry.url, "fetch-error", "timed out")
        return RawDocument(text=news_text(int(entry.id[1:]) + 500), id=entry.id, url=entry.url)


def test_watch_ingests_only_new_entries_and_retries_transient_failures(store: Store) -> None:
    from eventwire.ingest import watch

    fetcher = FakeFeedFetcher()
    naps: list[float] = []
    summaries = watch(["https://news.example/feed"], store, interval=30, iterations=3, coder_factory=fake_factory,
                      workers=1, fetcher=fetcher, options=IngestOptions(cleaner=simple_clean), sleep=naps.append)  # type: ignore[arg-type]  # fmt: skip
    assert fetcher.fetched == ["e0", "e1", "e1", "e2", "e3"]
    assert [s.coded for s in summaries] == [1, 2, 1]
    assert naps == [30, 30]
    assert store.seen_entries("https://news.example/feed") == {"e0", "e1", "e2", "e3"}


def test_minhash_signature_is_that_of_the_text_shingles() -> None:
    # The signature hashes each word 5-gram's UTF-8 text (stored signatures must stay comparable).
    import numpy as np

    from eventwire.dedup import MinHasher, shingles

    hasher = MinHasher()
    for text in ("Russia met Ukraine on Monday, officials said in Kyiv.", "Zürich — Ελλάδα 東京 talks", "One two",
                 "The United Nations urged Ethiopia and Kenya to resume talks over the disputed gas pipeline. " * 3):  # fmt: skip
        grams = sorted(shingles(text))
        digests = [hashlib.blake2b(g.encode("utf-8"), digest_size=4).digest() for g in grams]
        x = np.array([int.from_bytes(d, "little") for d in digests], dtype=np.uint64)[:, None]
        expected = ((x * hasher._a[None, :] + hasher._b[None, :]) >> np.uint64(32)).min(axis=0).astype(np.uint32)
        assert np.array_equal(hasher.signature(text), expected)
    assert hasher.signature("  ... ") is None
