"""The question prompt: an Input with shell-like history on up/down."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.suggester import SuggestFromList
from textual.widgets import Input

from tui.history import QuestionHistory


class QuestionPrompt(Input):
    """Where questions are typed. Up/down walk the history; a past question is also offered
    as an inline suggestion (→ accepts it)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "history_previous", "History", show=False),
        Binding("down", "history_next", "History", show=False),
        Binding("tab", "app.focus_sources", "Sources", priority=False),
    ]

    def __init__(self, history: QuestionHistory, **kwargs: object) -> None:
        super().__init__(
            placeholder="Ask a question about the documents…",
            id="prompt",
            suggester=SuggestFromList(history.items, case_sensitive=False),
            **kwargs,  # type: ignore[arg-type]
        )
        self.history = history

    def remember(self, question: str) -> None:
        self.history.add(question)
        self.suggester = SuggestFromList(self.history.items, case_sensitive=False)

    def action_history_previous(self) -> None:
        value = self.history.previous(self.value)
        if value is not None:
            self._show(value)

    def action_history_next(self) -> None:
        value = self.history.next()
        if value is not None:
            self._show(value)

    def _show(self, value: str) -> None:
        self.value = value
        self.cursor_position = len(value)
