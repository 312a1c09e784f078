"""The ranking's tunable settings, one frozen dataclass (defaults follow EVALUATION.md)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from matcher.errors import InvalidInputError
from matcher.stemming import stemmer_available

__all__ = ["Aggregation", "Centering", "Fusion", "Normalisation", "RankConfig"]

Aggregation = Literal["max", "mean", "top3", "harmonic"]
Normalisation = Literal["none", "z"]
Fusion = Literal["weighted", "rrf"]
Centering = Literal["none", "language"]
LexicalAnalyzer = Literal["char_wb", "word"]


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
    """

    lexical_weight: float = 0.2
    aggregation: Aggregation = "harmonic"
    aggregation_depth: int = 10
    normalisation: Normalisation = "none"
    fusion: Fusion = "weighted"
    rrf_k: int = 60
    lexical_analyzer: LexicalAnalyzer = "char_wb"
    lexical_stemmer: str = "none"
    ngram_min: int | None = None
    ngram_max: int | None = None
    sentence_weight: float = 0.0
    centering: Centering = "language"
    centering_min_items: int = 5

    @property
    def ngram_range(self) -> tuple[int, int]:
        """The n-gram range in force (analyzer defaults filled in)."""
        low, high = (3, 5) if self.lexical_analyzer == "char_wb" else (1, 1)
        return (
            low if self.ngram_min is None else self.ngram_min,
            high if self.ngram_max is None else self.ngram_max,
        )

    def __post_init__(self) -> None:
        numbers = {
            "lexical_weight": self.lexical_weight,
            "sentence_weight": self.sentence_weight,
            "rrf_k": self.rrf_k,
            "centering_min_items": self.centering_min_items,
            "aggregation_depth": self.aggregation_depth,
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
            ("aggregation", self.aggregation, self.aggregation in ("max", "mean", "top3", "harmonic")),
            ("aggregation_depth", self.aggregation_depth, self.aggregation_depth >= 1),
            ("lexical_stemmer", self.lexical_stemmer, stemmer_available(self.lexical_stemmer)),
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
