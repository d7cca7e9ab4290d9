"""Which dated offices the knowledge base leaves empty between 2000 and today.

The actors issue asks for heads of state and government, foreign and defence ministers of the
G20 members, Ukraine, Israel, Iran, the Gulf states, Pakistan, Afghanistan, Syria, North Korea and
the states in active conflict, and the leaders of the main international organisations, each role
dated from 2000 to the present. This script lists every stretch of more than TOLERANCE days in
which no one holds one of those offices, so a missing minister shows up as a gap, not as a silent
"unknown person" at coding time. Gaps we know of are listed in KNOWN_GAPS with the reason (a real
vacancy, or a holder we could not date with confidence: we leave those empty rather than guess);
tests/test_kb.py fails on any gap not listed there, so coverage can only grow.

    .venv/bin/python scripts/kb_coverage.py            # one line per gap, then a summary
"""

from __future__ import annotations

import sys
from datetime import date, timedelta

from eventwire.kb import KnowledgeBase

SINCE = date(2000, 1, 1)
# Caretakers and acting holders often go unrecorded; a vacancy shorter than this is not a gap.
TOLERANCE = timedelta(days=60)

G20 = ("ARG", "AUS", "BRA", "CAN", "CHN", "FRA", "DEU", "IND", "IDN", "ITA", "JPN", "KOR", "MEX",
       "RUS", "SAU", "ZAF", "TUR", "GBR", "USA")  # fmt: skip
NAMED = ("UKR", "ISR", "IRN", "ARE", "QAT", "KWT", "BHR", "OMN", "PAK", "AFG", "SYR", "PRK")
IN_CONFLICT = ("SDN", "SSD", "ETH", "MMR", "YEM", "SOM", "COD", "LBY", "IRQ", "ARM", "AZE", "MLI")
COUNTRIES = G20 + NAMED + IN_CONFLICT
FOUNDED = {"SSD": date(2011, 7, 9)}  # seats that did not exist in 2000
MINISTRIES = ("foreign minister", "defence minister")
ORGANISATIONS = ("org:un", "org:nato", "org:eu-commission", "org:osce", "org:au", "org:asean",
                 "org:arab-league", "org:opec", "org:iaea", "org:who", "org:imf", "org:world-bank")  # fmt: skip


VACANT = "no holder: the office was vacant or there was no recognised government"
NOT_DATED = "holder not known or not dated with confidence; left empty rather than guessed"
# (seat, office, gap start) -> why the stretch stays empty.
KNOWN_GAPS: dict[tuple[str, str, str], str] = {
    ("CHN", "defence minister", "2023-10-24"): VACANT + " (Li Shangfu removed; Dong Jun from 2023-12-29)",
    ("IRN", "defence minister", "2026-02-28"): NOT_DATED + " (Nasirzadeh killed; successor unknown)",
    ("QAT", "defence minister", "2000-01-01"): NOT_DATED + " (the emir held the post; not confirmed)",
    ("KWT", "defence minister", "2000-01-01"): NOT_DATED,
    ("KWT", "defence minister", "2011-12-04"): NOT_DATED,
    ("KWT", "defence minister", "2024-01-17"): NOT_DATED,
    ("PAK", "foreign minister", "2013-03-16"): NOT_DATED + " (caretaker cabinet)",
    ("PAK", "defence minister", "2007-11-16"): NOT_DATED + " (caretaker cabinet)",
    ("PAK", "defence minister", "2013-03-16"): NOT_DATED + " (caretaker cabinet)",
    ("AFG", "foreign minister", "2020-01-01"): NOT_DATED,
    ("PRK", "foreign minister", "2007-01-02"): NOT_DATED,
    ("PRK", "defence minister", "2015-04-01"): NOT_DATED,
    ("SDN", "foreign minister", "2019-04-11"): NOT_DATED + " (military council)",
    ("SDN", "defence minister", "2000-01-01"): NOT_DATED,
    ("SDN", "defence minister", "2019-04-12"): NOT_DATED + " (military council)",
    ("YEM", "foreign minister", "2019-06-10"): VACANT,
    ("YEM", "defence minister", "2000-01-01"): NOT_DATED,
    ("SOM", "head of state or government", "2000-01-01"): VACANT,
    ("SOM", "foreign minister", "2000-01-01"): NOT_DATED + " (transitional governments)",
    ("SOM", "foreign minister", "2023-12-01"): VACANT,
    ("SOM", "defence minister", "2000-01-01"): NOT_DATED + " (transitional governments)",
    ("SOM", "defence minister", "2018-04-01"): NOT_DATED,
    ("COD", "defence minister", "2000-01-01"): NOT_DATED,
    ("LBY", "foreign minister", "2011-08-01"): NOT_DATED,
    ("LBY", "foreign minister", "2023-08-27"): NOT_DATED + " (acting ministers)",
    ("IRQ", "head of state or government", "2003-04-09"): VACANT + " (occupation authority)",
    ("IRQ", "foreign minister", "2003-04-09"): VACANT + " (occupation authority)",
    ("IRQ", "defence minister", "2003-04-09"): VACANT + " (occupation authority)",
    ("IRQ", "defence minister", "2018-10-25"): NOT_DATED,
    ("ARM", "foreign minister", "2021-05-31"): VACANT + " (left vacant until the election)",
}


def holders(kb: KnowledgeBase, seat: str, titles: tuple[str, ...]) -> list[tuple[date, date]]:
    """(start, end) of every holder of any of ``titles`` at ``seat``, open ends closed at today."""
    spans = []
    for title in titles:
        for role, _person in kb.offices.get((title, seat), ()):
            spans.append((role.start, role.end or date.today()))
    return sorted(spans)


def gaps(spans: list[tuple[date, date]], since: date = SINCE, until: date | None = None) -> list[tuple[date, date]]:
    """Stretches of [since, until) longer than TOLERANCE that no span covers."""
    until = until or date.today()
    found, covered = [], since
    for start, end in spans:
        if start - covered > TOLERANCE:
            found.append((covered, start))
        covered = max(covered, end)
    if until - covered > TOLERANCE:
        found.append((covered, until))
    return found


def leader_titles(kb: KnowledgeBase, seat: str) -> tuple[str, ...]:
    kind = "org" if seat.startswith("org:") else "default"
    return tuple(kb.leader_offices.get(kind, ())) + tuple(kb.leader_offices.get(seat, ()))


def coverage_gaps(kb: KnowledgeBase) -> list[tuple[str, str, date, date]]:
    """(seat, office, gap start, gap end) for every required office with a gap."""
    report = []
    for country in COUNTRIES:
        offices = {"head of state or government": leader_titles(kb, country)}
        offices |= {ministry: (ministry,) for ministry in MINISTRIES}
        for office, titles in offices.items():
            spans = holders(kb, country, titles)
            report += [(country, office, a, b) for a, b in gaps(spans, FOUNDED.get(country, SINCE))]
    for org in ORGANISATIONS:
        report += [(org, "leader", a, b) for a, b in gaps(holders(kb, org, leader_titles(kb, org)))]
    return report


def main() -> int:
    kb = KnowledgeBase.load()
    report = coverage_gaps(kb)
    unexplained = 0
    for seat, office, start, end in report:
        why = KNOWN_GAPS.get((seat, office, start.isoformat()))
        unexplained += why is None
        print(f"{seat:16} {office:28} {start} .. {end}  ({(end - start).days:>4} days)  {why or 'NEW GAP'}")
    seats = len(COUNTRIES) * (1 + len(MINISTRIES)) + len(ORGANISATIONS)
    print(f"{len(report)} gaps ({unexplained} not in KNOWN_GAPS) over {seats} required offices since {SINCE}")
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
