"""Three more kinds of thing asked for (a prediction, what should be done, a route), the pretext
as a checked kind, and the lower threshold a quote the kind check confirms is answered from."""

from dataclasses import replace

import pytest

from qa.answer import AnswerSettings
from qa.cues import CONFIRMING_KINDS, RARE_KINDS, answer_cues, holds_asked_kind, question_kind

from .conftest import CORPUS

# --------------------------------------------------------------------------- a prediction


@pytest.mark.parametrize(
    "question",
    [
        "What did Pashinyan predict in his televised address would follow from the offensive?",
        "What does the author warn Putin might do in other frozen conflicts such as those in Georgia and Moldova?",
        "What did Moscow warn Yerevan would follow from clearing the way for ICC ratification?",
        "What does Armenia anticipate Russia might do if a crisis breaks out?",
        "What did Armenia's prime minister expect the September offensive to mean for the Armenians of Karabakh?",
    ],
)
def test_a_prediction_is_asked_for(question):
    assert question_kind(question) == "prediction"


@pytest.mark.parametrize(
    "question",
    [
        # A warning given is the occasion, not what is asked for.
        'What did the Kremlin do next after warning Yerevan of "extremely negative" consequences?',
        "What caveat does Dzamukashvili add about forecasting drastic changes in Armenia's foreign policy?",
        # Asked for a date or a consequence first.
        "When did Pashinyan warn in a televised address that the offensive would drive an influx?",
        "What consequence did Pashinyan expect Azerbaijan's September offensive to have for Armenia itself?",
    ],
)
def test_other_questions_naming_a_warning_ask_for_no_prediction(question):
    assert question_kind(question) != "prediction"


def test_a_prediction_is_a_forecast_or_words_said():
    question = "What did Pashinyan predict would follow from the offensive?"
    sentences = [
        "On Sept. 24, Mr. Pashinyan warned that Azerbaijan’s recent offensive would likely result in a massive influx.",
        "“Armenians of Nagorno-Karabakh will see exile from their homeland as the only way,” he said.",
        "The headlines of these pieces were provocative and seemed new.",
        "At the same time, it must be noted that Pashinyan was not saying anything new.",
    ]
    assert answer_cues("prediction", question, sentences) == [1.0, 1.0, 0.0, 0.0]
    assert [holds_asked_kind("prediction", question, s) for s in sentences] == [True, True, False, False]


# --------------------------------------------------------------------------- what should be done


@pytest.mark.parametrize(
    "question",
    [
        "What does the author think must be done about the Karabakh crisis now?",
        "What does the author recommend as the solution to the Karabakh humanitarian crisis given Russia's inaction?",
        "What does the Decline & Demise piece recommend, given Russia's failure to respond to the Karabakh crisis?",
        "whats the solution to the karabakh crisis given russia did nothing",
        "What course of action is recommended for the Western and international community?",
        "What did the head of America's foreign aid agency urge Baku to do after its Karabakh offensive?",
    ],
)
def test_what_should_be_done_is_asked_for(question):
    assert question_kind(question) == "remedy"


def test_a_prescription_is_what_should_be_done():
    question = "What does the author think must be done about the Karabakh crisis now?"
    sentences = [
        "Given Russia’s failure to respond to the crisis, the solution is the immediate and urgent engagement of the"
        " Western and international community.",
        "Samantha Power has called on Baku to respect the terms of the ceasefire.",
        "The key takeaway from the current humanitarian crisis in Karabakh is two-fold.",
    ]
    assert answer_cues("remedy", question, sentences) == [1.0, 1.0, 0.0]
    assert holds_asked_kind("remedy", question, sentences[2]) is False


# --------------------------------------------------------------------------- a route


@pytest.mark.parametrize(
    "question",
    [
        "What trade route makes Azerbaijan more valuable to Russia than Armenia is?",
        "Which transport corridor to the Persian Gulf makes Azerbaijan so useful to Russia?",
        "Which road did Azerbaijan block to cut off Karabakh?",
    ],
)
def test_a_route_is_asked_for(question):
    assert question_kind(question) == "route"


def test_a_route_is_cued_by_a_name_that_is_no_country_or_capital():
    question = "What trade route makes Azerbaijan more valuable to Russia than Armenia is?"
    sentences = [
        "Azerbaijan holds a key position in supporting Russia’s expansion of the International North-South"
        " Transport Corridor to the Persian Gulf.",
        "Russia is also Armenia’s biggest trade partner by far, and Yerevan’s economic dependence on Moscow has"
        " grown since the start of the Ukraine war.",
    ]
    assert answer_cues("route", question, sentences) == [1.0, 0.0]
    # A road may be described rather than named ("… the only road that leads to the Karabakh
    # enclave"): a sentence naming none is not declined.
    assert holds_asked_kind("route", question, sentences[1]) is None


# --------------------------------------------------------------------------- the pretext, checked


def test_a_pretext_asked_for_is_checked():
    question = "What pretext did Baku use to disguise the road blockade?"
    framed = "Yet, Azerbaijan is using the pretest of environmental activism to frame the crisis as a civic protest."
    assert holds_asked_kind("pretext", question, framed) is True
    assert holds_asked_kind("pretext", question, "It is aimed at deterring Baku and conveying a message.") is False


def test_an_official_reason_is_a_pretext():
    question = "Why'd Aliyev bail on the Granada meeting with Pashinyan in October? What was the official excuse?"
    assert question_kind(question) == "pretext"
    sentences = [
        "The reason official reason was “pro-Armenian statements by French officials”.",
        "However, on October 3, Aliyev refused to participate in the meeting.",
    ]
    assert answer_cues("pretext", question, sentences) == [1.0, 0.0]


# --------------------------------------------------------------------------- the kinds' sets


def test_a_figure_or_a_date_does_not_vouch_for_a_quote_and_rare_kinds_are_confirming():
    assert not {"number", "date"} & CONFIRMING_KINDS
    assert RARE_KINDS <= CONFIRMING_KINDS


# --------------------------------------------------------------------------- on the shipped corpus


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        # Gold a56: a forecast, read 0.448 from the question (under 0.45), confirmed by the check.
        (
            "What did Pashinyan predict in his televised address would follow from the offensive?",
            "massive influx of ethnic Armenians from Karabakh into Armenia",
        ),
        # Gold a63: the one pretext written, ranked fourth, 0.41 from the question ("pretest").
        ("What pretext did Baku use to disguise the road blockade?", "pretest of environmental activism"),
        # Gold a70: the one prescription, its sentence tenth.
        (
            "What does the author think must be done about the Karabakh crisis now?",
            "immediate and urgent engagement of the Western and international community",
        ),
        # Gold a14: the corridor named, not Russia's trade with Armenia.
        (
            "What trade route makes Azerbaijan more valuable to Russia than Armenia is?",
            "International North-South Transport Corridor",
        ),
        # Blind 62's b62a06: an official reason is a pretext.
        (
            "Why'd Aliyev bail on the Granada meeting with Pashinyan in October? What was the official excuse?",
            "pro-Armenian statements by French officials",
        ),
    ],
)
def test_the_kind_asked_for_is_quoted(engine, question, answer):
    result = engine.ask(question)
    assert result.answered, result.notices
    assert answer in result.quotes[0].text
    # The passage quoted is listed first, as the gold figures count it.
    first, quote = result.hits[0].passage, result.quotes[0]
    assert first.doc_id == quote.doc_id and first.start <= quote.start < first.end


def test_the_confirmed_threshold_is_what_answers_a_quote_under_the_threshold(engine, encoder, shipped_index_dir):
    """The prediction quoted for gold a56 reads under ``AnswerSettings.threshold``: without the
    lower threshold a confirmed quote answers from, the question is declined."""
    from qa.engine import Engine, EngineSettings

    question = "What did Pashinyan predict in his televised address would follow from the offensive?"
    answer = engine.ask(question)
    settings = AnswerSettings()
    assert answer.answered and settings.confirmed_threshold <= answer.confidence < settings.threshold
    strict = replace(EngineSettings(), answer=replace(settings, confirmed_threshold=None))
    assert not Engine.open(CORPUS, shipped_index_dir, settings=strict, encoder=encoder).ask(question).answered


@pytest.mark.parametrize(
    "question",
    [
        # A figure vouches for nothing: the count of the dead is no population.
        "How many people live in Nakhchivan?",
        "How many people were killed in the fuel depot blast near the enclave's main city in late September 2023?",
        # Nor does a date: the CSTO meeting Prime Minister Pashinyan skipped reads 0.448.
        "what year did pashinyan become prime minister",
    ],
)
def test_a_figure_or_a_date_is_not_answered_under_the_threshold(engine, question):
    assert not engine.ask(question).answered
