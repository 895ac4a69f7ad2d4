"""What a question asks for, and which sentences hold it (``qa.cues``)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from qa import cues
from qa.cues import (
    _names,
    answer_cues,
    asking_part,
    holds_asked_kind,
    other_years,
    question_kind,
    question_names,
    question_subject,
    recased,
)


def test_questions_get_a_kind_statements_do_not():
    assert question_kind("How many Russian troops are in Armenia?") == "number"
    assert question_kind("how many troops") == "number"  # no question mark, but asked as a question
    assert question_kind("sept 2022 attack how many soldiers killed") == "number"  # keywords, then the ask
    # Typed without "?", a question may open with a preposition (b8u04 had got no kind check).
    assert question_kind("on what date did armenias parliament vote to ratify the rome statute") == "date"
    assert question_kind("in which city is the russian base") == "place"
    assert question_kind("for how long did the drills last") == "number"
    assert question_kind("in patients who took aspirin when ill") is None  # a statement searched for
    assert question_kind("When did Azerbaijan launch its offensive?") == "date"
    assert question_kind("Who brokered the talks?") == "name"
    assert question_kind("Where is the base?") == "place"
    assert question_kind("Why did Aliyev pull out?") == "reason"
    assert question_kind("What idiom did Zakharova use?") == "quote"
    # A figure of speech asked for; an image that is a view of something is not one.
    assert question_kind("What metaphor did Zakharova use for Yerevan's balancing act?") == "quote"
    assert question_kind("What image did Zakharova use to mock Armenia's attempt to balance?") == "quote"
    assert question_kind("What image of Russia do most Armenians hold?") is None
    assert question_kind("What did Lavrov say about the drill?") == "quote"
    assert question_kind("What did Lavrov call the drill?") == "quote"
    # "called him back" recalled him, "called off" cancelled: no words or name given.
    assert question_kind("What happened to the envoy after Yerevan called him back?") is None
    assert question_kind("What summit was called off?") is None
    assert question_kind("What did Lavrov say in his statement?") == "quote"
    # The article's author states claims in prose: asking what the author says asks for no quotation.
    assert question_kind("What does the author say the war has exposed?") is None
    assert question_kind("What does the author of the piece say Putin excels at?") is None
    assert question_kind("What sarcastic name does the author give the bloc?") == "quote"  # a name asked for
    assert question_kind("How does the author describe the bloc?") is None
    assert question_kind("What does the author call the bloc?") is None
    # "How did X characterise …?" asks for X's words as "What did X call …?" does (gold a39).
    assert question_kind("How did Russia's top diplomat characterise the US military presence?") == "quote"
    assert question_kind("How has the Foreign Ministry described Pashinyan's remarks?") == "quote"
    # Not words said, but how something is seen ("… perceived this separation as a “threat”").
    assert question_kind("How did Moscow view Armenia's drift?") == "view"
    # A figure of speech is no figure (blind set 9, b9a20, had been checked for a number).
    assert question_kind("What figure of speech did the spokeswoman use?") is None
    assert question_kind("What figure did the poll give?") == "number"
    # "What is the name of …?" asks for a name, not for words someone said.
    assert question_kind("What was the name of the 2023 US-Armenia military exercise?") == "name"
    # A figure asked for by what it measures, with one word before it at most.
    assert question_kind("What was the dollar value of the aid Armenia sent?") == "number"
    assert question_kind("What is the death toll of the offensive?") == "number"
    assert question_kind("What is the population of Yerevan?") == "number"
    assert question_kind("What death toll did Armenian sources report?") == "number"
    assert question_kind("What did the value of the alliance mean to Yerevan?") is None
    assert question_kind("The total value of trade fell") is None  # a statement
    # After the question's own question word, "who" and "when" open a clause about something else.
    assert question_kind("Which humanitarian body was the lone exception when Baku barred access?") == "name"
    # "Which <holder of a post>" asks who, as "Which official" and "Which diplomat" do; words
    # that are often adjectives ("chief", "head") are left out, and "general" counts only when
    # a verb follows it: "Which general principle …?" asks for no name.
    assert question_kind("Which Russian commander led the peacekeepers?") == "name"
    assert question_kind("Which ambassador was summoned to the Kremlin?") == "name"
    assert question_kind("Which envoy did Armenia recall?") == "name"
    assert question_kind("Which senior US official accompanied Power?") == "name"
    assert question_kind("Which general principle guides the policy?") is None
    assert question_kind("Which Russian general commanded the peacekeepers?") == "name"
    assert question_kind("Which general was sent to Karabakh?") == "name"
    assert question_kind("Which generals did Moscow recall?") == "name"
    assert question_kind("Which general rules apply to the peacekeepers?") is None
    assert question_kind("What did Lavrov say when asked about the drill?") == "quote"
    assert question_kind("What happened when Azerbaijan attacked?") is None
    assert question_kind("What happens to people who protest in Azerbaijan?") is None
    assert question_kind("According to Pashinyan, when did Armenia decide to join the ICC?") == "date"
    assert question_kind("What is the only road to Karabakh and who blocked it?") == "name"  # a second question
    assert question_kind("According to the article, what is the name of the envoy who was recalled?") == "name"
    # Statements (SciFact's claims) hold "who" and "when" as relative words: no kind.
    assert question_kind("Patients who smoke relapse more often when stressed") is None
    assert question_kind("Vitamin D lowers the risk of fractures.") is None


def test_words_said_are_the_speakers():
    """For "What did X say / call …?" the quote cue goes to quoted words X is named with, or a
    sentence all quotation (it goes on with the words of whoever spoke before it)."""
    from qa.cues import speaker

    assert speaker("What idiom did Maria Zakharova use?") == "Maria Zakharova"
    assert speaker("What did the Russian foreign ministry call the remarks?") == "Russian"
    assert speaker("What does Adam Morrow's report say Yuri Kim told?") is None  # the author, not a speaker
    assert speaker("What did the author mean?") is None
    # Asked without the auxiliary, as a learner may (blind set 49's "What Lavroff said about
    # Armenia signing Rome Statute?" had been answered by Pashinyan's words).
    assert speaker("What Lavrov said about Armenia signing Rome Statute?") == "Lavrov"
    assert speaker("What Pashinyan's spokesman said?") is None
    idiom = "What idiom did Zakharova use?"
    said = [
        "According to Zakharova, Armenia is “sitting in two chairs”.",
        "“They are a clear attempt to shift responsibility,” it went on.",
        "Its policy is defined by a pursuit of “complementarity”.",
        "Maria Zaharova said that “the West is trying to distance Armenia”.",  # the article's spelling
    ]
    assert answer_cues("quote", idiom, said) == [1.0, 1.0, 0.0, 0.0]
    assert answer_cues("quote", "What was said?", said) == [1.0, 1.0, 1.0, 1.0]  # no speaker named
    # The kind check declines quoted words no one names the speaker with; a sentence opening
    # with a pronoun may go on with the speaker named before it, so it is not declined.
    from qa.cues import holds_asked_kind

    iran = "What did Iran say about the Zangezur corridor?"
    assert holds_asked_kind("quote", iran, "Baku calls it the “Zangezur corridor”.") is False
    assert holds_asked_kind("quote", iran, "Tehran’s envoy said Iran opposes the “Zangezur corridor”.") is True
    assert holds_asked_kind("quote", iran, "He said the “corridor” is unacceptable.") is True
    # The check reads a name transliterated another way as the speaker's (the cue does not:
    # above); the articles spell her "Zaharova" twice and "Zakharova" twice.
    west = "What did Zakharova say the West is trying to do?"
    assert holds_asked_kind("quote", west, said[3]) is True
    assert holds_asked_kind("quote", "What did Zakharov say?", said[3]) is False  # a name, not any name
    # Words that name no speaker go on with the sentence before them: when that one gives
    # someone else's words, these are that person's too.
    putin = "What did Putin say about the Rome Statute ratification?"
    words = "“The decision to ratify the Rome Statute was made last December,” he said."
    pashinyan = "In his Sept. 24 address, Mr. Pashinyan asserted that the ratification would protect Armenia."
    assert holds_asked_kind("quote", putin, words) is True  # nothing known before it
    assert holds_asked_kind("quote", putin, words, before=pashinyan) is False
    assert holds_asked_kind("quote", putin, words, before=pashinyan.replace("Mr. Pashinyan", "Mr. Putin")) is True
    assert holds_asked_kind("quote", putin, words, before="The crisis deepened in the autumn.") is True  # no one
    assert holds_asked_kind("quote", putin, words, before="“We will not allow it.”") is True  # unattributed too


def test_a_question_asking_only_what_someone_said_names_its_speaker():
    from qa.cues import only_said, quotes_speaker

    assert only_said("What did Lavrov say?") == "Lavrov"
    assert only_said("what did Dmitri Medvedev say") == "Dmitri Medvedev"  # recased by the engine
    assert only_said("What did the Kremlin say about it?") == "Kremlin"
    assert only_said("What has Zakharova said recently?") == "Zakharova"
    # A question about something is left to the general rules, as is one naming no one.
    assert only_said("What did Lavrov say about the drill?") is None
    assert only_said("What did the author say?") is None
    assert only_said("What did Pashinyan's spokesman say?") is None
    assert only_said("what did lavrov say") is None  # names are read as the question writes them
    said = "Maria Zaharova said that “the West is trying to distance Armenia from Russia.”"
    assert quotes_speaker(said, "Zakharova")  # the article's other spelling
    assert not quotes_speaker(said, "Lavrov")
    # Reported speech is not enough: "declared" is here no verb of saying.
    assert not quotes_speaker("Because Vladimir Putin is declared a war criminal by the court.", "Putin")


def test_transliterated_names_are_one_letter_apart_after_the_first_two():
    from qa.cues import _spelt_alike

    for a, b in [("zakharova", "zaharova"), ("hakobyan", "hakobian"), ("repubblica", "repubblika")]:
        assert _spelt_alike(a, b) and _spelt_alike(b, a)
    for a, b in [("austria", "australia"), ("aliyev", "aliev"), ("zakharov", "sakharov"), ("russian", "prussian")]:
        assert not _spelt_alike(a, b) and not _spelt_alike(b, a)  # two letters apart, short, or another start


def test_a_name_given_is_cued_by_a_sentence_giving_one():
    question = "What mocking nickname does the author suggest for the Russia-led defence alliance?"
    assert question_kind(question) == "quote"
    given = "The so-called alliance could now be more aptly described as the Collective Insecurity Treaty Organization."
    scare = "In other “frozen” conflicts, he may seek to boost Russia’s power."
    assert answer_cues("quote", question, [given, scare]) == [1.0, 0.0]
    assert cues.holds_asked_kind("quote", question, given) is True
    # Words said are still cued by quotation marks.
    assert answer_cues("quote", "What did Lavrov call the drill?", [given, "Lavrov called it “strange”."]) == [0.0, 1.0]


def test_a_degree_asked_for_is_cued_by_a_figure_and_not_checked():
    question = "According to Pashinyan, how reliant is Armenia on Russia for its defence?"
    assert question_kind(question) == "degree"
    sentences = ["Armenian defense is 99% dependent on Russia.", "Yerevan remains overwhelmingly dependent on Russia."]
    assert answer_cues("degree", question, sentences) == [1.0, 0.0]
    # Words may give a degree too: no kind check declines them.
    assert cues.holds_asked_kind("degree", question, sentences[1]) is None


def test_a_claim_asked_for_may_be_told_not_quoted():
    question = "What does Azerbaijan's disinformation campaign claim Armenia is doing?"
    assert question_kind(question) == "quote"
    told = "Baku intensified disinformation efforts to suggest that Armenia is staging military provocations."
    scare = "This so-called “climate change” campaign aims at fostering insecurity."
    assert answer_cues("quote", question, [told, scare]) == [1.0, 0.0]  # a scare-quoted term is no claim
    assert cues.holds_asked_kind("quote", question, told) is True
    # Words said are not: a told claim is no quotation.
    assert answer_cues("quote", "What did Lavrov say about the drill?", [told]) == [0.0]


def test_a_sort_asked_for_is_cued_by_its_noun():
    question = "What kind of training did Armenian soldiers get during the joint exercise?"
    assert question_kind(question) == "sort"
    sentences = ["The Armenian army took “peacekeeping missions training”.", "Armenia held joint exercises."]
    assert answer_cues("sort", question, sentences) == [1.0, 0.0]
    assert cues.writes_noun("What types of weapons were sent?", "The weapon was never delivered.")
    assert cues.holds_asked_kind("sort", question, sentences[1]) is None  # a cue, no check


def test_a_question_opening_with_its_verb_asks_whether():
    assert question_kind("Has Azerbaijan disclosed how many of its soldiers were lost?") is None
    assert question_kind("Did the US official who testified believe Armenia was shifting?") is None
    assert question_kind("How many of its soldiers has Azerbaijan lost?") == "number"
    # Negated, with or without its apostrophe (blind set 33's sceptic: "Wasn't the recall …?").
    for negated in ("Didn't Azerbaijan close the road?", "Wasn’t the recall punitive?", "Isnt it anti-Russian?"):
        assert cues.asks_whether(negated) and question_kind(negated) is None
    assert cues.asks_whether("Won't Russia react?") and cues.asks_whether("Cannot Armenia leave?")
    # A polite request asks what its clause asks.
    assert question_kind("Can you tell me when the war began?") == "date"
    assert question_kind("Can't you tell me when the war began?") == "date"
    assert question_kind("Do you know how many troops Russia has in Armenia?") == "number"
    assert question_kind("Does anyone know when the war began?") == "date"
    # "Does" is read whole, not as "Do" (blind set 47's "Does Yerevan intend to replace its
    # recalled representative …?" had been no yes/no question, so a denial got no cue).
    for does in ("Does Yerevan intend to replace its envoy?", "Doesn't Russia keep troops there?"):
        assert cues.asks_whether(does)
    assert question_kind("Does Russia say how many troops it keeps in Armenia?") is None


def test_keywords_name_what_they_ask_for_by_a_noun():
    assert question_kind("karabakh blokade start date") == "date"
    assert question_kind("date of the ceasefire") == "date"
    assert question_kind("armenian death toll sept 19 azerbaijani offensive") == "number"
    assert question_kind("number of us troops taking part in eagle partner 2023") == "number"
    # A claim searched for (SciFact) may hold such words: no kind.
    assert question_kind("The amount of publicly available DNA data doubles every 10 years.") is None
    assert question_kind("patients dated by radiocarbon") is None


def test_a_question_of_several_sentences_asks_in_one():
    chatty = "Russia is Armenia's biggest trade partner. But what was the trade turnover in dollars? I can't find it."
    assert question_kind(chatty) == "number"
    assert cues.figure_wanted(chatty) == "a sum of money"
    assert question_kind("The offensive began on Sept. 19. How long did it last?") == "number"
    assert question_kind("I read about the blockade. Tell me more.") is None


def test_a_consequence_asked_for_is_an_effect():
    assert question_kind("What was the consequence of Pashinyan's interview?") == "effect"
    assert question_kind("What effect did the 2020 defeat have on Armenians?") == "effect"
    assert question_kind("What impact did the blockade have on Karabakh?") == "effect"
    assert question_kind("What was the result when Russia ignored Yerevan's plea?") == "effect"
    # A cause is a reason, a reaction a response: the kinds before it decide.
    assert question_kind("What caused the blockade?") == "reason"
    assert question_kind("How did Moscow react to the interview?") == "response"
    assert cues.tells_effect("Armenia’s failure to attend the meeting caused unrest among post-Soviet countries.")
    assert cues.tells_effect("Consequently, the Kremlin banned dairy imports from Armenia.")
    assert cues.tells_effect("In response, Russia summoned Armenia's Ambassador.")
    assert cues.tells_effect("It has brought the existing polarization to a new level.")
    assert not cues.tells_effect("Pashinyan blamed Russia in an interview with La Repubblica.")
    assert answer_cues("effect", "", ["This led to a crisis.", "It rained."]) == [1.0, 0.0]


def test_what_was_done_before_something_asked_for_is_a_kind_of_its_own():
    assert question_kind("What other pressure did Azerbaijan put on Karabakh before closing the road?") == "earlier"
    assert question_kind("Before closing the road, what supplies had Azerbaijan already cut?") == "earlier"
    # A step taken "against" something before it is no response.
    assert question_kind("What steps had Azerbaijan taken against Karabakh before it cut the road?") == "earlier"
    # Kinds before it decide: words said, a date, a name.
    assert question_kind("What did Pashinyan say before the summit?") == "quote"
    assert question_kind("When did Armenia recall its envoy before the summit?") == "date"
    assert question_kind("Who visited Yerevan before the offensive?") == "name"
    assert question_kind("What did Russia do after the interview?") == "response"
    assert cues.tells_earlier("Previously, it had cut natural gas supplies.")
    assert cues.tells_earlier("Before that, Baku had threatened to hinder supplies of water.")
    # "Already" is a state now as often as a step before.
    assert not cues.tells_earlier("Azerbaijan has already taken advantage of the situation.")
    asked = "What had Azerbaijan done before the blockade?"
    assert answer_cues("earlier", asked, ["Earlier, it cut the gas.", "It blocked the road."]) == [1.0, 0.0]


def test_a_reaction_asked_for_is_a_response():
    assert question_kind("How did Moscow react to Pashinyan's interview?") == "response"
    assert question_kind("How did Moscow respond diplomatically after Pashinyan's remarks?") == "response"
    assert question_kind("What was Russia's diplomatic reaction to the interview?") == "response"
    # Another kind asked for first: a name, words said.
    assert question_kind("Who responded to the offensive?") == "name"
    assert question_kind("What did Lavrov say in response?") == "quote"
    # What was done after something (blind set 25's b25a23), typed as a non-native speaker may
    # type it too; not what someone was asked to do after it.
    assert question_kind("What did the ministry do right after the interview?") == "response"
    assert question_kind("what Russia did after the interview") == "response"
    # What someone was urged to do is what should be done (tests/test_predictions_remedies_routes.py).
    assert question_kind("What did USAID urge Baku to do after the offensive?") == "remedy"
    assert question_kind("What did the ministry do before the interview?") == "earlier"  # no response
    # A step taken, asked for by what it is: a measure, a step, an action, a move.
    assert question_kind("What trade measure did Moscow take against Armenia after the ICC vote?") == "response"
    assert question_kind("After the interview, what concrete diplomatic step did Moscow take?") == "response"
    assert question_kind("What diplomatic step did Moscow take after the interview?") == "response"
    # Steps taken after or against nothing are not a response.
    assert question_kind("What steps did Armenia take to distance itself from the CSTO?") is None
    assert question_kind("What measures does the treaty list?") is None  # taken by no one
    assert cues.tells_response("In response, Russia summoned Armenia's Ambassador.")
    assert cues.tells_response("Moscow reacted swiftly, with harsh warnings.")
    assert cues.tells_response("Consequently, the Kremlin banned dairy imports from Armenia.")
    # Responsibilities are no response.
    assert not cues.tells_response("Russia failed to fulfil its responsibilities in the region.")
    assert answer_cues("response", "", ["They reacted at once.", "It rained."]) == [1.0, 0.0]


def test_cues_by_kind():
    assert answer_cues("number", "", ["The country hosts around 10,000 Russian troops."]) == [1.0]
    assert answer_cues("number", "", ["On September 19, 2023, Azerbaijan attacked."]) == [0.0]  # a date is no figure
    assert answer_cues("number", "", ["Ninety per cent agreed."]) == [1.0]
    assert answer_cues("date", "", ["It happened in January."]) == [1.0]
    assert answer_cues("name", "Who met Aliyev?", ["Aliyev met Charles Michel."]) == [1.0]
    assert answer_cues("name", "Who met Charles Michel?", ["Aliyev met Charles Michel."]) == [0.0]  # asked already
    assert answer_cues(None, "", ["Anything at all 42."]) == [0.0]
    assert answer_cues("reason", "", ["Because of the war.", "It rained."]) == [1.0, 0.0]


def test_a_date_is_what_the_question_asks_for():
    """A month or a day is not given by a year alone, nor a year by a month; a question that names
    a year is not answered by a sentence about another year."""
    sentences = [
        "In early 2023, the government refused to host the exercise.",
        "Its January 2023 decision was to refuse to host the exercise.",
        "In 2020, Armenia and Azerbaijan fought a six-week war.",
        "On September 19, Azerbaijan launched an attack.",
        "It may well change its mind in May 2024.",
    ]
    month = "In what month did Armenia refuse to host the exercise?"
    assert answer_cues("date", month, sentences) == [0.0, 1.0, 0.0, 1.0, 1.0]  # "May 2024" is a month
    assert answer_cues("date", "On what date did Azerbaijan attack?", sentences) == [0.0, 1.0, 0.0, 1.0, 1.0]
    assert answer_cues("date", "In what year did they fight?", sentences) == [1.0, 1.0, 1.0, 0.0, 1.0]
    # A year asked about: another year alone is another event; no year at all may well be this one.
    assert answer_cues("date", "When did Azerbaijan attack Karabakh in 2023?", sentences) == [1.0, 1.0, 0.0, 1.0, 0.0]
    assert answer_cues("date", "When did Azerbaijan attack Karabakh?", sentences) == [1.0, 1.0, 1.0, 1.0, 1.0]
    assert answer_cues("date", "In what month did it happen?", ["It may well rain.", "It rained in May."]) == [0.0, 1.0]
    # The cue and the check read a date alike: a weekday answers "what day".
    assert answer_cues("date", "What day does the ferry sail?", ["It sails on Monday.", "It sails soon."]) == [1.0, 0.0]
    # An exact date or a day asked for is a day of a month, not a month (blind set 50's b50a34 had
    # been answered by "… its blockade of the latter in December 2022").
    exact = "On what exact date did the blockade begin?"
    assert answer_cues("date", exact, sentences) == [0.0, 0.0, 0.0, 1.0, 0.0]
    blockade = ["It began in December 2022.", "Since December 12, 2022, they have been cut off.", "On 9-10 November."]
    assert answer_cues("date", "Which day did it begin?", blockade) == [0.0, 1.0, 1.0]
    # Keywords naming a date ask for a day too (blind set 52's "brussels autumn pashinyan-aliyev
    # meeting date" had been answered by "… another meeting in Brussels this autumn").
    autumn = "It was agreed to hold another meeting in Brussels this autumn."
    assert holds_asked_kind("date", "brussels autumn pashinyan-aliyev meeting date", autumn) is False
    assert holds_asked_kind("date", "karabakh blockade start date", blockade[1]) is True


def test_a_name_after_an_opening_phrase_is_no_appositive():
    """b45a36: "In the immediate wake of Azerbaijan’s offensive, Armen Grigoryan, …" names the
    official asked for; the comma closes the sentence's opening phrase, and the name after it
    is not set beside the question's "Azerbaijan's offensive" as another name for it."""
    question = "Which Armenian official accused Russian troops of failing their mandate after Azerbaijan's offensive?"
    sentence = (
        "In the immediate wake of Azerbaijan’s offensive, Armen Grigoryan, head of Armenia’s security council,"
        " accused Russian troops of failing to fulfill their peacekeeping mandate."
    )
    assert holds_asked_kind("name", question, sentence) is True
    wife = "Pashinyan’s wife, Anna Hakobian, attended the summit and delivered the aid."
    assert holds_asked_kind("name", "Who attended the summit as Pashinyan's wife?", wife) is False


def test_evidence_asked_for_is_no_words_said():
    """b45a15: "What evidence is given for the claim that …?" had been read as asking for a
    claim someone made, and its answer, the author's own sentence, declined for "gives none"."""
    assert question_kind("What evidence is given for the claim that Russia's military is weaker?") is None
    assert question_kind("What proof did Lavrov give for his claim?") is None
    assert question_kind("What claim did Zakharova make about the West?") == "quote"


def test_a_ministry_asked_for_is_a_name():
    """b45u08: "Which Armenian ministry or agency released the figure …?" asked for no kind of
    thing, and "According to Armenian sources, …" answered it."""
    assert question_kind("Which Armenian ministry or agency released the figure?") == "name"
    assert question_kind("Which council approved the decision?") == "name"
    sources = "According to Armenian sources, at least 200 ethnic Armenians were killed."
    assert holds_asked_kind("name", "Which Armenian ministry released the death toll of Armenians?", sources) is False


def test_a_response_named_as_another_countrys_is_none():
    """b44u03: "How did Armenia respond to Russia's ban …?" had been answered by "Moscow reacted
    swiftly …": a responder written as the subject of the response ("Moscow reacted", "In
    response, Russia …") is compared with the one asked about, a capital standing for its
    country; a person asked about acts for one."""
    reacted = "Moscow reacted swiftly, with harsh warnings of consequences for Yerevan."
    assert holds_asked_kind("response", "How did Armenia respond to Russia's ban?", reacted) is False
    assert holds_asked_kind("response", "How did Russia react to the ratification?", reacted) is True
    summoned = "In response, Russia summoned Armenia's ambassador. Sergey Lavrov made a statement on the issue."
    assert holds_asked_kind("response", "How did Türkiye react to the drills?", summoned) is False
    assert holds_asked_kind("response", "How did Moscow react to the interview?", summoned) is True
    assert holds_asked_kind("response", "How did Sergey Lavrov react to the drills?", summoned) is True
    assert cues.same_responder("Russia", "Moscow") and cues.same_responder("Baku", "Azerbaijan")
    assert not cues.same_responder("Armenia", "Moscow")
    # A backlash is a response, and one "from Russia" is Russia's (blind set 47's b47a28).
    backlash = "These actions may provoke a growing backlash from Russia."
    assert holds_asked_kind("response", "What reaction from Moscow could Armenia's moves provoke?", backlash) is True
    assert holds_asked_kind("response", "How did Aliyev react to Armenia's move?", backlash) is False


def test_a_month_alone_says_when():
    """b43a31: "… was made last December …" had been declined for "When does he say the
    decision was taken?": a month or a season with no number is a date too."""
    said = "“The decision to ratify the Rome Statute was made last December,” he said."
    assert holds_asked_kind("date", "When does he say the decision to ratify was taken?", said) is True
    assert holds_asked_kind("date", "When did the talks resume?", "The talks resumed in the autumn.") is True
    assert holds_asked_kind("date", "When did the talks resume?", "The talks resumed in Brussels.") is False


def test_a_year_that_names_another_thing_is_no_date_for_the_question():
    from qa.cues import holds_asked_kind

    timing = "The timing of the Karabakh blockade is rooted in Armenian weakness, following its loss in the 2020 war."
    start = "When did the Karabakh blockade start?"
    assert answer_cues("date", start, [timing]) == [0.0]
    assert holds_asked_kind("date", start, timing) is False
    assert holds_asked_kind("date", "When was the war?", timing) is True  # the year dates the war
    assert answer_cues("date", "When was the war?", [timing]) == [1.0]
    # A year as a time, not a name, still says when; as does one of a thing asked about.
    assert answer_cues("date", start, ["Its blockade of the latter began in December 2022."]) == [1.0]
    assert answer_cues("date", start, ["In 2020, Armenia and Azerbaijan fought a war."]) == [1.0]
    assert answer_cues("date", "When did exports fall?", ["Armenia’s 2022 dairy exports fell."]) == [1.0]


def test_other_years_are_those_of_a_quote_that_names_none_asked_about():
    assert other_years("Who won the 2021 election?", "The 2020 war ended in defeat.") == ("2020",)
    assert other_years("Who won the 2021 election?", "In 2020 and 2019 …") == ("2019", "2020")
    assert other_years("Who won the 2021 election?", "The 2021 vote followed the 2020 war.") == ()
    assert other_years("Who won the 2021 election?", "Pashinyan's party won.") == ()  # no year: may be this one
    assert other_years("Who won the election?", "The 2020 war ended in defeat.") == ()  # no year asked
    assert other_years("What does section 2021 say?", "It took 300 days.") == ()


def test_question_names_are_its_capitalised_runs_past_the_first_word():
    assert question_names("What language is spoken in Armenia?") == ["Armenia"]
    assert question_names("Did Armenia's parliament ratify the Rome Statute?") == ["Armenia's", "Rome Statute"]
    assert question_names("Who is the secretary general of NATO?") == ["NATO"]
    assert question_names("How do I reverse a list in Python?") == ["Python"]  # "I" is no name
    assert question_names("What is the population of the capital?") == []  # the first word's capital is no name
    assert question_names("what language is spoken in armenia?") == []


def test_the_first_word_of_every_sentence_is_no_name():
    assert question_names("How many troops are in Armenia? How many are in Gyumri?") == ["Armenia", "Gyumri"]
    assert question_names("Tell me about the summit. Explain why Pashinyan skipped it.") == ["Pashinyan"]
    # Abbreviations do not end a sentence: the name after them is kept.
    assert question_names("Was it Mr. Pashinyan who met the U.S. State Department?") == [
        "Mr",
        "Pashinyan",
        "State Department",
    ]


def test_a_month_an_acronym_spelt_out_or_a_list_number_names_no_one_new():
    from qa.cues import holds_asked_kind

    who = "What is the name of the official who was recalled from the CSTO?"
    # A month or a weekday is capitalised, but no one's name: it had made any dated sentence a name.
    assert holds_asked_kind("name", who, "The official was recalled on Monday, in September.") is False
    assert answer_cues("name", who, ["It happened on a Monday in late September 2023."]) == [0.0]
    # The spelling out of the question's acronym, and the acronym of a name it spells out.
    spelt = "Armenia recalled its representative to the CSTO (Collective Security Treaty Organization)."
    assert holds_asked_kind("name", who, spelt) is False
    assert holds_asked_kind("name", who, spelt.replace("its representative", "Ivan Petrov")) is True
    spelt_out = "Who was recalled from the Collective Security Treaty Organization?"
    assert holds_asked_kind("name", spelt_out, "Armenia recalled its envoy to the CSTO.") is False
    # A list item's number is a sentence's first word: "On" after it is no name.
    assert holds_asked_kind("name", who, "2. On the fifth, the CSTO recalled its official.") is False
    assert list(_names("2. On September 5, Armenia acted. (b) In Moscow, it did not.")) == [
        "September",
        "Armenia",
        "Moscow",
    ]


def test_a_name_beside_words_of_the_question_is_whom_it_speaks_of():
    question = "Who organised the Kyiv summit that Pashinyan's wife attended in September?"
    # "Pashinyan's wife, Anna Hakobian," names the wife the question speaks of (b4a20, b11a26).
    assert answer_cues("name", question, ["Pashinyan’s wife, Anna Hakobian, attended a summit in Kyiv."]) == [0.0]
    assert answer_cues("name", question, ["The summit was organized by Olena Zelenskaya in Kyiv."]) == [1.0]
    # Beside other words, a name is new.
    assert answer_cues("name", question, ["Ukraine’s first lady, Olena Zelenskaya, hosted it."]) == [1.0]


def test_a_share_is_no_count_of_those_surveyed():
    from qa.cues import holds_asked_kind

    poll = "According to IRI polls, 93 per cent of Armenians in 2019 considered relations good, only 50% now."
    surveyed = "How many people did the International Republican Institute survey for its poll?"
    assert holds_asked_kind("number", surveyed, poll) is False  # blind sets 2 and 6 (b2u06, b6u07)
    assert holds_asked_kind("number", surveyed, "The IRI polled 1,500 people.") is True
    assert holds_asked_kind("number", "how many armenians thought relations were good in 2019", poll) is True


def test_a_share_asked_for_is_given_by_a_percentage_or_a_share_in_words():
    from qa.cues import holds_asked_kind

    share = "What share of Armenia's natural gas imports comes from Russia?"
    dairy = "Armenia’s 2022 dairy exports to Russia totalled around 30 million USD."
    assert holds_asked_kind("number", share, dairy) is False  # blind sets 6, 22 and 23: a sum is no share
    assert holds_asked_kind("number", share, "Russia supplies 87% of Armenia's gas.") is True
    assert holds_asked_kind("number", share, "Russia supplies over half of Armenia's gas.") is True
    assert holds_asked_kind("number", "What percentage of defence depends on Russia?", "It is 99 percent.") is True
    assert holds_asked_kind("number", "What was the total value of trade?", dairy) is True  # a sum, asked


def test_a_sum_of_money_asked_for_is_given_by_a_currency():
    from qa.cues import holds_asked_kind

    promised = "how much money USAID promise to give Armenia for refugees from Karabakh"
    left = "Since the offensive, thousands of ethnic Armenians have left Karabakh for Armenia."
    assert holds_asked_kind("number", promised, left) is False  # blind set 24's b24u12
    assert holds_asked_kind("number", promised, "USAID pledged $11.5 million in aid.") is True
    dairy = "Armenia’s 2022 dairy exports to Russia totalled around 30 million USD."
    assert holds_asked_kind("number", "How much were Armenia's dairy exports to Russia worth?", dairy) is True
    assert holds_asked_kind("number", "How much gas does Armenia import?", left) is True  # a quantity, any figure
    # A monetary value, a price or a cost, and what something was worth (blind set 38's b38u09).
    power = "Samantha Power, head of USAID, called on Baku to let 200 aid trucks through."
    aid = "What was the monetary value of the humanitarian assistance Samantha Power announced?"
    assert question_kind(aid) == "number" and holds_asked_kind("number", aid, power) is False
    assert holds_asked_kind("number", "What price does Armenia pay for gas?", power) is False
    assert question_kind("What was the dairy trade worth in 2022?") == "number"
    assert holds_asked_kind("number", "What was the dairy trade worth in 2022?", dairy) is True
    # The notice of a decline says which figure was asked for.
    from qa.cues import figure_wanted

    assert figure_wanted(promised) == "a sum of money"
    assert figure_wanted("What share of its gas comes from Russia?") == "a share"
    # A learner's "how much percent" asks for a share too (blind set 49's b49u11 had been
    # answered by "30 million USD").
    assert figure_wanted("How much percent of its gas Armenia import from Russia?") == "a share"
    assert figure_wanted("How many per cent of Armenians trust Russia?") == "a share"
    assert figure_wanted("How long did the drills last?") == "a length of time"
    assert figure_wanted("How many troops are there?") == "a figure"
    # A human cost is counted in lives (blind set 44's b44a28 had been declined for no currency).
    assert figure_wanted("What was the human cost of Azerbaijan's offensive?") == "a figure"


def test_a_person_is_no_answer_to_which_country():
    from qa.cues import holds_asked_kind

    countries = "With which countries has Armenia signed its new arms agreements?"
    unnamed = "According to Prime Minister Pashinyan, Armenia is signing new arms agreements."
    assert holds_asked_kind("name", countries, unnamed) is False  # blind set 9, b9u11
    assert holds_asked_kind("name", countries, unnamed.replace("new arms", "arms deals with India and")) is True
    # Someone with a title is still a name for a question asking who.
    assert holds_asked_kind("name", "Which official said Armenia signed them?", unnamed) is True
    # Nor is a body, or an acronym of four letters or more (blind sets 5 and 24).
    body = "In the Armenian Parliament, Prime Minister Pashinyan said Armenia would not attend the CSTO meeting."
    assert holds_asked_kind("name", countries, body) is False
    assert holds_asked_kind("name", countries, "Armenia signed arms deals with the UAE.") is True


def test_according_to_names_whose_words_the_answer_is():
    from qa.cues import according_to

    assert according_to("According to Pashinyan, how reliant is Armenia on Russia?") == "Pashinyan"
    assert according_to("When, according to Pashinyan's September 24 address, did Armenia decide?") == "Pashinyan"
    assert according_to("What does Armenia enjoy, according to Maria Zakharova?") == "Maria Zakharova"
    # A text, a poll or sources are no one's words.
    assert according_to("According to IRI polls, what share of Armenians …?") is None
    assert according_to("According to Armenian sources, how many died?") is None
    assert according_to("According to the RCDS brief, what is unrealistic?") is None
    assert according_to("How many died in the offensive?") is None


def test_words_of_someone_are_theirs_by_name_or_by_going_on_with_them():
    from qa.cues import gives_words_of

    claimed = "In his interview, Pashinyan claimed that Armenian defense is 99% dependent on Russia."
    assert gives_words_of(claimed, "", "Pashinyan")
    assert not gives_words_of("Pashinyan met Macron in Granada.", "", "Pashinyan")  # named, saying nothing
    assert not gives_words_of(claimed, "", "Lavrov")
    # Right after such a sentence: a quotation, a pronoun, or a sentence reporting no one else.
    assert gives_words_of("“It was decided last December,” he said.", claimed, "Pashinyan")
    assert gives_words_of("He also said the partnership was not enough.", claimed, "Pashinyan")
    assert gives_words_of("However, Russia is currently insufficient to ensure its own security.", claimed, "Pashinyan")
    assert not gives_words_of("Lavrov, however, said Armenia had skipped the drills.", claimed, "Pashinyan")
    assert not gives_words_of("However, Russia is weak.", "Pashinyan met Macron in Granada.", "Pashinyan")
    # Spelt another way within one text ("Zaharova" for "Zakharova").
    assert gives_words_of("Armenia both benefits from the EEU.", "According to Zaharova; the media lied.", "Zakharova")


def test_a_question_has_a_subject_when_it_asks_something_beyond_its_names():
    assert question_subject("What language is spoken in Armenia?") == "Armenia"
    assert question_subject("Who is Armenia's foreign minister?") == "Armenia's"
    assert question_subject("How many Russian troops are in Armenia?") == "Russian Armenia"
    # Asking about the names themselves: the answer is rightly all about them.
    assert question_subject("Who is Armen Grigoryan?") is None
    assert question_subject("What is the Zangezur Corridor?") is None
    assert question_subject("Tell me about the CSTO") is None
    assert question_subject("What day was the Summit of First Ladies in Kyiv?") is None  # when was it
    assert question_subject("What year did Armenia join the CSTO?") == "Armenia CSTO"
    assert question_subject("How many troops are there?") is None  # names nothing
    # A quoted title says where to look, not what is asked about.
    asked = "What does 'Decline & Demise' say about the CSTO?"
    assert question_subject(asked) == "Decline Demise' CSTO"
    assert question_subject(asked, ["Decline & Demise"]) == "CSTO"


def test_a_question_typed_in_lower_case_gets_its_names_back_from_the_passages():
    texts = ["Moscow said Armenia and Prime Minister Nikol Pashinyan erred. Moscow again.", "What Armenia hosts."]
    assert recased("what language is spoken in armenia?", texts) == "what language is spoken in Armenia?"
    assert recased("who is nikol pashinyan?", texts) == "who is Nikol Pashinyan?"
    assert recased("what did moscow say?", texts) == "what did moscow say?"  # only ever a sentence's first word
    assert recased("What language is spoken in armenia?", texts) == "What language is spoken in armenia?"  # as typed
    assert question_subject(recased("what language is spoken in armenia?", texts)) == "Armenia"
    # A name opening a bracket or a quotation mid-sentence is written so too.
    assert recased("what is the eaeu", ["the Eurasian Economic Union (EAEU) and"]) == "what is the EAEU"
    assert recased("what is eagle partner", ["the drill was named “Eagle Partner”."]) == "what is Eagle Partner"
    # A word written in lower case too is a common noun a name holds: not a name of the question.
    summit = ["Hakobyan attended the Summit of First Ladies in Kyiv.", "The summit of the ladies was held."]
    assert recased("who organised the ladies summit in kyiv", summit) == "who organised the ladies summit in Kyiv"


_ORIGINAL_QUANTITY = re.compile(cues._S_QUANTITY_WORD.pattern.replace(r"\b(one", r"\d|\b(one", 1), re.I)
_ORIGINAL_DATE = re.compile(cues._DATE_EXPR.pattern, re.I)
_ORIGINAL_LABEL = re.compile(cues._LABEL.pattern, re.I)
_WORDS = st.sampled_from(
    ["troops", "Ten", "per cent", "percent", "September", "Sept.", "19th", "2023", "1990s", "5", "3.5", "-",
     "HALF", "twice", "May", "dec", "10,000", "on", " ", ",", ".", "Section 3.1", "2.", "to", "11"]
)


@given(st.lists(_WORDS, max_size=12).map(" ".join))
def test_the_number_cue_matches_its_plain_definition(sentence):
    """The fast path (lower-cased patterns, digits checked first) decides as the plain regexes do:
    a quantity word, or a digit left once date expressions and labels are removed."""
    plain = float(bool(_ORIGINAL_QUANTITY.search(_ORIGINAL_LABEL.sub(" ", _ORIGINAL_DATE.sub(" ", sentence)))))
    assert answer_cues("number", "how many?", [sentence]) == [plain]


def test_a_quote_holds_the_kind_asked_for_or_the_check_says_no():
    from qa.cues import holds_asked_kind

    def holds(question: str, quote: str) -> bool | None:
        return holds_asked_kind(question_kind(question), question, quote)

    many = "How many Russian border guards are stationed on the Iran frontier?"
    assert holds(many, "Russian border troops also oversee the Armenia-Iran border.") is False
    assert holds(many, "Some 4,500 Russian border guards serve there.") is True
    assert holds(many, "Several thousand Russian border guards serve there.") is True
    assert holds(many, "They arrived in 1992.") is False  # a year is no figure ...
    assert holds("How long has Russia kept troops there?", "They arrived in 1992.") is True  # ... but says how long
    # A number that names (a section, a version, a list item) counts nothing.
    years = "For how many years must I keep offering the source code?"
    assert holds(years, "(a) It must be made available in Source Code Form, as described in Section 3.1.") is False
    assert holds(years, "5.1. The rights granted under this License will terminate.") is False
    assert holds(years, "Licensed under the GNU GPL version 3 or v. 2.0 and sections 5.1 or 5.2.") is False
    assert holds(years, "1. You must keep offering it for three years.") is True
    assert holds(years, "Offer it for at least 3 years.") is True
    # Nor for the answer cue ("4. Recently, Pashinyan gave interviews …" had been quoted for
    # "How much of the country's security …?" over "… defense is 99% dependent on Russia").
    assert answer_cues("number", "how many?", ["2. On September 5, Armenia recalled its envoy."]) == [0.0]
    # "two-fold" says in how many parts or times, not how many of anything ("The key takeaway
    # … is two-fold" had been a figure for "How many people fled Karabakh?").
    assert answer_cues("number", "How many people fled?", ["The key takeaway is two-fold."]) == [0.0]
    assert answer_cues("number", "How many people fled?", ["Two people fled."]) == [1.0]
    # "several" says there is more than one, not how many.
    assert answer_cues("number", "how many?", ["Armenia has taken several steps."]) == [0.0]
    # A range of days is a date, no figure; it says how long something lasted.
    drills = "From September 10 to 11, it hosted Eagle Partner 2023."
    assert holds(many, drills) is False
    assert answer_cues("number", "How many troops took part?", [drills]) == [0.0]
    assert answer_cues("number", "How long did the drills last?", [drills]) == [1.0]
    # "How long did … last?" asks for a length of time: a figure of something else, or a date
    # alone, does not say it (h22 had been answered by "Eagle Partner 2023").
    lasted = "How long did the drills last?"
    assert holds(lasted, "Two countries held the drills, known as Eagle Partner 2023.") is False
    assert holds(lasted, "The drills were held in September 2023.") is False
    assert holds(lasted, "Armenia hosted U.S. troops for 10 days of exercises.") is True
    assert holds(lasted, "In 2020, they fought a six-week war.") is True
    assert holds(lasted, "It had not joined the drills for the last two years.") is True
    # "Since …" says when something began: how long it has gone on, not how long it lasted
    # ("how long did azerbaijans offensive last" had been given two "Since …" sentences a cue).
    began = "Since Azerbaijan started its offensive, thousands of Armenians have left Karabakh."
    assert holds("how long did azerbaijans offensive last", began) is False
    assert answer_cues("number", "How long did the offensive take?", [began]) == [0.0]
    assert holds("How long has Karabakh been cut off?", "It has been cut off since the blockade.") is True
    assert holds("How long were they cut off?", "They were cut off since the blockade began.") is True
    assert holds("How long did the siege last?", "It lasted until the offensive.") is True
    assert holds("How long is the corridor?", "The road is 65 kilometres long.") is True
    assert holds("How old is the treaty?", "It was signed in 1992.") is True
    when = "When does the ferry sail?"
    assert holds(when, "The ferry to Burgas sails at dawn.") is True
    assert holds(when, "The ferry sails after the storm.") is True  # relative to something else
    assert holds(when, "The ferry to Burgas is the fastest way across.") is False
    # A calendar date asked for: words that say when, but give no date, do not answer.
    date = "On what date did the ban come into force?"
    assert holds(date, "Moscow reacted swiftly; consequently the Kremlin banned dairy imports.") is False
    assert holds(date, "The ban took effect on June 12.") is True
    assert holds("What day does the ferry sail?", "It sails on Monday.") is True
    assert holds("In what year did Armenia join?", "Armenia joined soon after the war.") is False
    assert holds("In what year did Armenia join?", "Armenia joined in 1992.") is True
    who = "Who brokered the ceasefire?"
    assert holds(who, "The war ended with a ceasefire brokered by Moscow.") is True  # one word is a name
    assert holds(who, "The war ended with a ceasefire brokered by mediators.") is False
    # A name the question holds, in another form, is no new name.
    road = "What is the name of the road Azerbaijan blocked to cut Karabakh off from Armenia?"
    assert holds(road, "Azerbaijan’s blocking of the only road has cut off the Karabakh Armenians.") is False
    assert holds(road, "Azerbaijan blocked the Lachin Corridor, the only road from Armenia.") is True
    assert holds("Who brokered the Armenian-Azerbaijani talks?", "Talks brokered by Charles Michel.") is True
    assert holds("Who criticised Armenia?", "Theresa May criticised Armenians.") is True  # "Theresa" is not "the"
    # A title alone names no one the question does not.
    arms = "With which countries did Armenia sign the arms deals Pashinyan mentioned?"
    assert holds(arms, "According to Prime Minister Pashinyan, Armenia is signing new arms agreements.") is False
    assert holds(arms, "According to Prime Minister Pashinyan, Armenia signed deals with India.") is True
    said = "What did Lavrov say about the drill?"
    assert holds(said, "Lavrov said the drill was unfriendly.") is True  # reported speech
    assert holds(said, "Lavrov called it “an unfriendly act”.") is True
    assert holds(said, "The drill began on Monday near Yerevan.") is False
    # Kinds that cannot be checked this way, questions asking for a way, and no kind at all.
    assert holds("Why did Aliyev pull out?", "He pulled out.") is None
    assert holds("How can I find out how many CPU cores there are?", "Use os.cpus().") is None
    assert holds("Is Armenia leaving the CSTO?", "Armenia froze its membership.") is None
    # A role question has its own check (qa.roles): this one leaves it alone.
    assert holds("Who is the prime minister of Armenia?", "Pashinyan spoke.") is None


def test_a_name_given_is_asked_for_by_what_it_is_given_to():
    gives = cues.gives_name_to("What mocking nickname does the author give the CSTO?")
    assert gives is not None
    assert gives("The CSTO’s failure … could be more aptly described as the Collective Insecurity Treaty Organization.")
    # A name given to something else, or the thing without a name given.
    assert not gives("Azerbaijan launched what it called an “anti-terrorist operation”.")
    assert not gives("Armenia has frozen its membership of the CSTO.")
    assert cues.gives_name_to("What sarcastic name does the author give the CSTO?") is not None
    # A proper name asked for, or a name given to nothing the question names: no such question.
    assert cues.gives_name_to("What is the name of Armenia's envoy to the CSTO?") is None
    # One pattern asks both: the words-said cue and this special answer read a name given alike.
    assert cues.asks_name_given("What mocking name is given to the CSTO?")
    # Blind set 22: the one who gives it may take more words to say.
    assert cues.asks_name_given("What alternative name did the author of the 'Decline & Demise' essay propose?")
    assert not cues.asks_name_given("What is the name of Armenia's envoy to the CSTO?")
    # Blind set 49 (a learner): a name of mockery is one given, with or without an auxiliary.
    assert cues.asks_name_given("Which ironic name the author give to the CSTO?")
    assert cues.gives_name_to("Which ironic name the author give to the CSTO?") is not None
    assert not cues.asks_name_given("Which new name did the city get?")
    assert cues.gives_name_to("What mocking nickname does the author give the security bloc?") is None


def test_a_denial_is_part_of_a_cue_for_a_yes_no_question():
    sentences = ["Armenia is not pursuing formal withdrawal from the CSTO.", "Armenia has distanced itself."]
    assert answer_cues(None, "Is Armenia going to leave the CSTO completely?", sentences) == [cues.DENIAL_CUE, 0.0]
    assert 0 < cues.DENIAL_CUE < 1  # an affirmation answers too, and has no marker
    assert cues.asks_whether("Will he be replaced?")
    # A polite request, a question of another form, a claim searched for: no cue.
    assert not cues.asks_whether("Can you tell me when the war began?")
    assert answer_cues(None, "What has Armenia done?", sentences) == [0.0, 0.0]
    assert answer_cues(None, "Is not an ally", sentences) == [0.0, 0.0]


def test_a_response_is_told_or_given_in_the_responders_words():
    assert cues.responders("How did Russia's foreign ministry respond to the criticism?") == ["Russia"]
    assert cues.responders("What step did Moscow take after the interview?") == ["Moscow"]
    assert cues.responders("What was Russia's diplomatic reaction to the interview?") == ["Russia"]
    assert cues.responders("How did the ministry react?") == []
    holds = cues.holds_asked_kind
    said = "“Pashinyan's [remarks] are a cause for disgust,” Russia’s Foreign Ministry said in a statement."
    assert holds("response", "How did Russia's foreign ministry respond to Pashinyan's criticism?", said)
    assert holds("response", "How did Moscow react?", "In response, Russia summoned Armenia's Ambassador.")
    # Neither a response nor the responder's words: the offensive itself, or what was responded to.
    offensive = "Azerbaijan launched what it called an “anti-terrorist operation”."
    assert holds("response", "How did Iran react to the offensive?", offensive) is False
    remark = "Lavrov said that “Americans bring trouble wherever they go.”"
    assert holds("response", "How did Pashinyan respond to Lavrov's remark?", remark) is False


def test_keywords_with_their_question_word_last_are_read_as_the_question_they_ask():
    """Blind set 37 (a chat box's short queries): "turkey armenia border reopen when" had been
    read as no question, so nothing checked that a date answered it."""
    assert cues.as_question("csto minsk meeting when") == "When csto minsk meeting?"
    assert question_kind(cues.as_question("turkey armenia border reopen when")) == "date"
    assert question_kind(cues.as_question("two chairs remark who said")) == "name"
    assert question_kind(cues.as_question("lachin corridor how long")) == "number"
    assert cues.as_question("armenia defense minister name") == "What is the name of armenia defense minister?"
    assert question_kind(cues.as_question("medvedev on armenia defeat what said")) == "quote"
    # A question with its word first, or none last, is as it is.
    for text in ("who is yuri kim", "why dairy ban", "karabakh siege compared to what", "What did he say when?"):
        assert cues.as_question(text) == text


def test_an_instruction_is_read_as_the_question_it_asks():
    name = cues.as_question("Name the commander of the Russian peacekeeping contingent.")
    assert name == "What is the name of the commander of the Russian peacekeeping contingent?"
    assert question_kind(name) == "name"
    assert question_kind(cues.as_question("Give the date when Aliyev refused to take part in the meeting.")) == "date"
    assert question_kind(cues.as_question("State the reason the ratification was delayed.")) == "reason"
    # Keywords, or a question already: as they are.
    assert cues.as_question("name change of the CSTO") == "name change of the CSTO"
    assert cues.as_question("Name the envoy who was recalled?") == "Name the envoy who was recalled?"
    # "What exact date …?" asks for one too (blind set 16's b16u01).
    assert question_kind("On what exact date did Moscow's ban on Armenian dairy products take effect?") == "date"
    assert cues.holds_asked_kind("date", "In which precise year was it?", "It was banned swiftly.") is False
    # "What is the date of …?" asks for a date, as "What date …?" does.
    assert question_kind("What is the date of the Brussels forum?") == "date"
    assert question_kind("What's the year Armenia joined the CSTO?") == "date"


def test_a_claim_asked_for_is_not_cued_by_a_scare_quoted_term():
    question = "What false claim has Baku been spreading about Armenia?"
    scare = "While at first the Kremlin tolerated the “incumbent,” Russia allowed Baku to pressure Yerevan."
    told = "Baku’s intensified disinformation efforts to suggest that Armenia is staging military provocations"
    assert answer_cues("quote", question, [scare, told]) == [0.0, 1.0]
    # Quoted words long enough to be a claim still cue it; any quotation cues other words said.
    quoted = "The ministry said Yerevan was “turning Armenia into a hostage to the West’s geopolitical games”."
    assert answer_cues("quote", "What does the ministry claim Yerevan is doing?", [quoted]) == [1.0]
    assert answer_cues("quote", "What did Lavrov say about the drill?", ["Lavrov called it “strange”."]) == [1.0]


def test_a_response_named_as_someone_elses_is_not_the_one_asked_about():
    holds = cues.holds_asked_kind
    moscow = "Armenia’s recent manoeuvres, despite harsh reactions from Moscow, continue."
    assert holds("response", "How did Türkiye react to the drills?", moscow) is False
    assert holds("response", "How did Russia react to the drills?", moscow) is True  # a capital for its country
    assert holds("response", "How did Aliyev react?", "Since then, Armenia’s response has been to diversify.") is False
    # Named as the responder's, by its capital ("In response, Russia summoned …" for Moscow).
    assert holds("response", "How did Moscow react to the drills?", moscow) is True
    assert holds("response", "How did Moscow react?", "In response, Russia summoned Armenia's Ambassador.") is True


def test_a_compound_question_asks_first_what_its_first_part_asks():
    assert question_kind("How did Russia react to Pashinyan's interview, and whom did it summon?") == "response"
    assert question_kind("When did Baku start the blockade and why?") == "date"
    # The first part asks for no kind: the second's counts.
    assert question_kind("What is the only road to Karabakh and who blocked it?") == "name"


def test_a_place_is_cued_by_a_name_that_is_neither_a_body_nor_a_titled_person():
    """Blind sets 6 and 18: "In which city was the November 2023 CSTO meeting held …?" had
    quoted Pashinyan's speech "in the Armenian Parliament" over the meeting "in Minsk"."""
    question = "In which city was the November 2023 CSTO meeting held that Armenia did not attend?"
    speech = (
        "In his speech in the Armenian Parliament, Prime Minister Nikol Pashinyan announced that Armenia would "
        "not attend the CSTO meeting on November 23, 2023."
    )
    minsk = "The last meeting of the CSTO took place in Minsk on November 3, 2023, and Armenia did not attend."
    assert answer_cues("place", question, [speech, minsk]) == [0.0, 1.0]
    assert answer_cues("place", "Where is the Russian base?", ["It is in the town of Gyumri."]) == [1.0]


def test_a_speaker_written_with_full_stops_is_named():
    """Blind set 19's b19a35: "U.S." writes the "US" of "What did the US aid chief call on Baku to do?"."""
    question = "what did the US aid chief call on baku to do"
    power = "Samantha Power, head of the U.S. Agency for International Development, has called on Baku to act."
    assert holds_asked_kind("quote", question, power)
    assert not holds_asked_kind("quote", question, "Samantha Power, head of the agency, has called on Baku to act.")


def test_the_sentence_that_asks_is_told_from_its_preamble():
    astana = (
        "I had thought the CSTO gathering that Armenia stayed away from in November 2023 was held in Astana. "
        "Could you tell me in which city that last meeting took place?"
    )
    assert asking_part(astana) == "Could you tell me in which city that last meeting took place?"
    assert asking_part("Has opinion changed? What do the polls say?") == "What do the polls say?"
    assert asking_part("Who is the head of the U.S. Agency for International Development?").startswith("Who is")
    assert asking_part("Tell me about the CSTO. Please.") == "Please."  # none asks: the last


def test_a_name_only_in_the_preamble_is_not_checked_for_mentions(engine):
    """Blind set 22's b22a17: the writer's wrong guess ("Astana") had declined the question."""
    answer = engine.ask(
        "I had thought the CSTO gathering that Armenia stayed away from in November 2023 was held in Astana. "
        "Could you tell me in which city that last meeting took place?"
    )
    assert answer.unmentioned == () and answer.answered and "Minsk" in answer.quotes[0].text
    assert engine.ask("In which city did the CSTO meet in Astana in November 2023?").unmentioned == ("Astana",)


def test_the_options_a_quiz_question_offers():
    from qa.cues import offered_options

    assert offered_options("Where was it held: Minsk, Astana or Moscow?") == ("Minsk", "Astana", "Moscow")
    offered = ("the UN", "the ICRC", "the OSCE")
    assert offered_options("Which body was let in — the UN, the ICRC or the OSCE?") == offered
    assert offered_options("What did Kyiv ban: wine or dairy") == ("wine", "dairy")
    # No list after a colon or dash, or one item too long to be an option: none offered.
    assert offered_options("Where was the CSTO meeting held?") == ()
    assert offered_options("Note: the drills were held in the south of Armenia, or so they say?") == ()
    assert offered_options("Say: did Armenia, a member since 1991 and a founder of the bloc, leave or stay?") == ()



def test_a_wrong_detail_is_one_name_or_date_and_not_whom_the_question_is_about():
    from qa.cues import about_missing, missing_details

    # One name of several words, joined by lower-case particles, is one detail.
    assert missing_details("Was the interview given to Corriere della Sera?", ["Corriere", "Sera"]) == 1
    assert missing_details("Did Putin meet him in Bishkek at Ala Archa?", ["Bishkek", "Ala", "Archa"]) == 2
    assert missing_details("did it say so in bishkek", ["bishkek"]) == 1
    assert missing_details("Did it happen?", []) == 0
    # Whom the question is about is its first name; a cleft puts the detail it checks first.
    assert about_missing("Did China offer to mediate between Armenia and Azerbaijan?", ["China"])
    assert not about_missing("Did Pashinyan tell the BBC that Armenia is no ally?", ["BBC"])
    assert not about_missing("Was it Kremlin spokesman Dmitry Peskov who said it?", ["Dmitry Peskov"])
    assert about_missing("Is it true that China offered to mediate?", ["China"])


def test_a_date_asked_of_what_someone_did_is_read_in_the_clause_that_does_it():
    # "… refused …, and, from September 10 to 11, it hosted …" dates the hosting, not the refusal.
    from qa.cues import date_giver

    gives = date_giver("In what month did Armenia refuse to host the bloc's military exercises?")
    assert not gives(
        "armenia refused to allow a csto military exercise on its territory, and, from september 10 to 11,"
        " it hosted eagle partner 2023 – a joint military exercise with american troops."
    )
    assert gives("this perception motivated the armenian government's january 2023 decision to refuse to host them.")
    # A sentence whose every clause writes the verb, or none does, is read whole.
    assert gives("on september 19, armenia refused, and on september 20, it refused again.")
    assert gives("in january 2023, the drills were cancelled.")


def test_the_gold_question_on_the_refused_drills_is_answered(engine):
    answer = engine.ask("In what month did Armenia refuse to host the bloc's military exercises?")
    assert answer.answered
    assert "January 2023 decision to refuse to host" in answer.quotes[0].text
