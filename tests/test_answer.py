"""Choosing the quote among scored sentences (the scoring itself is tested on the real engine)."""

from __future__ import annotations

import numpy as np

from qa.answer import AnswerSettings, Candidate, choose_quote
from qa.documents import make_document
from qa.passages import make_passages, passage_sentences
from qa.retrieval import Hit


def _candidates(text: str) -> tuple[list[Candidate], dict]:
    doc = make_document("d.md", text)
    (passage,) = make_passages(doc)
    hit = Hit(passage, doc.meta, 1, 0.0, 0.0, 0.0, (0,), (passage.id,))
    spans = passage_sentences(doc, passage.start, passage.end)
    return [Candidate(hit, s.start, s.end, i) for i, s in enumerate(spans)], {doc.doc_id: doc}


def test_neighbours_that_score_nearly_as_well_join_the_quote():
    text = "The river is long. It floods every spring. Farmers plant after the flood. Prices rise in May."
    candidates, docs = _candidates(text)
    quote, best = choose_quote(candidates, np.array([0.0, 5.0, 4.5, 0.0]), docs, AnswerSettings())
    assert best == 1 and quote.text == "It floods every spring. Farmers plant after the flood."
    assert text[quote.start : quote.end] == quote.text


def test_a_joined_sentence_that_introduces_what_follows_is_left_out():
    text = "The river is long. It floods every spring. Then do the following steps, in this order:"
    candidates, docs = _candidates(text)
    quote, best = choose_quote(candidates, np.array([0.0, 5.0, 4.5]), docs, AnswerSettings())
    assert best == 1 and quote.text == "It floods every spring."
    # ... but the best sentence itself is quoted whatever it ends with.
    quote, best = choose_quote(candidates, np.array([0.0, 1.0, 5.0]), docs, AnswerSettings())
    assert quote.text.endswith("in this order:")
