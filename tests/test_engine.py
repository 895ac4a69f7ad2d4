"""The engine on the shipped corpus: known answers, honest abstention, exact quotes, retrieval quality."""

from __future__ import annotations

import pytest

from qa.engine import QuestionError
from qa.evaluation import evaluate_answers, evaluate_retrieval

KNOWN = [
    ("How many Russian troops are in Armenia?", "around 10,000 Russian troops"),
    ("How many ethnic Armenians were killed during the offensive?", "at least 200 ethnic Armenians were killed"),
    ("When did Azerbaijan launch its offensive in Karabakh?", "September 19"),
    ("What did the Kremlin ban from Armenia?", "banned dairy imports"),
    ("Where is the Russian military base in Armenia?", "Gyumri"),
    ("What percentage of Armenians saw relations with Russia as good in 2019?", "93 per cent"),
    ("Who is Armen Grigoryan?", "head of Armenia’s security council"),
]
OFF_TOPIC = [
    "Which team won the 2022 FIFA World Cup?",
    "How do I reverse a list in Python?",
    "What's a good recipe for mushroom risotto?",
    "What's the best way to train for a marathon?",
]


@pytest.mark.parametrize(("question", "expected"), KNOWN)
def test_known_questions_get_the_right_first_quote(engine, question, expected):
    answer = engine.ask(question)
    assert answer.answered
    assert expected in answer.quotes[0].text
    assert answer.quotes[0].citation in {h.rank for h in answer.hits}


@pytest.mark.parametrize("question", OFF_TOPIC)
def test_abstains_when_the_corpus_has_no_answer(engine, question):
    answer = engine.ask(question)
    assert not answer.answered
    assert answer.quotes == ()
    assert answer.hits, "related passages are still offered"


def test_every_quote_and_passage_is_an_exact_span(engine, gold):
    for q in gold:
        answer = engine.ask(q.question, k=8)
        for quote in answer.quotes:
            doc = engine.document(quote.doc_id)
            assert doc.text[quote.start : quote.end] == quote.text
            cited = next(h for h in answer.hits if h.rank == quote.citation)
            assert cited.passage.doc_id == quote.doc_id
            assert cited.passage.start <= quote.start < quote.end <= cited.passage.end
        for hit in answer.hits:
            with open(engine.corpus_root / hit.passage.doc_id, encoding="utf-8") as fh:
                assert fh.read()[hit.passage.start : hit.passage.end] == hit.passage.text


def test_hits_carry_all_three_scores_and_no_overlaps(engine):
    hits = engine.search("Why did Armenia skip the CSTO summit?", k=10)
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
    assert all(-1.0 <= h.dense_score <= 1.0 and h.bm25_score >= 0 for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    for i, a in enumerate(hits):
        for b in hits[i + 1 :]:
            assert not (
                a.passage.doc_id == b.passage.doc_id
                and a.passage.start < b.passage.end
                and b.passage.start < a.passage.end
            )


def test_search_can_be_restricted_to_one_document(engine):
    doc_id = "decline-and-demise-of-armenian-russian-relationship.txt"
    hits = engine.search("peacekeepers", k=5, doc_id=doc_id)
    assert hits and all(h.passage.doc_id == doc_id for h in hits)
    answer = engine.ask("How many Russian troops are in Armenia?", doc_id=doc_id)
    assert all(h.passage.doc_id == doc_id for h in answer.hits)


def test_bad_questions_are_refused_clearly(engine):
    for bad in ["", "   ", "\x1b[2J\x1b]52;c;aGk=\x07"]:
        with pytest.raises(QuestionError):
            engine.ask(bad)
    long = engine.ask("Russian troops in Armenia " * 2000)
    assert any("truncated" in n or "cut" in n for n in long.notices)


def test_hybrid_is_at_least_as_good_as_either_retriever(engine, gold):
    results = {r: evaluate_retrieval(engine, gold, r).metrics for r in ("dense", "bm25", "hybrid")}
    for metric in ("mrr@10", "hit@5"):
        best_single = max(results["dense"][metric], results["bm25"][metric])
        assert results["hybrid"][metric] >= best_single, (metric, results)


def test_answers_on_the_gold_set(engine, gold):
    result = evaluate_answers(engine, gold)
    # Every off-topic question is refused; most answerable ones are answered.
    off_topic = [
        q for q in gold if not q.answerable and any(w in q.question for w in ("FIFA", "risotto", "Python", "marathon"))
    ]
    assert all(result.correct[q.id] for q in off_topic)
    assert result.answered_rate >= 0.8
