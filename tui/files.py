"""Writing the user's files so that an interruption never leaves one half written.

The transcript a user exports, and the chat's own settings and question history, are written
to a temporary file beside the target and renamed over it: a crash, a full disk or a killed
terminal leaves either the old file or the new one, never a truncated mix.
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
