"""Files written for the user (exported transcripts, chat settings and history, README tables)
are replaced in one rename."""

from __future__ import annotations

import os
import stat

import pytest

from qa.files import write_atomically


def test_a_file_is_replaced_whole_and_keeps_its_mode(tmp_path):
    path = tmp_path / "notes.md"
    path.write_text("old\n", encoding="utf-8")
    path.chmod(0o640)
    write_atomically(path, "new — text\n")
    assert path.read_text(encoding="utf-8") == "new — text\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.md"]


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "settings.json"
    path.write_text('{"theme": "nord"}\n', encoding="utf-8")

    def power_cut(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", power_cut)
    with pytest.raises(OSError, match="No space left"):
        write_atomically(path, '{"theme": "gruvbox"}\n')
    assert path.read_text(encoding="utf-8") == '{"theme": "nord"}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["settings.json"]


def test_a_new_file_gets_the_usual_mode(tmp_path):
    path = tmp_path / "transcript.md"
    write_atomically(path, "x\n")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask
