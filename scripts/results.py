"""Regenerate the README's results tables: ``.venv/bin/python scripts/results.py``.

Runs the same evaluation as ``qa eval tests/data/gold.jsonl --retriever all`` (shipped corpus),
the same for every other question set in ``tests/data`` on its own collection, and
``qa eval --beir ../shared/benchmarks/scifact --retriever all``, with one model load, and
rewrites the part of README.md between the ``results:begin`` and ``results:end`` markers;
exits 1 when SciFact misses issue 4's target (``SCIFACT_TARGET``) or hybrid falls more than
``SLACK`` under the better single retriever there.
The SciFact index is built once (tens of minutes on two CPU cores) and cached under
``index/beir/``; later runs take a few minutes. ``--json FILE`` also saves both full reports.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
GOLD = ROOT / "tests" / "data" / "gold.jsonl"
SCIFACT = ROOT.parent / "shared" / "benchmarks" / "scifact"
BEGIN, END = "<!-- results:begin -->", "<!-- results:end -->"

#: Published nDCG@10 on the SciFact test set (see ../shared/README.md and the issue).
PUBLISHED = {
    "dense": "0.645 (all-MiniLM-L6-v2, MTEB)",
    "bm25": "0.665 (BEIR paper, Elasticsearch) · 0.687 (bm25s, stemmed)",
    "hybrid": "target ≥ 0.74 · BGE-base + BM25 with RRF 0.744",
}
#: Issue 4's SciFact target for hybrid nDCG@10, and how far hybrid may fall under the better
#: single retriever there: a run that misses either exits 1, so the table doubles as a check.
SCIFACT_TARGET = 0.74
SLACK = 0.01
#: The gold-set targets of issue 4, for the hybrid ranking.
GOLD_TARGETS = {"mrr@10": "≥ 0.90", "hit@5": "≥ 0.95", "answer_accuracy@1": "≥ 0.80"}
ORDER = ("dense", "bm25", "hybrid")
DATA = ROOT / "tests" / "data"
#: Every other question set, as (file, corpus folder or None for the shipped corpus, what it is).
#: The blind sets were each written after reading the documents and before any change was
#: measured on them; the documentation and licence sets are other kinds of collection.
QUESTION_SETS = (
    ("holdout.jsonl", None, "direct questions, only used to check what gold fitted"),
    *(
        (f"holdout_blind{n}.jsonl", None, f"blind set {n or 1}, a reader's questions and near misses")
        for n in ("", *range(2, 71))
    ),
    ("role_questions.jsonl", None, "who holds a post, who a person is"),
    ("date_questions.jsonl", None, "what happened on a date"),
    ("acronym_questions.jsonl", None, "what an acronym stands for"),
    ("quoted_questions.jsonl", None, "who said some quoted words"),
    ("licenses.jsonl", "licenses", "six licence texts, plain text"),
    ("pyenv_docs.jsonl", "pyenv-docs", "pyenv's Markdown documentation"),
    ("node_docs.jsonl", "node-docs", "Node.js API reference (Markdown)"),
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", metavar="FILE", help="also write both reports as JSON")
    parser.add_argument("--scifact", default=str(SCIFACT), metavar="DIR", help="the SciFact BEIR folder")
    args = parser.parse_args(argv)

    from qa.beir import beir_index_dir, load_beir
    from qa.defaults import DEFAULT_CORPUS, DEFAULT_INDEX_ROOT
    from qa.embedding import load_encoder
    from qa.engine import Engine
    from qa.evaluation import RETRIEVER_ORDER, evaluate_beir, evaluate_gold, report_to_dict
    from qa.gold import load_gold

    collection = load_beir(args.scifact)  # fails at once if the folder is not there
    encoder = load_encoder()
    started = time.perf_counter()
    engine = Engine.open(DEFAULT_CORPUS, encoder=encoder)
    gold = evaluate_gold(engine, load_gold(GOLD), RETRIEVER_ORDER, source="tests/data/gold.jsonl")
    gold_s = time.perf_counter() - started
    log(f"gold set evaluated in {gold_s:.0f} s")
    started = time.perf_counter()
    others = evaluate_sets(engine, encoder)
    log(f"{len(others)} other question sets evaluated in {time.perf_counter() - started:.0f} s")

    index = beir_index_dir(collection, encoder.model_id, DEFAULT_INDEX_ROOT)
    started = time.perf_counter()
    scifact_engine = Engine.from_corpus(
        collection.corpus, index, fingerprint=collection.fingerprint, encoder=encoder, progress=_progress
    )
    build_s = time.perf_counter() - started
    started = time.perf_counter()
    scifact = evaluate_beir(scifact_engine, collection, RETRIEVER_ORDER)
    query_s = time.perf_counter() - started
    log(f"SciFact: index ready in {build_s:.0f} s, {len(scifact.evaluated)} queries × 3 retrievers in {query_s:.0f} s")

    failures = scifact_failures({r: res.metrics["ndcg@10"] for r, res in scifact.retrievers.items()})
    table = render(gold, scifact, scifact_engine.manifest, query_s, failures, others)
    text = README.read_text(encoding="utf-8")
    if BEGIN not in text or END not in text:
        print(f"{README} has no {BEGIN} … {END} section", file=sys.stderr)
        return 1
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    from qa.files import write_atomically

    write_atomically(README, f"{head}{BEGIN}\n{table}{END}{tail}")
    log(f"updated {README}")
    if args.json:
        Path(args.json).write_text(
            json.dumps({"gold": report_to_dict(gold), "scifact": report_to_dict(scifact)}, indent=1), encoding="utf-8"
        )
    for failure in failures:
        print(f"results: {failure}", file=sys.stderr)
    return 1 if failures else 0


def evaluate_sets(shipped, encoder) -> list:
    """Each of ``QUESTION_SETS`` evaluated as ``qa eval FILE --corpus DIR --retriever all``
    would, on its own collection (indexes are built once, under the default index root)."""
    from qa.engine import Engine
    from qa.evaluation import RETRIEVER_ORDER, evaluate_gold
    from qa.gold import load_gold

    engines = {None: shipped}
    reports = []
    for name, corpus, about in QUESTION_SETS:
        if corpus not in engines:
            engines[corpus] = Engine.open(DATA / corpus, encoder=encoder)
        report = evaluate_gold(engines[corpus], load_gold(DATA / name), RETRIEVER_ORDER, source=f"tests/data/{name}")
        reports.append((name, corpus, about, report))
    return reports


def scifact_failures(ndcg: dict[str, float]) -> list[str]:
    """What SciFact's nDCG@10 per retriever misses of issue 4: the target, and hybrid within
    ``SLACK`` of the better single retriever."""
    failures = []
    if ndcg["hybrid"] < SCIFACT_TARGET:
        failures.append(f"SciFact hybrid nDCG@10 {ndcg['hybrid']:.4f} is under the target {SCIFACT_TARGET}")
    best = max(ndcg["dense"], ndcg["bm25"])
    if ndcg["hybrid"] < best - SLACK:
        failures.append(f"SciFact hybrid nDCG@10 {ndcg['hybrid']:.4f} is more than {SLACK} under {best:.4f}")
    return failures


def render(gold, scifact, manifest: dict, query_seconds: float, failures: list[str], others=()) -> str:
    g = {r: gold.retrievers[r].all_metrics() for r in ORDER}
    s = {r: scifact.retrievers[r].all_metrics() for r in ORDER}
    lines = [
        f"Shipped corpus, gold set (`tests/data/gold.jsonl`: {gold.queries} questions, {len(gold.evaluated)} "
        f"answerable; passage level; {gold.passages} passages):",
        "",
        "| retriever | nDCG@10 | MRR@10 | Hit@5 | answer accuracy@1 | abstention P | abstention R | search p50 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in ORDER:
        m = g[r]
        lines.append(
            f"| {r} | {m['ndcg@10']:.3f} | {m['mrr@10']:.3f} | {m['hit@5']:.3f} | {m['answer_accuracy@1']:.3f} "
            f"| {m['abstention_precision']:.3f} | {m['abstention_recall']:.3f} | {m['latency_p50_ms']:.0f} ms |"
        )
    from qa.evaluation import significance

    ci = significance(gold).intervals["hybrid"]
    lines.append(
        "| *hybrid, 95% interval* | "
        + " | ".join(f"*{ci[m].low:.3f}–{ci[m].high:.3f}*" for m in ("ndcg@10", "mrr@10", "hit@5", "answer_accuracy@1"))
        + " | | | |"
    )
    lines.append(
        f"| *target (hybrid)* | | {GOLD_TARGETS['mrr@10']} | {GOLD_TARGETS['hit@5']} "
        f"| {GOLD_TARGETS['answer_accuracy@1']} | | | |"
    )
    lines += render_sets(others)
    lines += render_pooled(gold, others)
    lines += [
        "",
        f"SciFact (BEIR test split: {scifact.documents:,} abstracts, {len(scifact.evaluated)} queries; "
        f"{scifact.passages:,} passages ranked and aggregated to documents by max):",
        "",
        "| retriever | nDCG@10 | MRR@10 | Recall@10 | Recall@100 | search p50 | published nDCG@10 |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in ORDER:
        m = s[r]
        lines.append(
            f"| {r} | {m['ndcg@10']:.4f} | {m['mrr@10']:.3f} | {m['recall@10']:.3f} | {m['recall@100']:.3f} "
            f"| {m['latency_p50_ms']:.0f} ms | {PUBLISHED[r]} |"
        )
    # Four decimals and a verdict: at three, 0.7397 would print as 0.740, which reads as the target met.
    verdict = "met" if not failures else "not met: " + "; ".join(failures)
    lines += [
        "",
        f"SciFact hybrid nDCG@10 against issue 4 (≥ {SCIFACT_TARGET}, within {SLACK} of the better single "
        f"retriever): {verdict}.",
        "",
        f"Model {manifest['settings']['model']}; measured {time.strftime('%Y-%m-%d')} on a shared 2-core CPU "
        f"(latencies are a search: query encoding plus ranking, they vary with load; on SciFact the search "
        f"ranks 1,000 passages deep to fill 100 documents, so it costs more than a top-10 question: "
        f"see Performance for warm query latency). "
        f"SciFact queries took {query_seconds:.0f} s for the three retrievers.",
        "",
    ]
    return "\n".join(lines)


def render_sets(reports) -> list[str]:
    """One row per other question set: hybrid's figures, and the better single retriever's
    MRR@10 beside hybrid's (the issue asks hybrid to be at least as good)."""
    if not reports:
        return []
    lines = [
        "",
        "Every other question set (hybrid; `qa eval tests/data/FILE --retriever all`, with `--corpus "
        "tests/data/DIR` for the other collections; *questions* are answerable + unanswerable):",
        "",
        "| set | collection | questions | Hit@5 | MRR@10 | better single MRR@10 | answer accuracy@1 | abstention R |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, corpus, about, report in reports:
        m = {r: report.retrievers[r].all_metrics() for r in ORDER}
        h = m["hybrid"]
        single = max(("dense", "bm25"), key=lambda r: m[r]["mrr@10"])
        unanswerable = report.queries - len(report.evaluated)
        abstention = f"{h['abstention_recall']:.3f}" if unanswerable else "–"
        lines.append(
            f"| `{name}`: {about} | {'`' + corpus + '`' if corpus else 'shipped'} "
            f"| {len(report.evaluated)} + {unanswerable} | {h['hit@5']:.3f} | {h['mrr@10']:.3f} "
            f"| {m[single]['mrr@10']:.3f} ({single}) | {h['answer_accuracy@1']:.3f} | {abstention} |"
        )
    return lines


def render_pooled(gold, reports) -> list[str]:
    """Each collection's question sets pooled, every question once, per retriever: the issue
    asks hybrid to stay within ``SLACK`` of the better single retriever on every collection,
    and a collection is judged by all the questions asked of it (a set of forty moves by
    0.025 with one question)."""
    from qa.evaluation import pooled

    by_collection: dict[str | None, list] = {None: [gold]}
    for _, corpus, _, report in reports:
        by_collection.setdefault(corpus, []).append(report)
    lines = [
        "",
        "Each collection, all its question sets pooled (every question counted once; hybrid against the "
        "better single retriever):",
        "",
        "| collection | sets | answerable questions | metric | dense | BM25 | hybrid | hybrid − better single |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for corpus, group in by_collection.items():
        m = {r: pooled([report.retrievers[r] for report in group]) for r in ORDER}
        asked = sum(len(report.evaluated) for report in group)
        for metric in ("mrr@10", "hit@5"):
            best = max(m["dense"][metric], m["bm25"][metric])
            lines.append(
                f"| {'`' + corpus + '`' if corpus else 'shipped'} | {len(group)} | {asked} | {metric} "
                f"| {m['dense'][metric]:.3f} | {m['bm25'][metric]:.3f} | {m['hybrid'][metric]:.3f} "
                f"| {m['hybrid'][metric] - best:+.3f} |"
            )
    return lines


def _progress(stage: str, done: int, total: int) -> None:
    if stage == "embedding" and total and (done == total or done % 2048 < 64):
        log(f"SciFact index: embedding {done}/{total} passages")


def log(message: str) -> None:
    print(f"results: {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
