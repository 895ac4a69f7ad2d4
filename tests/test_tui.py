"""Pilot tests of the chat, driving the real app on the real engine (model, FAISS, BM25).

The session's engine (``tests/conftest.py``) is handed to the app, so the model loads once;
the config folder (history, theme) is a temporary one in every test.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from textual.content import Content
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, Label, Static

from qa.documents import CONTROL_RE
from qa.engine import Engine
from tests.conftest import CORPUS
from tui.app import ChatApp
from tui.screens.reader import ReaderScreen
from tui.turns import Turn, TurnState
from tui.widgets.question_prompt import QuestionPrompt
from tui.widgets.source_card import SourceCard
from tui.widgets.status_header import LoadProgress, StatusHeader
from tui.widgets.turn_view import TurnView

pytestmark = pytest.mark.anyio  # async tests run on asyncio (anyio's pytest plugin)

TROOPS = "How many Russian troops are in Armenia?"
WORLD_CUP = "Which team won the 2022 FIFA World Cup?"
SIZE = (100, 30)


def make_app(engine: Engine | None, config_dir: Path, corpus: Path = CORPUS, **kwargs: object) -> ChatApp:
    return ChatApp(corpus, engine=engine, config_dir=config_dir, show_timings=False, **kwargs)  # type: ignore[arg-type]


async def wait_until(pilot: Pilot, condition, timeout: float = 120.0) -> None:
    """Let the app run until ``condition()`` holds (answers come from a worker thread)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the app")
        await pilot.pause(0.05)
    await pilot.pause()


async def ready(pilot: Pilot) -> None:
    app = pilot.app
    await wait_until(pilot, lambda: app.engine is not None and "ready" in text_of(app.query_one("#state", Label)))
    app.query_one(QuestionPrompt).cursor_blink = False


async def ask(pilot: Pilot, question: str, *, typed: bool = False) -> Turn:
    """Put a question in the prompt (key by key if ``typed``), press Enter, wait for the answer."""
    app = pilot.app
    assert isinstance(app, ChatApp)
    before = len(app.turns)
    if typed:
        await pilot.press(*question)
    else:
        app.query_one(QuestionPrompt).value = question
    await pilot.press("enter")
    await wait_until(pilot, lambda: len(app.turns) > before and app.turns[-1].state.settled)
    return app.turns[-1]


def text_of(widget: Static) -> str:
    content = widget.content
    return content.plain if isinstance(content, Content) else str(content)


def screen_text(app: ChatApp) -> str:
    """Everything the current screen's labels and statics say (the plain text, no styles)."""
    return "\n".join(text_of(w) for w in app.screen.query(Static))


# --------------------------------------------------------------------------- first screen


async def test_first_screen_header_and_focus(engine, tmp_path):
    app = make_app(engine, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        header = app.query_one(StatusHeader)
        header_text = " ".join(text_of(label) for label in header.query(Label))
        assert "corpus" in header_text
        assert "5 documents" in header_text
        assert f"{engine.passage_count} passages" in header_text
        assert "ready" in header_text
        assert isinstance(app.focused, QuestionPrompt)
        assert not app.query_one(LoadProgress).display
        assert "What lies behind the declining relationship" in text_of(app.query_one("#welcome", Static))


# --------------------------------------------------------------------------- asking


async def test_ask_shows_quote_with_citation_and_highlighted_source(engine, tmp_path):
    app = make_app(engine, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        turn = await ask(pilot, TROOPS, typed=True)
        assert turn.state is TurnState.ANSWERED
        assert turn.answer is not None
        quote = turn.answer.quotes[0]
        assert "10,000 Russian troops" in quote.text
        view = app.query_one(f"#turn-{turn.id}", TurnView)
        shown = text_of(view.query_one(".quote", Static))
        assert "10,000 Russian troops" in shown
        assert shown.endswith(f"[{quote.citation}]") and quote.citation == 1
        cards = list(view.query(SourceCard))
        assert len(cards) == len(turn.answer.hits) == 5
        cited = cards[0]
        assert cited.has_class("-cited")
        citation = " ".join(text_of(label) for label in cited.query(".citation-row Label"))
        assert citation.startswith("[1] What lies behind the declining relationship")
        assert "¶" in citation
        # The quoted sentence is highlighted inside its passage (a styled span over it).
        passage = cited.query_one(".passage", Static).content
        assert isinstance(passage, Content)
        highlighted = "".join(passage.plain[s.start : s.end] for s in passage.spans if s.style)
        assert "10,000 Russian troops" in highlighted
        assert isinstance(app.focused, QuestionPrompt)  # ready for the next question


async def test_abstains_plainly_with_related_reading(engine, tmp_path):
    app = make_app(engine, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        turn = await ask(pilot, WORLD_CUP)
        assert turn.state is TurnState.NOT_FOUND
        view = app.query_one(f"#turn-{turn.id}", TurnView)
        assert text_of(view.query_one(".not-found", Label)) == "Not found in the corpus."
        assert text_of(view.query_one(".section", Label)) == "Related reading — not an answer"
        notices = [text_of(n) for n in view.query(".notice").results(Label)]
        assert notices == ["Note: the documents never mention “FIFA World Cup”"]  # why it is not found
        assert not view.query(".quote")
        cards = list(view.query(SourceCard))
        assert cards and all(c.has_class("-related") and not c.has_class("-cited") for c in cards)


async def test_related_reading_opens_at_its_closest_sentence(engine, tmp_path):
    """Two lines of a related passage from its start often say nothing about the question; they
    start at the sentence the answer step read closest ("… According to Armenian sources …"),
    in bold, and the whole passage shows when the card is focused."""
    app = make_app(engine, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        turn = await ask(pilot, "How many Azerbaijani soldiers died in the September offensive?")
        assert turn.state is TurnState.NOT_FOUND and turn.answer is not None
        closest = {q.citation: q for q in turn.answer.closest}
        assert sorted(closest) == [h.rank for h in turn.answer.hits]
        view = app.query_one(f"#turn-{turn.id}", TurnView)
        cards = list(view.query(SourceCard))
        for card in cards:
            near, p = closest[card.hit.rank], card.hit.passage
            assert card.has_class("-previewed")
            preview = card.query_one(".preview", Static)
            shown = text_of(preview)
            assert shown.startswith("… " if near.start > p.start else near.text[:20])
            content = preview.content
            assert isinstance(content, Content)
            bold = "".join(content.plain[s.start : s.end] for s in content.spans if s.style)
            assert " ".join(bold.split()) == " ".join(near.text.split())
            assert preview.display and not card.query_one(".passage", Static).display
        first = cards[0]
        first.focus()
        await pilot.pause()
        assert not first.query_one(".preview", Static).display and first.query_one(".passage", Static).display
        assert text_of(first.query_one(".passage", Static)).startswith(first.hit.passage.text[:20])


async def test_new_question_cancels_a_stale_one(engine, tmp_path):
    app = make_app(engine, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        first = await app.ask("Why did Armenia skip the CSTO summit?")
        second = await app.ask(TROOPS)
        await wait_until(pilot, lambda: second.state.settled)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert first.state is TurnState.CANCELLED
        assert second.state is TurnState.ANSWERED
        assert "newer question" in screen_text(app)


async def test_question_asked_while_loading_is_answered_when_ready(encoder, corpus_copy, tmp_path):
    """A fresh index is built in a worker (a real build, with progress); the prompt works meanwhile.

    The build is held until the question is in, so the test does not race the build.
    """
    for name in ("decline-and-demise-of-armenian-russian-relationship.txt", "rcds-armenia-anti-russian-turn.txt"):
        (corpus_copy / name).unlink()  # a smaller corpus builds faster; the answer is in what is left
    asked = threading.Event()
    stages: list[str] = []

    def open_engine(progress):
        asked.wait(timeout=60)

        def record(stage: str, done: int, total: int) -> None:
            stages.append(stage)
            progress(stage, done, total)

        return Engine.open(corpus_copy, tmp_path / "index", encoder=encoder, progress=record)

    app = make_app(None, tmp_path / "config", corpus=corpus_copy, index=tmp_path / "index", open_engine=open_engine)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.query_one(LoadProgress).display)
        assert app.engine is None
        assert "not built yet" in text_of(app.query_one("#facts", Label))
        assert "loading model" in text_of(app.query_one("#state", Label))
        assert text_of(app.query_one("#stage", Label)) == "Loading the embedding model"
        await pilot.press(*TROOPS, "enter")
        await pilot.pause()
        turn = app.turns[-1]
        assert turn.state is TurnState.WAITING
        assert "Waiting for the index" in screen_text(app)
        asked.set()
        await wait_until(pilot, lambda: turn.state.settled)
        assert turn.state is TurnState.ANSWERED
        assert "embedding" in stages
        assert not app.query_one(LoadProgress).display
        assert "ready" in text_of(app.query_one("#state", Label))


async def test_engine_failure_is_a_notification_not_a_crash(tmp_path):
    def open_engine(progress):
        raise OSError("disk on fire \x1b[31m[bold]")

    app = make_app(None, tmp_path, open_engine=open_engine)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*TROOPS, "enter")
        await wait_until(pilot, lambda: app.turns and app.turns[-1].state.settled)
        assert app.turns[-1].state is TurnState.FAILED
        messages = [n.message for n in app._notifications]
        assert any("disk on fire" in m and "\x1b" not in m for m in messages)
        assert "not available" in text_of(app.query_one("#state", Label))


async def test_unknown_document_restriction_fails_softly(engine, tmp_path):
    app = make_app(engine, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.restrict_to("no-such-file.txt")
        turn = await ask(pilot, TROOPS)
        assert turn.state is TurnState.FAILED
        assert "no-such-file.txt" in turn.error
        assert app.is_running


# --------------------------------------------------------------------------- sources and the reader


async def test_open_source_in_reader_and_return(engine, tmp_path):
    app = make_app(engine, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        turn = await ask(pilot, TROOPS)
        await pilot.press("tab")
        card = app.focused
        assert isinstance(card, SourceCard) and card.hit.rank == 1
        await pilot.press("down")
        assert isinstance(app.focused, SourceCard) and app.focused.hit.rank == 2
        await pilot.press("up")
        assert app.focused is card
        transcript = app.query_one("#transcript")
        scrolled = transcript.scroll_y
        await pilot.press("enter")
        await pilot.pause()
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        await wait_until(pilot, lambda: reader.query_one("#reader-body").scroll_y > 0)
        # The quoted sentence's block is in view and highlighted (the passage's first block, or a
        # later one when the passage is longer than the screen); the whole document is there.
        body = reader.query_one("#reader-body")
        reader.query_one("#passage", Static)
        quote_blocks = reader.query("#quote")
        block = quote_blocks.first(Static) if quote_blocks else reader.query_one("#passage", Static)
        assert body.scrollable_content_region.overlaps(block.region)
        document = engine.document(card.hit.passage.doc_id)
        shown = "".join(text_of(b) for b in reader.query(".block"))
        assert shown.replace("\n", "") == "".join(document.text.split("\n"))
        content = block.content
        assert isinstance(content, Content)
        assert any("10,000 Russian troops" in content.plain[s.start : s.end] for s in content.spans)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ReaderScreen)
        assert app.focused is card
        assert transcript.scroll_y == scrolled
        assert turn.state is TurnState.ANSWERED


async def test_click_on_source_opens_reader(engine, tmp_path):
    app = make_app(engine, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await ask(pilot, TROOPS)
        card = app.query(SourceCard).first()
        await pilot.click(card.query_one(".passage"))
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.hit is card.hit
        await pilot.press("escape")


# --------------------------------------------------------------------------- copy, export, history


async def test_copy_answer_and_single_source(engine, tmp_path):
    app = make_app(engine, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+y")
        assert app.clipboard == ""  # nothing to copy yet (a warning, not an error)
        turn = await ask(pilot, TROOPS)
        await pilot.press("ctrl+y")
        copied = app.clipboard
        assert copied.startswith(f"**Q:** {TROOPS}")
        # Quoted with its lead-in, which names "the country" (AnswerSettings.lead_ins).
        assert "> Despite Armenia’s critical rhetoric towards Moscow" in copied
        assert "The country is currently hosting around 10,000 Russian troops" in copied
        assert copied.count("[1]") >= 2  # the marker after the quote and the citation line
        assert "What lies behind the declining relationship between Armenia and Russia" in copied
        await pilot.press("tab", "down", "c")
        second = turn.answer.hits[1]
        assert app.clipboard.startswith("> ")
        assert f"[2] {second.meta.title}" in app.clipboard
        # And from the reader.
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("escape")
        app.copy_to_clipboard("")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("c")
        assert f"[2] {second.meta.title}" in app.clipboard


async def test_history_up_down_and_persisted(engine, tmp_path):
    (tmp_path / "history.jsonl").write_text(
        "".join(json.dumps(q) + "\n" for q in ["Who is Armen Grigoryan?", "Why did Armenia skip the CSTO summit?"])
    )
    app = make_app(engine, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        prompt = app.query_one(QuestionPrompt)
        await pilot.press(*"draft")
        await pilot.press("up")
        assert prompt.value == "Why did Armenia skip the CSTO summit?"
        await pilot.press("up")
        assert prompt.value == "Who is Armen Grigoryan?"
        await pilot.press("up")  # the oldest stays
        assert prompt.value == "Who is Armen Grigoryan?"
        await pilot.press("down", "down")
        assert prompt.value == "draft"
        await pilot.press("ctrl+u")
        await ask(pilot, TROOPS)
        assert prompt.value == ""
        await pilot.press("up")
        assert prompt.value == TROOPS
    lines = (tmp_path / "history.jsonl").read_text().splitlines()
    assert json.loads(lines[-1]) == TROOPS


async def test_export_transcript_to_markdown(engine, tmp_path):
    app = make_app(engine, tmp_path)
    target = tmp_path / "out" / "chat.md"
    target.parent.mkdir()
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await ask(pilot, TROOPS)
        await ask(pilot, WORLD_CUP)
        await pilot.press("ctrl+s")
        await pilot.pause()
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await pilot.pause()
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# qa transcript — corpus")
    assert f"**Q:** {TROOPS}" in text and f"**Q:** {WORLD_CUP}" in text
    assert "10,000 Russian troops" in text
    assert "_Not found in the corpus: the documents never mention “FIFA World Cup”._" in text


async def test_export_to_bad_path_is_a_notification(engine, tmp_path):
    app = make_app(engine, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await ask(pilot, WORLD_CUP)
        await pilot.press("ctrl+s")
        await pilot.pause()
        app.screen.query_one(Input).value = str(tmp_path / "missing" / "x.md")
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running
        assert any("Cannot write" in n.message for n in app._notifications)


async def export_dialog(pilot: Pilot, app: ChatApp) -> Screen:
    """Ask a question that is answered, then open the export dialog (Ctrl+S)."""
    await ready(pilot)
    await ask(pilot, TROOPS)
    await pilot.press("ctrl+s")
    await pilot.pause()
    return app.screen


async def test_export_never_overwrites_a_file_it_adds_to_it_after_asking(engine, tmp_path):
    """A path naming an existing file (the user's notes) is not taken at the first Enter; the
    second adds the transcript at its end, keeping every byte that was there."""
    notes = tmp_path / "notes.md"
    notes.write_text("# My notes\n\nA thought of my own.\n", encoding="utf-8")
    app = make_app(engine, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await export_dialog(pilot, app)
        dialog.query_one(Input).value = str(notes)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog, "the first Enter only warns"
        assert "notes.md exists: Enter again adds the transcript at its end" in str(
            dialog.query_one("#export-hint", Label).render()
        )
        assert notes.read_text(encoding="utf-8") == "# My notes\n\nA thought of my own.\n"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is not dialog
        assert any("Transcript added to" in n.message for n in app._notifications)
    text = notes.read_text(encoding="utf-8")
    assert text.startswith("# My notes\n\nA thought of my own.\n\n# qa transcript — corpus")
    assert "10,000 Russian troops" in text
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".notes.md")] == []  # no temporary left


async def test_export_dialog_warns_afresh_for_another_path_and_refuses_a_folder(engine, tmp_path):
    (tmp_path / "a.md").write_text("a\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("b\n", encoding="utf-8")
    app = make_app(engine, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        dialog = await export_dialog(pilot, app)
        field = dialog.query_one(Input)
        field.value = str(tmp_path / "a.md")
        await pilot.press("enter")
        field.value = str(tmp_path / "b.md")  # agreeing to add to a.md is not agreeing to b.md
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog
        field.value = str(tmp_path)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog and "is a folder" in str(dialog.query_one("#export-hint", Label).render())
    assert (tmp_path / "a.md").read_text() == "a\n" and (tmp_path / "b.md").read_text() == "b\n"


async def test_export_to_a_file_that_is_not_text_leaves_it_untouched(engine, tmp_path):
    target = tmp_path / "binary.md"
    target.write_bytes(b"\xff\xfe\x00binary")
    app = make_app(engine, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await export_dialog(pilot, app)
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert app.is_running
        assert any("not UTF-8 text" in n.message for n in app._notifications)
    assert target.read_bytes() == b"\xff\xfe\x00binary"


# --------------------------------------------------------------------------- settings and the palette


async def palette(pilot: Pilot, *steps: str) -> None:
    """Open the command palette and pick, in turn, the entries matching ``steps``."""
    await pilot.press("ctrl+p")
    for step in steps:
        await pilot.pause(0.1)
        pilot.app.screen.query_one(Input).value = step
        await pilot.pause(0.3)  # the palette searches asynchronously
        await pilot.press("enter")
    await pilot.pause(0.1)


async def test_palette_sets_k_restricts_to_a_document_and_clears(engine, tmp_path):
    app = make_app(engine, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await palette(pilot, "number of passages", "3 passages")
        assert app.k == 3
        await palette(pilot, "restrict to one", "New Directions")
        assert app.doc_id == "new-directions-in-armenian-foreign-policy.txt"
        assert "only: New Directions" in text_of(app.query_one("#settings", Label))
        turn = await ask(pilot, "What does Armenia want from the West?")
        assert turn.answer is not None and len(turn.answer.hits) <= 3
        assert {h.passage.doc_id for h in turn.answer.hits} == {app.doc_id}
        await palette(pilot, "clear document restriction")
        assert app.doc_id is None
        await palette(pilot, "toggle explain")
        assert app.explain and app.has_class("-explain")
        await palette(pilot, "clear transcript")
        assert not app.turns and not app.query(TurnView)
        assert app.query_one("#welcome").display


async def test_rebuild_index_from_the_palette(encoder, corpus_copy, tmp_path):
    for name in ("decline-and-demise-of-armenian-russian-relationship.txt", "rcds-armenia-anti-russian-turn.txt"):
        (corpus_copy / name).unlink()
    small = Engine.open(corpus_copy, tmp_path / "index", encoder=encoder)
    before = small.manifest  # built_at has one-second resolution: a reusing rebuild can share it
    app = make_app(small, tmp_path / "config", corpus=corpus_copy)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await palette(pilot, "rebuild index")
        turn = await ask(pilot, TROOPS)  # from the old index or the new one: never blocked
        assert turn.state is TurnState.ANSWERED
        await wait_until(pilot, lambda: any(n.message == "Index rebuilt." for n in app._notifications))
        assert "ready" in text_of(app.query_one("#state", Label))
        assert small.rebuilt_because and small.manifest is not before
        assert not app.query_one(LoadProgress).display


async def test_explain_shows_scores(engine, tmp_path):
    app = make_app(engine, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        turn = await ask(pilot, TROOPS)
        scores = app.query_one(SourceCard).query_one(".scores", Label)
        assert not scores.display
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert scores.display
        hit = turn.answer.hits[0]
        assert text_of(scores) == f"fused {hit.score:.3f} · dense {hit.dense_score:.3f} · BM25 {hit.bm25_score:.3f}"


async def test_theme_switch_is_remembered(engine, tmp_path):
    app = make_app(engine, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.theme = "ansi-dark"
        await pilot.pause()
    again = make_app(engine, tmp_path)
    async with again.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert again.theme == "ansi-dark"


# --------------------------------------------------------------------------- untrusted text

HOSTILE = (
    "Hostile [@click=app.quit]Document[/] \x1b]0;pwned\x07[bold] [/ x\n\n"
    "The treaty of [bold]Kars[/bold] was signed in 1921 and it set the border between Turkey and Armenia.\x1b[31m "
    "A second sentence keeps [link=https://evil.example]the link[/link] and a stray [/ tag as plain text. "
    "The \x1b]8;;https://evil.example\x1b\\hyperlink\x1b]8;;\x1b\\ escape and a bell\x07 never reach the terminal.\n\n"
    "Another paragraph talks about something else entirely, with [red]colour[/red] markup in it.\n"
)


@pytest.fixture
def hostile_engine(encoder, tmp_path):
    corpus = tmp_path / "hostile"
    corpus.mkdir()
    (corpus / "hostile[bold].txt").write_text(HOSTILE, encoding="utf-8")
    (corpus / "plain.txt").write_text(
        "A Plain Document\n\nArmenia and Turkey have no diplomatic relations. The border has been closed since 1993.\n",
        encoding="utf-8",
    )
    return Engine.open(corpus, tmp_path / "index", encoder=encoder)


async def test_markup_and_escape_sequences_are_shown_literally_and_safely(hostile_engine, tmp_path):
    app = make_app(hostile_engine, tmp_path / "config", corpus=hostile_engine.corpus_root)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        turn = await ask(pilot, "When was the treaty of [bold]Kars[/bold] signed?")
        assert turn.state is TurnState.ANSWERED
        text = screen_text(app)
        assert "treaty of [bold]Kars[/bold]" in text  # in the question, the quote and the passage
        assert "When was the treaty of [bold]Kars[/bold] signed?" in text
        assert not CONTROL_RE.search(text)
        card = next(c for c in app.query(SourceCard) if c.hit.passage.doc_id == "hostile[bold].txt")
        card.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        reader_text = screen_text(app)
        assert "[link=https://evil.example]the link[/link]" in reader_text
        assert "a stray [/ tag" in reader_text
        assert "[red]colour[/red]" in reader_text
        assert "hostile[bold].txt" in reader_text
        assert not CONTROL_RE.search(reader_text)
        assert "pwned" not in reader_text and "pwned" not in text  # the OSC title sequence is gone whole
        assert "\x1b" not in app.export_screenshot()
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running
        # Titles in the palette are plain text too (Textual's own lists would parse them).
        await palette(pilot, "restrict to one", "Hostile")
        assert app.doc_id == "hostile[bold].txt"
        assert app.is_running
        assert "only: Hostile [@click=app.quit]Do…" in text_of(app.query_one("#settings", Label))


# --------------------------------------------------------------------------- the command line


def _run_tui(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], capture_output=True, text=True, timeout=60, cwd=Path(__file__).parent
    )


def test_bad_options_give_one_line_and_nonzero_exit(tmp_path):
    missing = _run_tui("--corpus", str(tmp_path / "nope"))
    assert missing.returncode == 1
    assert missing.stderr.strip().splitlines() == [f"qa chat: error: corpus folder not found: {tmp_path / 'nope'}"]
    unknown = _run_tui("--colour", "red")
    assert unknown.returncode == 2
    assert len(unknown.stderr.strip().splitlines()) == 1 and "unrecognized arguments" in unknown.stderr
    (tmp_path / "file").write_text("x")
    not_dir = _run_tui("--corpus", str(tmp_path), "--index", str(tmp_path / "file"))
    assert not_dir.returncode == 1 and "index is not a folder" in not_dir.stderr


def test_tui_import_does_not_load_the_heavy_libraries():
    """The first screen must not wait for torch, sentence-transformers, faiss or numpy."""
    code = (
        "import sys, tui.app, tui.__main__; "
        "print(sorted(m for m in ('torch', 'sentence_transformers', 'faiss', 'numpy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.strip() == "[]"
