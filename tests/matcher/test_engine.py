"""``MatchEngine`` on the fake embedder: filters, batching, explanations, index updates, cache, config."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher import Filters, Item, Match, MatchEngine, RankConfig
from matcher.embedding import CachedEmbedder, FakeEmbedder, FloatMatrix, MemoryVectorCache
from matcher.helptypes import load_help_types
from matcher.text import normalise_org, split_sentences, words
from models.errors import InvalidInputError

QUESTIONS = [
    "circulair kantoormeubilair en bureaustoelen",
    "hergebruik van betonelementen",
    "werkkleding van gerecyclede textielvezels",
    "circular construction tenders",
]


class RecordingEmbedder(FakeEmbedder):
    """The fake embedder, remembering every text it was asked to encode."""

    def __init__(self, *, dim: int = 64) -> None:
        super().__init__(dim=dim)
        self.seen: list[str] = []  # passages
        self.questions: list[str] = []

    def encode_passages(self, texts: Sequence[str]) -> FloatMatrix:
        self.seen.extend(texts)
        return super().encode_passages(texts)

    def encode_queries(self, texts: Sequence[str]) -> FloatMatrix:
        self.questions.extend(texts)
        return super().encode_passages(texts)  # FakeEmbedder's, which does not record


def to_item(p: dict[str, Any]) -> Item:
    docs = tuple((f"document: {d['title']}", f"{d['title']}. {d['text']}") for d in p.get("documents", []))
    return Item(
        id=p["id"],
        name=p["name"],
        organisation=p["organisation"],
        role=p["role"],
        texts=(("expertise", p["expertise"]), *docs),
        language=p.get("language"),
        region=p.get("region"),
        tags=tuple(p.get("tags", [])),
    )


def make_engine(
    items: Sequence[Item] = (),
    *,
    config: RankConfig | None = None,
    embedder: FakeEmbedder | None = None,
    **kw: Any,
) -> MatchEngine:
    engine = MatchEngine([CachedEmbedder(embedder or FakeEmbedder())], config=config, **kw)
    engine.index.prepare(items)  # the write path: texts and sentences into the cache, then indexed
    engine.index.upsert(items)
    return engine


HELP_DESCRIPTIONS = {text for t in load_help_types() for text in t.text.values()}


def ids(matches: Sequence[Match]) -> list[str]:
    return [m.item.id for m in matches]


def item_sentences(item: Item) -> list[str]:
    return [s for _, text in item.texts for s in split_sentences(text)]


@pytest.fixture
def items(profiles_data: list[dict[str, Any]]) -> list[Item]:
    return [to_item(p) for p in profiles_data]


@pytest.fixture
def engine(items: list[Item]) -> MatchEngine:
    return make_engine(items)


# --- filters ------------------------------------------------------------------------------------

FILTER_TABLE = [
    (Filters(roles=frozenset({"facilitator"})), {"utrecht-inkoop", "kringloop-advies", "zuid-advies"}),
    (Filters(roles=frozenset({"supplier"})), {"kringloop-meubel", "zuid-beton", "zuid-textiel"}),
    (Filters(roles=frozenset({"supplier", "facilitator"})), "all"),
    (Filters(region="utrecht"), {"utrecht-inkoop", "kringloop-meubel"}),
    (Filters(region="NOORD-BRABANT"), {"zuid-beton", "zuid-advies", "zuid-textiel"}),
    (Filters(region="Nergens"), set()),
    (Filters(language="EN"), {"zuid-advies"}),
    (Filters(tags=frozenset({"TEXTIEL", "beton"})), {"kringloop-advies", "zuid-beton", "zuid-textiel"}),
    (Filters(tags=frozenset({"onbekend"})), set()),
    (Filters(exclude_organisation="kringloop cooperatie"), "all-but-kringloop"),
    (Filters(exclude_organisation="  GEMEENTE   utrecht "), "all-but-utrecht"),
    (Filters(exclude_ids=frozenset({"zuid-beton", "utrecht-inkoop", "onbekend"})), "all-but-two"),
    (Filters(roles=frozenset({"supplier"}), region="Noord-Brabant"), {"zuid-beton", "zuid-textiel"}),
    (Filters(status="open"), set()),  # profiles have no status
]
ALL = {"utrecht-inkoop", "kringloop-meubel", "kringloop-advies", "zuid-beton", "zuid-advies", "zuid-textiel"}
NAMED = {
    "all": ALL,
    "all-but-kringloop": ALL - {"kringloop-meubel", "kringloop-advies"},
    "all-but-utrecht": ALL - {"utrecht-inkoop"},
    "all-but-two": ALL - {"zuid-beton", "utrecht-inkoop"},
}


@pytest.mark.parametrize(("flt", "expected"), FILTER_TABLE)
def test_filters(engine: MatchEngine, items: list[Item], flt: Filters, expected: set[str] | str) -> None:
    want = NAMED[expected] if isinstance(expected, str) else expected
    assert {i.id for i in items if flt.allows(i)} == want  # the filter itself, by brute force
    for question in QUESTIONS:
        found = engine.search(question, top_k=10, filters=flt)
        assert set(ids(found)) == want
        unfiltered = [m for m in engine.search(question, top_k=10) if m.item.id in want]
        assert ids(found) == ids(unfiltered)  # filtering does not reorder


@pytest.mark.parametrize("cap", [1, 2, 3])
@pytest.mark.parametrize("k", [1, 2, 4, 6])
def test_per_organisation_cap_equals_greedy_over_the_full_ranking(
    engine: MatchEngine, cap: int, k: int
) -> None:
    for question in QUESTIONS:
        full = engine.search(question, top_k=10)
        expected: list[str] = []
        per_org: dict[str, int] = {}
        for m in full:
            org = normalise_org(m.item.organisation)
            if per_org.get(org, 0) < cap and len(expected) < k:
                per_org[org] = per_org.get(org, 0) + 1
                expected.append(m.item.id)
        assert ids(engine.search(question, top_k=k, filters=Filters(per_organisation=cap))) == expected


def test_per_organisation_cap_compares_organisations_like_normalise_org() -> None:
    variants = ["Kringloop Coöperatie", "KRINGLOOP  COOPERATIE", "kringloop coöperatie", "Andere Org"]
    engine = make_engine(
        [
            Item(f"i{n}", f"n{n}", org, "supplier", (("expertise", "tweedehands meubilair"),))
            for n, org in enumerate(variants)
        ]
    )
    found = engine.search("meubilair", top_k=10, filters=Filters(per_organisation=1))
    assert len(found) == 2
    assert {normalise_org(m.item.organisation) for m in found} == {"kringloop cooperatie", "andere org"}


# --- ranking and explanations -------------------------------------------------------------------


def test_search_many_equals_search_per_question(engine: MatchEngine) -> None:
    flt = Filters(roles=frozenset({"supplier", "facilitator"}))
    batched = engine.search_many(QUESTIONS, top_k=4, filters=flt)
    assert len(batched) == len(QUESTIONS)
    for question, got in zip(QUESTIONS, batched, strict=True):
        one = engine.search(question, top_k=4, filters=flt)
        assert ids(got) == ids(one)
        assert [m.score for m in got] == pytest.approx([m.score for m in one], abs=1e-4)


def test_matches_for_named_items_equal_their_ranked_matches(engine: MatchEngine) -> None:
    batch = engine.encode(QUESTIONS)
    ranked = engine.search_batch(batch, top_k=6, filters=[Filters()] * len(QUESTIONS))
    for q, matches in enumerate(ranked):
        wanted = [*reversed(ids(matches)), "no-such-item"]
        assert engine.matches_for(batch, q, wanted) == list(reversed(matches))
    assert engine.matches_for(batch, 0, ["no-such-item"]) == []
    with pytest.raises(ValueError, match="got 4"):
        engine.matches_for(batch, len(QUESTIONS), ids(ranked[0]))


def test_scores_descend_and_ties_go_by_id(engine: MatchEngine) -> None:
    for question in [*QUESTIONS, "iets heel anders", "!!!"]:
        found = engine.search(question, top_k=10)
        assert len(found) == 6
        keys = [(-m.score, m.item.id) for m in found]
        assert keys == sorted(keys)


def test_the_best_profile_for_a_distinctive_question_comes_first(engine: MatchEngine) -> None:
    assert ids(engine.search("betonelementen uit sloopprojecten", top_k=1)) == ["zuid-beton"]
    assert ids(engine.search("werkkleding gerecyclede textielvezels", top_k=1)) == ["zuid-textiel"]


def test_explanation_fields(engine: MatchEngine) -> None:
    for question in QUESTIONS:
        for m in engine.search(question, top_k=10):
            e = m.explanation
            labels = [label for label, _ in m.item.texts]
            assert e.best_source in labels
            assert e.best_passage in item_sentences(m.item)
            assert set(e.models) == {"fake-64"}
            assert e.dense == pytest.approx(e.models["fake-64"])
            assert 0.0 <= e.lexical <= 1.0
            text_words = set(words(" ".join(t for _, t in m.item.texts)))
            assert set(e.matched_terms) <= text_words
            assert m.score == round(m.score, 4)


def test_explanation_points_at_the_document_that_matched(
    engine: MatchEngine, profiles_data: list[dict[str, Any]]
) -> None:
    doc = profiles_data[1]["documents"][1]  # kringloop-meubel, "Bureaustoelen provincie"
    (m,) = engine.search(doc["text"], top_k=1)
    assert m.item.id == "kringloop-meubel"
    assert m.explanation.best_source == "document: Bureaustoelen provincie"
    assert m.explanation.best_passage in split_sentences(f"{doc['title']}. {doc['text']}")
    assert "bureaustoelen" in m.explanation.matched_terms


def test_search_texts_of_one_text_equals_search(engine: MatchEngine) -> None:
    for question in QUESTIONS:
        assert ids(engine.search_texts([question], top_k=5)) == ids(engine.search(question, top_k=5))
        assert [m.score for m in engine.search_texts([question], top_k=5)] == pytest.approx(
            [m.score for m in engine.search(question, top_k=5)], abs=1e-4
        )


def test_search_texts_explains_with_the_text_that_scored_best(engine: MatchEngine) -> None:
    found = engine.search_texts(
        ["betonelementen uit sloopprojecten", "werkkleding van textielvezels"], top_k=6
    )
    by_id = {m.item.id: m for m in found}
    assert set(ids(found[:2])) == {"zuid-beton", "zuid-textiel"}
    assert "betonelementen" in by_id["zuid-beton"].explanation.matched_terms
    assert "werkkleding" in by_id["zuid-textiel"].explanation.matched_terms
    assert engine.search_texts([], top_k=3) == []


# --- index updates ------------------------------------------------------------------------------


EMPTY_INDEX_BUG = (
    "BUG: an empty index cannot be searched: ItemIndex._build (matcher/index.py) fits a LexicalScorer on 0 "
    "rows and sklearn's normalize() (LexicalScorer._weight, matcher/lexical.py) raises ValueError('Found "
    "array with 0 sample(s)'), so search/search_many/search_texts raise instead of returning [] (API: 500 "
    "on /match)"
)


def test_empty_index_returns_nothing() -> None:
    engine = make_engine()
    assert engine.search("meubilair") == []
    assert engine.search_many(["a", "b"]) == [[], []]
    assert engine.search_texts(["a"]) == []


def test_removing_every_item_empties_the_results(engine: MatchEngine, items: list[Item]) -> None:
    assert engine.search("meubilair")
    engine.index.remove([i.id for i in items])
    assert len(engine.index) == 0
    assert engine.search("meubilair") == []


def test_remove_and_upsert(engine: MatchEngine, items: list[Item]) -> None:
    question = "betonelementen uit sloopprojecten"
    assert ids(engine.search(question, top_k=1)) == ["zuid-beton"]
    engine.index.remove(["zuid-beton", "does-not-exist"])
    assert len(engine.index) == 5 and "zuid-beton" not in engine.index
    assert "zuid-beton" not in ids(engine.search(question, top_k=10))
    # replace another profile's text: it now wins the question
    textiel = next(i for i in items if i.id == "zuid-textiel")
    engine.index.upsert(
        [Item(**{**textiel.__dict__, "texts": (("expertise", "Betonelementen uit sloopprojecten."),)})]
    )
    assert len(engine.index) == 5
    (m,) = engine.search(question, top_k=1)
    assert m.item.id == "zuid-textiel" and m.item.texts[0][1] == "Betonelementen uit sloopprojecten."
    assert engine.index.get("zuid-textiel") == m.item
    assert engine.index.get("zuid-beton") is None


def test_search_many_without_questions_returns_an_empty_list(engine: MatchEngine) -> None:
    assert engine.search_many([]) == []


# --- the embedding cache ------------------------------------------------------------------------


def test_upserting_the_same_texts_embeds_nothing_new(items: list[Item]) -> None:
    fake = RecordingEmbedder()
    engine = make_engine(items, embedder=fake)
    first = fake.texts_encoded
    expected = (
        {t for i in items for _, t in i.texts}
        | {s for i in items for s in engine.index.sentences(i.id)[0]}
        | HELP_DESCRIPTIONS  # the help-type channel's, embedded with the first write
    )
    assert set(fake.seen) == expected
    assert first == len(expected)  # each distinct text once
    engine.index.upsert(items)
    engine.index.upsert(reversed(items))
    assert fake.texts_encoded == first


def test_changing_one_profile_embeds_only_that_profiles_new_texts(items: list[Item]) -> None:
    fake = RecordingEmbedder()
    engine = make_engine(items, embedder=fake)
    before = set(fake.seen)
    fake.seen.clear()
    meubel = next(i for i in items if i.id == "kringloop-meubel")
    changed = Item(
        **{**meubel.__dict__, "texts": (("expertise", "Nieuw: wij repareren ook kasten."), *meubel.texts[1:])}
    )
    engine.index.upsert([changed])
    new_strings = ({t for _, t in changed.texts} | set(engine.index.sentences(changed.id)[0])) - before
    assert set(fake.seen) == new_strings == {"Nieuw: wij repareren ook kasten."}
    assert len(fake.seen) == 1
    engine.search("kasten")  # the rebuilt index embeds nothing either
    assert len(fake.seen) == 1


def test_explanations_read_sentence_vectors_from_the_cache(items: list[Item]) -> None:
    fake = RecordingEmbedder()
    engine = MatchEngine([CachedEmbedder(fake)])
    engine.index.upsert(items)  # not prepared: sentences are embedded by the first explanation
    before = fake.texts_encoded
    first = engine.search("kantoorstoelen", top_k=3)
    assert fake.texts_encoded > before + 1  # the question and the shown items' sentences
    embedded = fake.texts_encoded
    assert engine.search("kantoorstoelen", top_k=3) == first
    assert fake.texts_encoded == embedded + 1  # only the question: the sentences come from the cache


def test_a_second_engine_on_the_same_cache_embeds_nothing(items: list[Item]) -> None:
    cache = MemoryVectorCache()
    first = RecordingEmbedder()
    writer = MatchEngine([CachedEmbedder(first, cache)]).index
    writer.prepare(items)
    writer.upsert(items)
    second = RecordingEmbedder()
    engine = MatchEngine([CachedEmbedder(second, cache)])
    engine.index.upsert(items)
    engine.search("meubilair")
    assert second.seen == []
    assert second.questions == ["meubilair"]  # only the question was encoded


def test_prepare_then_upsert_embeds_once(items: list[Item]) -> None:
    fake = RecordingEmbedder()
    engine = make_engine(embedder=fake)
    engine.index.prepare(items)
    prepared = fake.texts_encoded
    assert prepared > 0 and len(engine.index) == 0
    engine.index.upsert(items)
    assert fake.texts_encoded == prepared


def test_questions_are_not_cached_unless_remembered(engine: MatchEngine) -> None:
    channel = engine.channels[0]
    before = channel.embedded
    engine.search("een nieuwe vraag")
    engine.search("een nieuwe vraag")
    assert channel.embedded == before + 2
    engine.encode(["een nieuwe vraag"], remember=True)
    engine.encode(["een nieuwe vraag"], remember=True)
    assert channel.embedded == before + 3


def test_lazy_sentence_embedding_gives_the_same_results(items: list[Item]) -> None:
    eager = make_engine(items)
    lazy_fake = RecordingEmbedder()
    lazy = make_engine(items, embedder=lazy_fake, embed_sentences=False)
    assert set(lazy_fake.seen) == {t for i in items for _, t in i.texts} | HELP_DESCRIPTIONS
    for question in QUESTIONS:
        a, b = eager.search(question, top_k=6), lazy.search(question, top_k=6)
        assert [(m.item.id, m.score, m.explanation) for m in a] == [
            (m.item.id, m.score, m.explanation) for m in b
        ]


# --- configuration ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"lexical_weight": -0.1}, "lexical_weight"),
        ({"lexical_weight": 1.5}, "lexical_weight"),
        ({"lexical_weight": math.nan}, "lexical_weight"),
        ({"sentence_weight": 2.0}, "sentence_weight"),
        ({"aggregation": "median"}, "aggregation"),
        ({"normalisation": "minmax"}, "normalisation"),
        ({"fusion": "max"}, "fusion"),
        ({"rrf_k": 0}, "rrf_k"),
        ({"lexical_analyzer": "char"}, "lexical_analyzer"),
        ({"ngram_min": 0}, "ngram_min"),
        ({"ngram_min": 6}, "ngram_min"),  # above the default ngram_max of 5
        ({"centering": "country"}, "centering"),
        ({"centering_min_items": 0}, "centering_min_items"),
        ({"crosslingual_model_share": 1.5}, "crosslingual_model_share"),
        ({"samelingual_model_share": -0.1}, "samelingual_model_share"),
        pytest.param(
            {"ngram_max": 0},
            "ngram_max",
        ),
        pytest.param(
            {"lexical_weight": "0.5"},
            "lexical_weight",
        ),
    ],
)
def test_rank_config_rejects_bad_values_naming_the_field(kwargs: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        RankConfig(**kwargs)
    ((_, value),) = kwargs.items()
    assert info.value.field == field
    assert field in str(info.value)
    assert repr(value) in str(info.value)


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"lexical_weight": 0.0},
        {"lexical_weight": 1.0},
        {"ngram_min": 1, "ngram_max": 1},
        {"rrf_k": 1},
        {"crosslingual_model_share": 1.0, "samelingual_model_share": 0.0},
    ],
)
def test_rank_config_accepts_edge_values(kwargs: dict[str, Any]) -> None:
    assert RankConfig(**kwargs)


# --- properties ---------------------------------------------------------------------------------

VOCAB = ["meubilair", "stoel", "beton", "textiel", "circulair", "hergebruik", "de", "van", "tafel", "kast"]
TEXT = st.lists(st.sampled_from(VOCAB), min_size=1, max_size=8).map(" ".join)


@st.composite
def corpora(draw: st.DrawFn) -> list[Item]:
    n = draw(st.integers(min_value=1, max_value=6))
    out = []
    for i in range(n):
        texts = draw(st.lists(TEXT, min_size=1, max_size=3))
        labels = ["expertise"] + [f"document: d{j}" for j in range(1, len(texts))]
        org = draw(st.sampled_from(["Org A", "Org B", "org a"]))
        out.append(Item(f"id{i:02d}", f"name {i}", org, "supplier", tuple(zip(labels, texts, strict=True))))
    return out


CONFIGS = st.builds(
    RankConfig,
    normalisation=st.just("none"),  # the bound below is for raw cosines (z-scores are unbounded)
    lexical_weight=st.floats(0.0, 1.0),
    aggregation=st.sampled_from(["max", "mean", "top3"]),
    sentence_weight=st.sampled_from([0.0, 0.3, 1.0]),
)


@settings(max_examples=25)
@given(corpora(), CONFIGS, TEXT, st.booleans())
def test_weighted_scores_without_z_stay_within_minus_1_and_1(
    items: list[Item], config: RankConfig, question: str, ensemble: bool
) -> None:
    embedders = [FakeEmbedder(), FakeEmbedder(dim=16)] if ensemble else [FakeEmbedder()]
    engine = MatchEngine([CachedEmbedder(e) for e in embedders], config=config)
    engine.index.upsert(items)
    found = engine.search(question, top_k=10)
    assert len(found) == len(items)
    for m in found:
        assert -1.0 - 1e-6 <= m.score <= 1.0 + 1e-6
        assert -1.0 - 1e-6 <= m.explanation.dense <= 1.0 + 1e-6


@settings(max_examples=20)
@given(
    corpora(),
    st.sampled_from(
        [RankConfig(), RankConfig(normalisation="z"), RankConfig(fusion="rrf", aggregation="max")]
    ),
    st.randoms(use_true_random=False),
    st.lists(TEXT, min_size=1, max_size=3),
)
def test_results_do_not_depend_on_insertion_order(
    items: list[Item], config: RankConfig, rnd, questions: list[str]
) -> None:
    shuffled = list(items)
    rnd.shuffle(shuffled)
    batch = make_engine(items, config=config)
    one_by_one = make_engine(config=config)
    for item in shuffled:
        one_by_one.index.upsert([item])

    def snapshot(engine: MatchEngine) -> list[list[tuple[str, float, str, str]]]:
        return [
            [(m.item.id, m.score, m.explanation.best_source, m.explanation.best_passage) for m in found]
            for found in engine.search_many(questions, top_k=10)
        ]

    assert snapshot(one_by_one) == snapshot(batch)
