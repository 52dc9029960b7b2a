"""Storage of one event: SQLite file (or memory), SQLAlchemy Core underneath."""

from harvest.store._history import MERGED_FIELDS, Conflict, three_way
from harvest.store._pad_memory import AlreadySaved
from harvest.store._store import Batch, BatchResult, Inspection, Store, inspect, reading

__all__ = [
    "MERGED_FIELDS",
    "AlreadySaved",
    "Batch",
    "BatchResult",
    "Conflict",
    "Inspection",
    "Store",
    "inspect",
    "reading",
    "three_way",
]
