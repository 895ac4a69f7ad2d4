"""The measuring scripts use the engine's private steps; these tests keep them in step with it.

``scripts/fit_answers.py`` fits the answer weights on the features ``Engine.ask`` scores
sentences with. If the engine's internals change shape, the script must fail here, not months
later when someone refits the weights.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np

from qa.answer import FEATURES

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_fit_answers_scores_the_sentences_the_engine_quotes(engine, gold):
    fit_answers = _load("fit_answers")
    questions = [q for q in gold if q.answerable][:12]
    rows = fit_answers.collect(engine, questions)
    weights = np.array(engine.settings.answer.weights, dtype=float)
    compared = 0
    for q, features, labels, _sims, candidates, docs, *_ in rows:
        assert features.shape == (len(candidates), len(FEATURES))
        assert labels.shape == (len(candidates),)
        answer = engine.ask(q.question)
        if not answer.answered or answer.notices:
            continue  # a special rule (role, section lead, named document) chose, not the weights
        chosen = fit_answers.choose_quote(candidates, features @ weights, docs, engine.settings.answer)
        assert chosen and chosen[0].text == answer.quotes[0].text
        compared += 1
    assert compared >= 6


def test_results_fails_a_scifact_run_under_the_issue_target():
    """``scripts/results.py`` exits 1 when SciFact misses issue 4's bar, so regenerating the
    README table also checks it (the suite does not run SciFact: eight minutes)."""
    results = _load("results")
    assert results.scifact_failures({"dense": 0.662, "bm25": 0.686, "hybrid": 0.745}) == []
    (under,) = results.scifact_failures({"dense": 0.662, "bm25": 0.690, "hybrid": 0.738})
    assert "under the target 0.74" in under
    behind = results.scifact_failures({"dense": 0.662, "bm25": 0.760, "hybrid": 0.745})
    assert len(behind) == 1 and "more than 0.01 under 0.7600" in behind[0]


def test_results_covers_every_question_set_in_tests_data():
    """A question set added to ``tests/data`` shows up in the README's results table: the
    script lists every one (gold has its own table) and each one's collection exists."""
    results = _load("results")
    listed = {name for name, _corpus, _about in results.QUESTION_SETS}
    on_disk = {p.name for p in results.DATA.glob("*.jsonl")} - {"gold.jsonl"}
    assert listed == on_disk
    for _name, corpus, _about in results.QUESTION_SETS:
        assert corpus is None or (results.DATA / corpus).is_dir()


def test_results_renders_a_row_per_question_set_from_its_report(engine):
    from qa.evaluation import RETRIEVER_ORDER, evaluate_gold
    from qa.gold import load_gold

    results = _load("results")
    questions = load_gold(results.DATA / "quoted_questions.jsonl")
    report = evaluate_gold(engine, questions, RETRIEVER_ORDER, source="quoted_questions.jsonl")
    header, rule, row = results.render_sets([("quoted_questions.jsonl", None, "quoted words", report)])[-3:]
    assert header.count("|") == rule.count("|") == row.count("|")
    hybrid = report.retrievers["hybrid"].all_metrics()
    answerable = sum(q.answerable for q in questions)
    assert f"| {answerable} + {len(questions) - answerable} |" in row
    assert f"| {hybrid['mrr@10']:.3f} |" in row and f"| {hybrid['answer_accuracy@1']:.3f} |" in row
