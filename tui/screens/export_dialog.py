"""Asks where to save the transcript; the file name is suggested and can be edited.

A path that names an existing file is not taken at the first Enter: the dialog says the
transcript will be added at the end of that file (notes kept in one file are common), and a
second Enter confirms. Nothing the user wrote is ever overwritten.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label

_HINT = "Enter to save · Esc to cancel"


class ExportDialog(ModalScreen[Path | None]):
    """Returns the chosen path, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, suggested: Path) -> None:
        super().__init__(classes="dialog")
        self.suggested = suggested
        self._confirmed: Path | None = None  # an existing file the user agreed to add to

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog-box"):
            yield Label("Export the transcript as Markdown to:", id="dialog-title")
            yield Input(str(self.suggested), id="export-path", select_on_focus=False)
            yield Label(_HINT, classes="hint", id="export-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        if not value:
            self.dismiss(None)
            return
        path = Path(value).expanduser()
        hint = self.query_one("#export-hint", Label)
        if path.is_dir():
            hint.update(Content(f"{path} is a folder: add a file name · Esc to cancel"))
            return
        if path.exists() and path != self._confirmed:
            self._confirmed = path
            hint.update(Content(f"{path.name} exists: Enter again adds the transcript at its end · Esc to cancel"))
            return
        self.dismiss(path)

    def on_input_changed(self, event: Input.Changed) -> None:
        if self._confirmed is not None and Path(event.value.strip()).expanduser() != self._confirmed:
            self._confirmed = None
            self.query_one("#export-hint", Label).update(_HINT)

    def action_cancel(self) -> None:
        self.dismiss(None)
