"""The exceptions harvest raises: one base class, a few kinds a caller may want to catch."""

from __future__ import annotations

__all__ = [
    "HarvestError",
    "InputError",
    "ImportFileError",
    "NotFoundError",
    "ConflictError",
    "SchemaError",
    "MissingExtraError",
]


class HarvestError(Exception):
    """Base class of every error harvest raises on purpose."""


class InputError(HarvestError, ValueError):
    """A value given to harvest is not acceptable; the message says which and how to fix it."""


class ImportFileError(InputError):
    """A file could not be imported; nothing from it was stored.

    :param path: the file that was read
    :param problems: one line per bad row: ``line N, field F: what was expected``
    """

    def __init__(self, path: str, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        shown = problems[:20]
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        lines = "\n".join(f"  {p}" for p in shown)
        super().__init__(
            f"{path}: nothing was imported, {len(problems)} problem(s) found:\n{lines}{more}\n"
            "Fix the file and import it again."
        )


class NotFoundError(HarvestError, LookupError):
    """A capture, session or file that was asked for does not exist."""


class ConflictError(HarvestError):
    """An operation would overwrite someone else's change (for example an undo after an edit)."""


class SchemaError(HarvestError):
    """An event file cannot be opened: not a harvest file, or written by a newer harvest."""


class MissingExtraError(HarvestError, ImportError):
    """An optional dependency is not installed; the message gives the pip command."""

    def __init__(self, extra: str, package: str) -> None:
        super().__init__(
            f"this feature needs the '{package}' package: pip install 'harvest[{extra}]'"
        )
