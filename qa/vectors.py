"""The dense side of retrieval: normalised vectors in a FAISS index.

Small collections use exact inner-product search (``IndexFlatIP``): up to ``ann_threshold``
vectors it answers in a few milliseconds and is what every approximate index is judged
against. Past the threshold an inverted-file index (``IndexIVFFlat``) takes over, because
exact search grows linearly with the collection. IVF rather than HNSW, and these parameters,
because ``qa bench`` measured them (README, "Performance"): on 1M vectors fitted to real
MiniLM embeddings, IVF with about 4·√n lists and 32 probed lists finds ≥ 0.95 of the exact
top 10 in ~1–2 ms, and — what decides it — costs the same at the depth hybrid search asks
the dense index for (its top 1,000, for the z-normalisation statistics), while HNSW must
raise efSearch to that depth and becomes several times slower than exact search's budget.
The kind and the parameters actually used are recorded in the manifest (``params``).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np


@dataclass(frozen=True)
class DenseSettings:
    #: From this many vectors on, the approximate index (``ann_kind``) replaces exact search.
    ann_threshold: int = 200_000
    ann_kind: str = "ivf"  # "ivf" or "hnsw"
    #: IVF: lists ≈ ``ivf_lists_per_sqrt``·√n rounded to a power of two; ``ivf_nprobe`` searched.
    ivf_lists_per_sqrt: float = 4.0
    ivf_nprobe: int = 32
    #: IVF: k-means is trained on at most this many vectors per list (FAISS wants ≥ 39).
    ivf_train_per_list: int = 64
    hnsw_m: int = 32
    hnsw_ef_construction: int = 80
    hnsw_ef_search: int = 64

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    def kind_for(self, n: int) -> str:
        return self.ann_kind if n >= self.ann_threshold else "flat"

    def ivf_nlist(self, n: int) -> int:
        return max(1, 2 ** round(math.log2(max(1.0, self.ivf_lists_per_sqrt * math.sqrt(max(n, 1))))))


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

    @property
    def params(self) -> dict[str, int]:
        """The parameters this index was built and is searched with (for the manifest)."""
        index = self._index
        if self.kind == "ivf":
            return {"nlist": int(index.nlist), "nprobe": int(index.nprobe)}  # type: ignore[attr-defined]
        if self.kind == "hnsw":
            hnsw = index.hnsw  # type: ignore[attr-defined]
            return {
                "M": int(hnsw.nb_neighbors(1)),
                "efConstruction": int(hnsw.efConstruction),
                "efSearch": int(hnsw.efSearch),
            }
        return {}

    @classmethod
    def build(cls, vectors: np.ndarray, settings: DenseSettings) -> DenseIndex:
        import faiss

        n, dim = vectors.shape
        kind = settings.kind_for(n)
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        if kind == "ivf":
            nlist = settings.ivf_nlist(n)
            quantizer = faiss.IndexFlatIP(dim)
            index = faiss.IndexIVFFlat(quantizer, dim, nlist, faiss.METRIC_INNER_PRODUCT)
            sample = min(n, settings.ivf_train_per_list * nlist)
            rows = np.sort(np.random.default_rng(0).choice(n, size=sample, replace=False))
            index.train(vectors[rows])
            index.add(vectors)
            index.make_direct_map()  # rows' vectors are read back to score BM25's candidates
            index.nprobe = settings.ivf_nprobe
        elif kind == "hnsw":
            index = faiss.IndexHNSWFlat(dim, settings.hnsw_m, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = settings.hnsw_ef_construction
            index.hnsw.efSearch = settings.hnsw_ef_search
            index.add(vectors)
        else:
            index = faiss.IndexFlatIP(dim)
            if n:
                index.add(vectors)
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
        elif kind == "ivf":
            index.nprobe = settings.ivf_nprobe
            if index.direct_map.type == faiss.DirectMap.NoMap:
                index.make_direct_map()
        return cls(index, kind)

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Top-``k`` (scores, row ids) for one normalised query vector, best first."""
        k = max(0, min(k, self.size))
        if k == 0:
            return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
        exact = self.exact_scores(query)
        if exact is not None:
            ids = top_k(exact, k)
            return exact[ids], ids
        scores, ids = self._index.search(query.reshape(1, -1).astype(np.float32), k)  # type: ignore[attr-defined]
        keep = ids[0] >= 0
        return scores[0][keep], ids[0][keep]

    def exact_scores(self, query: np.ndarray) -> np.ndarray | None:
        """Every row's inner product with ``query`` when the index is exact, else None.

        Why not ``IndexFlatIP.search``: for one query FAISS scans without BLAS and keeps a heap
        of k results, measured at ~12 ms on SciFact's 16k passages for k=10 or k=1000; one
        matrix-vector product over the same memory (a view, not a copy) takes ~1 ms, and
        gives the scores of BM25's candidates too.
        """
        if self.kind != "flat" or self.size == 0:
            return None
        return self._matrix() @ np.asarray(query, dtype=np.float32).reshape(-1)

    def vectors(self, ids: np.ndarray) -> np.ndarray:
        """The stored vectors of rows ``ids`` (to score candidates found by BM25)."""
        if len(ids) == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        if self.kind == "flat":
            return self._matrix()[np.asarray(ids, dtype=np.int64)]
        return self._index.reconstruct_batch(np.asarray(ids, dtype=np.int64))  # type: ignore[attr-defined]

    def _matrix(self) -> np.ndarray:
        """The flat index's own vector storage as a read-only (n, dim) array (no copy)."""
        import faiss

        index = self._index
        view = faiss.rev_swig_ptr(index.get_xb(), self.size * self.dim)  # type: ignore[attr-defined]
        view = view.reshape(self.size, self.dim)
        view.flags.writeable = False
        return view

    def all_vectors(self) -> np.ndarray:
        """Every stored vector, in row order (to reuse embeddings when rebuilding)."""
        if self.size == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self._index.reconstruct_n(0, self.size)  # type: ignore[attr-defined]


def top_k(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the ``k`` highest scores, best first (ties in index order)."""
    if k >= len(scores):
        return np.argsort(-scores, kind="stable")
    part = np.argpartition(-scores, k)[:k]
    return part[np.lexsort((part, -scores[part]))]
