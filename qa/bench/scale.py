"""Scale: exact vs approximate FAISS indexes on 100k and 1M synthetic 384-d unit vectors.

What "synthetic" means decides the answer. Uniformly random unit vectors have no structure:
every point's neighbours are barely closer than any other point, so approximate indexes
(which exploit clusters and low intrinsic dimension) lose most of their recall — a worst
case that says little about sentence embeddings. The realistic data here is a Gaussian
mixture *fitted to real MiniLM embeddings* (SciFact passages and sentences, as the
project's index holds them): k-means centroids as component means, weighted by cluster
size, plus the residuals' full covariance (shared by all components), so the data has the
clusters and the anisotropic spread of real embeddings; queries are fresh samples from the
same mixture. Both kinds are reported; the realism check compares nearest-neighbour
similarities of real and fitted data at the real data's size.

Every approximate index is scored against exact search on the same data: recall@10 (share
of the exact top 10 found), p50 latency of single-query searches at k=10 and at k=1000 (the
depth hybrid search asks the dense index for), build time and size on disk.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from qa.bench.measure import load_average, peak_rss_mb, percentile, rss_now_mb

DIM = 384
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = (16, 32, 64, 128, 256)
IVF_NPROBE = (4, 8, 16, 32, 64, 128)
DEPTH = 1000  # what hybrid search asks the dense index for
LATENCY_QUERIES = 200


def gmm_sampler(real: np.ndarray, clusters: int, seed: int) -> Callable[[int, np.random.Generator], np.ndarray]:
    """A sampler of unit vectors from a Gaussian mixture fitted to ``real``."""
    import faiss

    real = np.ascontiguousarray(real, dtype=np.float32)
    kmeans = faiss.Kmeans(real.shape[1], clusters, niter=20, seed=seed, spherical=False, verbose=False)
    kmeans.train(real)
    centroids = kmeans.centroids.astype(np.float64)
    _, assign = kmeans.index.search(real, 1)
    assign = assign[:, 0]
    residuals = real.astype(np.float64) - centroids[assign]
    cov = residuals.T @ residuals / len(residuals)
    eigval, eigvec = np.linalg.eigh(cov)
    scale = np.sqrt(np.clip(eigval, 0, None))
    weights = np.bincount(assign, minlength=clusters).astype(np.float64)
    weights /= weights.sum()

    def sample(n: int, rng: np.random.Generator) -> np.ndarray:
        comp = rng.choice(clusters, size=n, p=weights)
        z = rng.standard_normal((n, real.shape[1])) * scale
        x = centroids[comp] + z @ eigvec.T
        x /= np.linalg.norm(x, axis=1, keepdims=True)
        return x.astype(np.float32)

    return sample


def uniform_sampler(n: int, rng: np.random.Generator) -> np.ndarray:
    x = rng.standard_normal((n, DIM))
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x.astype(np.float32)


def generate(sampler: Callable[[int, np.random.Generator], np.ndarray], n: int, seed: int) -> np.ndarray:
    """``n`` vectors, made 100k at a time (float64 temporaries of 1M x 384 would take 3 GB)."""
    rng = np.random.default_rng(seed)
    out = np.empty((n, DIM), dtype=np.float32)
    for start in range(0, n, 100_000):
        stop = min(n, start + 100_000)
        out[start:stop] = sampler(stop - start, rng)
    return out


def ivf_nlist(n: int) -> int:
    """Inverted lists for ``n`` vectors: about 4·sqrt(n), as a power of two (FAISS's guideline)."""
    return int(2 ** round(np.log2(4 * np.sqrt(max(n, 1)))))


def _recall(found: np.ndarray, truth: np.ndarray) -> float:
    hits = sum(len(set(f[:10].tolist()) & set(t[:10].tolist())) for f, t in zip(found, truth, strict=True))
    return hits / (10 * len(truth))


def _single_query_ms(index, queries: np.ndarray, k: int) -> tuple[float, np.ndarray]:
    """p50 of one-query searches (as the engine runs them), and the ids found."""
    times = []
    ids = []
    for q in queries:
        t0 = time.perf_counter()
        _, found = index.search(q.reshape(1, -1), k)
        times.append((time.perf_counter() - t0) * 1000)
        ids.append(found[0])
    return percentile(times, 50), np.array(ids)


def _size_mb(index) -> float:
    import faiss

    with tempfile.NamedTemporaryFile(dir=os.environ.get("QA_BENCH_TMP")) as fh:
        faiss.write_index(index, fh.name)
        return round(Path(fh.name).stat().st_size / 2**20, 1)


def _measure(index, name: str, params: dict, build_s: float, queries: np.ndarray, truth: np.ndarray) -> dict:
    lat = queries[:LATENCY_QUERIES]
    p50_10, _ = _single_query_ms(index, lat, 10)
    _, found = index.search(queries, 10)
    row = {
        "index": name,
        **params,
        "build_s": round(build_s, 2),
        "size_mb": _size_mb(index),
        "p50_ms_k10": round(p50_10, 3),
        "recall@10": round(_recall(found, truth), 4),
    }
    return row


def run_scale(data: str, n: int, real_path: Path | None, *, queries: int = 1000, seed: int = 0) -> dict:
    """Flat, HNSW and IVF-Flat on ``n`` vectors of ``data`` ("gmm" or "uniform")."""
    import faiss

    started = time.perf_counter()
    load = [load_average()]
    if data == "gmm":
        if real_path is None:
            raise SystemExit("the gmm data needs real vectors (--real FILE.npy)")
        real = np.load(real_path)
        sampler = gmm_sampler(real, clusters=min(1024, len(real) // 40), seed=seed)
    elif data == "uniform":
        sampler = uniform_sampler
    else:
        raise SystemExit(f"unknown data {data!r}")
    base = generate(sampler, n, seed)
    qs = generate(sampler, queries, seed + 1)
    generated = time.perf_counter() - started
    rows: list[dict] = []

    t0 = time.perf_counter()
    flat = faiss.IndexFlatIP(DIM)
    flat.add(base)
    flat_build = time.perf_counter() - t0
    _, truth = flat.search(qs, max(10, DEPTH))
    truth10 = truth[:, :10]
    row = _measure(flat, "flat", {}, flat_build, qs, truth10)
    row["p50_ms_k1000"] = round(_single_query_ms(flat, qs[:LATENCY_QUERIES], DEPTH)[0], 3)
    rows.append(row)
    stats = _neighbour_stats(flat, qs[:LATENCY_QUERIES])
    del flat

    t0 = time.perf_counter()
    hnsw = faiss.IndexHNSWFlat(DIM, HNSW_M, faiss.METRIC_INNER_PRODUCT)
    hnsw.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    hnsw.add(base)
    hnsw_build = time.perf_counter() - t0
    for ef in HNSW_EF_SEARCH:
        hnsw.hnsw.efSearch = ef
        rows.append(
            _measure(
                hnsw,
                "hnsw",
                {"M": HNSW_M, "efConstruction": HNSW_EF_CONSTRUCTION, "efSearch": ef},
                hnsw_build,
                qs,
                truth10,
            )
        )
    hnsw.hnsw.efSearch = DEPTH  # FAISS needs efSearch >= k to return k results
    p50_1000, found = _single_query_ms(hnsw, qs[:LATENCY_QUERIES], DEPTH)
    rows.append(
        {
            "index": "hnsw",
            "M": HNSW_M,
            "efConstruction": HNSW_EF_CONSTRUCTION,
            "efSearch": DEPTH,
            "build_s": round(hnsw_build, 2),
            "p50_ms_k1000": round(p50_1000, 3),
            "recall@10": round(_recall(found[:, :10], truth10[:LATENCY_QUERIES]), 4),
        }
    )
    del hnsw

    nlist = ivf_nlist(n)
    t0 = time.perf_counter()
    quantizer = faiss.IndexFlatIP(DIM)
    ivf = faiss.IndexIVFFlat(quantizer, DIM, nlist, faiss.METRIC_INNER_PRODUCT)
    train = base[np.random.default_rng(seed).choice(n, size=min(n, 64 * nlist), replace=False)]
    ivf.train(train)
    ivf.add(base)
    ivf_build = time.perf_counter() - t0
    for nprobe in IVF_NPROBE:
        ivf.nprobe = nprobe
        row = _measure(ivf, "ivf", {"nlist": nlist, "nprobe": nprobe}, ivf_build, qs, truth10)
        row["p50_ms_k1000"] = round(_single_query_ms(ivf, qs[:LATENCY_QUERIES], DEPTH)[0], 3)
        rows.append(row)
    del ivf, quantizer
    load.append(load_average())
    return {
        "data": data,
        "n": n,
        "dim": DIM,
        "queries": queries,
        "generate_s": round(generated, 1),
        "neighbours": stats,
        "rows": rows,
        "peak_rss_mb": peak_rss_mb(),
        "rss_end_mb": rss_now_mb(),
        "load": load,
    }


def _neighbour_stats(flat, queries: np.ndarray) -> dict:
    """Mean cosine of a query's 1st, 10th and 100th neighbour: how clustered the data is."""
    scores, _ = flat.search(queries, 100)
    return {f"cos@{k}": round(float(scores[:, k - 1].mean()), 4) for k in (1, 10, 100)}


def realism(real: np.ndarray, queries: np.ndarray | None, seed: int = 0) -> dict:
    """Nearest-neighbour similarities of the real vectors and of the fitted mixture at the same size."""
    import faiss

    real = np.ascontiguousarray(real, dtype=np.float32)
    sampler = gmm_sampler(real, clusters=min(1024, len(real) // 40), seed=seed)
    rng = np.random.default_rng(seed)
    held = rng.choice(len(real), size=min(500, len(real) // 10), replace=False)
    keep = np.setdiff1d(np.arange(len(real)), held)
    out = {}
    for name, base, qs in (
        ("real (held-out real vectors as queries)", real[keep], real[held]),
        ("fitted mixture", generate(sampler, len(keep), seed), generate(sampler, len(held), seed + 1)),
        ("uniform", generate(uniform_sampler, len(keep), seed), generate(uniform_sampler, len(held), seed + 1)),
    ):
        flat = faiss.IndexFlatIP(DIM)
        flat.add(base)
        out[name] = _neighbour_stats(flat, qs)
    if queries is not None:
        flat = faiss.IndexFlatIP(DIM)
        flat.add(real)
        out["real (real queries)"] = _neighbour_stats(flat, np.ascontiguousarray(queries, dtype=np.float32))
    return out
