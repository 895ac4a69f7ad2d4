"""Choosing the answer: whole sentences quoted from the top passages, or an honest "not found".

Nothing here writes text. A quote is a sentence span of a retrieved passage (or up to three
adjacent ones), identified by offsets into its document; the answer is only ever those spans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from qa.bm25 import Bm25Index
from qa.documents import Document
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
    """Sentence scoring, quote length and abstention; fitted on the gold set (README).

    Every sentence of the top ``passages`` passages gets a score, ``weights`` · features (see
    ``FEATURES``); the best one is quoted, with neighbours of its passage that score within
    ``extend_margin`` of it (1 to ``max_sentences`` sentences, one exact span). The weights
    come from ``scripts/fit_answers.py``: a softmax over each gold question's candidate
    sentences, fitted to put the evidence sentence first (10-fold cross-validated; see README).
    """

    passages: int = 5  # sentences are taken from this many top passages
    #: similarity (z), term share (IDF-weighted), answer cue, passage rank - 1: see ``FEATURES``.
    weights: tuple[float, float, float, float] = (1.15, 1.64, 1.41, -0.64)
    #: A neighbour joins the quote when its score is at most this far below the best one's.
    extend_margin: float = 1.0
    max_sentences: int = 3
    #: Below this confidence (the quoted sentence's cosine with the question) the corpus is
    #: taken not to hold the answer; fitted on the gold set by scripts/fit_answers.py.
    threshold: float = 0.45


#: What each sentence is scored on, in ``AnswerSettings.weights`` order.
FEATURES = ("similarity", "term_share", "cue", "rank")


@dataclass(frozen=True)
class Candidate:
    hit: Hit
    start: int
    end: int
    index: int  # position among its passage's sentences
    sentence_id: int = -1  # row in the index's sentence table, -1 when it has none


# ------------------------------------------------------------------ what the question asks for

_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_MON = "jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec"
_Q_NUMBER = re.compile(
    r"\b(how (many|much|big|large|long|old|far|quickly|fast|often)"
    r"|what (percentage|percent|share|proportion|number|amount|sum|figure|size))\b",
    re.I,
)
_Q_PLACE = re.compile(r"^\W*where\b|\b(in|at|to) (which|what) (city|country|town|place|capital|region)\b", re.I)
_Q_WHO = re.compile(
    r"\b(who|whom|whose)\b|\bwhich (\w+ ){0,2}(politician|official|person|leader|minister|diplomat|president"
    r"|spokes\w*|group|organi[sz]ation|outlets?|newspapers?|magazines?|media|people)\b",
    re.I,
)
_Q_DATE = re.compile(r"\bwhen\b|\b(what|which) (year|date|month|day|time)\b", re.I)
_Q_WHY = re.compile(r"\bwhy\b|\bwhat (\w+ ){0,2}(reasons?|cause|caused|motivated|drove|convinced|prompted|led)\b", re.I)
_Q_SAY = re.compile(
    r"^\W*what\b.*(?<!so-)\b(say|said|says|call|called|calls|describe|described|characteri[sz]e|idiom|phrase"
    r"|name|term|word|claim|claimed|tell|told|declare|stated?)\b",
    re.I,
)
_DATE_EXPR = re.compile(
    rf"\b(({_MONTHS}|{_MON})\.? \d{{1,2}}(st|nd|rd|th)?|\d{{1,2}}(st|nd|rd|th)?(-\d{{1,2}})? ({_MONTHS}|{_MON})\b\.?"
    r"|(1[89]|20)\d\d)",
    re.I,
)
_S_DATE = re.compile(
    rf"\b(1[89]\d\d|20\d\d|{_MONTHS}|{_MON}|yesterday|today|tomorrow|last (week|month|year)"
    r"|spring|summer|autumn|fall|winter|\d0s)\b",
    re.I,
)
_S_QUANTITY = re.compile(
    r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty"
    r"|hundreds?|thousands?|millions?|billions?|dozens?|half|double|twice|several|majority|minority"
    r"|per ?cent|percent)\b",
    re.I,
)
_S_CAUSE = re.compile(
    r"\b(because|due to|reasons?|as a result|result of|in order to|so as to|aim(ed|s)? (at|to)|driven by"
    r"|owing to|caused by|motivated|given (that|the)|fear(s|ed)?|concerns?|since|thanks to|led to|consequently"
    r"|therefore|hence|in response|after|amid)\b",
    re.I,
)
_S_QUOTE = re.compile(r"[“”\"«»]|‘\w|\w’ |'\w+'")
#: A run of capitalised words: "Charles Michel", "La Repubblica" (a name), "Minsk" (a place).
_NAME = re.compile(r"\b[A-Z][\w’'\-]*(?:\s+(?:of\s+|de\s+|the\s+)?[A-Z][\w’'\-]*)*")


def question_kind(question: str) -> str | None:
    """What kind of thing the question asks for, when its wording says so (English cues)."""
    if _Q_NUMBER.search(question):
        return "number"
    if _Q_PLACE.search(question):
        return "place"
    if _Q_WHO.search(question):
        return "name"
    if _Q_DATE.search(question):
        return "date"
    if _Q_WHY.search(question):
        return "reason"
    if _Q_SAY.search(question):
        return "quote"
    return None


def answer_cue(kind: str | None, question: str, sentence: str) -> float:
    """1 when the sentence holds the kind of thing the question asks for, else 0.

    A bi-encoder scores a sentence that restates the question's topic as highly as the one
    that answers it; what the question asks for — a figure ("how many"), a date ("when"), a
    name not in the question ("who"), a cause ("why"), words quoted ("what did X call") — is a
    cue it does not weigh, so it is added here. Dates do not count as figures.
    """
    if kind is None:
        return 0.0
    if kind == "number":
        return float(bool(_S_QUANTITY.search(_DATE_EXPR.sub(" ", sentence))))
    if kind == "date":
        return float(bool(_S_DATE.search(sentence)))
    if kind in ("name", "place"):
        asked = {w.lower() for w in re.findall(r"[\w’'\-]+", question)}
        for m in _NAME.finditer(sentence, _first_word_end(sentence)):
            words = m.group(0).lower().split()
            if (len(words) > 1 or kind == "place") and set(words) - asked:
                return 1.0
        return 0.0
    if kind == "reason":
        return float(bool(_S_CAUSE.search(sentence)))
    return float(bool(_S_QUOTE.search(sentence)))


def _first_word_end(text: str) -> int:
    m = re.match(r"\W*\w+", text)  # a capital that only starts the sentence is not a name
    return m.end() if m else 0


# ------------------------------------------------------------------ scoring and choosing


def sentence_features(
    question: str,
    texts: list[str],
    similarity: np.ndarray,
    pool: tuple[float, float],
    ranks: np.ndarray,
    bm25: Bm25Index,
) -> np.ndarray:
    """One row of ``FEATURES`` per candidate sentence.

    ``similarity`` is each sentence's cosine with the question, made relative with ``pool``
    (mean, spread of the cosines of every sentence of the candidate passages): how far the
    sentence stands out among what retrieval found. The term share is the IDF-weighted share
    of the question's indexed terms that the sentence contains.
    """
    mean, sd = pool
    z = (similarity - mean) / sd if sd > 0 else np.zeros_like(similarity)
    q_terms = bm25.text_terms([question])[0]
    idf = bm25.idf(sorted(q_terms))
    total = sum(idf.values())
    share = [sum(idf[t] for t in q_terms & terms) / total if total > 0 else 0.0 for terms in bm25.text_terms(texts)]
    kind = question_kind(question)
    cue = [answer_cue(kind, question, t) for t in texts]
    return np.column_stack([z, np.array(share), np.array(cue), ranks - 1.0]).astype(np.float64)


def choose_quote(
    candidates: list[Candidate],
    scores: np.ndarray,
    documents: dict[str, Document],
    settings: AnswerSettings,
) -> tuple[Quote, int] | None:
    """The best-scoring sentence, joined by neighbours of its passage that score nearly as well.

    Returns the quote (1 to ``max_sentences`` adjacent sentences, one exact span) and the
    position of its best sentence in ``candidates``.
    """
    if not candidates:
        return None
    best = int(np.argmax(scores))
    chosen = candidates[best]
    group = [i for i, c in enumerate(candidates) if c.hit is chosen.hit]  # in passage order
    pos = group.index(best)
    lo = hi = pos
    while hi - lo + 1 < settings.max_sentences:
        options = []
        if lo > 0:
            options.append((scores[group[lo - 1]], lo - 1))
        if hi + 1 < len(group):
            options.append((scores[group[hi + 1]], hi + 1))
        if not options:
            break
        score, j = max(options)
        if score < scores[best] - settings.extend_margin:
            break
        lo, hi = min(lo, j), max(hi, j)
    doc = documents[chosen.hit.passage.doc_id]
    start, end = candidates[group[lo]].start, candidates[group[hi]].end
    return Quote(doc.doc_id, start, end, doc.text[start:end], chosen.hit.rank), best
