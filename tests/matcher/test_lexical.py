"""``LexicalScorer``: TF-IDF over hashed character or word n-grams."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given
from hypothesis import strategies as st
from sklearn.exceptions import NotFittedError

from matcher import Item, MatchEngine
from matcher.embedding import CachedEmbedder, FakeEmbedder
from matcher.lexical import LexicalScorer

# sklearn warns that the accented stopword "être" no longer matches after accent stripping (see
# test_word_analyzer_ignores_stopwords[être]); the warning is expected in this module.
pytestmark = pytest.mark.filterwarnings("ignore:Your stop_words may be inconsistent:UserWarning")

CORPUS = [
    "Wij leveren tweedehands meubilair en bureaustoelen.",
    "Betonelementen uit sloopprojecten, opnieuw gebruikt in nieuwbouw.",
    "Werkkleding van gerecyclede textielvezels.",
]

WORDS = st.sampled_from(["stoel", "tafel", "beton", "de", "het", "meubilair", "kast", "café", "hout"])
TEXTS = st.lists(st.lists(WORDS, min_size=0, max_size=6).map(" ".join), min_size=1, max_size=6)


def sparse_equal(a: sp.spmatrix, b: sp.spmatrix, atol: float = 1e-6) -> bool:
    diff = abs(sp.csr_matrix(a) - sp.csr_matrix(b))
    return a.shape == b.shape and (diff.nnz == 0 or diff.max() <= atol)


def test_char_wb_matches_a_compound_to_its_part() -> None:
    scorer = LexicalScorer(analyzer="char_wb").fit(CORPUS)
    scores = scorer.score(["kantoormeubilair"])[0]
    assert scores[0] > 0.1
    assert scores[0] > scores[1] and scores[0] > scores[2]


@pytest.mark.parametrize("analyzer", ["char_wb", "word"])
@pytest.mark.parametrize(
    "question", ["kantoormeubilair", "beton", "gerecyclede werkkleding", "de het een", "", "!!!"]
)
def test_scores_are_in_0_1_with_the_right_shape(analyzer: str, question: str) -> None:
    scorer = LexicalScorer(analyzer=analyzer, ngram_range=(1, 1) if analyzer == "word" else (3, 5)).fit(
        CORPUS
    )
    scores = scorer.score([question, "meubilair"])
    assert scores.shape == (2, len(CORPUS)) and scores.dtype == np.float32
    assert (scores >= 0).all() and (scores <= 1 + 1e-6).all()


@pytest.mark.parametrize("analyzer", ["char_wb", "word"])
def test_a_text_scores_1_against_itself_and_case_and_accents_do_not_matter(analyzer: str) -> None:
    scorer = LexicalScorer(analyzer=analyzer, ngram_range=(1, 1) if analyzer == "word" else (3, 5))
    scorer.fit(["Circulair café-meubilair", "Beton"])
    assert scorer.score(["circulair cafe-meubilair"])[0, 0] == pytest.approx(1.0, abs=1e-5)
    assert scorer.score(["CIRCULAIR CAFÉ-MEUBILAIR"])[0, 0] == pytest.approx(1.0, abs=1e-5)


@pytest.mark.parametrize(
    "stopword",
    [
        "de",
        "het",
        "the",
        "les",
        pytest.param(
            "être",
        ),
    ],
)
def test_word_analyzer_ignores_stopwords(stopword: str) -> None:
    scorer = LexicalScorer(analyzer="word", ngram_range=(1, 1)).fit([f"{stopword} {stopword} stoel", "tafel"])
    scores = scorer.score([f"{stopword} tafel"])[0]
    assert scores[0] == 0.0
    assert scores[1] == pytest.approx(1.0, abs=1e-6)
    assert scorer.score([stopword])[0].tolist() == [0.0, 0.0]


@given(TEXTS)
def test_fitting_on_counts_equals_fitting_on_texts(texts: list[str]) -> None:
    from_texts = LexicalScorer(n_features=2**12).fit(texts)
    from_counts = LexicalScorer(n_features=2**12).fit(counts=from_texts.counts(texts))
    np.testing.assert_array_equal(from_texts.idf_, from_counts.idf_)
    assert sparse_equal(from_texts.matrix_, from_counts.matrix_)
    np.testing.assert_array_equal(from_texts.score(["stoel tafel"]), from_counts.score(["stoel tafel"]))


@given(TEXTS, TEXTS)
def test_counts_can_be_computed_per_part_and_stacked(first: list[str], second: list[str]) -> None:
    """The index relies on this: counts are cached per text and stacked when the corpus changes."""
    scorer = LexicalScorer(n_features=2**12)
    stacked = sp.vstack([scorer.counts(first), scorer.counts(second)], format="csr")
    assert sparse_equal(stacked, scorer.counts(first + second), atol=0)
    np.testing.assert_array_equal(
        LexicalScorer(n_features=2**12).fit(counts=stacked).idf_,
        LexicalScorer(n_features=2**12).fit(first + second).idf_,
    )


def test_rows_select_a_subset_of_the_corpus() -> None:
    scorer = LexicalScorer().fit(CORPUS)
    full = scorer.score(["bureaustoelen beton"])
    np.testing.assert_array_equal(
        scorer.score(["bureaustoelen beton"], rows=np.array([2, 0])), full[:, [2, 0]]
    )


EMPTY_INPUT_BUG = (
    "BUG: matcher/lexical.py LexicalScorer.counts([]) raises StopIteration (sklearn's FeatureHasher calls "
    "next() on the input); fit([]) and score([]) fail although fit() handles n_docs == 0 explicitly. Fix: "
    "return sp.csr_matrix((0, self.n_features)) for an empty list"
)


def test_an_empty_corpus_gives_no_columns() -> None:
    assert LexicalScorer().fit([]).score(["stoel"]).shape == (1, 0)


def test_no_questions_give_no_rows() -> None:
    assert LexicalScorer().fit(CORPUS).score([]).shape == (0, len(CORPUS))


def test_scoring_before_fit_raises() -> None:
    with pytest.raises(NotFittedError):
        LexicalScorer().score(["stoel"])


def test_service_word_analyzer_matches_a_shared_word(clean_env: None) -> None:
    from api.app.config import Settings

    config = Settings(_env_file=None, embedder="fake", lexical_analyzer="word").rank_config()  # type: ignore[call-arg]
    engine = MatchEngine([CachedEmbedder(FakeEmbedder())], config=config)
    engine.index.upsert(
        [Item("a", "A", "A", "supplier", (("expertise", "Wij leveren circulair meubilair aan gemeenten."),))]
    )
    (match,) = engine.search("tweedehands meubilair gezocht", top_k=1)
    assert match.explanation.lexical > 0
