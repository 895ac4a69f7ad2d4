"""Questions that ask what an acronym is, and sentences that spell it out.

"What is the EAEU?" was declined on the shipped corpus, whose "… separation from the CSTO, the
Eurasian Economic Union (EAEU) and the Commonwealth …" says exactly that: an acronym is a few
word pieces to the encoder, close to nothing in particular (cosine 0.42 with that sentence),
so no sentence passed the threshold. A reader asking it wants the sentence that spells the
acronym out, and any such sentence answers: it says what the letters stand for. So a question
of the plain form "What is (the) ACRONYM?", "What does ACRONYM stand for / mean?" or "What is
the full name of ACRONYM?" is answered by a sentence that spells ACRONYM out, when the
candidates hold one: a run of capitalised words it abbreviates ("U.S. Agency for International
Development" for USAID, linking words allowed: ``qa.mentions``), or a run of capitalised words
right before or after it in brackets ("Eurasian Economic Union (EAEU)", whose letters do not
all begin a word). When none does, the general rules decide: a text may explain an acronym
without spelling it out.

The acronym must be written in capitals (as typed, or as the documents write the question's
words: ``qa.cues.recased``), two to eight letters. English only.
"""

from __future__ import annotations

import re

from qa.mentions import expansion_pattern

_ASKS = re.compile(
    r"^\W*(?:(?i:what(?:['’]s|\s+is|\s+are|\s+was|\s+were)\s+(?:the\s+|an?\s+)?"
    r"(?:(?:full\s+)?name\s+of\s+(?:the\s+)?)?)"
    r"(?P<a>[A-Z]{2,8})s?(?i:\s+(?:short\s+for|an?\s+acronym\s+for|an?\s+abbreviation\s+for))?"
    r"|(?i:what\s+(?:does|do|did)\s+(?:the\s+)?)(?P<b>[A-Z]{2,8})(?i:\s+(?:stand\s+for|mean)))\s*\W*$"
)
_RUN = r"(?:[A-Z][\w’'.\-]*\s+(?:(?:of|for|and|the|de|on|in)\s+)*)+"


def asked_acronym(question: str) -> str | None:
    """The acronym of "What is the CSTO?" and its like; None for any other question."""
    match = _ASKS.match(question)
    if not match:
        return None
    return match.group("a") or match.group("b")


def spellings_out(acronym: str) -> tuple[re.Pattern[str], re.Pattern[str] | None]:
    """What spells ``acronym`` out in a sentence, surely and loosely (module docstring).

    Surely: a run of capitalised words right before it in brackets, or in brackets right
    after it ("Eurasian Economic Union (EAEU)", "CSTO (Collective Security Treaty
    Organization)"). Loosely: a run of words its letters begin, which may be chance ("Impact
    of Russia's Invasion" for IRI); None for two letters, where chance is the rule."""
    escaped = re.escape(acronym)
    surely = re.compile(rf"{_RUN}\(\s*{escaped}\s*\)|\b{escaped}\s*\(\s*[A-Z][\w’'.\-]*(?:\s+[\w’'.\-]+)+\s*\)")
    loosely = re.compile(expansion_pattern(acronym)) if len(acronym) > 2 else None
    return surely, loosely


def spelled_out(acronym: str, sentences: list[str]) -> list[bool]:
    """Which of ``sentences`` spell ``acronym`` out: the sure ones when any is, else the loose ones."""
    surely, loosely = spellings_out(acronym)
    sure = [bool(surely.search(s)) for s in sentences]
    if any(sure) or loosely is None:
        return sure
    return [bool(loosely.search(s)) for s in sentences]
