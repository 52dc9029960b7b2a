"""Word clouds: the event's and each theme's, from the Story's word frequencies.

The words are counted by the story layer (:func:`harvest.text.word_frequencies`: stop
words, the event's hashtags and boilerplate out, phrases counted as units), so the cloud
never doubles a word through collocations. The same input gives the same picture.
"""

from __future__ import annotations

import io
import random
from collections.abc import Iterable, Sequence

from harvest.export._text import FONT, clean

__all__ = ["PALETTE", "render_cloud"]

PALETTE = ("#1F2A44", "#0F6E6E", "#C8502D", "#3B5B8C", "#4A5561")


def render_cloud(
    words: Sequence[tuple[str, float]],
    *,
    width: int = 1200,
    height: int = 675,
    stop: Iterable[str] = (),
    random_state: int = 7,
    max_words: int = 90,
) -> bytes | None:
    """A PNG word cloud of ``words`` (word or phrase, weight); None if there are none.

    :param stop: more words to leave out (the event's hashtags, say)
    :param random_state: fixes the layout and colours: same input, same picture
    """
    from wordcloud import WordCloud  # type: ignore[import-untyped]

    stopped = {s.casefold().lstrip("#") for s in stop}
    frequencies: dict[str, float] = {}
    for word, weight in words:
        text = clean(word).strip()
        if text and weight > 0 and text.casefold() not in stopped:
            frequencies[text] = frequencies.get(text, 0.0) + weight
    if not frequencies:
        return None
    colours = random.Random(random_state)
    cloud = WordCloud(
        font_path=str(FONT),
        width=width,
        height=height,
        background_color="white",
        max_words=max_words,
        collocations=False,
        stopwords=set(),
        prefer_horizontal=0.92,
        relative_scaling=0.3,
        margin=max(2, width // 300),
        min_font_size=max(8, width // 120),
        random_state=random_state,
        color_func=lambda *a, **k: colours.choice(PALETTE),
    )
    cloud.generate_from_frequencies(frequencies)
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()  # the words drawn, for screen readers and for checks
    info.add_itxt("Description", "Word cloud: " + ", ".join(item[0][0] for item in cloud.layout_))
    out = io.BytesIO()
    # five colours and their anti-aliasing: a 32-colour palette keeps the look at a third
    # of the bytes, which the self-contained page carries as base64
    cloud.to_image().quantize(colors=32).save(out, "PNG", pnginfo=info)
    return out.getvalue()
