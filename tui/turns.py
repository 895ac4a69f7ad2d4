"""A turn of the conversation as data (question, settings it was asked with, outcome), and
the transcript as Markdown. Widgets show turns; export and copy use this module only.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from qa.markdown_escape import escape

if TYPE_CHECKING:
    from qa.answer import Answer


class TurnState(Enum):
    WAITING = "waiting"  # asked before the engine was ready
    SEARCHING = "searching"
    ANSWERED = "answered"
    NOT_FOUND = "not found"
    FAILED = "failed"
    CANCELLED = "cancelled"  # a newer question replaced it before it was answered

    @property
    def settled(self) -> bool:
        return self not in (TurnState.WAITING, TurnState.SEARCHING)


@dataclass
class Turn:
    id: int
    question: str
    k: int
    doc_id: str | None = None
    state: TurnState = TurnState.SEARCHING
    answer: Answer | None = None
    error: str = ""
    #: What cleaning the typed question changed (e.g. cut to its first 2,000 characters).
    notices: tuple[str, ...] = ()

    def markdown(self) -> str:
        if self.answer is not None:
            from qa.render import answer_to_markdown  # qa.render imports numpy: kept off the first paint

            text = answer_to_markdown(self.answer)
            if self.doc_id:
                text += f"\n_Searched only `{self.doc_id}`._\n"
            return text
        note = {
            TurnState.FAILED: f"_Could not answer: {escape(self.error)}_",
            TurnState.CANCELLED: "_Not answered._",
        }
        return f"**Q:** {escape(self.question)}\n\n{note.get(self.state, '_Not answered yet._')}\n"


def transcript_markdown(turns: list[Turn], corpus_name: str, when: str) -> str:
    """The whole conversation, ready to keep: every answer with its citations."""
    head = f"# qa transcript — {corpus_name}\n\n_{when}; every answer is quoted verbatim from the corpus._\n"
    return head + "".join(f"\n---\n\n{t.markdown()}" for t in turns)
