"""Writing a user's files so that an interruption never leaves one half written.

The transcript a user exports from the chat, the chat's settings and question history, and
the README tables ``qa bench --readme`` rewrites are written to a temporary file beside the
target and renamed over it: a crash, a full disk or a killed terminal leaves either the old
file or the new one, never a truncated mix. (The index has its own generations: ``qa.index``.)
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from pathlib import Path


def write_atomically(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8) in one rename; an existing file keeps its mode."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        with open(tmp, "x", encoding="utf-8") as f:  # "x": the usual mode for a new file (umask)
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        if path.exists():
            shutil.copymode(path, tmp)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
