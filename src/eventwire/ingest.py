"""Ingest: read sources, clean, skip what is stored, not English or a near-duplicate, code the rest
in parallel, and store everything, in whole batches.

The parent process is the only writer. It reads, cleans and triages documents in order, sends
batches of articles to ``workers`` coding processes (``spawn`` context; each loads its own
``Coder`` once) and stores the batches as their results come back, in submission order, in one
transaction about every ``commit_seconds`` (each commit, with its full-text indexing, costs
about 3 ms, which one per 16-document batch made a quarter of the writer's time). A document
is committed together with its events, mentions and quotes, so ``kill -9`` at any moment loses
only uncommitted batches, and a re-run skips what is stored (content hash) and codes the rest.
The ``runs`` table records each run; one killed mid-way is marked ``interrupted`` by the next.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import re
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple, Protocol

from eventwire.dedup import Fingerprint, NearDuplicateIndex
from eventwire.errors import EventwireError, InputError
from eventwire.fetch import Fetcher
from eventwire.model import Article, CodeResult, RawDocument, Skipped
from eventwire.store import ResultRows, Store, result_rows

log = logging.getLogger(__name__)

# The most frequent English function words; news prose has 30-45% of its words among them,
# other languages a few percent (shared short words like "a", "in", "on", "die" aside).
ENGLISH_STOPWORDS = frozenset(
    """a about after against all also an and are as at be been before but by can could did do
    for from had has have he her his how i if in into is it its last may more most new no not of
    on one or other our out over said says she so than that the their them there these they this
    those to two under up was we were what when where which while who will with would you""".split()
)
ENGLISH_MIN_RATIO = 0.15
LANGUAGE_MIN_WORDS = 12  # below this, a stop-word ratio says nothing: trust the declared language
FAILURE_REASONS = frozenset({"blocked-address", "too-large", "id-conflict", "near-duplicate-of-failed"})
WORD = re.compile(r"[^\W\d_]+")


class CoderLike(Protocol):
    """What ingest needs of a coder: ``pipe`` over articles, and a ``version``."""

    version: str

    def pipe(self, articles: Iterable[Article], batch_size: int = ...) -> Iterator[CodeResult]: ...


CoderFactory = Callable[[], CoderLike]


def default_coder_factory() -> CoderLike:
    from eventwire.pipeline import Coder  # heavy (spaCy): imported only where coding happens

    return Coder.load()


@dataclass(frozen=True, slots=True)
class IngestSummary:
    """What one ingest did. ``exit_code`` is non-zero only when nothing could be ingested, or,
    with ``strict``, when anything failed."""

    run_id: str
    read: int = 0
    coded: int = 0
    already_stored: int = 0
    near_duplicates: int = 0
    events_added: int = 0
    skipped: Mapping[str, int] = field(default_factory=dict)
    failed: Mapping[str, int] = field(default_factory=dict)
    elapsed: float = 0.0
    strict: bool = False

    @property
    def documents_per_second(self) -> float:
        return self.read / self.elapsed if self.elapsed else 0.0

    @property
    def events_per_second(self) -> float:
        return self.events_added / self.elapsed if self.elapsed else 0.0

    @property
    def exit_code(self) -> int:
        failures = sum(self.failed.values())
        succeeded = self.coded + self.already_stored + self.near_duplicates + sum(self.skipped.values())
        if self.read == 0 or (failures and not succeeded) or (self.strict and failures):
            return 1
        return 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id, "read": self.read, "coded": self.coded,
            "already_stored": self.already_stored, "near_duplicates": self.near_duplicates,
            "events_added": self.events_added, "skipped": dict(self.skipped),
            "failed": dict(self.failed), "elapsed": round(self.elapsed, 3),
        }  # fmt: skip


@dataclass(slots=True)
class _Tally:
    """The running counts behind an ``IngestSummary`` (mutable, private to one run)."""

    run_id: str
    strict: bool
    started: float = field(default_factory=time.perf_counter)
    read: int = 0
    coded: int = 0
    already_stored: int = 0
    near_duplicates: int = 0
    events_added: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    failed: Counter[str] = field(default_factory=Counter)

    def snapshot(self) -> IngestSummary:
        return IngestSummary(self.run_id, self.read, self.coded, self.already_stored, self.near_duplicates,
                             self.events_added, dict(self.skipped), dict(self.failed),
                             time.perf_counter() - self.started, self.strict)  # fmt: skip

    def count_skipped(self, item: Skipped) -> None:
        target = self.failed if _is_failure(item.reason) else self.skipped
        target[item.reason] += 1


def _is_failure(reason: str) -> bool:
    return reason in FAILURE_REASONS or reason.endswith("-error")


# -- language ----------------------------------------------------------------------------------


def is_english(text: str, declared: str | None = None) -> bool:
    """Whether a text is English: by its share of English stop words, or, for a text too short
    to tell, by its declared language (undeclared counts as English)."""
    words = WORD.findall(text.lower())
    if len(words) < LANGUAGE_MIN_WORDS:
        return declared is None or declared.lower().startswith("en")
    ratio = sum(word in ENGLISH_STOPWORDS for word in words) / len(words)
    return ratio >= ENGLISH_MIN_RATIO


# -- coding backends -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CodingFailure:
    """An article the coder raised on; the rest of its batch is still coded."""

    doc_id: str
    reason: str
    detail: str


class CodedRows(NamedTuple):
    """A coded article as the rows the store inserts (``result_rows``), built where it was
    coded: a worker sends these flat tuples to the writer, not the result's object graph."""

    doc_id: str
    rows: ResultRows


Outcome = CodedRows | CodingFailure


def code_batch(coder: CoderLike, articles: list[Article]) -> list[Outcome]:
    """Code a batch; if the batch fails, code one by one so one bad article fails alone."""
    try:
        return [_as_rows(result) for result in coder.pipe(articles, batch_size=len(articles))]
    except Exception:  # noqa: BLE001 (a coder bug must not end the ingest; each article is retried)
        log.warning("a batch of %d failed; coding its articles one by one", len(articles), exc_info=True)
        return [_code_one(coder, article) for article in articles]


def _as_rows(result: CodeResult) -> CodedRows:
    return CodedRows(result.article.id, result_rows(result))


def _code_one(coder: CoderLike, article: Article) -> Outcome:
    try:
        return _as_rows(next(iter(coder.pipe([article], batch_size=1))))
    except Exception as exc:  # noqa: BLE001 (recorded as a failure with its reason)
        log.warning("coding %s failed: %s", article.id, exc)
        return CodingFailure(article.id, "coder-error", f"{type(exc).__name__}: {exc}")


class _WorkerState:
    # A spawned worker's coder, loaded once by the pool initializer (one per process).
    coder: CoderLike | None = None


def _load_coder(factory: CoderFactory) -> CoderLike:
    """Build a coder, then move everything alive (the model, the knowledge base, the lexicon:
    some 250,000 objects that live as long as the process) out of the garbage collector's
    sight (``gc.freeze``), so that its full collections no longer walk them again and again
    while documents are coded (about 1% of coding time). An in-process backend unfreezes them
    when it closes, so that a later coder does not keep this one alive."""
    coder = factory()
    gc.collect()
    gc.freeze()
    return coder


def _init_worker(factory: CoderFactory, ready: Any = None) -> None:
    _WorkerState.coder = _load_coder(factory)
    if ready is not None:
        ready.put(os.getpid())


def _code_in_worker(articles: list[Article]) -> list[Outcome]:
    assert _WorkerState.coder is not None, "the pool initializer loads the coder"
    return code_batch(_WorkerState.coder, articles)


def _worker_version() -> str:
    return str(getattr(_WorkerState.coder, "version", "unknown"))


class CodingBackend:
    """Codes batches in this process (``workers <= 1``) or in a pool of spawned processes."""

    def __init__(self, factory: CoderFactory, workers: int):
        self.workers = max(1, workers)
        self._coder: CoderLike | None = None
        self._pool: Any = None
        if self.workers == 1:
            self._coder = _load_coder(factory)
            self.version = str(getattr(self._coder, "version", "unknown"))
        else:
            context = multiprocessing.get_context("spawn")
            ready = context.Queue()
            self._pool = context.Pool(self.workers, initializer=_init_worker, initargs=(factory, ready))
            for _ in range(self.workers):  # every worker has its coder loaded before the first batch
                ready.get()
            self.version = self._pool.apply(_worker_version)

    @property
    def capacity(self) -> int:
        """Batches kept in flight: enough to keep every worker busy while the parent commits."""
        return 1 if self._pool is None else 2 * self.workers

    def submit(self, articles: list[Article]) -> Callable[[], list[Outcome]]:
        if self._pool is None:
            assert self._coder is not None
            done = code_batch(self._coder, articles)
            return lambda: done
        pending = self._pool.apply_async(_code_in_worker, (articles,))
        return pending.get  # type: ignore[no-any-return]

    def close(self, *, abort: bool = False) -> None:
        if self._pool is not None:
            (self._pool.terminate if abort else self._pool.close)()
            self._pool.join()
        if self._coder is not None:  # frozen by _load_coder: let the collector free it again
            self._coder = None
            gc.unfreeze()


@contextmanager
def coding_backend(factory: CoderFactory | None = None, workers: int | None = None) -> Iterator[CodingBackend]:
    """A backend to share across several ingests (``watch`` polls with one)."""
    backend = CodingBackend(factory or default_coder_factory, workers or os.cpu_count() or 1)
    try:
        yield backend
    except BaseException:
        backend.close(abort=True)
        raise
    backend.close()


# -- triage and batches --------------------------------------------------------------------------


@dataclass(slots=True)
class _Batch:
    to_code: list[Article] = field(default_factory=list)
    fingerprints: dict[str, Fingerprint | None] = field(default_factory=dict)
    uncoded: list[tuple[Article, str, str | None, Fingerprint | None]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.to_code) + len(self.uncoded)


class _Triage:
    """Decides, in reading order, what becomes of each document (the parent's job)."""

    def __init__(self, store: Store, tally: _Tally, cleaner: Callable[[RawDocument], Article], threshold: float):
        self.store = store
        self.tally = tally
        self.cleaner = cleaner
        self.index = NearDuplicateIndex(store, threshold=threshold)
        self.hashes: set[str] = set()  # content hashes and ids met in this run, committed or not
        self.ids: set[str] = set()

    def add(self, item: RawDocument | Skipped, batch: _Batch) -> None:
        self.tally.read += 1
        if isinstance(item, Skipped):
            self.tally.count_skipped(item)
            return
        article = self._clean(item)
        if article is None or self._is_stored(article):
            return
        self.hashes.add(article.content_hash)
        self.ids.add(article.id)
        if not is_english(article.text, article.language):
            self.tally.skipped["skipped-language"] += 1
            batch.uncoded.append((article, "skipped-language", None, None))
            return
        self._dedup(article, batch)

    def _clean(self, raw: RawDocument) -> Article | None:
        try:
            return self.cleaner(raw)
        except InputError as exc:
            self.tally.failed[_reason(exc)] += 1
            log.warning("%s", exc)
            return None

    def _is_stored(self, article: Article) -> bool:
        if article.content_hash in self.hashes or self.store.has_document(article.content_hash):
            self.tally.already_stored += 1
            return True
        stored = self.store.document(article.id)
        if stored is not None or article.id in self.ids:
            self.tally.failed["id-conflict"] += 1
            log.warning("document id %s is already used by a different text; give it its own id", article.id)
            return True
        return False

    def _dedup(self, article: Article, batch: _Batch) -> None:
        fingerprint = self.index.fingerprint(article.text)
        original = self.index.find(fingerprint) if fingerprint else None
        if original:
            self.tally.near_duplicates += 1
            batch.uncoded.append((article, "near-duplicate", original, fingerprint))
            return
        if fingerprint:
            self.index.remember(article.id, fingerprint)
        batch.to_code.append(article)
        batch.fingerprints[article.id] = fingerprint


def _reason(exc: Exception) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", type(exc).__name__).lower()


# -- the run -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IngestOptions:
    """How documents are triaged and batched (shared by ``ingest`` and ``watch``)."""

    batch_size: int = 16
    commit_seconds: float = 1.0  # store ready batches together until this long after the last commit
    strict: bool = False
    near_duplicate_threshold: float = 0.8
    today: date | None = None
    cleaner: Callable[[RawDocument], Article] | None = None
    progress: Callable[[IngestSummary], None] | None = None


def ingest(sources: Sequence[str], store: Store, *, coder_factory: CoderFactory | None = None,
           workers: int | None = None, batch_size: int = 16, jsonl: bool | None = None,
           allow_private: bool = False, strict: bool = False,
           progress: Callable[[IngestSummary], None] | None = None, fetcher: Fetcher | None = None,
           cleaner: Callable[[RawDocument], Article] | None = None, today: date | None = None) -> IngestSummary:  # fmt: skip
    """Ingest files, folders, URLs, feeds, WARC and JSONL into the store; see the module doc."""
    options = IngestOptions(batch_size=batch_size, strict=strict, today=today, cleaner=cleaner, progress=progress)
    with _fetcher(fetcher, allow_private) as client, coding_backend(coder_factory, workers) as backend:
        documents = read_documents(sources, jsonl=jsonl, fetcher=client)
        return ingest_documents(documents, store, backend=backend, sources=sources, options=options)


@contextmanager
def _fetcher(given: Fetcher | None, allow_private: bool) -> Iterator[Fetcher]:
    if given is not None:
        yield given
        return
    with Fetcher(allow_private=allow_private) as own:
        yield own


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def read_documents(sources: Sequence[str], *, jsonl: bool | None = None,
                   fetcher: Fetcher) -> Iterator[RawDocument | Skipped]:  # fmt: skip
    """Every document of every source; a source that cannot be read becomes a ``Skipped``."""
    for source in sources:
        if is_url(source):
            yield from fetcher.fetch(source)
            continue
        from eventwire.readers import read_sources  # the readers module owns every file format

        try:
            yield from read_sources([source], jsonl=jsonl)
        except EventwireError as exc:
            yield Skipped(source, _reason(exc), exc.message)


def ingest_documents(documents: Iterable[RawDocument | Skipped], store: Store, *, backend: CodingBackend,
                     sources: Sequence[str] = (), options: IngestOptions = IngestOptions()) -> IngestSummary:  # fmt: skip
    """The core of ``ingest``: triage, code and store documents already read."""
    run_id = store.start_run(sources, coder_version=backend.version, kb_version=_kb_version(backend.version))
    tally = _Tally(run_id, options.strict)
    try:
        _run(documents, store, backend, tally, options)
    except BaseException:
        store.finish_run(run_id, tally.snapshot().to_dict(), status="interrupted")
        raise
    summary = tally.snapshot()
    store.finish_run(run_id, summary.to_dict())
    log.info("ingest %s: %s", run_id, summary.to_dict())
    return summary


def _run(documents: Iterable[RawDocument | Skipped], store: Store, backend: CodingBackend, tally: _Tally,
         options: IngestOptions) -> None:  # fmt: skip
    triage = _Triage(store, tally, _cleaner(options), options.near_duplicate_threshold)
    writer = _Writer(store, triage, options)
    in_flight: deque[tuple[_Batch, Callable[[], list[Outcome]]]] = deque()
    for batch in _batches(documents, triage, options.batch_size):
        in_flight.append((batch, backend.submit(batch.to_code) if batch.to_code else list))
        while len(in_flight) >= backend.capacity:
            writer.add(*in_flight.popleft())
    while in_flight:
        writer.add(*in_flight.popleft())
    writer.commit()


def _batches(documents: Iterable[RawDocument | Skipped], triage: _Triage, size: int) -> Iterator[_Batch]:
    batch = _Batch()
    for item in documents:
        triage.add(item, batch)
        if len(batch.to_code) >= size or len(batch.uncoded) >= size:
            yield batch
            batch = _Batch()
    if len(batch):
        yield batch


class _Writer:
    """Stores batches in the order they were read, several to a transaction: a batch waits
    until ``options.commit_seconds`` have passed since the last commit (0: every batch alone)."""

    def __init__(self, store: Store, triage: _Triage, options: IngestOptions):
        self.store = store
        self.triage = triage
        self.options = options
        self.ready: list[tuple[_Batch, list[Outcome]]] = []
        self.last_commit = time.monotonic()

    def add(self, batch: _Batch, outcomes: Callable[[], list[Outcome]]) -> None:
        self.ready.append((batch, outcomes()))
        if time.monotonic() - self.last_commit >= self.options.commit_seconds:
            self.commit()

    def commit(self) -> None:
        if not self.ready:
            return
        tally = self.triage.tally
        with self.store.transaction():
            for batch, results in self.ready:
                articles = {article.id: article for article in batch.to_code}
                for outcome in results:
                    _store_outcome(self.store, outcome, articles, batch, tally)
                for article, status, original, fingerprint in batch.uncoded:
                    _store_uncoded(self.store, article, status, original, fingerprint, tally)
        for batch, _ in self.ready:  # stored now: the store finds them as near-duplicate originals
            self.triage.index.forget(list(batch.fingerprints))
        self.ready.clear()
        self.last_commit = time.monotonic()
        if self.options.progress:
            self.options.progress(tally.snapshot())


def _store_outcome(store: Store, outcome: Outcome, articles: Mapping[str, Article], batch: _Batch,
                   tally: _Tally) -> None:  # fmt: skip
    if isinstance(outcome, CodingFailure):
        tally.failed[outcome.reason] += 1
        return
    fingerprint = batch.fingerprints.get(outcome.doc_id)
    tally.events_added += store.add_rows(
        articles[outcome.doc_id], outcome.rows, run_id=tally.run_id,
        signature=fingerprint.blob if fingerprint else None, bands=fingerprint.bands if fingerprint else (),
    )  # fmt: skip
    tally.coded += 1


def _store_uncoded(store: Store, article: Article, status: str, original: str | None,
                   fingerprint: Fingerprint | None, tally: _Tally) -> None:  # fmt: skip
    if original and store.document(original) is None:
        # The original failed to code, so it is not stored: nothing to link to. A re-run codes this one.
        tally.near_duplicates -= 1
        tally.failed["near-duplicate-of-failed"] += 1
        return
    store.add_skipped(article, run_id=tally.run_id, reason=status, near_dup_of=original,
                      signature=fingerprint.blob if fingerprint else None,
                      bands=fingerprint.bands if fingerprint else ())  # fmt: skip


def _cleaner(options: IngestOptions) -> Callable[[RawDocument], Article]:
    if options.cleaner is not None:
        return options.cleaner
    from eventwire.clean import clean

    return lambda raw: clean(raw, today=options.today)


def _kb_version(coder_version: str) -> str | None:
    _, marker, version = coder_version.partition("+kb:")
    return version if marker else None


# -- watch ---------------------------------------------------------------------------------------


def watch(feeds: Sequence[str], store: Store, *, interval: float, iterations: int | None = None,
          coder_factory: CoderFactory | None = None, workers: int | None = None,
          allow_private: bool = False, fetcher: Fetcher | None = None, options: IngestOptions = IngestOptions(),
          sleep: Callable[[float], None] = time.sleep) -> list[IngestSummary]:  # fmt: skip
    """Poll feeds every ``interval`` seconds (``iterations`` times, or forever) and ingest only
    entries not seen before; return one summary per feed per poll."""
    summaries: list[IngestSummary] = []
    with _fetcher(fetcher, allow_private) as client, coding_backend(coder_factory, workers) as backend:
        poll = 0
        while iterations is None or poll < iterations:
            if poll:
                sleep(interval)
            summaries += [poll_feed(feed, store, client, backend, options) for feed in feeds]
            poll += 1
    return summaries


def poll_feed(feed: str, store: Store, fetcher: Fetcher, backend: CodingBackend,
              options: IngestOptions = IngestOptions()) -> IngestSummary:  # fmt: skip
    """Ingest the entries of one feed not seen before; remember them unless fetching failed."""
    try:
        entries = fetcher.feed_entries(feed)
    except (EventwireError, OSError) as exc:
        log.warning("cannot poll %s: %s", feed, exc)
        entries = []
    seen = store.seen_entries(feed)
    fresh = [entry for entry in entries if _entry_key(entry) not in seen]
    retry: set[str] = set()
    summary = ingest_documents(_fetch_entries(fresh, fetcher, retry), store, backend=backend,
                               sources=[feed], options=options)  # fmt: skip
    store.mark_seen(feed, [key for key in map(_entry_key, fresh) if key not in retry])
    return summary


def _fetch_entries(entries: Sequence[Any], fetcher: Fetcher, retry: set[str]) -> Iterator[RawDocument | Skipped]:
    for entry in entries:
        document = fetcher.fetch_entry(entry)
        if isinstance(document, Skipped) and document.reason == "fetch-error":
            retry.add(_entry_key(entry))  # a transient failure: try again at the next poll
        yield document


def _entry_key(entry: Any) -> str:
    return str(getattr(entry, "id", None) or getattr(entry, "url", None) or getattr(entry, "title", ""))
