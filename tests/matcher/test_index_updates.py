"""``ItemIndex`` holds each text's arrays once and folds upserts into the next snapshot.

An index that received its items over several builds (upserts, replacements, removals) gives the
same snapshot, array for array, as one built from its final items at once.
"""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher import Item, RankConfig
from matcher.embedding import CachedEmbedder, FakeEmbedder
from matcher.index import IndexArrays, ItemIndex
from matcher.index_rows import UnitRows

TEXTS = [
    ("nl", "Circulair kantoormeubilair als dienst, met terugname van bureaustoelen."),
    ("fr", "Vêtements de travail en fibres recyclées pour nos ouvriers communaux."),
    ("en", "Refurbished laptops and servers for schools, with a repair contract."),
    ("nl", "Marktconsultatie en gunningscriteria voor hergebruik van betonelementen."),
    ("fr", "Achat groupé de mobilier scolaire réemployé pour les communes."),
    (None, "LCA en levenscycluskosten van verlichting, licht als dienst."),
]


def item(n: int, *, version: int = 0) -> Item:
    language, text = TEXTS[n % len(TEXTS)]
    texts = [("expertise", f"{text} v{version}")]
    if n % 2:
        texts.append((f"document:{n}", f"Project {n}: {TEXTS[(n + 1) % len(TEXTS)][1]}"))
    role = "facilitator" if n % 3 == 0 else "supplier"
    return Item(f"i{n:02d}", f"Name {n}", f"Org {n % 4}", role, tuple(texts), language=language)


def index(config: RankConfig) -> ItemIndex:
    channels = [CachedEmbedder(FakeEmbedder()), CachedEmbedder(FakeEmbedder(dim=16))]
    return ItemIndex(channels, config=config, embed_sentences=False)


def assert_same(a: IndexArrays, b: IndexArrays) -> None:
    assert a.ids == b.ids and a.items == b.items
    assert a.unit_label == b.unit_label and a.unit_language == b.unit_language
    np.testing.assert_array_equal(a.unit_item, b.unit_item)
    np.testing.assert_array_equal(a.groups, b.groups)
    for x, y in zip(a.vectors, b.vectors, strict=True):
        np.testing.assert_allclose(x, y, rtol=0, atol=1e-6)
    for x, y in ((a.help, b.help), (a.hub, b.hub), (a.concepts, b.concepts)):
        assert (x is None) == (y is None)
        if x is not None and y is not None:
            np.testing.assert_allclose(x, y, rtol=0, atol=1e-6)
    for s, t in ((a.lexical, b.lexical), (a.document_lexical, b.document_lexical)):
        np.testing.assert_array_equal(s.idf_, t.idf_)
        assert (s.tf_ != t.tf_).nnz == 0
        np.testing.assert_allclose(s.inverse_norms_, t.inverse_norms_, rtol=1e-6)


CONFIGS = {
    "defaults": RankConfig(),
    "network centring": RankConfig(centering="language", centering_min_items=1),
    "model+mean, hubness": RankConfig(centering="model+mean", hub_penalty=0.5, hub_neighbours=2),
    "no help channel": RankConfig(help_weight=0.0),
}


@pytest.mark.parametrize("name", CONFIGS)
def test_upserts_over_several_builds_equal_one_build(name: str) -> None:
    config = CONFIGS[name]
    grown = index(config)
    grown.upsert([item(n) for n in range(6)])
    grown.arrays()
    grown.upsert([item(n) for n in range(6, 9)])
    grown.upsert([item(2, version=1), item(9)])  # a replacement, in a second pending batch
    grown.remove(["i04", "i07"])
    grown.arrays()
    grown.upsert([item(7, version=2)])  # back, after its removal was built
    grown.remove(["i00"])
    final = [item(n) for n in (1, 3, 5, 6, 8, 9)] + [item(2, version=1), item(7, version=2)]
    scratch = index(config)
    scratch.upsert(final)
    assert_same(grown.arrays(), scratch.arrays())


def test_a_replaced_item_is_scored_by_its_new_text() -> None:
    grown = index(RankConfig())
    grown.upsert([item(n) for n in range(6)])
    grown.arrays()
    grown.upsert([Item("i01", "Name 1", "Org 1", "supplier", (("expertise", "betonelementen hergebruik"),))])
    arrays = grown.arrays()
    position = arrays.ids.index("i01")
    scores = arrays.lexical.score(["betonelementen hergebruik"])[0]
    (unit,) = np.flatnonzero(arrays.unit_item == position)
    assert scores[unit] == pytest.approx(1.0, abs=1e-5)
    assert scores.argmax() == unit


def test_emptied_index_has_empty_arrays() -> None:
    grown = index(RankConfig())
    grown.upsert([item(n) for n in range(3)])
    grown.arrays()
    grown.remove([f"i{n:02d}" for n in range(3)])
    arrays = grown.arrays()
    assert arrays.ids == [] and arrays.unit_item.size == 0
    assert [v.shape[0] for v in arrays.vectors] == [0, 0]
    assert arrays.lexical.score(["meubilair"]).shape == (1, 0)
    grown.upsert([item(4)])
    assert grown.arrays().ids == ["i04"]


def test_the_snapshot_holds_each_texts_lexical_rows_once() -> None:
    grown = index(RankConfig())
    grown.upsert([item(n) for n in range(6)])
    arrays = grown.arrays()
    stored = grown._stored
    assert stored is not None
    assert all(t is s.tf_ for t, s in zip(stored.tf, (arrays.lexical, arrays.document_lexical), strict=True))
    assert all(v is w for v, w in zip(stored.vectors, arrays.vectors, strict=True))  # per-text centring


def test_gather_takes_items_rows_out_of_several_sources() -> None:
    def rows(values: list[float]) -> UnitRows:
        column = np.asarray(values, dtype=np.float32)[:, None]
        return UnitRows(vectors=[column], tf=[sp.csr_matrix(column)])

    sources = [rows([0, 1, 2]), rows([10, 11]), rows([20])]
    gathered = UnitRows.gather(sources, np.asarray([3, 0, 5]), np.asarray([2, 1, 1]))
    assert gathered.vectors[0][:, 0].tolist() == [10, 11, 0, 20]
    assert gathered.tf[0].toarray()[:, 0].tolist() == [10, 11, 0, 20]
    whole = UnitRows.gather(sources[:1], np.asarray([0]), np.asarray([3]))
    assert whole.vectors[0] is sources[0].vectors[0]  # the concatenation itself: no copy


def test_many_pending_single_item_upserts_build_in_memory_proportional_to_their_rows() -> None:
    grown = index(RankConfig())
    grown.upsert([item(n) for n in range(10)])
    grown.arrays()
    for n in range(10, 70):  # the API writes one batch per profile: 60 writes between two searches
        grown.upsert([item(n)])
    tracemalloc.start()
    grown.arrays()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 100 * 2**20  # one n_features-long index per pending batch would be ~1 GB here


def test_a_text_gets_the_same_arrays_whatever_batch_it_came_in() -> None:
    one_by_one, batch = index(RankConfig()), index(RankConfig())
    for n in range(12):
        one_by_one.upsert([item(n)])
    batch.upsert([item(n) for n in range(12)])
    a, b = one_by_one.arrays(), batch.arrays()
    assert a.help is not None and b.help is not None
    np.testing.assert_array_equal(a.help, b.help)  # bit for bit: replicas apply writes in other batches
    for x, y in zip(a.vectors, b.vectors, strict=True):
        np.testing.assert_array_equal(x, y)


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_gathered_columns_are_the_stacked_rows_in_the_new_order(data: st.DataObject) -> None:
    from matcher.index_rows import _gather_columns

    sizes = data.draw(st.lists(st.integers(0, 6), min_size=1, max_size=5))
    seed = data.draw(st.integers(0, 2**16))
    rng = np.random.default_rng(seed)
    parts = [
        sp.random(n, 9, density=0.4, format="csc" if k == 0 else "csr", dtype=np.float32, random_state=rng)
        for k, n in enumerate(sizes)
    ]
    for part in parts:
        part.data += 1.0  # frequencies are at least 1: no stored zeros
    total = sum(sizes)
    order = rng.permutation(total)[: data.draw(st.integers(0, total))]
    position = np.full(total, -1, dtype=np.int32)
    position[order] = np.arange(order.size, dtype=np.int32)
    gathered = _gather_columns(parts, position, order.size)
    expected = sp.vstack(parts, format="csr")[order] if total else sp.csr_matrix((0, 9))
    assert sp.isspmatrix_csc(gathered) and gathered.dtype == np.float32
    assert gathered.shape == (order.size, 9)
    np.testing.assert_array_equal(gathered.toarray(), expected.toarray())
