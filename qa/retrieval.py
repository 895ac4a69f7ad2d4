"""Ranking passages for a query: dense, BM25, and the two fused.

Both retrievers propose candidates; every candidate is then scored by both (the dense score
of a BM25-only candidate comes from its stored vector, and BM25 scores every passage
anyway), so ``--explain`` can show each passage's dense, BM25 and fused scores side by side.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import numpy as np

from qa.documents import DocumentMeta
from qa.index import StoredIndex
from qa.passages import Passage

RETRIEVERS = ("hybrid", "dense", "bm25")


@dataclass(frozen=True)
class Hit:
    passage: Passage
    meta: DocumentMeta
    rank: int  # 1-based; also the passage's citation number
    score: float  # what the ranking used: the fused score for hybrid
    dense_score: float  # cosine similarity of question and passage
    bm25_score: float


@dataclass(frozen=True)
class SearchSettings:
    """How candidates are gathered and fused. Values chosen by measurement (README)."""

    fusion: str = "zscore"  # "zscore" | "rrf" | "minmax"
    dense_weight: float = 0.6
    rrf_k: int = 60
    candidates: int = 100  # from each retriever, before fusion


class QueryScores:
    """Dense and BM25 scores of one query, over the candidate rows both retrievers proposed."""

    def __init__(
        self,
        index: StoredIndex,
        query: str,
        vector: np.ndarray,
        settings: SearchSettings,
        rows: np.ndarray | None = None,
    ) -> None:
        n = index.size
        bm25_all = index.bm25.scores(query)
        if rows is not None:  # a restricted search: every allowed row is a candidate
            cand = np.asarray(rows, dtype=np.int64)
            dense_top = cand
        else:
            depth = min(settings.candidates, n)
            _, dense_top = index.dense.search(vector, depth)
            bm25_top = _top(bm25_all, depth)
            cand = np.union1d(dense_top, bm25_top[bm25_all[bm25_top] > 0])
        self.rows = cand
        self.dense = index.dense.vectors(cand) @ vector.astype(np.float32) if len(cand) else np.zeros(0, np.float32)
        self.bm25 = bm25_all[cand] if len(cand) else np.zeros(0, np.float32)
        # What each retriever would have returned on its own (for rank-based fusion).
        self.in_dense = np.isin(cand, dense_top)
        self.in_bm25 = self.bm25 > 0

    def ranking(self, retriever: str, settings: SearchSettings) -> np.ndarray:
        """Scores used to order ``self.rows`` for ``retriever``."""
        if retriever == "dense":
            return self.dense.copy()
        if retriever == "bm25":
            # Passages without a query term sink below all others, ordered by dense score.
            return np.where(self.in_bm25, self.bm25, -1.0 + self.dense * 1e-3)
        if retriever != "hybrid":
            raise ValueError(f"unknown retriever {retriever!r}; choose from {', '.join(RETRIEVERS)}")
        return fuse(self.dense, self.bm25, self.in_dense, self.in_bm25, settings)


def fuse(
    dense: np.ndarray, bm25: np.ndarray, in_dense: np.ndarray, in_bm25: np.ndarray, settings: SearchSettings
) -> np.ndarray:
    w = settings.dense_weight
    if len(dense) == 0:
        return dense
    if settings.fusion == "rrf":
        return w * _rrf(dense, in_dense, settings.rrf_k) + (1 - w) * _rrf(bm25, in_bm25, settings.rrf_k)
    if settings.fusion == "minmax":
        return w * _minmax(dense) + (1 - w) * _minmax(bm25)
    if settings.fusion == "zscore":
        return w * _zscore(dense) + (1 - w) * _zscore(bm25)
    raise ValueError(f"unknown fusion {settings.fusion!r}")


def _rrf(scores: np.ndarray, member: np.ndarray, k: int) -> np.ndarray:
    order = np.argsort(-scores, kind="stable")
    ranks = np.empty(len(scores))
    ranks[order] = np.arange(1, len(scores) + 1)
    return np.where(member, 1.0 / (k + ranks), 0.0)


def _minmax(x: np.ndarray) -> np.ndarray:
    lo, hi = float(x.min()), float(x.max())
    return (x - lo) / (hi - lo) if hi > lo else np.zeros_like(x)


def _zscore(x: np.ndarray) -> np.ndarray:
    sd = float(x.std())
    return (x - float(x.mean())) / sd if sd > 0 else np.zeros_like(x)


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    if k >= len(scores):
        return np.argsort(-scores, kind="stable")
    part = np.argpartition(-scores, k)[:k]
    return part[np.argsort(-scores[part], kind="stable")]


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
            )
        )
        if len(hits) >= k:
            break
    return hits


def _overlaps(a: Passage, b: Passage) -> bool:
    return a.doc_id == b.doc_id and a.start < b.end and b.start < a.end


def _dedupe_key(text: str) -> str:
    return re.sub(r"\W+", " ", unicodedata.normalize("NFKC", text).casefold()).strip()
