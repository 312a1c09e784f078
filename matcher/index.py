"""The in-memory index: every item's texts, their vectors per embedder, and their n-gram counts.

Items are added and removed one by one; only new texts are embedded (through the cache), aligned
and counted (with a network-wide ``centering`` every stored raw vector is aligned and centred again
at each build). Each text's arrays are held once (its vectors twice with such a centring: the raw
ones and the centred ones): an upserted batch's rows wait in a pending
:class:`~matcher.index_rows.UnitRows` until the next search, which takes the last snapshot's kept
rows and the pending ones into a new snapshot (:class:`IndexArrays`, what scoring reads).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from sklearn.base import clone

from matcher.aggregation import padded_groups
from matcher.alignment import ModelAlignment
from matcher.centering import center_by_group
from matcher.concepts import ConceptChannel, shipped_channel
from matcher.config import RankConfig
from matcher.embedding import CachedEmbedder, FloatMatrix, normalise_rows
from matcher.helptypes import HelpTypeChannel, load_help_types
from matcher.hubness import local_density
from matcher.index_rows import UnitRows
from matcher.items import Item, ItemColumns
from matcher.lexical import LexicalScorer
from matcher.text import language_code, split_sentences

__all__ = ["IndexArrays", "ItemIndex"]


@dataclass
class _Entry:
    item: Item
    sentences: list[str]
    languages: list[str]  # per text: declared or guessed, "" unknown
    source: int  # where its texts' rows are: -1 the last snapshot's, else that pending batch
    start: int  # its first text's row there
    sentence_vectors: list[FloatMatrix] | None = None


@dataclass(frozen=True)
class IndexArrays:
    """A consistent snapshot of the index, as arrays.

    Attributes:
        items: n items, in index order.
        ids: their ids.
        unit_item: (n_units,) item position of each text.
        unit_label: source label of each text.
        unit_language: language code of each text (the item's, else guessed; ``""`` unknown).
        vectors: per channel, (n_units, d_c) L2-normalised.
        groups: (n_items, max_units) unit positions per item, -1 padded.
        hub: (n_units,) each text's hubness (:func:`local_density`, mean over embedders), or
            ``None`` when ``RankConfig.hub_penalty`` is 0.
        help: (n_units, n_types) each text's help-type distribution, or ``None`` when the
            channel is off (``RankConfig.help_weight == 0``).
        concepts: (n_units, n_concepts) each text's CPV concept distribution, or ``None`` when
            that channel is off (``RankConfig.concept_weight == 0``, or no prototypes shipped for
            some embedder).
        lexical: the fitted lexical scorer over all texts (questions).
        document_lexical: the one for documents (``RankConfig.document_spec``; the same object
            when both channels have the same settings).
        columns: the items' filterable fields as arrays.
    """

    items: list[Item]
    ids: list[str]
    unit_item: NDArray[np.intp]
    unit_label: list[str]
    unit_language: list[str]
    vectors: list[FloatMatrix]
    groups: NDArray[np.intp]
    lexical: LexicalScorer
    document_lexical: LexicalScorer
    columns: ItemColumns
    help: NDArray[np.float32] | None = None
    hub: NDArray[np.float32] | None = None
    concepts: NDArray[np.float32] | None = None


class ItemIndex:
    """Items, their embeddings (one channel per embedder) and lexical counts.

    Args:
        channels: cached embedders; several form an ensemble.
        config: ranking settings (lexical analyzer and n-gram range are read here).
        embed_sentences: embed every sentence on the write path (:meth:`prepare`), so an
            explanation reads its vectors from the cache and calls no model at query time;
            otherwise sentences are embedded on first use. Sentence vectors stay in memory only
            when ranking reads them (``config.sentence_weight > 0``); an explanation reads the
            shown item's from the cache.
    """

    def __init__(
        self, channels: Sequence[CachedEmbedder], *, config: RankConfig, embed_sentences: bool = True
    ) -> None:
        self.channels = list(channels)
        self.config = config
        self.embed_sentences = embed_sentences
        self._specs = config.lexical_specs()
        self._lexicals = [spec.scorer() for spec in self._specs]
        self.alignments = [
            ModelAlignment.for_config(c.embedder.model_id, c.embedder.query_model_id, config)
            for c in self.channels
        ]
        self._entries: dict[str, _Entry] = {}
        self._arrays: IndexArrays | None = None
        self._stored: UnitRows | None = None  # the last snapshot's rows (source -1)
        self._pending: list[UnitRows] = []  # upserted batches since
        self._lock = threading.RLock()
        self._help: HelpTypeChannel | None = None
        self._concepts: ConceptChannel | None | bool = False  # False: not loaded yet

    @property
    def _keeps_sentences(self) -> bool:
        """Whether every item's sentence vectors stay in memory (ranking reads them)."""
        return self.config.sentence_weight > 0

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, item_id: object) -> bool:
        return item_id in self._entries

    def prepare(self, items: Iterable[Item]) -> None:
        """Embed the items' texts and sentences into the cache without indexing them.

        Lets a caller fail on the model before it writes anything; :meth:`upsert` then embeds
        nothing new.
        """
        batch = list(items)
        self.help_channel()  # its descriptions are embedded on the write path, never by a search
        texts = [text for item in batch for _, text in item.texts]
        sentences = [s for item in batch for s in self._sentences(item)] if self.embed_sentences else []
        for channel in self.channels:
            channel.passages(texts)
            channel.passages(sentences)

    def upsert(self, items: Iterable[Item]) -> None:
        """Add or replace items; texts already in the cache are not embedded again.

        Sentences are embedded here only when their vectors stay in memory; otherwise
        :meth:`prepare` (the write path) puts them in the cache, or the first explanation does.
        """
        batch = list(items)
        if not batch:
            return
        self.help_channel()
        texts = [text for item in batch for _, text in item.texts]
        languages = [language_code(item.language, text) for item in batch for _, text in item.texts]
        rows = self._rows(
            texts,
            languages,
            [item.language or "" for item in batch for _ in item.texts],
            [item.role for item in batch for _ in item.texts],
        )
        sentences = [self._sentences(item) for item in batch]
        sentence_vectors: list[list[FloatMatrix]] | None = None
        if self.embed_sentences and self._keeps_sentences:
            flat = [s for group in sentences for s in group]
            encoded = [channel.passages(flat) for channel in self.channels]
            sentence_vectors = []
            start = 0
            for group in sentences:
                sentence_vectors.append([m[start : start + len(group)] for m in encoded])
                start += len(group)
        with self._lock:
            self._pending.append(rows)
            start = 0
            for n, item in enumerate(batch):
                self._entries[item.id] = _Entry(
                    item=item,
                    sentences=sentences[n],
                    languages=languages[start : start + len(item.texts)],
                    source=len(self._pending) - 1,
                    start=start,
                    sentence_vectors=sentence_vectors[n] if sentence_vectors is not None else None,
                )
                start += len(item.texts)
            self._arrays = None

    def _rows(
        self, texts: list[str], languages: list[str], declared: list[str], roles: list[str]
    ) -> UnitRows:
        """New texts' rows: vectors (neutral when centring is per text), frequencies, distributions."""
        raw = [channel.passages(texts) for channel in self.channels]
        help_units = concept_units = None
        channel, concepts = self.help_channel(), self.concept_channel()
        if channel is not None or concepts is not None:
            joined = self.joined(raw)
            if channel is not None:
                help_units = channel.distribution(joined, languages)
                if channel.supply_ is not None:
                    help_units = channel.with_roles(help_units, roles, channel.supply_)
            if concepts is not None:
                concept_units = concepts.distribution(joined, languages)
        vectors = self.neutral(raw, languages, declared) if texts and self.config.per_text_centering else raw
        return UnitRows(
            vectors=[np.asarray(v, dtype=np.float32) for v in vectors],
            tf=[scorer.term_frequencies(texts) for scorer in self._lexicals],
            help=help_units,
            concepts=concept_units,
        )

    def remove(self, ids: Iterable[str]) -> None:
        """Drop items (unknown ids are ignored)."""
        with self._lock:
            for item_id in ids:
                self._entries.pop(item_id, None)
            self._arrays = None

    def get(self, item_id: str) -> Item | None:
        entry = self._entries.get(item_id)
        return entry.item if entry is not None else None

    @staticmethod
    def _sentences(item: Item) -> list[str]:
        found = [s for _, text in item.texts for s in split_sentences(text)]
        full = [s for s in found if len(s.split()) >= 3]  # a bare title is no reason
        return full or found or [""]

    def sentences(self, item_id: str, item: Item | None = None) -> tuple[list[str], list[FloatMatrix]]:
        """The item's sentences and their vectors per channel, (n_sentences, d_c) each.

        ``item``: the version a search's snapshot holds; when it was replaced or removed since
        (a concurrent write), its sentences are derived again (through the cache) instead.
        """
        if item is None:
            entry = self._entries.get(item_id)
            if entry is None:
                raise KeyError(item_id)
            item = entry.item
        return self.sentences_of([item])[0]

    def sentences_of(self, items: Sequence[Item]) -> list[tuple[list[str], list[FloatMatrix]]]:
        """:meth:`sentences` of several items (each as a snapshot holds it), one cache read per channel.

        Returns:
            per item, its sentences and their vectors per channel, (n_sentences, d_c) each.
        """
        entries = [self._entries.get(item.id) for item in items]
        current = [
            e if e is not None and e.item is item else None for e, item in zip(entries, items, strict=True)
        ]
        found = [
            e.sentences if e is not None else self._sentences(i) for e, i in zip(current, items, strict=True)
        ]
        wanted = [n for n, e in enumerate(current) if e is None or e.sentence_vectors is None]
        flat = [s for n in wanted for s in found[n]]
        encoded = [c.passages(flat) for c in self.channels]
        vectors: list[list[FloatMatrix] | None] = [
            e.sentence_vectors if e is not None else None for e in current
        ]
        start = 0
        for n in wanted:
            stop = start + len(found[n])
            vectors[n] = [m[start:stop] for m in encoded]
            start = stop
            entry = current[n]
            if entry is not None and self._keeps_sentences:
                entry.sentence_vectors = vectors[n]
        out = []
        for n, v in enumerate(vectors):
            assert v is not None  # every item not kept in memory was read above
            out.append((found[n], v))
        return out

    def arrays(self) -> IndexArrays:
        """The current snapshot (rebuilt after changes)."""
        with self._lock:
            if self._arrays is None:
                self._arrays = self._build()
            return self._arrays

    def _build(self) -> IndexArrays:
        entries = sorted(self._entries.values(), key=lambda e: e.item.id)
        sources = ([self._stored] if self._stored is not None else []) + self._pending
        lengths = np.asarray([len(e.item.texts) for e in entries], dtype=np.intp)
        if entries and sources:
            first = np.cumsum([0] + [len(s) for s in sources])  # each source's first row, concatenated
            shift = 1 if self._stored is not None else 0  # source -1 is the snapshot, first
            starts = np.asarray([first[e.source + shift] + e.start for e in entries], dtype=np.intp)
            rows = UnitRows.gather(sources, starts, lengths)
        else:
            rows = self._rows([], [], [], [])
        unit_item = np.asarray([n for n, e in enumerate(entries) for _ in e.item.texts], dtype=np.intp)
        unit_languages = [language for e in entries for language in e.languages]
        vectors = rows.vectors
        if entries and not self.config.per_text_centering:
            vectors = self.neutral(
                vectors, unit_languages, [e.item.language or "" for e in entries for _ in e.item.texts]
            )
        hub = None
        if self.config.hub_penalty > 0:
            hub = np.mean([local_density(v, k=self.config.hub_neighbours) for v in vectors], axis=0)
        fitted: list[LexicalScorer] = [
            clone(t).fit(tf=tf) for t, tf in zip(self._lexicals, rows.tf, strict=True)
        ]
        for shared in [*rows.vectors, rows.help, rows.concepts]:  # later snapshots share them: read-only
            if shared is not None:
                shared.flags.writeable = False
        self._stored = UnitRows(rows.vectors, [f.tf_ for f in fitted], rows.help, rows.concepts)
        self._pending = []
        for entry, start in zip(entries, (np.cumsum(lengths) - lengths).tolist(), strict=True):
            entry.source, entry.start = -1, start  # now in the snapshot's rows
        document = fitted[self._specs.index(self.config.document_spec)] if len(fitted) > 1 else fitted[0]
        return IndexArrays(
            items=[e.item for e in entries],
            ids=[e.item.id for e in entries],
            unit_item=unit_item,
            unit_label=[label for e in entries for label, _ in e.item.texts],
            unit_language=unit_languages,
            vectors=vectors,
            groups=padded_groups(unit_item, len(entries)),
            lexical=fitted[0],
            document_lexical=document,
            columns=ItemColumns.of([e.item for e in entries]),
            help=rows.help,
            hub=hub,
            concepts=rows.concepts,
        )

    def neutral(
        self, vectors: Sequence[FloatMatrix], languages: Sequence[str], declared: Sequence[str] | None = None
    ) -> list[FloatMatrix]:
        """Passage vectors with the language signal removed as ``config.centering`` says.

        Args:
            vectors: per channel (the first ``len(vectors)`` channels), (n, d_c) L2-normalised
                passage vectors of n texts.
            languages: n language codes, declared or guessed (``""`` unknown): the model's
                alignment reads these.
            declared: n declared codes (default ``languages``): network centring groups by these.

        Returns:
            per channel, (n, d_c) float32, rows L2-normalised.
        """
        out = [np.asarray(v, dtype=np.float32) for v in vectors]
        if self.config.model_centering:
            out = [a.passages(v, languages) for a, v in zip(self.alignments[: len(out)], out, strict=True)]
            if self.config.centering == "model+mean":
                out = [normalise_rows(v - v.mean(axis=0, keepdims=True)) for v in out]
        if self.config.network_centering:
            groups = list(languages if declared is None else declared)
            out = [center_by_group(v, groups, min_items=self.config.centering_min_items) for v in out]
        return out

    @staticmethod
    def joined(vectors: Sequence[FloatMatrix]) -> FloatMatrix:
        """Several embedders' vectors side by side, each scaled by 1/sqrt(n): (n, sum of d_c).

        A dot product of two joined rows is the mean of the embedders' cosines.
        """
        return np.hstack([np.asarray(v, np.float32) / np.sqrt(len(vectors)) for v in vectors])

    def help_channel(self) -> HelpTypeChannel | None:
        """The help-type channel (descriptions embedded once, through the cache); ``None`` when off."""
        if self.config.help_weight <= 0:
            return None
        with self._lock:
            if self._help is None:
                types = load_help_types()
                languages = sorted({lang for t in types for lang in t.text})
                prototypes = {
                    lang: self.joined([c.passages([t.text[lang] for t in types]) for c in self.channels])
                    for lang in languages
                }
                channel = HelpTypeChannel(sharpness=self.config.help_sharpness)
                self._help = channel.fit(prototypes, ids=[t.id for t in types])
            return self._help

    def concept_channel(self) -> ConceptChannel | None:
        """The CPV concept channel (shipped prototypes, :mod:`matcher.concepts`); ``None`` when off.

        Off when ``config.concept_weight`` is 0, or when some embedder has no shipped prototypes.
        """
        if self.config.concept_weight <= 0:
            return None
        with self._lock:
            if self._concepts is False:
                model_ids = [c.embedder.model_id for c in self.channels]
                self._concepts = shipped_channel(self.config, model_ids, self.joined)
            return self._concepts if isinstance(self._concepts, ConceptChannel) else None
