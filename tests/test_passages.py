"""The core promise, property-tested: every sentence and passage is an exact span of the text."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.documents import CONTROL_RE, load_corpus, make_document
from qa.front_matter import read_front_matter
from qa.passages import ChunkSettings, document_sentences, make_passages, passage_sentences, split_sentences

from .conftest import CORPUS


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text, 0, len(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Pashinyan said so. Then he left.", ["Mr. Pashinyan said so.", "Then he left."]),
        (
            "The U.S. Agency for International Development said it. It ended.",
            ["The U.S. Agency for International Development said it.", "It ended."],
        ),
        ("Growth was 3.5 percent. It fell to 2.1 later.", ["Growth was 3.5 percent.", "It fell to 2.1 later."]),
        (
            "Its allies, i.e. Russia and the CSTO, were silent. Then came the ban.",
            ["Its allies, i.e. Russia and the CSTO, were silent.", "Then came the ban."],
        ),
        (
            "On Sept. 19, Azerbaijan attacked. Nov. 23 came later.",
            ["On Sept. 19, Azerbaijan attacked.", "Nov. 23 came later."],
        ),
        (
            "He returned after the meeting.1 According to him, it failed.",
            ["He returned after the meeting.1", "According to him, it failed."],
        ),
        ("Lavrov said “trouble wherever they go.”6", ["Lavrov said “trouble wherever they go.”6"]),
        (
            "It was in search of security.A forum was then held.",
            ["It was in search of security.", "A forum was then held."],
        ),
        ("He said “stop.” Then he left.", ["He said “stop.”", "Then he left."]),
        (
            "“If there is no protection [by them] ... Armenians will leave,” he said.",
            ["“If there is no protection [by them] ... Armenians will leave,” he said."],
        ),
        ("1. Armenia dispatched aid. Hakobyan attended.", ["1. Armenia dispatched aid.", "Hakobyan attended."]),
        ("Vladimir V. Putin spoke. Was it true? Yes!", ["Vladimir V. Putin spoke.", "Was it true?", "Yes!"]),
        (
            "Within the scope of NATO protocols. 4  In the week of the drill, he spoke.",
            ["Within the scope of NATO protocols. 4", "In the week of the drill, he spoke."],
        ),
        ("the meeting. it is yet to be seen.", ["the meeting.", "it is yet to be seen."]),
    ],
)
def test_sentence_boundaries(text, expected):
    assert sentences(text) == expected


# --------------------------------------------------------------------------- properties

WORDS = [
    "Russia",
    "Armenia",
    "the",
    "U.S.",
    "Mr.",
    "Sept.",
    "3.5",
    "i.e.",
    "“quoted”",
    "‘x’",
    "(CSTO)",
    "Café",
    "naïve",
    "数据",
    "🙂",
    "e.g.",
    "1.",
    "2)",
    "etc.",
    "A.",
    "--",
    "—",
    "[bold]",
    "[/]",
    "[link=x]",
]
PUNCT = [".", "!", "?", "…", "...", ".”", "?”", ".1", ".”6", ". 4", ",", ";", ":", ""]
BREAKS = [" ", " ", " ", "\n", "\n\n", "\n\n\n\n", "\t", "  ", "\r\n"]
# Markdown blocks read as one unit: fences (closed or not, mismatched) and table rows.
BLOCKS = [
    *("\n```\n", "\n```sh\n", "\n~~~~\n", "\n   ```\n", "\n| a | b |\n", "\n|---|---|\n", "\n| x.\n"),
    *("\n\n    $ run 3.10.4\n", "\n\t indented.\n", "\n\n- item\n\n    more\n"),  # indented code (.md only)
]
CONTROLS = [
    "\x1b[31m",
    "\x1b]52;c;SGVsbG8=\x07",
    "\x1b[2J",
    "\u202e",
    "\x07",
    "\x00",
    "\x9b0m",
    "\ufeff",
    "\x1bP1;2|x\x1b\\",
]

token = st.one_of(
    st.sampled_from(WORDS),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=8),
    st.sampled_from(PUNCT),
    st.sampled_from(BREAKS),
    st.sampled_from(CONTROLS),
    st.sampled_from(BLOCKS),
)
documents = st.lists(token, min_size=0, max_size=200).map("".join)
chunking = st.builds(
    ChunkSettings,
    max_words=st.integers(1, 150),
    overlap_sentences=st.integers(0, 3),
    max_sentence_chars=st.integers(20, 400),
)


def check_invariants(doc, chunk: ChunkSettings) -> None:
    text = doc.text
    previous_end = 0
    for span in doc.spans:
        assert 0 <= previous_end <= span.start < span.end <= len(text)
        piece = text[span.start : span.end]
        assert piece == piece.strip() and CONTROL_RE.search(piece) is None
        previous_end = span.end
    sents = document_sentences(doc, chunk)
    prev = 0
    for s in sents:
        assert prev <= s.start < s.end
        piece = text[s.start : s.end]
        assert piece == piece.strip() and CONTROL_RE.search(piece) is None
        assert any(sp.start <= s.start and s.end <= sp.end for sp in doc.spans)
        prev = s.end
    passages = make_passages(doc, chunk)
    assert len({p.id for p in passages}) == len(passages)
    starts = {s.start for s in sents}
    ends = {s.end for s in sents}
    covered = set()
    for p in passages:
        assert p.text == text[p.start : p.end]  # the core promise
        assert p.start in starts and p.end in ends
        # The citation's "¶first–last" names the paragraphs the passage starts and ends in.
        assert p.paragraphs == (doc.paragraph_at(p.start), doc.paragraph_at(p.end - 1))
        assert p.paragraph >= 1
        inner = passage_sentences(doc, p.start, p.end, chunk)
        assert inner == [s for s in sents if p.start <= s.start and s.end <= p.end]
        for a, b in pairwise(inner):
            gap = text[a.end : b.start]
            assert gap == "" or gap.isspace()  # nothing but whitespace between its sentences
        assert CONTROL_RE.search(p.text) is None
        covered.update((s.start, s.end) for s in inner)
    assert covered == {(s.start, s.end) for s in sents}  # every sentence is in some passage
    for a, b in pairwise(passages):  # each window adds a sentence: none lies inside the one before
        assert not (a.start <= b.start and b.end <= a.end), (a.id, b.id)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=documents, chunk=chunking)
def test_offsets_are_exact_on_generated_documents(text, chunk):
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for doc in (make_document("gen.txt", text), make_document("gen.md", text)):  # Markdown reads indented code too
        check_invariants(doc, chunk)
        for pos in range(-1, len(text) + 2):  # the bisection finds what a scan of the spans would
            assert doc.paragraph_at(pos) == next((s.paragraph for s in doc.spans if s.start <= pos < s.end), 0)


front_matter = st.builds(
    lambda fence, lines, close: f"{fence}\n" + "\n".join(lines) + f"\n{close}\n",
    st.sampled_from(["---", "+++"]),
    st.lists(st.builds("{}: {}".format, st.sampled_from(["title", "author", "date", "x"]), documents), max_size=5),
    st.sampled_from(["---", "+++", "..."]),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(head=front_matter, body=documents, chunk=chunking)
def test_offsets_are_exact_after_front_matter(head, body, chunk):
    text = (head + body).replace("\r\n", "\n").replace("\r", "\n")
    doc = make_document("gen.md", text)
    check_invariants(doc, chunk)
    front = read_front_matter(text)
    if front is not None:  # the block is metadata: no passage reaches into it
        assert all(span.start >= front.end for span in doc.spans)
        assert CONTROL_RE.search(doc.meta.title) is None


@settings(max_examples=60, deadline=None)
@given(chunk=chunking)
def test_offsets_are_exact_on_the_shipped_corpus(chunk):
    for doc in load_corpus(CORPUS).documents:
        check_invariants(doc, chunk)


def test_default_passages_of_the_corpus():
    corpus = load_corpus(CORPUS)
    for doc in corpus.documents:
        passages = make_passages(doc)
        assert passages, doc.doc_id
        for p in passages:
            assert p.paragraph >= 1
            assert p.id == f"{doc.doc_id}:{p.start}-{p.end}"
            assert len(p.text.split()) <= ChunkSettings().max_words or len(passage_sentences(doc, p.start, p.end)) == 1
