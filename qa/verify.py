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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

#: The lists of an answer object that hold cited spans, and the key of each span's text.
_SPAN_LISTS = (("answer", "quote"), ("passages", "text"), ("closest", "quote"))


class RecordError(ValueError):
    """A line that is not an answer object as ``qa ask --json`` writes it."""


@dataclass(frozen=True)
class CitedSpan:
    """One quote or passage of a saved answer: what it says, and where it says it came from."""

    where: str  # "answer 1", "passage 3", "closest 2"
    doc_id: str
    start: int
    end: int
    text: str


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
    if not isinstance(record, dict) or not any(isinstance(record.get(key), list) for key, _ in _SPAN_LISTS):
        raise RecordError("not an answer from qa ask --json (no answer or passages)")
    spans = []
    for key, text_key in _SPAN_LISTS:
        items = record.get(key) or []
        if not isinstance(items, list):
            raise RecordError(f"'{key}' is not a list")
        name = {"answer": "answer", "passages": "passage", "closest": "closest"}[key]
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


def _is_offset(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def read_records(text: str) -> Iterator[tuple[int, object]]:
    """(line number, parsed value) for JSON lines, or for one JSON document (``qa ask --json``
    piped through a pretty-printer), whose items count from line 1 if it is a list."""
    try:
        whole = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        whole = None
    else:
        yield from ((1, item) for item in (whole if isinstance(whole, list) else [whole]))
        return
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield n, json.loads(line)
        except (json.JSONDecodeError, RecursionError):
            yield n, RecordError("not JSON")


def verify(records: Iterable[tuple[int, object]], corpus: Path) -> Verification:
    """Check every cited span of ``records`` against the files under ``corpus``."""
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
            spans = cited_spans(record)
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
                result.mismatches.append(Mismatch(line, span, reason))
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
    if text[span.start : span.end] == span.text:
        return ""
    if span.end > len(text):
        where = f"characters {span.start}–{span.end} lie past the end of the file ({len(text)} characters)"
    else:
        where = f"characters {span.start}–{span.end} hold other text now"
    moved = text.find(span.text) if span.text else -1
    if moved >= 0:
        return f"{where}; the text is at {moved}–{moved + len(span.text)}"
    return f"{where}; the file no longer holds the text"
