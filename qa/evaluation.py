"""Measuring retrieval and answers the way a user asks: gold questions and BEIR benchmarks.

Metrics come from ir-measures (trec_eval-exact), with three choices made here, on purpose:

* **The ranking is the engine's order.** Items get strictly decreasing scores by rank, so
  trec_eval's tie-break (equal scores reordered by descending id) never reorders what the
  engine returned: a result list is judged as the user sees it.
* **Queries without any relevant item are skipped**, not scored 0 as ir-measures would: no
  ranking can satisfy them, so they only dilute the mean. They are listed in the report.
  A judged query with no results at all still counts, with 0 on every metric.
* **Units of relevance.** For a gold file a passage is relevant when it contains an evidence
  snippet (``qa.gold``); overlapping relevant passages (windows share sentences) form one
  unit, because the engine shows only one of two overlapping passages: otherwise a perfect
  ranking could not reach nDCG or recall 1. For BEIR, passages are aggregated to their
  documents by max (a document ranks where its best passage ranks) and judged with the
  document-level qrels; grades are gains for nDCG, and grade >= 1 is relevant for the rest.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import ir_measures
from ir_measures import RR, R, Success, nDCG

from qa.answer import Answer
from qa.beir import BeirCollection
from qa.engine import Engine, QuestionError
from qa.gold import GoldQuestion, contains_evidence, normalise
from qa.passages import Passage
from qa.retrieval import Hit
from qa.significance import Comparison, Interval, compare, interval

#: Retrieval metrics by their report key (lower case, as in ``--json`` and ``--fail-under``).
RETRIEVAL_MEASURES = {
    "ndcg@10": nDCG @ 10,
    "mrr@10": RR @ 10,
    "recall@10": R @ 10,
    "recall@100": R @ 100,
    "hit@1": Success @ 1,
    "hit@3": Success @ 3,
    "hit@5": Success @ 5,
}
#: Answer metrics, for gold files only.
ANSWER_METRICS = ("answer_accuracy@1", "answered_rate", "abstention_precision", "abstention_recall")
LATENCY_KEYS = ("latency_p50_ms", "latency_p95_ms", "answer_latency_p50_ms", "answer_latency_p95_ms")
#: Display and ``all`` order.
RETRIEVER_ORDER = ("bm25", "dense", "hybrid")
#: Results ranked per query: passages for a gold file, documents for BEIR (Recall@100 needs 100).
DEPTH = 100
#: Passages searched per BEIR query to fill ``DEPTH`` documents after aggregation.
PASSAGE_DEPTH = 1000

Progress = Callable[[str, int, int], None]


# --------------------------------------------------------------------------- metric core


@dataclass(frozen=True)
class Scores:
    mean: dict[str, float]  # over the evaluated queries
    per_query: dict[str, dict[str, float]]
    evaluated: tuple[str, ...]  # queries with at least one relevant item
    skipped: tuple[str, ...]  # judged queries without a relevant item


def score_rankings(qrels: Mapping[str, Mapping[str, int]], rankings: Mapping[str, Sequence[str]]) -> Scores:
    """Retrieval metrics of ranked id lists against graded judgments (see the module notes)."""
    evaluated = tuple(q for q, judged in qrels.items() if any(g > 0 for g in judged.values()))
    skipped = tuple(q for q, judged in qrels.items() if not any(g > 0 for g in judged.values()))
    ir_qrels = [ir_measures.Qrel(q, d, int(g)) for q in evaluated for d, g in qrels[q].items()]
    run = []
    for q in evaluated:
        ranking = dedupe(rankings.get(q, ()))
        run += [ir_measures.ScoredDoc(q, d, float(len(ranking) - i)) for i, d in enumerate(ranking)]
    name_of = {m: name for name, m in RETRIEVAL_MEASURES.items()}
    per_query = {q: dict.fromkeys(RETRIEVAL_MEASURES, 0.0) for q in evaluated}
    if run:
        for value in ir_measures.iter_calc(list(RETRIEVAL_MEASURES.values()), ir_qrels, run):
            per_query[value.query_id][name_of[value.measure]] = float(value.value)
    n = max(len(evaluated), 1)
    mean = {name: sum(pq[name] for pq in per_query.values()) / n for name in RETRIEVAL_MEASURES}
    return Scores(mean, per_query, evaluated, skipped)


def dedupe(ids: Iterable[str]) -> list[str]:
    """Ids in order, each kept at its first (best) position."""
    return list(dict.fromkeys(ids))


def aggregate_max(scored: Iterable[tuple[str, float]]) -> list[str]:
    """Units ranked by their best item's score (max aggregation); equal scores keep input order."""
    best: dict[str, float] = {}
    for unit, score in scored:
        if unit not in best or score > best[unit]:
            best[unit] = score
    return sorted(best, key=lambda u: -best[u])  # sorted() is stable: ties stay in first-seen order


def first_relevant(ranking: Sequence[str], judged: Mapping[str, int]) -> int | None:
    """1-based rank of the first item judged relevant (grade >= 1), None if there is none."""
    return next((i for i, item in enumerate(ranking, 1) if judged.get(item, 0) > 0), None)


def percentile(values: Sequence[float], p: float) -> float:
    """Linear-interpolated percentile (numpy's default), 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    pos = (len(ordered) - 1) * p / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


# --------------------------------------------------------------------------- report types


@dataclass(frozen=True)
class Miss:
    """A query whose first result is not relevant."""

    id: str
    question: str
    expected: tuple[str, ...]  # evidence snippets, or relevant documents as "id — title"
    first: str  # what came first instead: the passage text, or "id — title"
    first_doc: str
    rank: int | None  # where the first relevant item landed; None: not in the top DEPTH


@dataclass(frozen=True)
class AnswerMiss:
    id: str
    question: str
    expected: tuple[str, ...]  # evidence snippets; empty for an unanswerable question
    got: str  # the first quote, "" when the engine abstained
    kind: str  # "wrong quote" | "abstained" | "answered an unanswerable question"


@dataclass
class AnswerResult:
    accuracy_at_1: float  # answerable questions whose first quote contains an evidence snippet
    answered_rate: float  # answerable questions that got an answer at all
    abstention_precision: float  # of the abstentions, share on unanswerable questions
    abstention_recall: float  # of the unanswerable questions, share abstained on
    correct: dict[str, bool] = field(default_factory=dict)  # every question: right quote, or rightly declined
    latency_ms: dict[str, float] = field(default_factory=dict)  # answer_latency_p50_ms, answer_latency_p95_ms
    misses: list[AnswerMiss] = field(default_factory=list)
    answerable: tuple[str, ...] = ()  # the questions accuracy@1 is over

    def metrics(self) -> dict[str, float]:
        return {
            "answer_accuracy@1": self.accuracy_at_1,
            "answered_rate": self.answered_rate,
            "abstention_precision": self.abstention_precision,
            "abstention_recall": self.abstention_recall,
        }


@dataclass
class RetrievalResult:
    retriever: str
    metrics: dict[str, float]
    first_relevant: dict[str, int | None] = field(default_factory=dict)  # rank of the first relevant item
    latency_ms: dict[str, float] = field(default_factory=dict)  # latency_p50_ms, latency_p95_ms
    misses: list[Miss] = field(default_factory=list)
    answers: AnswerResult | None = None  # gold files only
    per_query: dict[str, dict[str, float]] = field(default_factory=dict)  # query → metric → value

    def all_metrics(self) -> dict[str, float]:
        """Every figure of this retriever by its report key (what ``--fail-under`` can name)."""
        out = dict(self.metrics)
        if self.answers is not None:
            out.update(self.answers.metrics())
            out.update(self.answers.latency_ms)
        out.update(self.latency_ms)
        return out


@dataclass
class EvalReport:
    kind: str  # "gold" | "beir"
    source: str  # the gold file or BEIR folder
    level: str  # "passage" | "document": what is ranked and judged
    index_dir: str
    model: str
    documents: int
    passages: int
    queries: int  # questions in the gold file / judged queries of the BEIR split
    evaluated: tuple[str, ...]  # queries in the retrieval means
    skipped: tuple[str, ...]  # queries without any relevant item
    retrievers: dict[str, RetrievalResult]
    warnings: tuple[str, ...] = ()


def pooled(results: Sequence[RetrievalResult]) -> dict[str, float]:
    """Retrieval metrics over the questions of several sets on one collection, each question
    counted once: a collection is judged by all the questions asked of it, where a set of
    forty moves by 0.025 with one question."""
    values = [pq for result in results for pq in result.per_query.values()]
    n = max(len(values), 1)
    return {name: sum(pq[name] for pq in values) / n for name in RETRIEVAL_MEASURES}


def latency_summary(ms: Sequence[float], prefix: str = "") -> dict[str, float]:
    return {
        f"{prefix}latency_p50_ms": round(percentile(ms, 50), 2),
        f"{prefix}latency_p95_ms": round(percentile(ms, 95), 2),
    }


def _timed_search(engine: Engine, text: str, k: int, retriever: str) -> tuple[list[Hit], float]:
    t0 = time.perf_counter()
    try:
        hits = engine.search(text, k=k, retriever=retriever)
    except QuestionError:  # nothing left to search once control characters are removed
        hits = []
    return hits, (time.perf_counter() - t0) * 1000


@dataclass(frozen=True)
class Ranked:
    units: list[str]  # unit ids (passage groups or documents), best first, at most ``depth``
    first: Hit | None  # the top passage a user sees
    ms: float  # time of the search a user runs (query encoding + ranking)


def rank_units(
    engine: Engine, text: str, retriever: str, unit: Callable[[Hit], str], depth: int, passage_depth: int
) -> Ranked:
    """Rank units (each at its best passage: max aggregation) for one query, ``depth`` deep.

    The engine ranks a candidate pool (``SearchSettings.candidates`` passages from each
    retriever). For hybrid that pool *is* the product: the head of the ranking is the search a
    user runs, so nDCG@10 and MRR@10 measure what ``qa ask`` shows; a deeper search only
    continues it for the recall figures. A single retriever's order is exact only over its own
    candidates (past them, rows the other retriever proposed would follow, and overlapping
    passages collapse), so dense and BM25 are ranked from a pool of ``passage_depth``, deepened
    until ``depth`` units are found: their head is the same, their tail is their own.
    """
    pool = engine.settings.search.candidates
    head, ms = _timed_search(engine, text, pool, retriever)
    first = head[0] if head else None
    units = aggregate_max((unit(h), h.score) for h in head) if retriever == "hybrid" else []
    k = max(passage_depth, pool + 1)
    while len(units) < depth:
        deep, _ = _timed_search(engine, text, k, retriever)
        units = dedupe(units + aggregate_max((unit(h), h.score) for h in deep))
        if k >= engine.passage_count:
            break
        k *= 2
    return Ranked(units[:depth], first, ms)


# --------------------------------------------------------------------------- gold files


def gold_judgments(
    engine: Engine, questions: Sequence[GoldQuestion]
) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, str]]]:
    """Per answerable question: its relevant units, and the unit of each relevant passage.

    A unit is a group of relevant passages the engine would never show together: passages of
    one document that overlap (directly or in a chain), or that have the same text.
    """
    passages = list(engine.passages())
    norms = [normalise(p.text) for p in passages]
    qrels: dict[str, dict[str, int]] = {}
    units: dict[str, dict[str, str]] = {}
    for q in questions:
        if not q.answerable:
            continue
        snippets = [normalise(e) for e in q.evidence]
        relevant = [(p, n) for p, n in zip(passages, norms, strict=True) if any(s in n for s in snippets)]
        unit_of = _group_units(relevant)
        units[q.id] = unit_of
        qrels[q.id] = dict.fromkeys(dedupe(unit_of.values()), 1)
    return qrels, units


def _group_units(relevant: list[tuple[Passage, str]]) -> dict[str, str]:
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        parent[find(b)] = find(a)

    ordered = sorted(relevant, key=lambda pn: (pn[0].doc_id, pn[0].start, pn[0].end))
    by_text: dict[str, str] = {}
    prev: Passage | None = None
    reach = -1  # end of the current chain of overlapping passages
    for p, norm in ordered:
        parent.setdefault(p.id, p.id)
        if prev is not None and prev.doc_id == p.doc_id and p.start < reach:
            union(prev.id, p.id)
            reach = max(reach, p.end)
        else:
            reach = p.end
        prev = p
        key = re.sub(r"\W+", " ", norm).strip()
        if key in by_text:
            union(by_text[key], p.id)
        else:
            by_text[key] = p.id
    return {p.id: find(p.id) for p, _ in ordered}


def evaluate_retrieval(
    engine: Engine,
    questions: Sequence[GoldQuestion],
    retriever: str,
    depth: int = DEPTH,
    *,
    passage_depth: int = PASSAGE_DEPTH,
    judgments: tuple[dict[str, dict[str, int]], dict[str, dict[str, str]]] | None = None,
    progress: Progress | None = None,
) -> RetrievalResult:
    """Passage-level retrieval metrics of one retriever on the answerable gold questions."""
    qrels, units = judgments or gold_judgments(engine, questions)
    rankings: dict[str, list[str]] = {}
    tops: dict[str, Hit] = {}
    latencies: list[float] = []
    asked = [q for q in questions if q.id in qrels]
    spans = {p.id: p for p in engine.passages()} if asked else {}
    for n, q in enumerate(asked, 1):
        unit_of = units[q.id]
        relevant = [spans[pid] for pid in unit_of]
        snippets = [normalise(e) for e in q.evidence]

        def unit(hit: Hit, u: Mapping[str, str] = unit_of, r: list[Passage] = relevant, s: list[str] = snippets) -> str:
            return _unit(hit, u, r, s)

        ranked = rank_units(engine, q.question, retriever, unit, depth, passage_depth)
        latencies.append(ranked.ms)
        rankings[q.id] = ranked.units
        if ranked.first is not None:
            tops[q.id] = ranked.first
        if progress:
            progress(retriever, n, len(asked))
    scores = score_rankings(qrels, rankings)
    ranks = {q: first_relevant(rankings.get(q, []), qrels[q]) for q in scores.evaluated}
    misses = [
        Miss(
            id=q.id,
            question=q.question,
            expected=q.evidence,
            first=tops[q.id].passage.text if q.id in tops else "",
            first_doc=tops[q.id].passage.doc_id if q.id in tops else "",
            rank=ranks[q.id],
        )
        for q in asked
        if q.id in ranks and ranks[q.id] != 1
    ]
    return RetrievalResult(
        retriever, scores.mean, ranks, latency_summary(latencies), misses, per_query=scores.per_query
    )


def _unit(
    hit: Hit, unit_of: Mapping[str, str], relevant: Sequence[Passage] = (), snippets: Sequence[str] = ()
) -> str:
    """The relevant unit a hit shows, if any: a merged hit is relevant through any of its
    parts, and a hit that took in sentences past its parts (``SearchSettings.continuations``)
    through the text it shows: when that holds an evidence snippet, it is the unit of the
    relevant passages it overlaps (``snippets`` normalised, ``relevant`` the passages of
    ``unit_of``)."""
    for part in hit.parts:
        if part in unit_of:
            return unit_of[part]
    if hit.tail and any(s in normalise(hit.passage.text) for s in snippets):
        for p in relevant:
            if p.doc_id == hit.passage.doc_id and p.start < hit.passage.end and hit.passage.start < p.end:
                return unit_of[p.id]
    return hit.passage.id


def answered_right(question: GoldQuestion, answer: Answer) -> bool:
    """Whether ``answer`` is right for a gold question: its first quote holds an evidence
    snippet, or, when the corpus cannot answer the question, it declines."""
    if question.answerable:
        return bool(answer.quotes) and contains_evidence(answer.quotes[0].text, question.evidence)
    return not answer.answered


def evaluate_answers(
    engine: Engine,
    questions: Sequence[GoldQuestion],
    k: int = 5,
    retriever: str = "hybrid",
    *,
    progress: Progress | None = None,
) -> AnswerResult:
    """Answer accuracy@1 on answerable questions, abstention precision/recall on the others."""
    correct: dict[str, bool] = {}
    misses: list[AnswerMiss] = []
    latencies: list[float] = []
    answered_answerable = abstained_ok = abstained_wrong = unanswerable = 0
    for n, q in enumerate(questions, 1):
        answer = engine.ask(q.question, k=k, retriever=retriever)
        latencies.append(answer.timings_ms["total"])
        got = answer.quotes[0].text if answer.quotes else ""
        correct[q.id] = answered_right(q, answer)
        if q.answerable:
            answered_answerable += answer.answered
            if not answer.answered:
                abstained_wrong += 1
                misses.append(AnswerMiss(q.id, q.question, q.evidence, "", "abstained"))
            elif not correct[q.id]:
                misses.append(AnswerMiss(q.id, q.question, q.evidence, got, "wrong quote"))
        else:
            unanswerable += 1
            if answer.answered:
                misses.append(AnswerMiss(q.id, q.question, (), got, "answered an unanswerable question"))
            else:
                abstained_ok += 1
        if progress:
            progress(f"{retriever} answers", n, len(questions))
    n_answerable = len(questions) - unanswerable
    abstentions = abstained_ok + abstained_wrong
    return AnswerResult(
        accuracy_at_1=sum(correct[q.id] for q in questions if q.answerable) / max(n_answerable, 1),
        answered_rate=answered_answerable / max(n_answerable, 1),
        abstention_precision=abstained_ok / abstentions if abstentions else 1.0,
        abstention_recall=abstained_ok / unanswerable if unanswerable else 1.0,
        correct=correct,
        latency_ms=latency_summary(latencies, "answer_"),
        misses=misses,
        answerable=tuple(q.id for q in questions if q.answerable),
    )


def evaluate_gold(
    engine: Engine,
    questions: Sequence[GoldQuestion],
    retrievers: Sequence[str],
    *,
    source: str,
    k: int = 5,
    progress: Progress | None = None,
) -> EvalReport:
    """Retrieval and answer metrics of each retriever on a gold file, over one engine."""
    judgments = gold_judgments(engine, questions)
    qrels = judgments[0]
    warnings = tuple(
        f"question {q.id}: no passage contains its evidence (retrieval metrics skip it)"
        for q in questions
        if q.answerable and not qrels.get(q.id)
    )
    results = {}
    for r in retrievers:
        result = evaluate_retrieval(engine, questions, r, judgments=judgments, progress=progress)
        result.answers = evaluate_answers(engine, questions, k=k, retriever=r, progress=progress)
        results[r] = result
    evaluated = tuple(q for q, judged in qrels.items() if judged)
    return EvalReport(
        kind="gold",
        source=source,
        level="passage",
        index_dir=str(engine.index_dir),
        model=str(engine.manifest["settings"]["model"]),
        documents=len(engine.documents),
        passages=engine.passage_count,
        queries=len(questions),
        evaluated=evaluated,
        skipped=tuple(q.id for q in questions if q.id not in evaluated),
        retrievers=results,
        warnings=warnings,
    )


# --------------------------------------------------------------------------- BEIR collections


def _doc_of(hit: Hit) -> str:
    return hit.passage.doc_id


def evaluate_beir(
    engine: Engine,
    collection: BeirCollection,
    retrievers: Sequence[str],
    *,
    depth: int = DEPTH,
    passage_depth: int = PASSAGE_DEPTH,
    progress: Progress | None = None,
) -> EvalReport:
    """Document-level metrics of each retriever on a BEIR collection."""
    qrels = collection.qrels
    titles = {d.doc_id: d.meta.title for d in engine.documents}

    def label(doc_id: str) -> str:
        return f"{doc_id} — {titles[doc_id]}" if titles.get(doc_id) else doc_id

    results = {}
    for r in retrievers:
        rankings: dict[str, list[str]] = {}
        latencies: list[float] = []
        asked = [q for q in qrels if any(g > 0 for g in qrels[q].values())]
        for n, qid in enumerate(asked, 1):
            ranked = rank_units(engine, collection.queries[qid], r, _doc_of, depth, passage_depth)
            rankings[qid] = ranked.units
            latencies.append(ranked.ms)
            if progress:
                progress(r, n, len(asked))
        scores = score_rankings(qrels, rankings)
        ranks = {q: first_relevant(rankings[q], qrels[q]) for q in scores.evaluated}
        misses = [
            Miss(
                id=q,
                question=collection.queries[q],
                expected=tuple(label(d) for d, g in qrels[q].items() if g > 0),
                first=label(rankings[q][0]) if rankings[q] else "",
                first_doc=rankings[q][0] if rankings[q] else "",
                rank=ranks[q],
            )
            for q in scores.evaluated
            if ranks[q] != 1
        ]
        results[r] = RetrievalResult(
            r, scores.mean, ranks, latency_summary(latencies), misses, per_query=scores.per_query
        )
    evaluated = tuple(q for q in qrels if any(g > 0 for g in qrels[q].values()))
    return EvalReport(
        kind="beir",
        source=str(collection.root),
        level="document",
        index_dir=str(engine.index_dir),
        model=str(engine.manifest["settings"]["model"]),
        documents=len(engine.documents),
        passages=engine.passage_count,
        queries=len(qrels),
        evaluated=evaluated,
        skipped=tuple(q for q in qrels if q not in set(evaluated)),
        retrievers=results,
        warnings=collection.warnings,
    )


# --------------------------------------------------------------------------- guards


class GuardError(ValueError):
    """A ``--fail-under`` guard that cannot be understood."""


@dataclass(frozen=True)
class Guard:
    """``[RETRIEVER.]METRIC=VALUE``: fail when the metric is below VALUE."""

    retriever: str | None  # None: the retriever the run is about (see ``target``)
    metric: str
    minimum: float
    text: str

    def target(self, retrievers: Sequence[str]) -> str:
        """The retriever an unqualified guard checks: the only one evaluated, else hybrid."""
        if self.retriever:
            return self.retriever
        return retrievers[0] if len(retrievers) == 1 else "hybrid"


_GUARD_RE = re.compile(r"^\s*(?:(?P<retriever>[a-z0-9]+)\.)?(?P<metric>[a-z0-9_@]+)\s*=\s*(?P<value>\S+)\s*$")


def parse_guard(text: str, kind: str) -> Guard:
    """Parse ``[RETRIEVER.]METRIC=VALUE``; ``kind`` ("gold"/"beir") decides which metrics exist."""
    m = _GUARD_RE.match(text.lower())
    if not m:
        raise GuardError(f"--fail-under {text!r}: expected [RETRIEVER.]METRIC=VALUE, e.g. hybrid.mrr@10=0.9")
    retriever, metric = m.group("retriever"), m.group("metric")
    if retriever is not None and retriever not in RETRIEVER_ORDER:
        raise GuardError(f"--fail-under {text!r}: unknown retriever {retriever!r} (bm25, dense or hybrid)")
    known = list(RETRIEVAL_MEASURES) + (list(ANSWER_METRICS) if kind == "gold" else [])
    if metric not in known:
        hint = " (latency is lower-is-better; it cannot be a floor)" if "latency" in metric else ""
        raise GuardError(f"--fail-under {text!r}: unknown metric {metric!r}{hint}; choose from {', '.join(known)}")
    try:
        value = float(m.group("value"))
    except ValueError:
        raise GuardError(f"--fail-under {text!r}: {m.group('value')!r} is not a number") from None
    if not 0.0 <= value <= 1.0:
        raise GuardError(f"--fail-under {text!r}: the value must be between 0 and 1")
    return Guard(retriever, metric, value, text.strip())


def check_guards(report: EvalReport, guards: Sequence[Guard]) -> list[dict]:
    """Each guard with the value it saw and whether it passed."""
    order = list(report.retrievers)
    out = []
    for g in guards:
        target = g.target(order)
        value = report.retrievers[target].all_metrics()[g.metric]
        out.append(
            {
                "guard": g.text,
                "retriever": target,
                "metric": g.metric,
                "minimum": g.minimum,
                "value": value,
                "passed": value >= g.minimum,
            }
        )
    return out


# --------------------------------------------------------------------------- JSON


def report_to_dict(report: EvalReport, guards: Sequence[dict] = (), significance: Significance | None = None) -> dict:
    """The ``qa eval --json`` layout (documented in the README)."""
    retrievers = {}
    for name, r in report.retrievers.items():
        entry: dict[str, object] = {k: round(v, 4) for k, v in r.metrics.items()}
        if r.answers is not None:
            entry.update({k: round(v, 4) for k, v in r.answers.metrics().items()})
            entry.update(r.answers.latency_ms)
        entry.update(r.latency_ms)
        entry["ranks"] = dict(r.first_relevant)
        entry["misses"] = [
            {
                "id": m.id,
                "question": m.question,
                "expected": list(m.expected),
                "first": m.first,
                "first_doc": m.first_doc,
                "rank": m.rank,
            }
            for m in r.misses
        ]
        if r.answers is not None:
            entry["answer_misses"] = [
                {"id": m.id, "question": m.question, "expected": list(m.expected), "got": m.got, "kind": m.kind}
                for m in r.answers.misses
            ]
        entry["per_query"] = {
            metric: {q: round(v, 6) for q, v in values.items()}
            for metric, values in per_query_values(report, r).items()
        }
        if significance is not None:
            entry["ci95"] = {
                metric: [round(i.low, 4), round(i.high, 4)] for metric, i in significance.intervals[name].items()
            }
        retrievers[name] = entry
    comparisons = [comparison_to_dict(c) for c in (significance.comparisons if significance else ())]
    return {
        "schema": 1,
        "kind": report.kind,
        "source": report.source,
        "level": report.level,
        "index": report.index_dir,
        "model": report.model,
        "documents": report.documents,
        "passages": report.passages,
        "queries": report.queries,
        "evaluated": len(report.evaluated),
        "skipped": list(report.skipped),
        "depth": DEPTH,
        "warnings": list(report.warnings),
        "retrievers": retrievers,
        "comparisons": comparisons,
        "guards": list(guards),
    }


def comparison_to_dict(c: Comparison) -> dict:
    """A paired comparison as ``--json`` gives it (the report's ``comparisons``, ``--compare``)."""
    return {
        "metric": c.metric,
        "first": c.first,
        "second": c.second,
        "queries": c.queries,
        "difference": round(c.difference.mean, 4),
        "ci95": [round(c.difference.low, 4), round(c.difference.high, 4)],
        "p_value": round(c.p_value, 4),
    }


# --------------------------------------------------------------------------- significance

#: The figures given an interval, and compared between retrievers: the ranking's headline
#: metrics and, for gold files, answer accuracy.
SIGNIFICANCE_METRICS = ("ndcg@10", "mrr@10", "hit@5", "answer_accuracy@1")


@dataclass(frozen=True)
class Significance:
    """Per retriever, each headline metric's mean with its interval; and hybrid against each
    single retriever evaluated beside it, paired on the same queries."""

    intervals: dict[str, dict[str, Interval]]
    comparisons: tuple[Comparison, ...]


def significance(report: EvalReport) -> Significance:
    """Intervals and paired comparisons for ``report`` (``qa.significance``; seeded)."""
    values = {name: per_query_values(report, result) for name, result in report.retrievers.items()}
    intervals = {
        name: {metric: interval([v[q] for q in v]) for metric, v in by_metric.items()}
        for name, by_metric in values.items()
    }
    comparisons = []
    if "hybrid" in values:
        for other in (r for r in RETRIEVER_ORDER if r in values and r != "hybrid"):
            for metric, ours in values["hybrid"].items():
                theirs = values[other][metric]
                queries = [q for q in ours if q in theirs]
                a, b = [ours[q] for q in queries], [theirs[q] for q in queries]
                comparisons.append(compare(metric, "hybrid", other, a, b))
    return Significance(intervals, tuple(comparisons))


def per_query_values(report: EvalReport, result: RetrievalResult) -> dict[str, dict[str, float]]:
    """metric → query → value for the headline metrics, over the queries each metric's mean is
    taken over (what intervals and comparisons resample; ``--json`` gives it as ``per_query``)."""
    out = {
        m: {q: result.per_query[q][m] for q in report.evaluated if q in result.per_query}
        for m in SIGNIFICANCE_METRICS[:3]
    }
    if result.answers is not None:
        out["answer_accuracy@1"] = {q: float(result.answers.correct[q]) for q in result.answers.answerable}
    return out


# --------------------------------------------------------------------------- two runs compared


class ReportError(ValueError):
    """A file that is not a ``qa eval --json`` report ``--compare`` can use."""


@dataclass(frozen=True)
class RunComparison:
    """Two saved evaluations compared query by query (``qa eval --compare BEFORE AFTER``)."""

    before: str
    after: str
    comparisons: tuple[Comparison, ...]  # first = after, second = before, per retriever and metric
    retrievers: tuple[str, ...]  # the retriever of each comparison, in order
    means: tuple[tuple[float, float], ...]  # (before, after) means over the shared queries
    notes: tuple[str, ...] = ()


def compare_reports(before: dict, after: dict, names: tuple[str, str]) -> RunComparison:
    """Each metric both reports hold per query, for each retriever both evaluated, paired on
    the queries both scored: a change of model, settings or code measured on the same gold set
    or collection, with the interval and the permutation test of ``qa.significance``."""
    for report, name in ((before, names[0]), (after, names[1])):
        if not isinstance(report, dict) or not isinstance(report.get("retrievers"), dict):
            raise ReportError(f"{name} is not a qa eval --json report")
        for r, entry in report["retrievers"].items():
            if not isinstance(entry, dict) or not isinstance(entry.get("per_query"), dict):
                raise ReportError(f"{name}: {r} has no per-query values (written by an older qa eval: run it again)")
    notes = []
    if (before.get("kind"), before.get("source")) != (after.get("kind"), after.get("source")):
        notes.append(
            f"the reports are on different sets ({before.get('source')}, {after.get('source')}): "
            "compared on the queries they share"
        )
    comparisons, retrievers, means = [], [], []
    shared_retrievers = [r for r in before["retrievers"] if r in after["retrievers"]]
    if not shared_retrievers:
        raise ReportError(f"{names[0]} and {names[1]} evaluated no retriever in common")
    for r in shared_retrievers:
        a, b = before["retrievers"][r]["per_query"], after["retrievers"][r]["per_query"]
        for metric in (m for m in SIGNIFICANCE_METRICS if m in a and m in b):
            queries = sorted(set(a[metric]) & set(b[metric]))
            if not queries:
                continue
            x, y = [float(b[metric][q]) for q in queries], [float(a[metric][q]) for q in queries]
            comparisons.append(compare(metric, names[1], names[0], x, y))
            retrievers.append(r)
            means.append((sum(y) / len(y), sum(x) / len(x)))
    if not comparisons:
        raise ReportError(f"{names[0]} and {names[1]} share no scored query")
    return RunComparison(names[0], names[1], tuple(comparisons), tuple(retrievers), tuple(means), tuple(notes))
