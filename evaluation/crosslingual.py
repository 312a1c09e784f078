"""Public cross-lingual checks that nobody on this project wrote (``shared/datasets``).

    kringmatch eval crosslingual DATA_DIR [--limit N] [--embedder E] [--centering model|none ...]

* **Tatoeba** (LASER's test sets nl–en, fr–en; the Tatoeba Challenge fr–nl test set): bitext
  retrieval accuracy — each sentence's nearest neighbour among the other language's sentences is
  its translation — averaged over both directions.
* **FLORES-200 devtest** (nl, en, fr, line-aligned): cross-lingual retrieval accuracy per
  direction, and the *mixed pool* check that matters for a multilingual network: a question (query
  encoding) in one language against every other sentence in all three languages (passage
  encoding); a hit when the first is one of its translations, not a same-language sentence on
  another subject.
* **STS-B multi-MT test** (the same pairs in en, nl, fr): Spearman correlation of the cosine with
  the gold score, sentence 1 in one language and sentence 2 in another.

Vectors get the engine's language handling (``RankConfig.centering``): ``model`` applies the
model's shipped :class:`~matcher.alignment.LanguageAligner`; ``none`` leaves them raw. (Network
centring needs a network, so it has no meaning here.)
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from scipy.stats import spearmanr

from matcher import RankConfig
from matcher.alignment import ModelAlignment
from matcher.embedding import CachedEmbedder, Embedder, FloatMatrix, VectorCache

__all__ = ["bitext_accuracy", "crosslingual_report", "mixed_pool_accuracy"]

Encode = Callable[[Sequence[str], str], FloatMatrix]


def bitext_accuracy(a: FloatMatrix, b: FloatMatrix) -> float:
    """Share of rows whose nearest row in the other matrix is their own index, both directions.

    Args:
        a, b: (n, d) L2-normalised; row i of ``a`` translates row i of ``b``.
    """
    sims = np.asarray(a, np.float32) @ np.asarray(b, np.float32).T
    gold = np.arange(sims.shape[0])
    return float(((sims.argmax(axis=1) == gold).mean() + (sims.argmax(axis=0) == gold).mean()) / 2)


def mixed_pool_accuracy(
    queries: dict[str, FloatMatrix], passages: dict[str, FloatMatrix]
) -> dict[str, float]:
    """Per question language: share whose first hit in the pooled languages is a translation.

    Args:
        queries: language -> (n, d) question vectors; row i is sentence i.
        passages: language -> (n, d) passage vectors of the same sentences.

    Returns:
        language -> accuracy (the question's own passage is left out of the pool).
    """
    languages = sorted(passages)
    pool = np.vstack([passages[lang] for lang in languages])  # (L*n, d)
    n = passages[languages[0]].shape[0]
    sentence = np.tile(np.arange(n), len(languages))
    owner = np.repeat(np.arange(len(languages)), n)
    out = {}
    for li, lang in enumerate(languages):
        sims = np.asarray(queries[lang], np.float32) @ pool.T
        sims[np.arange(n), li * n + np.arange(n)] = -np.inf  # not itself
        best = sims.argmax(axis=1)
        out[lang] = float(((sentence[best] == np.arange(n)) & (owner[best] != li)).mean())
    return out


def _lines(path: Path, limit: int) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()][:limit]


def tatoeba(data: Path, encode: Encode, limit: int) -> dict[str, float]:
    """Bitext retrieval accuracy for nl–en, fr–en and fr–nl."""
    base = data / "tatoeba"
    pairs = {
        "nl-en": (base / "tatoeba.nld-eng.nld", "nl", base / "tatoeba.nld-eng.eng", "en"),
        "fr-en": (base / "tatoeba.fra-eng.fra", "fr", base / "tatoeba.fra-eng.eng", "en"),
        "fr-nl": (
            base / "fra-nld/tatoeba-test-v2021-08-07.fra",
            "fr",
            base / "fra-nld/tatoeba-test-v2021-08-07.nld",
            "nl",
        ),
    }
    out = {}
    for name, (pa, la, pb, lb) in pairs.items():
        out[name] = bitext_accuracy(encode(_lines(pa, limit), la), encode(_lines(pb, limit), lb))
    return out


def flores(data: Path, encode: Encode, encode_queries: Encode, limit: int) -> dict[str, float]:
    """Directional retrieval accuracy and the mixed-pool check on FLORES-200 devtest."""
    files = {"en": "eng_Latn.devtest", "nl": "nld_Latn.devtest", "fr": "fra_Latn.devtest"}
    texts = {lang: _lines(data / "flores200" / f, limit) for lang, f in files.items()}
    passages = {lang: encode(t, lang) for lang, t in texts.items()}
    queries = {lang: encode_queries(t, lang) for lang, t in texts.items()}
    out = {
        f"{a}-{b}": bitext_accuracy(passages[a], passages[b])
        for a, b in (("nl", "en"), ("fr", "en"), ("nl", "fr"))
    }
    out.update({f"mixed-pool {lang}": acc for lang, acc in mixed_pool_accuracy(queries, passages).items()})
    return out


def stsb(data: Path, encode: Encode, limit: int) -> dict[str, float]:
    """Cross-lingual Spearman on STS-B multi-MT test: (nl, en), (fr, en), (nl, fr), and en-en."""
    rows = {}
    for lang in ("en", "nl", "fr"):
        with (data / "stsb-multi-mt" / f"stsb-{lang}-test.csv").open(encoding="utf-8", newline="") as fh:
            rows[lang] = list(csv.reader(fh))[:limit]
    gold = [float(r[2]) for r in rows["en"]]
    first = {lang: encode([r[0] for r in rows[lang]], lang) for lang in rows}
    second = {lang: encode([r[1] for r in rows[lang]], lang) for lang in rows}
    out = {}
    for a, b in (("en", "en"), ("nl", "en"), ("fr", "en"), ("nl", "fr")):
        sims = np.einsum("ij,ij->i", first[a], second[b])
        out[f"{a}-{b}"] = float(spearmanr(sims, gold).statistic)
    return out


def crosslingual_report(
    data: Path, embedder: Embedder, config: RankConfig, cache: VectorCache | None, *, limit: int
) -> dict[str, dict[str, float]]:
    """Every check (``tatoeba``, ``flores200``, ``stsb-multi-mt``) for one model under ``config``."""
    cached = CachedEmbedder(embedder, cache)
    handling = ModelAlignment.for_config(embedder.model_id, embedder.query_model_id, config)

    def passages(texts: Sequence[str], lang: str) -> FloatMatrix:
        return handling.passages(cached.passages(list(texts)), [lang] * len(texts))

    def queries(texts: Sequence[str], lang: str) -> FloatMatrix:
        return handling.queries(cached.queries(list(texts), remember=True), [lang] * len(texts))

    return {
        "tatoeba": tatoeba(data, passages, limit),
        "flores200": flores(data, passages, queries, limit),
        "stsb-multi-mt": stsb(data, passages, limit),
    }
