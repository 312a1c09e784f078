"""Gold-standard loader and metric: hand examples, invariants, and the real data's id mapping."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evaluation.baselines import aggregate_similarities, tfidf_score_fn
from evaluation.goldstandard import (
    PUBLISHED,
    GoldDataset,
    GoldReport,
    GoldScore,
    Paper,
    evaluate_goldstandard,
    format_report,
    goldstandard_scores,
    load_goldstandard,
    load_ratings,
    per_researcher_losses,
    read_predictions,
    write_predictions,
)

DATASETS = Path(
    os.environ.get("KRINGMATCH_DATASETS", Path(__file__).resolve().parents[3] / "shared" / "datasets")
)
DATA = DATASETS / "reviewer-goldstandard"
needs_data = pytest.mark.skipif(not (DATA / "evaluations.csv").is_file(), reason=f"no {DATA}")

# Two researchers, worked by hand (see test_toy_example_by_hand).
TOY_RATINGS = {
    "r1": {"a": 5.0, "b": 3.0, "c": 1.0},
    "r2": {"x": 5.0, "y": 4.0, "z": 4.5},
}
TOY_PREDS = {
    "r1": {"a": 0.9, "b": 0.1, "c": 0.1},
    "r2": {"x": 1.0, "y": 2.0, "z": 2.0},
}


def test_toy_example_by_hand() -> None:
    # r1: (a,b) d=2 right -> 0; (a,c) d=4 right -> 0; (b,c) d=2 tie -> 1.   cost 1 of max 8
    # r2: (x,y) d=1 wrong -> 1; (x,z) d=.5 wrong -> .5; (y,z) d=.5 tie -> .25.  cost 1.75 of max 2
    # pooled: 2.75 / 10. Easy pairs: only (a,c) (5 vs 1), right.
    # Hard: the three pairs of r2, none strictly right (a tie is not right).
    score = goldstandard_scores(TOY_PREDS, TOY_RATINGS)
    assert score.loss == pytest.approx(0.275)
    assert score.easy == 1.0
    assert score.hard == 0.0
    per_researcher = per_researcher_losses(TOY_PREDS, TOY_RATINGS)
    assert per_researcher == pytest.approx({"r1": 0.125, "r2": 0.875})


def test_pairs_neither_easy_nor_hard_give_nan() -> None:
    score = goldstandard_scores({"r": {"a": 1.0, "b": 0.0}}, {"r": {"a": 3.0, "b": 2.0}})
    assert score.loss == 0.0
    assert math.isnan(score.easy) and math.isnan(score.hard)
    assert math.isnan(goldstandard_scores({"r": {"a": 1.0}}, {"r": {"a": 3.0}}).loss)


def test_extra_predictions_are_ignored() -> None:
    preds = {**TOY_PREDS, "r1": {**TOY_PREDS["r1"], "zz": 99.0}, "other": {"a": 1.0}}
    assert goldstandard_scores(preds, TOY_RATINGS) == goldstandard_scores(TOY_PREDS, TOY_RATINGS)


def test_missing_prediction_policies() -> None:
    partial = {"r1": {"a": 0.9, "b": 0.1}}
    with pytest.raises(ValueError, match=r"'r1', paper 'c'"):
        goldstandard_scores(partial, TOY_RATINGS)
    with pytest.raises(ValueError, match="carry no '~'"):
        goldstandard_scores({"~r1": TOY_PREDS["r1"], "~r2": TOY_PREDS["r2"]}, TOY_RATINGS)
    # zero: c -> 0.0 (below b), r2 all 0.0 -> three ties costing 1/2 + 1/4 + 1/4 = 1 of 2
    zero = goldstandard_scores(partial, TOY_RATINGS, missing="zero")
    assert zero.loss == pytest.approx(1.0 / 10.0)
    only_r1 = {"r1": TOY_PREDS["r1"]}
    skip = goldstandard_scores(only_r1, TOY_RATINGS, missing="skip_researcher")
    assert skip.loss == pytest.approx(1.0 / 8.0)
    with pytest.raises(ValueError, match="paper 'c'"):
        goldstandard_scores(partial, TOY_RATINGS, missing="skip_researcher")
    with pytest.raises(ValueError, match="missing='nope'"):
        goldstandard_scores(TOY_PREDS, TOY_RATINGS, missing="nope")  # type: ignore[arg-type]


def test_non_finite_prediction_is_rejected() -> None:
    bad = {"r1": {"a": math.nan, "b": 0.0, "c": 0.0}, "r2": TOY_PREDS["r2"]}
    with pytest.raises(ValueError, match=r"\['r1'\]\['a'\]=nan"):
        goldstandard_scores(bad, TOY_RATINGS)


grades = st.sampled_from([1.0, 1.5, 2.0, 2.75, 3.0, 4.0, 4.25, 5.0])


@given(
    st.dictionaries(
        st.sampled_from(["p", "q", "r", "s", "t"]),
        st.tuples(grades, st.integers(-3, 3)),
        min_size=2,
    )
)
def test_loss_of_reversed_predictions_is_complement(items: dict[str, tuple[float, int]]) -> None:
    ratings = {"r": {pid: rating for pid, (rating, _) in items.items()}}
    preds = {"r": {pid: float(pred) for pid, (_, pred) in items.items()}}
    flipped = {"r": {pid: -value for pid, value in preds["r"].items()}}
    loss = goldstandard_scores(preds, ratings).loss
    if math.isnan(loss):
        assert len(set(ratings["r"].values())) == 1
        return
    assert 0.0 <= loss <= 1.0
    assert loss + goldstandard_scores(flipped, ratings).loss == pytest.approx(1.0)


def test_paper_text_assembly() -> None:
    assert Paper("1", "Title", "Abstract.").text == "Title. Abstract."
    assert Paper("1", "Why?", "Because.").text == "Why? Because."
    assert Paper("1", "Title", "").text == "Title"
    assert Paper("1", "", "Abstract").text == "Abstract"
    assert Paper("1", "", "").text == ""


def test_prediction_files_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "x_d_20_1_ta.json"
    write_predictions(path, TOY_PREDS)
    assert read_predictions(path) == TOY_PREDS
    with pytest.raises(ValueError, match="'a'"):
        write_predictions(path, {"r1": {"a": math.inf}})
    path.write_text(json.dumps({"r1": {"a": "high"}}), encoding="utf-8")
    with pytest.raises(ValueError, match="'high' is not a number"):
        read_predictions(path)


def test_load_ratings_rejects_bad_rows(tmp_path: Path) -> None:
    header = "\t".join(["ParticipantID", *(f"Paper{i}" for i in range(1, 11))])
    header += "\t" + "\t".join(f"Expertise{i}" for i in range(1, 11))
    row = ["7", "pa", "pb", *[""] * 8, "4.5", "x", *[""] * 8]
    csv_path = tmp_path / "evaluations.csv"
    csv_path.write_text(header + "\n" + "\t".join(row) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="Expertise2='x'"):
        load_ratings(tmp_path)
    row[12] = "2"
    csv_path.write_text(header + "\n" + "\t".join(row) + "\n", encoding="utf-8")
    assert load_ratings(csv_path) == {"7": {"pa": 4.5, "pb": 2.0}}


def test_format_report_lists_published_and_ours() -> None:
    report = GoldReport("mine", {1: GoldScore(0.25, 0.9, 0.6), 2: GoldScore(0.27, 0.8, 0.7)})
    mean = report.mean
    assert (mean.loss, mean.easy, mean.hard) == pytest.approx((0.26, 0.85, 0.65))
    text = format_report(report)
    assert all(name in text for name in PUBLISHED)
    assert "mine (ours, mean of 2)" in text and "0.260" in text and "d_20_2" in text


# --- the real data -------------------------------------------------------------------------------


@needs_data
def test_ratings_file_shape() -> None:
    ratings = load_ratings(DATA)
    assert len(ratings) == 58
    assert sum(len(r) for r in ratings.values()) == 477
    assert len({p for r in ratings.values() for p in r}) == 463
    assert all(1.0 <= v <= 5.0 for r in ratings.values() for v in r.values())


@needs_data
def test_ids_of_all_ten_datasets_line_up_with_evaluations() -> None:
    ratings = load_ratings(DATA)
    rated_papers = {p for r in ratings.values() for p in r}
    for index in range(1, 11):
        ds = load_goldstandard(DATA, index)
        assert set(ds.profiles) == set(ratings), index  # "~ID.jsonl" -> ParticipantID
        assert set(ds.submissions) == rated_papers, index
        for rid, rated in ratings.items():
            assert 2 <= len(ds.profiles[rid]) <= 20
            assert all(pid in ds.submissions for pid in rated)
            # no researcher has one of their own rated papers in their profile
            assert not set(rated) & {p.id for p in ds.profiles[rid]}
        assert all(p.text for ps in ds.profiles.values() for p in ps)
        assert all(p.title and p.abstract for p in ds.submissions.values())
    with pytest.raises(ValueError, match="index=11"):
        load_goldstandard(DATA, 11)


@needs_data
def test_constant_oracle_and_reversed_predictions_on_real_ratings() -> None:
    ratings = load_ratings(DATA)
    constant = {rid: dict.fromkeys(rated, 0.3) for rid, rated in ratings.items()}
    assert goldstandard_scores(constant, ratings) == GoldScore(0.5, 0.0, 0.0)  # ties are not right
    oracle = {rid: dict(rated) for rid, rated in ratings.items()}
    assert goldstandard_scores(oracle, ratings) == GoldScore(0.0, 1.0, 1.0)
    reversed_ = {rid: {p: -v for p, v in rated.items()} for rid, rated in ratings.items()}
    assert goldstandard_scores(reversed_, ratings) == GoldScore(1.0, 0.0, 0.0)


@needs_data
def test_evaluate_goldstandard_writes_official_files(tmp_path: Path) -> None:
    ratings = load_ratings(DATA)

    def oracle(ds: GoldDataset) -> dict[str, dict[str, float]]:
        return {rid: dict(ratings[rid]) for rid in ds.profiles}

    report = evaluate_goldstandard(DATA, oracle, indices=[1, 2], out_dir=tmp_path)
    assert report.mean == GoldScore(0.0, 1.0, 1.0)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "kringmatch_d_20_1_ta.json",
        "kringmatch_d_20_2_ta.json",
    ]
    assert read_predictions(tmp_path / "kringmatch_d_20_1_ta.json") == ratings
    with pytest.raises(ValueError, match="selects no dataset"):
        evaluate_goldstandard(DATA, lambda ds: {}, indices=[])


def test_top3_aggregation_weights() -> None:
    import numpy as np

    sims = np.array([[0.1, 0.0], [0.9, 0.0], [0.5, 0.6], [0.3, 0.0]])  # (4 papers, 2 submissions)
    got = aggregate_similarities(sims, "top3")
    assert got == pytest.approx([(0.9 + 0.5 / 2 + 0.3 / 3) / (11 / 6), 0.6 / (11 / 6)])
    assert aggregate_similarities(sims[:1], "top3") == pytest.approx([0.1, 0.0])
    with pytest.raises(ValueError, match="'median'"):
        aggregate_similarities(sims, "median")  # type: ignore[arg-type]


@needs_data
def test_tfidf_baseline_reproduces_reference_figure() -> None:
    # Previously measured on this machine: mean loss ~0.262 for word TF-IDF with top-3 aggregation.
    report = evaluate_goldstandard(DATA, tfidf_score_fn("top3"), name="tfidf-top3")
    assert abs(report.mean.loss - 0.262) < 0.01
    assert report.mean.easy > 0.8 and report.mean.hard > 0.55
