"""Document mode: long questions are encoded as passages, get the document lexical channel and weight,
and their lexical scores against texts in other languages are imputed; ``auto`` stemming."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher import Item, MatchEngine, RankConfig
from matcher.aggregation import padded_groups
from matcher.crosslingual import impute_cross_language
from matcher.embedding import CachedEmbedder, FakeEmbedder, FloatMatrix, MemoryVectorCache
from matcher.lexical import LexicalScorer
from matcher.scoring import score_items
from matcher.text import guess_language, language_code
from models.errors import InvalidInputError

pytest.importorskip("snowballstemmer")

LONG = " ".join(["circular office furniture refurbished and leased as a service"] * 8)  # 72 words


class PromptEmbedder(FakeEmbedder):
    """Asymmetric fake: queries and passages differ (as e5's prompts do), and are recorded."""

    def __init__(self) -> None:
        super().__init__(dim=32)
        self.model_id = "prompted"
        self.as_query: list[str] = []
        self.as_passage: list[str] = []

    @property
    def query_model_id(self) -> str:
        return "prompted:query"

    def encode_passages(self, texts: Sequence[str]) -> FloatMatrix:
        self.as_passage.extend(texts)
        return super().encode_passages(texts)

    def encode_queries(self, texts: Sequence[str]) -> FloatMatrix:
        self.as_query.extend(texts)
        return -super().encode_passages(texts)


def test_documents_are_questions_of_document_words_or_more() -> None:
    config = RankConfig(document_words=3)
    assert config.documents(["one two", "one two three", ""]).tolist() == [False, True, False]
    assert not RankConfig(document_words=0).documents([LONG]).any()


def test_lexical_weights_differ_for_documents() -> None:
    config = RankConfig(lexical_weight=0.2, document_lexical_weight=0.7)
    np.testing.assert_allclose(config.lexical_weights(np.array([False, True])), [0.2, 0.7])


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("document_words", -1),
        ("document_lexical_weight", 1.5),
        ("document_analyzer", "sentence"),
        ("document_stemmer", "klingon"),
        ("document_ngram_max", 0),
        ("document_cross_language", "guess"),
        ("record_channels", "mixed"),
    ],
)
def test_bad_document_settings_name_the_field(field: str, value: object) -> None:
    with pytest.raises(InvalidInputError) as caught:
        RankConfig(**{field: value})  # type: ignore[arg-type]
    assert caught.value.field == field


def test_document_questions_are_encoded_as_passages_through_the_cache() -> None:
    model = PromptEmbedder()
    cached = CachedEmbedder(model, MemoryVectorCache())
    out = cached.queries(["short question", LONG], documents=[False, True])
    assert model.as_query == ["short question"] and model.as_passage == [LONG]
    np.testing.assert_allclose(out[1], cached.passages([LONG])[0])  # same cache key: not re-encoded
    assert model.as_passage == [LONG]
    np.testing.assert_allclose(out[0], -cached.passages(["short question"])[0], atol=1e-6)


def test_document_flags_must_match_the_texts() -> None:
    with pytest.raises(ValueError, match="one document flag per text"):
        CachedEmbedder(FakeEmbedder()).queries(["a", "b"], documents=[True])


def test_score_items_fuses_documents_with_their_weight() -> None:
    dense = np.array([[0.5, 0.1], [0.5, 0.1]])
    lexical = np.array([[0.0, 1.0], [0.0, 1.0]])
    groups = padded_groups(np.array([0, 1], dtype=np.intp), 2)
    config = RankConfig(
        lexical_weight=0.2, document_lexical_weight=0.6, centering="none", normalisation="none"
    )
    parts = score_items([dense], lexical, groups, config, documents=np.array([False, True]))
    np.testing.assert_allclose(parts.total[0], [0.8 * 0.5, 0.8 * 0.1 + 0.2])
    np.testing.assert_allclose(parts.total[1], [0.4 * 0.5, 0.4 * 0.1 + 0.6])


def _engine(config: RankConfig, model: FakeEmbedder | None = None) -> MatchEngine:
    engine = MatchEngine([CachedEmbedder(model or FakeEmbedder(), MemoryVectorCache())], config=config)
    engine.index.upsert(
        [
            Item(id="a", name="A", organisation="A", role="supplier", texts=(("expertise", LONG),)),
            Item(
                id="b",
                name="B",
                organisation="B",
                role="supplier",
                texts=(("expertise", "we repair bicycles and other bikes for the city"),),
            ),
        ]
    )
    return engine


def test_engine_scores_documents_with_the_document_channel() -> None:
    config = RankConfig(document_words=10, centering="none")
    engine = _engine(config)
    arrays = engine.index.arrays()
    assert arrays.lexical.analyzer == "char_wb" and arrays.document_lexical.analyzer == "word"
    question, document = "office furniture", LONG.replace("circular", "reused")
    parts = engine.score(engine.encode([question, document]), arrays)
    np.testing.assert_allclose(parts.lexical_units[0], arrays.lexical.score([question])[0], rtol=1e-6)
    np.testing.assert_allclose(
        parts.lexical_units[1], arrays.document_lexical.score([document])[0], rtol=1e-6
    )


def test_records_own_texts_are_scored_as_record_channels_says() -> None:
    """Suggestions and assignment (``records=True``) follow ``record_channels``; /match documents
    keep ``document_channels``."""
    plain = RankConfig(
        document_words=10, centering="none", document_channels="plain", record_channels="plain"
    )
    same = RankConfig(document_words=10, centering="none", document_channels="plain", record_channels="same")
    assert same.for_records().document_channels == "same" and plain.for_records() is plain
    as_plain, as_same = _engine(plain), _engine(same)
    batch = as_plain.encode([LONG.replace("circular", "reused")])
    asked = as_same.score(batch).total
    np.testing.assert_array_equal(asked, as_plain.score(batch).total)  # /match: documents stay plain
    np.testing.assert_array_equal(as_plain.score(batch, records=True).total, asked)
    assert not np.allclose(as_same.score(batch, records=True).total, asked)  # z-scored, as questions


def test_one_lexical_channel_when_documents_are_off() -> None:
    arrays = _engine(RankConfig(document_words=0)).index.arrays()
    assert arrays.document_lexical is arrays.lexical


def test_engine_encodes_a_long_question_as_a_passage() -> None:
    model = PromptEmbedder()
    engine = _engine(RankConfig(document_words=10), model)
    engine.search_many(["office furniture", LONG])
    assert model.as_query == ["office furniture"]
    assert LONG in model.as_passage


def test_guess_language_reads_function_words() -> None:
    assert guess_language("Wij zoeken een leverancier voor het onderhoud van de stoelen") == "nl"
    assert guess_language("Nous cherchons des vêtements de travail pour les équipes") == "fr"
    assert guess_language("We lease the furniture and take it back at the end") == "en"
    assert guess_language("kantoormeubilair") is None  # no grammar, no guess


def test_language_code_prefers_the_declared_language() -> None:
    assert language_code("nl-BE", "the furniture and the chairs") == "nl"
    assert language_code(None, "de stoelen en de tafels van het kantoor") == "nl"
    assert language_code("", "stoelen") == ""


def test_auto_stemmer_stems_each_text_in_its_language() -> None:
    corpus = ["de stoelen van het kantoor worden hersteld", "the chairs of the office are repaired"]
    auto = LexicalScorer(analyzer="word", ngram_range=(1, 1), stemmer="auto").fit(corpus)
    english = LexicalScorer(analyzer="word", ngram_range=(1, 1), stemmer="english").fit(corpus)
    dutch_question = ["wie herstelt een stoel voor het kantoor"]
    assert auto.score(dutch_question)[0, 0] > english.score(dutch_question)[0, 0]  # stoel/stoelen
    assert auto.score(["who repairs a chair"])[0, 1] > 0  # chair/chairs, repair/repaired


def test_impute_replaces_other_language_scores_by_the_fitted_line() -> None:
    dense = np.array([[0.1, 0.2, 0.3, 0.4, 0.5, 0.9, 0.3]])
    lexical = np.array([[0.1, 0.2, 0.3, 0.4, 0.5, 0.0, 0.0]])  # lexical = dense in "nl"
    units = ["nl", "nl", "nl", "nl", "nl", "fr", ""]
    out = impute_cross_language(lexical, dense, ["nl"], units)
    np.testing.assert_allclose(out[0, :5], lexical[0, :5])
    assert out[0, 5] == pytest.approx(0.9)  # the French text: as a Dutch one of its dense score
    assert out[0, 6] == 0.0  # unknown language: untouched


def test_impute_leaves_questions_of_unknown_language_or_few_texts() -> None:
    dense = np.random.default_rng(0).random((2, 6))
    lexical = np.zeros((2, 6))
    units = ["nl", "nl", "fr", "fr", "fr", "fr"]
    out = impute_cross_language(lexical, dense, ["", "nl"], units)  # "nl": 2 < min_units texts
    np.testing.assert_array_equal(out, lexical)


def test_impute_checks_shapes() -> None:
    with pytest.raises(ValueError, match="shapes differ"):
        impute_cross_language(np.zeros((1, 3)), np.zeros((1, 2)), ["nl"], ["nl", "nl", "fr"])


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.floats(0, 1), min_size=8, max_size=8),
    st.lists(st.floats(0, 1), min_size=8, max_size=8),
    st.lists(st.sampled_from(["nl", "fr", "en", ""]), min_size=8, max_size=8),
    st.sampled_from(["nl", "fr", "en", ""]),
)
def test_impute_keeps_same_language_scores_and_stays_in_range(
    dense: list[float], lexical: list[float], units: list[str], language: str
) -> None:
    out = impute_cross_language(np.array([lexical]), np.array([dense]), [language], units, min_units=2)
    keep = [u == language or u == "" or not language for u in units]
    np.testing.assert_array_equal(out[0][keep], np.array(lexical)[keep])
    assert ((out >= 0) & (out <= 1)).all()


def test_document_cross_language_raw_keeps_the_lexical_scores() -> None:
    dense = np.array([[0.1, 0.2, 0.3, 0.4, 0.5, 0.9]])
    lexical = np.array([[0.1, 0.2, 0.3, 0.4, 0.5, 0.0]])
    groups = padded_groups(np.arange(6, dtype=np.intp), 6)
    languages = (["nl"], ["nl"] * 5 + ["fr"])
    flags = np.array([True])
    raw = score_items(
        [dense],
        lexical,
        groups,
        RankConfig(document_cross_language="raw"),
        documents=flags,
        languages=languages,
    )
    imputed = score_items([dense], lexical, groups, RankConfig(), documents=flags, languages=languages)
    assert raw.total[0, 5] == pytest.approx(0.4 * 0.9)
    assert imputed.total[0, 5] == pytest.approx(0.4 * 0.9 + 0.6 * 0.9)
    np.testing.assert_array_equal(imputed.lexical_units, lexical)  # explanations show the real overlap
