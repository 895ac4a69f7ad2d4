"""Question history navigation for the prompt, kept apart from widgets so it is easy to test."""

from __future__ import annotations


class QuestionHistory:
    """Up/down through past questions, like a shell: the draft being typed is kept aside.

    ``position == len(items)`` means "not browsing" (showing the draft).
    """

    def __init__(self, items: list[str] | None = None) -> None:
        self.items: list[str] = list(items or [])
        self.position = len(self.items)
        self._draft = ""

    def add(self, question: str) -> None:
        if question and (not self.items or self.items[-1] != question):
            self.items.append(question)
        self.position = len(self.items)
        self._draft = ""

    def previous(self, current: str) -> str | None:
        """The older question, or None at the oldest one."""
        if self.position == 0:
            return None
        if self.position == len(self.items):
            self._draft = current
        self.position -= 1
        return self.items[self.position]

    def next(self) -> str | None:
        """The newer question (the draft after the newest), or None when not browsing."""
        if self.position >= len(self.items):
            return None
        self.position += 1
        return self._draft if self.position == len(self.items) else self.items[self.position]
