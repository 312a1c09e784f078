"""How organisation names compare, everywhere: case, accents and extra spaces do not count."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

__all__ = ["fold_organisation"]


@lru_cache(maxsize=2**16)  # folded again for every item at every index build: names repeat
def fold_organisation(name: str) -> str:
    """The key two organisation names share when they name the same organisation.

    >>> fold_organisation("  Ville de  BRUXELLES ") == fold_organisation("ville de bruxelles")
    True
    >>> fold_organisation("Université") == fold_organisation("universite")
    True
    """
    stripped = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())
