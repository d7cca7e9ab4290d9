"""Build the ontology tables in ``src/eventwire/ontology/data/`` from the public codebooks.

This script is the only writer of that folder. It reads ``../shared/data`` (the CAMEO code list
with ICEWS Goldstein values, GDELT's Goldstein lookup, the CAMEO->PLOVER 2021 table, POLECAT's
type/mode/context lists and the FIPS->ISO3 table) and writes sorted, deterministic JSON:

    cameo.json   every CAMEO code: name, root, ICEWS and GDELT Goldstein, quad class, PLOVER
                 type, mode and context
    plover.json  the 16 POLECAT types: requires_recipient, valid modes; old-name aliases
    fips.json    ISO 3166-1 alpha-3 -> FIPS 10-4 (GDELT's *Geo_CountryCode)

Usage:
    python scripts/build_ontology.py            # rewrite the files
    python scripts/build_ontology.py --check    # exit 1 if the committed files are stale

Decisions (each one documented next to its table below):
- PLOVER types use POLECAT's current names in upper case; older names are mapped by
  ``OLD_TYPE_NAMES`` (the PLOVER manual's CAMEO table still says FIGHT for root 20).
- A code the 2021 table does not list inherits its nearest listed ancestor's mapping
  (0431 -> 043 -> 04). CAMEO 01 (statements) and 02 (appeals) were dropped by PLOVER
  (PLOVER manual, "CAMEO to PLOVER translation"); 01 codes get ``plover = None`` and 02
  codes REQUEST (see CODE_OVERRIDES).
- Modes and contexts are POLECAT's lowercase names; every mode is checked against POLECAT's
  type-mode list and every context against its context list, so a new table that introduces an
  unknown name fails the build instead of leaking into the data.
- The GDELT Goldstein value falls back to the ICEWS one for the one code GDELT lacks (1213).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
OUTPUT_DIR = REPO / "src" / "eventwire" / "ontology" / "data"

CAMEO_CODES = "cameo/cameo-codes.csv"
CAMEO_TO_PLOVER = "plover/CAMEO2PLOVER-2021.txt"
POLECAT_TYPES = "plover/polecat-types.csv"
POLECAT_MODES = "plover/polecat-modes.csv"
POLECAT_CONTEXTS = "plover/polecat-contexts.csv"
GDELT_GOLDSTEIN = "gdelt/CAMEO.goldsteinscale.txt"
FIPS_TABLE = "gdelt/fips-to-iso3-countries.json"

# Older PLOVER/CAMEO cue-category names -> current POLECAT names. YIELD, DEMAND and FIGHT
# appear in PLOVER_GSR_CAMEO; DISAPPROVE and INVESTIGATE are CAMEO roots 11 and 09, which
# PLOVER folded into ACCUSE; DISSENT is the 2016 draft's name for PROTEST.
OLD_TYPE_NAMES: dict[str, str] = {
    "YIELD": "CONCEDE",
    "FIGHT": "ASSAULT",
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "DISSENT": "PROTEST",
}

# The 2021 table predates some POLECAT names, or puts a context in the mode slot. Each fix
# says why; (type, mode) pairs are what the code maps to after the fix.
CODE_OVERRIDES: dict[str, tuple[str, str | None, str | None]] = {
    # The manual's translation table drops CAMEO 02 (APPEAL), but POLECAT codes appeals
    # ("called on X to ...", "urged X to ...") as REQUEST, whose definition covers asking
    # as well as demanding; the PLV and NGEC dev data agree. Children inherit it.
    "02": ("REQUEST", None, None),
    # The 2021 table says COERCE/restrict, but the PLOVER manual's SANCTION section says
    # "International (political or economic) sanctions are coded as 'discontinue'".
    "163": ("SANCTION", "discontinue", "economic"),
    # The 2021 table says CONCEDE, but the PLOVER manual's RETREAT section: "RETREAT also
    # covers resignations of government officials", with the mode "resign"; CAMEO codes a
    # resignation as 0831 (yield by relinquishing political power).
    "0831": ("RETREAT", "resign", "political_institutions"),
    # "ease" is no longer a mode (the table's own note at 0813); RETREAT has no equivalent.
    "085": ("RETREAT", None, "economic"),
    # "political" is not a THREATEN mode; restricting free speech is POLECAT's "restrict".
    "1321": ("THREATEN", "restrict", "rights_freedoms"),
    # Destroying property is an ASSAULT, whose POLECAT mode is "destroy" (not "seize").
    "1712": ("ASSAULT", "destroy", "human_security"),
    # POLECAT has a dedicated "censor" mode for restrictions on speech and expression.
    "1721": ("COERCE", "censor", "rights_freedoms"),
    # The table puts the context "pro_autocracy" in the mode slot.
    "175": ("ASSAULT", None, "pro-autocracy;military"),
    # POLECAT has "aerial" for air strikes; the 2021 table lumps them into heavy-weapons.
    "195": ("ASSAULT", "aerial", "military"),
}

# Context spellings in the 2021 table -> POLECAT context names. POLECAT has no "humanitarian"
# context; its "human_security" (access to water, food, housing) is the nearest.
CONTEXT_NAMES: dict[str, str] = {
    "humanitarian": "human_security",
    "democracy": "pro-democracy",
    "pro_autocracy": "pro-autocracy",
    "pro_democracy": "pro-democracy",
}

# GDELT's QuadClass: verbal cooperation, material cooperation, verbal conflict, material conflict.
QUAD_CLASS_BY_ROOT: tuple[tuple[range, int], ...] = (
    (range(1, 6), 1),
    (range(6, 9), 2),
    (range(9, 14), 3),
    (range(14, 21), 4),
)


class BuildError(Exception):
    """The source tables contain something this script has no documented rule for."""


@dataclass(frozen=True, slots=True)
class PloverMapping:
    plover: str
    mode: str | None
    context: str | None


# -- reading the sources ------------------------------------------------------------------------


def read_cameo_codes(data_dir: Path) -> list[dict[str, str]]:
    with (data_dir / CAMEO_CODES).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_gdelt_goldstein(data_dir: Path) -> dict[str, float]:
    lines = (data_dir / GDELT_GOLDSTEIN).read_text(encoding="utf-8").splitlines()[1:]
    pairs = (line.split() for line in lines if line.strip())
    return {code: float(value) for code, value in pairs}


def read_csv_rows(data_dir: Path, name: str) -> list[dict[str, str]]:
    with (data_dir / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_plover_table(data_dir: Path) -> dict[str, PloverMapping]:
    """CAMEO code -> mapping, from lines like ``041: CONSULT, phone,   # Discuss by telephone``.

    The first line for a code wins (175 is listed twice, identically); root lines
    (``08: CONCEDE``) carry a type only. 08 is listed twice; the first, CONCEDE, is kept.
    """
    table: dict[str, PloverMapping] = {}
    for code, fields in _plover_lines(data_dir / CAMEO_TO_PLOVER):
        if code in table:
            continue
        fields = fields + ["", ""]
        table[code] = PloverMapping(
            plover=fields[0].strip().upper(),
            mode=fields[1].strip() or None,
            context=normalise_contexts(fields[2]),
        )
    return table


def _plover_lines(path: Path) -> Iterator[tuple[str, list[str]]]:
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line or ":" not in line:
            continue
        code, rest = line.split(":", 1)
        if code.strip().isdigit():
            yield code.strip(), rest.split(",")


def normalise_contexts(text: str) -> str | None:
    parts = [part.strip() for part in text.split(";") if part.strip()]
    names = [CONTEXT_NAMES.get(part, part) for part in parts]
    return ";".join(names) or None


# -- building -----------------------------------------------------------------------------------


def quad_class(root: str) -> int:
    for roots, quad in QUAD_CLASS_BY_ROOT:
        if int(root) in roots:
            return quad
    raise BuildError(f"CAMEO root {root!r} is outside 01-20; cannot derive a quad class")


def plover_for(code: str, table: dict[str, PloverMapping]) -> PloverMapping | None:
    """The code's own mapping, else its nearest listed ancestor's (0431 -> 043 -> 04), whose
    mode and context describe the narrower code too, since CAMEO children refine parents."""
    if code in CODE_OVERRIDES:
        return PloverMapping(*CODE_OVERRIDES[code])
    if code in table:
        return table[code]
    for length in range(len(code) - 1, 1, -1):
        ancestor = code[:length]
        if ancestor in CODE_OVERRIDES or ancestor in table:
            return plover_for(ancestor, table)
    return None


def build_cameo(data_dir: Path) -> dict[str, Any]:
    rows = read_cameo_codes(data_dir)
    gdelt = read_gdelt_goldstein(data_dir)
    table = read_plover_table(data_dir)
    codes = {row["code"]: cameo_entry(row, gdelt, table) for row in rows}
    return {
        "_meta": {
            "sources": [CAMEO_CODES, GDELT_GOLDSTEIN, CAMEO_TO_PLOVER],
            "goldstein": "ICEWS (cameo-codes.csv)",
            "goldstein_gdelt": "GDELT CAMEO.goldsteinscale.txt; ICEWS value where GDELT lacks the code",
            "quad_class": "GDELT rule: roots 01-05 -> 1, 06-08 -> 2, 09-13 -> 3, 14-20 -> 4",
            "plover": "CAMEO2PLOVER-2021 with scripts/build_ontology.py CODE_OVERRIDES; "
            "unlisted codes inherit their nearest listed ancestor; 01 maps to none, 02 to REQUEST",
        },
        "codes": dict(sorted(codes.items())),
    }


def cameo_entry(row: dict[str, str], gdelt: dict[str, float], table: dict[str, PloverMapping]) -> dict[str, Any]:
    code = row["code"]
    goldstein = float(row["goldstein"])
    mapping = plover_for(code, table)
    return {
        "name": row["name"].strip(),
        "root": row["root_code"],
        "goldstein": goldstein,
        "goldstein_gdelt": gdelt.get(code, goldstein),
        "quad_class": quad_class(row["root_code"]),
        "plover": OLD_TYPE_NAMES.get(mapping.plover, mapping.plover) if mapping else None,
        "mode": mapping.mode if mapping else None,
        "context": mapping.context if mapping else None,
    }


def build_plover(data_dir: Path) -> dict[str, Any]:
    types = {row["event_type"].upper(): row["requires_recipient"] == "1" for row in read_csv_rows(data_dir, POLECAT_TYPES)}
    modes: dict[str, list[str]] = {name: [] for name in types}
    for row in read_csv_rows(data_dir, POLECAT_MODES):
        modes[row["event_type"].upper()].append(row["mode"])
    contexts = sorted(row["context"] for row in read_csv_rows(data_dir, POLECAT_CONTEXTS))
    return {
        "_meta": {
            "sources": [POLECAT_TYPES, POLECAT_MODES, POLECAT_CONTEXTS],
            "aliases": "older PLOVER/CAMEO names, scripts/build_ontology.py OLD_TYPE_NAMES",
        },
        "types": {name: {"requires_recipient": types[name], "modes": sorted(modes[name])} for name in sorted(types)},
        "contexts": contexts,
        "aliases": dict(sorted(OLD_TYPE_NAMES.items())),
    }


def build_fips(data_dir: Path) -> dict[str, Any]:
    table = json.loads((data_dir / FIPS_TABLE).read_text(encoding="utf-8"))
    iso3_to_fips = {entry["iso3"]: fips for fips, entry in sorted(table.items()) if entry.get("iso3")}
    return {
        "_meta": {"sources": [FIPS_TABLE], "note": "ISO 3166-1 alpha-3 -> FIPS 10-4 (GDELT geo columns)"},
        "iso3_to_fips": dict(sorted(iso3_to_fips.items())),
    }


def validate(cameo: dict[str, Any], plover: dict[str, Any]) -> None:
    """Every type, mode and context must be a POLECAT name: fail loudly on anything new."""
    types = plover["types"]
    contexts = set(plover["contexts"])
    for code, entry in cameo["codes"].items():
        name, mode, context = entry["plover"], entry["mode"], entry["context"]
        if name is not None and name not in types:
            raise BuildError(f"CAMEO {code}: PLOVER type {name!r} is not a POLECAT type; add it to OLD_TYPE_NAMES")
        if mode is not None and mode not in types[name]["modes"]:
            raise BuildError(f"CAMEO {code}: mode {mode!r} is not valid for {name}; add a CODE_OVERRIDES entry")
        unknown = [part for part in (context or "").split(";") if part and part not in contexts]
        if unknown:
            raise BuildError(f"CAMEO {code}: contexts {unknown} are not POLECAT contexts; extend CONTEXT_NAMES")


def build_all(data_dir: Path = SHARED_DATA) -> dict[str, str]:
    """File name -> exact JSON text. Pure: tests call it to regenerate in memory."""
    cameo, plover, fips = build_cameo(data_dir), build_plover(data_dir), build_fips(data_dir)
    validate(cameo, plover)
    documents = {"cameo.json": cameo, "plover.json": plover, "fips.json": fips}
    return {name: json.dumps(doc, indent=1, ensure_ascii=False, sort_keys=False) + "\n" for name, doc in documents.items()}


def stale_files(built: dict[str, str], output_dir: Path) -> list[str]:
    return [name for name, text in built.items() if not (output_dir / name).is_file() or (output_dir / name).read_text(encoding="utf-8") != text]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed files differ from a fresh build")
    parser.add_argument("--data", type=Path, default=SHARED_DATA, help="the shared data folder")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"shared data folder {args.data} not found; pass --data", file=sys.stderr)
        return 2
    built = build_all(args.data)
    stale = stale_files(built, OUTPUT_DIR)
    if args.check:
        for name in stale:
            print(f"stale: {OUTPUT_DIR / name}; run python scripts/build_ontology.py", file=sys.stderr)
        return 1 if stale else 0
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    for name, text in built.items():
        (OUTPUT_DIR / name).write_text(text, encoding="utf-8")
    print(f"wrote {len(built)} files to {OUTPUT_DIR} ({len(stale)} changed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
