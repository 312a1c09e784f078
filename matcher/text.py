"""Text helpers: sentence splitting, word tokens, the terms a question and a profile share."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from models.organisations import fold_organisation as normalise_org

__all__ = [
    "STOPWORDS",
    "STOPWORDS_BY_LANGUAGE",
    "guess_language",
    "language_code",
    "matched_terms",
    "normalise_org",
    "split_sentences",
    "words",
]

_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[\w\"'(«])|\n+")
_WORD = re.compile(r"[^\W\d_](?:[\w-]*\w)?", re.UNICODE)  # apostrophes split: l'offre -> l, offre

STOPWORDS_BY_LANGUAGE: dict[str, frozenset[str]] = {
    "nl": frozenset(
        """
        de het een en van in op te voor met is zijn aan om als dat die dit er of ook bij door naar
        uit tot we wij ze zij hun ons onze je jullie u uw niet geen wordt worden kan kunnen moet
        willen wil hoe wat welke wie waar nog maar meer zo al dan over onder na per
        """.split()
    ),
    "en": frozenset(
        """
        the a an and of in on to for with is are be by as at from or that this these those we our
        you your it its not no can will would should how what which who where into about
        """.split()
    ),
    "fr": frozenset(
        """
        le la les un une des et de du en pour avec est sont dans sur par au aux ou que qui nous
        vous notre nos votre vos ce cette ces ne pas plus comme être avoir
        """.split()
    ),
}
STOPWORDS = frozenset().union(*STOPWORDS_BY_LANGUAGE.values())


def split_sentences(text: str, *, max_chars: int = 400) -> list[str]:
    """Split a text into sentences; very long sentences are cut at ``max_chars`` on a space."""
    out: list[str] = []
    for piece in _SENTENCE_END.split(text):
        piece = piece.strip()
        while len(piece) > max_chars:
            cut = piece.rfind(" ", 0, max_chars)
            cut = cut if cut > 0 else max_chars
            out.append(piece[:cut].strip())
            piece = piece[cut:].strip()
        if piece:
            out.append(piece)
    return out


def words(text: str) -> list[str]:
    """Lower-cased word tokens without stopwords or one-letter words, in order."""
    return [
        w for w in (m.group(0).lower() for m in _WORD.finditer(text)) if len(w) > 2 and w not in STOPWORDS
    ]


def guess_language(text: str, *, min_hits: int = 2) -> str | None:
    """The language (ISO 639-1: ``nl``, ``en``, ``fr``) whose function words ``text`` uses most.

    ``None`` when fewer than ``min_hits`` function words are found or two languages tie: a
    title or a list of keywords has no grammar to tell.
    """
    tokens = [m.group(0).lower() for m in _WORD.finditer(text)]
    hits = {lang: sum(t in stop for t in tokens) for lang, stop in STOPWORDS_BY_LANGUAGE.items()}
    ranked = sorted(hits.items(), key=lambda kv: kv[1], reverse=True)
    (best, first), (_, second) = ranked[0], ranked[1]
    return best if first >= min_hits and first > second else None


def language_code(declared: str | None, text: str) -> str:
    """A text's language: the declared one (``nl-BE`` -> ``nl``), else the guessed one, else ``""``."""
    if declared and declared.strip():
        return declared.strip().casefold().replace("_", "-").split("-")[0]
    return guess_language(text) or ""


def _fold(word: str) -> str:
    if word.isascii():  # nothing to fold (most words): skip the decomposition
        return word
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


@lru_cache(maxsize=20_000)
def _folded_words(text: str) -> tuple[tuple[str, str], ...]:
    return tuple((w, _fold(w)) for w in words(text))


def matched_terms(query: str, text: str, *, limit: int = 8, min_part: int = 5) -> list[str]:
    """Words of ``text`` that the question also uses, accents folded.

    A word matches a question word when they are equal, or when one contains the other and the
    shorter has at least ``min_part`` letters (Dutch compounds: "kantoormeubilair" matches
    "meubilair"). Returned in the order they appear in ``text``, without repeats.
    """
    query_words = {folded for _, folded in _folded_words(query)}
    long_words = [q for q in query_words if len(q) >= min_part]  # the only ones a part can match
    found: list[str] = []
    seen: set[str] = set()
    for word, folded in _folded_words(text):
        if folded in seen:
            continue
        hit = folded in query_words or (
            len(folded) >= min_part and any(q in folded or folded in q for q in long_words)
        )
        if hit:
            seen.add(folded)
            found.append(word)
            if len(found) >= limit:
                break
    return found
