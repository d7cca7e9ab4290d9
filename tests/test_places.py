"""The offline gazetteer: names, alternate names, regions, context and size."""

from __future__ import annotations

import time

import pytest

from eventwire.model import Location
from eventwire.places import Gazetteer, normalise


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


@pytest.mark.parametrize(
    ("phrase", "context", "name", "country"),
    [
        ("Geneva", (), "Geneva", "CHE"),
        ("Geneva", ("USA", "RUS", "UKR"), "Geneva", "CHE"),
        ("Kharkiv", (), "Kharkiv", "UKR"),
        ("Kharkov", (), "Kharkiv", "UKR"),
        ("Kiev", (), "Kyiv", "UKR"),
        ("Kyiv", ("RUS",), "Kyiv", "UKR"),
        ("Paris", (), "Paris", "FRA"),
        ("Paris", ("USA",), "Paris", "FRA"),
        ("Paris, France", (), "Paris", "FRA"),
        ("Paris, Texas", (), "Paris", "USA"),
        ("Wilmington, Delaware", (), "Wilmington", "USA"),
        ("Wilmington, DE", (), "Wilmington", "USA"),
        ("Moscow", ("USA",), "Moscow", "RUS"),
        ("Moscow, Idaho", (), "Moscow", "USA"),
        ("Kingston", (), "Kingston", "JAM"),
        ("Kingston", ("CAN",), "Kingston", "CAN"),
        ("Kingston, Ontario", (), None, None),  # an unknown region and an ambiguous name
        ("Kharkiv, Kharkiv Oblast", (), "Kharkiv", "UKR"),  # an unknown region, an unambiguous name
        ("Birmingham", (), "Birmingham", "GBR"),
        ("Birmingham", ("USA",), "Birmingham", "USA"),
        ("Tripoli", (), "Tripoli", "LBY"),
        ("Tripoli", ("LBN",), "Tripoli", "LBN"),
        ("Tripoli, Lebanon", (), "Tripoli", "LBN"),
        ("Washington", (), "Washington", "USA"),
        ("The Hague", (), "The Hague", "NLD"),
        ("Genève", (), "Genève", "CHE"),
        ("Sao Paulo", (), "Sao Paulo", "BRA"),
        ("Ukraine", (), "Ukraine", "UKR"),
        ("Russia", (), "Russia", "RUS"),
        ("the United States", (), "United States", "USA"),
        ("U.S.", (), "United States", "USA"),
        ("Britain", (), "United Kingdom", "GBR"),
        ("Delaware", (), "Delaware", "USA"),
        ("Georgia", (), "Georgia", "GEO"),
    ],
)
def test_lookup_phrase(gazetteer: Gazetteer, phrase: str, context: tuple[str, ...], name: str | None, country: str | None) -> None:
    location = gazetteer.lookup_phrase(phrase, context_countries=context)
    if name is None:
        assert location is None
        return
    assert location is not None, phrase
    assert (location.name, location.country) == (name, country)


def test_without_context_the_largest_wilmington_wins(gazetteer: Gazetteer) -> None:
    plain = gazetteer.lookup("Wilmington")
    in_delaware = gazetteer.lookup("Wilmington", region="Delaware")
    assert plain is not None and in_delaware is not None
    assert plain.country == in_delaware.country == "USA"
    assert plain.lat != in_delaware.lat
    assert in_delaware.lat is not None and 39 < in_delaware.lat < 40  # Delaware lies between 38.4 and 39.9 N


def test_cities_have_coordinates_and_countries_do_not(gazetteer: Gazetteer) -> None:
    city = gazetteer.lookup("Kharkiv")
    country = gazetteer.lookup("Ukraine")
    assert isinstance(city, Location) and city.lat is not None and city.lon is not None
    assert isinstance(country, Location) and (country.lat, country.lon) == (None, None)


@pytest.mark.parametrize(
    "phrase",
    ["Reply", "Leave a Reply", "See also", "president", "geneva", "IT", "Narnia", "", "  ", ",", "Sunday", "NATO"],
)
def test_non_places_are_none(gazetteer: Gazetteer, phrase: str) -> None:
    assert gazetteer.lookup_phrase(phrase) is None


def test_an_explicit_region_with_no_such_place_is_none(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("Kharkiv", region="France") is None


@pytest.mark.parametrize(("code", "iso3"), [("UKR", "UKR"), ("ua", "UKR"), ("Ukraine", "UKR"), ("USA", "USA")])
def test_context_accepts_iso3_iso2_and_names(gazetteer: Gazetteer, code: str, iso3: str) -> None:
    assert gazetteer.country(code) == Location(name=gazetteer.country(iso3).name, country=iso3, lat=None, lon=None)  # type: ignore[union-attr]


@pytest.mark.parametrize(("raw", "key"), [("Genève", "geneve"), ("U.S.", "u s"), ("The Hague", "hague"), ("  Kyiv ", "kyiv")])
def test_normalise(raw: str, key: str) -> None:
    assert normalise(raw) == key


def test_load_is_cached(gazetteer: Gazetteer) -> None:
    started = time.perf_counter()
    assert Gazetteer.load() is gazetteer
    assert time.perf_counter() - started < 0.01
