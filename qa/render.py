"""Answers as plain data: citation strings, the JSON schema, and Markdown.

Pure functions of an ``Answer``, shared by the CLI and the chat so both cite the same way.
Nothing here knows about terminals; rich and Textual rendering live with their front ends.
"""

from __future__ import annotations

from qa.answer import Answer
from qa.documents import DocumentMeta
from qa.retrieval import Hit

JSON_SCHEMA_VERSION = 1


def format_citation(meta: DocumentMeta, paragraph: int | None = None) -> str:
    """``Title — Author, Publisher, date, ¶n``; parts the catalog does not know are left out."""
    parts = [", ".join(meta.authors)] if meta.authors else []
    parts += [p for p in (meta.publisher, meta.date) if p]
    if paragraph:
        parts.append(f"¶{paragraph}")
    return meta.title + (" — " + ", ".join(parts) if parts else "")


def hit_citation(hit: Hit) -> str:
    return format_citation(hit.meta, hit.passage.paragraph)


def answer_to_dict(answer: Answer) -> dict:
    """The ``--json`` object (schema documented in the README)."""
    return {
        "schema": JSON_SCHEMA_VERSION,
        "question": answer.question,
        "answered": answer.answered,
        "answer": [
            {"quote": q.text, "doc_id": q.doc_id, "start": q.start, "end": q.end, "citation": q.citation}
            for q in answer.quotes
        ],
        "passages": [hit_to_dict(h) for h in answer.hits],
        "confidence": round(answer.confidence, 4),
        "subject_similarity": None if answer.subject_similarity is None else round(answer.subject_similarity, 4),
        "unmentioned": list(answer.unmentioned),
        "notices": list(answer.notices),
        "timings_ms": dict(answer.timings_ms),
    }


def hit_to_dict(hit: Hit) -> dict:
    p = hit.passage
    return {
        "rank": hit.rank,
        "citation": hit_citation(hit),
        "doc_id": p.doc_id,
        "title": hit.meta.title,
        "paragraph": p.paragraph,
        "passage_id": p.id,
        "start": p.start,
        "end": p.end,
        "text": p.text,
        "score": round(hit.score, 6),
        "dense_score": round(hit.dense_score, 6),
        "bm25_score": round(hit.bm25_score, 6),
        "lifted": hit.lifted,
    }


def answer_to_markdown(answer: Answer) -> str:
    """The answer with its citations, ready to paste into notes."""
    lines = [f"**Q:** {_md_escape(answer.question)}", ""]
    if answer.answered:
        for q in answer.quotes:
            lines.append(f"{_md_quote(q.text)} [{q.citation}]")
        cited = {q.citation for q in answer.quotes}
        lines.append("")
        lines += [
            f"[{h.rank}] {_md_escape(hit_citation(h))} (`{h.passage.doc_id}`, chars {h.passage.start}–{h.passage.end})"
            for h in answer.hits
            if h.rank in cited
        ]
    else:
        why = ""
        if answer.unmentioned:  # say why, as the chat and the command line do
            why = ": the documents never mention " + ", ".join(f"“{_md_escape(n)}”" for n in answer.unmentioned)
        lines.append(f"_Not found in the corpus{why}._ Related passages:")
        lines.append("")
        lines += [f"- [{h.rank}] {_md_escape(hit_citation(h))} (`{h.passage.doc_id}`)" for h in answer.hits]
    return "\n".join(lines) + "\n"


def hit_to_markdown(hit: Hit) -> str:
    """One source: its citation and the passage, quoted."""
    return f"{_md_quote(hit.passage.text)}\n\n{_source_line(hit)}\n"


def _md_quote(text: str) -> str:
    """A Markdown blockquote of ``text``: every line marked, so a blank line (a quote across
    two paragraphs, a code block) does not end the quote halfway."""
    return "\n".join(f"> {_md_escape(line)}" if line.strip() else ">" for line in text.split("\n"))


def _source_line(hit: Hit) -> str:
    p = hit.passage
    return f"[{hit.rank}] {_md_escape(hit_citation(hit))} (`{p.doc_id}`, chars {p.start}–{p.end})"


def display_pieces(text: str, offset: int, highlights: list[tuple[int, int]]) -> list[tuple[str, bool]]:
    """A passage for display: ``(piece, highlighted)`` pairs, blank-line runs shown as one.

    ``highlights`` are absolute ``(start, end)`` spans (quotes) and ``offset`` is where
    ``text`` starts in its document. Only the look changes; offsets stay with the data.
    """
    import re

    marks = [False] * len(text)
    for start, end in highlights:
        for i in range(max(0, start - offset), min(len(text), end - offset)):
            marks[i] = True
    pieces: list[tuple[str, bool]] = []
    pos = 0
    for m in [*re.finditer(r"[ \t]*\n\s*\n\s*", text), None]:
        a, b = (m.start(), m.end()) if m else (len(text), len(text))
        i = pos
        while i < a:
            j = i
            while j < a and marks[j] == marks[i]:
                j += 1
            pieces.append((text[i:j], marks[i]))
            i = j
        if m:
            pieces.append(("\n\n", False))
        pos = b
    return pieces


def _md_escape(text: str) -> str:
    """Keep quoted text literal in Markdown (no accidental emphasis, links or HTML)."""
    out = []
    for ch in text:
        if ch in "\\`*_[]<>":
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)
