"""The collections the benchmark runs on, and the texts an index of each holds.

``index_texts`` mirrors what ``qa.index.build_index`` embeds (every passage with its title in
front, and every sentence), with the project's own splitting code, so the baseline indexes the
same passages; the benchmark checks the counts against the project's manifest.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from qa.documents import Corpus


@dataclass(frozen=True)
class IndexTexts:
    passages: list[str]
    sentences: list[str]


def index_texts(corpus: Corpus) -> IndexTexts:
    from qa.index import IndexSettings
    from qa.passages import document_sentences, make_passages

    settings = IndexSettings()
    passages: list[str] = []
    sentences: list[str] = []
    for doc in corpus.documents:
        passages += settings.indexed_texts(doc, make_passages(doc, settings.chunking))
        if settings.sentences:
            sentences += [doc.text[s.start : s.end] for s in document_sentences(doc, settings.chunking)]
    return IndexTexts(passages, sentences)


def load_collection(kind: str, path: Path, docs: int | None = None) -> Corpus:
    """The shipped corpus (a folder) or a BEIR collection, optionally its first ``docs`` records."""
    if kind == "folder":
        from qa.documents import load_corpus

        return load_corpus(path)
    from qa.beir import load_beir

    corpus = load_beir(path).corpus
    if docs:
        corpus = Corpus(root=None, documents=corpus.documents[:docs], warnings=corpus.warnings)
    return corpus


def subsample_beir(source: Path, target: Path, docs: int) -> Path:
    """A BEIR folder holding the first ``docs`` records of ``source`` and only the queries
    judged on them (``--scifact-docs N``: iterate on a smaller build)."""
    target.mkdir(parents=True, exist_ok=True)
    kept: set[str] = set()
    with (
        (source / "corpus.jsonl").open(encoding="utf-8") as src,
        (target / "corpus.jsonl").open("w", encoding="utf-8") as out,
    ):
        for line in src:
            if not line.strip():
                continue
            if len(kept) >= docs:
                break
            kept.add(str(json.loads(line)["_id"]))
            out.write(line)
    (target / "qrels").mkdir(exist_ok=True)
    judged: set[str] = set()
    with (
        (source / "qrels" / "test.tsv").open(encoding="utf-8") as src,
        (target / "qrels" / "test.tsv").open("w", encoding="utf-8") as out,
    ):
        for n, line in enumerate(src):
            cols = line.rstrip("\n").split("\t")
            if n == 0 and not cols[-1].strip().lstrip("-").isdigit():
                out.write(line)
                continue
            if len(cols) >= 3 and cols[-2] in kept:
                judged.add(cols[0])
                out.write(line)
    with (
        (source / "queries.jsonl").open(encoding="utf-8") as src,
        (target / "queries.jsonl").open("w", encoding="utf-8") as out,
    ):
        for line in src:
            if line.strip() and str(json.loads(line)["_id"]) in judged:
                out.write(line)
    return target


def beir_queries(path: Path) -> list[str]:
    """Every query text of a BEIR folder's ``queries.jsonl``, in file order."""
    with (path / "queries.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line)["text"] for line in fh if line.strip()]


def gold_questions(paths: list[Path]) -> list[str]:
    """The questions of gold files (answerable or not: latency does not care)."""
    from qa.gold import load_gold

    return [q.question for p in paths if p.is_file() for q in load_gold(p)]
