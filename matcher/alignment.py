"""What a multilingual model encodes about a text's language, learned once from parallel text.

A multilingual encoder puts a Dutch and a French text about the same thing further apart than two
Dutch texts about different things: part of every vector says "Dutch". Centring each language on a
network's own texts removes that only when the network has many texts per language (with six French
profiles, the "French mean" is mostly those six profiles' topics). :class:`LanguageAligner` learns the
language part from *parallel* sentences instead — the same sentences in every language, so the
per-language means differ by language only, not by topic — once per model, and ships as small
arrays (``matcher/data/alignment/*.npz``, built by ``scripts/build_alignment.py``). It is then right
for a network with a single French profile.

Two parts, both from the parallel rows ``X[lang]`` (row i the same sentence in every language):

* ``offsets_[lang]``: the language's mean minus the mean over languages; subtracted from a text of
  that language (Libovický et al., 2020, "On the language neutrality of pre-trained multilingual
  representations"; here estimated on parallel text, not on the corpus).
* ``components_``: the main directions along which translations of one sentence differ (PCA of
  each row minus its mean over languages), projected out of every vector (cf. Yang et al., 2021,
  "A simple and effective method to eliminate the self language bias in multilingual
  representations"; Xie et al., 2022, LSAR).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from matcher.config import RankConfig
from matcher.embedding import FloatMatrix, normalise_rows

__all__ = ["ALIGNMENT_DIR", "LanguageAligner", "ModelAlignment", "alignment_file", "load_aligner"]

ALIGNMENT_DIR = Path(__file__).resolve().parent / "data" / "alignment"


class LanguageAligner:
    """Remove a model's language signal from its vectors.

    Args:
        components: how many difference directions to project out (0 = offsets only).
        offsets: subtract each language's offset.

    Attributes:
        languages_: the languages fitted, sorted.
        offsets_: (n_languages, d) each language's mean minus the mean over languages.
        components_: (components, d) orthonormal directions projected out.
    """

    def __init__(self, *, components: int = 0, offsets: bool = True) -> None:
        self.components = components
        self.offsets = offsets

    def fit(self, parallel: Mapping[str, FloatMatrix]) -> LanguageAligner:
        """Learn from parallel rows.

        Args:
            parallel: language code -> (n, d) vectors; row i is the same sentence in each language.

        Returns:
            self.
        """
        if len(parallel) < 2:
            raise ValueError(f"need parallel text in at least two languages, got {sorted(parallel)}")
        shapes = {lang: np.shape(x) for lang, x in parallel.items()}
        if len(set(shapes.values())) != 1:
            raise ValueError(f"parallel matrices must have one shape, got {shapes}")
        self.languages_ = sorted(parallel)
        stack = np.stack([np.asarray(parallel[lang], dtype=np.float64) for lang in self.languages_])
        means = stack.mean(axis=1)  # (L, d)
        self.offsets_ = (means - means.mean(axis=0, keepdims=True)).astype(np.float32)
        d = stack.shape[2]
        if self.components > 0:
            residual = (stack - stack.mean(axis=0, keepdims=True)).reshape(-1, d)
            _, _, vt = np.linalg.svd(residual - residual.mean(axis=0), full_matrices=False)
            self.components_ = vt[: self.components].astype(np.float32)
        else:
            self.components_ = np.zeros((0, d), dtype=np.float32)
        return self

    def transform(self, vectors: FloatMatrix, languages: Sequence[str]) -> FloatMatrix:
        """Vectors without their language signal.

        Args:
            vectors: (n, d) L2-normalised rows.
            languages: n language codes; an unknown or unfitted one ("") gets no offset.

        Returns:
            (n, d) float32, rows L2-normalised.
        """
        if not hasattr(self, "offsets_"):
            raise ValueError("LanguageAligner is not fitted: call fit() or load_aligner()")
        matrix = np.array(vectors, dtype=np.float32, copy=True)
        if matrix.shape[0] != len(languages):
            raise ValueError(f"need one language per row: {matrix.shape[0]} rows, {len(languages)} languages")
        if matrix.shape[0] == 0:
            return matrix
        if self.offsets:
            position = {lang: n for n, lang in enumerate(self.languages_)}
            for lang, n in position.items():
                rows = np.asarray([code == lang for code in languages], dtype=bool)
                if rows.any():
                    matrix[rows] -= self.offsets_[n]
        if self.components_.shape[0]:
            components = self.components_.astype(np.float64)  # float64: in practice the same in any batch
            matrix -= ((matrix.astype(np.float64) @ components.T) @ components).astype(np.float32)
        return normalise_rows(matrix)

    def save(self, path: Path) -> None:
        """Write the fitted arrays (``.npz``)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            path,
            languages=np.asarray(self.languages_),
            offsets=self.offsets_,
            components=self.components_,
        )

    @classmethod
    def load(cls, path: Path, *, components: int | None = None, offsets: bool = True) -> LanguageAligner:
        """A fitted aligner from :meth:`save`'s file; ``components`` keeps only the first ones."""
        with np.load(path) as data:
            stored = data["components"]
            kept = stored.shape[0] if components is None else components
            if kept > stored.shape[0]:
                raise ValueError(f"{path.name} holds {stored.shape[0]} components, asked for {kept}")
            aligner = cls(components=kept, offsets=offsets)
            aligner.languages_ = [str(x) for x in data["languages"]]
            aligner.offsets_ = data["offsets"].astype(np.float32)
            aligner.components_ = stored[:kept].astype(np.float32)
        return aligner


def alignment_file(model_id: str) -> Path:
    """The shipped file for one model id (``e5-small``, ``e5-small:query``, ...)."""
    return ALIGNMENT_DIR / f"{model_id.replace(':', '_').replace('/', '_')}.npz"


def load_aligner(model_id: str, *, components: int, offsets: bool = True) -> LanguageAligner | None:
    """The shipped aligner for ``model_id``, or ``None`` when none was built for that model."""
    path = alignment_file(model_id)
    if not path.exists():
        return None
    return LanguageAligner.load(path, components=components, offsets=offsets)


class ModelAlignment:
    """The shipped aligners of one embedder: one for its passage encoding, one for its queries.

    Args:
        passage: applied to indexed texts and to questions encoded as passages (documents).
        query: applied to questions in the model's query encoding (the passage one when the
            model is symmetric).
    """

    def __init__(self, passage: LanguageAligner | None, query: LanguageAligner | None) -> None:
        self.passage = passage
        self.query = query

    @classmethod
    def for_model(cls, model_id: str, query_model_id: str, *, components: int) -> ModelAlignment:
        """The aligners shipped for these model ids (``None`` where none was built)."""
        passage = load_aligner(model_id, components=components)
        query = passage if query_model_id == model_id else load_aligner(query_model_id, components=components)
        return cls(passage, query)

    @classmethod
    def for_config(cls, model_id: str, query_model_id: str, config: RankConfig) -> ModelAlignment:
        """What ``config`` asks for: the shipped aligners with model centring, none otherwise."""
        if not config.model_centering:
            return cls(None, None)
        return cls.for_model(model_id, query_model_id, components=config.alignment_components)

    def passages(self, vectors: FloatMatrix, languages: Sequence[str]) -> FloatMatrix:
        """(n, d) passage vectors without their language signal (unchanged without an aligner)."""
        return vectors if self.passage is None else self.passage.transform(vectors, languages)

    def queries(
        self,
        vectors: FloatMatrix,
        languages: Sequence[str],
        documents: Sequence[bool] | NDArray[np.bool_] | None = None,
    ) -> FloatMatrix:
        """(n, d) question vectors without their language signal; ``documents`` rows use the passage side."""
        flags = np.zeros(len(languages), bool) if documents is None else np.asarray(documents, dtype=bool)
        out = np.array(vectors, dtype=np.float32, copy=True)
        for aligner, rows in ((self.query, ~flags), (self.passage, flags)):
            if aligner is not None and rows.any():
                out[rows] = aligner.transform(
                    out[rows], [lang for lang, r in zip(languages, rows, strict=True) if r]
                )
        return out
