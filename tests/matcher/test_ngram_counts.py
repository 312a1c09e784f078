"""``char_wb_counts`` gives HashingVectorizer's counts, count for count, hashing each word once."""

from __future__ import annotations

import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.lexical import LexicalScorer
from matcher.ngram_counts import char_wb_counts

TEXTS = [
    "Circulair kantoormeubilair als dienst, met terugname van bureaustoelen.",
    "Vêtements de travail en fibres recyclées — achat groupé pour nos ouvriers communaux !",
    "Refurbished laptops & servers for schools;  repair\tcontract\n(3 years).",
    "Œuvre réemployée: l'économie circulaire à Bruxelles, ça marche.",
    "a an x",  # short words only
    "",
    "   ",
    "Hergebruik hergebruik HERGEBRUIK van betonelementen, betonelementen.",
]

SCORERS = {
    "defaults (stopwords dropped)": LexicalScorer(n_features=2**18),
    "sklearn's own preprocessing": LexicalScorer(n_features=2**18, drop_stopwords=False),
    "stemmed per language": LexicalScorer(n_features=2**18, stemmer="auto"),
    "one to six letters": LexicalScorer(n_features=2**12, ngram_range=(1, 6)),
}


def same_counts(scorer: LexicalScorer, texts: list[str]) -> bool:
    ours = char_wb_counts(texts, scorer._vectorizer())
    theirs = sp.csr_matrix(scorer._vectorizer().transform(texts))
    return ours.shape == theirs.shape and (ours != theirs).nnz == 0


@pytest.mark.parametrize("name", SCORERS)
def test_counts_equal_the_hashing_vectorizers(name: str) -> None:
    assert same_counts(SCORERS[name], TEXTS)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(codec="utf-8"), max_size=80), min_size=1, max_size=6))
def test_counts_equal_on_any_text(texts: list[str]) -> None:
    assert same_counts(SCORERS["defaults (stopwords dropped)"], texts)
    assert same_counts(SCORERS["sklearn's own preprocessing"], texts)


def test_a_text_without_words_has_no_counts() -> None:
    counts = char_wb_counts(["", " \n "], SCORERS["defaults (stopwords dropped)"]._vectorizer())
    assert counts.shape == (2, 2**18) and counts.nnz == 0


def test_other_analyzers_are_refused() -> None:
    with pytest.raises(ValueError, match="char_wb"):
        char_wb_counts(["text"], LexicalScorer(analyzer="word")._vectorizer())


def test_a_reversed_ngram_range_is_an_error_as_in_scikit_learn() -> None:
    with pytest.raises(ValueError, match="ngram_range"):
        char_wb_counts(["a text"] * 20, LexicalScorer(ngram_range=(5, 3))._vectorizer())
