"""The reader: a whole document, scrolled to a source's passage with it highlighted.

The document is shown as paragraph blocks built by ``tui.safe_text.document_blocks``: never
parsed as markup, control sequences removed, the passage and the quoted sentence styled.
Esc pops the screen, so the chat is exactly where it was (scroll position and focus).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Label, Static

from tui.safe_text import document_blocks, plain
from tui.widgets.source_card import SourceCard

if TYPE_CHECKING:
    from qa.answer import Quote
    from qa.documents import Document
    from qa.retrieval import Hit


class ReaderScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back to chat"),
        Binding("q", "close", "Back", show=False),
        Binding("c", "copy", "Copy source"),
        Binding("p", "to_passage", "To passage"),
        Binding("j,down", "scroll(1)", "Down", show=False),
        Binding("k,up", "scroll(-1)", "Up", show=False),
        Binding("space,pagedown", "page(1)", "Page down", show=False),
        Binding("b,pageup", "page(-1)", "Page up", show=False),
        Binding("g,home", "edge(0)", "Top", show=False),
        Binding("G,end", "edge(1)", "Bottom", show=False),
    ]

    def __init__(self, document: Document, hit: Hit, quotes: tuple[Quote, ...] = ()) -> None:
        super().__init__(classes="reader")
        self.document = document
        self.hit = hit
        self.quotes = quotes

    def compose(self) -> ComposeResult:
        from qa.render import hit_citation  # qa.render imports numpy: kept off the first paint

        doc, p = self.document, self.hit.passage
        with Vertical(id="reader-header"):
            yield Label(
                Content.assemble(
                    (f"[{self.hit.rank}] ", "bold $text-accent"),
                    plain(hit_citation(self.hit), "bold"),
                ),
                id="reader-title",
            )
            yield Label(
                plain(f"{doc.doc_id} · characters {p.start}–{p.end}", "$text-muted"),
                id="reader-where",
            )
        with VerticalScroll(id="reader-body"):
            spans = [(q.start, q.end) for q in self.quotes]
            blocks = document_blocks(doc.text, (p.start, p.end), spans)
            first, quote_seen = True, False
            for block in blocks:
                widget_id = None
                holds_quote = _holds_quote(block.start, block.end, spans)
                if block.in_passage and first:
                    widget_id, first = "passage", False
                elif block.in_passage and holds_quote and not quote_seen:
                    widget_id = "quote"
                quote_seen = quote_seen or holds_quote
                classes = "block" + (" -passage" if block.in_passage else "") + (" -gap" if block.gap else "")
                yield Static(block.content, classes=classes, id=widget_id)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#reader-body").focus()
        self.call_after_refresh(self.action_to_passage)

    def action_to_passage(self) -> None:
        body = self.query_one("#reader-body", VerticalScroll)
        targets = list(self.query(".-passage"))
        if not targets:
            return
        height = sum(t.outer_size.height for t in targets)
        quote = self.query("#quote")
        if height < body.size.height - 2:
            body.scroll_to_center(targets[0], animate=False)
        elif quote:  # a long passage (merged windows): the quoted sentence is what to see first
            body.scroll_to_center(quote.first(), animate=False)
        else:
            body.scroll_to_widget(targets[0], animate=False, top=True)

    def action_close(self) -> None:
        self.dismiss()

    def action_copy(self) -> None:
        self.post_message(SourceCard.CopyRequested(self.hit))  # the app copies, as from the chat

    def action_scroll(self, lines: int) -> None:
        self.query_one("#reader-body", VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_page(self, direction: int) -> None:
        body = self.query_one("#reader-body", VerticalScroll)
        body.scroll_relative(y=direction * max(1, body.size.height - 2), animate=False)

    def action_edge(self, end: int) -> None:
        body = self.query_one("#reader-body", VerticalScroll)
        (body.scroll_end if end else body.scroll_home)(animate=False)


def _holds_quote(start: int, end: int, quotes: list[tuple[int, int]]) -> bool:
    return any(start < q_end and q_start < end for q_start, q_end in quotes)
