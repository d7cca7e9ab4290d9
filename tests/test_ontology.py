"""The ontology tables: integrity against the public codebooks, and the lookup API."""

from __future__ import annotations

import csv
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from eventwire import ontology
from eventwire.errors import DataError

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DATA = SHARED / "data"
PACKAGE_DATA = REPO / "src" / "eventwire" / "ontology" / "data"

needs_shared = pytest.mark.skipif(not DATA.is_dir(), reason=f"shared reference data not found at {DATA}")

QUAD_BY_ROOT = {**dict.fromkeys(range(1, 6), 1), **dict.fromkeys(range(6, 9), 2),
                **dict.fromkeys(range(9, 14), 3), **dict.fromkeys(range(14, 21), 4)}


def load_builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_ontology", REPO / "scripts" / "build_ontology.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while building
    spec.loader.exec_module(module)
    return module


def cameo_rows() -> dict[str, dict[str, str]]:
    with (DATA / "cameo" / "cameo-codes.csv").open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row for row in csv.DictReader(handle)}


def plover_table_line(code: str) -> list[str]:
    """The fields the 2021 CAMEO->PLOVER table gives for ``code`` (first listing wins)."""
    for raw in (DATA / "plover" / "CAMEO2PLOVER-2021.txt").read_text(encoding="utf-8").splitlines():
        head, _, rest = raw.split("#", 1)[0].partition(":")
        if head.strip() == code:
            return [field.strip() for field in rest.split(",")] + ["", ""]
    raise AssertionError(f"{code} not in the table")


# -- integrity --------------------------------------------------------------------------------


@needs_shared
def test_committed_tables_equal_a_fresh_build() -> None:
    built = load_builder().build_all(DATA)
    for name, text in built.items():
        assert (PACKAGE_DATA / name).read_text(encoding="utf-8") == text, f"{name} is stale; run scripts/build_ontology.py"


@needs_shared
def test_every_cameo_code_in_the_codebook_is_loaded_with_its_icews_goldstein() -> None:
    rows = cameo_rows()
    assert {code.code for code in ontology.all_cameo_codes()} == set(rows)
    for code, row in rows.items():
        assert ontology.cameo(code).goldstein == float(row["goldstein"])
        assert ontology.cameo(code).name == row["name"].strip()


@needs_shared
def test_gdelt_goldstein_comes_from_the_gdelt_lookup() -> None:
    lines = (DATA / "gdelt" / "CAMEO.goldsteinscale.txt").read_text(encoding="utf-8").splitlines()[1:]
    for code, value in (line.split() for line in lines if line.strip()):
        assert ontology.cameo(code).goldstein_gdelt == float(value), code


@pytest.mark.parametrize("code", ["016", "022", "164", "165"])
def test_icews_and_gdelt_goldstein_differ_where_the_readme_says(code: str) -> None:
    entry = ontology.cameo(code)
    assert entry.goldstein != entry.goldstein_gdelt


def test_every_code_has_a_quad_class_from_its_root_and_a_goldstein_in_range() -> None:
    for entry in ontology.all_cameo_codes():
        assert entry.code.startswith(entry.root)
        assert entry.quad_class == QUAD_BY_ROOT[int(entry.root)]
        assert -10.0 <= entry.goldstein <= 10.0
        assert -10.0 <= entry.goldstein_gdelt <= 10.0


def test_every_mode_is_valid_for_its_type() -> None:
    types = ontology.plover_types()
    for entry in ontology.all_cameo_codes():
        if entry.plover is None:
            assert entry.mode is None and entry.root in {"01", "02"}, entry
        else:
            assert entry.plover in types
            assert entry.mode is None or entry.mode in types[entry.plover]["modes"], entry


# -- spot checks drawn from the source table -------------------------------------------------


@needs_shared
@pytest.mark.parametrize("code", ["041", "042", "044", "0874", "0871", "1312", "138", "173", "1124", "1053", "145"])
def test_spot_checks_match_the_cameo_to_plover_table(code: str) -> None:
    plover, mode, _context = plover_table_line(code)[:3]
    entry = ontology.cameo(code)
    assert entry.plover == ontology.normalise_plover(plover)
    assert entry.mode == (mode or None)


def test_telephone_discussion_is_consult_phone() -> None:
    entry = ontology.cameo("041")
    assert (entry.plover, entry.mode, entry.quad_class) == ("CONSULT", "phone", 1)


@pytest.mark.parametrize("code", ["13", "130", "1312", "138", "1384"])
def test_threats_are_threaten_and_verbal_conflict(code: str) -> None:
    assert ontology.cameo(code).plover == "THREATEN"
    assert ontology.cameo(code).quad_class == 3


def test_imposing_sanctions_follows_the_plover_manual_not_the_2021_table() -> None:
    entry = ontology.cameo("163")
    assert (entry.plover, entry.mode) == ("SANCTION", "discontinue")


@pytest.mark.parametrize(("code", "expected"), [("081", "CONCEDE"), ("0832", "CONCEDE"), ("084", "RETREAT"), ("0874", "RETREAT")])
def test_cameo_yield_splits_into_concede_and_retreat(code: str, expected: str) -> None:
    assert ontology.cameo(code).plover == expected


def test_resignation_follows_the_plover_manual_not_the_2021_table() -> None:
    # the manual: "RETREAT also covers resignations of government officials" (mode "resign")
    entry = ontology.cameo("0831")
    assert (entry.plover, entry.mode) == ("RETREAT", "resign")


@pytest.mark.parametrize("code", ["01", "010", "016"])
def test_statements_have_no_plover_type(code: str) -> None:
    assert ontology.cameo(code).plover is None


@pytest.mark.parametrize("code", ["02", "020", "0214", "026"])
def test_appeals_are_requests(code: str) -> None:
    assert ontology.cameo(code).plover == "REQUEST"


@needs_shared
def test_plover_types_and_recipients_come_from_polecat() -> None:
    with (DATA / "plover" / "polecat-types.csv").open(encoding="utf-8", newline="") as handle:
        expected = {row["event_type"].upper(): row["requires_recipient"] == "1" for row in csv.DictReader(handle)}
    types = ontology.plover_types()
    assert {name: info["requires_recipient"] for name, info in types.items()} == expected
    assert len(types) == 16


def test_plover_types_returns_a_copy_that_callers_cannot_corrupt() -> None:
    ontology.plover_types()["CONSULT"]["modes"].clear()
    assert "phone" in ontology.plover_types()["CONSULT"]["modes"]


# -- names, errors, FIPS ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [("YIELD", "CONCEDE"), ("fight", "ASSAULT"), ("Consult", "CONSULT"), ("DEMAND", "REQUEST"),
     ("disapprove", "ACCUSE"), ("INVESTIGATE", "ACCUSE"), (" assault ", "ASSAULT"), ("DISSENT", "PROTEST"),
     ("celebrate", None), ("", None)],
)
def test_normalise_plover(name: str, expected: str | None) -> None:
    assert ontology.normalise_plover(name) == expected


@needs_shared
def test_every_old_name_in_the_gold_records_normalises() -> None:
    records = json.loads((DATA / "dev" / "PLOVER_GSR_CAMEO.json").read_text(encoding="utf-8"))
    names = {record["event"] for record in records if record["event"] != "DOCUMENT"}
    assert all(ontology.normalise_plover(name) for name in names), names


@pytest.mark.parametrize("code", ["99", "041 ", "41", "", "0000"])
def test_unknown_codes_raise_a_data_error_naming_the_code(code: str) -> None:
    assert not ontology.is_cameo_code(code)
    with pytest.raises(DataError, match=repr(code)):
        ontology.cameo(code)


@pytest.mark.parametrize(("iso3", "fips"), [("UKR", "UP"), ("RUS", "RS"), ("USA", "US"), ("deu", "GM"), ("XXX", None)])
def test_iso3_to_fips(iso3: str, fips: str | None) -> None:
    assert ontology.iso3_to_fips(iso3) == fips


@needs_shared
def test_iso3_to_fips_inverts_the_source_table() -> None:
    table = json.loads((DATA / "gdelt" / "fips-to-iso3-countries.json").read_text(encoding="utf-8"))
    for fips, entry in table.items():
        assert ontology.iso3_to_fips(entry["iso3"]) == fips


def test_ontology_version_is_a_stable_hex_digest() -> None:
    version = ontology.ontology_version()
    assert len(version) == 12 and int(version, 16) >= 0
    assert version == ontology.ontology_version()


def test_every_table_names_its_sources() -> None:
    for name in ontology.DATA_FILES:
        meta = json.loads((PACKAGE_DATA / name).read_text(encoding="utf-8"))["_meta"]
        assert meta["sources"]
