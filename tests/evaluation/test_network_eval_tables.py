"""``kringmatch eval networks --table-seeds N``: the workshop seated with seeds 0..N-1 (fake embedder:
plumbing only; the real models' figures are in tests/quality)."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.cli import main
from evaluation.network_eval import _tables, load_into, markdown_row
from evaluation.networks import SPLITS, load_network, table_ari
from matcher import RankConfig
from matcher.embedding import FakeEmbedder
from models import GroupRequest


def test_tables_report_seed_zero_beside_the_mean_over_seeds(tmp_path: Path) -> None:
    data = load_network(SPLITS["dev"][-1])
    network = load_into(data, tmp_path / "net.db", [FakeEmbedder()], RankConfig())
    report = _tables(network, data, seeds=3)
    assert report is not None
    ids = sorted(data.themes)
    per_seed = []
    for seed in range(3):
        seated = network.seat_participants(GroupRequest(participants=ids, size_min=5, size_max=8, seed=seed))
        per_seed.append(table_ari([[m.id for m in t.members] for t in seated.tables], data.themes))
    assert report["seeds"] == 3 and report["ari"] == per_seed[0]
    assert report["ari_mean"] == pytest.approx(sum(per_seed) / 3)
    assert report["ari_sd"] >= 0
    one = _tables(network, data)
    assert one is not None and one["seeds"] == 1 and one["ari"] == per_seed[0] and one["ari_sd"] == 0
    network.store.close()


def test_the_markdown_row_shows_the_mean_only_over_several_seeds() -> None:
    report = {
        "network": "n",
        "match": {},
        "hubness": {"hub_share": 0.25},
        "suggestions": None,
        "assignment": None,
        "tables": {"n": 40, "tables": 6, "ari": 0.4, "seeds": 5, "ari_mean": 0.35, "ari_sd": 0.02},
    }
    assert "| 0.400 (mean 0.350) |" in markdown_row(report, "dev")
    report["tables"] = {**report["tables"], "seeds": 1}
    assert "| 0.400 |" in markdown_row(report, "dev")


def test_table_seeds_must_be_at_least_one(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["eval", "networks", "--table-seeds", "0"])
    assert "--table-seeds: must be a whole number of at least 1, got '0'" in capsys.readouterr().err
