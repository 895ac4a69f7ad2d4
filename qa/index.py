"""The index on disk: what it holds, how it is built atomically, and when it is stale.

Layout of an index folder::

    CURRENT            name of the live generation and the sha256 of its manifest (replaced atomically)
    .lock              held while a build runs (a second build waits for it)
    gen-<id>/          one complete, immutable generation
        manifest.json  format version, model, settings, a fingerprint of every document,
                       the sha256 of every other file of the generation
        documents.jsonl  the texts passages point into, with body spans and metadata
        passages.npz   per passage: document row, start, end, paragraph, content hash, and
                       the range of its sentences in sentences.npz
        sentences.npz  per sentence: document row, start, end, content hash
        sentences.npy  one vector per sentence (the sentence views of hybrid ranking, and the
                       answer step, use them instead of encoding sentences at question time)
        dense.faiss    the vectors (row i = passage i)
        bm25/          the BM25 index (JSON + .npy, never pickle)

A build writes a new generation beside the live one and only then points ``CURRENT`` at it,
so at every instant the folder holds either the old complete index or the new complete one.
Loading checks every byte against the checksums before any parser sees it (CURRENT → manifest
→ files), so a damaged index is reported as ``IndexUnreadableError`` (and rebuilt by the
engine) instead of crashing a parser or answering with altered text.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TypeVar

import numpy as np

from qa.bm25 import Bm25Index, Bm25Settings
from qa.documents import (
    CATALOG_NAME,
    READER_VERSION,
    Corpus,
    Document,
    DocumentMeta,
    EmptyCorpusError,
    FileState,
    Skipped,
    Span,
    file_states,
    fingerprint_file,
    max_file_bytes,
    printable,
    section_headings,
)
from qa.embedding import DEFAULT_MODEL, Encoder, document_encoder, encoder_variant
from qa.passages import ChunkSettings, Passage, document_sentences, make_passages, passage_id
from qa.references import catalog_index
from qa.referents import DefinedName, defined_names
from qa.vectors import DenseIndex, DenseSettings

FORMAT_VERSION = 1
CURRENT = "CURRENT"
LOCK = ".lock"
MANIFEST = "manifest.json"
#: Second line of CURRENT: ``manifest-sha256 <hex>`` (absent in indexes built before it).
_MANIFEST_SUM = "manifest-sha256"
#: The size limit of indexes built before the limit was recorded (then a constant).
_FORMER_MAX_FILE_BYTES = 64 * 2**20
#: Test hook: ``QA_FAULT=<point>:<action>`` makes a build fail at a named point (see ``_fault``).
FAULT_ENV = "QA_FAULT"

Progress = Callable[[str, int, int], None]
_T = TypeVar("_T")


def _no_progress(stage: str, done: int, total: int) -> None:
    pass


class IndexStoreError(Exception):
    """Base class: the index cannot be used as it is."""


class IndexMissingError(IndexStoreError):
    """No index has been built in this folder yet."""


class IndexUnreadableError(IndexStoreError):
    """The index exists but is damaged or from an incompatible version; rebuild it."""


class IndexBuildError(IndexStoreError):
    """A build failed (disk full, folder read-only, ...); the previous index is untouched."""


class IndexBusyError(IndexStoreError):
    """Another process is building this index and did not finish in time."""


@dataclass(frozen=True)
class IndexSettings:
    """Everything that changes what an index contains. A change makes the index stale."""

    model: str = DEFAULT_MODEL
    chunking: ChunkSettings = field(default_factory=ChunkSettings)
    bm25: Bm25Settings = field(default_factory=Bm25Settings)
    dense: DenseSettings = field(default_factory=DenseSettings)
    #: Index each passage with its document's title in front (for both retrievers): a passage
    #: deep in an article rarely names its subject, the title does (SciFact BM25 +0.04).
    titles: bool = True
    #: Also store one vector per sentence (the sentence itself, no title): hybrid ranking
    #: scores a passage by its best sentence too, and the answer step reads them (docs/retrieval-and-answers.md).
    sentences: bool = True
    #: How documents are embedded: "fp32" (the query encoder itself), "int8" (the model's
    #: quantised ONNX export where it has one: about 3x faster, see ``document_encoder``) or
    #: "auto": int8 once a build has ``int8_from`` texts or more to embed. Like exact vs
    #: approximate vector search: full precision where it costs seconds (on the gold set int8
    #: cost 2 of 70 questions their top-5 hit), int8 where build time matters (on SciFact it
    #: cost 0.001 hybrid nDCG@10). Queries are always embedded in full precision.
    document_precision: str = "auto"
    int8_from: int = 20_000

    def recorded(self, model_id: str) -> dict[str, object]:
        """The settings as the manifest records and compares them."""
        return {
            "model": model_id,
            "chunking": self.chunking.as_dict(),
            "bm25": self.bm25.as_dict(),
            "dense": self.dense.as_dict(),
            "titles": self.titles,
            "sentences": self.sentences,
            "document_precision": self.document_precision,
            "int8_from": self.int8_from,
        }

    def indexed_texts(self, doc: Document, passages: Sequence[Passage]) -> list[str]:
        """What the retrievers see of each passage (what is shown and quoted is always the
        passage): with ``titles``, the document's title and the Markdown heading the passage
        lies under go in front of it."""
        if not self.titles:
            return [p.text for p in passages]
        sections = section_headings(doc, [p.start for p in passages])
        title = doc.meta.title
        return [
            "\n".join(dict.fromkeys(x for x in (title, section, p.text) if x))  # a heading equal to the title once
            for p, section in zip(passages, sections, strict=True)
        ]


@dataclass(frozen=True)
class IndexStatus:
    """What ``qa index --status`` reports."""

    index_dir: Path
    exists: bool
    stale: bool
    reasons: tuple[str, ...] = ()
    model_id: str | None = None
    dim: int | None = None
    documents: int = 0
    passages: int = 0
    built_at: str | None = None
    dense_kind: str | None = None
    corpus_root: str | None = None
    warnings: tuple[str, ...] = ()


@dataclass
class SentenceStore:
    """Every sentence of every passage, in document order, with its vector.

    A passage's sentences are the contiguous rows ``passage_lo[p]:passage_hi[p]``.
    """

    doc_rows: np.ndarray  # int32, per sentence: row in ``documents``
    starts: np.ndarray  # int64
    ends: np.ndarray  # int64
    hashes: np.ndarray  # S16, content hash of each sentence's text
    vectors: np.ndarray  # float32 (n, dim), normalised
    passage_lo: np.ndarray  # int64, per passage
    passage_hi: np.ndarray  # int64, per passage
    #: ``adjacent[i]`` = dot(vector i-1, vector i) (0 for i = 0): the length of the sum of two
    #: neighbouring sentence vectors, for the sentence-pair view, without storing pairs.
    adjacent: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        v = self.vectors
        adj = np.zeros(len(v), dtype=np.float32)
        if len(v) > 1:
            adj[1:] = np.einsum("ij,ij->i", v[1:], v[:-1])
        self.adjacent = adj

    @property
    def size(self) -> int:
        return len(self.starts)


@dataclass
class StoredIndex:
    """A loaded generation: documents, the passage table and both search structures."""

    path: Path
    manifest: dict
    documents: tuple[Document, ...]
    doc_rows: np.ndarray  # int32, per passage: row in ``documents``
    starts: np.ndarray  # int64
    ends: np.ndarray  # int64
    paragraphs: np.ndarray  # int32
    hashes: np.ndarray  # S16, content hash of each passage's text
    dense: DenseIndex
    bm25: Bm25Index
    sentences: SentenceStore | None = None  # None for an index built with ``sentences=False``
    _by_id: dict[str, int] = field(default_factory=dict, repr=False)
    _defined_vectors: np.ndarray | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self._by_id = {d.doc_id: i for i, d in enumerate(self.documents)}

    @property
    def size(self) -> int:
        return len(self.starts)

    @property
    def model_id(self) -> str:
        return str(self.manifest["settings"]["model"])

    def document(self, doc_id: str) -> Document:
        return self.documents[self._by_id[doc_id]]

    @cached_property
    def catalog(self) -> dict[str, frozenset[int]]:
        """Folded word of a document's file name, authors, publisher or aliases -> document rows: how a
        question may name a document besides its title (which the index holds with every
        passage). Built on first use."""
        return catalog_index([(d.doc_id, d.meta.publisher, *d.meta.authors, *d.meta.aliases) for d in self.documents])

    @cached_property
    def defined_names(self) -> tuple[DefinedName, ...]:
        """The acronyms the documents spell out, and how (``qa.referents``): what a question's
        description of an institution may be read as. Built on first use."""
        return defined_names(d.text for d in self.documents)

    def defined_vectors(self, encode: Callable[[list[str]], np.ndarray]) -> np.ndarray:
        """Every form of ``defined_names`` as a vector, in their order, encoded by ``encode`` (the
        index's own encoder) for the first question that describes an institution: kept with
        this generation, so a rebuilt index encodes its own and the old one goes with its data."""
        if self._defined_vectors is None:
            self._defined_vectors = encode([form for name in self.defined_names for form in name.forms])
        return self._defined_vectors

    def documents_using(self, word: str) -> set[int]:
        """The rows of the documents whose indexed text (title in front) holds ``word``."""
        if not self.bm25.tokens(word):
            return set(range(len(self.documents)))  # a stopword, or no word at all: taken as everyone's
        return {int(r) for r in np.unique(self.doc_rows[self.bm25.scores(word) > 0])}

    def has_document(self, doc_id: str) -> bool:
        return doc_id in self._by_id

    def doc_row(self, doc_id: str) -> int:
        return self._by_id[doc_id]

    def passage(self, row: int) -> Passage:
        doc = self.documents[int(self.doc_rows[row])]
        start, end = int(self.starts[row]), int(self.ends[row])
        return Passage(
            id=passage_id(doc.doc_id, start, end),
            doc_id=doc.doc_id,
            start=start,
            end=end,
            paragraph=int(self.paragraphs[row]),
            text=doc.text[start:end],
            last_paragraph=doc.paragraph_at(end - 1),
        )


def passage_hash(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


# --------------------------------------------------------------------------- reading


def _read_pointer(index_dir: Path) -> tuple[Path, str | None]:
    """The live generation named by CURRENT, and its manifest's sha256 if CURRENT records it."""
    try:
        lines = (index_dir / CURRENT).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as exc:
        if index_dir.exists() and not index_dir.is_dir():
            raise IndexUnreadableError(f"index is not a folder: {printable(str(index_dir))}") from exc
        raise IndexMissingError(f"no index in {printable(str(index_dir))}") from exc
    except NotADirectoryError as exc:
        raise IndexUnreadableError(f"index is not a folder: {printable(str(index_dir))}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise IndexUnreadableError(f"cannot read {printable(str(index_dir / CURRENT))}: {_one_line(exc)}") from exc
    name = lines[0].strip() if lines else ""
    if not name.startswith("gen-") or "/" in name or "\\" in name or name in ("gen-.", "gen-..") or "\x00" in name:
        raise IndexUnreadableError(f"{printable(str(index_dir / CURRENT))} does not name a generation")
    digest = None
    if len(lines) > 1:
        parts = lines[1].split()
        if len(parts) != 2 or parts[0] != _MANIFEST_SUM or len(parts[1]) != 64:
            raise IndexUnreadableError(f"{printable(str(index_dir / CURRENT))} is damaged")
        digest = parts[1]
    return index_dir / name, digest


def current_generation(index_dir: Path) -> Path:
    return _read_pointer(index_dir)[0]


def read_manifest(index_dir: Path) -> dict:
    """The live generation's manifest (checked), without loading the rest of the index."""
    return _on_live_generation(index_dir, _read_manifest)


def _read_manifest(gen: Path, digest: str | None) -> dict:
    """The generation's manifest, checked against the digest CURRENT recorded for it."""
    try:
        raw = (gen / MANIFEST).read_bytes()
    except FileNotFoundError:
        raise  # see _on_live_generation
    except OSError as exc:
        raise IndexUnreadableError(f"cannot read the manifest in {printable(str(gen))}: {_one_line(exc)}") from exc
    if digest is not None and hashlib.sha256(raw).hexdigest() != digest:
        raise IndexUnreadableError(f"damaged manifest in {printable(str(gen))}: checksum mismatch")
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise IndexUnreadableError(f"damaged manifest in {printable(str(gen))}: {_one_line(exc)}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_VERSION:
        found = manifest.get("format") if isinstance(manifest, dict) else None
        raise IndexUnreadableError(f"index format {found!r} is not {FORMAT_VERSION}")
    return manifest


def load_index(index_dir: Path) -> StoredIndex:
    """Load the live generation, checked byte for byte against its checksums."""
    return _on_live_generation(index_dir, _load_generation)


def _on_live_generation(index_dir: Path, read: Callable[[Path, str | None], _T]) -> _T:
    """``read(generation, manifest digest)`` on the generation CURRENT names.

    A file that vanishes while it is read is either damage (CURRENT still names the same
    generation) or a concurrent build that just replaced the generation and removed the old
    one (CURRENT changed): that is retried on the new generation.
    """
    for attempt in range(5):
        gen, digest = _read_pointer(index_dir)
        try:
            return read(gen, digest)
        except FileNotFoundError as exc:
            if _read_pointer(index_dir)[0] == gen:
                what = printable(os.path.relpath(exc.filename, gen)) if exc.filename and gen.is_dir() else gen.name
                raise IndexUnreadableError(f"damaged index in {printable(str(index_dir))}: {what} is missing") from None
            time.sleep(0.05 * (attempt + 1))
    raise IndexUnreadableError(f"index files in {printable(str(index_dir))} keep disappearing (builds running?)")


def _checked_manifest(gen: Path, digest: str | None) -> dict:
    """The manifest, after checking every file of the generation against its checksum.

    Hashing is cheap (about 1 GB/s) next to loading, and it is what lets ``qa index --status``
    say that a damaged index is damaged instead of "up to date".
    """
    manifest = _read_manifest(gen, digest)
    if digest is not None:  # indexes from before checksums are taken as they are
        _verify_checksums(gen, manifest.get("checksums"))
    return manifest


def _load_generation(gen: Path, digest: str | None) -> StoredIndex:
    manifest = _checked_manifest(gen, digest)
    try:
        settings = _settings_from_manifest(manifest)
        documents = tuple(_read_documents(gen / "documents.jsonl"))
        with np.load(gen / "passages.npz", allow_pickle=False) as arrays:
            table = {k: arrays[k] for k in ("doc", "start", "end", "paragraph", "hash")}
            sent_range = (arrays["sent_lo"], arrays["sent_hi"]) if "sent_lo" in arrays.files else None
        dense = DenseIndex.load(gen / "dense.faiss", manifest["dense"]["kind"], settings.dense)
        bm25 = Bm25Index.load(gen / "bm25", settings.bm25)
        sentences = _load_sentences(gen, sent_range) if settings.sentences and sent_range is not None else None
        n = len(table["start"])
        expected = manifest["counts"]["passages"]
    except (FileNotFoundError, IndexUnreadableError):
        raise
    except Exception as exc:  # faiss raises RuntimeError, numpy ValueError, json ...
        raise IndexUnreadableError(f"damaged index in {printable(str(gen))}: {_one_line(exc)}") from exc
    problem = _table_problem(table, documents, dense, n, expected) or _sentence_problem(sentences, n, documents)
    if problem:
        raise IndexUnreadableError(f"damaged index in {printable(str(gen))}: {problem}")
    return StoredIndex(
        path=gen,
        manifest=manifest,
        documents=documents,
        doc_rows=table["doc"],
        starts=table["start"],
        ends=table["end"],
        paragraphs=table["paragraph"],
        hashes=table["hash"],
        dense=dense,
        bm25=bm25,
        sentences=sentences,
    )


def _load_sentences(gen: Path, sent_range: tuple[np.ndarray, np.ndarray]) -> SentenceStore:
    with np.load(gen / "sentences.npz", allow_pickle=False) as arrays:
        table = {k: arrays[k] for k in ("doc", "start", "end", "hash")}
    vectors = np.load(gen / "sentences.npy", allow_pickle=False)
    return SentenceStore(
        doc_rows=table["doc"],
        starts=table["start"],
        ends=table["end"],
        hashes=table["hash"],
        vectors=np.ascontiguousarray(vectors, dtype=np.float32),
        passage_lo=sent_range[0].astype(np.int64),
        passage_hi=sent_range[1].astype(np.int64),
    )


def _sentence_problem(sentences: SentenceStore | None, n: int, documents: tuple[Document, ...]) -> str:
    """What is inconsistent in the sentence table (empty if nothing or if there is none)."""
    if sentences is None:
        return ""
    m = sentences.size
    if not (len(sentences.ends) == len(sentences.doc_rows) == len(sentences.vectors) == m):
        return "sentence table and vectors disagree"
    if len(sentences.passage_lo) != n or len(sentences.passage_hi) != n:
        return "sentence ranges and passages disagree"
    lo, hi = sentences.passage_lo, sentences.passage_hi
    if n and ((lo < 0).any() or (hi > m).any() or (hi <= lo).any()):
        return "passage points at missing sentences"
    if m and (sentences.doc_rows.max() >= len(documents) or sentences.doc_rows.min() < 0):
        return "sentence points at a missing document"
    if m:
        lengths = np.array([len(d.text) for d in documents], dtype=np.int64)[sentences.doc_rows]
        starts, ends = sentences.starts, sentences.ends
        if (starts < 0).any() or (ends <= starts).any() or (ends > lengths).any():
            return "sentence offsets outside their document"
    return ""


def _table_problem(table: dict, documents: tuple[Document, ...], dense: DenseIndex, n: int, expected: object) -> str:
    """What is inconsistent in a loaded generation (empty if nothing): a last line of defence
    for indexes without checksums, so a passage can never point outside its document."""
    if not all(len(table[k]) == n for k in table) or dense.size != n:
        return "passage table and vectors disagree"
    if expected != n:
        return "passage count differs from manifest"
    if n == 0:
        return "it holds no passages"
    doc = table["doc"]
    if doc.max() >= len(documents) or doc.min() < 0:
        return "passage points at a missing document"
    lengths = np.array([len(d.text) for d in documents], dtype=np.int64)[doc]
    if (table["start"] < 0).any() or (table["end"] <= table["start"]).any() or (table["end"] > lengths).any():
        return "passage offsets outside their document"
    return ""


def _verify_checksums(gen: Path, checksums: object) -> None:
    if not isinstance(checksums, dict) or not checksums:
        raise IndexUnreadableError(f"damaged index in {printable(str(gen))}: the manifest lists no checksums")
    where = printable(str(gen))
    for rel, digest in checksums.items():
        if not isinstance(rel, str) or not isinstance(digest, str) or not _inside(rel):
            raise IndexUnreadableError(f"damaged index in {where}: bad checksum entry")
        try:
            actual = _file_sha256(gen / rel)
        except FileNotFoundError:
            raise
        except OSError as exc:
            raise IndexUnreadableError(f"cannot read {printable(rel)} in {where}: {_os_reason(exc)}") from exc
        if actual != digest:
            raise IndexUnreadableError(f"damaged index in {where}: {printable(rel)} fails its checksum")


def _inside(rel: str) -> bool:
    """Whether a path recorded in a manifest stays inside its generation folder."""
    path = Path(rel)
    return bool(rel) and not path.is_absolute() and ".." not in path.parts


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[-1] if text else type(exc).__name__


def _settings_from_manifest(manifest: dict) -> IndexSettings:
    s = manifest["settings"]
    return IndexSettings(
        model=s["model"],
        chunking=ChunkSettings(**{k: v for k, v in s["chunking"].items() if k != "algorithm"}),
        bm25=Bm25Settings(**s["bm25"]),
        dense=DenseSettings(**s["dense"]),
        titles=bool(s.get("titles", False)),
        sentences=bool(s.get("sentences", False)),
        document_precision=str(s.get("document_precision", "fp32")),
        int8_from=int(s.get("int8_from", IndexSettings.int8_from)),
    )


def _read_documents(path: Path) -> Iterator[Document]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            d = json.loads(line)
            meta = d["meta"]
            yield Document(
                doc_id=d["doc_id"],
                text=d["text"],
                meta=DocumentMeta(
                    title=meta["title"],
                    authors=tuple(meta["authors"]),
                    publisher=meta["publisher"],
                    date=meta["date"],
                    aliases=tuple(meta.get("aliases", ())),
                ),
                fingerprint=d["fingerprint"],
                spans=tuple(Span(*s) for s in d["spans"]),
                skipped=tuple(Skipped(*s) for s in d["skipped"]),
            )


# --------------------------------------------------------------------------- staleness


def corpus_record(root: Path | None, states: tuple[FileState, ...] | None = None) -> dict:
    """What the manifest remembers of the corpus folder, to notice changes cheaply.

    ``states`` are the files as a build read them (``Corpus.states``); without them the
    folder is looked at now (a staleness check).
    """
    if root is None:
        return {"root": None, "files": [], "catalog": None}
    catalog = root / CATALOG_NAME
    catalog_sha = fingerprint_file(catalog) if catalog.is_file() and not catalog.is_symlink() else None
    return {
        "root": str(root.resolve()),
        "files": [[s.doc_id, s.size, s.mtime_ns] for s in (file_states(root) if states is None else states)],
        "catalog": catalog_sha,
        "max_file_bytes": max_file_bytes(),
        "reader": READER_VERSION,
    }


def stale_reasons(
    manifest: dict, root: Path | None, settings: IndexSettings, model_id: str, fingerprint: str | None = None
) -> list[str]:
    """Why this index no longer matches the corpus and settings (empty: it is fresh).

    Files are compared by size and modification time first; only a file whose stat changed
    is read and hashed, so a fresh check costs one ``stat`` per file.
    """
    reasons: list[str] = []
    recorded = manifest.get("settings", {})
    wanted = settings.recorded(model_id)
    if recorded.get("model") != model_id:
        reasons.append(f"model changed ({recorded.get('model')} → {model_id})")
    for key in [k for k in wanted if k != "model"]:
        if recorded.get(key) != wanted[key]:
            reasons.append(f"{key} settings changed")
    if fingerprint is not None and manifest.get("fingerprint") != fingerprint:
        reasons.append("collection changed")
    if root is None:
        return reasons
    old = manifest.get("corpus", {})
    if old.get("root") != str(root.resolve()):
        reasons.append(f"corpus folder changed ({old.get('root')} → {root.resolve()})")
        return reasons
    now = corpus_record(root)
    if now["catalog"] != old.get("catalog"):
        reasons.append(f"{CATALOG_NAME} changed")
    if now["reader"] != old.get("reader", 1):
        reasons.append("the rules for reading documents changed")
    before = {f[0]: (f[1], f[2]) for f in old.get("files", [])}
    after = {f[0]: (f[1], f[2]) for f in now["files"]}
    hashes = manifest.get("hashes", {})
    added = sorted(after.keys() - before.keys())
    removed = sorted(before.keys() - after.keys())
    changed = []
    for doc_id in sorted(after.keys() & before.keys()):
        if after[doc_id] == before[doc_id]:
            continue
        sha = fingerprint_file(root / doc_id)
        if sha is None or sha != hashes.get(doc_id):
            changed.append(doc_id)
    # A new size limit matters only if it admits or excludes a file of this corpus.
    old_limit, new_limit = old.get("max_file_bytes", _FORMER_MAX_FILE_BYTES), now["max_file_bytes"]
    low, high = sorted((old_limit, new_limit))
    crossing = sorted(d for d, (size, _) in after.items() if d in before and low < size <= high)
    if crossing:
        reasons.append(f"file size limit changed ({old_limit} → {new_limit} bytes), which affects {crossing[0]}")
    for label, names in (("added", added), ("removed", removed), ("changed", changed)):
        if names:
            shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
            reasons.append(f"{len(names)} file(s) {label}: {shown}")
    return reasons


def read_status(
    index_dir: Path, root: Path | None, settings: IndexSettings, model_id: str, fingerprint: str | None = None
) -> IndexStatus:
    try:
        manifest = _on_live_generation(index_dir, _checked_manifest)
    except IndexMissingError:
        return IndexStatus(index_dir, exists=False, stale=True, reasons=("not built yet",))
    except IndexUnreadableError as exc:
        return IndexStatus(index_dir, exists=True, stale=True, reasons=(str(exc),))
    reasons = stale_reasons(manifest, root, settings, model_id, fingerprint)
    return IndexStatus(
        index_dir=index_dir,
        exists=True,
        stale=bool(reasons),
        reasons=tuple(reasons),
        model_id=manifest["settings"]["model"],
        dim=manifest["embedding"]["dim"],
        documents=manifest["counts"]["documents"],
        passages=manifest["counts"]["passages"],
        built_at=manifest.get("built_at"),
        dense_kind=manifest["dense"]["kind"],
        corpus_root=manifest.get("corpus", {}).get("root"),
        warnings=tuple(manifest.get("warnings", [])),
    )


# --------------------------------------------------------------------------- building


@contextlib.contextmanager
def build_lock(index_dir: Path, timeout: float = 600.0, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Exclusive build lock (``flock``: released by the kernel if the builder dies).

    A second build waits (``on_wait`` is called once) and gives up with ``IndexBusyError``
    after ``timeout`` seconds.
    """
    if index_dir.exists() and not index_dir.is_dir():
        raise IndexBuildError(f"index is not a folder: {printable(str(index_dir))}")
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        fh = open(index_dir / LOCK, "a+")  # noqa: SIM115 - held for the whole block
    except OSError as exc:
        raise IndexBuildError(
            f"cannot write to index folder {printable(str(index_dir))}: {_os_reason(exc)}; the previous index is kept"
        ) from exc
    try:
        deadline = time.monotonic() + timeout
        waited = False
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not waited and on_wait:
                    on_wait()
                waited = True
                if time.monotonic() > deadline:
                    raise IndexBusyError(
                        f"another build of {printable(str(index_dir))} is still running; try again when it ends"
                    ) from None
                time.sleep(0.1)
        yield
    finally:
        fh.close()


def _os_reason(exc: BaseException) -> str:
    """A short reason for a failed write, naming the two a user can act on."""
    code = getattr(exc, "errno", None)
    text = str(exc)
    if code == errno.ENOSPC or "No space left" in text:
        return "disk full"
    if code == errno.EDQUOT or "quota exceeded" in text.lower():
        return "disk quota exceeded"
    if code == errno.EROFS or "Read-only file system" in text:
        return "read-only file system"
    if code in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if isinstance(exc, OSError):
        return exc.strerror or text
    return _one_line(exc)


def _fault(point: str) -> None:
    """Fail here if the test hook ``QA_FAULT`` names this point (tests only; a no-op otherwise).

    ``QA_FAULT=<point>:kill`` ends the process with SIGKILL (a crash, a power cut, an OOM
    kill), ``:enospc`` / ``:erofs`` / ``:eio`` raise that OSError (a full disk, a read-only
    folder, a failing disk), ``:pause`` writes ``QA_FAULT_REACHED <point>`` on stderr and
    sleeps, so a test can kill the process from outside at a known moment.
    """
    spec = os.environ.get(FAULT_ENV)
    if not spec:
        return
    where, _, action = spec.partition(":")
    if where != point:
        return
    if action == "kill":
        os.kill(os.getpid(), 9)
    if action == "pause":
        os.write(2, f"QA_FAULT_REACHED {point}\n".encode())
        time.sleep(3600)
    codes = {"enospc": errno.ENOSPC, "erofs": errno.EROFS, "eio": errno.EIO}
    if action in codes:
        raise OSError(codes[action], os.strerror(codes[action]))


#: Where ``_fault`` can strike, in build order.
FAULT_POINTS = (
    "embedded",
    "documents-written",
    "passages-written",
    "dense-written",
    "bm25-written",
    "manifest-written",
    "synced",
    "pointer-written",
    "swapped",
)


def build_index(
    corpus: Corpus,
    index_dir: Path,
    settings: IndexSettings,
    encoder: Encoder,
    *,
    progress: Progress | None = None,
    fingerprint: str | None = None,
) -> StoredIndex:
    """Build a new generation and make it live. The caller holds ``build_lock``.

    Embeddings of passages whose text is unchanged are taken from the previous generation
    (same model), so editing one document re-embeds only that document's passages.
    """
    progress = progress or _no_progress
    started = time.perf_counter()
    if not corpus.documents:
        raise EmptyCorpusError(_empty_message(corpus))
    # The files as they were read: one edited since (even during this build) is caught next time.
    record = corpus_record(corpus.root, corpus.states if corpus.root is not None else None)
    passages: list[Passage] = []
    doc_rows: list[int] = []
    texts: list[str] = []  # what the retrievers see of each passage (title and heading in front)
    sentences = _SentenceRows()
    for row, doc in enumerate(corpus.documents):
        doc_passages = make_passages(doc, settings.chunking)
        passages.extend(doc_passages)
        doc_rows.extend([row] * len(doc_passages))
        texts.extend(settings.indexed_texts(doc, doc_passages))
        if settings.sentences:
            sentences.add(row, doc, doc_passages, settings.chunking)
        progress("splitting", row + 1, len(corpus.documents))
    if not passages:
        raise EmptyCorpusError(_empty_message(corpus))
    hashes = np.array([passage_hash(t) for t in texts], dtype="S16")  # what was embedded, title included

    vectors = np.zeros((len(passages), encoder.dim), dtype=np.float32)
    sent_rows = zip(sentences.doc, sentences.start, sentences.end, strict=True)
    sent_texts = [corpus.documents[r].text[a:b] for r, a, b in sent_rows]
    sent_hashes = np.array([passage_hash(t) for t in sent_texts], dtype="S16")
    sent_vectors = np.zeros((len(sent_texts), encoder.dim), dtype=np.float32)
    precision = settings.document_precision
    if precision == "auto":
        precision = "int8" if len(texts) + len(sent_texts) >= settings.int8_from else "fp32"
    encoder = document_encoder(encoder, precision)
    todo, sent_todo = _reuse_vectors(index_dir, encoder, hashes, vectors, sent_hashes, sent_vectors)
    # Passages and sentences share one progress bar: both are embedded text.
    jobs = [(vectors, texts, i) for i in todo] + [(sent_vectors, sent_texts, i) for i in sent_todo]
    progress("embedding", 0, len(jobs))
    batch = 64
    # Length-sorted batches waste less padding; results go back to their own rows.
    jobs.sort(key=lambda job: len(job[1][job[2]]))
    for n in range(0, len(jobs), batch):
        chunk = jobs[n : n + batch]
        encoded = encoder.encode([t[i] for _, t, i in chunk], batch_size=batch)
        for (target, _, i), vector in zip(chunk, encoded, strict=True):
            target[i] = vector
        progress("embedding", min(n + batch, len(jobs)), len(jobs))
    _fault("embedded")

    progress("indexing", 0, 1)
    dense = DenseIndex.build(vectors, settings.dense)
    del vectors
    bm25 = Bm25Index.build(texts, settings.bm25)
    progress("indexing", 1, 1)

    manifest = {
        "format": FORMAT_VERSION,
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "settings": settings.recorded(encoder.model_id),
        "embedding": {
            "model_id": encoder.model_id,
            "dim": encoder.dim,
            "max_seq_length": encoder.max_seq_length,
            "variant": encoder_variant(encoder),
        },
        "dense": {"kind": dense.kind, "params": dense.params},
        "corpus": record,
        "fingerprint": fingerprint,
        "hashes": {d.doc_id: d.fingerprint for d in corpus.documents},
        "counts": {
            "documents": len(corpus.documents),
            "passages": len(passages),
            "reused_vectors": len(passages) - len(todo),
            "sentences": len(sent_texts),
            "reused_sentence_vectors": len(sent_texts) - len(sent_todo),
        },
        "warnings": list(corpus.warnings),
    }
    progress("saving", 0, 1)
    store = sentences.store(sent_hashes, sent_vectors) if settings.sentences else None
    gen = _write_generation(
        index_dir, manifest, corpus.documents, passages, doc_rows, hashes, dense, bm25, sentences=store
    )
    manifest["build_seconds"] = round(time.perf_counter() - started, 3)
    progress("saving", 1, 1)
    return StoredIndex(
        path=gen,
        manifest=manifest,
        documents=corpus.documents,
        doc_rows=np.array(doc_rows, dtype=np.int32),
        starts=np.array([p.start for p in passages], dtype=np.int64),
        ends=np.array([p.end for p in passages], dtype=np.int64),
        paragraphs=np.array([p.paragraph for p in passages], dtype=np.int32),
        hashes=hashes,
        dense=dense,
        bm25=bm25,
        sentences=store,
    )


class _SentenceRows:
    """The sentence table collected while splitting: rows in document order, and per passage
    the range of its sentences (a passage is a window of consecutive sentences)."""

    def __init__(self) -> None:
        self.doc: list[int] = []
        self.start: list[int] = []
        self.end: list[int] = []
        self.lo: list[int] = []
        self.hi: list[int] = []

    def add(self, row: int, doc: Document, passages: list[Passage], chunking: ChunkSettings) -> None:
        import bisect

        base = len(self.start)
        spans = document_sentences(doc, chunking)  # the sentences make_passages windows over
        starts = [s.start for s in spans]
        for s in spans:
            self.doc.append(row)
            self.start.append(s.start)
            self.end.append(s.end)
        for p in passages:
            self.lo.append(base + bisect.bisect_left(starts, p.start))
            self.hi.append(base + bisect.bisect_left(starts, p.end))

    def store(self, hashes: np.ndarray, vectors: np.ndarray) -> SentenceStore:
        return SentenceStore(
            doc_rows=np.array(self.doc, dtype=np.int32),
            starts=np.array(self.start, dtype=np.int64),
            ends=np.array(self.end, dtype=np.int64),
            hashes=hashes,
            vectors=vectors,
            passage_lo=np.array(self.lo, dtype=np.int64),
            passage_hi=np.array(self.hi, dtype=np.int64),
        )


def _reuse_vectors(
    index_dir: Path,
    encoder: Encoder,
    hashes: np.ndarray,
    out: np.ndarray,
    sent_hashes: np.ndarray,
    sent_out: np.ndarray,
) -> tuple[list[int], list[int]]:
    """Fill ``out`` and ``sent_out`` from the live generation where text and model match;
    return the passage rows and sentence rows still to embed."""
    try:
        old = load_index(index_dir)
    except IndexStoreError:
        return list(range(len(hashes))), list(range(len(sent_hashes)))
    made_alike = old.manifest.get("embedding", {}).get("variant") == encoder_variant(encoder)
    if old.model_id != encoder.model_id or old.dense.dim != encoder.dim or old.size == 0 or not made_alike:
        return list(range(len(hashes))), list(range(len(sent_hashes)))
    todo = _copy_rows(old.hashes, lambda rows: old.dense.vectors(rows), hashes, out)
    if old.sentences is None:
        return todo, list(range(len(sent_hashes)))
    sent_todo = _copy_rows(old.sentences.hashes, lambda rows: old.sentences.vectors[rows], sent_hashes, sent_out)
    return todo, sent_todo


def _copy_rows(old_hashes: np.ndarray, old_vectors, hashes: np.ndarray, out: np.ndarray) -> list[int]:
    row_of = {h: i for i, h in enumerate(old_hashes.tolist())}
    wanted = [(i, row_of.get(h)) for i, h in enumerate(hashes.tolist())]
    found = [(i, j) for i, j in wanted if j is not None]
    if found:
        new_rows, old_rows = zip(*found, strict=True)
        out[list(new_rows)] = old_vectors(np.array(old_rows, dtype=np.int64))
    return [i for i, j in wanted if j is None]


def _empty_message(corpus: Corpus) -> str:
    where = printable(str(corpus.root)) if corpus.root is not None else "the collection"
    if not corpus.warnings:
        return f"no documents to index in {where}: it holds no .txt or .md files"
    more = len(corpus.warnings) - 3
    shown = "; ".join(corpus.warnings[:3]) + (f"; and {more} more" if more > 0 else "")
    return f"no usable documents in {where}: {shown}"


def _write_generation(
    index_dir: Path,
    manifest: dict,
    documents: tuple[Document, ...],
    passages: list[Passage],
    doc_rows: list[int],
    hashes: np.ndarray,
    dense: DenseIndex,
    bm25: Bm25Index,
    sentences: SentenceStore | None = None,
) -> Path:
    """Write a complete generation, then point CURRENT at it; on any failure remove it.

    Nothing outside the new ``gen-…`` folder and CURRENT's temporary file is written, and
    CURRENT is replaced by ``rename`` only once every file is on disk and synced, so a crash or
    a full disk at any point leaves the previous generation live and whole.
    """
    gen = index_dir / f"gen-{time.time_ns()}-{os.getpid()}"
    tmp = index_dir / f"{CURRENT}.{os.getpid()}.tmp"
    try:
        gen.mkdir(parents=True)
        with (gen / "documents.jsonl").open("w", encoding="utf-8") as fh:
            for d in documents:
                fh.write(json.dumps(_document_record(d), ensure_ascii=False) + "\n")
        _fault("documents-written")
        with (gen / "passages.npz").open("wb") as fh:
            np.savez(
                fh,
                doc=np.array(doc_rows, dtype=np.int32),
                start=np.array([p.start for p in passages], dtype=np.int64),
                end=np.array([p.end for p in passages], dtype=np.int64),
                paragraph=np.array([p.paragraph for p in passages], dtype=np.int32),
                hash=hashes,
                **({"sent_lo": sentences.passage_lo, "sent_hi": sentences.passage_hi} if sentences else {}),
            )
        if sentences is not None:
            with (gen / "sentences.npz").open("wb") as fh:
                np.savez(fh, doc=sentences.doc_rows, start=sentences.starts, end=sentences.ends, hash=sentences.hashes)
            with (gen / "sentences.npy").open("wb") as fh:
                np.save(fh, sentences.vectors, allow_pickle=False)
        _fault("passages-written")
        dense.save(gen / "dense.faiss")
        _fault("dense-written")
        (gen / "bm25").mkdir()
        bm25.save(gen / "bm25")
        _fault("bm25-written")
        manifest["checksums"] = {
            path.relative_to(gen).as_posix(): _file_sha256(path) for path in sorted(gen.rglob("*")) if path.is_file()
        }
        raw = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
        (gen / MANIFEST).write_bytes(raw)
        _fault("manifest-written")
        _fsync_tree(gen)
        _fault("synced")
        with tmp.open("w", encoding="utf-8") as fh:
            fh.write(f"{gen.name}\n{_MANIFEST_SUM} {hashlib.sha256(raw).hexdigest()}\n")
            fh.flush()
            os.fsync(fh.fileno())
        _fault("pointer-written")
        os.replace(tmp, index_dir / CURRENT)
        _fsync_dir(index_dir)
    except BaseException as exc:
        swapped = False
        with contextlib.suppress(IndexStoreError, OSError):
            swapped = _read_pointer(index_dir)[0] == gen
        if not swapped:
            shutil.rmtree(gen, ignore_errors=True)
            with contextlib.suppress(OSError):
                tmp.unlink()
        if not isinstance(exc, Exception):
            raise  # KeyboardInterrupt, SystemExit: the cleanup above is all there is to do
        if not swapped:
            where = printable(str(index_dir))
            raise IndexBuildError(
                f"could not write the index to {where}: {_os_reason(exc)}; the previous index is kept"
            ) from exc
        # Only syncing the folder after the rename failed: the new generation is live and whole.
    _fault("swapped")
    _remove_old_generations(index_dir, keep=gen.name)
    return gen


def _document_record(d: Document) -> dict:
    return {
        "doc_id": d.doc_id,
        "fingerprint": d.fingerprint,
        "meta": {
            "title": d.meta.title,
            "authors": list(d.meta.authors),
            "publisher": d.meta.publisher,
            "date": d.meta.date,
            "aliases": list(d.meta.aliases),
        },
        "spans": [[s.start, s.end, s.paragraph, *([True] if s.verbatim else [])] for s in d.spans],
        "skipped": [[s.start, s.end, s.reason] for s in d.skipped],
        "text": d.text,
    }


def _remove_old_generations(index_dir: Path, keep: str) -> None:
    """Remove replaced generations and what killed builds left behind (the caller holds the lock)."""
    for child in index_dir.iterdir():
        if child.name != keep and child.name.startswith("gen-") and child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        elif child.name.startswith(f"{CURRENT}.") and child.name.endswith(".tmp"):
            with contextlib.suppress(OSError):
                child.unlink()


def _fsync_tree(folder: Path) -> None:
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            with path.open("rb") as fh:
                os.fsync(fh.fileno())
    for path in [*sorted(p for p in folder.rglob("*") if p.is_dir()), folder]:
        _fsync_dir(path)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
