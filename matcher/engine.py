"""MatchEngine: embed a question, score every item, keep the best, say why."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from matcher.aggregation import aggregate
from matcher.concepts import ConceptChannel
from matcher.config import RankConfig
from matcher.embedding import CachedEmbedder, FloatMatrix
from matcher.helptypes import HelpTypeChannel
from matcher.index import IndexArrays, ItemIndex
from matcher.items import Filters, Item
from matcher.ranking import top_k
from matcher.scoring import ScoreParts, cos_sim, score_items
from matcher.text import guess_language, matched_terms, normalise_org

__all__ = ["Explanation", "Match", "MatchEngine", "QueryBatch"]

_Sentences = tuple[list[str], list[FloatMatrix]]  # an item's sentences and their vectors per embedder


@dataclass(frozen=True)
class Explanation:
    """Why an item was ranked where it is."""

    dense: float
    lexical: float
    models: dict[str, float]
    matched_terms: list[str]
    best_source: str
    best_passage: str
    needs: str | None = None
    offers: str | None = None
    concept: str | None = None


@dataclass(frozen=True)
class Match:
    item: Item
    score: float
    explanation: Explanation


@dataclass(frozen=True)
class QueryBatch:
    """Questions and their vectors: per embedder, (n_q, d_c).

    ``documents``: (n_q,) which questions are long enough to be matched as documents
    (``RankConfig.document_words``); ``None`` means none. ``languages``: each question's guessed
    language (``""`` unknown), when something reads it. ``help``: (n_q, n_types) help-type
    distributions, when that channel is on; ``concepts``: (n_q, n_concepts) CPV concept
    distributions, likewise.
    """

    texts: list[str]
    vectors: list[FloatMatrix]
    documents: NDArray[np.bool_] | None = None
    languages: list[str] | None = None
    help: NDArray[np.float32] | None = None
    concepts: NDArray[np.float32] | None = None


class MatchEngine:
    """Ranks items for questions.

    Args:
        channels: cached embedders (several form an ensemble whose cosines are fused).
        config: ranking settings.
        embed_sentences: embed every sentence of an item on insert (see :class:`ItemIndex`).
    """

    def __init__(
        self,
        channels: Sequence[CachedEmbedder],
        *,
        config: RankConfig | None = None,
        embed_sentences: bool = True,
    ) -> None:
        self.config = config or RankConfig()
        self.channels = list(channels)
        self.index = ItemIndex(self.channels, config=self.config, embed_sentences=embed_sentences)

    @property
    def model_id(self) -> str:
        return "+".join(c.model_id for c in self.channels)

    def encode(self, texts: Sequence[str], *, remember: bool = False) -> QueryBatch:
        """Embed questions with every channel; ``remember`` writes them to the cache.

        Documents (``config.document_words`` words or more) are encoded as passages.
        """
        documents = self.config.documents(texts)
        vectors = [c.queries(texts, remember=remember, documents=documents) for c in self.channels]
        channel = self.index.help_channel()
        concepts = self.index.concept_channel()
        needed = (
            self.config.model_centering
            or channel is not None
            or concepts is not None
            or self.config.pair_weights
            or self.config.imputed(documents).any()
        )
        languages = [guess_language(t) or "" for t in texts] if needed else None
        help_dist = concept_dist = None
        if channel is not None and languages is not None:
            help_dist = channel.distribution(self.index.joined(vectors), languages)
        if concepts is not None and languages is not None:
            concept_dist = concepts.distribution(self.index.joined(vectors), languages, queries=~documents)
        if self.config.model_centering and languages is not None:
            vectors = [
                a.queries(v, languages, documents)
                for a, v in zip(self.index.alignments, vectors, strict=True)
            ]
        return QueryBatch(list(texts), vectors, documents, languages, help_dist, concept_dist)

    def score(
        self, batch: QueryBatch, arrays: IndexArrays | None = None, *, records: bool = False
    ) -> ScoreParts:
        """Scores of each question against every indexed item, (n_q, n_items) arrays.

        ``records``: the questions are records' own texts (a profile's, for suggestions; a
        project's, for assignment), scored with :meth:`RankConfig.for_records`.
        """
        config = self.config.for_records() if records else self.config
        arrays = arrays or self.index.arrays()
        dense = [cos_sim(q, u) for q, u in zip(batch.vectors, arrays.vectors, strict=True)]
        lexical = self._lexical(batch, arrays)
        sentence_best = None
        if self.config.sentence_weight > 0:
            sentence_best = self._sentence_best(batch, arrays)
        return score_items(
            dense,
            lexical,
            arrays.groups,
            config,
            sentence_best=sentence_best,
            documents=batch.documents,
            languages=self._languages(batch, arrays),
            help_units=self._help(batch, arrays),
            hub=arrays.hub,
            concept_units=self._concepts(batch, arrays),
        )

    @staticmethod
    def _help(batch: QueryBatch, arrays: IndexArrays) -> NDArray[np.float32] | None:
        if batch.help is None or arrays.help is None:
            return None
        return HelpTypeChannel.agreement(batch.help, arrays.help)

    @staticmethod
    def _concepts(batch: QueryBatch, arrays: IndexArrays) -> NDArray[np.float32] | None:
        if batch.concepts is None or arrays.concepts is None:
            return None
        return ConceptChannel.agreement(batch.concepts, arrays.concepts)

    def _languages(self, batch: QueryBatch, arrays: IndexArrays) -> tuple[list[str], list[str]] | None:
        """Question and text languages, when something reads them: some question's cross-language
        lexical scores are imputed (:func:`score_items` imputes only the questions
        :meth:`RankConfig.imputed` flags), or the ensemble's weights depend on the pair's languages.
        """
        documents = np.zeros(len(batch.texts), bool) if batch.documents is None else batch.documents
        if batch.languages is None or not (self.config.pair_weights or self.config.imputed(documents).any()):
            return None
        return list(batch.languages), arrays.unit_language

    @staticmethod
    def _lexical(batch: QueryBatch, arrays: IndexArrays) -> NDArray[np.float32]:
        """(n_q, n_units) TF-IDF cosines: documents through the document channel."""
        out = np.zeros((len(batch.texts), arrays.unit_item.size), np.float32)
        if not arrays.unit_item.size or not batch.texts:
            return out
        documents = np.zeros(len(batch.texts), bool) if batch.documents is None else batch.documents
        for scorer, rows in ((arrays.lexical, ~documents), (arrays.document_lexical, documents)):
            if rows.any():
                out[rows] = scorer.score([t for t, r in zip(batch.texts, rows, strict=True) if r])
        return out

    def _sentence_best(self, batch: QueryBatch, arrays: IndexArrays) -> NDArray[np.float64]:
        out = np.zeros((len(batch.texts), len(arrays.ids)))
        for n, item_id in enumerate(arrays.ids):
            _, vectors = self.index.sentences(item_id, arrays.items[n])
            sims = np.mean([cos_sim(q, v) for q, v in zip(batch.vectors, vectors, strict=True)], axis=0)
            out[:, n] = sims.max(axis=1)
        return out

    def search(self, text: str, *, top_k: int = 10, filters: Filters | None = None) -> list[Match]:
        """The best ``top_k`` items for one question (a batch of one)."""
        return self.search_many([text], top_k=top_k, filters=filters)[0]

    def search_many(
        self, texts: Sequence[str], *, top_k: int = 10, filters: Filters | None = None
    ) -> list[list[Match]]:
        """The best ``top_k`` items for each question, in one model call per embedder."""
        return self.search_batch(self.encode(texts), top_k=top_k, filters=[filters or Filters()] * len(texts))

    def search_batch(self, batch: QueryBatch, *, top_k: int, filters: Sequence[Filters]) -> list[list[Match]]:
        """Rank for pre-encoded questions; ``filters[i]`` applies to question i."""
        arrays = self.index.arrays()
        if not arrays.ids:
            return [[] for _ in batch.texts]
        parts = self.score(batch, arrays)
        chosen = [self._pick(parts.total[q], arrays, top_k, flt) for q, flt in enumerate(filters)]
        shown = self._sentences(arrays, [pos for picked in chosen for pos in picked])
        return [
            [self._match(parts, arrays, batch, q, pos, parts.total[q, pos], shown[pos]) for pos in picked]
            for q, picked in enumerate(chosen)
        ]

    def _sentences(self, arrays: IndexArrays, positions: Sequence[int]) -> dict[int, _Sentences]:
        """The sentences and vectors of the items at ``positions`` of ``arrays``, read together."""
        unique = sorted(set(positions))
        read = self.index.sentences_of([arrays.items[pos] for pos in unique])
        return dict(zip(unique, read, strict=True))

    def matches_for(self, batch: QueryBatch, q: int, ids: Sequence[str]) -> list[Match]:
        """Question ``q``'s matches with the items ``ids``, ranked or not (feedback on them).

        Returns:
            One match per id, in the order of ``ids``; ids no longer indexed are left out.

        Raises:
            ValueError: ``q`` is not a question of ``batch``.
        """
        if not 0 <= q < len(batch.texts):
            raise ValueError(f"q must be in [0, {len(batch.texts)}), got {q}")
        arrays = self.index.arrays()
        position = {item_id: n for n, item_id in enumerate(arrays.ids)}
        chosen = [position[i] for i in ids if i in position]
        if not chosen:
            return []
        parts = self.score(batch, arrays)
        shown = self._sentences(arrays, chosen)
        return [self._match(parts, arrays, batch, q, pos, parts.total[q, pos], shown[pos]) for pos in chosen]

    def search_texts(
        self, texts: Sequence[str], *, top_k: int = 10, filters: Filters | None = None
    ) -> list[Match]:
        """Rank for one asker with several texts (a profile's expertise and documents).

        Each item's scores against the texts are aggregated the way a profile's own texts are
        (``config.aggregation``); the explanation comes from the text that scored best. The
        texts are a record's own, scored as ``config.record_channels`` says.
        """
        arrays = self.index.arrays()
        if not arrays.ids or not texts:
            return []
        batch = self.encode(texts, remember=True)
        parts = self.score(batch, arrays, records=True)
        one_group = np.arange(len(texts), dtype=np.intp)[np.newaxis, :]
        combined = aggregate(
            parts.total.T, one_group, self.config.aggregation, depth=self.config.aggregation_depth
        )[:, 0]
        best_row = np.argmax(parts.total, axis=0)
        chosen = self._pick(combined, arrays, top_k, filters or Filters())
        shown = self._sentences(arrays, chosen)
        return [
            self._match(parts, arrays, batch, int(best_row[pos]), pos, combined[pos], shown[pos])
            for pos in chosen
        ]

    def _pick(self, total: NDArray[np.float64], arrays: IndexArrays, k: int, flt: Filters) -> list[int]:
        scores = np.where(flt.mask(arrays.items, arrays.columns), total, -np.inf)
        if flt.per_organisation is None:
            return [int(p) for p in top_k(scores, arrays.ids, k)]
        chosen: list[int] = []
        per_org: dict[str, int] = {}
        for pos in top_k(scores, arrays.ids, len(arrays.ids)):
            org = normalise_org(arrays.items[pos].organisation)
            if per_org.get(org, 0) < flt.per_organisation:
                per_org[org] = per_org.get(org, 0) + 1
                chosen.append(int(pos))
                if len(chosen) == k:
                    break
        return chosen

    def _help_labels(self, batch: QueryBatch, arrays: IndexArrays, q: int, pos: int) -> dict[str, str | None]:
        """The help type the question needs and the one the item offers (over all its texts)."""
        channel = self.index.help_channel()
        if batch.help is None or arrays.help is None or channel is None:
            return {}
        types = channel.ids_
        units = arrays.groups[pos][arrays.groups[pos] >= 0]
        offered = arrays.help[units].mean(axis=0)
        return {"needs": types[int(np.argmax(batch.help[q]))], "offers": types[int(np.argmax(offered))]}

    def _concept_label(
        self, parts: ScoreParts, batch: QueryBatch, arrays: IndexArrays, q: int, pos: int
    ) -> dict[str, str | None]:
        """The CPV concept the question and the item (over all its texts) share most, when any."""
        channel = self.index.concept_channel()
        if batch.concepts is None or arrays.concepts is None or channel is None:
            return {}
        if parts.plain is not None and parts.plain[q]:
            return {}  # the channel did not score this question
        units = arrays.groups[pos][arrays.groups[pos] >= 0]
        best = ConceptChannel.shared(batch.concepts[q], arrays.concepts[units].mean(axis=0))
        if best is None:
            return {}
        language = batch.languages[q] if batch.languages else ""
        return {"concept": f"both: CPV {channel.codes_[best]} {channel.label(best, language)}"}

    def _match(
        self,
        parts: ScoreParts,
        arrays: IndexArrays,
        batch: QueryBatch,
        q: int,
        pos: int,
        score: float,
        shown: _Sentences,
    ) -> Match:
        item = arrays.items[pos]
        units = arrays.groups[pos][arrays.groups[pos] >= 0]
        best_unit = int(units[np.argmax(parts.unit[q, units])])
        sentences, vectors = shown
        sims = np.mean(
            [cos_sim(qv[q : q + 1], v)[0] for qv, v in zip(batch.vectors, vectors, strict=True)], axis=0
        )
        text = " ".join(t for _, t in item.texts)
        best_text = item.texts[int(np.flatnonzero(units == best_unit)[0])][1]
        in_best = np.array([s in best_text for s in sentences], dtype=bool)
        if in_best.any():  # the passage quoted comes from the text that matched best
            sims = np.where(in_best, sims, -np.inf)
        per_model = parts.channels(q, pos)
        explanation = Explanation(
            dense=round(float(np.mean(per_model)), 4),
            lexical=round(parts.lexical(q, pos), 4),
            models={c.model_id: round(v, 4) for c, v in zip(self.channels, per_model, strict=True)},
            matched_terms=matched_terms(batch.texts[q], text),
            best_source=arrays.unit_label[best_unit],
            best_passage=sentences[int(np.argmax(sims))] if len(sims) else "",
            **self._help_labels(batch, arrays, q, pos),
            **self._concept_label(parts, batch, arrays, q, pos),
        )
        return Match(item=item, score=round(float(score), 4), explanation=explanation)
