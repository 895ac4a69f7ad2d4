"""Shared checks and the tally of the hardening suites (``tests/test_hardening_*.py``).

Every hostile input a test feeds in and every fault it injects is counted here *after* the
test has checked that it was survived (a clear error or a sound answer, nothing lost). When
``QA_ROBUSTNESS_REPORT`` names a file, the counts are added to it as JSON at exit, which is
how ``scripts/robustness.py`` gets the figures the README states.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import json
import os
import re
from collections import Counter
from pathlib import Path

from qa.documents import CONTROL_RE

REPORT_ENV = "QA_ROBUSTNESS_REPORT"

#: kind → how many were tried and survived. Kinds: "questions", "documents", "file names",
#: "corpora", "index faults", "concurrent questions", "chat inputs".
TALLY: Counter[str] = Counter()


def survived(kind: str, n: int = 1) -> None:
    """Count ``n`` inputs or faults of ``kind`` that a test has just seen handled correctly."""
    TALLY[kind] += n


@atexit.register
def _write_report() -> None:
    target = os.environ.get(REPORT_ENV)
    if not target or not TALLY:
        return
    path = Path(target)
    with path.open("a+", encoding="utf-8") as fh:  # several pytest processes may add to it
        fcntl.flock(fh, fcntl.LOCK_EX)
        fh.seek(0)
        try:
            total = Counter(json.loads(fh.read() or "{}"))
        except json.JSONDecodeError:
            total = Counter()
        total.update(TALLY)
        fh.seek(0)
        fh.truncate()
        fh.write(json.dumps(dict(sorted(total.items())), indent=1))


# --------------------------------------------------------------------------- checks

#: Bytes a terminal would act on: ESC, the C1 controls (UTF-8 encoded) and the bidi controls.
_TERMINAL_BYTES = re.compile(
    rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]|\xd8\x9c"
)


def terminal_controls(raw: bytes) -> list[bytes]:
    """Every byte sequence in ``raw`` that would steer a terminal (empty: safe to print)."""
    return [m.group() for m in _TERMINAL_BYTES.finditer(raw)]


def assert_clean_text(text: str) -> None:
    assert CONTROL_RE.search(text) is None, repr(text[:200])
    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in text), "lone surrogate in output"
    text.encode("utf-8")  # strict: everything shown or written must be valid UTF-8


def assert_sound_answer(engine, answer, corpus: Path | None = None) -> None:
    """An answer the product may show: exact spans, clean text, valid and encodable JSON."""
    from qa.render import answer_to_dict

    assert_clean_text(answer.question)
    for notice in answer.notices:
        assert_clean_text(notice)
    for quote in answer.quotes:
        doc = engine.document(quote.doc_id)
        assert doc.text[quote.start : quote.end] == quote.text
        assert_clean_text(quote.text)
    for hit in answer.hits:
        p = hit.passage
        doc = engine.document(p.doc_id)
        assert doc.text[p.start : p.end] == p.text
        assert_clean_text(p.text)
        assert_clean_text(hit.meta.title)
        assert_clean_text(p.doc_id)
        if corpus is not None:
            with open(corpus / p.doc_id, encoding="utf-8") as fh:
                assert fh.read()[p.start : p.end] == p.text
    if not answer.answered:
        assert answer.quotes == ()
    record = answer_to_dict(answer)
    assert json.loads(json.dumps(record, ensure_ascii=False).encode("utf-8")) == record


def assert_json_lines(raw: bytes) -> list[dict]:
    """Every line of ``raw`` is one valid JSON object, and no byte could steer a terminal."""
    assert terminal_controls(raw) == []
    records = []
    for line in raw.decode("utf-8").splitlines():
        record = json.loads(line)
        assert isinstance(record, dict)
        records.append(record)
    return records


def assert_exact_on_disk(record: dict, corpus: Path) -> None:
    """Offsets in a JSON answer index the file exactly as ``open(...).read()`` returns it."""
    for q in record.get("answer", []):
        with open(corpus / q["doc_id"], encoding="utf-8") as fh:
            assert fh.read()[q["start"] : q["end"]] == q["quote"]
    for p in record.get("passages", []):
        with open(corpus / p["doc_id"], encoding="utf-8") as fh:
            assert fh.read()[p["start"] : p["end"]] == p["text"]


@contextlib.contextmanager
def env(**values: str | None):
    """Set (or with None, remove) environment variables for the block."""
    old = {k: os.environ.get(k) for k in values}
    try:
        for k, v in values.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
