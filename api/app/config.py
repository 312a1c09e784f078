"""All service settings, read from the environment (prefix ``KRINGMATCH_``) in one class.

The ranking settings are not listed here: each is a field of :class:`matcher.RankConfig`
(declared once, with its type, default, bounds and help) and becomes a setting of the same name
(:data:`RANK_SETTINGS`); the ``kringmatch eval`` flags come from the same declarations.
"""

from __future__ import annotations

from dataclasses import MISSING, Field, fields
from functools import lru_cache
from pathlib import Path
from typing import Any, get_type_hints

from pydantic import Field as SettingField
from pydantic import create_model
from pydantic_settings import BaseSettings, SettingsConfigDict

from api.app.keys import AccessRole, KeyEntry
from matcher import RankConfig

__all__ = ["RANK_SETTINGS", "Settings", "get_settings", "rank_options"]


def rank_options() -> list[tuple[Field[Any], Any]]:
    """Every :class:`RankConfig` field with its resolved type, in declaration order."""
    hints = get_type_hints(RankConfig)
    return [(f, hints[f.name]) for f in fields(RankConfig)]


def _rank_setting(option: Field[Any]) -> Any:
    meta = option.metadata
    default = option.default if option.default is not MISSING else None
    return SettingField(default=default, ge=meta.get("ge"), le=meta.get("le"), description=meta.get("help"))


_RankSettings: Any = create_model(  # type: ignore[call-overload]  # one setting per RankConfig field
    "_RankSettings",
    __base__=BaseSettings,
    **{option.name: (hint, _rank_setting(option)) for option, hint in rank_options()},
)

RANK_SETTINGS = tuple(f.name for f in fields(RankConfig))
"""The ranking settings a service can set: every field of RankConfig."""


class Settings(_RankSettings):  # type: ignore[misc]
    """Service configuration; each field is also an environment variable, e.g. ``KRINGMATCH_EMBEDDER``.

    The ranking fields (``lexical_weight``, ``fusion``, ...) come from :class:`RankConfig`.
    """

    model_config = SettingsConfigDict(env_prefix="KRINGMATCH_", env_file=".env", extra="ignore")

    database_url: str = SettingField(
        default="sqlite:///kringmatch.db",
        description="sqlite:///path, or postgresql://user:password@host:port/db for several replicas",
    )
    embedder: str = SettingField(
        default="e5-small+use-multilingual",
        description="e5-small, e5-small-symmetric, use-multilingual or st:<name-or-path>; '+' joins several",
    )
    threads: int = SettingField(default=1, ge=1, le=64, description="Threads per embedding model.")
    max_body_bytes: int = SettingField(
        default=5_000_000, ge=1_000, description="Largest accepted request body."
    )
    demo: bool = SettingField(
        default=False, description="Load the demo network into an empty store at start."
    )
    # --- access and limits (docs/security.md) ---
    host: str = SettingField(
        default="127.0.0.1", description="Bind address (`serve --host`); decides open access."
    )
    open_access: bool | None = SettingField(
        default=None,
        description="Serve callers without a key. Default: only on 127.0.0.1/localhost with no keys set.",
    )
    anonymous_role: AccessRole = SettingField(
        default="admin", description="What an open server lets anyone do."
    )
    keys_file: Path | None = SettingField(
        default=None, description="JSON list of hashed keys (kringmatch keys)."
    )
    api_keys: list[KeyEntry] = SettingField(
        default_factory=list, description="Hashed keys, as JSON, besides."
    )
    embed_queue: int = SettingField(
        default=64, ge=1, le=100_000, description="Embedding requests running or waiting; more get 503."
    )
    retry_after: float = SettingField(default=1.0, gt=0, le=3600, description="Retry-After (s) of a 503.")
    max_connections: int | None = SettingField(
        default=1000, ge=1, description="Open connections `serve` accepts; more get 503 (uvicorn)."
    )
    batch_match: bool = SettingField(default=True, description="Embed concurrent /match questions together.")
    bulk_job_threshold: int = SettingField(
        default=500, ge=1, le=10_000, description="Bulk imports of more records answer 202 and run as a job."
    )
    job_stale_after: float = SettingField(
        default=120.0, gt=0, le=86_400, description="A job silent this long (s) on a shared store failed."
    )
    introductions_per_day: int = SettingField(
        default=20, ge=1, le=100_000, description="New introductions one organisation may ask per UTC day."
    )

    def rank_config(self) -> RankConfig:
        """The ranking settings for the matcher."""
        return RankConfig(**{name: getattr(self, name) for name in RANK_SETTINGS})

    def describe_ranking(self) -> str:
        """``embedder=... lexical_weight=... ...``: the configuration a measurement ran with."""
        values = " ".join(f"{name}={getattr(self, name)}" for name in RANK_SETTINGS)
        return f"embedder={self.embedder} {values}"


@lru_cache
def get_settings() -> Settings:
    """The process's settings (cached; tests pass their own to ``create_app``)."""
    return Settings()
