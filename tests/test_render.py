"""How passages and quotes are shown: the look changes, the words and the quoted span do not."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from qa.render import display_pieces

WRAPPED = """The `path.basename()` method returns the last portion of a `path`, similar to
the Unix `basename` command. Trailing separators
  are ignored.

```js
path.basename('/foo/bar')
// Returns: 'bar'
```

- a list item
- another item

| a | b |
| 1 | 2 |

    $ indented code
    $ more code
"""


def shown(text: str, *, markdown: bool = False) -> str:
    return "".join(piece for piece, _ in display_pieces(text, 0, [], markdown=markdown))


def test_a_hard_wrapped_paragraph_reads_as_one_line_and_blocks_keep_their_lines():
    out = shown(WRAPPED, markdown=True)
    assert "similar to the Unix `basename` command. Trailing separators are ignored." in out
    assert "```js\npath.basename('/foo/bar')\n// Returns: 'bar'\n```" in out
    assert "- a list item\n- another item" in out
    assert "| a | b |\n| 1 | 2 |" in out
    assert "    $ indented code\n    $ more code" in out


def test_plain_text_indents_prose_not_code():
    licence = (
        "      You may add Your own copyright statement to Your modifications and may\n"
        "      provide additional or different license terms and conditions\n"
        "      for use of Your modifications.\n\n      5. Submission of Contributions."
    )
    assert shown(licence) == (
        "      You may add Your own copyright statement to Your modifications and may provide additional or different"
        " license terms and conditions for use of Your modifications.\n\n5. Submission of Contributions."
    )
    # The same lines in Markdown are an indented code block: kept line by line.
    assert shown(licence, markdown=True) == licence


def test_a_paragraph_per_line_keeps_its_breaks():
    # Plain-text articles put each paragraph on a line of its own: those breaks are real.
    text = "Yerevan froze its membership.\nMoscow called it unacceptable.\n“We are not leaving,” he said.\nNext"
    assert shown(text) == text


def test_a_quote_across_a_joined_break_stays_one_highlighted_run():
    text = "It returns the last portion of a path, similar to\nthe Unix basename command. More text."
    start = text.index("It")
    end = text.index("command.") + len("command.")
    pieces = display_pieces(text, 100, [(100 + start, 100 + end)])
    assert pieces[0] == ("It returns the last portion of a path, similar to the Unix basename command.", True)
    assert "".join(p for p, _ in pieces[1:]) == " More text."


lines = st.lists(
    st.one_of(
        st.text(alphabet="abc .,`-|#*>", min_size=0, max_size=30),
        st.sampled_from(["```", "    code", "- item", "1. item", "", "  indented", "end."]),
    ),
    max_size=12,
)


@given(lines, st.integers(0, 200), st.integers(0, 200), st.booleans())
def test_display_keeps_every_word_and_highlights_exactly_the_quote(parts, a, b, markdown):
    text = "\n".join(parts)
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    pieces = display_pieces(text, 0, [(start, end)], markdown=markdown)
    assert "".join(p for p, _ in pieces).split() == text.split()
    highlighted = "".join(p for p, h in pieces if h)
    assert "".join(highlighted.split()) == "".join(text[start:end].split())
    # Runs, not fragments; a paragraph break is a piece of its own (the chat shows it compactly).
    assert all(a[1] != b[1] or "\n\n" in (a[0], b[0]) for a, b in itertools.pairwise(pieces))
    assert all(p == "\n\n" or "\n\n" not in p for p, _ in pieces)
