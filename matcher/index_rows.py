"""Per-text arrays of a set of items, in one order: what the index holds once, between builds.

A batch of upserted items becomes one :class:`UnitRows`; a build takes the rows kept from the last
snapshot and the new batches' rows in the new snapshot's order (:meth:`UnitRows.gather`), so nothing
already indexed is embedded, aligned or counted again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from matcher.embedding import FloatMatrix

__all__ = ["UnitRows"]


@dataclass(frozen=True)
class UnitRows:
    """n texts' arrays, row for row.

    Attributes:
        vectors: per embedder, (n, d_c) float32: language-neutral when the index's centring is
            per text, raw otherwise (the build centres them on the whole network).
        tf: per lexical channel, (n, n_features) sublinear term frequencies: CSR for new rows,
            CSC for a snapshot's (its lexical scorers' :attr:`~matcher.lexical.LexicalScorer.tf_`).
        help: (n, n_types) help-type distributions, or ``None`` when that channel is off.
        concepts: (n, n_concepts) CPV concept distributions, or ``None`` when off.
    """

    vectors: list[FloatMatrix]
    tf: list[sp.csr_matrix | sp.csc_matrix]
    help: NDArray[np.float32] | None = None
    concepts: NDArray[np.float32] | None = None

    def __len__(self) -> int:
        return int(self.vectors[0].shape[0])

    @staticmethod
    def gather(sources: Sequence[UnitRows], starts: NDArray[np.intp], lengths: NDArray[np.intp]) -> UnitRows:
        """Items' rows, item after item, out of several row sets.

        Args:
            sources: row sets, thought of as concatenated.
            starts: (n_items,) each item's first row in that concatenation.
            lengths: (n_items,) its number of rows.

        Returns:
            the ``lengths.sum()`` rows, each array copied once; the single source itself (no copy)
            when that is what was asked for.
        """
        begins = np.cumsum(lengths) - lengths
        order = np.repeat(starts - begins, lengths) + np.arange(int(lengths.sum()), dtype=np.intp)
        if (
            len(sources) == 1
            and order.size == len(sources[0])
            and bool(np.all(order == np.arange(order.size)))
        ):
            return sources[0]
        firsts = np.cumsum([0] + [len(s) for s in sources])  # each source's first row, concatenated
        position = np.full(firsts[-1], -1, dtype=np.int32)  # combined row -> new row
        position[order] = np.arange(order.size, dtype=np.int32)
        source = np.searchsorted(firsts, order, side="right") - 1  # (n_rows,) the source of each row

        def take(arrays: Sequence[NDArray[np.float32]]) -> NDArray[np.float32]:
            out = np.empty((order.size, *arrays[0].shape[1:]), dtype=arrays[0].dtype)
            for k, array in enumerate(arrays):
                at = np.flatnonzero(source == k)
                out[at] = array[order[at] - firsts[k]]
            return out

        def take_channel(arrays: Sequence[NDArray[np.float32] | None]) -> NDArray[np.float32] | None:
            present = [a for a in arrays if a is not None]
            if len(present) != len(arrays):
                if present:
                    raise ValueError("row sets disagree on whether a channel is on")
                return None
            return take(present)

        return UnitRows(
            vectors=[take([s.vectors[c] for s in sources]) for c in range(len(sources[0].vectors))],
            tf=[
                _gather_columns([s.tf[c] for s in sources], position, order.size)
                for c in range(len(sources[0].tf))
            ],
            help=take_channel([s.help for s in sources]),
            concepts=take_channel([s.concepts for s in sources]),
        )


def _gather_columns(parts: Sequence[sp.spmatrix], position: NDArray[np.int32], n_rows: int) -> sp.csc_matrix:
    """Row sets of one sparse matrix, renumbered and merged column by column, without a CSR copy.

    Args:
        parts: (n_k, n_features) matrices (CSC or CSR), thought of as stacked.
        position: (sum n_k,) each stacked row's new row, -1 to drop it.
        n_rows: number of new rows.

    Returns:
        (n_rows, n_features) CSC float32, row indices within a column not sorted.
    """
    runs: list[list[sp.spmatrix]] = []  # consecutive CSR parts (pending batches) stacked once:
    for part in parts:  # each part costs O(n_features) below, whatever its rows
        if runs and not sp.isspmatrix_csc(part) and not sp.isspmatrix_csc(runs[-1][-1]):
            runs[-1].append(part)
        else:
            runs.append([part])
    merged = [run[0] if len(run) == 1 else sp.vstack(run, format="csr") for run in runs]
    offsets = np.cumsum([0] + [p.shape[0] for p in merged])
    out: sp.csc_matrix | None = None
    for part, start, stop in zip(merged, offsets[:-1], offsets[1:], strict=True):
        renumbered = _renumber_rows(sp.csc_matrix(part, dtype=np.float32), position[start:stop], n_rows)
        out = renumbered if out is None else out + renumbered  # disjoint rows: the sum is the union
    assert out is not None  # there is at least one part
    out = sp.csc_matrix(out, dtype=np.float32)
    out.has_sorted_indices = False
    return out


def _renumber_rows(matrix: sp.csc_matrix, new_row: NDArray[np.int32], n_rows: int) -> sp.csc_matrix:
    """``matrix``'s row r moved to row ``new_row[r]`` of an (n_rows, n_features) matrix, or dropped
    when that is -1; the index arrays are reused when nothing is dropped."""
    rows = new_row[matrix.indices]
    keep = rows >= 0
    indptr, data = matrix.indptr, matrix.data
    if not keep.all():
        kept = np.concatenate([[0], np.cumsum(keep, dtype=np.int64)])  # kept elements before each
        indptr, data, rows = kept[indptr], data[keep], rows[keep]
    index_type = np.int32 if indptr[-1] < np.iinfo(np.int32).max else np.int64  # as scipy would choose
    return sp.csc_matrix(
        (data, rows.astype(index_type, copy=False), indptr.astype(index_type, copy=False)),
        shape=(n_rows, matrix.shape[1]),
    )
