"""Text kept literal in the Markdown qa writes (answers pasted into notes, copied sources,
exported transcripts), and read back from it (``qa verify``).

One place for the characters that are escaped, so the writer, the chat and the reader of
notes cannot drift apart. Only the standard library: the chat imports this before its first
paint.
"""

from __future__ import annotations

import re

#: Characters that would turn quoted words into emphasis, code, links or HTML.
SPECIAL = "\\`*_[]<>"
_ESCAPED = re.compile("\\\\([" + re.escape(SPECIAL) + "])")


def escape(text: str) -> str:
    """``text`` with every Markdown-special character backslash-escaped."""
    return "".join("\\" + ch if ch in SPECIAL else ch for ch in text)


def unescape(text: str) -> str:
    """The text ``escape`` was given: ``unescape(escape(t)) == t`` for every ``t``."""
    return _ESCAPED.sub(r"\1", text)
