"""Buyers finding each other: pools of open projects to tender or consult together."""

from __future__ import annotations

from api.convert import project_query
from api.network import Network
from api.workshop import embed_for_grouping
from matcher.grouping import table_themes
from matcher.pooling import find_pools
from matcher.text import normalise_org
from models import MemberPublic, PoolPublic, PoolsPublic

__all__ = ["find_project_pools"]


def find_project_pools(network: Network, *, min_size: int = 2, threshold: float = 1.7) -> PoolsPublic:
    """Open projects of at least ``min_size`` different buyers that are unusually close."""
    projects = network.store.projects.list({"status": "open"})
    if len(projects) < 3:
        return PoolsPublic(data=[], count=0)
    texts = [project_query(p) for p in projects]
    vectors = embed_for_grouping(network, texts, [p.language for p in projects])
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
