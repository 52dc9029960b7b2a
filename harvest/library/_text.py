"""Text as the library compares it: no case, no accents, words only.

"Café-Owner's" and "cafe owner s" are the same to a search; the index keeps every text in
this form once, so a search is a scan of plain strings with ``in`` (no SQL, no spaCy).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalise", "parse_words", "stem"]

_NOT_WORD = re.compile(r"[^0-9a-z]+")
_PHRASE = re.compile(r'"([^"]*)"?')


def normalise(text: str) -> str:
    """``text`` folded for comparison: lower case, accents and punctuation gone.

    The result starts and ends with a space, so ``" care"`` finds words that begin with
    "care" and ``" care "`` only the word itself.
    """
    flat = unicodedata.normalize("NFKD", text.replace("’", "'").replace("'", ""))
    flat = "".join(ch for ch in flat if not unicodedata.combining(ch)).casefold()
    flat = flat.replace("ß", "ss").replace("ø", "o").replace("æ", "ae").replace("œ", "oe")
    return " " + " ".join(_NOT_WORD.sub(" ", flat).split()) + " "


def parse_words(query: str) -> list[str]:
    """The terms of a search box: words, and phrases in double quotes, normalised.

    Each term comes back as it will be looked for: ``" word"`` (a word starting so) or
    ``" two words "`` for a phrase (those words, in that order).
    """
    terms: list[str] = []
    rest = query
    for phrase in _PHRASE.findall(query):
        folded = normalise(phrase)
        if folded.strip():
            terms.append(folded)
    rest = _PHRASE.sub(" ", query)
    for word in normalise(rest).split():
        term = " " + word
        if term not in terms:
            terms.append(term)
    return terms


def stem(word: str) -> str:
    """A crude singular, enough to meet "teams" and "team" across events."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word
