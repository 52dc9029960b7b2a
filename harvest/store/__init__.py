"""Storage of one event: SQLite file (or memory), SQLAlchemy Core underneath."""

from harvest.store._history import MERGED_FIELDS, Conflict, three_way
from harvest.store._store import Batch, BatchResult, Store

__all__ = [
    "MERGED_FIELDS",
    "Batch",
    "BatchResult",
    "Conflict",
    "Store",
    "three_way",
]
