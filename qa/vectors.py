"""The dense side of retrieval: normalised vectors in a FAISS index.

Small collections use exact inner-product search. Past ``ann_threshold`` vectors an
approximate index takes over, because exact search grows linearly with the collection; which
one, and with what parameters, is recorded in the manifest (see ``DenseSettings``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np


@dataclass(frozen=True)
class DenseSettings:
    ann_threshold: int = 200_000
    hnsw_m: int = 32
    hnsw_ef_construction: int = 80
    hnsw_ef_search: int = 64

    def as_dict(self) -> dict[str, int]:
        return asdict(self)

    def kind_for(self, n: int) -> str:
        return "hnsw" if n >= self.ann_threshold else "flat"


class DenseIndex:
    """Wraps a FAISS index whose row ``i`` is passage ``i``."""

    def __init__(self, index: object, kind: str) -> None:
        self._index = index
        self.kind = kind

    @property
    def size(self) -> int:
        return int(self._index.ntotal)  # type: ignore[attr-defined]

    @property
    def dim(self) -> int:
        return int(self._index.d)  # type: ignore[attr-defined]

    @classmethod
    def build(cls, vectors: np.ndarray, settings: DenseSettings) -> DenseIndex:
        import faiss

        n, dim = vectors.shape
        kind = settings.kind_for(n)
        if kind == "hnsw":
            index = faiss.IndexHNSWFlat(dim, settings.hnsw_m, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = settings.hnsw_ef_construction
            index.hnsw.efSearch = settings.hnsw_ef_search
        else:
            index = faiss.IndexFlatIP(dim)
        if n:
            index.add(np.ascontiguousarray(vectors, dtype=np.float32))
        return cls(index, kind)

    def save(self, path: Path) -> None:
        import faiss

        faiss.write_index(self._index, str(path))

    @classmethod
    def load(cls, path: Path, kind: str, settings: DenseSettings) -> DenseIndex:
        import faiss

        index = faiss.read_index(str(path))
        if kind == "hnsw":
            index.hnsw.efSearch = settings.hnsw_ef_search
        return cls(index, kind)

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Top-``k`` (scores, row ids) for one normalised query vector; ids are -1-padded."""
        k = max(0, min(k, self.size))
        if k == 0:
            return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
        scores, ids = self._index.search(query.reshape(1, -1).astype(np.float32), k)  # type: ignore[attr-defined]
        keep = ids[0] >= 0
        return scores[0][keep], ids[0][keep]

    def vectors(self, ids: np.ndarray) -> np.ndarray:
        """The stored vectors of rows ``ids`` (to score candidates found by BM25)."""
        if len(ids) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self._index.reconstruct_batch(np.asarray(ids, dtype=np.int64))  # type: ignore[attr-defined]

    def all_vectors(self) -> np.ndarray:
        """Every stored vector, in row order (to reuse embeddings when rebuilding)."""
        if self.size == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self._index.reconstruct_n(0, self.size)  # type: ignore[attr-defined]
