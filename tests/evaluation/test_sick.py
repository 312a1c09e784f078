"""SICK-NL loader and Spearman helper."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from evaluation.sick import load_sick_nl, spearman_relatedness

DATASETS = Path(
    os.environ.get("KRINGMATCH_DATASETS", Path(__file__).resolve().parents[3] / "shared" / "datasets")
)
SICK = DATASETS / "sick-nl" / "SICK_NL.txt"
needs_data = pytest.mark.skipif(not SICK.is_file(), reason=f"no data at {SICK}")

HEADER = (
    "pair_ID\tsentence_A\tsentence_B\tentailment_label\trelatedness_score\tentailment_AB\tentailment_BA\t"
    "sentence_A_original\tsentence_B_original\tsentence_A_dataset\tsentence_B_dataset\tSemEval_set"
)


def _line(pid: int, a: str, b: str, score: str, split: str) -> str:
    return "\t".join([str(pid), a, b, "NEUTRAL", score, "x", "x", "A", "B", "F", "F", split])


def test_toy_file(tmp_path: Path) -> None:
    path = tmp_path / "sick.txt"
    lines = [
        HEADER,
        _line(1, 'Een "man" loopt', "Een man rent", "4.5", "TRAIN"),
        _line(2, "a", "b", "1", "TEST"),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    pairs = load_sick_nl(path)
    assert [(p.pair_id, p.split) for p in pairs] == [(1, "TRAIN"), (2, "TEST")]
    assert pairs[0].sentence_a == 'Een "man" loopt' and pairs[0].relatedness == 4.5
    assert [p.pair_id for p in load_sick_nl(path, split="test")] == [2]
    with pytest.raises(ValueError, match="split='dev'"):
        load_sick_nl(path, split="dev")
    path.write_text("\n".join([HEADER, _line(3, "a", "b", "7", "TEST")]) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="relatedness_score=7.0"):
        load_sick_nl(path)


@needs_data
def test_real_file() -> None:
    pairs = load_sick_nl(SICK)
    assert len(pairs) == 9840
    assert {s: sum(p.split == s for p in pairs) for s in ("TRAIN", "TRIAL", "TEST")} == {
        "TRAIN": 4439,
        "TRIAL": 495,
        "TEST": 4906,
    }
    first = pairs[0]
    assert first.pair_id == 1 and first.relatedness == 4.5
    assert first.sentence_a.startswith("Een groepje kinderen speelt in een tuin")
    assert all(1.0 <= p.relatedness <= 5.0 and p.sentence_a and p.sentence_b for p in pairs)
    assert len(load_sick_nl(SICK, split="TEST")) == 4906


def test_spearman() -> None:
    gold = [1.0, 2.0, 3.0, 4.0, 5.0]
    assert spearman_relatedness([0.1, 0.2, 0.5, 0.6, 0.9], gold) == pytest.approx(1.0)
    assert spearman_relatedness([5.0, 4.0, 3.0, 2.0, 1.0], gold) == pytest.approx(-1.0)
    # ranks (1, 2, 3, 5, 4) vs (1..5): d^2 sum = 2 -> 1 - 6*2 / (5 * 24) = 0.9
    assert spearman_relatedness([0.1, 0.2, 0.3, 0.9, 0.8], gold) == pytest.approx(0.9)
    with pytest.raises(ValueError, match="len"):
        spearman_relatedness([0.1], gold)
    with pytest.raises(ValueError, match="constant"):
        spearman_relatedness([0.5] * 5, gold)
    with pytest.raises(ValueError, match="non-finite"):
        spearman_relatedness([0.1, float("nan"), 0.3, 0.4, 0.5], gold)
