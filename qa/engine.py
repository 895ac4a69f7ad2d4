"""The one facade both front ends use: open a corpus, ask it questions, see its status.

``Engine.open`` loads the index for a corpus, building or refreshing it first when it is
missing, damaged or stale (with a progress callback). The CLI and the chat call only this
module's public API; evaluation calls it the way a user does.
"""

from __future__ import annotations

import re
import threading
import time
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from qa.answer import (
    FEATURES,
    Answer,
    AnswerSettings,
    Candidate,
    Quote,
    candidate_texts,
    choose_quote,
    closest_sentences,
    lead_in_readings,
    prose_leads,
    response_readings,
    sentence_features,
    special_answers,
)
from qa.counts import counted_thing, counts_it
from qa.cues import (
    CONFIRMING_KINDS,
    KIND_NAMES,
    RARE_KINDS,
    about_missing,
    according_to,
    as_question,
    asking_part,
    asks_for_person,
    asks_whether,
    figure_wanted,
    gives_words_of,
    holds_asked_kind,
    missing_details,
    offered_options,
    other_years,
    question_kind,
    question_names,
    question_subject,
    recased,
    speaker,
    tells_earlier,
    tells_effect,
    tells_response,
    writes_asked,
    years_named,
)
from qa.dates import month_spellings, months_named, other_months
from qa.defaults import DEFAULT_CORPUS, default_index_dir
from qa.documents import Corpus, CorpusError, Document, load_corpus, printable, strip_controls
from qa.embedding import DEFAULT_MODEL, Encoder, load_encoder, resolve_model
from qa.endings import asked_ending, names_ending, participle
from qa.index import (
    IndexBuildError,
    IndexSettings,
    IndexStatus,
    IndexStoreError,
    StoredIndex,
    build_index,
    build_lock,
    load_index,
    read_status,
    stale_reasons,
)
from qa.mentions import fold, unmentioned
from qa.passages import ChunkSettings, Passage, passage_sentences
from qa.places import place_readings
from qa.quoted import quoted_phrases
from qa.references import name_forms, named_documents, quoted_titles
from qa.referents import described, descriptions, linked_names, with_names
from qa.retrieval import RETRIEVERS, Hit, QueryScores, SearchSettings, rank_hits, sentence_rows
from qa.roles import titled_words, with_titles
from qa.spelling import EnglishWords, respelled, respellings, unknown_words

#: Questions longer than this many characters are cut before anything else sees them.
MAX_QUESTION_CHARS = 2000
_SURROGATE_RE = re.compile(r"[\ud800-\udfff]")

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class _Reading:
    """What the answer step made of the top passages (``Engine._answer``)."""

    answered: bool
    quotes: tuple[Quote, ...]  # the best quote, even when it does not answer (then not shown)
    confidence: float
    subject_similarity: float | None
    unmentioned: tuple[str, ...]
    notices: tuple[str, ...]
    closest: tuple[Quote, ...] = ()  # when not answered: each related passage's best sentence


def _not_subject(question: str, titles: dict[str, frozenset[int]]) -> tuple[str, ...]:
    """Words of the question that are not what it is about (``qa.cues.question_subject``): a
    quoted title (``titles``) says where to look, options offered are candidate answers."""
    return (*titles, *offered_options(question))


def _corrects(question: str, confidence: float, subject_similarity: float | None, focus: float | None) -> bool:
    """Whether a quote may answer the yes/no ``question`` by correcting a detail it asks about
    (``AnswerSettings.correction_focus``): the quote reads at least ``focus`` closer to the
    question than to the names in it alone (``subject_similarity``; a question without names
    has no subject to be merely about)."""
    if focus is None or not asks_whether(asking_part(question)):
        return False
    return confidence - (subject_similarity or 0.0) >= focus


def _listed(names: Sequence[str]) -> str:
    return ", ".join(f"“{name}”" for name in names)


def _answer_first(hits: list[Hit], quotes: tuple[Quote, ...]) -> tuple[list[Hit], tuple[Quote, ...]]:
    """``hits`` with the passage the answer quotes moved first and renumbered, and ``quotes``
    citing the new numbers.

    The answer step reads more of the question than the ranking does (what it asks for, the
    share of its terms a sentence holds, what it asks beyond its names), and when it quotes a
    passage below the first that passage is more often the one that answers (docs/retrieval-and-answers.md: Answer
    first). The moved passage is marked lifted, its score the top one plus 1, so that scores
    stay in ranking order.
    """
    if not quotes or quotes[0].citation == 1:
        return hits, quotes
    cited = quotes[0].citation
    first = replace(hits[cited - 1], score=max(h.score for h in hits) + 1.0, lifted=True)
    order = [first, *(h for h in hits if h.rank != cited)]

    def renumbered(rank: int) -> int:
        return 1 if rank == cited else rank + (rank < cited)

    return (
        [replace(h, rank=n) for n, h in enumerate(order, 1)],
        tuple(replace(q, citation=renumbered(q.citation)) for q in quotes),
    )


class QuestionError(ValueError):
    """The question cannot be asked (empty once control characters are removed)."""


@dataclass(frozen=True)
class EngineSettings:
    index: IndexSettings = field(default_factory=IndexSettings)
    search: SearchSettings = field(default_factory=SearchSettings)
    answer: AnswerSettings = field(default_factory=AnswerSettings)


def clean_question(question: str) -> tuple[str, tuple[str, ...]]:
    """The question as data: control sequences removed, whitespace collapsed, length capped.

    Bytes that were not UTF-8 (``surrogateescape`` from argv or stdin, or lone surrogates
    from JSON) become U+FFFD: the tokenizer and every UTF-8 writer would fail on them.
    """
    if not isinstance(question, str):
        raise QuestionError("the question must be text")
    notices: list[str] = []
    question, bad = _SURROGATE_RE.subn("\ufffd", question)
    if bad:
        notices.append(f"{bad} undecodable byte{'s' * (bad != 1)} in the question replaced with \ufffd")
    text = " ".join(strip_controls(unicodedata.normalize("NFC", question)).split())
    if len(text) > MAX_QUESTION_CHARS:
        text = text[:MAX_QUESTION_CHARS]
        notices.append(f"question cut to its first {MAX_QUESTION_CHARS} characters")
    if not text:
        raise QuestionError("the question is empty")
    return text, tuple(notices)


def index_status(
    corpus: str | Path = DEFAULT_CORPUS,
    index: str | Path | None = None,
    *,
    model: str = DEFAULT_MODEL,
    settings: IndexSettings | None = None,
) -> IndexStatus:
    """Status of a corpus's index without loading the model or the index (fast)."""
    corpus = Path(corpus)
    index_dir = Path(index) if index is not None else default_index_dir(corpus)
    settings = replace(settings or IndexSettings(), model=model)
    model_id, _ = resolve_model(model)
    return read_status(index_dir, corpus, settings, model_id)


class Engine:
    """A corpus with its index and encoder, ready to answer. Safe to share between threads."""

    def __init__(
        self,
        stored: StoredIndex,
        encoder: Encoder,
        settings: EngineSettings,
        corpus_root: Path | None,
        index_dir: Path,
        rebuilt_because: tuple[str, ...] = (),
    ) -> None:
        self._stored = stored
        self.encoder = encoder
        self.settings = settings
        self.corpus_root = corpus_root
        self.index_dir = index_dir
        #: Why the index was (re)built when the engine opened; empty if it was loaded as is.
        self.rebuilt_because = rebuilt_because
        self._rebuild_lock = threading.Lock()
        self._english = EnglishWords()  # loaded by the first question with a word nothing knows

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(
        cls,
        corpus: str | Path = DEFAULT_CORPUS,
        index: str | Path | None = None,
        *,
        model: str = DEFAULT_MODEL,
        settings: EngineSettings | None = None,
        progress: Progress | None = None,
        encoder: Encoder | None = None,
        rebuild: bool = False,
    ) -> Engine:
        """Open ``corpus``, building or refreshing its index when needed.

        ``progress(stage, done, total)`` is called during a build; stage "stale" (with the
        reasons in ``Engine.warnings``) announces an automatic rebuild.
        """
        corpus = Path(corpus)
        if not corpus.is_dir():
            where = printable(str(corpus))
            raise CorpusError(
                f"corpus folder not found: {where}" if not corpus.exists() else f"corpus is not a folder: {where}"
            )
        index_dir = Path(index) if index is not None else default_index_dir(corpus)
        if index_dir.exists() and not index_dir.is_dir():
            raise IndexBuildError(f"index is not a folder: {printable(str(index_dir))}")
        settings = settings or EngineSettings()
        settings = replace(settings, index=replace(settings.index, model=model))
        model_id, _ = resolve_model(model)
        stored, reasons = _fresh_or_none(index_dir, corpus, settings.index, model_id, rebuild)
        if stored is None:
            encoder = encoder or load_encoder(model)
            stored, built = _build(index_dir, corpus, settings.index, encoder, progress, model_id, force=rebuild)
            if not built:  # another process or thread built it while this one waited for the lock
                reasons = []
        else:
            reasons = []
        return cls(stored, encoder or load_encoder(model), settings, corpus, index_dir, tuple(reasons))

    @classmethod
    def from_corpus(
        cls,
        corpus: Corpus,
        index: str | Path,
        *,
        fingerprint: str,
        model: str = DEFAULT_MODEL,
        settings: EngineSettings | None = None,
        progress: Progress | None = None,
        encoder: Encoder | None = None,
    ) -> Engine:
        """An engine over documents that do not live in a folder (a benchmark collection).

        ``fingerprint`` identifies the collection: the index is rebuilt when it changes.
        """
        index_dir = Path(index)
        settings = settings or EngineSettings()
        settings = replace(settings, index=replace(settings.index, model=model))
        model_id, _ = resolve_model(model)
        stored = None
        try:
            candidate = load_index(index_dir)
            if not stale_reasons(candidate.manifest, None, settings.index, model_id, fingerprint):
                stored = candidate
        except IndexStoreError:
            pass
        encoder = encoder or load_encoder(model)
        if stored is None:
            with build_lock(index_dir):
                stored = build_index(
                    corpus, index_dir, settings.index, encoder, progress=progress, fingerprint=fingerprint
                )
        return cls(stored, encoder, settings, None, index_dir)

    # ------------------------------------------------------------------ facts

    @property
    def documents(self) -> tuple[Document, ...]:
        return self._stored.documents

    @property
    def passage_count(self) -> int:
        return self._stored.size

    @property
    def manifest(self) -> dict:
        return self._stored.manifest

    @property
    def warnings(self) -> tuple[str, ...]:
        """Files the last build skipped, and why."""
        return tuple(self._stored.manifest.get("warnings", []))

    def passages(self) -> Iterator[Passage]:
        """Every indexed passage, in index order (for evaluation and export)."""
        stored = self._stored
        for row in range(stored.size):
            yield stored.passage(row)

    def document(self, doc_id: str) -> Document:
        """The whole document (for a reader showing a passage in context)."""
        return self._stored.document(doc_id)

    def status(self) -> IndexStatus:
        model_id = self._stored.model_id
        if self.corpus_root is None:
            return read_status(
                self.index_dir, None, self.settings.index, model_id, self._stored.manifest.get("fingerprint")
            )
        return read_status(self.index_dir, self.corpus_root, self.settings.index, model_id)

    # ------------------------------------------------------------------ asking

    def search(self, query: str, k: int = 10, retriever: str = "hybrid", *, doc_id: str | None = None) -> list[Hit]:
        """The ``k`` best passages for ``query`` (``retriever``: hybrid, dense or bm25), in the
        order ``ask`` lists them: hybrid puts first the passage its answer quotes
        (``SearchSettings.answer_first``), so evaluation ranks what a reader is shown."""
        stored = self._stored
        text, _ = self._read(stored, clean_question(query)[0])
        reorders = self._answer_leads(retriever)
        titles = self._quoted_titles(stored, text)
        vector, subjects = self._encode_question(text, reorders, _not_subject(text, titles))
        hits, scores, named = self._search(stored, text, vector, k, retriever, doc_id, titles)
        if reorders:
            reading = self._answer(stored, text, vector, subjects, hits, scores, named, titles)
            hits = _answer_first(hits, reading.quotes if reading.answered else ())[0]
        return hits

    def _answer_leads(self, retriever: str) -> bool:
        """Whether the passage the answer quotes is listed first (``SearchSettings.answer_first``):
        for hybrid only, so that dense and BM25 stay the single retrievers they are measured as."""
        return retriever == "hybrid" and self.settings.search.answer_first

    def _respelled(self, stored: StoredIndex, text: str) -> tuple[str, tuple[str, ...]]:
        """``text`` with its misspelt words read as the documents spell them (``qa.spelling``),
        and a notice for each."""
        if not self.settings.search.respell:
            return text, ()
        single = self.encoder.token_count("a")
        changes = respellings(
            text, stored.bm25.known, lambda word: self.encoder.token_count(word) <= single, self._english
        )
        changed = {change.start for change in changes}
        changes += [place for place in place_readings(text, stored.bm25.known) if place.start not in changed]
        return respelled(text, changes), tuple(change.notice for change in changes)

    def _read(self, stored: StoredIndex, question: str) -> tuple[str, tuple[str, ...]]:
        """The question as it is searched and answered: misspelt words respelt, descriptions
        followed by the names they read as, titles by the titles they stand for (``qa.roles``);
        a notice for each change."""
        text, respelt = self._respelled(stored, as_question(question))
        text, linked = self._linked(stored, text)
        text, titled = with_titles(text) if self.settings.search.read_titles else (text, ())
        return text, respelt + linked + titled

    def _linked(self, stored: StoredIndex, text: str) -> tuple[str, tuple[str, ...]]:
        """``text`` with each description of an institution that reads as a name the documents
        define followed by that name (``qa.referents``), and a notice for each."""
        search = self.settings.search
        found = descriptions(text) if search.link_descriptions else []
        if not found or not stored.defined_names:
            return text, ()
        forms_vectors = stored.defined_vectors(self.encoder.encode)

        def similarity(texts: list[str]) -> np.ndarray:
            return self.encoder.encode(texts) @ forms_vectors.T

        links = linked_names(text, found, stored.defined_names, similarity, search.link_threshold, search.link_margin)
        return with_names(text, links), tuple(link.notice for link in links)

    def _search(
        self,
        stored: StoredIndex,
        text: str,
        vector: np.ndarray,
        k: int,
        retriever: str,
        doc_id: str | None,
        titles: dict[str, frozenset[int]],
    ) -> tuple[list[Hit], QueryScores, tuple[str, ...]]:
        """The hits, the scores behind them, and the documents the question named (``qa.references``;
        ``titles``, the titles it quotes, ``_quoted_titles``), to which the search was held."""
        if retriever not in RETRIEVERS:
            raise ValueError(f"unknown retriever {retriever!r}; choose from {', '.join(RETRIEVERS)}")
        if k < 1:
            raise ValueError("k must be at least 1")
        rows, named = None, ()
        if doc_id is not None:
            if not stored.has_document(doc_id):
                raise KeyError(f"no document {doc_id!r} in the index")
            rows = np.flatnonzero(stored.doc_rows == stored.doc_row(doc_id))
        elif self.settings.search.named_documents:
            docs = stored.documents
            found = named_documents(question_names(text), stored.catalog, stored.documents_using, len(docs))
            found = found.union(*titles.values())
            if found:
                ordered = sorted(found)
                named = tuple(stored.documents[r].doc_id for r in ordered)
                rows = np.flatnonzero(np.isin(stored.doc_rows, ordered))
        search = self.settings.search
        if k > search.candidates:  # a pool smaller than k could not return the k best passages
            search = replace(search, candidates=k)
        scores = QueryScores(stored, text, vector, search, rows)
        return rank_hits(stored, scores, retriever, k, search), scores, named

    def _quoted_titles(self, stored: StoredIndex, text: str) -> dict[str, frozenset[int]]:
        """The phrases the question quotes that are documents' titles, each with its documents'
        rows (``qa.references.quoted_titles``). Such a phrase says where to look: it is no claim
        to find written, and not what the question is about (``qa.cues.question_subject``). An
        author's or publisher's name stays in the subject: leaving those out too declined two
        right answers and gained three declines over the question sets (docs). Read once per
        question (``ask``, ``search``) and handed on: it stems every title, and reads every
        other document's text for a quoted title-cased phrase."""
        phrases = quoted_phrases(text) if self.settings.answer.quoted_words else ()
        if not phrases:
            return {}
        docs = stored.documents
        titles, texts = [d.meta.title for d in docs], [d.text for d in docs]
        return quoted_titles(phrases, titles, texts, stored.bm25.stemmed_words)

    def ask(self, question: str, k: int = 5, retriever: str = "hybrid", *, doc_id: str | None = None) -> Answer:
        """Answer ``question`` with quoted sentences, or say the corpus does not hold it."""
        t0 = time.perf_counter()
        stored = self._stored  # one generation for the whole question, even if a rebuild swaps it
        typed, notices = clean_question(question)
        text, read_as = self._read(stored, typed)  # what is searched and answered
        notices += read_as
        limit = self.encoder.max_seq_length
        if self.encoder.token_count(text) > limit:
            notices += (f"question truncated to {limit} tokens for the embedding model",)
        quoted = self._quoted_titles(stored, text)
        vector, subjects = self._encode_question(text, sources=_not_subject(text, quoted))
        t1 = time.perf_counter()
        hits, scores, named = self._search(stored, text, vector, k, retriever, doc_id, quoted)
        if named:
            titles = ", ".join(f"“{stored.document(d).meta.title}” ({d})" for d in named)
            notices += (f"searched only {titles}, which the question names",)
        t2 = time.perf_counter()
        reading = self._answer(stored, text, vector, subjects, hits, scores, named, quoted)
        notices += reading.notices
        quotes = reading.quotes if reading.answered else ()
        if self._answer_leads(retriever):
            hits, quotes = _answer_first(hits, quotes)
        t3 = time.perf_counter()
        timings = {
            "embed": round((t1 - t0) * 1000, 2),
            "search": round((t2 - t1) * 1000, 2),
            "answer": round((t3 - t2) * 1000, 2),
            "total": round((t3 - t0) * 1000, 2),
        }
        return Answer(
            question=typed,
            answered=reading.answered,
            quotes=quotes,
            hits=tuple(hits),
            confidence=reading.confidence,
            notices=notices,
            subject_similarity=reading.subject_similarity,
            unmentioned=reading.unmentioned,
            timings_ms=timings,
            closest=reading.closest,
        )

    def _answer(
        self,
        stored: StoredIndex,
        text: str,
        vector: np.ndarray,
        subjects: dict[str, np.ndarray],
        hits: list[Hit],
        scores: QueryScores,
        named: tuple[str, ...],
        titles: dict[str, frozenset[int]],
    ) -> _Reading:
        """What the answer step makes of the top passages: the quote, and whether it answers.
        ``titles`` are the titles the question quotes (``_quoted_titles``)."""
        notices: tuple[str, ...] = ()
        settings = self.settings.answer
        asked, candidates, docs, similarity, about, features = self._scored_sentences(
            stored, text, vector, subjects, hits, scores, titles
        )
        weighted = features @ np.array(settings.weights)
        scored = candidates, weighted  # every sentence scored: the closest of each passage, if declined
        terms = stored.bm25.stemmed_words
        says, notice = special_answers(asked, candidates, docs, features, settings, terms, tuple(titles))
        narrowed = says if says is not None else self._source_words(stored, asked, candidates, docs)
        if narrowed is not None:  # a question of a plain form: only such a sentence answers it
            # The others stay candidates, unscored: one that continues the quote ("Consequently,
            # the Kremlin banned …" after the sentence writing the quoted words) still joins it.
            if narrowed.any():
                weighted = np.where(narrowed, weighted, -np.inf)
            else:
                candidates, weighted, similarity = [], weighted[:0], similarity[:0]
                about = None if about is None else about[:0]
            notices += (notice,) if notice else ()
        if says is None and settings.kind_check and settings.kind_fallback is not None:
            weighted = self._kind_first(stored, asked, candidates, docs, weighted, named, settings.kind_fallback)
        chosen = choose_quote(candidates, weighted, docs, settings)
        quotes: tuple[Quote, ...] = ()
        confidence, subject_similarity, corrects = 0.0, None, False
        dated: tuple[str, ...] = ()  # the year or month asked about that the quote misses
        if chosen is not None:
            quote, best = chosen
            quotes, confidence = (quote,), float(similarity[best])
            subject_similarity = None if about is None else float(about[best])
        if says is not None:
            answered = bool(quotes)  # saying who (or what) is the answer, however it scores
            corrects = answered and _corrects(asked, confidence, subject_similarity, settings.correction_focus)
        else:
            kind = question_kind(asked)
            # "What does the MPL say about …?" asks what a document says, not for words said.
            kind_checked = settings.kind_check and not (kind == "quote" and named)
            holds = None
            lowest = min(settings.threshold, settings.confirmed_threshold or settings.threshold)
            if quotes and kind_checked and confidence >= lowest:  # else declined whatever it holds
                before = _sentence_before(stored, candidates, quotes[0]) if kind == "quote" else ""
                holds = holds_asked_kind(kind, asked, quotes[0].text, before)
            confirmed = settings.confirmed_threshold is not None and kind in CONFIRMING_KINDS and holds is True
            floor = settings.confirmed_threshold if confirmed else settings.threshold
            answered = bool(quotes) and confidence >= floor
            if answered and subject_similarity is not None and settings.subject_check:
                # Else the quote is only about what the question names; not when it writes the
                # likeness or pretext asked for, whose words name little (``writes_asked``).
                answered = confidence > subject_similarity or writes_asked(kind, quotes[0].text)
                if not answered:
                    sources = _not_subject(asked, titles)
                    about_names = [n for n in question_names(asked) if not any(n in s or s in n for s in sources)]
                    names = " and ".join(f"“{name}”" for name in about_names)
                    notices += (f"the closest sentence is no closer to the question than to {names} alone",)
            if answered and settings.kind_check:
                if holds is False:
                    answered = False
                    who = speaker(asked) if kind == "quote" else None
                    wanted = figure_wanted(asked) if kind == "number" else KIND_NAMES[kind]
                    wanted = "a person" if kind == "name" and asks_for_person(asked) else wanted
                    wanted = f"what {who} said" if who else wanted
                    notices += (f"the question asks for {wanted}; the closest sentence gives none",)
                elif (
                    kind == "number"
                    and settings.count_check
                    and (counted := counted_thing(asked))
                    and not counts_it(counted, quotes[0].text, self._closeness, settings.count_similarity)
                ):
                    answered = False
                    notices += (f"the question asks {counted}; the closest sentence counts something else",)
                elif (
                    kind in ("date", None)
                    and settings.ending_check
                    and (ending := asked_ending(asked))
                    and not names_ending(ending, quotes[0].text)
                ):
                    answered = False
                    asks = f"{'when' if kind else 'whether'} something was {participle(ending)}"
                    notices += (f"the question asks {asks}; the closest sentence does not say so",)
            corrects = answered and _corrects(asked, confidence, subject_similarity, settings.correction_focus)
            # A year, then a month, asked about that the quote's dates all miss; what something is
            # likened to is another time by nature ("… just as it banned wine products from
            # Georgia in 2006", of the 2023 ban on dairy).
            for checked, others, named in (
                (settings.year_check, other_years, years_named),
                (settings.month_check, other_months, months_named),
            ):
                if answered and checked and kind != "likeness" and (found := others(asked, quotes[0].text)):
                    asked_for, quoted = " or ".join(named(asked)), " and ".join(found)
                    dated += (f"the question asks about {asked_for}; the closest sentence speaks of {quoted}",)
        missing = self._unmentioned(stored, asked, docs) if settings.mention_check else ()
        if corrects and len(dated) + missing_details(asked, missing) == 1 and not about_missing(asked, missing):
            # "Did that happen in 2008?" is answered by "… in 2006", "Did Pashinyan tell the BBC
            # …?" by "In … an interview with CNN Prima News, … Pashinyan …": the detail the quote
            # gives otherwise is the premise it corrects. One detail: a question whose year and
            # place are both missing asks about another event.
            detail = dated[0] if dated else f"the documents never mention {_listed(missing)}"
            notices += (f"the quote corrects the question: {detail}",)
            dated, missing = (), ()
        if dated:
            answered = False
            notices += dated[:1]
        if missing:
            answered = False
            notices += (f"the documents never mention {_listed(missing)}",)
        closest = () if answered else tuple(closest_sentences(*scored, docs))
        return _Reading(answered, quotes, confidence, subject_similarity, missing, notices, closest)

    def _closeness(self, word: str, others: Sequence[str]) -> float:
        """The highest cosine of ``word`` with any of ``others``, each encoded alone."""
        vectors = self.encoder.encode([word, *others])
        return float((vectors[1:] @ vectors[0]).max())

    def _kind_first(
        self,
        stored: StoredIndex,
        asked: str,
        candidates: list[Candidate],
        docs: dict[str, Document],
        weighted: np.ndarray,
        named: tuple[str, ...],
        margin: float,
    ) -> np.ndarray:
        """``weighted`` with the best sentence whose quote holds the kind of thing asked for put
        first, when the quote of the best-scored one holds none and it scores within ``margin``
        of it: "How long did the 2020 war last?" is answered by "… fought a six-week war …" (a
        passage ranked fourth) rather than declined for "The Karabakh War in 2020 ended in
        defeat …". Judged on the quote each would make, neighbours included, as the kind check
        judges it."""
        kind = question_kind(asked)
        if kind is None or (kind == "quote" and named) or not len(weighted):
            return weighted

        def holds(scores: np.ndarray) -> bool | None:
            chosen = choose_quote(candidates, scores, docs, self.settings.answer)
            if chosen is None:
                return None
            before = _sentence_before(stored, candidates, chosen[0]) if kind == "quote" else ""
            return holds_asked_kind(kind, asked, chosen[0].text, before)

        if holds(weighted) is not False:
            return weighted
        order = np.argsort(-weighted, kind="stable")
        top = float(weighted[order[0]])
        if kind in RARE_KINDS:
            margin = np.inf  # the one sentence of its kind is the answer, or nothing is
        for i in order[1:]:
            if weighted[i] < top - margin or not np.isfinite(weighted[i]):
                break
            lifted = weighted.copy()
            lifted[i] = top + 1e-3
            if holds(lifted):
                return lifted
        return weighted

    def _source_words(
        self, stored: StoredIndex, question: str, candidates: list[Candidate], docs: dict[str, Document]
    ) -> np.ndarray | None:
        """For "According to Pashinyan, …?", the candidates that give Pashinyan's words, when any
        do (``qa.cues.according_to``); None otherwise. Unlike a special answer, the threshold
        and the checks still judge the one chosen: the question asks more than whose words."""
        who = according_to(question) if self.settings.answer.source_words else None
        if who is None:
            return None
        texts = candidate_texts(candidates, docs)
        words = np.array([gives_words_of(t, _before(stored, c), who) for t, c in zip(texts, candidates, strict=True)])
        return words if words.any() else None

    def _unmentioned(self, stored: StoredIndex, question: str, docs: dict[str, Document]) -> tuple[str, ...]:
        """The names in ``question`` no document mentions (``qa.mentions``); ``docs``, the
        documents the answer would quote from, are where an acronym would be spelled out. A
        name the catalog gives (a file name, an author, a publisher) is mentioned too, and so
        is one written with a version the documents leave out ("GPLv3"). The words of a
        description the question was read as a defined name by are not checked: the name says
        what they mean ("the Hague tribunal (ICC)"), and of the options a question offers
        (``qa.cues.offered_options``) one mentioned is enough. A question typed in lower case (its first
        letter tells) has lost its names' capitals: there, a word neither English nor the
        documents know is a name ("what did turkey's president erdogan say …",
        ``qa.spelling.unknown_words``)."""
        texts = [d.text for d in docs.values()]

        def knows(word: str) -> bool:
            forms = name_forms(word) + month_spellings(word)  # "Nov" is mentioned by "November"
            return any(stored.bm25.knows(form) or fold(form) in stored.catalog for form in forms)

        read_as = described(question, stored.defined_names)  # "the Hague tribunal (ICC)": ICC is the name
        read_as += titled_words(question)  # "Russian MFA (foreign ministry)": the title is what it means
        asking = asking_part(question)  # a preamble's names are context, not what is asked about
        names = [n for n in question_names(asking) if not any(n in text for text in read_as)]
        if re.match(r"\W*[a-z]", asking):  # typed in lower case, whatever names were recased since
            names += unknown_words(asking, stored.bm25.known, self._english)
        # Options offered ("…: Minsk, Astana or Moscow?"): the documents need mention only one.
        options = offered_options(asking)
        offered = [n for n in names if any(n in option for option in options)]
        missing = unmentioned([n for n in names if n not in offered], texts, knows, stored.bm25.vocabulary)
        missing_offered = unmentioned(offered, texts, knows, stored.bm25.vocabulary)
        return tuple(missing + (missing_offered if len(missing_offered) == len(offered) else []))

    def _encode_question(
        self, text: str, with_subject: bool = True, sources: Sequence[str] = ()
    ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """The question's vector, and, ``with_subject``, its subject's (``_subject_vector``) from
        the same encoder call: the answer step needs both, and hybrid search runs it too
        (``SearchSettings.answer_first``), so a second call per question would cost a search
        about a quarter more. A search that does not run the answer step encodes the question alone.
        ``sources`` are words that are not what the question is about (``_not_subject``)."""
        subject = question_subject(text, sources) if with_subject else None
        if subject is None:
            return self.encoder.encode([text])[0], {}
        vectors = self.encoder.encode([text, subject])
        return vectors[0], {subject: vectors[1]}

    def _subject_vector(
        self, question: str, known: dict[str, np.ndarray] | None = None, sources: Sequence[str] = ()
    ) -> np.ndarray | None:
        """The embedding of what ``question`` is about, as the names it holds
        (``qa.cues.question_subject``); None when it names nothing or asks about nothing but
        its names. ``known`` holds subjects already encoded (``_encode_question``): a question
        typed in lower case has a subject only once its names are recased."""
        subject = question_subject(question, sources)
        if subject is None:
            return None
        if known and subject in known:
            return known[subject]
        return self.encoder.encode([subject])[0]

    def _scored_sentences(
        self,
        stored: StoredIndex,
        text: str,
        vector: np.ndarray,
        subjects: dict[str, np.ndarray],
        hits: list[Hit],
        scores: QueryScores,
        titles: dict[str, frozenset[int]],
    ) -> tuple[str, list[Candidate], dict[str, Document], np.ndarray, np.ndarray | None, np.ndarray]:
        """The question as the answer step reads it (its names recased), the candidate
        sentences of the top passages, their cosine with the question and with its subject
        (None without one), and their features. A sentence read with its lead-in
        (``AnswerSettings.lead_ins``) has the pair's cosines, and the features read the pair's
        cosine less the margin (``qa.answer.lead_in_readings``).

        Sentence vectors come from the index (computed once, at build time); only an index
        built without them makes the sentences of the top passages be encoded here.
        ``scripts/fit_answers.py`` fits the answer weights on exactly these features.
        """
        top = hits[: self.settings.answer.passages]
        # Names typed in lower case, read as the passages the answer reads write them: the
        # answer does not depend on how many passages are listed.
        question = recased(text, [h.passage.text for h in top])
        subject = self._subject_vector(question, subjects, _not_subject(question, titles))
        docs = {h.passage.doc_id: stored.document(h.passage.doc_id) for h in top}
        candidates = _candidate_sentences(stored, top, docs, self.settings.index.chunking)
        if not candidates:
            return question, [], docs, np.zeros(0), None, np.zeros((0, len(FEATURES)))
        texts = candidate_texts(candidates, docs)
        ids = np.array([c.sentence_id for c in candidates], dtype=np.int64)
        if stored.sentences is not None and len(scores.sentence_ids) and (ids >= 0).all():
            vectors = stored.sentences.vectors[ids]
            similarity = scores.sentence_similarity(ids)
            pool = scores.sentence_stats
            adjacent = stored.sentences.adjacent[ids]
        else:
            vectors = self.encoder.encode(texts)
            similarity = vectors @ vector
            pool = (float(similarity.mean()), float(similarity.std()))
            adjacent = np.concatenate([[0.0], np.einsum("ij,ij->i", vectors[1:], vectors[:-1])])
        about = None if subject is None else vectors @ subject
        ranking = similarity
        if self.settings.answer.lead_ins:
            margin, leads = self.settings.answer.lead_in_margin, prose_leads(candidates, docs)
            read = lead_in_readings(candidates, similarity, about, adjacent, margin, leads)
            candidates, similarity, about, ranking = read.candidates, read.similarity, read.about, read.ranking
        settings = self.settings.answer
        kind = question_kind(question)
        if settings.responses and kind in ("response", "effect", "earlier"):
            tells = {"response": tells_response, "effect": tells_effect, "earlier": tells_earlier}[kind]
            read_with = response_readings(candidates, texts, similarity, ranking, docs, settings.lead_in_margin, tells)
            similarity = np.where(read_with > ranking, read_with, similarity)
            ranking = read_with
        ranks = np.array([c.hit.rank for c in candidates], dtype=np.float64)
        features = sentence_features(question, texts, ranking, pool, ranks, stored.bm25, about)
        return question, candidates, docs, similarity, about, features

    # ------------------------------------------------------------------ rebuilding

    def refresh(self, progress: Progress | None = None, *, force: bool = False) -> list[str]:
        """Rebuild the index if the corpus changed (or always, with ``force``); returns why.

        Questions asked meanwhile are answered from the old index until the new one is live.
        """
        if self.corpus_root is None:
            raise ValueError("this engine was not opened on a corpus folder")
        with self._rebuild_lock:
            reasons = list(self.status().reasons)
            if not reasons and not force:
                return []
            self._stored, _ = _build(
                self.index_dir,
                self.corpus_root,
                self.settings.index,
                self.encoder,
                progress,
                self.encoder.model_id,
                force=True,
            )
            self.rebuilt_because = tuple(reasons or ["rebuild requested"])
            return list(self.rebuilt_because)


def _sentence_before(stored: StoredIndex, candidates: list[Candidate], quote: Quote) -> str:
    """The sentence of the document right before the quote ("" when unknown or none): words
    the quote gives without naming who said them go on with it (``qa.cues.holds_asked_kind``)."""
    first = next((c for c in candidates if c.hit.passage.doc_id == quote.doc_id and c.start == quote.start), None)
    return "" if first is None else _before(stored, first)


def _before(stored: StoredIndex, first: Candidate) -> str:
    """The sentence of the document right before ``first`` ("" when unknown or none)."""
    store = stored.sentences
    if store is None or first.sentence_id <= 0:
        return ""
    row = first.sentence_id - 1
    if int(store.doc_rows[row]) != int(store.doc_rows[first.sentence_id]):
        return ""
    return stored.documents[int(store.doc_rows[row])].text[int(store.starts[row]) : int(store.ends[row])]


def _candidate_sentences(
    stored: StoredIndex, hits: list[Hit], docs: dict[str, Document], chunking: ChunkSettings
) -> list[Candidate]:
    """Every sentence of ``hits``' passages, passage by passage, in text order."""
    out: list[Candidate] = []
    store = stored.sentences
    for hit in hits:
        if store is not None:
            lo, hi = sentence_rows(store, hit)  # a merged or continued hit spans more than a passage
            out += [Candidate(hit, int(store.starts[i]), int(store.ends[i]), i - lo, i) for i in range(lo, hi)]
        else:
            p = hit.passage
            spans = passage_sentences(docs[p.doc_id], p.start, p.end, chunking)
            out += [Candidate(hit, s.start, s.end, i) for i, s in enumerate(spans)]
    return out


def _fresh_or_none(
    index_dir: Path, corpus: Path, settings: IndexSettings, model_id: str, rebuild: bool
) -> tuple[StoredIndex | None, list[str]]:
    """The stored index if it can be used as is; otherwise None and why not."""
    if rebuild:
        return None, ["rebuild requested"]
    try:
        stored = load_index(index_dir)
    except IndexStoreError as exc:
        return None, [str(exc)]
    reasons = stale_reasons(stored.manifest, corpus, settings, model_id)
    return (None, reasons) if reasons else (stored, [])


def _build(
    index_dir: Path,
    corpus_root: Path,
    settings: IndexSettings,
    encoder: Encoder,
    progress: Progress | None,
    model_id: str,
    *,
    force: bool,
) -> tuple[StoredIndex, bool]:
    """Build under the lock; returns the index and whether this call built it."""
    if progress:
        progress("stale", 0, 0)
    with build_lock(index_dir, on_wait=(lambda: progress("waiting", 0, 0)) if progress else None):
        if not force:  # another process may have built it while we waited for the lock
            fresh, _ = _fresh_or_none(index_dir, corpus_root, settings, model_id, False)
            if fresh is not None:
                return fresh, False
        return build_index(load_corpus(corpus_root), index_dir, settings, encoder, progress=progress), True
