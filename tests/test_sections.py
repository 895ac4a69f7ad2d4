"""Reference documentation: "What does X do?" answered by the first sentence of X's section."""

from __future__ import annotations

from dataclasses import replace

import pytest

from qa.documents import DocumentMeta, make_document
from qa.render import format_citation, hit_citation, quote_marker
from qa.sections import asked_subject, heading_subject, section_leads


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("What does pyenv rehash do?", ("pyenv", "rehash")),
        ("What does path.basename return?", ("path", "basename")),
        ("What is os.EOL?", ("os", "eol")),
        ("what does the pyenv global command do", ("pyenv", "global")),
        ("What is pyenv used for?", ("pyenv",)),
        ("How do I install pyenv?", None),
        ("Who is the prime minister?", None),
    ],
)
def test_the_asked_subject(question, subject):
    assert asked_subject(question) == subject


@pytest.mark.parametrize(
    ("heading", "subject"),
    [
        ("`path.basename(path[, suffix])`", ("path", "basename")),
        ("`pyenv versions`", ("pyenv", "versions")),
        ("Installing `pyenv`", ("pyenv",)),  # the code span is what the heading names
        ("Windows vs. POSIX", ("windows", "vs", "posix")),
    ],
)
def test_what_a_heading_names(heading, subject):
    assert heading_subject(heading) == subject


DOC = """# Commands

## `tool version`

<!-- YAML
added: v1.0.0
-->

* `verbose` {boolean} Also say where the version was set
* Returns: {string}

Displays the currently active version, with where it was set.

```sh
$ tool version
```

More about the version in a second paragraph.

## `tool versions`

Lists all versions known to the tool.
"""


def test_the_lead_is_the_first_prose_after_the_heading():
    doc = make_document("commands.md", DOC)
    starts = [s.start for s in doc.spans]
    texts = [doc.text[s.start : s.end] for s in doc.spans]
    # The parameter list is body text (it says what each parameter is) but not the lead.
    assert "* `verbose` {boolean} Also say where the version was set" in texts
    leads = section_leads(("tool", "version"), doc, starts)
    assert [t for t, lead in zip(texts, leads, strict=True) if lead] == [
        "Displays the currently active version, with where it was set."
    ]
    # "tool version" is not "tool versions": the heading must name exactly what was asked.
    leads = section_leads(("tool", "versions"), doc, starts)
    assert [t for t, lead in zip(texts, leads, strict=True) if lead] == ["Lists all versions known to the tool."]
    assert not any(section_leads(("tool",), doc, starts))
    prose = make_document("notes.txt", "Tool version. Displays the currently active version of the tool.\n")
    assert not any(section_leads(("tool", "version"), prose, [s.start for s in prose.spans]))  # no headings


def test_the_engine_ranks_and_quotes_the_section_lead(encoder, tmp_path):
    from qa.engine import Engine

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "commands.md").write_text(DOC + "\nRun `tool version` after each install to see the version in use.\n")
    engine = Engine.open(docs, tmp_path / "index", encoder=encoder)
    answer = engine.ask("What does tool version do?")
    assert answer.answered
    assert answer.quotes[0].text == "Displays the currently active version, with where it was set."
    lead = answer.hits[answer.quotes[0].citation - 1]
    assert lead.rank == 1 and lead.lifted and lead.passage.start <= answer.quotes[0].start
    # Its citation names the section, as a reader of the documentation would look it up.
    assert lead.section == "`tool version`"
    # ¶1 is the parameter list; the passage runs on to ¶4, and the quote is the section's ¶2.
    assert hit_citation(lead) == "Commands — § tool version, ¶2–4"
    assert quote_marker(answer, answer.quotes[0]) == f"[{lead.rank}, ¶2]"
    # Without the rules the quote is chosen as for any question; nothing is lifted.
    s = engine.settings
    engine.settings = replace(
        s, answer=replace(s.answer, section_leads=False), search=replace(s.search, lift_answers=False)
    )
    assert not any(h.lifted for h in engine.ask("What does tool version do?").hits)


def test_a_citation_names_the_section_unless_it_repeats_the_title():
    meta = DocumentMeta(title="pyenv", publisher="pyenv project")
    assert format_citation(meta, 4, "`pyenv global`") == "pyenv — pyenv project, § pyenv global, ¶4"
    assert format_citation(meta, 4, "[Installation](https://example.org/install)") == (
        "pyenv — pyenv project, § Installation, ¶4"
    )
    assert format_citation(meta, 1, "pyenv") == "pyenv — pyenv project, ¶1"  # the H1 the title came from
    assert format_citation(meta, 1) == "pyenv — pyenv project, ¶1"
    # A passage that runs on into later paragraphs names them all; a last paragraph that is the
    # first (or unknown, 0) names one.
    assert format_citation(meta, 4, "", 6) == "pyenv — pyenv project, ¶4–6"
    assert format_citation(meta, 4, "", 4) == format_citation(meta, 4, "", 0) == "pyenv — pyenv project, ¶4"

    # Dates read alike whichever way the catalog or front matter writes them.
    dated = DocumentMeta(title="Ties", authors=("Adam Morrow",), date="2023-09-26")
    assert format_citation(dated, 2) == "Ties — Adam Morrow, 26 September 2023, ¶2"
    assert format_citation(replace(dated, date="2023-10"), 2) == "Ties — Adam Morrow, October 2023, ¶2"
    assert format_citation(replace(dated, date="October 2023"), 2) == "Ties — Adam Morrow, October 2023, ¶2"


def test_the_section_of_one_position_is_the_heading_it_lies_under():
    from qa.documents import section_heading, section_headings

    text = DOC + "\n```sh\n# not a heading: a comment in a code block\n```\n\nClosing words of the section.\n"
    doc = make_document("commands.md", text)
    for pos in [0, *range(0, len(text), 7)]:
        assert section_heading(doc, pos) == section_headings(doc, [pos])[0]
    assert section_heading(doc, text.index("Closing words")) == "`tool versions`"
    assert section_heading(doc, text.index("Displays the currently")) == "`tool version`"
    assert section_heading(make_document("notes.md", "Plain words, no heading at all.\n"), 5) == ""


FAQ = """# Frequently asked questions

## How do I reset my password?

Open the login page and choose "Forgot password". We send a reset link to the address on your
account; it expires after 24 hours.

## Can I change my username?

No. Usernames are permanent once the account is created, because other users link to them.

## Where is my data stored?

All data is stored in our Frankfurt data centre and backed up nightly to a second site.
"""

README = """<p align="center"><img src="https://example.org/logo.png" alt="Tool"></p>

What is libtool?
================

Compilers generate code that follows certain conventions, and some programs do not know at
compile time what arguments a function takes.

The libtool library provides a portable, high level programming interface to such calling
conventions.

Supported Platforms
-------------------

It has been ported to many different platforms.

### Building
----

Run make after configuring it.

A long paragraph of prose that goes on well past any heading's length, written above a line of
dashes that a plain-text file uses as a horizontal rule between two parts of its text.
---

The end.
"""


def test_setext_headings_and_question_headings_are_headings_not_sentences():
    from qa.documents import headings

    faq = make_document("faq.md", FAQ)
    assert [h[2] for h in headings(faq)] == [
        "Frequently asked questions",
        "How do I reset my password?",  # a question, but a heading: no sentence to quote
        "Can I change my username?",
        "Where is my data stored?",
    ]
    assert not any("?" in faq.text[s.start : s.end] for s in faq.spans)
    readme = make_document("README.md", README)
    # "---" right under an ATX heading is a rule, not an underline; a long paragraph above one
    # stays text.
    assert [h[2] for h in headings(readme)] == ["What is libtool?", "Supported Platforms", "Building"]
    texts = [readme.text[s.start : s.end] for s in readme.spans]
    assert texts[0].startswith("Compilers generate code") and any(t.startswith("A long paragraph") for t in texts)
    # A line of HTML tags alone (a logo) shows no words: furniture, and no title.
    assert not any("<img" in t for t in texts)
    assert readme.meta.title == "What is libtool?"
    # Plain text reads setext headings too, and "=====" ends even a long title line.
    long_title = (
        "A plain-text manual whose title line runs past forty characters\n"
        + "=" * 64
        + "\n\nIt says what it is about.\n"
    )
    manual = make_document("manual.txt", long_title)
    assert [h[2] for h in headings(manual)] == ["A plain-text manual whose title line runs past forty characters"]
    assert [manual.text[s.start : s.end] for s in manual.spans] == ["It says what it is about."]
    # A Windows line end is a line end.
    windows = make_document("g.txt", "Getting started\r\n===============\r\n\r\nThe client talks to the server.\r\n")
    assert [h[2] for h in headings(windows)] == ["Getting started"]


def test_a_heading_asks_a_question_when_its_words_do_less_the_asking_ones():
    from qa.sections import asked_words, asking_sections, in_asking_sections

    assert asked_words("How do I reset my password?") == asked_words("how can i reset my passwords")
    assert asked_words("What is it?") == frozenset()
    faq = make_document("faq.md", FAQ)
    (section,) = asking_sections(asked_words("how can i reset my password"), faq)
    assert faq.text[section[0] : section[1]].strip().startswith("Open the login page")
    assert faq.text[section[0] : section[1]].strip().endswith("24 hours.")
    starts = [s.start for s in faq.spans]
    assert in_asking_sections("where is my data kept", faq, starts) == [False] * len(starts)  # other words
    assert in_asking_sections("Where is my data stored?", faq, starts) == [False, False, True]
    readme = make_document("README.md", README)
    assert asking_sections(asked_words("What is libtool?"), readme) == asking_sections(asked_words("libtool"), readme)
    assert asking_sections(asked_words("What are the supported platforms?"), readme) == []  # no question heading


def test_the_engine_answers_a_question_a_heading_asks_from_its_section(encoder, tmp_path):
    from qa.engine import Engine

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "faq.md").write_text(FAQ)
    (docs / "README.md").write_text(README)
    engine = Engine.open(docs, tmp_path / "index", encoder=encoder)
    for question, words in [
        ("How do I reset my password?", "Open the login page"),
        ("how can i reset my password", "Open the login page"),
        ("Can I change my username?", "Usernames are permanent"),
        ("What is libtool?", "The libtool library provides a portable"),
    ]:
        answer = engine.ask(question)
        assert answer.answered and words in answer.quotes[0].text, (question, answer.quotes)
        assert "?" not in answer.quotes[0].text  # never the heading itself
        first = answer.hits[0]
        assert first.section.rstrip("?") and question.lower().split()[-1].rstrip("?") in first.section.lower()
