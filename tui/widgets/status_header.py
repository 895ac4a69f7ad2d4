"""The header line (corpus, counts, settings, index state) and the loading/build progress row."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Label, ProgressBar

from tui.safe_text import plain

#: What each engine progress stage means to a user.
STAGE_LABELS = {
    "checking": "Checking the index",
    "model": "Loading the embedding model",
    "stale": "Preparing to build the index",
    "waiting": "Waiting for another build of this index",
    "splitting": "Reading documents",
    "embedding": "Embedding passages",
    "indexing": "Building search indexes",
    "saving": "Saving the index",
}


class StatusHeader(Horizontal):
    """One line: what is being asked (corpus, size), how (k, explain, restriction), and index state.

    Before the engine is ready the counts come from the cheap index status, so the first
    screen already says what it is about.
    """

    DEFAULT_CLASSES = "status-header"

    def __init__(self, corpus_name: str) -> None:
        super().__init__(id="header")
        self._corpus_name = corpus_name

    def compose(self) -> ComposeResult:
        yield Label(Content.assemble(("qa", "bold $text-primary"), " ", plain(self._corpus_name, "bold")), id="corpus")
        yield Label("", id="facts", markup=False)
        yield Label("", id="settings", markup=False)
        yield Label(Content.styled("○ starting", "$text-muted"), id="state")

    def show_counts(self, documents: int | None, passages: int | None) -> None:
        if documents is None:
            text = Content.styled("index not built yet", "$text-muted")
        else:
            text = Content(f"{documents} document{'s' * (documents != 1)} · {passages} passages")
        self.query_one("#facts", Label).update(Content(" · ") + text)

    def show_settings(self, k: int, explain: bool, doc_title: str | None) -> None:
        parts: list[str | tuple[str, str] | Content] = [f"k={k}"]
        if explain:
            parts += [" · ", ("explain", "$text-accent")]
        if doc_title:
            parts += [" · ", ("only: ", "$text-warning"), plain(_shorten(doc_title, 28), "$text-warning")]
        self.query_one("#settings", Label).update(Content.assemble(*parts))

    def show_state(self, text: str, kind: str = "busy") -> None:
        """``kind``: ready, busy, stale or error (colour and symbol)."""
        symbol, style = {
            "ready": ("●", "$text-success"),
            "busy": ("◌", "$text-warning"),
            "stale": ("◌", "$text-warning"),
            "error": ("✕", "$text-error"),
        }[kind]
        self.query_one("#state", Label).update(Content.assemble((f"{symbol} ", style), plain(text, style)))


class LoadProgress(Horizontal):
    """Shown while the model loads or the index builds; hidden otherwise."""

    def compose(self) -> ComposeResult:
        yield Label("", id="stage", markup=False)
        yield ProgressBar(total=None, show_eta=False, id="bar")

    def show(self, stage: str, done: int, total: int) -> None:
        self.display = True
        label = STAGE_LABELS.get(stage, stage.capitalize())
        self.query_one("#stage", Label).update(label)
        bar = self.query_one(ProgressBar)
        if total > 0:
            bar.update(total=total, progress=done)
        else:
            bar.update(total=None)

    def hide(self) -> None:
        self.display = False


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
