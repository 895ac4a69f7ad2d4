"""The chat: ask the corpus questions and get quoted answers with their sources.

A thin client of ``qa.engine``: opening the engine (model load, index build) and answering run
in thread workers that post messages back (``tui.events``), so the first screen paints at
once and the prompt is usable while the model loads. A question asked before the engine is
ready waits and is answered when it is; a new question cancels a stale one.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette, SimpleCommand
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import get_current_worker

from qa.files import write_atomically
from tui import user_config
from tui.errors import describe_error, reported
from tui.events import (
    AnswerFailed,
    AnswerReady,
    EngineFailed,
    EngineReady,
    IndexChecked,
    IndexProgress,
    IndexRebuilt,
    RebuildFailed,
)
from tui.history import QuestionHistory
from tui.palette import DocumentChoices
from tui.safe_text import plain, safe
from tui.screens.export_dialog import ExportDialog
from tui.screens.reader import ReaderScreen
from tui.turns import Turn, TurnState, transcript_markdown
from tui.widgets.question_prompt import QuestionPrompt
from tui.widgets.source_card import SourceCard
from tui.widgets.status_header import LoadProgress, StatusHeader
from tui.widgets.turn_view import TurnView

if TYPE_CHECKING:
    from qa.engine import Engine
    from qa.index import IndexStatus

#: Opens the engine, reporting ``progress(stage, done, total)``; called in a worker thread.
EngineOpener = Callable[..., "Engine"]
#: Choices offered by "Set number of passages".
PASSAGE_CHOICES = (1, 2, 3, 5, 8, 10, 15, 20)
DEFAULT_K = 5


class ChatApp(App[None]):
    """The chat. Give it a corpus (and index folder and model), or an already open ``engine``.

    ``open_engine(progress=…)`` replaces ``Engine.open`` (tests pass one that reuses a loaded
    encoder); it runs in a worker thread like the default.
    """

    TITLE = "qa"
    CSS_PATH = Path(__file__).with_name("chat.tcss")  # absolute: subclasses elsewhere find it too
    ENABLE_COMMAND_PALETTE = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+y", "copy_answer", "Copy answer"),
        Binding("ctrl+s", "export", "Export"),
        Binding("ctrl+t", "toggle_explain", "Explain"),
        Binding("ctrl+l", "clear_transcript", "Clear", show=False),
        Binding("pageup", "scroll_transcript(-1)", "Scroll up", show=False),
        Binding("pagedown", "scroll_transcript(1)", "Scroll down", show=False),
    ]

    def __init__(
        self,
        corpus: Path,
        index: Path | None = None,
        model: str | None = None,
        *,
        engine: Engine | None = None,
        open_engine: EngineOpener | None = None,
        config_dir: Path | None = None,
        show_timings: bool = True,
    ) -> None:
        super().__init__()
        self.corpus = Path(corpus)
        self.index = index
        self.model = model
        self.engine: Engine | None = engine
        self._given_engine = engine
        self._opener = open_engine
        self.config_dir = config_dir if config_dir is not None else user_config.config_dir()
        self.show_timings = show_timings
        self.turns: list[Turn] = []
        self.k = DEFAULT_K
        self.explain = False
        self.doc_id: str | None = None
        self._ids = itertools.count(1)
        self._rebuilding = False
        self._engine_error: str | None = None
        self.history = QuestionHistory(user_config.load_history(self.config_dir))
        self._settings = user_config.load_settings(self.config_dir)

    #: Actions that only make sense on the chat screen (hidden from the reader's footer).
    CHAT_ACTIONS: ClassVar[frozenset[str]] = frozenset(
        {"copy_answer", "export", "toggle_explain", "clear_transcript", "scroll_transcript"}
    )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action in self.CHAT_ACTIONS and self.screen is not self.screen_stack[0])

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield StatusHeader(self.corpus.name or str(self.corpus))
        yield LoadProgress(id="progress")
        with VerticalScroll(id="transcript", can_focus=False):
            yield Static(self._welcome(), id="welcome")
        yield QuestionPrompt(self.history)
        yield Footer()

    def on_mount(self) -> None:
        theme = self._settings.get("theme")
        if isinstance(theme, str) and theme in self.available_themes:
            self.theme = theme
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self._show_settings()
        self.query_one(QuestionPrompt).focus()
        # Start slow work only once the first screen is painted: its imports compete for the GIL.
        self.call_after_refresh(self._open_engine)

    def _welcome(self) -> Content:
        lines: list[Content | str | tuple[str, str]] = [
            ("Ask a question about the documents. ", "bold"),
            "Every answer is quoted word for word from them, with its source; "
            "when they hold no answer, you are told so.\n",
        ]
        if self.engine is not None:
            docs = self.engine.documents
            lines.append("\n")
            for d in docs[:8]:
                lines += [("  • ", "$text-accent"), plain(d.meta.title), "\n"]
            if len(docs) > 8:
                lines.append(Content.styled(f"  … and {len(docs) - 8} more\n", "$text-muted"))
        lines.append(
            Content.styled(
                "\nTab moves to the sources, Enter opens one in its document, Ctrl+P lists every command.",
                "$text-muted",
            )
        )
        return Content.assemble(*lines)

    # ------------------------------------------------------------------ opening the engine

    @work(thread=True, exclusive=True, group="engine", exit_on_error=False)
    def _open_engine(self) -> None:
        """Index status first (cheap, fills the header), then the model and index (slow)."""
        try:
            if self._given_engine is not None:
                self.post_message(EngineReady(self._given_engine, self._given_engine.status()))
                return
            from qa.defaults import DEFAULT_MODEL
            from qa.engine import Engine, index_status

            model = self.model or DEFAULT_MODEL
            status = index_status(self.corpus, self.index, model=model)
            self.post_message(IndexChecked(status))
            self.post_message(IndexProgress("model", 0, 0))
            opener = self._opener or partial(Engine.open, self.corpus, self.index, model=model)
            engine = opener(progress=self._progress_from_worker)
            self.post_message(EngineReady(engine, engine.status()))
        except Exception as exc:
            self.post_message(EngineFailed(describe_error(exc)))

    def _progress_from_worker(self, stage: str, done: int, total: int) -> None:
        self.post_message(IndexProgress(stage, done, total))

    def on_index_checked(self, message: IndexChecked) -> None:
        status = message.status
        header = self.query_one(StatusHeader)
        header.show_counts(status.documents if status.exists else None, status.passages)
        if status.stale:
            header.show_state("index needs building" if not status.exists else "index out of date", "stale")
        else:
            header.show_state("loading", "busy")

    def on_index_progress(self, message: IndexProgress) -> None:
        self.query_one(LoadProgress).show(message.stage, message.done, message.total)
        if message.stage == "model":
            state = "loading model"
        elif self._rebuilding:
            state = "rebuilding"
        else:
            state = "building index"
        self.query_one(StatusHeader).show_state(state, "busy")

    async def on_engine_ready(self, message: EngineReady) -> None:
        self.engine = message.engine
        self._show_ready(message.status)
        if message.engine.rebuilt_because and message.engine is not self._given_engine:
            why = "; ".join(message.engine.rebuilt_because)
            self.notify(safe(f"Because: {why}."), title="Index built", timeout=4, markup=False)
        for warning in message.engine.warnings if message.engine.rebuilt_because else ():
            self.notify(safe(warning), title="Skipped file", severity="warning", markup=False)
        self.query_one("#welcome", Static).update(self._welcome())
        waiting = [t for t in self.turns if t.state is TurnState.WAITING]
        for turn in waiting:
            turn.state = TurnState.SEARCHING
            await self._view(turn).show(turn)
            self._ask(turn)

    async def on_engine_failed(self, message: EngineFailed) -> None:
        self._engine_error = message.error
        self.query_one(LoadProgress).hide()
        self.query_one(StatusHeader).show_state("not available", "error")
        self.notify(message.error, title="Cannot open the corpus", severity="error", timeout=30, markup=False)
        for turn in self.turns:
            if turn.state is TurnState.WAITING:
                turn.state, turn.error = TurnState.FAILED, message.error
                await self._view(turn).show(turn)

    def _show_ready(self, status: IndexStatus) -> None:
        self.query_one(LoadProgress).hide()
        header = self.query_one(StatusHeader)
        assert self.engine is not None
        header.show_counts(len(self.engine.documents), self.engine.passage_count)
        header.show_state("ready" if not status.stale else "ready (documents changed)", "ready")

    # ------------------------------------------------------------------ asking

    @on(QuestionPrompt.Submitted, "#prompt")
    @reported
    async def _on_question(self, event: QuestionPrompt.Submitted) -> None:
        from qa.engine import QuestionError, clean_question

        raw = event.value
        try:
            question, notices = clean_question(raw)  # notices: e.g. cut to 2,000 characters
        except QuestionError:
            self.notify("Type a question first.", severity="warning", timeout=2)
            return
        prompt = self.query_one(QuestionPrompt)
        prompt.value = ""
        prompt.remember(question)
        user_config.append_history(self.config_dir, question)
        await self.ask(question, notices=notices)

    async def ask(self, question: str, *, notices: tuple[str, ...] = ()) -> Turn:
        """Add a turn for ``question`` and answer it (now, or once the engine is ready).

        ``notices`` say what cleaning the typed text changed; the answer shows them with its own.
        """
        for stale in self.turns:
            if not stale.state.settled:
                stale.state = TurnState.CANCELLED
                await self._view(stale).show(stale)
        turn = Turn(
            id=next(self._ids),
            question=question,
            k=self.k,
            doc_id=self.doc_id,
            state=TurnState.SEARCHING if self.engine is not None else TurnState.WAITING,
            notices=notices,
        )
        if self.engine is None and self._engine_error is not None:
            turn.state, turn.error = TurnState.FAILED, f"the corpus could not be opened: {self._engine_error}"
        self.turns.append(turn)
        self.query_one("#welcome").display = False
        transcript = self.query_one("#transcript", VerticalScroll)
        await transcript.mount(TurnView(turn, doc_title=self._doc_title(turn.doc_id), show_timings=self.show_timings))
        transcript.scroll_end(animate=False)
        if self.engine is not None:
            self._ask(turn)
        return turn

    @work(thread=True, exclusive=True, group="ask", exit_on_error=False)
    def _ask(self, turn: Turn) -> None:
        """Answer in a thread; a newer question cancels this worker and its result is dropped."""
        worker = get_current_worker()
        engine = self.engine
        assert engine is not None
        try:
            answer = engine.ask(turn.question, k=turn.k, doc_id=turn.doc_id)
        except Exception as exc:
            if not worker.is_cancelled:
                self.post_message(AnswerFailed(turn.id, describe_error(exc)))
            return
        if not worker.is_cancelled:
            self.post_message(AnswerReady(turn.id, answer))

    async def on_answer_ready(self, message: AnswerReady) -> None:
        turn = self._turn(message.turn_id)
        if turn is None or turn.state.settled:
            return
        answer = message.answer
        if turn.notices:  # the engine saw the cleaned question; what cleaning did is said too
            answer = replace(answer, notices=tuple(dict.fromkeys(turn.notices + answer.notices)))
        turn.answer = answer
        turn.state = TurnState.ANSWERED if answer.answered else TurnState.NOT_FOUND
        view = self._view(turn)
        await view.show(turn)
        transcript = self.query_one("#transcript", VerticalScroll)
        self.call_after_refresh(transcript.scroll_to_widget, view, animate=False, top=True)

    async def on_answer_failed(self, message: AnswerFailed) -> None:
        turn = self._turn(message.turn_id)
        if turn is None or turn.state.settled:
            return
        turn.state, turn.error = TurnState.FAILED, message.error
        await self._view(turn).show(turn)
        self.notify(message.error, title="Could not answer", severity="error", markup=False)

    def _turn(self, turn_id: int) -> Turn | None:
        return next((t for t in self.turns if t.id == turn_id), None)

    def _view(self, turn: Turn) -> TurnView:
        return self.query_one(f"#turn-{turn.id}", TurnView)

    # ------------------------------------------------------------------ sources and the reader

    @on(SourceCard.Selected)
    @reported
    def _open_source(self, event: SourceCard.Selected) -> None:
        if self.engine is None:
            return
        document = self.engine.document(event.hit.passage.doc_id)
        self.push_screen(ReaderScreen(document, event.hit, event.quotes))

    @on(SourceCard.CopyRequested)
    @reported
    def _copy_source(self, event: SourceCard.CopyRequested) -> None:
        from qa.render import hit_to_markdown

        self.copy_to_clipboard(hit_to_markdown(event.hit))
        self.notify(f"Source [{event.hit.rank}] copied as Markdown.", timeout=2, markup=False)

    def action_focus_prompt(self) -> None:
        self.query_one(QuestionPrompt).focus()

    def action_focus_sources(self) -> None:
        """Tab from the prompt: the first source of the latest answer (not the oldest one)."""
        for turn in reversed(self.turns):
            cards = self._view(turn).query(SourceCard)
            if cards:
                cards.first().focus()
                return
        self.notify("No sources yet: ask a question first.", timeout=2)

    def action_scroll_transcript(self, direction: int) -> None:
        transcript = self.query_one("#transcript", VerticalScroll)
        transcript.scroll_relative(y=direction * max(1, transcript.size.height - 2), animate=False)

    # ------------------------------------------------------------------ copy and export

    @reported
    def action_copy_answer(self) -> None:
        turn = next((t for t in reversed(self.turns) if t.answer is not None), None)
        if turn is None:
            self.notify("No answer to copy yet.", severity="warning", timeout=2)
            return
        self.copy_to_clipboard(turn.markdown())
        what = "Answer" if turn.state is TurnState.ANSWERED else "Not-found answer"
        self.notify(f"{what} copied as Markdown, with its citations.", timeout=2)

    def transcript_markdown(self) -> str:
        return transcript_markdown(self.turns, self.corpus.name, time.strftime("%Y-%m-%d %H:%M"))

    @reported
    def action_export(self) -> None:
        if not self.turns:
            self.notify("Nothing to export yet.", severity="warning", timeout=2)
            return
        suggested = Path.cwd() / f"qa-transcript-{time.strftime('%Y%m%d-%H%M%S')}.md"
        self.push_screen(ExportDialog(suggested), self._export_to)

    @reported
    def _export_to(self, path: Path | None) -> None:
        if path is None:
            return
        self.export_transcript(path)

    def export_transcript(self, path: Path) -> Path:
        """Save the transcript to ``path``, or add it at the end of the file already there (the
        dialog asked first). Written to a temporary file beside it and renamed over it, so an
        interrupted export leaves the old file whole."""
        try:
            added = path.exists()
            text = self.transcript_markdown()
            if added:
                text = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + text
            write_atomically(path, text)
        except (OSError, UnicodeDecodeError) as exc:
            why = "it is not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else exc.strerror or str(exc)
            self.notify(f"Cannot write {path}: {why}", severity="error", markup=False)
            raise
        self.notify(f"Transcript {'added to' if added else 'saved to'} {path}", timeout=4, markup=False)
        return path

    # ------------------------------------------------------------------ settings

    def action_toggle_explain(self) -> None:
        self.explain = not self.explain
        self.set_class(self.explain, "-explain")
        self._show_settings()
        self.notify("Scores shown." if self.explain else "Scores hidden.", timeout=1.5)

    def set_k(self, k: int) -> None:
        self.k = k
        self._show_settings()
        self.notify(f"Each question now retrieves {k} passage{'s' * (k != 1)}.", timeout=2)

    def restrict_to(self, doc_id: str | None) -> None:
        self.doc_id = doc_id
        self._show_settings()
        if doc_id is None:
            self.notify("Searching all documents.", timeout=2)
        else:
            self.notify(f"Searching only {self._doc_title(doc_id)}.", timeout=2, markup=False)

    def _doc_title(self, doc_id: str | None) -> str | None:
        if doc_id is None:
            return None
        if self.engine is not None:
            for d in self.engine.documents:
                if d.doc_id == doc_id:
                    return d.meta.title
        return doc_id

    def _show_settings(self) -> None:
        self.query_one(StatusHeader).show_settings(self.k, self.explain, self._doc_title(self.doc_id))

    def _remember_theme(self, theme: object) -> None:
        self._settings["theme"] = self.theme
        user_config.save_settings(self.config_dir, self._settings)

    @reported
    def action_clear_transcript(self) -> None:
        for turn in self.turns:
            if not turn.state.settled:
                turn.state = TurnState.CANCELLED
        self.workers.cancel_group(self, "ask")
        self.turns.clear()
        self.query(TurnView).remove()
        self.query_one("#welcome").display = True
        self.query_one(QuestionPrompt).focus()

    # ------------------------------------------------------------------ rebuilding

    @reported
    def action_rebuild_index(self) -> None:
        if self.engine is None and self._engine_error is not None:  # opening failed: try again
            self._engine_error = None
            self.query_one(StatusHeader).show_state("retrying", "busy")
            self._open_engine()
            return
        if self.engine is None:
            self.notify("The index is still loading.", severity="warning", timeout=2)
            return
        if self._rebuilding:
            self.notify("A rebuild is already running.", timeout=2)
            return
        self._rebuilding = True
        self.query_one(LoadProgress).show("stale", 0, 0)
        self.query_one(StatusHeader).show_state("rebuilding", "busy")
        self._rebuild(self.engine)

    @work(thread=True, exclusive=True, group="index", exit_on_error=False)
    def _rebuild(self, engine: Engine) -> None:
        """Questions asked meanwhile are answered from the old index (the engine swaps atomically)."""
        try:
            reasons = engine.refresh(self._progress_from_worker, force=True)
            self.post_message(IndexRebuilt(engine.status(), reasons))
        except Exception as exc:
            self.post_message(RebuildFailed(describe_error(exc)))

    def on_index_rebuilt(self, message: IndexRebuilt) -> None:
        self._rebuilding = False
        self._show_ready(message.status)
        self.query_one("#welcome", Static).update(self._welcome())
        self.notify("Index rebuilt.", title="Index", timeout=3)

    def on_rebuild_failed(self, message: RebuildFailed) -> None:
        self._rebuilding = False
        self.query_one(LoadProgress).hide()
        self.query_one(StatusHeader).show_state("rebuild failed", "error")
        self.notify(message.error, title="Rebuild failed", severity="error", timeout=10, markup=False)

    # ------------------------------------------------------------------ command palette

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield SystemCommand(
            "Rebuild index", "Read the documents again and rebuild the search index", self.action_rebuild_index
        )
        yield SystemCommand(
            "Toggle explain",
            "Show or hide each source's dense, BM25 and fused scores",
            self.action_toggle_explain,
        )
        yield SystemCommand(
            "Set number of passages…", f"How many passages each question retrieves (now {self.k})", self._choose_k
        )
        yield SystemCommand("Restrict to one document…", "Search a single document only", self._choose_document)
        if self.doc_id is not None:
            yield SystemCommand(
                "Clear document restriction", "Search all documents again", partial(self.restrict_to, None)
            )
        yield SystemCommand(
            "Copy last answer", "Copy the last answer with its citations as Markdown", self.action_copy_answer
        )
        yield SystemCommand("Export transcript…", "Save the whole conversation as a Markdown file", self.action_export)
        yield SystemCommand(
            "Clear transcript", "Remove every question and answer from the screen", self.action_clear_transcript
        )
        yield SystemCommand(
            "Switch theme", "Change the colours (ANSI themes use the terminal's own)", self.action_change_theme
        )
        for command in super().get_system_commands(screen):
            if command.title != "Theme":  # offered above as "Switch theme"
                yield command

    def _choose_k(self) -> None:
        self.search_commands(
            [
                SimpleCommand(
                    f"{n} passage{'s' * (n != 1)}",
                    partial(self.set_k, n),
                    "current" if n == self.k else ("default" if n == DEFAULT_K else None),
                )
                for n in PASSAGE_CHOICES
            ],
            placeholder="How many passages per question?",
        )

    def _choose_document(self) -> None:
        if self.engine is None:
            self.notify("The index is still loading.", severity="warning", timeout=2)
            return
        choices = [(d.meta.title, d.doc_id) for d in self.engine.documents]
        provider = DocumentChoices.configure(choices, self.restrict_to)
        self.push_screen(CommandPalette(providers=[provider], placeholder="Search only in…"))
