"""Loading: exact text, furniture never in the body, bad files skipped with a named warning."""

from __future__ import annotations

from itertools import pairwise

import pytest

from qa.documents import CorpusError, load_catalog, load_corpus, make_document, strip_controls
from qa.passages import document_sentences, make_passages

from .conftest import CORPUS

FURNITURE = [
    "fbpx",
    "Similar Posts",
    "This post is also available in",
    "SUBSCRIBE TO THINK TANK",
    "EMAIL FOR EXPERT CONTENT",
    "check other materials",
    "Date Accesion",  # the footnote link list at the end of one article
    "Smoke rises after a fuel depot explosion",  # a photo caption printed twice
    "Samantha Power, nominee for administrator",  # another caption printed twice
    "Hayk Baghdasaryan/Photolure via Reuters",  # a caption printed once, with its credit
    "Updated:",
]


@pytest.fixture(scope="module")
def shipped():
    return load_corpus(CORPUS)


def body_text(doc) -> str:
    return "\n".join(doc.text[s.start : s.end] for s in doc.spans)


def test_shipped_corpus_loads_exactly_as_python_reads_it(shipped):
    assert len(shipped.documents) == 5
    assert shipped.warnings == ()
    for doc in shipped.documents:
        with open(CORPUS / doc.doc_id, encoding="utf-8") as fh:
            assert doc.text == fh.read()


@pytest.mark.parametrize("phrase", FURNITURE)
def test_page_furniture_is_never_body_text(shipped, phrase):
    for doc in shipped.documents:
        assert phrase not in body_text(doc), f"{phrase!r} is body text in {doc.doc_id}"
        for p in make_passages(doc):
            assert phrase not in p.text


def test_furniture_rules_generalise_to_unseen_sites():
    text = (
        "Home | News | About\n\n"
        "Breaking Story Headline\n\n"
        "The council approved the new budget on Monday after a long debate about schools.\n\n"
        "A protester holds a sign outside the hall. (Jane Doe/Getty Images)\n\n"
        "Subscribe to our newsletter for more stories.\n\n"
        "The mayor said the vote was a turning point for the city and its residents.\n\n"
        "Related Articles\n\n"
        "1 Smith, J. Budget report, City Press.\n\n"
        "2 Council minutes, 2023.\n"
    )
    doc = make_document("x.txt", text)
    body = body_text(doc)
    assert "council approved the new budget" in body
    assert "turning point" in body
    for junk in (
        "Home | News",
        "Breaking Story Headline",
        "Getty Images",
        "Subscribe",
        "Related Articles",
        "Smith, J.",
    ):
        assert junk not in body
    assert doc.meta.title == "Home | News | About"  # first line, without a catalog entry


def test_catalog_gives_citation_metadata_and_defaults(shipped, tmp_path):
    doc = next(d for d in shipped.documents if d.doc_id == "russia-armenia-ties-bottom-out.txt")
    assert doc.meta.authors == ("Adam Morrow",)
    assert doc.meta.date == "2023-09-26"
    (tmp_path / "note.md").write_text(
        "# My notes on the treaty\n\nThe treaty was signed in May by both parties.\n", encoding="utf-8"
    )
    loaded = load_corpus(tmp_path)
    assert loaded.documents[0].meta.title == "My notes on the treaty"
    assert loaded.documents[0].meta.authors == ()


def test_the_catalog_gives_other_names_of_a_source_as_aliases(shipped, tmp_path):
    doc = next(d for d in shipped.documents if d.doc_id == "new-directions-in-armenian-foreign-policy.txt")
    assert "METU" in doc.meta.aliases and "METU" not in doc.text
    (tmp_path / "a.txt").write_text("A perfectly ordinary sentence about the weather today.\n", encoding="utf-8")
    (tmp_path / "catalog.toml").write_text(
        '["a.txt"]\ntitle = "Weather"\naliases = "WX"\n\n["b.txt"]\naliases = ["One", "", 2]\n', encoding="utf-8"
    )
    meta, warnings = load_catalog(tmp_path)
    assert meta["a.txt"].aliases == ("WX",) and meta["b.txt"].aliases == ("One", "2") and not warnings


def test_recursive_stable_order_and_text_suffixes(tmp_path):
    sentence = "This document has a complete sentence for the index to use."
    for name in ("b/z.txt", "a.md", "b/a/deep.txt", "c.TXT", "skip.pdf", ".hidden.txt", "b/.git/x.txt"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"({name}) {sentence}\n", encoding="utf-8")
    ids = [d.doc_id for d in load_corpus(tmp_path).documents]
    assert ids == ["a.md", "b/a/deep.txt", "b/z.txt", "c.TXT"]


def test_bad_files_are_skipped_with_a_warning_naming_them(tmp_path):
    (tmp_path / "good.txt").write_text("A perfectly ordinary sentence about the weather today.\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "blank.md").write_text("  \n\n \t\n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "latin1.txt").write_bytes("Café crème, déjà vu, naïve façade résumé.".encode("latin-1"))
    (tmp_path / "menu.txt").write_text("Home\nAbout\nContact\n", encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert [d.doc_id for d in corpus.documents] == ["good.txt"]
    joined = "\n".join(corpus.warnings)
    for name, why in [
        ("empty.txt", "empty"),
        ("blank.md", "empty"),
        ("binary.txt", "binary"),
        ("latin1.txt", "UTF-8"),
        ("menu.txt", "no body text"),
    ]:
        assert any(name in w and why in w for w in corpus.warnings), joined


def test_duplicate_documents_are_indexed_once(tmp_path):
    text = "The same article, saved twice under two names, should be indexed once.\n"
    (tmp_path / "one.txt").write_text(text, encoding="utf-8")
    (tmp_path / "two.txt").write_text(text, encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert [d.doc_id for d in corpus.documents] == ["one.txt"]
    assert any("two.txt" in w and "one.txt" in w for w in corpus.warnings)


def test_windows_newlines_match_what_python_reads(tmp_path):
    raw = "First line of the text is here, and it is a sentence.\r\n\r\nSecond paragraph, also a sentence.\r\n"
    path = tmp_path / "crlf.txt"
    path.write_bytes(raw.encode("utf-8"))
    doc = load_corpus(tmp_path).documents[0]
    with open(path, encoding="utf-8") as fh:
        assert doc.text == fh.read()
    for p in make_passages(doc):
        assert doc.text[p.start : p.end] == p.text


def test_control_sequences_are_never_inside_body_spans():
    text = (
        "Normal opening sentence of the document is here.\n\n"
        "Evil \x1b]52;c;ZXZpbA==\x07clipboard and \x1b[2J screen clear and \u202eoverride text here.\n\n"
        "Closing sentence is also perfectly normal.\n"
    )
    doc = make_document("evil.txt", text)
    for span in doc.spans:
        piece = doc.text[span.start : span.end]
        assert strip_controls(piece) == piece
    assert "clipboard and" in body_text(doc)
    assert strip_controls("a\x1b[31mred\x1b[0m b\x07c\x9b1;2m!") == "ared bc!"


def test_missing_corpus_is_an_error(tmp_path):
    with pytest.raises(CorpusError, match="not found"):
        load_corpus(tmp_path / "nope")
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    with pytest.raises(CorpusError, match="not a folder"):
        load_corpus(tmp_path / "file.txt")


def test_symlinks_are_not_followed(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("A secret file that lives outside the corpus folder entirely.\n", encoding="utf-8")
    corpus_dir = tmp_path / "corpus"
    corpus_dir.mkdir()
    (corpus_dir / "real.txt").write_text("A real document that belongs in the corpus folder.\n", encoding="utf-8")
    (corpus_dir / "link.txt").symlink_to(outside)
    (corpus_dir / "dirlink").symlink_to(tmp_path, target_is_directory=True)
    corpus = load_corpus(corpus_dir)
    assert [d.doc_id for d in corpus.documents] == ["real.txt"]
    assert any("link.txt" in w and "link" in w for w in corpus.warnings)
    assert not any("secret" in d.text for d in corpus.documents)


# --------------------------------------------------------------------------- front matter

NOTE = """---
title: "Notes on the Yerevan talks"
author: [Jane Roe, Ann Lee]
date: 2024-01-02
publisher: Field Notes
description: A long description line that would otherwise read like a sentence of the body.
---

# Talks

The delegations met in Yerevan on Monday and agreed to meet again in spring.
"""


def test_front_matter_gives_the_citation_and_never_becomes_body_text(tmp_path):
    (tmp_path / "note.md").write_text(NOTE, encoding="utf-8")
    doc = load_corpus(tmp_path).documents[0]
    assert doc.meta.title == "Notes on the Yerevan talks"
    assert doc.meta.authors == ("Jane Roe", "Ann Lee")
    assert doc.meta.date == "2024-01-02" and doc.meta.publisher == "Field Notes"
    block_end = NOTE.index("---\n\n# Talks") + 3
    assert all(s.start >= block_end for s in doc.spans)
    assert body_text(doc) == "The delegations met in Yerevan on Monday and agreed to meet again in spring."
    assert any(s.reason == "front matter" and s.start == 0 for s in doc.skipped)
    for p in make_passages(doc):
        assert doc.text[p.start : p.end] == p.text


def test_toml_front_matter_and_the_catalog_overrides_it(tmp_path):
    (tmp_path / "hugo.md").write_text(
        '+++\ntitle = "A Hugo page"\nauthors = ["Sam Poe"]\ndate = 2023-05-06T10:00:00Z\n+++\n\n'
        "The page says the border reopened in May after two years.\n",
        encoding="utf-8",
    )
    (tmp_path / "note.md").write_text(NOTE, encoding="utf-8")
    (tmp_path / "catalog.toml").write_text('["note.md"]\ntitle = "Corrected title"\n', encoding="utf-8")
    docs = {d.doc_id: d for d in load_corpus(tmp_path).documents}
    hugo = docs["hugo.md"].meta
    assert (hugo.title, hugo.authors, hugo.date) == ("A Hugo page", ("Sam Poe",), "2023-05-06 10:00:00+00:00")
    note = docs["note.md"].meta
    assert note.title == "Corrected title"  # the catalog wins ...
    assert note.authors == ("Jane Roe", "Ann Lee")  # ... and front matter fills what it leaves empty


@pytest.mark.parametrize(
    "text",
    [
        "---\n\nThe report opens with a rule, not metadata. It goes on for a while here.\n",  # no closing line
        "---\njust a line of prose, not a table\n---\n\nThe body of the note is a sentence.\n",  # not key: value
        "---\ntitle: [unclosed\n---\n\nThe body of the note is a sentence.\n",  # broken YAML
        "Intro line of the note here.\n\n---\ntitle: Not at the top\n---\n\nThe body is a sentence.\n",
    ],
)
def test_text_that_only_looks_like_front_matter_reads_as_before(text):
    doc = make_document("x.md", text)
    assert not any(s.reason == "front matter" for s in doc.skipped)
    assert doc.meta.title != "---" and doc.meta.title.strip("-")


def test_front_matter_values_are_data(tmp_path):
    doc = make_document(
        "x.md",
        "---\ntitle: \"Bad \\e[31mtitle\\a [bold]x[/bold]\"\nauthor: {name: nested}\n"
        "date: [2024, 2025]\n---\n\nThe body of the note is a sentence.\n",
    )
    assert doc.meta.title == "Bad title [bold]x[/bold]"  # controls stripped, markup left as text
    assert doc.meta.authors == () and doc.meta.date == ""  # tables and lists are not names or dates
    # "Billion laughs": nine levels of aliases, 9**9 strings if anything expanded them.
    levels = "abcdefghi"
    laughs = "---\na: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [" + ", ".join([f"*{p}"] * 9) + "]\n" for p, c in pairwise(levels)
    )
    doc = make_document("y.md", laughs + "title: *i\nauthor: *i\n---\n\nThe body of the note is a sentence.\n")
    assert doc.meta.title == "The body of the note is a sentence." and doc.meta.authors == ()


def test_a_rule_line_is_never_a_title():
    doc = make_document("notes/x.md", "***\n\nThe body of the note is a sentence, nothing else.\n")
    assert doc.meta.title == "The body of the note is a sentence, nothing else."


def test_a_markdown_title_reads_as_the_page_shows_it():
    badges = (
        "[![CII Best Practices](https://example.org/badge)](https://example.org/projects/330)\n\n"
        '<p align="center"><img src="https://example.org/logo.png" alt="Tool"></p>\n\n'
        "# Tool -- notes for [developers](https://example.org/dev)\n\nIt says what the tool does.\n"
    )
    assert make_document("README.md", badges).meta.title == "Tool -- notes for developers"
    # A first line that breaks off mid-sentence names no document.
    fragment = (
        "This is an (incomplete) list of currently provided APIs by dpkg, and\n"
        "the state of each of them, for whoever wants to use them.\n\nWhat: libdpkg.a\n"
    )
    assert make_document("README.api", fragment).meta.title == "What: libdpkg.a"
    title = "Russia–Armenia Ties Bottom Out as Yerevan Reconsiders Alliance"
    assert make_document("ties.txt", f"{title}\nBy Adam Morrow\n\nText.\n").meta.title == title  # a byline
    # In plain text a bracket is just a bracket.
    assert make_document("notes.txt", "[Draft](v2) of the notes\n\nIt says things.\n").meta.title == (
        "[Draft](v2) of the notes"
    )


# --------------------------------------------------------------------------- Markdown blocks

GUIDE = """# Installing

To install a Python version for use with the tool, run the install command. For example:

```sh
tool install 3.10.4
tool global 3.10.4
```

| version | status |
|---|---|
| 3.10 | supported |
| 2.7 | end of life |

Then install the desired versions:

    indented code stays as before
"""


def test_code_blocks_and_tables_are_body_text_each_one_unit():
    doc = make_document("guide.md", GUIDE)
    by_text = {doc.text[s.start : s.end]: s for s in doc.spans}
    code = "```sh\ntool install 3.10.4\ntool global 3.10.4\n```"
    table = "| version | status |\n|---|---|\n| 3.10 | supported |\n| 2.7 | end of life |"
    assert by_text[code].verbatim and by_text[table].verbatim
    assert "Then install the desired versions:" in by_text  # a colon ends prose, not a heading
    passages = make_passages(doc)
    for p in passages:
        assert doc.text[p.start : p.end] == p.text
    # The sentence that introduces the example and the example itself are one passage.
    assert any("For example:" in p.text and code in p.text for p in passages)
    assert any(table in p.text for p in passages)
    sentences = [doc.text[s.start : s.end] for s in document_sentences(doc)]
    assert code in sentences and table in sentences  # not split at "3.10." or at line breaks


def test_an_unclosed_fence_runs_to_the_end_and_long_code_is_cut_at_line_breaks():
    lines = "\n".join(f"step_{i} = run('task {i}')  # a comment on this step" for i in range(60))
    doc = make_document("x.md", f"Run these steps, in order, exactly as written:\n\n```python\n{lines}\n")
    code = [s for s in doc.spans if s.verbatim]
    assert len(code) == 1 and doc.text[code[0].start : code[0].end].endswith("a comment on this step")
    pieces = [doc.text[s.start : s.end] for s in document_sentences(doc) if s.start >= code[0].start]
    assert len(pieces) > 1 and "".join(pieces).replace("\n", "") == doc.text[code[0].start :].replace("\n", "")
    assert all(p.endswith("a comment on this step") for p in pieces[:-1])  # whole lines only


def test_blocks_are_file_conventions_not_applied_to_benchmark_records():
    doc = make_document("rec", "A claim about cells.\n\n```\ncode\n```", furniture=False)
    assert not any(s.verbatim for s in doc.spans)


REFERENCE = """# Tool reference

## `tool sync` ##

Copy local changes up

```sh
# not a heading: a comment in a code block
tool sync --all
```

More about syncing follows here, in a sentence of its own.

## Menu
Similar Posts
"""


def test_each_passage_knows_the_markdown_heading_it_lies_under():
    from qa.documents import section_headings

    doc = make_document("ref.md", REFERENCE)
    body = [doc.text[s.start : s.end] for s in doc.spans]
    # The short line that opens a section is content; a two-word menu line is not.
    assert "Copy local changes up" in body and "Similar Posts" not in body
    starts = [doc.text.index(t) for t in ("Copy local", "tool sync --all", "More about", "Similar")]
    assert section_headings(doc, [0, *starts]) == ["Tool reference", *["`tool sync`"] * 3, "Menu"]
    assert section_headings(make_document("x.md", "Plain text, no heading at all here."), [0]) == [""]


def test_the_index_sees_title_and_heading_in_front_of_each_passage():
    from qa.index import IndexSettings

    doc = make_document("ref.md", REFERENCE)
    passages = make_passages(doc)
    texts = IndexSettings().indexed_texts(doc, passages)
    assert texts[0].startswith("Tool reference\n`tool sync`\nCopy local changes up")
    assert IndexSettings(titles=False).indexed_texts(doc, passages) == [p.text for p in passages]
    # A heading equal to the title is not repeated.
    same = make_document("n.md", "# Notes\n\nThe first note of the day is here.\n")
    assert IndexSettings().indexed_texts(same, make_passages(same)) == ["Notes\nThe first note of the day is here."]


INDENTED = """Run the command like this:

    $ tool global 3.3.3 2.7.6
    $ tool versions

      system

1. A list item that says something about the tool here.

    A continuation paragraph of that same list item, indented as lists are.

The end of the note is a plain sentence.
"""


def test_indented_code_is_one_unit_in_markdown_only():
    doc = make_document("x.md", INDENTED)
    code = [doc.text[s.start : s.end] for s in doc.spans if s.verbatim]
    # The blank line inside the block belongs to it; the list continuation is prose, not code.
    assert code == ["$ tool global 3.3.3 2.7.6\n    $ tool versions\n\n      system"]
    body = [doc.text[s.start : s.end] for s in doc.spans]
    assert "A continuation paragraph of that same list item, indented as lists are." in body
    assert any(code[0] in p.text and "like this:" in p.text for p in make_passages(doc))
    plain = make_document("x.txt", INDENTED)  # indentation in plain text is a quotation, not code
    assert not any(s.verbatim for s in plain.spans)


COMMENTED = """# Reference

## `tool.run(args)`

<!-- YAML
added: v1.0.0
changes:
  - pr-url: https://example.org/pull/1
    description: Passing a non-string now throws an error.
-->

The `tool.run()` method runs the tool with the given arguments and returns its exit code.

Some prose. <!-- an aside --> More prose in the same paragraph.

<!-- one line -->
The end of the section is here, after a one-line comment.
"""


def test_html_comments_in_markdown_are_not_body_text():
    doc = make_document("x.md", COMMENTED)
    body = [doc.text[s.start : s.end] for s in doc.spans]
    assert not any("non-string" in b or "YAML" in b or "one line" in b for b in body)
    assert any(b.startswith("The `tool.run()` method runs") for b in body)
    assert any("an aside" in b for b in body)  # a comment inside a line stays with its prose
    assert "The end of the section is here, after a one-line comment." in body
    skipped = [(doc.text[s.start : s.end], s.reason) for s in doc.skipped if s.reason == "HTML comment"]
    assert [text.splitlines()[0] for text, _ in skipped] == ["<!-- YAML", "<!-- one line -->"]
    plain = make_document("x.txt", COMMENTED)  # not Markdown: no comments to read
    assert not any(s.reason == "HTML comment" for s in plain.skipped)


WRAPPED_LINKS = """# Selection

pyenv reads the version from the following sources, in this order:

1. The `PYENV_VERSION` environment variable (if specified). You can use
   the [`pyenv shell`](https://github.com/pyenv/pyenv/blob/master/COMMANDS.md#pyenv-shell) command to set this
   environment variable in your current shell session.

2. The application-specific `.python-version` file in the current
   directory (if present). You can modify the current directory's
   `.python-version` file with the [`pyenv local`](https://github.com/pyenv/pyenv/blob/master/COMMANDS.md#pyenv-local)
   command.

Run `pyenv version` to see which one is active and where it was set.
"""


def test_a_long_link_does_not_break_a_hard_wrapped_markdown_paragraph():
    doc = make_document("x.md", WRAPPED_LINKS)
    body = [doc.text[s.start : s.end] for s in doc.spans]
    assert body[1].startswith("1. The `PYENV_VERSION`") and body[1].endswith("current shell session.")
    assert body[2].startswith("2. The application-specific") and body[2].endswith("command.")
    # A web address in brackets ending a line is no photo credit, in any file.
    assert not any(s.reason == "photo caption" for s in make_document("x.txt", WRAPPED_LINKS).skipped)


DEFINITIONS = """1. Definitions

1.12. "Secondary License"
    means either the GNU General Public License, Version 2.0, or any
    later versions of those licenses.

1.13. "Source Code Form"
    means the form of the work preferred for making modifications.

Installing
  * a nested list item under a short line
  * is an item of its own

1. Update homebrew and install the tool:
      ```sh
      tool update
      ```
"""


@pytest.mark.parametrize("name", ["LICENSE.txt", "LICENSE.md"])
def test_a_defined_term_is_read_with_its_indented_definition(name):
    # Licences put the defined term on a line of its own; read alone it is a heading and the
    # definition never names what it defines, so "Which licences count as Secondary Licenses?"
    # could not find it.
    doc = make_document(name, DEFINITIONS)
    texts = [doc.text[s.start : s.end] for s in doc.spans]
    secondary = (
        '1.12. "Secondary License"\n    means either the GNU General Public License, Version 2.0, or any\n'
        "    later versions of those licenses."
    )
    assert secondary in texts
    assert '1.13. "Source Code Form"\n    means the form of the work preferred for making modifications.' in texts
    # A heading followed by a blank line stays a heading; a nested list item and an indented
    # code fence are not read as what the line above them defines.
    assert not any(t.startswith("1. Definitions") for t in texts)
    assert not any(t.startswith("Installing") for t in texts)
    assert "1. Update homebrew and install the tool:" in texts


STEPS = """# Install

1. Update homebrew and install the tool:
      ```sh
      brew update
      brew install tool
      ```

To select a version, run one of the following commands:

* [`tool shell <version>`](COMMANDS.md#tool-shell) -- select just for current shell session
* [`tool global <version>`](COMMANDS.md#tool-global) -- select globally for your user account

## Related posts

* [Why we moved our tools to a new home](https://example.com/a)
* [Ten tips for managing your versions](https://example.com/b)
"""


def test_markdown_steps_keep_their_commands_and_described_items():
    # A fence indented under a list item is code, not a run of menu lines; a list item that says
    # something besides its links is content, while a list of links alone is still furniture.
    doc = make_document("guide.md", STEPS)
    texts = [doc.text[s.start : s.end] for s in doc.spans]
    assert "```sh\n      brew update\n      brew install tool\n      ```" in texts
    assert "1. Update homebrew and install the tool:" in texts
    assert "* [`tool shell <version>`](COMMANDS.md#tool-shell) -- select just for current shell session" in texts
    assert not any("Ten tips" in t or "new home" in t for t in texts)
