"""Text helpers: ``split_sentences``, ``words``, ``matched_terms``, ``normalise_org``."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matcher.text import STOPWORDS, matched_terms, normalise_org, split_sentences, words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Eén. Twee! Drie? Vier; vijf", ["Eén.", "Twee!", "Drie?", "Vier;", "vijf"]),
        ("regel een\nregel twee\n\n\nregel drie", ["regel een", "regel twee", "regel drie"]),
        (
            'Wij leveren. "Ook hout" zei hij. (En staal.)',
            ["Wij leveren.", '"Ook hout" zei hij.', "(En staal.)"],
        ),
        ("Een zin zonder punt", ["Een zin zonder punt"]),
        ("3.5 ton beton. Daarna meer.", ["3.5 ton beton.", "Daarna meer."]),  # no split inside a number
        ("Einde...  - streepje", ["Einde...  - streepje"]),  # no split before punctuation
        ("", []),
        ("   \n  ", []),
    ],
)
def test_split_sentences_table(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_long_sentences_are_cut_on_a_space() -> None:
    text = " ".join(["woord"] * 100)  # 599 characters, no sentence end
    pieces = split_sentences(text, max_chars=100)
    assert all(len(p) <= 100 for p in pieces)
    assert all(not p.endswith(" ") and not p.startswith(" ") for p in pieces)
    assert " ".join(pieces) == text


def test_a_word_longer_than_max_chars_is_cut_hard() -> None:
    assert split_sentences("x" * 25, max_chars=10) == ["x" * 10, "x" * 10, "x" * 5]


SENTENCE_TEXT = st.lists(
    st.one_of(
        st.text(alphabet="abcéxyz", min_size=1, max_size=8),
        st.sampled_from([".", "!", "?", ";", "\n", " ", "  ", "\n\n", "Hoofdletter."]),
    ),
    max_size=60,
).map(" ".join)


@given(SENTENCE_TEXT, st.integers(min_value=12, max_value=60))
def test_split_sentences_keeps_every_token_and_respects_max_chars(text: str, max_chars: int) -> None:
    pieces = split_sentences(text, max_chars=max_chars)
    assert all(p and p == p.strip() and len(p) <= max_chars for p in pieces)
    assert " ".join(pieces).split() == text.split()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("De kantoormeubilair-leverancier en CO2 in 2024", ["kantoormeubilair-leverancier", "co2"]),
        ("het is een ja of nee", ["nee"]),  # stopwords and words under three letters go
        ("Café Ümlaut", ["café", "ümlaut"]),  # lower-cased, accents kept
        ("l'offre d'occasion de l'entreprise", ["offre", "occasion", "entreprise"]),  # French elision
        ("auto's en laptop's", ["auto", "laptop"]),  # Dutch plural apostrophe
    ],
)
def test_words(text: str, expected: list[str]) -> None:
    assert words(text) == expected


@pytest.mark.parametrize(
    ("query", "text", "expected"),
    [
        # Dutch compounds: one contains the other and the shorter has >= 5 letters
        ("meubilair", "Wij leveren kantoormeubilair.", ["kantoormeubilair"]),
        ("kantoormeubilair gezocht", "Tweedehands meubilair.", ["meubilair"]),
        ("bureaustoel", "Een stoel.", ["stoel"]),  # "stoel" has exactly 5 letters
        ("houtbewerking", "Hout en staal.", []),  # "hout" has only 4
        # accents folded on both sides; the text's own spelling is returned
        ("cafe", "Het Café.", ["café"]),
        ("café", "Een cafe.", ["cafe"]),
        ("coöperatie", "De Cooperatie levert.", ["cooperatie"]),
        # order of the text, no repeats (also not after folding)
        ("stoelen tafels", "Tafels, stoelen en tafels.", ["tafels", "stoelen"]),
        ("cafe", "café cafe Café", ["café"]),
        # stopwords and short words never match
        ("de van het is", "de van het is", []),
        ("co2 neutraal", "CO2 neutraal", ["co2", "neutraal"]),
        ("", "Iets", []),
    ],
)
def test_matched_terms_table(query: str, text: str, expected: list[str]) -> None:
    assert matched_terms(query, text) == expected


def test_matched_terms_limit_keeps_the_first_in_text_order() -> None:
    text = "alfa bravo charlie delta echo foxtrot golf hotel india juliet"
    assert matched_terms(text, text) == text.split()[:8]  # default limit
    assert matched_terms(text, text, limit=3) == ["alfa", "bravo", "charlie"]


@given(
    st.lists(
        st.sampled_from(["stoel", "bureaustoel", "tafel", "de", "café", "cafe", "beton", "x"]), max_size=12
    )
)
def test_matched_terms_are_words_of_the_text_without_repeats(tokens: list[str]) -> None:
    text = " ".join(tokens)
    found = matched_terms("stoel café beton", text)
    assert len(found) == len(set(found)) <= 8
    assert all(word in words(text) for word in found)
    assert not (set(found) & STOPWORDS)
    assert found == [w for w in dict.fromkeys(words(text)) if w in found]  # order of first appearance


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Gemeente Utrecht", "gemeente utrecht"),
        ("  Gemeente   Utrecht ", "Gemeente Utrecht"),
        ("Kringloop Coöperatie", "kringloop cooperatie"),
        ("ÉCOLE Verte", "école verte"),
        ("Straße", "STRASSE"),
    ],
)
def test_normalise_org_equal(a: str, b: str) -> None:
    assert normalise_org(a) == normalise_org(b)


@pytest.mark.parametrize(("a", "b"), [("Gemeente Utrecht", "Gemeente Utrecht-Zuid"), ("ABC", "AB C")])
def test_normalise_org_different(a: str, b: str) -> None:
    assert normalise_org(a) != normalise_org(b)


@given(st.text(max_size=30))
def test_normalise_org_is_idempotent_and_ignores_case_and_spacing(name: str) -> None:
    once = normalise_org(name)
    assert normalise_org(once) == once
    assert normalise_org(f"  {name.upper()}  ") == normalise_org(name.upper())
    assert "  " not in once and once == once.strip()
