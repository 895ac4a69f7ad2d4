"""Asks where to save the transcript; the file name is suggested and can be edited."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label


class ExportDialog(ModalScreen[Path | None]):
    """Returns the chosen path, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, suggested: Path) -> None:
        super().__init__(classes="dialog")
        self.suggested = suggested

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog-box"):
            yield Label("Export the transcript as Markdown to:", id="dialog-title")
            yield Input(str(self.suggested), id="export-path", select_on_focus=False)
            yield Label("Enter to save · Esc to cancel", classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        self.dismiss(Path(value).expanduser() if value else None)

    def action_cancel(self) -> None:
        self.dismiss(None)
