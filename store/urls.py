"""Database URLs in messages: never with their password."""

from __future__ import annotations

import re

__all__ = ["redact_url"]


def redact_url(url: str) -> str:
    """``url`` with any password replaced by ``***`` (URL userinfo and ``password=`` parameters)."""
    url = re.sub(r"^([A-Za-z][A-Za-z0-9+.-]*://[^:/@]*):[^@/]*@", r"\1:***@", url)
    return re.sub(r"(password=)[^&\s]*", r"\1***", url)
