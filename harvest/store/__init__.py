"""Storage of one event: SQLite file (or memory), SQLAlchemy Core underneath."""

from harvest.store._store import Batch, BatchResult, Media, Revision, Store

__all__ = ["Batch", "BatchResult", "Media", "Revision", "Store"]
