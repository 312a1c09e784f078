"""The ranking's tunable settings, one frozen dataclass (defaults follow EVALUATION.md).

Each field is declared once, with :func:`option`: its type, default, bounds and a one-line help.
The service's settings (``KRINGMATCH_<NAME>``), the ``kringmatch eval`` flags (``--name``) and
the README's configuration table are derived from these declarations (``api/app/config.py``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from dataclasses import field as dataclass_field
from functools import lru_cache
from typing import Any, Literal, NamedTuple, get_args, get_origin, get_type_hints

import numpy as np
from numpy.typing import NDArray

from matcher.lexical import LexicalScorer
from matcher.stemming import stemmer_available
from models.errors import InvalidInputError

__all__ = ["Aggregation", "Centering", "Fusion", "LexicalSpec", "Normalisation", "RankConfig", "option"]

Aggregation = Literal["max", "mean", "top3", "harmonic"]
Normalisation = Literal["none", "z"]
Fusion = Literal["weighted", "rrf"]
Centering = Literal["none", "language", "model", "model+mean", "model+language"]
LexicalAnalyzer = Literal["char_wb", "word"]
CrossLanguage = Literal["raw", "impute"]
DocumentChannels = Literal["plain", "same"]
ConceptBaseline = Literal["none", "parallel"]
ConceptReading = Literal["own", "all"]


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

    def scorer(self) -> LexicalScorer:
        """An unfitted :class:`LexicalScorer` with these settings."""
        return LexicalScorer(analyzer=self.analyzer, ngram_range=self.ngram_range, stemmer=self.stemmer)


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
            ``model`` removes the language signal the embedding model itself carries, learned once
            from parallel text and shipped with the package (:mod:`matcher.alignment`), from texts
            and questions alike; right for a network with one French profile. ``model+mean``
            then subtracts the mean of all the network's texts (their common direction, whatever
            the language); ``model+language`` centres each language on the network's texts too.
        centering_min_items: a language with fewer texts than this is centred on the mean of all
            texts.
        alignment_components: with ``model`` centring, how many of the directions along which a
            sentence's translations differ are projected out (0 = the language offsets only).
        hub_penalty: how much of each text's hubness is subtracted from its dense score before
            fusing: its mean cosine with its ``hub_neighbours`` nearest texts of the network
            (CSLS's local scaling, Conneau et al., 2018, with the network's texts standing in for
            the questions). A text close to everything (a hub) then stops reaching every top 5.
        hub_neighbours: the k of that mean.
        help_weight: share of the help-type channel (:mod:`matcher.helptypes`: what kind of help
            a question asks for and a text offers, read in each text's own language) in the fused
            score; 0 = off. It never takes more than the lexical share leaves (lexical 1.0 is
            lexical only); the dense share is what both leave.
        help_sharpness: how decided the help-type distributions are (softmax inverse temperature
            over z-scored similarities to the type descriptions).
        concept_weight: share of the concept channel (:mod:`matcher.concepts`: which CPV groups a
            question and a text are about, each read against the CPV labels in its own language) in
            the fused score; 0 = off. It takes at most what the lexical and help shares leave.
        concept_sharpness: how decided the concept distributions are (softmax inverse temperature
            over z-scored similarities to the CPV prototypes).
        concept_top_k: concepts kept per text.
        concept_baseline: ``parallel``: before z-scoring, each similarity loses the mean
            similarity of that concept's prototype in that language over parallel sentences
            (shipped with the prototypes), so a concept that every Dutch text resembles a little
            stops standing out in Dutch texts only; ``none`` reads raw similarities.
        concept_reading: ``own``: each text is read against the CPV labels in its own language;
            ``all``: against the labels of every language, similarities averaged (a language's
            pull on a text is then the same for every concept, and z-scoring removes it).
        crosslingual_model_share: in a two-model ensemble, the second model's share of the dense
            weight when a question and a text are in different languages (the first model gets the
            rest); 0.5 = equal weights (towards USE, the translation-ranking model, or towards e5,
            both lost cross-lingual top-1 on dev). A pair with an unknown language (``""``), a
            document scored ``plain`` and an ensemble of one or of three or more models keep equal
            weights; ``rrf`` fusion ignores both shares.
        samelingual_model_share: the same for a question and a text in the same language; 0.35
            (e5 is the stronger model within a language; measured on dev, EVALUATION.md).
        cross_language: ``impute``: a question's lexical score against a text in another language
            is replaced by the one its dense score predicts, as for documents
            (``document_cross_language``); ``raw`` keeps the (near-zero) n-gram overlap.
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
        document_channels: ``plain``: a document is scored by the first embedder and the document
            lexical channel only, raw cosines, no help types (each of a second model, z-scores and
            the help channel costs long-document matching, EVALUATION.md); ``same``: as questions.
        record_channels: how a record's own texts are scored when they are the question — a
            profile's texts against projects (suggestions, digests) and a project's text
            against facilitators (assignment): ``plain`` or ``same``, as ``document_channels``
            (which keeps deciding for documents asked through ``/match``). ``same`` was chosen
            on the dev networks (EVALUATION.md): these texts are often in another language than
            the records they are read against, which the second model reads better. Tables
            (``POST /groups``) compare the participants' texts by the same rule.
        table_lexical_weight: when seating tables by theme, the share of the participants'
            TF-IDF cosines (IDF from the participants) beside their embeddings, each channel
            z-scaled (:mod:`matcher.joint_space`); 0.15 chosen on the dev networks (EVALUATION.md).
        document_cross_language: ``impute``: a document's lexical score against a text in
            another language (they share no words, whatever they mean) is replaced by the one its
            dense score predicts (:mod:`matcher.crosslingual`); ``raw`` keeps it.
    """

    lexical_weight: float = option(0.2, "Share of the TF-IDF score in the fused score.", ge=0.0, le=1.0)
    aggregation: Aggregation = option("harmonic", "How a profile's texts combine: max, mean, top3, harmonic.")
    aggregation_depth: int = option(10, "Texts harmonic aggregation reads.", ge=1, le=1000)
    normalisation: Normalisation = option("z", "z: standardise each score channel before fusing; none.")
    fusion: Fusion = option("weighted", "weighted sum or rrf (reciprocal rank fusion).")
    rrf_k: int = option(60, "The constant of reciprocal rank fusion.", ge=1, le=100_000)
    lexical_analyzer: LexicalAnalyzer = option("char_wb", "char_wb (character n-grams in words) or word.")
    lexical_stemmer: str = option("none", "none, auto (each text's own language), or a Snowball language.")
    ngram_min: int | None = option(None, "Smallest n-gram (default: 3 for char_wb, 1 for word).", ge=1, le=20)
    ngram_max: int | None = option(None, "Largest n-gram (default: 5 for char_wb, 1 for word).", ge=1, le=20)
    sentence_weight: float = option(0.0, "Share of the best single sentence (multi-vector).", ge=0.0, le=1.0)
    centering: Centering = option(
        "model",
        "model: remove the model's language signal (learned from parallel text, shipped); "
        "language: centre each language on the network's texts; model+mean, model+language; none.",
    )
    centering_min_items: int = option(5, "A language with fewer texts is centred on the mean of all.", ge=1)
    alignment_components: int = option(
        0, "With model centring: translation-difference directions also projected out.", ge=0, le=32
    )
    hub_penalty: float = option(
        0.0,
        "Share of each text's hubness (its k-neighbour density) taken off its dense score.",
        ge=0.0,
        le=2.0,
    )
    hub_neighbours: int = option(10, "The k of that density.", ge=1, le=1000)
    help_weight: float = option(
        0.05, "Share of the help-type channel (what help a question needs, a text offers).", ge=0.0, le=1.0
    )
    help_sharpness: float = option(2.0, "How decided the help-type distributions are.", ge=0.01, le=100.0)
    concept_weight: float = option(
        0.0, "Share of the CPV concept channel (what a question and a text are about).", ge=0.0, le=1.0
    )
    concept_sharpness: float = option(2.0, "How decided the concept distributions are.", ge=0.01, le=100.0)
    concept_top_k: int = option(5, "CPV concepts kept per text.", ge=1, le=1000)
    concept_baseline: ConceptBaseline = option(
        "parallel", "parallel: similarities minus their mean over parallel sentences, per language; none."
    )
    concept_reading: ConceptReading = option(
        "own", "own: each text read against the CPV labels in its language; all: every language's."
    )
    crosslingual_model_share: float = option(
        0.5,
        "Second model's share of the dense weight for a question and text in different languages.",
        ge=0.0,
        le=1.0,
    )
    samelingual_model_share: float = option(
        0.35,
        "Second model's share of the dense weight for a question and text in one language.",
        ge=0.0,
        le=1.0,
    )
    cross_language: CrossLanguage = option(
        "impute", "impute: a question's lexical score across languages comes from dense; raw."
    )
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
    document_channels: DocumentChannels = option(
        "plain", "plain: documents by the first model and the lexical channel, raw; same: as questions."
    )
    record_channels: DocumentChannels = option(
        "same", "Suggestions, assignment and tables (a record's own texts as the question): plain or same."
    )
    table_lexical_weight: float = option(
        0.15,
        "Share of shared words (TF-IDF) when seating tables by theme; 0 = embeddings only.",
        ge=0.0,
        le=1.0,
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

    @property
    def model_centering(self) -> bool:
        """Whether the model's shipped language alignment is applied."""
        return self.centering.startswith("model")

    @property
    def per_text_centering(self) -> bool:
        """Whether a text's language-neutral vector depends on that text alone (no mean over texts)."""
        return not self.network_centering and self.centering != "model+mean"

    @property
    def network_centering(self) -> bool:
        """Whether each language is centred on the network's own texts."""
        return self.centering in ("language", "model+language")

    @property
    def pair_weights(self) -> bool:
        """Whether a two-model ensemble's dense weights depend on the pair's languages."""
        return self.crosslingual_model_share != 0.5 or self.samelingual_model_share != 0.5

    def imputed(self, documents: NDArray[np.bool_]) -> NDArray[np.bool_]:
        """(n,) the questions whose cross-language lexical scores are imputed (see the attributes)."""
        return np.where(
            documents, self.document_cross_language == "impute", self.cross_language == "impute"
        ).astype(bool)

    def for_records(self) -> RankConfig:
        """These settings with ``document_channels`` set as ``record_channels`` says: for
        scoring a record's own texts (suggestions, assignment)."""
        if self.record_channels == self.document_channels:
            return self
        return replace(self, document_channels=self.record_channels)

    def lexical_weights(self, documents: NDArray[np.bool_]) -> NDArray[np.float64]:
        """(n,) the lexical weight of each question: ``document_lexical_weight`` for documents."""
        return np.where(documents, self.document_lexical_weight, self.lexical_weight).astype(np.float64)

    def __post_init__(self) -> None:
        for name, value, kind, meta in _declared(self):
            _check_declared(name, value, kind, meta)
        low, high = self.ngram_range
        relations: list[tuple[str, object, bool]] = [  # what a field's own declaration cannot say
            ("lexical_stemmer", self.lexical_stemmer, stemmer_available(self.lexical_stemmer)),
            ("document_stemmer", self.document_stemmer, stemmer_available(self.document_stemmer)),
            ("ngram_min", low, low <= high),
            (
                "document_ngram_max",
                self.document_ngram_max,
                self.document_ngram_max >= self.document_spec.ngram_range[0],
            ),
        ]
        for name, bad, ok in relations:
            if not ok:
                raise InvalidInputError(f"{name} is out of range, got {bad!r}", field=name, value=bad)


def _declared(config: RankConfig) -> list[tuple[str, object, Any, Mapping[str, Any]]]:
    """Each field's name, value, declared type (resolved) and :func:`option` metadata."""
    hints = _field_types()
    return [(f.name, getattr(config, f.name), hints[f.name], f.metadata) for f in fields(config)]


@lru_cache(maxsize=1)
def _field_types() -> dict[str, Any]:
    return get_type_hints(RankConfig)


def _check_declared(name: str, value: object, kind: Any, meta: Mapping[str, Any]) -> None:
    """Refuse a value its declaration does not admit: a choice outside a ``Literal``, a number of the
    wrong type or outside ``option(ge=, le=)``."""
    choices = get_args(kind)
    if get_origin(kind) is Literal:
        if value not in choices:
            raise InvalidInputError(f"{name} is out of range, got {value!r}", field=name, value=value)
        return
    numeric = {int, float} & ({kind} | set(choices))
    if not numeric or (value is None and type(None) in choices):
        return
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidInputError(f"{name} must be a number, got {value!r}", field=name, value=value)
    if float not in numeric and not float(value).is_integer():  # NaN and inf are not whole either
        raise InvalidInputError(f"{name} must be a whole number, got {value!r}", field=name, value=value)
    low, high = meta.get("ge"), meta.get("le")
    if not ((low is None or value >= low) and (high is None or value <= high)):  # NaN is neither
        raise InvalidInputError(f"{name} is out of range, got {value!r}", field=name, value=value)
