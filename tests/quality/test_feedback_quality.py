"""Feedback with the real models: "not relevant" never comes back in its scope, nothing else
moves, and without feedback the ranking is exactly the engine's."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from api.app.keys import Principal
from api.app.network import Network
from api.app.records import project_query
from matcher import Filters
from models import FeedbackCreate, MatchesPublic, MatchRequest, Party

pytestmark = pytest.mark.slow

GENT = Principal(name="gent-inkoop", role="member", organisation="Stad Gent")
QUESTION = (
    "Ons personeel werkt nu aan gebruikte bureaus en stoelen; we willen die liever laten opknappen "
    "dan alles nieuw te kopen."
)


def ranking(found: MatchesPublic) -> list[tuple[str, float]]:
    return [(m.id, m.score) for m in found.data]


@pytest.fixture
def cleanup(demo_network: Network) -> Iterator[list[str]]:
    """Ids of feedback a test stores in the session's network, removed afterwards."""
    given: list[str] = []
    yield given
    for feedback_id in given:
        demo_network.store.feedback.delete(feedback_id)


def test_without_feedback_the_ranking_is_the_engines(demo_network: Network) -> None:
    request = MatchRequest(text=QUESTION, top_k=10)
    with_caller = ranking(demo_network.match(request, caller=GENT))
    engine = demo_network.profiles.search(QUESTION, top_k=10, filters=Filters())
    assert with_caller == [(m.item.id, m.score) for m in engine]
    project = demo_network.store.projects.get("prj-gent-werkkledij")
    matches = ranking(demo_network.project_matches(project.id, top_k=10, caller=GENT))
    batch = demo_network.profiles.encode([project_query(project)])
    engine = demo_network.profiles.search_batch(
        batch, top_k=10, filters=[Filters(exclude_organisation=project.buyer)]
    )[0]
    assert matches == [(m.item.id, m.score) for m in engine]


def test_not_relevant_never_comes_back_and_the_rest_keep_their_order(
    demo_network: Network, cleanup: list[str]
) -> None:
    request = MatchRequest(text=QUESTION, top_k=10)
    before = ranking(demo_network.match(request, caller=GENT))
    dropped = before[0][0]
    assert dropped == "sup-refurbished-kantoormeubilair", before
    given = demo_network.give_feedback(
        GENT, FeedbackCreate(text=QUESTION, item=Party(kind="profile", id=dropped), verdict="not_relevant")
    )
    cleanup.append(given.id)
    after = ranking(demo_network.match(MatchRequest(text=QUESTION.upper(), top_k=10), caller=GENT))
    upper = ranking(demo_network.match(MatchRequest(text=QUESTION.upper(), top_k=11)))
    assert dropped not in {i for i, _ in after}
    assert after == [r for r in upper if r[0] != dropped][:10]  # the rest: exactly as without feedback
    other = Principal(name="mechelen", role="member", organisation="Stad Mechelen")
    assert demo_network.match(request, caller=other).data[0].id == dropped  # another organisation


def test_not_relevant_for_a_project_and_a_supplier(demo_network: Network, cleanup: list[str]) -> None:
    top = demo_network.project_matches("prj-gent-werkkledij", top_k=5, caller=GENT).data[0].id
    given = demo_network.give_feedback(
        GENT,
        FeedbackCreate(
            project="prj-gent-werkkledij", item=Party(kind="profile", id=top), verdict="not_relevant"
        ),
    )
    cleanup.append(given.id)
    assert top not in {m.id for m in demo_network.project_matches("prj-gent-werkkledij", top_k=20).data}
    supplier = demo_network.store.profiles.get("sup-refurbished-laptops")
    owner = Principal(name="laptops", role="member", organisation=supplier.organisation)
    first = demo_network.suggestions("sup-refurbished-laptops", top_k=4).data[0].id
    given = demo_network.give_feedback(
        owner,
        FeedbackCreate(
            profile="sup-refurbished-laptops", item=Party(kind="project", id=first), verdict="not_relevant"
        ),
    )
    cleanup.append(given.id)
    assert first not in {m.id for m in demo_network.suggestions("sup-refurbished-laptops", top_k=20).data}
