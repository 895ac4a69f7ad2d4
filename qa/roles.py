"""Questions that ask who holds a role or who a person is, and sentences that say so.

"Who is the prime minister of Armenia?" is answered by a sentence that names someone *as*
the prime minister of Armenia ("Armenian Prime Minister Nikol Pashinyan said …"), not by the
sentence closest to the question: that was "While the Prime Minister did not name any
country …", which names nobody. News and reference prose name a role holder in two fixed
ways, a title before the name ("Russian Foreign Minister Sergey Lavrov", "First Lady of
Ukraine Olena Zelenskaya", "Pashinyan's wife, Anna Hakobian") or an apposition after it
("Armen Grigoryan, head of Armenia's security council"), so a sentence either does this for
the role asked about or it does not answer. Which one matters: "Who is Armenia's foreign
minister?" is not answered by "Russian Foreign Minister Sergey Lavrov", so every word that
says which role (foreign, Armenia) must stand in the title or the apposition itself.

The converse, "Who is Maria Zakharova?", is answered the same way by a sentence that gives the
person a title or an apposition ("Russian Foreign Ministry Spokesman Maria Zaharova").

Only questions of these plain forms count: "Who is/was [the|X's] ROLE [of …]?", "What is (what's)
the name of ROLE?" and "Who leads X?", with a role noun from ``ROLE_NOUNS``, and "Who is NAME?"
in capitalised words; a source named first ("According to the RCDS article, who is …?") is
read past. Anything else ("Who is Armenia's only ally?", "Who is the president
that …?") is left to the general answer step. English only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from qa.mentions import near_spelling, without_possessive

#: Nouns that name a position a person holds. A question whose role ends in one of these is
#: a role question; a capitalised one in a sentence is part of a title, not of a name.
ROLE_NOUNS = frozenset(
    """
    minister president premier chancellor leader head chief chair chairman chairwoman chairperson
    secretary general spokesman spokeswoman spokesperson ambassador envoy representative governor
    mayor speaker director commander ceo founder owner king queen prince princess emperor pope
    lady wife husband successor predecessor deputy judge prosecutor administrator manager editor
    coach captain dean rector boss monarch ruler commissioner ombudsman attorney adviser advisor
    negotiator mediator patriarch president-elect diplomat
    """.split()
)
#: Words before a name that are neither the name nor the role: "Mr. Power", "acting".
_HONORIFICS = frozenset("mr mrs ms mx dr prof sir dame former acting deputy interim then new current".split())
TITLE_WORDS = ROLE_NOUNS | _HONORIFICS
_SPOKES = (("spokesman",), ("spokeswoman",), ("spokesperson",))
_LEADER = (
    ("leader",),
    ("head",),
    ("chief",),
    ("president",),
    ("prime", "minister"),
    ("premier",),
    ("chancellor",),
    ("chairman",),
    ("chairwoman",),
    ("chair",),
)
#: The same position, however the question or the sentence words it.
_SYNONYMS: dict[str, tuple[tuple[str, ...], ...]] = {
    **dict.fromkeys(["spokesman", "spokeswoman", "spokesperson"], _SPOKES),
    **dict.fromkeys(["leader", "head", "chief", "boss", "ruler"], _LEADER),
    **dict.fromkeys(["chair", "chairman", "chairwoman", "chairperson"], (*_LEADER[7:], ("chairperson",))),
    **dict.fromkeys(["adviser", "advisor"], (("adviser",), ("advisor",))),
    "ceo": (("ceo",), ("chief", "executive")),
    **dict.fromkeys(["envoy", "representative", "emissary"], (("envoy",), ("representative",), ("emissary",))),
    # A diplomat asked about is an envoy, a representative or an ambassador in the text.
    "diplomat": (("diplomat",), ("envoy",), ("representative",), ("emissary",), ("ambassador",)),
}
#: "Who leads X?": the verb stands for the role.
_VERBS: dict[str, str] = {
    **dict.fromkeys("leads led heads headed runs ran governs governed rules ruled".split(), "leader"),
    **dict.fromkeys("chairs chaired".split(), "chair"),
    **dict.fromkeys("commands commanded".split(), "commander"),
    **dict.fromkeys("directs directed".split(), "director"),
    **dict.fromkeys("manages managed".split(), "manager"),
    **dict.fromkeys("founded".split(), "founder"),
    **dict.fromkeys("owns owned".split(), "owner"),
}
_PREPOSITIONS = frozenset("of for to at in on".split())
#: Words inside a name or a title of several words: "Commonwealth of Independent States".
_CONNECTORS = frozenset("of for and the de da von van al bin".split())
_FILLER = frozenset("the a an of for to at in on and".split())
#: A word ("Armenia’s", "U.S.", "president-elect") or a punctuation mark.
_TOKEN = re.compile(r"\w(?:[\w’'\-]|\.(?=\w))*(?:(?<=\.\w)\.)?|[^\w\s]")
#: "Who is the prime minister of Armenia?", "Who was Russia's foreign minister?",
#: "Who is head of the council?": the role, then what it is of, and nothing else.
_ASKED = re.compile(
    r"^\W*who(?:\s+(?:is|was|are|were)|['’]s)\s+(?:currently\s+|now\s+)?(?P<role>[^?]+?)\s*\?*\s*$",
    re.I,
)
_NAME_OF = re.compile(r"^\W*what(?:\s+(?:is|was)|['’]?s)\s+(?:the\s+)?name\s+of\s+", re.I)
#: "According to the RCDS article, who is …?": the source named first, then the question.
_ACCORDING_TO = re.compile(r"^\W*(?:according\s+to|in|per)\s+[^,?]{1,80},\s*(?=(?:who|what)\b)", re.I)
_ASKED_VERB = re.compile(r"^\W*who\s+(?:currently\s+|now\s+)?(?P<verb>\w+)\s+(?P<what>[^?]+?)\s*\?*\s*$", re.I)
#: A clause in the role ("the president that Armenia might arrest") makes it no plain role.
_CLAUSE_WORDS = frozenset(
    "that who whom whose which when where why how is are was were do does did has have had will would can could"
    " should may might must not".split()
)


@dataclass(frozen=True)
class PersonQuestion:
    """A question that asks who a named person is ("Who is Maria Zakharova?")."""

    #: The name's words, lower case, without titles: ("maria", "zakharova").
    name: tuple[str, ...]


@dataclass(frozen=True)
class RoleQuestion:
    """A question that asks who holds a role."""

    #: Ways to write the role's title, each a run of lower-case words: (("prime", "minister"),).
    titles: tuple[tuple[str, ...], ...]
    #: Words that say which such role, all of which a naming must hold: ("prime", "armenia").
    required: tuple[str, ...]
    #: What the question asks, for a notice: "who is the prime minister of Armenia".
    phrase: str

    @property
    def loose(self) -> bool:
        """Whether the role is one a text names its holder in without writing it: a leader
        ("Pashinyan said …"), unlike a minister or a commander, whose title goes with the name."""
        return self.titles[0][-1] in _LOOSE_ROLES  # the title asked about; the others are its kin


def asks_who_is(question: str) -> RoleQuestion | PersonQuestion | None:
    """What a "who is" question asks: the holder of a role, what a named person is, or
    neither (None)."""
    return role_question(question) or person_question(question)


def says_who(asked: RoleQuestion | PersonQuestion, sentence: str) -> bool:
    """Whether ``sentence`` answers ``asked``: names the role's holder, or says what the
    person is."""
    if isinstance(asked, RoleQuestion):
        return names_holder(asked, sentence)
    return introduces(asked, sentence)


def role_question(question: str) -> RoleQuestion | None:
    """The role ``question`` asks the holder of, or None when it asks something else."""
    role = None
    question = _NAME_OF.sub("Who is ", _ACCORDING_TO.sub("", question))  # "What is the name of Russia's ambassador …?"
    match = _ASKED.match(question)
    if match:
        role = _from_role(match.group("role"), None)
    else:
        match = _ASKED_VERB.match(question)
        if match and match.group("verb").lower() in _VERBS:
            role = _from_role(match.group("what"), _VERBS[match.group("verb").lower()])
    if role is None:
        return None
    asked = re.sub(r"^\W*who", "who", question.strip(), flags=re.I).rstrip("?").strip()
    return replace(role, phrase=asked)


def role_before_clause(question: str) -> RoleQuestion | None:
    """The role a "who is" question asks about when a clause goes on to say which holder ("Who
    was the Kremlin spokesman who rejected …?", "What's the name of the ambassador Russia
    summoned?"): the role without the clause, or None for a plain role question or none.

    Too loose to accept an answer by (any "President X" would answer "Who is the president who
    resigned?"); it serves only to see that a sentence leaves the holder unnamed
    (``leaves_unnamed``)."""
    question = _NAME_OF.sub("Who is ", _ACCORDING_TO.sub("", question))
    # "Which Russian general commands the peacekeepers?" asks who is the Russian general who does.
    if (which := _WHICH_ROLE.match(question)) is not None:
        question = f"Who is the {which.group('role')} who {which.group('rest')}?"
    match = _ASKED.match(question)
    if match is None or role_question(question) is not None:
        return None
    words = [w for w in _TOKEN.findall(match.group("role")) if w != "."]
    cut = next((i for i, w in enumerate(words) if w.lower() in _CLAUSE_WORDS), None)
    if cut is None:  # a reduced clause ("the ambassador Russia summoned"): up to the role noun
        cut = 1 + max((i for i, w in enumerate(words[:6]) if w.lower() in ROLE_NOUNS), default=-1)
    return _from_role(" ".join(words[:cut]), None) if cut else None


#: Role nouns a text may leave out where it names the holder.
_LOOSE_ROLES = frozenset("leader leaders".split())

#: "Which [adjectives] ROLE VERB …?": up to three words before a role noun, then the rest.
_WHICH_ROLE = re.compile(
    rf"^\W*which\s+(?P<role>(?:[\w’'\-]+\s+){{0,3}}?(?:{'|'.join(sorted(ROLE_NOUNS, key=len, reverse=True))}))"
    r"\s+(?P<rest>[^?]+?)\s*\?*\s*$",
    re.I,
)

#: Words before a title that leave its holder unnamed unless a name goes with it: "a Kremlin
#: spokesman", "its representative", "Armenia's Ambassador", "the Armenian envoy … was recalled".
_UNNAMING = frozenset("a an the its his her their our your one another".split())


def leaves_unnamed(role: RoleQuestion, sentence: str) -> bool:
    """Whether ``sentence`` speaks of ``role``'s holder without naming them: the title follows
    "a", "the", "its" or a possessive, or is plural, and nowhere does the sentence name a holder
    of it."""
    tokens = _TOKEN.findall(sentence)
    lower = [t.lower() for t in tokens]
    for title in role.titles:
        n = len(title)
        for i in range(1, len(tokens) - n + 1):
            written = _title_at(lower, i, title)
            if written is None:
                continue
            before = lower[max(0, i - 3) : i]
            if written == "plural" or any(w in _UNNAMING or w.endswith(("'s", "’s")) for w in before):
                return not names_holder(role, sentence)
    return False


#: "What title does Samantha Power hold?", "What is Armen Grigoryan's position?": who a named
#: person is, asked by their post. ("What role did the court play …?" asks something else.)
_TITLE_ASKED = re.compile(
    r"^\W*what\s+(?:(?P<t1>title|post|job|office|rank)|position)\s+(?:does|did|do)\s+(?P<a>[^?]+?)\s+"
    r"(?:hold|have|occupy)\W*$"
    r"|^\W*what(?:\s+(?:is|was)|['’]s)\s+(?P<b>[^?]+?)['’]s?\s+(?:(?P<t2>title|post|job|office|rank)|position)\W*$",
    re.I,
)
#: A person's name of two words or more: "Armenia's position" is a country's stance, not a post.
_FULL_NAME = re.compile(r"[A-Z][\w’'\-.]*(?:\s+[A-Z][\w’'\-.]*)+")


def post_asked(question: str) -> str | None:
    """The person whose post ``question`` asks for ("Samantha Power" for "What title does
    Samantha Power hold?"), as the question writes the name; None for any other question."""
    title = _TITLE_ASKED.match(question)
    if title is None:
        return None
    who = title.group("a") or title.group("b")
    return who if title.group("t1") or title.group("t2") or _FULL_NAME.fullmatch(who) else None


def person_question(question: str) -> PersonQuestion | None:
    """The person ``question`` asks about, when it asks only who a named person is."""
    if (who := post_asked(question)) is not None:
        question = f"Who is {who}?"
    elif _TITLE_ASKED.match(question):
        return None
    match = _ASKED.match(question)
    if not match:
        return None
    words = [w for w in _TOKEN.findall(match.group("role")) if w != "."]
    if not 1 <= len(words) <= 5 or not all(w[:1].isupper() and w[:1].isalpha() for w in words):
        return None
    name = tuple(_bare(w) for w in words if _bare(w).rstrip(".") not in TITLE_WORDS)
    if not name or words[-1].lower() in ROLE_NOUNS:
        return None
    return PersonQuestion(name)


def introduces(person: PersonQuestion, sentence: str) -> bool:
    """Whether ``sentence`` says what the person is: a title before their name ("Russian
    Foreign Ministry Spokesman Maria Zaharova") or an apposition after it ("Armen Grigoryan,
    head of Armenia's security council"). Their surname may be spelled a little differently."""
    surname = person.name[-1]
    low = sentence.lower()
    if surname[:3] not in low and surname[-3:] not in low:
        return False  # one edit leaves one end of a name of six letters or more as it was
    tokens = _TOKEN.findall(sentence)
    lower = [_bare(t) for t in tokens]
    for i, token in enumerate(tokens):
        if not token[:1].isupper() or not near_spelling(surname, lower[i]):
            continue
        # A title: back over capitalised words and the words joining them ("First Lady of
        # Ukraine Olena Zelenskaya"), and a comma ("Pashinyan's wife, Anna Hakobian").
        k, commas = i - 1, 0
        while k >= 0 and i - k <= 8:
            if lower[k] in ROLE_NOUNS:
                return True
            if tokens[k] == ",":
                commas += 1
            elif not (tokens[k][:1].isupper() or lower[k] in _CONNECTORS):
                break
            if commas > 1:
                break
            k -= 1
        if i + 1 < len(tokens) and tokens[i + 1] == ",":
            for m in range(i + 2, min(i + 8, len(tokens))):
                if tokens[m] in (",", ".", ";", "(", ")"):
                    break
                if lower[m] in ROLE_NOUNS:
                    return True
    return False


def _from_role(text: str, verb_role: str | None) -> RoleQuestion | None:
    words = [w for w in _TOKEN.findall(text) if w != "."]
    if not words or len(words) > 14 or any(w.lower() in _CLAUSE_WORDS for w in words):
        return None
    if not all(re.match(r"\w", w) for w in words):
        return None  # punctuation inside: not a plain role
    if verb_role is not None:
        role_words, rest = [verb_role], words
    else:
        lead = 0
        if words[0].lower() in ("the", "a", "an"):
            lead = 1
        elif without_possessive(words[0]) != words[0] and len(words) > 1:
            lead = 1  # "Armenia's foreign minister": Armenia says which
        elif words[0][0].isupper() and words[-1].lower() not in ROLE_NOUNS:
            return None  # "Who is Maria Zakharova?": a name, not a role
        cut = next((i for i in range(lead, len(words)) if words[i].lower() in _PREPOSITIONS), len(words))
        role_words, rest = words[lead:cut], words[:lead] + words[cut:]
        if not 1 <= len(role_words) <= 5 or role_words[-1].lower() not in ROLE_NOUNS:
            return None
        if words[0].lower() in ("a", "an"):
            return None  # "Who is a minister?" asks for any one
    head = role_words[-1].lower()
    titles = _SYNONYMS.get(head, ((head,),))
    modifiers = [_bare(w) for w in role_words[:-1]]
    required = [w for w in modifiers + [_bare(w) for w in rest] if w not in _FILLER and w not in _HONORIFICS]
    # Words of the title itself ("prime" of "prime minister") are matched as the title.
    titled = {w for t in titles for w in t}
    required = [w for w in required if w not in titled]
    return RoleQuestion(titles=titles, required=tuple(dict.fromkeys(required)), phrase="")


def _bare(word: str) -> str:
    """Lower case, without a possessive: "Armenia’s" -> "armenia"."""
    return without_possessive(word).lower() if len(word) > 2 else word.lower()


def same_name_word(asked: str, written: str) -> bool:
    """Whether a sentence's word stands for a question's word: "Russia" for "Russian",
    "Ukrainian" for "Ukraine", not "Armen" for "Armenia" (a shared start of six letters,
    or the asked word whole)."""
    if asked == written:
        return True
    n = 0
    for a, b in zip(asked, written, strict=False):
        if a != b:
            break
        n += 1
    return n >= min(len(asked), 6) and n >= min(len(written), 3)


def names_holder(role: RoleQuestion, sentence: str) -> bool:
    """Whether ``sentence`` names someone as the holder of ``role``."""
    low = sentence.lower()
    if not any(title[-1] in low for title in role.titles):
        return False  # most sentences: no title to read (retrieval asks of a few hundred)
    tokens = _TOKEN.findall(sentence)
    lower = [_bare(t) for t in tokens]
    for title in role.titles:
        n = len(title)
        for i in range(len(tokens) - n + 1):
            if _title_at(lower, i, title) is None:
                continue
            if _named_after(role, tokens, lower, i, i + n) or _named_before(role, tokens, lower, i, i + n):
                return True
    return False


def _title_at(lower: list[str], i: int, title: tuple[str, ...]) -> str | None:
    """Whether the lower-cased words from ``i`` on write ``title``: "singular", "plural" (a
    group: "separatist leaders") or None."""
    words = tuple(lower[i : i + len(title)])
    if words == title:
        return "singular"
    return "plural" if tuple(w.rstrip("s") for w in words) == title else None


def _is_name_word(role: RoleQuestion, token: str, bare: str) -> bool:
    return (
        token[:1].isupper()
        and token[:1].isalpha()
        and bare not in ROLE_NOUNS
        and bare not in _HONORIFICS
        and bare not in _CONNECTORS
        and not any(same_name_word(r, bare) for r in role.required)
    )


def _holds_required(role: RoleQuestion, window: list[str]) -> bool:
    return all(any(same_name_word(r, w) for w in window) for r in role.required)


def _named_after(role: RoleQuestion, tokens: list[str], lower: list[str], i: int, j: int) -> bool:
    """A title before the name: "[Russian] Foreign Minister [of …] Sergey Lavrov"."""
    before = []
    for k in range(i - 1, max(i - 5, -1), -1):
        if not re.match(r"\w", tokens[k]):
            break
        before.append(lower[k])
    k = j
    if k < len(tokens) and tokens[k] == ",":
        k += 1
    stretch_start = k
    if k < len(tokens) and lower[k] in _PREPOSITIONS:
        k += 1  # "First Lady of Ukraine Olena Zelenskaya": the name follows what the role is of
        while k < len(tokens) and (tokens[k][:1].isupper() or lower[k] in _CONNECTORS):
            k += 1
    else:
        while k < len(tokens) and tokens[k][:1].isupper() and tokens[k][:1].isalpha():
            k += 1
    stretch = list(range(stretch_start, k))
    name = []
    for m in reversed(stretch):  # the name is the stretch's last run of name words
        if not _is_name_word(role, tokens[m], lower[m]):
            break
        name.append(m)
    if not name:
        return False
    adjacent = min(name) == j or (tokens[j] == "," and min(name) == j + 1)
    if len(name) < 2 and not adjacent:
        return False  # "Ambassador to Moscow to the Kremlin": one word after a phrase is a place
    window = before + lower[i:j] + [lower[m] for m in stretch if m < min(name)]
    if k < len(tokens) and lower[k] in _PREPOSITIONS:  # "Prime Minister Pashinyan of Armenia"
        end = k + 1
        while end < len(tokens) and end - k <= 6 and (tokens[end][:1].isupper() or lower[end] in _CONNECTORS):
            end += 1
        window += lower[k:end]
    return _holds_required(role, window)


def _named_before(role: RoleQuestion, tokens: list[str], lower: list[str], i: int, j: int) -> bool:
    """An apposition: "Armen Grigoryan, head of Armenia's security council"."""
    k = i - 1
    while k >= 0 and i - k <= 5 and tokens[k] != ",":
        if not re.match(r"\w", tokens[k]):
            return False
        k -= 1
    if k < 1 or tokens[k] != ",":
        return False
    comma = k
    name = []
    k -= 1
    while k >= 0 and _is_name_word(role, tokens[k], lower[k]):
        name.append(k)
        k -= 1
    if len(name) < 2:
        return False  # "Moscow, the capital": a person is named with a first name here
    end = j
    while end < len(tokens) and end - j < 12 and tokens[end] not in (",", ".", ";", ")", "("):
        end += 1
    return _holds_required(role, lower[comma + 1 : end])


#: Titles news prose words in other ways, by the title documents write: a question about
#: "Russia's top diplomat" asks about its foreign minister, and the sentence that answers
#: names "Russian Foreign Minister Sergey Lavrov", which MiniLM does not read as the same
#: (the cosine of the question with that sentence: 0.44 with "top diplomat", 0.47 with the
#: title written beside it). Journalistic usage, not any corpus's: English only.
_TITLE_PARAPHRASES = {
    "top diplomat": "foreign minister",
    "chief diplomat": "foreign minister",
    "premier": "prime minister",
    "diplomatic service": "foreign ministry",
    "foreign service": "foreign ministry",
}
_PARAPHRASE = re.compile(rf"\b({'|'.join(_TITLE_PARAPHRASES)})(['’]s\b)?(?!\s+league\b)(?![\w-])", re.IGNORECASE)
#: Abbreviations of titles, as written (case matters: "pm" is an hour): "Russian MFA: Yerevan
#: turning Armenia into a hostage of what?" asks about the Foreign Ministry, which the documents
#: never abbreviate.
_TITLE_ABBREVIATIONS = {
    "MFA": "foreign ministry",
    "MoFA": "foreign ministry",
    "MOFA": "foreign ministry",
    "PM": "prime minister",
}
_ABBREVIATION = re.compile(rf"(?<!\d )(?<!\d)\b({'|'.join(_TITLE_ABBREVIATIONS)})(['’]s\b)?(?![\w-])(?!\s*\d)")
_TITLES = "|".join(dict.fromkeys(_TITLE_PARAPHRASES.values()))
_TITLED = re.compile(rf"\b([\w\-]+)(?:['’]s)?\s+\((?:{_TITLES})(?:['’]s)?\)")


def with_titles(question: str) -> tuple[str, tuple[str, ...]]:
    """``question`` with the title a paraphrase stands for in brackets after it ("the Armenian
    premier's (prime minister's) wife"), and a notice for each; a question that already writes
    the title is left as it is."""
    notices: list[str] = []

    def title(match: re.Match[str]) -> str:
        words, possessive = match.group(1), match.group(2) or ""
        plain = _TITLE_PARAPHRASES.get(words.lower()) or _TITLE_ABBREVIATIONS[words]
        if re.search(rf"\b{plain}", question, re.IGNORECASE):
            return match.group(0)
        notices.append(f"read “{words}” as {plain}")
        return f"{match.group(0)} ({plain}{possessive})"

    return _ABBREVIATION.sub(title, _PARAPHRASE.sub(title, question)), tuple(dict.fromkeys(notices))


def titled_words(question: str) -> list[str]:
    """The words ``with_titles`` wrote a title after ("MFA" in "Russian MFA (foreign ministry)"):
    the title says what they mean, so they are no names the documents must mention."""
    return [m.group(1) for m in _TITLED.finditer(question)]
