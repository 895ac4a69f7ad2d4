"""Measure a late-interaction (MaxSim) rerank of the hybrid head: ``.venv/bin/python scripts/measure_maxsim.py``.

Not part of the product: docs/retrieval-and-answers.md ("A late-interaction rerank") reports what
this prints and why the rerank is not adopted. MaxSim scores a passage by each question token's
best cosine with the passage's token vectors (all-MiniLM-L6-v2's contextual token embeddings,
before pooling), averaged over the question's tokens. It needs the passage's token vectors,
which the index does not store (about a gigabyte at int8 for SciFact), so here they are
encoded at question time, as a reranker would have to; the script times that too.

Each setting reranks the first ``top`` hybrid candidates by fused score + ``weight`` × z-scored
MaxSim (z over those candidates) and keeps the rest of the ranking as it was. Gold and holdout
figures are passage-level Hit@5 / MRR@10 (as ``qa eval``), SciFact is document-level nDCG@10
(max aggregation). ``--no-scifact`` skips SciFact (its 300 queries take ~10 minutes).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa.beir import beir_index_dir, load_beir  # noqa: E402
from qa.defaults import DEFAULT_CORPUS, DEFAULT_INDEX_ROOT  # noqa: E402
from qa.embedding import bundled_model_path, load_encoder  # noqa: E402
from qa.engine import Engine  # noqa: E402
from qa.evaluation import _unit, aggregate_max, gold_judgments, score_rankings  # noqa: E402
from qa.gold import load_gold  # noqa: E402
from qa.retrieval import QueryScores, _stats, _z, rank_hits  # noqa: E402

SETTINGS = ((5, 0.5), (5, 1.0), (10, 0.5), (30, 0.5), (30, 1.0))  # (top, weight)
SCIFACT = ROOT.parent / "shared" / "benchmarks" / "scifact"


class TokenVectors:
    """Normalised contextual token vectors of a text ([CLS] and [SEP] left out), cached by text."""

    def __init__(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        self.model = SentenceTransformer(str(bundled_model_path()), device="cpu")
        self.cache: dict[str, np.ndarray] = {}
        self.seconds: list[float] = []  # per uncached passage

    def __call__(self, texts: list[str]) -> list[np.ndarray]:
        todo = [t for t in dict.fromkeys(texts) if t not in self.cache]
        if todo:
            started = time.perf_counter()
            out = self.model.encode(todo, output_value="token_embeddings", convert_to_numpy=False, batch_size=32)
            self.seconds += [(time.perf_counter() - started) / len(todo)] * len(todo)
            for text, tokens in zip(todo, out, strict=True):
                v = tokens[1:-1].float().numpy()
                self.cache[text] = v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-9)
        return [self.cache[t] for t in texts]


def reranked(scores: QueryScores, base: np.ndarray, maxsim: np.ndarray, order: np.ndarray, top: int, weight: float):
    """``base`` with its first ``top`` candidates (``order``) reordered by base + weight × z(MaxSim)."""
    head = order[:top]
    ms = maxsim[:top]
    head_scores = base[head] + weight * _z(ms, _stats(ms))
    out = base.copy()
    out[head] = head_scores - head_scores.min() + base.max() + 1.0  # the head stays ahead of the rest
    return out


def head_maxsim(engine: Engine, tokens: TokenVectors, text: str, width: int):
    """Scores of one query, its hybrid ranking, candidate order, and MaxSim of the first ``width``."""
    stored = engine._stored
    settings = engine.settings.search
    scores = QueryScores(stored, text, engine.encoder.encode([text])[0], settings)
    base = scores.ranking("hybrid", settings)
    order = np.argsort(-base, kind="stable")
    (query,) = tokens([text])
    passages = tokens([stored.passage(int(r)).text for r in scores.rows[order[:width]]])
    maxsim = np.array([(query @ p.T).max(axis=1).mean() for p in passages])
    return scores, base, order, maxsim


def with_ranking(scores: QueryScores, ranking: np.ndarray) -> QueryScores:
    """``scores`` ranking hybrid by ``ranking`` (an instance override: rank_hits asks the scores)."""
    scores.ranking = lambda retriever, settings: ranking  # type: ignore[method-assign]
    return scores


def gold_figures(engine: Engine, tokens: TokenVectors, path: Path) -> dict[tuple[int, float], tuple[float, float]]:
    questions = load_gold(path)
    qrels, units = gold_judgments(engine, questions)
    width = max(top for top, _ in SETTINGS)
    runs: dict[tuple[int, float], dict[str, list[str]]] = {s: {} for s in ((0, 0.0), *SETTINGS)}
    for q in questions:
        if q.id not in qrels:
            continue
        scores, base, order, maxsim = head_maxsim(engine, tokens, q.question, width)
        for top, weight in runs:
            ranking = reranked(scores, base, maxsim, order, top, weight) if top else base
            hits = rank_hits(engine._stored, with_ranking(scores, ranking), "hybrid", 10, engine.settings.search)
            runs[(top, weight)][q.id] = [_unit(h, units[q.id]) for h in hits]
    out = {}
    for setting, rankings in runs.items():
        mean = score_rankings(qrels, rankings).mean
        out[setting] = (mean["hit@5"], mean["mrr@10"])
    return out


def scifact_figures(engine: Engine, tokens: TokenVectors, collection) -> dict[tuple[int, float], float]:
    width = max(top for top, _ in SETTINGS)
    runs: dict[tuple[int, float], dict[str, list[str]]] = {s: {} for s in ((0, 0.0), *SETTINGS)}
    doc_of = [d.doc_id for d in engine._stored.documents]
    asked = [q for q in collection.qrels if any(g > 0 for g in collection.qrels[q].values())]
    for n, qid in enumerate(asked, 1):
        scores, base, order, maxsim = head_maxsim(engine, tokens, collection.queries[qid], width)
        docs = engine._stored.doc_rows[scores.rows]
        for top, weight in runs:
            ranking = reranked(scores, base, maxsim, order, top, weight) if top else base
            scored = ((doc_of[int(d)], float(s)) for d, s in zip(docs, ranking, strict=True))
            runs[(top, weight)][qid] = aggregate_max(scored)[:10]
        if n % 50 == 0:
            print(f"  SciFact {n}/{len(asked)}", file=sys.stderr)
    return {s: score_rankings(collection.qrels, r).mean["ndcg@10"] for s, r in runs.items()}


def pair(hit_mrr: tuple[float, float]) -> str:
    return f"{hit_mrr[0]:.3f} / {hit_mrr[1]:.3f}"


def label(setting: tuple[int, float]) -> str:
    top, weight = setting
    return "hybrid (as shipped)" if not top else f"MaxSim rerank of the top {top}, weight {weight}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-scifact", action="store_true", help="only the gold and holdout sets")
    args = parser.parse_args(argv)
    encoder = load_encoder()
    tokens = TokenVectors()
    engine = Engine.open(DEFAULT_CORPUS, encoder=encoder)
    gold = gold_figures(engine, tokens, ROOT / "tests" / "data" / "gold.jsonl")
    holdout = gold_figures(engine, tokens, ROOT / "tests" / "data" / "holdout.jsonl")
    scifact: dict[tuple[int, float], float] = {}
    if not args.no_scifact:
        collection = load_beir(SCIFACT)
        index = beir_index_dir(collection, encoder.model_id, DEFAULT_INDEX_ROOT)
        sf_engine = Engine.from_corpus(collection.corpus, index, fingerprint=collection.fingerprint, encoder=encoder)
        scifact = scifact_figures(sf_engine, tokens, collection)
    print("| ranking | gold Hit@5 / MRR@10 | holdout Hit@5 / MRR@10 | SciFact nDCG@10 |")
    print("|---|---|---|---|")
    for setting in gold:
        sf = f"{scifact[setting]:.4f}" if setting in scifact else "—"
        print(f"| {label(setting)} | {pair(gold[setting])} | {pair(holdout[setting])} | {sf} |")
    print(f"\nencoding one passage's token vectors: median {1000 * statistics.median(tokens.seconds):.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
