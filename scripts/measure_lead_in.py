"""Measure reading each candidate sentence with the one before it: ``.venv/bin/python scripts/measure_lead_in.py``.

Not part of the product (yet): the closing note of the 2026-12-03 session reports what this
prints. Many answers the answer step misses sit in a sentence whose subject is named only in
the sentence before it ("On Sept. 19, Azerbaijan carried out a lightning offensive …" / "The
operation ended within 24 hours …"). MiniLM compares the question with the second sentence
alone and finds nothing about an offensive in it.

The variant gives each candidate that has a previous sentence in its passage the better of two
cosines with the question: its own, and that of the two sentences read together. The pair's
vector is approximated from the stored sentence vectors (their sum weighted by word counts,
normalised), which costs no encoder call: encoding the pairs at question time measured about
12 ms per pair, about 0.5 s for a question's 40 candidates. The subject check reads the pair
too, and a quote whose best sentence was read with its lead-in starts at the lead-in, so the
confidence is the cosine of what is quoted. The answer weights and the threshold are the ones
in use (not refitted).

It prints hybrid Hit@5, MRR@10, answer accuracy@1, answered rate and abstention recall on every
question set about the shipped corpus, in use and with the variant, in one process.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from fit_answers import SETS  # noqa: E402  (the same eight sets the answer weights are checked on)

from qa import engine as engine_module  # noqa: E402
from qa.answer import Quote, sentence_features  # noqa: E402
from qa.defaults import DEFAULT_CORPUS, default_index_dir  # noqa: E402
from qa.engine import Engine  # noqa: E402
from qa.evaluation import evaluate_gold  # noqa: E402
from qa.gold import load_gold  # noqa: E402

METRICS = ("hit@5", "mrr@10", "answer_accuracy@1", "answered_rate", "abstention_recall")

in_use_scored = Engine._scored_sentences
in_use_choose = engine_module.choose_quote
read_with_lead_in: set[tuple[str, int]] = set()  # (doc_id, start) of sentences read as a pair


def scored_with_lead_in(self, stored, text, vector, subjects, hits, scores):
    question, cands, docs, sim, about, feats = in_use_scored(self, stored, text, vector, subjects, hits, scores)
    read_with_lead_in.clear()
    ids = np.array([c.sentence_id for c in cands], dtype=np.int64)
    if not cands or stored.sentences is None or (ids < 0).any():
        return question, cands, docs, sim, about, feats
    texts = [docs[c.hit.passage.doc_id].text[c.start : c.end] for c in cands]
    vectors = stored.sentences.vectors[ids].astype(np.float32)
    words = np.array([len(t.split()) for t in texts], dtype=np.float32)
    subject = self._subject_vector(question, subjects)
    sim, about = sim.copy(), None if about is None else about.copy()
    for i in range(1, len(cands)):
        before, this = cands[i - 1], cands[i]
        if before.hit is not this.hit or before.index != this.index - 1:
            continue
        pair = words[i - 1] * vectors[i - 1] + words[i] * vectors[i]
        pair /= np.linalg.norm(pair)
        if float(pair @ vector) > sim[i]:
            sim[i] = float(pair @ vector)
            if about is not None:
                about[i] = float(pair @ subject)
            read_with_lead_in.add((this.hit.passage.doc_id, this.start))
    ranks = np.array([c.hit.rank for c in cands], dtype=np.float64)
    feats = sentence_features(question, texts, sim, scores.sentence_stats, ranks, stored.bm25, about)
    return question, cands, docs, sim, about, feats


def choose_with_lead_in(candidates, scores, documents, settings):
    chosen = in_use_choose(candidates, scores, documents, settings)
    if chosen is None:
        return None
    quote, best = chosen
    this = candidates[best]
    if best > 0 and (this.hit.passage.doc_id, this.start) in read_with_lead_in:
        before = candidates[best - 1]
        if before.start < quote.start:
            text = documents[this.hit.passage.doc_id].text[before.start : quote.end]
            quote = Quote(quote.doc_id, before.start, quote.end, text, quote.citation)
    return quote, best


def measure(engine: Engine) -> dict[str, dict[str, float]]:
    figures = {}
    for name in SETS:
        questions = load_gold(ROOT / "tests" / "data" / f"{name}.jsonl")
        report = evaluate_gold(engine, questions, ["hybrid"], source=name)
        figures[name] = report.retrievers["hybrid"].all_metrics()
    return figures


def main() -> None:
    engine = Engine.open(DEFAULT_CORPUS, default_index_dir(DEFAULT_CORPUS))
    in_use = measure(engine)
    Engine._scored_sentences = scored_with_lead_in
    engine_module.choose_quote = choose_with_lead_in
    variant = measure(engine)
    print(f"{'set':16s} " + " ".join(f"{m:>24s}" for m in METRICS))
    for name in [*SETS, "mean"]:
        cells = []
        for m in METRICS:
            a, b = ((np.mean([f[s][m] for s in SETS]) if name == "mean" else f[name][m]) for f in (in_use, variant))
            cells.append(f"{a:.3f} -> {b:.3f}".rjust(24))
        print(f"{name:16s} " + " ".join(cells))


if __name__ == "__main__":
    main()
