"""Storage of one event: SQLite file (or memory), SQLAlchemy Core underneath."""

from harvest.store._store import (
    MERGED_FIELDS,
    Batch,
    BatchResult,
    Conflict,
    Media,
    Revision,
    Store,
    three_way,
)

__all__ = [
    "MERGED_FIELDS",
    "Batch",
    "BatchResult",
    "Conflict",
    "Media",
    "Revision",
    "Store",
    "three_way",
]
