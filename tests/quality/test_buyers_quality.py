"""Buyers finding each other (similar projects, pools), with the real model on the demo network."""

from __future__ import annotations

import pytest

from api.app.network import Network

pytestmark = pytest.mark.slow

WORKWEAR = {"prj-azdelta-uniformen", "prj-bruxelles-vetements-travail", "prj-delijn-uniformen"}
IT = {"prj-go-waasland-laptops", "prj-limburg-ict-dienst", "prj-mechelen-laptops", "prj-uantwerpen-laptops"}
CUPS = {"prj-ixelles-gobelets", "prj-leuven-evenementbekers", "prj-provant-domeinen-servies"}


def test_a_dutch_workwear_project_finds_the_other_buyers_workwear_projects_first(
    demo_network: Network,
) -> None:
    found = demo_network.similar_projects("prj-gent-werkkledij", status="open", top_k=10).data
    ids = [m.id for m in found]
    assert set(ids[:3]) == WORKWEAR, ids  # the French one (Ville de Bruxelles) included
    assert all(m.organisation != "Stad Gent" for m in found)  # never the buyer's own projects
    assert all(m.label == "pooling candidate" for m in found)


def test_closed_cases_are_offered_to_learn_from(demo_network: Network) -> None:
    found = demo_network.similar_projects("prj-gent-werkkledij", status="closed", top_k=3).data
    assert found[0].id == "prj-antwerpen-werkkledij-2022"
    assert all(m.label == "case to learn from" for m in found)


def test_pools_on_the_demo_network_are_the_intended_groups(demo_network: Network) -> None:
    pools = [{m.id for m in p.members} for p in demo_network.pools().data]
    assert WORKWEAR | {"prj-gent-werkkledij"} in pools
    assert IT in pools
    assert CUPS in pools
    assert all(len(p) >= 2 for p in pools)
    for pool in pools:  # members come from different buyers
        buyers = [demo_network.get_project(i).buyer for i in pool]
        assert len(set(buyers)) == len(buyers)
