"""Lexical scoring: TF-IDF over hashed word or character n-grams (scikit-learn).

Counts are computed once per text (hashing needs no vocabulary), so adding a profile never
re-reads the others; the IDF weights are recomputed from document frequencies when the corpus
changes, which is a sparse column sum.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from sklearn.base import BaseEstimator
from sklearn.feature_extraction.text import HashingVectorizer, strip_accents_unicode
from sklearn.preprocessing import normalize
from sklearn.utils.validation import check_is_fitted

from matcher.stemming import SNOWBALL_LANGUAGES, word_stemmer
from matcher.text import guess_language, words

__all__ = ["LexicalScorer"]


def _content_words(text: str) -> str:
    """Lower-cased, accent-free text without stopwords (the vectoriser's preprocessor)."""
    return " ".join(strip_accents_unicode(w) for w in words(text))


def _stemmed_words(text: str, *, language: str) -> str:
    """As :func:`_content_words`, each word stemmed (before accents are stripped).

    ``language="auto"`` stems each text in the language its function words show
    (:func:`matcher.text.guess_language`) and leaves a text of no clear language unstemmed.
    """
    if language == "auto":
        language = SNOWBALL_LANGUAGES.get(guess_language(text) or "", "none")
    stem = word_stemmer(language)
    return " ".join(strip_accents_unicode(stem(w)) for w in words(text))


class LexicalScorer(BaseEstimator):  # type: ignore[misc]
    """TF-IDF cosine between questions and a corpus of texts.

    Args:
        analyzer: ``char_wb`` (character n-grams within word boundaries; catches Dutch
            compounds) or ``word``.
        ngram_range: smallest and largest n-gram.
        n_features: hashing space size.
        drop_stopwords: remove Dutch, English and French function words (and words of one or two
            letters) before counting n-grams.
        stemmer: ``none``, a Snowball language, or ``auto`` (each text in its own language,
            guessed from its function words): words are stemmed before n-grams are counted
            (implies dropping stopwords).

    Attributes:
        idf_: (n_features,) inverse document frequencies, after :meth:`fit`.
        columns_: (n_texts, n_features) L2-normalised TF-IDF rows of the corpus, in CSC form
            (a question reads only its own n-grams' columns). Kept once: :attr:`matrix_` gives
            the same matrix as rows when something needs them.
    """

    def __init__(
        self,
        *,
        analyzer: str = "char_wb",
        ngram_range: tuple[int, int] = (3, 5),
        n_features: int = 2**20,
        drop_stopwords: bool = True,
        stemmer: str = "none",
    ) -> None:
        self.analyzer = analyzer
        self.ngram_range = ngram_range
        self.n_features = n_features
        self.drop_stopwords = drop_stopwords
        self.stemmer = stemmer

    def _preprocessor(self) -> Callable[[str], str] | None:
        if self.stemmer != "none":
            if self.stemmer != "auto":
                word_stemmer(self.stemmer)  # fail early on an unknown language
            return partial(_stemmed_words, language=self.stemmer)
        return _content_words if self.drop_stopwords else None

    def _vectorizer(self) -> HashingVectorizer:
        return HashingVectorizer(
            analyzer=self.analyzer,
            ngram_range=self.ngram_range,
            n_features=self.n_features,
            alternate_sign=False,
            norm=None,
            lowercase=True,
            strip_accents="unicode",
            # function words ("les", "nous", "het") would make texts of one language look alike
            preprocessor=self._preprocessor(),
        )

    def counts(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Raw n-gram counts, (n, n_features) sparse float32 (whole numbers, exact); cache these per text."""
        if not texts:
            return sp.csr_matrix((0, self.n_features), dtype=np.float32)
        return sp.csr_matrix(self._vectorizer().transform(list(texts)), dtype=np.float32)

    def fit(
        self, texts: Sequence[str] | None = None, *, counts: sp.csr_matrix | None = None
    ) -> LexicalScorer:
        """Learn IDF weights and the corpus matrix from texts or from precomputed counts."""
        raw = counts if counts is not None else self.counts(texts or [])
        n_docs = raw.shape[0]
        df = np.bincount(raw.indices, minlength=self.n_features) if n_docs else np.zeros(self.n_features)
        self.idf_ = (np.log((1.0 + n_docs) / (1.0 + df)) + 1.0).astype(np.float32)
        self.columns_ = sp.csc_matrix(self._weight(raw))  # per-feature access for fast query scoring
        return self

    @property
    def matrix_(self) -> sp.csr_matrix:
        """The corpus's TF-IDF rows, (n_texts, n_features) CSR, made from :attr:`columns_`."""
        return sp.csr_matrix(self.columns_)

    def _weight(self, raw: sp.csr_matrix) -> sp.csr_matrix:
        if raw.shape[0] == 0:
            return sp.csr_matrix((0, self.n_features), dtype=np.float32)
        weighted = sp.csr_matrix(raw, dtype=np.float32, copy=True)
        weighted.data = (1.0 + np.log(weighted.data)) * self.idf_[weighted.indices]  # sublinear tf × idf
        return sp.csr_matrix(normalize(weighted, norm="l2", copy=False))

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """TF-IDF rows for new texts (questions), (n, n_features) sparse, L2-normalised."""
        check_is_fitted(self, "idf_")
        return self._weight(self.counts(texts))

    def score(self, texts: Sequence[str], rows: NDArray[np.intp] | None = None) -> NDArray[np.float32]:
        """Cosine between questions and corpus texts.

        Args:
            texts: n_q questions.
            rows: optional subset of corpus rows (positions), default all.

        Returns:
            (n_q, n_rows) float32 array, values in [0, 1].
        """
        check_is_fitted(self, "columns_")
        queries = self.transform(texts)
        out = np.zeros((queries.shape[0], self.columns_.shape[0]), dtype=np.float32)
        for q in range(queries.shape[0]):  # an inverted index: only the question's n-grams' columns are read
            start, stop = queries.indptr[q], queries.indptr[q + 1]
            out[q] = self.columns_[:, queries.indices[start:stop]] @ queries.data[start:stop]
        return out if rows is None else out[:, rows]
