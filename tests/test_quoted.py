"""Questions quoting words, and the texts that hold them (``qa.quoted``), with the real BM25 tokenizer."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qa.bm25 import Bm25Index, Bm25Settings
from qa.quoted import holding, in_quotes, quoted_phrases, verbatim_claims

TERMS = Bm25Index.build(["Any text will do: the tokenizer is what is used."], Bm25Settings()).stemmed_words


@pytest.mark.parametrize(
    ("question", "phrases"),
    [
        ('Who said "Americans bring trouble wherever they go"?', ("Americans bring trouble wherever they go",)),
        (
            "Who called the CSTO “Collective Insecurity Treaty Organization”?",
            ("Collective Insecurity Treaty Organization",),
        ),
        ("Who said 'we are not Russia's ally'?", ("we are not Russia's ally",)),  # an apostrophe inside
        ("Who said ‘we are not Russia’s ally’?", ("we are not Russia’s ally",)),
        ("Is Armenia's 'pivot' to the West real?", ("pivot",)),
        ('"cause for disgust"', ("cause for disgust",)),
        ('Did «Le Monde» and "Le Monde" agree?', ("Le Monde",)),  # each once
        ("What is Russia's role in Armenia's security?", ()),  # apostrophes open nothing
        ('He said "" twice', ()),
    ],
)
def test_quoted_words_are_read(question, phrases):
    assert quoted_phrases(question) == phrases


def test_a_text_holds_the_quoted_terms_in_order_whatever_their_form():
    texts = [
        "Lavrov said that “Americans bring trouble wherever they go”.",
        "Americans bring no trouble wherever they go.",
        "Trouble: Americans bring it wherever they go.",
    ]
    assert holding(("Americans bring trouble wherever they go",), texts, TERMS) == [True, False, False]
    # Stemmed, case and punctuation aside: the definition holds the plural.
    assert holding(("Secondary Licenses",), ['"Secondary License" means either the GNU GPL'], TERMS) == [True]
    # Every phrase quoted must be held.
    assert holding(("strange", "trouble"), ["strange trouble", "strange"], TERMS) == [True, False]
    # Every word counts, negations included (BM25 leaves "not" out).
    assert holding(("we are not Russia's ally",), ["“We are Russia’s ally”", "we are not Russia’s ally"], TERMS) == [
        False,
        True,
    ]


def test_a_term_is_in_quotes_when_a_text_quotes_exactly_it():
    texts = [
        "Its policy has been defined by a pursuit of “complementarity”—a struggle for balance.",
        "Complementarity served it well.",  # written, not quoted
        "It sought “complementarity and balance” for years.",  # quoted with more
        "He said: “complementarity is dead, and Armenia must choose a side now, not later.”",
        "The drills were named 'Complementarities'.",  # stems alike, as BM25 reads them
    ]
    assert in_quotes("complementarity", texts, TERMS) == [True, False, False, False, True]
    assert in_quotes("eagle partner", ["The drill was named “Eagle Partner”."], TERMS) == [True]
    assert in_quotes("", ["He said “”."], TERMS) == [False]  # no words, no term


def test_only_long_quotations_are_verbatim_claims():
    phrases = ("we will never leave Karabakh", "pivot", "CSTO dead")
    assert verbatim_claims(phrases, TERMS) == ("we will never leave Karabakh",)


_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=8)


@settings(max_examples=50)
@given(st.lists(_word, min_size=1, max_size=5), st.lists(_word, max_size=5), st.lists(_word, max_size=5))
def test_a_quotation_is_held_by_the_text_it_was_taken_from(quoted, before, after):
    phrase = " ".join(quoted)
    text = " ".join([*before, phrase.capitalize(), *after]) + "."
    assert quoted_phrases(f'Who wrote "{phrase}"?') == (phrase,)
    assert holding((phrase,), [text], TERMS) == [True]
