"""Names in a question that the documents never mention.

A question about something the documents never name ("What did China say about the
offensive?", "What is the GDP of Armenia?") cannot be answered from them, however close a
sentence about the rest of it comes: the best such sentence is about what the corpus does
name (the offensive, Armenia). The similarity threshold and the subject check cannot see this;
a word count can, and it lets the answer say why it declines.

Writers name the same thing in several ways, and a question that names something the corpus
does mention must not be declined for its spelling. A name is split at linking words ("GDP of
Armenia" is two names) and judged by its last word, the one that says what it is: "Ilham
Aliyev" is mentioned by a corpus that writes only "Aliyev", "President Macron" is not by one
that writes "President" but no "Macron". That word counts as mentioned when the corpus holds
it as a word (any case, stemmed: what the BM25 index knows), when it is an acronym of a run of
capitalised words ("USAID" for "U.S. Agency for International Development"), or when a term of
the corpus is a near spelling of it: one edit apart, or the same but for its last letter
("Italy" and "Italian", "Pashinian" and "Pashinyan", "Turkiye" and "Türkiye"). Words of fewer
than five letters get no near spellings. When the last word is a common noun, one the texts
also write in lower case ("license", "court"), the name's other capitalised words say which
one is meant, and the first of them the corpus does not hold makes the name unmentioned: a
corpus of licences mentions "License" but not the "Eclipse Public License". Measured on the gold, holdout and blind sets
(docs/retrieval-and-answers.md, Abstention).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence

#: Words that join names ("GDP of Armenia", "U.S. Agency for International Development").
_LINKS = "of|de|the|for|and"
_LINK_SPLIT = re.compile(rf"\s+(?:(?:{_LINKS})\s+)+")
_WORD = re.compile(r"[^\W_]+(?:[’'\-][^\W_]+)*")
_POSSESSIVE = re.compile(r"[’']s?$")
#: Near spellings are looked for only for words this long: shorter ones match too much.
_MIN_VARIANT = 5


def name_heads(names: Iterable[str]) -> list[tuple[str, str]]:
    """Each name split at linking words, as (name, its last word), possessives removed:
    "GDP of Armenia's" -> ("GDP", "GDP"), ("Armenia", "Armenia")."""
    out: list[tuple[str, str]] = []
    for name in names:
        for part in _LINK_SPLIT.split(name):
            part = without_possessive(part.strip())
            words = _WORD.findall(part)
            if len(part) > 1 and words and (part, words[-1]) not in out:
                out.append((part, words[-1]))
    return out


def unmentioned(
    names: Iterable[str], texts: Sequence[str], knows: Callable[[str], bool], vocabulary: Iterable[str]
) -> list[str]:
    """The names (split at linking words) whose last word none of ``texts`` mentions, in the
    question's spelling.

    ``knows(word)`` says whether the corpus's word index holds the word, and ``vocabulary`` is
    that index's terms (lower case, stemmed): most names are answered by the first, a lookup.
    Only a word it does not hold is compared with every term for a near spelling, and only an
    acronym it does not hold is looked for, spelled out, in ``texts``: the engine passes the
    documents its answer would quote from, where a question's subject is spelled out if the
    corpus holds it (a regular expression over a whole large corpus costs too much per question).
    """
    todo = []
    for name, head in name_heads(names):
        if not knows(head):
            todo.append((name, head))
        elif _common(head, texts):
            # "Eclipse Public License" of a corpus that has licences but no Eclipse: when the last
            # word is a common noun, the words before it say which one is meant.
            todo += [(name, w) for w in _WORD.findall(name)[:-1] if w[:1].isupper() and not knows(w)][:1]
    if not todo:
        return []
    folded_terms = [t if t.isascii() else fold(t) for t in vocabulary]
    return list(dict.fromkeys(name for name, head in todo if not _mentioned(head, texts, folded_terms)))


def _common(word: str, texts: Sequence[str]) -> bool:
    """Whether ``texts`` write ``word`` in lower case too: a common noun ("license", "court"),
    not a name ("Aliyev")."""
    if not word[:1].isupper() or _is_acronym(word):
        return False
    pattern = re.compile(rf"\b{re.escape(word.lower())}(?:e?s)?\b")
    return any(pattern.search(text) for text in texts)


def _mentioned(word: str, texts: Sequence[str], terms: list[str]) -> bool:
    folded = fold(word)
    if _is_acronym(word):
        pattern = _acronym_pattern(word)
        if any(pattern.search(text) for text in texts):
            return True
    if len(folded) < _MIN_VARIANT:
        return folded in terms
    stem, n = folded[:-1], len(folded)
    return any(t.startswith(stem) for t in terms) or any(
        _one_edit(folded, t) for t in terms if n - 1 <= len(t) <= n + 1
    )


def near_spelling(a: str, b: str) -> bool:
    """Whether two words name the same thing by the rules above ("Zakharova" and "Zaharova"):
    equal once folded, or, for words of five letters or more, one edit apart."""
    x, y = fold(a), fold(b)
    return x == y or (min(len(x), len(y)) >= _MIN_VARIANT and _one_edit(x, y))


def without_possessive(word: str) -> str:
    """A name without its possessive: "Armenia’s" -> "Armenia", "Reuters'" -> "Reuters"."""
    return _POSSESSIVE.sub("", word)


def _is_acronym(word: str) -> bool:
    return len(word) >= 2 and word.isupper() and word.isalpha()


def _acronym_pattern(acronym: str) -> re.Pattern[str]:
    """The acronym itself, or a run of words or dotted initials it abbreviates."""
    return re.compile(rf"\b{re.escape(acronym)}\b|{expansion_pattern(acronym)}")


def expansion_pattern(acronym: str) -> str:
    """A regular expression for a run of words or dotted initials ``acronym`` abbreviates:
    "USAID" finds "U.S. Agency for International Development" (linking words may sit between
    them). An acronym ending in a Roman numeral abbreviates words and the numeral: "WWII" finds
    "World War II" (or "World War 2") as well as four words its letters begin."""
    links = rf"(?:(?:{_LINKS})\s+)*"
    letters = [re.escape(c) for c in acronym]
    inner = "".join(rf"(?:{c}\.\s*|{c}[\w’'\-]*\s+{links})" for c in letters[:-1])
    last = rf"(?:{letters[-1]}\.|{letters[-1]}[\w’'\-]*\b)"
    numbered = _NUMBERED.fullmatch(acronym)
    if numbered is None:
        return rf"\b(?:{inner}{last})"
    words = "".join(rf"{re.escape(c)}[\w’'\-]*\s+{links}" for c in numbered.group(1))
    numeral = numbered.group(2)
    return rf"\b(?:{inner}{last}|{words}(?:{numeral}|{_ROMAN.index(numeral) + 1})\b)"


#: Letters (two or more) and a Roman numeral: "WWII", "WWI".
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
_NUMBERED = re.compile(rf"([A-Z]{{2,}}?)({'|'.join(sorted(_ROMAN, key=len, reverse=True))})")


def fold(word: str) -> str:
    """Lower case without diacritics or apostrophes: "Türkiye's" and "turkiyes" compare equal."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if c.isalnum())


def _one_edit(a: str, b: str) -> bool:
    """True when ``b`` is ``a``, or ``a`` with one letter substituted, inserted or deleted."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return a == b
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = next((i for i, (x, y) in enumerate(zip(short, long, strict=False)) if x != y), len(short))
    return short[i:] == long[i + 1 :]
