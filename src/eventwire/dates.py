"""Resolve the date expressions of an event's clause against the document date and the tense.

News rarely gives full dates: "on Sunday", "January 10-11", "last month", "two days ago". What
such an expression means depends on when the article was written and on whether the clause
talks about the past or the future ("talks will be held on Sunday" vs "they met on Sunday").

Rules (each one a choice, kept here so callers and tests can rely on it):

- Precision follows the expression: a day gives ``2022-01-02``, a month ``2022-01``, a year ``2014``.
- Expressions without a year (``January 12``, ``in March``) take the year that puts them nearest
  the document date *in the clause's direction*: future -> on or after it, past -> on or before
  it, present -> nearest either way. A range counts as "on or after" when its end is.
- A bare weekday in a future clause is the next such day *after* the document date (said on a
  Friday, "on Friday" means a week later); in a past clause the most recent such day on or
  before it (the document date itself on that weekday); in a present clause the nearest one.
  "next Friday" is always the first Friday after the document date, "last Friday" the last
  one before it.
- Weeks resolve to a Monday-Sunday range at day precision ("next week" said on Friday
  2021-12-31 -> 2022-01-03 .. 2022-01-09). "this week" in a past clause is filler ("earlier this
  week") and resolves to nothing; months and years resolve at their own precision.
- Words that fix the direction ("tomorrow", "next month", "two days ago") win over the tense.
- Anything that is not wholly a date expression resolves to None: durations ("for years",
  "50-minute", "nearly eight years"), vague words ("recently"), decades, seasons.

``find_dates`` is a regex finder for the common forms, for when the parser misses a date.
"""

from __future__ import annotations

import calendar
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Literal

from eventwire.model import DateBasis, EventDate

__all__ = ["Tense", "find_dates", "resolve_date"]

logger = logging.getLogger(__name__)

Tense = Literal["past", "present", "future"]
Interval = tuple[date, date]

MONTHS: dict[str, int] = {
    name: number
    for number in range(1, 13)
    for name in {calendar.month_name[number].lower(), calendar.month_abbr[number].lower()}
} | {"sept": 9}
WEEKDAYS: dict[str, int] = {calendar.day_name[number].lower(): number for number in range(7)}
NUMBER_WORDS: dict[str, int] = {
    word: number
    for number, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve".split()
    )
} | {"a": 1, "an": 1}

TIME_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night))?"
MONTH_RE = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")"
WEEKDAY_RE = r"(?:" + "|".join(WEEKDAYS) + r")"
DAY_RE = r"[0-3]?\d"
YEAR_RE = r"1[5-9]\d\d|2[01]\d\d"
RANGE_SEP = r"\s*(?:-|to|through|until|till|and)\s*"
COUNT_RE = r"\d{1,3}|" + "|".join(NUMBER_WORDS)
UNIT_RE = r"day|week|month|year"
# Words that introduce a date but carry no meaning of their own for resolving it; "in" stays
# when it makes a count an offset ("in two days").
LEADING_WORDS = re.compile(
    rf"^(?:(?:from|on|in(?! (?:{COUNT_RE}) (?:{UNIT_RE}))|by|since|until|till|at|during|between|as of|the)\s+)+"
)
EARLY_LATE = re.compile(rf"^(?:early|late|earlier|later)\s+(?=(?:on\s+)?(?:(?:next|last|this|coming)\s+)?{WEEKDAY_RE}\b)")
# Qualifiers that fix the direction whatever the clause's tense.
DIRECTIONS: dict[str, Tense] = {"next": "future", "coming": "future", "last": "past", "past": "past", "previous": "past"}


@dataclass(frozen=True, slots=True)
class Context:
    doc_date: date
    tense: Tense


@dataclass(frozen=True, slots=True)
class Resolved:
    """An interval at a precision, before it becomes an EventDate."""

    start: date
    end: date
    precision: Literal["day", "month", "year"]
    is_range: bool = False

    def iso(self, day: date) -> str:
        if self.precision == "year":
            return f"{day.year:04d}"
        if self.precision == "month":
            return f"{day.year:04d}-{day.month:02d}"
        return day.isoformat()

    def to_event_date(self, text: str) -> EventDate:
        end = self.iso(self.end) if self.is_range else None
        return EventDate(value=self.iso(self.start), end=end, basis=DateBasis.TEXT, text=text)


# -- public API ---------------------------------------------------------------------------------


def resolve_date(expression: str, doc_date: date, tense: Tense = "past") -> EventDate | None:
    """The date ``expression`` denotes in a ``tense`` clause of a document dated ``doc_date``."""
    context = Context(doc_date, tense)
    normalised = normalise(expression)
    resolved = _resolve_normalised(normalised, context)
    if resolved is None:
        resolved = _resolve_with_weekday(normalised, context)
    if resolved is None:
        logger.debug("no date for %r (doc %s, %s)", expression, doc_date, tense)
        return None
    return resolved.to_event_date(expression)


def find_dates(text: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of date expressions in ``text``, longest first where they overlap."""
    found: list[tuple[int, int, str]] = []
    for match in FINDER.finditer(text):
        start, end = match.span()
        found.append((start, end, text[start:end]))
    return found


@lru_cache(maxsize=8192)  # the same few expressions ("on Monday", "last week") recur in every story
def normalise(expression: str) -> str:
    """Lowercase, one spelling of dashes and spaces, no ordinals, commas or abbreviation dots."""
    text = expression.lower().strip()
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    text = re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", text)
    text = re.sub(rf"\b({MONTH_RE})\.", r"\1", text)
    text = re.sub(r"[,.;:!?()\"']", " ", text)
    text = re.sub(r"\s*-\s*", "-", text)
    text = re.sub(r"\s+", " ", text).strip()
    text = EARLY_LATE.sub("", text)  # "early on Wednesday": the day, whatever the hour
    return LEADING_WORDS.sub("", text)


def _resolve_with_weekday(text: str, context: Context) -> Resolved | None:
    """"Sunday, January 2": the weekday picks the year when the month-day has none."""
    match = re.match(rf"(?P<wd>{WEEKDAY_RE}) (?=\d|{MONTH_RE}\b)", text)
    if match is None:
        return None
    rest = text[match.end():]
    tenses: list[Tense] = [context.tense, "present", "future", "past"]
    options = [_resolve_normalised(rest, Context(context.doc_date, tense)) for tense in tenses]
    found = [option for option in options if option is not None]
    agreeing = [option for option in found if option.start.weekday() == WEEKDAYS[match["wd"]]]
    best = agreeing or found
    return best[0] if best else None


def _resolve_normalised(text: str, context: Context) -> Resolved | None:
    rule = _rule_for(text)
    return rule[0](rule[1], context) if rule is not None else None


@lru_cache(maxsize=8192)
def _rule_for(text: str) -> tuple[Handler, re.Match[str]] | None:
    """The first rule whose pattern matches all of ``text``, with its match: which rule applies
    depends on the words alone, so it is found once per expression, not once per document."""
    for pattern, handler in RULES:
        match = pattern.fullmatch(text)
        if match:
            return handler, match
    return None


# -- choosing among candidate intervals by tense ------------------------------------------------


def pick(candidates: list[Interval], context: Context) -> Interval | None:
    """The candidate nearest the document date in the clause's direction."""
    doc = context.doc_date
    if context.tense == "future":
        ahead = [c for c in candidates if c[1] >= doc]
        return min(ahead, default=None)
    if context.tense == "past":
        behind = [c for c in candidates if c[0] <= doc]
        return max(behind, default=None)
    return min(candidates, key=lambda c: (distance(c, doc), c), default=None)


def distance(interval: Interval, day: date) -> int:
    start, end = interval
    if start <= day <= end:
        return 0
    return min(abs((start - day).days), abs((end - day).days))


def safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def nearby_years(context: Context) -> range:
    # Four years either way reaches a 29 February from any document date.
    return range(context.doc_date.year - 4, context.doc_date.year + 5)


# -- month-day dates and ranges -----------------------------------------------------------------


def month_day_interval(
    start_year: int, start: tuple[int, int], end: tuple[int, int], end_year: int | None = None
) -> Interval | None:
    """(month, day) .. (month, day) starting in ``start_year``; the end rolls into the next year
    when it falls before the start (December 30 - January 2)."""
    first = safe_date(start_year, *start)
    if first is None:
        return None
    year = end_year if end_year is not None else start_year
    last = safe_date(year, *end)
    if last is not None and last < first and end_year is None:
        last = safe_date(year + 1, *end)
    if last is None or last < first:
        return None
    return first, last


def month_day_range(
    start: tuple[int, int], end: tuple[int, int], years: tuple[int | None, int | None], context: Context
) -> Resolved | None:
    start_year, end_year = years
    if start_year is None and end_year is not None:
        # "December 30 to January 2, 2022": the year written belongs to the end.
        start_year = end_year if start <= end else end_year - 1
    if start_year is not None:
        interval = month_day_interval(start_year, start, end, end_year)
    else:
        options = [month_day_interval(year, start, end) for year in nearby_years(context)]
        interval = pick([option for option in options if option], context)
    if interval is None:
        return None
    return Resolved(interval[0], interval[1], "day", is_range=interval[0] != interval[1])


def _year(text: str | None) -> int | None:
    return int(text) if text else None


def on_month_day(match: re.Match[str], context: Context) -> Resolved | None:
    month, day = MONTHS[match["m"]], int(match["d"])
    year = _year(match["y"])
    return month_day_range((month, day), (month, day), (year, year), context)


def on_same_month_range(match: re.Match[str], context: Context) -> Resolved | None:
    month = MONTHS[match["m"]]
    year = _year(match["y"])
    return month_day_range((month, int(match["d1"])), (month, int(match["d2"])), (year, year), context)


def on_cross_month_range(match: re.Match[str], context: Context) -> Resolved | None:
    start = (MONTHS[match["m1"]], int(match["d1"]))
    end = (MONTHS[match["m2"]], int(match["d2"]))
    return month_day_range(start, end, (_year(match["y1"]), _year(match["y2"])), context)


def on_iso_date(match: re.Match[str], context: Context) -> Resolved | None:
    day = safe_date(int(match["y"]), int(match["mo"]), int(match["d"]))
    return Resolved(day, day, "day") if day else None


# -- months and years ---------------------------------------------------------------------------


def month_interval(year: int, month: int) -> Interval:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def on_month(match: re.Match[str], context: Context) -> Resolved | None:
    month = MONTHS[match["m"]]
    year = _year(match["y"])
    direction = DIRECTIONS.get(match["q"] or "")
    if year is None:
        candidates = [month_interval(y, month) for y in nearby_years(context)]
        if direction:
            # "next March" / "last March" never means the month the document is in.
            candidates = [c for c in candidates if not c[0] <= context.doc_date <= c[1]]
        chosen = pick(candidates, Context(context.doc_date, direction or context.tense))
        if chosen is None:
            return None
        year = chosen[0].year
    start, end = month_interval(year, month)
    return Resolved(start, end, "month")


def on_year(match: re.Match[str], context: Context) -> Resolved:
    year = int(match["y"])
    return Resolved(date(year, 1, 1), date(year, 12, 31), "year")


def on_year_range(match: re.Match[str], context: Context) -> Resolved | None:
    first, last = int(match["y1"]), int(match["y2"])
    if last < first:
        return None
    return Resolved(date(first, 1, 1), date(last, 12, 31), "year", is_range=True)


# -- words relative to the document date --------------------------------------------------------


RELATIVE_DAYS: dict[str, int] = {
    "today": 0,
    "tonight": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "yesterday": -1,
    "last night": -1,
    "yesterday morning": -1,
    "yesterday afternoon": -1,
    "yesterday evening": -1,
    "the day before yesterday": -2,
    "day before yesterday": -2,
    "tomorrow": 1,
    "tomorrow morning": 1,
    "tomorrow afternoon": 1,
    "tomorrow evening": 1,
    "tomorrow night": 1,
    "the day after tomorrow": 2,
    "day after tomorrow": 2,
}


def on_relative_day(match: re.Match[str], context: Context) -> Resolved:
    day = context.doc_date + timedelta(days=RELATIVE_DAYS[match[0]])
    return Resolved(day, day, "day")


def count(text: str) -> int:
    return int(text) if text.isdigit() else NUMBER_WORDS[text]


def shift_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def offset(context: Context, amount: int, unit: str) -> Resolved:
    """The day, month or year ``amount`` units from the document date."""
    doc = context.doc_date
    if unit in {"day", "week"}:
        day = doc + timedelta(days=amount * (7 if unit == "week" else 1))
        return Resolved(day, day, "day")
    if unit == "month":
        first = shift_months(doc, amount)
        return Resolved(*month_interval(first.year, first.month), "month")
    year = doc.year + amount
    return Resolved(date(year, 1, 1), date(year, 12, 31), "year")


def on_part_of_unit(match: re.Match[str], context: Context) -> Resolved:
    """ "by the end of the year", "at the start of the month": the current year's or month's
    part, told at month precision (the end of a year is its December)."""
    doc = context.doc_date
    if match["unit"] == "month":
        return Resolved(*month_interval(doc.year, doc.month), "month")
    month = {"end": 12, "beginning": 1, "start": 1}.get(match["part"])
    if month is None:  # the middle of the year: the year itself
        return Resolved(date(doc.year, 1, 1), date(doc.year, 12, 31), "year")
    return Resolved(*month_interval(doc.year, month), "month")


def on_ago(match: re.Match[str], context: Context) -> Resolved:
    return offset(context, -count(match["n"]), match["unit"])


def on_in_count(match: re.Match[str], context: Context) -> Resolved:
    return offset(context, count(match["n"]), match["unit"])


def week_interval(day: date) -> Interval:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def on_relative_unit(match: re.Match[str], context: Context) -> Resolved | None:
    """next/last/this week, weekend, month or year."""
    step = {"next": 1, "coming": 1, "last": -1, "previous": -1}.get(match["q"], 0)
    unit = match["unit"]
    if unit == "week":
        if step == 0 and context.tense == "past":
            return None
        start, end = week_interval(context.doc_date + timedelta(weeks=step))
        return Resolved(start, end, "day", is_range=True)
    if unit == "weekend":
        return weekend(context, step)
    return offset(context, step, unit)


def weekend(context: Context, step: int) -> Resolved:
    """The Saturday-Sunday of this, next or last week; "this weekend" looks ahead unless past."""
    monday, _ = week_interval(context.doc_date)
    saturday = monday + timedelta(days=5)
    if step == 0 and context.tense == "past" and context.doc_date < saturday:
        step = -1
    saturday += timedelta(weeks=step)
    return Resolved(saturday, saturday + timedelta(days=1), "day", is_range=True)


def on_weekend(match: re.Match[str], context: Context) -> Resolved:
    return weekend(context, 0)


def on_weekday(match: re.Match[str], context: Context) -> Resolved:
    target = WEEKDAYS[match["wd"]]
    directed = DIRECTIONS.get(match["q"] or "")
    tense = directed or context.tense
    ahead = (target - context.doc_date.weekday()) % 7
    if tense == "future":
        delta = ahead or 7
    elif tense == "past":
        # "last Friday" said on a Friday is a week ago; a bare "Friday" in a past clause is today.
        delta = (ahead - 7) if ahead else (-7 if directed else 0)
    else:
        delta = ahead if ahead <= 3 else ahead - 7
    day = context.doc_date + timedelta(days=delta)
    return Resolved(day, day, "day")


# -- the rules, tried in order on the normalised expression ------------------------------------

Handler = Callable[[re.Match[str], Context], Resolved | None]
QUALIFIER = r"(?:(?P<q>next|last|this|coming|past|previous)\s+)?"
PART_OF = r"(?:(?:early|mid|late|the end of|end of|the beginning of|beginning of|the start of|start of|the middle of|middle of)[- ])?"


def _rule(pattern: str, handler: Handler) -> tuple[re.Pattern[str], Handler]:
    return re.compile(pattern), handler


RULES: tuple[tuple[re.Pattern[str], Handler], ...] = (
    _rule(rf"(?P<m>{MONTH_RE}) (?P<d1>{DAY_RE}){RANGE_SEP}(?P<d2>{DAY_RE})(?: (?P<y>{YEAR_RE}))?", on_same_month_range),
    _rule(rf"(?P<d1>{DAY_RE}){RANGE_SEP}(?P<d2>{DAY_RE}) (?:of )?(?P<m>{MONTH_RE})(?: (?P<y>{YEAR_RE}))?", on_same_month_range),
    _rule(
        rf"(?P<m1>{MONTH_RE}) (?P<d1>{DAY_RE})(?: (?P<y1>{YEAR_RE}))?{RANGE_SEP}"
        rf"(?P<m2>{MONTH_RE}) (?P<d2>{DAY_RE})(?: (?P<y2>{YEAR_RE}))?",
        on_cross_month_range,
    ),
    _rule(
        rf"(?P<d1>{DAY_RE}) (?P<m1>{MONTH_RE})(?: (?P<y1>{YEAR_RE}))?{RANGE_SEP}"
        rf"(?P<d2>{DAY_RE}) (?P<m2>{MONTH_RE})(?: (?P<y2>{YEAR_RE}))?",
        on_cross_month_range,
    ),
    _rule(rf"(?P<m>{MONTH_RE}) (?P<d>{DAY_RE})(?: (?P<y>{YEAR_RE}))?{TIME_OF_DAY}", on_month_day),
    _rule(rf"(?P<d>{DAY_RE}) (?:of )?(?P<m>{MONTH_RE})(?: (?P<y>{YEAR_RE}))?", on_month_day),
    _rule(r"(?P<y>\d{4})-(?P<mo>\d\d)-(?P<d>\d\d)", on_iso_date),
    _rule(rf"{QUALIFIER}{PART_OF}(?P<m>{MONTH_RE})(?: (?:of )?(?P<y>{YEAR_RE}))?", on_month),
    _rule(rf"(?P<y1>{YEAR_RE}){RANGE_SEP}(?P<y2>{YEAR_RE})", on_year_range),
    _rule(rf"(?:the year )?{PART_OF}(?P<y>{YEAR_RE})", on_year),
    _rule("|".join(sorted(RELATIVE_DAYS, key=len, reverse=True)), on_relative_day),
    _rule(r"(?:the )?(?P<part>end|beginning|start|middle) of (?:the|this) (?P<unit>year|month)", on_part_of_unit),
    _rule(rf"(?P<n>{COUNT_RE}) (?P<unit>{UNIT_RE})s? ago", on_ago),
    _rule(rf"(?:in|within the next|over the next) (?P<n>{COUNT_RE}) (?P<unit>{UNIT_RE})s?(?: time)?", on_in_count),
    _rule(rf"(?:(?:earlier|later) )?(?P<q>next|last|this|coming|previous) (?P<unit>week|weekend|month|year)", on_relative_unit),
    _rule(rf"{QUALIFIER}(?P<wd>{WEEKDAY_RE}){TIME_OF_DAY}", on_weekday),
    _rule(r"weekend", on_weekend),
)

# -- the finder ---------------------------------------------------------------------------------

_F_MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?"
    r"|Sep(?:t(?:ember|\.)?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_F_DAY = r"[0-3]?\d(?:st|nd|rd|th)?"
_F_YEAR = r"(?:1[89]\d\d|20\d\d)"
_F_SEP = r"\s*(?:-|\u2013|\u2014|to|through|and)\s*"
_F_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_F_MONTH_DAY = rf"{_F_MONTH}\s+{_F_DAY}(?:,?\s+{_F_YEAR})?"
_F_DAY_MONTH = rf"{_F_DAY}\s+(?:of\s+)?{_F_MONTH}(?:,?\s+{_F_YEAR})?"
# Every form starts at the beginning of a word, with a digit or one of these letters (the first
# letters of the month and weekday names, of the qualifiers, prepositions and relative words, and
# of the case-insensitive counts and units); saying so first spares the engine trying each of the
# alternatives inside words and at every space and punctuation mark (the finder runs on every
# sentence).
_F_FIRST_CHARS = "0-9A-FIJLMNOSTWYZabcefilmnostyz"
FINDER = re.compile(
    rf"\b(?=[{_F_FIRST_CHARS}])(?:"
    + "|".join(
        [
            rf"\b{_F_MONTH}\s+{_F_DAY}{_F_SEP}(?:{_F_MONTH}\s+)?{_F_DAY}(?:,?\s+{_F_YEAR})?\b",
            rf"\b{_F_DAY}{_F_SEP}{_F_DAY_MONTH}\b",
            rf"\b(?:{_F_WEEKDAY},?\s+)?{_F_MONTH_DAY}\b",
            rf"\b{_F_DAY_MONTH}\b",
            r"\b\d{4}-\d\d-\d\d\b",
            rf"\b(?:(?:[Nn]ext|[Ll]ast|[Tt]his|[Cc]oming)\s+)?{_F_WEEKDAY}\b",
            rf"(?:\b(?:[Ii]n|[Ss]ince|[Bb]y|[Ee]arly|[Ll]ate)\s+|\b[Mm]id-?){_F_MONTH}(?:\s+{_F_YEAR})?\b(?!\s*\d)",
            rf"\b{_F_MONTH}\s+{_F_YEAR}\b",
            r"\b(?:[Tt]he day (?:before yesterday|after tomorrow)|[Yy]esterday|[Tt]omorrow|[Tt]onight|[Ll]ast night)\b",
            rf"\b(?i:(?:{COUNT_RE})\s+(?:{UNIT_RE})s?\s+ago|in\s+(?:{COUNT_RE})\s+(?:{UNIT_RE})s?)\b",
            r"\b(?i:(?:next|last|this|coming)\s+(?:week|weekend|month|year))\b",
            rf"(?:\b(?:[Ii]n|[Ss]ince|[Bb]y|[Ee]arly|[Ll]ate)\s+|\b[Mm]id-?){_F_YEAR}\b(?!-\w)",
        ]
    )
    + ")"
)
