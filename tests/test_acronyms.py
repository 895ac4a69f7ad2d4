"""Acronym questions ("What is the EAEU?") and sentences that spell an acronym out (``qa.acronyms``)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qa.acronyms import asked_acronym, spelled_out


@pytest.mark.parametrize(
    ("question", "acronym"),
    [
        ("What is the CSTO?", "CSTO"),
        ("What's the EAEU?", "EAEU"),
        ("What does CIS stand for?", "CIS"),
        ("what does the ICC mean", "ICC"),
        ("What is USAID?", "USAID"),
        ("What is the full name of the ICC?", "ICC"),
        ("What is NATO short for?", "NATO"),
        ("What are NGOs?", "NGO"),
        ("WHAT IS THE CSTO?", "CSTO"),
    ],
)
def test_acronym_questions_are_read(question, acronym):
    assert asked_acronym(question) == acronym


@pytest.mark.parametrize(
    "question",
    [
        "What is Armenia?",  # a name, not an acronym
        "what is the csto",  # lower case as typed: the engine recases it from the passages first
        "What is the CSTO doing about Armenia?",
        "Who is the CSTO?",
        "Why did Armenia leave the CSTO?",
        "What is the CSTO's role in Karabakh?",
    ],
)
def test_other_questions_are_no_acronym_questions(question):
    assert asked_acronym(question) is None


def test_a_sentence_in_brackets_spells_it_out_surely():
    sentences = [
        "Armenia's separation from the CSTO, the Eurasian Economic Union (EAEU) and the CIS.",
        "Armenia is a member of the EAEU.",
    ]
    assert spelled_out("EAEU", sentences) == [True, False]  # its letters do not all begin a word
    assert spelled_out("CSTO", ["Armenia recalled its envoy to the CSTO (Collective Security Treaty Organization)."])
    assert spelled_out("CSTO", ["The Collective Security Treaty Organisation (CSTO) met."]) == [True]


def test_a_run_of_initials_spells_it_out_only_when_no_sentence_does_so_surely():
    power = "Samantha Power, head of the U.S. Agency for International Development, called on Baku."
    assert spelled_out("USAID", [power, "USAID gave aid."]) == [True, False]
    chance = "The Impact of Russia's Invasion was felt."  # I, R, I by chance
    sure = "Polls by the International Republican Institute (IRI) show it."
    assert spelled_out("IRI", [chance, sure]) == [False, True]
    assert spelled_out("IRI", [chance]) == [True]  # loosely, when nothing is sure
    # Two letters: initials are chance, only brackets count.
    assert spelled_out("EU", ["The Eurasian Economic Union met."]) == [False]
    assert spelled_out("EU", ["The European Union (EU) met."]) == [True]


_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=9)


@given(st.lists(_word, min_size=3, max_size=6), st.booleans())
def test_any_name_in_brackets_with_its_acronym_spells_it_out(words, before):
    name = " ".join(w.capitalize() for w in words)
    acronym = "".join(w[0].upper() for w in words)
    sentence = f"They met the {name} ({acronym}) today." if before else f"They met the {acronym} ({name}) today."
    assert asked_acronym(f"What is the {acronym}?") == acronym
    assert spelled_out(acronym, [sentence, "Nothing here."]) == [True, False]
