"""Snapshot tests of the chat's main states (pytest-textual-snapshot), on the real engine.

Deterministic by construction: fixed terminal size, no cursor blink, timings hidden
(``show_timings=False``), notifications cleared, config in a temporary folder. After an
intended change of look (or of the engine's answers), review and accept the new pictures:
``pytest tests/test_tui_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

from textual.pilot import Pilot

from tests.test_tui import TROOPS, WORLD_CUP, ask, make_app, ready, wait_until
from tui.screens.reader import ReaderScreen

SMALL = (80, 24)
LARGE = (200, 60)


async def settle(pilot: Pilot) -> None:
    """Finish pending scrolls and drop toasts, so the picture depends only on the state."""
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    pilot.app.clear_notifications()
    await pilot.pause()


def test_empty(snap_compare, engine, tmp_path):
    async def run_before(pilot: Pilot) -> None:
        await ready(pilot)
        await settle(pilot)

    assert snap_compare(make_app(engine, tmp_path), terminal_size=SMALL, run_before=run_before)


def test_answered(snap_compare, engine, tmp_path):
    async def run_before(pilot: Pilot) -> None:
        await ready(pilot)
        await ask(pilot, TROOPS)
        await settle(pilot)

    assert snap_compare(make_app(engine, tmp_path), terminal_size=SMALL, run_before=run_before)


def test_answered_large(snap_compare, engine, tmp_path):
    async def run_before(pilot: Pilot) -> None:
        await ready(pilot)
        await ask(pilot, TROOPS)
        await settle(pilot)

    assert snap_compare(make_app(engine, tmp_path), terminal_size=LARGE, run_before=run_before)


def test_abstained(snap_compare, engine, tmp_path):
    async def run_before(pilot: Pilot) -> None:
        await ready(pilot)
        await ask(pilot, WORLD_CUP)
        await settle(pilot)

    assert snap_compare(make_app(engine, tmp_path), terminal_size=SMALL, run_before=run_before)


def test_reader_open(snap_compare, engine, tmp_path):
    async def run_before(pilot: Pilot) -> None:
        await ready(pilot)
        await ask(pilot, TROOPS)
        await pilot.press("tab", "enter")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ReaderScreen))
        await wait_until(pilot, lambda: pilot.app.screen.query_one("#reader-body").scroll_y > 0)
        await settle(pilot)

    assert snap_compare(make_app(engine, tmp_path), terminal_size=SMALL, run_before=run_before)


def test_explain_on(snap_compare, engine, tmp_path):
    async def run_before(pilot: Pilot) -> None:
        await ready(pilot)
        await ask(pilot, TROOPS)
        await pilot.press("ctrl+t", "tab", "down")  # explain on; focus the second source
        await settle(pilot)

    assert snap_compare(make_app(engine, tmp_path), terminal_size=SMALL, run_before=run_before)


def test_ansi_theme(snap_compare, engine, tmp_path):
    """The ANSI themes use the terminal's own colours: the answer must still stand out."""

    async def run_before(pilot: Pilot) -> None:
        pilot.app.theme = "ansi-dark"
        await ready(pilot)
        await ask(pilot, TROOPS)
        await settle(pilot)

    assert snap_compare(make_app(engine, tmp_path), terminal_size=SMALL, run_before=run_before)
