"""Ranking passages for a query: dense, BM25, and the two fused.

Both retrievers propose candidates; every candidate is then scored by both (the dense score
of a BM25-only candidate comes from its stored vector, and BM25 scores every passage
anyway), so ``--explain`` can show each passage's dense, BM25 and fused scores side by side.
Hybrid ranking also looks inside each candidate: its best sentence and best pair of
adjacent sentences, from the sentence vectors stored in the index.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np

from qa.documents import DocumentMeta
from qa.index import StoredIndex
from qa.passages import Passage
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
    row: int = -1  # the passage's row in the index it came from


@dataclass(frozen=True)
class SearchSettings:
    """How candidates are gathered and fused (README, "Retrieval and answers", has the measurements).

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
        self.best_sentence: np.ndarray | None = None  # per candidate passage
        self.best_pair: np.ndarray | None = None
        if index.sentences is not None and len(cand):
            self._sentence_views(index, cand, vector)

    def _sentence_views(self, index: StoredIndex, cand: np.ndarray, vector: np.ndarray) -> None:
        store = index.sentences
        assert store is not None
        lo, hi = store.passage_lo[cand], store.passage_hi[cand]
        n = hi - lo
        first = np.cumsum(n) - n  # where each passage's sentences start in the flat list
        flat = np.repeat(lo - first, n) + np.arange(int(n.sum()))  # sentence ids, passage by passage
        uniq, inv = np.unique(flat, return_inverse=True)
        # One pass over all sentence vectors beats gathering most of them.
        full = 4 * len(uniq) > store.size
        cos_u = (store.vectors @ vector)[uniq] if full else store.vectors[uniq] @ vector
        cos = cos_u[inv]
        self.sentence_ids, self.sentence_cos = uniq, cos_u
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
        return w * np.mean(dense_views, axis=0) + (1 - w) * _z(self.bm25, self.bm25_stats)


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
    """The top ``k`` passages, overlapping and duplicate passages collapsed to the best one."""
    ranking = scores.ranking(retriever, settings)
    order = np.argsort(-ranking, kind="stable")
    hits: list[Hit] = []
    kept: list[Passage] = []
    seen_text: set[str] = set()
    for i in order:
        passage = index.passage(int(scores.rows[i]))
        key = _dedupe_key(passage.text)
        if key in seen_text or any(_overlaps(passage, p) for p in kept):
            continue
        kept.append(passage)
        seen_text.add(key)
        hits.append(
            Hit(
                passage=passage,
                meta=index.document(passage.doc_id).meta,
                rank=len(hits) + 1,
                score=float(ranking[i]),
                dense_score=float(scores.dense[i]),
                bm25_score=float(scores.bm25[i]),
                row=int(scores.rows[i]),
            )
        )
        if len(hits) >= k:
            break
    return hits


def _overlaps(a: Passage, b: Passage) -> bool:
    return a.doc_id == b.doc_id and a.start < b.end and b.start < a.end


def _dedupe_key(text: str) -> str:
    return re.sub(r"\W+", " ", unicodedata.normalize("NFKC", text).casefold()).strip()
