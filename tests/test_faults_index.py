"""Fault injection on the index (issue 6, §3): a clear error, a way forward, and no index lost.

Corrupted and truncated files, missing files, foreign manifests, full and read-only disks
(injected at every write of a build, and for real on a tiny tmpfs in a user namespace), two
builds at once (two real processes), and builds killed with SIGKILL at every step. After each
fault the previous good index must load with exactly its old content, and the next open must
recover on its own.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from qa.engine import Engine, index_status
from qa.index import (
    CURRENT,
    FAULT_POINTS,
    LOCK,
    MANIFEST,
    IndexBuildError,
    IndexBusyError,
    IndexMissingError,
    IndexUnreadableError,
    build_lock,
    load_index,
)

from .conftest import ROOT
from .hardening_support import assert_sound_answer, survived

QA = [sys.executable, "-m", "qa"]
DOCS = {
    "harbour.txt": "The harbour of Varna was dredged in the spring of 1911 to let larger ships dock at the quay.",
    "lighthouse.txt": "A lighthouse keeper on Sable Island kept a dog named Biscuit for eleven long years.",
    "bridge.md": "The river crossing at Dunmore was replaced by a stone bridge after the great flood of 1870.",
    "glass.txt": "Glassblowers in Murano were forbidden to leave the republic without the council's permission.",
}
QUERIES = ["Who kept a dog?", "When was the harbour dredged?", "stone bridge flood"]


# --------------------------------------------------------------------------- fixtures and helpers


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("faults") / "corpus"
    root.mkdir()
    for name, text in DOCS.items():
        (root / name).write_text(text + "\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def good_index(corpus, encoder, tmp_path_factory) -> Path:
    index_dir = tmp_path_factory.mktemp("faults-index") / "index"
    Engine.open(corpus, index_dir, encoder=encoder)
    return index_dir


@pytest.fixture
def index_copy(good_index, tmp_path) -> Path:
    target = tmp_path / "index"
    shutil.copytree(good_index, target)
    return target


def snapshot(index_dir: Path) -> tuple:
    """Everything a user could get from an index: its generation, passages and rankings."""
    stored = load_index(index_dir)
    passages = [(p.doc_id, p.start, p.end, p.text) for p in map(stored.passage, range(stored.size))]
    texts = [d.text for d in stored.documents]
    vectors = stored.dense.all_vectors().round(6).tolist()
    bm25 = [stored.bm25.scores(q).round(6).tolist() for q in QUERIES]
    return stored.path.name, passages, texts, vectors, bm25


def generation_files(index_dir: Path) -> list[Path]:
    gen = load_index(index_dir).path
    return [index_dir / CURRENT, *sorted(p for p in gen.rglob("*") if p.is_file())]


def leftovers(index_dir: Path) -> list[str]:
    """Anything but the live generation, CURRENT and the lock file."""
    live = (index_dir / CURRENT).read_text().splitlines()[0]
    return sorted(p.name for p in index_dir.iterdir() if p.name not in (live, CURRENT, LOCK))


def restamp(index_dir: Path, change) -> None:
    """Rewrite the live manifest with ``change(manifest)`` and re-sign CURRENT, as a real build
    of another version or model would have written it."""
    import hashlib

    gen = load_index(index_dir).path
    manifest = json.loads((gen / MANIFEST).read_text(encoding="utf-8"))
    change(manifest)
    raw = json.dumps(manifest).encode("utf-8")
    (gen / MANIFEST).write_bytes(raw)
    (index_dir / CURRENT).write_text(f"{gen.name}\nmanifest-sha256 {hashlib.sha256(raw).hexdigest()}\n")


def run(*args: str, env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "HF_HUB_OFFLINE": "1", "QA_DEBUG": "", **(env or {})}
    return subprocess.run([*QA, *args], capture_output=True, text=True, timeout=timeout, cwd=ROOT, env=full)


def corrupt(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """One random kind of damage: flipped bytes, a cut, a zeroed block, junk appended, emptied."""
    kind = rng.choice(["flip", "flip", "flip", "truncate", "zero", "append", "empty"])
    buf = bytearray(data)
    if kind == "flip" and buf:
        for _ in range(rng.randint(1, 8)):
            buf[rng.randrange(len(buf))] ^= rng.randint(1, 255)
    elif kind == "truncate" and buf:
        del buf[rng.randrange(len(buf)) :]
    elif kind == "zero" and buf:
        start = rng.randrange(len(buf))
        buf[start : start + rng.randint(1, 64)] = bytes(len(buf[start : start + 64]))[: rng.randint(1, 64)]
    elif kind == "append":
        buf += rng.randbytes(rng.randint(1, 100))
    else:
        buf = bytearray()
    if bytes(buf) == data:  # e.g. zeros over zeros: make sure something changed
        buf += b"\x00"
    return bytes(buf), kind


# --------------------------------------------------------------------------- damaged files


def test_random_damage_to_any_index_file_is_detected_never_misread(index_copy):
    """Seeded fuzz: every file of the live generation (and CURRENT), many kinds of damage.

    Loading either raises IndexUnreadableError or returns exactly the original index; it never
    crashes and never answers from altered bytes (every byte is covered by a checksum).
    """
    reference = snapshot(index_copy)
    rng = random.Random(3)
    outcomes: dict[str, int] = {}
    for path in generation_files(index_copy):
        original = path.read_bytes()
        for _ in range(25):
            damaged, kind = corrupt(original, rng)
            path.write_bytes(damaged)
            try:
                loaded = snapshot(index_copy)
            except IndexUnreadableError:
                outcomes["detected"] = outcomes.get("detected", 0) + 1
            else:
                assert loaded == reference, (path.name, kind)
                outcomes["unchanged"] = outcomes.get("unchanged", 0) + 1
            finally:
                path.write_bytes(original)
            survived("index faults")
    assert snapshot(index_copy) == reference
    assert outcomes.get("detected", 0) > 0


def test_a_damaged_index_is_rebuilt_by_the_engine_and_answers_again(index_copy, corpus, encoder):
    rng = random.Random(4)
    live = load_index(index_copy).path
    names = [p.relative_to(index_copy).as_posix().replace(live.name, "<gen>") for p in generation_files(index_copy)]
    for name in names:
        path = index_copy / name.replace("<gen>", load_index(index_copy).path.name)  # a rebuild moves it on
        path.write_bytes(corrupt(path.read_bytes(), rng)[0])
        engine = Engine.open(corpus, index_copy, encoder=encoder)
        assert engine.rebuilt_because, name
        assert_sound_answer(engine, engine.ask("Who kept a dog named Biscuit?"), corpus)
        assert leftovers(index_copy) == []
        load_index(index_copy)  # the rebuilt index is whole
        survived("index faults")


@pytest.mark.parametrize("cut", [0, 1, 100, -1])
def test_truncated_faiss_file_and_manifest(index_copy, corpus, encoder, cut):
    gen = load_index(index_copy).path
    for name in ("dense.faiss", MANIFEST):
        path = gen / name
        data = path.read_bytes()
        path.write_bytes(data[:cut] if cut >= 0 else data[:-1])
        with pytest.raises(IndexUnreadableError, match="damaged"):
            load_index(index_copy)
        status = index_status(corpus, index_copy)
        assert status.stale and "damaged" in status.reasons[0]
        path.write_bytes(data)
        survived("index faults")


def test_missing_files_are_named_and_rebuilt(good_index, corpus, encoder, tmp_path):
    names = [p.relative_to(load_index(good_index).path).as_posix() for p in generation_files(good_index)[1:]]
    for i, name in enumerate([*names, "<generation>", CURRENT]):
        index_dir = tmp_path / f"index{i}"
        shutil.copytree(good_index, index_dir)
        gen = load_index(index_dir).path
        if name == CURRENT:
            (index_dir / CURRENT).unlink()
            with pytest.raises(IndexMissingError):
                load_index(index_dir)
        elif name == "<generation>":
            shutil.rmtree(gen)
            with pytest.raises(IndexUnreadableError, match=f"{gen.name} is missing"):
                load_index(index_dir)
        else:
            (gen / name).unlink()
            with pytest.raises(IndexUnreadableError, match=f"{name} is missing"):
                load_index(index_dir)
        engine = Engine.open(corpus, index_dir, encoder=encoder)
        assert engine.rebuilt_because and engine.passage_count == len(DOCS)
        survived("index faults")


@pytest.mark.parametrize(
    "pointer",
    [
        b"",
        b"\n",
        b"gen-../../etc\n",
        b"../gen-x\n",
        b"gen-does-not-exist\n",
        b"\xff\xfe\n",
        b"gen-x\nmanifest-sha256 zz\n",
    ],
)
def test_a_bad_current_pointer(index_copy, corpus, encoder, pointer):
    (index_copy / CURRENT).write_bytes(pointer)
    with pytest.raises(IndexUnreadableError):
        load_index(index_copy)
    assert Engine.open(corpus, index_copy, encoder=encoder).rebuilt_because
    survived("index faults")


def test_a_manifest_from_another_format_version_or_model(index_copy, corpus, encoder):
    restamp(index_copy, lambda m: m.update(format=999))
    with pytest.raises(IndexUnreadableError, match="index format 999 is not 1"):
        load_index(index_copy)
    engine = Engine.open(corpus, index_copy, encoder=encoder)
    assert any("format" in r for r in engine.rebuilt_because)
    survived("index faults")

    def other_model(manifest: dict) -> None:
        manifest["settings"]["model"] = "someone/other-model"
        manifest["embedding"] = {"model_id": "someone/other-model", "dim": 768, "max_seq_length": 512}

    restamp(index_copy, other_model)
    status = index_status(corpus, index_copy)
    assert status.stale and any("model changed (someone/other-model →" in r for r in status.reasons)
    engine = Engine.open(corpus, index_copy, encoder=encoder)
    assert any("model changed" in r for r in engine.rebuilt_because)
    assert load_index(index_copy).model_id == engine.encoder.model_id
    survived("index faults")

    restamp(index_copy, lambda m: m.pop("checksums"))
    with pytest.raises(IndexUnreadableError, match="lists no checksums"):
        load_index(index_copy)
    survived("index faults")


def test_an_index_from_before_checksums_still_loads(index_copy):
    reference = snapshot(index_copy)
    pointer = index_copy / CURRENT
    pointer.write_text(pointer.read_text().splitlines()[0] + "\n")
    assert snapshot(index_copy) == reference


def test_status_and_index_commands_on_a_damaged_index(index_copy, corpus):
    gen = load_index(index_copy).path
    with (gen / "dense.faiss").open("r+b") as fh:
        fh.seek(100)
        fh.write(b"xx")
    args = ["--corpus", str(corpus), "--index", str(index_copy)]
    status = run("index", "--status", *args)
    out = " ".join(status.stdout.split())
    assert status.returncode == 0 and "is stale and cannot be used; `qa index` rebuilds it" in out
    assert "dense.faiss fails its checksum" in out
    rebuilt = run("index", *args)
    assert rebuilt.returncode == 0 and "building index for" in rebuilt.stderr and "damaged index" in rebuilt.stderr
    assert "up to date" in run("index", "--status", *args).stdout
    survived("index faults")


def test_the_index_path_is_a_file(corpus, encoder, tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("precious")
    with pytest.raises(IndexBuildError, match="index is not a folder"):
        Engine.open(corpus, blocker, encoder=encoder)
    assert index_status(corpus, blocker).reasons == (f"index is not a folder: {blocker}",)
    result = run("ask", "hello?", "--corpus", str(corpus), "--index", str(blocker))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"qa: error: index is not a folder: {blocker} (give --index a folder)"]
    assert blocker.read_text() == "precious"
    survived("index faults", 2)


# --------------------------------------------------------------------------- failed writes


def add_document(corpus: Path, name: str = "new.txt") -> None:
    (corpus / name).write_text("A newly added note says the ferry to Burgas sails at dawn.\n", encoding="utf-8")


@pytest.fixture
def corpus_copy_small(corpus, tmp_path) -> Path:
    target = tmp_path / "corpus"
    shutil.copytree(corpus, target)
    return target


@pytest.mark.parametrize("action", ["enospc", "erofs", "eio"])
def test_a_failed_write_at_every_step_keeps_the_previous_index(
    good_index, corpus_copy_small, encoder, tmp_path, monkeypatch, action
):
    index_dir = tmp_path / "index"
    shutil.copytree(good_index, index_dir)
    # The copied manifest names another corpus folder: open once so it records this one.
    Engine.open(corpus_copy_small, index_dir, encoder=encoder)
    reference = snapshot(index_dir)
    add_document(corpus_copy_small)
    words = {"enospc": "disk full", "erofs": "read-only file system", "eio": "Input/output error"}
    for point in FAULT_POINTS[1:-1]:  # the writes ("embedded" and "swapped" are for kill and pause)
        monkeypatch.setenv("QA_FAULT", f"{point}:{action}")
        with pytest.raises(IndexBuildError) as caught:
            Engine.open(corpus_copy_small, index_dir, encoder=encoder)
        assert f"{words[action]}; the previous index is kept" in str(caught.value), point
        assert snapshot(index_dir) == reference, point
        assert leftovers(index_dir) == [], point
        survived("index faults")
    monkeypatch.delenv("QA_FAULT")
    engine = Engine.open(corpus_copy_small, index_dir, encoder=encoder)
    assert "new.txt" in {d.doc_id for d in engine.documents}
    assert leftovers(index_dir) == []


def test_faiss_failing_to_write_is_reported_as_disk_full(index_copy, corpus_copy_small, encoder, monkeypatch):
    from qa.vectors import DenseIndex

    Engine.open(corpus_copy_small, index_copy, encoder=encoder)
    reference = snapshot(index_copy)
    add_document(corpus_copy_small)

    def full(self, path):
        Path(path).write_bytes(b"partial")
        raise RuntimeError("Error in faiss::FileIOWriter: fwrite() failed: No space left on device")

    monkeypatch.setattr(DenseIndex, "save", full)
    with pytest.raises(IndexBuildError, match="disk full; the previous index is kept"):
        Engine.open(corpus_copy_small, index_copy, encoder=encoder)
    assert snapshot(index_copy) == reference and leftovers(index_copy) == []
    survived("index faults")


def test_a_lock_that_cannot_be_taken_is_a_clear_refusal(tmp_path):
    index_dir = tmp_path / "index"
    index_dir.mkdir()
    with (index_dir / LOCK).open("a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        waited = []
        busy = r"another build of .* is still running; try again when it ends"
        with pytest.raises(IndexBusyError, match=busy), build_lock(index_dir, 0.3, lambda: waited.append(True)):
            pass
        assert waited == [True]
    with build_lock(index_dir, timeout=0.3):  # released: taken at once
        pass
    survived("index faults")


# --------------------------------------------------------------------------- real processes


def _current(index_dir: Path) -> str:
    return (index_dir / CURRENT).read_text().splitlines()[0]


@pytest.mark.parametrize("point", FAULT_POINTS)
def test_a_build_killed_at_any_step_loses_nothing(good_index, corpus_copy_small, encoder, tmp_path, point):
    """A real ``qa index`` process killed with SIGKILL at each step of a build."""
    index_dir = tmp_path / "index"
    shutil.copytree(good_index, index_dir)
    Engine.open(corpus_copy_small, index_dir, encoder=encoder)
    reference = snapshot(index_dir)
    add_document(corpus_copy_small)
    args = ["index", "--corpus", str(corpus_copy_small), "--index", str(index_dir)]
    result = run(*args, env={"QA_FAULT": f"{point}:kill"})
    assert result.returncode == -signal.SIGKILL, result.stderr
    if point == "swapped":  # killed after the new generation went live: that one is whole
        assert _current(index_dir) != reference[0]
        assert "new.txt" in {d.doc_id for d in load_index(index_dir).documents}
    else:
        assert snapshot(index_dir) == reference
    recovered = run("ask", "--json", "When does the ferry sail?", "--corpus", str(corpus_copy_small),
                    "--index", str(index_dir))  # fmt: skip
    assert recovered.returncode == 0, recovered.stderr
    record = json.loads(recovered.stdout)
    assert record["answered"] and record["answer"][0]["doc_id"] == "new.txt"
    if point != "swapped":
        assert leftovers(index_dir) == []  # the recovery build cleared what the killed one left
    survived("index faults")


def _read_lines(stream, sink: list[str]) -> None:
    for line in stream:
        sink.append(line)


def _wait_for(lines: list[str], needle: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not any(needle in line for line in lines):
        if time.monotonic() > deadline:
            raise AssertionError(f"never saw {needle!r}: {lines}")
        time.sleep(0.05)


def test_two_builds_at_once_then_the_first_is_killed(good_index, corpus_copy_small, encoder, tmp_path):
    """Two real processes: the second waits for the lock (and says so), the first is killed
    mid-build; the second then builds, and the index is whole."""
    index_dir = tmp_path / "index"
    shutil.copytree(good_index, index_dir)
    Engine.open(corpus_copy_small, index_dir, encoder=encoder)
    reference = snapshot(index_dir)
    add_document(corpus_copy_small)
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "QA_DEBUG": ""}
    args = [*QA, "index", "--rebuild", "--corpus", str(corpus_copy_small), "--index", str(index_dir)]
    first = subprocess.Popen(args, cwd=ROOT, env={**env, "QA_FAULT": "dense-written:pause"},
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    first_err: list[str] = []
    threading.Thread(target=_read_lines, args=(first.stderr, first_err), daemon=True).start()
    second = None
    try:
        _wait_for(first_err, "QA_FAULT_REACHED dense-written")  # holds the lock, half written
        second = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        second_err: list[str] = []
        threading.Thread(target=_read_lines, args=(second.stderr, second_err), daemon=True).start()
        _wait_for(second_err, "another build of this index is running; waiting for it")
        assert second.poll() is None  # waiting, not failing
        assert snapshot(index_dir) == reference  # the half-written generation is not live
        first.kill()
        first.wait(timeout=30)
        second.wait(timeout=300)
        assert second.returncode == 0, second_err
        out = second.stdout.read()
        assert "Indexed 5 documents" in out
    finally:
        for proc in (first, second):
            if proc is not None and proc.poll() is None:
                proc.kill()
                proc.wait()
    stored = load_index(index_dir)
    assert "new.txt" in {d.doc_id for d in stored.documents}
    assert leftovers(index_dir) == []
    survived("index faults", 2)


def test_killed_from_outside_while_embedding(good_index, corpus_copy_small, encoder, tmp_path):
    """SIGKILL from another process at a moment seen in the build's own output."""
    index_dir = tmp_path / "index"
    shutil.copytree(good_index, index_dir)
    Engine.open(corpus_copy_small, index_dir, encoder=encoder)
    reference = snapshot(index_dir)
    add_document(corpus_copy_small)
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "QA_DEBUG": "", "QA_FAULT": "embedded:pause"}
    proc = subprocess.Popen(
        [*QA, "index", "--rebuild", "--corpus", str(corpus_copy_small), "--index", str(index_dir)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    threading.Thread(target=_read_lines, args=(proc.stderr, lines), daemon=True).start()
    try:
        _wait_for(lines, "QA_FAULT_REACHED embedded")
        assert any("building index for" in line for line in lines)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    assert snapshot(index_dir) == reference
    engine = Engine.open(corpus_copy_small, index_dir, encoder=encoder)
    assert "new.txt" in {d.doc_id for d in engine.documents} and leftovers(index_dir) == []
    survived("index faults")


# --------------------------------------------------------------------------- a real tmpfs

NAMESPACE_DRIVER = textwrap.dedent(
    """
    import json, os, subprocess, sys
    from pathlib import Path

    mnt, corpus, big = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    index = mnt / "index"
    qa = [sys.executable, "-m", "qa"]
    out = {}

    def sh(*cmd):
        subprocess.run(cmd, check=True)

    def step(name, *args):
        r = subprocess.run([*qa, *args, "--corpus", str(corpus), "--index", str(index)],
                           capture_output=True, text=True)
        out[name] = {"rc": r.returncode, "stdout": r.stdout, "stderr": r.stderr.strip().splitlines()}

    def state(name):
        from qa.index import load_index
        stored = load_index(index)
        out[name] = {
            "generation": stored.path.name,
            "documents": sorted(d.doc_id for d in stored.documents),
            "entries": sorted(p.name for p in index.iterdir()),
        }

    sh("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mnt))
    step("build", "index")
    state("built")
    (corpus / "big.txt").write_text(big.read_text())
    step("disk full", "index")
    state("after disk full")
    (corpus / "big.txt").unlink()
    step("ask after disk full", "ask", "--json", "Who kept a dog?")
    sh("mount", "-o", "remount,ro", str(mnt))
    step("ask read-only", "ask", "--json", "Who kept a dog?")
    step("rebuild read-only", "index", "--rebuild")
    (corpus / "extra.txt").write_text("An extra note says the ferry to Burgas sails at dawn.\\n")
    step("stale read-only", "ask", "Who kept a dog?")
    state("after read-only")
    print(json.dumps(out))
    """
)


def _namespace_available() -> bool:
    if not shutil.which("unshare") or not shutil.which("mount"):
        return False
    probe = subprocess.run(
        [
            "unshare",
            "--user",
            "--map-root-user",
            "--mount",
            "sh",
            "-c",
            "mount -t tmpfs tmpfs /mnt 2>/dev/null || mount -t tmpfs tmpfs /tmp",
        ],
        capture_output=True,
        timeout=30,
    )
    return probe.returncode == 0


@pytest.mark.skipif(not _namespace_available(), reason="needs unshare(1) with user and mount namespaces")
def test_a_real_full_disk_and_a_real_read_only_folder(corpus_copy_small, tmp_path):
    """A 256 KiB tmpfs: a build that runs out of space keeps the old index; remounted read-only,
    the fresh index still answers, and a build says clearly why it cannot write."""
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    big = tmp_path / "big.txt"  # 1 MB of text, nearly all of it a repeated menu line (few passages)
    big.write_text(
        "The big file opens with one real sentence about the salt marshes near Pomorie.\n\n"
        + "Home | News | Sport | Weather | Contact us\n\n" * 25000,
        encoding="utf-8",
    )
    driver = tmp_path / "driver.py"
    driver.write_text(NAMESPACE_DRIVER, encoding="utf-8")
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "QA_DEBUG": "", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [
            "unshare",
            "--user",
            "--map-root-user",
            "--mount",
            sys.executable,
            str(driver),
            str(mnt),
            str(corpus_copy_small),
            str(big),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["build"]["rc"] == 0, out["build"]
    full = out["disk full"]
    assert full["rc"] == 1, full
    hint = "disk full; the previous index is kept (free some space, then run the command again)"
    assert full["stderr"][-1].endswith(hint)
    assert not any("Traceback" in line for line in full["stderr"])
    assert out["after disk full"] == out["built"]  # same generation, same documents, no debris
    ask = out["ask after disk full"]
    assert ask["rc"] == 0 and json.loads(ask["stdout"])["answered"]
    ro = out["ask read-only"]
    assert ro["rc"] == 0 and json.loads(ro["stdout"])["answered"], ro  # a fresh read-only index loads
    rebuild = out["rebuild read-only"]
    assert rebuild["rc"] == 1 and len(rebuild["stderr"]) == 1, rebuild
    assert rebuild["stderr"][0].endswith(
        "read-only file system; the previous index is kept (give --index a folder you can write to)"
    )
    stale = out["stale read-only"]
    assert stale["rc"] == 1 and len(stale["stderr"]) == 1 and "read-only file system" in stale["stderr"][0]
    assert out["after read-only"] == out["built"]
    survived("index faults", 3)


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions (the tmpfs test covers read-only)")
def test_a_read_only_folder_by_permissions(good_index, corpus, encoder, tmp_path):
    index_dir = tmp_path / "index"
    shutil.copytree(good_index, index_dir)
    Engine.open(corpus, index_dir, encoder=encoder)
    reference = snapshot(index_dir)
    for path in [index_dir, *index_dir.rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        assert Engine.open(corpus, index_dir, encoder=encoder).rebuilt_because == ()
        with pytest.raises(IndexBuildError, match="permission denied; the previous index is kept"):
            Engine.open(corpus, index_dir, encoder=encoder, rebuild=True)
        assert snapshot(index_dir) == reference
    finally:
        for path in [index_dir, *index_dir.rglob("*")]:
            with contextlib.suppress(OSError):
                path.chmod(0o755 if path.is_dir() else 0o644)
    survived("index faults")


def test_erofs_while_taking_the_lock(index_copy, corpus, encoder, monkeypatch):
    """The first write of a build is the lock file: a read-only folder fails there, clearly."""
    import builtins

    real_open = builtins.open

    def read_only_open(file, mode="r", *args, **kwargs):
        if str(file).endswith(LOCK) and any(c in mode for c in "wa+"):
            raise OSError(errno.EROFS, "Read-only file system", str(file))
        return real_open(file, mode, *args, **kwargs)

    Engine.open(corpus, index_copy, encoder=encoder)
    reference = snapshot(index_copy)
    monkeypatch.setattr(builtins, "open", read_only_open)
    assert Engine.open(corpus, index_copy, encoder=encoder).rebuilt_because == ()  # reading needs no lock
    with pytest.raises(IndexBuildError, match=r"cannot write to index folder .*: read-only file system; the previous"):
        Engine.open(corpus, index_copy, encoder=encoder, rebuild=True)
    monkeypatch.undo()
    assert snapshot(index_copy) == reference
    survived("index faults")
