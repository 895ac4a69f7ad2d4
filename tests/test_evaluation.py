"""The metric code against values computed by hand; guards; the BEIR loader. No model needed."""

from __future__ import annotations

import math
from pathlib import Path

import ir_measures
import pytest

from qa.beir import BeirError, load_beir, record_text
from qa.documents import make_document
from qa.evaluation import (
    EvalReport,
    GuardError,
    RetrievalResult,
    _group_units,
    aggregate_max,
    check_guards,
    first_relevant,
    parse_guard,
    percentile,
    pooled,
    score_rankings,
)
from qa.passages import Passage

from .conftest import ROOT

BEIR_MINI = ROOT / "tests" / "data" / "beir-mini"


def log2(x: float) -> float:
    return math.log2(x)


# Graded judgments; q3 has no relevant document; q4 is judged but its ranking is empty.
QRELS = {
    "q1": {"d1": 2, "d2": 1, "d3": 0},
    "q2": {"d4": 1, "d7": 1},
    "q3": {"d5": 0},
    "q4": {"d6": 1},
}
RANKINGS = {
    "q1": ["d3", "d2", "d9", "d1"],  # first relevant at rank 2; the grade-2 document at rank 4
    "q2": ["d4", "d8"],  # one of two relevant documents, at rank 1
    "q3": ["d5"],
    "q4": [],
}


def test_metrics_match_hand_computed_values():
    scores = score_rankings(QRELS, RANKINGS)
    assert scores.evaluated == ("q1", "q2", "q4")
    assert scores.skipped == ("q3",)
    q1 = scores.per_query["q1"]
    # nDCG uses the grade as the gain (trec_eval): DCG = 1/log2(3) + 2/log2(5); ideal = 2/log2(2) + 1/log2(3).
    ndcg_q1 = (1 / log2(3) + 2 / log2(5)) / (2 + 1 / log2(3))
    assert q1["ndcg@10"] == pytest.approx(ndcg_q1)
    assert q1["mrr@10"] == pytest.approx(0.5)
    assert q1["recall@10"] == q1["recall@100"] == pytest.approx(1.0)
    assert (q1["hit@1"], q1["hit@3"], q1["hit@5"]) == (0.0, 1.0, 1.0)
    q2 = scores.per_query["q2"]
    assert q2["ndcg@10"] == pytest.approx(1 / (1 + 1 / log2(3)))
    assert q2["mrr@10"] == 1.0
    assert q2["recall@10"] == pytest.approx(0.5)
    assert q2["hit@1"] == 1.0
    # A judged query that returned nothing scores 0 everywhere, and counts.
    assert set(scores.per_query["q4"].values()) == {0.0}
    # Means are over the three evaluated queries (q3 is skipped, not counted as 0).
    assert scores.mean["ndcg@10"] == pytest.approx((ndcg_q1 + 1 / (1 + 1 / log2(3)) + 0) / 3)
    assert scores.mean["mrr@10"] == pytest.approx((0.5 + 1 + 0) / 3)
    assert scores.mean["recall@10"] == pytest.approx((1 + 0.5 + 0) / 3)
    assert scores.mean["hit@1"] == pytest.approx(1 / 3)
    assert scores.mean["hit@3"] == pytest.approx(2 / 3)


def test_pooled_sets_count_every_question_once_not_every_set():
    """Pooled over a set of three questions and a set of one, MRR@10 is the mean over the four
    questions (not the mean of the two sets' means), and the same id in two sets is two questions."""
    big = score_rankings(QRELS, RANKINGS)  # q1 0.5, q2 1.0, q4 0.0
    small = score_rankings({"q1": {"d1": 1}}, {"q1": ["x", "y", "z", "d1"]})  # 0.25
    results = [RetrievalResult("bm25", s.mean, per_query=s.per_query) for s in (big, small)]
    assert pooled(results)["mrr@10"] == pytest.approx((0.5 + 1.0 + 0.0 + 0.25) / 4)
    assert pooled(results)["hit@3"] == pytest.approx((1 + 1 + 0 + 0) / 4)
    assert pooled([results[0]]) == pytest.approx(big.mean)


def test_cutoffs_are_respected():
    qrels = {"q": {"rel": 1}}
    ranking = [f"x{i}" for i in range(10)] + ["rel"]  # relevant at rank 11
    s = score_rankings(qrels, {"q": ranking}).per_query["q"]
    assert s["mrr@10"] == 0.0 and s["ndcg@10"] == 0.0 and s["recall@10"] == 0.0 and s["hit@5"] == 0.0
    assert s["recall@100"] == 1.0


def test_ties_keep_the_engines_order_not_trec_evals():
    # With equal scores, trec_eval (pytrec_eval) reorders by document id: "a" comes first
    # whatever order the engine gave.
    qrels = {"q": {"b": 1}}
    raw = ir_measures.calc_aggregate(
        [ir_measures.RR @ 10],
        [ir_measures.Qrel("q", "b", 1)],
        [ir_measures.ScoredDoc("q", "b", 1.0), ir_measures.ScoredDoc("q", "a", 1.0)],
    )
    assert raw[ir_measures.RR @ 10] == 0.5
    # Our ranking is the engine's order: "b" then "a", so the relevant one is first.
    assert score_rankings(qrels, {"q": ["b", "a"]}).mean["mrr@10"] == 1.0
    assert score_rankings(qrels, {"q": ["a", "b"]}).mean["mrr@10"] == 0.5


def test_max_aggregation_ranks_a_document_by_its_best_passage():
    passages = [("d2", 0.9), ("d1", 0.9), ("d3", 0.7), ("d1", 0.95), ("d2", 0.1)]
    # d1's best (0.95) beats d2's (0.9); d2 and d3 keep their order; ties keep first-seen order.
    assert aggregate_max(passages) == ["d1", "d2", "d3"]
    assert aggregate_max([("b", 0.5), ("a", 0.5)]) == ["b", "a"]


def test_duplicates_in_a_ranking_count_once_at_their_best_rank():
    scores = score_rankings({"q": {"a": 1, "b": 1}}, {"q": ["a", "a", "b"]})
    assert scores.per_query["q"]["ndcg@10"] == pytest.approx(1.0)


def test_first_relevant_ignores_grade_zero():
    assert first_relevant(["x", "n", "r"], {"n": 0, "r": 3}) == 3
    assert first_relevant(["x"], {"r": 1}) is None


def test_percentile_interpolates_like_numpy():
    assert percentile([4.0, 1.0, 3.0, 2.0], 50) == pytest.approx(2.5)
    assert percentile([1.0, 2.0, 3.0, 4.0], 95) == pytest.approx(3.85)
    assert percentile([], 50) == 0.0


def _p(doc: str, start: int, end: int) -> Passage:
    return Passage(f"{doc}:{start}-{end}", doc, start, end, 1, f"text {doc} {start}")


def test_overlapping_relevant_passages_form_one_unit():
    a, b, c = _p("x.txt", 0, 100), _p("x.txt", 80, 200), _p("x.txt", 190, 300)  # a chain of overlaps
    d, e = _p("x.txt", 400, 500), _p("y.txt", 0, 100)
    units = _group_units([(p, p.text) for p in (c, a, d, b, e)])
    assert units[a.id] == units[b.id] == units[c.id]
    assert len({units[a.id], units[d.id], units[e.id]}) == 3
    # The same text in two documents is one unit too: the engine shows it once.
    f, g = Passage("p:0-5", "p", 0, 5, 1, "same"), Passage("q:0-5", "q", 0, 5, 1, "same")
    same = _group_units([(f, "same"), (g, "same")])
    assert same[f.id] == same[g.id]


# --------------------------------------------------------------------------- guards


def _report(**metrics: float) -> EvalReport:
    results = {
        r: RetrievalResult(r, {"mrr@10": v, "hit@5": v}, latency_ms={"latency_p50_ms": 1.0}) for r, v in metrics.items()
    }
    return EvalReport("beir", "x", "document", "i", "m", 1, 1, 1, ("q",), (), results)


@pytest.mark.parametrize(
    ("text", "retriever", "metric", "value"),
    [
        ("mrr@10=0.9", None, "mrr@10", 0.9),
        ("hybrid.MRR@10=0.9", "hybrid", "mrr@10", 0.9),
        (" dense.hit@5 = .5 ", "dense", "hit@5", 0.5),
        ("answer_accuracy@1=0.8", None, "answer_accuracy@1", 0.8),
    ],
)
def test_guards_parse(text, retriever, metric, value):
    g = parse_guard(text, "gold")
    assert (g.retriever, g.metric, g.minimum) == (retriever, metric, value)


@pytest.mark.parametrize(
    ("text", "kind", "message"),
    [
        ("mrr@10", "gold", r"expected \[RETRIEVER\.\]METRIC=VALUE"),
        ("mrr@10>0.9", "gold", "expected"),
        ("colbert.mrr@10=0.9", "gold", "unknown retriever"),
        ("map=0.5", "gold", "unknown metric"),
        ("latency_p95_ms=0.5", "gold", "lower-is-better"),
        ("answer_accuracy@1=0.8", "beir", "unknown metric"),
        ("mrr@10=high", "gold", "not a number"),
        ("mrr@10=90", "gold", "between 0 and 1"),
    ],
)
def test_bad_guards_are_refused_with_a_reason(text, kind, message):
    with pytest.raises(GuardError, match=message):
        parse_guard(text, kind)


def test_unqualified_guards_check_the_chosen_retriever_or_hybrid():
    both = _report(bm25=0.5, dense=0.6, hybrid=0.8)
    checked = check_guards(both, [parse_guard("mrr@10=0.7", "beir"), parse_guard("bm25.mrr@10=0.7", "beir")])
    assert [(c["retriever"], c["passed"]) for c in checked] == [("hybrid", True), ("bm25", False)]
    single = _report(dense=0.6)
    (c,) = check_guards(single, [parse_guard("hit@5=0.6", "beir")])
    assert c["retriever"] == "dense" and c["passed"] and c["value"] == 0.6


# --------------------------------------------------------------------------- BEIR loading


def test_beir_collection_loads_with_titles_as_body_text():
    c = load_beir(BEIR_MINI)
    assert c.name == "beir-mini"
    assert len(c.corpus.documents) == 8
    assert list(c.qrels) == ["q1", "q2", "q3", "q4", "q5"]
    assert c.qrels["q2"] == {"d2": 2, "d3": 1}
    d1 = next(d for d in c.corpus.documents if d.doc_id == "d1")
    assert d1.meta.title == "Zebrafish fin regeneration"
    # The title (a short line without a full stop) is body text, not a dropped "heading".
    assert d1.text[d1.spans[0].start : d1.spans[0].end] == "Zebrafish fin regeneration"
    d5 = next(d for d in c.corpus.documents if d.doc_id == "d5")
    assert d5.text.startswith("Honeybee")  # no title: the body alone
    # Control sequences are still kept out of the body.
    d7 = next(d for d in c.corpus.documents if d.doc_id == "d7")
    assert all("\x1b" not in d7.text[s.start : s.end] for s in d7.spans)
    assert any(s.reason == "control sequence" for s in d7.skipped)


def test_the_fingerprint_follows_the_corpus_file(tmp_path):
    import shutil

    copy = tmp_path / "mini"
    shutil.copytree(BEIR_MINI, copy)
    before = load_beir(copy).fingerprint
    assert load_beir(BEIR_MINI).fingerprint == before
    with (copy / "corpus.jsonl").open("a") as fh:
        fh.write('{"_id": "d9", "title": "New", "text": "A new record."}\n')
    assert load_beir(copy).fingerprint != before


def test_furniture_rules_apply_only_when_asked():
    text = record_text("Short title", "Subscribe to our newsletter for more stories.")
    assert [text[s.start : s.end] for s in make_document("x", text).spans] == []
    kept = make_document("x", text, furniture=False)
    assert [text[s.start : s.end] for s in kept.spans] == [
        "Short title",
        "Subscribe to our newsletter for more stories.",
    ]


def _write(root: Path, corpus: str, queries: str, qrels: str) -> Path:
    (root / "qrels").mkdir(parents=True)
    (root / "corpus.jsonl").write_text(corpus, encoding="utf-8")
    (root / "queries.jsonl").write_text(queries, encoding="utf-8")
    (root / "qrels" / "test.tsv").write_text(qrels, encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("corpus", "queries", "qrels", "message"),
    [
        ('{"_id": "a", "text": "x"}\nnot json\n', '{"_id": "1", "text": "q"}\n', "1\ta\t1\n", "corpus.jsonl:2"),
        ('{"_id": "a", "text": "x"}\n{"_id": "a", "text": "y"}\n', "", "1\ta\t1\n", "duplicate _id"),
        ('{"_id": "a", "text": "Some text."}\n', '{"_id": "1", "text": "q"}\n', "1\ta\n", "test.tsv:1"),
        ('{"_id": "a", "text": "Some text."}\n', '{"_id": "1", "text": "q"}\n', "h\th\th\n1\ta\tx\n", "not a number"),
        ('{"_id": "a", "text": "Some text."}\n', '{"_id": "1", "text": "q"}\n', "h\th\th\n", "no judged queries"),
    ],
)
def test_bad_beir_files_name_the_problem(tmp_path, corpus, queries, qrels, message):
    root = _write(tmp_path / "c", corpus, queries, qrels)
    with pytest.raises(BeirError, match=message):
        load_beir(root)


def test_missing_beir_parts_are_named(tmp_path):
    with pytest.raises(BeirError, match="not found"):
        load_beir(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(BeirError, match=r"corpus\.jsonl is missing"):
        load_beir(tmp_path / "empty")
