"""The lexical side of retrieval: BM25 over passages, via bm25s.

bm25s stores its index as JSON and ``.npy`` arrays (loaded with ``allow_pickle=False``),
which keeps the promise that nothing on disk is ever unpickled.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

#: NLTK's English stopword list. bm25s's own "en" list (33 words) keeps question words such
#: as "what", "did" and "how", which are rare in prose and so get a high IDF: every question
#: then matches the few passages that happen to contain them.
ENGLISH_STOPWORDS = tuple(
    """
    i me my myself we our ours ourselves you you're you've you'll you'd your yours yourself
    yourselves he him his himself she she's her hers herself it it's its itself they them their
    theirs themselves what which who whom this that that'll these those am is are was were be
    been being have has had having do does did doing a an the and but if or because as until
    while of at by for with about against between into through during before after above below
    to from up down in out on off over under again further then once here there when where why
    how all any both each few more most other some such no nor not only own same so than too
    very s t can will just don don't should should've now d ll m o re ve y ain aren aren't
    couldn couldn't didn didn't doesn doesn't hadn hadn't hasn hasn't haven haven't isn isn't
    ma mightn mightn't mustn mustn't needn needn't shan shan't shouldn shouldn't wasn wasn't
    weren weren't won won't wouldn wouldn't
    """.split()
)


@dataclass(frozen=True)
class Bm25Settings:
    """Scoring variant and text normalisation. Chosen on the gold set and SciFact (docs/retrieval-and-answers.md).

    k1 0.9 and b 0.4 are Anserini's parameters for BEIR and MS MARCO, not fitted here: with
    one-character tokens they lift SciFact's hybrid nDCG@10 from 0.738 to 0.745 and leave the
    question sets within a rank or two of Lucene's 1.2 and 0.75 (docs/retrieval-and-answers.md, Dense and BM25).
    """

    method: str = "lucene"
    k1: float = 0.9
    b: float = 0.4
    stemmer: str = "english"  # a PyStemmer language, or "" for none
    stopwords: str = "nltk-en"  # "nltk-en", a bm25s list name ("en"), or "" for none
    #: Every run of word characters is a token, one character long included: scientific text
    #: names things with one ("B cells", "IL-6", "type 2 diabetes"), which bm25s's own pattern
    #: (two characters or more) drops. Lone letters of prose ("s" of "’s", "a") are stopwords.
    token_pattern: str = r"(?u)\b\w+\b"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


class Bm25Index:
    """A BM25 index over a list of texts, scored all at once per query."""

    def __init__(self, settings: Bm25Settings, model: object) -> None:
        self.settings = settings
        self._model = model
        # PyStemmer's stemmers keep internal state and "must not be called concurrently":
        # each thread asking questions gets its own.
        self._local = threading.local()

    @property
    def _stemmer(self) -> object | None:
        stemmer = getattr(self._local, "stemmer", None)
        if stemmer is None and self.settings.stemmer:
            stemmer = self._local.stemmer = _make_stemmer(self.settings.stemmer)
        return stemmer

    @classmethod
    def build(cls, texts: Sequence[str], settings: Bm25Settings) -> Bm25Index:
        import bm25s

        stemmer = _make_stemmer(settings.stemmer)
        tokens = bm25s.tokenize(
            list(texts),
            lower=True,
            stopwords=_stopwords(settings.stopwords),
            stemmer=stemmer,
            token_pattern=settings.token_pattern,
            show_progress=False,
        )
        model = bm25s.BM25(method=settings.method, k1=settings.k1, b=settings.b)
        model.index(tokens, show_progress=False)
        return cls(settings, model)

    def save(self, folder: Path) -> None:
        self._model.save(str(folder), show_progress=False)  # type: ignore[attr-defined]

    @classmethod
    def load(cls, folder: Path, settings: Bm25Settings) -> Bm25Index:
        import bm25s

        model = bm25s.BM25.load(str(folder), mmap=False, allow_pickle=False, show_progress=False)
        return cls(settings, model)

    def query_tokens(self, query: str) -> list[str]:
        """The query's terms as the index knows them (lower-cased, stemmed, no stopwords)."""
        vocab = self._model.vocab_dict  # type: ignore[attr-defined]
        return [t for t in self._tokenize([query])[0] if t in vocab]

    def tokens(self, text: str) -> list[str]:
        """The text's terms as the index writes them, whether it holds them or not (none for a
        stopword)."""
        return self._tokenize([text])[0]

    def stemmed_words(self, texts: Sequence[str]) -> list[list[str]]:
        """Each text's words in order, lower case and stemmed as the index stems them, but
        with its stopwords: a quotation is compared word for word, and "not" is a stopword."""
        import bm25s

        if not texts:
            return []
        return bm25s.tokenize(
            list(texts),
            lower=True,
            stopwords=None,
            stemmer=self._stemmer,
            token_pattern=self.settings.token_pattern,
            return_ids=False,
            show_progress=False,
        )

    def knows(self, word: str) -> bool:
        """Whether every term of ``word`` occurs in the indexed texts; a stopword ("US" is
        "us") has no term to miss, so it is known."""
        return word in self.known([word])

    def known(self, words: Sequence[str]) -> set[str]:
        """The ``words`` the index knows (as ``knows``), tokenized in one call: one bm25s call
        costs about 0.1 ms, whatever the number of words."""
        if not words:
            return set()
        vocab = self._model.vocab_dict  # type: ignore[attr-defined]
        return {w for w, terms in zip(words, self._tokenize(words), strict=True) if all(t in vocab for t in terms)}

    @property
    def vocabulary(self) -> Iterable[str]:
        """Every indexed term (lower case, stemmed)."""
        return self._model.vocab_dict.keys()  # type: ignore[attr-defined]

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every passage for ``query`` (zeros when no query term is known)."""
        n = int(self._model.scores["num_docs"])  # type: ignore[attr-defined]
        tokens = self.query_tokens(query)
        if not tokens:
            return np.zeros(n, dtype=np.float32)
        return np.asarray(self._model.get_scores(tokens), dtype=np.float32)  # type: ignore[attr-defined]

    def text_terms(self, texts: Sequence[str]) -> list[set[str]]:
        """The indexed terms of each text (as ``query_tokens``, for many short texts at once)."""
        if not texts:
            return []
        vocab = self._model.vocab_dict  # type: ignore[attr-defined]
        return [{t for t in row if t in vocab} for row in self._tokenize(texts)]

    def _tokenize(self, texts: Sequence[str]) -> list[list[str]]:
        """Terms of each text exactly as the index was built with (case, stopwords, stemming)."""
        import bm25s

        return bm25s.tokenize(
            list(texts),
            lower=True,
            stopwords=_stopwords(self.settings.stopwords),
            stemmer=self._stemmer,
            token_pattern=self.settings.token_pattern,
            return_ids=False,
            show_progress=False,
        )

    def idf(self, terms: Sequence[str]) -> dict[str, float]:
        """Lucene's BM25 IDF of each indexed term: rare terms say more about a text than common ones."""
        scores = self._model.scores  # type: ignore[attr-defined]
        indptr = scores["indptr"]  # column pointers of the term-by-passage matrix: df = column length
        vocab = self._model.vocab_dict  # type: ignore[attr-defined]
        n = float(scores["num_docs"])
        out = {}
        for t in terms:
            i = vocab.get(t)
            df = float(indptr[i + 1] - indptr[i]) if i is not None and i + 1 < len(indptr) else 0.0
            out[t] = math.log(1.0 + (n - df + 0.5) / (df + 0.5))
        return out


def _stopwords(name: str) -> list[str] | str | None:
    if not name:
        return None
    return list(ENGLISH_STOPWORDS) if name == "nltk-en" else name


def _make_stemmer(language: str) -> object | None:
    if not language:
        return None
    import Stemmer

    return Stemmer.Stemmer(language)
