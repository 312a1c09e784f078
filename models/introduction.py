"""Introductions with consent: IntroductionCreate → Introduction → IntroductionPublic.

One side (a buyer's project or a facilitator's/supplier's profile) asks to be introduced to the
other; the receiving organisation accepts or declines. Contacts are shown only once accepted.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from models.common import Id, Message, ShortText

__all__ = [
    "Introduction",
    "IntroductionCreate",
    "IntroductionPublic",
    "IntroductionReply",
    "IntroductionStatus",
    "IntroductionsPublic",
    "Party",
    "PartyKind",
    "PartyPublic",
]

PartyKind = Literal["project", "profile"]
IntroductionStatus = Literal["pending", "accepted", "declined"]
Reply = Annotated[str, StringConstraints(max_length=2000)]


class Party(BaseModel):
    """One side of an introduction: a stored project or profile."""

    model_config = ConfigDict(extra="forbid")

    kind: PartyKind
    id: Id


class IntroductionCreate(BaseModel):
    """A request to be introduced (``POST /introductions``)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    from_: Party = Field(alias="from", description="Who asks: the caller's own project or profile.")
    to: Party = Field(description="Whom to meet.")
    message: Message = Field(description="Why: what the asker wants to talk about.")


class IntroductionReply(BaseModel):
    """The receiver's answer (``POST /introductions/{id}/accept`` or ``/decline``)."""

    model_config = ConfigDict(extra="forbid")

    reply: Reply | None = None


class Introduction(BaseModel):
    """A stored introduction. Organisations are kept as they were when it was made."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    id: Id
    status: IntroductionStatus = "pending"
    from_: Party = Field(alias="from")
    to: Party
    from_organisation: ShortText
    to_organisation: ShortText
    message: Message
    reply: Reply | None = None
    created_at: datetime
    answered_at: datetime | None = None


class PartyPublic(Party):
    """A side as the caller sees it: ``contact`` only once the introduction is accepted (and
    only when the side has one)."""

    name: str
    organisation: str
    contact: str | None = None


class IntroductionPublic(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    id: str
    status: IntroductionStatus
    from_: PartyPublic = Field(alias="from")
    to: PartyPublic
    message: str
    reply: str | None = None
    created_at: datetime
    answered_at: datetime | None = None


class IntroductionsPublic(BaseModel):
    data: list[IntroductionPublic]
    count: int
