"""Answers as plain data: citation strings, the JSON schema, and Markdown.

Pure functions of an ``Answer``, shared by the CLI and the chat so both cite the same way.
Nothing here knows about terminals; rich and Textual rendering live with their front ends.
"""

from __future__ import annotations

import re

from qa.answer import Answer, Quote
from qa.dates import readable
from qa.documents import LIST_ITEM_RE, DocumentMeta
from qa.markdown_escape import escape
from qa.retrieval import Hit

JSON_SCHEMA_VERSION = 1

_LINK_RE = re.compile(r"\[([^\]]*)\]\([^()\s]*\)")


def format_citation(
    meta: DocumentMeta, paragraph: int | None = None, section: str = "", last_paragraph: int = 0
) -> str:
    """``Title — Author, Publisher, date, § Section, ¶n`` (``¶n–m`` for a passage that runs
    over several paragraphs); parts the catalog does not know are left out, and so is a
    section heading that only repeats the title."""
    parts = [", ".join(meta.authors)] if meta.authors else []
    parts += [p for p in (meta.publisher, readable(meta.date)) if p]
    heading = plain_heading(section)
    if heading and heading != plain_heading(meta.title):
        parts.append(f"§ {heading}")
    if paragraph:
        parts.append(paragraph_label(paragraph, last_paragraph))
    return meta.title + (" — " + ", ".join(parts) if parts else "")


def hit_citation(hit: Hit) -> str:
    first, last = hit.passage.paragraphs
    return format_citation(hit.meta, first, hit.section, last)


def paragraph_label(first: int, last: int = 0) -> str:
    """``¶9``, or ``¶9–10`` for a span that runs on into later paragraphs."""
    return f"¶{first}" if last <= first else f"¶{first}–{last}"


def quote_marker(answer: Answer, quote: Quote) -> str:
    """The quote's citation as written after it: ``[1]``, or ``[1, ¶10]`` when passage [1]
    spans several paragraphs, so a reader checking the citation goes to the paragraph the
    quote is in, not only to the one its passage starts in."""
    hit = next((h for h in answer.hits if h.rank == quote.citation), None)
    if hit is None or not quote.paragraph or hit.passage.paragraphs[0] == hit.passage.paragraphs[1]:
        return f"[{quote.citation}]"
    return f"[{quote.citation}, {paragraph_label(*quote.paragraphs)}]"


def plain_heading(heading: str) -> str:
    """A Markdown heading as it reads on a rendered page: code spans without their backticks,
    links as their text ("`pyenv global`" → "pyenv global")."""
    return _LINK_RE.sub(r"\1", heading).replace("`", "").strip()


def answer_to_dict(answer: Answer) -> dict:
    """The ``--json`` object (schema documented in the README)."""
    return {
        "schema": JSON_SCHEMA_VERSION,
        "question": answer.question,
        "answered": answer.answered,
        "answer": [quote_to_dict(q) for q in answer.quotes],
        "passages": [hit_to_dict(h) for h in answer.hits],
        "closest": [quote_to_dict(q) for q in answer.closest],
        "confidence": round(answer.confidence, 4),
        "subject_similarity": None if answer.subject_similarity is None else round(answer.subject_similarity, 4),
        "unmentioned": list(answer.unmentioned),
        "notices": list(answer.notices),
        "timings_ms": dict(answer.timings_ms),
    }


def quote_to_dict(quote: Quote) -> dict:
    return {
        "quote": quote.text,
        "doc_id": quote.doc_id,
        "start": quote.start,
        "end": quote.end,
        "citation": quote.citation,
        "paragraph": quote.paragraphs[0],
        "last_paragraph": quote.paragraphs[1],
    }


def hit_to_dict(hit: Hit) -> dict:
    p = hit.passage
    return {
        "rank": hit.rank,
        "citation": hit_citation(hit),
        "doc_id": p.doc_id,
        "title": hit.meta.title,
        "paragraph": p.paragraph,
        "last_paragraph": p.paragraphs[1],
        "passage_id": p.id,
        "start": p.start,
        "end": p.end,
        "text": p.text,
        "score": round(hit.score, 6),
        "dense_score": round(hit.dense_score, 6),
        "bm25_score": round(hit.bm25_score, 6),
        "lifted": hit.lifted,
        "section": hit.section,
    }


def answer_to_markdown(answer: Answer) -> str:
    """The answer with its citations, ready to paste into notes."""
    lines = [f"**Q:** {escape(answer.question)}", ""]
    if answer.answered:
        for q in answer.quotes:
            lines.append(f"{_md_quote(q.text)} {quote_marker(answer, q)}")
        cited = {q.citation for q in answer.quotes}
        lines.append("")
        lines += [_source_line(h) for h in answer.hits if h.rank in cited]
    else:
        why = ""
        if answer.unmentioned:  # say why, as the chat and the command line do
            why = ": the documents never mention " + ", ".join(f"“{escape(n)}”" for n in answer.unmentioned)
        lines.append(f"_Not found in the corpus{why}._ Related passages, each with its closest sentence:")
        lines.append("")
        closest = {q.citation: q for q in answer.closest}
        for h in answer.hits:
            lines.append(f"- {_source_line(h)}")
            if (q := closest.get(h.rank)) is not None:
                lines.append(f"  > {escape(' '.join(q.text.split()))}")
    return "\n".join(lines) + "\n"


def hit_to_markdown(hit: Hit) -> str:
    """One source: its citation and the passage, quoted."""
    return f"{_md_quote(hit.passage.text)}\n\n{_source_line(hit)}\n"


def _md_quote(text: str) -> str:
    """A Markdown blockquote of ``text``: every line marked, so a blank line (a quote across
    two paragraphs, a code block) does not end the quote halfway. A line of spaces keeps
    them, so the notes hold the text exactly (``qa verify`` reads it back)."""
    return "\n".join(f"> {escape(line)}" if line else ">" for line in text.split("\n"))


def _source_line(hit: Hit) -> str:
    p = hit.passage
    return f"[{hit.rank}] {escape(hit_citation(hit))} (`{p.doc_id}`, chars {p.start}–{p.end})"


def display_pieces(
    text: str, offset: int, highlights: list[tuple[int, int]], *, markdown: bool = False
) -> list[tuple[str, bool]]:
    """A passage for display: ``(piece, highlighted)`` pairs, blank-line runs shown as one (a
    ``("\n\n", False)`` piece of its own, which the chat shows more compactly) and
    a hard-wrapped paragraph's line breaks as spaces (the terminal wraps to its own width; the
    file's breaks at 80 columns would cut every shown line in two).

    ``highlights`` are absolute ``(start, end)`` spans (quotes) and ``offset`` is where
    ``text`` starts in its document; ``markdown`` keeps indented lines (a code block there) as
    they are, where plain text indents prose (licences, e-mails). Only the look changes;
    offsets stay with the data.
    """
    marks = [False] * len(text)
    for start, end in highlights:
        for i in range(max(0, start - offset), min(len(text), end - offset)):
            marks[i] = True
    # A run of blank lines shows as one; in Markdown the next line keeps its indentation (a
    # code block's), in plain text it is layout.
    blank_run = r"[ \t]*\n(?:[ \t]*\n)+" if markdown else r"[ \t]*\n\s*\n\s*"
    shown = [(m.start(), m.end(), "\n\n") for m in re.finditer(blank_run, text)]
    shown += [(a, b, " ") for a, b in _wrapped_breaks(text, markdown)]
    pieces: list[tuple[str, bool]] = []

    def add(piece: str, marked: bool) -> None:  # one piece per run; a paragraph break is a piece of its own
        if pieces and pieces[-1][1] == marked and pieces[-1][0] != "\n\n":
            pieces[-1] = (pieces[-1][0] + piece, marked)
        else:
            pieces.append((piece, marked))

    pos = 0
    for a, b, replacement in [*sorted(shown), (len(text), len(text), "")]:
        i = pos
        while i < a:
            j = i
            while j < a and marks[j] == marks[i]:
                j += 1
            add(text[i:j], marks[i])
            i = j
        if replacement == "\n\n":
            pieces.append((replacement, False))
        elif replacement:  # a joined line break inside a quote stays highlighted
            add(replacement, a > 0 and b < len(text) and marks[a - 1] and marks[b])
        pos = b
    return pieces


#: How a line opens when it must start on a line of its own: a table row, heading or block quote
#: (or a list item: ``LIST_ITEM_RE``).
_OWN_LINE_OPENERS = ("|", "#", ">")


def _wrapped_breaks(text: str, markdown: bool) -> list[tuple[int, int]]:
    """The line breaks (with the spaces around them) that only wrap a paragraph: between two
    lines of prose, outside code blocks, after a line that does not end a sentence. Plain-text
    articles hold a paragraph per line and end it with a full stop, so they keep their breaks.
    """
    out: list[tuple[int, int]] = []
    fenced = False
    pos = 0
    lines = text.split("\n")
    for k, line in enumerate(lines[:-1]):
        nxt = lines[k + 1]
        end_of_line = pos + len(line)
        pos = end_of_line + 1
        fence = line.lstrip().startswith(("```", "~~~"))
        fenced = fenced != fence
        if fenced or fence or not line.strip() or not nxt.strip() or nxt.lstrip().startswith(("```", "~~~")):
            continue
        opens = nxt.lstrip()
        own_line = LIST_ITEM_RE.match(opens) or opens.startswith(_OWN_LINE_OPENERS)
        if line.rstrip()[-1] in ".!?:;\"”’)|" or own_line or line.startswith("|"):
            continue
        if markdown and line.startswith(("    ", "\t")) and nxt.startswith(("    ", "\t")):
            continue  # an indented code block
        a = end_of_line - (len(line) - len(line.rstrip()))
        b = pos + (len(nxt) - len(nxt.lstrip()))
        out.append((a, b))
    return out
