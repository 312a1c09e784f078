"""CPV concepts with the real models and the shipped prototypes: one concept whatever the language."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from matcher import Item, MatchEngine, RankConfig
from matcher.embedding import CachedEmbedder, create_embedders

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def engine() -> Iterator[MatchEngine]:
    channels = [CachedEmbedder(e) for e in create_embedders("e5-small+use-multilingual")]
    yield MatchEngine(channels, config=RankConfig(concept_weight=0.05))


@pytest.mark.parametrize(
    ("texts", "code"),
    [
        (["kantoormeubilair", "mobilier de bureau", "office furniture"], "39100000"),
        (["openbare verlichting langs fietspaden", "éclairage public des pistes cyclables"], "31500000"),
    ],
)
def test_a_thing_is_the_same_concept_in_every_language(
    engine: MatchEngine, texts: list[str], code: str
) -> None:
    batch = engine.encode(texts)
    channel = engine.index.concept_channel()
    assert channel is not None and batch.concepts is not None
    tops = [channel.codes_[int(n)] for n in batch.concepts.argmax(axis=1)]
    assert len(set(tops)) == 1, dict(zip(texts, tops, strict=True))
    assert tops[0] == code, tops


def test_a_dutch_question_and_a_french_profile_are_explained_by_their_shared_concept(
    engine: MatchEngine,
) -> None:
    engine.index.upsert(
        [
            Item(
                id="mobilier",
                name="Mobilier Réemploi",
                organisation="Mobilier Réemploi",
                role="supplier",
                language="fr",
                texts=(
                    ("expertise", "Nous reconditionnons du mobilier de bureau : chaises, bureaux, armoires."),
                ),
            ),
            Item(
                id="licht",
                name="Licht BV",
                organisation="Licht BV",
                role="supplier",
                language="nl",
                texts=(("expertise", "Wij plaatsen en onderhouden openbare verlichting voor gemeenten."),),
            ),
        ]
    )
    found = engine.search("tweedehands kantoormeubilair", top_k=2)
    assert found[0].item.id == "mobilier"
    assert found[0].explanation.concept is not None
    assert found[0].explanation.concept.startswith("both: CPV 39100000"), found[0].explanation.concept
