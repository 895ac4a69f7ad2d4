"""Reading a question's misspelt words as the documents spell them.

A question typed in a hurry ("is armenia formaly quitting the csto") loses the misspelt word
twice: BM25 has no such term, and the encoder cuts it into word pieces that mean little. The
word is read as the documents' word one edit away ("formally"), and the answer says so.

Only a word nothing knows is read again: not the documents (it would be their word), not the
encoder's vocabulary as one piece, not an English dictionary (pyspellchecker's word list,
loaded the first time a question needs it). "pretext", "wavering" or "expel" stay as typed,
though a document word lies one edit away ("pretest", "watering", "excel").

A name is no English word: "Lavrow", "Karabah", "Azerbajan" or "Aliev" have no English word
one edit away, and the encoder cuts them into pieces as it does any misspelling, while BM25
finds nothing. Such a word, typed with a capital (five letters or more) or without, reads as
the documents' word one edit away when exactly one is: the mention check already takes the
one for the other (``qa.mentions.near_spelling``). Two words one edit away ("Irak": "Iran",
"Iraq") leave it as typed, and so does a capitalised word four letters long or shorter.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

_LETTERS = "abcdefghijklmnopqrstuvwxyz"
#: Words of four letters or more, typed in lower case; shorter ones have too many neighbours.
#: A name, capitalised, of five letters or more (``_MIN_NAME``).
_WORD = re.compile(r"(?<![\w’'-])[A-Za-z][a-z]{3,}(?![\w’'-])")
_MIN_NAME = 5


@dataclass(frozen=True)
class Respelling:
    """A word of the question read as another: ``typed`` at ``start`` reads as ``read``."""

    typed: str
    read: str
    start: int

    @property
    def notice(self) -> str:
        return f"read “{self.typed}” as “{self.read}”"


class EnglishWords:
    """An English word list with frequencies (pyspellchecker's), loaded on first use: about
    0.7 s, paid only by a question holding a word neither the documents nor the encoder know."""

    def __init__(self) -> None:
        self._words: object | None = None
        self._lock = threading.Lock()

    def _checker(self) -> object:
        with self._lock:
            if self._words is None:
                from spellchecker import SpellChecker

                self._words = SpellChecker(language="en", distance=1)
            return self._words

    def frequency(self, word: str) -> float:
        """How often ``word`` is written in English (0 when it is no English word)."""
        checker = self._checker()
        return float(checker.word_usage_frequency(word)) if word in checker else 0.0  # type: ignore[attr-defined, operator]


#: How likely a slip each kind of edit undoes, relatively (``one_edit_away``): a letter left
#: out or two letters swapped, a letter too many, a wrong letter. A candidate word's English
#: frequency is weighed by these odds: "wher" reads as "where" (a letter left out), not as the
#: commoner "her" (one too many) or "when" (one wrong); "baise" as "base", not the rare "basie".
SLIP_ODDS = (1.0, 0.1, 0.03)


def one_edit_away(word: str) -> dict[str, int]:
    """Every string one edit from ``word``, with the kind of slip that edit undoes: 0 for a
    letter left out or two swapped ("trainng", "gaurds"), 1 for a letter too many, 2 for a
    wrong letter (``SLIP_ODDS``)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    edits = {a + c + b[1:]: 2 for a, b in splits if b for c in _LETTERS}
    edits |= {a + b[1:]: 1 for a, b in splits if b}
    edits |= {a + c + b: 0 for a, b in splits for c in _LETTERS}
    edits |= {a + b[1] + b[0] + b[2:]: 0 for a, b in splits if len(b) > 1}
    edits.pop(word, None)
    return edits


def respellings(
    question: str,
    in_documents: Callable[[Sequence[str]], set[str]],
    one_piece: Callable[[str], bool],
    english: EnglishWords,
) -> list[Respelling]:
    """The question's misspelt words and how the documents spell them.

    ``in_documents(words)``: those of ``words`` the documents hold (as BM25 indexes them:
    stemmed, so "formally" is known through "formal"). ``one_piece(word)``: the encoder reads it
    as one word piece, a word it knows. A word none of them nor the English word list knows is
    read as the English word one edit away that the documents hold and that is likeliest meant:
    its frequency weighed by the odds of the slip (``SLIP_ODDS``). With none, it is read as the
    one word one edit away the documents hold and English does not, if only one is (a name:
    "Lavrow" as "Lavrov"); else it stays as typed. A capitalised word is read only so: a name
    is no English word.
    """
    # Cheapest first: a word-piece lookup, then the index (one call for all words), then the
    # word list (loaded by the first question that gets this far).
    matches = [m for m in _WORD.finditer(question) if _checked(m.group(0)) and not one_piece(m.group(0).lower())]
    known = in_documents([m.group(0) for m in matches])
    found = []
    for match in matches:
        word = match.group(0)
        lower = word.lower()
        if word in known or _english(lower, english):
            continue
        edits = one_edit_away(lower)
        options = [] if word != lower else [(english.frequency(w) * SLIP_ODDS[slip], w) for w, slip in edits.items()]
        options = [(odds, w) for odds, w in options if odds > 0]
        held = in_documents([w for _, w in options])
        options = [(odds, w) for odds, w in options if w in held]
        if options:
            found.append(Respelling(word, max(options)[1], match.start()))
            continue
        spelt = [*edits, *transliterations(lower)]
        names = {w for w in in_documents(spelt) if english.frequency(w) == 0}  # "Aliev" is not "alive"
        if len(names) == 1:
            read = names.pop()
            found.append(Respelling(word, read.capitalize() if word != lower else read, match.start()))
    return found


#: A Russian name's ending as an older or German-style transliteration writes it: "Lavroff" for
#: "Lavrov", "Medvedeff" for "Medvedev", "Peskow" for "Peskov" (two edits apart for the first two).
_OLD_ENDINGS = (("off", "ov"), ("eff", "ev"), ("ow", "ov"), ("ew", "ev"), ("ski", "sky"), ("skiy", "sky"))


def transliterations(word: str) -> list[str]:
    """``word`` (lower case) as other transliterations of a Russian name write it, if any."""
    return [word[: -len(old)] + new for old, new in _OLD_ENDINGS if word.endswith(old) and len(word) > len(old) + 2]


def unknown_words(question: str, in_documents: Callable[[Sequence[str]], set[str]], english: EnglishWords) -> list[str]:
    """The words of four letters or more that neither the documents nor English know, as
    typed: in a question typed in lower case, names ("erdogan"), which the mention check reads
    as it reads capitalised ones (``qa.mentions``). A word one edit from an English word is
    a spelling of it, not a name ("defence", "dependant": the word list is American)."""
    words = [m.group(0) for m in _WORD.finditer(question) if m.group(0).islower()]
    known = in_documents(words)
    return [
        w
        for w in words
        if w not in known and not _english(w, english) and not any(english.frequency(e) > 0 for e in one_edit_away(w))
    ]


def _english(word: str, english: EnglishWords) -> bool:
    """An English word, or one typed without its apostrophe ("doesnt" for "doesn't")."""
    return english.frequency(word) > 0 or english.frequency(f"{word[:-1]}'{word[-1]}") > 0


def _checked(word: str) -> bool:
    """Whether a word is looked at: any word in lower case, a capitalised one long enough to be
    told from other names."""
    return word.islower() or len(word) >= _MIN_NAME


def respelled(question: str, changes: list[Respelling]) -> str:
    """``question`` with each change's word replaced by how it reads."""
    for change in sorted(changes, key=lambda c: c.start, reverse=True):
        question = question[: change.start] + change.read + question[change.start + len(change.typed) :]
    return question
