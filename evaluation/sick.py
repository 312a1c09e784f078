"""SICK-NL: Dutch sentence pairs with human relatedness scores (1..5), for embedding checks.

File: ``SICK_NL.txt`` (tab-separated, UTF-8, header row) with columns ``pair_ID, sentence_A,
sentence_B, entailment_label, relatedness_score, entailment_AB, entailment_BA,
sentence_A_original, sentence_B_original, sentence_A_dataset, sentence_B_dataset, SemEval_set``.
``SemEval_set`` is the split: ``TRAIN`` (4,439), ``TRIAL`` (495) or ``TEST`` (4,906).

The usual figure is Spearman's rho between model cosine similarities and ``relatedness_score``
on the ``TEST`` split.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal, cast

from scipy.stats import spearmanr

__all__ = ["SickPair", "Split", "load_sick_nl", "spearman_relatedness"]

Split = Literal["TRAIN", "TRIAL", "TEST"]
_SPLITS: Final[tuple[str, ...]] = ("TRAIN", "TRIAL", "TEST")
_REQUIRED: Final = ("pair_ID", "sentence_A", "sentence_B", "relatedness_score", "SemEval_set")


@dataclass(frozen=True)
class SickPair:
    """One sentence pair.

    Attributes:
        pair_id: ``pair_ID`` column.
        sentence_a: ``sentence_A`` (Dutch).
        sentence_b: ``sentence_B`` (Dutch).
        relatedness: ``relatedness_score``, 1.0..5.0.
        split: ``SemEval_set``: ``"TRAIN"``, ``"TRIAL"`` or ``"TEST"``.
    """

    pair_id: int
    sentence_a: str
    sentence_b: str
    relatedness: float
    split: Split


def load_sick_nl(path: Path, split: str | None = None) -> list[SickPair]:
    """Read ``SICK_NL.txt``.

    Args:
        path: the file.
        split: keep only this ``SemEval_set`` (case-insensitive: train, trial or test); all
            9,840 pairs when ``None``.

    Returns:
        Pairs in file order.

    Raises:
        ValueError: unknown ``split``, a missing column, or a malformed row.
    """
    wanted = None if split is None else split.upper()
    if wanted is not None and wanted not in _SPLITS:
        raise ValueError(f"split={split!r}; expected one of {_SPLITS} or None")
    pairs: list[SickPair] = []
    with Path(path).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        missing = [c for c in _REQUIRED if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path}: missing columns {missing}")
        for line_no, row in enumerate(reader, start=2):
            row_split = row["SemEval_set"].strip().upper()
            if row_split not in _SPLITS:
                raise ValueError(f"{path}:{line_no}: SemEval_set={row['SemEval_set']!r}")
            if wanted is not None and row_split != wanted:
                continue
            try:
                pair_id, score = int(row["pair_ID"]), float(row["relatedness_score"])
            except ValueError:
                raise ValueError(
                    f"{path}:{line_no}: pair_ID={row['pair_ID']!r}, "
                    f"relatedness_score={row['relatedness_score']!r}"
                ) from None
            if not 1.0 <= score <= 5.0:
                raise ValueError(f"{path}:{line_no}: relatedness_score={score!r} outside 1..5")
            pairs.append(
                SickPair(
                    pair_id=pair_id,
                    sentence_a=row["sentence_A"].strip(),
                    sentence_b=row["sentence_B"].strip(),
                    relatedness=score,
                    split=cast(Split, row_split),
                )
            )
    return pairs


def spearman_relatedness(similarities: Sequence[float], gold: Sequence[float]) -> float:
    """Spearman's rho between model similarities and gold relatedness (``scipy.stats.spearmanr``).

    Args:
        similarities: shape ``(n,)``, e.g. cosine similarity of each pair's two embeddings.
        gold: shape ``(n,)``, the pairs' ``relatedness`` in the same order.

    Returns:
        rho in [-1, 1] (ties get average ranks).

    Raises:
        ValueError: lengths differ, fewer than 2 pairs, a non-finite value, or a constant input
            (rho is undefined).
    """
    if len(similarities) != len(gold):
        raise ValueError(f"len(similarities)={len(similarities)} != len(gold)={len(gold)}")
    if len(gold) < 2:
        raise ValueError(f"need at least 2 pairs, got {len(gold)}")
    for name, values in (("similarities", similarities), ("gold", gold)):
        bad = next((v for v in values if not math.isfinite(v)), None)
        if bad is not None:
            raise ValueError(f"{name} contains a non-finite value {bad!r}")
        if min(values) == max(values):
            raise ValueError(f"{name} is constant ({values[0]!r}); Spearman's rho is undefined")
    rho = spearmanr(list(similarities), list(gold)).statistic
    return float(rho)
