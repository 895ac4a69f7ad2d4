"""How far this model's signals can reach: ``.venv/bin/python scripts/measure_ceilings.py`` (~6 min).

Not part of the product: docs/retrieval-and-answers.md (the "Targets" section) and the README's Targets paragraph
reports what this prints. Issue 2 asks for gold MRR@10 >= 0.90 and answer accuracy@1 >= 0.80;
this measures upper bounds of the two steps as built, so the gap can be read as a property of
the signals rather than of their settings.

Retrieval: hybrid ranks by a weighted sum of four z-scored views (passage cosine, best
sentence cosine with the answer cue, best sentence-pair cosine, BM25; ``qa.retrieval``). For
every weighting on a 0.05 grid of the simplex, each question is ranked as ``qa ask`` ranks it
(merging included) and scored as ``qa eval`` scores it (passage-level Hit@5 / MRR@10). The
best weighting *fitted on the set it is scored on* is an upper bound for any fixed weights;
the per-question oracle (each question ranked by whichever single view ranks it best) bounds
any per-question choice of view. Answers: the answer scorer's weights fitted on the whole gold
set and scored on it (no held-out fold: an upper bound for these four features), and the share
of questions whose evidence sentence is among the candidates at all (a bound for any sentence
scorer over the top 5 passages).
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from fit_answers import accuracy, collect, fit  # noqa: E402
from measure_maxsim import with_ranking  # noqa: E402

from qa.defaults import DEFAULT_CORPUS  # noqa: E402
from qa.engine import Engine, clean_question  # noqa: E402
from qa.evaluation import _unit, gold_judgments, score_rankings  # noqa: E402
from qa.gold import load_gold  # noqa: E402
from qa.retrieval import QueryScores, _stats, _z, rank_hits  # noqa: E402

VIEWS = ("passage cosine", "best sentence (+ cue)", "best sentence pair", "BM25")
SHIPPED = (0.25, 0.25, 0.25, 0.25)  # SearchSettings.dense_weight 0.75 over three dense views, BM25 0.25
STEP = 0.05


def view_matrix(scores: QueryScores) -> np.ndarray:
    """The four z-scored views of every candidate, exactly as ``QueryScores.ranking`` builds them."""
    assert scores.best_sentence is not None and scores.best_pair is not None
    return np.column_stack(
        [
            _z(scores.dense, scores.dense_stats),
            _z(scores.best_sentence, _stats(scores.best_sentence)),
            _z(scores.best_pair, _stats(scores.best_pair)),
            _z(scores.bm25, scores.bm25_stats),
        ]
    )


class GoldViews:
    """One gold file's questions, scored once; rankings by any weighting of the views."""

    def __init__(self, engine: Engine, path: Path) -> None:
        self.engine = engine
        questions = load_gold(path)
        self.qrels, self.units = gold_judgments(engine, questions)
        self.scored = []
        for q in questions:
            if not self.qrels.get(q.id):
                continue
            text, _ = clean_question(q.question)
            scores = QueryScores(engine._stored, text, engine.encoder.encode([text])[0], engine.settings.search)
            self.scored.append((q.id, scores, view_matrix(scores)))

    def rankings(self, weights: np.ndarray) -> dict[str, list[str]]:
        out = {}
        for qid, scores, views in self.scored:
            ranked = with_ranking(scores, views @ weights)
            hits = rank_hits(self.engine._stored, ranked, "hybrid", 10, self.engine.settings.search)
            out[qid] = [_unit(h, self.units[qid]) for h in hits]
        return out

    def figures(self, weights: np.ndarray) -> tuple[float, float]:
        mean = score_rankings(self.qrels, self.rankings(weights)).mean
        return mean["hit@5"], mean["mrr@10"]

    def oracle(self) -> tuple[float, float]:
        """Each question ranked by whichever single view ranks it best (MRR, then Hit@5)."""
        per_view = [score_rankings(self.qrels, self.rankings(np.eye(4)[i])).per_query for i in range(4)]
        best = [max((v[qid] for v in per_view), key=lambda m: (m["mrr@10"], m["hit@5"])) for qid, *_ in self.scored]
        return float(np.mean([m["hit@5"] for m in best])), float(np.mean([m["mrr@10"] for m in best]))


def simplex(step: float) -> list[np.ndarray]:
    n = round(1 / step)
    return [
        np.array([a, b, c, n - a - b - c]) / n
        for a, b, c in itertools.product(range(n + 1), repeat=3)
        if a + b + c <= n
    ]


def best_fixed(figures: dict[tuple[float, ...], tuple[float, float]], min_hit: float = 0.0) -> tuple[float, ...]:
    """The weighting with the best MRR@10 (then Hit@5) among those with Hit@5 >= ``min_hit``."""
    allowed = [w for w, (hit, _) in figures.items() if hit >= min_hit - 1e-9]
    return max(allowed, key=lambda w: (figures[w][1], figures[w][0]))


def pair(hit_mrr: tuple[float, float]) -> str:
    return f"{hit_mrr[0]:.3f} / {hit_mrr[1]:.3f}"


def weights_label(w: np.ndarray) -> str:
    return " / ".join(f"{x:.2f}" for x in w)


def main() -> int:
    engine = Engine.open(DEFAULT_CORPUS)
    gold = GoldViews(engine, ROOT / "tests" / "data" / "gold.jsonl")
    holdout = GoldViews(engine, ROOT / "tests" / "data" / "holdout.jsonl")
    grid = simplex(STEP)
    print(f"weights: {' / '.join(VIEWS)}; {len(grid)} weightings searched\n")
    print("| ranking | weights | gold Hit@5 / MRR@10 | holdout Hit@5 / MRR@10 |")
    print("|---|---|---|---|")
    rows = [("hybrid as shipped", np.array(SHIPPED))] + [(f"{v} alone", np.eye(4)[i]) for i, v in enumerate(VIEWS)]
    for name, w in rows:
        print(f"| {name} | {weights_label(w)} | {pair(gold.figures(w))} | {pair(holdout.figures(w))} |")
    on_gold = {tuple(w): gold.figures(w) for w in grid}
    on_holdout = {tuple(w): holdout.figures(w) for w in grid}
    for fitted_on, figures, floor in (
        ("gold", on_gold, 0.0),
        ("gold, Hit@5 >= 0.95", on_gold, 0.95),
        ("holdout", on_holdout, 0.0),
    ):
        w = best_fixed(figures, floor)
        label = f"best weights fitted on {fitted_on}"
        print(f"| {label} | {weights_label(np.array(w))} | {pair(on_gold[w])} | {pair(on_holdout[w])} |")
    print(f"| per-question oracle of the four views | — | {pair(gold.oracle())} | {pair(holdout.oracle())} |")

    data = collect(engine, load_gold(ROOT / "tests" / "data" / "gold.jsonl"))
    answerable = [d for d in data if d[0].answerable]
    in_use = np.array(engine.settings.answer.weights, dtype=float)
    fitted = fit(answerable)
    reachable = np.mean([bool(y.any()) for _, _, y, *_ in answerable])
    top3 = np.mean([bool(y[np.argsort(-(x @ in_use), kind="stable")[:3]].any()) for _, x, y, *_ in answerable])
    print("\n| answer step (gold, answerable questions) | accuracy@1 |")
    print("|---|---|")
    print(f"| weights in use | {accuracy(engine, data, in_use)[0]:.3f} |")
    print(f"| weights fitted on the whole gold set, scored on it | {accuracy(engine, data, fitted)[0]:.3f} |")
    print(f"| evidence among the three best-scored sentences (weights in use) | {top3:.3f} |")
    print(f"| evidence among the candidate sentences at all (top 5 passages) | {reachable:.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
