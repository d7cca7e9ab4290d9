"""The one exception tree of eventwire.

    EventwireError                 exit 1, HTTP 500
    ├── ConfigError                bad settings or options          exit 2, HTTP 400
    ├── DataError                  a bundled data file is missing or malformed
    │   └── LexiconError           the event lexicon fails its schema or lint
    ├── InputError                 one input item cannot be read     (per item; the run goes on)
    │   ├── UnsupportedInput       binary or unknown format
    │   ├── DecodeError            bad text encoding
    │   └── TooLarge               over the size cap
    ├── FetchError                 a URL or feed could not be fetched
    │   └── BlockedAddress         private/loopback target without --allow-private
    ├── StoreError                 the database cannot be opened or written
    └── MissingDependency          an optional extra is not installed

Every message says what failed, on which value, and what to do next. Exceptions carry their
context (``origin``, ``stage``) the way httpx errors carry ``.request``.
"""

from __future__ import annotations

from typing import ClassVar


class EventwireError(Exception):
    """Base of every error eventwire raises on purpose."""

    exit_code: ClassVar[int] = 1
    http_status: ClassVar[int] = 500

    def __init__(self, message: str, *, origin: str | None = None, stage: str | None = None):
        super().__init__(message)
        self.message = message
        self.origin = origin
        self.stage = stage

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}" if self.origin else self.message


class ConfigError(EventwireError):
    exit_code = 2
    http_status = 400


class DataError(EventwireError):
    pass


class LexiconError(DataError):
    pass


class InputError(EventwireError):
    http_status = 400


class UnsupportedInput(InputError):
    pass


class DecodeError(InputError):
    pass


class TooLarge(InputError):
    http_status = 413


class FetchError(EventwireError):
    http_status = 502


class BlockedAddress(FetchError):
    http_status = 403


class StoreError(EventwireError):
    pass


class MissingDependency(EventwireError):
    def __init__(self, package: str, extra: str):
        super().__init__(
            f"this feature needs {package!r}; install it with: pip install 'eventwire[{extra}]'"
        )
        self.package = package
        self.extra = extra
