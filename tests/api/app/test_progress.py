"""Long work shows its progress: the log reporter, the chunking embedder, and the start-up logs."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest

from api.app.demo import demo_data, load_demo
from api.app.network import Network
from api.app.progress import LogProgress, ProgressEmbedder, describe_rate, progress_of
from api.app.startup import build_network
from matcher.embedding import FakeEmbedder
from store import open_store
from tests.conftest import make_settings


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Recorder:
    """A ProgressSink that remembers every call."""

    def __init__(self) -> None:
        self.label = "the network"
        self.calls: list[tuple[str, object]] = []

    def start(self, description: str, total: int) -> None:
        self.calls.append(("start", total))

    def advance(self, n: int) -> None:
        self.calls.append(("advance", n))

    def finish(self) -> None:
        self.calls.append(("finish", None))


@pytest.mark.parametrize(
    ("done", "total", "elapsed", "expected"),
    [
        (120, 594, 8.5, "120/594, 14/s, ~34 s left"),
        (3, 10, 10.0, "3/10, 0.3/s, ~23 s left"),
        (0, 10, 0.0, "0/10, 0.0/s"),
        (594, 594, 42.0, "594/594, 14/s, done in 42.0 s"),
    ],
)
def test_describe_rate_gives_count_rate_and_time_left(
    done: int, total: int, elapsed: float, expected: str
) -> None:
    assert describe_rate(done, total, elapsed) == expected


def test_log_progress_logs_start_every_interval_and_end(caplog: pytest.LogCaptureFixture) -> None:
    clock = Clock()
    sink = LogProgress(logging.getLogger("test.progress"), interval=5.0, clock=clock)
    sink.label = "the demo network"
    caplog.set_level(logging.INFO, logger="test.progress")
    sink.start("embedding 594 texts", 594)
    for _ in range(9):  # 64 texts a second
        clock.now += 1.0
        sink.advance(64)
    clock.now += 0.5
    sink.advance(18)
    sink.finish()
    assert [r.getMessage() for r in caplog.records] == [
        "embedding 594 texts for the demo network: 0/594",
        "embedding 594 texts for the demo network: 320/594, 64/s, ~4 s left",  # 5 s in
        "embedding 594 texts for the demo network: 594/594, 63/s, done in 9.5 s",
    ]


def test_progress_embedder_reports_chunks_and_returns_the_models_vectors() -> None:
    model, sink = FakeEmbedder(), Recorder()
    wrapped = ProgressEmbedder(model, sink, chunk=4)
    texts = [f"tekst nummer {n} over hout" for n in range(10)]
    vectors = wrapped.encode_passages(texts)
    np.testing.assert_allclose(vectors, FakeEmbedder().encode_passages(texts), atol=1e-6)
    assert sink.calls == [("start", 10), ("advance", 4), ("advance", 4), ("advance", 2), ("finish", None)]
    assert model.calls == 3
    assert (wrapped.model_id, wrapped.dim, wrapped.query_model_id) == (model.model_id, 64, model.model_id)


def test_progress_embedder_passes_small_batches_and_questions_straight_through() -> None:
    model, sink = FakeEmbedder(), Recorder()
    wrapped = ProgressEmbedder(model, sink, chunk=4)
    wrapped.encode_passages(["een", "twee", "drie", "vier"])
    wrapped.encode_queries([f"vraag {n}" for n in range(10)])
    assert sink.calls == [] and model.calls == 2


def test_a_chunk_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="chunk must be >= 1, got 0"):
        ProgressEmbedder(FakeEmbedder(), Recorder(), chunk=0)


def _embedding_lines(caplog: pytest.LogCaptureFixture, label: str) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "kringmatch.startup"
        and r.getMessage().startswith("embedding")
        and label in r.getMessage()
    ]


def test_start_up_logs_embedding_progress_of_the_demo_network(
    caplog: pytest.LogCaptureFixture, clean_env: None
) -> None:
    caplog.set_level(logging.INFO, logger="kringmatch.startup")
    network = build_network(make_settings())
    assert load_demo(network)
    lines = _embedding_lines(caplog, "for the demo network")
    assert lines, caplog.text
    totals = [int(line.split()[1]) for line in lines if line.endswith(": 0/" + line.split()[1])]
    assert totals  # each large batch announces its size first ...
    finished = [line for line in lines if "done in" in line]
    assert len(finished) == len(totals)  # ... and ends with its count, its rate and the time taken
    for total, line in zip(totals, finished, strict=True):
        assert f": {total}/{total}, " in line and "/s, done in " in line
    texts = sum(len(p["expertise"]) > 0 for p in demo_data()["profiles"])
    assert max(totals) >= texts  # the profiles' texts at least, in one announced batch


def test_start_up_logs_embedding_the_stored_records_for_a_new_model(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, clean_env: None
) -> None:
    url = f"sqlite:///{tmp_path / 'k.db'}"
    first = Network(open_store(url), [FakeEmbedder(dim=32)])  # another model's vectors only
    load_demo(first)
    first.store.close()
    caplog.set_level(logging.INFO, logger="kringmatch.startup")
    network = build_network(make_settings(database_url=url))  # a new model: every text again
    lines = _embedding_lines(caplog, "for the stored records")
    assert lines and any("done in" in line for line in lines)
    network.store.close()
    caplog.clear()
    network = build_network(make_settings(database_url=url))  # every vector cached: nothing to report
    assert _embedding_lines(caplog, "for the stored records") == []
    network.store.close()


def test_progress_of_finds_the_sink_of_a_network(clean_env: None) -> None:
    sink = Recorder()
    network = build_network(make_settings(), progress=sink)
    assert progress_of(network.channels) is sink
    load_demo(network)
    assert ("finish", None) in sink.calls and sink.label == "the network"  # the label is restored
