"""harvest: capture what is said during a live event and turn it into the story of the day."""

from harvest.errors import (
    ConflictError,
    HarvestError,
    ImportFileError,
    InputError,
    NotFoundError,
    SchemaError,
)
from harvest.event import EventFile, ImportReport, create_event, open_event
from harvest.model import Capture, Event, Kind, Person, PostInfo, Publication, Session

__all__ = [
    "Capture",
    "ConflictError",
    "Event",
    "EventFile",
    "HarvestError",
    "ImportFileError",
    "ImportReport",
    "InputError",
    "Kind",
    "NotFoundError",
    "Person",
    "PostInfo",
    "Publication",
    "SchemaError",
    "Session",
    "create_event",
    "open_event",
]
