"""Documents a question names: "Under the MPL, how many days …?" asks about one licence.

In a folder of documents that say similar things (licences, API references, reports from
several sources), a question often names the document it is about, and the closest sentence
may well sit in another one: the GPL's "30 days" answered a question about the MPL. A name in
the question refers to documents when the catalog gives it for them — a word of their file
name, author or publisher ("MPL" of MPL-2.0.txt, "Morrow" of his article) — and no other
document's text uses it: a file named "russia-armenia-ties.txt" is not what every question
about Russia refers to. Titles are not read for this: every passage is indexed with its title,
so a title word already draws the search to its document, and in a collection such as
SciFact's, titles are text like any other. A title the question quotes is read, though
("According to 'New Directions in Armenia's Foreign Policy', where …?", "What does 'Decline &
Demise' say …?"): quotation marks in title case set it apart from the words of a passage, and
it is a reference to the document, not words the document must write (``qa.quoted``). The
search is then held to the named documents, and the answer says so.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence

from qa.mentions import fold, name_heads
from qa.quoted import Terms, holding, joined

#: A version glued to a name: "GPLv3", "MPL-2", "Python3", "COVID-19".
_VERSION = re.compile(r"(?<=[^\W\d_])[-_]?v?\d+(?:[.\-]\d+)*$", re.IGNORECASE)


def name_forms(word: str) -> list[str]:
    """A name's forms to look up, as written: itself, without a version ("GPLv3" -> "GPL"), and
    the parts of a hyphenated name ("Apache-licensed" -> "Apache", "licensed")."""
    forms = [word]
    bare = _VERSION.sub("", word)
    if bare != word and len(bare) > 1:
        forms.append(bare)
    forms += [part for part in re.split(r"[-‐‑–—]", bare) if len(part) > 1 and part != bare]
    return forms


def named_documents(
    names: Iterable[str],
    catalog: Mapping[str, frozenset[int]],
    documents_using: Callable[[str], set[int]],
    total: int,
) -> set[int]:
    """The documents (rows) the names refer to; empty when they refer to none.

    ``catalog`` maps each folded catalog word to the documents it belongs to, and
    ``documents_using(word)`` gives the documents whose indexed text holds the word. A word of
    a name refers to its catalog documents when it belongs to fewer than all of them ("txt" of
    every file name names none) and no other document's text holds it.
    """
    named: set[int] = set()
    for name, _ in name_heads(names):
        for word in name.split():  # "Apache License": "Apache" names the licence, not "License"
            for form in name_forms(word):
                if form.isdigit():  # "2023" of "Report-2023.txt" is a year, not a name
                    continue
                owners = catalog.get(fold(form))
                if owners and len(owners) < total and documents_using(form) <= owners:
                    named |= owners
                    break
    return named


#: A word a title writes in lower case, though the rest is capitalised ("Decline and Demise
#: of the …"); any other word of a quoted title is capitalised as titles are.
_SMALL_WORD = re.compile(r"(?:a|an|the|and|or|of|in|on|at|to|for|with|by|from|as|vs?\.?|&)$", re.IGNORECASE)


def quoted_titles(
    phrases: Sequence[str], titles: Sequence[str], texts: Sequence[str], terms: Terms
) -> dict[str, frozenset[int]]:
    """Of the phrases a question quotes, those that are a document's title or a run of two
    words or more of one, written in title case ("Decline & Demise" of "The Decline & Demise
    of the Armenian-Russian Relationship"), each with the rows of the documents whose title
    holds it. Title case keeps a quoted term out ("'foreign policy'" is not "New Directions in
    Armenia's Foreign Policy"), and so does another document's text writing the phrase: "the
    'Collective Security Treaty Organization'" is a name, whatever a title holds. ``titles``
    and ``texts`` are the documents', by row; words are compared as BM25 stems them
    (``qa.quoted.holding``)."""
    cased = [p for p in phrases if _title_cased(p)]
    if not cased or not titles:
        return {}
    held = [joined(t) for t in terms(titles)]
    found: dict[str, frozenset[int]] = {}
    for phrase, words in zip(cased, terms(cased), strict=True):
        if len(words) < 2:
            continue
        rows = frozenset(row for row, title in enumerate(held) if joined(words) in title)
        others = [row for row in range(len(texts)) if row not in rows]
        if rows and not any(holding([phrase], [texts[row] for row in others], terms)):
            found[phrase] = rows
    return found


def _title_cased(phrase: str) -> bool:
    words = phrase.split()
    return len(words) >= 2 and all(w[0].isupper() or not w[0].isalpha() or _SMALL_WORD.match(w) for w in words)


def catalog_index(entries: Sequence[Iterable[str]]) -> dict[str, frozenset[int]]:
    """Folded catalog word -> the rows of the documents it belongs to, from each document's
    catalog fields (file name, authors, publisher), split at every character that is neither
    letter nor digit ("CC0-1.0.txt" gives "cc0", "1", "0", "txt")."""
    found: dict[str, set[int]] = {}
    for row, fields in enumerate(entries):
        for field in fields:
            for word in re.findall(r"[^\W_]+", field):
                found.setdefault(fold(word), set()).add(row)
    return {w: frozenset(rows) for w, rows in found.items()}
