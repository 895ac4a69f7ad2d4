"""Loading a folder of documents: the text exactly as Python reads it, plus where its body is.

The core promise is that every passage and quote equals ``document.text[start:end]`` where
``document.text`` is what ``open(path, encoding="utf-8").read()`` returns. So nothing here
ever edits the text: page furniture (menus, repeated captions, subscription prompts,
reference lists) and terminal control sequences are *marked* — everything outside
``Document.spans`` is simply never used as a passage — and offsets stay exact.
"""

from __future__ import annotations

import hashlib
import os
import re
import tomllib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

TEXT_SUFFIXES = (".txt", ".md")
CATALOG_NAME = "catalog.toml"
#: Files above this size are skipped with a warning: embedding them would take hours on a CPU.
MAX_FILE_BYTES = 64 * 1024 * 1024

# Terminal control: ANSI/OSC/DCS escape sequences, other C0/C1 controls (tab and newline are
# text), bidi overrides and a stray BOM. Documents and questions are data: none of this may
# reach a terminal, and none of it belongs in a passage.
CONTROL_RE = re.compile(
    r"\x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # OSC ... BEL/ST (also unterminated)
    r"|\x1b[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c)?"  # DCS / SOS / PM / APC strings
    r"|\x1b\[[0-?]*[ -/]*[@-~]?"  # CSI
    r"|\x1b[ -/]*[0-~]?"  # other ESC sequences, or a lone ESC
    r"|\x9b[0-?]*[ -/]*[@-~]?"  # 8-bit CSI
    r"|[\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x9c)?"  # 8-bit DCS/SOS/OSC/PM/APC
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]"  # remaining C0 / DEL / C1
    r"|[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb]"  # bidi, BOM
)

_TERMINAL_PUNCT_RE = re.compile(r"[.!?…][\"'”’»)\]]*\d{0,3}$")
_WORD_RE = re.compile(r"\w+", re.UNICODE)
_LIST_MARKER_RE = re.compile(r"^\s*(?:[-*+•]\s|#{1,6}\s|\d{1,3}[.)]\s)")
_FOOTNOTE_RE = re.compile(r"^\s*(\d{1,3})[\s.)]")
_PROMPT_RE = re.compile(
    r"\b(subscribe|newsletter|sign[ -]?up|cookies?|share (this|on)|follow us|"
    r"all rights reserved|click here|read more|related (posts|articles)|similar posts|"
    r"also available in|advertisement|log ?in|print this)\b",
    re.IGNORECASE,
)
# A photo caption ends with a credit in brackets: "(Jane Doe/Getty Images)", "(… via AP)".
_CAPTION_RE = re.compile(
    r"\([^()]*(?:\w/\w|\bvia\b|\bphoto|\bgetty\b|\bimages\b|\bcredit\b)[^()]*\)$",
    re.IGNORECASE,
)
#: A line without sentence-ending punctuation and fewer words than this is a heading, a menu
#: entry, a byline or a date, not body text.
HEADING_MAX_WORDS = 16
#: Hard-wrapped text has lines about this long; a line of this length continues onto the next.
_WRAP_MIN, _WRAP_MAX = 40, 100


@dataclass(frozen=True)
class DocumentMeta:
    """What a citation shows. Empty fields are left out of citations rather than guessed."""

    title: str
    authors: tuple[str, ...] = ()
    publisher: str = ""
    date: str = ""


@dataclass(frozen=True)
class Span:
    """A clean stretch of body text: no control characters inside, trimmed of whitespace."""

    start: int
    end: int
    paragraph: int  # 1-based number among the document's body paragraphs


@dataclass(frozen=True)
class Skipped:
    """A stretch of the file that is not body text, and why — kept so a reader can audit it."""

    start: int
    end: int
    reason: str


@dataclass(frozen=True)
class Document:
    doc_id: str  # path relative to the corpus folder, with forward slashes
    text: str
    meta: DocumentMeta
    fingerprint: str  # sha256 of the file's bytes
    spans: tuple[Span, ...]
    skipped: tuple[Skipped, ...] = ()

    @property
    def paragraph_count(self) -> int:
        return self.spans[-1].paragraph if self.spans else 0


@dataclass(frozen=True)
class Corpus:
    root: Path | None
    documents: tuple[Document, ...]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class FileState:
    """Cheap identity of a file on disk, used to notice a changed corpus without reading it."""

    doc_id: str
    size: int
    mtime_ns: int


@dataclass
class _Para:
    start: int
    end: int
    key: str = ""
    reason: str = ""
    words: int = 0
    first_line: str = field(default="", repr=False)


class CorpusError(Exception):
    """The corpus folder cannot be used at all (missing, not a folder, unreadable)."""


def strip_controls(text: str) -> str:
    """The text with every terminal control sequence removed: safe to print or to embed."""
    return CONTROL_RE.sub("", text)


def fingerprint_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def decode_text(data: bytes) -> str:
    """Decode exactly as ``open(path, encoding="utf-8").read()`` would (universal newlines)."""
    return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def scan_files(root: Path) -> Iterator[tuple[str, Path]]:
    """Yield ``(doc_id, path)`` for every text file under ``root``, in a stable order.

    Symlinks are never followed (a link could point anywhere on the machine), hidden files
    and folders are ignored, and the order is by relative path so builds are reproducible.
    """
    found: list[tuple[str, Path]] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            if name.startswith(".") or not name.lower().endswith(TEXT_SUFFIXES):
                continue
            path = Path(dirpath) / name
            found.append((path.relative_to(root).as_posix(), path))
    found.sort(key=lambda item: item[0])
    yield from found


def file_states(root: Path) -> list[FileState]:
    """Size and modification time of every candidate file: the cheap half of staleness checks."""
    states = []
    for doc_id, path in scan_files(root):
        try:
            st = path.lstat()
        except OSError:
            continue
        states.append(FileState(doc_id, st.st_size, st.st_mtime_ns))
    return states


def load_catalog(root: Path) -> tuple[dict[str, DocumentMeta], list[str]]:
    """Read ``catalog.toml`` (optional). A broken catalog warns; it never stops a build."""
    path = root / CATALOG_NAME
    if not path.is_file():
        return {}, []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return {}, [f"{CATALOG_NAME}: ignored, cannot be read ({exc})"]
    catalog: dict[str, DocumentMeta] = {}
    warnings: list[str] = []
    for doc_id, entry in data.items():
        if not isinstance(entry, dict):
            warnings.append(f"{CATALOG_NAME}: entry {doc_id!r} is not a table; ignored")
            continue
        authors = entry.get("authors", ())
        if isinstance(authors, str):
            authors = (authors,)
        catalog[doc_id] = DocumentMeta(
            title=strip_controls(str(entry.get("title", ""))).strip(),
            authors=tuple(strip_controls(str(a)).strip() for a in authors),
            publisher=strip_controls(str(entry.get("publisher", ""))).strip(),
            date=strip_controls(str(entry.get("date", ""))).strip(),
        )
    return catalog, warnings


def load_corpus(
    root: str | Path,
    *,
    on_file: Callable[[int, int], None] | None = None,
    max_bytes: int = MAX_FILE_BYTES,
) -> Corpus:
    """Load every usable text file under ``root``.

    Unusable files (binary, not UTF-8, empty, too large, vanished, a link out of the
    folder, a duplicate of an earlier file) are skipped with a warning that names them;
    the rest load. Only a missing or unreadable folder is an error.
    """
    root = Path(root)
    if not root.exists():
        raise CorpusError(f"corpus folder not found: {root}")
    if not root.is_dir():
        raise CorpusError(f"corpus is not a folder: {root}")
    try:
        files = list(scan_files(root))
    except OSError as exc:
        raise CorpusError(f"cannot read corpus folder {root}: {exc}") from exc

    catalog, warnings = load_catalog(root)
    documents: list[Document] = []
    seen: dict[str, str] = {}
    for n, (doc_id, path) in enumerate(files, 1):
        if on_file:
            on_file(n, len(files))
        doc, problem = _load_file(doc_id, path, catalog.get(doc_id), max_bytes)
        if problem:
            warnings.append(f"skipped {doc_id}: {problem}")
            continue
        assert doc is not None
        if doc.fingerprint in seen:
            warnings.append(f"skipped {doc_id}: same content as {seen[doc.fingerprint]}")
            continue
        seen[doc.fingerprint] = doc_id
        documents.append(doc)
    return Corpus(root=root, documents=tuple(documents), warnings=tuple(warnings))


def _load_file(doc_id: str, path: Path, meta: DocumentMeta | None, max_bytes: int) -> tuple[Document | None, str]:
    try:
        if path.is_symlink():
            return None, "symbolic link (not followed)"
        size = path.stat().st_size
        if size > max_bytes:
            return None, f"too large ({size / 2**20:.0f} MiB; the limit is {max_bytes / 2**20:.0f} MiB)"
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        return None, f"cannot be read ({exc.strerror or exc})"
    if b"\x00" in data[:8192]:
        return None, "binary file"
    try:
        text = decode_text(data)
    except UnicodeDecodeError as exc:
        return None, f"not UTF-8 text (bad byte at offset {exc.start})"
    if not text.strip():
        return None, "empty"
    doc = make_document(doc_id, text, meta=meta, fingerprint=fingerprint_bytes(data))
    if not doc.spans:
        return None, "no body text (only headings, menus or control characters)"
    return doc, ""


def make_document(
    doc_id: str,
    text: str,
    *,
    meta: DocumentMeta | None = None,
    fingerprint: str | None = None,
    furniture: bool = True,
) -> Document:
    """Build a Document from text already in memory (a file's contents, or a benchmark record).

    ``furniture=False`` is for clean records such as benchmark documents: the page-furniture
    rules were written for scraped web pages and would drop a short title line without final
    punctuation as a "heading", so every paragraph with a word in it stays body text. Control
    sequences are still marked and kept out of passages.
    """
    paras = _paragraphs(text)
    if furniture:
        _classify(text, paras)
    else:
        for p in paras:
            p.reason = "" if _WORD_RE.search(p.key) else "no words"
    controls = [m.span() for m in CONTROL_RE.finditer(text)]
    spans: list[Span] = []
    skipped: list[Skipped] = []
    number = 0
    for p in paras:
        if p.reason:
            skipped.append(Skipped(p.start, p.end, p.reason))
            continue
        pieces = _subtract(p.start, p.end, controls, text)
        if not pieces:
            skipped.append(Skipped(p.start, p.end, "control characters only"))
            continue
        number += 1
        spans.extend(Span(a, b, number) for a, b in pieces)
    skipped.extend(Skipped(a, b, "control sequence") for a, b in controls)
    skipped.sort(key=lambda s: (s.start, s.end))
    if meta is None or not meta.title:
        title = _default_title(text, paras, doc_id)
        meta = DocumentMeta(title=title) if meta is None else _with_title(meta, title)
    return Document(
        doc_id=doc_id,
        text=text,
        meta=meta,
        fingerprint=fingerprint or fingerprint_bytes(text.encode("utf-8", "surrogatepass")),
        spans=tuple(spans),
        skipped=tuple(skipped),
    )


def _with_title(meta: DocumentMeta, title: str) -> DocumentMeta:
    return DocumentMeta(title=title, authors=meta.authors, publisher=meta.publisher, date=meta.date)


def _default_title(text: str, paras: list[_Para], doc_id: str) -> str:
    """The first line that reads like a title, else the file name."""
    for p in paras:
        line = " ".join(strip_controls(p.first_line).split())
        if line and p.reason not in ("footnote",) and len(line) <= 200 and p.words <= 30:
            return line.lstrip("#").strip() or doc_id
    return Path(doc_id).stem


def _paragraphs(text: str) -> list[_Para]:
    """Split text into paragraphs: blank lines separate them, and so does any line break after
    a line that is not hard-wrapped (a line break in prose written one paragraph per line)."""
    paras: list[_Para] = []
    cur: _Para | None = None
    prev_len = 0
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        visible = strip_controls(line).strip()
        if not visible:
            cur = None
            continue
        # Hard-wrapped prose: both lines about one wrap width long (the last line of a
        # wrapped paragraph may be shorter, so only the previous line has a minimum).
        wrapped = _WRAP_MIN <= prev_len <= _WRAP_MAX and len(visible) <= _WRAP_MAX
        if cur is not None and wrapped and not _LIST_MARKER_RE.match(line):
            cur.end = end
        else:
            cur = _Para(start, end, first_line=line)
            paras.append(cur)
        prev_len = len(visible)
    for p in paras:
        # Trim the span to its visible text so offsets never include edge whitespace.
        chunk = text[p.start : p.end]
        p.start += len(chunk) - len(chunk.lstrip())
        p.end -= len(chunk) - len(chunk.rstrip())
        clean = " ".join(strip_controls(text[p.start : p.end]).split())
        p.key = clean.casefold()
        p.words = len(_WORD_RE.findall(clean))
    return paras


def _classify(text: str, paras: list[_Para]) -> None:
    """Mark paragraphs that are page furniture, by rules that do not know any site."""
    counts = Counter(p.key for p in paras)
    keys = [p.key for p in paras]
    for p in paras:
        clean = p.key
        if not _WORD_RE.search(clean):
            p.reason = "no words"
        elif counts[clean] > 1:
            p.reason = "repeated"
        elif len(clean) >= 30 and any(k != clean and k.startswith(clean) for k in keys):
            p.reason = "teaser of a later paragraph"
        elif p.words < 5 or (p.words < HEADING_MAX_WORDS and not _TERMINAL_PUNCT_RE.search(clean)):
            p.reason = "heading or menu"
        elif p.words < 25 and _PROMPT_RE.search(clean):
            p.reason = "prompt"
        elif _CAPTION_RE.search(clean):
            p.reason = "photo caption"
    _mark_reference_list(paras)


def _mark_reference_list(paras: list[_Para]) -> None:
    """A run of short numbered paragraphs that ends the body is a footnote/reference list."""
    tail = len(paras)
    while tail > 0 and paras[tail - 1].reason and not _FOOTNOTE_RE.match(paras[tail - 1].key):
        tail -= 1
    run: list[_Para] = []
    last_number = None
    i = tail - 1
    while i >= 0:
        p = paras[i]
        m = _FOOTNOTE_RE.match(p.key)
        if not m or p.words > 60:
            break
        number = int(m.group(1))
        if last_number is not None and number >= last_number:
            break
        run.append(p)
        last_number = number
        i -= 1
    if len(run) >= 2:
        for p in run:
            p.reason = "footnote"


def _subtract(start: int, end: int, holes: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Split [start, end) around control sequences; trim each piece; drop empty pieces."""
    pieces: list[tuple[int, int]] = []
    cursor = start
    for a, b in holes:
        if b <= cursor or a >= end:
            continue
        pieces.append((cursor, a))
        cursor = max(cursor, b)
    pieces.append((cursor, end))
    out = []
    for a, b in pieces:
        chunk = text[a:b]
        a2 = a + len(chunk) - len(chunk.lstrip())
        b2 = b - (len(chunk) - len(chunk.rstrip()))
        if b2 > a2 and _WORD_RE.search(text[a2:b2]):
            out.append((a2, b2))
    return out
