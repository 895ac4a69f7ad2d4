"""Command-palette choices built from document metadata, which is untrusted.

Textual's ready-made ``SimpleProvider`` parses each entry's name and help as markup; a title
such as ``[@click=app.quit]…`` or a stray ``[/`` would then act or crash. This provider shows
``Content`` built from plain strings instead, and never passes a help string.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from tui.safe_text import plain, safe


class DocumentChoices(Provider):
    """The documents of the open corpus; choosing one restricts the search to it.

    The screen that opens the palette gives the choices as ``(title, doc_id)`` pairs and the
    callback through ``DocumentChoices.configure``.
    """

    choices: tuple[tuple[str, str], ...] = ()
    choose: Callable[[str], None] | None = None

    @classmethod
    def configure(cls, choices: list[tuple[str, str]], choose: Callable[[str], None]) -> type[DocumentChoices]:
        """A provider class bound to these choices (the palette instantiates providers itself)."""
        return type("BoundDocumentChoices", (cls,), {"choices": tuple(choices), "choose": staticmethod(choose)})

    @staticmethod
    def _display(title: str, doc_id: str) -> Content:
        return Content.assemble(plain(title), "\n", plain(doc_id, "$text-muted"))

    async def discover(self) -> Hits:
        assert self.choose is not None
        for title, doc_id in self.choices:
            yield DiscoveryHit(self._display(title, doc_id), partial(self.choose, doc_id), text=safe(title))

    async def search(self, query: str) -> Hits:
        assert self.choose is not None
        matcher = self.matcher(query)
        for title, doc_id in self.choices:
            score = max(matcher.match(safe(title)), matcher.match(safe(doc_id)))
            if score > 0:
                yield Hit(score, self._display(title, doc_id), partial(self.choose, doc_id), text=safe(title))
