"""Choosing the answer: whole sentences quoted from the top passages, or an honest "not found".

Nothing here writes text. A quote is a sentence span of a retrieved passage (or up to three
adjacent ones), identified by offsets into its document; the answer is only ever those spans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from qa.documents import Document
from qa.passages import ChunkSettings, SentenceSpan, passage_sentences
from qa.retrieval import Hit


@dataclass(frozen=True)
class Quote:
    doc_id: str
    start: int
    end: int
    text: str  # == document.text[start:end]
    citation: int  # the rank of the passage it was taken from: "[n]"


@dataclass(frozen=True)
class Answer:
    question: str
    answered: bool
    quotes: tuple[Quote, ...]
    hits: tuple[Hit, ...]  # cited passages when answered, related reading when not
    confidence: float  # what the abstention threshold was compared with
    notices: tuple[str, ...] = ()
    timings_ms: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class AnswerSettings:
    """Sentence scoring and the abstention threshold; fitted on the gold set (README)."""

    passages: int = 5  # sentences are taken from this many top passages
    lexical_weight: float = 0.3
    rank_weight: float = 0.05
    #: Below this confidence the corpus is taken not to hold an answer.
    threshold: float = 0.5
    #: A neighbouring sentence joins the quote when it scores at least this share of the best.
    extend_ratio: float = 0.92
    max_sentences: int = 3
    #: Bonus for a sentence that holds the kind of thing asked for (a number for "how many").
    type_weight: float = 0.15


@dataclass(frozen=True)
class Candidate:
    hit: Hit
    sentence: SentenceSpan
    index: int  # position among its passage's sentences


_NUMBER_Q = re.compile(
    r"\b(how (many|much|big|large|long|old|far)|what (percentage|share|proportion|number|amount|sum|figure))\b", re.I
)
_DATE_Q = re.compile(r"^\W*(when\b|since when\b)|\b(what|which|in what|on what) (year|date|month|day|time)\b", re.I)
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_NUMBER_S = re.compile(
    r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundreds?|thousands?|millions?|billions?|dozens?|half|double|twice)\b",
    re.I,
)
_DATE_S = re.compile(
    rf"\b(1[89]\d\d|20\d\d|{_MONTHS}|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|yesterday|today|spring|summer|autumn|fall|winter)\b",
    re.I,
)


def answer_type_match(question: str, sentence: str) -> float:
    """1 when the question asks for a number or a date and the sentence has one, else 0.

    A bi-encoder scores "Russian border troops also oversee the borders" as close to "How
    many Russian troops are in Armenia?" as the sentence that gives the figure; asking for a
    quantity or a time is a cue it does not weigh, so it is added here.
    """
    if _NUMBER_Q.search(question):
        return 1.0 if _NUMBER_S.search(sentence) else 0.0
    if _DATE_Q.search(question):
        return 1.0 if _DATE_S.search(sentence) else 0.0
    return 0.0


def candidate_sentences(
    hits: list[Hit], documents: dict[str, Document], settings: AnswerSettings, chunking: ChunkSettings
) -> list[list[Candidate]]:
    """Sentences of the top passages, grouped by passage."""
    groups = []
    for hit in hits[: settings.passages]:
        p = hit.passage
        sents = passage_sentences(documents[p.doc_id], p.start, p.end, chunking)
        groups.append([Candidate(hit, s, i) for i, s in enumerate(sents)])
    return groups


def choose_quotes(
    groups: list[list[Candidate]],
    similarities: np.ndarray,
    overlaps: np.ndarray,
    types: np.ndarray,
    documents: dict[str, Document],
    settings: AnswerSettings,
) -> tuple[tuple[Quote, ...], float]:
    """Pick the best sentence (and neighbours that belong with it); return quotes and confidence.

    ``similarities``, ``overlaps`` and ``types`` are per candidate, in ``groups`` order: cosine
    similarity of question and sentence, the share of the question's terms the sentence
    contains, and whether it holds the kind of answer asked for (``answer_type_match``).
    """
    flat = [c for g in groups for c in g]
    if not flat:
        return (), 0.0
    ranks = np.array([c.hit.rank for c in flat], dtype=np.float32)
    evidence = similarities + settings.lexical_weight * overlaps + settings.type_weight * types
    scores = evidence - settings.rank_weight * (ranks - 1)
    best = int(np.argmax(scores))
    confidence = float(evidence[best])
    chosen = flat[best]
    # Neighbours from the same passage that score nearly as well extend the quote (max 3).
    offset = sum(len(g) for g in groups[: _group_of(groups, chosen)])
    group = groups[_group_of(groups, chosen)]
    lo = hi = chosen.index
    while hi - lo + 1 < settings.max_sentences:
        options = []
        if lo > 0:
            options.append((scores[offset + lo - 1], lo - 1))
        if hi + 1 < len(group):
            options.append((scores[offset + hi + 1], hi + 1))
        if not options:
            break
        score, j = max(options)
        short = _words(documents, group[chosen.index]) < 6
        if score < settings.extend_ratio * scores[best] and not (short and j == hi + 1):
            break
        lo, hi = min(lo, j), max(hi, j)
    doc = documents[chosen.hit.passage.doc_id]
    start, end = group[lo].sentence.start, group[hi].sentence.end
    quote = Quote(doc.doc_id, start, end, doc.text[start:end], chosen.hit.rank)
    return (quote,), confidence


def _group_of(groups: list[list[Candidate]], cand: Candidate) -> int:
    for i, g in enumerate(groups):
        if g and g[0].hit is cand.hit:
            return i
    raise ValueError("candidate not in groups")


def _words(documents: dict[str, Document], cand: Candidate) -> int:
    doc = documents[cand.hit.passage.doc_id]
    return len(doc.text[cand.sentence.start : cand.sentence.end].split())
