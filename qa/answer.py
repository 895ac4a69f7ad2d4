"""Choosing the answer: whole sentences quoted from the top passages, or an honest "not found".

Nothing here writes text. A quote is a sentence span of a retrieved passage (or up to three
adjacent ones), identified by offsets into its document; the answer is only ever those spans.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from qa.acronyms import asked_acronym, spelled_out
from qa.bm25 import Bm25Index
from qa.cues import (
    answer_cues,
    asking_part,
    gives_name_to,
    only_said,
    other_years,
    question_kind,
    quotes_speaker,
    tells_response,
)
from qa.dates import asked_date, names_date, published
from qa.definitions import asked_name, describes
from qa.documents import LIST_ITEM_RE, Document
from qa.passages import REFERS_BACK
from qa.quoted import Terms, holding, in_quotes, quoted_phrases, verbatim_claims
from qa.retrieval import Hit
from qa.roles import RoleQuestion, asks_who_is
from qa.sections import asked_subject, in_asking_sections, section_leads


@dataclass(frozen=True)
class Quote:
    doc_id: str
    start: int
    end: int
    text: str  # == document.text[start:end]
    citation: int  # the rank of the passage it was taken from: "[n]"
    #: The paragraphs the quote starts and ends in (0: unknown), named with it when its passage
    #: spans several (``qa.render.quote_marker``).
    paragraph: int = 0
    last_paragraph: int = 0

    @classmethod
    def of(cls, doc: Document, start: int, end: int, citation: int) -> Quote:
        """``doc.text[start:end]``, cited as passage ``citation``, with its paragraphs."""
        first, last = doc.paragraph_at(start), doc.paragraph_at(end - 1)
        return cls(doc.doc_id, start, end, doc.text[start:end], citation, first, last)

    @property
    def paragraphs(self) -> tuple[int, int]:
        """The first and the last paragraph the quote touches."""
        return self.paragraph, max(self.paragraph, self.last_paragraph)


@dataclass(frozen=True)
class Answer:
    question: str
    answered: bool
    quotes: tuple[Quote, ...]
    hits: tuple[Hit, ...]  # cited passages when answered, related reading when not
    confidence: float  # what the abstention threshold was compared with
    notices: tuple[str, ...] = ()
    #: The quoted sentence's cosine with the question's subject, the names in it alone
    #: (``AnswerSettings.subject_check``); None when the question has none or nothing was quoted.
    subject_similarity: float | None = None
    #: Names in the question that no document mentions (``AnswerSettings.mention_check``).
    unmentioned: tuple[str, ...] = ()
    timings_ms: dict[str, float] = field(default_factory=dict)
    #: When not answered: the sentence of each related passage the answer step scored highest,
    #: where a reader should start looking (and why the answer was declined); not an answer.
    closest: tuple[Quote, ...] = ()


@dataclass(frozen=True)
class AnswerSettings:
    """Sentence scoring, quote length and abstention; fitted on the gold set (docs/retrieval-and-answers.md).

    Every sentence of the top ``passages`` passages gets a score, ``weights`` · features (see
    ``FEATURES``); the best one is quoted, with neighbours of its passage that score within
    ``extend_margin`` of it (1 to ``max_sentences`` sentences, one exact span). The weights
    come from ``scripts/fit_answers.py``: a softmax over each gold question's candidate
    sentences, fitted to put the evidence sentence first (10-fold cross-validated; see docs/retrieval-and-answers.md).
    """

    passages: int = 5  # sentences are taken from this many top passages
    #: similarity (z), term share (IDF-weighted), answer cue, passage rank - 1, focus: see ``FEATURES``.
    weights: tuple[float, float, float, float, float] = (1.13, 2.33, 1.64, -0.47, 1.37)
    #: A neighbour joins the quote when its score is at most this far below the best one's.
    extend_margin: float = 1.0
    max_sentences: int = 3
    #: Below this confidence (the quoted sentence's cosine with the question) the corpus is
    #: taken not to hold the answer; fitted on the gold set by scripts/fit_answers.py.
    threshold: float = 0.45
    #: Abstain, too, when the quoted sentence is no closer to the question than to the names in
    #: it alone: "What language is spoken in Armenia?" finds a sentence that is only about
    #: Armenia. Such a sentence matches what the question is about, not what it asks. The two
    #: cosines are compared directly, so there is no constant to fit (docs/retrieval-and-answers.md has the figures).
    subject_check: bool = True
    #: Abstain when the question names something the documents never mention ("What did China
    #: say …?" of a corpus without "China"): ``qa.mentions``; the answer says which name.
    mention_check: bool = True
    #: A question about who holds a role ("Who is the prime minister of Armenia?") is answered
    #: only by a sentence that names the holder as such ("Armenian Prime Minister Nikol
    #: Pashinyan"), and is then answered whatever the threshold says: ``qa.roles``.
    role_check: bool = True
    #: "What does X do?" / "What is X?", where a Markdown heading names X: the first sentence of
    #: prose in that section answers it, whatever the threshold says (``qa.sections``).
    section_leads: bool = True
    #: "What happened on September 19?" is answered only by a sentence that names that date,
    #: and is then answered whatever the threshold says (``qa.dates``).
    date_lookups: bool = True
    #: "What is the EAEU?" is answered by a sentence that spells the acronym out, when the top
    #: passages hold one, whatever the threshold says (``qa.acronyms``).
    acronyms: bool = True
    #: A question quoting words ("Who said "Americans bring trouble wherever they go"?") is
    #: answered by a sentence holding them, when the top passages hold one, whatever the
    #: threshold says; when none does, a quotation of three words or more is declined
    #: (``qa.quoted``).
    quoted_words: bool = True
    #: "What did Lavrov say?", and nothing more, is answered by a sentence that names the
    #: speaker and quotes words, when the top passages hold one, whatever the threshold says:
    #: so short a question reads far from any sentence ("What did Medvedev say?" and his
    #: "mediocre defeat" 0.42, under it) (``qa.cues.only_said``).
    speaker_lookups: bool = True
    #: "What is complementarity?" is answered by a sentence that puts exactly that term in
    #: quotation marks, when the top passages hold one, whatever the threshold says: a text
    #: quotes a term where it introduces it (``qa.quoted.in_quotes``).
    quoted_terms: bool = True
    #: "What is the Zangezur Corridor?" is answered by a sentence that writes the name with
    #: what it is right after it ("… Corridor linking Azerbaijan to its exclave …"), when the
    #: top passages hold one, whatever the threshold says (``qa.definitions``).
    described_names: bool = True
    #: "What mocking nickname does the author give the CSTO?" is answered by a sentence that
    #: gives a name ("… could be more aptly described as the Collective Insecurity Treaty
    #: Organization") and writes what the question names, when the top passages hold one,
    #: whatever the threshold says: the sentence is long and mostly about something else, so
    #: it reads under the threshold (0.40 from the question) (``qa.cues.gives_name_to``).
    given_names: bool = True
    #: "According to Pashinyan, how reliant is Armenia on Russia?" is answered by a sentence that
    #: gives Pashinyan's words, when the top passages hold one (``qa.cues.according_to``); the
    #: threshold and the checks still apply.
    source_words: bool = True
    #: Abstain when the question asks for a figure, a date, a name or words said and the quote
    #: holds nothing of that kind (``qa.cues.holds_asked_kind``): it is then about the question's
    #: topic without answering it.
    kind_check: bool = True
    #: When the quote of the best-scored sentence holds nothing of the kind asked for, the best
    #: sentence whose quote does is taken instead, if it scores within this much of it (None:
    #: decline at once); the threshold and the other checks then judge it. 0.5 by measurement:
    #: 1.0 answered three more unanswerable questions (docs/retrieval-and-answers.md).
    kind_fallback: float | None = 0.5
    #: A quote the kind check confirms (it holds the name, place, response, words said, pretext,
    #: prediction or prescription asked for: ``qa.cues.CONFIRMING_KINDS``) is answered
    #: from this cosine rather than from ``threshold``: the check vouches for what the cosine
    #: misses ("… warned that Azerbaijan's recent offensive would likely result in a massive
    #: influx …" reads 0.448 from "What did Pashinyan predict in his televised address would
    #: follow from the offensive?"). None: ``threshold`` for every quote. 0.40 by measurement
    #: over every question set (docs/retrieval-and-answers.md).
    confirmed_threshold: float | None = 0.40
    #: Abstain, too, when "When did S end / lift / complete …?" is met by a date whose sentence
    #: does not write that verb or its noun: a date in a sentence about a thing dates the thing
    #: or its start ("When did Azerbaijan lift its blockade?" finds "… its blockade of the
    #: latter in December 2022"): ``qa.endings``.
    ending_check: bool = True
    #: Abstain, too, when "How many X …?" is met by figures that count something else ("200
    #: ethnic Armenians" for soldiers, "the two countries" for soldiers), or "How much X …?" by
    #: a sentence without X: each word the figures count (or, for "much", each word of the
    #: quote) is compared with X by its cosine, and none reaches ``count_similarity``
    #: (``qa.counts``). 0.5 lies between the pairs that name one thing ("countries" /
    #: "nation" 0.68, "soldiers" / "troops" 0.89) and those that do not ("soldiers" /
    #: "Armenians" 0.33, "soldiers" / "countries" 0.37).
    count_check: bool = True
    count_similarity: float = 0.5
    #: Abstain when the question names a year and the quote names only other years: "Who won
    #: Armenia's 2021 parliamentary election?" is not answered by what happened in 2020
    #: (``qa.cues.other_years``).
    year_check: bool = True
    #: A yes/no question may rest on a wrong detail, which the sentence answering it corrects:
    #: "Did that happen in 2008?" of a ban "in 2006", "Did Pashinyan tell the BBC …?" of "an
    #: interview with CNN Prima News". There the year and month checks and the mention check
    #: give way when exactly one detail is missing (a year, a month or one name, and not whom
    #: the question is about: "Did China offer to mediate …?" is still declined;
    #: ``qa.cues.about_missing``) and the quote reads at least this much closer to the question
    #: than to its names alone: it is then about what the question asks, not only whom it
    #: names. None: never. 0.1 by measurement: the quotes
    #: that correct read 0.11 to 0.38 closer, those that would have answered unanswerable
    #: questions 0.005 and 0.04 (docs/retrieval-and-answers.md).
    correction_focus: float | None = 0.1
    #: The same for months: a question writing a date in one month is not answered by a quote
    #: whose dates all fall in others (``qa.dates.other_months``).
    month_check: bool = True
    #: A sentence that opens by referring back ("It demanded …", "The reason was …") joins the
    #: quote it follows, and a quote opening so takes the sentence before it, room permitting
    #: and within one paragraph: alone, either leaves out what the other says.
    continuations: bool = True
    #: A sentence is read with the one before it in its passage, too, and the better of the two
    #: readings counts: "The operation ended within 24 hours" says what ended only in the
    #: sentence before it ("On Sept. 19, Azerbaijan carried out a lightning offensive …"), and
    #: alone it is far from "How quickly was the offensive over?". A sentence read so is quoted
    #: with its lead-in (``lead_in_readings``).
    lead_ins: bool = True
    #: The pair counts only when it reads this much closer to the question than the sentence
    #: alone, and ranks at its cosine less this: two sentences on one topic read closer
    #: together than either alone, whatever the question. Fitted on the gold set (answer
    #: accuracy is highest from 0.03 to 0.04; docs/retrieval-and-answers.md).
    lead_in_margin: float = 0.035
    #: "How did X react to Y?": a sentence telling of a response is read with what its paragraph
    #: told before it, the thing it responds to (``response_readings``), both where it ranks
    #: and in what the threshold is compared with: "In response, Russia summoned …" reads 0.42
    #: from "What diplomatic step did Moscow take after Pashinyan's interview …?" alone.
    responses: bool = True


#: A footnote number after a sentence's final punctuation, at the end of a quote.
#: Not a version or a decimal: "Python 3.10" keeps its digits.
_FOOTNOTE_END = re.compile(r"(?<=[^\d\s][.!?”\"’)\]])\s*\d{1,3}$")

_WEB_ADDRESS = re.compile(r"\S+://\S+|\bwww\.\S+")
_TWO_WORDS = re.compile(r"[^\W\d_]{2,}[^\w]+[^\W\d_]{2,}")


#: What each sentence is scored on, in ``AnswerSettings.weights`` order.
FEATURES = ("similarity", "term_share", "cue", "rank", "focus")


@dataclass(frozen=True)
class Candidate:
    hit: Hit
    start: int
    end: int
    index: int  # position among its passage's sentences
    sentence_id: int = -1  # row in the index's sentence table, -1 when it has none
    #: Its similarity is that of it read with the sentence before it (``lead_in_readings``).
    lead_in: bool = False


def candidate_texts(candidates: Sequence[Candidate], documents: dict[str, Document]) -> list[str]:
    """Each candidate sentence's text, as its document holds it."""
    return [documents[c.hit.passage.doc_id].text[c.start : c.end] for c in candidates]


# ------------------------------------------------------------------ scoring and choosing


def closest_sentences(candidates: Sequence[Candidate], scores: np.ndarray, docs: dict[str, Document]) -> list[Quote]:
    """The best-scored sentence of each passage among ``candidates``, in citation order.

    A sentence that cannot answer on its own (a line holding only a web address) is no place to
    start reading either: a passage's pointer skips it unless the passage holds nothing else."""
    best: dict[int, tuple[tuple[bool, float], int]] = {}  # passage rank → (key, candidate)
    for i, c in enumerate(candidates):
        key = (_says_something(docs[c.hit.passage.doc_id], c), float(scores[i]))
        if c.hit.rank not in best or key > best[c.hit.rank][0]:
            best[c.hit.rank] = (key, i)
    chosen = (candidates[best[rank][1]] for rank in sorted(best))
    return [Quote.of(docs[c.hit.passage.doc_id], c.start, c.end, c.hit.rank) for c in chosen]


def sentence_features(
    question: str,
    texts: list[str],
    similarity: np.ndarray,
    pool: tuple[float, float],
    ranks: np.ndarray,
    bm25: Bm25Index,
    about: np.ndarray | None = None,
) -> np.ndarray:
    """One row of ``FEATURES`` per candidate sentence.

    ``similarity`` is each sentence's cosine with the question, made relative with ``pool``
    (mean, spread of the cosines of every sentence of the candidate passages): how far the
    sentence stands out among what retrieval found. The term share is the IDF-weighted share
    of the question's indexed terms that the sentence contains. The focus is how much closer
    the sentence is to the question than to the question's subject alone (``about``: its
    cosine with the names in the question; 0 without a subject): a sentence that only
    mentions what the question names scores low on it, one about what it asks scores high.
    """
    mean, sd = pool
    z = (similarity - mean) / sd if sd > 0 else np.zeros_like(similarity)
    q_terms = bm25.text_terms([question])[0]
    idf = bm25.idf(sorted(q_terms))
    total = sum(idf.values())
    share = [sum(idf[t] for t in q_terms & terms) / total if total > 0 else 0.0 for terms in bm25.text_terms(texts)]
    kind = question_kind(question)
    cue = answer_cues(kind, question, texts)
    # A question naming a year: a sentence naming only other years tells of another time.
    cue = [c - 1.0 if other_years(question, t) else c for c, t in zip(cue, texts, strict=True)]
    focus = similarity - about if about is not None else np.zeros_like(similarity)
    return np.column_stack([z, np.array(share), np.array(cue), ranks - 1.0, focus]).astype(np.float64)


@dataclass(frozen=True)
class LeadIns:
    """Candidate sentences as ``lead_in_readings`` reads them."""

    candidates: list[Candidate]  # those read with their lead-in marked ``lead_in``
    #: Each one's cosine with the question as it would be quoted (the pair's when read with its
    #: lead-in): what the abstention threshold is compared with.
    similarity: np.ndarray
    about: np.ndarray | None  # the same with the question's subject, for the subject check
    #: The cosine the answer ranking reads: a pair's less the margin (``lead_in_readings``).
    ranking: np.ndarray


def lead_in_readings(
    candidates: list[Candidate],
    similarity: np.ndarray,
    about: np.ndarray | None,
    adjacent: np.ndarray,
    margin: float,
    leads: np.ndarray | None = None,
) -> LeadIns:
    """Each candidate read with the sentence before it in its passage, where that reads closer
    to the question by more than ``margin``.

    A sentence often names its subject only in the sentence before it ("On Sept. 19, Azerbaijan
    carried out a lightning offensive …" / "The operation ended within 24 hours …"), and the
    embedding of the second alone misses what the question asks about. The pair is read as the
    normalised sum of the two sentence vectors, whose cosines are known and whose length follows
    from their dot product (``adjacent[i]``: candidate i-1's vector · candidate i's), so no text
    is encoded: encoding the pairs measured about 12 ms each, half a second a question. It is
    the pair reading retrieval scores passages with (``qa.retrieval``). The subject check reads
    the pair too, so a pair that is only about what the question names is still declined.

    Two sentences on one topic sum closer to a question about it than either alone, whatever
    the question asks: without a margin nearly every sentence would be read with its lead-in.
    So the pair counts only when it beats the sentence alone by ``margin``, and the ranking
    reads it at its cosine less the margin: a pair outranks other sentences by what its lead-in
    adds, not by being two sentences, and the reading is continuous where the pair starts to
    count. The confidence is the pair's full cosine, the cosine of what is quoted. Only
    candidates ``leads`` marks (all when None) lead in (``prose_leads``).
    """
    out = list(candidates)
    read = similarity.copy()
    read_about = None if about is None else about.copy()
    ranking = similarity.copy()
    for i in range(1, len(candidates)):
        before, this = candidates[i - 1], candidates[i]
        if before.hit is not this.hit or before.index != this.index - 1 or (leads is not None and not leads[i - 1]):
            continue
        length = np.sqrt(max(2.0 + 2.0 * float(adjacent[i]), 1e-6))
        pair = (similarity[i - 1] + similarity[i]) / length
        if pair > similarity[i] + margin:
            read[i], ranking[i] = pair, pair - margin
            if read_about is not None and about is not None:
                read_about[i] = (about[i - 1] + about[i]) / length
            out[i] = replace(this, lead_in=True)
    return LeadIns(out, read, read_about, ranking)


def response_readings(
    candidates: list[Candidate],
    texts: list[str],
    similarity: np.ndarray,
    ranking: np.ndarray,
    documents: dict[str, Document],
    margin: float,
    tells: Callable[[str], bool] = tells_response,
) -> np.ndarray:
    """``ranking`` with each sentence telling of a response read at least as close as the
    closest sentence before it in its paragraph and passage (its ``similarity``), less ``margin``.

    For "How did Moscow react to Pashinyan's interview with the Italian paper?": a response rarely
    names what it answers ("In response, Russia summoned Armenia's Ambassador …" follows the
    interview by three sentences and reads 0.46 from the question), so it is read with what its
    paragraph told before it. A reaction to something else ("Moscow reacted swiftly …", to the
    ICC ratification) is then read with that, and the question tells the two apart. The
    answer cue alone lifted every reaction alike; in retrieval it is left out for that reason
    (``qa.retrieval``). The margin is the lead-in's: a sentence is read through its context
    only by what the context adds."""
    out = ranking.copy()
    for i, c in enumerate(candidates):
        if not tells(texts[i]):
            continue
        doc = documents[c.hit.passage.doc_id]
        paragraph = doc.paragraph_at(c.start)
        before = [
            similarity[j]
            for j, o in enumerate(candidates)
            if o.hit is c.hit and o.index < c.index and doc.paragraph_at(o.start) == paragraph
        ]
        if before:
            out[i] = max(out[i], max(before) - margin)
    return out


def who_is_answers(
    question: str, features: np.ndarray, settings: AnswerSettings
) -> tuple[np.ndarray | None, str | None]:
    """For a "who is" question (``qa.roles``), which candidate sentences may answer it, and a
    notice when none may; (None, None) when the general rules decide.

    The cue of such a question is whether a sentence says who (names the role's holder as
    such, or says what the person is: a title, "head of …", "Pashinyan's wife …"), and only
    such a sentence answers it. A person question had been left to the general rules when no
    sentence says who, and "who is aliyev" was answered by "However, on October 3, Aliyev
    refused to participate in the meeting": the articles name him and never say who he is.
    """
    asked = asks_who_is(question) if settings.role_check else None
    if asked is None:
        return None, None
    says = features[:, FEATURES.index("cue")] > 0
    if says.any():
        return says, None
    if isinstance(asked, RoleQuestion):
        return says, f"none of the top passages says {asked.phrase}"
    return says, f"none of the top passages says who {' '.join(w.capitalize() for w in asked.name)} is"


def section_lead_answers(
    question: str, candidates: list[Candidate], documents: dict[str, Document], settings: AnswerSettings
) -> np.ndarray | None:
    """The candidates in a section whose heading asks the question itself ("## How do I reset my
    password?"); else, for "What does X do?" / "What is X?" where a heading names X, those that
    are the first sentence of prose in such a section (``qa.sections``); None when there are
    none (the general rules decide)."""
    if not settings.section_leads:
        return None
    rows = {d: [i for i, c in enumerate(candidates) if c.hit.passage.doc_id == d] for d in documents}
    starts = {d: [candidates[i].start for i in r] for d, r in rows.items()}
    mask = np.zeros(len(candidates), dtype=bool)
    for doc_id, found in rows.items():
        mask[found] = in_asking_sections(question, documents[doc_id], starts[doc_id])
    if mask.any():
        return mask
    subject = asked_subject(question)
    if subject is None:
        return None
    for doc_id, found in rows.items():
        mask[found] = section_leads(subject, documents[doc_id], starts[doc_id])
    return mask if mask.any() else None


def dated_answers(
    question: str, candidates: list[Candidate], documents: dict[str, Document], settings: AnswerSettings
) -> tuple[np.ndarray | None, str | None]:
    """For "What happened on DATE?" (``qa.dates``), the candidates that name DATE, and a
    notice when none does; (None, None) for other questions (the general rules decide)."""
    date = asked_date(question) if settings.date_lookups else None
    if date is None:
        return None, None
    names = np.zeros(len(candidates), dtype=bool)
    for i, c in enumerate(candidates):
        doc = documents[c.hit.passage.doc_id]
        names[i] = names_date(date, doc.text[c.start : c.end], published(doc.meta.date))
    return names, None if names.any() else f"none of the passages found names {date}"


def acronym_answers(
    question: str, candidates: list[Candidate], documents: dict[str, Document], settings: AnswerSettings
) -> np.ndarray | None:
    """For "What is the EAEU?" (``qa.acronyms``), the candidates that spell it out; None when
    it is another question or none does (the general rules decide)."""
    acronym = asked_acronym(question) if settings.acronyms else None
    if acronym is None:
        return None
    texts = candidate_texts(candidates, documents)
    spells = np.array(spelled_out(acronym, texts), dtype=bool)
    return spells if spells.any() else None


def quoted_answers(
    question: str,
    candidates: list[Candidate],
    documents: dict[str, Document],
    settings: AnswerSettings,
    terms: Terms,
    titles: Sequence[str] = (),
) -> tuple[np.ndarray | None, str | None]:
    """For a question quoting words (``qa.quoted``), the candidates holding them; when none
    does, none for a quotation of three words or more, with a notice, else (None, None): the
    general rules decide, as for a question quoting nothing, and so they do when a quotation
    under three words stands outside the sentence that asks (``qa.cues.asking_part``). A quoted
    title (``titles``) names a document rather than words it writes."""
    quoted = tuple(p for p in quoted_phrases(question) if p not in titles) if settings.quoted_words else ()
    if not quoted:
        return None, None
    texts = candidate_texts(candidates, documents)
    found = np.array(holding(quoted, texts, terms), dtype=bool)
    claims = verbatim_claims(quoted, terms)
    # A word or two in quotation marks outside the sentence that asks is context, as a reader
    # reports it ("… every story just calls him 'the representative'"), not words the answer
    # must write: the general rules decide. A longer quotation is a claim wherever it stands.
    asking = asking_part(question)
    if found.any() and (claims or any(p in asking for p in quoted)):
        return found, None
    if claims:
        return found, "no passage found writes " + " or ".join(f"“{c}”" for c in claims)
    return None, None


def quoted_term_answers(
    question: str, candidates: list[Candidate], documents: dict[str, Document], settings: AnswerSettings, terms: Terms
) -> np.ndarray | None:
    """For "What is X?" (``qa.sections.asked_subject``), the candidates that put X in quotation
    marks (``qa.quoted.in_quotes``); None when it is another question or none does (the
    general rules decide)."""
    subject = asked_subject(question) if settings.quoted_terms else None
    if subject is None:
        return None
    texts = candidate_texts(candidates, documents)
    quoting = np.array(in_quotes(" ".join(subject), texts, terms), dtype=bool)
    return quoting if quoting.any() else None


def described_answers(
    question: str, candidates: list[Candidate], documents: dict[str, Document], settings: AnswerSettings
) -> np.ndarray | None:
    """For "What is the Zangezur Corridor?" (``qa.definitions``), the candidates that write the
    name with what it is right after it; None when it is another question or none does (the
    general rules decide)."""
    name = asked_name(question) if settings.described_names else None
    if name is None:
        return None
    saying = np.array([describes(name, t) for t in candidate_texts(candidates, documents)], dtype=bool)
    return saying if saying.any() else None


def speaker_answers(
    question: str, candidates: list[Candidate], documents: dict[str, Document], settings: AnswerSettings
) -> np.ndarray | None:
    """For "What did X say?" (``qa.cues.only_said``), the candidates that quote X; None when it
    is another question or none does (the general rules decide)."""
    who = only_said(question) if settings.speaker_lookups else None
    if who is None:
        return None
    texts = candidate_texts(candidates, documents)
    quoting = np.array([quotes_speaker(t, who) for t in texts], dtype=bool)
    return quoting if quoting.any() else None


def given_name_answers(
    question: str, candidates: list[Candidate], documents: dict[str, Document], settings: AnswerSettings
) -> np.ndarray | None:
    """For "What mocking nickname does the author give the CSTO?" (``qa.cues.gives_name_to``),
    the candidates that give a name and write what the question names; None when it is another
    question or none does (the general rules decide)."""
    gives = gives_name_to(question) if settings.given_names else None
    if gives is None:
        return None
    giving = np.array([gives(t) for t in candidate_texts(candidates, documents)], dtype=bool)
    return giving if giving.any() else None


def special_answers(
    question: str,
    candidates: list[Candidate],
    documents: dict[str, Document],
    features: np.ndarray,
    settings: AnswerSettings,
    terms: Terms,
    titles: Sequence[str] = (),
) -> tuple[np.ndarray | None, str | None]:
    """The candidates that alone may answer a question of one of the plain forms a sentence
    answers in one known way (who holds a role or who a person is, a question a heading asks,
    what a documented X is, what happened on a date, what an acronym is, a name given, where quoted words are
    written, what someone said, what a term a text quotes is, what a named thing is), and a notice when none may;
    (None, None) when the general rules decide. Such an answer skips the threshold and the
    checks: the form of the sentence is the evidence, not its cosine. ``titles`` are the
    phrases the question quotes that name a document (``qa.references.quoted_titles``), not
    words a sentence must write."""
    says, notice = who_is_answers(question, features, settings)
    if says is None:
        says = section_lead_answers(question, candidates, documents, settings)
    if says is None:
        says, notice = dated_answers(question, candidates, documents, settings)
    if says is None:
        says = acronym_answers(question, candidates, documents, settings)
    if says is None:
        says = given_name_answers(question, candidates, documents, settings)
    if says is None:
        says, notice = quoted_answers(question, candidates, documents, settings, terms, titles)
    if says is None:
        says = speaker_answers(question, candidates, documents, settings)
    if says is None:
        says = quoted_term_answers(question, candidates, documents, settings, terms)
    if says is None:
        says = described_answers(question, candidates, documents, settings)
    return says, notice


def _says_something(doc: Document, candidate: Candidate) -> bool:
    """Whether a sentence can answer on its own: it has words besides web addresses (a line
    holding only "http://www.apache.org/licenses/LICENSE-2.0" or a lone number cannot). A
    Markdown code block can: it is quoted with the sentence that introduces it."""
    return _has_words(doc, candidate) or _in_block(doc, candidate)


def _has_words(doc: Document, candidate: Candidate) -> bool:
    """Whether the candidate holds two words besides web addresses."""
    return bool(_TWO_WORDS.search(_WEB_ADDRESS.sub(" ", doc.text[candidate.start : candidate.end])))


def prose_leads(candidates: list[Candidate], documents: dict[str, Document]) -> np.ndarray:
    """Which candidates may lead in to the sentence after them (``lead_in_readings``): prose that
    says something, not a code block or a table, nor a line holding only a web address, which
    would lend the sentence words that do not name its subject; nor the document's title: every
    sentence of a document is about its title, and read with it the first sentence would speak
    for the whole document (a SciFact abstract's title and first sentence, both on myocardial
    infarction, had answered a claim about macrolides)."""
    out = np.zeros(len(candidates), dtype=bool)
    for i, c in enumerate(candidates):
        doc = documents[c.hit.passage.doc_id]
        title = doc.text[c.start : c.end].split() == doc.meta.title.split()
        out[i] = not title and _has_words(doc, c) and not _in_block(doc, c)
    return out


def _in_block(doc: Document, candidate: Candidate) -> bool:
    """Whether the candidate is a Markdown code block or table (``Span.verbatim``)."""
    return any(s.verbatim and s.start <= candidate.start and candidate.end <= s.end for s in doc.spans)


def choose_quote(
    candidates: list[Candidate],
    scores: np.ndarray,
    documents: dict[str, Document],
    settings: AnswerSettings,
) -> tuple[Quote, int] | None:
    """The best-scoring sentence, joined by neighbours of its passage that score nearly as well.

    Returns the quote (1 to ``max_sentences`` adjacent sentences, one exact span) and the
    position of its best sentence in ``candidates``.
    """
    if not candidates:
        return None
    quotable = np.array([_says_something(documents[c.hit.passage.doc_id], c) for c in candidates])
    if not quotable.any():
        return None
    best = int(np.argmax(np.where(quotable, scores, -np.inf)))
    chosen = candidates[best]
    group = [i for i, c in enumerate(candidates) if c.hit is chosen.hit]  # in passage order
    pos = group.index(best)
    lo = hi = pos
    # A sentence scored with its lead-in is quoted with it: the confidence is then the cosine
    # of what is quoted, and the quote says what the sentence speaks of.
    if chosen.lead_in and pos > 0 and candidates[group[pos - 1]].index == chosen.index - 1:
        lo = pos - 1
    while hi - lo + 1 < settings.max_sentences:
        options = []
        # A sentence read with its lead-in does not join from behind: its score counts the
        # lead-in, which the quote would leave out.
        if lo > 0 and not candidates[group[lo - 1]].lead_in:
            options.append((scores[group[lo - 1]], lo - 1))
        if hi + 1 < len(group):
            options.append((scores[group[hi + 1]], hi + 1))
        if not options:
            break
        score, j = max(options)
        if score < scores[best] - settings.extend_margin:
            break
        lo, hi = min(lo, j), max(hi, j)
    doc = documents[chosen.hit.passage.doc_id]
    # A joined sentence ending with a colon introduces what follows it ("Then install the
    # versions:"), which the quote would leave out: the quote stops before it.
    while hi > pos and doc.text[candidates[group[hi]].start : candidates[group[hi]].end].endswith(":"):
        hi -= 1
    # A code block or a table rarely says what it is; the prose sentence before it in the
    # passage usually introduces it ("To install a version, run:" / "$ pyenv install 3.10"),
    # so it comes too (not another block: that says no more).
    room = hi - lo + 1 < settings.max_sentences
    if lo == pos > 0 and room and _in_block(doc, chosen) and not _in_block(doc, candidates[group[lo - 1]]):
        lo -= 1
    # The other way round: a quote ending with a colon ("If you installed it with Homebrew,
    # upgrade using:", "… from the following sources, in this order:") announces the code
    # block or the list after it, which holds what it says: the block, or the list's first item.
    last = candidates[group[hi]]
    room = hi - lo + 1 < settings.max_sentences
    announces = doc.text[last.start : last.end].endswith(":")
    if room and announces and hi + 1 < len(group):
        following = candidates[group[hi + 1]]
        if _in_block(doc, following) or LIST_ITEM_RE.match(doc.text, following.start, following.end):
            hi += 1
    # A sentence that refers back to the quote's last one continues it ("Azerbaijan launched an
    # attack …" / "It demanded the separatists lay down their arms"): it comes too, when it
    # is in the same paragraph (after a break it opens a new point).
    room = hi - lo + 1 < settings.max_sentences
    following = candidates[group[hi + 1]] if hi + 1 < len(group) else None
    if settings.continuations and room and following and REFERS_BACK.match(doc.text, following.start):
        hi += doc.paragraph_at(following.start) == doc.paragraph_at(candidates[group[hi]].start)
    # The same the other way: a quote opening with "It …" says what "it" is by the sentence before.
    room = hi - lo + 1 < settings.max_sentences
    opening = candidates[group[lo]]
    if settings.continuations and room and lo > 0 and REFERS_BACK.match(doc.text, opening.start):
        lo -= doc.paragraph_at(opening.start) == doc.paragraph_at(candidates[group[lo - 1]].start)
    start, end = candidates[group[lo]].start, candidates[group[hi]].end
    # A footnote number ends the sentence it belongs to ("… wherever they go.”6", "(CIS). 2"),
    # but in a quote it reads as part of the words; the quote stops at the punctuation.
    marker = _FOOTNOTE_END.search(doc.text, start, end)
    if marker:
        end = marker.start()
    return Quote.of(doc, start, end, chosen.hit.rank), best
