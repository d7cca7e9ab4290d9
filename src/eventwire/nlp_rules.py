"""The English model's rule-based components, applied by table lookup: the same rules as spaCy's
``AttributeRuler`` and ``Lemmatizer``, the same results, far less work per document.

Attribute rules (the model's tag map, morph rules and lemma exceptions). spaCy's ruler runs a
``Matcher`` with every rule over each document (about 180 rules in en_core_web_sm) and then, for
each match (every token matches at least the tag-map rule of its tag), builds a ``Span`` and sets
the token's attributes from a dict: about 1.4 ms for a 140-token article, 8% of the model's time.
The rules test a token's attributes (tag, lowercase form, dependency label) for equality, set
membership or a regular expression; a few look at two tokens. So for each combination of those
values seen, the one-token rules that match, what they set, and which longer rules could start
from such a token are worked out once and looked up after that; the document's arrays are read
and written once each. Where several rules set the same attribute the later rule wins, as
spaCy's ordering of its matches makes it. Rules of any other shape (operators, other predicates)
still go through a ``Matcher``.

Lemmas. spaCy's rule lemmatizer walks the tokens in Python and, for most of them (singular nouns,
base-form verbs), decides afresh from the token's morphology that the lemma is the lowercase form,
without caching that answer. Its answer depends on the form, the part of speech and the
morphology only (the lookup mode's on the form), so it is asked once per combination.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

import numpy as np
from spacy.attrs import DEP, IDS, LEMMA, MORPH, ORTH, POS, TAG
from spacy.errors import Errors
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.strings import StringStore, get_string_id
from spacy.tokens import Doc

# Attributes a rule may test here: those ``Doc.to_array`` reads as the Matcher does
# (``get_token_attr``); string-valued ones may also be tested by regular expression.
_STRING_ATTRS = frozenset(IDS[name] for name in ("ORTH", "LOWER", "NORM", "SHAPE", "TAG", "DEP", "LEMMA"))
_TESTABLE = _STRING_ATTRS | frozenset(IDS[name] for name in ("POS", "IS_SPACE", "IS_PUNCT", "IS_ALPHA", "IS_DIGIT"))
# Attributes a rule may set here: token fields that spaCy's ``set_token_attrs`` assigns directly
# (the lexeme ignores them) and ``Doc.from_array`` assigns the same way.
_SETTABLE = frozenset((LEMMA, POS, TAG, DEP, MORPH))
# Which test to index a pattern token under: equality on the most selective attribute first.
_ANCHOR_ORDER = (IDS["ORTH"], IDS["LOWER"], IDS["NORM"], DEP, TAG, POS)
_EQUALS, _IN, _NOT_IN, _REGEX = 0, 1, 2, 3
_MEMO_LIMIT = 1 << 16  # combinations of values remembered (some tens of MB at most) before starting afresh

Test = tuple[int, int, Any]  # (attribute, kind of test, value)
Check = tuple[int, int, Any]  # the same with the attribute's column in the key instead


class TableAttributeRuler(AttributeRuler):
    """spaCy's ``AttributeRuler`` (the same patterns, serialisation and results), applied by lookup.
    Uses spaCy's own code when a rule sets anything but lemma, tag, POS, dependency or morphology."""

    _table: _RuleTable | None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._table = None

    def clear(self) -> None:
        super().clear()
        self._table = None

    def add(self, patterns: Iterable[Any], attrs: dict, index: int = 0) -> None:
        super().add(patterns, attrs, index)
        self._table = None

    def __call__(self, doc: Doc) -> Doc:
        error_handler = self.get_error_handler()
        try:
            if self._table is None:
                self._table = _RuleTable(self)
            if self._table.supported:
                self._table.apply(doc)
            else:
                self.set_annotations(doc, self.match(doc))
            return doc
        except Exception as e:  # spaCy's component contract: the pipeline's error handler decides
            return error_handler(self.name, self, [doc], e)


class _Longer(NamedTuple):
    """A pattern of several tokens, found from the token at ``anchor`` (its most selective test)."""

    rule: int
    checks: tuple[tuple[Check, ...], ...]  # one tuple of checks per pattern token
    anchor: int
    target: int  # the token the rule sets, counted from the pattern's start


class _Entry(NamedTuple):
    """What the table knows about a token with given values."""

    rules: tuple[int, ...]  # the one-token rules it matches, in order
    updates: tuple[tuple[int, int], ...]  # (column, value) those rules leave set
    longer: tuple[_Longer, ...]  # longer patterns whose anchor token it matches


class _RuleTable:
    """The ruler's rules compiled for lookup by the values of the attributes they test."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self.strings: StringStore = ruler.vocab.strings
        self.attrs: list[dict] = ruler.attrs
        self.write_attrs = sorted({attr for attrs in ruler.attrs for attr in attrs})
        self.write_column = {attr: column for column, attr in enumerate(self.write_attrs)}
        compiled: list[tuple[int, list[list[Test]]]] = []
        self.matcher = Matcher(ruler.vocab)  # for rules of shapes the table does not handle
        self.rule_of_match: dict[int, int] = {}
        self.supported = all(_SETTABLE.issuperset(attrs) for attrs in ruler.attrs)
        for rule in range(len(ruler.attrs)):
            alternatives = ruler.matcher.get(str(rule))[1]
            tests = [_pattern_tests(pattern) for pattern in alternatives]
            if all(t is not None for t in tests):
                compiled.extend((rule, t) for t in tests if t is not None)
            else:
                key = ruler.vocab.strings.add(str(rule))
                self.matcher.add(key, alternatives)
                self.rule_of_match[key] = rule
        self.indices: list[int] = ruler.indices
        tested = {attr for _, pattern in compiled for token in pattern for attr, _, _ in token}
        self.read_attrs = sorted(tested) or [TAG]
        column = {attr: i for i, attr in enumerate(self.read_attrs)}
        self.anchored: dict[tuple[int, int], list[tuple[int, tuple[Check, ...], _Longer | None]]] = {}
        self.unanchored: list[tuple[int, tuple[Check, ...], _Longer | None]] = []
        for rule, pattern in compiled:
            checks = tuple(tuple((column[attr], kind, value) for attr, kind, value in token) for token in pattern)
            target = self.indices[rule] if self.indices[rule] >= 0 else len(pattern) + self.indices[rule]
            if not 0 <= target < len(pattern):
                self.supported = False  # spaCy raises for such a rule; let it
            anchor, attr, values = _anchor(pattern)
            longer = _Longer(rule, checks, anchor, target) if len(pattern) > 1 else None
            entry = (rule, checks[anchor], longer)
            if attr is None:
                self.unanchored.append(entry)
            for value in values:
                self.anchored.setdefault((column[attr], value), []).append(entry)  # type: ignore[index]
        self.anchor_columns = sorted({c for c, _ in self.anchored})
        self.memo: dict[tuple[int, ...], _Entry] = {}

    def apply(self, doc: Doc) -> None:
        if not len(doc) or not self.write_attrs:  # nothing to read, or no rules
            return
        n = len(doc)  # to_array gives one dimension for one attribute: always ask for two
        keys = [tuple(k) for k in doc.to_array(self.read_attrs).reshape(n, -1).tolist()]
        rows = doc.to_array(self.write_attrs).reshape(n, -1).tolist()
        extra = self._matcher_rules(doc)
        memo = self.memo
        for i, key in enumerate(keys):
            entry = memo.get(key)  # inline: nearly every token is a hit, and a call costs more
            if entry is None:
                entry = self._entry(key)
            row = rows[i]
            for column, value in entry.updates:
                row[column] = value
            for longer in entry.longer:
                start = i - longer.anchor
                if self._matches_at(keys, start, longer):
                    extra.setdefault(start + longer.target, set()).add(longer.rule)
        for i, rules in extra.items():  # tokens longer patterns set: every rule again, in order
            row = rows[i]
            for column, value in self._fold(sorted(rules.union(self._entry(keys[i]).rules))):
                row[column] = value
        doc.from_array(self.write_attrs, np.array(rows, dtype=np.uint64))

    def _entry(self, key: tuple[int, ...]) -> _Entry:
        """The table's entry for a token with these values, worked out on first sight."""
        known = self.memo.get(key)
        if known is not None:
            return known
        candidates = list(self.unanchored)
        for column in self.anchor_columns:
            candidates.extend(self.anchored.get((column, key[column]), ()))
        rules, longer = set(), []
        for rule, checks, pattern in candidates:
            if self._passes(key, checks):
                if pattern is None:
                    rules.add(rule)
                else:
                    longer.append(pattern)
        ordered = tuple(sorted(rules))
        if len(self.memo) > _MEMO_LIMIT:
            self.memo.clear()
        entry = self.memo[key] = _Entry(ordered, self._fold(ordered), tuple(longer))
        return entry

    def _matches_at(self, keys: Sequence[tuple[int, ...]], start: int, longer: _Longer) -> bool:
        if start < 0 or start + len(longer.checks) > len(keys):
            return False
        others = (j for j in range(len(longer.checks)) if j != longer.anchor)
        return all(self._passes(keys[start + j], longer.checks[j]) for j in others)

    def _passes(self, key: tuple[int, ...], checks: tuple[Check, ...]) -> bool:
        for column, kind, value in checks:
            actual = key[column]
            if kind == _EQUALS:
                if actual != value:
                    return False
            elif kind == _REGEX:
                if not value.search(self.strings[actual]):
                    return False
            elif (actual in value) != (kind == _IN):
                return False
        return True

    def _fold(self, rules: Iterable[int]) -> tuple[tuple[int, int], ...]:
        """What the rules, applied in order, leave set: a later rule's value wins."""
        final: dict[int, int] = {}
        for rule in rules:
            final.update(self.attrs[rule])
        return tuple((self.write_column[attr], value) for attr, value in final.items())

    def _matcher_rules(self, doc: Doc) -> dict[int, set[int]]:
        """The rules the Matcher finds, by the token each one sets."""
        found: dict[int, set[int]] = {}
        if self.rule_of_match:
            for match_id, start, end in self.matcher(doc, allow_missing=True):
                rule = self.rule_of_match[match_id]
                found.setdefault(doc[start:end][self.indices[rule]].i, set()).add(rule)
        return found


def _pattern_tests(pattern: list[dict]) -> list[list[Test]] | None:
    """A pattern as (attribute, test, value) triples per token, compiled as the Matcher compiles
    them (strings hashed, booleans as 0 or 1, set members through ``get_string_id``); None for a
    pattern with anything else (operators, extensions, other predicates or attributes)."""
    if not pattern:
        return None
    tokens = []
    for spec in pattern:
        tests = []
        for name, value in spec.items():
            if not isinstance(name, str):
                return None
            name = "ORTH" if name.upper() == "TEXT" else name.upper()
            attr = IDS.get(name)
            if attr not in _TESTABLE:
                return None
            if isinstance(value, bool):
                tests.append((attr, _EQUALS, int(value)))
            elif isinstance(value, str):
                tests.append((attr, _EQUALS, get_string_id(value)))
            elif isinstance(value, int):
                tests.append((attr, _EQUALS, value))
            elif isinstance(value, dict):
                for operator, operand in value.items():
                    test = _predicate(attr, operator, operand)
                    if test is None:
                        return None
                    tests.append(test)
            else:
                return None
        tokens.append(tests)
    return tokens


def _predicate(attr: int, operator: object, operand: object) -> Test | None:
    operator = operator.upper() if isinstance(operator, str) else operator
    if operator in ("IN", "NOT_IN") and isinstance(operand, list) and all(isinstance(m, (str, int)) for m in operand):
        return attr, _IN if operator == "IN" else _NOT_IN, frozenset(get_string_id(m) for m in operand)
    if operator == "REGEX" and isinstance(operand, str) and attr in _STRING_ATTRS:
        return attr, _REGEX, re.compile(operand)
    return None


def _anchor(pattern: list[list[Test]]) -> tuple[int, int | None, tuple[int, ...] | frozenset[int]]:
    """The pattern token to index the pattern under, the attribute and the values: an equality on
    the most selective attribute, else a set of values; (0, None, ()) when there is neither."""

    def rank(test: Test) -> int:
        attr, kind, _ = test
        if kind == _EQUALS:
            return _ANCHOR_ORDER.index(attr) if attr in _ANCHOR_ORDER else len(_ANCHOR_ORDER)
        return len(_ANCHOR_ORDER) + 1 if kind == _IN else 1 << 8

    best = min(((rank(test), position, test) for position, token in enumerate(pattern) for test in token),
               key=lambda t: (t[0], t[1]), default=None)  # fmt: skip
    if best is None or best[0] == 1 << 8:
        return 0, None, ()
    _, position, (attr, kind, value) = best
    return position, attr, (value,) if kind == _EQUALS else value


class TableLemmatizer:
    """A rule or lookup ``Lemmatizer`` asked once per form, part of speech and morphology. Wraps the
    model's own lemmatizer (its tables, mode and overwrite setting) and sets the same lemmas."""

    MODES = ("rule", "lookup")  # whose answer depends on those three values only

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        if lemmatizer.mode not in self.MODES:
            raise ValueError(f"no table for a lemmatizer in {lemmatizer.mode!r} mode")
        self.lemmatizer = lemmatizer
        self.strings: StringStore = lemmatizer.vocab.strings
        self.memo: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        lemmatizer = self.lemmatizer
        if not lemmatizer._validated:  # as spaCy's: fail early on missing tables
            lemmatizer._validate_tables(Errors.E1004)
        error_handler = lemmatizer.get_error_handler()
        try:
            if len(doc):
                doc.from_array([LEMMA], np.array(self._lemmas(doc), dtype=np.uint64))
            return doc
        except Exception as e:  # spaCy's component contract: the pipeline's error handler decides
            return error_handler(lemmatizer.name, lemmatizer, [doc], e)

    def _lemmas(self, doc: Doc) -> list[int]:
        memo, overwrite = self.memo, self.lemmatizer.overwrite
        lemmas = []
        for i, (orth, pos, morph, lemma) in enumerate(doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()):
            if lemma and not overwrite:  # set already (by an attribute rule): kept, as spaCy keeps it
                lemmas.append(lemma)
                continue
            key = (orth, pos, morph)
            found = memo.get(key)
            if found is None:
                if len(memo) > _MEMO_LIMIT:
                    memo.clear()
                found = memo[key] = self.strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            lemmas.append(found)
        return lemmas


@Language.factory("eventwire_lemmatizer")
def make_lemmatizer(nlp, name):  # noqa: ANN001, ANN201 (see make_actor_ruler in nlp.py)
    return TableLemmatizer(nlp.get_pipe("lemmatizer"))  # the model's, which this one replaces


@Language.factory("eventwire_attribute_ruler")
def make_attribute_ruler(nlp, name):  # noqa: ANN001, ANN201 (see make_actor_ruler in nlp.py)
    return TableAttributeRuler(nlp.vocab, name)
