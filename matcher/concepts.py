"""What a question is about, and a text: CPV concepts, the same in every language.

A buyer's question names *what* it buys (office furniture, road lighting, cleaning). The
Common Procurement Vocabulary (CPV 2008, the EU's own classification of what public bodies buy) names
those things in every EU language. The concept channel reads every text and question against the
CPV labels **in its own language** (a Dutch text against the Dutch labels: same-language similarity
is what a multilingual model does well) and scores how well a question's concepts agree with a
text's, which means the same whatever the two languages are (EVALUATION.md measures it: a tie on
the dev networks at weight 0.05, a loss across languages above, so it is off by default):

* a concept is one CPV group (``XXX00000``, e.g. 39100000 furniture) or a division without groups;
  its prototype, per language and per embedding model, is the normalised mean of the passage vectors
  of every label under it (the group's own and its classes', categories' and subcategories');
* the prototypes are precomputed (embedding ~28,000 labels takes minutes on two cores) and shipped
  as ``matcher/data/concepts/{model id}.npz``, the codes and labels as ``cpv_groups.json``, both
  built by ``scripts/build_concepts.py`` from ``shared/datasets/cpv``;
* each prototype's mean similarity to parallel sentences in its language (the ones the language
  alignment is learned from) is shipped too, as a baseline a text's similarities lose first;
* a text's distribution over concepts is a softmax with ``sharpness`` over its z-scored
  similarities, of which the ``top_k`` largest are kept and renormalised (``reading="all"`` reads
  every text against all languages' labels instead, similarities averaged); the channel's score is the
  cosine of a question's and a text's distributions, and its explanation names the concept they
  share most ("both: CPV 39100000 furniture").
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from matcher.config import RankConfig
from matcher.embedding import FloatMatrix, normalise_rows
from matcher.helptypes import HelpTypeChannel

__all__ = [
    "CONCEPTS_DIR",
    "Concept",
    "ConceptChannel",
    "concept_file",
    "load_concepts",
    "load_prototypes",
    "Prototypes",
    "shipped_channel",
]

CONCEPTS_DIR = Path(__file__).resolve().parent / "data" / "concepts"
LABELS_NAME = "cpv_groups.json"


@dataclass(frozen=True)
class Concept:
    """One CPV concept: its 8-digit code (``39100000``) and its label per language."""

    code: str
    label: dict[str, str]


def load_concepts(directory: Path | None = None) -> list[Concept]:
    """The shipped concepts, in prototype row order."""
    raw = json.loads(((directory or CONCEPTS_DIR) / LABELS_NAME).read_text(encoding="utf-8"))
    return [Concept(c["code"], dict(c["label"])) for c in raw["concepts"]]


def concept_file(model_id: str, directory: Path | None = None) -> Path:
    """The shipped prototype file of one (passage) model id."""
    return (directory or CONCEPTS_DIR) / f"{model_id.replace(':', '_').replace('/', '_')}.npz"


@dataclass(frozen=True)
class Prototypes:
    """One model's shipped concept arrays.

    Attributes:
        vectors: language -> (n_concepts, d) float32 prototypes, rows L2-normalised.
        baseline: language -> (n_concepts,) a text's mean similarity to each prototype in that
            language, over parallel sentences (the same sentences in every language), passage side.
        baseline_query: the same for questions in the model's query encoding.
    """

    vectors: dict[str, FloatMatrix]
    baseline: dict[str, NDArray[np.float32]]
    baseline_query: dict[str, NDArray[np.float32]]


def load_prototypes(model_id: str, codes: Sequence[str], directory: Path | None = None) -> Prototypes | None:
    """One model's prototypes and baselines (:class:`Prototypes`).

    Returns ``None`` when none were built for ``model_id``.

    Raises:
        ValueError: the file's concepts are not ``codes`` (built from other labels).
    """
    path = concept_file(model_id, directory)
    if not path.exists():
        return None
    with np.load(path) as data:
        stored = [str(c) for c in data["codes"]]
        if stored != list(codes):
            raise ValueError(f"{path.name} holds other concepts: rebuild it (scripts/build_concepts.py)")
        languages = [str(x) for x in data["languages"]]
        prototypes = data["prototypes"].astype(np.float32)  # (n_languages, n_concepts, d)
        zero = np.zeros(prototypes.shape[:2], np.float32)
        baseline = data["baseline"].astype(np.float32) if "baseline" in data else zero
        query = data["baseline_query"].astype(np.float32) if "baseline_query" in data else baseline
    return Prototypes(
        {lang: normalise_rows(prototypes[n]) for n, lang in enumerate(languages)},
        {lang: baseline[n] for n, lang in enumerate(languages)},
        {lang: query[n] for n, lang in enumerate(languages)},
    )


class ConceptChannel:
    """Sparse concept distributions of texts, each read against the labels in its own language.

    Args:
        sharpness: softmax inverse temperature over z-scored similarities.
        top_k: concepts kept per text (the rest set to 0, the kept ones renormalised).
        reading: ``own``: a text is read against the labels in its own language; ``all``: against
            every language's labels, the similarities averaged (as a text of unknown language is).

    Attributes:
        codes_: the concepts' codes, in column order.
        labels_: per concept, language -> label.
        languages_: languages with prototypes, sorted.
        prototypes_: language -> (n_concepts, d) prototypes.
        baseline_: language -> (n_concepts,) subtracted from a passage's similarities before
            z-scoring (zeros: none); ``baseline_query_`` the same for questions.
    """

    def __init__(self, *, sharpness: float = 2.0, top_k: int = 5, reading: str = "own") -> None:
        self.sharpness = sharpness
        self.top_k = top_k
        self.reading = reading

    def fit(
        self,
        prototypes: dict[str, FloatMatrix],
        codes: Sequence[str],
        labels: Sequence[dict[str, str]] | None = None,
        *,
        baseline: dict[str, NDArray[np.float32]] | None = None,
        baseline_query: dict[str, NDArray[np.float32]] | None = None,
    ) -> ConceptChannel:
        """Store each language's prototypes (language -> (n_concepts, d)), codes, labels, baselines.

        ``labels``: per concept, language -> label (for explanations; default none).
        ``baseline``, ``baseline_query``: language -> (n_concepts,) (default zeros).
        """
        if not prototypes:
            raise ValueError("need prototypes in at least one language")
        shapes = {lang: np.shape(p) for lang, p in prototypes.items()}
        if len(set(shapes.values())) != 1:
            raise ValueError(f"prototype matrices must have one shape, got {shapes}")
        self.languages_ = sorted(prototypes)
        self.prototypes_ = {lang: np.asarray(prototypes[lang], dtype=np.float32) for lang in self.languages_}
        self.codes_ = list(codes)
        n = len(self.codes_)
        if next(iter(shapes.values()))[0] != n:
            raise ValueError(f"need one code per prototype: {shapes}, {n} codes")
        self.labels_ = [dict(x) for x in labels] if labels is not None else [{} for _ in self.codes_]
        if len(self.labels_) != n:
            raise ValueError(f"need one label set per concept: {n} codes, {len(self.labels_)}")
        zero = np.zeros(n, np.float32)
        self.baseline_ = {
            lang: np.asarray((baseline or {}).get(lang, zero), np.float32) for lang in self.languages_
        }
        self.baseline_query_ = {
            lang: np.asarray((baseline_query or baseline or {}).get(lang, zero), np.float32)
            for lang in self.languages_
        }
        return self

    def label(self, n: int, language: str) -> str:
        """Concept ``n``'s label in ``language`` (English, else any, when there is none)."""
        names = self.labels_[n]
        return names.get(language) or names.get("en") or next(iter(names.values()), "")

    def distribution(
        self,
        vectors: FloatMatrix,
        languages: Sequence[str],
        queries: Sequence[bool] | NDArray[np.bool_] | None = None,
    ) -> NDArray[np.float32]:
        """Each row's distribution over the concepts.

        Args:
            vectors: (n, d) raw (not language-aligned) L2-normalised vectors, ``d`` the
                prototypes' width.
            languages: n codes; a language without labels ("" unknown) is read against the mean
                similarity over all languages' prototypes (every row is, with ``reading="all"``).
            queries: n flags, rows in a query encoding (their baseline is ``baseline_query_``);
                default none.

        Returns:
            (n, n_concepts) float32, rows summing to 1, at most ``top_k`` non-zero entries each.
        """
        matrix = np.asarray(vectors, dtype=np.float32)
        if matrix.shape[0] != len(languages):
            raise ValueError(f"need one language per row: {matrix.shape[0]} rows, {len(languages)} languages")
        n_concepts = len(self.codes_)
        if not matrix.shape[0]:
            return np.zeros((0, n_concepts), np.float32)
        flags = np.zeros(len(languages), bool) if queries is None else np.asarray(queries, dtype=bool)
        rows = matrix.astype(np.float64)  # float64, then float32: in practice the same in any batch
        per_language = {
            lang: (rows @ np.asarray(p, np.float64).T, self.baseline_[lang], self.baseline_query_[lang])
            for lang, p in self.prototypes_.items()
        }
        sims = np.empty((matrix.shape[0], n_concepts), np.float32)
        for row, lang in enumerate(languages):
            own = self.reading == "own" and lang in per_language
            reads = [per_language[lang]] if own else list(per_language.values())
            sims[row] = np.mean([s[row] - (q if flags[row] else b) for s, b, q in reads], axis=0)
        spread = sims.std(axis=1, keepdims=True)
        z = (sims - sims.mean(axis=1, keepdims=True)) / np.where(spread > 1e-9, spread, 1.0)
        logits = self.sharpness * z
        dist = np.exp(logits - logits.max(axis=1, keepdims=True))
        k = min(self.top_k, n_concepts)
        if k < n_concepts:
            kept = np.zeros(dist.shape, dtype=bool)
            np.put_along_axis(kept, np.argsort(-dist, axis=1, kind="stable")[:, :k], True, axis=1)
            dist = np.where(kept, dist, 0.0)
        out: NDArray[np.float32] = (dist / dist.sum(axis=1, keepdims=True)).astype(np.float32)
        return out

    @staticmethod
    def agreement(questions: NDArray[np.floating], texts: NDArray[np.floating]) -> NDArray[np.float32]:
        """Cosine of distributions: (n_q, n_concepts) x (n_units, n_concepts) -> (n_q, n_units) in [0, 1]."""
        return HelpTypeChannel.agreement(questions, texts)

    @staticmethod
    def shared(question: NDArray[np.floating], text: NDArray[np.floating]) -> int | None:
        """The concept a question (n_concepts,) and a text (n_concepts,) share most, or ``None``."""
        both = np.asarray(question, np.float64) * np.asarray(text, np.float64)
        best = int(np.argmax(both)) if both.size else 0
        return best if both.size and both[best] > 0 else None


def shipped_channel(
    config: RankConfig, model_ids: Sequence[str], join: Callable[[Sequence[FloatMatrix]], FloatMatrix]
) -> ConceptChannel | None:
    """The concept channel fitted on the shipped prototypes of ``model_ids`` (an ensemble's
    prototypes joined by ``join``, as its vectors are); ``None`` when a model has none shipped."""
    concepts = load_concepts()
    codes = [c.code for c in concepts]
    found = [load_prototypes(model_id, codes) for model_id in model_ids]
    shipped = [p for p in found if p is not None]
    if not found or len(shipped) < len(found):
        return None
    languages = sorted(set.intersection(*(set(p.vectors) for p in shipped)))
    centred = config.concept_baseline == "parallel"

    def baseline(of: Callable[[Prototypes], dict[str, FloatMatrix]]) -> dict[str, FloatMatrix] | None:
        return (
            {lang: np.mean([of(p)[lang] for p in shipped], axis=0) for lang in languages} if centred else None
        )

    return ConceptChannel(
        sharpness=config.concept_sharpness, top_k=config.concept_top_k, reading=config.concept_reading
    ).fit(
        {lang: join([p.vectors[lang] for p in shipped]) for lang in languages},
        codes,
        [c.label for c in concepts],
        baseline=baseline(lambda p: p.baseline),
        baseline_query=baseline(lambda p: p.baseline_query),
    )
