"""Match requests and results: MatchRequest → MatchPublic / MatchesPublic."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from models.common import NOT_BOOL, Integer, Language, ShortText, Tags, Text
from models.profile import Role

__all__ = ["ExplanationPublic", "MatchKind", "MatchPublic", "MatchRequest", "MatchesPublic"]

MAX_TOP_K = 100
MatchKind = Literal["profiles", "projects"]


class MatchRequest(BaseModel):
    """An ad-hoc question; nothing is stored."""

    model_config = ConfigDict(extra="forbid")

    text: Text
    top_k: Integer = Field(default=10, ge=1, le=MAX_TOP_K)
    kind: MatchKind = Field(default="profiles", description="Rank profiles, or projects and cases.")
    role: Role | None = None
    region: ShortText | None = None
    language: Language | None = None
    tags: Tags | None = None
    buyer: ShortText | None = Field(default=None, description="Your organisation: never suggested to you.")
    per_organisation: Annotated[int, Field(ge=1, le=MAX_TOP_K), NOT_BOOL] | None = None


class ExplanationPublic(BaseModel):
    dense: float = Field(description="Cosine similarity (mean over the embedding models).")
    lexical: float = Field(description="TF-IDF cosine.")
    models: dict[str, float] = Field(description="Cosine per embedding model.")
    matched_terms: list[str]
    best_source: str = Field(description="The profile text that matched best: expertise or a document.")
    best_passage: str = Field(description="The sentence that matched best.")
    needs: str | None = Field(
        default=None, description="The kind of help the question asks for (help-type channel, when on)."
    )
    offers: str | None = Field(
        default=None,
        description="The kind of help the best-matching text offers (help-type channel, when on).",
    )
    concept: str | None = Field(
        default=None,
        description="The CPV concept question and item share most, e.g. 'both: CPV 39100000 Furniture' "
        "(concept channel, when on).",
    )


class MatchPublic(BaseModel):
    id: str
    name: str
    organisation: str
    role: str
    score: float
    explanation: ExplanationPublic
    label: str | None = Field(default=None, description="For projects: pooling candidate or case.")


class MatchesPublic(BaseModel):
    data: list[MatchPublic]
    count: int
