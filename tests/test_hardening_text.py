"""Untrusted document text (issue 6, §4): shown literally, never obeyed by the terminal.

Documents full of Rich/Textual markup, ANSI and OSC escape sequences (an OSC 52 clipboard
write, screen clears, a window title, hyperlinks), bidi overrides and a 100,000-character
line. Checked on the raw bytes ``qa`` writes (plain and coloured), on every JSON line, and on
the segments the chat renders — and the offsets still index the file exactly.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from qa.documents import CONTROL_RE, load_corpus
from qa.engine import Engine
from qa.passages import make_passages

from .conftest import ROOT
from .hardening_support import assert_exact_on_disk, assert_json_lines, assert_sound_answer, survived, terminal_controls

QA = [sys.executable, "-m", "qa"]

MARKUP_DOC = (
    "Markup [bold]everywhere[/bold] in this [link=https://evil.example]document[/link] title\n\n"
    "The treaty of [bold]Kars[/bold] was signed in 1921 and fixed the border between Turkey and Armenia. "
    "Clicking [@click=app.quit]here[/] or [@click=app.bell]there[/] must do nothing at all. "
    "A stray closing tag [/ and an opening [red on a line are just text. "
    "Rich emoji codes :smiley: and :warning: stay as written.\n\n"
    "Another paragraph mentions [b]bold[/b], [i]italic[/i] and [reverse]reversed[/reverse] words.\n"
)
ESCAPE_DOC = (
    "Escape sequences\x1b]0;pwned title\x07 in the heading line of the file\n\n"
    "The clipboard \x1b]52;c;cm0gLXJmIH4vKg==\x07write hides in the middle of this sentence about the ferry to Burgas. "
    "The screen clear\x1b[2J\x1b[H and cursor\x1b[10;10H moves, a \x1b[31mred\x1b[0m word and a bell\x07 follow. "
    "An 8-bit CSI\x9b2J, a DCS\x1bP1;2|x\x1b\\ string and a \x1b]8;;https://evil.example\x1b\\hyperlink\x1b]8;;\x1b\\ "
    "are all in this sentence too.\n\n"
    "Bidi overrides \u202egnitirwer\u202c and isolates \u2066right\u2069 surround the word lighthouse here. "
    "A byte order mark\ufeff sits inside this line about the lighthouse keeper of Sable Island.\n"
)
LONG_LINE_DOC = " ".join(
    f"Sentence {i} of the very long line talks about the salt marshes near Pomorie and their birds."
    for i in range(1100)
)  # ~100,000 characters, no newline at all
LONG_WORD_DOC = (  # a 100,000-character word: no newline, no space
    "Header sentence of the long word file is right here.\n\nThe long word follows right here: " + "x" * 100_000 + ".\n"
)

QUESTIONS = [
    "When was the treaty of Kars signed?",
    "What hides in the sentence about the ferry to Burgas?",
    "Who kept the lighthouse on Sable Island?",
    "What do the salt marshes near Pomorie have?",
    "[bold]What[/bold] does clicking do?",
]
#: What a coloured ``qa`` may write: rich's own colour (SGR) sequences, nothing else.
SGR = re.compile(rb"\x1b\[[0-9;]*m")


@pytest.fixture(scope="module")
def hostile_corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile-text") / "corpus"
    root.mkdir()
    (root / "markup.md").write_text(MARKUP_DOC, encoding="utf-8")
    (root / "escapes.txt").write_text(ESCAPE_DOC, encoding="utf-8")
    (root / "long-line.txt").write_text(LONG_LINE_DOC, encoding="utf-8")
    (root / "long-word.txt").write_text(LONG_WORD_DOC, encoding="utf-8")
    (root / "crlf.txt").write_bytes(
        b"Windows line ends\r\n\r\nThe mill at Lovech burned in the winter of 1904.\r\nIt was rebuilt in stone.\r\n"
    )
    return root


@pytest.fixture(scope="module")
def hostile_engine(hostile_corpus, encoder, tmp_path_factory) -> Engine:
    return Engine.open(hostile_corpus, tmp_path_factory.mktemp("hostile-text-index"), encoder=encoder)


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess[bytes]:
    full = {**os.environ, "HF_HUB_OFFLINE": "1", "QA_DEBUG": "", **(env or {})}
    return subprocess.run([*QA, *args], capture_output=True, timeout=300, cwd=ROOT, env=full)


# --------------------------------------------------------------------------- ingest


def test_passages_never_span_a_control_sequence_and_offsets_stay_exact(hostile_corpus):
    corpus = load_corpus(hostile_corpus)
    assert sorted(d.doc_id for d in corpus.documents) == [
        "crlf.txt",
        "escapes.txt",
        "long-line.txt",
        "long-word.txt",
        "markup.md",
    ]
    for doc in corpus.documents:
        with open(hostile_corpus / doc.doc_id, encoding="utf-8") as fh:
            assert doc.text == fh.read()
        for p in make_passages(doc):
            assert doc.text[p.start : p.end] == p.text
            assert CONTROL_RE.search(p.text) is None
        survived("documents")
    escapes = next(d for d in corpus.documents if d.doc_id == "escapes.txt")
    body = " ".join(escapes.text[s.start : s.end] for s in escapes.spans)
    assert "pwned" not in body and "cm0gLXJmIH4vKg" not in body  # whole sequences, payloads too
    assert "write hides in the middle" in body and "lighthouse" in body
    assert escapes.meta.title == "Escape sequences in the heading line of the file"
    markup = next(d for d in corpus.documents if d.doc_id == "markup.md")
    assert (
        markup.meta.title == "Markup [bold]everywhere[/bold] in this [link=https://evil.example]document[/link] title"
    )


def test_engine_answers_from_hostile_text_soundly(hostile_engine, hostile_corpus):
    for question in QUESTIONS:
        answer = hostile_engine.ask(question)
        assert_sound_answer(hostile_engine, answer, hostile_corpus)
        survived("questions")
    kars = hostile_engine.ask("When was the treaty of Kars signed?")
    assert kars.answered and "treaty of [bold]Kars[/bold] was signed in 1921" in kars.quotes[0].text


# --------------------------------------------------------------------------- the command line


@pytest.fixture(scope="module")
def cli_args(hostile_engine, hostile_corpus) -> list[str]:
    return ["--corpus", str(hostile_corpus), "--index", str(hostile_engine.index_dir)]


def test_jsonl_is_valid_exact_and_free_of_control_bytes(cli_args, hostile_corpus, tmp_path):
    questions = tmp_path / "q.txt"
    questions.write_text("\n".join(QUESTIONS) + "\n", encoding="utf-8")
    result = run("ask", "--jsonl", str(questions), "-k", "8", *cli_args)
    assert result.returncode == 0, result.stderr
    records = assert_json_lines(result.stdout)
    assert len(records) == len(QUESTIONS)
    shown = set()
    for record in records:
        assert_exact_on_disk(record, hostile_corpus)
        for p in record["passages"]:
            assert CONTROL_RE.search(p["text"]) is None and CONTROL_RE.search(p["title"]) is None
            shown.add(p["doc_id"])
    assert {"markup.md", "escapes.txt", "long-line.txt"} <= shown
    survived("questions", len(records))


@pytest.mark.parametrize("colour", [False, True], ids=["plain", "coloured"])
def test_text_output_shows_markup_literally_and_no_escape_reaches_the_terminal(cli_args, colour):
    env = {"FORCE_COLOR": "1", "TTY_COMPATIBLE": "1", "COLUMNS": "100"} if colour else {"NO_COLOR": "1"}
    for question in QUESTIONS:
        result = run("ask", "--explain", "-k", "8", question, *cli_args, env=env)
        assert result.returncode == 0, result.stderr
        raw = result.stdout
        if colour:
            assert SGR.search(raw), "rich should colour its output here"
        assert terminal_controls(SGR.sub(b"", raw)) == [], question  # nothing but rich's own colours
        assert b"\x1b]" not in raw and b"\x1b[2J" not in raw and b"\xc2\x9b" not in raw
        survived("questions")
    kars = run("ask", "-k", "8", QUESTIONS[0], *cli_args, env=env).stdout
    plain = " ".join(SGR.sub(b"", kars).decode("utf-8").split())
    assert "The treaty of [bold]Kars[/bold] was signed in 1921" in plain
    clicks = " ".join(SGR.sub(b"", run("ask", "-k", "8", QUESTIONS[4], *cli_args, env=env).stdout).decode().split())
    assert "[@click=app.quit]here[/]" in clicks
    assert "[link=https://evil.example]document[/link]" in clicks


def test_a_100k_character_passage_prints_whole(cli_args, hostile_corpus):
    result = run("ask", "--json", "x" * 40, "--doc", "long-word.txt", *cli_args)
    (record,) = assert_json_lines(result.stdout)
    assert_exact_on_disk(record, hostile_corpus)
    assert any(len(p["text"]) > 100_000 for p in record["passages"])
    text = run("ask", "x" * 40, "--doc", "long-word.txt", *cli_args)
    assert text.returncode == 0 and terminal_controls(text.stdout) == []
    assert text.stdout.count(b"x") >= 100_000
    survived("questions", 2)


# --------------------------------------------------------------------------- the chat

#: What the chat may write to the terminal: cursor moves and colours (its own), nothing else.
TEXTUAL_OWN = re.compile(r"\x1b\[[0-9;]*[mHJKABCDG]|\x1b\[\?[0-9;]*[hl]")


def assert_screen_is_safe(app) -> str:
    """Every rendered segment is free of control sequences, and so is the raw terminal output
    once Textual's own cursor and colour sequences are set aside. Returns the screen text."""
    strips = app.screen._compositor.render_strips()
    lines = []
    for strip in strips:
        text = "".join(segment.text for segment in strip)
        assert CONTROL_RE.search(text) is None, repr(text)
        lines.append(text)
    raw = app.screen._compositor.render_full_update().render_segments(app.console)
    leftover = TEXTUAL_OWN.sub("", raw)
    assert CONTROL_RE.search(leftover) is None, repr(CONTROL_RE.search(leftover))
    return "\n".join(lines)


@pytest.mark.anyio
async def test_the_chat_renders_hostile_documents_literally(hostile_engine, tmp_path):
    from textual.widgets import Input

    from tests.test_tui import ask, make_app, palette, ready
    from tui.screens.reader import ReaderScreen
    from tui.widgets.source_card import SourceCard

    app = make_app(hostile_engine, tmp_path / "config", corpus=hostile_engine.corpus_root)
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        for question in QUESTIONS:
            turn = await ask(pilot, question)
            assert turn.answer is not None
            assert_screen_is_safe(app)
            survived("chat inputs")
        turn = await ask(pilot, QUESTIONS[0])
        screen = assert_screen_is_safe(app)
        assert "[bold]Kars[/bold]" in screen
        for card in app.query(SourceCard):  # open each source in the reader: whole documents
            card.focus()
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ReaderScreen)
            reader = assert_screen_is_safe(app)
            assert "pwned" not in reader
            await pilot.press("escape")
            await pilot.pause()
            survived("chat inputs")
        # The 100,000-character word, shown in a source card and in the reader.
        await palette(pilot, "restrict to one", "Header sentence of the long word")
        assert app.doc_id == "long-word.txt"
        app.action_focus_prompt()  # Esc from the reader left a source card focused
        started = time.monotonic()
        turn = await ask(pilot, "x" * 30)
        assert turn.answer is not None and any(len(h.passage.text) > 100_000 for h in turn.answer.hits)
        assert_screen_is_safe(app)
        card = next(c for c in app.query(SourceCard) if len(c.hit.passage.text) > 100_000)
        card.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert_screen_is_safe(app)
        assert time.monotonic() - started < 60
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running
        app.screen.query_one(Input)  # still the chat, still usable
        survived("chat inputs", 2)


@pytest.mark.anyio
async def test_the_chat_says_when_a_question_was_cut(hostile_engine, tmp_path):
    from tests.test_tui import ask, make_app, ready, screen_text

    app = make_app(hostile_engine, tmp_path / "config", corpus=hostile_engine.corpus_root)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        turn = await ask(pilot, "When was the treaty of Kars signed? " * 2800)  # ~100,000 characters
        assert turn.answer is not None
        text = screen_text(app)
        assert "Note: question cut to its first 2000 characters" in text
        assert "Note: question truncated to 256 tokens for the embedding model" in text
        assert "cut to its first 2000" in turn.markdown() or turn.answer.notices
        escapes = await ask(pilot, "\x1b]52;c;eA==\x07 Where \x1b[2Jis the ferry?\u202e")
        assert escapes.question == "Where is the ferry?"
        assert_screen_is_safe(app)
        survived("chat inputs", 2)


def test_reader_markdown_export_keeps_markup_literal(hostile_engine):
    from qa.render import answer_to_markdown

    md = answer_to_markdown(hostile_engine.ask(QUESTIONS[0]))
    assert "\\[bold\\]Kars\\[/bold\\]" in md
    assert CONTROL_RE.search(md) is None
    json.dumps(md)
    survived("questions")
