"""The naive baseline the benchmark compares against, written plainly on purpose.

What anyone would write first: sentence-transformers ``encode`` (its defaults: batch 32,
torch's threads) for every text, ``faiss.IndexFlatIP`` over the passage vectors and the
project's own BM25 (the same settings, so only the dense side and the plumbing differ). It
indexes exactly the texts the project's index holds — each passage with its title in front,
and every sentence (the project keeps a vector per sentence for its sentence views) — over
the same passages, so build times compare like with like and the baseline's vectors can be
swapped into the project's ranking to measure what faster embedding costs in quality.

Queries: ``encode`` the question, ``IndexFlatIP.search`` for dense, BM25 scores for bm25,
and for hybrid the two top-1000 lists z-normalised and averaged (the project's fusion
without its sentence views).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np

from qa.bench.texts import IndexTexts

DEPTH = 1000


def load_model():
    """sentence-transformers with the bundled model, offline (what the project's build replaces)."""
    from qa.embedding import _offline_and_quiet, resolve_model

    _offline_and_quiet()
    from sentence_transformers import SentenceTransformer

    _, source = resolve_model("default")
    return SentenceTransformer(source, device="cpu")


def build(texts: IndexTexts, out: Path) -> dict:
    """Embed every text, build IndexFlatIP and BM25, save them; return timings and counts."""
    import faiss

    from qa.bm25 import Bm25Index, Bm25Settings

    t0 = time.perf_counter()
    model = load_model()
    t1 = time.perf_counter()
    passages = model.encode(texts.passages, normalize_embeddings=True, convert_to_numpy=True)
    t2 = time.perf_counter()
    sentences = model.encode(texts.sentences, normalize_embeddings=True, convert_to_numpy=True)
    t3 = time.perf_counter()
    index = faiss.IndexFlatIP(passages.shape[1])
    index.add(passages.astype(np.float32))
    bm25 = Bm25Index.build(texts.passages, Bm25Settings())
    t4 = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    faiss.write_index(index, str(out / "dense.faiss"))
    np.save(out / "sentences.npy", sentences.astype(np.float32))
    (out / "bm25").mkdir(exist_ok=True)
    bm25.save(out / "bm25")
    (out / "texts.json").write_text(json.dumps({"passages": texts.passages}), encoding="utf-8")
    t5 = time.perf_counter()
    return {
        "passages": len(texts.passages),
        "sentences": len(texts.sentences),
        "stage_seconds": {
            "load_model": t1 - t0,
            "embed_passages": t2 - t1,
            "embed_sentences": t3 - t2,
            "index": t4 - t3,
            "save": t5 - t4,
        },
    }


class Searcher:
    """The baseline's query side over what ``build`` saved."""

    def __init__(self, folder: Path) -> None:
        import faiss

        from qa.bm25 import Bm25Index, Bm25Settings

        self.model = load_model()
        self.index = faiss.read_index(str(folder / "dense.faiss"))
        self.bm25 = Bm25Index.load(folder / "bm25", Bm25Settings())
        self.passages: list[str] = json.loads((folder / "texts.json").read_text(encoding="utf-8"))["passages"]

    def search(self, query: str, k: int, retriever: str) -> list[int]:
        """Row ids of the ``k`` best passages."""
        vector = self.model.encode([query], normalize_embeddings=True, convert_to_numpy=True).astype(np.float32)
        if retriever == "dense":
            return [int(i) for i in self.index.search(vector, k)[1][0] if i >= 0]
        bm25 = self.bm25.scores(query)
        if retriever == "bm25":
            return [int(i) for i in np.argsort(-bm25)[:k]]
        dense_scores, dense_ids = self.index.search(vector, min(DEPTH, self.index.ntotal))
        bm25_ids = np.argsort(-bm25)[:DEPTH]
        fused: dict[int, float] = {}
        for ids, scores in ((dense_ids[0], dense_scores[0]), (bm25_ids, bm25[bm25_ids])):
            sd = float(scores.std()) or 1.0
            mean = float(scores.mean())
            for i, s in zip(ids, scores, strict=True):
                fused[int(i)] = fused.get(int(i), 0.0) + (float(s) - mean) / sd
        return sorted(fused, key=lambda i: -fused[i])[:k]
