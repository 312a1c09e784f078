"""Buyers finding each other: pools of open projects to tender or consult together."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from api.app.records import project_query
from matcher.grouping import table_themes
from matcher.pooling import find_pools
from matcher.text import normalise_org
from models import MemberPublic, PoolPublic, PoolsPublic, Project

__all__ = ["find_project_pools"]


Embed = Callable[[Sequence[str], Sequence[str | None]], np.ndarray]
"""``(texts, languages) -> (n, dim)`` L2-normalised vectors (``Workshop.embed``)."""


def find_project_pools(
    projects: Sequence[Project], embed: Embed, *, min_size: int = 2, threshold: float = 1.7
) -> PoolsPublic:
    """Pools among ``projects`` (the open ones): at least ``min_size`` different buyers, unusually close."""
    if len(projects) < 3:
        return PoolsPublic(data=[], count=0)
    texts = [project_query(p) for p in projects]
    vectors = embed(texts, [p.language for p in projects])
    pools = find_pools(
        vectors,
        organisations=[normalise_org(p.buyer) for p in projects],
        threshold=threshold,
        min_size=min_size,
    )
    themes = table_themes([[texts[i] for i in pool] for pool in pools]) if pools else []
    data = [
        PoolPublic(
            pool=n + 1,
            theme=themes[n],
            members=[
                MemberPublic(
                    id=projects[i].id,
                    name=projects[i].title or texts[i][:80],
                    organisation=projects[i].buyer,
                    role="buyer",
                )
                for i in pool
            ],
        )
        for n, pool in enumerate(pools)
    ]
    return PoolsPublic(data=data, count=len(data))
