"""Regenerate ``docs/chat.svg``, the README's picture of the chat, from the real app.

    .venv/bin/python docs/chat_screenshot.py

Opens the engine on the shipped corpus, asks a real question in the chat, focuses the cited
source with explain on, and saves what the terminal shows. Timings are hidden so the picture
only changes when the app or its answers do.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from qa.engine import DEFAULT_CORPUS, Engine
from tui.app import ChatApp

QUESTION = "How many Russian troops are in Armenia?"
SIZE = (100, 34)
OUT = Path(__file__).with_name("chat.svg")


async def main() -> None:
    engine = Engine.open(DEFAULT_CORPUS)
    with tempfile.TemporaryDirectory() as config:
        app = ChatApp(DEFAULT_CORPUS, engine=engine, config_dir=Path(config), show_timings=False)
        async with app.run_test(size=SIZE) as pilot:
            while app.engine is None:
                await pilot.pause(0.05)
            app.query_one("#prompt").cursor_blink = False
            app.query_one("#prompt").value = QUESTION
            await pilot.press("enter")
            while not app.turns[-1].state.settled:
                await pilot.pause(0.05)
            await pilot.press("ctrl+t")
            await pilot.pause()
            app.clear_notifications()
            await pilot.pause()
            OUT.write_text(app.export_screenshot(title="qa — the chat"), encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    asyncio.run(main())
