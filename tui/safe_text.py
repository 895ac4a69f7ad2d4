"""Untrusted text (documents, questions, file names) turned into display-safe ``Content``.

Nothing here is ever parsed as markup: every piece becomes a ``Content`` built from a plain
string, so ``[bold]`` or ``[link=…]`` in a document shows literally. Terminal control
sequences are removed with the engine's own ``CONTROL_RE`` *per piece*, after the text has
been cut at its highlight boundaries, so highlight offsets (which index the original text)
stay right and no escape sequence can reach the terminal.

Styles use theme variables (``$accent`` …) so highlights follow the theme, ANSI ones too.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from textual.content import Content

from qa.documents import CONTROL_RE

#: How a quoted answer sentence is shown inside its passage.
QUOTE_STYLE = "bold $foreground on $accent 30%"  # $text-accent would vanish on ANSI themes (no blending)
#: How the rest of a passage is shown in the reader, so it stands out from the document.
PASSAGE_STYLE = "on $primary 12%"

#: Lines longer than this are whole paragraphs; hard-wrapped text has shorter lines.
WRAPPED_LINE_MAX = 100


def safe(text: str) -> str:
    """``text`` without any terminal control sequence: safe to hand to a widget."""
    return CONTROL_RE.sub("", text)


def plain(text: str, style: str = "") -> Content:
    """Untrusted text as Content, never parsed as markup."""
    return Content.styled(safe(text), style)


def pieces_content(
    pieces: Iterable[tuple[str, bool]], highlight: str = QUOTE_STYLE, paragraph_break: str = "\n"
) -> Content:
    """``qa.render.display_pieces`` output as Content, highlighted pieces styled.

    Paragraph breaks become ``paragraph_break`` (one newline: a passage in the transcript is
    compact; its paragraphs are shown properly in the reader).
    """
    return Content.assemble(
        *(
            (paragraph_break, "") if text == "\n\n" and not marked else (safe(text), highlight if marked else "")
            for text, marked in pieces
        )
    )


@dataclass(frozen=True)
class Block:
    """A run of document lines shown as one widget in the reader: ``text[start:end]`` styled.

    ``gap`` asks for a blank line after it (a paragraph ends there).
    """

    start: int
    end: int
    content: Content
    in_passage: bool
    gap: bool


def styled_span(
    text: str,
    start: int,
    end: int,
    styles: Sequence[tuple[int, int, str]],
) -> Content:
    """``text[start:end]`` as Content, with ``styles`` (absolute ``(start, end, style)``) applied.

    Where styles overlap the later one wins (a quote inside its passage). The slice is cut at
    every style boundary and each cut is cleaned separately, so the styles land on the right
    characters even when control sequences are removed.
    """
    cuts = {start, end}
    for s, e, _ in styles:
        cuts.update(x for x in (s, e) if start < x < end)
    points = sorted(cuts)
    parts: list[tuple[str, str]] = []
    for a, b in itertools.pairwise(points):
        covering = [st for s, e, st in styles if s <= a and b <= e]
        parts.append((safe(text[a:b]), covering[-1] if covering else ""))  # later styles win
    return Content.assemble(*parts)


def document_lines(text: str, wrap_width: int = WRAPPED_LINE_MAX) -> list[tuple[int, int, bool]]:
    """The document's non-blank lines as ``(start, end, gap_after)``.

    A paragraph ends (``gap_after``) at a blank line, and after a line longer than
    ``wrap_width``: such a line is a whole paragraph, not part of hard-wrapped text. Short
    lines (headings, wrapped lines) run on without a gap.
    """
    lines: list[tuple[int, int, bool]] = []
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        if text[pos:end].strip():
            lines.append((pos, end, end - pos > wrap_width))
        elif lines and not lines[-1][2]:
            a, b, _ = lines[-1]
            lines[-1] = (a, b, True)
        if nl < 0:
            break
        pos = nl + 1
    return lines


def document_blocks(
    text: str,
    passage: tuple[int, int] | None,
    quotes: Sequence[tuple[int, int]] = (),
    *,
    max_blocks: int = 400,
) -> list[Block]:
    """The whole document as blocks of lines, with the passage and quotes highlighted.

    Lines that touch the passage are blocks of their own, so the reader can scroll straight
    to it; the other lines are grouped so that a very long document still makes at most
    about ``max_blocks`` widgets and the reader opens quickly.
    """
    lines = document_lines(text)
    if not lines:
        return [Block(0, len(text), Content(""), False, False)]

    def touches(a: int, b: int) -> bool:
        return passage is not None and a < passage[1] and passage[0] < b

    styles: list[tuple[int, int, str]] = []
    if passage is not None:
        styles.append((passage[0], passage[1], PASSAGE_STYLE))
    styles += [(s, e, QUOTE_STYLE) for s, e in quotes]

    group = max(1, -(-len(lines) // max_blocks))
    blocks: list[Block] = []
    run: list[tuple[int, int, bool]] = []

    def flush() -> None:
        if run:
            blocks.append(_block(text, run, styles, in_passage=False))
            run.clear()

    for line in lines:
        if touches(line[0], line[1]):
            flush()
            blocks.append(_block(text, [line], styles, in_passage=True))
            continue
        run.append(line)
        if len(run) >= group:
            flush()
    flush()
    return blocks


def _block(
    text: str, lines: list[tuple[int, int, bool]], styles: Sequence[tuple[int, int, str]], *, in_passage: bool
) -> Block:
    parts: list[Content] = []
    for i, (a, b, gap) in enumerate(lines):
        parts.append(styled_span(text, a, b, styles))
        if i < len(lines) - 1:
            parts.append(Content("\n\n" if gap else "\n"))
    return Block(lines[0][0], lines[-1][1], Content.assemble(*parts), in_passage, lines[-1][2])
