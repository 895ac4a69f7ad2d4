"""What a question asks for, and whether a sentence holds that kind of thing.

A bi-encoder scores a sentence that restates the question's topic as highly as the one that
answers it. What the question asks for — a figure ("how many"), a date ("when"), a name not in
the question ("who"), a cause ("why"), words quoted ("what did X call") — is a cue it does not
weigh. Both retrieval (a passage's best sentence) and the answer step (which sentence to quote)
add it, so it lives here, below both. English cues only; any other text gets no cue.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator, Mapping, Sequence

from qa.bm25 import ENGLISH_STOPWORDS
from qa.mentions import expansion_pattern, without_possessive
from qa.passages import split_sentences
from qa.places import capitals_and_countries, country_names
from qa.roles import (
    TITLE_WORDS,
    asks_who_is,
    leaves_unnamed,
    names_holder,
    post_asked,
    role_before_clause,
    same_name_word,
    says_who,
)

_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_MON = "jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec"
#: A figure asked for in a currency: "What was the trade turnover in dollars?" (a sum of money).
_IN_CURRENCY = r"\b(?:in|how many) (?:(?:us|u\.s\.|american) )?(?:dollars|euros|roubles|rubles|pounds|drams|usd)\b"
_Q_NUMBER = re.compile(
    r"\b(how (many|much|big|large|long|old|far|quickly|fast|often)"
    r"|what (?:(?:is|was|are|were) the )?(?:\w+ )?(percentage|percent|share|proportion|number|amount|sum"
    r"|figure(?! of speech)|size|value|cost|price|volume|toll|total|population|budget))\b"
    r"|\bwhat (?:is|was|are|were)\b.*\bworth\b"
    rf"|{_IN_CURRENCY}",
    re.I,
)
#: A degree asked for: "How reliant is Armenia on Russia for its defence?". A figure often
#: gives it ("99% dependent"), but words may too ("overwhelmingly dependent"): a cue, no check.
_Q_DEGREE = re.compile(r"\bhow (?:reliant|dependent|heavily|strongly|closely)\b", re.I)
#: A sort of thing asked for: "What kind of training did Armenian troops get …?". The answer
#: names one, so it writes the noun ("peacekeeping missions training"): a cue, no check.
_Q_SORT = re.compile(r"\bwhat (?:kinds?|types?|sorts?|forms?) of (?P<noun>[a-z][\w\-]*)", re.I)
#: A route asked for: "What trade route makes Azerbaijan more valuable to Russia than Armenia
#: is?". It is most often a named one ("… the International North-South Transport Corridor"),
#: where the sentences about trade with Russia read as close; but a road may be described
#: rather than named ("… the only road that leads to the Karabakh enclave"), so a sentence
#: naming none is not declined.
_Q_ROUTE = re.compile(
    r"\b(?:what|which)\s+(?:[\w’'\-]+\s+){0,2}?(?:roads?|corridors?|routes?|highways?|railways?|pipelines?)\b", re.I
)
_Q_PLACE = re.compile(
    r"^\W*where\b|\b(in|at|to) (which|what) (\w+ ){0,2}?(city|country|town|village|place|capital|region)\b", re.I
)
_Q_WHO = re.compile(
    r"\b(who|whom|whose)\b|\bwhich (\w+ ){0,2}(politician|official|person|leader|minister|diplomat|president"
    r"|commander|officer|ambassador|envoy|representative|premier|chancellor|senator|governor"
    r"|mayor|secretary|director|chair(?:man|woman|person)?|judge|author|writer|journalist|reporter|analyst|expert"
    r"|spokes\w*|group|organi[sz]ations?|bod(y|ies)|agenc(y|ies)|institutions?|compan(y|ies)|countr(y|ies)"
    r"|nations?|(?:member )?states|governments?|part(y|ies)|outlets?|newspapers?|magazines?|media|people"
    r"|ministr(y|ies)|departments?|authorit(y|ies)|councils?|committees?|commissions?)\b"
    # "general" is a noun only when a verb follows it ("Which Russian general commanded …"):
    # "Which general principle …" asks for no name.
    r"|\bwhich (\w+ ){0,2}generals? (?=(did|does|do|was|were|is|are|has|had|have|will|would|could|can|led|ran"
    r"|met|said|took|gave|made|oversaw|commands|leads|heads|runs|oversees|\w+ed)\b)"
    r"|\bwhat(?: (?:is|was|are|were)|['’]?s) (the )?names? of\b",  # a name asked for, not words said
    re.I,
)
#: A name asked for that is a place's, not a person's: "With which countries has Armenia …?"
_Q_COUNTRY = re.compile(
    r"\bwhich (\w+ ){0,2}(countr(y|ies)|nations?|states?|governments?|cit(y|ies)|capitals?)\b", re.I
)
#: "When …?", "What (exact) date …?", "What is the date of …?".
_Q_DATE = re.compile(
    r"\bwhen\b|\b(what|which) (?:exact |precise |specific )?(year|date|month|day|time)\b"
    r"|\bwhat(?: (?:is|was|are|were)|['’]s) the (?:exact |precise |specific )?(?:year|date|month|day)s?\b",
    re.I,
)
#: A consequence asked for: "What was the consequence of the interview?", "What effect did the
#: defeat have on …?", "What impact did the closure have …?". The sentence that answers tells
#: what followed ("In response, Russia summoned …", "… caused unrest among …"), where the one
#: that restates what the question names reads as close.
_Q_EFFECT = re.compile(r"\bwhat (?:\w+ ){0,2}(?:consequences?|effects?|impacts?|outcomes?|results?)\b", re.I)
_S_EFFECT = re.compile(
    r"\b(?:as a (?:result|consequence)|consequen(?:tly|ces?)|result(?:ed|s|ing)? in|l(?:ed|eads?|eading) to"
    r"|caus(?:e[sd]?|ing)|br(?:ought|ings?|inging)|foster(?:ed|s|ing)?|trigger(?:ed|s|ing)?|prompt(?:ed|s|ing)|spark(?:ed|s|ing)?"
    r"|provok(?:ed|es|ing)|in (?:response|reaction|retaliation)|therefore|thus|hence|so that|meant that)\b"
)
#: What someone predicts, asked for: "What did Pashinyan predict in his televised address would
#: follow from the offensive?", "What does the author warn Putin might do …?". The sentence that
#: answers writes the forecast ("… warned that Azerbaijan's recent offensive would likely result
#: in a massive influx …"), where one about the address or the offensive reads as close.
_Q_PREDICTION = re.compile(
    r"^\W*(?:[\w’'\-]+\W+){0,3}?what\s+(?:[\w’'\-]+\s+){0,6}?"
    r"(?:predict|forecast|foresee|foresaw|expect|anticipate|warn)(?:s|ed)?\b",
    re.I,
)
#: A forecast written: a warning or prediction told, or a modal of what will or may be.
_S_PREDICTION = re.compile(
    r"\b(?:predict\w*|forecast\w*|forese\w*|foresaw|expect\w*|anticipat\w*|warn\w*|likely|unlikely|probabl[ey]"
    r"|risk\w*|danger\w*|(?:will|would|could|might|may|shall|won[’']t)\s+\w+|going to|(?:set|poised|bound) to)\b"
)
#: What someone holds must be done, asked for: "What does the author think must be done about the
#: Karabakh crisis now?", "What solution does the article recommend …?". The sentence that answers
#: prescribes ("… the solution is the immediate and urgent engagement of the Western and
#: international community"), where one that sums up the crisis reads as close.
_Q_REMEDY = re.compile(
    r"\b(?:should|must|ought\s+to|needs?\s+to)\s+be\s+done\b"
    r"|\bwhat(?:['’]?s)?\s+(?:\S+\s+){0,8}?(?:recommend(?:s|ed)?|advocate[sd]?|urge[sd]?|call(?:s|ed)?\s+for)\b"
    r"|\bwhat(?:['’]?s)?\s+(?:\S+\s+){0,2}?(?:solutions?|remed(?:y|ies)|course\s+of\s+action|way\s+out)\b",
    re.I,
)
#: A prescription written: what is the solution, what should or must be done, what is called for.
_S_REMEDY = re.compile(
    r"\b(?:solutions?|remed(?:y|ies)|should|must|ought|needs?\s+to|has\s+to|have\s+to|recommend\w*|urg(?:e|es|ed|ing)"
    r"|call(?:s|ed)?\s+(?:on|for|upon)|advocat\w*|(?:is|are)\s+(?:necessary|imperative|essential|vital|crucial|needed|required))\b"
)
#: What something is compared to, asked for: "What historical siege is the Karabakh blockade
#: compared to?", "karabakh siege compared to what". The sentence that answers writes the
#: likeness ("… evoking comparisons with the siege of Stalingrad", "… just as it banned wine
#: products from Georgia"), where the one that restates the question's words ("the siege of
#: Nagorno-Karabakh …") reads as close. Not "How does A compare with B?" nor "Compared with
#: 2019, how …?": these ask what differs, which the answer need not write as a likeness.
_Q_LIKENESS = re.compile(
    r"^(?!\W*compared\b)(?!.*\bhow\b).*\b(?:compared?|likened|comparisons?)\b",
    re.I,
)
_S_LIKENESS = re.compile(
    r"\b(?:compar(?:ed|es|ing|isons?|able)|likens?|likened|akin to|reminiscent of|evok(?:es|ed|ing)|similar(?:ly| to)"
    r"|just as|in the same way|echo(?:es|ing)? of|as it (?:had|did) (?:previously|before|earlier|once))\b"
)
#: A pretext asked for: "What pretext did Baku use to disguise the road blockade?", "how is baku
#: trying to dress up the blockade". The sentence that answers says what something is passed off
#: as ("… using the pretest [sic] of environmental activism to frame the Karabakh crisis as a civic
#: protest"), or what it was officially explained as; the one that names the blockade again
#: ("The timing of Azerbaijan's imposition of the Karabakh blockade …") reads as close.
_Q_PRETEXT = re.compile(
    r"\b(?:pretexts?|excuses?|guise|pretence|pretense|cover\s+story|disguis\w*|camouflag\w*|masquerad\w*|fa[cç]ade)\b"
    r"|\bwhat\s+(?:\w+\s+)?cover\b|\bdress(?:es|ed|ing)?\s+(?:\w+\s+){0,3}up\b|\bpass(?:es|ed|ing)?\s+(?:\w+\s+){0,3}off\b",
    re.I,
)
_S_PRETEXT = re.compile(
    r"\b(?:pretexts?|guise|pretence|pretense|ostensibly|disguis\w*|camouflag\w*|masquerad\w*|fa[cç]ade|cover\s+(?:story|for)"
    r"|excuses?|official(?:ly)?\s+(?:\w+\s+)?(?:reasons?|explanations?|justifications?|grounds|narratives?|stated)"
    r"|(?:frame[sd]?|framing|portray(?:s|ed|ing)?|present(?:s|ed|ing)?|pass(?:es|ed|ing)?\s+(?:\w+\s+){0,4}off"
    r"|explain(?:s|ed|ing)?|dress(?:es|ed|ing)?\s+(?:\w+\s+){0,4}up)\b[^.;]{0,60}?\bas)\b"
)
#: How someone sees something, asked for: "How does Moscow view Armenia's drift away from it?".
#: The sentence that answers says what it is seen as ("… perceived this separation as a
#: “threat”"), where one about the drift itself reads as close.
_Q_VIEW = re.compile(
    r"\bhow\s+(?:do|does|did|has|have|had|is|was|are|were)\s+(?!(?:i|you|we|u)\b)(?:[\w’'\-]+\s+){1,5}?"
    r"(?:view|views|viewed|see|sees|saw|seen|perceive[sd]?|regard(?:s|ed)?|consider(?:s|ed)?)\b",
    re.I,
)
_S_VIEW = re.compile(
    r"\b(?:perceiv(?:e|es|ed|ing)|perceptions?"
    r"|(?:view(?:s|ed)?|regard(?:s|ed)?|sees?|saw|seen|consider(?:s|ed)?|treat(?:s|ed)?|deem(?:s|ed)?)\s+"
    r"(?:[\w’'\-]+\s+){0,4}?as)\b"
)
#: What was done before something, asked for: "What other pressure did Azerbaijan put on Karabakh
#: before closing the road?". The sentence that answers tells of an earlier time ("Previously,
#: it had cut natural gas supplies …"), where the one about the closing itself reads as close.
_Q_EARLIER = re.compile(r"^(?=.*\bbefore\b)\W*(?:before\b[^,?]*,\s*)?(?:what|which)\b", re.I)
_S_EARLIER = re.compile(
    r"\b(?:previously|earlier|formerly|beforehand|by then|prior to (?:that|this|it)"
    r"|before (?:that|this|then|it)|had (?!to\b)\w+)\b"
)
_Q_WHY = re.compile(r"\bwhy\b|\bwhat (\w+ ){0,2}(reasons?|cause|caused|motivated|drove|convinced|prompted|led)\b", re.I)
#: Words someone said or a name they gave. Not what the article's own author says, thinks or
#: argues, nor what a document says ("What does the README say about …?"): that is a claim
#: in its prose, not words in quotation marks.
_Q_SAY = re.compile(
    # "What evidence is given for the claim that …?" asks for the evidence, not for words said.
    r"^(?!\W*what (?:\w+ )?(?:evidence|proof|basis|grounds)\b)"
    r"(?!.*\bthe (\w+ ){0,3}(author|writer|article|piece|report|paper|study|brief|analysis|essay|post|document"
    r"|readme|licen[cs]e|guide|manual|docs|documentation|section|chapter|page|file|text|book|notes|changelog)s?\b"
    r".*\b(say|says|said|think|thinks|argue|argues|write|writes|claim|claims|describes?|characteri[sz]es?|calls?)\b)"
    # "How did Lavrov characterise the drills?" asks for his words, as "What did … call …?" does.
    r"(?:\W*how\s+(?:did|does|do|has|have|had)\b.*\b(?:describe[sd]?|characteri[sz]e[sd]?)\b"
    r"|\W*what\b.*(?<!so-)\b(say|said|says|describe|described|characteri[sz]e|idiom|metaphor|phrase"
    # "What image did Zakharova use …?" asks for her figure of speech; "What image of Russia …?" not.
    r"|image(?=.*\b(?:use[sd]?|used|employ(?:ed|s)?)\b)"
    r"|(?:nick)?name|moniker|label"
    r"|term|word|claim"
    r"|claimed|tell|told|declare|stated?"
    r"|call(?:ed|s)?(?! (?:\w+ )?(?:back|off|up|in|out)\b))\b)",  # "called him back": recalled, no name given
    re.I,
)
#: A response asked for: "How did Moscow react to Pashinyan's interview?", "What was Russia's
#: diplomatic reaction to …?". The sentence that answers often says only what was done ("In
#: response, Russia summoned Armenia's ambassador"), nothing of what it answered.
_Q_RESPONSE = re.compile(
    r"\bhow (?:did|does|do|has|have|had|was|were|is|are|will|would)\b.*\b(?:react|respond|retaliate)(?:ed|s|ing)?\b"
    r"|\b(?:what|which)\b.*\b(?:reaction|response|retaliation)s?\b"
    # A step taken after or against something: "What trade measure did Moscow take against
    # Armenia after …?"; not "What steps did Armenia take to distance itself …?".
    r"|^(?=.*\b(?:after|following|against|in (?:response|reaction|retaliation))\b)"
    r".*\b(?:what|which) (?:\w+ ){0,2}(?:steps?|actions?|measures?|moves?) (?:did|does|do|has|have|had|will|would)\b"
    r".*\b(?:take|taken|took)\b"
    # What was done after something: "What did Russia do right after Pashinyan's interview …?",
    # "what Russia did after …"; not what someone was asked to do ("… urge Baku to do after …").
    r"|\bwhat (?:(?:did|does|has|have|had|will|would) (?:(?!to\b)[\w’'-]+ ){1,3}do|(?:[\w’'-]+ ){1,3}did)"
    r" (?:\w+ ){0,2}(?:after|following)\b",
    re.I,
)
# What a sentence holds. These five patterns match lower-cased text (see ``answer_cues``).
#: A day of a month: "september 19", "sept. 24th", "september 10 to 11", "9-10 november".
_DAY_OF_MONTH = (
    rf"({_MONTHS}|{_MON})\.? \d{{1,2}}(st|nd|rd|th)?(\s*(-|–|to|and)\s*\d{{1,2}}(st|nd|rd|th)?)?\b"
    rf"|\d{{1,2}}(st|nd|rd|th)?(-\d{{1,2}})? ({_MONTHS}|{_MON})\b\.?"
)
_DATE_EXPR = re.compile(rf"\b({_DAY_OF_MONTH}|(1[89]|20)\d\d)")
_S_DATE = re.compile(
    rf"\b(1[89]\d\d|20\d\d|{_MONTHS}|{_MON}|yesterday|today|tomorrow|last (week|month|year)"
    r"|spring|summer|autumn|fall|winter|\d0s)\b",
)
_S_QUANTITY_WORD = re.compile(
    r"\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty"
    r"|hundreds?|thousands?|millions?|billions?|dozens?|half|double|twice|majority|minority"
    r"|per ?cent|percent)\b(?!-fold\b)",
)
_DIGIT = re.compile(r"\d")
#: Numbers that name rather than count: "section 3.1", "sections 5.1 or 5.2", "version 2.0",
#: "v. 2.0", a list item's "2." or "(3)" at the start (lower-cased text).
_NUMBERS = r"\d+(?:\.\d+)*(?:\s*(?:,|or|and|to|-)\s*\d+(?:\.\d+)*)*"
_LABEL = re.compile(
    rf"\b(?:sections?|articles?|clauses?|paragraphs?|chapters?|versions?|v\.?|exhibit|appendix)\s*{_NUMBERS}"
    rf"|§+\s*{_NUMBERS}|^\W*\(?\d{{1,3}}(?:\.\d+)*[.)](?=\s)"
)
_S_CAUSE = re.compile(
    r"\b(because|due to|reasons?|as a result|result of|in order to|so as to|aim(ed|s)? (at|to)|driven by"
    r"|owing to|caused by|motivated|given (that|the)|fear(s|ed)?|concerns?|since|thanks to|led to|consequently"
    r"|therefore|hence|in response|after|amid)\b",
)
_S_RESPONSE = re.compile(
    r"\b(?:in (?:response|reaction|retaliation|return)|respond(?:ed|s|ing)?|responses?|react(?:ed|s|ing|ions?)?"
    r"|retaliat\w*|backlash(?:es)?|consequently)\b"
)
#: What a denial writes: "Armenia is not pursuing formal withdrawal from the CSTO", "… there are
#: no plans to appoint a new representative", "separation … is out of the question".
_NEGATION = re.compile(r"\b(?:not|no|never|neither|nor|none|out of the question)\b|n[’']t\b", re.I)
#: The cue of a denial for a yes/no question, less than a whole cue: such a question is answered
#: by a sentence that affirms it as well as by one that denies it, and only a denial has a word
#: that marks it. A whole cue displaced two affirmations (blind set 1's f20, blind set 10's b10a24,
#: "Does Russia view Armenia's separation as a threat?"); 0.3 to 0.7 displaced none, and 0.7
#: keeps every denial gained (docs/retrieval-and-answers.md).
DENIAL_CUE = 0.7
#: Quoted words that could be a claim: three words or more, not a scare-quoted term ("the
#: “incumbent,”").
_S_QUOTED_CLAIM = re.compile(r"[“\"«‘](?:[^”\"»’\s]+\s+){2,}[^”\"»’]*[”\"»’]")
_S_QUOTE = re.compile(r"[“”\"«»]|‘\w|\w’ |'\w+'")
#: A run of capitalised words: "Charles Michel", "La Repubblica" (a name), "Minsk" (a place).
_NAME = re.compile(r"\b[A-Z][\w’'\-]*(?:\s+(?:of\s+|de\s+|the\s+)?[A-Z][\w’'\-]*)*")


#: A stop followed by more words: the text may hold more than one sentence.
_INNER_STOP = re.compile(r"[.?!…]\S*\s+\w")
#: A sentence's first word, past a list item's number ("2. On September 5, …", "(b) In …").
_FIRST_WORD = re.compile(r"\W*(?:\d{1,3}[.)]\s+|\(?[a-z\d]{1,3}\)\s+)?\w+")
#: A capitalised word after a lower-case word or a comma: a name, not a sentence's first word;
#: also one opening a bracket or a quotation there ("the Eurasian Economic Union (EAEU)").
_MID_SENTENCE_CAPITAL = re.compile(r"(?:(?<=[a-z,;] )|(?<=[a-z,;] [(\[“‘\"']))[A-Z]\w*")
#: Words that ask without saying what about ("Who is ...?", "Tell me about ...", "What does ... mean?";
#: "What day was …?" asks what "When was …?" asks).
_ASKING_WORDS = frozenset(
    "who whom whose what which when where why how is are was were be been being am the a an of in on at to for"
    " about do does did me us tell explain describe define meaning mean means s exactly really"
    " day date year month time".split()
)

#: What a question asks for, the first that matches: "how many did who ..." asks for a number.
_KINDS = (
    ("number", _Q_NUMBER),
    ("place", _Q_PLACE),
    ("name", _Q_WHO),
    ("date", _Q_DATE),
    ("reason", _Q_WHY),
    ("effect", _Q_EFFECT),
    ("prediction", _Q_PREDICTION),
    ("remedy", _Q_REMEDY),
    ("quote", _Q_SAY),
    ("earlier", _Q_EARLIER),
    ("response", _Q_RESPONSE),
    ("degree", _Q_DEGREE),
    ("likeness", _Q_LIKENESS),
    ("view", _Q_VIEW),
    ("pretext", _Q_PRETEXT),
    ("sort", _Q_SORT),
    ("route", _Q_ROUTE),
)

#: Kinds whose check names what is asked specifically enough to vouch for a quote: one that
#: holds the name, the place, the response, the words said, the pretext, the prediction or the
#: prescription asked for is answered from a lower cosine (``AnswerSettings.confirmed_threshold``).
#: Not a figure or a date: nearly every sentence of news holds one, and "How many people live in
#: Nakhchivan?" had been answered by a count of the dead, "what year did pashinyan become prime
#: minister" by the date of a CSTO meeting he skipped.
CONFIRMING_KINDS = frozenset({"name", "place", "response", "quote", "pretext", "prediction", "remedy"})
#: Kinds so seldom written that the best sentence writing one answers, wherever it ranks among
#: the candidates, when the best-scored sentence writes none (``AnswerSettings.kind_fallback``
#: lifts other kinds only from close behind it): a corpus frames few things as pretexts and
#: prescribes few remedies, and the sentence that does is read far from the question ("… using
#: the pretest of environmental activism to frame the Karabakh crisis as a civic protest").
RARE_KINDS = frozenset({"pretext", "remedy"})
#: How a notice names each kind: "the question asks for a figure; …".
KIND_NAMES = {
    "number": "a figure",
    "place": "a place",
    "name": "a name",
    "date": "a date",
    "reason": "a reason",
    "effect": "a consequence",
    "quote": "what someone said",
    "earlier": "what came before",
    "response": "a response",
    "degree": "a degree",
    "sort": "a sort of thing",
    "likeness": "a comparison",
    "view": "how something is seen",
    "pretext": "a pretext",
    "prediction": "a prediction",
    "remedy": "what should be done",
    "route": "a route",
}

#: A question is asked as one: it ends with "?" or opens with a question word. A search for a
#: statement ("patients who took ... when ...") holds "who" and "when" as relative words, and
#: asks for no kind of thing: SciFact's claims are such queries (7 of 300 would have got a cue).
#: "how many" / "how much" ask wherever they stand ("sept 2022 attack how many soldiers killed").
#: A question typed without "?" may open with a preposition before its question word ("on
#: what date did …", "in which city …", "for how long …").
_QUESTION_FORM = re.compile(
    r"\?[\W]*$"
    r"|^\W*(?:(?:on|in|at|for|by|to|from|since|until|till|of|with|during|after|before|under)\s+)?"
    r"(who|whom|whose|what|whats|when|where|which|why|how)\b"
    r"|\bhow (many|much)\b",
    re.I,
)

#: A search typed as keywords names what it asks for by a noun: "karabakh blockade start date",
#: "armenian death toll sept 19 offensive", "number of us troops in the drills", "karabakh siege
#: compared to what". Only there: a
#: claim searched for may hold such words anywhere ("The amount of DNA data doubles …", SciFact).
_KEYWORDS_ASK = re.compile(
    r"^\W*(?:number|amount)\s+of\b|\b(?:death\s+toll|casualt(?:y|ies))\b"
    r"|(?P<date>^\W*date\s+of\b|\bdates?\W*$)|(?P<likeness>\b(?:compared|likened)\s+(?:to|with)(?:\s+what)?\W*$)",
    re.I,
)

#: A question opening with its verb asks whether; a question word in it opens a clause ("Has
#: Azerbaijan disclosed how many …?", "Did the official who testified … believe …?"), also
#: negated ("Didn't …?", "Isn’t …?"). Not a polite request, which asks what its clause asks
#: ("Can you tell me when the war began?", "Can't you tell me …?": the verb is read whole).
_YES_NO = re.compile(
    # Longer words first: the group is atomic, so "do" matched in "Does" would never give way.
    r"\W*(?>(?:is|are|was|were|does|do|did|has|have|had|could|would|should|must)(?:n['’]?t)?"
    r"|can(?:not|['’]?t)?|will|won['’]?t)\b(?!\s+(?:you|u|we|i|anyone|anybody|someone|somebody)\b)",
    re.I,
)

#: The question's own question word: the first one it holds.
_WH_WORD = re.compile(r"\b(who|whom|whose|what|whats|which|when|where|why|how)\b", re.I)
#: After the question's own question word, "who" and "when" open a clause about something else:
#: "Which humanitarian body was the lone exception when Baku barred access?" asks for a name,
#: not a date; "What did Lavrov say when asked …?" for words said.
#: One after "and" asks a second question ("What is the only road to Karabakh and who blocked it?").
_RELATIVE = re.compile(r"(?<!\band )\b(who|whom|whose|when)\b", re.I)


#: A question put as an instruction, as a quiz or an exam writes it: "Name the Russian official
#: who …", "Give the date when …", "State the reason …", "Identify the minister who …".
_IMPERATIVE = re.compile(
    r"^\W*(?:(?P<name>name)|give|state|identify)\s+(?P<rest>(?:the|a|an|one|two|three|all|each)\s+\S.*?)[.!]?\s*$",
    re.I | re.S,
)


def asking_part(question: str) -> str:
    """The sentence of ``question`` that asks, when it is written as several: the last one
    ending with "?", else the last. What comes before is context, which may be wrong ("I had
    thought the meeting was held in Astana. Could you tell me in which city …?")."""
    parts = [question[a:b] for a, b in split_sentences(question, 0, len(question))] or [question]
    return next((p for p in reversed(parts) if p.endswith("?")), parts[-1])


#: Options a question offers, after a colon or a dash, as a quiz does: "…: Minsk, Astana or
#: Moscow?", "…: the UN, the ICRC or the OSCE?", "… — wine or dairy?". Each of at most six words.
_OPTIONS = re.compile(r"[:—–]\s*(?P<list>[^:—–?]+?)\s*\?*\s*$")
_OPTION_SPLIT = re.compile(r"\s*,\s*(?:or\s+)?|\s+or\s+")


def offered_options(question: str) -> tuple[str, ...]:
    """The answers a question offers to choose from ("Where was it held: Minsk, Astana or
    Moscow?" offers three), or none. They are candidates, not what the question is about:
    the documents need mention only the right one (the mention check), and the question's
    subject leaves them out."""
    match = _OPTIONS.search(question)
    if match is None or not re.search(r"\sor\s", match.group("list")):
        return ()
    options = tuple(o.strip() for o in _OPTION_SPLIT.split(match.group("list")) if o.strip())
    if len(options) < 2 or any(len(o.split()) > 6 for o in options):
        return ()
    return options


def about_missing(question: str, missing: Sequence[str]) -> bool:
    """Whether one of ``missing`` (names no document mentions) is whom the question is about,
    its first name: "Did China offer to mediate …?" is not answered by another country's
    offer, whereas in "Did Pashinyan tell the BBC …?" the BBC is a detail a quote may correct.
    A question asked as "Was it X who …?" ("Was it in an interview with the BBC that …?") is
    about what follows: X is the detail it checks."""
    asking = asking_part(question)
    if not missing or _CLEFT.match(asking):
        return False
    first = question_names(asking)[:1]
    return not first or first[0] in missing


#: "Was it Peskov who …?"; not "Is it true that …", which asks about all that follows.
_CLEFT = re.compile(r"\W*(?:is|was|are|were)(?:n['’]?t)?\s+it\s+(?!true\b|the\s+case\b)", re.I)
#: Lower-case words inside a name: "Corriere della Sera", "Ludwig van Beethoven", "Bank of England".
_NAME_PARTICLE = r"(?:of|the|de|del|della|di|da|do|dos|du|la|le|van|von|der|den|al|el|bin|ibn|y)"


def missing_details(question: str, missing: Sequence[str]) -> int:
    """How many names of the question the ``missing`` words make: "Corriere della Sera" is
    one, though "Corriere" and "Sera" are each missing."""
    asking = asking_part(question)
    spans = sorted((m.start(), m.end()) for w in set(missing) for m in re.finditer(rf"\b{re.escape(w)}\b", asking))
    joined = sum(
        re.fullmatch(rf"\s+(?:{_NAME_PARTICLE}\s+){{0,2}}", asking[end:start]) is not None
        for (_, end), (start, _) in itertools.pairwise(spans)
    )
    unseen = sum(not re.search(rf"\b{re.escape(w)}\b", asking) for w in set(missing))
    return len(spans) - joined + unseen


#: A search typed as keywords with its question word last, as a chat box gets them: "csto
#: minsk meeting when", "two chairs remark who said", "lachin corridor how long",
#: "armenia defence minister name". Not a text opening with a question word or a verb.
_ASKED_LAST = re.compile(
    r"^(?P<rest>\w.*?)\s+(?P<wh>(?:who|when|where|why|how(?:\s+(?:many|much|long|big|large|old|far|often))?)"
    r"(?:\s+(?:said|says))?|what\s+(?:said|says|say)|name)\W*$",
    re.I | re.S,
)


def as_question(text: str) -> str:
    """An instruction read as the question it asks ("Name the commander of …" as "What is the
    name of the commander of …?"), and keywords with their question word last ("csto minsk
    meeting when" as "When csto minsk meeting?"), so that what it asks for is read as from a
    question: a name, a date, a reason. Any other text is returned as it is."""
    if (last := _ASKED_LAST.match(text)) is not None and not _QUESTION_FORM.search(last.group("rest")):
        rest, wh = last.group("rest"), " ".join(last.group("wh").split())
        if wh.lower() == "name":
            return f"What is the name of {rest}?"
        if wh.lower().startswith("what"):
            return f"What did {rest} say?"
        return f"{wh[0].upper()}{wh[1:]} {rest}?"
    match = _IMPERATIVE.match(text)
    if match is None or match.group("rest").endswith("?"):
        return text
    rest = match.group("rest")
    if match.group("name"):
        return f"What is the name of {rest}?"
    return f"What is {rest}?"


def asks_whether(question: str) -> bool:
    """Whether ``question`` is a yes/no question ("Is Armenia going to leave the CSTO?"), asked
    as a question: not a polite request ("Can you tell me …?"), nor a claim searched for."""
    return bool(_QUESTION_FORM.search(question) and _YES_NO.match(question))


#: Where a compound question's second question starts: "…, and whom did it summon?".
_SECOND_QUESTION = re.compile(r",?\s+and\s+(?=(?:who|whom|whose|what|whats|when|where|which|why|how)\b)", re.I)


def question_kind(question: str) -> str | None:
    """What kind of thing the question asks for, when its wording says so (English cues). A
    question written as several sentences asks in one of them (``asking_part``): "… But what was
    the trade turnover in dollars? I can't find a number anywhere." asks for a sum of money."""
    question = asking_part(question)
    if not _QUESTION_FORM.search(question):
        asked = _KEYWORDS_ASK.search(question)
        return None if asked is None else next((k for k in ("date", "likeness") if asked.group(k)), "number")
    if asks_whether(question):
        return None  # whether, not what: "Has Azerbaijan disclosed how many soldiers it lost?"
    # A compound question ("How did Russia react …, and whom did it summon?") asks first what its
    # first part asks; the second part's kind counts when the first asks for none ("What is the
    # only road to Karabakh and who blocked it?").
    parts = _SECOND_QUESTION.split(question, maxsplit=1)
    return next((kind for part in parts if (kind := _part_kind(part)) is not None), None)


def _part_kind(question: str) -> str | None:
    """What one question asks for, by the first of ``_KINDS`` its words match."""
    if (first := _WH_WORD.search(question)) is not None:
        question = question[: first.end()] + _RELATIVE.sub("that", question[first.end() :])
    # Who a person is, asked by their post ("What title does Samantha Power hold?"), is a name
    # asked for, as "Who is …?" is (``qa.roles.post_asked``).
    return next(
        (kind for kind, pattern in _KINDS if pattern.search(question) or (kind == "name" and post_asked(question))),
        None,
    )


#: Kinds a sentence holds by writing what its pattern reads (in lower case): a view, a pretext, a
#: likeness, a prescription. A prediction is written so too, or said (``_writes_kind``).
_WRITTEN_KINDS = {"view": _S_VIEW, "pretext": _S_PRETEXT, "likeness": _S_LIKENESS, "remedy": _S_REMEDY}


def _writes_kind(kind: str, lowered: str) -> bool:
    """Whether a sentence (``lowered``: in lower case) writes the thing of ``kind`` asked for; the
    cue and the check read it alike. A prediction is a forecast written or words quoted: a
    warning is said."""
    if kind == "prediction":
        return bool(_S_PREDICTION.search(lowered) or _S_QUOTE.search(lowered))
    return _WRITTEN_KINDS[kind].search(lowered) is not None


def writes_asked(kind: str | None, text: str) -> bool:
    """Whether ``text`` writes the likeness or the pretext a question of ``kind`` asks for. Such a
    sentence answers in few words of its own ("… evoking comparisons with the siege of Stalingrad
    during World War II"), so it may read no closer to the question than to the names it shares
    with it: the subject check lets it be."""
    return kind in ("likeness", "pretext") and _writes_kind(kind, text.lower())


#: Kinds whose sentence patterns are written in lower case (``answer_cues``).
_LOWER_CASE_KINDS = frozenset(
    "number date reason effect earlier response degree likeness pretext view prediction remedy".split()
)


def answer_cues(kind: str | None, question: str, sentences: Sequence[str]) -> list[float]:
    """Per sentence, 1 when it holds the kind of thing the question asks for, else 0.

    Dates do not count as figures; a name counts only when the question does not hold it,
    and for a question about who holds a role or who a person is, only when the sentence says so
    (``qa.roles``).
    """
    if kind is None:
        if asks_whether(question):
            # "Was the siege compared to Leningrad's?" is answered by the likeness the documents
            # write ("… evoking comparisons with the siege of Stalingrad"), as well as by a denial.
            likeness = _Q_LIKENESS.search(question) is not None
            return [
                max(DENIAL_CUE * bool(_NEGATION.search(s)), float(likeness and bool(_S_LIKENESS.search(s.lower()))))
                for s in sentences
            ]
        return [0.0] * len(sentences)
    if kind in _LOWER_CASE_KINDS:
        # Their patterns are written in lower case: matching lower-cased text is about twice
        # as fast as re.I, and retrieval reads the cue of a few hundred sentences per question.
        sentences = [s.lower() for s in sentences]
    if kind in ("number", "degree"):
        gives = figure_giver(question)
        return [float(gives(s)) for s in sentences]
    if kind == "date":
        gives = date_giver(question)
        return [float(gives(s)) for s in sentences]
    if kind == "name" and (asked := asks_who_is(question)) is not None:
        # "Who is the prime minister of Armenia?": a name is not enough, it must be named as
        # the holder of that role ("Armenian Prime Minister Nikol Pashinyan"); "Who is Maria
        # Zakharova?": a sentence must say what she is ("… Spokesman Maria Zaharova"): ``qa.roles``.
        return [float(says_who(asked, s)) for s in sentences]
    if kind == "route":
        # A road's or a corridor's name, not a country's or a people's.
        known = _name_words(question)
        return [float(names_thing(s, known)) for s in sentences]
    if kind in ("name", "place"):
        asked = _question_words(question)
        place = kind == "place"
        return [_names_new(s, question, asked, place, no_people=place) for s in sentences]
    if kind == "reason":
        return [float(bool(_S_CAUSE.search(s))) for s in sentences]
    if kind == "response":
        return [float(tells_response(s)) for s in sentences]
    if kind == "effect":
        return [float(bool(_S_EFFECT.search(s))) for s in sentences]
    if kind == "earlier":
        return [float(bool(_S_EARLIER.search(s))) for s in sentences]
    if kind in _WRITTEN_KINDS or kind == "prediction":
        return [float(_writes_kind(kind, s)) for s in sentences]
    if kind == "sort":
        return [float(writes_noun(question, s)) for s in sentences]
    who = speaker(question)
    # A name asked for as one given is cued by a sentence giving it ("… described as the
    # Collective Insecurity Treaty Organization"), not by any quotation mark: scare quotes
    # ("“frozen” conflicts") are everywhere in commentary.
    quoted = None if asks_name_given(question) else _S_QUOTED_CLAIM if _Q_CLAIM.search(question) else _S_QUOTE
    told = told_unquoted(question)
    return [
        float(bool((quoted is not None and quoted.search(s)) or told(s)) and (who is None or _names_speaker(s, who)))
        for s in sentences
    ]


#: A claim asked for: "What does Azerbaijan's disinformation campaign claim Armenia is doing?",
#: "What false claim has Baku been spreading?". What is claimed is often told, not quoted:
#: "… disinformation efforts to suggest that Armenia is staging military provocations".
_Q_CLAIM = re.compile(r"\b(?:claims?|claimed|allege[sd]?|allegations?|accus(?:e[sd]?|ations?))\b", re.I)
_S_CLAIM = re.compile(
    r"\b(?:claim(?:s|ed|ing)?|suggest(?:s|ed|ing)?|alleg(?:e[sd]?|ing)|assert(?:s|ed|ing)?|insist(?:s|ed|ing)?"
    r"|accus(?:e[sd]?|ing)\s+\w+(?:\s+\w+)?\s+of)\s+(?:that\b|\w+ing\b)",
    re.I,
)


#: A name someone gives a thing, asked for as such: "What mocking nickname does the author give
#: the CSTO?", "What sarcastic name does the author give the bloc?", "What name is given to …?".
#: Not "What is the name of the envoy …?", which asks for a proper name.
_Q_NAME_GIVEN = re.compile(
    r"\b(?:nick ?names?|monikers?|labels?)\b"
    # A name of mockery is one given, however the question is worded ("Which ironic name the
    # author give to the CSTO?", a learner's question without its auxiliary).
    r"|\b(?:ironic(?:al)?|sarcastic|mocking|derisive|satirical|pejorative|disparaging|scornful|sneering|jokey|joking)"
    r" (?:(?:nick)?names?|titles?|terms?)\b"
    r"|\bnames? (?:do|does|did|has|have|had|is|was|are|were) (?:\w+\W+){0,8}?"
    r"(?:give|gave|given|suggest(?:s|ed)?|coin(?:s|ed)?|use[sd]?|propose[sd]?)\b",
    re.I,
)
#: A name given without quotation marks: "… could be more aptly described as the Collective
#: Insecurity Treaty Organization", "… dubbed the Iron Lady".
_S_NAMING = re.compile(
    r"\b(?:called|dubbed|described as|known as|termed|label+ed(?: as)?|nicknamed|referred to as)"
    r"\s+(?:the\s+|a\s+|an\s+)?[A-Z“\"‘']"
)


def asks_name_given(question: str) -> bool:
    """Whether ``question`` asks for a name someone gives something, which a text may write
    without quotation marks (``_S_NAMING``)."""
    return bool(_Q_NAME_GIVEN.search(question))


def gives_name_to(question: str) -> Callable[[str], bool] | None:
    """For a question asking for the name someone gives a thing it names ("What mocking
    nickname does the author give the CSTO?"), whether a sentence gives a name (``_S_NAMING``)
    and writes one of the question's names; None for any other question, or one that names
    nothing ("… the Russian-led bloc", unless read as the CSTO: ``qa.referents``)."""
    if not asks_name_given(question):
        return None
    names = [without_possessive(name) for name in question_names(question)]
    patterns = [re.compile(rf"\b{re.escape(name)}\b", re.I) for name in names if len(name) > 1]
    if not patterns:
        return None
    return lambda text: bool(_S_NAMING.search(text)) and any(p.search(text) for p in patterns)


def told_unquoted(question: str) -> Callable[[str], bool]:
    """Whether a sentence gives what a words-said question asks for without quotation marks: a
    name given (``_S_NAMING``) or a claim told (``_S_CLAIM``), when the question asks for one.
    The cue and the kind check read it alike."""
    patterns = [
        pattern
        for pattern, asked in ((_S_NAMING, asks_name_given(question)), (_S_CLAIM, bool(_Q_CLAIM.search(question))))
        if asked
    ]
    return lambda text: any(p.search(text) for p in patterns)


#: Who said it: the capitalised run after the question's auxiliary ("What did Lavrov call …?",
#: "What idiom did Maria Zakharova use …?"). Not a document's author ("What does Adam Morrow's
#: report say …?").
_SPEAKER = re.compile(
    r"\b(?i:what)\b(?:\s+[a-z]+){0,3}?\s+(?i:did|does|has|had|do)\s+(?:the\s+)?([A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*)*)"
)


#: The same, asked without the auxiliary, as a learner may: "What Lavrov said about the drill?".
_SPEAKER_BARE = re.compile(
    r"^\W*(?i:what)\s+([A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*)*)\s+"
    r"(?i:said|says|told|tells|stated|states|claimed|claims|called|calls|declared|announced|wrote|writes)\b"
)


def _speaker_match(question: str) -> re.Match[str] | None:
    """Where the question names who said what it asks for; None when it names no one so (a
    possessive names whose words they are not: "What did Pashinyan's spokesman say?")."""
    match = _SPEAKER.search(question) or _SPEAKER_BARE.search(question)
    return None if match is None or match.group(1).endswith(("'s", "’s")) else match


def speaker(question: str) -> str | None:
    """Who said what the question asks for, as the question writes the name; None when it names
    no one so."""
    match = _speaker_match(question)
    return match.group(1) if match else None


#: "What did Lavrov say?" and nothing more: the question opens "What did", and after the
#: speaker's name come only a verb of saying and a few words that ask about nothing ("… say
#: about it", "… say recently").
_Q_WHAT_DID = re.compile(r"\W*what\s+(?:did|does|has|had|do)\s", re.I)
_ONLY_SAID_AFTER = re.compile(
    r"\s+(?:(?:ever|just|actually|really|publicly|officially)\s+)?"
    r"(?:say|said|tell|told|state|stated|claim|claimed|declare|declared|announce|announced)"
    r"(?:\s+(?:about\s+(?:it|this|that)|so\s+far|publicly|then|lately|recently))?\W*",
    re.I,
)


def only_said(question: str) -> str | None:
    """Who a question asks about when it asks only what they said ("What did Lavrov say?"), as
    the question writes the name (the engine recases one typed in lower case); None for any
    other question: "What did Lavrov say about the drill?" asks about something, and the
    general rules weigh that."""
    question = question.strip()
    match = _speaker_match(question) if _Q_WHAT_DID.match(question) else None
    if match is None or not _ONLY_SAID_AFTER.fullmatch(question, match.end(1)):
        return None
    return match.group(1)


#: "According to Pashinyan, …", "…, according to Lavrov?": whose word the answer is to be. A
#: capitalised run not led by "the" nor followed by a word for a text or a poll ("according to
#: the RCDS brief", "according to IRI polls", "according to Armenian sources").
_ACCORDING_TO = re.compile(
    r"\b(?i:according\s+to)\s+(?!the\b)(?:([A-Z][\w\-]*(?:\s+[A-Z][\w\-]*)*)['’]s\b"
    r"|([A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*)*)(?![\w’'\-]*\s+[a-z]))"
)


def according_to(question: str) -> str | None:
    """The person a question says the answer is the word of ("According to Pashinyan, how
    reliant is Armenia on Russia?"), as the question writes the name; None when it names none.
    A name followed by another word ("according to Armenian sources") is no person's, unless
    it is theirs ("according to Pashinyan's September 24 address")."""
    match = _ACCORDING_TO.search(question)
    return None if match is None else match.group(1) or match.group(2)


def gives_words_of(sentence: str, before: str, who: str) -> bool:
    """Whether ``sentence`` gives ``who``'s words: it names them and quotes or reports speech
    ("In his interview, Pashinyan claimed that …"), or it comes right after a sentence that
    does and goes on with those words: it is all quotation or opens with a pronoun ("… Mr.
    Pashinyan asserted that …" before "“The decision to ratify … was made last December …,” he
    said"), or reports no one's speech itself ("… Pashinyan claimed that Armenian defense is 99%
    dependent on Russia." before "However, Russia is currently insufficient to even ensure its
    own security.")."""
    if _writes_name(sentence, who, loose=True):
        return _says(sentence)
    if not (_writes_name(before, who, loose=True) and _says(before)):
        return False
    return _unattributed(sentence, loose=True) or not _S_SPEECH.search(sentence.lower())


def _says(text: str) -> bool:
    """Whether ``text`` quotes or reports speech."""
    return bool(_S_QUOTE.search(text) or _S_SPEECH.search(text.lower()))


def quotes_speaker(sentence: str, who: str) -> bool:
    """Whether ``sentence`` names ``who`` (however transliterated: "Zaharova" for "Zakharova")
    and holds quotation marks. Reported speech is not enough: a verb of saying is too often
    something else ("Putin is declared a war criminal")."""
    return bool(_S_QUOTE.search(sentence)) and _writes_name(sentence, who, loose=True)


#: A sentence whose subject is a pronoun ("He also said …") names its speaker in one before it.
_PRONOUN_FIRST = re.compile(r"\W*(?:He|She|They|It)\b")


def _names_speaker(sentence: str, who: str, loose: bool = False) -> bool:
    """Whether the sentence may give the speaker's words: it names the speaker, or it is all
    quotation, and so goes on with whoever spoke before it; ``loose`` (for the kind check, which
    declines), also one opening with a pronoun ("He also said …"). Quoted words of someone
    else do not answer what the speaker said ("What idiom did Zakharova use?" is not answered
    by "… defined by a pursuit of “complementarity”")."""
    return _unattributed(sentence, loose) or _writes_name(sentence, who, loose)


def _unattributed(sentence: str, loose: bool = False) -> bool:
    """All quotation (or, ``loose``, opening with a pronoun): words that go on with whoever
    spoke before them."""
    return sentence.lstrip().startswith(("“", '"')) or (loose and bool(_PRONOUN_FIRST.match(sentence)))


#: An acronym written with full stops: "U.S.", "U.K.".
_DOTTED = re.compile(r"\b(?:[A-Z]\.){2,}")


def _writes_name(sentence: str, who: str, loose: bool = False) -> bool:
    """Whether the sentence writes the name ``who``; ``loose`` (for the kind check, which
    declines) also as transliterated another way, which articles do even within one text:
    "Maria Zaharova made a press statement" gives the words of the Zakharova it later names."""
    written = [without_possessive(x) for x in _question_words(sentence)]
    written += [a.replace(".", "").lower() for a in _DOTTED.findall(sentence)]  # "U.S." writes "US"
    asked = who.lower().split()
    return any(same_name_word(w, x) or (loose and _spelt_alike(w, x)) for w in asked for x in written)


def _spelt_alike(a: str, b: str) -> bool:
    """One letter more, less or other after the first two, in words of seven letters or more
    ("zakharova" and "zaharova", "hakobyan" and "hakobian", "repubblica" and "repubblika")."""
    if min(len(a), len(b)) < 7 or abs(len(a) - len(b)) > 1 or a[:2] != b[:2]:
        return False
    n = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return a[n + 1 :] == b[n + 1 :] or a[n + 1 :] == b[n:] or a[n:] == b[n + 1 :]


def _gives_others_words(before: str, who: str) -> bool:
    """Whether ``before``, the sentence before words that name no speaker, gives someone
    else's words: "In his address, Mr. Pashinyan asserted that …" before "“The decision to
    ratify …,” he said." makes those Pashinyan's, not Putin's. One that is itself unattributed
    quotation tells nothing."""
    if not before or _unattributed(before) or _writes_name(before, who, loose=True):
        return False
    return bool(_S_SPEECH.search(before.lower()))


#: Reported speech: a sentence that gives what someone said without quotation marks.
_S_SPEECH = re.compile(
    r"\b(say|says|said|saying|state[sd]?|stating|told|tells?|according to|call(s|ed)?|describe[sd]?|warn(s|ed)?"
    r"|claim(s|ed)?|accuse[sd]?|argue[sd]?|insist(s|ed)?|note[sd]|declare[sd]?|announce[sd]?|add(s|ed)"
    r"|remark(s|ed)?|assert(s|ed)?|stress(es|ed)?|emphasi[sz]e[sd]?|brand(s|ed)?|dubb(ed)?|labell?ed|termed"
    r"|put it|in (his|her|their) words)\b",
)
#: A question asking for a way to do something ("How can I find out how many CPU cores there
#: are?") is answered by the way, not by what it would find.
_Q_WAY = re.compile(
    r"^\W*how (can|could|do|does|should|would|might|may|to)\b|\b(way|command|method|function) to\b", re.I
)
#: When something happens, beyond calendar dates (``_S_DATE``): days, times of day, how often,
#: and when relative to something else ("after the war", "at dawn", "every Tuesday").
_DAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tomorrow"
_S_WHEN = re.compile(
    rf"\b({_DAYS}|dawn|dusk|noon|midnight|morning|afternoon"
    r"|evening|night|tonight|daily|weekly|monthly|annually|yearly|every|ago|recently|now|currently|soon|later"
    r"|earlier|before|after|since|until|till|during|once|then|decades?|century|centuries|years?|months?|weeks?"
    r"|days?|hours?|o'clock|[ap]\.?m\b)|\d",
)
#: A question asking for a day or a month ("On what date …?", "In what month …?") is not
#: answered by a year alone; one asking for a year is not answered by a month alone.
_Q_DAY = re.compile(r"\b(what|which) (?:exact |precise |specific )?(date|day|month)\b|\bon what\b", re.I)
_Q_YEAR = re.compile(r"\b(what|which) (?:exact |precise |specific )?year\b", re.I)
#: "On what exact date …?", "On which day …?": a day of a month, not a month ("… its blockade of
#: the latter in December 2022" does not say on what exact date it began).
#: Keywords naming a date ("karabakh blockade start date", "eagle partner dates?") ask for one too.
_Q_EXACT_DAY = re.compile(
    r"\b(?:exact|precise|specific) (?:date|day)\b|\b(?:what|which) day\b|\bdates\b|\bdate\W*$|^\W*date\s+of\b", re.I
)
#: A day of a month, in lower-cased text (``_DAY_OF_MONTH``), not a month alone.
_S_DAY = re.compile(rf"\b(?:{_DAY_OF_MONTH})")
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
#: A month named as a date ("September 19", "in December 2022", "last December"), in
#: lower-cased text: "may" only next to a number or after "in", "since", …, so the verb is none.
_S_MONTH = re.compile(
    r"\b(january|february|march|april|june|july|august|september|october|november|december"
    rf"|(may|{_MON})\.? \d{{1,4}}\b|\d{{1,2}} (may|{_MON})\b|\b(in|of|since|until|by|last|early|late|mid-?) may\b)"
)
_WEEKDAY = re.compile(rf"\b({_DAYS})\b")
#: "How old ...?" and "How long has ...?" are answered by a date as well ("founded in 1994",
#: "they arrived in 1992": since when).
_Q_SINCE = re.compile(r"\bhow (old|long (has|have|had))\b", re.I)
#: "How long ...?" asks for a length of time (or of road): a figure with its unit ("for 10
#: days", "a six-week war", "for the last two years"), or a span's ends ("since the early
#: 1990s", "from September 10 to 11"). A figure of something else ("Eagle Partner 2023", "two
#: countries") or a date alone ("in September 2023") does not say how long.
_Q_LONG = re.compile(r"\bhow long\b(?! ago)", re.I)
#: "How long did the offensive last?" asks for the length of a span that ended: a sentence
#: opening "Since Azerbaijan started its offensive, …" says when something began, not that.
#: "How long has Karabakh been cut off?" may well be answered by "since December 12".
_Q_LASTED = re.compile(r"\bhow long (?:did|does|do|will|would|can|could|should|to)\b", re.I)
_SINCE = re.compile(r"\bsince\b")
_UNITS = (
    r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|months?|years?|decades?|century|centuries"
    r"|kilomet(?:er|re)s?|km|miles?|met(?:er|re)s?)"
)
_S_DURATION = re.compile(
    r"\b(?:\d[\d.,]*|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty"
    rf"|forty|fifty|hundreds?|thousands?|several|few|many)(?:[\s-]+[a-z]+)?[\s-]+{_UNITS}\b"
    r"|\b(?:until|till|throughout)\b"
    rf"|\bfrom (?:{_MONTHS}|{_MON})\.? \d{{1,2}}(?:st|nd|rd|th)? (?:to|until|through) \d"
)


def tells_earlier(sentence: str) -> bool:
    """Whether a sentence tells of an earlier time ("Previously, it had cut …"): what "What had
    X done before Y?" asks for."""
    return bool(_S_EARLIER.search(sentence.lower()))


def tells_effect(sentence: str) -> bool:
    """Whether a sentence tells of a consequence ("Consequently, the Kremlin banned …", "…
    caused unrest among …", "In response, …"): what "What was the effect of X?" asks for."""
    return bool(_S_EFFECT.search(sentence.lower()))


def tells_response(sentence: str) -> bool:
    """Whether a sentence tells of a response or a reaction ("In response, Russia summoned …",
    "Moscow reacted swiftly …"): what "How did X react to Y?" asks for."""
    return bool(_S_RESPONSE.search(sentence.lower()))


#: Who responds, in a response asked for: "How did Russia's foreign ministry respond …?", "What
#: step did Moscow take …?", "What was Russia's reaction …?".
_Q_RESPONDER = re.compile(
    r"\bhow (?:did|does|do|has|have|had|was|were|is|are|will|would) (?P<how>.+?) (?:react|respond|retaliate)"
    r"|\b(?:did|does|do|has|have|had|will|would) (?P<took>.+?) (?:take|taken|took)\b"
    r"|(?P<whose>\S+)['’]s (?:\w+ )?(?:reactions?|responses?|retaliation)\b",
    re.I,
)


#: Who a sentence says responded: "Armenia's response", "reactions from Moscow". Not "Moscow
#: reacted …": a capital stands for its country ("How did the Kremlin react …?"), which these
#: rules cannot read, and that form names the responder of most answers.
_RESPONDER_NAMED = re.compile(
    r"\b(?P<a>[A-Z][\w\-]*)['’]s (?:\w+ )?(?:responses?|reactions?|backlash)\b"
    r"|\b(?:responses?|reactions?|backlash) (?:from|by) (?:the )?(?P<b>[A-Z][\w\-]*)"
    # "In response, Russia summoned …", "Moscow reacted swiftly …": the responder is the subject.
    r"|\b[Ii]n (?:response|reaction|retaliation)\W+(?:the )?(?P<c>[A-Z][\w\-]*)"
    r"|\b(?P<d>[A-Z][\w\-]*) (?:\w+ly )?(?:reacted|responded|retaliated)\b"
)


def same_responder(asked: str, written: str) -> bool:
    """Whether a responder written in a sentence is the one a question asks about: the same
    name ("Russia", "Russian"), or a country and its capital, which writers name it by
    ("Moscow reacted …" answers "How did Russia react …?")."""
    a, w = asked.lower(), written.lower()
    if same_name_word(a, w):
        return True
    capitals = capitals_and_countries()
    return any(same_name_word(a, x) for x in capitals.get(w, ())) or any(
        same_name_word(w, x) for x in capitals.get(a, ())
    )


def _is_country(name: str) -> bool:
    """Whether ``name`` is a country or a capital (``qa.places.capitals_and_countries``)."""
    return without_possessive(name.lower()) in capitals_and_countries()


def responders(question: str) -> list[str]:
    """The names of whoever a response question asks about ("Russia" for "How did Russia's
    foreign ministry respond …?"); none when it names no one ("How did the ministry react?")."""
    match = _Q_RESPONDER.search(question)
    if match is None:
        return []
    who = next(group for group in match.groups() if group is not None)
    return [without_possessive(m.group(0)) for m in _NAME.finditer(who)]


def writes_noun(question: str, sentence: str) -> bool:
    """Whether ``sentence`` writes the noun of "What kind of N …?" (singular or plural)."""
    match = _Q_SORT.search(question)
    if match is None:
        return False
    noun = match.group("noun").lower()
    stem = noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun
    return bool(re.search(rf"\b{re.escape(stem)}(?:s|es)?\b", sentence, re.I))


def holds_asked_kind(kind: str | None, question: str, text: str, before: str = "") -> bool | None:
    """Whether ``text`` (a quote) holds anything of the kind the question asks for; None when
    the kind is not one that can be checked this way.

    A question asking for a figure, a date, a name or words someone said is not answered by a
    sentence that holds none, however close it is to the question: "How many Russian border
    guards are stationed on the Iran frontier?" finds "Russian border troops also oversee the
    Armenia-Iran border". Looser than the cue for names (one capitalised word new to the
    question is enough: "Moscow") and for words said (reported speech counts, not only
    quotation marks): a check that declines is only right when nothing of the kind is there.
    """
    if _Q_WAY.search(question):
        return None
    if kind == "number":
        return figure_giver(question)(text.lower())
    if kind == "date":
        if _Q_DAY.search(question) or _Q_YEAR.search(question) or _Q_EXACT_DAY.search(question):
            # "On what date / in what year …?" asks for a calendar date: "swiftly" or "after
            # the war" say when, but not that.
            return date_giver(question)(text.lower())
        # A month or a season alone says when too ("… was made last December").
        dated = _dated_only_elsewhere(question)(text.lower())
        return bool(_S_WHEN.search(dated) or _S_DATE.search(dated))
    if kind == "name" and asks_who_is(question) is None:
        if (role := role_before_clause(question)) is not None and (
            leaves_unnamed(role, text) or (not role.loose and not names_holder(role, text))
        ):
            # "… a Kremlin spokesman said": the holder asked about is not named. Nor by a quote
            # naming no holder at all: "What is the name of the Azerbaijani defence minister who
            # ordered the offensive?" finds the offensive, and "Armenian" and "Karabakh" are no
            # minister's name. A leader may be named without the word ("Pashinyan said …").
            return False
        # A name the question holds is not the one it asks for ("Besides Vladimir Putin, which
        # other official …?"), unless it offers names to choose from ("…: X or Y?").
        known = frozenset() if _Q_OPTIONS.search(question) else _name_words(question)
        loose = role is not None and role.loose
        if asks_for_person(question) and not names_someone(text, known, loose):
            # "What is the name of the separatist leader who accepted the ceasefire?" or "Which
            # Azerbaijani official announced the operation?" asks for a person: "Azerbaijan" and
            # "Karabakh" are new names, but no one's.
            return False
        if _Q_THING_NAME.search(question) and not names_thing(text, known):
            # "What is the name of the road Azerbaijan blocked?" is not answered by "… because of
            # Azerbaijan's blocking of the only road …": a country or a people names no road.
            return False
        named = [w.lower() for name in question_names(question) for w in name.split()]
        return bool(
            _names_new(
                text, question, _question_words(question), True, named, no_people=bool(_Q_COUNTRY.search(question))
            )
        )
    if kind == "place" and _Q_SETTLEMENT.search(question):
        # A place the question offers ("…: Gyumri, Vanadzor or Meghri?") may be the answer.
        offered = {w.lower() for option in offered_options(question) for w in option.split()}
        return names_settlement(text, _question_words(question) - offered)
    if kind == "response":
        # A response told ("In response, …", "Moscow reacted …"), or words the responder said:
        # "“… a cause for disgust,” Russia's Foreign Ministry said".
        who = responders(question)
        if tells_response(text):
            # "… despite harsh reactions from Moscow", "Armenia's response has been …": a response
            # whose responder is named, and is someone else, is not the one asked about.
            agents = [next(g for g in m.groups() if g) for m in _RESPONDER_NAMED.finditer(text)]
            if not (who and agents) or any(same_responder(w, a) for w in who for a in agents):
                return True
            # A person asked about acts for a country: "How did Sergey Lavrov react …?" is
            # answered by "In response, Russia summoned … Lavrov made a statement …".
            return any(not _is_country(name) and _writes_name(text, name, loose=True) for name in who)
        return _says(text) and any(_writes_name(text, name, loose=True) for name in who)
    if kind in ("pretext", "remedy", "prediction"):
        return _writes_kind(kind, text.lower())
    if kind == "quote":
        said = _says(text) or told_unquoted(question)(text)
        # "What did Iran say about the corridor?" is not answered by words no one names Iran with.
        if not said or (who := speaker(question)) is None:
            return said
        if _writes_name(text, who, loose=True):
            return True
        # Words that name no speaker ("“…,” he said") go on with the sentence before them
        # (``before``): when that one gives someone else's words, they are that person's.
        return _unattributed(text, loose=True) and not _gives_others_words(before, who)
    return None


#: A place asked for within a country: "In which Armenian town …?", "Where in Armenia …?". A
#: country is no answer, nor is any name that only sits near the question's words ("… known as
#: Eagle Partner 2023").
_Q_SETTLEMENT = re.compile(
    r"\b(?:which|what)\s+(?:[\w’'\-]+\s+){0,2}?(?:city|cities|towns?|villages?|settlements?)\b|^\W*where\s+in\b", re.I
)
#: Where a sentence puts something at a place: "in Minsk", "the town of Gyumri", "near Jermuk".
_AT_PLACE = re.compile(
    r"\b(?:in|at|near|outside|from|to|(?:city|town|village|settlement)\s+of)\s+(?:the\s+)?"
    r"(?P<name>[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*)*)"
)


def names_settlement(text: str, known: set[str]) -> bool:
    """Whether ``text`` puts something at a named place that is no country, people, body or month
    and no word of the question (``known``): "… took place in Minsk", "… in the town of Gyumri"."""
    countries, states = capitals_and_countries(), country_names()
    for match in _AT_PLACE.finditer(text):
        words = [without_possessive(w.lower()) for w in match.group("name").split()]
        if " ".join(words) in states or any(w in known or (_names_no_one(w) and w not in countries) for w in words):
            continue  # a country ("the United States"), a people, a body, a month; a capital is a city
        return True
    return False


def question_names(question: str) -> list[str]:
    """The names a question holds ("Armenia's", "Rome Statute"); "I" is none."""
    return [name for name in _names(question) if len(name) > 1]


def recased(question: str, texts: Sequence[str]) -> str:
    """A question typed in lower case, its words written as ``texts`` write them mid-sentence
    when they capitalise them ("armenia" -> "Armenia"): the names it holds, for
    ``question_subject``. A question with any capital letter is returned as it is."""
    if any(c.isupper() for c in question):
        return question
    written = {m.group(0).lower(): m.group(0) for t in texts for m in _MID_SENTENCE_CAPITAL.finditer(t)}
    # A word the texts also write in lower case is a common noun that a name holds ("aid
    # organisations" beside "… Treaty Organisation"), not a name.
    lower = {w for t in texts for w in re.findall(r"\b[a-z]\w*", t)}

    def written_as(m: re.Match[str]) -> str:
        word = m.group(0)
        return word if word in lower else written.get(word, word)

    return re.sub(r"\w+", written_as, question)


def question_subject(question: str, sources: Sequence[str] = ()) -> str | None:
    """What the question is about, as the names it holds, when it also asks something else.

    "What language is spoken in Armenia?" is about "Armenia" and asks for a language. "Who is
    Armen Grigoryan?" asks about nothing but its names: its subject is its whole point, so it
    has none in this sense (None), as has a question that names nothing. ``sources`` are words
    that are not what the question is about, left out: a quoted title says where to look ("…
    in 'Decline & Demise'", ``qa.references``), options offered ("…: Minsk, Astana or
    Moscow?") are candidate answers.
    """
    for source in sources:
        question = question.replace(source, " ")
    names = question_names(question)
    rest = question
    for name in names:
        rest = rest.replace(name, " ")
    if not names or all(w in _ASKING_WORDS for w in re.findall(r"[a-z]+", rest.lower())):
        return None
    return " ".join(names)


def _quantity(sentence: str) -> float:
    """1 when the sentence holds a figure: a number word, or a digit outside a date ("from
    September 10 to 11" is one) and outside a label: a section's, a version's or a list item's
    number counts nothing."""
    if _S_QUANTITY_WORD.search(sentence):
        return 1.0
    if not _DIGIT.search(sentence):
        return 0.0  # most sentences: no date expression to remove
    return float(bool(_DIGIT.search(strip_dates_and_labels(sentence))))


def figure_wanted(question: str) -> str:
    """What figure the question asks for, for a notice: the kind ``figure_giver`` checks."""
    return _figure_asked(question)[0]


def figure_giver(question: str) -> Callable[[str], bool]:
    """Whether a lower-cased sentence gives the figure ``question`` asks for: a length of time
    for "how long" (``_S_DURATION``), a date too for "how old" and "how long has" (since
    when), a currency for a sum of money (``_Q_MONEY``), a percentage or a share in words for
    "what share / percentage" (``_Q_SHARE``), a figure otherwise ("how many / how much")."""
    return _figure_asked(question)[1]


def _figure_asked(question: str) -> tuple[str, Callable[[str], bool]]:
    """The figure ``question`` asks for, named for a notice, and what gives it: one choice, so
    the notice names the figure the check looked for."""
    since = bool(_Q_SINCE.search(question))
    if _Q_LONG.search(question):
        began = not _Q_LASTED.search(question)  # "since …" says how long only of what goes on
        return "a length of time", lambda sentence: bool(
            _S_DURATION.search(sentence) or (began and _SINCE.search(sentence)) or (since and _S_DATE.search(sentence))
        )
    if _Q_MONEY.search(question):
        return "a sum of money", lambda sentence: bool(_S_MONEY.search(sentence))
    if _Q_SHARE.search(question):
        return "a share", lambda sentence: bool(_PERCENTAGE.search(sentence) or _S_SHARE.search(sentence))
    figure = KIND_NAMES["number"]
    if _Q_HOW_MANY_ASKED.search(question):
        # A share is not a count of those asked: "93 per cent of Armenians" says not how many
        # were surveyed (it does say how many Armenians thought so).
        return figure, lambda sentence: bool(
            _quantity(_PERCENTAGE.sub(" ", sentence)) or (since and _S_DATE.search(sentence))
        )
    return figure, lambda sentence: bool(_quantity(sentence) or (since and _S_DATE.search(sentence)))


#: "How many people did the IRI survey?": the size of a poll's sample.
_Q_HOW_MANY_ASKED = re.compile(
    r"\bhow many\b.*\b(?:survey(?:ed)?|poll(?:ed)?|interview(?:ed)?|questioned|sampled|respondents|sample)\b", re.I
)
#: A share asked for: "What share of Armenia's gas imports comes from Russia?", "What percentage
#: of …?". Not given by any figure: "30 million USD" is a sum, no share.
_Q_SHARE = re.compile(
    r"\bwhat (?:(?:is|was|are|were) the )?(?:\w+ )?(?:percentage|share|proportion|fraction)\b"
    # "How much percent of its gas …?", "How many per cent of Armenians …?" (a learner's wording).
    r"|\b(?:how (?:much|many)|what) (?:per ?cent|percent)\b",
    re.I,
)
#: A sum of money asked for: "how much money …", "How much did the drills cost?", "How much
#: aid did USAID promise …?", "What was the monetary value of the aid?", "What price does
#: Armenia pay …?", "What was the trade worth?". Given by a currency, not by any figure
#: ("thousands of ethnic Armenians" is no sum).
_Q_MONEY = re.compile(
    r"\bhow much (?:money|funding|cash)\b"
    r"|\bhow much\b.*\b(?:cost|costs|pay|pays|paid|spend|spends|spent|worth|pledged?|promised?|donated?|allocated?)\b"
    r"|\b(?:monetary|financial|dollar|cash) (?:value|worth|amount)\b"
    # "What was the human cost of the offensive?" asks for the dead, not a sum.
    r"|\bwhat (?:(?:is|was|are|were) the )?(?!human )(?:\w+ )?(?:price|cost|budget)s?\b(?! in (?:lives|blood)\b)"
    r"|\bwhat (?:is|was|are|were)\b.*\bworth\b"
    rf"|{_IN_CURRENCY}",
    re.I,
)
#: A currency, in lower-cased text: "$1.5 million", "30 million usd", "€10m", "200 dollars".
_S_MONEY = re.compile(r"[$€£¥₽]|\b(?:usd|eur|gbp|dollars?|euros?|pounds?|rubles?|roubles?|drams?|manats?|lari)\b")
#: A share in words, in lower-cased text: "half of", "two-thirds", "the majority".
_S_SHARE = re.compile(r"\b(?:half|thirds?|quarters?|majority|minority|fraction|proportion)\b")
#: A percentage, in lower-cased text: "93 per cent", "50%", "ninety percent".
_PERCENTAGE = re.compile(r"(?:\d[\d.,]*|\b[a-z]+(?:-[a-z]+)?)\s*(?:%|\bper ?cent\b|\bpercent\b)")


#: A year naming a thing rather than a time ("its devastating loss in the 2020 war", "Armenia's
#: 2022 dairy exports"), in lower-cased text: after a determiner or a possessive, before up to
#: two words, the last of which is what it dates (stopping at a stopword or punctuation).
_NAMING_YEAR = re.compile(
    r"\b(?:the|its|their|his|her|our|a|an|this|that|these|those|[a-z]+['’]s)\s+((?:1[89]|20)\d\d)"
    r"((?:\s+(?!(?:and|or|of|in|on|at|to|for|with|by|from|as|is|was|were|are|after|before|when)\b)[a-z][a-z\-]*){1,2})"
)


def _dated_only_elsewhere(question: str) -> Callable[[str], str]:
    """A lower-cased sentence without the years that name something the question does not ask
    about: "When did the blockade start?" is not answered by "… its loss in the 2020 war",
    "When was the war?" is."""
    asked = {w.rstrip("s") for w in re.findall(r"[a-z]+", question.lower())}

    def keep(match: re.Match[str]) -> str:
        head = match.group(2).split()[-1]
        return match.group(0) if head.rstrip("s") in asked else match.group(0).replace(match.group(1), " ")

    return lambda sentence: _NAMING_YEAR.sub(keep, sentence) if _YEAR.search(sentence) else sentence


def date_giver(question: str) -> Callable[[str], bool]:
    """Whether a lower-cased sentence gives the date ``question`` asks for: a month or a day
    ("September 19", "on Monday") when it asks on what date, day or month, a year when it asks
    which year, any date otherwise. For a question that names a year ("When did Azerbaijan
    launch its final push in 2023?") a sentence whose years are all others tells of another
    event ("In 2020, Armenia and Azerbaijan fought a six-week war"); one naming no year may well
    be about this one ("On September 19, Azerbaijan launched an attack"). A year that names
    something else ("its loss in the 2020 war") is no date for it (``_dated_only_elsewhere``)."""
    read = _dated_only_elsewhere(question)
    if _Q_EXACT_DAY.search(question):
        patterns: tuple[re.Pattern[str], ...] = (_S_DAY, _WEEKDAY)
    elif _Q_DAY.search(question):
        patterns = (_S_MONTH, _WEEKDAY)
    elif _Q_YEAR.search(question):
        patterns = (_YEAR,)
    else:
        patterns = (_S_DATE,)

    done = _asked_verb(question)

    def gives(sentence: str) -> bool:
        parts = _clauses_doing(done, sentence)
        return any(p.search(read(part)) for part in parts for p in patterns) and not other_years(question, sentence)

    return gives


#: "In what month did Armenia refuse to host …?": the verb after the question's subject.
_DID_SUBJECT_VERB = re.compile(r"\b(?:did|does|do)\s+(?:the\s+)?(?:[A-Z][\w’'\-]*\s+)+(?P<verb>[a-z]{3,})\b")
#: Where one clause of a sentence ends and another, about something else, begins.
_CLAUSE_BREAK = re.compile(r",\s*(?:and|but|while|whereas)\b,?|;|\s+(?:while|whereas)\s+|\s[–—]\s")


def _asked_verb(question: str) -> str | None:
    """The stem of what the question asks the date of ("refu" for "… did Armenia refuse …?")."""
    match = _DID_SUBJECT_VERB.search(question)
    if match is None:
        return None
    verb = match.group("verb")
    return verb[: max(4, len(verb) - 2)]


def _clauses_doing(stem: str | None, sentence: str) -> list[str]:
    """The clauses of ``sentence`` that write ``stem``, when some do and others do not: "Armenia
    refused to allow a CSTO military exercise …, and, from September 10 to 11, it hosted Eagle
    Partner 2023" dates the hosting, not the refusal. Else the whole sentence."""
    if stem is None:
        return [sentence]
    clauses = _CLAUSE_BREAK.split(sentence)
    doing = [c for c in clauses if re.search(rf"\b{re.escape(stem)}", c, re.I)]
    return doing if doing and len(doing) < len(clauses) else [sentence]


def years_named(text: str) -> tuple[str, ...]:
    """The years ``text`` names ("2023"), in order, each once."""
    return tuple(sorted(set(_YEAR.findall(text))))


def other_years(question: str, text: str) -> tuple[str, ...]:
    """The years ``text`` names when the question names a year and ``text`` names only others
    (empty otherwise): it then tells of another time than the one asked about."""
    asked, named = set(years_named(question)), years_named(text)
    return named if asked and named and not asked.intersection(named) else ()


def strip_dates_and_labels(sentence: str) -> str:
    """A lower-cased sentence without its dates and the numbers that name ("section 3.1"): what
    is left of its digits counts something."""
    return _LABEL.sub(" ", _DATE_EXPR.sub(" ", sentence))


def _question_words(question: str) -> set[str]:
    """The question's words, lower-cased: a name made of them is no answer to it."""
    return {w.lower() for w in re.findall(r"[\w’'\-]+", question)}


def _names_new(
    sentence: str,
    question: str,
    asked: set[str],
    single_words: bool,
    named: Sequence[str] = (),
    no_people: bool = False,
) -> float:
    """1 when the sentence names someone or somewhere the question does not. A word of a name
    the question holds (``named``, lower-cased) in another form is no new name either:
    "Armenians" or "Russia's" say nothing new to a question about Armenia and Russia. Nor is a
    month or a weekday, nor the spelling out of an acronym the question holds, or the acronym of
    a name it spells out: "CSTO (Collective Security Treaty Organization)" names nothing new to
    "… recalled from the CSTO". With ``no_people`` (the question asks which country), a name
    with a title ("Prime Minister Pashinyan") is someone, not somewhere, and a body's name or
    an acronym of four letters or more ("the Armenian Parliament", "CSTO") is no country."""
    asked = asked | _CALENDAR | _acronyms_named(sentence, question) | _appositives(sentence, asked)
    for name in _names(sentence):
        words = name.lower().split()
        new = {w for w in set(words) - asked if not any(same_name_word(a, without_possessive(w)) for a in named)}
        if no_people and (
            not _TITLES.isdisjoint(words)
            or without_possessive(words[-1]) in _INSTITUTIONS
            or re.fullmatch(r"[A-Z]{4,8}", without_possessive(name))  # a body: "CSTO" ("US", "UAE" are countries)
        ):
            continue
        if single_words:
            new -= _TITLES  # "Prime Minister" names no one the question does not already
        if (len(words) > 1 or single_words) and new:
            return 1.0
    return 0.0


#: A person asked for by what they are, beyond the positions of ``ROLE_NOUNS`` ("Which Russian
#: general …?" is read by ``role_before_clause``): "Which Azerbaijani official …?" ("… official
#: or ministry …" allows a body), and whoever commands ("Who commanded the contingent?").
_Q_PERSON = re.compile(
    r"\bwhich\s+(?:[\w’'\-]+\s+){0,3}?(?:officials?|officers?|politicians?|lawmakers?)\b(?!\s+or\b)"
    r"|^\W*who\s+(?:commands|commanded)\b",
    re.I,
)


def asks_for_person(question: str) -> bool:
    """Whether a question asking for a name asks for a person's (``names_someone`` then checks
    the quote, and a decline says "a person" rather than "a name")."""
    return role_before_clause(question) is not None or bool(_Q_PERSON.search(question))


#: A question offering names to choose from: "…: Armen Grigoryan or Nikol Pashinyan?".
_Q_OPTIONS = re.compile(r"\b[A-Z][\w’'\-]*\s+or\s+[A-Z]")


def _name_words(question: str) -> frozenset[str]:
    """The question's words as ``names_someone`` reads a name's: lower case, without a
    possessive, hyphenated words both whole and in parts ("Nagorno-Karabakh")."""
    words = {without_possessive(w) for w in _question_words(question)}
    return frozenset(words | {part for word in words for part in word.split("-")})


#: Proper words that name no one: directions, and peoples and blocs no country's name spells.
_NO_ONE = frozenset("north south east west central western eastern soviet european american kremlin".split())


def names_someone(text: str, known: frozenset[str] = frozenset(), single: bool = False) -> bool:
    """Whether ``text`` names a person: a name with a title ("President Vladimir Putin", "Ms.
    Power"), or a name of two words or more none of which is a country, a capital, a people, a
    body, a month or a title ("Armen Grigoryan", "Charles Michel"). A name every word of which is
    ``known`` (the question's words) is not the person asked for: "Besides Vladimir Putin, which
    other official …?", "… dissolving the Nagorno-Karabakh republic?" and "Nagorno Karabakh".
    With ``single``, any other name of one word counts too: a leader is often named by surname
    alone ("… an isolated, angry, and vengeful Putin"). Looser than it looks: a name it cannot
    place ("Eagle Partner") counts as someone, since it only serves to decline a quote that
    names no one (``holds_asked_kind``)."""
    spans = split_sentences(text, 0, len(text)) if _INNER_STOP.search(text) else []
    for start, end in spans or [(0, len(text))]:
        for match in _NAME.finditer(text, start, end):
            words = [without_possessive(w.lower()) for w in match.group(0).split()]
            words = [w for w in words if w not in ("of", "de", "the")]
            if not words:
                continue
            if text[start : match.start()].strip(" \n\t\"“‘'(0123456789.)") == "" and words[0] in _OPENERS:
                words = words[1:]  # a capital that only starts the sentence: "Since Azerbaijan …"
            # The name proper follows the last title word: "Russian President Vladimir Putin".
            last_title = max((i for i, w in enumerate(words) if w in _TITLES), default=-1)
            name = words[last_title + 1 :]
            if (
                not name
                or " ".join(name) in capitals_and_countries()  # "United States"
                or any(_names_no_one(w) for w in name)
                or all(w.split("-")[-1] in known for w in name)
            ):
                continue
            before = text[max(start, match.start() - 16) : match.start()].lower().split()
            if single or last_title >= 0 or len(name) >= 2 or (before and before[-1].rstrip(".") in _TITLES):
                return True
            # A surname alone, saying or doing what people do: "According to Zaharova; …",
            # "Zakharova also criticized …".
            if before[-2:] == ["according", "to"] or _PERSON_VERB.match(text, match.end(), end):
                return True
    return False


#: The name of a thing asked for: a road, a mission, an exercise, a forum, a treaty, a body.
_Q_THING_NAME = re.compile(
    r"\bnames?\s+(?:of|for)\s+(?:the|this|that|a|an|its|their)\s+(?:[\w’'\-]+\s+){0,4}?"
    r"(?:roads?|corridors?|highways?|routes?|missions?|operations?|exercises?|drills?|forums?|summits?|treat(?:y|ies)"
    r"|agreements?|accords?|bloc|alliances?|organi[sz]ations?|agenc(?:y|ies)|newspapers?|outlets?)\b",
    re.I,
)


def names_thing(text: str, known: frozenset[str]) -> bool:
    """Whether ``text`` holds a name that is no country, capital, people or month, and not made of
    the question's words (``known``): "Eagle Partner", "Collective Security Treaty Organization"."""
    countries = capitals_and_countries()
    for name in _names(text):
        words = [without_possessive(w.lower()) for w in name.split()]
        if any(w not in known and w not in ("of", "the", "de") and not _places_or_dates(w, countries) for w in words):
            return True
    return False


#: What a person does, right after a name: "Zakharova also criticized …".
_PERSON_VERB = re.compile(
    r"(?:’s?|'s?)?\s+(?:also\s+|then\s+|later\s+|has\s+|had\s+)?(?:said|says|stated|told|added|noted|argued|claimed"
    r"|asserted|accused|criticized|criticised|announced|warned|insisted|urged|rejected|blamed|refused|explained)\b"
)
#: Words that open a sentence with a capital without being a name.
_OPENERS = frozenset(ENGLISH_STOPWORDS) | frozenset(
    "although however nevertheless meanwhile moreover indeed earlier later according despite following "
    "since while yet still also instead notably".split()
)


def _names_no_one(word: str) -> bool:
    """Whether a word of a name (lower case) places it rather than naming a person: a country or
    a capital, a people ("Azerbaijani", "Russian"), a body ("Parliament"), a month, a direction,
    or no word at all ("2023")."""
    return (
        _places_or_dates(word, capitals_and_countries())
        or word in _INSTITUTIONS
        or word in _NO_ONE
        or not any(c.isalpha() for c in word)
    )


def _places_or_dates(word: str, countries: Mapping[str, object]) -> bool:
    """Whether a word of a name (lower case) is a country or a capital, a month or a day, or a
    people, also in the plural ("Armenians", as "Armenian"): a word of no person's, nor of any
    thing's name (``names_thing``)."""
    return word in countries or word in _CALENDAR or _names_a_people(word.removesuffix("s"), countries)


def _names_a_people(word: str, countries: Mapping[str, object]) -> bool:
    """Whether ``word`` (lower case) is a people's name: it ends as one does and spells a country."""
    return word.endswith(_PEOPLE_ENDINGS) and any(_spells_country(word, c) for c in countries if " " not in c)


#: How the name of a people ends: "Armenian", "Azerbaijani", "Turkish", "Chinese", "Baltic".
_PEOPLE_ENDINGS = ("n", "i", "ish", "ese", "ic")


def _spells_country(word: str, country: str) -> bool:
    """Whether ``word`` begins as ``country`` does and is as long: "Ukrainian" for "Ukraine", not
    "Armen" (a given name) for "Armenia"."""
    return len(word) >= len(country) and word.startswith(country[: max(4, len(country) - 2)])


#: A name set off by commas right after two words: "Pashinyan’s wife, Anna Hakobian, …".
_APPOSITIVE = re.compile(r"\b([\w’'\-]+)\s+([\w’'\-]+),\s+([A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*)*)")


#: A sentence's opening phrase, up to its first comma: a preposition and what it governs.
_OPENING_PHRASE = re.compile(
    r"\W*(?:in|on|at|after|before|during|following|since|amid|despite|with|by|from|upon|within|over|under)\b[^,;]*",
    re.I,
)


def _appositives(sentence: str, asked: set[str]) -> set[str]:
    """The words of a name ``sentence`` sets beside words of the question (``asked``): the name
    of whom the question speaks of, not a new one. "Who organised the summit that Pashinyan's
    wife attended?" is not answered by "Pashinyan’s wife, Anna Hakobian, attended a summit"."""
    bare = {without_possessive(w) for w in asked}
    out: set[str] = set()
    for match in _APPOSITIVE.finditer(sentence):
        if _OPENING_PHRASE.fullmatch(sentence[: match.end(2)]):
            # "In the immediate wake of Azerbaijan’s offensive, Armen Grigoryan, …": the comma
            # closes the phrase the sentence opens with, and the name is its subject.
            continue
        if all(without_possessive(w.lower()) in bare for w in match.group(1, 2)):
            out.update(match.group(3).lower().split())
    return out


#: Capitalised, but no one's or anywhere's name. Not "May", which is also a surname ("Theresa
#: May", whose first name a sentence's first word may be).
_CALENDAR = frozenset(f"{_MONTHS}|monday|tuesday|wednesday|thursday|friday|saturday|sunday".split("|")) - {"may"}
_ACRONYM = re.compile(r"\b[A-Z]{3,8}\b")


def _acronyms_named(sentence: str, question: str) -> set[str]:
    """The words of ``sentence`` that name what the question names by another form: the
    spelling out of an acronym of the question, or an acronym whose spelling out the question
    holds (lower-cased). Two letters are left out: there, chance spellings are the rule."""
    words: set[str] = set()
    for acronym in set(_ACRONYM.findall(question)):
        for match in re.finditer(expansion_pattern(acronym), sentence):
            words.update(match.group(0).lower().split())
    for acronym in set(_ACRONYM.findall(sentence)):
        if re.search(expansion_pattern(acronym), question):
            words.add(acronym.lower())
    return words


#: Words of a title: alone they name no one ("According to Prime Minister Pashinyan, …").
_TITLES = TITLE_WORDS | {"prime", "foreign", "first"}
#: What a name ending in one of these names is a body, not a place: "In which city did the
#: bloc meet?" is not answered by "In his speech in the Armenian Parliament, …".
_INSTITUTIONS = frozenset(
    """
    parliament ministry council committee assembly court organization organisation union agency office party
    bank fund commission senate congress government army forces treaty statute alliance summit forum conference
    university institute foundation service
    """.split()
)


def _names(text: str) -> Iterator[str]:
    """Capitalised runs of ``text`` past the first word of each of its sentences (a capital
    that only starts a sentence is no name: "… in Armenia? How many …")."""
    spans = split_sentences(text, 0, len(text)) if _INNER_STOP.search(text) else []
    for start, end in spans or [(0, len(text))]:
        first = _FIRST_WORD.match(text, start)
        yield from (m.group(0) for m in _NAME.finditer(text, first.end() if first else start, end))
