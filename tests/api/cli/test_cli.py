"""The ``kringmatch`` command, run in-process: import, export, match."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from api.cli import main


def export(run: Any, db: str = "kringmatch.db") -> dict[str, Any]:
    code, out, _ = run("export", db=db)
    assert code == 0
    data: dict[str, Any] = json.loads(out)
    return data


def test_import_json_and_export(
    run: Any, corpus_file: Path, profiles_data: list[dict[str, Any]], projects_data: list[dict[str, Any]]
) -> None:
    code, out, err = run("import", str(corpus_file))
    assert code == 0, err
    assert out.strip() == "imported 6 profiles and 3 projects"
    assert err == ""  # no progress bar off a terminal
    data = export(run)
    assert [p["id"] for p in data["profiles"]] == sorted(p["id"] for p in profiles_data)
    by_id = {p["id"]: p for p in data["profiles"]}
    for p in profiles_data:
        assert {k: by_id[p["id"]][k] for k in p} == p
    projects = {p["id"]: p for p in data["projects"]}
    for p in projects_data:
        assert {k: projects[p["id"]][k] for k in p} == p


def test_import_a_json_list_tells_projects_by_their_buyer(
    run: Any, tmp_path: Path, profiles_data: list[dict[str, Any]], projects_data: list[dict[str, Any]]
) -> None:
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps([projects_data[0], profiles_data[0], projects_data[2]]), encoding="utf-8")
    code, out, _ = run("import", str(path))
    assert code == 0 and out.strip() == "imported 1 profiles and 2 projects"


def test_import_csv_splits_tags_on_semicolons(run: Any, tmp_path: Path) -> None:
    path = tmp_path / "profiles.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "name", "organisation", "role", "region", "expertise", "tags", "documents"])
        writer.writerow(
            [
                "c1",
                "Kast & Co",
                "",
                "supplier",
                "Utrecht",
                "Wij leveren kasten.",
                "meubilair; hout ;;kast",
                "",
            ]
        )
        writer.writerow(
            [
                "c2",
                "Advies",
                "Org B",
                "facilitator",
                "",
                "Wij adviseren, ook over hout.",
                "",
                '[{"title": "T", "text": "Een document."}]',
            ]
        )
    code, out, err = run("import", str(path))
    assert code == 0, err
    assert out.strip() == "imported 2 profiles and 0 projects"
    c1, c2 = export(run)["profiles"]
    assert c1["tags"] == ["meubilair", "hout", "kast"]
    assert c1["organisation"] == "Kast & Co"  # an empty cell means "not given": defaults to the name
    assert c2["tags"] == [] and "region" not in c2
    assert c2["documents"] == [{"title": "T", "text": "Een document."}]
    assert c2["expertise"] == "Wij adviseren, ook over hout."


CSV_HEADER = "id,name,role,expertise,tags\n"
INVALID_FILES = [
    (
        "missing.csv",
        CSV_HEADER + "p1,A,supplier,meubilair,a;b\np2,B,,stoelen,c\n",
        ["line 3", "role", "Field required"],
    ),
    ("role.csv", CSV_HEADER + "p1,A,boss,meubilair,\np2,B,supplier,stoelen,\n", ["line 2", "role", "'boss'"]),
    (
        "two.csv",
        CSV_HEADER + "p1,A,boss,x,\np2,B,supplier,y,\np3,,supplier,z,\n",
        ["line 2", "role", "line 4", "name"],
    ),
    ("extra.csv", "id,name,role,expertise,colour\np1,A,supplier,x,blue\n", ["line 2", "colour", "'blue'"]),
    ("docs.csv", "id,name,role,expertise,documents\np1,A,supplier,x,not json\n", ["cannot read"]),
    (
        "role.json",
        [
            {"id": "p1", "name": "A", "role": "supplier", "expertise": "x"},
            {"name": "B", "role": "boss", "expertise": "y"},
        ],
        ["item 2", "role", "'boss'"],
    ),
    (
        "groups.json",
        {"profiles": [{"name": "A", "role": "supplier", "expertise": "x"}], "projects": [{"text": "x"}]},
        ["projects item 1", "buyer"],
    ),
    (
        "scalar.json",
        [{"name": "A", "role": "supplier", "expertise": "x"}, 5],
        ["item 2", "expected an object"],
    ),
    ("number.json", 5, ["expected a JSON list"]),
    ("broken.json", '{"profiles": [', ["cannot read"]),
    ("repeat.json", [{"id": "p1", "name": "A", "role": "supplier", "expertise": "x"}] * 2, ["repeats", "p1"]),
    pytest.param(
        "null.json",
        {"profiles": None},
        ["profiles"],
    ),
]


@pytest.mark.parametrize(("name", "content", "fragments"), INVALID_FILES)
def test_an_invalid_file_imports_nothing(
    run: Any, tmp_path: Path, name: str, content: Any, fragments: list[str]
) -> None:
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    code, out, err = run("import", str(path))
    assert code == 2
    assert out == ""
    assert err.startswith("error: ")
    for fragment in fragments:
        assert fragment in err, f"{fragment!r} not in {err!r}"
    assert export(run) == {"profiles": [], "projects": []}


def test_a_missing_file_is_reported(run: Any, tmp_path: Path) -> None:
    code, _, err = run("import", str(tmp_path / "nope.json"))
    assert code == 2 and "nope.json" in err and "cannot read" in err


def test_reimport_needs_replace(
    run: Any, corpus_file: Path, tmp_path: Path, profiles_data: list[dict[str, Any]]
) -> None:
    assert run("import", str(corpus_file))[0] == 0
    before = export(run)
    code, _, err = run("import", str(corpus_file))
    assert code == 2 and "already exists" in err
    assert export(run) == before
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps([{**profiles_data[3], "region": "Zeeland"}]), encoding="utf-8")
    assert run("import", str(changed), "--replace")[0] == 0
    after = export(run)
    assert next(p for p in after["profiles"] if p["id"] == "zuid-beton")["region"] == "Zeeland"
    assert len(after["profiles"]) == 6


def test_export_round_trips(run: Any, corpus_file: Path, tmp_path: Path) -> None:
    run("import", str(corpus_file))
    first = tmp_path / "first.json"
    assert run("export", "--out", str(first))[0] == 0
    assert run("import", str(first), db="copy.db")[0] == 0
    second = tmp_path / "second.json"
    assert run("export", "--out", str(second), db="copy.db")[0] == 0
    assert first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8")
    assert json.loads(first.read_text(encoding="utf-8")) == export(run)


def test_match_prints_a_table_with_reasons(run: Any, corpus_file: Path) -> None:
    run("import", str(corpus_file))
    code, out, _ = run("match", "betonelementen uit sloopprojecten", "--top-k", "3")
    assert code == 0
    lines = out.splitlines()
    assert lines[1].split() == ["#", "score", "name", "organisation", "role", "id", "why"]
    ranked = [line for line in lines if line.split() and line.split()[0].isdigit()]
    assert [line.split()[0] for line in ranked] == ["1", "2", "3"]
    first = ranked[0]
    for value in ("Betonhergebruik Zuid", "Circulair Zuid", "supplier", "zuid-beton", "expertise;"):
        assert value in first
    columns = [lines[1].index(name) for name in ("name", "organisation", "role", "id", "why")]
    assert [first.index(v) for v in ("Betonhergebruik", "Circulair", "supplier", "zuid-beton")] == columns[:4]
    assert "dense" in out and "lexical" in out and "betonelementen" in out and "sloopprojecten" in out
    assert "“" in out  # the best passage, quoted


def test_match_json_is_valid_json(run: Any, corpus_file: Path) -> None:
    run("import", str(corpus_file))
    code, out, _ = run("match", "kantoormeubilair", "--json", "--top-k", "2", "--role", "supplier")
    assert code == 0
    data = json.loads(out)
    assert data["count"] == 2 == len(data["data"])
    assert {m["role"] for m in data["data"]} == {"supplier"}
    assert "contact" not in out
    code, out, _ = run("match", "kantoormeubilair", "--json", "--kind", "projects")
    assert {m["label"] for m in json.loads(out)["data"]} == {"pooling candidate", "case to learn from"}


def test_match_with_a_bad_top_k_exits_2(run: Any, corpus_file: Path) -> None:
    run("import", str(corpus_file))
    code, out, err = run("match", "stoel", "--top-k", "0")
    assert code == 2 and out == "" and "top_k" in err


def test_match_on_an_empty_store_says_so(run: Any) -> None:
    code, out, _ = run("match", "stoel")
    assert code == 0 and out.startswith("no matches")


def test_an_unknown_embedder_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], clean_env: None
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["export", "--db", str(tmp_path / "x.db"), "--embedder", "word2vec"]) == 2
    assert "word2vec" in capsys.readouterr().err


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main([])
    assert info.value.code == 2


def test_eval_options_set_every_ranking_setting(tmp_path: Path, clean_env: None) -> None:
    from api.app.config import RANK_SETTINGS
    from api.cli import parser
    from api.cli.eval import _ranking

    args = parser().parse_args(
        ["eval", "domain", "--embedder", "fake", "--cache", str(tmp_path / "c.db"), "--document-words", "7"]
    )
    assert set(RANK_SETTINGS) <= set(vars(args))
    settings, _, _ = _ranking(args)
    assert settings.rank_config().document_words == 7
    assert settings.rank_config().lexical_weight == args.lexical_weight
