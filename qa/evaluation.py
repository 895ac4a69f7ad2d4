"""Measuring retrieval and answers against gold questions, the way a user asks them.

Metrics come from ir-measures (trec_eval-exact): the run is what ``Engine.search`` returned,
the qrels are the passages of the index that contain an evidence snippet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import ir_measures
from ir_measures import RR, R, Success, nDCG

from qa.engine import Engine
from qa.gold import GoldQuestion, contains_evidence

RETRIEVAL_MEASURES = {
    "ndcg@10": nDCG @ 10,
    "mrr@10": RR @ 10,
    "recall@10": R @ 10,
    "recall@100": R @ 100,
    "hit@1": Success @ 1,
    "hit@3": Success @ 3,
    "hit@5": Success @ 5,
}


@dataclass
class RetrievalResult:
    retriever: str
    metrics: dict[str, float]
    first_relevant: dict[str, int | None] = field(default_factory=dict)  # rank of the first relevant passage


@dataclass
class AnswerResult:
    accuracy_at_1: float  # answerable questions whose first quote contains an evidence snippet
    answered_rate: float  # answerable questions that got an answer at all
    abstention_precision: float  # of the abstentions, share on unanswerable questions
    abstention_recall: float  # of the unanswerable questions, share abstained on
    correct: dict[str, bool] = field(default_factory=dict)


def gold_qrels(engine: Engine, questions: Sequence[GoldQuestion]) -> list[ir_measures.Qrel]:
    """Every passage of the index that contains an evidence snippet is relevant."""
    passages = list(engine.passages())
    return [
        ir_measures.Qrel(q.id, p.id, 1)
        for q in questions
        if q.answerable
        for p in passages
        if contains_evidence(p.text, q.evidence)
    ]


def evaluate_retrieval(
    engine: Engine, questions: Sequence[GoldQuestion], retriever: str, depth: int = 100
) -> RetrievalResult:
    answerable = [q for q in questions if q.answerable]
    qrels = gold_qrels(engine, answerable)
    run: list[ir_measures.ScoredDoc] = []
    first: dict[str, int | None] = {}
    for q in answerable:
        hits = engine.search(q.question, k=depth, retriever=retriever)
        first[q.id] = next((h.rank for h in hits if contains_evidence(h.passage.text, q.evidence)), None)
        # Scores by rank: the order is the engine's, whatever its score scale.
        run += [ir_measures.ScoredDoc(q.id, h.passage.id, float(depth - h.rank + 1)) for h in hits]
    values = ir_measures.calc_aggregate(list(RETRIEVAL_MEASURES.values()), qrels, run)
    metrics = {name: float(values[m]) for name, m in RETRIEVAL_MEASURES.items()}
    return RetrievalResult(retriever, metrics, first)


def evaluate_answers(engine: Engine, questions: Sequence[GoldQuestion], k: int = 5) -> AnswerResult:
    correct: dict[str, bool] = {}
    answered_answerable = 0
    abstained_ok = abstained_wrong = 0
    unanswerable = 0
    for q in questions:
        answer = engine.ask(q.question, k=k)
        if q.answerable:
            answered_answerable += answer.answered
            correct[q.id] = bool(answer.quotes) and contains_evidence(answer.quotes[0].text, q.evidence)
        else:
            unanswerable += 1
            correct[q.id] = not answer.answered
        if not answer.answered:
            if q.answerable:
                abstained_wrong += 1
            else:
                abstained_ok += 1
    n_answerable = sum(q.answerable for q in questions)
    abstentions = abstained_ok + abstained_wrong
    return AnswerResult(
        accuracy_at_1=sum(correct[q.id] for q in questions if q.answerable) / max(n_answerable, 1),
        answered_rate=answered_answerable / max(n_answerable, 1),
        abstention_precision=abstained_ok / abstentions if abstentions else 1.0,
        abstention_recall=abstained_ok / unanswerable if unanswerable else 1.0,
        correct=correct,
    )
