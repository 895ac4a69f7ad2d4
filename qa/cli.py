"""The ``qa`` command line.

``qa`` alone opens the chat (a separate program, started with ``python -m tui``, so the engine
never imports the UI). Every error a user can cause ends in one line on stderr and a non-zero
exit status, never a traceback; set ``QA_DEBUG=1`` to see tracebacks.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, ClassVar, NoReturn, TextIO

from qa.cli_bench import add_bench_parser
from qa.cli_eval import add_eval_parser
from qa.cli_verify import add_verify_parser
from qa.defaults import DEFAULT_MODEL

EXIT_ERROR = 1
EXIT_USAGE = 2


class CliError(Exception):
    """An error to report in one line."""


class _Parser(argparse.ArgumentParser):
    """argparse with usage errors in one line (its default prints the whole usage block first)."""

    def error(self, message: str) -> NoReturn:
        from qa.documents import printable

        self.exit(EXIT_USAGE, f"{self.prog}: error: {printable(message)} (see {self.prog} --help)\n")


#: Options whose value may itself start with a dash (``--corpus -notes``: a folder name).
_PATH_OPTIONS = ("--corpus", "--index", "--model", "--jsonl", "--doc")


def _attach_dash_values(argv: list[str], parser: argparse.ArgumentParser) -> list[str]:
    """``--corpus -dir`` → ``--corpus=-dir``: argparse would take ``-dir`` for an option.

    Only values that are not themselves one of the command's options are attached, so a
    forgotten value (``--corpus -k 3``) is still reported as one.
    """
    known = {s for action in _all_actions(parser) for s in action.option_strings}
    shorts = {s for s in known if len(s) == 2}
    out: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            out += argv[i:]
            break
        value = argv[i + 1] if i + 1 < len(argv) else ""
        dashed = value.startswith("-") and not value.startswith("--") and value != "-"
        if arg in _PATH_OPTIONS and dashed and value not in known and value[:2] not in shorts:
            out.append(f"{arg}={value}")
            i += 2
            continue
        out.append(arg)
        i += 1
    return out


def _all_actions(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    actions = list(parser._actions)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                actions += sub._actions
    return actions


def _common_options(*, defaults: bool) -> argparse.ArgumentParser:
    """``--corpus``, ``--index`` and ``--model``, taken before the command or after it. Only
    the top-level parser sets their defaults: a subcommand's default would overwrite what was
    given before the command (``qa --corpus docs ask …`` searched the shipped corpus)."""
    common = argparse.ArgumentParser(add_help=False)
    unset = {} if defaults else {"default": argparse.SUPPRESS}
    common.add_argument(
        "--corpus", metavar="DIR", help="folder of .txt/.md documents (default: the shipped corpus)", **unset
    )
    common.add_argument("--index", metavar="DIR", help="index folder (default: index/<corpus name>-<hash>)", **unset)
    common.add_argument(
        "--model",
        metavar="NAME",
        default=os.environ.get("QA_MODEL", DEFAULT_MODEL) if defaults else argparse.SUPPRESS,
        help="sentence-transformers model name or folder (default: the bundled all-MiniLM-L6-v2; env QA_MODEL)",
    )
    return common


def build_parser() -> argparse.ArgumentParser:
    common = _common_options(defaults=False)
    parser = _Parser(
        prog="qa",
        description="Answer questions about a document collection by quoting it. "
        "Run without a command to open the chat.",
        parents=[_common_options(defaults=True)],
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    sub.add_parser("chat", parents=[common], help="open the chat (the default)")

    ask = sub.add_parser("ask", parents=[common], help="answer one question (or many with --jsonl)")
    ask.add_argument("question", nargs="?", help="the question")
    ask.add_argument("-k", "--top-k", type=int, default=5, metavar="N", help="passages to return (default 5)")
    ask.add_argument("--json", action="store_true", help="print one JSON object")
    ask.add_argument(
        "--markdown", action="store_true", help="print the answer and its citations as Markdown, for notes"
    )
    ask.add_argument(
        "--jsonl",
        metavar="FILE",
        help="read one question per line from FILE ('-' for stdin); print one JSON object per line",
    )
    ask.add_argument("--explain", action="store_true", help="show dense, BM25 and fused scores")
    ask.add_argument(
        "--retriever", choices=("hybrid", "dense", "bm25"), default="hybrid", help="ranking to use (default hybrid)"
    )
    ask.add_argument("--doc", metavar="DOC_ID", help="only search this document")

    index = sub.add_parser("index", parents=[common], help="build or refresh the index")
    index.add_argument(
        "--status", action="store_true", help="say what is indexed and whether it is stale; build nothing"
    )
    index.add_argument("--rebuild", action="store_true", help="rebuild even if the index is fresh")

    add_verify_parser(sub)
    add_eval_parser(sub, common)
    add_bench_parser(sub, common)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    try:
        args = parser.parse_args(_attach_dash_values(argv, parser))
    except SystemExit as exc:  # argparse has printed its one-line usage error
        return int(exc.code or 0)
    try:
        if args.command in (None, "chat"):
            return _chat(args)
        if args.command == "ask":
            return _ask(args)
        if args.command == "index":
            return _index(args)
        if args.command == "verify":
            from qa.cli_verify import run_verify

            return run_verify(args)
        if args.command == "eval":
            from qa.cli_eval import run_eval

            return run_eval(args)
        if args.command == "bench":
            from qa.cli_bench import run_bench_command

            return run_bench_command(args)
        parser.error(f"unknown command {args.command}")
    except KeyboardInterrupt:
        print("qa: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (``qa ask --jsonl - | head``): stop quietly.
        sys.stderr.close()
        return 0
    except Exception as exc:
        if os.environ.get("QA_DEBUG"):
            raise
        print(f"qa: error: {_describe(exc)}", file=sys.stderr)
        return EXIT_ERROR
    return 0


def _describe(exc: BaseException) -> str:
    from qa.documents import CorpusError, printable
    from qa.embedding import EmbeddingError
    from qa.index import IndexBuildError, IndexStoreError

    known = (CliError, CorpusError, EmbeddingError, IndexStoreError, ValueError, KeyError)
    text = str(exc.args[0]) if isinstance(exc, KeyError) and exc.args else str(exc)
    text = printable(" ".join(text.split())) or type(exc).__name__  # paths and questions can hold anything
    if isinstance(exc, IndexBuildError):  # the way forward, in the terms of this command line
        if "disk full" in text or "quota" in text:
            text += " (free some space, then run the command again)"
        elif "read-only" in text or "permission denied" in text:
            text += " (give --index a folder you can write to)"
    if isinstance(exc, known):
        return text
    if isinstance(exc, OSError):
        return f"{exc.strerror or text}" + (f": {printable(str(exc.filename))}" if exc.filename else "")
    return f"{type(exc).__name__}: {text}"


# --------------------------------------------------------------------------- paths


def corpus_folder(args: argparse.Namespace) -> Path:
    """The ``--corpus`` folder (default: the shipped one), or a one-line error."""
    from qa.defaults import DEFAULT_CORPUS

    corpus = Path(args.corpus) if args.corpus else DEFAULT_CORPUS
    if not corpus.exists():
        raise CliError(f"corpus folder not found: {corpus}")
    if not corpus.is_dir():
        raise CliError(f"corpus is not a folder: {corpus}")
    return corpus


def _paths(args: argparse.Namespace) -> tuple[Path, Path]:
    from qa.defaults import default_index_dir

    corpus = corpus_folder(args)
    index = Path(args.index) if args.index else default_index_dir(corpus)
    if index.exists() and not index.is_dir():  # said before anything else: nothing there is touched
        raise CliError(f"index is not a folder: {index} (give --index a folder)")
    return corpus, index


# --------------------------------------------------------------------------- chat


def _chat(args: argparse.Namespace) -> int:
    corpus, index = _paths(args)
    command = [sys.executable, "-m", "tui", "--corpus", str(corpus), "--index", str(index), "--model", args.model]
    sys.stdout.flush()
    os.execv(sys.executable, command)
    return 0  # not reached


# --------------------------------------------------------------------------- opening


def _open_engine(args: argparse.Namespace, *, quiet: bool):
    """Open the engine; when the index must be (re)built, say why and show progress on stderr."""
    from qa.documents import printable
    from qa.engine import Engine, index_status

    corpus, index = _paths(args)
    status = index_status(corpus, index, model=args.model)
    rebuild = bool(getattr(args, "rebuild", False))
    why = "rebuild requested" if rebuild else "; ".join(status.reasons) or "index unusable"
    # Said once the build really starts: a build refused at once (a read-only folder, no usable
    # documents) is then reported in the one error line, not announced first.
    announce = printable(f"qa: building index for {corpus} ({why})")
    with _BuildProgress(enabled=not quiet, announce=announce) as progress:
        engine = Engine.open(corpus, index, model=args.model, progress=progress, rebuild=rebuild)
    if engine.rebuilt_because and not quiet:
        for warning in engine.warnings:
            print(f"qa: warning: {printable(warning)}", file=sys.stderr)
    return engine


class _BuildProgress:
    """A rich progress bar on stderr, shown only once a build actually starts."""

    _LABELS: ClassVar[dict[str, str]] = {
        "splitting": "Reading documents",
        "embedding": "Embedding passages",
        "indexing": "Building search indexes",
        "saving": "Saving index",
    }

    def __init__(self, enabled: bool, announce: str = "") -> None:
        self.enabled = enabled
        self.announce = announce
        self._progress = None
        self._tasks: dict[str, int] = {}

    def __enter__(self) -> _BuildProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled or stage not in self._LABELS:
            if stage == "waiting" and self.enabled:
                print("qa: another build of this index is running; waiting for it", file=sys.stderr)
            return
        if self._progress is None:
            if self.announce:
                print(self.announce, file=sys.stderr)
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=False,
            )
            self._progress.start()
        if stage not in self._tasks:
            self._tasks[stage] = self._progress.add_task(self._LABELS[stage], total=max(total, 1))
        self._progress.update(self._tasks[stage], completed=done, total=max(total, 1))


# --------------------------------------------------------------------------- ask


def _ask(args: argparse.Namespace) -> int:
    if args.top_k < 1:
        raise CliError("--top-k must be at least 1")
    if args.json and args.markdown:
        raise CliError("give either --json or --markdown, not both")
    if args.jsonl is not None:
        if args.question:
            raise CliError("give either a question or --jsonl, not both")
        if args.markdown:
            raise CliError("--jsonl prints JSON; --markdown is for one question")
        return _ask_jsonl(args)
    if args.question is None:
        raise CliError('no question given (qa ask "QUESTION")')
    from qa.engine import clean_question

    clean_question(args.question)  # reject an empty question before loading anything
    engine = _open_engine(args, quiet=False)
    answer = engine.ask(args.question, k=args.top_k, retriever=args.retriever, doc_id=args.doc)
    if args.json:
        from qa.render import answer_to_dict

        _print_json(answer_to_dict(answer), sys.stdout)
    elif args.markdown:
        from qa.render import answer_to_markdown

        sys.stdout.write(answer_to_markdown(answer))
    else:
        from qa.cli_view import print_answer

        print_answer(answer, explain=args.explain)
    return 0


def _ask_jsonl(args: argparse.Namespace) -> int:
    from qa.engine import QuestionError
    from qa.render import answer_to_dict

    # Lines are read as bytes and decoded one by one, so a line that is not UTF-8 costs that
    # line (its bad bytes become U+FFFD, with a notice), not the whole run.
    source: BinaryIO
    if args.jsonl == "-":
        source = sys.stdin.buffer
    else:
        try:
            source = open(args.jsonl, "rb")  # noqa: SIM115 - closed below
        except OSError as exc:
            raise CliError(f"cannot read {args.jsonl}: {exc.strerror or exc}") from exc
    engine = _open_engine(args, quiet=False)
    failures = 0
    try:
        for line_no, qid, question in _questions(source):
            record: dict
            try:
                answer = engine.ask(question, k=args.top_k, retriever=args.retriever, doc_id=args.doc)
                record = answer_to_dict(answer)
            except (QuestionError, UnicodeError) as exc:
                failures += 1
                record = {"question": _SURROGATES.sub("\ufffd", question), "error": str(exc), "line": line_no}
            if qid is not None:
                record = {"id": qid, **record}
            _print_json(record, sys.stdout)
            sys.stdout.flush()
    except OSError as exc:
        raise CliError(f"cannot read {args.jsonl}: {exc.strerror or exc}") from exc
    finally:
        if source is not sys.stdin.buffer:
            source.close()
    return EXIT_ERROR if failures else 0


_SURROGATES = re.compile(r"[\ud800-\udfff]")
#: Characters JSON may carry raw but a terminal would act on (C1 controls, bidi overrides,
#: lone surrogates). ``json.dumps`` escapes only C0; these are escaped too, so the output is
#: the same JSON value and no byte of it can steer the terminal it is printed on.
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb\ud800-\udfff]")


def _questions(source: BinaryIO) -> Iterator[tuple[int, object, str]]:
    """Lines of plain text, or JSON objects with "question" (and optionally "id")."""
    for n, raw in enumerate(source, 1):
        text = raw.decode("utf-8", "surrogateescape").strip()
        if not text:
            continue
        if text.startswith("{"):
            try:
                obj = json.loads(text)
            except (json.JSONDecodeError, RecursionError):
                obj = None
            if isinstance(obj, dict) and isinstance(obj.get("question"), str):
                yield n, obj.get("id"), obj["question"]
                continue
        yield n, None, text


def _print_json(obj: dict, out: TextIO) -> None:
    utf8 = (getattr(out, "encoding", None) or "utf-8").lower().replace("-", "").replace("_", "") == "utf8"
    text = json.dumps(obj, ensure_ascii=not utf8)  # \u escapes where the output cannot hold the text
    out.write(_JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n")


# --------------------------------------------------------------------------- index


def _index(args: argparse.Namespace) -> int:
    from qa.engine import index_status

    corpus, index = _paths(args)
    if args.status:
        from qa.cli_view import print_status

        print_status(index_status(corpus, index, model=args.model))
        return 0
    status = index_status(corpus, index, model=args.model)
    if not status.stale and not args.rebuild:
        print(f"Index is up to date: {status.documents} documents, {status.passages} passages ({index})")
        return 0
    started = time.perf_counter()
    engine = _open_engine(args, quiet=False)
    took = time.perf_counter() - started
    reused = engine.manifest["counts"].get("reused_vectors", 0)
    print(
        f"Indexed {len(engine.documents)} documents, {engine.passage_count} passages in {took:.1f} s"
        f" ({reused} embeddings reused; model {engine.manifest['settings']['model']}) → {index}"
    )
    return 0
