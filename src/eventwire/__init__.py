"""eventwire: turn news into event data."""

import logging

from eventwire.errors import EventwireError
from eventwire.model import (
    Actor,
    Article,
    Event,
    Location,
    Modality,
    Quote,
    RawDocument,
    Skipped,
    Trigger,
)

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "Article",
    "Event",
    "EventwireError",
    "Location",
    "Modality",
    "Quote",
    "RawDocument",
    "Skipped",
    "Trigger",
    "__version__",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
