"""CPV concepts: each text read against the CPV labels in its own language; agreement as a channel."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

import matcher.concepts as concepts_module
from matcher import Item, MatchEngine, RankConfig
from matcher.concepts import ConceptChannel, concept_file, load_concepts, load_prototypes
from matcher.embedding import CachedEmbedder, FakeEmbedder, normalise_rows

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "datasets"


def channel(top_k: int = 2) -> ConceptChannel:
    """Two languages whose three prototypes point different ways (a vector knows its language)."""
    eye = np.eye(6, dtype=np.float32)
    labels = [{"nl": "meubilair", "en": "furniture"}, {"en": "lighting"}, {"fr": "nettoyage"}]
    return ConceptChannel(sharpness=4.0, top_k=top_k).fit(
        {"nl": eye[:3], "fr": eye[3:]}, ["39100000", "31500000", "90900000"], labels
    )


def test_each_text_is_read_in_its_own_language_and_keeps_its_top_k():
    vectors = normalise_rows(np.array([[1, 0.5, 0, 0, 0, 0], [0, 0, 0, 0.2, 1, 0]], dtype=np.float32))
    dist = channel(top_k=2).distribution(vectors, ["nl", "fr"])
    assert dist.shape == (2, 3) and dist.dtype == np.float32
    np.testing.assert_allclose(dist.sum(axis=1), 1, atol=1e-6)
    assert (dist > 0).sum(axis=1).tolist() == [2, 2]
    assert dist[0].argmax() == 0 and dist[1].argmax() == 1
    assert channel(top_k=1).distribution(vectors, ["nl", "fr"]).max(axis=1).tolist() == [1.0, 1.0]


def test_a_baseline_is_subtracted_per_language_and_side():
    eye = np.eye(3, dtype=np.float32)
    vectors = normalise_rows(np.array([[1, 0.9, 0]], dtype=np.float32))
    plain = ConceptChannel(top_k=3).fit({"nl": eye}, ["a", "b", "c"])
    shifted = ConceptChannel(top_k=3).fit(
        {"nl": eye},
        ["a", "b", "c"],
        baseline={"nl": np.array([0.5, 0.0, 0.0], np.float32)},
        baseline_query={"nl": np.zeros(3, np.float32)},
    )
    assert plain.distribution(vectors, ["nl"]).argmax() == 0
    assert shifted.distribution(vectors, ["nl"]).argmax() == 1  # "a" resembles every passage
    np.testing.assert_allclose(
        shifted.distribution(vectors, ["nl"], queries=[True]), plain.distribution(vectors, ["nl"])
    )


def test_reading_all_averages_over_every_language():
    vectors = normalise_rows(np.array([[1, 0, 0, 0, 0.8, 0]], dtype=np.float32))
    eye = np.eye(6, dtype=np.float32)
    codes = ["a", "b", "c"]
    own = ConceptChannel(top_k=3).fit({"nl": eye[:3], "fr": eye[3:]}, codes)
    every = ConceptChannel(top_k=3, reading="all").fit({"nl": eye[:3], "fr": eye[3:]}, codes)
    unknown = own.distribution(vectors, [""])
    np.testing.assert_allclose(every.distribution(vectors, ["nl"]), unknown)
    assert own.distribution(vectors, ["nl"])[0, 1] < 0.05 < 0.25 < unknown[0, 1]  # the French part counts


def test_no_text_no_rows():
    assert channel().distribution(np.zeros((0, 6), np.float32), []).shape == (0, 3)


def test_agreement_is_the_cosine_and_shared_names_the_common_concept():
    a = np.array([[1.0, 0, 0], [0.5, 0.5, 0]])
    b = np.array([[1.0, 0, 0], [0, 0, 1.0]])
    np.testing.assert_allclose(ConceptChannel.agreement(a, b), [[1, 0], [np.sqrt(0.5), 0]], atol=1e-6)
    assert ConceptChannel.shared(a[1], np.array([0.1, 0.9, 0])) == 1
    assert ConceptChannel.shared(a[0], b[1]) is None


def test_labels_fall_back_to_english():
    fitted = channel()
    assert fitted.label(0, "nl") == "meubilair" and fitted.label(1, "nl") == "lighting"
    assert fitted.label(2, "nl") == "nettoyage"
    with pytest.raises(ValueError, match="one label set per concept"):
        ConceptChannel().fit({"nl": np.eye(2, dtype=np.float32)}, ["a", "b"], [{}])


def test_the_shipped_concepts_are_the_cpv_groups_in_nl_en_fr():
    shipped = load_concepts()
    codes = [c.code for c in shipped]
    assert len(codes) == len(set(codes)) >= 250 and codes == sorted(codes)
    assert "39100000" in codes and "31500000" in codes
    assert all(set(c.label) == {"nl", "en", "fr"} and all(c.label.values()) for c in shipped)


@pytest.mark.parametrize("model_id", ["e5-small", "use-multilingual"])
def test_the_shipped_prototypes_fit_the_concepts(model_id):
    codes = [c.code for c in load_concepts()]
    shipped = load_prototypes(model_id, codes)
    assert shipped is not None and sorted(shipped.vectors) == ["en", "fr", "nl"]
    width = {"e5-small": 384, "use-multilingual": 512}[model_id]
    for lang, matrix in shipped.vectors.items():
        assert matrix.shape == (len(codes), width)
        np.testing.assert_allclose(np.linalg.norm(matrix, axis=1), 1, atol=1e-3)
        assert shipped.baseline[lang].shape == shipped.baseline_query[lang].shape == (len(codes),)
        assert 0 < float(shipped.baseline[lang].mean()) < 1
    assert load_prototypes("no-such-model", codes) is None
    with pytest.raises(ValueError, match="other concepts"):
        load_prototypes(model_id, codes[:-1])


@pytest.mark.skipif(not (SHARED / "cpv").exists(), reason="needs ../shared/datasets/cpv")
def test_the_build_script_makes_the_shipped_labels():
    spec = importlib.util.spec_from_file_location("build_concepts", ROOT / "scripts" / "build_concepts.py")
    assert spec is not None and spec.loader is not None
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    built = build.concepts(build.read_cpv(SHARED))
    shipped = json.loads((concepts_module.CONCEPTS_DIR / "cpv_groups.json").read_text(encoding="utf-8"))
    assert built == shipped["concepts"]


ITEMS = [
    Item(id="a", name="A", organisation="A", role="supplier", texts=(("expertise", "kantoormeubilair"),)),
    Item(id="b", name="B", organisation="B", role="supplier", texts=(("expertise", "straatverlichting"),)),
]


@pytest.fixture
def fake_concepts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Prototypes for the fake embedder (its vectors of the English labels), in a temporary folder."""
    shipped = load_concepts()[:20]
    (tmp_path / "cpv_groups.json").write_text(
        json.dumps({"concepts": [{"code": c.code, "label": c.label} for c in shipped]}), "utf-8"
    )
    fake = FakeEmbedder(dim=32)
    stack = np.stack([fake.encode_passages([c.label[lang] for c in shipped]) for lang in ("en", "fr", "nl")])
    np.savez(
        concept_file(fake.model_id, tmp_path),
        codes=np.asarray([c.code for c in shipped]),
        languages=np.asarray(["en", "fr", "nl"]),
        prototypes=stack.astype(np.float16),
    )
    monkeypatch.setattr(concepts_module, "CONCEPTS_DIR", tmp_path)
    return tmp_path


def engine(**config: object) -> MatchEngine:
    e = MatchEngine([CachedEmbedder(FakeEmbedder(dim=32))], config=RankConfig(**config))  # type: ignore[arg-type]
    e.index.upsert(ITEMS)
    return e


def test_off_it_changes_nothing_and_explains_nothing(fake_concepts):
    found = engine(concept_weight=0.0).search("kantoormeubilair voor het stadhuis", top_k=2)
    assert all(m.explanation.concept is None for m in found)
    assert engine(concept_weight=0.0).index.arrays().concepts is None


def test_on_it_scores_and_explains_a_shared_concept(fake_concepts):
    on = engine(concept_weight=0.1)
    arrays = on.index.arrays()
    assert arrays.concepts is not None and arrays.concepts.shape == (2, 20)
    found = on.search("kantoormeubilair", top_k=2)
    first = found[0]
    assert first.item.id == "a" and first.explanation.concept is not None
    assert first.explanation.concept.startswith("both: CPV ")


def test_without_shipped_prototypes_the_channel_is_off(tmp_path, monkeypatch):
    (tmp_path / "cpv_groups.json").write_text(json.dumps({"concepts": []}), "utf-8")
    monkeypatch.setattr(concepts_module, "CONCEPTS_DIR", tmp_path)
    on = engine(concept_weight=0.1)
    assert on.index.concept_channel() is None and on.index.arrays().concepts is None
    assert on.search("kantoormeubilair", top_k=1)[0].explanation.concept is None


def test_documents_keep_plain_scores_with_the_channel_on(fake_concepts):
    brief = " ".join(["kantoormeubilair voor het stadhuis, hergebruikt en hersteld"] * 12)
    plain = engine(concept_weight=0.0, help_weight=0.0).search(brief, top_k=2)
    on = engine(concept_weight=0.2, help_weight=0.0).search(brief, top_k=2)
    assert [(m.item.id, m.score) for m in on] == [(m.item.id, m.score) for m in plain]
    assert all(m.explanation.concept is None for m in on)


def test_a_records_own_document_is_explained_as_it_was_scored(fake_concepts):
    """Suggestions (``record_channels=same``) score a profile's long text with the channel, so its
    explanation names the concept; a ``/match`` document of the same text is scored plain and does not."""
    brief = " ".join(["kantoormeubilair voor het stadhuis, hergebruikt en hersteld"] * 12)
    on = engine(concept_weight=0.2, help_weight=0.0, record_channels="same")
    same = Item(id="c", name="C", organisation="C", role="supplier", texts=(("expertise", brief),))
    on.index.upsert([same])  # the same text: its concepts are the brief's
    asked = on.search(brief, top_k=3)
    assert asked[0].item.id == "c" and all(m.explanation.concept is None for m in asked)
    suggested = on.search_texts([brief], top_k=3)
    assert suggested[0].item.id == "c" and suggested[0].explanation.concept is not None
