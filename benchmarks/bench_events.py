"""Learning-network days (issue 15) at event scale, against greedy baselines from the same run.

    python benchmarks/bench_events.py [--seed 0] [--threads 1] [--tables 20] [--availability 0.85]

1. Rounds of tables: 300 attendees (120 organisations, 40% buyers, 20% facilitators, 40%
   suppliers, 600 pairs who met at earlier events, clustered 32-d affinity), 4 rounds of tables
   of 6, mode ``similar``, every table with a buyer and a facilitator-or-supplier. Baseline:
   round by round, each person (random order) to the open table with the fewest people met
   before or already met today, then colleagues. Targets: 0 repeated pairs, <= 20 s.
2. 1:1 meetings: 150 buyers x 100 suppliers, 12 slots x 20 tables, each buyer 3 must-meets and
   5 would-likes among the suppliers, each supplier 2 must-meets (half of them answering a
   buyer's) and 3 would-likes among the buyers plus 2 no-thanks, 85% availability, at most 4
   meetings per buyer and 8 per supplier. Baseline: the pairs best first (mutual must, must,
   would like, affinity), each in the first slot where both are free. Targets: <= 60 s, gap <= 1%.

Prints one JSON line per scenario and one readable line; never asserts (times depend on load).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

ARGS = argparse.ArgumentParser(description=__doc__.splitlines()[0])
ARGS.add_argument("--seed", type=int, default=0)
ARGS.add_argument("--threads", type=int, default=1)
ARGS.add_argument("--tables", type=int, default=20, help="tables per meeting slot")
ARGS.add_argument("--availability", type=float, default=0.85, help="chance to be free in a slot")
OPTIONS = ARGS.parse_args()
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(OPTIONS.threads)

import numpy as np  # noqa: E402  (after the thread limits)

from matcher.meetings import MUST, MUTUAL, WOULD, schedule_meetings  # noqa: E402
from matcher.rounds import seat_rounds  # noqa: E402


def clustered_affinity(rng: np.random.Generator, n: int, themes: int) -> np.ndarray:
    centres = rng.normal(size=(themes, 32))
    x = centres[rng.integers(themes, size=n)] + 0.8 * rng.normal(size=(n, 32))
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    aff: np.ndarray = x @ x.T
    return aff


def greedy_rounds(rng, n, rounds, size, org, met) -> np.ndarray:
    tables, k = np.empty((rounds, n), dtype=int), n // size
    seen = met.astype(int)
    for r in range(rounds):
        members: list[list[int]] = [[] for _ in range(k)]
        for i in rng.permutation(n):
            keys = [
                (int(seen[i, m].sum()), int((org[m] == org[i]).sum()), t)
                for t, m in enumerate(members)
                if len(m) < size
            ]
            members[min(keys)[2]].append(int(i))
        for t, m in enumerate(members):
            tables[r, m] = t
            seen[np.ix_(m, m)] += 1
    return tables


def rounds_stats(tables, aff, org, met, need) -> dict[str, float]:
    n = tables.shape[1]
    upper = np.triu(np.ones((n, n), dtype=bool), 1)
    together, met_pairs, colleagues, missing, total, pairs = np.zeros((n, n), int), 0, 0, 0, 0.0, 0
    for row in tables:
        same = (row[:, None] == row[None, :]) & upper
        together += same
        met_pairs += int((same & met).sum())
        colleagues += int((same & (org[:, None] == org[None, :])).sum())
        held = np.eye(row.max() + 1, dtype=int)[row].T @ need.astype(int)
        missing += int((held == 0).sum())
        total, pairs = total + float(aff[same].sum()), pairs + int(same.sum())
    return {
        "repeated_pairs": int((together > 1).sum()),
        "met_before_pairs": met_pairs,
        "colleague_pairs": colleagues,
        "missing_roles": missing,
        "affinity": round(total / pairs, 4),
    }


def bench_rounds(rng: np.random.Generator) -> None:
    n, rounds, size = 300, 4, 6
    aff = clustered_affinity(rng, n, 20)
    org = rng.integers(120, size=n)
    roles = rng.choice(["buyer", "facilitator", "supplier"], size=n, p=[0.4, 0.2, 0.4])
    met = np.zeros((n, n), dtype=bool)
    for i, j in rng.integers(n, size=(600, 2)):
        met[i, j] = met[j, i] = i != j
    need = np.stack([roles == "buyer", roles != "buyer"], axis=1)
    start = time.perf_counter()
    base = greedy_rounds(rng, n, rounds, size, org, met)
    base_seconds = time.perf_counter() - start
    start = time.perf_counter()
    res = seat_rounds(
        aff,
        rounds=rounds,
        size_min=size,
        size_max=size,
        organisations=org,
        roles=roles,
        require_roles=["buyer", {"facilitator", "supplier"}],
        met_before=met,
        seed=OPTIONS.seed,
        time_limit=20.0,
    )
    seconds = time.perf_counter() - start
    ours, greedy = rounds_stats(res.tables, aff, org, met, need), rounds_stats(base, aff, org, met, need)
    ok = ours["repeated_pairs"] == 0 and seconds <= 20
    line = {"scenario": "rounds", "n": n, "rounds": rounds, "size": size, "seconds": round(seconds, 2)}
    line |= {
        "time_limit": res.time_limit,
        "iterations": res.iterations,
        "colleague_floor": res.colleague_floor,
    }
    line |= ours | {"greedy": greedy | {"seconds": round(base_seconds, 2)}, "ok": ok}
    print(json.dumps(line))
    print(
        f"rounds   {n} x {rounds} rounds of {size}: {seconds:.2f} s  repeated={ours['repeated_pairs']}"
        f" (greedy {greedy['repeated_pairs']})  met-before={ours['met_before_pairs']}"
        f" (greedy {greedy['met_before_pairs']})  colleagues={ours['colleague_pairs']}"
        f" (greedy {greedy['colleague_pairs']}, floor {res.colleague_floor})"
        f"  missing roles={ours['missing_roles']} (greedy {greedy['missing_roles']})"
        f"  affinity={ours['affinity']:.4f} (greedy {greedy['affinity']:.4f})"
        f"  [{'ok' if ok else 'MISSED'}: target 0 repeats, <= 20 s]"
    )


def preferences(rng, nb, ns):
    must, would, no = [], [], []
    for b in range(nb):
        picks = nb + rng.choice(ns, 8, replace=False)
        must += [(b, int(s)) for s in picks[:3]]
        would += [(b, int(s)) for s in picks[3:]]
    for s in range(nb, nb + ns):
        askers = [b for b, t in must if t == s]
        answer = [int(rng.choice(askers))] if askers else []
        rest = [int(b) for b in rng.permutation(nb) if b not in answer]
        must += [(s, b) for b in answer + rest[: 2 - len(answer)]]
        would += [(s, b) for b in rest[2:5]]
        no += [(s, b) for b in rest[5:7]]
    return must, would, no


def greedy_meetings(aff, slots, tables, caps, avail, must, would, no, eligible):
    n = aff.shape[0]
    m, w = np.zeros((n, n), bool), np.zeros((n, n), bool)
    for a, b in must:
        m[a, b] = True
    for a, b in would:
        w[a, b] = True
    ok = eligible.copy()
    for a, b in no:
        ok[a, b] = ok[b, a] = False
    pa, pb = np.nonzero(np.triu(ok, 1))
    key = MUTUAL * (m[pa, pb] & m[pb, pa]) + MUST * (m[pa, pb] ^ m[pb, pa]) + WOULD * (w[pa, pb] | w[pb, pa])
    busy, used, count, chosen = np.zeros((n, slots), bool), np.zeros(slots, int), np.zeros(n, int), []
    for p in np.lexsort((-aff[pa, pb], -key)):
        a, b = pa[p], pb[p]
        if count[a] >= caps[a] or count[b] >= caps[b]:
            continue
        free = np.flatnonzero(avail[a] & avail[b] & ~busy[a] & ~busy[b] & (used < tables))
        if free.size:
            busy[a, free[0]] = busy[b, free[0]] = True
            used[free[0]] += 1
            count[[a, b]] += 1
            chosen.append((int(a), int(b)))
    return chosen, m


def bench_meetings(rng: np.random.Generator) -> None:
    nb, ns, slots, tables = 150, 100, 12, OPTIONS.tables
    n = nb + ns
    aff = clustered_affinity(rng, n, 15)
    buyer = np.arange(n) < nb
    eligible = (buyer[:, None] != buyer[None, :]) & ~np.eye(n, dtype=bool)
    must, would, no = preferences(rng, nb, ns)
    avail = rng.random((n, slots)) < OPTIONS.availability
    caps = np.where(buyer, 4, 8)
    start = time.perf_counter()
    base, m = greedy_meetings(aff, slots, tables, caps, avail, must, would, no, eligible)
    base_seconds = time.perf_counter() - start
    start = time.perf_counter()
    res = schedule_meetings(
        aff,
        slots=slots,
        tables=tables,
        max_per_person=caps,
        availability=avail,
        must_meet=must,
        would_like=would,
        no_thanks=no,
        eligible=eligible,
        time_limit=60.0,
    )
    seconds = time.perf_counter() - start
    got = {(x.a, x.b) for x in res.meetings}
    base_set = set(base)
    mutual_base = int(sum(m[a, b] and m[b, a] for a, b in base_set))
    must_base = int(sum(m[a, b] or m[b, a] for a, b in base_set))
    floor_base = int(sum(1 for b in range(nb) if not any(b in p for p in base_set)))
    floor_ours = int(sum(1 for b in range(nb) if not any(b in p for p in got)))
    ok = seconds <= 60 and res.gap <= 0.01
    line = {"scenario": "meetings", "buyers": nb, "suppliers": ns, "slots": slots, "tables": tables}
    line |= {
        "seconds": round(seconds, 2),
        "time_limit": res.time_limit,
        "gap": res.gap,
        "pair_gap": res.pair_gap,
    }
    line |= {"slot_gap": res.slot_gap, "objective": round(res.objective, 3), "bound": round(res.bound, 3)}
    line |= {"meetings": len(got), "must_meet_met": res.must_meet_met, "must_meet_total": res.must_meet_total}
    line |= {
        "mutual_met": res.mutual_met,
        "mutual_total": res.mutual_total,
        "below_floor": len(res.below_floor),
    }
    line |= {"candidates": res.candidates, "model": res.model, "availability": OPTIONS.availability}
    line |= {
        "greedy": {"seconds": round(base_seconds, 2), "meetings": len(base_set), "must_meet_met": must_base}
    }
    line["greedy"] |= {"mutual_met": mutual_base, "buyers_without_meeting": floor_base}
    line["ok"] = ok
    print(json.dumps(line))
    print(
        f"meetings {nb} x {ns} x {slots} slots x {tables} tables: {seconds:.2f} s  gap={res.gap:.2e}"
        f"  meetings={len(got)} (greedy {len(base_set)})  mutual must={res.mutual_met}/{res.mutual_total}"
        f" (greedy {mutual_base})  must={res.must_meet_met}/{res.must_meet_total} (greedy {must_base},"
        f" ratio {res.must_meet_met / max(must_base, 1):.2f})  buyers without a meeting={floor_ours}"
        f" (greedy {floor_base})  requesters below floor={len(res.below_floor)}  candidates={res.candidates}"
        f"  model={res.model}"
        f"  [{'ok' if ok else 'MISSED'}: target <= 60 s, gap <= 1%]"
    )


def main() -> None:
    load = os.getloadavg()[0]
    print(f"python {sys.version.split()[0]}, threads {OPTIONS.threads}, load average {load:.1f}")
    bench_rounds(np.random.default_rng(OPTIONS.seed))
    bench_meetings(np.random.default_rng(OPTIONS.seed + 1))


if __name__ == "__main__":
    main()
