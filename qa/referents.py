"""Descriptions a question gives in place of a name, read as the name the documents define.

A reader who does not know an acronym describes what it names: "Is Armenia formally quitting
the Russian-led security alliance?", where the articles write "CSTO" and define it once, "the
Collective Security Treaty Organization (CSTO), a six-nation military alliance led by
Moscow". Neither BM25 nor the encoder links the two: the question's words are spread over
every sentence about security and alliances, and the sentence that answers ("Armenia is not
pursuing formal withdrawal from the CSTO …") ranked second or third. Blind-set writers, who
avoid acronyms, asked such questions again and again (24 of them across the question sets).

So the documents' definitions are gathered (an acronym with its spelling out in brackets,
and the description set beside it), the question's descriptions are found (a lower-case noun
phrase ending in a word for an institution: bloc, alliance, court …), and a description that
reads close to one definition, and clearly closer to it than to any other, is followed by
the name in brackets: "… the Russian-led security alliance (CSTO)?". The answer says so, as it
does for a respelt word. English only; a corpus that defines no acronym reads every question
as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

#: Nouns that name institutions: what a description of a defined name ends with.
_HEADS = (
    "bloc|blocs|alliance|alliances|pact|pacts|organi[sz]ation|organi[sz]ations|union|unions|court|courts|tribunal"
    "|tribunals|institute|institutes|agency|agencies|committee|committees|coalition|coalitions|commonwealth"
)
_HEAD = re.compile(rf"\b(?:{_HEADS})\b")
#: Words a description does not reach past, going back from its head.
_BOUNDARY = frozenset(
    "the a an of to in on at for from by with and or its their his her our this that these those which who whom"
    " what is are was were be been has have had do does did will would can could should".split()
)
_WORD_BEFORE = re.compile(r"([\w’'\-]+)\s+$")
_RUN = r"(?:[A-Z][\w’'.\-]*\s+(?:(?:of|for|and|the|de|on|in)\s+)*)*[A-Z][\w’'.\-]*"
#: "Collective Security Treaty Organization (CSTO), a six-nation military alliance led by
#: Moscow" and "CSTO (Collective Security Treaty Organization)": the name, its spelling out and
#: the description set beside it.
_DEFINITION = re.compile(
    rf"(?P<run>{_RUN})\s*\(\s*(?P<name>[A-Z]{{2,8}})\s*\)(?:,\s+(?P<desc>(?:a|an|the)\s+[^.,;()]+))?"
    rf"|\b(?P<name2>[A-Z]{{2,8}})\s*\(\s*(?P<run2>{_RUN})\s*\)(?:,\s+(?P<desc2>(?:a|an|the)\s+[^.,;()]+))?"
)


@dataclass(frozen=True)
class DefinedName:
    """An acronym the documents spell out, and how they write what it names."""

    name: str  # "CSTO"
    forms: tuple[str, ...]  # "Collective Security Treaty Organization, a six-nation military alliance …"


@dataclass(frozen=True)
class Linked:
    """A description of the question read as a defined name."""

    description: str  # as the question writes it
    name: str
    end: int  # where the description ends in the question

    @property
    def notice(self) -> str:
        return f"read “{self.description}” as {self.name}"


def defined_names(texts: Iterable[str]) -> tuple[DefinedName, ...]:
    """Every acronym ``texts`` spell out, with each spelling out (and the description set
    beside it, when there is one), in the order first met."""
    forms: dict[str, dict[str, None]] = {}
    for text in texts:
        for match in _DEFINITION.finditer(text):
            name = match.group("name") or match.group("name2")
            run = _spelled_part(name, match.group("run") or match.group("run2"))
            if run is None:
                continue
            desc = match.group("desc") or match.group("desc2")
            forms.setdefault(name, {})[f"{run}, {desc.strip()}" if desc else run] = None
    return tuple(DefinedName(name, tuple(f)) for name, f in forms.items())


def _spelled_part(name: str, run: str) -> str | None:
    """The end of ``run`` that spells ``name`` out: "Russia and the Collective Security Treaty
    Organisation" -> "Collective Security …". None when no end of it begins with the name's
    first letter."""
    words = run.split()
    for i, word in enumerate(words):
        if word[:1] == name[:1] and word[:1].isupper():
            return " ".join(words[i:])
    return None


_BRACKETED = re.compile(r" \(([^()]+)\)")


def descriptions(question: str) -> list[tuple[str, int]]:
    """The question's descriptions of an institution, with where each ends: "Russian-led
    security alliance", "Eurasian economic bloc" (a head noun in lower case and up to three
    words before it, back to a function word). A capitalised head is part of a name, which the
    question already gives."""
    found = []
    for head in _HEAD.finditer(question):
        words: list[str] = []
        before = question[: head.start()]
        while len(words) < 3 and (match := _WORD_BEFORE.search(before)) is not None:
            word = match.group(1)
            if word.lower() in _BOUNDARY or word.lower().endswith(("'s", "’s")) or word.isdigit():
                break
            words.insert(0, word)
            before = before[: match.start()]
        if words:  # a bare "the alliance" says too little to read as any one name
            found.append((" ".join([*words, head.group(0)]), head.end()))
    return found


def linked_names(
    question: str,
    found: Sequence[tuple[str, int]],
    names: Sequence[DefinedName],
    similarity: Callable[[list[str]], np.ndarray],
    threshold: float,
    margin: float,
) -> list[Linked]:
    """The question's descriptions (``found``: ``descriptions(question)``) that read as one of
    ``names``: their cosine with one of its forms reaches ``threshold`` and beats every other
    name's by ``margin``. ``similarity(texts)``
    gives the cosines of each text with every form of every name, in the order of ``names``
    and their forms. A name the question already holds is not read in again."""
    if not found or not names:
        return []
    owners = np.array([i for i, n in enumerate(names) for _ in n.forms])
    cosines = similarity([text for text, _ in found])
    out = []
    for (text, end), row in zip(found, cosines, strict=True):
        best = np.array([row[owners == i].max() for i in range(len(names))])
        order = np.argsort(-best)
        first = int(order[0])
        second = float(best[order[1]]) if len(order) > 1 else -1.0
        name = names[first].name
        if best[first] >= threshold and best[first] - second >= margin and not re.search(rf"\b{name}\b", question):
            out.append(Linked(text, name, end))
    return out


def described(question: str, names: Sequence[DefinedName]) -> list[str]:
    """The question's descriptions that a defined name in brackets follows, as ``with_names``
    writes them ("the Hague tribunal (ICC)"): the name says what they mean, so their own
    words are no names the documents must mention."""
    defined = {n.name for n in names}
    return [
        text
        for text, end in descriptions(question)
        if (match := _BRACKETED.match(question, end)) is not None and match.group(1) in defined
    ]


def with_names(question: str, links: Sequence[Linked]) -> str:
    """``question`` with each linked name in brackets after its description."""
    for link in sorted(links, key=lambda link: -link.end):
        question = f"{question[: link.end]} ({link.name}){question[link.end :]}"
    return question
