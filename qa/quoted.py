"""Questions that quote words, and sentences that hold them.

"Who said "Americans bring trouble wherever they go"?" was declined on the shipped corpus,
whose passage ranked first holds "… Lavrov … said that "Americans bring trouble wherever they
go"": the question's vector is mostly the quotation, the sentence's mostly the rest (cosine
0.39). "Who called the CSTO the "Collective Insecurity Treaty Organization"?" quoted a sentence
on the Collective *Security* Treaty Organization. A reader who puts words in quotation marks
is looking for where they are written, as a search engine reads them: so a question quoting
words is answered by a sentence holding all of them, in order, when the candidates hold one;
its passage ranks first in hybrid search. When none does, a quotation of three words or more
is a verbatim claim the documents do not hold, and the question is declined, saying so ("no
passage found writes “we will never leave Karabakh”"); a shorter one is often a word put in
scare quotes ("Armenia's "pivot" to the West"), and the general rules decide.

Words are compared as BM25 stems them, lower case, punctuation aside, every word kept ("not"
included, which BM25 leaves out): "Secondary Licenses" is held by "“Secondary License” means …",
"Russia's" by "Russia’s", but "we are not Russia's ally" not by "we are Russia's ally". Quotation marks
are double (straight or curly), guillemets, curly single ones, or straight single ones that
open after a space and close before one: an apostrophe ("Russia's") neither opens nor closes
a quotation.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

_QUOTED = re.compile(
    r"\"([^\"]+)\"|“([^”]+)”|„([^“”]+)[“”]|«([^»]+)»"
    r"|‘((?:[^’]|(?<=\w)’(?=\w))+)’(?!\w)"  # an apostrophe inside ("Russia’s") does not close it
    r"|(?:^|(?<=[\s(]))'((?:[^']|(?<=\w)'(?=\w))+)'(?=[\s?!.,;:)]|$)"
)

#: Each text's stemmed words in order (``qa.bm25.Bm25Index.stemmed_words``).
Terms = Callable[[Sequence[str]], list[list[str]]]


def quoted_phrases(question: str) -> tuple[str, ...]:
    """What the question puts in quotation marks, as written, each once."""
    found: list[str] = []
    for match in _QUOTED.finditer(question):
        quoted = next(g for g in match.groups() if g is not None).strip()
        if quoted and quoted not in found:
            found.append(quoted)
    return tuple(found)


def holding(phrases: Sequence[str], texts: Sequence[str], terms: Terms) -> list[bool]:
    """Which of ``texts`` hold every phrase's words, in order and next to each other; none
    when no phrase has a word.

    Only texts that write every word's stem but its last letter (a stem may end otherwise than
    the word: "mechan", "happi") are split into words: a search over SciFact's 2,000 candidates
    would otherwise spend some 100 ms stemming them."""
    lists = [t for t in terms(phrases) if t]
    if not lists:
        return [False] * len(texts)
    stems = {w[:-1] or w for t in lists for w in t}
    lowered = [text.lower() for text in texts]
    maybe = [i for i, low in enumerate(lowered) if all(stem in low for stem in stems)]
    wanted = [joined(t) for t in lists]
    found = [False] * len(texts)
    for i, words in zip(maybe, terms([texts[i] for i in maybe]), strict=True):
        held = joined(words)
        found[i] = all(w in held for w in wanted)
    return found


def in_quotes(term: str, texts: Sequence[str], terms: Terms) -> list[bool]:
    """Which of ``texts`` put exactly ``term`` in quotation marks, compared as BM25 stems words:
    a term a text quotes is one it introduces or holds at arm's length, and the words around it
    say what it is ("a pursuit of “complementarity”—a struggle to maintain a strategic balance …",
    "the military drill was named “Eagle Partner”")."""
    wanted = terms([term])[0]
    if not wanted:
        return [False] * len(texts)
    longest = 4 * len(term) + 8  # a longer quotation is a sentence quoted, not the term
    found = [False] * len(texts)
    for i, text in enumerate(texts):
        phrases = [p for p in quoted_phrases(text) if len(p) <= longest]
        found[i] = bool(phrases) and any(t == wanted for t in terms(phrases))
    return found


def verbatim_claims(phrases: Sequence[str], terms: Terms) -> tuple[str, ...]:
    """The phrases long enough (three words or more) that not finding them declines the question."""
    return tuple(p for p, t in zip(phrases, terms(phrases), strict=True) if len(t) >= 3)


def joined(terms: list[str]) -> str:
    """Stemmed words as one string to look runs up in: a run is held when ``joined(run) in joined(words)``."""
    return " " + " ".join(terms) + " "
