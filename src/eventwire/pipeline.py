"""The coding pipeline: Article -> parse -> actors -> quotes -> events.

``Coder`` is the one object other stages use (ingest, eval, the CLI). It loads the model, the
knowledge base, the lexicon and the gazetteer once, then codes one article (``code``) or a
stream of them (``pipe``, batched through ``nlp.pipe``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path

import yaml
from spacy.language import Language
from spacy.tokens import Doc

from eventwire import quotes as quotes_stage
from eventwire.actors import DocumentActors, KnowledgeBase
from eventwire.clean import clean
from eventwire.coding import EventCoder
from eventwire.lexicon import default_lexicon, load_lexicon
from eventwire.model import Article, CodeResult, Event, RawDocument
from eventwire.nlp import build_pipeline, remember_text
from eventwire.places import Gazetteer
from eventwire.settings import Settings

log = logging.getLogger(__name__)


@cache
def territories() -> dict[str, str]:
    path = Path(str(resources.files("eventwire") / "data" / "territories.yaml"))
    return {str(k).lower(): str(v) for k, v in yaml.safe_load(path.read_text(encoding="utf-8")).items()}


class Coder:
    """Codes articles into events. Build once with ``Coder.load()``; reuse for many articles."""

    def __init__(self, nlp: Language, kb: KnowledgeBase, coder: EventCoder, settings: Settings):
        self.nlp = nlp
        self.kb = kb
        self.event_coder = coder
        self.settings = settings
        self.version = f"{coder.version}+kb:{kb.version}"

    @classmethod
    def load(cls, settings: Settings | None = None) -> Coder:
        settings = settings or Settings()
        kb = KnowledgeBase.load(extra_paths=tuple(Path(p) for p in settings.actors))
        lexicon = load_lexicon(settings.lexicon_path) if settings.lexicon else default_lexicon()
        nlp = build_pipeline(kb.ruler_patterns())
        coder = EventCoder(lexicon, Gazetteer.load(), territories())
        return cls(nlp, kb, coder, settings)

    def code(self, article: Article) -> CodeResult:
        return self._code_doc(self.nlp(article.text), article)

    def pipe(self, articles: Iterable[Article], batch_size: int | None = None) -> Iterator[CodeResult]:
        size = batch_size or self.settings.batch_size
        stream = ((a.text, a) for a in articles)
        for doc, article in self.nlp.pipe(stream, as_tuples=True, batch_size=size):
            yield self._code_doc(doc, article)

    def code_text(self, text: str, *, doc_date: date | None = None, doc_id: str | None = None) -> CodeResult:
        """Clean and code one plain-text document: the shortest way in."""
        return self.code(clean(RawDocument(text=text, id=doc_id, date=doc_date), today=doc_date))

    def _code_doc(self, doc: Doc, article: Article) -> CodeResult:
        remember_text(doc, article.text)  # the tokenizer is lossless: doc.text == article.text
        on = article.date or date.today()
        actors = DocumentActors(self.kb, doc, on)
        found_quotes = quotes_stage.extract_quotes(doc, doc_id=article.id, actors=actors, doc_date=on)
        events = self.event_coder.code_doc(doc, article, actors, found_quotes)
        events = [self._named(e) for e in events if e.confidence >= self.settings.min_confidence]
        mentions = tuple(actors.actors_in(0, len(article.text)))
        return CodeResult(article=article, events=tuple(events), quotes=tuple(found_quotes), mentions=mentions)

    def _named(self, event: Event) -> Event:
        """The event with every actor under its canonical name (see KnowledgeBase.canonical)."""
        source, target, said_by = (self.kb.canonical(a) for a in (event.source, event.target, event.said_by))
        if (source, target, said_by) == (event.source, event.target, event.said_by):
            return event
        return replace(event, source=source, target=target, said_by=said_by)


def code_text(text: str, doc_date: date | None = None) -> list[Event]:
    """Convenience for notebooks: ``code_text("Iran accused Israel of ...", date(2024, 4, 2))``."""
    return list(_default_coder().code_text(text, doc_date=doc_date).events)


@cache
def _default_coder() -> Coder:
    return Coder.load()
