"""Measure reading each candidate sentence with the one before it: ``.venv/bin/python scripts/measure_lead_in.py``.

``AnswerSettings.lead_ins`` (``qa.answer.lead_in_readings``): many answers sit in a sentence
whose subject is named only in the sentence before it ("On Sept. 19, Azerbaijan carried out a
lightning offensive …" / "The operation ended within 24 hours …"), and MiniLM compares the
question with the second sentence alone. With the setting on, a candidate that has a previous
sentence in its passage is read with it when the pair reads closer to the question by
``AnswerSettings.lead_in_margin``, and is then quoted with its lead-in.

It prints hybrid Hit@5, MRR@10, answer accuracy@1, answered rate and abstention recall on every
question set (the eight about the shipped corpus and their mean, then the plain-form sets and
the other three collections), with the setting off and on, in one process, and how long the
quotes are; with ``--changes`` it lists every question whose decision or quote differs.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from fit_answers import SETS  # noqa: E402  (the same eight sets the answer weights are checked on)

from qa.defaults import DEFAULT_CORPUS, default_index_dir  # noqa: E402
from qa.engine import Engine  # noqa: E402
from qa.evaluation import answered_right, evaluate_gold  # noqa: E402
from qa.gold import load_gold  # noqa: E402

METRICS = ("hit@5", "mrr@10", "answer_accuracy@1", "answered_rate", "abstention_recall")
DATA = ROOT / "tests" / "data"
#: The other question sets: the plain forms asked of the shipped corpus, and the three other
#: collections (two Markdown documentation folders and plain-text licences), each with its corpus.
OTHER_SETS = {
    "role_questions": DEFAULT_CORPUS,
    "date_questions": DEFAULT_CORPUS,
    "acronym_questions": DEFAULT_CORPUS,
    "quoted_questions": DEFAULT_CORPUS,
    "licenses": DATA / "licenses",
    "pyenv_docs": DATA / "pyenv-docs",
    "node_docs": DATA / "node-docs",
}


def with_lead_ins(engine: Engine, on: bool) -> Engine:
    engine.settings = replace(engine.settings, answer=replace(engine.settings.answer, lead_ins=on))
    return engine


def measure(engines: dict[Path, Engine], names) -> dict[str, dict[str, float]]:
    figures = {}
    for name in names:
        questions = load_gold(DATA / f"{name}.jsonl")
        report = evaluate_gold(engines[OTHER_SETS.get(name, DEFAULT_CORPUS)], questions, ["hybrid"], source=name)
        figures[name] = report.retrievers["hybrid"].all_metrics()
    return figures


def decisions(engines: dict[Path, Engine], names) -> dict[str, tuple[bool, str, float, str]]:
    """Per question id: whether the decision is right, the quote, the confidence, the question."""
    out = {}
    for name in names:
        for q in load_gold(DATA / f"{name}.jsonl"):
            a = engines[OTHER_SETS.get(name, DEFAULT_CORPUS)].ask(q.question)
            quote = a.quotes[0].text if a.answered and a.quotes else ""
            out[f"{name}:{q.id}"] = (answered_right(q, a), quote, a.confidence, q.question)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", action="store_true", help="list the questions whose answer changes")
    args = parser.parse_args()
    engines = {c: Engine.open(c, default_index_dir(c)) for c in {DEFAULT_CORPUS, *OTHER_SETS.values()}}
    names = [*SETS, *OTHER_SETS]

    def switched(on: bool) -> dict[Path, Engine]:
        return {c: with_lead_ins(e, on) for c, e in engines.items()}

    if args.changes:
        off, on = decisions(switched(False), names), decisions(switched(True), names)
        for key, (was, old, old_conf, question) in off.items():
            now, new, new_conf, _ = on[key]
            if (was, old) != (now, new):
                tag = "GAIN" if now and not was else "LOSS" if was and not now else "same"
                print(f"{tag} {key} {question}")
                print(f"   off ({old_conf:.3f}): {old[:200]}\n   on  ({new_conf:.3f}): {new[:200]}")
        return
    off, on = measure(switched(False), names), measure(switched(True), names)
    print(f"{'set':18s} " + " ".join(f"{m:>24s}" for m in METRICS))
    for name in [*SETS, "mean", *OTHER_SETS]:
        cells = []
        for m in METRICS:
            a, b = ((np.mean([f[s][m] for s in SETS]) if name == "mean" else f[name][m]) for f in (off, on))
            cells.append(f"{a:.3f} -> {b:.3f}".rjust(24))
        print(f"{name:18s} " + " ".join(cells))
    words = []
    for on in (False, True):
        quotes = [quote for _, quote, _, _ in decisions(switched(on), SETS).values() if quote]
        words.append(np.mean([len(q.split()) for q in quotes]))
    print(f"words per quote, every answered question of the eight sets: {words[0]:.1f} -> {words[1]:.1f}")


if __name__ == "__main__":
    main()
