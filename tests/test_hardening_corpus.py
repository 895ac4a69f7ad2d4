"""Hostile corpora (issue 6, §2): warnings that name the file, never a crash, the usable rest indexed.

Empty folders, unusable files (empty, binary, not UTF-8, pipes, links out of the folder), a
50 MB file, files that change or vanish during a build, duplicates, deep nesting and odd
file names — through ``load_corpus``, ``Engine.open`` and the ``qa`` command.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import qa.engine
from qa.documents import MAX_FILE_BYTES, CorpusError, EmptyCorpusError, load_corpus
from qa.engine import Engine, index_status
from qa.index import CURRENT, load_index

from .conftest import ROOT
from .hardening_support import assert_exact_on_disk, assert_json_lines, assert_sound_answer, survived, terminal_controls

QA = [sys.executable, "-m", "qa"]
SENTENCES = [
    "The harbour of Varna was dredged in the spring of 1911 to let larger ships dock.",
    "A lighthouse keeper on Sable Island kept a dog named Biscuit for eleven years.",
    "The river crossing at Dunmore was replaced by a stone bridge after the flood of 1870.",
    "Glassblowers in Murano were forbidden to leave the republic without permission.",
    "The observatory on Mount Hamilton was funded by a bequest from James Lick.",
]


def run(*args: str, cwd: Path = ROOT, env: dict | None = None, timeout: float = 300):
    full_env = {**os.environ, "HF_HUB_OFFLINE": "1", "QA_DEBUG": "", **(env or {})}
    return subprocess.run([*QA, *args], capture_output=True, timeout=timeout, cwd=cwd, env=full_env)


def one_error_line(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 1, result
    assert b"Traceback" not in result.stderr
    lines = result.stderr.decode("utf-8").strip().splitlines()
    assert len(lines) == 1, lines
    assert terminal_controls(result.stderr) == []
    return lines[0]


# --------------------------------------------------------------------------- empty corpora


def test_an_empty_folder_is_a_clear_error_not_a_crash(encoder, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(EmptyCorpusError, match=r"holds no \.txt or \.md files"):
        Engine.open(empty, tmp_path / "index", encoder=encoder)
    assert not (tmp_path / "index" / CURRENT).exists()
    line = one_error_line(run("ask", "anything at all?", "--corpus", str(empty), "--index", str(tmp_path / "i2")))
    assert line == f"qa: error: no documents to index in {empty}: it holds no .txt or .md files"
    line = one_error_line(run("index", "--corpus", str(empty), "--index", str(tmp_path / "i2")))
    assert "no documents to index" in line
    status = run("index", "--status", "--corpus", str(empty), "--index", str(tmp_path / "i2"))
    assert status.returncode == 0 and b"No index yet" in status.stdout
    survived("corpora", 3)


def test_a_folder_of_only_unusable_files_says_why_each_was_skipped(encoder, tmp_path):
    corpus = tmp_path / "junk"
    corpus.mkdir()
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.md").write_bytes(bytes(range(256)) * 4)
    (corpus / "latin1.txt").write_bytes("Déjà vu, façade, résumé.".encode("latin-1"))
    (corpus / "menu.txt").write_text("Home\nAbout\n", encoding="utf-8")
    (corpus / "escapes.txt").write_text("\x1b[2J\x1b]52;c;eA==\x07\u202e\n", encoding="utf-8")
    with pytest.raises(EmptyCorpusError) as caught:
        Engine.open(corpus, tmp_path / "index", encoder=encoder)
    message = str(caught.value)
    assert message.startswith(f"no usable documents in {corpus}: skipped binary.md: binary file;")
    assert "and 2 more" in message
    line = one_error_line(run("ask", "what?", "--corpus", str(corpus), "--index", str(tmp_path / "i2")))
    assert "skipped empty.txt: empty" in line
    survived("documents", 5)
    survived("corpora")


def test_a_corpus_emptied_after_a_build_keeps_its_last_index(encoder, tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.txt").write_text(SENTENCES[0] + "\n", encoding="utf-8")
    index_dir = tmp_path / "index"
    Engine.open(corpus, index_dir, encoder=encoder)
    before = (index_dir / CURRENT).read_text()
    (corpus / "a.txt").unlink()
    with pytest.raises(EmptyCorpusError):
        Engine.open(corpus, index_dir, encoder=encoder)
    assert (index_dir / CURRENT).read_text() == before
    assert load_index(index_dir).documents[0].doc_id == "a.txt"  # nothing lost
    survived("corpora")


def test_building_from_no_documents_never_reaches_faiss_or_bm25(encoder, tmp_path):
    from qa.documents import Corpus
    from qa.index import IndexSettings, build_index

    with pytest.raises(EmptyCorpusError):
        build_index(Corpus(root=None, documents=()), tmp_path / "index", IndexSettings(), encoder)
    survived("corpora")


# --------------------------------------------------------------------------- unusable files


def make_mixed_corpus(root: Path) -> dict[str, str]:
    """Good files and every kind of bad one; returns the expected reason per skipped file."""
    root.mkdir()
    for i, sentence in enumerate(SENTENCES[:3]):
        (root / f"good{i}.txt").write_text(sentence + "\n", encoding="utf-8")
    (root / "zz copy of good0.txt").write_text(SENTENCES[0] + "\n", encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "blank.md").write_text(" \n\t\n", encoding="utf-8")
    (root / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)))
    (root / "utf16.txt").write_text(SENTENCES[3], encoding="utf-16")
    (root / "cp1252.txt").write_bytes("Naïve “quotes” — a Windows file.".encode("cp1252"))
    (root / "truncated-utf8.txt").write_bytes(SENTENCES[4].encode("utf-8") + "é".encode()[:1])
    outside = root.parent / "outside-secret.txt"
    outside.write_text("A secret sentence that lives outside the corpus folder entirely.\n", encoding="utf-8")
    (root / "link.txt").symlink_to(outside)
    (root / "linked-folder").symlink_to(root.parent, target_is_directory=True)
    (root / "dangling.txt").symlink_to(root / "nowhere.txt")
    os.mkfifo(root / "pipe.txt")
    return {
        "zz copy of good0.txt": "same content as good0.txt",
        "empty.txt": "empty",
        "blank.md": "empty",
        "binary.txt": "binary file",
        "utf16.txt": "binary file",
        "cp1252.txt": "not UTF-8",
        "truncated-utf8.txt": "not UTF-8",
        "link.txt": "symbolic link",
        "dangling.txt": "symbolic link",
        "pipe.txt": "not a regular file",
    }


def test_unusable_files_are_skipped_by_name_and_the_rest_is_indexed(encoder, tmp_path):
    corpus = tmp_path / "mixed"
    expected = make_mixed_corpus(corpus)
    engine = Engine.open(corpus, tmp_path / "index", encoder=encoder)  # the pipe must not block it
    assert sorted(d.doc_id for d in engine.documents) == ["good0.txt", "good1.txt", "good2.txt"]
    for name, why in expected.items():
        assert any(w.startswith(f"skipped {name}: ") and why in w for w in engine.warnings), (name, engine.warnings)
    assert not any("secret" in d.text for d in engine.documents)
    assert_sound_answer(engine, engine.ask("Who kept a dog on Sable Island?"), corpus)
    assert not index_status(corpus, tmp_path / "index").stale  # links and pipes are not "changes"
    survived("documents", len(expected) + 1)  # + the linked folder, never entered


def test_the_command_line_names_each_skipped_file(tmp_path):
    corpus = tmp_path / "mixed"
    expected = make_mixed_corpus(corpus)
    result = run("index", "--corpus", str(corpus), "--index", str(tmp_path / "index"))
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.decode().splitlines() if line.startswith("qa: warning:")]
    for name in expected:
        assert any(f"skipped {name}:" in w for w in warnings), name
    assert b"Indexed 3 documents" in result.stdout
    survived("documents", len(expected))


def test_a_50_mb_file_is_skipped_with_a_warning_naming_it(encoder, tmp_path):
    """The default limit (8 MiB) keeps a build to minutes; the file is never read, only stat'ed."""
    corpus = tmp_path / "big"
    corpus.mkdir()
    (corpus / "small.txt").write_text(SENTENCES[1] + "\n", encoding="utf-8")
    line = (SENTENCES[2] + " ").encode() * 12
    with (corpus / "huge log.txt").open("wb") as fh:
        for _ in range(50 * 2**20 // len(line) + 1):
            fh.write(line + b"\n")
    assert (corpus / "huge log.txt").stat().st_size >= 50 * 2**20 > MAX_FILE_BYTES
    engine = Engine.open(corpus, tmp_path / "index", encoder=encoder)
    assert [d.doc_id for d in engine.documents] == ["small.txt"]
    (warning,) = engine.warnings
    assert warning.startswith("skipped huge log.txt: too large (50.")
    assert warning.endswith(" MiB; the limit is 8.0 MiB, set QA_MAX_FILE_MB to change it)")
    survived("documents", 2)


def test_the_size_limit_is_configurable_and_a_change_is_noticed(encoder, tmp_path, monkeypatch):
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "small.txt").write_text(SENTENCES[0] + "\n", encoding="utf-8")
    (corpus / "medium.txt").write_text((SENTENCES[1] + " ") * 200 + "\n", encoding="utf-8")  # ~16 KB
    index_dir = tmp_path / "index"
    monkeypatch.setenv("QA_MAX_FILE_MB", "0.01")
    small_only = Engine.open(corpus, index_dir, encoder=encoder)
    assert [d.doc_id for d in small_only.documents] == ["small.txt"]
    (warning,) = small_only.warnings
    assert warning == "skipped medium.txt: too large (15 KiB; the limit is 10 KiB, set QA_MAX_FILE_MB to change it)"
    assert not index_status(corpus, index_dir).stale
    monkeypatch.setenv("QA_MAX_FILE_MB", "1")
    status = index_status(corpus, index_dir)
    assert status.stale and any("size limit changed" in r and "medium.txt" in r for r in status.reasons)
    both = Engine.open(corpus, index_dir, encoder=encoder)
    assert sorted(d.doc_id for d in both.documents) == ["medium.txt", "small.txt"]
    monkeypatch.setenv("QA_MAX_FILE_MB", "2")  # admits nothing new: still fresh
    assert not index_status(corpus, index_dir).stale
    for bad in ("lots", "-1", "0", "nan", "inf"):
        monkeypatch.setenv("QA_MAX_FILE_MB", bad)
        with pytest.raises(CorpusError, match="QA_MAX_FILE_MB"):
            load_corpus(corpus)
    bad_env = run("ask", "x", "--corpus", str(corpus), "--index", str(index_dir), env={"QA_MAX_FILE_MB": "x"})
    line = one_error_line(bad_env)
    assert "QA_MAX_FILE_MB='x' is not a number of megabytes" in line
    survived("corpora", 7)


def test_files_that_change_or_vanish_during_a_build(encoder, tmp_path, monkeypatch):
    """Read once, indexed as read; the index then knows it is stale and the next open catches up."""
    corpus = tmp_path / "c"
    corpus.mkdir()
    for i, sentence in enumerate(SENTENCES):
        (corpus / f"{i}.txt").write_text(sentence + "\n", encoding="utf-8")
    real_load = qa.engine.load_corpus

    def load_while_files_change(root, **kwargs):
        def meddle(n: int, total: int) -> None:
            if n == 2:
                (corpus / "3.txt").unlink()  # vanishes before it is read
                (corpus / "4.txt").write_text("The observatory was later moved to a new peak.\n", encoding="utf-8")
            if n == 3:
                with (corpus / "1.txt").open("a", encoding="utf-8") as fh:  # already read: changes after
                    fh.write("Biscuit was later joined by a cat.\n")

        return real_load(root, on_file=meddle, **kwargs)

    monkeypatch.setattr(qa.engine, "load_corpus", load_while_files_change)
    engine = Engine.open(corpus, tmp_path / "index", encoder=encoder)
    monkeypatch.undo()
    assert [d.doc_id for d in engine.documents] == ["0.txt", "1.txt", "2.txt", "4.txt"]
    assert any(w.startswith("skipped 3.txt: cannot be read") for w in engine.warnings), engine.warnings
    assert "moved to a new peak" in engine.document("4.txt").text  # the content that was read
    for doc in engine.documents:  # every offset exact against what was indexed
        for p in engine.passages():
            if p.doc_id == doc.doc_id:
                assert doc.text[p.start : p.end] == p.text
    status = index_status(corpus, tmp_path / "index")
    assert status.stale and any("1.txt" in r for r in status.reasons)
    again = Engine.open(corpus, tmp_path / "index", encoder=encoder)
    assert "joined by a cat" in again.document("1.txt").text
    assert again.rebuilt_because and not index_status(corpus, tmp_path / "index").stale
    survived("documents", 3)


def test_a_file_growing_past_the_limit_while_read(tmp_path, monkeypatch):
    import qa.documents

    path = tmp_path / "grows.txt"
    path.write_text(SENTENCES[0] * 3, encoding="utf-8")
    real_fstat = os.fstat

    def fstat_before_it_grew(fd: int) -> os.stat_result:
        st = real_fstat(fd)
        return os.stat_result((st.st_mode, st.st_ino, st.st_dev, st.st_nlink, st.st_uid, st.st_gid, 50,
                               int(st.st_atime), int(st.st_mtime), int(st.st_ctime)))  # fmt: skip

    monkeypatch.setattr(qa.documents.os, "fstat", fstat_before_it_grew)
    doc, problem, _ = qa.documents._load_file("grows.txt", path, None, max_bytes=100)
    assert doc is None and problem.startswith("too large (it grew past 100 bytes while read")
    survived("documents")


# --------------------------------------------------------------------------- names and folders

ODD_NAMES = [
    "with spaces in it.txt",
    "ünïcödé — 名前 — Ελληνικά.md",
    "-leading-dash.txt",
    "--double-dash.txt",
    "[bold]markup [link=x] [@click=app.quit].txt",
    'quote\'s "double" `tick`.txt',
    "percent %s %d {brace}.txt",
    "emoji 🙂📚.md",
    "back\\slash.txt",
    "NFD-e\u0301.txt",
]
BAD_NAMES = [
    os.fsdecode(b"not-utf8-\xff\xfe.txt"),
    "escape-\x1b[2J-\x1b]52;c;eA==\x07.txt",
    "new\nline.txt",
    "bidi-\u202etxt.md",
    "bell-\x07.txt",
]


@pytest.fixture(scope="module")
def odd_corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("odd") / "-odd-corpus"
    root.mkdir()
    for name, sentence in zip(ODD_NAMES, SENTENCES * 2, strict=True):
        (root / name).write_text(f"{sentence} It is kept in the file named {name!r}.\n", encoding="utf-8")
    for name in BAD_NAMES:
        (root / name).write_text(f"{SENTENCES[0]} Under a hostile name.\n", encoding="utf-8")
    deep = root.joinpath(*[f"level {i}" for i in range(80)])
    deep.mkdir(parents=True)
    (deep / "deep note.txt").write_text("The deepest note says the archive was sealed in 1954.\n", encoding="utf-8")
    return root


def test_odd_names_deep_folders_and_hostile_names(odd_corpus, encoder, tmp_path):
    engine = Engine.open(odd_corpus, tmp_path / "index", encoder=encoder)
    ids = {d.doc_id for d in engine.documents}
    assert set(ODD_NAMES) <= ids
    deep_id = "/".join(f"level {i}" for i in range(80)) + "/deep note.txt"
    assert deep_id in ids
    assert len(ids) == len(ODD_NAMES) + 1  # the hostile names are skipped, by name
    warnings = "\n".join(engine.warnings)
    assert "skipped not-utf8-\\xff\\xfe.txt: file name is not valid UTF-8" in warnings
    assert "skipped escape-\\x1b[2J-\\x1b]52;c;eA==\\x07.txt: file name contains control characters" in warnings
    assert "skipped new\\x0aline.txt:" in warnings and "skipped bidi-\\u202etxt.md:" in warnings
    for w in engine.warnings:
        assert terminal_controls(w.encode("utf-8")) == []
    answer = engine.ask("When was the archive sealed?")
    assert answer.answered and answer.hits[0].passage.doc_id == deep_id
    assert_sound_answer(engine, answer, odd_corpus)
    for name in ODD_NAMES:
        hits = engine.search("file named", k=3, doc_id=name)
        assert hits and hits[0].passage.doc_id == name
    assert not index_status(odd_corpus, tmp_path / "index").stale
    survived("file names", len(ODD_NAMES) + len(BAD_NAMES) + 1)


def test_odd_names_end_to_end_on_the_command_line(odd_corpus, tmp_path):
    """``--corpus -dashed…`` from the parent folder, JSON doc_ids that open the file, citations."""
    index = str(tmp_path / "index")
    where = {"cwd": odd_corpus.parent}
    result = run("ask", "--json", "Who kept a dog?", "--corpus", odd_corpus.name, "--index", index, **where)
    assert result.returncode == 0, result.stderr
    (record,) = assert_json_lines(result.stdout)
    assert record["answered"] and record["answer"][0]["doc_id"] == "ünïcödé — 名前 — Ελληνικά.md"
    assert_exact_on_disk(record, odd_corpus)
    assert terminal_controls(result.stderr) == []
    for name in ("-leading-dash.txt", "[bold]markup [link=x] [@click=app.quit].txt", "--double-dash.txt"):
        doc_arg = [f"--doc={name}"] if name.startswith("--") else ["--doc", name]
        result = run("ask", "--json", "file named", *doc_arg, "--corpus", odd_corpus.name, "--index", index, **where)
        assert result.returncode == 0, result.stderr
        (record,) = assert_json_lines(result.stdout)
        assert {p["doc_id"] for p in record["passages"]} == {name}
        assert_exact_on_disk(record, odd_corpus)
    markup_doc = ["--doc", "[bold]markup [link=x] [@click=app.quit].txt"]
    text = run("ask", "--explain", "file named", *markup_doc, "--corpus", odd_corpus.name, "--index", index, **where)
    assert text.returncode == 0 and terminal_controls(text.stdout) == []
    assert "[bold]markup [link=x] [@click=app.quit].txt" in text.stdout.decode()
    survived("file names", 5)


def test_a_missing_or_wrong_corpus_is_one_line(tmp_path):
    (tmp_path / "file.txt").write_text("x")
    assert "corpus folder not found" in one_error_line(run("ask", "x", "--corpus", str(tmp_path / "nope")))
    assert "corpus is not a folder" in one_error_line(run("ask", "x", "--corpus", str(tmp_path / "file.txt")))
    usage = run("ask", "x", "--corpus")
    assert usage.returncode == 2 and len(usage.stderr.decode().strip().splitlines()) == 1
    survived("corpora", 3)


def test_json_of_an_odd_corpus_is_strict_utf8(odd_corpus, encoder, tmp_path):
    engine = Engine.open(odd_corpus, tmp_path / "index", encoder=encoder)
    from qa.render import answer_to_dict

    record = answer_to_dict(engine.ask("Which glassblowers could not leave?"))
    json.dumps(record, ensure_ascii=False).encode("utf-8")
    survived("file names")
