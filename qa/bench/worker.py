"""``python -m qa.bench.worker TASK …``: one measured step of ``qa bench`` in its own process.

Each task runs in a fresh interpreter so that its wall time includes start-up and imports,
its peak RSS is its own, and nothing it loads (a model, an index, the page cache of its
arrays aside) is shared with the next step. It prints one JSON object as its last line.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from qa.bench.measure import load_average, peak_rss_mb, percentile


def _emit(obj: dict) -> None:
    print(json.dumps(obj), flush=True)


# --------------------------------------------------------------------------- builds


def build_ours(args: argparse.Namespace) -> dict:
    """The project's build of a BEIR collection, exactly as ``qa eval --beir`` makes it."""
    from qa.beir import load_beir
    from qa.engine import Engine

    collection = load_beir(args.path)
    engine = Engine.from_corpus(collection.corpus, args.index, fingerprint=collection.fingerprint)
    return _manifest_summary(engine.manifest)


def _manifest_summary(manifest: dict) -> dict:
    counts = manifest["counts"]
    return {
        "documents": counts["documents"],
        "passages": counts["passages"],
        "sentences": counts.get("sentences", 0),
        "reused_vectors": counts.get("reused_vectors", 0),
        "reused_sentence_vectors": counts.get("reused_sentence_vectors", 0),
        "build_seconds_inside": manifest.get("build_seconds"),
        "dense": manifest.get("dense", {}),
        "embedding": manifest.get("embedding", {}),
        "peak_rss_mb": peak_rss_mb(),
    }


def build_baseline(args: argparse.Namespace) -> dict:
    from qa.bench import baseline
    from qa.bench.texts import index_texts, load_collection

    t0 = time.perf_counter()
    texts = index_texts(load_collection(args.kind, args.path))
    split = time.perf_counter() - t0
    result = baseline.build(texts, args.out)
    result["stage_seconds"]["split"] = split
    result["peak_rss_mb"] = peak_rss_mb()
    return result


def manifest(args: argparse.Namespace) -> dict:
    """What the live generation of an index says about itself (after a ``qa index`` run)."""
    from qa.index import read_manifest

    return _manifest_summary(read_manifest(args.index))


# --------------------------------------------------------------------------- queries


def _queries(path: Path, limit: int) -> list[str]:
    questions = json.loads(path.read_text(encoding="utf-8"))
    return questions[:limit] if limit else questions


def latency_ours(args: argparse.Namespace) -> dict:
    """Warm ``Engine.search`` (and ``Engine.ask``) latency, query after query."""
    from qa.engine import Engine

    t0 = time.perf_counter()
    if args.kind == "folder":
        engine = Engine.open(args.path, args.index)
        if engine.rebuilt_because:
            raise SystemExit(f"the index was not fresh: {engine.rebuilt_because}")
    else:
        from qa.beir import load_beir

        collection = load_beir(args.path)
        engine = Engine.from_corpus(collection.corpus, args.index, fingerprint=collection.fingerprint)
    opened = time.perf_counter() - t0
    questions = _queries(args.queries, args.limit)
    retrievers = ("bm25", "dense", "hybrid")
    for q in questions[:5]:  # warm-up: first calls allocate, fill caches, load lazily
        for r in retrievers:
            engine.search(q, k=10, retriever=r)
        engine.ask(q)
    times: dict[str, list[float]] = {r: [] for r in (*retrievers, "ask")}
    load = [load_average()]
    for q in questions:
        for r in retrievers:  # interleaved, so load changes affect the three alike
            s = time.perf_counter()
            engine.search(q, k=10, retriever=r)
            times[r].append((time.perf_counter() - s) * 1000)
        s = time.perf_counter()
        engine.ask(q)
        times["ask"].append((time.perf_counter() - s) * 1000)
    load.append(load_average())
    return _latency_result(times, opened, load)


def latency_baseline(args: argparse.Namespace) -> dict:
    from qa.bench.baseline import Searcher

    t0 = time.perf_counter()
    searcher = Searcher(args.folder)
    opened = time.perf_counter() - t0
    questions = _queries(args.queries, args.limit)
    retrievers = ("bm25", "dense", "hybrid")
    for q in questions[:5]:
        for r in retrievers:
            searcher.search(q, 10, r)
    times: dict[str, list[float]] = {r: [] for r in retrievers}
    load = [load_average()]
    for q in questions:
        for r in retrievers:
            s = time.perf_counter()
            searcher.search(q, 10, r)
            times[r].append((time.perf_counter() - s) * 1000)
    load.append(load_average())
    return _latency_result(times, opened, load)


def _latency_result(times: dict[str, list[float]], opened: float, load: list[float]) -> dict:
    return {
        "queries": len(next(iter(times.values()))),
        "open_seconds": opened,
        "p50_ms": {r: percentile(t, 50) for r, t in times.items()},
        "p95_ms": {r: percentile(t, 95) for r, t in times.items()},
        "peak_rss_mb": peak_rss_mb(),
        "load": load,
    }


def baseline_ask(args: argparse.Namespace) -> dict:
    """The baseline's cold start: load everything, answer with the top hybrid passage, print it."""
    from qa.bench.baseline import Searcher

    searcher = Searcher(args.folder)
    row = searcher.search(args.question, 1, "hybrid")[0]
    print(searcher.passages[row], flush=True)
    return {"row": row}


# --------------------------------------------------------------------------- quality


def ndcg(args: argparse.Namespace) -> dict:
    """Hybrid nDCG@10 of the project's index, and of the same index with the baseline's vectors.

    Same passages, same BM25, same ranking code and query encoder (fp32): the only difference
    is how the passage and sentence vectors were computed.
    """
    import dataclasses

    import faiss
    import numpy as np

    from qa.beir import load_beir
    from qa.engine import Engine, EngineSettings
    from qa.evaluation import evaluate_beir
    from qa.index import load_index, passage_hash
    from qa.vectors import DenseIndex

    collection = load_beir(args.path)
    ours = Engine.from_corpus(collection.corpus, args.index, fingerprint=collection.fingerprint)
    stored = load_index(args.index)
    texts = json.loads((args.baseline / "texts.json").read_text(encoding="utf-8"))["passages"]
    # As arrays of the stored dtype: numpy's "S16" drops trailing NUL bytes in ``tolist()``.
    wanted = np.array([passage_hash(t) for t in texts], dtype=stored.hashes.dtype)
    same = len(texts) == stored.size and bool(np.array_equal(wanted, stored.hashes))
    if not same:
        raise SystemExit("the baseline did not index the same passages as the project")
    sentences = stored.sentences
    if sentences is not None:
        vectors = np.load(args.baseline / "sentences.npy")
        sentences = dataclasses.replace(sentences, vectors=vectors)
    swapped = dataclasses.replace(
        stored, dense=DenseIndex(faiss.read_index(str(args.baseline / "dense.faiss")), "flat"), sentences=sentences
    )
    theirs = Engine(swapped, ours.encoder, EngineSettings(), None, args.index)
    out = {}
    for name, engine in (("ours", ours), ("baseline_vectors", theirs)):
        report = evaluate_beir(engine, collection, ["hybrid"])
        out[name] = {k: v for k, v in report.retrievers["hybrid"].metrics.items() if not k.startswith("latency")}
    dense_ours = stored.dense.all_vectors()
    dense_base = swapped.dense.all_vectors()
    cos = np.einsum("ij,ij->i", dense_ours, dense_base)
    out["passage_vector_cosine_distance"] = {"mean": float(1 - cos.mean()), "max": float(1 - cos.min())}
    return out


# --------------------------------------------------------------------------- scale


def scale(args: argparse.Namespace) -> dict:
    from qa.bench.scale import realism, run_scale

    if args.data == "realism":
        import numpy as np

        return realism(np.load(args.real), None, seed=args.seed)
    return run_scale(args.data, args.n, args.real, queries=args.limit or 1000, seed=args.seed)


TASKS = {
    "build-ours": build_ours,
    "build-baseline": build_baseline,
    "manifest": manifest,
    "latency-ours": latency_ours,
    "latency-baseline": latency_baseline,
    "baseline-ask": baseline_ask,
    "ndcg": ndcg,
    "scale": scale,
}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m qa.bench.worker")
    p.add_argument("task", choices=sorted(TASKS))
    p.add_argument("--kind", choices=("folder", "beir"), default="beir")
    p.add_argument("--path", type=Path)
    p.add_argument("--index", type=Path)
    p.add_argument("--out", type=Path)
    p.add_argument("--folder", type=Path)
    p.add_argument("--baseline", type=Path)
    p.add_argument("--queries", type=Path)
    p.add_argument("--limit", type=int, default=0)
    p.add_argument("--question")
    p.add_argument("--data", default="gmm")
    p.add_argument("--n", type=int, default=100_000)
    p.add_argument("--real", type=Path)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    _emit(TASKS[args.task](args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
