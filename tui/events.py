"""Messages that workers post back to the app, named for what happened.

Workers run in threads; ``post_message`` is thread-safe, so these are how slow work (opening
the engine, building the index, answering) reports to the UI without ever blocking it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from qa.answer import Answer
    from qa.engine import Engine
    from qa.index import IndexStatus


class IndexChecked(Message):
    """The cheap index status (no model loaded) is known: enough for the header."""

    def __init__(self, status: IndexStatus) -> None:
        super().__init__()
        self.status = status


class IndexProgress(Message):
    """A step of loading or (re)building: ``stage`` with ``done`` of ``total`` (0 = unknown)."""

    def __init__(self, stage: str, done: int, total: int) -> None:
        super().__init__()
        self.stage = stage
        self.done = done
        self.total = total


class EngineReady(Message):
    def __init__(self, engine: Engine, status: IndexStatus) -> None:
        super().__init__()
        self.engine = engine
        self.status = status


class EngineFailed(Message):
    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class IndexRebuilt(Message):
    def __init__(self, status: IndexStatus, reasons: list[str]) -> None:
        super().__init__()
        self.status = status
        self.reasons = reasons


class RebuildFailed(Message):
    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class AnswerReady(Message):
    def __init__(self, turn_id: int, answer: Answer) -> None:
        super().__init__()
        self.turn_id = turn_id
        self.answer = answer


class AnswerFailed(Message):
    def __init__(self, turn_id: int, error: str) -> None:
        super().__init__()
        self.turn_id = turn_id
        self.error = error
