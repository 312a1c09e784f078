"""All service settings, read from the environment (prefix ``KRINGMATCH_``) in one class."""

from __future__ import annotations

from dataclasses import fields
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from api.keys import AccessRole, KeyEntry
from matcher import RankConfig

__all__ = ["RANK_SETTINGS", "Settings", "get_settings"]


class Settings(BaseSettings):
    """Service configuration; each field is also an environment variable, e.g. ``KRINGMATCH_EMBEDDER``."""

    model_config = SettingsConfigDict(env_prefix="KRINGMATCH_", env_file=".env", extra="ignore")

    database_url: str = Field(
        default="sqlite:///kringmatch.db",
        description="sqlite:///path, or postgresql://user:password@host:port/db for several replicas",
    )
    embedder: str = Field(
        default="e5-small+use-multilingual",
        description="e5-small, e5-small-symmetric, use-multilingual or st:<name-or-path>; '+' joins several",
    )
    threads: int = Field(default=1, ge=1, le=64, description="Threads per embedding model.")
    lexical_weight: float = Field(default=0.2, ge=0.0, le=1.0)
    aggregation: Literal["max", "mean", "top3", "harmonic"] = "harmonic"
    aggregation_depth: int = Field(default=10, ge=1, le=1000, description="Texts harmonic aggregation reads.")
    normalisation: Literal["none", "z"] = "none"
    fusion: Literal["weighted", "rrf"] = "weighted"
    lexical_analyzer: Literal["char_wb", "word"] = "char_wb"
    lexical_stemmer: str = Field(
        default="none", description="none, auto (each text's own language), or a Snowball language."
    )
    sentence_weight: float = Field(default=0.0, ge=0.0, le=1.0)
    document_words: int = Field(
        default=64, ge=0, le=100_000, description="Questions this long are matched as documents (0 = never)."
    )
    document_lexical_weight: float = Field(
        default=0.6, ge=0.0, le=1.0, description="Lexical weight for documents."
    )
    document_analyzer: Literal["char_wb", "word"] = "word"
    document_ngram_max: int = Field(default=2, ge=1, le=10, description="Largest n-gram for documents.")
    document_stemmer: str = Field(
        default="auto", description="none, auto (each text's language), or a Snowball language."
    )
    document_cross_language: Literal["raw", "impute"] = Field(
        default="impute", description="impute: a document's lexical score across languages comes from dense."
    )
    centering: Literal["none", "language", "model", "model+mean", "model+language"] = Field(
        default="language", description="Subtract each language's mean vector (cross-lingual fairness)."
    )
    alignment_components: int = Field(
        default=0, ge=0, le=64, description="With model centring: translation-difference directions removed."
    )
    cross_language: Literal["raw", "impute"] = Field(
        default="raw", description="impute: a question's lexical score across languages comes from dense."
    )
    max_body_bytes: int = Field(default=5_000_000, ge=1_000, description="Largest accepted request body.")
    demo: bool = Field(default=False, description="Load the demo network into an empty store at start.")
    # --- access and limits (docs/security.md) ---
    host: str = Field(default="127.0.0.1", description="Bind address (`serve --host`); decides open access.")
    open_access: bool | None = Field(
        default=None,
        description="Serve callers without a key. Default: only on 127.0.0.1/localhost with no keys set.",
    )
    anonymous_role: AccessRole = Field(default="admin", description="What an open server lets anyone do.")
    keys_file: Path | None = Field(default=None, description="JSON list of hashed keys (kringmatch keys).")
    api_keys: list[KeyEntry] = Field(default_factory=list, description="Hashed keys, as JSON, besides.")
    embed_queue: int = Field(
        default=64, ge=1, le=100_000, description="Embedding requests running or waiting; more get 503."
    )
    retry_after: float = Field(default=1.0, gt=0, le=3600, description="Retry-After (s) of a 503.")
    max_connections: int | None = Field(
        default=1000, ge=1, description="Open connections `serve` accepts; more get 503 (uvicorn)."
    )
    batch_match: bool = Field(default=True, description="Embed concurrent /match questions together.")

    def rank_config(self) -> RankConfig:
        """The ranking settings for the matcher."""
        return RankConfig(**{name: getattr(self, name) for name in RANK_SETTINGS})


RANK_SETTINGS = tuple(f.name for f in fields(RankConfig) if f.name in Settings.model_fields)
"""The ranking settings a service can set: RankConfig's fields that are also Settings' fields."""


@lru_cache
def get_settings() -> Settings:
    """The process's settings (cached; tests pass their own to ``create_app``)."""
    return Settings()
