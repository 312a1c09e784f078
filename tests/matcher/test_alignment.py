"""LanguageAligner: a model's language signal, learned from parallel text, removed from its vectors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from matcher.alignment import LanguageAligner, ModelAlignment, alignment_file, load_aligner
from matcher.embedding import normalise_rows

D = 16


def parallel(n: int = 200, *, seed: int = 0, strength: float = 0.8) -> dict[str, np.ndarray]:
    """n topics (drawn from ``seed``); each language adds its own direction, the same in every sample."""
    fixed = np.random.default_rng(42)
    directions = {"nl": fixed.normal(size=D), "fr": fixed.normal(size=D), "en": fixed.normal(size=D)}
    rng = np.random.default_rng(seed)
    topics = rng.normal(size=(n, D))
    return {
        lang: normalise_rows(
            topics + strength * np.sqrt(D) * d / np.linalg.norm(d) + 0.05 * rng.normal(size=(n, D))
        )
        for lang, d in directions.items()
    }


def nearest_is_translation(vectors: dict[str, np.ndarray]) -> float:
    """Share of Dutch rows whose nearest row, in a pool of Dutch and French rows, is their translation."""
    nl, fr = vectors["nl"], vectors["fr"]
    pool = np.vstack([nl, fr])
    sims = nl @ pool.T
    n = nl.shape[0]
    sims[np.arange(n), np.arange(n)] = -np.inf
    return float((sims.argmax(axis=1) == n + np.arange(n)).mean())


def test_offsets_make_translations_nearest():
    train, test = parallel(seed=1), parallel(seed=2, n=400)
    aligner = LanguageAligner().fit(train)
    aligned = {lang: aligner.transform(x, [lang] * len(x)) for lang, x in test.items()}
    assert nearest_is_translation(test) < 0.6  # language pulls half the Dutch rows to another Dutch row
    assert nearest_is_translation(aligned) > 0.95


def test_fit_learns_offsets_that_sum_to_zero():
    aligner = LanguageAligner(components=3).fit(parallel())
    assert aligner.languages_ == ["en", "fr", "nl"]
    assert aligner.offsets_.shape == (3, D)
    np.testing.assert_allclose(aligner.offsets_.sum(axis=0), 0, atol=1e-5)
    np.testing.assert_allclose(aligner.components_ @ aligner.components_.T, np.eye(3), atol=1e-5)


def test_transform_keeps_rows_unit_length_and_ignores_unknown_languages():
    aligner = LanguageAligner().fit(parallel())
    x = parallel(n=5, seed=3)["nl"]
    out = aligner.transform(x, ["nl", "", "de", "nl", "fr"])
    np.testing.assert_allclose(np.linalg.norm(out, axis=1), 1, atol=1e-5)
    np.testing.assert_allclose(out[1], x[1], atol=1e-6)  # unknown: no offset, no components
    np.testing.assert_allclose(out[2], x[2], atol=1e-6)


def test_projected_components_are_gone():
    aligner = LanguageAligner(components=2).fit(parallel())
    out = aligner.transform(parallel(n=10, seed=4)["fr"], ["fr"] * 10)
    np.testing.assert_allclose(out @ aligner.components_.T, 0, atol=1e-5)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"nl": np.zeros((3, D))}, "at least two languages"),
        ({"nl": np.zeros((3, D)), "fr": np.zeros((4, D))}, "one shape"),
    ],
)
def test_fit_names_bad_input(data, message):
    with pytest.raises(ValueError, match=message):
        LanguageAligner().fit(data)


def test_unfitted_and_mismatched_transform_raise():
    with pytest.raises(ValueError, match="not fitted"):
        LanguageAligner().transform(np.zeros((1, D)), ["nl"])
    with pytest.raises(ValueError, match="one language per row: 2 rows, 1 languages"):
        LanguageAligner().fit(parallel()).transform(np.zeros((2, D)), ["nl"])


def test_save_and_load_round_trip(tmp_path: Path):
    aligner = LanguageAligner(components=4).fit(parallel())
    aligner.save(tmp_path / "m.npz")
    loaded = LanguageAligner.load(tmp_path / "m.npz", components=2)
    assert loaded.languages_ == aligner.languages_
    np.testing.assert_array_equal(loaded.components_, aligner.components_[:2])
    x = parallel(n=6, seed=5)["en"]
    np.testing.assert_allclose(
        loaded.transform(x, ["en"] * 6),
        LanguageAligner.load(tmp_path / "m.npz", components=2).transform(x, ["en"] * 6),
    )
    with pytest.raises(ValueError, match="holds 4 components, asked for 5"):
        LanguageAligner.load(tmp_path / "m.npz", components=5)


@pytest.mark.parametrize("model_id", ["e5-small", "e5-small:query"])
def test_the_shipped_e5_alignments_load(model_id: str):
    assert alignment_file(model_id).exists()
    aligner = load_aligner(model_id, components=8)
    assert aligner is not None
    assert aligner.languages_ == ["en", "fr", "nl"]
    assert aligner.offsets_.shape == (3, 384)
    assert aligner.components_.shape == (8, 384)


def test_a_model_without_alignment_is_left_alone():
    alignment = ModelAlignment.for_model("fake-16", "fake-16", components=0)
    x = parallel(n=3)["nl"]
    np.testing.assert_array_equal(alignment.passages(x, ["nl"] * 3), x)
    np.testing.assert_array_equal(alignment.queries(x, ["nl"] * 3), x)


def test_documents_use_the_passage_side():
    passage = LanguageAligner().fit(parallel(seed=6))
    query = LanguageAligner().fit(parallel(seed=7))
    x = parallel(n=2, seed=8)["fr"]
    out = ModelAlignment(passage, query).queries(x, ["fr", "fr"], [False, True])
    np.testing.assert_allclose(out[0], query.transform(x[:1], ["fr"])[0], atol=1e-6)
    np.testing.assert_allclose(out[1], passage.transform(x[1:], ["fr"])[0], atol=1e-6)
