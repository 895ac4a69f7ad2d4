"""``qa verify``: check saved answers against the files they cite.

Reads what ``qa ask --json`` or ``--jsonl`` wrote and needs neither the index nor the model,
so it starts at once. Exit status 0 when every cited span matches its file, 1 when one does
not (or a line is not an answer), so a script can keep notes honest.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

EXIT_MISMATCH = 1


def add_verify_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``qa verify`` (called from ``qa.cli.build_parser``)."""
    p = sub.add_parser(
        "verify",
        help="check saved answers (qa ask --json/--jsonl) against the files they cite",
        description="Check that every quote and passage of saved answers (what qa ask --json or --jsonl "
        "printed) still equals document_text[start:end] of the file it cites, under --corpus (default: the "
        "shipped corpus). Exit status 1 when one does not.",
    )
    # Only the corpus matters here (no index, no model); the top-level parser sets its default.
    p.add_argument(
        "--corpus",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="folder the answers cite (default: the shipped corpus)",
    )
    p.add_argument("answers", nargs="?", default="-", metavar="FILE", help="saved answers ('-' or none: stdin)")
    p.add_argument("--json", action="store_true", help="print one JSON object: counts and every mismatch")


def run_verify(args: argparse.Namespace) -> int:
    from qa.cli import CliError, corpus_folder
    from qa.documents import printable
    from qa.verify import looks_like_notes, notes_records, read_records, verify

    corpus = corpus_folder(args)
    source = "standard input" if args.answers == "-" else args.answers
    if args.answers == "-" and sys.stdin.isatty():
        raise CliError("give a FILE of saved answers, or pipe them in (qa ask --json … | qa verify)")
    try:
        if args.answers == "-":
            text = sys.stdin.buffer.read().decode("utf-8", "replace")
        else:
            text = Path(args.answers).read_bytes().decode("utf-8", "replace")
    except OSError as exc:
        raise CliError(f"cannot read {args.answers}: {exc.strerror or exc}") from exc
    notes = looks_like_notes(text) and not text.lstrip().startswith(("{", "["))
    result = verify(notes_records(text) if notes else read_records(text), corpus)
    nouns = ("entry", "entries") if notes else ("answer", "answers")
    if result.answers == 0 and not result.skipped:
        first = f": line {result.bad_lines[0][0]}: {result.bad_lines[0][1]}" if result.bad_lines else ""
        raise CliError(f"no answers to verify in {source}{first} (save them with qa ask --json, --jsonl or --markdown)")
    if args.json:
        report = {
            "corpus": str(corpus),
            "answers": result.answers,
            "spans": result.spans,
            "skipped": result.skipped,
            "ok": result.ok,
            "mismatches": [
                {
                    "line": m.line,
                    "where": m.span.where,
                    "doc_id": m.span.doc_id,
                    "start": m.span.start,
                    "end": m.span.end,
                    "reason": m.reason,
                }
                for m in result.mismatches
            ],
            "bad_lines": [{"line": line, "reason": reason} for line, reason in result.bad_lines],
        }
        print(json.dumps(report, ensure_ascii=True))
        return 0 if result.ok else EXIT_MISMATCH
    for m in result.mismatches:
        print(printable(f"line {m.line}, {m.span.where}: {m.span.doc_id}: {m.reason}"))
    for line, reason in result.bad_lines:
        print(printable(f"line {line}: {reason}"), file=sys.stderr)
    failed = len(result.mismatches)
    spans = f"{result.spans} cited span{'s' if result.spans != 1 else ''}"
    of = f"of {result.answers} {nouns[result.answers != 1]}"
    where = printable(str(corpus))
    if result.spans == 1:
        verb = "does not match" if failed else "matches"
        print(f"The one cited span {of} {verb} the files in {where}.")
    elif failed:
        print(f"{failed} of {spans} {of} {'does' if failed == 1 else 'do'} not match the files in {where}.")
    else:
        print(f"All {spans} {of} match the files in {where}.")
    if result.skipped:
        print(f"({result.skipped} line{'s' if result.skipped != 1 else ''} recorded a question that failed.)")
    return 0 if result.ok else EXIT_MISMATCH
