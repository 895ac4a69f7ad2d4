"""Checking saved answers against the files they cite (``qa verify``).

A citation is worth something only if a reader can check it. ``qa ask --json`` and
``--jsonl`` record every quote and passage with the file and the character offsets it came
from; a note or a script that keeps them can be checked again later, when the documents may
have been edited, moved or replaced. This re-reads each cited file exactly as the promise is
stated (``open(path, encoding="utf-8").read()``) and says which spans no longer hold the text
recorded, and where that text is now when the file still holds it elsewhere. It needs no
index and no model, so it is fast and can run anywhere the files are.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from qa.markdown_escape import unescape

#: The lists of an answer object that hold cited spans, the key of each span's text, and what
#: a report calls one.
_SPAN_LISTS = (("answer", "quote", "answer"), ("passages", "text", "passage"), ("closest", "quote", "closest"))


class RecordError(ValueError):
    """A line that is not an answer object as ``qa ask --json`` writes it."""


@dataclass(frozen=True)
class CitedSpan:
    """One quote or passage of a saved answer: what it says, and where it says it came from."""

    where: str  # "answer 1", "passage 3", "closest 2"; in notes "quote 1", "source 2", "closest 3"
    doc_id: str
    start: int
    end: int
    text: str
    #: How the text must match: "exact" (``text == document_text[start:end]``: JSON, and a
    #: source copied whole), "within" (a quote in notes lies inside the passage it cites, whose
    #: span the notes give), "loose" (a closest sentence in notes, whose whitespace the notes
    #: collapse, lies inside its passage).
    mode: str = "exact"
    line: int = 0  # in notes, the line the quote starts on


@dataclass(frozen=True)
class Mismatch:
    """A cited span its file does not hold (any more), with the reason in a reader's words."""

    line: int
    span: CitedSpan
    reason: str


@dataclass
class Verification:
    """What a run checked: answers read, spans checked, and every span that failed."""

    answers: int = 0
    spans: int = 0
    skipped: int = 0  # lines recording a question that could not be asked ({"error": …})
    mismatches: list[Mismatch] = field(default_factory=list)
    bad_lines: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.mismatches and not self.bad_lines


def cited_spans(record: object) -> list[CitedSpan]:
    """Every quote and passage an answer object cites, in the order it lists them."""
    if not isinstance(record, dict) or not any(isinstance(record.get(key), list) for key, _, _ in _SPAN_LISTS):
        raise RecordError("not an answer from qa ask --json (no answer or passages)")
    spans = []
    for key, text_key, name in _SPAN_LISTS:
        items = record.get(key) or []
        if not isinstance(items, list):
            raise RecordError(f"'{key}' is not a list")
        for n, item in enumerate(items, 1):
            if not isinstance(item, dict):
                raise RecordError(f"{name} {n} is not an object")
            doc_id, start, end, text = (item.get(k) for k in ("doc_id", "start", "end", text_key))
            if not (isinstance(doc_id, str) and isinstance(text, str)):
                raise RecordError(f"{name} {n} has no doc_id or {text_key}")
            if not (_is_offset(start) and _is_offset(end)) or end < start:
                raise RecordError(f"{name} {n} has no valid start and end")
            spans.append(CitedSpan(f"{name} {n}", doc_id, start, end, text))
    return spans


def _is_spans(record: object) -> bool:
    """A record already read into spans (from notes, ``notes_records``)."""
    return isinstance(record, list) and bool(record) and all(isinstance(x, CitedSpan) for x in record)


def _is_offset(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def read_records(text: str) -> Iterator[tuple[int, object]]:
    """(line number, parsed value) for JSON lines, or for one JSON document (``qa ask --json``
    piped through a pretty-printer), whose items count from line 1 if it is a list."""
    try:
        whole = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        pass
    else:
        yield from ((1, item) for item in (whole if isinstance(whole, list) else [whole]))
        return
    # Split at "\n" only: JSON may hold a raw U+2028 in a string, where ``splitlines`` cuts.
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            yield n, json.loads(line)
        except (json.JSONDecodeError, RecursionError):
            yield n, RecordError("not JSON")


def verify(records: Iterable[tuple[int, object]], corpus: Path) -> Verification:
    """Check every cited span of ``records`` against the files under ``corpus``: answer objects
    (``read_records``) or notes already read into spans (``notes_records``)."""
    result = Verification()
    texts: dict[str, str | _Unreadable] = {}  # each file read once per run
    root = corpus.resolve()
    for line, record in records:
        if isinstance(record, RecordError):
            result.bad_lines.append((line, str(record)))
            continue
        if isinstance(record, dict) and "error" in record and "answer" not in record:
            result.skipped += 1
            continue
        try:
            spans = record if _is_spans(record) else cited_spans(record)
        except RecordError as exc:
            result.bad_lines.append((line, str(exc)))
            continue
        result.answers += 1
        for span in spans:
            result.spans += 1
            if span.doc_id not in texts:
                texts[span.doc_id] = _read(root, span.doc_id)
            reason = _check(texts[span.doc_id], span)
            if reason:
                result.mismatches.append(Mismatch(span.line or line, span, reason))
    return result


@dataclass(frozen=True)
class _Unreadable:
    reason: str


def _read(root: Path, doc_id: str) -> str | _Unreadable:
    """The file's text as the promise states it, or why it cannot be read."""
    path = root / doc_id
    try:
        if Path(doc_id).is_absolute() or ".." in Path(doc_id).parts:
            return _Unreadable("the file is not a path inside the corpus folder")
        if path.is_symlink():
            return _Unreadable("the file is a symbolic link (links are never indexed)")
        if not path.is_file():
            return _Unreadable(f"the file is missing from {root}")
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except UnicodeDecodeError:
        return _Unreadable("the file is no longer UTF-8 text")
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        return _Unreadable(f"the file cannot be read ({getattr(exc, 'strerror', None) or exc})")


def _check(text: str | _Unreadable, span: CitedSpan) -> str:
    """Why ``span`` fails, or "" when the file holds its text exactly where it says."""
    if isinstance(text, _Unreadable):
        return text.reason
    cited = text[span.start : span.end]
    if span.mode == "exact" and cited == span.text:
        return ""
    if span.mode == "within" and span.text and span.text in cited:
        return ""
    if span.mode == "loose" and _collapsed(span.text) and _collapsed(span.text) in _collapsed(cited):
        return ""
    past = span.end > len(text)
    if past:
        where = f"characters {span.start}–{span.end} lie past the end of the file ({len(text)} characters)"
    else:
        where = f"characters {span.start}–{span.end} hold other text now"
    if span.mode != "exact":
        if past:
            return where
        found = span.text in text if span.mode == "within" else _collapsed(span.text) in _collapsed(text)
        elsewhere = "; the file holds it elsewhere" if found else "; the file no longer holds the text"
        return f"the text is no longer within characters {span.start}–{span.end}{elsewhere}"
    moved = text.find(span.text) if span.text else -1
    if moved >= 0:
        return f"{where}; the text is at {moved}–{moved + len(span.text)}"
    return f"{where}; the file no longer holds the text"


def _collapsed(text: str) -> str:
    return " ".join(text.split())


# ------------------------------------------------------------------ notes in Markdown

#: A source line as ``qa ask --markdown``, the chat's copy and its export write it:
#: "[1] Title — Author, date, ¶6–7 (`doc.txt`, chars 5092–6083)", or "- [1] …" under a
#: declined answer.
_SOURCE = re.compile(r"^(?P<item>- )?\[(?P<n>\d+)\] .*\(`(?P<doc>[^`]+)`, chars (?P<start>\d+)–(?P<end>\d+)\)\s*$")
#: The citation marker ending a quote: "[1]" or "[1, ¶10]".
_MARKER = re.compile(r" \[(?P<n>\d+)(?:, ¶\d+(?:–\d+)?)?\]\s*$")
_QUOTE_LINE = re.compile(r"^(?: {2})?>(?: (?P<text>.*))?$")


def looks_like_notes(text: str) -> bool:
    """Whether ``text`` holds Markdown written by qa: at least one source line."""
    return any(_SOURCE.match(line.removesuffix("\r")) for line in text.split("\n"))


def notes_records(text: str) -> Iterator[tuple[int, list[CitedSpan] | RecordError]]:
    """The cited spans of Markdown notes, one record per answer (from its "**Q:**" line) or
    copied source: each quote lies within the passage its marker cites, a source copied whole
    is its span exactly, and a declined answer's closest sentence lies within its passage.
    Lines the notes' owner wrote around them are left alone."""
    group: list[_NoteQuote] = []
    sources: dict[int, tuple[str, int, int]] = {}
    buffer: list[str] = []
    first = group_line = 0
    item: int | None = None  # the "- [n]" list item (a declined answer's) a quote belongs to

    def close_quote(marker: int | None) -> None:
        if buffer:
            group.append(_NoteQuote(first, "\n".join(buffer), marker, item))
            buffer.clear()

    def flush() -> Iterator[tuple[int, list[CitedSpan] | RecordError]]:
        nonlocal item
        close_quote(None)
        record = _notes_spans(group, sources)
        if record:  # quotes of the owner's own, citing nothing, are not qa's to check
            yield group_line, record
        group.clear()
        sources.clear()
        item = None

    # Lines as the notes were written ("\n"; a "\r" before it is an editor's), not
    # ``splitlines``, which would also cut a quote at a U+2028 the document holds.
    for n, line in enumerate((line.removesuffix("\r") for line in text.split("\n")), 1):
        if line.startswith("**Q:**"):
            yield from flush()
            group_line = n
            continue
        quoted = _QUOTE_LINE.match(line)
        if quoted:
            first = first if buffer else n
            body = quoted["text"] or ""
            marker = None if line.startswith("  ") else _MARKER.search(body)
            buffer.append(unescape(body[: marker.start()] if marker else body))
            if marker:
                close_quote(int(marker["n"]))
            continue
        close_quote(None)
        source = _SOURCE.match(line)
        if not source:
            continue
        number, span = int(source["n"]), (source["doc"], int(source["start"]), int(source["end"]))
        if not source["item"] and group and group[-1].marker is None and group[-1].item is None:
            copied = group.pop()  # a source copied whole: its passage, then its source line
            yield from flush()
            yield copied.line, [CitedSpan(f"source {number}", *span, copied.text, line=copied.line)]
            group_line = 0
            continue
        group_line = group_line or n
        sources[number] = span
        if source["item"]:
            item = number
    yield from flush()


@dataclass(frozen=True)
class _NoteQuote:
    line: int
    text: str
    marker: int | None  # the [n] ending it, if any
    item: int | None  # the list item it is indented under, if any


def _notes_spans(group: list[_NoteQuote], sources: dict[int, tuple[str, int, int]]) -> list[CitedSpan] | RecordError:
    spans = []
    for k, quote in enumerate(group, 1):
        if quote.marker is not None:
            if quote.marker not in sources:
                return RecordError(f"the quote on line {quote.line} cites [{quote.marker}], not listed in the notes")
            spans.append(CitedSpan(f"quote {k}", *sources[quote.marker], quote.text, "within", quote.line))
        elif quote.item is not None:
            spans.append(CitedSpan(f"closest {quote.item}", *sources[quote.item], quote.text, "loose", quote.line))
    return spans
