"""What kind of help a question asks for, and a text offers: a small taxonomy in every language.

A buyer's question names *what* (office furniture) and often *what kind of help* (a market
consultation, buying together with other municipalities, a take-back clause that holds in law).
The dense model hears the *what* loudly: a supplier of office furniture outranks the facilitator who
runs joint procurement. The help types (``matcher/data/help_types.json``: supply, procurement law,
market consultation, tender design, social procurement, life-cycle costing, impact measurement,
joint procurement, innovation procurement, contract management, circular strategy; each described
in nl, en and fr) give a channel that is the same in every language:

* every text and question is compared with the descriptions **in its own language** (same-language
  similarity is what a multilingual model does well), and the similarities become a distribution
  over the types (z-scored over the types, softmax with ``sharpness``);
* the channel's score for a question and a text is the cosine of their two distributions, and its
  explanation names them ("needs: joint procurement", "offers: joint procurement").
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from matcher.embedding import FloatMatrix

__all__ = ["HELP_TYPES_FILE", "HelpType", "HelpTypeChannel", "load_help_types"]

HELP_TYPES_FILE = Path(__file__).resolve().parent / "data" / "help_types.json"


@dataclass(frozen=True)
class HelpType:
    """One kind of help: an id, a label and a description per language."""

    id: str
    label: dict[str, str]
    text: dict[str, str]


def load_help_types(path: Path = HELP_TYPES_FILE) -> list[HelpType]:
    """The taxonomy (the shipped one by default)."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    return [HelpType(t["id"], dict(t["label"]), dict(t["text"])) for t in raw["types"]]


class HelpTypeChannel:
    """Soft help-type distributions of texts, each read against the descriptions in its language.

    Args:
        sharpness: softmax inverse temperature over z-scored similarities (higher = more
            decided distributions).

    Attributes:
        languages_: languages with descriptions, sorted.
        prototypes_: per language, (n_types, d) description vectors (one embedder's, or several
            embedders' concatenated, matching the vectors passed to :meth:`distribution`).
        ids_: the types' ids, in row order.
        supply_: the row of the ``supply`` type (what a supplier offers by being one), or ``None``.
    """

    def __init__(self, *, sharpness: float = 2.0) -> None:
        self.sharpness = sharpness

    def fit(self, prototypes: dict[str, FloatMatrix], *, ids: Sequence[str] | None = None) -> HelpTypeChannel:
        """Store each language's description vectors (language -> (n_types, d)) and the types' ids."""
        if not prototypes:
            raise ValueError("need description vectors in at least one language")
        shapes = {lang: np.shape(p) for lang, p in prototypes.items()}
        if len(set(shapes.values())) != 1:
            raise ValueError(f"description matrices must have one shape, got {shapes}")
        self.languages_ = sorted(prototypes)
        self.prototypes_ = {lang: np.asarray(prototypes[lang], dtype=np.float32) for lang in self.languages_}
        n_types = next(iter(self.prototypes_.values())).shape[0]
        self.ids_ = list(ids) if ids is not None else [f"type-{n}" for n in range(n_types)]
        if len(self.ids_) != n_types:
            raise ValueError(f"need one id per type: {n_types} types, {len(self.ids_)} ids")
        self.supply_ = self.ids_.index("supply") if "supply" in self.ids_ else None
        return self

    def distribution(self, vectors: FloatMatrix, languages: Sequence[str]) -> NDArray[np.float32]:
        """Each row's distribution over the help types.

        Args:
            vectors: (n, d) raw (not language-aligned) L2-normalised vectors.
            languages: n codes; a language without descriptions ("" unknown) is read against
                the mean similarity over all languages' descriptions.

        Returns:
            (n, n_types) float32, rows summing to 1.
        """
        matrix = np.asarray(vectors, dtype=np.float32)
        if matrix.shape[0] != len(languages):
            raise ValueError(f"need one language per row: {matrix.shape[0]} rows, {len(languages)} languages")
        # float64, then float32: a row's result is, in practice, the same in any batch
        rows = matrix.astype(np.float64)
        per_language = {lang: rows @ np.asarray(p, np.float64).T for lang, p in self.prototypes_.items()}
        fallback = np.mean(list(per_language.values()), axis=0)
        sims = (
            np.stack(
                [
                    per_language[lang][n] if lang in per_language else fallback[n]
                    for n, lang in enumerate(languages)
                ]
            )
            if matrix.shape[0]
            else np.zeros((0, len(next(iter(self.prototypes_.values())))), np.float32)
        )
        spread = sims.std(axis=1, keepdims=True)
        z = (sims - sims.mean(axis=1, keepdims=True)) / np.where(spread > 1e-9, spread, 1.0)
        logits = self.sharpness * z
        weights = np.exp(logits - logits.max(axis=1, keepdims=True))
        out: NDArray[np.float32] = (weights / weights.sum(axis=1, keepdims=True)).astype(np.float32)
        return out

    @staticmethod
    def with_roles(
        distribution: NDArray[np.float32], roles: Sequence[str], supply: int
    ) -> NDArray[np.float32]:
        """A profile's role is evidence of the help it offers: a supplier supplies, a facilitator does not.

        Args:
            distribution: (n, n_types) rows summing to 1.
            roles: n roles (``supplier``, ``facilitator``, anything else is left as it is).
            supply: the column of the ``supply`` type.

        Returns:
            (n, n_types): supplier rows half their text's distribution and half ``supply``;
            facilitator rows without ``supply``, renormalised.
        """
        out = np.array(distribution, dtype=np.float32, copy=True)
        role = np.asarray(roles, dtype=object)
        suppliers, facilitators = role == "supplier", role == "facilitator"
        out[suppliers] *= 0.5
        out[suppliers, supply] += 0.5
        out[facilitators, supply] = 0.0
        totals = out[facilitators].sum(axis=1, keepdims=True)
        out[facilitators] /= np.where(totals > 0, totals, 1.0)
        return out

    @staticmethod
    def agreement(questions: NDArray[np.floating], texts: NDArray[np.floating]) -> NDArray[np.float32]:
        """Cosine of distributions: ``res[i][j] = cos(questions[i], texts[j])``, (n_q, n_units) in [0, 1]."""
        a = np.asarray(questions, dtype=np.float32)
        b = np.asarray(texts, dtype=np.float32)
        a = a / np.maximum(np.linalg.norm(a, axis=1, keepdims=True), 1e-12)
        b = b / np.maximum(np.linalg.norm(b, axis=1, keepdims=True), 1e-12)
        out: NDArray[np.float32] = a @ b.T
        return out
