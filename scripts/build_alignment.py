"""Build the shipped language alignments (``matcher/data/alignment/*.npz``) from parallel text.

    python scripts/build_alignment.py SHARED_DATASETS [--embedder e5-small] [--sentences 1000]

Source: NTREX-128 (``shared/datasets/ntrex``: WMT19 newstest, English with human Dutch and French
translations, CC BY-SA 4.0, MicrosoftTranslator/NTREX) — the first ``--sentences`` line-aligned
triples — and the par-TED sample (``shared/datasets/par-ted``: 73 nl/en/fr sentences from EU
procurement notices, MIT / EU reuse policy, oussamaahmia/TED-dataset). FLORES-200, Tatoeba and
STS-B are kept out: they are the held-out checks (``python -m evaluation.crosslingual``).

Each model id (the passage encoding, and the query encoding where it differs) gets one file with
the per-language offsets and the first 32 difference components (``matcher.alignment``).
"""

from __future__ import annotations

import argparse
import csv
import os
from pathlib import Path

from matcher.alignment import LanguageAligner, alignment_file
from matcher.embedding import CachedEmbedder, MemoryVectorCache, create_embedders

STORED_COMPONENTS = 32


def parallel_text(data: Path, sentences: int) -> dict[str, list[str]]:
    """Line-aligned nl/en/fr sentences: NTREX first, then par-TED."""
    files = {
        "en": "newstest2019-src.eng.txt",
        "nl": "newstest2019-ref.nld.txt",
        "fr": "newstest2019-ref.fra.txt",
    }
    out = {
        lang: [line.strip() for line in (data / "ntrex" / name).read_text(encoding="utf-8").splitlines()][
            :sentences
        ]
        for lang, name in files.items()
    }
    with (data / "par-ted" / "par_ted_sample_nl_en_fr.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            for lang in out:
                out[lang].append(row[lang].strip())
    return out


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("data", type=Path, help="shared/datasets")
    parser.add_argument("--embedder", default="e5-small")
    parser.add_argument("--sentences", type=int, default=1000, help="NTREX triples to read")
    parser.add_argument("--cache", default=None, help="SQLite embedding cache (e.g. eval-out/embeddings.db)")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    texts = parallel_text(args.data, args.sentences)
    cache = MemoryVectorCache()
    if args.cache:
        from store.sqlite import SQLiteStore

        cache = SQLiteStore(args.cache)  # type: ignore[assignment]
    for embedder in create_embedders(args.embedder, num_threads=1):
        cached = CachedEmbedder(embedder, cache)
        sides = [(embedder.model_id, False)]
        if embedder.query_model_id != embedder.model_id:
            sides.append((embedder.query_model_id, True))
        for model_id, as_query in sides:
            parallel = {
                lang: cached.queries(t, remember=True) if as_query else cached.passages(t)
                for lang, t in texts.items()
            }
            aligner = LanguageAligner(components=STORED_COMPONENTS).fit(parallel)
            path = alignment_file(model_id)
            aligner.save(path)
            print(f"{model_id}: {len(texts['en'])} sentences x {len(texts)} languages -> {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
