"""One turn of the transcript: the question, then the quoted answer and its sources — or a
plain "Not found in the corpus" with related reading set apart from any answer."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Label, Static

from tui.safe_text import pieces_content, plain
from tui.turns import Turn, TurnState
from tui.widgets.source_card import SourceCard

NOT_FOUND_NOTE = (
    "No passage in the documents answers this question. The closest passages are listed "
    "below as related reading — they are not an answer."
)

WAITING_NOTE = "Waiting for the index… this question will be answered as soon as it is ready."


class TurnView(Vertical):
    """Shows a ``Turn``; call ``show(turn)`` when its state changes (it recomposes)."""

    def __init__(self, turn: Turn, *, doc_title: str | None = None, show_timings: bool = True) -> None:
        super().__init__(classes="turn", id=f"turn-{turn.id}")
        self.turn = turn
        self.doc_title = doc_title
        self.show_timings = show_timings

    async def show(self, turn: Turn) -> None:
        self.turn = turn
        self.set_class(turn.state is TurnState.NOT_FOUND, "-not-found")
        await self.recompose()

    def compose(self) -> ComposeResult:
        turn = self.turn
        yield Label(Content.assemble(("❯ ", "bold $text-primary"), plain(turn.question, "bold")), classes="question")
        if self.doc_title:
            yield Label(Content.assemble(("only in ", "$text-muted"), plain(self.doc_title, "$text-warning")))
        state = turn.state
        if state is TurnState.WAITING:
            yield Label(
                "Waiting for the index… this question will be answered as soon as it is ready.", classes="pending"
            )
        elif state is TurnState.SEARCHING:
            yield Label("Searching…", classes="pending")
        elif state is TurnState.FAILED:
            yield Label(Content.assemble(("Could not answer: ", "bold"), plain(turn.error)), classes="error")
        elif state is TurnState.CANCELLED:
            yield Label("Not answered: a newer question was asked.", classes="pending")
        elif turn.answer is not None:
            yield from self._compose_answer(turn)

    def _compose_answer(self, turn: Turn) -> ComposeResult:
        from qa.documents import is_markdown
        from qa.render import display_pieces, quote_marker  # qa.render imports numpy: kept off the first paint

        answer = turn.answer
        assert answer is not None
        if answer.answered:
            for q in answer.quotes:
                pieces = display_pieces(q.text, q.start, [], markdown=is_markdown(q.doc_id))
                body = pieces_content(pieces, highlight="")
                yield Static(body + Content.styled(f" {quote_marker(answer, q)}", "bold $text-accent"), classes="quote")
            heading = "Sources"
        else:
            yield Label("Not found in the corpus.", classes="not-found")
            yield Label(NOT_FOUND_NOTE, classes="not-found-note")
            heading = "Related reading — not an answer"
        for notice in answer.notices:
            yield Label(plain(f"Note: {notice}"), classes="notice")
        if answer.hits:
            yield Label(heading, classes="section")
        cited = {q.citation for q in answer.quotes}
        closest = {q.citation: q for q in answer.closest}
        for hit in answer.hits:
            yield SourceCard(
                hit, answer.quotes, cited=hit.rank in cited, related=not answer.answered, closest=closest.get(hit.rank)
            )
        meta = f"k={turn.k}"
        if self.show_timings and "total" in answer.timings_ms:
            meta += f" · {answer.timings_ms['total'] / 1000:.2f} s"
        yield Label(meta, classes="meta")
