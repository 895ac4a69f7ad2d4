"""The chat: a Textual terminal app on top of ``qa.engine`` (run with ``qa`` or ``python -m tui``)."""
