"""``qa bench``: measure build, query, start-up and scale, side by side with a naive baseline.

Kept apart from ``qa/cli.py`` (like ``qa eval``) so the common commands never import the
benchmark; this module imports only argparse at load time.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(float(s)) for s in text.split(",") if s.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected sizes like 100000,1000000, got {text!r}") from None
    if any(n < 1000 for n in sizes):
        raise argparse.ArgumentTypeError("scale sizes must be at least 1000 vectors")
    return sizes


def add_bench_parser(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Register ``qa bench`` (called from ``qa.cli.build_parser``)."""
    from qa.defaults import PROJECT_ROOT

    p = sub.add_parser(
        "bench",
        parents=[common],
        help="measure build, query, start-up and scale against a naive baseline",
        description="Measure index builds, warm query latency, cold start (qa ask, chat) and FAISS at scale, "
        "each side by side with a naive baseline (sentence-transformers encode + IndexFlatIP + the same BM25) "
        "in the same run. Writes report.md and report.json to --out and prints the tables. "
        "A full run takes about an hour on two cores; --quick (the shipped corpus only) a few minutes.",
    )
    p.add_argument(
        "--out", type=Path, default=PROJECT_ROOT / "bench", metavar="DIR", help="report folder (default bench/)"
    )
    p.add_argument("--quick", action="store_true", help="the shipped corpus only (what CI runs)")
    p.add_argument(
        "--only",
        metavar="SECTIONS",
        default="shipped,scifact,scale",
        help="comma-separated sections to run: shipped, scifact, scale (default all)",
    )
    p.add_argument(
        "--scifact",
        type=Path,
        metavar="DIR",
        default=PROJECT_ROOT.parent / "shared" / "benchmarks" / "scifact",
        help="the SciFact BEIR folder (default ../shared/benchmarks/scifact)",
    )
    p.add_argument(
        "--scifact-docs",
        type=int,
        default=0,
        metavar="N",
        help="index only the first N SciFact records (to iterate quickly; the reported figures come from a full run)",
    )
    p.add_argument("--repeat", type=int, default=3, metavar="N", help="shipped-corpus builds (cold starts: 2N-1)")
    p.add_argument("--queries", type=int, default=0, metavar="N", help="latency queries per collection (default all)")
    p.add_argument(
        "--scale-sizes", type=_sizes, default=(100_000, 1_000_000), metavar="N,N", help="synthetic fitted vectors"
    )
    p.add_argument(
        "--uniform-sizes", type=_sizes, default=(100_000,), metavar="N,N", help="uniformly random vectors (worst case)"
    )
    p.add_argument("--keep-work", action="store_true", help="keep the indexes built under OUT/work")
    p.add_argument("--readme", action="store_true", help="also rewrite the README's Performance table")


def run_bench_command(args: argparse.Namespace) -> int:
    from qa.bench.report import markdown, update_readme, write
    from qa.bench.run import BenchOptions, run_bench
    from qa.cli import CliError
    from qa.defaults import PROJECT_ROOT

    sections = tuple(s.strip() for s in args.only.split(",") if s.strip())
    unknown = set(sections) - {"shipped", "scifact", "scale"}
    if unknown:
        raise CliError(f"unknown bench section(s): {', '.join(sorted(unknown))} (shipped, scifact, scale)")
    if args.repeat < 1:
        raise CliError("--repeat must be at least 1")
    if args.scifact_docs < 0 or args.queries < 0:
        raise CliError("--scifact-docs and --queries cannot be negative")
    corpus = Path(args.corpus) if args.corpus else PROJECT_ROOT / "corpus"
    if not corpus.is_dir():
        raise CliError(f"corpus folder not found: {corpus}")
    if not args.quick and "scifact" in sections and not (args.scifact / "corpus.jsonl").is_file():
        raise CliError(f"SciFact not found in {args.scifact} (give --scifact DIR, or --quick)")
    options = BenchOptions(
        out=args.out.resolve(),
        quick=args.quick,
        corpus=corpus.resolve(),
        scifact=args.scifact.resolve(),
        scifact_docs=args.scifact_docs,
        repeat=args.repeat,
        queries=args.queries,
        scale_sizes=args.scale_sizes,
        uniform_sizes=args.uniform_sizes,
        sections=sections,
        keep_work=args.keep_work,
    )
    report = run_bench(options)
    md, js = write(report, options.out)
    sys.stdout.write(markdown(report))
    print(f"\nWrote {md} and {js}", file=sys.stderr)
    if args.readme:
        readme = PROJECT_ROOT / "README.md"
        if not update_readme(readme, report):
            raise CliError(f"{readme} has no <!-- bench:begin --> / <!-- bench:end --> markers")
        print(f"Updated the Performance table in {readme}", file=sys.stderr)
    return 0
