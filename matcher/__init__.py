"""Kringmatch's matching core: embedding, lexical scoring, fusion, ranking, explanation.

Pure: no web framework and no database is imported here.
"""

from matcher.config import RankConfig
from matcher.engine import Explanation, Match, MatchEngine, QueryBatch
from matcher.items import Filters, Item
from matcher.ranking import top_k
from matcher.scoring import ScoreParts, cos_sim, score_items

__all__ = [
    "Explanation",
    "Filters",
    "Item",
    "Match",
    "MatchEngine",
    "QueryBatch",
    "RankConfig",
    "ScoreParts",
    "cos_sim",
    "score_items",
    "top_k",
]
