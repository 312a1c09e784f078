"""Load on 127.0.0.1 only, bounded: concurrent clients mixing /match and writes on a real server.

Zero errors other than deliberate 429/503; the figures are printed (``pytest -s``) and written to
``KRINGMATCH_TEST_LOAD_REPORT`` when set. ``benchmarks/bench_load.py`` runs the same load.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import httpx
import pytest

from benchmarks.bench_load import run_load

CLIENTS = int(os.environ.get("KRINGMATCH_TEST_LOAD_CLIENTS", "8"))
REQUESTS = int(os.environ.get("KRINGMATCH_TEST_LOAD_REQUESTS", "400"))


@pytest.mark.slow
def test_concurrent_match_and_writes(tmp_path: Path, server_factory: Any) -> None:
    server = server_factory(f"sqlite:///{tmp_path / 'load.db'}")
    assert server.url.startswith("http://127.0.0.1:")
    with httpx.Client(base_url=server.url) as http:  # something to match against
        seed = [
            {"name": f"Seed {n}", "role": "supplier", "expertise": f"Wij leveren circulair product {n}."}
            for n in range(20)
        ]
        assert http.post("/profiles/bulk", json=seed).status_code == 201
    report = run_load(server.url, clients=CLIENTS, requests=REQUESTS, writes=0.3, budget=90)
    text = f"load: {CLIENTS} clients, 30% writes, fake embedder\n{report.describe()}"
    print(text)
    if os.environ.get("KRINGMATCH_TEST_LOAD_REPORT"):
        Path(os.environ["KRINGMATCH_TEST_LOAD_REPORT"]).write_text(text + "\n")
    assert report.errors == 0, text
    assert len(report.match_ms) > REQUESTS // 4 and len(report.write_ms) > REQUESTS // 10, text
    with httpx.Client(base_url=server.url) as http:
        stored = http.get("/profiles", params={"limit": 1}).json()["count"]
    assert stored == 20 + len(report.write_ms)  # every acknowledged write is served
