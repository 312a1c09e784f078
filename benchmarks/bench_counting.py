"""Counting character n-grams word by word (:mod:`matcher.ngram_counts`) against scikit-learn's
HashingVectorizer, on the same texts in the same run; prints the ratio and checks the counts agree.

    python benchmarks/bench_counting.py [--flores ../shared/datasets/flores200] [--profiles 10000]

Texts: ``bench_match.py``'s synthetic profiles (a 50-word vocabulary: the best case) and, with
``--flores``, FLORES-200 devtest sentences in Dutch, English and French, five to a text (the words
of real text repeat far less in a small corpus: the gain grows with the corpus).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from bench_match import synthetic  # type: ignore[import-not-found]  # same folder

from api.app.records import profile_item, to_profile
from matcher.lexical import LexicalScorer
from matcher.ngram_counts import char_wb_counts


def compare(name: str, texts: list[str]) -> None:
    vectorizer = LexicalScorer()._vectorizer()
    t0 = time.perf_counter()
    ours = char_wb_counts(texts, vectorizer)
    wordwise = time.perf_counter() - t0
    t0 = time.perf_counter()
    theirs = sp.csr_matrix(vectorizer.transform(texts))
    hashing = time.perf_counter() - t0
    agree = (ours != theirs).nnz == 0
    print(
        f"{name}: {len(texts)} texts, word by word {wordwise:.2f} s, HashingVectorizer {hashing:.2f} s, "
        f"ratio {wordwise / hashing:.2f}; counts {'identical' if agree else 'DIFFER'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--profiles", type=int, default=10000)
    parser.add_argument("--flores", type=Path, help="the FLORES-200 folder of ../shared/datasets")
    args = parser.parse_args()
    profiles = synthetic(args.profiles, np.random.default_rng(0))
    compare("synthetic", [t for p in profiles for _, t in profile_item(to_profile(p)).texts])
    if args.flores is not None:
        lines = [
            line
            for code in ("nld_Latn", "eng_Latn", "fra_Latn")
            for line in (args.flores / f"{code}.devtest").read_text(encoding="utf-8").splitlines()
        ]
        compare("FLORES-200", [" ".join(lines[i : i + 5]) for i in range(0, len(lines), 5)])


if __name__ == "__main__":
    main()
