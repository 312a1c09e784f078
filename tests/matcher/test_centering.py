"""Language centring: subtract each language's mean vector so a question's language stops ranking."""

from __future__ import annotations

import numpy as np
import pytest

from matcher.centering import center_by_group
from matcher.embedding import normalise_rows


def _vectors(rng: np.random.Generator, offset: np.ndarray, n: int) -> np.ndarray:
    return normalise_rows(rng.standard_normal((n, offset.size)) * 0.3 + offset)


def test_removes_a_shared_language_offset() -> None:
    rng = np.random.default_rng(0)
    dutch, french = np.eye(8)[0] * 2, np.eye(8)[1] * 2
    vectors = np.vstack([_vectors(rng, dutch, 6), _vectors(rng, french, 6)])
    groups = ["nl"] * 6 + ["fr"] * 6
    centred = center_by_group(vectors, groups, min_items=5)
    query = normalise_rows(dutch[np.newaxis, :] + rng.standard_normal((1, 8)) * 0.3)
    before = (vectors @ query.T).ravel()
    after = (centred @ query.T).ravel()
    # before: every Dutch text beats every French one; after: the language no longer decides
    assert before[:6].min() > before[6:].max()
    assert abs(after[:6].mean() - after[6:].mean()) < 0.5 * abs(before[:6].mean() - before[6:].mean())
    assert np.allclose(np.linalg.norm(centred, axis=1), 1.0, atol=1e-5)


@pytest.mark.parametrize(
    ("groups", "changed"),
    [
        (["en"] * 10, False),  # one language: nothing to remove
        (["en"] * 8 + ["nl"] * 2, False),  # the second language is too small to have a mean
        (["en"] * 5 + ["nl"] * 5, True),
        (["", ""] + ["en"] * 8, False),  # unknown language is no group of its own
    ],
)
def test_centres_only_when_two_languages_are_large_enough(groups: list[str], changed: bool) -> None:
    vectors = normalise_rows(np.random.default_rng(1).standard_normal((10, 6)))
    out = center_by_group(vectors, groups, min_items=5)
    assert (not np.allclose(out, vectors)) == changed


def test_one_group_label_per_row_is_required() -> None:
    with pytest.raises(ValueError, match="one group per row"):
        center_by_group(np.zeros((3, 2), dtype=np.float32), ["en"], min_items=1)
