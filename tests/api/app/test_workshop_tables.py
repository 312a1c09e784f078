"""Workshop tables read the participants' shared words beside their embeddings
(``RankConfig.table_lexical_weight``); plumbing with the fake embedder, whose vectors only see
whole words, so word variants ("zonnepaneel", "zonnepanelen") are news to it alone."""

from __future__ import annotations

from api.app.network import Network
from matcher import RankConfig
from matcher.embedding.fake import FakeEmbedder
from models import GroupRequest, InlineParticipant
from store import open_store

STEMS = {"solar": "zonnepane", "furniture": "kantoormeubil"}
ENDINGS = ["el", "len", "elpark", "elveld", "eldak", "elhuis"]


def participants() -> list[InlineParticipant]:
    people = []
    for theme, stem in STEMS.items():
        for n, ending in enumerate(ENDINGS):
            word = stem + ending if theme == "solar" else stem + ending.replace("el", "iair", 1)
            filler = " ".join(f"x{theme[:2]}{n}{k}" for k in range(3))  # words no one else uses
            people.append(
                InlineParticipant(
                    id=f"{theme}-{n}",
                    name=f"{theme} {n}",
                    organisation=f"org {theme} {n}",
                    role="supplier",
                    text=f"{word} {filler}",
                    language="nl",
                )
            )
    return people


def tables_by_theme(weight: float) -> list[set[str]]:
    store = open_store("sqlite:///:memory:")
    network = Network(store, [FakeEmbedder()], config=RankConfig(table_lexical_weight=weight))
    try:
        result = network.seat_participants(GroupRequest(participants=participants(), size_min=6, size_max=6))
    finally:
        store.close()
    return [{m.id.split("-")[0] for m in table.members} for table in result.tables]


def test_tables_seat_word_variants_together_by_their_shared_n_grams() -> None:
    assert sorted(map(sorted, tables_by_theme(0.9))) == [["furniture"], ["solar"]]


def test_without_the_lexical_share_tables_see_only_the_embeddings() -> None:
    assert any(len(themes) > 1 for themes in tables_by_theme(0.0))
