"""The labelled networks: valid as the API takes them, labels that resolve, a frozen dev/test split."""

from __future__ import annotations

import json

import pytest

from evaluation.networks import (
    NETWORK_DIR,
    SPLITS,
    hubness,
    load_network,
    question_rows,
    split_files,
    table_ari,
)
from evaluation.runner import DomainQuestion
from models import ProfileCreate, ProjectCreate

FILES = sorted(p.stem for p in NETWORK_DIR.glob("*.json"))


def test_every_network_file_is_in_exactly_one_split():
    named = [n for n in (*SPLITS["dev"], *SPLITS["test"]) if n not in ("domain", "briefs")]
    assert sorted(named) == FILES
    assert not set(SPLITS["dev"]) & set(SPLITS["test"])
    assert split_files("all") == [*SPLITS["dev"], *SPLITS["test"]]
    with pytest.raises(ValueError, match="got 'train'"):
        split_files("train")


@pytest.mark.parametrize("name", FILES)
def test_a_network_loads_through_the_api_schemas(name: str):
    data = load_network(name)
    for p in data.profiles:
        ProfileCreate.model_validate(p)
    for p in data.projects:
        ProjectCreate.model_validate(p)
    assert "theme" not in data.profiles[0]


@pytest.mark.parametrize("name", FILES)
def test_a_network_meets_the_size_and_mix_it_was_written_to(name: str):
    data = load_network(name)
    questions = data.questions
    assert len(data.profiles) >= 60 and len(questions) >= 40
    assert sum(q.cross_lingual for q in questions) / len(questions) >= 0.40
    assert sum(q.kind == "process" for q in questions) / len(questions) >= 0.25
    assert len(data.project_relevance) >= 20
    assert len(set(data.themes.values())) >= 6


@pytest.mark.parametrize("name", FILES)
def test_every_label_names_a_profile_and_cross_lingual_means_it(name: str):
    data = load_network(name)
    language = data.languages()
    projects = {p["id"] for p in data.projects}
    for q in data.questions:
        assert set(q.relevance) <= set(language), q.id
        ideal = [i for i, g in q.relevance.items() if g == max(q.relevance.values())]
        assert max(q.relevance.values()) == 3, q.id
        if q.cross_lingual:
            assert all(language[i] != q.language for i in ideal), q.id
        else:
            assert any(language[i] == q.language for i in ideal), q.id
    for project, grades in data.project_relevance.items():
        assert project in projects and set(grades) <= set(language), project


def test_the_domain_sets_are_the_demo_network_with_its_questions_and_briefs():
    data = load_network("domain")
    assert len(data.questions) == 45 and len(data.profiles) == 48
    assert data.project_relevance == {} and data.themes == {}
    briefs = load_network("briefs")
    assert len(briefs.questions) == 24 and all(len(q.text.split()) >= 64 for q in briefs.questions)


def test_question_rows_split_by_kind_and_language():
    questions = [
        DomainQuestion("a", "x", "nl", False, "process", {"p1": 3}),
        DomainQuestion("b", "y", "fr", True, "mixed", {"p2": 3, "p1": 1}),
    ]
    rows = question_rows([["p1", "p2"], ["p1", "p2"]], questions)
    assert [r["kind"] for r in rows] == ["process", "product"]
    assert [r["top1"] for r in rows] == [1.0, 0.0]


def test_hubness_counts_top_five_appearances():
    report = hubness([["a", "b"], ["a", "c"], ["a", "d"], ["e", "f"]])
    assert report["hub"] == "a" and report["hub_share"] == 0.75 and report["n5_max"] == 3


def test_table_ari_is_one_for_tables_that_are_the_themes():
    themes = {"a": "x", "b": "x", "c": "y", "d": "y"}
    assert table_ari([["a", "b"], ["c", "d"]], themes) == 1.0
    assert table_ari([["a", "c"], ["b", "d"]], themes) < 0.0


def test_network_files_are_plain_json_with_the_documented_keys():
    for name in FILES:
        raw = json.loads((NETWORK_DIR / f"{name}.json").read_text(encoding="utf-8"))
        assert {"name", "profiles", "projects", "questions", "project_relevance"} <= set(raw)
