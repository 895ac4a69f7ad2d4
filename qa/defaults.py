"""Defaults and default paths, importable for nothing (standard library only).

The command line reads these before it knows whether it will encode anything: ``qa`` alone
execs the chat, ``qa --help`` prints and exits. Taking them from ``qa.embedding`` or
``qa.engine`` would import numpy (and the whole engine) first, which cost the chat's first
screen about 0.3 s when started through ``qa``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

DEFAULT_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = PROJECT_ROOT / "corpus"
DEFAULT_INDEX_ROOT = PROJECT_ROOT / "index"


def default_index_dir(corpus: Path) -> Path:
    """Each corpus folder gets its own index under the project's ``index/``."""
    resolved = corpus.resolve()
    tag = hashlib.sha256(str(resolved).encode("utf-8", "surrogatepass")).hexdigest()[:10]
    name = "".join(c if c.isalnum() or c in "-_" else "_" for c in resolved.name)[:40] or "corpus"
    return DEFAULT_INDEX_ROOT / f"{name}-{tag}"
