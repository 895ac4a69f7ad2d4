"""What a "how many" question counts, and what the figures of a sentence count.

The commonest wrong answer to a question the documents cannot answer is a figure about
something else: "How many Russian peacekeepers were killed?" finds "at least 200 ethnic
Armenians were killed during the offensive", "How many American soldiers took part in the
drills?" finds "… drills between the two countries". The sentence holds a figure, so the kind
check (``qa.cues.holds_asked_kind``) lets it through; what the figure counts is what tells. This
module reads the counted thing on both sides as words; the engine compares them with the
encoder, so "countries" and "six-nation" agree where spelling does not.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from qa.bm25 import ENGLISH_STOPWORDS
from qa.cues import strip_dates_and_labels
from qa.roles import same_name_word

#: "How many …" / "How much …", opening the question or after words that do not ask ("roughly
#: how many …", the keywords of a search: "sept 2022 attack how many soldiers killed"), not
#: inside a question asked otherwise ("Has Azerbaijan said how many soldiers it lost?" asks
#: whether it said).
_Q_COUNT = re.compile(
    r"^(?!\W*(?:who|whom|whose|what|whats|which|when|where|why|how(?! (?:many|much)\b)|is|are|was|were|has|have"
    r"|had|do|does|did|can|could|will|would|should|tell|explain)\b).*?\bhow (many|much)\s+(.*)$",
    re.I,
)
#: Words that count anything a sentence may call by its own name ("people" are Armenians,
#: residents, refugees …) or that a date answers as well as a figure ("how many years" -
#: "since 1991"): a figure about them is not checked.
_ANYTHING = frozenset(
    "people persons individuals times years months weeks days hours minutes decades centuries "
    "time money percent percentage members participants parties".split()
)
#: What a figure counts when it counts whoever the question asks about ("120,000 inhabitants"
#: are Armenians): such a figure is given the benefit of the doubt.
_ANYONE = frozenset("people persons individuals inhabitants residents civilians citizens".split())
#: Who serves in arms: a figure that counts a people ("200 ethnic Armenians") counts its
#: civilians and fighters alike, so it does not say how many of them were soldiers.
_ARMED = frozenset("soldier troop serviceman servicemen officer personnel fighter combatant peacekeeper guard".split())
_IRREGULAR_PLURALS = frozenset("people men women children police personnel staff troops cattle".split())
_STOP = frozenset(ENGLISH_STOPWORDS)
#: Endings of singular nouns in -s ("gas", "class", "status", "analysis"): no verb.
_NOT_VERB = ("ss", "us", "as", "is")
_WORD = re.compile(r"[a-z][a-z'’\-]*")
#: A figure: digits (dates and labels removed first) or a number word, then what it counts.
_FIGURE = re.compile(
    r"(?:\d[\d,.]*|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
    r"|thirty|forty|fifty|hundreds?|thousands?|millions?|billions?|dozens?|several))"
    r"(?:-(?P<unit>[a-z]+)|(?P<rest>(?:\s*[a-z%][a-z'’]*){1,6}))"
)
#: Words between a figure and what it counts: multipliers, "per cent", "of".
_SCALE = frozenset("hundred thousand million billion trillion dozen per cent percent % of the some".split())


@dataclass(frozen=True)
class Counted:
    """What a "How many / How much …" question counts."""

    which: str  # "many" or "much"
    head: str  # the noun counted, lower case: "soldiers"
    group: tuple[str, ...] = ()  # the names that say whose, lower case: ("russian",)
    #: A sum asked for as the value of the noun or what is paid for it (``_Q_SUM_OF``).
    sum_of: bool = False
    #: The count asked for is of the dead or wounded (``_Q_DEATHS``): "How many Russian
    #: peacekeepers were killed …?" is not answered by "some 2,000 Russian peacekeepers".
    deaths: bool = False

    def __str__(self) -> str:
        """What the question asks, for a notice: "how many soldiers", "for the value of trade"."""
        if self.sum_of:
            return f"for the value of {self.head}"
        return f"how {self.which} {self.head}" + (" were killed or wounded" if self.deaths else "")


#: A count of the dead or wounded asked for: "… were killed", "… died" ("lost" may be members, jobs …).
_Q_DEATHS = re.compile(r"\b(?:killed|died|dead|deaths?|perished|wounded|injured|casualties)\b", re.I)
#: A sentence speaking of the dead or wounded, lower-cased.
_S_DEATHS = re.compile(
    r"\b(?:kill(?:ed|ing|s)?|died|dies|dead|deaths?|toll|lost|losses|perished|wounded|injur(?:ed|ies|y)"
    r"|casualt(?:y|ies)|fatalit(?:y|ies)|victims?|lives)\b"
)


#: A sum asked for by what it is the value of, or what is paid for: "What was the total value
#: of trade …?", "How much does Armenia pay Russia for natural gas?", "By how much did Russia
#: raise the price of the gas …?". What follows, up to a stopword or a name, is what the sum
#: is of.
_Q_SUM_OF = re.compile(
    r"\b(?:value|cost|price|amount)\s+of\s+(?:the\s+|its\s+|their\s+)?(?P<of>.*)$"
    r"|\bhow much\b.*?\b(?:pays?|paid|spends?|spent|charges?|charged)\b.*?"
    r"\bfor\s+(?:the\s+|its\s+|their\s+)?(?P<for>.*)$",
    re.I,
)


def counted_thing(question: str) -> Counted | None:
    """What a question opening "How many X …" / "How much X …" counts, or None: "How much did X
    cost?" counts no noun, "How many of …" names none directly, and a noun anything may count
    ("people", "years", "members") is left alone. Names are read as the question writes them
    (the engine recases one typed in lower case). A sum asked for as the value or price of X,
    or as what is paid for X, counts X (``_Q_SUM_OF``)."""
    return _counted_noun(question.strip()) or _sum_of(question.strip())


def _counted_noun(question: str) -> Counted | None:
    """What "How many X …" / "How much X …" counts: X's noun."""
    match = _Q_COUNT.match(question)
    if match is None:
        return None
    which, rest = match.group(1).lower(), match.group(2).lower()
    written = _capitalised(question)
    run: list[str] = []
    for word in _WORD.findall(rest):
        # "How much X" counts its last word. A name after a common noun starts another phrase:
        # "how much military aid Armenia 2023", typed as keywords, counts aid, not Armenia.
        if word in _STOP or (which == "much" and word in written and run and run[-1] not in written):
            break
        run.append(word)
    if not run:
        return None
    if which == "many":
        # "US" is no plural: "How many US soldiers …" counts soldiers.
        head = next(
            (w for w in run if w in _IRREGULAR_PLURALS or (len(w) > 2 and w.endswith("s") and not w.endswith("ss"))),
            None,
        )
    else:
        head = run[-1]
    if head is None or head in _ANYTHING or len(head) < 3:
        return None
    if which == "much" and run[0] in written and head != run[0] and head.endswith("s") and not head.endswith(_NOT_VERB):
        # "How much Armenia needs Russia?", as a non-native speaker asks how much Armenia needs
        # it: "much" counts a mass noun, singular ("how much Russian gas"), so a word in -s
        # after a name is the clause's verb, and the question counts nothing.
        return None
    group = tuple(w for w in run[: run.index(head)] if w in written)
    return Counted(which, head, group, deaths=bool(_Q_DEATHS.search(rest)))


def _sum_of(question: str) -> Counted | None:
    """What a sum asked for is the value of, or paid for (``_Q_SUM_OF``): "much" and the last
    word before a stopword or a name ("the humanitarian aid Armenia sent" -> "aid")."""
    match = _Q_SUM_OF.search(question)
    if match is None:
        return None
    run: list[str] = []
    for word in re.findall(r"[\w'’\-]+", match.group("of") or match.group("for")):
        if word.lower() in _STOP or word[:1].isupper():
            break
        run.append(word.lower())
    if not run or run[-1] in _ANYTHING or len(run[-1]) < 3:
        return None
    return Counted("much", run[-1], sum_of=True)


def figure_units(sentence: str) -> list[list[str]]:
    """What each figure of ``sentence`` counts, as its words, names as the sentence writes them
    ("200 ethnic Armenians" -> "ethnic", "Armenians"; "a six-nation alliance" -> "nation": a
    hyphened figure counts its second half). Dates and labels ("Section 3.1") are no figures."""
    written = _capitalised(sentence)
    figures: list[list[str]] = []
    for match in _FIGURE.finditer(strip_dates_and_labels(sentence.lower())):
        if match.group("unit"):
            figures.append([match.group("unit")])
            continue
        units: list[str] = []
        for word in (match.group("rest") or "").split():
            if word in _SCALE:
                continue
            if word in _STOP:
                break
            units.append(written.get(word.strip("'’"), word.strip("'’")))
        figures.append([u for u in units if len(u) > 1])
    return [f for f in figures if f]


def _capitalised(text: str) -> dict[str, str]:
    """The capitalised words of ``text``, by their lower-case form: how the text writes them."""
    return {w.lower(): w for w in re.findall(r"[A-Z][\w'’\-]*", text)}


def content_words(sentence: str) -> list[str]:
    """The sentence's words that are not stopwords, lower-cased, each once."""
    return list(dict.fromkeys(w for w in _WORD.findall(sentence.lower()) if w not in _STOP and len(w) > 2))


def same_word(a: str, b: str) -> bool:
    """Spelt the same but for a plural's "s" ("Armenian" and "Armenians")."""
    return a.rstrip("s") == b.rstrip("s")


def _begins(head: str, word: str) -> bool:
    """Whether ``word`` is ``head`` with an ending ("dependent" of "depend"): five letters or more."""
    return len(head) >= 5 and word.lower().startswith(head)


def counts_it(counted: Counted, quote: str, closeness: Callable[[str, Sequence[str]], float], threshold: float) -> bool:
    """Whether ``quote`` counts what the question does.

    For "how many", a figure counts it when one of its words is the counted noun (plural aside)
    or at least ``threshold`` close to it by ``closeness`` (the highest cosine of the noun with
    the words). A figure that counts a people by name ("200 ethnic Armenians") counts casualties,
    victims or refugees alike; it is ruled out when the question names another people ("How
    many Russian peacekeepers …") or asks for soldiers (``_ARMED``): of a people, it does not
    say how many bore arms. A figure that counts people in general ("120,000
    inhabitants"), or a quote whose figures name nothing, is given the benefit of the doubt.
    For "how much", any word of the quote may be the noun, and a word it begins counts too: "how
    much … depend", as a non-native speaker asks it, is counted by "99% dependent" (the two
    read 0.48 apart)."""
    if counted.deaths and not _S_DEATHS.search(quote.lower()):
        return False  # it may count them, but not the dead or wounded among them
    if counted.which == "much":
        words = content_words(quote)
        return (
            not words
            or any(same_word(counted.head, w) or _begins(counted.head, w) for w in words)
            or closeness(counted.head, words) >= threshold
        )
    figures = figure_units(quote)
    if not figures:
        return True
    unnamed: list[str] = []
    for words in figures:
        lower = [w.lower() for w in words]
        if any(same_word(counted.head, w) or w in _ANYONE for w in lower):
            return True
        names = [w for w in words if w[:1].isupper()]
        if names and counted.head.rstrip("s") not in _ARMED:
            if not counted.group or any(same_name_word(g, n.lower()) for g in counted.group for n in names):
                return True
        else:
            unnamed += lower
    return bool(unnamed) and closeness(counted.head, unnamed) >= threshold
