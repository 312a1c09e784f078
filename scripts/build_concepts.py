"""Build the shipped CPV concepts (``matcher/data/concepts``) from the official CPV labels.

    python scripts/build_concepts.py SHARED_DATASETS [--embedder e5-small+use-multilingual] [--cache DB]

Source: ``shared/datasets/cpv/cpv_2008_official_nl_en_fr.csv`` (``code,nl,en,fr``, 9,454 codes): the
CPV 2008 main vocabulary (Regulation (EC) 2195/2002 as amended by Regulation (EC) 213/2008), EU
legislation text, reusable with attribution; read from the EU SIMAP ``cpv_2008_xls`` sheet by
kaftanowicz/rcpv (MIT) and checked against the eForms SDK (CC BY 4.0) — see
``shared/datasets/README.md``.

Writes ``cpv_groups.json`` (each concept's code and nl/en/fr label: every CPV group ``XXX00000``,
and every division ``XX000000`` that has no group) and, for each embedder's passage model id,
``{model id}.npz``: ``codes`` (n_concepts,), ``languages`` (n_languages,) and ``prototypes``
(n_languages, n_concepts, d) float16, each row the normalised mean of the passage vectors of every
label under the concept, in that language (``matcher.concepts``), and ``baseline`` /
``baseline_query`` (n_languages, n_concepts): the mean similarity of each prototype to the parallel
sentences of ``scripts/build_alignment.py`` in that language (NTREX-128, CC BY-SA 4.0, and the par-TED
sample; passage and query encodings), which a text's similarities lose before they are z-scored.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
from pathlib import Path

import numpy as np

from matcher.concepts import CONCEPTS_DIR, LABELS_NAME, concept_file
from matcher.embedding import CachedEmbedder, MemoryVectorCache, create_embedders, normalise_rows

LANGUAGES = ("en", "fr", "nl")
CPV_FILE = Path("cpv") / "cpv_2008_official_nl_en_fr.csv"


def read_cpv(data: Path) -> list[dict[str, str]]:
    """The CPV rows: ``code`` (8 digits, no check digit) and one label per language."""
    with (data / CPV_FILE).open(encoding="utf-8", newline="") as fh:
        return [
            {"code": r["code"][:8], **{lang: r[lang].strip() for lang in LANGUAGES}}
            for r in csv.DictReader(fh)
        ]


def concepts(rows: list[dict[str, str]]) -> list[dict[str, object]]:
    """The concepts, sorted by code: each group, and each division without a group."""
    codes = {r["code"] for r in rows}
    grouped = {c[:2] for c in codes if c[2] != "0" and c[3:] == "00000"}
    chosen = sorted(
        c for c in codes if (c[2] != "0" and c[3:] == "00000") or (c[2:] == "000000" and c[:2] not in grouped)
    )
    labels = {r["code"]: r for r in rows}
    return [{"code": c, "label": {lang: labels[c][lang] for lang in LANGUAGES}} for c in chosen]


def members(rows: list[dict[str, str]], chosen: list[dict[str, object]]) -> list[list[int]]:
    """For each concept, the rows under it (a group: its 3-digit prefix; a division: its 2-digit one)."""
    out = []
    for concept in chosen:
        code = str(concept["code"])
        prefix = code[:2] if code[2:] == "000000" else code[:3]
        out.append([n for n, r in enumerate(rows) if r["code"].startswith(prefix)])
    return out


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("data", type=Path, help="shared/datasets")
    parser.add_argument("--embedder", default="e5-small+use-multilingual")
    parser.add_argument("--out", type=Path, default=CONCEPTS_DIR)
    parser.add_argument("--cache", default=None, help="SQLite embedding cache (e.g. eval-out/embeddings.db)")
    parser.add_argument("--labels-only", action="store_true", help="write cpv_groups.json only")
    parser.add_argument("--sentences", type=int, default=1000, help="NTREX triples for the baselines")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    rows = read_cpv(args.data)
    chosen = concepts(rows)
    args.out.mkdir(parents=True, exist_ok=True)
    document = {
        "source": "CPV 2008 (Reg. 2195/2002 as amended by 213/2008), shared/datasets/" + str(CPV_FILE),
        "licence": "EU legislation text, reuse with attribution",
        "concepts": chosen,
    }
    (args.out / LABELS_NAME).write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", "utf-8")
    print(f"{len(chosen)} concepts from {len(rows)} CPV codes -> {args.out / LABELS_NAME}")
    if args.labels_only:
        return 0
    cache = MemoryVectorCache()
    if args.cache:
        from store.sqlite import SQLiteStore

        cache = SQLiteStore(args.cache)  # type: ignore[assignment]
    from build_alignment import parallel_text  # this folder's: the same parallel sentences

    groups = members(rows, chosen)
    parallel = parallel_text(args.data, args.sentences)
    for embedder in create_embedders(args.embedder, num_threads=os.cpu_count() or 1):
        cached = CachedEmbedder(embedder, cache)
        per_language, baseline, baseline_query = [], [], []
        for lang in LANGUAGES:
            vectors = cached.passages([r[lang] for r in rows])  # (n_rows, d)
            shipped = normalise_rows(np.stack([vectors[g].mean(axis=0) for g in groups])).astype(np.float16)
            per_language.append(shipped)
            prototypes = normalise_rows(shipped.astype(np.float32))  # as the package reads them
            baseline.append((cached.passages(parallel[lang]) @ prototypes.T).mean(axis=0))
            queries = cached.queries(parallel[lang], remember=True)
            baseline_query.append((queries @ prototypes.T).mean(axis=0))
        path = concept_file(embedder.model_id, args.out)
        np.savez_compressed(
            path,
            codes=np.asarray([str(c["code"]) for c in chosen]),
            languages=np.asarray(LANGUAGES),
            prototypes=np.stack(per_language),
            baseline=np.stack(baseline).astype(np.float32),
            baseline_query=np.stack(baseline_query).astype(np.float32),
        )
        print(f"{embedder.model_id}: {len(chosen)} concepts x {len(LANGUAGES)} languages -> {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
