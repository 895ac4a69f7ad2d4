"""The chat's pure parts: display-safe text, reader blocks, history, transcript Markdown."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st
from textual.content import Content

from qa.documents import CONTROL_RE
from tui import user_config
from tui.history import QuestionHistory
from tui.safe_text import (
    PASSAGE_STYLE,
    QUOTE_STYLE,
    document_blocks,
    document_lines,
    pieces_content,
    plain,
    styled_span,
)
from tui.turns import Turn, TurnState, transcript_markdown

# --------------------------------------------------------------------------- safe text

ESCAPES = [
    "\x1b[31m",
    "\x1b]0;title\x07",
    "\x1b]8;;http://x\x1b\\",
    "\x07",
    "\x9b2J",
    "\u202e",
    "\x1bP1$r\x1b\\",
    "\x1b",
]


def test_plain_never_parses_markup_and_drops_escapes():
    content = plain("[bold]x[/bold] [link=http://e]y[/link] [/ \x1b[2Jz\x1b]0;t\x07")
    assert content.plain == "[bold]x[/bold] [link=http://e]y[/link] [/ z"
    assert not content.spans


def test_styled_span_keeps_highlights_on_the_right_characters_around_escapes():
    text = "ab\x1b[31mcd\x1b[0mEFG\x07hi"
    start = text.index("E")
    content = styled_span(text, 0, len(text), [(start, start + 3, QUOTE_STYLE)])
    assert content.plain == "abcdEFGhi"
    [span] = content.spans
    assert content.plain[span.start : span.end] == "EFG" and span.style == QUOTE_STYLE


def test_later_styles_win_where_they_overlap():
    content = styled_span("0123456789", 0, 10, [(0, 10, PASSAGE_STYLE), (3, 5, QUOTE_STYLE)])
    styles = {content.plain[s.start : s.end]: s.style for s in content.spans}
    assert styles == {"012": PASSAGE_STYLE, "34": QUOTE_STYLE, "56789": PASSAGE_STYLE}


@given(
    st.lists(st.one_of(st.text(alphabet="ab \n[]/", min_size=1, max_size=6), st.sampled_from(ESCAPES)), max_size=12),
    st.lists(st.tuples(st.integers(0, 80), st.integers(0, 80)), max_size=3),
)
def test_no_control_sequence_survives_any_cut(parts, cuts):
    text = "".join(parts)
    styles = [(min(a, b), max(a, b), QUOTE_STYLE) for a, b in cuts if min(a, b) < max(a, b) <= len(text)]
    content = styled_span(text, 0, len(text), styles)
    assert not CONTROL_RE.search(content.plain)
    for block in document_blocks(text, (0, len(text) // 2), [(s, e) for s, e, _ in styles]):
        assert not CONTROL_RE.search(block.content.plain)


@given(st.text(alphabet="ab .\n", max_size=60), st.integers(0, 60), st.integers(0, 60))
def test_clean_text_highlight_matches_offsets_exactly(text, a, b):
    a, b = sorted((min(a, len(text)), min(b, len(text))))
    content = styled_span(text, 0, len(text), [(a, b, QUOTE_STYLE)])
    assert content.plain == text
    marked = "".join(content.plain[s.start : s.end] for s in content.spans)
    assert marked == text[a:b]


def test_pieces_content_shows_paragraph_breaks_as_one_newline():
    content = pieces_content([("One.", False), ("\n\n", False), ("Two [b].", True)])
    assert content.plain == "One.\nTwo [b]."
    assert [content.plain[s.start : s.end] for s in content.spans] == ["Two [b]."]


# --------------------------------------------------------------------------- reader blocks


def test_document_lines_mark_paragraph_ends():
    long_line = "word " * 30
    text = f"Title\n{long_line}\nwrapped one\nwrapped two\n\n\nlast"
    lines = document_lines(text)
    assert [text[a:b] for a, b, _ in lines] == ["Title", long_line, "wrapped one", "wrapped two", "last"]
    assert [gap for _, _, gap in lines] == [False, True, False, True, False]


def test_document_blocks_cover_the_whole_text_and_isolate_the_passage():
    text = "\n".join(f"Line {i} " + "x" * 120 for i in range(2000))
    start = text.index("Line 1500 ")
    end = text.index("Line 1502 ") - 1
    blocks = document_blocks(text, (start, end), [(start + 5, start + 9)], max_blocks=100)
    assert len(blocks) <= 110
    assert "".join(b.content.plain.replace("\n", "") for b in blocks) == text.replace("\n", "")
    passage_blocks = [b for b in blocks if b.in_passage]
    assert [text[b.start : b.end][:9] for b in passage_blocks] == ["Line 1500", "Line 1501"]
    first = passage_blocks[0].content
    assert {first.plain[s.start : s.end] for s in first.spans if s.style == QUOTE_STYLE} == {"1500"}


def test_document_blocks_of_an_empty_document():
    [block] = document_blocks("", None)
    assert block.content.plain == ""


# --------------------------------------------------------------------------- history and config


def test_history_walks_back_and_restores_the_draft():
    history = QuestionHistory(["one", "two"])
    assert history.next() is None
    assert history.previous("draft") == "two"
    assert history.previous("two") == "one"
    assert history.previous("one") is None
    assert history.next() == "two"
    assert history.next() == "draft"
    assert history.next() is None
    history.add("three")
    history.add("three")  # repeated questions are kept once
    assert history.items == ["one", "two", "three"]
    assert history.previous("") == "three"


def test_history_file_round_trips_any_text(tmp_path):
    for q in ["plain", 'with "quotes"\nand a newline', "[bold]markup[/bold]"]:
        user_config.append_history(tmp_path, q)
    (tmp_path / user_config.HISTORY_FILE).open("a").write("not json\n" + json.dumps(3) + "\n")
    assert user_config.load_history(tmp_path) == ["plain", 'with "quotes"\nand a newline', "[bold]markup[/bold]"]


def test_config_dir_respects_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("QA_CONFIG_DIR", str(tmp_path / "cfg"))
    assert user_config.config_dir() == tmp_path / "cfg"
    monkeypatch.delenv("QA_CONFIG_DIR")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert user_config.config_dir() == tmp_path / "xdg" / "qa"


def test_unwritable_config_is_ignored(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    user_config.append_history(blocker / "sub", "q")  # a file where the folder should be
    user_config.save_settings(blocker / "sub", {"theme": "nord"})
    assert user_config.load_history(blocker / "sub") == []
    assert user_config.load_settings(blocker / "sub") == {}


# --------------------------------------------------------------------------- transcript


def test_transcript_markdown_of_unanswered_turns_keeps_questions_literal():
    turns = [
        Turn(1, "What is *this* [x]?", 5, state=TurnState.FAILED, error="no <document>"),
        Turn(2, "Later", 5, state=TurnState.CANCELLED),
    ]
    text = transcript_markdown(turns, "corpus", "2024-01-01 10:00")
    assert text.startswith("# qa transcript — corpus\n")
    assert r"**Q:** What is \*this\* \[x\]?" in text
    assert r"_Could not answer: no \<document\>_" in text
    assert "**Q:** Later\n\n_Not answered._" in text


def test_pieces_content_is_content():
    assert isinstance(pieces_content([]), Content)
