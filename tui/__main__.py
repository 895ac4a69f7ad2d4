"""``python -m tui [--corpus DIR] [--index DIR] [--model NAME]``: the chat (what ``qa`` runs).

Options mirror the ``qa`` command line; bad ones end in one line on stderr and exit status 2
(1 for a corpus that cannot be used), before any screen is drawn.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import threading
from pathlib import Path

EXIT_ERROR = 1
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, not argparse's usage block
        print(f"qa chat: error: {message}", file=sys.stderr)
        sys.exit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="qa chat", description="Ask a document collection questions; answers are quoted from it.")
    parser.add_argument("--corpus", metavar="DIR", help="folder of .txt/.md documents (default: the shipped corpus)")
    parser.add_argument("--index", metavar="DIR", help="index folder (default: index/<corpus name>-<hash>)")
    parser.add_argument("--model", metavar="NAME", help="sentence-transformers model name or folder (env QA_MODEL)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.corpus and args.index:  # as ``qa`` passes them: no need to import the engine (numpy) yet
        corpus, index = Path(args.corpus), Path(args.index)
    else:
        from qa.defaults import DEFAULT_CORPUS, default_index_dir

        corpus = Path(args.corpus) if args.corpus else DEFAULT_CORPUS
        index = Path(args.index) if args.index else default_index_dir(corpus)
    if not corpus.is_dir():
        what = "corpus folder not found" if not corpus.exists() else "corpus is not a folder"
        print(f"qa chat: error: {what}: {corpus}", file=sys.stderr)
        return EXIT_ERROR
    if index.exists() and not index.is_dir():
        print(f"qa chat: error: index is not a folder: {index}", file=sys.stderr)
        return EXIT_ERROR
    model = args.model or os.environ.get("QA_MODEL") or None  # None: the engine's default

    from tui.app import ChatApp

    app = ChatApp(corpus, index, model)
    # Our own loop: ``asyncio.run`` would wait, on the way out, for a worker thread still
    # loading the model or building the index — quitting would then take as long as that.
    loop = asyncio.new_event_loop()
    app.run(loop=loop)
    code = app.return_code or 0
    if _busy_threads():
        # A build is atomic (a new generation replaces the old one only at its end) and its
        # lock is released by the kernel, so stopping it here leaves the previous index intact.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    loop.close()
    return code


def _busy_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t is not threading.main_thread() and t.is_alive() and not t.daemon]


if __name__ == "__main__":
    sys.exit(main())
