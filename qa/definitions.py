"""Questions that ask what a named thing is, and sentences that say so.

"What is the Zangezur Corridor?" is answered by the one sentence that writes the name with
what it is right after it: "… the implementation of the so-called Zangezur Corridor linking
Azerbaijan to its exclave Nakhchivan via Armenia, …". That sentence lists several unresolved
issues, so its cosine with the question (0.43) falls under the abstention threshold, while
sentences that only name the corridor read as close. News prose says what a thing is in a
few fixed ways, right beside its name: an apposition ("the CSTO, a six-nation military
alliance"), a participle or relative clause ("Corridor linking …", "… which connects …"), a
copula ("… is a …"), or a name given ("a drill named “Eagle Partner”" is handled with quoted
terms, ``qa.quoted``). So a question of the form "What is/was [the] [so-called] NAME?" or
"What does NAME mean / refer to?", with NAME a capitalised name, is answered by a candidate
sentence that describes NAME in one of these ways, whatever its cosine; when none does, the
general rules decide. Acronyms are ``qa.acronyms``'s, people ``qa.roles``'s. English only.
"""

from __future__ import annotations

import re

_ASKS = re.compile(
    r"^\W*(?i:what)\s+(?i:is|was|are|were|does|did)\s+(?i:the\s+)?(?i:so-called\s+)?[“\"']?"
    r"(?P<name>[A-Z][\w’'\-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w’'\-]*)*)[”\"']?"
    r"(?i:\s+(?:mean|refer\s+to|stand\s+for))?\s*\?*\s*$"
)
#: What follows a name to say what it is: an apposition, a bracketed acronym and then one, a
#: participle or relative clause, a copula, a dash.
_DESCRIBED = (
    r"[”\"']?(?:\s*\([^)]{1,40}\))?"
    r"(?:,\s+(?:a|an|the)\s"
    r"|\s+(?:linking|connecting|joining|which|that|led\s+by|established|created|founded|set\s+up|known\s+as"
    r"|aimed\s+at|designed\s+to|meant\s+to)\b"
    r"|\s+(?:is|was|are|were)\s+(?:a|an|the)\s"
    r"|\s*[—–]\s*(?:a|an|the)\s)"
)


def asked_name(question: str) -> str | None:
    """NAME of "What is [the] [so-called] NAME?" / "What does NAME mean / refer to?"; None for
    other questions, and for an acronym alone (``qa.acronyms`` answers those)."""
    match = _ASKS.match(question.strip())
    if match is None:
        return None
    name = match.group("name")
    return None if re.fullmatch(r"[A-Z]{2,}s?", name) else name


def describes(name: str, sentence: str) -> bool:
    """Whether ``sentence`` writes ``name`` with what it is right after it."""
    words = r"\s+".join(re.escape(w) for w in name.split())
    return re.search(rf"\b{words}{_DESCRIBED}", sentence, re.I) is not None
