"""One source of a turn: its citation, the passage (answer sentence highlighted) and, when
explain is on, the scores that ranked it. Focus it and press Enter (or click) to read the
whole document there."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Label, Static

from tui.safe_text import pieces_content, plain

if TYPE_CHECKING:
    from qa.answer import Quote
    from qa.retrieval import Hit


class SourceCard(Vertical, can_focus=True):
    """A cited passage (class ``-cited``) or, for a question the corpus cannot answer, related
    reading (class ``-related``). Uncited passages show two lines until focused; related
    reading shows them from its closest sentence on (class ``-previewed``), in bold, so the
    two lines say why it is listed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open"),
        Binding("c", "copy", "Copy"),
        Binding("up", "app.focus_previous", "Previous", show=False),
        Binding("down", "app.focus_next", "Next", show=False),
        Binding("escape", "app.focus_prompt", "Prompt"),
    ]

    class Selected(Message):
        """The user wants to read this source in its document."""

        def __init__(self, hit: Hit, quotes: tuple[Quote, ...]) -> None:
            super().__init__()
            self.hit = hit
            self.quotes = quotes

    class CopyRequested(Message):
        def __init__(self, hit: Hit) -> None:
            super().__init__()
            self.hit = hit

    def __init__(
        self, hit: Hit, quotes: tuple[Quote, ...], *, cited: bool, related: bool, closest: Quote | None = None
    ) -> None:
        p = hit.passage
        # Only quotes from this passage's document are highlighted in it.
        self.quotes = tuple(q for q in quotes if q.doc_id == p.doc_id and q.start < p.end and p.start < q.end)
        inside = closest is not None and closest.doc_id == p.doc_id and p.start <= closest.start < closest.end <= p.end
        self.closest = closest if inside else None
        classes = "source " + ("-cited" if cited else "-uncited") + (" -related" if related else "")
        super().__init__(classes=classes + (" -previewed" if self.closest is not None else ""))
        self.hit = hit

    def compose(self) -> ComposeResult:
        from qa.documents import is_markdown
        from qa.render import display_pieces, hit_citation  # qa.render imports numpy: kept off the first paint

        hit = self.hit
        p = hit.passage
        citation = hit_citation(hit)
        title = hit.meta.title
        rest = citation[len(title) :] if citation.startswith(title) else " " + citation
        with Horizontal(classes="citation-row"):
            yield Label(Content.styled(f"[{hit.rank}]", "bold $text-accent"), classes="rank")
            yield Label(Content.assemble(plain(title, "bold"), plain(rest, "$text-muted")), classes="citation")
        markdown = is_markdown(p.doc_id)
        if self.closest is None:
            quoted = [(q.start, q.end) for q in self.quotes]
            yield Static(pieces_content(display_pieces(p.text, p.start, quoted, markdown=markdown)), classes="passage")
        else:
            near = [(self.closest.start, self.closest.end)]
            cut = self.closest.start - p.start
            preview = display_pieces(p.text[cut:], self.closest.start, near, markdown=markdown)
            yield Static(plain("… " if cut else "") + pieces_content(preview, highlight="bold"), classes="preview")
            whole = display_pieces(p.text, p.start, near, markdown=markdown)
            yield Static(pieces_content(whole, highlight="bold"), classes="passage")
        yield Label(
            Content.assemble(
                ("fused ", "$text-muted"),
                (f"{hit.score:.3f}", "bold"),
                (" · dense ", "$text-muted"),
                f"{hit.dense_score:.3f}",
                (" · BM25 ", "$text-muted"),
                f"{hit.bm25_score:.3f}",
                (" · lifted: holds the answer", "$text-muted") if hit.lifted else "",
            ),
            classes="scores",
        )

    def action_open(self) -> None:
        self.post_message(self.Selected(self.hit, self.quotes))

    def action_copy(self) -> None:
        self.post_message(self.CopyRequested(self.hit))

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.focus()
        self.action_open()
