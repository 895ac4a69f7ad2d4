"""Descriptions read as the names the documents define (``qa.referents``)."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from qa.referents import DefinedName, Linked, defined_names, described, descriptions, linked_names, with_names

TEXT = (
    "Since 1991, Armenia has been a member of the Collective Security Treaty Organization (CSTO), a six-nation "
    "military alliance led by Moscow. It left the Eurasian Economic Union (EAEU) alone. Ties with Russia and the "
    "Collective Security Treaty Organisation (CSTO) soured. USAID (United States Agency for International "
    "Development) sent aid."
)


def test_the_documents_define_acronyms_by_spelling_them_out_in_brackets():
    names = {n.name: n.forms for n in defined_names([TEXT])}
    assert names["CSTO"] == (
        "Collective Security Treaty Organization, a six-nation military alliance led by Moscow",
        "Collective Security Treaty Organisation",  # "Russia and the" is not part of the spelling out
    )
    assert names["EAEU"] == ("Eurasian Economic Union",)
    assert names["USAID"] == ("United States Agency for International Development",)
    assert defined_names(["No acronym here (none)."]) == ()


def test_a_description_is_a_lower_case_institution_with_the_words_before_it():
    assert descriptions("Is Armenia formally quitting the Russian-led security alliance?") == [
        ("Russian-led security alliance", 62)
    ]
    assert descriptions("What about Armenia's membership in the Eurasian economic bloc?") == [
        ("Eurasian economic bloc", 61)
    ]
    # A bare head says too little; a capitalised one is part of a name the question gives.
    assert descriptions("When did Armenia refuse to host the bloc's exercises?") == []
    assert descriptions("Who founded the Eurasian Economic Union?") == []


NAMES = (
    DefinedName("CSTO", ("Collective Security Treaty Organization",)),
    DefinedName("EAEU", ("Eurasian Economic Union",)),
)


def cosines(values):
    """A similarity giving each description the cosines ``values`` with CSTO's and EAEU's forms."""
    return lambda texts: np.array([values] * len(texts))


def test_a_description_reads_as_a_name_close_enough_and_closer_than_any_other():
    question = "Is Armenia quitting the Russian-led security alliance?"
    found = descriptions(question)
    (link,) = linked_names(question, found, NAMES, cosines([0.75, 0.41]), 0.6, 0.1)
    assert link == Linked("Russian-led security alliance", "CSTO", 53)
    assert with_names(question, [link]) == "Is Armenia quitting the Russian-led security alliance (CSTO)?"
    assert link.notice == "read “Russian-led security alliance” as CSTO"
    assert linked_names(question, found, NAMES, cosines([0.56, 0.35]), 0.6, 0.1) == []  # not close enough
    assert linked_names(question, found, NAMES, cosines([0.62, 0.58]), 0.6, 0.1) == []  # as close to another
    # A question holding the name already is not given it again.
    held = "Is the CSTO a Russian-led security alliance?"
    assert linked_names(held, descriptions(held), NAMES, cosines([0.9, 0.1]), 0.6, 0.1) == []


def test_a_description_a_defined_name_follows_is_read_as_that_name():
    """Its words are then no name of their own: "Hague" in "the Hague tribunal (ICC)" (the
    documents write "the ICC", never "Hague") is not for the mention check to decline."""
    names = (*NAMES, DefinedName("ICC", ("International Criminal Court",)))
    linked = "When did Armenia accept the Hague tribunal (ICC)'s jurisdiction?"
    assert described(linked, names) == ["Hague tribunal"]
    assert described("When did Armenia accept the Hague tribunal's jurisdiction?", names) == []
    assert described("Did the Hague tribunal (the court) rule?", names) == []  # no defined name


def test_the_engine_does_not_decline_the_words_of_a_description_it_read(engine):
    answer = engine.ask(
        "What trade penalty did Moscow impose after Armenia moved to accept the Hague tribunal's jurisdiction?"
    )
    assert "read “Hague tribunal” as ICC" in answer.notices
    assert answer.unmentioned == ()
    assert not any("never mention" in n for n in answer.notices)


@given(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60),
    st.dictionaries(st.integers(0, 60), st.sampled_from(["CSTO", "EAEU"]), max_size=3),
)
def test_names_are_only_inserted(question, ends):
    """Taking the inserted names out gives the question back: nothing of it is lost or moved."""
    links = [Linked("x", name, end) for end, name in ends.items() if end <= len(question)]
    out = with_names(question, links)
    for link in sorted(links, key=lambda link: -link.end):  # each marker sits after the ones before it
        at = link.end + sum(len(f" ({o.name})") for o in links if o.end < link.end)
        marker = f" ({link.name})"
        assert out[at : at + len(marker)] == marker
        out = out[:at] + out[at + len(marker) :]
    assert out == question


def test_the_defined_names_are_encoded_once_per_index_generation(engine):
    """Their vectors belong to the generation they were read from: encoded for the first
    description, reused after, and gone with that generation when the index is rebuilt."""
    from dataclasses import replace

    stored = replace(engine._stored, _defined_vectors=None)
    calls: list[list[str]] = []

    def encode(texts: list[str]) -> np.ndarray:
        calls.append(texts)
        return engine.encoder.encode(texts)

    first = stored.defined_vectors(encode)
    assert stored.defined_vectors(encode) is first and len(calls) == 1
    assert first.shape[0] == sum(len(name.forms) for name in stored.defined_names) > 0
