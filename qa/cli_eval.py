"""``qa eval``: retrieval and answer quality on a gold file or a BEIR collection.

Kept apart from ``qa/cli.py`` so the common commands never import the evaluation code; this
module imports only argparse at load time.

``--fail-under [RETRIEVER.]METRIC=VALUE`` (repeatable) turns the run into a CI check: every
guard below its floor prints one line on stderr and the exit status is 1. An unqualified
metric applies to the retriever chosen with ``--retriever``, or to hybrid (the default
ranking) with ``--retriever all``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from qa.evaluation import EvalReport, Significance
    from qa.significance import Comparison, Interval

EXIT_GUARD = 1
EXIT_USAGE = 2

_LABELS = {
    "ndcg@10": "nDCG@10",
    "mrr@10": "MRR@10",
    "recall@10": "Recall@10",
    "recall@100": "Recall@100",
    "hit@1": "Hit@1",
    "hit@3": "Hit@3",
    "hit@5": "Hit@5",
    "answer_accuracy@1": "Answer accuracy@1",
    "answered_rate": "Answered (answerable)",
    "abstention_precision": "Abstention precision",
    "abstention_recall": "Abstention recall",
    "latency_p50_ms": "Search p50 (ms)",
    "latency_p95_ms": "Search p95 (ms)",
    "answer_latency_p50_ms": "Answer p50 (ms)",
    "answer_latency_p95_ms": "Answer p95 (ms)",
}


def add_eval_parser(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Register ``qa eval`` (called from ``qa.cli.build_parser``)."""
    p = sub.add_parser(
        "eval",
        parents=[common],
        help="measure retrieval and answers on a gold file or a BEIR collection",
        description="Measure retrieval (nDCG@10, MRR@10, Recall@10/100, Hit@1/3/5) and, for gold files, "
        "answers (accuracy@1, abstention precision/recall), with latency. "
        "Gold files are evaluated on --corpus (default: the shipped corpus). "
        "--compare pairs two saved --json reports query by query.",
    )
    p.add_argument("gold", nargs="?", metavar="GOLD.jsonl", help='gold questions: {"id", "question", "evidence"}')
    p.add_argument("--beir", metavar="DIR", help="a BEIR collection (corpus.jsonl, queries.jsonl, qrels/SPLIT.tsv)")
    p.add_argument("--split", default="test", metavar="NAME", help="BEIR qrels split (default test)")
    p.add_argument(
        "--retriever",
        choices=("bm25", "dense", "hybrid", "all"),
        default="hybrid",
        help="ranking to evaluate; 'all' puts the three side by side (default hybrid)",
    )
    p.add_argument("-k", "--top-k", type=int, default=5, metavar="N", help="passages given to the answer step")
    p.add_argument("--json", action="store_true", help="print one JSON object (metrics, per-query ranks, misses)")
    p.add_argument("--misses", action="store_true", help="list the queries whose first result is not relevant")
    p.add_argument(
        "--compare",
        nargs=2,
        metavar=("BEFORE.json", "AFTER.json"),
        help="compare two saved --json reports query by query (another model, settings or version)",
    )
    p.add_argument(
        "--fail-under",
        action="append",
        default=[],
        metavar="[RETRIEVER.]METRIC=VALUE",
        help="exit 1 if METRIC is below VALUE (repeatable), e.g. hybrid.mrr@10=0.9 or hit@5=0.95; "
        "without RETRIEVER: the --retriever chosen, or hybrid with 'all'",
    )


def run_eval(args: argparse.Namespace) -> int:
    from qa.cli import CliError
    from qa.evaluation import RETRIEVER_ORDER, GuardError, check_guards, parse_guard, significance

    if args.compare:
        if args.gold or args.beir:
            raise CliError("--compare reads two saved reports; give no gold file or --beir with it")
        if args.fail_under or args.misses:
            raise CliError("--fail-under and --misses apply to an evaluation, not to --compare")
        return _compare(args)
    if bool(args.gold) == bool(args.beir):
        raise CliError("give a gold file or --beir DIR (one of them)")
    if args.beir and args.corpus:
        raise CliError("--corpus does not apply to --beir (the collection is the corpus)")
    if args.top_k < 1:
        raise CliError("--top-k must be at least 1")
    kind = "beir" if args.beir else "gold"
    retrievers = list(RETRIEVER_ORDER) if args.retriever == "all" else [args.retriever]
    try:
        guards = [parse_guard(g, kind) for g in args.fail_under]
        for g in guards:
            if g.target(retrievers) not in retrievers:
                raise GuardError(
                    f"--fail-under {g.text!r}: retriever {g.target(retrievers)} is not evaluated "
                    f"(--retriever {args.retriever})"
                )
    except GuardError as exc:
        print(f"qa: error: {exc}", file=sys.stderr)
        return EXIT_USAGE

    with _EvalProgress(enabled=sys.stderr.isatty() and not args.json) as progress:
        report = _run_gold(args, retrievers, progress) if kind == "gold" else _run_beir(args, retrievers, progress)
    for warning in report.warnings:
        print(f"qa: warning: {warning}", file=sys.stderr)
    results = check_guards(report, guards)
    sig = significance(report)
    if args.json:
        import json

        from qa.evaluation import report_to_dict

        sys.stdout.write(json.dumps(report_to_dict(report, results, sig), ensure_ascii=False) + "\n")
    else:
        print_report(report, misses=args.misses, significance=sig)
    failed = [r for r in results if not r["passed"]]
    for r in failed:
        print(
            f"qa: eval: {r['retriever']}.{r['metric']} = {r['value']:.4f} is under {r['minimum']:g} "
            f"(--fail-under {r['guard']})",
            file=sys.stderr,
        )
    return EXIT_GUARD if failed else 0


def _compare(args: argparse.Namespace) -> int:
    """``--compare BEFORE AFTER``: the change each metric shows, paired on the shared queries."""
    import json

    from qa.cli import CliError
    from qa.evaluation import ReportError, compare_reports, comparison_to_dict

    reports = []
    for path in args.compare:
        try:
            reports.append(json.loads(Path(path).read_text(encoding="utf-8")))
        except OSError as exc:
            raise CliError(f"cannot read {path}: {exc.strerror or exc}") from exc
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            raise CliError(f"{path} is not a qa eval --json report (not JSON)") from None
    try:
        result = compare_reports(reports[0], reports[1], (args.compare[0], args.compare[1]))
    except ReportError as exc:
        raise CliError(str(exc)) from None
    for note in result.notes:
        print(f"qa: note: {note}", file=sys.stderr)
    if args.json:
        rows = [
            {"retriever": r, "before": round(before, 4), "after": round(after, 4), **comparison_to_dict(c)}
            for r, c, (before, after) in zip(result.retrievers, result.comparisons, result.means, strict=True)
        ]
        print(json.dumps({"before": result.before, "after": result.after, "comparisons": rows}, ensure_ascii=False))
        return 0
    from rich.console import Console
    from rich.text import Text

    from qa.documents import strip_controls

    console = Console(highlight=False)
    shared = " or ".join(map(str, sorted({c.queries for c in result.comparisons})))
    console.print(
        Text(strip_controls(f"{result.after} against {result.before}, paired on the {shared} queries both scored:"))
    )
    rows = zip(
        (f"{_LABELS[c.metric]} ({r})" for r, c in zip(result.retrievers, result.comparisons, strict=True)),
        result.means,
        result.comparisons,
        strict=True,
    )
    console.print(_comparison_table(list(rows)))
    return 0


def _comparison_table(rows: list[tuple[str, tuple[float, float] | None, Comparison]]) -> Table:
    """Paired comparisons, a row each: what is compared, the means before and after (when
    given), the mean difference, its 95% interval and the permutation p (bold under 0.05)."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    values = any(means is not None for _, means, _ in rows)
    table = Table(box=box.SIMPLE_HEAD)
    for name in ("metric", *(("before", "after") if values else ()), "difference", "95% interval", "p"):
        table.add_column(name, justify="left" if name == "metric" else "right")
    for label, means, c in rows:
        d, style = c.difference, "bold" if c.p_value < 0.05 else ""
        p = f"{c.p_value:.3f}" if c.p_value >= 0.001 else "< 0.001"
        shown = (f"{means[0]:.3f}", f"{means[1]:.3f}") if means is not None else ()
        table.add_row(
            label, *shown, Text(f"{d.mean:+.3f}", style=style), f"{d.low:+.3f} to {d.high:+.3f}", Text(p, style=style)
        )
    return table


def _run_gold(args: argparse.Namespace, retrievers: list[str], progress: _EvalProgress) -> EvalReport:
    from qa.cli import _open_engine
    from qa.evaluation import evaluate_gold
    from qa.gold import load_gold

    questions = load_gold(args.gold)  # a bad file fails before the model loads
    engine = _open_engine(args, quiet=False)
    return evaluate_gold(engine, questions, retrievers, source=str(args.gold), k=args.top_k, progress=progress)


def _run_beir(args: argparse.Namespace, retrievers: list[str], progress: _EvalProgress) -> EvalReport:
    from qa.beir import beir_index_dir, load_beir
    from qa.cli import _BuildProgress
    from qa.defaults import DEFAULT_INDEX_ROOT
    from qa.embedding import resolve_model
    from qa.engine import Engine
    from qa.evaluation import evaluate_beir

    collection = load_beir(args.beir, args.split)
    model_id, _ = resolve_model(args.model)
    index = Path(args.index) if args.index else beir_index_dir(collection, model_id, DEFAULT_INDEX_ROOT)
    announced = False

    with _BuildProgress(enabled=True) as bar:

        def on_build(stage: str, done: int, total: int) -> None:
            nonlocal announced
            if not announced and stage != "waiting":
                print(
                    f"qa: indexing {collection.name} ({len(collection.corpus.documents)} documents) into {index}; "
                    "this happens once per collection, model and settings",
                    file=sys.stderr,
                )
                announced = True
            bar(stage, done, total)

        engine = Engine.from_corpus(
            collection.corpus, index, fingerprint=collection.fingerprint, model=args.model, progress=on_build
        )
    return evaluate_beir(engine, collection, retrievers, progress=progress)


class _EvalProgress:
    """A transient progress bar per retriever on stderr, only on a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self._progress = None
        self._tasks: dict[str, int] = {}

    def __enter__(self) -> _EvalProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def __call__(self, label: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self._progress is None:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._progress = Progress(
                TextColumn("Evaluating {task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._progress.start()
        if label not in self._tasks:
            self._tasks[label] = self._progress.add_task(label, total=max(total, 1))
        self._progress.update(self._tasks[label], completed=done, total=max(total, 1))


# --------------------------------------------------------------------------- text output


def print_report(
    report: EvalReport,
    *,
    misses: bool = False,
    console: Console | None = None,
    significance: Significance | None = None,
) -> None:
    """One table, metrics down and retrievers across, each headline metric with its 95%
    interval under it; hybrid against each single retriever; then the misses when asked for."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from qa.evaluation import LATENCY_KEYS

    console = console or Console(highlight=False)
    names = list(report.retrievers)
    values = {r: report.retrievers[r].all_metrics() for r in names}
    keys = [k for k in _LABELS if k in values[names[0]]]
    console.print(_title(report))
    table = Table()
    table.add_column("metric")
    for r in names:
        table.add_column(r, justify="right")
    for key in keys:
        row = [values[r][key] for r in names]
        best = (min if key in LATENCY_KEYS else max)(row)
        cells = []
        for v in row:
            shown = f"{v:.1f}" if key in LATENCY_KEYS else f"{v:.3f}"
            cells.append(Text(shown, style="bold" if len(names) > 1 and v == best else ""))
        table.add_row(_LABELS[key], *cells)
        if significance is not None and key in significance.intervals[names[0]]:
            spans = [significance.intervals[r][key] for r in names]
            table.add_row(Text("  95% interval", style="dim"), *(Text(_span(i), style="dim") for i in spans))
    console.print(table)
    if significance is not None and significance.comparisons:
        _print_comparisons(console, report, significance)
    if misses:
        for r in names:
            _print_misses(console, report, r)


def _span(i: Interval) -> str:
    return f"{i.low:.3f}–{i.high:.3f}"


def _print_comparisons(console: Console, report: EvalReport, significance: Significance) -> None:
    """Hybrid minus each single retriever, paired on the same queries: the mean difference,
    its 95% interval and the permutation test's p-value (bold under 0.05)."""
    from rich.text import Text

    first = significance.comparisons[0]
    what = "questions" if report.kind == "gold" else "queries"
    console.print(Text(f"\n{first.first} against each single retriever, paired on the same {first.queries} {what}:"))
    rows = [(f"{_LABELS[c.metric]}, {c.first} − {c.second}", None, c) for c in significance.comparisons]
    console.print(_comparison_table(rows))


def _title(report: EvalReport) -> Text:
    from rich.text import Text

    from qa.documents import strip_controls

    what = "questions" if report.kind == "gold" else "queries"
    skipped = f", {len(report.skipped)} without a relevant item skipped" if report.skipped else ""
    return Text(
        strip_controls(
            f"{report.source}: {len(report.evaluated)} of {report.queries} {what} ranked{skipped} "
            f"({report.level} level; {report.documents} documents, {report.passages} passages)"
        )
    )


def _print_misses(console: Console, report: EvalReport, retriever: str) -> None:
    from rich.text import Text

    from qa.documents import strip_controls

    result = report.retrievers[retriever]
    total = len(report.evaluated)
    console.print(Text(f"\n{retriever}: {len(result.misses)} of {total} ranked something else first", style="bold"))
    for m in result.misses:
        landed = f"first relevant at rank {m.rank}" if m.rank else "no relevant result in the top 100"
        console.print(Text(f"  {m.id}  {strip_controls(m.question)}"))
        for e in m.expected[:3]:
            console.print(Text(f"      expected: {_short(strip_controls(e))}", style="green"))
        console.print(Text(f"      first:    {_short(strip_controls(m.first))}", style="red"))
        console.print(Text(f"      {landed}", style="dim"))
    answers = result.answers
    if answers is not None and answers.misses:
        console.print(Text(f"\n{retriever}: {len(answers.misses)} answer misses", style="bold"))
        for a in answers.misses:
            console.print(Text(f"  {a.id}  {strip_controls(a.question)}  [{a.kind}]"))
            for e in a.expected[:3]:
                console.print(Text(f"      expected: {_short(strip_controls(e))}", style="green"))
            if a.got:
                console.print(Text(f"      quoted:   {_short(strip_controls(a.got))}", style="red"))


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
