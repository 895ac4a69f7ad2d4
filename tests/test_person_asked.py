"""A question asking for a person is not answered by a quote that names only places and peoples."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qa.cues import asks_for_person, holds_asked_kind, names_someone, question_kind

NAMES_SOMEONE = [
    "In the immediate wake of Azerbaijan’s offensive, Armen Grigoryan, head of Armenia’s security council, spoke.",
    "Samantha Power, head of the U.S. Agency for International Development, has called on Baku.",
    "Earlier this year, the ICC issued an arrest warrant for Russian President Vladimir Putin.",
    "Russian Foreign Ministry Spokesman Maria Zaharova said so.",
    "According to Ms. Power, who visited Yerevan on Sept. 25, Washington is considering a response.",
    "Former Prime Minister Dmitri Medvedev stated that Armenia’s defeat was caused by Pashinyan.",
    # Names that begin as a country does but are no people's: "Malik" (Mali), "Chadwick" (Chad).
    "In an interview, Chadwick Malik argued the opposite.",
]
NAMES_NO_ONE = [
    "On September 19, Azerbaijan launched an attack against ethnic Armenian positions in Karabakh.",
    "Since the fall of the Soviet Union in 1991, the mountainous Karabakh region has remained disputed.",
    "In response, Russia summoned Armenia’s Ambassador to Moscow to the Kremlin.",
    "The Collective Security Treaty Organization met in Yerevan in November.",
    "It is aimed at deterring Baku and signals a shift in the South Caucasus.",
    "In September, the United States and Armenia held joint drills.",
    # A people in the plural is no one: "Armenians" as "Armenian".
    "Since then, thousands of ethnic Armenians have left for Armenia, fearing Azerbaijanis.",
]


@pytest.mark.parametrize("text", NAMES_SOMEONE)
def test_a_titled_or_two_word_name_is_someone(text):
    assert names_someone(text)


@pytest.mark.parametrize("text", NAMES_NO_ONE)
def test_countries_peoples_bodies_and_months_are_no_one(text):
    assert not names_someone(text)


@pytest.mark.parametrize(
    "question",
    [
        "What is the name of the Karabakh separatist leader who accepted the ceasefire?",
        "Which Azerbaijani official announced the start of the operation in Karabakh?",
    ],
)
def test_a_person_asked_for_is_not_answered_by_places(question):
    quote = NAMES_NO_ONE[0]
    assert question_kind(question) == "name"
    assert holds_asked_kind("name", question, quote) is False
    assert holds_asked_kind("name", question, NAMES_SOMEONE[0]) is True


def test_a_body_allowed_by_the_question_is_an_answer():
    # "… official or ministry …" asks for a body as well: a quote naming only one is kept.
    question = "Which Azerbaijani official or ministry announced the operation?"
    assert holds_asked_kind("name", question, "The Ministry of Defence of Azerbaijan announced it on Monday.") is True


def test_who_questions_about_countries_are_not_person_questions():
    # "Who blocked the road?" may be answered by a country.
    assert holds_asked_kind("name", "Who blocked the only road to Karabakh?", NAMES_NO_ONE[0]) is True


def test_name_of_without_the_asks_for_the_role_holder():
    # A learner's "What is name of …?" reads as "What is the name of …?".
    question = "What is name of Armenian ambassador which Russia summoned to Kremlin?"
    quote = "In response, Russia summoned Armenia’s Ambassador to Moscow to the Kremlin and condemned the news."
    assert holds_asked_kind(question_kind(question), question, quote) is False


def test_a_surname_saying_something_is_someone():
    assert names_someone("Armenia both benefits from it. Zakharova also criticized Armenia’s signing.")
    assert names_someone("According to Zaharova; Armenian media manipulated the masses.")
    assert not names_someone("However, Azerbaijan refused to attend the meeting.")


#: Words and marks a capitalised run is made of, and what breaks one.
_TOKENS = ["The", "the", "Of", "of", "De", "Mr.", "Ms.", "Putin", "said", "Azerbaijan,", "’s", "In", ".", "\n", "-"]


@given(st.lists(st.sampled_from(_TOKENS), max_size=20).map(" ".join))
def test_names_someone_reads_any_text(text):
    # Capitalised runs of only joining words ("The", "Of De") name no one and break nothing.
    assert names_someone(text) in (True, False)
    assert names_someone(text, frozenset({"putin"}), single=True) in (True, False)


def test_a_run_of_joining_words_is_no_name():
    assert not names_someone("Of The. The, De")


def test_a_leader_asked_for_is_not_answered_by_a_people():
    # For a leader, a surname alone names someone ("a vengeful Putin"); "Armenians" does not.
    question = "What is the name of the Karabakh separatist leader who accepted the ceasefire terms?"
    quote = "Since Azerbaijan started its offensive, thousands of ethnic Armenians have left Karabakh."
    assert holds_asked_kind("name", question, quote) is False
    assert holds_asked_kind("name", question, "We now see an isolated, angry, and vengeful Putin.") is True


@pytest.mark.parametrize(
    "question",
    [
        "Which Russian general commands the peacekeepers in Karabakh?",
        "Which Russian general leads the contingent?",
    ],
)
def test_a_general_doing_something_now_is_asked_for(question):
    assert question_kind(question) == "name"
    assert holds_asked_kind("name", question, NAMES_NO_ONE[0]) is False


def test_which_governments_or_member_states_ask_for_names():
    # Countries answer these: a quote naming a new one holds the kind, one naming none does not.
    for question in (
        "Which foreign governments signed weapons supply deals with Armenia?",
        "Which member states attended the CSTO meeting in Minsk?",
    ):
        assert question_kind(question) == "name"
        assert holds_asked_kind("name", question, "India and France signed such deals in 2023.") is True
        assert holds_asked_kind("name", question, "these deals were signed after the war.") is False


def test_which_questions_ask_for_a_person():
    assert asks_for_person("What is the name of the Armenian envoy who was recalled?")
    assert asks_for_person("Which Azerbaijani official announced the operation?")
    assert asks_for_person("Who commanded the Russian peacekeeping contingent?")
    assert not asks_for_person("Who blocked the only road to Karabakh?")
    assert not asks_for_person("Which Azerbaijani official or ministry announced the operation?")


def test_a_decline_for_want_of_a_person_says_so(engine):
    answer = engine.ask("What is the name of the Karabakh separatist leader who agreed to the September ceasefire?")
    assert not answer.answered
    assert "the question asks for a person; the closest sentence gives none" in answer.notices


def test_the_name_of_a_road_is_no_country_or_people():
    question = "What is the name of the road to Karabakh that Azerbaijan blocked in December 2022?"
    assert question_kind(question) == "name"
    quote = "Since December 12, 2022, the Karabakh Armenians have been cut off because of Azerbaijan’s blocking of it."
    assert holds_asked_kind("name", question, quote) is False
    assert holds_asked_kind("name", question, "Azerbaijan closed the Lachin Corridor in December.") is True
    # The name of an exercise: "Eagle Partner" is a thing's name, not a place's.
    exercise = "What was the name of the 2023 US-Armenia military exercise?"
    assert holds_asked_kind("name", exercise, "Armenia hosted Eagle Partner 2023, a joint exercise.") is True
