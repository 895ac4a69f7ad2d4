"""Questions that ask when something ended, and sentences that say so.

"When did Azerbaijan lift its blockade?" finds "… as seen by its blockade of the latter in
December 2022": a date, beside the question's words, so the date check lets it through. But a
date in a sentence about a thing dates the thing, or its start; the end of it is another
event, and a sentence that dates the end says so in words: "lifted", "the lifting", "ended",
"completed its withdrawal". So a "when" question whose verb is one of ending is answered only
by a quote that writes that verb or its noun. So is one asking whether it ended: "Has Turkey
reopened its border with Armenia?" is not answered by "Russian border troops also oversee the
Armenia-Türkiye and Armenia-Iran borders".

Only verbs of ending are read. Tried on every verb of a "when" question (another session's
measure, 2026-12-03): a sentence names most events in other words ("asked parliament" /
"requested … by parliament", "skip the meeting" / "did not attend"), which word cosines do not
tell from unrelated words (ask/requested 0.31, visit/meeting 0.51): three right answers were
declined for five wrong ones. Verbs of ending rarely go unsaid. English only.
"""

from __future__ import annotations

import re

#: Each verb of ending by its forms, and the nouns that name the same ending.
_FORMS: dict[str, tuple[str, ...]] = {
    "end": ("end", "ends", "ended", "ending", "endings"),
    "lift": ("lift", "lifts", "lifted", "lifting"),
    "complete": ("complete", "completes", "completed", "completing", "completion"),
    "finish": ("finish", "finishes", "finished", "finishing"),
    "conclude": ("conclude", "concludes", "concluded", "concluding", "conclusion"),
    "stop": ("stop", "stops", "stopped", "stopping"),
    "cease": ("cease", "ceases", "ceased", "ceasing", "cessation"),
    "halt": ("halt", "halts", "halted", "halting"),
    "withdraw": ("withdraw", "withdraws", "withdrew", "withdrawn", "withdrawing", "withdrawal"),
    "expire": ("expire", "expires", "expired", "expiring", "expiry", "expiration"),
    "dissolve": ("dissolve", "dissolves", "dissolved", "dissolving", "dissolution"),
    "abolish": ("abolish", "abolishes", "abolished", "abolishing", "abolition"),
    "terminate": ("terminate", "terminates", "terminated", "terminating", "termination"),
    "reopen": ("reopen", "reopens", "reopened", "reopening"),
    "unblock": ("unblock", "unblocks", "unblocked", "unblocking"),
}
_VERB_OF = {form: verb for verb, forms in _FORMS.items() for form in forms}
#: A "when" question ("When did …", "On what date was …", "What year did …") or one asking
#: whether ("Has Turkey reopened …?", "Did the blockade end?", "Hasn't it ended?").
_WHEN = re.compile(
    r"^\W*(?:(?:on|in|at|by)\s+)?(?:when|(?:what|which)\s+(?:date|day|year|month)"
    r"|(?:did|does|do|has|have|had|is|are|was|were)(?:n['’]?t)?|will|won['’]?t)\b(?P<rest>.*)$",
    re.I | re.S,
)
_WORD = re.compile(r"[a-z]+")
#: "End" as a noun of time names no ending asked about: "In which month did Pashinyan refuse to
#: sign the declaration at the end of the CSTO summit?" asks when he refused. ("Did parliament
#: end up ratifying it?" does ask whether something was completed.)
_NOT_ENDING = re.compile(
    r"\b(?:the|its|his|her|their)\s+end\s+of\b|\b(?:at|by|towards?|near|before|until|till)\s+the\s+(?:very\s+)?end\b"
    r"|\bend[\s-]+(?:date|point)s?\b"
)
#: What opens a clause of its own inside the question.
_CLAUSE = re.compile(r"\b(?:that|which|who|whom|whose)\b")


def asked_ending(question: str) -> str | None:
    """The verb of ending a "when" question asks the date of ("lift" for "When did Azerbaijan
    lift its blockade?", "end" for "When was the blockade ended?"), or a question asking
    whether it happened ("Has Turkey reopened its border?"); None for any other question."""
    match = _WHEN.match(question)
    if match is None:
        return None
    # "On what date was the truce struck that obliged the forces to withdraw?" asks when the
    # truce was struck: a verb in a clause of its own tells of something else.
    asked = _CLAUSE.split(_NOT_ENDING.sub(" ", match.group("rest").lower()), maxsplit=1)[0]
    return next((_VERB_OF[w] for w in _WORD.findall(asked) if w in _VERB_OF), None)


def names_ending(verb: str, sentence: str) -> bool:
    """Whether ``sentence`` writes ``verb`` or its noun in some form ("lifted", "withdrawal")."""
    forms = _FORMS[verb]
    return any(w in forms for w in _WORD.findall(sentence.lower()))


def participle(verb: str) -> str:
    """The verb as "ended", "lifted", "withdrawn", for a notice."""
    forms = _FORMS[verb]
    return next((f for f in forms[2:4] if f.endswith(("ed", "wn"))), forms[2])
