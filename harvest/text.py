"""Words as harvest counts and compares them: one stop list, one tokeniser."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

__all__ = ["STOP_WORDS", "normalise", "parse_words", "stem", "word_frequencies", "words"]

STOP_WORDS = frozenset(
    """a about above after again against all also am an and any are aren't as at be because
    been before being below between both but by can can't cannot could couldn't did didn't do
    does doesn't doing don't down during each few for from further get gets got had hadn't has
    hasn't have haven't having he he'd he'll he's her here here's hers herself him himself his
    how how's i i'd i'll i'm i've if in into is isn't it it's its itself just let's like me
    more most mustn't my myself no nor not of off on once only or other ought our ours
    ourselves out over own really same shan't she she'd she'll she's should shouldn't so some
    such than that that's the their theirs them themselves then there there's these they
    they'd they'll they're they've this those through to too under until up us very was
    wasn't we we'd we'll we're we've were weren't what what's when when's where where's which
    while who who's whom why why's will with won't would wouldn't you you'd you'll you're
    you've your yours yourself yourselves one two three four five lot lots thing things
    something anything everything going go goes went gone say said says saying told tell
    know knew think thought want wanted make made take took come came see saw look put us
    day today session sessions slide slides morning afternoon yes okay ok please thanks thank
    even still back way much many every well now new first last next time times year years
    around always never ever may might must shall need needs yet already quite rather
    actually maybe per via amp rt six seven eight nine ten eleven twelve twenty thirty
    forty fifty sixty hundred""".split()
)
_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]")
_NOISE = re.compile(r"https?://\S+|[#@][\w.@-]+")


def words(text: str) -> list[str]:
    """The words of a text, lower case, with links, handles and hashtags left out."""
    return _WORD.findall(_NOISE.sub(" ", text).replace("’", "'").casefold())


def word_frequencies(
    texts: Iterable[str], phrases: Iterable[str] = (), stop: Iterable[str] = (), limit: int = 120
) -> tuple[tuple[str, float], ...]:
    """Words and phrases weighted by how often the texts use them.

    A phrase counts as one item and its words are not counted again inside it, so a cloud
    never doubles a word. URLs, handles and hashtags are left out.

    :param phrases: multi-word phrases to count as units (the analysis's keyphrases)
    :param stop: more words to leave out (the event's hashtags, its title's words)
    """
    stop_words = STOP_WORDS | {s.casefold() for s in stop}
    cleaned = [_NOISE.sub(" ", t).replace("’", "'").casefold() for t in texts]
    counts: Counter[str] = Counter()
    for phrase in sorted({p.casefold() for p in phrases if " " in p.strip()}, key=len)[::-1]:
        pattern = re.compile(r"\b" + re.escape(phrase) + r"\b")
        n = 0
        for i, text in enumerate(cleaned):
            found = len(pattern.findall(text))
            if found:
                n += found
                cleaned[i] = pattern.sub(" ", text)
        if n:
            counts[phrase] += n
    for text in cleaned:
        for word in _WORD.findall(text):
            word = word.strip("'-")
            if len(word) > 2 and word not in stop_words and not word.endswith("'s"):
                counts[word] += 1
            elif word.endswith("'s") and word[:-2] not in stop_words and len(word) > 4:
                counts[word[:-2]] += 1
    return tuple((w, float(n)) for w, n in counts.most_common(limit))


# -- comparing texts (search, themes across events) ---------------------------------

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
