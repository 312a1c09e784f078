"""Batched /match: the same answers as one call per question, under concurrency too."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from api.app.network import Network
from api.http.admission import MatchBatcher
from matcher.embedding import FakeEmbedder
from matcher.embedding.base import FloatMatrix
from models import MatchRequest, ProfileCreate, ProjectCreate
from store import open_store
from tests.conftest import PROFILES, PROJECTS

REQUESTS = [
    MatchRequest(text="bureaustoelen en meubilair", top_k=3),
    MatchRequest(text="bureaustoelen en meubilair", top_k=10, per_organisation=1),
    MatchRequest(text="beton uit sloop", kind="projects", top_k=2),
    MatchRequest(text="textiel", role="facilitator", buyer="Kringloop Coöperatie"),
    MatchRequest(text="circular construction", language="en", tags=["bouw"]),
]


class CountingEmbedder(FakeEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.calls = 0
        self.gate = threading.Event()

    def encode_queries(self, texts: Sequence[str]) -> FloatMatrix:
        self.calls += 1
        self.gate.wait(5)
        return super().encode_queries(texts)


@pytest.fixture
def loaded(network: Network) -> Network:
    network.add_profiles([ProfileCreate.model_validate(p) for p in PROFILES])
    network.add_projects([ProjectCreate.model_validate(p) for p in PROJECTS])
    return network


def test_match_many_equals_match(loaded: Network) -> None:
    hidden = frozenset({"amersfoort-meubilair"})
    pairs = [(r, hidden if r.kind == "projects" else frozenset()) for r in REQUESTS]
    assert loaded.match_many(pairs) == [loaded.match(r, hidden=h) for r, h in pairs]


def test_concurrent_questions_share_model_calls(clean_env: None) -> None:
    embedder = CountingEmbedder()
    network = Network(open_store("sqlite:///:memory:"), [embedder])
    network.add_profiles([ProfileCreate.model_validate(p) for p in PROFILES])
    expected = {}
    embedder.gate.set()
    for r in REQUESTS:
        expected[r.text + str(r.top_k)] = network.match(r)
    embedder.gate.clear()
    embedder.calls = 0
    batcher = MatchBatcher(network)
    asked = [r for r in REQUESTS * 4 if r.kind == "profiles"]

    def ask(r: MatchRequest) -> Any:
        return batcher.match(r)

    with ThreadPoolExecutor(max_workers=len(asked)) as pool:
        futures = [pool.submit(ask, r) for r in asked]
        while batcher.questions == 0 and len(batcher._pending) < len(asked) - 1:
            threading.Event().wait(0.01)  # the first question holds the model; the rest queue up
        embedder.gate.set()
        answers = [f.result(timeout=30) for f in futures]
    assert answers == [expected[r.text + str(r.top_k)] for r in asked]
    assert batcher.questions == len(asked)
    assert batcher.batches == 2  # the first question alone, then all that queued behind it
    assert embedder.calls < len(asked)


def test_a_model_error_reaches_every_question_of_the_batch(loaded: Network) -> None:
    batcher = MatchBatcher(loaded)

    def broken(_: Sequence[tuple[MatchRequest, frozenset[str]]]) -> list[Any]:
        raise RuntimeError("model down")

    loaded.match_many = broken  # type: ignore[method-assign]
    with pytest.raises(RuntimeError, match="model down"):
        batcher.match(REQUESTS[0])
    assert batcher.batches == 1
    del loaded.match_many
    assert batcher.match(REQUESTS[0]) == loaded.match(REQUESTS[0])  # the batcher is not stuck
