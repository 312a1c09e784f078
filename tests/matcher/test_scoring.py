"""``score_items``' ensemble weights: with ``crosslingual_model_share`` and ``samelingual_model_share``
they depend on whether a question and a text share a language; 0.5 and 0.5 are the equal weights of
before (the default gives the second model 0.35 of a same-language pair, EVALUATION.md)."""

from __future__ import annotations

import numpy as np
import pytest

from matcher import Item, MatchEngine, RankConfig
from matcher.aggregation import padded_groups
from matcher.embedding import CachedEmbedder, FakeEmbedder, MemoryVectorCache
from matcher.scoring import dense_weights, score_items

RNG = np.random.default_rng(13)
FIRST = RNG.uniform(-1, 1, (2, 4))  # (n_q, n_units) cosines of the first model
SECOND = RNG.uniform(-1, 1, (2, 4))
LEXICAL = RNG.uniform(0, 1, (2, 4))
GROUPS = padded_groups(np.arange(4, dtype=np.intp), 4)  # one text per item
LANGUAGES = (["nl", "fr"], ["nl", "fr", "", "en"])  # question 0 is Dutch, question 1 French


EQUAL = {"crosslingual_model_share": 0.5, "samelingual_model_share": 0.5}  # the weights before


def _config(**kwargs: object) -> RankConfig:
    settings = {"centering": "none", "normalisation": "none", "help_weight": 0.0, "cross_language": "raw"}
    return RankConfig(**{**settings, **EQUAL, **kwargs})  # type: ignore[arg-type]


def test_the_default_shares() -> None:
    config = RankConfig()
    assert (config.crosslingual_model_share, config.samelingual_model_share) == (0.5, 0.35)
    assert config.pair_weights


def test_half_shares_are_the_equal_weights_of_before_to_the_last_digit() -> None:
    config = RankConfig(normalisation="z", **EQUAL)  # type: ignore[arg-type]
    assert not config.pair_weights
    with_pairs = score_items([FIRST, SECOND], LEXICAL, GROUPS, config, languages=LANGUAGES)
    without = score_items([FIRST, SECOND], LEXICAL, GROUPS, config)
    z = [(d - d.mean(axis=1, keepdims=True)) / d.std(axis=1, keepdims=True) for d in (FIRST, SECOND)]
    lex = (LEXICAL - LEXICAL.mean(axis=1, keepdims=True)) / LEXICAL.std(axis=1, keepdims=True)
    np.testing.assert_allclose(with_pairs.unit, 0.4 * z[0] + 0.4 * z[1] + 0.2 * lex, rtol=1e-12)
    np.testing.assert_array_equal(with_pairs.unit, without.unit)  # languages change nothing
    np.testing.assert_array_equal(with_pairs.total, without.total)


def test_a_pair_whose_share_is_half_gets_todays_weight_exactly() -> None:
    dense = np.array([[0.8], [0.75]])
    today = dense_weights(dense, np.zeros(2, bool), 2, _config())
    pairs = dense_weights(dense, np.zeros(2, bool), 2, _config(samelingual_model_share=0.35), LANGUAGES)
    assert [w.shape for w in pairs] == [(2, 4), (2, 4)]
    cross = np.array([[False, True, True, True], [True, False, True, True]])  # unknown counts as 0.5
    for w, p in zip(today, pairs, strict=True):
        np.testing.assert_array_equal(np.broadcast_to(w, (2, 4))[cross], p[cross])
    np.testing.assert_allclose(pairs[1][~cross], 0.35 * dense[:, 0])
    np.testing.assert_allclose(pairs[0][~cross], 0.65 * dense[:, 0])


def test_a_cross_language_pair_with_share_1_is_scored_by_the_second_model_alone() -> None:
    config = _config(lexical_weight=0.0, crosslingual_model_share=1.0)
    parts = score_items([FIRST, SECOND], LEXICAL, GROUPS, config, languages=LANGUAGES)
    # question 0 (nl): texts nl (same), fr (cross), "" (unknown: equal), en (cross)
    np.testing.assert_allclose(parts.unit[0, [1, 3]], SECOND[0, [1, 3]], rtol=1e-12)
    np.testing.assert_allclose(parts.unit[0, [0, 2]], 0.5 * (FIRST[0, [0, 2]] + SECOND[0, [0, 2]]))
    # question 1 (fr): its French text is the same-language pair
    np.testing.assert_allclose(parts.unit[1, [0, 3]], SECOND[1, [0, 3]], rtol=1e-12)
    np.testing.assert_allclose(parts.unit[1, 1], 0.5 * (FIRST[1, 1] + SECOND[1, 1]))
    ignored = score_items([FIRST, SECOND], LEXICAL, GROUPS, _config(lexical_weight=0.0), languages=LANGUAGES)
    assert not np.allclose(parts.unit, ignored.unit)  # the weights are not ignored


def test_a_same_language_pair_with_share_0_is_scored_by_the_first_model_alone() -> None:
    config = _config(lexical_weight=0.2, samelingual_model_share=0.0, crosslingual_model_share=0.8)
    parts = score_items([FIRST, SECOND], LEXICAL, GROUPS, config, languages=LANGUAGES)
    np.testing.assert_allclose(parts.unit[0, 0], 0.8 * FIRST[0, 0] + 0.2 * LEXICAL[0, 0])
    np.testing.assert_allclose(
        parts.unit[0, 1], 0.8 * (0.2 * FIRST[0, 1] + 0.8 * SECOND[0, 1]) + 0.2 * LEXICAL[0, 1]
    )


def test_an_unknown_question_language_keeps_equal_weights() -> None:
    config = _config(crosslingual_model_share=1.0, samelingual_model_share=0.0)
    parts = score_items([FIRST, SECOND], LEXICAL, GROUPS, config, languages=(["", ""], LANGUAGES[1]))
    np.testing.assert_allclose(parts.unit, 0.4 * FIRST + 0.4 * SECOND + 0.2 * LEXICAL, rtol=1e-12)


def test_plain_documents_keep_the_first_model_whatever_the_shares() -> None:
    flags = np.array([True, False])
    config = RankConfig(crosslingual_model_share=1.0, samelingual_model_share=0.0)
    shifted = score_items([FIRST, SECOND], LEXICAL, GROUPS, config, documents=flags, languages=LANGUAGES)
    default = score_items(
        [FIRST, SECOND], LEXICAL, GROUPS, RankConfig(), documents=flags, languages=LANGUAGES
    )
    np.testing.assert_array_equal(shifted.unit[0], default.unit[0])
    np.testing.assert_array_equal(shifted.total[0], default.total[0])
    assert not np.allclose(shifted.unit[1], default.unit[1])


def test_rrf_fusion_ignores_the_shares() -> None:
    config = _config(fusion="rrf", aggregation="max", crosslingual_model_share=1.0)
    parts = score_items([FIRST, SECOND], LEXICAL, GROUPS, config, languages=LANGUAGES)
    plain = score_items([FIRST, SECOND], LEXICAL, GROUPS, _config(fusion="rrf", aggregation="max"))
    np.testing.assert_array_equal(parts.total, plain.total)


def test_one_or_three_models_keep_equal_weights() -> None:
    config = _config(crosslingual_model_share=1.0)
    three = dense_weights(np.full((2, 1), 0.9), np.zeros(2, bool), 3, config, LANGUAGES)
    assert [w.shape for w in three] == [(2, 1)] * 3
    np.testing.assert_allclose(np.concatenate(three, axis=1), 0.3)
    (one,) = dense_weights(np.full((2, 1), 0.9), np.zeros(2, bool), 1, config, LANGUAGES)
    np.testing.assert_allclose(one, 0.9)


@pytest.mark.parametrize("raw", [False, True])
def test_the_engine_passes_every_questions_language_when_the_shares_need_them(raw: bool) -> None:
    """With cross_language=raw nothing is imputed; the shares still need the languages."""
    items = [
        Item("fr", "F", "F", "supplier", (("expertise", "mobilier de bureau circulaire et chaises"),), "fr"),
        Item("nl", "N", "N", "supplier", (("expertise", "circulair kantoormeubilair en stoelen"),), "nl"),
    ]
    question = "wij zoeken circulair kantoormeubilair en bureaustoelen voor de gemeente"

    def total(share: float) -> np.ndarray:
        config = RankConfig(
            centering="none",
            help_weight=0.0,
            normalisation="none",
            lexical_weight=0.0,
            cross_language="raw" if raw else "impute",
            crosslingual_model_share=share,
        )
        models = [FakeEmbedder(), FakeEmbedder(dim=16)]
        engine = MatchEngine([CachedEmbedder(m, MemoryVectorCache()) for m in models], config=config)
        engine.index.upsert(items)
        return engine.score(engine.encode([question])).total

    first, second, equal = total(0.0), total(1.0), total(0.5)
    assert first[0, 0] != pytest.approx(second[0, 0])  # the French profile: a cross-language pair
    assert first[0, 1] == pytest.approx(second[0, 1]) == pytest.approx(equal[0, 1])  # Dutch: same
