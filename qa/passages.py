"""Sentences and passages as exact spans of a document's text.

Passages are windows of whole sentences, so a quote never starts or ends mid-sentence, and
a window never reaches across anything that is not whitespace (furniture, a heading, a
stripped control sequence): the text between two sentences of one passage is blank by
construction, which is what keeps ``passage.text == document.text[start:end]`` honest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar, NamedTuple

from qa.documents import CONTROL_RE, Document, Span

# Words after which a full stop does not end a sentence (compared lower-case, inner dots kept).
ABBREVIATIONS = frozenset(
    """
    mr mrs ms mx dr prof st sr jr gen col lt sgt capt cmdr adm maj sen rep gov pres rev hon
    messrs mme mlle amb no nos vol vols pp fig figs approx est dept inc ltd co corp bros vs cf
    al ca ch sec art para jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu
    thur thurs fri sat sun i.e e.g u.s u.k u.n e.u u.s.a u.s.s.r a.m p.m ph.d b.a m.a d.c n.b
    viz op cit ibid
    """.split()
)

#: How a sentence opens when it continues the one before: a pronoun or a phrase that refers
#: back to it, or one that adds to it ("In addition, …"). Not a contrast ("However", "But"):
#: that opens a point of its own (docs/retrieval-and-answers.md, Continued hits). Case-sensitive: a capital marks the
#: sentence's start. Read by the answer step (a quote takes the sentence it continues) and by
#: retrieval (a hit takes the sentence that continues it).
REFERS_BACK = re.compile(
    r"(?:It|This|That|These|Those|They|He|She|His|Her|Their|Its|Such|The reason|As a result|As a final"
    r"|In response|Instead|Thus|Therefore|Hence|Consequently|Also|Moreover|Furthermore|In addition|In another)\b"
)

_END_RE = re.compile(r"(?:[.!?]+|…)[\"'”’»)\]]*")
_TOKEN_BEFORE_RE = re.compile(r"([\w.]*\w)$")
_LIST_MARKER_RE = re.compile(r"\s*(?:\d{1,3}|[A-Za-z]|[ivxlcIVXLC]{1,5})\Z")
_OPENERS = "\"'“‘«([¿¡"


class SentenceSpan(NamedTuple):
    start: int
    end: int
    paragraph: int


@dataclass(frozen=True)
class ChunkSettings:
    """How documents are cut into passages. Defaults chosen on the gold set (see docs/retrieval-and-answers.md)."""

    max_words: int = 120
    overlap_sentences: int = 2
    #: A "sentence" longer than this (a table row, a run-on line) is cut at a space.
    max_sentence_chars: int = 1000

    #: Bumped whenever the splitter or the windowing changes what the same settings produce,
    #: so indexes built by the old code are noticed as stale and rebuilt.
    ALGORITHM: ClassVar[int] = 2

    def as_dict(self) -> dict[str, int]:
        return {
            "algorithm": self.ALGORITHM,
            "max_words": self.max_words,
            "overlap_sentences": self.overlap_sentences,
            "max_sentence_chars": self.max_sentence_chars,
        }


@dataclass(frozen=True)
class Passage:
    id: str  # "<doc_id>:<start>-<end>": stable as long as the document's text is
    doc_id: str
    start: int
    end: int
    paragraph: int
    text: str
    #: The paragraph the passage ends in; 0 means the one it starts in. A window of whole
    #: sentences often runs on into the next paragraph (57 of the shipped corpus's 97 do), and a
    #: citation naming only the first sends the reader to a paragraph the quote is not in.
    last_paragraph: int = 0

    @property
    def paragraphs(self) -> tuple[int, int]:
        """The first and the last paragraph the passage touches."""
        return self.paragraph, max(self.paragraph, self.last_paragraph)


def passage_id(doc_id: str, start: int, end: int) -> str:
    return f"{doc_id}:{start}-{end}"


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]``, trimmed of whitespace.

    A full stop after an abbreviation ("Sept.", "U.S.", "i.e.") or an initial does not end
    a sentence; nor does one inside a number ("3.5") or an ellipsis. A footnote number glued
    to the end of a sentence ("meeting.1 According") stays with that sentence, and a
    sentence glued to the previous one without a space ("security.A forum") is split off.
    """
    cuts: list[int] = []
    sentence_start = start
    for m in _END_RE.finditer(text, start, end):
        if _LIST_MARKER_RE.match(text, sentence_start, m.start()):
            continue  # "1." or "iv." opening a list item is not a sentence of its own
        cut = _boundary(text, start, end, m)
        if cut is not None:
            cuts.append(cut)
            sentence_start = cut
    spans = []
    a = start
    for b in [*cuts, end]:
        chunk = text[a:b]
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk) - len(chunk.rstrip())
        if b - trail > a + lead:
            spans.append((a + lead, b - trail))
        a = b
    return spans


def _boundary(text: str, seg_start: int, seg_end: int, m: re.Match[str]) -> int | None:
    """Where a sentence ends after punctuation match ``m``, or None if it does not."""
    punct = m.group(0)
    if "…" in punct or ".." in punct:
        return None  # an ellipsis usually marks an omission inside a quoted sentence
    after = m.end()
    before = text[m.start() - 1] if m.start() > seg_start else ""
    # A footnote number glued to the sentence end: "meeting.1 According", "go.”6".
    digits = re.match(r"\d{1,3}(?=\s|$)", text[after:seg_end])
    if digits and before and not before.isdigit():
        after += digits.end()
    elif before and not before.isdigit():
        # A footnote number set off by spaces: "(CIS). 2" at the end, "protocols. 4  In".
        spaced = re.match(r"\s+\d{1,2}(?:\Z|\s{2,}(?=[A-Z]))", text[after:seg_end])
        if spaced:
            after += len(spaced.group(0).rstrip())
    if after >= seg_end:
        return None  # the segment ends here anyway
    nxt = text[after]
    if not nxt.isspace():
        # No space: only a lower-case word running into a capitalised one ("security.A forum").
        glued = (
            len(punct) == 1
            and re.search(r"[a-z]{2}$", text[seg_start : m.start()])
            and re.match(r"[A-Z](?:[a-z]|\s)", text[after : after + 2])
        )
        return after if glued else None
    j = after
    while j < seg_end and text[j].isspace():
        j += 1
    if j >= seg_end:
        return None
    first = text[j]
    if punct.startswith(".") and _abbreviation_before(text, seg_start, m.start()):
        return None
    if first.isupper() or first.isdigit() or first in _OPENERS:
        return after
    if first.islower() and punct.startswith(".") and re.search(r"[a-z]{3}$", text[seg_start : m.start()]):
        return after  # a sentence that forgot its capital letter
    return None


def _abbreviation_before(text: str, seg_start: int, dot: int) -> bool:
    token = _TOKEN_BEFORE_RE.search(text[max(seg_start, dot - 20) : dot])
    if not token:
        return False
    word = token.group(1)
    if len(word) == 1 and word.isalpha():
        return True  # an initial: "Vladimir V. Putin"
    return word.lower() in ABBREVIATIONS


def document_sentences(doc: Document, settings: ChunkSettings | None = None) -> list[SentenceSpan]:
    """Every sentence of the document's body, in order, over-long ones cut at spaces."""
    settings = settings or ChunkSettings()
    out: list[SentenceSpan] = []
    for span in doc.spans:
        out += _span_sentences(doc.text, span, settings.max_sentence_chars)
    return out


def _span_sentences(text: str, span: Span, limit: int) -> list[SentenceSpan]:
    """The sentences of one body span, over-long ones cut. A code block or table is one unit
    (cut, if over-long, at line breaks), since its full stops are not sentence ends."""
    units = [(span.start, span.end)] if span.verbatim else split_sentences(text, span.start, span.end)
    return [
        SentenceSpan(a2, b2, span.paragraph) for a, b in units for a2, b2 in _cut_long(text, a, b, limit, span.verbatim)
    ]


def _cut_long(text: str, start: int, end: int, limit: int, verbatim: bool = False) -> list[tuple[int, int]]:
    """Pieces of at most ``limit`` characters, cut at a space (a code block: at a line break
    where it can, so no line of code is cut in two)."""
    pieces = []
    while end - start > limit:
        cut = text.rfind("\n", start + limit // 2, start + limit) if verbatim else -1
        if cut <= start:
            cut = text.rfind(" ", start + limit // 2, start + limit)
        if cut <= start:
            cut = start + limit
        piece_end = cut  # a hard cut can land after other whitespace (a no-break space): trim it
        while piece_end > start and text[piece_end - 1].isspace():
            piece_end -= 1
        if piece_end > start:
            pieces.append((start, piece_end))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        pieces.append((start, end))
    return pieces


def sentence_runs(doc: Document, sentences: list[SentenceSpan]) -> list[list[SentenceSpan]]:
    """Group sentences into runs with only whitespace between neighbours: a passage may
    cross a paragraph break, but never furniture, a heading or a control sequence."""
    runs: list[list[SentenceSpan]] = []
    for s in sentences:
        if runs and _blank_between(doc.text, runs[-1][-1].end, s.start):
            runs[-1].append(s)
        else:
            runs.append([s])
    return runs


def _blank_between(text: str, a: int, b: int) -> bool:
    # str.isspace() counts some control characters (NEL, file separators) as space.
    gap = text[a:b]
    return a <= b and (not gap or (gap.isspace() and CONTROL_RE.search(gap) is None))


def make_passages(doc: Document, settings: ChunkSettings | None = None) -> list[Passage]:
    """Windows of whole sentences of about ``max_words`` words, overlapping by
    ``overlap_sentences`` so an answer that straddles two windows is whole in one of them."""
    settings = settings or ChunkSettings()
    passages: list[Passage] = []
    for run in sentence_runs(doc, document_sentences(doc, settings)):
        words = [len(doc.text[s.start : s.end].split()) for s in run]
        i = 0
        while i < len(run):
            j, total = i, 0
            while j < len(run) and (j == i or total + words[j] <= settings.max_words):
                total += words[j]
                j += 1
            start, end = run[i].start, run[j - 1].end
            passages.append(
                Passage(
                    id=passage_id(doc.doc_id, start, end),
                    doc_id=doc.doc_id,
                    start=start,
                    end=end,
                    paragraph=run[i].paragraph,
                    text=doc.text[start:end],
                    last_paragraph=run[j - 1].paragraph,
                )
            )
            if j >= len(run):
                break
            # Overlap by up to ``overlap_sentences``, but never so much that sentence j (the
            # first one not yet in a window) no longer fits: each window must add something,
            # or a long sentence makes windows that lie wholly inside the previous one.
            i = max(j - settings.overlap_sentences, i + 1)
            while i < j and sum(words[i : j + 1]) > settings.max_words:
                i += 1
    return passages


def passage_sentences(
    doc: Document, start: int, end: int, settings: ChunkSettings | None = None
) -> list[SentenceSpan]:
    """The sentences of one passage (the answer step picks its quotes among these).

    Splits only the paragraphs the passage touches, so it costs the same on a long document
    as on a short one, and gives exactly the sentences ``document_sentences`` gives there.
    """
    settings = settings or ChunkSettings()
    out: list[SentenceSpan] = []
    for span in doc.spans:
        if span.end <= start or span.start >= end:
            continue
        inner = _span_sentences(doc.text, span, settings.max_sentence_chars)
        out += [s for s in inner if start <= s.start and s.end <= end]
    return out
