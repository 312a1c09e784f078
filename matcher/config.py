"""The ranking's tunable settings, one frozen dataclass (defaults follow EVALUATION.md).

Each field is declared once, with :func:`option`: its type, default, bounds and a one-line help.
The service's settings (``KRINGMATCH_<NAME>``), the ``kringmatch eval`` flags (``--name``) and
the README's configuration table are derived from these declarations (``api/app/config.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any, Literal, NamedTuple

import numpy as np
from numpy.typing import NDArray

from matcher.stemming import stemmer_available
from models.errors import InvalidInputError

__all__ = ["Aggregation", "Centering", "Fusion", "LexicalSpec", "Normalisation", "RankConfig", "option"]

Aggregation = Literal["max", "mean", "top3", "harmonic"]
Normalisation = Literal["none", "z"]
Fusion = Literal["weighted", "rrf"]
Centering = Literal["none", "language"]
LexicalAnalyzer = Literal["char_wb", "word"]
CrossLanguage = Literal["raw", "impute"]


def option(default: Any, help: str, *, ge: float | None = None, le: float | None = None) -> Any:
    """A :class:`RankConfig` field: its default, what it does and its bounds (``ge <= x <= le``).

    The metadata (``help``, ``ge``, ``le``) is read by the service's settings and the CLI.
    """
    return dataclass_field(default=default, metadata={"help": help, "ge": ge, "le": le})


def _default_ngrams(analyzer: str) -> tuple[int, int]:
    """An analyzer's n-gram range when none is set: characters 3–5, words 1–1."""
    return (3, 5) if analyzer == "char_wb" else (1, 1)


class LexicalSpec(NamedTuple):
    """One lexical channel: analyzer, n-gram range and stemmer (:class:`LexicalScorer`'s settings)."""

    analyzer: str
    ngram_range: tuple[int, int]
    stemmer: str


@dataclass(frozen=True)
class RankConfig:
    """How unit scores become one score per profile.

    Attributes:
        lexical_weight: weight of the TF-IDF score in the fused score; the dense score gets
            ``1 - lexical_weight``. 0 = dense only, 1 = lexical only.
        aggregation: how a profile's texts (expertise, documents) combine: ``max``, ``mean`` or
            ``top3`` (best + second/2 + third/3, divided by the weights used; ACL's rule) or
            ``harmonic`` (the same rule over the best ``aggregation_depth`` texts: the i-th best
            weighs 1/i).
        aggregation_depth: how many of a profile's best texts ``harmonic`` reads.
        normalisation: ``z`` standardises each score channel per question across texts before
            fusing; ``none`` fuses raw cosines.
        fusion: ``weighted`` sum, or ``rrf`` (reciprocal rank fusion of per-channel rankings).
        rrf_k: the constant of reciprocal rank fusion.
        lexical_analyzer: ``char_wb`` (character n-grams inside words) or ``word``.
        lexical_stemmer: ``none``, or a Snowball language (``english``, ``dutch``, ``french``, ...)
            whose stemmer reduces words before n-grams are counted (``snowballstemmer`` package).
        ngram_min: smallest n-gram (characters or words); default 3 for ``char_wb``, 1 for ``word``.
        ngram_max: largest n-gram; default 5 for ``char_wb``, 1 for ``word``.
        sentence_weight: share of a profile's best single sentence in its score (multi-vector).
        centering: ``language`` subtracts from each text's vector the mean vector of the texts
            in its language (profiles' ``language`` field), so a question no longer prefers
            texts merely for sharing its language (Libovický et al., 2020, "On the Language
            Neutrality of Pre-trained Multilingual Representations").
        centering_min_items: a language with fewer texts than this is centred on the mean of all
            texts.
        document_words: a question of at least this many words is a document (an abstract, a
            project description, a profile's own text), not a short question: asymmetric
            embedders encode it as a passage, as its counterparts are (e5's guidance for
            symmetric tasks), and its lexical score comes from a second TF-IDF channel
            (``document_analyzer`` ...) fused with ``document_lexical_weight``: two long texts'
            shared words and word pairs say more than a short question's. 0 = never.
        document_lexical_weight: the lexical weight for documents (``lexical_weight`` for
            questions).
        document_analyzer: the lexical analyzer for documents.
        document_ngram_max: its largest n-gram (smallest: 1 for ``word``, 3 for ``char_wb``).
        document_stemmer: its stemmer; ``auto`` stems each text in its own language.
        document_cross_language: ``impute``: a document's lexical score against a text in
            another language (they share no words, whatever they mean) is replaced by the one its
            dense score predicts (:mod:`matcher.crosslingual`); ``raw`` keeps it.
    """

    lexical_weight: float = option(0.2, "Share of the TF-IDF score in the fused score.", ge=0.0, le=1.0)
    aggregation: Aggregation = option("harmonic", "How a profile's texts combine: max, mean, top3, harmonic.")
    aggregation_depth: int = option(10, "Texts harmonic aggregation reads.", ge=1, le=1000)
    normalisation: Normalisation = option("none", "z: standardise each score channel before fusing.")
    fusion: Fusion = option("weighted", "weighted sum or rrf (reciprocal rank fusion).")
    rrf_k: int = option(60, "The constant of reciprocal rank fusion.", ge=1, le=100_000)
    lexical_analyzer: LexicalAnalyzer = option("char_wb", "char_wb (character n-grams in words) or word.")
    lexical_stemmer: str = option("none", "none, auto (each text's own language), or a Snowball language.")
    ngram_min: int | None = option(None, "Smallest n-gram (default: 3 for char_wb, 1 for word).", ge=1, le=20)
    ngram_max: int | None = option(None, "Largest n-gram (default: 5 for char_wb, 1 for word).", ge=1, le=20)
    sentence_weight: float = option(0.0, "Share of the best single sentence (multi-vector).", ge=0.0, le=1.0)
    centering: Centering = option(
        "language", "Subtract each language's mean vector (cross-lingual fairness)."
    )
    centering_min_items: int = option(5, "A language with fewer texts is centred on the mean of all.", ge=1)
    document_words: int = option(
        64, "Questions this long are matched as documents (0 = never).", ge=0, le=100_000
    )
    document_lexical_weight: float = option(0.6, "Lexical weight for documents.", ge=0.0, le=1.0)
    document_analyzer: LexicalAnalyzer = option("word", "Lexical analyzer for documents.")
    document_ngram_max: int = option(2, "Largest n-gram for documents.", ge=1, le=10)
    document_stemmer: str = option("auto", "none, auto (each text's language), or a Snowball language.")
    document_cross_language: CrossLanguage = option(
        "impute", "impute: a document's lexical score across languages comes from dense."
    )

    @property
    def lexical_spec(self) -> LexicalSpec:
        """The question channel's n-gram settings."""
        return LexicalSpec(self.lexical_analyzer, self.ngram_range, self.lexical_stemmer)

    @property
    def document_spec(self) -> LexicalSpec:
        """The document channel's n-gram settings."""
        low = _default_ngrams(self.document_analyzer)[0]
        return LexicalSpec(self.document_analyzer, (low, self.document_ngram_max), self.document_stemmer)

    def lexical_specs(self) -> list[LexicalSpec]:
        """The distinct lexical channels an index must count: questions', then documents'."""
        specs = [self.lexical_spec]
        if self.document_words > 0 and self.document_spec not in specs:
            specs.append(self.document_spec)
        return specs

    @property
    def ngram_range(self) -> tuple[int, int]:
        """The n-gram range in force (analyzer defaults filled in)."""
        low, high = _default_ngrams(self.lexical_analyzer)
        return (
            low if self.ngram_min is None else self.ngram_min,
            high if self.ngram_max is None else self.ngram_max,
        )

    def documents(self, texts: Sequence[str]) -> NDArray[np.bool_]:
        """(n,) True for the texts of ``document_words`` words or more (see the attribute)."""
        limit = self.document_words
        return np.array([limit > 0 and len(t.split()) >= limit for t in texts], dtype=bool)

    def lexical_weights(self, documents: NDArray[np.bool_]) -> NDArray[np.float64]:
        """(n,) the lexical weight of each question: ``document_lexical_weight`` for documents."""
        return np.where(documents, self.document_lexical_weight, self.lexical_weight).astype(np.float64)

    def __post_init__(self) -> None:
        numbers = {
            "lexical_weight": self.lexical_weight,
            "sentence_weight": self.sentence_weight,
            "rrf_k": self.rrf_k,
            "centering_min_items": self.centering_min_items,
            "aggregation_depth": self.aggregation_depth,
            "document_words": self.document_words,
            "document_lexical_weight": self.document_lexical_weight,
            "document_ngram_max": self.document_ngram_max,
            "ngram_min": self.ngram_min if self.ngram_min is not None else 1,
            "ngram_max": self.ngram_max if self.ngram_max is not None else 1,
        }
        for field, value in numbers.items():
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise InvalidInputError(f"{field} must be a number, got {value!r}", field=field, value=value)
        low, high = self.ngram_range
        checks: list[tuple[str, object, bool]] = [
            ("lexical_weight", self.lexical_weight, 0.0 <= self.lexical_weight <= 1.0),
            ("sentence_weight", self.sentence_weight, 0.0 <= self.sentence_weight <= 1.0),
            ("document_words", self.document_words, self.document_words >= 0),
            (
                "document_lexical_weight",
                self.document_lexical_weight,
                0.0 <= self.document_lexical_weight <= 1.0,
            ),
            ("aggregation", self.aggregation, self.aggregation in ("max", "mean", "top3", "harmonic")),
            ("aggregation_depth", self.aggregation_depth, self.aggregation_depth >= 1),
            ("lexical_stemmer", self.lexical_stemmer, stemmer_available(self.lexical_stemmer)),
            ("document_stemmer", self.document_stemmer, stemmer_available(self.document_stemmer)),
            ("document_analyzer", self.document_analyzer, self.document_analyzer in ("char_wb", "word")),
            (
                "document_cross_language",
                self.document_cross_language,
                self.document_cross_language in ("raw", "impute"),
            ),
            (
                "document_ngram_max",
                self.document_ngram_max,
                self.document_ngram_max >= self.document_spec.ngram_range[0],
            ),
            ("normalisation", self.normalisation, self.normalisation in ("none", "z")),
            ("fusion", self.fusion, self.fusion in ("weighted", "rrf")),
            ("rrf_k", self.rrf_k, self.rrf_k >= 1),
            ("lexical_analyzer", self.lexical_analyzer, self.lexical_analyzer in ("char_wb", "word")),
            ("ngram_max", high, high >= 1),
            ("ngram_min", low, 1 <= low <= high),
            ("centering", self.centering, self.centering in ("none", "language")),
            ("centering_min_items", self.centering_min_items, self.centering_min_items >= 1),
        ]
        for name, bad, ok in checks:
            if not ok:
                raise InvalidInputError(f"{name} is out of range, got {bad!r}", field=name, value=bad)
