"""Reference documentation: a heading names a thing, and its section's first sentence says
what it is.

"What does pyenv rehash do?" is answered in pyenv's command reference by the sentence right
under "## `pyenv rehash`": "Installs shims for all Python binaries known to pyenv". The
encoder prefers sentences further down that repeat the command's name ("Run this command after
you install a new version of Python"), because the answer itself never names it: the heading
does. Node.js's API reference has the same shape ("## `path.basename(path[, suffix])`", its
parameter list, then "The `path.basename()` method returns the last portion of a `path`").
So a question of the form "What does X do / return / show …?" or "What is X?", where X is
exactly what a heading names, is answered by that section's first sentence of prose, when
the answer step's candidates hold it. A heading may also ask the question itself: an FAQ's
"## How do I reset my password?", a README's "What is libffi?"; then any sentence of its
section may answer it (the best scored), whatever its cosine. Headings are Markdown ATX
headings and setext ones (a short line underlined with "===" or "---", in plain text too); a
corpus without them (the shipped articles, benchmark records) is never affected.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa.bm25 import ENGLISH_STOPWORDS
from qa.documents import LIST_ITEM_RE, Document, Span, heading_lines, headings

_ASKS_WHAT = re.compile(
    r"^\W*what\s+(?:does|do|is|are)\s+(?:the\s+)?(?P<x>.+?)"
    r"(?:\s+(?:command|function|method|property|option|setting|variable|subcommand))?"
    r"(?:\s+(?:do|return|show|display|list|print|output|mean|provide|contain|hold|stand\s+for|used\s+for|for))?"
    r"\s*\?*\s*$",
    re.I,
)
_CODE_SPAN = re.compile(r"`([^`]+)`")
_WORD = re.compile(r"\w+")
_STOP = frozenset(ENGLISH_STOPWORDS)


def asked_subject(question: str) -> tuple[str, ...] | None:
    """The words of X in "What does X do?" / "What is X?", lower case; None for other questions."""
    match = _ASKS_WHAT.match(question)
    if not match:
        return None
    words = tuple(_WORD.findall(match.group("x").lower()))
    return words or None


def heading_subject(heading: str) -> tuple[str, ...]:
    """What a heading names: its first code span up to any argument list ("`path.basename(path)`"
    names path.basename), else the heading itself."""
    code = _CODE_SPAN.search(heading)
    named = code.group(1).split("(", 1)[0] if code else heading
    return tuple(_WORD.findall(named.lower()))


def lead_starts(subject: tuple[str, ...], doc: Document) -> list[int]:
    """Where the first sentence of prose starts in each section of ``doc`` whose heading names
    ``subject`` (code blocks, tables and list items do not count as prose: Node.js lists a
    function's parameters before saying what it does)."""
    # Reads only the headings that hold the subject's last word: a changelog has hundreds.
    lines = heading_lines(doc)
    leads = []
    for n, (start, end) in enumerate(lines):
        if subject[-1] not in doc.text[start:end].lower():
            continue
        found = headings(doc, [(start, end)])
        if not found or heading_subject(found[0][2]) != subject:
            continue
        stop = lines[n + 1][0] if n + 1 < len(lines) else len(doc.text)
        first = next((s for s in doc.spans if end <= s.start < stop and _prose(doc, s)), None)
        if first is not None:
            leads.append(first.start)
    return leads


def _prose(doc: Document, span: Span) -> bool:
    """Whether a span can lead its section: a parameter list or a code block is what follows
    the lead, not what says what the thing is."""
    return not span.verbatim and not LIST_ITEM_RE.match(doc.text, span.start)


def section_leads(subject: tuple[str, ...], doc: Document, starts: Sequence[int]) -> list[bool]:
    """Per position, whether a sentence starting there is a section lead (``lead_starts``)."""
    leads = set(lead_starts(subject, doc))
    return [pos in leads for pos in starts]


def asked_words(text: str) -> frozenset[str]:
    """What a question asks about, as its words less the asking ones ("how", "do", "I", "my"),
    lower case, a plural's "s" aside: "How do I reset my password?" and "how can i reset my
    password" ask alike."""
    return frozenset(w.rstrip("s") or w for w in _WORD.findall(text.lower()) if w not in _STOP)


def asking_sections(asked: frozenset[str], doc: Document) -> list[tuple[int, int]]:
    """Where the sections are whose heading asks what ``asked`` (``asked_words`` of a question)
    holds, from the heading's end to the next heading: an FAQ ("## How do I reset my
    password?") or a README ("What is libffi?" / "===============") answers right under it,
    however its sentences read alone."""
    # Most documents have no heading that asks anything: a look at each skipped line's last
    # character rules them out before their headings are read (this runs on every question).
    text = doc.text
    if not asked or not any(s.reason == "heading or menu" and text[s.end - 1] == "?" for s in doc.skipped):
        return []
    lines = heading_lines(doc)
    out = []
    for n, (start, end) in enumerate(lines):
        if text[end - 1] != "?":
            continue
        found = headings(doc, [(start, end)])
        if found and found[0][2].endswith("?") and asked_words(found[0][2]) == asked:
            out.append((end, lines[n + 1][0] if n + 1 < len(lines) else len(text)))
    return out


def in_asking_sections(question: str, doc: Document, starts: Sequence[int]) -> list[bool]:
    """Per position, whether a sentence starting there lies in a section whose heading asks
    ``question`` (``asking_sections``)."""
    sections = asking_sections(asked_words(question), doc)
    return [any(a <= pos < b for a, b in sections) for pos in starts]
