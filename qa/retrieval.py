"""Ranking passages for a query: dense, BM25, and the two fused.

Both retrievers propose candidates; every candidate is then scored by both (the dense score
of a BM25-only candidate comes from its stored vector, and BM25 scores every passage
anyway), so ``--explain`` can show each passage's dense, BM25 and fused scores side by side.
Hybrid ranking also looks inside each candidate: its best sentence and best pair of
adjacent sentences, from the sentence vectors stored in the index, the best sentence counting
more when it holds what the question asks for (``qa.cues``). Overlapping windows that both
rank near the top are shown as one merged span rather than the better one alone.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from qa.acronyms import asked_acronym, spelled_out
from qa.cues import answer_cues, question_kind
from qa.dates import Date, asked_date, month_words, names_date, published
from qa.documents import Document, DocumentMeta, Span, section_heading
from qa.index import SentenceStore, StoredIndex
from qa.passages import REFERS_BACK, Passage, passage_id, split_sentences
from qa.quoted import holding, quoted_phrases
from qa.roles import asks_who_is
from qa.sections import asked_subject, asked_words, asking_sections, lead_starts
from qa.vectors import top_k

RETRIEVERS = ("hybrid", "dense", "bm25")


@dataclass(frozen=True)
class Hit:
    passage: Passage
    meta: DocumentMeta
    rank: int  # 1-based; also the passage's citation number
    score: float  # what the ranking used: the fused score for hybrid
    dense_score: float  # cosine similarity of question and passage
    bm25_score: float
    #: Index rows the passage spans, the one that ranked first: more than one when overlapping
    #: passages that ranked together were merged into one span (``SearchSettings.merge_depth``).
    rows: tuple[int, ...]
    #: The ids of those index passages, in the same order (evaluation judges them).
    parts: tuple[str, ...]
    #: Ranked above the rest because it holds the sentence that says who (``qa.roles``) or what
    #: a documented X is (``qa.sections``): ``SearchSettings.lift_answers``. Its ``score``
    #: holds that lift.
    lifted: bool = False
    #: The Markdown heading the passage opens under ("" outside Markdown or before the first
    #: heading): in reference documentation the heading names what a section is about, and a
    #: citation to "¶112" of a long file is no help without it.
    section: str = ""
    #: Sentences taken in past those passages, because they continue the hit
    #: (``SearchSettings.continuations``): sentences of the span no index passage it spans
    #: holds (at its end, or, once a window reaching further was merged in, before that window).
    tail: int = 0

    @property
    def row(self) -> int:
        """The row of the passage that ranked (its scores are this hit's)."""
        return self.rows[0]


def sentence_rows(store: SentenceStore, hit: Hit) -> tuple[int, int]:
    """The rows of ``store`` holding ``hit``'s sentences, ``lo:hi``: its passages' and the
    ones it took in after them."""
    rows = list(hit.rows)
    lo, hi = int(store.passage_lo[rows].min()), int(store.passage_hi[rows].max())
    doc_row = int(store.doc_rows[lo])
    while hi < store.size and int(store.doc_rows[hi]) == doc_row and int(store.ends[hi]) <= hit.passage.end:
        hi += 1
    return lo, hi


def _tail(store: SentenceStore, hit: Hit) -> int:
    """How many of ``hit``'s sentences none of its passages holds: those it took in."""
    lo, hi = sentence_rows(store, hit)
    held = np.zeros(hi - lo, dtype=bool)
    for row in hit.rows:
        held[int(store.passage_lo[row]) - lo : int(store.passage_hi[row]) - lo] = True
    return int((~held).sum())


@dataclass(frozen=True)
class SearchSettings:
    """How candidates are gathered and fused (docs/retrieval-and-answers.md has the measurements).

    Hybrid ranking z-normalises each view's scores by the mean and spread of what that view
    found for this query (its own top ``candidates`` for dense and BM25, the candidate pool for
    the sentence views) and averages them: a passage counts by how far it stands out, whatever
    the view's score scale, so the weights need no fitting per collection. The views: the
    passage's cosine, its best sentence's cosine, its best pair of adjacent sentences' cosine
    (all three "dense", together ``dense_weight``) and BM25 (the rest).
    """

    fusion: str = "zscore"  # "zscore" | "rrf"
    #: The dense views' share of the fused score: 0.75 with sentence views (each view weighs
    #: the same), 0.5 without them (an index built with ``IndexSettings.sentences=False``).
    dense_weight: float = 0.75
    rrf_k: int = 60
    candidates: int = 1000  # depth of each retriever's list: candidates and normalisation statistics
    #: Score passages by their best sentence and best sentence pair as well (needs sentence vectors).
    sentence_views: bool = True
    #: When the question asks for a kind of thing (a figure, a date, a name: ``qa.cues``), a
    #: sentence holding one counts this much more in the best-sentence view (in standard
    #: deviations of the candidate sentences' cosines); read for the ``cue_depth`` candidates
    #: whose best sentence is closest to the question.
    cue_weight: float = 1.0
    cue_depth: int = 100
    #: Hybrid ranks first the passages that say what the question asks in the one way that
    #: answers it: who holds a role or who a person is (``qa.roles``, found among the
    #: ``cue_depth`` candidates), what a thing a Markdown heading names is or does
    #: (``qa.sections``, among all candidates), what happened on a date (``qa.dates``: a
    #: sentence naming it), what an acronym is (``qa.acronyms``: a sentence spelling it
    #: out) and where quoted words are written (``qa.quoted``), all among all candidates.
    lift_answers: bool = True
    #: Hybrid ranks first the passage the answer step quotes, when it answers (``Engine``
    #: applies it, as the answer is chosen there: docs/retrieval-and-answers.md, "Answer first").
    answer_first: bool = True
    #: A passage ranked within the first ``merge_depth`` that overlaps one already taken is
    #: merged into it (the hit becomes their union, one exact span) instead of being dropped,
    #: when a sentence it adds to the hit is about the question too: its cosine stands at least
    #: ``merge_min_z`` standard deviations above the mean of the candidate sentences'. Without
    #: merging, what only that window holds would never be shown; without the condition, a
    #: window ranked high only for the sentences it shares with the hit would drag unrelated
    #: text in. A hit spans at most ``merge_parts`` index passages.
    merge_depth: int = 10
    merge_parts: int = 3
    merge_min_z: float = 0.5
    #: A hit taken within the first ``merge_depth`` that ends right before a sentence of its
    #: paragraph referring back to it ("In response, Russia summoned …" after the interview it
    #: responds to), or about the question as a merged window's sentence must be
    #: (``merge_min_z``: "According to Zakharova, what Armenia is doing is “sitting in two
    #: chairs …”" after her other remarks), takes that sentence in, and the one after it in
    #: the same paragraph: at most ``continuation_sentences`` sentences, what follows the hit
    #: closely, not a new passage's worth, and never text of another hit.
    continuations: bool = True
    continuation_sentences: int = 2
    #: A question that names documents by their catalog ("Under the MPL, …", "according to the
    #: Morrow article") is searched in those documents only (``qa.references``).
    named_documents: bool = True
    #: A misspelt word of the question ("formaly") is read as the documents' word one edit away
    #: ("formally"), when neither the documents, the encoder nor an English word list knows it
    #: (``qa.spelling``); the answer says so.
    respell: bool = True
    #: A description in the question ("the Russian-led security alliance") that reads as one of
    #: the acronyms the documents define ("CSTO") is followed by it: its cosine with one of the
    #: acronym's forms reaches ``link_threshold`` and beats every other acronym's by
    #: ``link_margin`` (``qa.referents``); the answer says so.
    link_descriptions: bool = True
    link_threshold: float = 0.6
    link_margin: float = 0.1
    #: A title in other words is followed by the title documents write: "Russia's top
    #: diplomat (foreign minister)" (``qa.roles.with_titles``).
    read_titles: bool = True


class QueryScores:
    """Dense and BM25 scores of one query over the union of both retrievers' top lists.

    With sentence vectors in the index, also each candidate's best sentence and best
    adjacent-sentence-pair cosine, and every candidate sentence's cosine (the answer step
    reads them instead of encoding sentences again).
    """

    def __init__(
        self,
        index: StoredIndex,
        query: str,
        vector: np.ndarray,
        settings: SearchSettings,
        rows: np.ndarray | None = None,
    ) -> None:
        bm25_all = index.bm25.scores(query)
        vector = vector.astype(np.float32)
        exact = None
        if rows is not None:  # a restricted search: every allowed row is a candidate
            cand = np.asarray(rows, dtype=np.int64)
            dense_top = cand[np.argsort(-(index.dense.vectors(cand) @ vector), kind="stable")]
            bm25_top = cand[np.argsort(-bm25_all[cand], kind="stable")]
        else:
            depth = min(settings.candidates, index.size)
            exact = index.dense.exact_scores(vector)
            dense_top = top_k(exact, depth) if exact is not None else index.dense.search(vector, depth)[1]
            bm25_top = top_k(bm25_all, depth)
            bm25_top = bm25_top[bm25_all[bm25_top] > 0]
            cand = np.union1d(dense_top, bm25_top)
        self.rows = cand
        if exact is not None:
            self.dense = exact[cand]
        else:
            self.dense = index.dense.vectors(cand) @ vector if len(cand) else np.zeros(0, np.float32)
        self.bm25 = bm25_all[cand] if len(cand) else np.zeros(0, np.float32)
        self.in_dense = np.isin(cand, dense_top)
        self.in_bm25 = self.bm25 > 0
        # Normalisation statistics: each retriever's own top list, not the shared pool.
        self.dense_stats = _stats(self.dense[self.in_dense])
        self.bm25_stats = _stats(bm25_all[bm25_top]) if len(bm25_top) else (0.0, 0.0)
        self.sentence_ids = np.zeros(0, np.int64)  # candidate sentences (rows of index.sentences)
        self.sentence_cos = np.zeros(0, np.float32)  # their cosine with the query
        self.sentence_stats = (0.0, 0.0)  # mean and spread of those cosines
        self.best_sentence: np.ndarray | None = None  # per candidate passage
        self.best_pair: np.ndarray | None = None
        #: The candidates hybrid ranks first (``SearchSettings.lift_answers``); None when the
        #: query is none of the questions that have such an answer.
        self.lifted: np.ndarray | None = None
        if index.sentences is not None and len(cand):
            self._sentence_views(index, cand, vector)
            kind = question_kind(query)
            # A response's cue lifts every reaction alike, whatever it reacts to, and an earlier
            # step's every sentence in the past perfect; only the answer step reads them with what
            # they answer (``qa.answer.response_readings``).
            if kind not in (None, "response", "earlier") and settings.cue_weight:
                self._cue_view(index, query, kind, settings)
            if settings.lift_answers and self.lifted is None:
                self._asking_sections(index, query)
            subject = asked_subject(query) if settings.lift_answers and self.lifted is None else None
            if subject is not None:
                self._section_leads(index, subject, settings)
        if settings.lift_answers and self.lifted is None and len(cand):
            self._lift_plain_form(index, query)

    def _cue_view(self, index: StoredIndex, query: str, kind: str, settings: SearchSettings) -> None:
        """Add the answer cue to the best-sentence view of the ``cue_depth`` closest candidates.

        The view becomes each candidate's best sentence by z-scored cosine plus ``cue_weight``
        for a sentence holding what the question asks for; the others keep their best cosine,
        on the same scale.
        """
        store = index.sentences
        assert store is not None and self.best_sentence is not None
        mean, sd = self.sentence_stats
        if sd <= 0:
            return
        view = (self.best_sentence - mean) / sd
        depth = min(settings.cue_depth, len(view))
        near = np.sort(np.argpartition(-view, depth - 1)[:depth])
        flat, first = _sentence_rows(store, self.rows[near])
        ids, inv = np.unique(flat, return_inverse=True)  # overlapping windows share sentences
        texts = [
            index.documents[int(store.doc_rows[i])].text[int(store.starts[i]) : int(store.ends[i])] for i in ids
        ]
        cues = np.array(answer_cues(kind, query, texts), dtype=np.float32)
        z = (self.sentence_similarity(ids) - mean) / sd + settings.cue_weight * cues
        view[near] = np.maximum.reduceat(z[inv], first)
        self.best_sentence = view
        if settings.lift_answers and kind == "name" and asks_who_is(query) is not None:
            holders = np.zeros(len(view), dtype=bool)
            holders[near] = np.maximum.reduceat(cues[inv], first) > 0
            self.lifted = holders

    def _asking_sections(self, index: StoredIndex, query: str) -> None:
        """Mark the candidates that lie in a section whose heading asks the query itself ("## How
        do I reset my password?", ``qa.sections.asking_sections``): its sentences need not name
        what the heading asks about, so only the passage's own cosine and BM25 see the match."""
        asked = asked_words(query)
        if asked:
            self._lift_overlapping(index, lambda doc: asking_sections(asked, doc))

    def _section_leads(self, index: StoredIndex, subject: tuple[str, ...], settings: SearchSettings) -> None:
        """Mark the candidates that hold the first sentence of a section whose Markdown heading
        names ``subject`` ("What does pyenv rehash do?"). Every candidate is looked at, not only
        the closest: the lead never names what its heading does, so it can rank low (pyenv's
        "Displays the latest installed or known version" ranked 11th for "What does pyenv
        latest do?"); the look is per document, about 1 ms on the pyenv docs."""
        self._lift_overlapping(index, lambda doc: [(pos, pos + 1) for pos in lead_starts(subject, doc)])

    def _lift_overlapping(self, index: StoredIndex, spans: Callable[[Document], list[tuple[int, int]]]) -> None:
        """Mark the candidates that overlap any of ``spans(document)``, each document read once."""
        found: dict[int, list[tuple[int, int]]] = {}  # per document row
        lifted = np.zeros(len(self.rows), dtype=bool)
        for i, row in enumerate(self.rows.tolist()):
            doc_row = int(index.doc_rows[row])
            if doc_row not in found:
                found[doc_row] = spans(index.documents[doc_row])
            start, end = int(index.starts[row]), int(index.ends[row])
            lifted[i] = any(start < b and a < end for a, b in found[doc_row])
        if lifted.any():
            self.lifted = lifted

    def _lift_plain_form(self, index: StoredIndex, query: str) -> None:
        """Mark the candidates that answer a question of a plain form the one way it asks,
        every candidate looked at: what happened on a date (a sentence naming it,
        ``qa.dates``), what an acronym is (spelling it out, ``qa.acronyms``), where quoted
        words are written (holding them, ``qa.quoted``). BM25 brings such passages into the
        pool, but neither their vectors nor their BM25 scores rank them first: the passage
        with "On September 5, 2023, Armenia recalled its representative to the CSTO" was not
        in the top 5 for "What happened on September 5?"."""
        if (date := asked_date(query)) is not None:
            month = month_words(date)
            lifted = [self._names(index, row, date, month) for row in self.rows.tolist()]
        elif (acronym := asked_acronym(query)) is not None:
            lifted = spelled_out(acronym, self._texts(index))
        elif quoted := quoted_phrases(query):
            lifted = holding(quoted, self._texts(index), index.bm25.stemmed_words)
        else:
            return
        if any(lifted):
            self.lifted = np.array(lifted, dtype=bool)

    @staticmethod
    def _names(index: StoredIndex, row: int, date: Date, month: re.Pattern[str]) -> bool:
        """Whether passage ``row`` holds a sentence naming ``date``; it is split into
        sentences only when it writes the ``month``."""
        doc = index.documents[int(index.doc_rows[row])]
        start, end = int(index.starts[row]), int(index.ends[row])
        if not month.search(doc.text, start, end):
            return False
        written = published(doc.meta.date)
        return any(names_date(date, doc.text[a:b], written) for a, b in split_sentences(doc.text, start, end))

    def _texts(self, index: StoredIndex) -> list[str]:
        """The candidates' texts, in ``self.rows`` order."""
        return [
            index.documents[int(index.doc_rows[row])].text[int(index.starts[row]) : int(index.ends[row])]
            for row in self.rows.tolist()
        ]

    def _sentence_views(self, index: StoredIndex, cand: np.ndarray, vector: np.ndarray) -> None:
        store = index.sentences
        assert store is not None
        flat, first = _sentence_rows(store, cand)
        uniq, inv = np.unique(flat, return_inverse=True)
        # One pass over all sentence vectors beats gathering most of them.
        full = 4 * len(uniq) > store.size
        cos_u = (store.vectors @ vector)[uniq] if full else store.vectors[uniq] @ vector
        cos = cos_u[inv]
        self.sentence_ids, self.sentence_cos = uniq, cos_u
        self.sentence_stats = _stats(cos_u)
        self.best_sentence = np.maximum.reduceat(cos, first)
        # A pair of adjacent sentences is scored as the normalised sum of their vectors, whose
        # length is known from their dot product: no pair vectors are stored or encoded.
        # pair[k] joins sentence k with the one before it, or is -inf at a passage's first sentence.
        prev_cos = np.concatenate([[0.0], cos[:-1]]).astype(np.float32)
        pair = (prev_cos + cos) / np.sqrt(np.maximum(2.0 + 2.0 * store.adjacent[flat], 1e-6))
        pair[first] = -np.inf
        best_pair = np.maximum.reduceat(pair, first)
        self.best_pair = np.where(np.isfinite(best_pair), best_pair, self.best_sentence)

    def sentence_similarity(self, ids: np.ndarray) -> np.ndarray:
        """Cosine of the query with sentences ``ids`` (all among the candidates' sentences)."""
        pos = np.searchsorted(self.sentence_ids, ids)
        return self.sentence_cos[pos]

    def ranking(self, retriever: str, settings: SearchSettings) -> np.ndarray:
        """Scores used to order ``self.rows`` for ``retriever``."""
        if retriever == "dense":
            return self.dense.copy()
        if retriever == "bm25":
            # Passages without a query term sink below all others, ordered by dense score.
            return np.where(self.in_bm25, self.bm25, -1.0 + self.dense * 1e-3)
        if retriever != "hybrid":
            raise ValueError(f"unknown retriever {retriever!r}; choose from {', '.join(RETRIEVERS)}")
        if len(self.rows) == 0:
            return self.dense.copy()
        if settings.fusion == "rrf":
            w = 0.5
            return w * _rrf(self.dense, self.in_dense, settings.rrf_k) + (1 - w) * _rrf(
                self.bm25, self.in_bm25, settings.rrf_k
            )
        if settings.fusion != "zscore":
            raise ValueError(f"unknown fusion {settings.fusion!r}")
        dense_views = [_z(self.dense, self.dense_stats)]
        if settings.sentence_views and self.best_sentence is not None and self.best_pair is not None:
            dense_views += [_z(v, _stats(v)) for v in (self.best_sentence, self.best_pair)]
            w = settings.dense_weight
        else:
            w = 0.5  # two views, one each
        fused = w * np.mean(dense_views, axis=0) + (1 - w) * _z(self.bm25, self.bm25_stats)
        if settings.lift_answers and self.lifted is not None and self.lifted.any():
            # "Who is the prime minister of Armenia?": a passage that names the holder as such
            # answers it, however much closer another is (as one that says who Maria Zakharova
            # is answers "Who is Maria Zakharova?"). Lifted above every other candidate, in
            # their fused order, so that the score stays what the ranking used.
            fused = np.where(self.lifted, fused + float(np.ptp(fused)) + 1.0, fused)
        return fused


def _sentence_rows(store: SentenceStore, passages: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The sentence rows of ``passages``, passage by passage, and where each passage's begin."""
    lo, hi = store.passage_lo[passages], store.passage_hi[passages]
    n = hi - lo
    first = np.cumsum(n) - n
    return np.repeat(lo - first, n) + np.arange(int(n.sum())), first


def _stats(x: np.ndarray) -> tuple[float, float]:
    return (float(x.mean()), float(x.std())) if len(x) else (0.0, 0.0)


def _z(x: np.ndarray, stats: tuple[float, float]) -> np.ndarray:
    mean, sd = stats
    return (x - mean) / sd if sd > 0 else np.zeros_like(x)


def _rrf(scores: np.ndarray, member: np.ndarray, k: int) -> np.ndarray:
    order = np.argsort(-scores, kind="stable")
    ranks = np.empty(len(scores))
    ranks[order] = np.arange(1, len(scores) + 1)
    return np.where(member, 1.0 / (k + ranks), 0.0)


def rank_hits(index: StoredIndex, scores: QueryScores, retriever: str, k: int, settings: SearchSettings) -> list[Hit]:
    """The top ``k`` passages: duplicates dropped, overlapping passages merged or dropped.

    A passage overlapping one hit already taken is merged into it when it ranked within the
    first ``settings.merge_depth`` and adds a sentence about the question (``merge_min_z``),
    and the union stays within ``merge_parts`` passages and clear of every other hit;
    otherwise it is dropped. A hit within that depth that ends right before a sentence
    continuing it takes that sentence in (``continuations``). The loop always looks
    ``merge_depth`` deep, so the first hits do not depend on ``k``.
    """
    ranking = scores.ranking(retriever, settings)
    order = np.argsort(-ranking, kind="stable")
    hits: list[Hit] = []
    seen_text: set[str] = set()
    for position, i in enumerate(order):
        row = int(scores.rows[i])
        passage = index.passage(row)
        key = _dedupe_key(passage.text)
        if key in seen_text:
            continue
        touching = [n for n, h in enumerate(hits) if _overlaps(passage, h.passage)]
        if touching:
            n = touching[0]
            if position < settings.merge_depth and len(touching) == 1 and len(hits[n].rows) < settings.merge_parts:
                adds = _adds_to_the_answer(index, scores, hits[n], row, settings.merge_min_z)
                leads = (
                    not adds
                    and settings.continuations
                    and _leads_to_the_answer(index, scores, hits[n], row, settings.merge_min_z)
                )
                merged = _merge(index, hits, n, row, passage) if adds or leads else None
                if merged is not None:
                    before, hits[n] = hits[n], merged
                    if settings.continuations:
                        hits[n] = _continued(index, scores, hits, n, settings)
                    if leads and hits[n].passage.end == merged.passage.end:
                        hits[n] = before  # merged only to be continued, and it could not be
            continue
        seen_text.add(key)
        hits.append(
            Hit(
                passage=passage,
                meta=index.document(passage.doc_id).meta,
                rank=len(hits) + 1,
                score=float(ranking[i]),
                dense_score=float(scores.dense[i]),
                bm25_score=float(scores.bm25[i]),
                rows=(row,),
                parts=(passage.id,),
                lifted=retriever == "hybrid" and scores.lifted is not None and bool(scores.lifted[i]),
            )
        )
        if settings.continuations and position < settings.merge_depth:
            hits[-1] = _continued(index, scores, hits, len(hits) - 1, settings)
        if len(hits) >= k and position + 1 >= settings.merge_depth:
            break
    # Past k only while merging is still possible: those hits can stop a merge, as they would
    # for a larger k, so the first k hits are the same whatever k is.
    return [_with_section(index, h) for h in hits[:k]]


def _continued(index: StoredIndex, scores: QueryScores, hits: list[Hit], n: int, settings: SearchSettings) -> Hit:
    """Hit ``n``, with the sentence right after it and the next one taken in, when that
    sentence, in the same paragraph, refers back to it or is about the question as a merged
    window's must be (``SearchSettings.continuations``)."""
    store = index.sentences
    hit = hits[n]
    # Once only: a hit ending past all its passages ends in sentences taken in already (a window
    # merged afterwards that reaches further ends it in its own text, and it may go on).
    if store is None or hit.passage.end > max(int(index.ends[r]) for r in hit.rows):
        return hit
    doc = index.document(hit.passage.doc_id)
    doc_row = int(index.doc_rows[hit.row])
    # Within the clean stretch of text the hit ends in: what lies between two stretches (a
    # control sequence, page furniture) is never shown, even inside a paragraph.
    span = doc.span_at(hit.passage.end - 1)
    taken: list[int] = []
    after = sentence_rows(store, hit)[1]  # the sentence row right after the hit
    while span is not None and len(taken) < settings.continuation_sentences:
        if not _in_stretch(store, after, doc_row, span):
            break
        refers = REFERS_BACK.match(doc.text, int(store.starts[after]))
        if not taken and not refers and not _about(scores, np.array([after]), settings.merge_min_z):
            return hit
        taken.append(after)
        after += 1
    if not taken:
        return hit
    end = int(store.ends[taken[-1]])
    start = hit.passage.start
    longer = replace(hit.passage, end=end, text=doc.text[start:end], id=passage_id(doc.doc_id, start, end))
    if any(_overlaps(longer, h.passage) for m, h in enumerate(hits) if m != n):
        return hit
    longer_hit = replace(hit, passage=longer)
    return replace(longer_hit, tail=_tail(store, longer_hit))


def _about(scores: QueryScores, ids: np.ndarray, min_z: float) -> bool:
    """Whether any of the sentences ``ids`` is about the question: its cosine stands ``min_z``
    standard deviations above the candidate sentences' mean (``merge_min_z``)."""
    mean, sd = scores.sentence_stats
    return bool(len(ids)) and sd > 0 and bool(((scores.sentence_similarity(ids) - mean) / sd).max() >= min_z)


def _with_section(index: StoredIndex, hit: Hit) -> Hit:
    doc = index.document(hit.passage.doc_id)
    if not doc.skipped:  # no heading to lie under (SciFact's records): skip the lookup
        return hit
    section = section_heading(doc, hit.passage.start)
    return replace(hit, section=section) if section else hit


def _adds_to_the_answer(index: StoredIndex, scores: QueryScores, hit: Hit, row: int, min_z: float) -> bool:
    """Whether passage ``row`` adds to ``hit`` a sentence about the question (see ``merge_min_z``)."""
    store = index.sentences
    if store is None:  # an index without sentence vectors: the window's rank is all there is
        return True
    lo, hi = sentence_rows(store, hit)
    ids = np.arange(int(store.passage_lo[row]), int(store.passage_hi[row]))
    return _about(scores, ids[(ids < lo) | (ids >= hi)], min_z)


def _leads_to_the_answer(index: StoredIndex, scores: QueryScores, hit: Hit, row: int, min_z: float) -> bool:
    """Whether passage ``row`` reaches past ``hit`` right up to a sentence about the question
    that continues it in the same clean stretch of text ("… the International Criminal Court."
    before "According to Zakharova, what Armenia is doing is “sitting in two chairs …”"):
    merged, the hit is continued into that sentence (``_continued``)."""
    store = index.sentences
    if store is None:
        return False
    after = int(store.passage_hi[row])  # the sentence row right after the window
    doc_row = int(index.doc_rows[row])
    span = index.documents[doc_row].span_at(int(index.ends[row]) - 1)
    return (
        after > sentence_rows(store, hit)[1]
        and span is not None
        and _in_stretch(store, after, doc_row, span)
        and _about(scores, np.array([after]), min_z)
    )


def _in_stretch(store: SentenceStore, row: int, doc_row: int, span: Span) -> bool:
    """Whether sentence ``row`` lies in document ``doc_row`` within its clean stretch ``span``:
    what a hit may be continued into (``_continued``, ``_leads_to_the_answer``)."""
    return row < store.size and int(store.doc_rows[row]) == doc_row and int(store.ends[row]) <= span.end


def _merge(index: StoredIndex, hits: list[Hit], n: int, row: int, passage: Passage) -> Hit | None:
    """Hit ``n`` extended over ``passage`` (one exact span), or None if that would overlap another hit."""
    hit = hits[n]
    start, end = min(hit.passage.start, passage.start), max(hit.passage.end, passage.end)
    doc = index.document(passage.doc_id)
    first = passage if passage.start < hit.passage.start else hit.passage
    union = Passage(
        id=passage_id(doc.doc_id, start, end),
        doc_id=doc.doc_id,
        start=start,
        end=end,
        paragraph=first.paragraph,
        text=doc.text[start:end],
        last_paragraph=max(hit.passage.paragraphs[1], passage.paragraphs[1]),
    )
    if any(_overlaps(union, h.passage) for m, h in enumerate(hits) if m != n):
        return None
    merged = replace(hit, passage=union, rows=(*hit.rows, row), parts=(*hit.parts, passage.id))
    # The sentences it took in stay taken in where the window does not hold them.
    return merged if index.sentences is None else replace(merged, tail=_tail(index.sentences, merged))


def _overlaps(a: Passage, b: Passage) -> bool:
    return a.doc_id == b.doc_id and a.start < b.end and b.start < a.end


def _dedupe_key(text: str) -> str:
    return re.sub(r"\W+", " ", unicodedata.normalize("NFKC", text).casefold()).strip()
