"""Choosing the quote among scored sentences (the scoring itself is tested on the real engine)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa.answer import AnswerSettings, Candidate, choose_quote, closest_sentences, lead_in_readings, prose_leads
from qa.documents import make_document
from qa.passages import make_passages, passage_sentences
from qa.retrieval import Hit


def _candidates(text: str, doc_id: str = "d.md") -> tuple[list[Candidate], dict]:
    doc = make_document(doc_id, text)
    (passage,) = make_passages(doc)
    hit = Hit(passage, doc.meta, 1, 0.0, 0.0, 0.0, (0,), (passage.id,))
    spans = passage_sentences(doc, passage.start, passage.end)
    return [Candidate(hit, s.start, s.end, i) for i, s in enumerate(spans)], {doc.doc_id: doc}


def test_neighbours_that_score_nearly_as_well_join_the_quote():
    text = "The river is long. Floods come every spring. Farmers plant after the flood. Prices rise in May."
    candidates, docs = _candidates(text)
    quote, best = choose_quote(candidates, np.array([0.0, 5.0, 4.5, 0.0]), docs, AnswerSettings())
    assert best == 1 and quote.text == "Floods come every spring. Farmers plant after the flood."
    assert text[quote.start : quote.end] == quote.text


def test_a_joined_sentence_that_introduces_what_follows_is_left_out():
    text = "The river is long. Floods come every spring. Then do the following steps, in this order:"
    candidates, docs = _candidates(text)
    quote, best = choose_quote(candidates, np.array([0.0, 5.0, 4.5]), docs, AnswerSettings())
    assert best == 1 and quote.text == "Floods come every spring."
    # ... but the best sentence itself is quoted whatever it ends with.
    quote, best = choose_quote(candidates, np.array([0.0, 1.0, 5.0]), docs, AnswerSettings())
    assert quote.text.endswith("in this order:")


def test_a_code_block_is_quoted_with_the_sentence_that_says_what_it_is():
    text = (
        "This note introduces the tool and its commands.\n\n"
        "Sets the global version for all shells.\n\n```sh\ntool global 3.10\n```\n"
    )
    candidates, docs = _candidates(text)
    assert [text[c.start : c.end] for c in candidates][-1] == "```sh\ntool global 3.10\n```"
    quote, best = choose_quote(candidates, np.array([0.0, 1.0, 5.0]), docs, AnswerSettings())
    assert best == 2 and quote.text == "Sets the global version for all shells.\n\n```sh\ntool global 3.10\n```"
    # Prose is quoted as before: a best sentence alone stays alone.
    quote, _ = choose_quote(candidates, np.array([0.0, 5.0, 1.0]), docs, AnswerSettings())
    assert quote.text == "Sets the global version for all shells."


def test_a_block_after_a_block_is_quoted_alone():
    text = "A sentence that opens the note, long enough.\n\n```\nrun it\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    candidates, docs = _candidates(text)
    quote, best = choose_quote(candidates, np.array([0.0, 1.0, 5.0]), docs, AnswerSettings())
    assert best == 2 and quote.text == "| a | b |\n|---|---|\n| 1 | 2 |"


def test_a_quote_stops_before_the_footnote_number_that_ends_its_sentence():
    text = "The river is long. Floods come every spring.4 Farmers plant after the “flood.”12 Prices rise in 2023."
    candidates, docs = _candidates(text)
    assert [text[c.start : c.end] for c in candidates][1] == "Floods come every spring.4"  # the sentence keeps it
    quote, _ = choose_quote(candidates, np.array([0.0, 5.0, 0.0, 0.0]), docs, AnswerSettings())
    assert quote.text == "Floods come every spring." and text[quote.start : quote.end] == quote.text
    quote, _ = choose_quote(candidates, np.array([0.0, 0.0, 5.0, 0.0]), docs, AnswerSettings())
    assert quote.text == "Farmers plant after the “flood.”"
    quote, _ = choose_quote(candidates, np.array([0.0, 0.0, 0.0, 5.0]), docs, AnswerSettings())
    assert quote.text == "Prices rise in 2023."  # a number inside the sentence is no footnote
    candidates, docs = _candidates("It needs a new shell. Install Python 3.10")
    quote, _ = choose_quote(candidates, np.array([0.0, 5.0]), docs, AnswerSettings())
    assert quote.text == "Install Python 3.10"  # nor is a version


def test_a_quote_that_announces_a_code_block_takes_it():
    text = "Upgrading is easy.\n\nIf you installed it with Homebrew, upgrade using:\n\n```\nbrew upgrade pyenv\n```\n"
    candidates, docs = _candidates(text)
    assert len(candidates) == 2  # the short first line is a heading
    quote, best = choose_quote(candidates, np.array([5.0, 0.0]), docs, AnswerSettings())
    assert best == 0 and quote.text.endswith("```\nbrew upgrade pyenv\n```")
    assert quote.text.startswith("If you installed it") and text[quote.start : quote.end] == quote.text


def test_a_quote_that_announces_a_list_takes_its_first_item():
    text = (
        "Shims decide at run time.\n\nThe version is read from these sources, in this order:\n\n"
        "1. The `TOOL_VERSION` environment variable.\n\n2. The local version file.\n\nThat is all there is to it.\n"
    )
    candidates, docs = _candidates(text)
    quote, best = choose_quote(candidates, np.array([0.0, 5.0, 0.0, 0.0, 0.0]), docs, AnswerSettings())
    assert best == 1 and quote.text.endswith("1. The `TOOL_VERSION` environment variable.")
    assert text[quote.start : quote.end] == quote.text


def test_a_sentence_that_refers_back_to_the_quote_continues_it():
    text = (
        "Azerbaijan launched an attack on September 19. It demanded that the separatists disarm. "
        "Talks began later.\n\nThey ended in October, after three rounds of talks in Brussels and Granada.\n"
    )
    candidates, docs = _candidates(text, "d.txt")
    assert len(candidates) == 4
    scores = np.array([5.0, 0.0, 0.0, 0.0])
    quote, _ = choose_quote(candidates, scores, docs, AnswerSettings())
    assert quote.text == "Azerbaijan launched an attack on September 19. It demanded that the separatists disarm."
    quote, _ = choose_quote(candidates, scores, docs, AnswerSettings(continuations=False))
    assert quote.text == "Azerbaijan launched an attack on September 19."
    # Not across a paragraph break ("They ended …" opens the next one), and not when the next
    # sentence opens on a word of its own.
    quote, _ = choose_quote(candidates, np.array([0.0, 0.0, 5.0, 0.0]), docs, AnswerSettings())
    assert quote.text == "Talks began later."
    # A quote opening with "It …" takes the sentence that says what "it" is.
    quote, _ = choose_quote(candidates, np.array([0.0, 5.0, 0.0, 0.0]), docs, AnswerSettings())
    assert quote.text == "Azerbaijan launched an attack on September 19. It demanded that the separatists disarm."
    quote, _ = choose_quote(candidates, np.array([0.0, 5.0, 0.0, 0.0]), docs, AnswerSettings(continuations=False))
    assert quote.text == "It demanded that the separatists disarm."


@pytest.mark.parametrize("opener", ["In addition,", "Moreover,", "Furthermore,", "Also,", "In another move,"])
def test_a_sentence_that_adds_to_the_quote_continues_it(opener):
    """CC0's fallback: "… the Waiver shall be preserved to the maximum extent permitted. In
    addition, … Affirmer hereby grants … a royalty-free … license": the grant is the answer."""
    text = f"The waiver is preserved where it can be. {opener} the owner grants a licence. Fees differ.\n"
    candidates, docs = _candidates(text, "d.txt")
    quote, _ = choose_quote(candidates, np.array([5.0, 0.0, 0.0]), docs, AnswerSettings())
    assert quote.text == f"The waiver is preserved where it can be. {opener} the owner grants a licence."


@pytest.mark.parametrize("opener", ["However,", "But", "Nevertheless,", "Meanwhile,"])
def test_a_sentence_that_turns_against_the_quote_does_not_continue_it(opener):
    """A contrast opens a point of its own (and taking it in cost a question of the third blind
    set its first passage: docs/retrieval-and-answers.md, Continued hits)."""
    text = f"The waiver is preserved where it can be. {opener} the owner grants a licence. Fees differ.\n"
    candidates, docs = _candidates(text, "d.txt")
    quote, _ = choose_quote(candidates, np.array([5.0, 0.0, 0.0]), docs, AnswerSettings())
    assert quote.text == "The waiver is preserved where it can be."


def test_a_line_holding_only_a_web_address_is_never_the_quote():
    text = "You may obtain a copy of the License at the address below.\n\nhttp://www.apache.org/licenses/LICENSE-2.0\n"
    candidates, docs = _candidates(text, "d.txt")
    assert len(candidates) == 2
    quote, best = choose_quote(candidates, np.array([1.0, 5.0]), docs, AnswerSettings())
    assert best == 0 and quote.text.startswith("You may obtain a copy")
    assert choose_quote(candidates[1:], np.array([5.0]), docs, AnswerSettings()) is None  # nothing else to quote


def test_a_line_holding_only_a_web_address_is_no_place_to_start_reading():
    """A declined answer's pointer into a passage (``closest_sentences``) skips a bare web
    address too: the Apache licence's "http://www.apache.org/licenses/LICENSE-2.0" had been the
    closest "sentence" of its boilerplate passage for a question on commercial use."""
    text = "You may obtain a copy of the License at the address below.\n\nhttp://www.apache.org/licenses/LICENSE-2.0\n"
    candidates, docs = _candidates(text, "d.txt")
    (pointer,) = closest_sentences(candidates, np.array([1.0, 5.0]), docs)
    assert pointer.text.startswith("You may obtain a copy")
    (pointer,) = closest_sentences(candidates[1:], np.array([5.0]), docs)  # nothing else in the passage
    assert pointer.text == "http://www.apache.org/licenses/LICENSE-2.0"


def test_a_sentence_read_with_its_lead_in_is_quoted_with_it():
    text = "Azerbaijan attacked on September 19. Fighting stopped within a day. Talks began later."
    candidates, docs = _candidates(text)
    scores = np.array([0.0, 5.0, 0.0])
    quote, best = choose_quote(candidates, scores, docs, AnswerSettings())
    assert best == 1 and quote.text == "Fighting stopped within a day."
    read = [replace(c, lead_in=i == 1) for i, c in enumerate(candidates)]
    quote, best = choose_quote(read, scores, docs, AnswerSettings())
    assert best == 1 and quote.text == "Azerbaijan attacked on September 19. Fighting stopped within a day."
    assert text[quote.start : quote.end] == quote.text


def test_a_sentence_is_read_with_its_lead_in_when_the_pair_reads_closer_by_the_margin():
    candidates, _ = _candidates("Alpha came first here. Beta followed it soon. Gamma ended the story.")
    similarity, about = np.array([0.6, 0.2, 0.55]), np.array([0.3, 0.1, 0.2])
    adjacent = np.array([0.0, 0.2, 0.1])  # vector i-1 · vector i
    read = lead_in_readings(candidates, similarity, about, adjacent, margin=0.05)
    pair = 0.8 / np.sqrt(2.4)  # (0.6 + 0.2) / |v0 + v1|
    assert [c.lead_in for c in read.candidates] == [False, True, False]
    assert read.similarity == pytest.approx([0.6, pair, 0.55])
    assert read.about == pytest.approx([0.3, 0.4 / np.sqrt(2.4), 0.2])
    assert read.ranking == pytest.approx([0.6, pair - 0.05, 0.55]), "ranked at the pair's cosine less the margin"
    assert similarity.tolist() == [0.6, 0.2, 0.55], "the own readings are left as they were"
    # Not when the pair reads closer by less than the margin ...
    read = lead_in_readings(candidates, similarity, about, adjacent, margin=pair - 0.2 + 0.01)
    assert not any(c.lead_in for c in read.candidates) and read.similarity.tolist() == similarity.tolist()
    # ... nor after a sentence that may not lead in ...
    read = lead_in_readings(candidates, similarity, about, adjacent, 0.05, leads=np.array([False, True, True]))
    assert not any(c.lead_in for c in read.candidates)
    # ... nor across passages: a passage's first sentence has no lead-in.
    other, _ = _candidates("Delta opened another text. Epsilon closed it.", "e.md")
    read = lead_in_readings(candidates[:1] + other, np.array([0.9, 0.1, 0.9]), None, np.zeros(3), 0.0)
    assert not any(c.lead_in for c in read.candidates) and read.about is None


def _all_candidates(doc_id: str, text: str) -> tuple[list[Candidate], dict]:
    """Every sentence of every passage of one document, as the answer step lists them."""
    doc = make_document(doc_id, text)
    out = []
    for passage in make_passages(doc):
        hit = Hit(passage, doc.meta, 1, 0.0, 0.0, 0.0, (0,), (passage.id,))
        spans = passage_sentences(doc, passage.start, passage.end)
        out += [Candidate(hit, s.start, s.end, i) for i, s in enumerate(spans)]
    return out, {doc.doc_id: doc}


def test_only_prose_leads_in():
    title = "Caveolin-1 deletion exacerbates cardiac fibrosis after myocardial infarction."
    body = "Adverse remodeling following myocardial infarction leads to heart failure. It is driven by inflammation."
    candidates, docs = _all_candidates("t.txt", f"{title}\n\n{body}\n")
    assert docs["t.txt"].meta.title == title
    shown = [docs["t.txt"].text[c.start : c.end] for c in candidates]
    assert prose_leads(candidates, docs).tolist() == [False, True, True], shown  # not the title
    notice = (
        'Licensed under the Apache License, Version 2.0 (the "License");\n'
        "you may not use this file except in compliance with the License.\n"
        "You may obtain a copy of the License at\n\n"
        "    http://www.apache.org/licenses/LICENSE-2.0\n\n"
        "Unless required by applicable law or agreed to in writing, software\n"
        'distributed under the License is distributed on an "AS IS" BASIS.\n'
    )
    candidates, docs = _all_candidates("apache.txt", f"Apache License\n\n{notice}")
    shown = [docs["apache.txt"].text[c.start : c.end] for c in candidates]
    leads = dict(zip(shown, prose_leads(candidates, docs).tolist(), strict=True))
    assert leads["http://www.apache.org/licenses/LICENSE-2.0"] is False, "a line holding only a web address"
    assert leads["You may obtain a copy of the License at"] is True
    guide = (
        "# Paths\n\nThe `path.extname()` method returns the extension of the path, from the last period.\n\n"
        "```js\npath.extname('index.html');\n// Returns: '.html'\n```\n\n"
        "Although Windows usually treats file names as case-insensitive, this method does not.\n"
    )
    candidates, docs = _all_candidates("path.md", guide)
    shown = [docs["path.md"].text[c.start : c.end] for c in candidates]
    leads = dict(zip(shown, prose_leads(candidates, docs).tolist(), strict=True))
    assert [leads[t] for t in shown if t.startswith("```")] == [False], "a code block lends no subject"
    assert leads["The `path.extname()` method returns the extension of the path, from the last period."] is True


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), margin=st.floats(0.0, 0.2))
def test_the_pair_reading_is_the_cosine_of_the_two_sentences_read_together(seed, margin):
    """The pair's cosine, computed from the two sentences' cosines and their dot product, is the
    cosine of the question with their normalised sum; it counts only when it beats the sentence's
    own by the margin, and then ranks at it less the margin, never below the sentence's own."""
    rng = np.random.default_rng(seed)
    candidates, _ = _candidates("Alpha came first here. Beta followed it soon. Gamma ended the story.")
    vectors = rng.normal(size=(3, 8))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    question, subject = (v / np.linalg.norm(v) for v in rng.normal(size=(2, 8)))
    adjacent = np.concatenate([[0.0], np.einsum("ij,ij->i", vectors[1:], vectors[:-1])])
    read = lead_in_readings(candidates, vectors @ question, vectors @ subject, adjacent, margin)
    for i in (1, 2):
        pair = vectors[i - 1] + vectors[i]
        pair /= np.linalg.norm(pair)
        own = vectors[i] @ question
        counts = pair @ question > own + margin
        assert read.candidates[i].lead_in == counts
        assert read.similarity[i] == pytest.approx(pair @ question if counts else own, abs=1e-9)
        assert read.about[i] == pytest.approx(pair @ subject if counts else vectors[i] @ subject, abs=1e-9)
        assert read.ranking[i] == pytest.approx(max(own, pair @ question - margin), abs=1e-9)
