"""The network learns from stored verdicts: a reranker per kind, refitted as verdicts arrive;
an accepted introduction is a ``met`` verdict (fake embedder: the wiring, not the quality)."""

from __future__ import annotations

from api.app.keys import Principal
from api.app.network import Network
from matcher.reranker import FeedbackReranker
from models import FeedbackCreate, IntroductionCreate, MatchRequest, Party, ProfileCreate, ProjectCreate
from tests.conftest import PROFILES, PROJECTS

ADMIN = Principal(name="ops", role="admin")
UTRECHT = Principal(name="utrecht", role="member", organisation="Gemeente Utrecht")
QUESTIONS = ["meubilair", "advies over beton", "textiel en kleding", "bureaustoelen hergebruik",
             "circulaire bouw", "werkkledij"]  # fmt: skip


def loaded(network: Network) -> Network:
    network.directory.create_profiles(ADMIN, [ProfileCreate.model_validate(p) for p in PROFILES])
    network.directory.create_projects(ADMIN, [ProjectCreate.model_validate(p) for p in PROJECTS])
    return network


def ranked(network: Network, text: str) -> list[str]:
    return [m.id for m in network.match(MatchRequest(text=text, top_k=6)).data]


def test_verdicts_below_the_minimum_change_nothing(network: Network) -> None:
    loaded(network)
    before = {q: ranked(network, q) for q in QUESTIONS}
    for q in QUESTIONS[:2]:
        network.give_feedback(
            ADMIN, FeedbackCreate(text=q, item=Party(kind="profile", id=before[q][0]), verdict="not_relevant")
        )
    assert network.learner.reranker("profile") is None
    assert {q: ranked(network, q) for q in QUESTIONS[2:]} == {q: before[q] for q in QUESTIONS[2:]}
    assert all(f.features is not None for f in network.store.feedback.list())  # measured when given


def test_enough_verdicts_rerank_new_questions(network: Network) -> None:
    loaded(network)
    network.learner.template = FeedbackReranker(min_feedback=4, weight=5.0)
    roles = {p["id"]: p["role"] for p in PROFILES}
    question = "textiel leveren"
    before = ranked(network, question)
    assert roles[before[0]] == "supplier"  # what the fake embedder ranks first without feedback
    for q in QUESTIONS:
        for item in ranked(network, q):  # buyers turn down suppliers and keep facilitators
            verdict = "relevant" if roles[item] == "facilitator" else "not_relevant"
            network.give_feedback(
                ADMIN, FeedbackCreate(text=q, item=Party(kind="profile", id=item), verdict=verdict)
            )
    assert network.learner.reranker("profile") is not None
    after = ranked(network, question)
    first_facilitator = min(n for n, i in enumerate(after) if roles[i] == "facilitator")
    assert first_facilitator <= min(n for n, i in enumerate(before) if roles[i] == "facilitator")
    assert roles[after[0]] == "facilitator"


def test_an_accepted_introduction_is_a_met_verdict(network: Network) -> None:
    loaded(network)
    ask = IntroductionCreate.model_validate(
        {
            "from": {"kind": "project", "id": "utrecht-meubilair"},
            "to": {"kind": "profile", "id": "kringloop-meubel"},
            "message": "Praten?",
        }  # fmt: skip
    )
    intro = network.introductions.create(UTRECHT, ask)
    network.answer_introduction(ADMIN, intro.id, accept=True, reply=None)
    met = network.store.feedback.get(f"f-{intro.id}")
    assert (met.verdict, met.scope, met.item.id) == ("met", "project:utrecht-meubilair", "kringloop-meubel")
    assert met.features is not None
    declined = network.introductions.create(
        UTRECHT, ask.model_copy(update={"to": Party(kind="profile", id="kringloop-advies")})
    )
    network.answer_introduction(ADMIN, declined.id, accept=False, reply=None)
    assert network.store.feedback.count() == 1
