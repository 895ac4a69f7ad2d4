"""What a note says about itself: the YAML (``---``) or TOML (``+++``) block that opens it.

Markdown notes from Obsidian, Jekyll, Hugo and most static-site tools open with such a block.
Read as prose it is noise: its first line ("---") became the document's title and its
``key: value`` lines could become passages. Read as metadata it gives what a citation needs
(title, author, date) without a catalog entry. The block is only *marked*, never cut out, so
offsets into the file stay exact; ``qa.documents`` keeps it out of the body.

The block is untrusted text like the rest of the file: YAML is read with ``safe_load`` (plain
data, no objects), only short scalar values are taken, and a block that does not parse as a
table of keys is not front matter at all: the file then reads as it always did.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass

#: Front matter sits at the very top and is short; a "---" line further down is a rule.
MAX_BLOCK_CHARS = 16_384
#: A value longer than this is a description or an abstract, not a title, name or date.
MAX_VALUE_CHARS = 300

_OPEN_RE = re.compile(r"\A\ufeff?(---|\+\+\+)[ \t]*\r?\n")
_CLOSE = {
    "---": re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE),  # YAML ends a document either way
    "+++": re.compile(r"^\+\+\+[ \t]*\r?$", re.MULTILINE),
}
_AUTHOR_KEYS = ("authors", "author")


@dataclass(frozen=True)
class FrontMatter:
    """The metadata block at the top of a document; ``end`` is where its closing line ends."""

    end: int
    title: str = ""
    authors: tuple[str, ...] = ()
    publisher: str = ""
    date: str = ""


def read_front_matter(text: str) -> FrontMatter | None:
    """The front matter opening ``text``, or None when the text has none (or a broken one)."""
    opened = _OPEN_RE.match(text)
    if not opened:
        return None
    closing = _CLOSE[opened.group(1)].search(text, opened.end(), opened.end() + MAX_BLOCK_CHARS)
    if not closing:
        return None
    data = _parse(opened.group(1), text[opened.end() : closing.start()])
    if data is None:
        return None
    keys = {str(k).casefold(): v for k, v in data.items()}
    authors: tuple[str, ...] = ()
    for key in _AUTHOR_KEYS:
        value = keys.get(key)
        names = value if isinstance(value, list) else [value]
        authors = tuple(n for n in (_scalar(v) for v in names) if n)
        if authors:
            break
    return FrontMatter(
        end=closing.end(),
        title=_scalar(keys.get("title")),
        authors=authors,
        publisher=_scalar(keys.get("publisher")),
        date=_scalar(keys.get("date")),
    )


def _parse(kind: str, block: str) -> dict | None:
    if kind == "+++":
        try:
            return tomllib.loads(block)
        except (tomllib.TOMLDecodeError, ValueError):
            return None
    import yaml  # only files that open with "---" pay for the import

    try:
        data = yaml.safe_load(block)
    except (yaml.YAMLError, ValueError, RecursionError):
        return None
    if data is None:  # an empty block ("---\n---") is still front matter, with nothing in it
        return {}
    return data if isinstance(data, dict) else None


def _scalar(value: object) -> str:
    """A short text, number or date as written; anything else (lists, tables, long text) is
    not a title, a name or a date, so it gives nothing."""
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        value = value.isoformat()
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return ""
    text = " ".join(str(value).split())
    return text if len(text) <= MAX_VALUE_CHARS else ""
