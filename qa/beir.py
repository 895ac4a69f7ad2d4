"""BEIR-format benchmark collections: ``corpus.jsonl``, ``queries.jsonl``, ``qrels/<split>.tsv``.

A collection is turned into the same ``Document`` objects a folder of files gives, so it is
indexed and searched by exactly the code a user runs. Each record's text is its title, a blank
line, then its body: both are indexed, and the title stays in the record's first passage.
Records are built with ``furniture=False``: a title is a short line without final punctuation,
which the page-furniture rules for scraped web pages would otherwise drop as a "heading".

The index lives in ``index/beir/<name>-<hash>/`` where the hash covers the collection's
fingerprint (the bytes of ``corpus.jsonl``) and the model; settings are recorded in the
manifest, so changing one rebuilds the index in place and reuses every unchanged embedding.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from qa.documents import Corpus, DocumentMeta, make_document

#: Bump when the way records become documents changes: the fingerprint changes with it, so
#: an index built the old way is never reused.
RECORD_FORMAT = "qa-beir-1"


class BeirError(ValueError):
    """The folder is not a usable BEIR collection; the message names the file and line."""


@dataclass(frozen=True)
class BeirCollection:
    name: str
    root: Path
    split: str
    corpus: Corpus
    queries: dict[str, str]  # every query of queries.jsonl, by id
    qrels: dict[str, dict[str, int]]  # query id -> {document id: grade}; grade 0 = judged not relevant
    fingerprint: str
    warnings: tuple[str, ...] = ()

    @property
    def judged_queries(self) -> list[str]:
        """Ids of queries that have a judgment in this split, in qrels order."""
        return list(self.qrels)


def load_beir(root: str | Path, split: str = "test") -> BeirCollection:
    """Read a BEIR folder. Raises ``BeirError`` with a one-line reason when it cannot be used."""
    root = Path(root)
    if not root.is_dir():
        raise BeirError(f"BEIR folder not found: {root}" if not root.exists() else f"not a folder: {root}")
    corpus_path, queries_path = root / "corpus.jsonl", root / "queries.jsonl"
    qrels_path = root / "qrels" / f"{split}.tsv"
    for path in (corpus_path, queries_path, qrels_path):
        if not path.is_file():
            raise BeirError(f"not a BEIR collection: {path} is missing")
    fingerprint, corpus, warnings = _read_corpus(corpus_path)
    queries = _read_queries(queries_path)
    qrels = _read_qrels(qrels_path)
    missing = [q for q in qrels if q not in queries]
    if missing:
        warnings.append(f"{len(missing)} judged queries are not in queries.jsonl and are skipped: {missing[:3]}")
        qrels = {q: judged for q, judged in qrels.items() if q in queries}
    if not qrels:
        raise BeirError(f"{qrels_path}: no judged queries")
    name = re.sub(r"[^\w-]", "_", root.resolve().name)[:40] or "beir"
    return BeirCollection(name, root, split, corpus, queries, qrels, fingerprint, tuple(warnings))


def beir_index_dir(collection: BeirCollection, model_id: str, index_root: Path) -> Path:
    """Where a collection's index is cached: one folder per collection fingerprint and model."""
    key = hashlib.sha256(f"{collection.fingerprint}\n{model_id}".encode()).hexdigest()[:12]
    return index_root / "beir" / f"{collection.name}-{key}"


def record_text(title: str, body: str) -> str:
    """The text a record is indexed as: title, blank line, body (either may be empty)."""
    return "\n\n".join(part for part in (title.strip(), body.strip()) if part)


def _read_corpus(path: Path) -> tuple[str, Corpus, list[str]]:
    digest = hashlib.sha256(RECORD_FORMAT.encode() + b"\n")
    documents = []
    seen: set[str] = set()
    empty = 0
    with path.open("rb") as fh:
        for n, raw in enumerate(fh, 1):
            digest.update(raw)
            if not raw.strip():
                continue
            obj = _json_line(raw, path, n)
            doc_id = str(obj.get("_id", "")).strip()
            if not doc_id:
                raise BeirError(f"{path}:{n}: record without an _id")
            if doc_id in seen:
                raise BeirError(f"{path}:{n}: duplicate _id {doc_id!r}")
            seen.add(doc_id)
            title, body = _field(obj, "title", path, n), _field(obj, "text", path, n)
            doc = make_document(
                doc_id, record_text(title, body), meta=DocumentMeta(title=" ".join(title.split())), furniture=False
            )
            if not doc.spans:
                empty += 1
                continue
            documents.append(doc)
    warnings = [f"{empty} records without text are not indexed"] if empty else []
    if not documents:
        raise BeirError(f"{path}: no documents")
    return digest.hexdigest(), Corpus(root=None, documents=tuple(documents), warnings=tuple(warnings)), warnings


def _read_queries(path: Path) -> dict[str, str]:
    queries: dict[str, str] = {}
    with path.open("rb") as fh:
        for n, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            obj = _json_line(raw, path, n)
            qid = str(obj.get("_id", "")).strip()
            if not qid:
                raise BeirError(f"{path}:{n}: query without an _id")
            queries[qid] = _field(obj, "text", path, n)
    return queries


def _read_qrels(path: Path) -> dict[str, dict[str, int]]:
    """``query-id <TAB> corpus-id <TAB> score`` lines; a header line is skipped."""
    qrels: dict[str, dict[str, int]] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise BeirError(f"cannot read {path}: {exc}") from exc
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        cols = line.split("\t")
        if len(cols) == 4:  # TREC style: query, iteration, document, grade
            cols = [cols[0], cols[2], cols[3]]
        if len(cols) != 3:
            raise BeirError(f"{path}:{n}: expected 'query-id<TAB>corpus-id<TAB>score'")
        try:
            grade = int(float(cols[2]))
        except ValueError:
            if n == 1:
                continue  # the header
            raise BeirError(f"{path}:{n}: score {cols[2]!r} is not a number") from None
        qrels.setdefault(cols[0].strip(), {})[cols[1].strip()] = grade
    return qrels


def _json_line(raw: bytes, path: Path, n: int) -> dict:
    try:
        obj = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BeirError(f"{path}:{n}: not a JSON record ({exc})") from exc
    if not isinstance(obj, dict):
        raise BeirError(f"{path}:{n}: not a JSON object")
    return obj


def _field(obj: dict, key: str, path: Path, n: int) -> str:
    value = obj.get(key) or ""
    if not isinstance(value, str):
        raise BeirError(f"{path}:{n}: {key!r} is not a string")
    return value
