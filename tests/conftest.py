"""Shared fixtures: the real model, real FAISS, real files — no mocks on the core path.

The shipped corpus is indexed once per test session into a temporary folder (a few
seconds); tests that change a corpus copy it first, so they never touch ``corpus/``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GOLD = ROOT / "tests" / "data" / "gold.jsonl"


@pytest.fixture(scope="session")
def encoder():
    from qa.embedding import load_encoder

    return load_encoder()


@pytest.fixture(scope="session")
def shipped_index_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("shipped-index")


@pytest.fixture(scope="session")
def engine(encoder, shipped_index_dir):
    """The engine on the shipped corpus, index built once for the session."""
    from qa.engine import Engine

    return Engine.open(CORPUS, shipped_index_dir, encoder=encoder)


@pytest.fixture(scope="session")
def gold():
    from qa.gold import load_gold

    return load_gold(GOLD)


@pytest.fixture
def corpus_copy(tmp_path) -> Path:
    """A private copy of the shipped corpus that a test may change."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target
