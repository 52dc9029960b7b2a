"""Before publishing (issue 14): leave out in bulk, a checklist, a question first.

The question comes before a level change that would let a capture travel further.

Plain functions over a :class:`StoryBuilder`, so the widgets, the CLI and a notebook can
all call them, and tests need no browser.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from harvest.agenda import sounds_confidential
from harvest.model import Capture, Kind, Publication
from harvest.nlp.housekeeping import score_captures
from harvest.story.publication import HIDDEN, strictest
from harvest.ui.builder.controller import StoryBuilder

__all__ = ["Check", "checklist", "leave_out", "loosening_question"]


def leave_out(
    builder: StoryBuilder,
    *,
    kinds: Iterable[str] = (),
    tags: Iterable[str] = (),
    housekeeping: float | None = None,
) -> list[Capture]:
    """Leave out, in one step, the captures of these kinds, tags or housekeeping score.

    One undo brings them all back.

    :param housekeeping: leave out captures scoring this much housekeeping or more

    :returns: the captures newly left out
    """
    wanted_kinds = {Kind(k) for k in kinds}
    wanted_tags = {t.casefold().lstrip("#") for t in tags}
    captures = builder.event.captures()
    scores = dict(builder.analysis.housekeeping) or score_captures(captures)
    cur = builder.curation
    chosen = [
        c
        for c in captures
        if c.id not in cur.excluded
        and (
            c.kind in wanted_kinds
            or wanted_tags & {t.casefold() for t in c.tags}
            or (housekeeping is not None and scores.get(c.id, 0.0) >= housekeeping)
        )
    ]
    for c in chosen:
        cur = cur.exclude(c.id)
    builder._save(cur)  # noqa: SLF001 -- one saved state for the whole step
    return chosen


@dataclass(frozen=True)
class Check:
    """One line of the pre-publish checklist: ``ok`` or what to look at, and where."""

    name: str
    ok: bool
    detail: str


def checklist(builder: StoryBuilder, *, today: date | None = None) -> list[Check]:
    """What to look at before publishing.

    Unnamed themes, re-identification risks, housekeeping the story kept, sessions that
    sound confidential, and consent changed today.
    """
    story = builder.story
    event = builder.event
    unnamed = [t.label for t in story.themes if not t.named]
    kept_chores = [x for x in story.left_out if x.reason == "housekeeping"]
    pinned = {c for ids in builder.curation.pinned.values() for c in ids}
    scores = dict(builder.analysis.housekeeping)
    housekeeping_in = [q for q in story.quotes() if q.id in pinned and scores.get(q.id, 0) >= 0.5]
    closed = sounds_confidential(event.sessions(), event.captures())
    day = today or datetime.now(event.info.zone).date()
    changed = _consent_changed(builder, day)
    return [
        Check(
            "Every theme has a name",
            not unnamed,
            ", ".join(unnamed) + ": name them in the Themes tab" if unnamed else "",
        ),
        Check(
            "Nobody can be recognised from role and organisation",
            not story.downgraded,
            f"{story.downgraded} role-only quotes are shown as anonymous: their speaker is "
            "named elsewhere in the story"
            if story.downgraded
            else "",
        ),
        Check(
            "No housekeeping in the story",
            not housekeeping_in,
            f"{len(housekeeping_in)} pinned captures read like housekeeping"
            if housekeeping_in
            else f"{len(kept_chores)} housekeeping captures left out (bring one back by pinning)",
        ),
        Check(
            "Confidential sessions are marked",
            not closed,
            "; ".join(f"{s.title} sounds confidential" for s in closed),
        ),
        Check(
            "Consent changes made today are agreed",
            not changed,
            f"{len(changed)} captures had their publication level changed today: check each "
            "was agreed with the speaker"
            if changed
            else "",
        ),
    ]


def _consent_changed(builder: StoryBuilder, day: date) -> list[str]:
    out = []
    zone = builder.event.info.zone
    for c in builder.event.captures():
        history = builder.event.history(c.id)
        for before, after in zip(history, history[1:], strict=False):
            if (
                after.made_at.astimezone(zone).date() == day
                and before.state.publication is not after.state.publication
            ):
                out.append(c.id)
                break
    return out


def loosening_question(builder: StoryBuilder, capture_id: str, level: Publication | str) -> str:
    """The question to ask before ``level`` lets a capture travel further.

    Empty when it does not: a tighter or equal level needs no confirmation.
    """
    level = Publication.parse(level)
    now = builder.level(capture_id)
    if strictest(now, level) is level:
        return ""
    capture = builder.event.get(capture_id)
    shown = capture.text if len(capture.text) <= 80 else capture.text[:79] + "…"
    where = "may now be published" if now in HIDDEN else f"will be shown as {level.value}"
    return (
        f"“{shown}” is {now.value} today and {where}. Did the speaker agree to "
        f"{level.value}? Their agreement is recorded with your name."
    )
