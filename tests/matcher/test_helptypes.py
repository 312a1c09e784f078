"""Help types: each text read against the descriptions in its own language; agreement as a channel."""

from __future__ import annotations

import numpy as np
import pytest

from matcher import Item, MatchEngine, RankConfig
from matcher.embedding import CachedEmbedder, FakeEmbedder, MemoryVectorCache, normalise_rows
from matcher.helptypes import HelpTypeChannel, load_help_types


def test_the_shipped_taxonomy_has_every_type_in_nl_en_fr():
    types = load_help_types()
    assert len(types) >= 8
    assert len({t.id for t in types}) == len(types)
    assert {"supply", "joint-procurement", "market-consultation", "procurement-law"} <= {t.id for t in types}
    for t in types:
        assert set(t.text) == {"nl", "en", "fr"} and all(len(x.split()) >= 8 for x in t.text.values()), t.id
        assert set(t.label) == {"nl", "en", "fr"}, t.id


def channel() -> HelpTypeChannel:
    """Two languages whose three descriptions point different ways (a vector knows its language)."""
    eye = np.eye(6, dtype=np.float32)
    return HelpTypeChannel(sharpness=4.0).fit({"nl": eye[:3], "fr": eye[3:]})


def test_each_text_is_read_in_its_own_language():
    vectors = np.array([[1, 0, 0, 0, 0, 0], [0, 0, 0, 0, 1, 0]], dtype=np.float32)
    dist = channel().distribution(vectors, ["nl", "fr"])
    assert dist.shape == (2, 3)
    np.testing.assert_allclose(dist.sum(axis=1), 1, atol=1e-6)
    assert dist[0].argmax() == 0 and dist[1].argmax() == 1
    # the Dutch text read as French would look at the wrong descriptions: nothing stands out
    assert channel().distribution(vectors[:1], ["fr"]).max() < 0.34


def test_unknown_language_reads_the_mean_over_languages():
    v = normalise_rows(np.array([[1, 0, 0, 1, 0, 0]], dtype=np.float32))
    dist = channel().distribution(v, [""])
    assert dist[0].argmax() == 0 and dist[0, 0] > 0.9


def test_agreement_is_the_cosine_of_distributions():
    a = np.array([[1.0, 0, 0], [0.5, 0.5, 0]])
    b = np.array([[1.0, 0, 0], [0, 0, 1.0]])
    np.testing.assert_allclose(HelpTypeChannel.agreement(a, b), [[1, 0], [np.sqrt(0.5), 0]], atol=1e-6)


@pytest.mark.parametrize(
    ("data", "message"),
    [({}, "at least one language"), ({"nl": np.eye(3), "fr": np.eye(4)}, "one shape")],
)
def test_fit_names_bad_input(data, message):
    with pytest.raises(ValueError, match=message):
        HelpTypeChannel().fit(data)


def test_distribution_wants_one_language_per_row():
    with pytest.raises(ValueError, match="2 rows, 1 languages"):
        channel().distribution(np.zeros((2, 6), np.float32), ["nl"])


ITEMS = [
    Item(
        id="a",
        name="A",
        organisation="A",
        role="facilitator",
        texts=(("expertise", "raamovereenkomst opdrachtencentrale"),),
    ),
    Item(
        id="b",
        name="B",
        organisation="B",
        role="supplier",
        texts=(("expertise", "refurbished laptops te huur"),),
    ),
    Item(
        id="c",
        name="C",
        organisation="C",
        role="supplier",
        texts=(("expertise", "herbruikbare bekers afwas"),),
    ),
]


def engine(**config: object) -> MatchEngine:
    e = MatchEngine([CachedEmbedder(FakeEmbedder(dim=32))], config=RankConfig(**config))  # type: ignore[arg-type]
    e.index.upsert(ITEMS)
    return e


def test_off_it_changes_nothing_and_explains_nothing():
    plain = engine(help_weight=0.0).search("laptops huren voor onze school", top_k=3)
    assert all(m.explanation.needs is None and m.explanation.offers is None for m in plain)
    assert engine(help_weight=0.0).index.arrays().help is None


def test_on_it_explains_what_is_needed_and_offered():
    found = engine(help_weight=0.05).search("samen aankopen met andere gemeenten", top_k=3)
    ids = {t.id for t in load_help_types()}
    assert len(found) == 3
    assert all(m.explanation.needs in ids and m.explanation.offers in ids for m in found)
    arrays = engine(help_weight=0.05).index.arrays()
    assert arrays.help is not None and arrays.help.shape == (3, len(ids))


def test_lexical_only_stays_lexical_only_with_the_help_channel_on():
    only = engine(lexical_weight=1.0, help_weight=0.05, normalisation="none")
    lexical = engine(lexical_weight=1.0, help_weight=0.0, normalisation="none")
    question = "herbruikbare bekers voor een festival"
    assert [(m.item.id, m.score) for m in only.search(question, top_k=3)] == [
        (m.item.id, m.score) for m in lexical.search(question, top_k=3)
    ]


def test_help_descriptions_are_embedded_once_per_cache():
    cache = MemoryVectorCache()
    first = MatchEngine([CachedEmbedder(FakeEmbedder(dim=32), cache)], config=RankConfig(help_weight=0.05))
    first.index.upsert(ITEMS)
    first.index.arrays()
    second = CachedEmbedder(FakeEmbedder(dim=32), cache)
    again = MatchEngine([second], config=RankConfig(help_weight=0.05))
    again.index.upsert(ITEMS)
    again.index.arrays()
    assert second.embedded == 0


def test_a_supplier_supplies_and_a_facilitator_does_not():
    dist = np.array([[0.1, 0.6, 0.3], [0.4, 0.4, 0.2], [0.2, 0.3, 0.5]], dtype=np.float32)
    out = HelpTypeChannel.with_roles(dist, ["supplier", "facilitator", "researcher"], supply=0)
    np.testing.assert_allclose(out[0], [0.55, 0.3, 0.15], atol=1e-6)
    np.testing.assert_allclose(out[1], [0.0, 4 / 6, 2 / 6], atol=1e-6)
    np.testing.assert_allclose(out[2], dist[2])
    np.testing.assert_allclose(out.sum(axis=1), 1, atol=1e-6)


def test_the_channel_knows_its_type_ids_and_which_one_is_supply():
    eye = np.eye(3, dtype=np.float32)
    fitted = HelpTypeChannel().fit({"nl": eye}, ids=["law", "supply", "lcc"])
    assert fitted.ids_ == ["law", "supply", "lcc"] and fitted.supply_ == 1
    assert HelpTypeChannel().fit({"nl": eye}).supply_ is None
    with pytest.raises(ValueError, match="3 types, 2 ids"):
        HelpTypeChannel().fit({"nl": eye}, ids=["a", "b"])
