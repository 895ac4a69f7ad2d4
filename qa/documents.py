"""Loading a folder of documents: the text exactly as Python reads it, plus where its body is.

The core promise is that every passage and quote equals ``document.text[start:end]`` where
``document.text`` is what ``open(path, encoding="utf-8").read()`` returns. So nothing here
ever edits the text: page furniture (menus, repeated captions, subscription prompts,
reference lists) and terminal control sequences are *marked* — everything outside
``Document.spans`` is simply never used as a passage — and offsets stay exact.
"""

from __future__ import annotations

import bisect
import dataclasses
import errno
import hashlib
import itertools
import os
import re
import stat
import tomllib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from qa.front_matter import FrontMatter, read_front_matter

TEXT_SUFFIXES = (".txt", ".md")
CATALOG_NAME = "catalog.toml"
#: Bumped whenever the reading rules change what the same file yields (its body spans or its
#: citation metadata), so an index built by the old rules is noticed as stale and rebuilt.
#: 2: front matter is metadata, not body text (``qa.front_matter``); Markdown code blocks
#: (fenced, and indented in .md files) and tables are body text, each one unit; a line ending
#: with a colon is prose, not a heading, and so is the first line under a Markdown heading.
#: 3: an HTML comment in a .md file ("<!-- YAML … -->") is not body text.
#: 4: a .md line's length for hard-wrap leaves out link targets; a web address in brackets
#: ending a line is no photo credit.
#: 5: a short line right above a more indented one opens its paragraph (a defined term and
#: its definition).
#: 6: a code fence indented under a list item opens a code block; a Markdown list item that
#: says something besides its links is body text, however short.
#: 7: a short line underlined with "===" or "---" is a heading (setext), and so is every ATX
#: heading of a .md file, however worded ("## How do I reset my password?"); a .md line of
#: HTML tags alone (a logo) is furniture.
#: 8: a .md title reads links as their text, and a line of badges is no title; nor is a
#: first line that breaks off mid-sentence.
READER_VERSION = 8
#: Files above this size are skipped with a warning naming them (``QA_MAX_FILE_MB`` changes
#: it). 8 MiB of prose is about 15,000 passages, minutes of embedding on a laptop CPU; a
#: 50 MB file would take the better part of an hour, which nobody expects from a question.
MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_FILE_ENV = "QA_MAX_FILE_MB"

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

# How body text ends. A colon counts: "Then install the desired versions:" introduces a list
# or a code block; headings and menu entries do not end that way (short ones like "Updated:"
# are caught by their length).
_TERMINAL_PUNCT_RE = re.compile(r"[.!?…:][\"'”’»)\]]*\d{0,3}$")
_WORD_RE = re.compile(r"\w+", re.UNICODE)
_LIST_MARKER_RE = re.compile(r"^\s*(?:[-*+•]\s|#{1,6}\s|\d{1,3}[.)]\s)")
# Markdown blocks whose lines are content although they read like menus (short, no final
# punctuation): a fenced code block (``` or ~~~) and a pipe table.
_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
#: A fence inside a list item is indented to the item's text ("1. Install:" / "      ```sh").
_LIST_FENCE_RE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_INDENTED_RE = re.compile(r"(?: {4}|\t)[ \t]*\S")
#: A list item's opening ("1. ", "- "), matched at a line's start (the answer step reads it too).
LIST_ITEM_RE = re.compile(r" {0,3}(?:[-*+•]|\d{1,9}[.)])[ \t]")
_ATX_HEADING_RE = re.compile(r" {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE)
#: An HTML tag in a Markdown file ("<p align="center"><img src=… alt="Zstandard"></p>").
_HTML_TAG_RE = re.compile(r"</?[A-Za-z][^<>]*>")
#: A setext heading's underline: the line right under a heading's text ("Getting started" /
#: "==============="), in Markdown and in plain-text READMEs alike.
_SETEXT_RE = re.compile(r" {0,3}(?:={2,}|-{2,})[ \t]*\r?$")
#: A Markdown link's target, "(https://…)" right after "]": not read on a rendered page.
_LINK_TARGET_RE = re.compile(r"(?<=\])\([^()\s]*\)")
#: A whole Markdown link, "[text](target)" (an image's too).
_LINK_RE = re.compile(r"!?\[[^\]]*\]\([^()\s]*\)")
_TABLE_ROW_RE = re.compile(r"^ {0,3}\|.*\|[ \t]*\r?$")
_FOOTNOTE_RE = re.compile(r"^\s*(\d{1,3})[\s.)]")
_PROMPT_RE = re.compile(
    r"\b(subscribe|newsletter|sign[ -]?up|cookies?|share (this|on)|follow us|"
    r"all rights reserved|click here|read more|related (posts|articles)|similar posts|"
    r"also available in|advertisement|log ?in|print this)\b",
    re.IGNORECASE,
)
# A photo caption ends with a credit in brackets: "(Jane Doe/Getty Images)", "(… via AP)".
_CAPTION_RE = re.compile(
    r"\((?![^()]*://)[^()]*(?:\w/\w|\bvia\b|\bphoto|\bgetty\b|\bimages\b|\bcredit\b)[^()]*\)$",
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
    #: Other names readers give the document or its source, which the text does not write:
    #: an English name or an acronym of a publisher the text names in another language
    #: ("METU" for Orta Doğu Teknik Üniversitesi). A question naming the document so is
    #: searched in it, and no mention check declines the name; citations do not show them.
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Span:
    """A clean stretch of body text: no control characters inside, trimmed of whitespace."""

    start: int
    end: int
    paragraph: int  # 1-based number among the document's body paragraphs
    #: A Markdown code block or table (fences and pipes included): one unit, never split into
    #: sentences, since its full stops are not sentence ends ("pyenv install 3.10.4").
    verbatim: bool = False


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

    def paragraph_at(self, pos: int) -> int:
        """The number of the body paragraph holding ``pos`` (0 if none does). Spans are in text
        order, so a long document costs a bisection, not a scan: every cited passage asks."""
        span = self.span_at(pos)
        return span.paragraph if span is not None else 0

    def span_at(self, pos: int) -> Span | None:
        """The clean stretch of body text holding ``pos``, if any."""
        i = bisect.bisect_right(self.spans, pos, key=lambda s: s.start) - 1
        return self.spans[i] if i >= 0 and pos < self.spans[i].end else None


@dataclass(frozen=True)
class Corpus:
    root: Path | None
    documents: tuple[Document, ...]
    warnings: tuple[str, ...] = ()
    #: Size and mtime of each regular file *as it was read* (from the open descriptor), so an
    #: index records the state its content came from: a file edited during a build then
    #: differs from the record and the index is stale, instead of silently holding old text.
    states: tuple[FileState, ...] = ()


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
    verbatim: str = ""  # "code", "indented" (code) or "table": a Markdown block read as one unit


class CorpusError(Exception):
    """The corpus folder cannot be used at all (missing, not a folder, unreadable)."""


class EmptyCorpusError(CorpusError):
    """The folder holds no usable document: there is nothing to index or to quote."""


def max_file_bytes() -> int:
    """The size limit for one document: ``$QA_MAX_FILE_MB`` (megabytes, may be fractional)."""
    configured = os.environ.get(MAX_FILE_ENV, "").strip()
    if not configured:
        return MAX_FILE_BYTES
    try:
        megabytes = float(configured)
    except ValueError:
        raise CorpusError(f"{MAX_FILE_ENV}={configured!r} is not a number of megabytes") from None
    if not megabytes > 0 or megabytes == float("inf"):
        raise CorpusError(f"{MAX_FILE_ENV}={configured!r} must be a positive number of megabytes")
    return int(megabytes * 2**20)


def printable(text: str) -> str:
    """``text`` safe to show anywhere: control characters and undecodable bytes as escapes.

    File names come from the disk and can hold anything; a warning that names one must not
    become an escape sequence on the user's terminal, nor fail to encode as UTF-8.
    """
    return _UNPRINTABLE_RE.sub(_escape_char, text)


def _escape_char(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


_UNPRINTABLE_RE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb\ud800-\udfff\n\t]"
)


def name_problem(doc_id: str) -> str:
    """Why a relative path cannot be a ``doc_id`` (empty if it can).

    A doc_id is shown in citations, printed by the CLI and written to JSON, so it must be
    valid text without terminal controls; such files are skipped with a warning instead.
    """
    if any(0xD800 <= ord(c) <= 0xDFFF for c in doc_id):
        return "file name is not valid UTF-8"
    if CONTROL_RE.search(doc_id) or "\n" in doc_id or "\t" in doc_id:
        return "file name contains control characters"
    return ""


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
    """Size and modification time of every file that could be a document: the cheap half of
    staleness checks. Links, pipes and files with unusable names are never documents."""
    states = []
    for doc_id, path in scan_files(root):
        if name_problem(doc_id):
            continue
        try:
            st = path.lstat()
        except OSError:
            continue
        if stat.S_ISREG(st.st_mode):
            states.append(FileState(doc_id, st.st_size, st.st_mtime_ns))
    return states


def fingerprint_file(path: Path) -> str | None:
    """sha256 of a file's bytes, read in chunks; None if it is not a readable regular file.

    Never follows a symbolic link and never blocks on a pipe (staleness checks call this on
    whatever now sits at a document's path).
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as fh:
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return None
            digest = hashlib.sha256()
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
        except OSError:
            return None
    return digest.hexdigest()


def load_catalog(root: Path) -> tuple[dict[str, DocumentMeta], list[str]]:
    """Read ``catalog.toml`` (optional). A broken catalog warns; it never stops a build."""
    path = root / CATALOG_NAME
    if path.is_symlink():
        return {}, [f"{CATALOG_NAME}: ignored, a symbolic link (not followed)"]
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
        authors, aliases = (_strings(entry.get(key, ())) for key in ("authors", "aliases"))
        catalog[doc_id] = DocumentMeta(
            title=strip_controls(str(entry.get("title", ""))).strip(),
            authors=authors,
            publisher=strip_controls(str(entry.get("publisher", ""))).strip(),
            date=strip_controls(str(entry.get("date", ""))).strip(),
            aliases=aliases,
        )
    return catalog, warnings


def _strings(value: object) -> tuple[str, ...]:
    """A catalog field that holds one string or a list of them, cleaned."""
    items = (value,) if isinstance(value, str) else value if isinstance(value, list | tuple) else ()
    return tuple(t for t in (strip_controls(str(x)).strip() for x in items) if t)


def load_corpus(
    root: str | Path,
    *,
    on_file: Callable[[int, int], None] | None = None,
    max_bytes: int | None = None,
) -> Corpus:
    """Load every usable text file under ``root``.

    Unusable files (binary, not UTF-8, empty, too large, vanished, a link or pipe, a name
    that is not printable text, a duplicate of an earlier file) are skipped with a warning
    that names them; the rest load. Only a missing or unreadable folder is an error.
    ``max_bytes`` defaults to ``max_file_bytes()``.
    """
    root = Path(root)
    if not root.exists():
        raise CorpusError(f"corpus folder not found: {printable(str(root))}")
    if not root.is_dir():
        raise CorpusError(f"corpus is not a folder: {printable(str(root))}")
    limit = max_file_bytes() if max_bytes is None else max_bytes
    try:
        files = list(scan_files(root))
    except OSError as exc:
        raise CorpusError(f"cannot read corpus folder {printable(str(root))}: {exc.strerror or exc}") from exc

    catalog, warnings = load_catalog(root)
    documents: list[Document] = []
    states: list[FileState] = []
    seen: dict[str, str] = {}
    for n, (doc_id, path) in enumerate(files, 1):
        if on_file:
            on_file(n, len(files))
        problem = name_problem(doc_id)
        doc = None
        if not problem:
            doc, problem, st = _load_file(doc_id, path, catalog.get(doc_id), limit)
            if st is not None:
                states.append(FileState(doc_id, st.st_size, st.st_mtime_ns))
        if problem:
            warnings.append(f"skipped {printable(doc_id)}: {problem}")
            continue
        assert doc is not None
        if doc.fingerprint in seen:
            warnings.append(f"skipped {doc_id}: same content as {seen[doc.fingerprint]}")
            continue
        seen[doc.fingerprint] = doc_id
        documents.append(doc)
    return Corpus(root=root, documents=tuple(documents), warnings=tuple(warnings), states=tuple(states))


def _size(n: int) -> str:
    if n >= 2**20:
        return f"{n / 2**20:.1f} MiB"
    return f"{n / 2**10:.0f} KiB" if n >= 2**10 else f"{n} bytes"


def _too_large(size: int, max_bytes: int) -> str:
    return f"too large ({_size(size)}; the limit is {_size(max_bytes)}, set {MAX_FILE_ENV} to change it)"


def _load_file(
    doc_id: str, path: Path, meta: DocumentMeta | None, max_bytes: int
) -> tuple[Document | None, str, os.stat_result | None]:
    """The document at ``path`` or why it is skipped, and the regular file's stat as read.

    The file is opened without following a link and without blocking (a named pipe would
    wait forever for a writer), then checked on the open descriptor, so what is read is the
    regular file that was checked even if the path changes meanwhile.
    """
    try:
        if path.is_symlink():
            return None, "symbolic link (not followed)", None
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return None, "symbolic link (not followed)", None
        return None, f"cannot be read ({exc.strerror or exc})", None
    try:
        with os.fdopen(fd, "rb") as fh:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                return None, "not a regular file", None
            if st.st_size > max_bytes:
                return None, _too_large(st.st_size, max_bytes), st
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        return None, f"cannot be read ({exc.strerror or exc})", None
    if len(data) > max_bytes:  # it grew while we looked
        return None, f"too large (it grew past {_size(max_bytes)} while read, set {MAX_FILE_ENV} to change it)", st
    if b"\x00" in data[:8192]:
        return None, "binary file", st
    try:
        text = decode_text(data)
    except UnicodeDecodeError as exc:
        return None, f"not UTF-8 text (bad byte at offset {exc.start})", st
    if not text.strip():
        return None, "empty", st
    doc = make_document(doc_id, text, meta=meta, fingerprint=fingerprint_bytes(data))
    if not doc.spans:
        return None, "no body text (only headings, menus or control characters)", st
    return doc, "", st


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
    sequences are still marked and kept out of passages. Front matter, code blocks and tables
    are file conventions too, read only with ``furniture``: benchmark records split exactly as
    their cached indexes were built.
    """
    markdown = furniture and is_markdown(doc_id)
    paras = _paragraphs(text, blocks=furniture, markdown=markdown)
    front = read_front_matter(text) if furniture else None
    if front is not None:
        for p in paras:
            if p.start < front.end:
                p.reason = "front matter"
    if furniture:
        _classify(text, [p for p in paras if not p.reason], markdown=markdown)
    else:
        for p in paras:
            p.reason = "" if _WORD_RE.search(p.key) else "no words"
    controls = [m.span() for m in CONTROL_RE.finditer(text)]
    control_ends = [b for _, b in controls]
    spans: list[Span] = []
    skipped: list[Skipped] = []
    number = 0
    for p in paras:
        if p.reason:
            skipped.append(Skipped(p.start, p.end, p.reason))
            continue
        pieces = _subtract(p.start, p.end, controls, text, control_ends)
        if not pieces:
            skipped.append(Skipped(p.start, p.end, "control characters only"))
            continue
        number += 1
        spans.extend(Span(a, b, number, verbatim=bool(p.verbatim)) for a, b in pieces)
    skipped.extend(Skipped(a, b, "control sequence") for a, b in controls)
    skipped.sort(key=lambda s: (s.start, s.end))
    meta = _merged(meta, front)
    if not meta.title:
        meta = dataclasses.replace(meta, title=_default_title(text, paras, doc_id))
    return Document(
        doc_id=doc_id,
        text=text,
        meta=meta,
        fingerprint=fingerprint or fingerprint_bytes(text.encode("utf-8", "surrogatepass")),
        spans=tuple(spans),
        skipped=tuple(skipped),
    )


def _merged(meta: DocumentMeta | None, front: FrontMatter | None) -> DocumentMeta:
    """The catalog's entry, with what the file's front matter says filling its empty fields:
    the catalog is where a reader corrects a file they may not edit."""
    meta = meta or DocumentMeta(title="")
    if front is None:
        return meta
    return DocumentMeta(
        title=meta.title or strip_controls(front.title).strip(),
        authors=meta.authors or _strings(front.authors),
        publisher=meta.publisher or strip_controls(front.publisher).strip(),
        date=meta.date or strip_controls(front.date).strip(),
        aliases=meta.aliases,
    )


def is_markdown(doc_id: str) -> bool:
    """Whether a file is read with Markdown's rules (headings, code blocks, tables)."""
    return doc_id.lower().endswith(".md")


def heading_lines(doc: Document) -> list[tuple[int, int]]:
    """Where the document's headings may be: skipped lines opening with "#" or underlined (a
    cheap look; ``headings`` reads them)."""
    text = doc.text
    return [
        (s.start, s.end)
        for s in doc.skipped
        if s.reason == "heading or menu" and ("#" in text[s.start : s.start + 4] or _underlined(text, s.end))
    ]


def _underlined(text: str, end: int) -> bool:
    """Whether the line after the one ending at ``end`` underlines it as a setext heading."""
    end += text.startswith("\r", end)  # a Windows line end
    if not text.startswith("\n", end):
        return False
    stop = text.find("\n", end + 1)
    return bool(_SETEXT_RE.fullmatch(text, end + 1, len(text) if stop < 0 else stop))


def headings(doc: Document, lines: list[tuple[int, int]] | None = None) -> list[tuple[int, int, str]]:
    """The document's Markdown headings in order (or those among ``lines``): (start, end, text
    without the #s).

    ATX headings outside code blocks count (a "# comment" in a code block is part of a span,
    not furniture), and setext ones: a short line right above "===" or "---".
    """
    out = []
    for start, end in heading_lines(doc) if lines is None else lines:
        if m := _ATX_HEADING_RE.match(doc.text, start, end):
            out.append((start, end, " ".join(strip_controls(m.group(1)).split())))
        elif _underlined(doc.text, end):
            out.append((start, end, " ".join(strip_controls(doc.text[start:end]).split())))
    return out


def section_headings(doc: Document, starts: list[int]) -> list[str]:
    """The Markdown heading ("## Installing") each position lies under, "" before the first.

    Technical notes put what a section is about in its heading and nowhere else: the text
    under "## `pyenv global`" says only "Sets the global version of Python". Headings are
    furniture, never passages, so this is the one way they reach the index.
    """
    found = headings(doc)
    out = []
    for pos in starts:
        i = bisect.bisect_right(found, pos, key=lambda h: h[0]) - 1
        out.append(found[i][2] if i >= 0 else "")
    return out


def section_heading(doc: Document, pos: int) -> str:
    """The Markdown heading ``pos`` lies under ("" before the first): ``section_headings`` for
    one position, reading only the heading lines before it, nearest first (a changelog has
    hundreds of headings, and a citation needs one)."""
    lines = heading_lines(doc)
    before = bisect.bisect_right(lines, pos, key=lambda h: h[0])
    for line in reversed(lines[:before]):
        if found := headings(doc, [line]):
            return found[0][2]
    return ""


def _indent(line: str) -> int:
    """Columns of leading white space (a tab counts as four, as in Markdown)."""
    stripped = line.lstrip(" \t")
    return len(line[: len(line) - len(stripped)].expandtabs(4))


#: A Markdown image ("![build status](…/badge.svg)"), which a title line shows no words of.
_IMAGE_RE = re.compile(r"!\[[^\]]*\]\([^()\s]*\)")
#: A Markdown link, which a title shows as its text: "[RFC8878](https://…)" reads "RFC8878".
_LINK_TEXT_RE = re.compile(r"(?<!!)\[([^\]]*)\]\([^()\s]*\)")


def _default_title(text: str, paras: list[_Para], doc_id: str) -> str:
    """The first line that reads like a title, else the file name. In a .md file a title reads
    as the page shows it: links as their text, and a line of badges (images that are links,
    "[![CII Best Practices](…/badge)](…)") shows no words, so it is none."""
    markdown = is_markdown(doc_id)
    for p in paras:
        line = " ".join(strip_controls(p.first_line).split())
        if markdown:  # images first: a badge is an image inside a link
            line = " ".join(_LINK_TEXT_RE.sub(r"\1", _IMAGE_RE.sub(" ", line)).split())
        worded = _WORD_RE.search(line) is not None  # not a rule ("---") or a lone symbol
        readable = worded and not p.verbatim and p.reason not in ("footnote", "front matter", "HTML markup")
        if readable and len(line) <= 200 and p.words <= 30 and not _continued(text, p):
            return line.lstrip("#").strip() or doc_id
    return Path(doc_id).stem


def _continued(text: str, p: _Para) -> bool:
    """Whether the paragraph's first line breaks off mid-sentence, its next line going on in
    lower case ("This is an (incomplete) list of currently provided APIs by dpkg, and" /
    "the state of each"): a fragment, not a title."""
    lines = text[p.start : p.end].split("\n", 2)
    return len(lines) > 1 and lines[1].lstrip()[:1].islower() and not _TERMINAL_PUNCT_RE.search(lines[0].rstrip())


def _paragraphs(text: str, *, blocks: bool = True, markdown: bool = False) -> list[_Para]:
    """Split text into paragraphs: blank lines separate them, and so does any line break after
    a line that is not hard-wrapped (a line break in prose written one paragraph per line).
    With ``blocks``, a fenced code block (fences included, blank lines and all) and a run of
    pipe-table rows are one paragraph each (not for benchmark records: see ``make_document``),
    and so is a short line with the more indented lines right under it (a defined term and its
    definition).
    With ``markdown`` (.md files), so is a run of lines indented by four spaces or a tab after
    a blank line, unless it continues a list item (CommonMark reads it that way too); an HTML
    comment opening a line runs to its "-->" as one paragraph marked "HTML comment" (a rendered
    page never shows it: Node.js's API reference keeps each function's change history in one,
    right under its heading); and a line is as long as it reads, a link's target left out
    ("[`pyenv shell`](https://github.com/…)" reads "`pyenv shell`"), so that a hard-wrapped
    paragraph with a long link in it is still one paragraph.
    """
    paras: list[_Para] = []
    in_comment = False
    cur: _Para | None = None
    fence = ""  # the opening fence of the code block we are in
    fence_re = _FENCE_RE  # how its closing fence may be indented
    in_list = False  # the last paragraph began a list item, or continued one
    prev_len = prev_read = 0  # the previous line's length as written and as read
    prev_start, prev_words = -1, 0  # where the previous line starts, and its words
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if cur is not None and cur.verbatim == "indented":
            if _INDENTED_RE.match(line) or not line.strip():
                if line.strip():
                    cur.end = end  # blank lines inside the block join it only if code follows
                continue
            cur = None
        if in_comment:
            assert cur is not None
            cur.end = end
            if "-->" in line:
                in_comment, cur, prev_len = False, None, 0
            continue
        if fence:
            assert cur is not None
            cur.end = end
            closing = fence_re.match(line)  # the same character, at least as many, nothing after
            if closing and closing.group(1).startswith(fence) and not line[closing.end() :].strip():
                fence, cur, prev_len = "", None, 0
            continue
        visible = strip_controls(line).strip()
        if not visible:
            cur = None
            continue
        if markdown and visible.startswith("<!--"):
            cur = _Para(start, end, first_line=line, reason="HTML comment")
            paras.append(cur)
            in_comment = "-->" not in visible[4:]
            cur = cur if in_comment else None
            continue
        if cur is None and markdown and not in_list and _INDENTED_RE.match(line):
            cur = _Para(start, end, first_line=line, verbatim="indented")
            paras.append(cur)
            continue
        fence_re = _LIST_FENCE_RE if in_list else _FENCE_RE
        opening = fence_re.match(line) if blocks else None
        kind = "code" if opening else "table" if blocks and _TABLE_ROW_RE.match(line) else ""
        if kind == "code":
            fence = opening.group(1) if opening else ""
            cur = _Para(start, end, first_line=line, verbatim=kind)
            paras.append(cur)
            continue
        # Hard-wrapped prose: both lines about one wrap width long (the last line of a
        # wrapped paragraph may be shorter, so only the previous line has a minimum).
        # A link's target makes a line long in the file, not on the page: the line was wrapped
        # if it is long as written, and not too long to be wrapped once its targets are out.
        length = len(_LINK_TARGET_RE.sub("", visible)) if markdown else len(visible)
        wrapped = prev_len >= _WRAP_MIN and prev_read <= _WRAP_MAX and length <= _WRAP_MAX
        table_row = kind == "table" and cur is not None and cur.verbatim == "table"
        # A fence indented under a list item ("   1. Install:" / "      ```sh") opens its code,
        # however long the line above it.
        fence_like = bool(_LIST_FENCE_RE.match(line))
        # A setext underline ("=====") ends the heading above it, however long that line.
        underline = blocks and bool(_SETEXT_RE.match(line))
        prose_line = not kind and cur is not None and not cur.verbatim and wrapped and not fence_like and not underline
        # A short line right above a more indented one is what the indented text is about: a
        # defined term ('1.12. "Secondary License"' / '    means either …') or a clause's
        # title. Alone it would be dropped as a heading, and the definition would never name
        # the term (CommonMark, too, reads an indented line after a paragraph line as its
        # continuation).
        hanging = (
            blocks
            and not kind
            and cur is not None
            and not cur.verbatim
            and cur.start == prev_start
            and prev_words < HEADING_MAX_WORDS
            and not _ATX_HEADING_RE.match(text[cur.start : cur.end])
            and _indent(line) > _indent(text[cur.start : cur.end])
            and not _LIST_MARKER_RE.match(line)  # a nested list item is an item of its own
            and not fence_like
        )
        if table_row or hanging or (prose_line and not _LIST_MARKER_RE.match(line)):
            assert cur is not None
            cur.end = end
        else:
            cur = _Para(start, end, first_line=line, verbatim=kind)
            paras.append(cur)
            # An indented paragraph after a list item continues it; anything else ends the list.
            in_list = bool(LIST_ITEM_RE.match(line)) or (in_list and bool(_INDENTED_RE.match(line)))
        prev_len, prev_read = len(visible), length
        prev_start, prev_words = start, len(_WORD_RE.findall(visible))
    for p in paras:
        # Trim the span to its visible text so offsets never include edge whitespace.
        chunk = text[p.start : p.end]
        p.start += len(chunk) - len(chunk.lstrip())
        p.end -= len(chunk) - len(chunk.rstrip())
        clean = " ".join(strip_controls(text[p.start : p.end]).split())
        p.key = clean.casefold()
        p.words = len(_WORD_RE.findall(clean))
    return paras


def _described_item(key: str) -> bool:
    """A Markdown list item that says something besides its links: documentation lists its
    options that way ("* [`pyenv shell <version>`](…) -- select just for current shell
    session"), while a menu or a list of related posts is links and little else."""
    if not LIST_ITEM_RE.match(key):
        return False
    outside = _LINK_RE.sub("", key)
    return len(_WORD_RE.findall(key)) >= 5 and len(_WORD_RE.findall(outside)) >= 4


def _classify(text: str, paras: list[_Para], *, markdown: bool = False) -> None:
    """Mark paragraphs that are page furniture, by rules that do not know any site."""
    counts = Counter(p.key for p in paras)
    # Keys that begin another, longer key. In sorted order every key that starts with k comes
    # right after k, so comparing neighbours finds them all: O(n log n), where comparing every
    # pair took minutes on a long document.
    ordered = sorted(counts)
    prefixes = {k for k, following in itertools.pairwise(ordered) if following.startswith(k)}
    previous = ""
    underlined = _setext_headings(text, paras)
    for i, p in enumerate(paras):
        clean = p.key
        # The first line under a Markdown heading says what the section is about, however
        # short ("## `pyenv init`" / "Configure the shell environment for pyenv").
        under_heading = bool(_ATX_HEADING_RE.match(previous)) or i - 2 in underlined
        leads = under_heading and not _ATX_HEADING_RE.match(clean) and p.words >= 4
        previous = text[p.start : p.end]
        if not _WORD_RE.search(clean):
            p.reason = "no words"
        elif markdown and not p.verbatim and not _WORD_RE.search(_HTML_TAG_RE.sub(" ", clean)):
            p.reason = "HTML markup"  # a logo or a layout tag: the page shows no words there
        elif p.verbatim:
            continue  # code and tables are content, however short or repeated their lines
        elif i in underlined or (markdown and _ATX_HEADING_RE.match(clean)):
            # A heading names a section, however it is worded: "## How do I reset my
            # password?" is no sentence to quote (``section_headings`` carries it).
            p.reason = "heading or menu"
        elif counts[clean] > 1:
            p.reason = "repeated"
        elif len(clean) >= 30 and clean in prefixes:
            p.reason = "teaser of a later paragraph"
        elif (leads and not _LIST_MARKER_RE.match(clean)) or (markdown and _described_item(clean)):
            continue
        elif p.words < 5 or (p.words < HEADING_MAX_WORDS and not _TERMINAL_PUNCT_RE.search(clean)):
            p.reason = "heading or menu"
        elif p.words < 25 and _PROMPT_RE.search(clean):
            p.reason = "prompt"
        elif _CAPTION_RE.search(clean):
            p.reason = "photo caption"
    _mark_reference_list(paras)


def _setext_headings(text: str, paras: list[_Para]) -> set[int]:
    """Which paragraphs a setext underline ("=====" or "-----") right under them makes headings;
    a long one stays text (a paragraph above a horizontal rule, in a file that means one)."""
    found: set[int] = set()
    for i, (p, nxt) in enumerate(itertools.pairwise(paras)):
        if (
            not p.verbatim
            and p.words < HEADING_MAX_WORDS
            and _SETEXT_RE.fullmatch(text, nxt.start, nxt.end)
            and text.count("\n", p.end, nxt.start) == 1
            and not _ATX_HEADING_RE.match(p.key)
        ):
            found.add(i)
    return found


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


def _subtract(
    start: int, end: int, holes: list[tuple[int, int]], text: str, hole_ends: list[int] | None = None
) -> list[tuple[int, int]]:
    """Split [start, end) around control sequences; trim each piece; drop empty pieces.

    ``holes`` are sorted and disjoint (``finditer`` order); ``hole_ends`` (their ends, for
    bisecting) lets each paragraph look only at its own holes instead of every one in the text.
    """
    ends = hole_ends if hole_ends is not None else [b for _, b in holes]
    pieces: list[tuple[int, int]] = []
    cursor = start
    for i in range(bisect.bisect_right(ends, start), len(holes)):
        a, b = holes[i]
        if a >= end:
            break
        if b <= cursor:
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
