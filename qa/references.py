"""Documents a question names: "Under the MPL, how many days …?" asks about one licence.

In a folder of documents that say similar things (licences, API references, reports from
several sources), a question often names the document it is about, and the closest sentence
may well sit in another one: the GPL's "30 days" answered a question about the MPL. A name in
the question refers to documents when the catalog gives it for them — a word of their file
name, author or publisher ("MPL" of MPL-2.0.txt, "Morrow" of his article) — and no other
document's text uses it: a file named "russia-armenia-ties.txt" is not what every question
about Russia refers to. Titles are not read for this: every passage is indexed with its title,
so a title word already draws the search to its document, and in a collection such as
SciFact's, titles are text like any other. The search is then held to the named documents,
and the answer says so.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence

from qa.mentions import fold, name_heads

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
