"""Limits: the bounded embedding queue (503 + Retry-After), list lengths, offsets, bad thresholds."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app.errors import OverloadedError
from api.app.network import Network
from api.http.admission import WorkQueue
from api.http.main import create_app
from matcher.embedding import FakeEmbedder
from matcher.embedding.base import FloatMatrix
from store import open_store
from tests.conftest import make_settings


def test_the_queue_has_a_fixed_capacity() -> None:
    queue = WorkQueue(2, retry_after=3)
    queue.acquire()
    queue.acquire()
    with pytest.raises(OverloadedError, match="2 embedding requests") as caught:
        queue.acquire()
    assert caught.value.retry_after == 3 and queue.rejected == 1
    queue.release()
    queue.acquire()
    assert queue.peak == 2 and queue.running == 2


def test_a_full_queue_answers_503_with_retry_after(client_factory: Any) -> None:
    client: TestClient = client_factory(embed_queue=1, retry_after=7)
    queue: WorkQueue = client.app.state.work_queue  # type: ignore[attr-defined]
    queue.acquire()  # someone else's request is embedding
    try:
        response = client.post("/match", json={"text": "bureaustoelen"})
        assert response.status_code == 503
        assert response.headers["retry-after"] == "7"
        assert "busy" in response.json()["message"]
        assert (
            client.post("/profiles", json={"name": "x", "role": "supplier", "expertise": "y"}).status_code
            == 503
        )
        assert client.get("/profiles").status_code == 200  # reads that embed nothing are not queued
        assert client.get("/health").status_code == 200
    finally:
        queue.release()
    assert client.post("/match", json={"text": "bureaustoelen"}).status_code == 200
    assert client.get("/health/store").json()["queue_rejected"] == 2


class SlowEmbedder(FakeEmbedder):
    """The fake model, taking 50 ms per call (so requests overlap)."""

    def encode_queries(self, texts: Sequence[str]) -> FloatMatrix:
        time.sleep(0.05)
        return super().encode_queries(texts)


def test_a_flood_gets_503s_not_unbounded_waiting(clean_env: None) -> None:
    store = open_store("sqlite:///:memory:")
    network = Network(store, [SlowEmbedder()])
    app = create_app(make_settings(embed_queue=3, batch_match=False), network=network)
    statuses: list[int] = []
    lock = threading.Lock()
    with TestClient(app, raise_server_exceptions=False) as client:

        def ask(n: int) -> None:
            status = client.post("/match", json={"text": f"vraag {n}"}).status_code
            with lock:
                statuses.append(status)

        with ThreadPoolExecutor(max_workers=16) as pool:
            list(pool.map(ask, range(48)))
        queue: WorkQueue = app.state.work_queue
        assert queue.peak <= 3 and queue.running == 0
    assert set(statuses) <= {200, 503} and statuses.count(503) > 0 and statuses.count(200) > 0
    store.close()


@pytest.mark.parametrize("path", ["/profiles", "/projects"])
def test_offsets_are_bounded(client: TestClient, path: str) -> None:
    assert client.get(f"{path}?offset=1997545791194529127286702080").status_code == 422
    assert client.get(f"{path}?offset=1000000000").status_code == 200


@pytest.mark.parametrize("path", ["/profiles/bulk", "/projects/bulk"])
def test_bulk_lists_are_bounded(client: TestClient, path: str) -> None:
    one = (
        {"name": "x", "role": "supplier", "expertise": "y"}
        if "profiles" in path
        else {"buyer": "b", "text": "t"}
    )
    response = client.post(path, json=[one] * 10_001)
    assert response.status_code == 422
    assert "10000" in response.json()["message"]


def test_a_pool_threshold_above_every_similarity_finds_no_pools(loaded_client: TestClient) -> None:
    """Found by the fuzzer: threshold=9 used to be a 500 (a negative distance for sklearn)."""
    response = loaded_client.get("/pools?min_size=2&threshold=9")
    assert response.status_code == 200 and response.json() == {"data": [], "count": 0}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": "x", "top_k": 101}, "top_k"),
        ({"text": "x" * 20_001}, "text"),
        ({"text": "x", "tags": ["t"] * 51}, "tags"),
    ],
)
def test_match_limits(client: TestClient, body: dict[str, Any], field: str) -> None:
    response = client.post("/match", json=body)
    assert response.status_code == 422 and field in response.json()["message"]


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/groups", {"participants": ["p"] * 5_001}),
        ("/groups", {"met_before": [["a", "b"]] * 10_001}),
        ("/assignments", {"projects": ["p"] * 5_001}),
        ("/assignments", {"pinned": [["a", "b"]] * 10_001}),
        ("/assignments", {"per_project": 11}),
    ],
)
def test_workshop_limits(client: TestClient, path: str, body: dict[str, Any]) -> None:
    assert client.post(path, json=body).status_code == 422
