"""Lexical scoring: TF-IDF over hashed word or character n-grams (scikit-learn).

Term frequencies are computed once per text (hashing needs no vocabulary), so adding a profile
never re-reads the others. The corpus is held once, as sublinear term frequencies in CSC form (an
inverted index: a question reads only its own n-grams' columns); the IDF weights and each text's
norm are recomputed from them when the corpus changes, and IDF is folded into the question, so no
weighted copy of the corpus is kept.
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

from matcher.ngram_counts import char_wb_counts
from matcher.stemming import SNOWBALL_LANGUAGES, word_stemmer
from matcher.text import guess_language, words

__all__ = ["LexicalScorer"]

_WORDWISE_FROM = 16
"""Texts from which counting each distinct word once (:func:`char_wb_counts`) is the faster way
(one question: 0.25 against 0.06 ms; ``benchmarks/bench_counting.py`` for corpora)."""


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
        tf_: (n_texts, n_features) the corpus's sublinear term frequencies (``1 + log count``),
            CSC float32: the only copy of the corpus. :attr:`matrix_` gives the L2-normalised TF-IDF
            rows when something needs them.
        inverse_norms_: (n_texts,) 1 / the L2 norm of each text's TF-IDF row (0 for an empty text).
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
        if self.analyzer == "char_wb" and len(texts) >= _WORDWISE_FROM:  # same counts, words hashed once
            return char_wb_counts(list(texts), self._vectorizer())
        return sp.csr_matrix(self._vectorizer().transform(list(texts)), dtype=np.float32)

    def term_frequencies(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Sublinear term frequencies (``1 + log count``) of texts, (n, n_features) CSR float32."""
        return self.sublinear(self.counts(texts))

    @staticmethod
    def sublinear(counts: sp.csr_matrix) -> sp.csr_matrix:
        """``1 + log count`` of raw counts (:meth:`counts`), same shape, CSR float32."""
        out = sp.csr_matrix(counts, dtype=np.float32, copy=True)
        out.data = 1.0 + np.log(out.data)
        return out

    def fit(
        self,
        texts: Sequence[str] | None = None,
        *,
        counts: sp.csr_matrix | None = None,
        tf: sp.spmatrix | None = None,
    ) -> LexicalScorer:
        """Learn IDF weights and the corpus from texts, raw counts, or sublinear frequencies.

        Args:
            texts: the corpus's texts.
            counts: their raw counts (:meth:`counts`), instead.
            tf: their sublinear term frequencies (:meth:`term_frequencies`, or another scorer's
                :attr:`tf_`), instead: kept as they are when already CSC float32.

        Returns:
            self.
        """
        if tf is None:
            tf = self.sublinear(counts if counts is not None else self.counts(texts or []))
        columns = (
            tf if sp.isspmatrix_csc(tf) and tf.dtype == np.float32 else sp.csc_matrix(tf, dtype=np.float32)
        )
        n_docs = columns.shape[0]
        df = np.diff(columns.indptr)
        self.idf_ = (np.log((1.0 + n_docs) / (1.0 + df)) + 1.0).astype(np.float32)
        squared = sp.csc_matrix(  # the frequencies squared, on the corpus's own index arrays (no copy)
            (columns.data.astype(np.float64) ** 2, columns.indices, columns.indptr), shape=columns.shape
        )
        squares = squared @ self.idf_.astype(np.float64) ** 2  # (n_texts,) squared TF-IDF norms
        norms = np.sqrt(squares).astype(np.float32)
        self.inverse_norms_ = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
        self.tf_ = columns
        return self

    @property
    def matrix_(self) -> sp.csr_matrix:
        """The corpus's L2-normalised TF-IDF rows, (n_texts, n_features) CSR, made from :attr:`tf_`."""
        check_is_fitted(self, "tf_")
        rows = sp.csr_matrix(self.tf_)  # a copy: rows of the corpus's frequencies
        rows.data = rows.data * self.idf_[rows.indices]
        return sp.csr_matrix(sp.diags(self.inverse_norms_) @ rows, dtype=np.float32)

    def _weight(self, raw: sp.csr_matrix) -> sp.csr_matrix:
        if raw.shape[0] == 0:
            return sp.csr_matrix((0, self.n_features), dtype=np.float32)
        weighted = self.sublinear(raw)
        weighted.data = weighted.data * self.idf_[weighted.indices]
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
        check_is_fitted(self, "tf_")
        queries = self.transform(texts)
        out = np.zeros((queries.shape[0], self.tf_.shape[0]), dtype=np.float32)
        for q in range(queries.shape[0]):  # an inverted index: only the question's n-grams' columns are read
            start, stop = queries.indptr[q], queries.indptr[q + 1]
            features = queries.indices[start:stop]
            out[q] = self.tf_[:, features] @ (queries.data[start:stop] * self.idf_[features])
        out *= self.inverse_norms_
        return out if rows is None else out[:, rows]
