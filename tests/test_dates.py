"""Date resolution against the document date and the clause's tense."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventwire.dates import find_dates, resolve_date
from eventwire.model import DateBasis

NEW_YEARS_EVE = date(2021, 12, 31)  # a Friday
MIDSUMMER = date(2023, 6, 21)  # a Wednesday

CASES = [
    # expression, document date, tense, value, end
    ("Sunday", NEW_YEARS_EVE, "future", "2022-01-02", None),
    ("on Sunday", NEW_YEARS_EVE, "future", "2022-01-02", None),
    ("Friday", NEW_YEARS_EVE, "past", "2021-12-31", None),
    ("on Friday", NEW_YEARS_EVE, "future", "2022-01-07", None),
    ("Friday night", NEW_YEARS_EVE, "past", "2021-12-31", None),
    ("early on Tuesday", NEW_YEARS_EVE, "past", "2021-12-28", None),
    ("late Friday", NEW_YEARS_EVE, "past", "2021-12-31", None),
    ("Tuesday", NEW_YEARS_EVE, "present", "2021-12-28", None),
    ("Monday", NEW_YEARS_EVE, "present", "2022-01-03", None),
    ("Saturday, January 2", NEW_YEARS_EVE, "future", "2021-01-02", None),
    ("Sunday January 2nd", NEW_YEARS_EVE, "past", "2022-01-02", None),
    ("next Tuesday", NEW_YEARS_EVE, "past", "2022-01-04", None),
    ("last Friday", NEW_YEARS_EVE, "past", "2021-12-24", None),
    ("last Monday", NEW_YEARS_EVE, "future", "2021-12-27", None),
    ("this Friday", NEW_YEARS_EVE, "past", "2021-12-31", None),
    ("Sunday, January 2", NEW_YEARS_EVE, "past", "2022-01-02", None),
    # month-day ranges and the year boundary
    ("January 10-11", NEW_YEARS_EVE, "future", "2022-01-10", "2022-01-11"),
    ("from January 10-11", NEW_YEARS_EVE, "future", "2022-01-10", "2022-01-11"),
    ("January 10\u201311", NEW_YEARS_EVE, "future", "2022-01-10", "2022-01-11"),
    ("10 to 11 January", NEW_YEARS_EVE, "future", "2022-01-10", "2022-01-11"),
    ("between January 10 and 12", NEW_YEARS_EVE, "future", "2022-01-10", "2022-01-12"),
    ("January 10-11", NEW_YEARS_EVE, "past", "2021-01-10", "2021-01-11"),
    ("Jan. 10-11, 2023", NEW_YEARS_EVE, "past", "2023-01-10", "2023-01-11"),
    ("December 30 - January 2", NEW_YEARS_EVE, "future", "2021-12-30", "2022-01-02"),
    ("December 28 to January 3", date(2022, 1, 5), "past", "2021-12-28", "2022-01-03"),
    ("December 30 to January 2, 2022", NEW_YEARS_EVE, "past", "2021-12-30", "2022-01-02"),
    ("30 December to 2 January", date(2021, 6, 1), "future", "2021-12-30", "2022-01-02"),
    ("June 30 - July 2", MIDSUMMER, "future", "2023-06-30", "2023-07-02"),
    # month-day
    ("January 12", NEW_YEARS_EVE, "future", "2022-01-12", None),
    ("January 12th", NEW_YEARS_EVE, "future", "2022-01-12", None),
    ("January 12", NEW_YEARS_EVE, "past", "2021-01-12", None),
    ("January 12", NEW_YEARS_EVE, "present", "2022-01-12", None),
    ("December 31", NEW_YEARS_EVE, "future", "2021-12-31", None),
    ("Dec. 3", NEW_YEARS_EVE, "past", "2021-12-03", None),
    ("Dec. 3", NEW_YEARS_EVE, "future", "2022-12-03", None),
    ("December 3, 2021", NEW_YEARS_EVE, "future", "2021-12-03", None),
    ("3 December 2019", NEW_YEARS_EVE, "past", "2019-12-03", None),
    ("the 12th of January", NEW_YEARS_EVE, "future", "2022-01-12", None),
    ("Feb 29", NEW_YEARS_EVE, "past", "2020-02-29", None),
    ("Feb 29", NEW_YEARS_EVE, "future", "2024-02-29", None),
    ("February 30", NEW_YEARS_EVE, "past", None, None),
    ("2022-01-05", NEW_YEARS_EVE, "past", "2022-01-05", None),
    # months and years
    ("in March", NEW_YEARS_EVE, "past", "2021-03", None),
    ("in March", NEW_YEARS_EVE, "future", "2022-03", None),
    ("in June", MIDSUMMER, "future", "2023-06", None),
    ("in June", MIDSUMMER, "past", "2023-06", None),
    ("March 2022", NEW_YEARS_EVE, "past", "2022-03", None),
    ("mid-January", NEW_YEARS_EVE, "future", "2022-01", None),
    ("next March", date(2022, 3, 10), "future", "2023-03", None),
    ("last March", date(2022, 3, 10), "past", "2021-03", None),
    ("2014", NEW_YEARS_EVE, "past", "2014", None),
    ("in 2014", NEW_YEARS_EVE, "future", "2014", None),
    ("mid-2023", NEW_YEARS_EVE, "future", "2023", None),
    ("early 2022", NEW_YEARS_EVE, "future", "2022", None),
    ("2014-2016", NEW_YEARS_EVE, "past", "2014", "2016"),
    ("from 2014 to 2016", NEW_YEARS_EVE, "past", "2014", "2016"),
    # relative to the document date
    ("yesterday", NEW_YEARS_EVE, "past", "2021-12-30", None),
    ("tomorrow", NEW_YEARS_EVE, "future", "2022-01-01", None),
    ("tomorrow", NEW_YEARS_EVE, "past", "2022-01-01", None),
    ("today", NEW_YEARS_EVE, "present", "2021-12-31", None),
    ("tonight", NEW_YEARS_EVE, "future", "2021-12-31", None),
    ("last night", NEW_YEARS_EVE, "past", "2021-12-30", None),
    ("the day before yesterday", NEW_YEARS_EVE, "past", "2021-12-29", None),
    ("two days ago", NEW_YEARS_EVE, "past", "2021-12-29", None),
    ("3 weeks ago", NEW_YEARS_EVE, "past", "2021-12-10", None),
    ("a year ago", NEW_YEARS_EVE, "past", "2020", None),
    ("two months ago", date(2022, 1, 15), "past", "2021-11", None),
    ("in two days", NEW_YEARS_EVE, "future", "2022-01-02", None),
    ("next week", NEW_YEARS_EVE, "future", "2022-01-03", "2022-01-09"),
    ("last week", NEW_YEARS_EVE, "past", "2021-12-20", "2021-12-26"),
    ("this week", NEW_YEARS_EVE, "future", "2021-12-27", "2022-01-02"),
    ("this week", NEW_YEARS_EVE, "past", None, None),
    ("earlier this week", NEW_YEARS_EVE, "past", None, None),
    ("this weekend", NEW_YEARS_EVE, "future", "2022-01-01", "2022-01-02"),
    ("last month", NEW_YEARS_EVE, "past", "2021-11", None),
    ("next month", NEW_YEARS_EVE, "future", "2022-01", None),
    ("earlier this month", NEW_YEARS_EVE, "past", "2021-12", None),
    ("next year", NEW_YEARS_EVE, "future", "2022", None),
    ("by the end of the year", MIDSUMMER, "future", "2023-12", None),
    ("the beginning of this year", MIDSUMMER, "past", "2023-01", None),
    ("the end of the month", MIDSUMMER, "past", "2023-06", None),
    ("last year", NEW_YEARS_EVE, "past", "2020", None),
    # vague expressions and durations resolve to nothing
    ("recently", NEW_YEARS_EVE, "past", None, None),
    ("for years", NEW_YEARS_EVE, "past", None, None),
    ("nearly eight years", NEW_YEARS_EVE, "past", None, None),
    ("50-minute", NEW_YEARS_EVE, "past", None, None),
    ("two days", NEW_YEARS_EVE, "past", None, None),
    ("the 1990s", NEW_YEARS_EVE, "past", None, None),
    ("this summer", NEW_YEARS_EVE, "future", None, None),
    ("the past decade", NEW_YEARS_EVE, "past", None, None),
    ("", NEW_YEARS_EVE, "past", None, None),
]


@pytest.mark.parametrize(("expression", "doc_date", "tense", "value", "end"), CASES)
def test_resolve_date(expression: str, doc_date: date, tense: str, value: str | None, end: str | None) -> None:
    resolved = resolve_date(expression, doc_date, tense)  # type: ignore[arg-type]
    if value is None:
        assert resolved is None
        return
    assert resolved is not None, expression
    assert (resolved.value, resolved.end) == (value, end)
    assert resolved.basis is DateBasis.TEXT
    assert resolved.text == expression


WEEKDAY_NAMES = list(calendar.day_name)


@pytest.mark.parametrize("weekday", WEEKDAY_NAMES)
@pytest.mark.parametrize("doc_date", [NEW_YEARS_EVE, MIDSUMMER])
def test_every_weekday_in_a_future_clause_is_within_the_next_seven_days(weekday: str, doc_date: date) -> None:
    resolved = resolve_date(weekday, doc_date, "future")
    assert resolved is not None
    day = date.fromisoformat(resolved.value)
    assert calendar.day_name[day.weekday()] == weekday
    assert 1 <= (day - doc_date).days <= 7


@pytest.mark.parametrize("weekday", WEEKDAY_NAMES)
@pytest.mark.parametrize("doc_date", [NEW_YEARS_EVE, MIDSUMMER])
def test_every_weekday_in_a_past_clause_is_within_the_last_seven_days(weekday: str, doc_date: date) -> None:
    resolved = resolve_date(f"on {weekday}", doc_date, "past")
    assert resolved is not None
    day = date.fromisoformat(resolved.value)
    assert calendar.day_name[day.weekday()] == weekday
    assert 0 <= (doc_date - day).days <= 6


@pytest.mark.parametrize("weekday", WEEKDAY_NAMES)
def test_a_present_clause_takes_the_nearest_weekday(weekday: str) -> None:
    resolved = resolve_date(weekday, MIDSUMMER, "present")
    assert resolved is not None
    assert abs((date.fromisoformat(resolved.value) - MIDSUMMER).days) <= 3


@pytest.mark.parametrize(
    ("expression", "precision_length"),
    [("March 3, 2020", 10), ("in March", 7), ("last month", 7), ("2014", 4), ("next year", 4), ("yesterday", 10)],
)
def test_precision_follows_the_expression(expression: str, precision_length: int) -> None:
    resolved = resolve_date(expression, NEW_YEARS_EVE, "past")
    assert resolved is not None and len(resolved.value) == precision_length


# -- properties ---------------------------------------------------------------------------------

doc_dates = st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31))
month_names = st.sampled_from(list(calendar.month_name)[1:] + list(calendar.month_abbr)[1:])
days = st.integers(min_value=1, max_value=31)
directional_expressions = st.one_of(
    st.sampled_from(WEEKDAY_NAMES),
    st.builds(lambda month, day: f"{month} {day}", month_names, days),
    st.builds(lambda day, month: f"{day} {month}", days, month_names),
)


def interval(resolved_value: str, resolved_end: str | None) -> tuple[date, date]:
    """The first and last day an ISO value at any precision covers."""
    last = resolved_end or resolved_value
    start = date.fromisoformat((resolved_value + "-01-01")[:10])
    if len(last) == 4:
        return start, date(int(last), 12, 31)
    if len(last) == 7:
        year, month = map(int, last.split("-"))
        return start, date(year, month, calendar.monthrange(year, month)[1])
    return start, date.fromisoformat(last)


@given(directional_expressions, doc_dates)
def test_past_clause_dates_are_never_after_the_document(expression: str, doc_date: date) -> None:
    resolved = resolve_date(expression, doc_date, "past")
    if resolved is not None:
        assert interval(resolved.value, resolved.end)[0] <= doc_date


@given(directional_expressions, doc_dates)
def test_future_clause_dates_are_never_before_the_document(expression: str, doc_date: date) -> None:
    resolved = resolve_date(expression, doc_date, "future")
    if resolved is not None:
        assert interval(resolved.value, resolved.end)[1] >= doc_date


@given(month_names, days, month_names, days, doc_dates, st.sampled_from(["past", "present", "future"]))
def test_ranges_never_end_before_they_start(m1: str, d1: int, m2: str, d2: int, doc_date: date, tense: str) -> None:
    resolved = resolve_date(f"{m1} {d1} to {m2} {d2}", doc_date, tense)  # type: ignore[arg-type]
    if resolved is not None and resolved.end is not None:
        assert resolved.end >= resolved.value


@given(month_names, days, days, doc_dates)
def test_same_month_ranges_resolve_to_that_month(month: str, d1: int, d2: int, doc_date: date) -> None:
    resolved = resolve_date(f"{month} {min(d1, d2)}-{max(d1, d2)}", doc_date, "future")
    if resolved is not None:
        start = date.fromisoformat(resolved.value)
        assert calendar.month_abbr[start.month].lower() == month[:3].lower()
        assert start + timedelta(days=abs(d1 - d2)) == date.fromisoformat(resolved.end or resolved.value)


# -- the finder ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The two leaders will speak on Sunday about it.", ["Sunday"]),
        ("Talks are set for January 10-11 in Geneva.", ["January 10-11"]),
        ("Talks are set for 10\u201311 January in Geneva.", ["10\u201311 January"]),
        ("They met on Dec. 3, 2021 and again on Jan. 5.", ["Dec. 3, 2021", "Jan. 5"]),
        ("The region was seized in 2014 by force.", ["in 2014"]),
        ("Two days ago the minister resigned.", ["Two days ago"]),
        ("A summit is planned for next week.", ["next week"]),
        ("He spoke yesterday and will travel tomorrow.", ["yesterday", "tomorrow"]),
        ("Elections are expected by mid-2023.", ["mid-2023"]),
        ("It may rain in Mayfair for 50 minutes.", []),
        ("Some 2014 ballots were recounted.", []),
        ("The talks in March produced nothing.", ["in March"]),
    ],
)
def test_find_dates(text: str, expected: list[str]) -> None:
    found = find_dates(text)
    assert [piece for _, _, piece in found] == expected
    assert all(text[start:end] == piece for start, end, piece in found)


@pytest.mark.parametrize("text", ["on Sunday", "January 10-11", "Dec. 3, 2021", "in 2014", "two days ago", "next week"])
def test_what_the_finder_finds_resolves(text: str) -> None:
    (_start, _end, piece), = find_dates(f"It happened {text}.")
    assert resolve_date(piece, NEW_YEARS_EVE, "past") is not None
