"""One settings table drives the CLI options, the docs and the tests (like datasette's SETTINGS).

Settings are immutable: build one ``Settings`` per run and pass it down; nothing changes mid-run.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: Any
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "eventwire.db", "SQLite store file (env EVENTWIRE_DB)."),
    Setting("batch_size", 16, "Documents per spaCy batch."),
    Setting("workers", os.cpu_count() or 1, "Coding processes for ingest."),
    Setting("lexicon", None, "Path to an event lexicon YAML replacing the bundled one."),
    Setting("actors", (), "Extra actor files (YAML/CSV) that extend or override the knowledge base."),
    Setting("min_confidence", 0.0, "Drop events scored below this confidence."),
    Setting("on_error", "skip", "What a failing document does: 'skip' (log and go on) or 'raise'."),
)


@dataclass(frozen=True, slots=True)
class Settings:
    db: str = "eventwire.db"
    batch_size: int = 16
    workers: int = os.cpu_count() or 1
    lexicon: str | None = None
    actors: tuple[str, ...] = ()
    min_confidence: float = 0.0
    on_error: str = "skip"

    @classmethod
    def from_env(cls, **overrides: Any) -> Settings:
        base = cls(db=os.environ.get("EVENTWIRE_DB", "eventwire.db"))
        return replace(base, **{k: v for k, v in overrides.items() if v is not None})

    @property
    def lexicon_path(self) -> Path | None:
        return Path(self.lexicon) if self.lexicon else None


def setting_names() -> list[str]:
    return [f.name for f in fields(Settings)]
