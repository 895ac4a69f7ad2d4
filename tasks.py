#!/usr/bin/env python3
"""Set-up and entry points for a fresh clone: ``python3 tasks.py chat`` and ``python3 tasks.py test``.

Both create or refresh ``.venv/`` first, and only when needed: the set-up is redone when
``pyproject.toml`` (or this file) changes, so running either command again is quick.
CPU torch is installed before anything else: an unpinned torch, pulled in by
sentence-transformers, would resolve to a CUDA build and several GB of downloads.
Only the standard library is used here, since nothing else exists before the set-up.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"
STAMP = VENV / ".qa-setup"
TORCH = "torch==2.13.0"  # the CPU build; keep in step with pyproject.toml


def _wanted_stamp() -> str:
    digest = hashlib.sha256()
    for name in ("pyproject.toml", "tasks.py"):
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def _run(*cmd: str | os.PathLike[str]) -> None:
    result = subprocess.run([str(c) for c in cmd], cwd=ROOT)
    if result.returncode != 0:
        sys.exit(f"tasks.py: set-up step failed ({' '.join(map(str, cmd))})")


def ensure_venv() -> None:
    """Create .venv and install the project into it, unless it is already current."""
    if not PYTHON.exists():
        print("Creating .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = _wanted_stamp()
    if STAMP.exists() and STAMP.read_text().strip() == wanted:
        return
    why = "pyproject.toml or tasks.py changed" if STAMP.exists() else "first run only"
    print(f"Installing dependencies into .venv ({why}) …", flush=True)
    pip = [PYTHON, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    _run(*pip, TORCH)
    _run(*pip, "-e", ".[dev]")
    print("Preparing the embedding model (a one-time ONNX export, fp32 and int8) …", flush=True)
    prepare = "from qa.embedding import document_encoder, load_encoder; document_encoder(load_encoder(), 'int8')"
    _run(PYTHON, "-c", prepare)
    STAMP.write_text(wanted + "\n")


def chat(args: list[str]) -> int:
    ensure_venv()
    qa = VENV / "bin" / "qa"
    os.execv(qa, [str(qa), *args])
    return 0


def test(args: list[str]) -> int:
    ensure_venv()
    bin_dir = VENV / "bin"
    lint = subprocess.run([bin_dir / "ruff", "check", "."], cwd=ROOT)
    if lint.returncode != 0:
        return lint.returncode
    return subprocess.run([bin_dir / "python", "-m", "pytest", *args], cwd=ROOT).returncode


def main() -> int:
    commands = {"chat": chat, "test": test, "setup": lambda _args: (ensure_venv(), 0)[1]}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print("usage: python3 tasks.py chat [qa options] | test [pytest options] | setup", file=sys.stderr)
        return 2
    return commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
