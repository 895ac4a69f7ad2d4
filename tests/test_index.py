"""The index on disk: manifest, staleness, automatic rebuild, atomic swap, no pickle."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import numpy as np
import pytest

from qa.bm25 import Bm25Index
from qa.engine import Engine, index_status
from qa.index import CURRENT, FORMAT_VERSION, IndexUnreadableError, load_index, read_manifest


def gen_dirs(index_dir: Path) -> list[str]:
    return sorted(p.name for p in index_dir.iterdir() if p.name.startswith("gen-"))


def test_manifest_records_model_settings_and_every_file(engine):
    manifest = read_manifest(engine.index_dir)
    assert manifest["format"] == FORMAT_VERSION
    assert manifest["settings"]["model"] == "sentence-transformers/all-MiniLM-L6-v2"
    assert manifest["embedding"]["dim"] == 384
    chunking = {"algorithm", "max_words", "overlap_sentences", "max_sentence_chars"}
    assert set(manifest["settings"]["chunking"]) == chunking
    assert manifest["dense"] == {"kind": "flat", "params": {}}
    # A small collection is embedded in full precision; how is recorded, so only vectors made
    # alike are ever reused.
    assert manifest["settings"]["document_precision"] == "auto"
    assert manifest["embedding"]["variant"] == "onnx-fp32"
    names = sorted(f[0] for f in manifest["corpus"]["files"])
    assert names == sorted(d.doc_id for d in engine.documents)
    assert all(len(sha) == 64 for sha in manifest["hashes"].values())
    assert manifest["counts"]["passages"] == engine.passage_count > 0


def test_nothing_on_disk_needs_pickle(engine):
    gen = load_index(engine.index_dir).path
    for path in gen.rglob("*.np[yz]"):
        if path.suffix == ".npz":
            with np.load(path, allow_pickle=False) as arrays:
                for key in arrays.files:
                    assert arrays[key].dtype != object
        else:
            assert np.load(path, allow_pickle=False).dtype != object
    assert not list(gen.rglob("*.pkl")) and not list(gen.rglob("*.pickle"))


def test_changed_corpus_is_noticed_and_rebuilt(encoder, corpus_copy, tmp_path):
    index_dir = tmp_path / "index"
    first = Engine.open(corpus_copy, index_dir, encoder=encoder)
    assert first.rebuilt_because == ("no index in " + str(index_dir),)
    assert not index_status(corpus_copy, index_dir).stale

    again = Engine.open(corpus_copy, index_dir, encoder=encoder)
    assert again.rebuilt_because == ()  # fresh: loaded as is

    target = corpus_copy / "russia-armenia-ties-bottom-out.txt"
    target.write_text(
        target.read_text(encoding="utf-8") + "\nA new closing sentence about the Zangezur talks.\n", encoding="utf-8"
    )
    status = index_status(corpus_copy, index_dir)
    assert status.stale and any("changed" in r and target.name in r for r in status.reasons)

    progress_stages: list[str] = []
    rebuilt = Engine.open(corpus_copy, index_dir, encoder=encoder, progress=lambda s, d, t: progress_stages.append(s))
    assert any("changed" in r for r in rebuilt.rebuilt_because)
    assert "embedding" in progress_stages
    # Only the changed document's passages were embedded again.
    counts = rebuilt.manifest["counts"]
    assert 0 < counts["passages"] - counts["reused_vectors"] <= 3
    assert any("Zangezur talks" in p.text for p in rebuilt.passages())

    (corpus_copy / "new.md").write_text("An added note says the summit moved to Vienna in spring.\n", encoding="utf-8")
    assert any("added" in r for r in index_status(corpus_copy, index_dir).reasons)
    target.unlink()
    reasons = index_status(corpus_copy, index_dir).reasons
    assert any("removed" in r for r in reasons)
    final = Engine.open(corpus_copy, index_dir, encoder=encoder)
    assert {d.doc_id for d in final.documents} == {d.doc_id for d in first.documents} - {target.name} | {"new.md"}


def test_touching_a_file_without_changing_it_is_not_stale(encoder, corpus_copy, tmp_path):
    index_dir = tmp_path / "index"
    Engine.open(corpus_copy, index_dir, encoder=encoder)
    path = corpus_copy / "rcds-armenia-anti-russian-turn.txt"
    later = time.time() + 5
    os.utime(path, (later, later))
    assert not index_status(corpus_copy, index_dir).stale


def test_changed_settings_or_model_make_the_index_stale(engine):
    from dataclasses import replace

    from qa.index import IndexSettings, read_status
    from qa.passages import ChunkSettings

    base = IndexSettings()
    changed = replace(base, chunking=ChunkSettings(max_words=base.chunking.max_words + 7))
    status = read_status(engine.index_dir, engine.corpus_root, changed, "sentence-transformers/all-MiniLM-L6-v2")
    assert status.stale and "chunking settings changed" in status.reasons
    status = read_status(engine.index_dir, engine.corpus_root, base, "some/other-model")
    assert status.stale and any("model changed" in r for r in status.reasons)


def test_new_reading_rules_make_the_index_stale(engine, monkeypatch):
    # Front matter became metadata in reader 2: an index built by older rules may hold a
    # "---" title and key: value passages, so it must be rebuilt, not trusted.
    import qa.index
    from qa.index import IndexSettings, read_status

    model = "sentence-transformers/all-MiniLM-L6-v2"
    assert not read_status(engine.index_dir, engine.corpus_root, IndexSettings(), model).stale
    monkeypatch.setattr(qa.index, "READER_VERSION", qa.index.READER_VERSION + 1)
    status = read_status(engine.index_dir, engine.corpus_root, IndexSettings(), model)
    assert status.stale and "the rules for reading documents changed" in status.reasons


def test_a_build_that_crashes_leaves_the_previous_index(encoder, corpus_copy, tmp_path, monkeypatch):
    index_dir = tmp_path / "index"
    good = Engine.open(corpus_copy, index_dir, encoder=encoder)
    before_gen = load_index(index_dir).path.name
    before_passages = [p.id for p in good.passages()]

    (corpus_copy / "extra.txt").write_text(
        "An extra document appears, and its build is about to crash.\n", encoding="utf-8"
    )

    def crash(self, folder):
        (folder / "data.csc.index.npy").write_bytes(b"half-written")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Bm25Index, "save", crash)
    from qa.index import IndexBuildError

    with pytest.raises(IndexBuildError, match="disk full"):
        Engine.open(corpus_copy, index_dir, encoder=encoder)
    monkeypatch.undo()

    # Still the old, complete generation: same files, same passages; no half-written leftovers.
    assert (index_dir / CURRENT).read_text().splitlines()[0] == before_gen
    assert gen_dirs(index_dir) == [before_gen]
    reopened = load_index(index_dir)
    assert [reopened.passage(i).id for i in range(reopened.size)] == before_passages

    # A process killed mid-build leaves a partial generation and a temp pointer: both ignored,
    # then cleared by the next successful build.
    (index_dir / "gen-0-99999").mkdir()
    (index_dir / "gen-0-99999" / "dense.faiss").write_bytes(b"\0" * 10)
    (index_dir / f"{CURRENT}.99999.tmp").write_text("gen-0-99999\n")
    assert load_index(index_dir).path.name == before_gen
    rebuilt = Engine.open(corpus_copy, index_dir, encoder=encoder)
    assert any(d.doc_id == "extra.txt" for d in rebuilt.documents)
    assert gen_dirs(index_dir) == [load_index(index_dir).path.name]


def test_damaged_index_is_rebuilt_automatically(encoder, corpus_copy, tmp_path):
    index_dir = tmp_path / "index"
    Engine.open(corpus_copy, index_dir, encoder=encoder)
    gen = load_index(index_dir).path
    (gen / "dense.faiss").write_bytes(b"garbage")
    with pytest.raises(IndexUnreadableError):
        load_index(index_dir)
    engine = Engine.open(corpus_copy, index_dir, encoder=encoder)
    assert engine.rebuilt_because and "damaged" in engine.rebuilt_because[0]
    assert engine.ask("How many Russian troops are in Armenia?").answered

    manifest = load_index(index_dir).path / "manifest.json"
    data = json.loads(manifest.read_text())
    data["format"] = 999
    manifest.write_text(json.dumps(data))
    assert "checksum mismatch" in index_status(corpus_copy, index_dir).reasons[0]  # CURRENT signs the manifest
    import hashlib  # re-signed, as a build of another format version would have written it

    digest = hashlib.sha256(manifest.read_bytes()).hexdigest()
    (index_dir / CURRENT).write_text(f"{manifest.parent.name}\nmanifest-sha256 {digest}\n")
    assert "format" in index_status(corpus_copy, index_dir).reasons[0]


def test_vectors_are_reused_only_from_a_build_that_embedded_alike(encoder, corpus_copy, tmp_path):
    from dataclasses import replace

    from qa.engine import EngineSettings

    index_dir = tmp_path / "index"
    Engine.open(corpus_copy, index_dir, encoder=encoder)
    assert read_manifest(index_dir)["embedding"]["variant"] == "onnx-fp32"
    # The same collection past the int8 threshold (set low here): every text embedded anew.
    int8 = EngineSettings(index=replace(EngineSettings().index, int8_from=100))
    assert any("settings changed" in r for r in index_status(corpus_copy, index_dir, settings=int8.index).reasons)
    rebuilt = Engine.open(corpus_copy, index_dir, encoder=encoder, settings=int8)
    assert rebuilt.manifest["embedding"]["variant"] == "onnx-int8"
    assert rebuilt.manifest["counts"]["reused_vectors"] == 0
    assert rebuilt.manifest["counts"]["reused_sentence_vectors"] == 0
    again = Engine.open(corpus_copy, index_dir, encoder=encoder, settings=int8, rebuild=True)
    assert again.manifest["counts"]["reused_vectors"] == again.manifest["counts"]["passages"]
