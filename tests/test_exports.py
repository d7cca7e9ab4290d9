"""Exports: GDELT 2.0 Events/Mentions TSV, PLOVER JSON, CSV and Parquet round-trips."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from eventwire import exports, ontology
from eventwire.errors import ConfigError, DataError
from eventwire.model import Actor, DateBasis, Event, Location, Modality, Trigger

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
GDELT_DIR = SHARED / "data" / "gdelt"
EVENTS_HEADER = GDELT_DIR / "GDELT_2.0_Events_Column_Labels_Header_Row_Sep2016.csv"
MENTIONS_HEADER = GDELT_DIR / "GDELT_2.0_eventMentions_Column_Labels_Header_Row_Sep2016.tsv"

RUSSIA_GOV = Actor("Moscow", id="country:RUS", name="Russia", country="RUS", sector="GOV", start=0, end=6)
UKRAINE = Actor("Ukraine", id="country:UKR", name="Ukraine", country="UKR", start=20, end=27)
NATO = Actor("the alliance", id="org:nato", name="NATO", sector="IGO", start=10, end=22)
KYIV = Location("Kyiv", "UKR", 50.45, 30.52)


def make_event(**changes: Any) -> Event:
    values: dict[str, Any] = dict(
        doc_id="doc-1", source=RUSSIA_GOV, target=UKRAINE, cameo="190", plover="ASSAULT", mode=None,
        quad_class=4, goldstein=-10.0, modality=Modality.ASSERTED, said_by=None, date="2022-02-24",
        date_end=None, date_basis=DateBasis.TEXT, location=KYIV, sentence="Moscow attacked Ukraine.",
        sentence_index=0, trigger=Trigger("attacked", 7, 15), confidence=0.8, coder="test-coder",
    )  # fmt: skip
    values.update(changes)
    return Event(**values)


def shared_columns(path: Path, delimiter: str) -> list[tuple[str, str]]:
    if not path.exists():
        pytest.skip(f"GDELT column labels not found at {path}; they live in ../shared/data/gdelt")
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=delimiter))
    return [(row["tableId"], row["dataType"]) for row in rows]


# -- GDELT columns -------------------------------------------------------------------------------


def test_event_columns_match_gdelt_documentation() -> None:
    documented = [name for name, _ in shared_columns(EVENTS_HEADER, ",")]
    assert list(exports.GDELT_EVENT_COLUMNS) == documented
    assert len(documented) == 61


def test_mention_columns_match_gdelt_documentation() -> None:
    documented = [name for name, _ in shared_columns(MENTIONS_HEADER, "\t")]
    assert list(exports.GDELT_MENTION_COLUMNS) == documented


def parse_typed(value: str, kind: str) -> Any:
    if value == "":
        return None
    if kind == "INTEGER":
        return int(value)
    if kind == "FLOAT":
        return float(value)
    return value


@pytest.mark.parametrize("fused", [False, True])
def test_gdelt_tsv_round_trip_parses_by_documented_types(tmp_path: Path, fused: bool) -> None:
    columns = shared_columns(EVENTS_HEADER, ",")
    events = [make_event(), make_event(cameo="041", plover="CONSULT", target=NATO, location=None, date="2014")]
    path = tmp_path / "events.tsv"
    assert exports.write_gdelt(events, path, fused=fused) == 2
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    for line in lines:
        fields = line.split("\t")
        assert len(fields) == 61
        typed = {name: parse_typed(value, kind) for (name, kind), value in zip(columns, fields, strict=True)}
        assert typed["GLOBALEVENTID"] > 0
        assert isinstance(typed["EventCode"], str) and typed["EventRootCode"] == typed["EventCode"][:2]
    second = dict(zip([n for n, _ in columns], lines[1].split("\t"), strict=True))
    assert second["EventCode"] == "041" and second["EventBaseCode"] == "041" and second["EventRootCode"] == "04"


@pytest.mark.parametrize(
    ("value", "sqldate", "month_year", "year"),
    [("2022-02-24", "20220224", "202202", "2022"), ("2022-01", "20220101", "202201", "2022"),
     ("2014", "20140101", "201401", "2014"), (None, "", "", "")],
)  # fmt: skip
def test_dates_take_the_first_day_of_their_period(value: str | None, sqldate: str, month_year: str, year: str) -> None:
    row = dict(zip(exports.GDELT_EVENT_COLUMNS, next(exports.gdelt_rows([make_event(date=value)])), strict=True))
    assert (row["SQLDATE"], row["MonthYear"], row["Year"]) == (sqldate, month_year, year)


def test_fraction_date_follows_gdelt_formula() -> None:
    row = dict(zip(exports.GDELT_EVENT_COLUMNS, next(exports.gdelt_rows([make_event(date="2022-03-10")])), strict=True))
    assert float(row["FractionDate"]) == pytest.approx(2022 + (3 * 30 + 10) / 365, abs=1e-4)


@pytest.mark.parametrize(
    ("actor", "code", "country", "known", "type1"),
    [(RUSSIA_GOV, "RUSGOV", "RUS", "", "GOV"), (UKRAINE, "UKR", "UKR", "", ""),
     (NATO, "NAT", "", "NAT", "IGO"), (Actor("the ministry", sector="GOV"), "GOV", "", "", "GOV"),
     (Actor("G20", id="org:g20", name="G20", sector="IGO"), "IGO", "", "", "IGO")],
)  # fmt: skip
def test_actor_codes(actor: Actor, code: str, country: str, known: str, type1: str) -> None:
    row = dict(zip(exports.GDELT_EVENT_COLUMNS, next(exports.gdelt_rows([make_event(source=actor)])), strict=True))
    assert (row["Actor1Code"], row["Actor1CountryCode"], row["Actor1KnownGroupCode"], row["Actor1Type1Code"]) == (
        code, country, known, type1)  # fmt: skip
    assert row["Actor1Name"] == row["Actor1Name"].upper() != ""


@pytest.mark.parametrize("cameo", ["016", "022", "164", "165"])
def test_goldstein_is_gdelts_own_value(cameo: str) -> None:
    info = ontology.cameo(cameo)
    assert info.goldstein_gdelt != info.goldstein  # the codes where ICEWS and GDELT disagree
    row = dict(zip(exports.GDELT_EVENT_COLUMNS, next(exports.gdelt_rows([make_event(cameo=cameo)])), strict=True))
    assert float(row["GoldsteinScale"]) == info.goldstein_gdelt
    assert row["QuadClass"] == str(info.quad_class)


def test_action_geo_uses_fips_country_codes() -> None:
    row = dict(zip(exports.GDELT_EVENT_COLUMNS, next(exports.gdelt_rows([make_event()])), strict=True))
    assert row["ActionGeo_CountryCode"] == ontology.iso3_to_fips("UKR") == "UP"
    assert (float(row["ActionGeo_Lat"]), float(row["ActionGeo_Long"])) == (KYIV.lat, KYIV.lon)
    assert row["ActionGeo_Type"] == "4"
    country = make_event(location=Location("Ukraine", "UKR", 49.0, 32.0))
    assert dict(zip(exports.GDELT_EVENT_COLUMNS, next(exports.gdelt_rows([country])), strict=True))["ActionGeo_Type"] == "1"


def test_counts_come_from_fused_records_only_when_asked() -> None:
    record = make_event().to_dict() | {"num_mentions": 5, "num_sources": 3, "num_articles": 4}
    unfused = dict(zip(exports.GDELT_EVENT_COLUMNS, next(exports.gdelt_rows([record])), strict=True))
    fused = dict(zip(exports.GDELT_EVENT_COLUMNS, next(exports.gdelt_rows([record], fused=True)), strict=True))
    assert [unfused[c] for c in ("NumMentions", "NumSources", "NumArticles")] == ["1", "1", "1"]
    assert [fused[c] for c in ("NumMentions", "NumSources", "NumArticles")] == ["5", "3", "4"]


def test_source_url_prefers_the_document_url() -> None:
    documents = {"doc-1": {"url": "https://news.example.org/a"}}
    with_url = dict(zip(exports.GDELT_EVENT_COLUMNS, next(exports.gdelt_rows([make_event()], documents=documents)), strict=True))
    without = dict(zip(exports.GDELT_EVENT_COLUMNS, next(exports.gdelt_rows([make_event()])), strict=True))
    assert (with_url["SOURCEURL"], without["SOURCEURL"]) == ("https://news.example.org/a", "doc-1")


def test_global_event_id_is_stable_and_distinct() -> None:
    ids = {exports.global_event_id(f"ev_{n:016x}") for n in range(1000)}
    assert len(ids) == 1000 and all(0 < i < 2**63 for i in ids)
    assert exports.global_event_id("ev_a") == exports.global_event_id("ev_a")


def test_unknown_cameo_code_is_a_data_error() -> None:
    record = make_event().to_dict() | {"cameo": 190}
    with pytest.raises(DataError, match="190"):
        list(exports.gdelt_rows([record]))


# -- GDELT mentions ------------------------------------------------------------------------------


def test_mention_rows_carry_offsets_and_one_based_sentences() -> None:
    columns = shared_columns(MENTIONS_HEADER, "\t")
    event = make_event(sentence_index=3)
    documents = {"doc-1": {"url": "https://www.example.org/x", "text": "x" * 500}}
    row = next(exports.gdelt_mention_rows([event], documents=documents))
    typed = {name: parse_typed(value, kind) for (name, kind), value in zip(columns, row, strict=True)}
    assert typed["SentenceID"] == 4
    assert (typed["Actor1CharOffset"], typed["Actor2CharOffset"], typed["ActionCharOffset"]) == (0, 20, 7)
    assert (typed["MentionType"], typed["MentionSourceName"], typed["MentionDocLen"]) == (1, "example.org", 500)
    assert typed["Confidence"] == 80 and typed["InRawText"] == 1


def test_fused_record_yields_one_mention_row_per_member() -> None:
    members = [{"doc_id": f"doc-{n}", "sentence_index": n, "trigger_start": 10 * n, "trigger_end": 10 * n + 5,
                "confidence": 0.5, "source_name": "wire"} for n in range(3)]  # fmt: skip
    record = make_event().to_dict() | {"mentions": members}
    rows = list(exports.gdelt_mention_rows([record]))
    assert len(rows) == 3 and all(len(row) == 16 for row in rows)
    assert {row[0] for row in rows} == {str(exports.global_event_id(record["id"]))}
    assert [row[9] for row in rows] == ["0", "10", "20"]
    assert [row[3] for row in rows] == ["2", "2", "2"]  # no URL: a citation-only mention


# -- PLOVER --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "event",
    [make_event(), make_event(cameo="041", plover="CONSULT", mode="visit", target=NATO, date="2022-01", location=None),
     make_event(said_by=UKRAINE, modality=Modality.FUTURE, date_end="2022-03-01")],
)  # fmt: skip
def test_plover_records_validate_against_their_schema(event: Event) -> None:
    records = list(exports.plover_records([event]))
    assert len(records) == 1
    jsonschema.validate(records[0], exports.plover_schema())
    assert records[0]["event"] == [event.plover]
    assert records[0]["text_info"]["start"] == event.trigger.start


def test_plover_leaves_out_events_without_a_plover_type() -> None:
    statement = make_event(cameo="010", plover=None, quad_class=1, goldstein=0.0)
    assert [r["cameo"] for r in exports.plover_records([statement, make_event()])] == ["190"]


def test_plover_dates_keep_their_precision() -> None:
    record = next(exports.plover_records([make_event(date="2022-01")]))
    assert (record["date"], record["date_precision"]) == ("2022-01-01", "month")


def test_plover_compound_actor_lists_every_participant() -> None:
    record = make_event(cameo="040", plover="CONSULT").to_dict() | {"participants": [RUSSIA_GOV.to_dict(), UKRAINE.to_dict(), NATO.to_dict()]}
    plover = next(exports.plover_records([record]))
    jsonschema.validate(plover, exports.plover_schema())
    assert [a["code"] for a in plover["actor"]] == ["RUS", "UKR", "NAT"] and plover["recipient"] == []


def test_write_plover_writes_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    assert exports.write_plover([make_event(), make_event(doc_id="doc-2")], path) == 2
    for line in path.read_text(encoding="utf-8").splitlines():
        jsonschema.validate(json.loads(line), exports.plover_schema())


# -- CSV, Parquet, pandas ------------------------------------------------------------------------


@pytest.mark.parametrize("table", ["events", "mentions"])
def test_csv_round_trip(tmp_path: Path, table: str) -> None:
    path = tmp_path / f"{table}.csv"
    events = [make_event(), make_event(cameo="041", plover="CONSULT", date="2014")]
    assert exports.write_csv(events, path, table=table) == 2
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 2
    key = "id" if table == "events" else "event_id"
    assert [row[key] for row in rows] == [e.id for e in events]
    if table == "events":
        assert rows[1]["cameo"] == "041" and rows[0]["source_id"] == "country:RUS"


@pytest.mark.parametrize("table", ["events", "mentions"])
def test_parquet_round_trip_keeps_types(tmp_path: Path, table: str) -> None:
    import pyarrow.parquet as pq

    path = tmp_path / f"{table}.parquet"
    events = [make_event(), make_event(cameo="041", plover="CONSULT", location=None)]
    assert exports.write_parquet(events, path, table=table) == 2
    read = pq.read_table(path)
    names = [name for name, _ in (exports.FLAT_COLUMNS if table == "events" else exports.MENTION_COLUMNS)]
    assert read.column_names == names
    rows = read.to_pylist()
    if table == "events":
        assert [row["cameo"] for row in rows] == ["190", "041"]
        assert rows[0]["lat"] == KYIV.lat and rows[1]["lat"] is None
        assert rows[0]["trigger_start"] == 7 and rows[0]["num_mentions"] == 1
    else:
        assert [row["event_id"] for row in rows] == [e.id for e in events]


def test_to_dataframe() -> None:
    pytest.importorskip("pandas", reason="pandas is the optional eventwire[analysis] extra")
    frame = exports.to_dataframe([make_event(), make_event(doc_id="doc-2")])
    assert list(frame["doc_id"]) == ["doc-1", "doc-2"]
    assert frame["cameo"].tolist() == ["190", "190"]


def test_unknown_table_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="quotes"):
        exports.write_csv([make_event()], tmp_path / "x.csv", table="quotes")
