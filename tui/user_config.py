"""Where the chat keeps what it remembers between runs: question history and the theme.

The folder is ``$QA_CONFIG_DIR`` if set (tests point it at a temporary folder), else
``$XDG_CONFIG_HOME/qa`` or ``~/.config/qa``. Failing to read or write it never stops the
chat: memory between runs is a convenience, not a requirement.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from qa.files import write_atomically

HISTORY_FILE = "history.jsonl"
SETTINGS_FILE = "settings.json"
#: Questions kept in the history file; older ones are dropped when it is rewritten.
HISTORY_LIMIT = 500


def config_dir() -> Path:
    explicit = os.environ.get("QA_CONFIG_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "qa"


def load_history(folder: Path) -> list[str]:
    """Past questions, oldest first (one JSON string per line, so any text round-trips)."""
    try:
        lines = (folder / HISTORY_FILE).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    questions = []
    for line in lines[-HISTORY_LIMIT:]:
        try:
            value = json.loads(line)
        except ValueError:
            continue
        if isinstance(value, str) and value.strip():
            questions.append(value)
    return questions


def append_history(folder: Path, question: str) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / HISTORY_FILE
        with path.open("a", encoding="utf-8") as f:
            f.write(json.dumps(question, ensure_ascii=False) + "\n")
        if path.stat().st_size > HISTORY_LIMIT * 400:  # rewrite now and then, keeping the newest
            kept = load_history(folder)
            write_atomically(path, "".join(json.dumps(q, ensure_ascii=False) + "\n" for q in kept))
    except OSError:
        pass


def load_settings(folder: Path) -> dict[str, object]:
    try:
        data = json.loads((folder / SETTINGS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_settings(folder: Path, settings: dict[str, object]) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomically(folder / SETTINGS_FILE, json.dumps(settings, indent=2) + "\n")
    except OSError:
        pass
