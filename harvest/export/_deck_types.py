"""The deck plan's data types: what goes on a slide, measured in inches and points.

A renderer (:mod:`harvest.export.pptx`) draws these and nothing else, so the plan can be
checked (golden outline, overflow tests) without python-pptx.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["PT", "Box", "Chart", "DeckSpec", "Element", "Frame", "Picture", "SlideSpec", "Text"]

PT = 72.0  # points per inch


@dataclass(frozen=True)
class Frame:
    """Where things go: slide size and the title's box, in inches (from the template)."""

    width: float = 13.333
    height: float = 7.5
    title: tuple[float, float, float, float] = (0.6, 0.4, 12.133, 0.95)
    own_look: bool = True  # False with a user's template: its theme gives colours
    font: str = ""  # a brand's font file, measured with ("" for the bundled Carlito)
    font_name: str = "Calibri"  # the font the deck declares (a brand's, with its file)

    @property
    def top(self) -> float:
        """Where content starts, under the title."""
        return max(1.75, self.title[1] + self.title[3] + 0.35)

    @property
    def bottom(self) -> float:
        """Where content must end, above the footer."""
        return self.height - 0.65


@dataclass(frozen=True)
class Text:
    """A measured text box; ``size`` in points, geometry in inches."""

    x: float
    y: float
    w: float
    h: float
    text: str
    size: float
    style: str = "regular"  # regular | bold | italic
    color: str = "ink"
    align: str = "left"


@dataclass(frozen=True)
class Box:
    """A coloured rectangle (the default look's cards and bands)."""

    x: float
    y: float
    w: float
    h: float
    color: str


@dataclass(frozen=True)
class Picture:
    """An image placed with its aspect ratio kept; ``alt`` becomes its description."""

    x: float
    y: float
    w: float
    h: float
    data: bytes = field(repr=False)
    alt: str = ""


@dataclass(frozen=True)
class Chart:
    """A native chart: ``kind`` is ``bar`` (horizontal) or ``column``."""

    x: float
    y: float
    w: float
    h: float
    kind: str
    title: str
    categories: tuple[str, ...]
    values: tuple[float, ...]
    color: str = "teal"


Element = Text | Box | Picture | Chart


@dataclass(frozen=True)
class SlideSpec:
    """One slide: its title (an outline reads it), elements, and speaker notes."""

    kind: str
    title: str
    title_size: float
    elements: tuple[Element, ...]
    notes: str
    dark: bool = False


@dataclass(frozen=True)
class DeckSpec:
    """The whole deck, ready to render."""

    frame: Frame
    slides: tuple[SlideSpec, ...]
    footer: str
    core: int = 0  # slides before the appendix (0: no appendix)

    def outline(self) -> list[dict[str, object]]:
        """Slide kinds and titles, for a quick look or a golden file."""
        return [{"kind": s.kind, "title": s.title} for s in self.slides]
