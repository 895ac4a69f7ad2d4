"""Fuzz (issue 6, §6): random bytes as documents and as questions.

Seeded, so every run tries the same inputs and the counts in the README are reproducible:
pure random files, real articles with random damage (flipped bytes, cut multi-byte
characters, injected escape sequences and bidi controls), and arbitrary byte strings from
hypothesis. Loading never raises; what loads is exactly what Python reads and every
passage is an exact, clean span; what is skipped is named; an index built from the lot
answers random-byte questions soundly.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.documents import CONTROL_RE, load_corpus
from qa.engine import Engine, QuestionError
from qa.passages import make_passages

from .conftest import CORPUS
from .hardening_support import assert_sound_answer, survived

INJECTIONS = [
    b"\x1b[2J",
    b"\x1b]52;c;ZXZpbA==\x07",
    b"\x1b]0;title\x1b\\",
    b"\x1b[31m",
    b"\xc2\x9b1m",  # 8-bit CSI, as UTF-8
    b"\xe2\x80\xae",  # RIGHT-TO-LEFT OVERRIDE
    b"\xef\xbb\xbf",  # BOM
    b"\x07",
    b"\x00",
    b"\r",
    b"\r\n",
    b"[bold]",
    b"[/",
    b"\xff",
    b"\xc3",  # a cut two-byte character
    b"\xed\xa0\x80",  # an encoded surrogate: not UTF-8
]


def articles() -> list[bytes]:
    return [p.read_bytes() for p in sorted(CORPUS.glob("*.txt"))]


def mutate(data: bytes, rng: random.Random) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 12)):
        op = rng.choice(["flip", "inject", "inject", "cut", "dup"])
        if not buf:
            buf += rng.randbytes(10)
        i = rng.randrange(len(buf))
        if op == "flip":
            buf[i] ^= rng.randint(1, 255)
        elif op == "inject":
            buf[i:i] = rng.choice(INJECTIONS)
        elif op == "cut":
            del buf[i : i + rng.randint(1, 200)]
        else:
            buf[i:i] = buf[max(0, i - 300) : i]
    return bytes(buf)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def fuzz_files(root: Path, seed: int, count: int, *, slice_chars: int | None = None) -> list[str]:
    rng = random.Random(seed)
    sources = articles()
    names = []
    for n in range(count):
        kind = rng.choice(["random", "article", "article", "valid-article", "valid-article", "text-with-controls"])
        if kind == "random":
            data = rng.randbytes(rng.choice([1, 10, 100, 5000]))
        elif kind == "text-with-controls":
            data = b" ".join(rng.choice([b"word", b"The sentence ends.", *INJECTIONS]) for _ in range(300))
        else:
            data = rng.choice(sources)
            if slice_chars:
                start = rng.randrange(max(1, len(data) - slice_chars))
                data = data[start : start + rng.randint(slice_chars // 4, slice_chars)]
            if kind == "article":
                data = mutate(data, rng)  # usually no longer UTF-8
            else:  # still UTF-8: damage made of whole characters
                text = data.decode("utf-8", "ignore")
                valid = [i for i in INJECTIONS if _is_utf8(i)]
                for _ in range(rng.randint(1, 12)):
                    i = rng.randrange(len(text) + 1)
                    text = text[:i] + rng.choice(valid).decode() + text[i + rng.choice([0, 0, 5, 100]) :]
                data = text.encode("utf-8")
        name = f"{n:03d}-{kind}.{'md' if n % 3 else 'txt'}"
        (root / name).write_bytes(data)
        names.append(name)
    return names


def check_document(root: Path, doc) -> None:
    with open(root / doc.doc_id, encoding="utf-8") as fh:
        assert doc.text == fh.read()
    for span in doc.spans:
        piece = doc.text[span.start : span.end]
        assert piece and CONTROL_RE.search(piece) is None
    for p in make_passages(doc):
        assert doc.text[p.start : p.end] == p.text
        assert CONTROL_RE.search(p.text) is None


def test_random_and_damaged_files_load_exactly_or_are_skipped_by_name(tmp_path):
    root = tmp_path / "fuzz"
    root.mkdir()
    names = fuzz_files(root, seed=600, count=300)
    corpus = load_corpus(root)
    loaded = {d.doc_id for d in corpus.documents}
    skipped = {w.split(":")[0].removeprefix("skipped ") for w in corpus.warnings}
    assert loaded | skipped == set(names) and not loaded & skipped
    assert len(loaded) > 30 and len(skipped) > 30  # both paths are exercised
    for doc in corpus.documents:
        check_document(root, doc)
    survived("documents", len(names))


@settings(
    max_examples=300,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    data=st.one_of(
        st.binary(max_size=3000),
        st.lists(st.one_of(st.sampled_from(INJECTIONS), st.text(max_size=40).map(str.encode)), max_size=60).map(
            b"".join
        ),
    )
)
def test_any_bytes_as_a_document(tmp_path_factory, data):
    root = tmp_path_factory.mktemp("anybytes")
    (root / "doc.txt").write_bytes(data)
    corpus = load_corpus(root)
    if corpus.documents:
        check_document(root, corpus.documents[0])
    else:
        (warning,) = corpus.warnings
        assert warning.startswith("skipped doc.txt: ")
    survived("documents")


@pytest.fixture(scope="module")
def fuzzed_engine(encoder, tmp_path_factory) -> tuple[Engine, Path]:
    root = tmp_path_factory.mktemp("fuzz-index") / "corpus"
    root.mkdir()
    fuzz_files(root, seed=601, count=40, slice_chars=1500)
    engine = Engine.open(root, tmp_path_factory.mktemp("fuzz-index-dir"), encoder=encoder)
    return engine, root


def test_an_index_of_fuzzed_documents_answers_random_bytes_soundly(fuzzed_engine):
    engine, root = fuzzed_engine
    assert engine.documents and engine.passage_count > 0
    for doc in engine.documents:
        check_document(root, doc)
    rng = random.Random(602)
    asked = 0
    for _ in range(40):
        raw = rng.choice([rng.randbytes(rng.randint(1, 120)), mutate(b"How many Russian troops are in Armenia?", rng)])
        try:
            answer = engine.ask(raw.decode("utf-8", "surrogateescape"), k=rng.randint(1, 8))
        except QuestionError:
            pass
        else:
            assert_sound_answer(engine, answer, root)
        asked += 1
    survived("documents", len(engine.documents))
    survived("questions", asked)
