"""Three kinds of thing asked for: a place within a country, what something is compared to, and a pretext."""

import pytest

from qa.cues import answer_cues, holds_asked_kind, names_settlement, question_kind, writes_asked


@pytest.mark.parametrize(
    "text",
    [
        "The last meeting of the CSTO took place in Minsk on November 3, 2023.",
        "The country is hosting around 10,000 Russian troops and a military base in the town of Gyumri.",
        "A forum was held in Brussels.",
    ],
)
def test_a_town_or_a_capital_is_a_settlement(text):
    assert names_settlement(text, set())


@pytest.mark.parametrize(
    "text",
    [
        # A name beside the question's words, not a place something is at.
        "Armenia is engaged in joint exercises with the U.S. military, known as Eagle Partner 2023.",
        "The drills were held in September in Armenia, with the United States.",
        "The prime minister spoke in the Armenian Parliament.",
    ],
)
def test_countries_months_bodies_and_other_names_are_no_settlement(text):
    assert not names_settlement(text, set())


def test_a_town_asked_for_within_a_country_needs_one():
    for question in ("In which Armenian town was Eagle Partner 2023 held?", "Where in Armenia were the drills held?"):
        assert question_kind(question) == "place"
        assert holds_asked_kind("place", question, "Armenia held joint exercises with the U.S. military.") is False
        assert holds_asked_kind("place", question, "The drills took place near Yerevan.") is True


def test_a_town_the_question_offers_may_answer_it():
    question = "In which Armenian town is the Russian military base located: Gyumri, Vanadzor or Meghri?"
    assert holds_asked_kind("place", question, "Russia keeps a military base in the town of Gyumri.") is True
    # A town the question names, and does not offer, is no answer to it.
    assert holds_asked_kind("place", "Which town near Gyumri hosts the base?", "The base is in Gyumri.") is False


def test_where_questions_in_general_are_not_checked():
    # "Where are Russian troops stationed?" may be answered by "along the border".
    assert holds_asked_kind("place", "Where are Russian troops stationed?", "They are along the border.") is None


@pytest.mark.parametrize(
    "question",
    [
        "What historical siege is the Karabakh blockade compared to?",
        "What wartime event has the Karabakh crisis been likened to?",
        "To what wartime event has the humanitarian situation in Karabakh been compared?",
        "With what historical event people compare the situation in Karabakh?",
        "karabakh siege compared to what",
        "karabakh siege compared to?",
    ],
)
def test_what_something_is_compared_to_is_asked_for(question):
    assert question_kind(question) == "likeness"
    cues = answer_cues(
        "likeness",
        question,
        [
            "The situation has turned into a disaster, evoking comparisons with the siege of Stalingrad.",
            "The Kremlin banned dairy imports from Armenia, just as it banned wine products from Georgia in 2006.",
            "First, the siege of Nagorno-Karabakh stands as a direct challenge to Russia.",
        ],
    )
    assert cues == [1.0, 1.0, 0.0]


@pytest.mark.parametrize(
    "question",
    [
        # What differs is asked, and the answer need not write a likeness.
        "How does Russia's ban on Armenian dairy imports compare with the way Moscow punished Georgia?",
        "Compared with 2019, how has the share of Armenians who consider relations with Russia good changed?",
    ],
)
def test_how_things_compare_is_not_a_likeness_asked_for(question):
    assert question_kind(question) != "likeness"


def test_a_yes_no_question_about_a_likeness_is_cued_by_one():
    question = "Was the Karabakh siege compared to the siege of Leningrad?"
    assert question_kind(question) is None
    sentences = ["… evoking comparisons with the siege of Stalingrad.", "The siege of Karabakh goes on."]
    assert answer_cues(None, question, sentences) == [1.0, 0.0]


def test_the_likeness_cue_puts_the_comparison_first(engine):
    answer = engine.ask("what siege has karabakh been compared to")
    assert answer.answered
    assert "siege of Stalingrad" in answer.quotes[0].text


@pytest.mark.parametrize(
    "question",
    [
        "What pretext did Baku use to disguise the road blockade?",
        "What cover does Azerbaijan use for the blockade?",
        "how is baku trying to dress up the blockade so it doesnt look state-run",
        "What cover has Azerbaijan used to pass off the Karabakh blockade as a civic protest?",
        "official excuse armenia gave for not hosting the csto drills in 2023?",
    ],
)
def test_a_pretext_is_asked_for(question):
    assert question_kind(question) == "pretext"


def test_the_pretext_cue_reads_what_something_is_passed_off_as():
    sentences = [
        "Azerbaijan is using the pretest of environmental activism to frame the Karabakh crisis as a civic protest.",
        "While the official narrative explained the move as related to security concerns, others disagreed.",
        "The Kremlin banned dairy imports from Armenia, ostensibly for some newly discovered health concerns.",
        "The timing of Azerbaijan’s imposition of the Karabakh blockade is rooted in Armenia’s weakness.",
        "What does the article cover? It is framed by the war.",
    ]
    assert answer_cues("pretext", "What pretext did Baku use?", sentences) == [1.0, 1.0, 1.0, 0.0, 0.0]


@pytest.mark.parametrize("question", ["What does the article cover?", "What did the ban cover?"])
def test_cover_alone_asks_for_no_pretext(question):
    assert question_kind(question) != "pretext"


def test_a_likeness_or_pretext_written_vouches_for_its_sentence():
    assert writes_asked("likeness", "… evoking comparisons with the siege of Stalingrad during World War II.")
    assert writes_asked("pretext", "Azerbaijan is using activism to frame the crisis as a civic protest.")
    assert not writes_asked("likeness", "The siege of Karabakh goes on.")
    assert not writes_asked("name", "… evoking comparisons with the siege of Stalingrad.")
    assert not writes_asked(None, "… evoking comparisons with the siege of Stalingrad.")


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        # Close to "Second World War" and "Karabakh" alone, but it writes the likeness asked for.
        ("Which siege from the Second World War has the blockade of Karabakh been compared to?", "Stalingrad"),
        # The comparison is of another year by nature: 2006, of the 2023 ban.
        (
            "Which earlier Russian ban on goods from another South Caucasus country was the 2023 ban on Armenian"
            " dairy products compared to?",
            "wine products from Georgia in 2006",
        ),
    ],
)
def test_a_likeness_asked_for_is_answered(engine, question, answer):
    result = engine.ask(question)
    assert result.answered, result.notices
    assert answer in result.quotes[0].text


@pytest.mark.parametrize(
    "question",
    [
        "How does Moscow view Armenia's drift away from it?",
        "How did Russia perceive Armenia's separation from it?",
        "How has the Kremlin regarded Yerevan's turn to the West?",
    ],
)
def test_how_someone_sees_something_is_asked_for(question):
    assert question_kind(question) == "view"
    sentences = [
        "Russia perceived this separation as a “threat” to its own sphere of influence.",
        "Several steps have been viewed by many as anti-Russian.",
        "Armenia's drift away from Russia has accelerated.",
    ]
    assert answer_cues("view", question, sentences) == [1.0, 1.0, 0.0]


def test_how_to_see_something_is_no_view_asked_for():
    # A how-to in documentation: "How do I see every available pyenv command?".
    assert question_kind("How do I see every available pyenv command?") is None
