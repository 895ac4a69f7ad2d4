"""The index on disk: what it holds, how it is built atomically, and when it is stale.

Layout of an index folder::

    CURRENT            name of the live generation (replaced atomically)
    .lock              held while a build runs (a second build waits for it)
    gen-<id>/          one complete, immutable generation
        manifest.json  format version, model, settings, a fingerprint of every file
        documents.jsonl  the texts passages point into, with body spans and metadata
        passages.npz   per passage: document row, start, end, paragraph, content hash
        dense.faiss    the vectors (row i = passage i)
        bm25/          the BM25 index (JSON + .npy, never pickle)

A build writes a new generation beside the live one and only then points ``CURRENT`` at it,
so at every instant the folder holds either the old complete index or the new complete one.
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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from qa.bm25 import Bm25Index, Bm25Settings
from qa.documents import (
    CATALOG_NAME,
    Corpus,
    Document,
    DocumentMeta,
    Skipped,
    Span,
    file_states,
    fingerprint_bytes,
)
from qa.embedding import DEFAULT_MODEL, Encoder
from qa.passages import ChunkSettings, Passage, make_passages, passage_id
from qa.vectors import DenseIndex, DenseSettings

FORMAT_VERSION = 1
CURRENT = "CURRENT"
LOCK = ".lock"
MANIFEST = "manifest.json"

Progress = Callable[[str, int, int], None]


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

    def recorded(self, model_id: str) -> dict[str, object]:
        """The settings as the manifest records and compares them."""
        return {
            "model": model_id,
            "chunking": self.chunking.as_dict(),
            "bm25": self.bm25.as_dict(),
            "dense": self.dense.as_dict(),
        }


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
    _by_id: dict[str, int] = field(default_factory=dict, repr=False)

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
        )


def passage_hash(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


# --------------------------------------------------------------------------- reading


def current_generation(index_dir: Path) -> Path:
    try:
        name = (index_dir / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError as exc:
        raise IndexMissingError(f"no index in {index_dir}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise IndexUnreadableError(f"cannot read {index_dir / CURRENT}: {exc}") from exc
    if not name.startswith("gen-") or "/" in name or "\\" in name:
        raise IndexUnreadableError(f"{index_dir / CURRENT} does not name a generation")
    return index_dir / name


def read_manifest(index_dir: Path) -> dict:
    gen = current_generation(index_dir)
    try:
        manifest = json.loads((gen / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise IndexUnreadableError(f"index generation {gen.name} has no manifest") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IndexUnreadableError(f"damaged manifest in {gen}: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_VERSION:
        found = manifest.get("format") if isinstance(manifest, dict) else None
        raise IndexUnreadableError(f"index format {found!r} is not {FORMAT_VERSION}")
    return manifest


def load_index(index_dir: Path) -> StoredIndex:
    """Load the live generation. A generation removed by a concurrent build is retried."""
    for attempt in range(3):
        try:
            return _load_generation(index_dir)
        except FileNotFoundError:
            if attempt == 2:
                raise IndexUnreadableError(f"index files in {index_dir} keep disappearing") from None
            time.sleep(0.05)
    raise AssertionError("unreachable")


def _load_generation(index_dir: Path) -> StoredIndex:
    manifest = read_manifest(index_dir)
    gen = current_generation(index_dir)
    settings = _settings_from_manifest(manifest)
    try:
        documents = tuple(_read_documents(gen / "documents.jsonl"))
        with np.load(gen / "passages.npz", allow_pickle=False) as arrays:
            table = {k: arrays[k] for k in ("doc", "start", "end", "paragraph", "hash")}
        dense = DenseIndex.load(gen / "dense.faiss", manifest["dense"]["kind"], settings.dense)
        bm25 = Bm25Index.load(gen / "bm25", settings.bm25)
    except FileNotFoundError:
        raise
    except Exception as exc:  # faiss raises RuntimeError, numpy ValueError, json ...
        raise IndexUnreadableError(f"damaged index in {gen}: {_one_line(exc)}") from exc
    n = len(table["start"])
    if not (len(table["end"]) == len(table["doc"]) == dense.size == n):
        raise IndexUnreadableError(f"damaged index in {gen}: passage table and vectors disagree")
    if n and (table["doc"].max() >= len(documents) or table["doc"].min() < 0):
        raise IndexUnreadableError(f"damaged index in {gen}: passage points at a missing document")
    if manifest["counts"]["passages"] != n:
        raise IndexUnreadableError(f"damaged index in {gen}: passage count differs from manifest")
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
    )


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[-1] if text else type(exc).__name__


def _settings_from_manifest(manifest: dict) -> IndexSettings:
    s = manifest["settings"]
    return IndexSettings(
        model=s["model"],
        chunking=ChunkSettings(**s["chunking"]),
        bm25=Bm25Settings(**s["bm25"]),
        dense=DenseSettings(**s["dense"]),
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
                ),
                fingerprint=d["fingerprint"],
                spans=tuple(Span(*s) for s in d["spans"]),
                skipped=tuple(Skipped(*s) for s in d["skipped"]),
            )


# --------------------------------------------------------------------------- staleness


def corpus_record(root: Path | None) -> dict:
    """What the manifest remembers of the corpus folder, to notice changes cheaply."""
    if root is None:
        return {"root": None, "files": [], "catalog": None}
    catalog = root / CATALOG_NAME
    try:
        catalog_sha = fingerprint_bytes(catalog.read_bytes()) if catalog.is_file() else None
    except OSError:
        catalog_sha = None
    return {
        "root": str(root.resolve()),
        "files": [[s.doc_id, s.size, s.mtime_ns] for s in file_states(root)],
        "catalog": catalog_sha,
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
    for key in ("chunking", "bm25", "dense"):
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
    before = {f[0]: (f[1], f[2]) for f in old.get("files", [])}
    after = {f[0]: (f[1], f[2]) for f in now["files"]}
    hashes = manifest.get("hashes", {})
    added = sorted(after.keys() - before.keys())
    removed = sorted(before.keys() - after.keys())
    changed = []
    for doc_id in sorted(after.keys() & before.keys()):
        if after[doc_id] == before[doc_id]:
            continue
        try:
            sha = fingerprint_bytes((root / doc_id).read_bytes())
        except OSError:
            sha = None
        if sha is None or sha != hashes.get(doc_id):
            changed.append(doc_id)
    for label, names in (("added", added), ("removed", removed), ("changed", changed)):
        if names:
            shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
            reasons.append(f"{len(names)} file(s) {label}: {shown}")
    return reasons


def read_status(
    index_dir: Path, root: Path | None, settings: IndexSettings, model_id: str, fingerprint: str | None = None
) -> IndexStatus:
    try:
        manifest = read_manifest(index_dir)
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
    """Exclusive build lock (``flock``: released by the kernel if the builder dies)."""
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        fh = open(index_dir / LOCK, "a+")  # noqa: SIM115 - held for the whole block
    except OSError as exc:
        raise IndexBuildError(f"cannot write to index folder {index_dir}: {exc.strerror or exc}") from exc
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
                    raise IndexBusyError(f"another build of {index_dir} is still running") from None
                time.sleep(0.1)
        yield
    finally:
        fh.close()


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
    record = corpus_record(corpus.root)  # stat before reading: a file edited mid-build is caught next time
    passages: list[Passage] = []
    doc_rows: list[int] = []
    for row, doc in enumerate(corpus.documents):
        for p in make_passages(doc, settings.chunking):
            passages.append(p)
            doc_rows.append(row)
        progress("splitting", row + 1, len(corpus.documents))
    texts = [p.text for p in passages]
    hashes = np.array([passage_hash(t) for t in texts], dtype="S16")

    vectors = np.zeros((len(passages), encoder.dim), dtype=np.float32)
    todo = _reuse_vectors(index_dir, encoder, hashes, vectors)
    progress("embedding", 0, len(todo))
    batch = 64
    # Length-sorted batches waste less padding; results go back to their own rows.
    order = sorted(todo, key=lambda i: len(texts[i]))
    for n in range(0, len(order), batch):
        rows = order[n : n + batch]
        vectors[rows] = encoder.encode([texts[i] for i in rows], batch_size=batch)
        progress("embedding", min(n + batch, len(order)), len(order))

    progress("indexing", 0, 1)
    dense = DenseIndex.build(vectors, settings.dense)
    del vectors
    bm25 = Bm25Index.build(texts, settings.bm25)
    progress("indexing", 1, 1)

    manifest = {
        "format": FORMAT_VERSION,
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "settings": settings.recorded(encoder.model_id),
        "embedding": {"model_id": encoder.model_id, "dim": encoder.dim, "max_seq_length": encoder.max_seq_length},
        "dense": {"kind": dense.kind},
        "corpus": record,
        "fingerprint": fingerprint,
        "hashes": {d.doc_id: d.fingerprint for d in corpus.documents},
        "counts": {
            "documents": len(corpus.documents),
            "passages": len(passages),
            "reused_vectors": len(passages) - len(todo),
        },
        "warnings": list(corpus.warnings),
    }
    progress("saving", 0, 1)
    gen = _write_generation(index_dir, manifest, corpus.documents, passages, doc_rows, hashes, dense, bm25)
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
    )


def _reuse_vectors(index_dir: Path, encoder: Encoder, hashes: np.ndarray, out: np.ndarray) -> list[int]:
    """Fill ``out`` from the live generation where text and model match; return rows to embed."""
    try:
        old = load_index(index_dir)
    except IndexStoreError:
        return list(range(len(hashes)))
    if old.model_id != encoder.model_id or old.dense.dim != encoder.dim or old.size == 0:
        return list(range(len(hashes)))
    row_of = {h: i for i, h in enumerate(old.hashes.tolist())}
    wanted = [(i, row_of.get(h)) for i, h in enumerate(hashes.tolist())]
    found = [(i, j) for i, j in wanted if j is not None]
    if found:
        new_rows, old_rows = zip(*found, strict=True)
        out[list(new_rows)] = old.dense.vectors(np.array(old_rows, dtype=np.int64))
    return [i for i, j in wanted if j is None]


def _write_generation(
    index_dir: Path,
    manifest: dict,
    documents: tuple[Document, ...],
    passages: list[Passage],
    doc_rows: list[int],
    hashes: np.ndarray,
    dense: DenseIndex,
    bm25: Bm25Index,
) -> Path:
    gen = index_dir / f"gen-{time.time_ns()}-{os.getpid()}"
    try:
        gen.mkdir(parents=True)
        with (gen / "documents.jsonl").open("w", encoding="utf-8") as fh:
            for d in documents:
                fh.write(json.dumps(_document_record(d), ensure_ascii=False) + "\n")
        with (gen / "passages.npz").open("wb") as fh:
            np.savez(
                fh,
                doc=np.array(doc_rows, dtype=np.int32),
                start=np.array([p.start for p in passages], dtype=np.int64),
                end=np.array([p.end for p in passages], dtype=np.int64),
                paragraph=np.array([p.paragraph for p in passages], dtype=np.int32),
                hash=hashes,
            )
        dense.save(gen / "dense.faiss")
        (gen / "bm25").mkdir()
        bm25.save(gen / "bm25")
        (gen / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        _fsync_tree(gen)
        tmp = index_dir / f"{CURRENT}.{os.getpid()}.tmp"
        with tmp.open("w", encoding="utf-8") as fh:
            fh.write(gen.name + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, index_dir / CURRENT)
        _fsync_dir(index_dir)
    except BaseException as exc:
        shutil.rmtree(gen, ignore_errors=True)
        with contextlib.suppress(OSError):
            (index_dir / f"{CURRENT}.{os.getpid()}.tmp").unlink()
        if isinstance(exc, OSError):
            reason = "disk full" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
            raise IndexBuildError(
                f"could not write the index to {index_dir}: {reason}; the previous index is kept"
            ) from exc
        raise
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
        },
        "spans": [[s.start, s.end, s.paragraph] for s in d.spans],
        "skipped": [[s.start, s.end, s.reason] for s in d.skipped],
        "text": d.text,
    }


def _remove_old_generations(index_dir: Path, keep: str) -> None:
    for child in index_dir.iterdir():
        if child.name != keep and child.name.startswith("gen-") and child.is_dir():
            shutil.rmtree(child, ignore_errors=True)


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
