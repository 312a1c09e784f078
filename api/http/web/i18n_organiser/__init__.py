"""Interface texts of the organiser page (``/organiser``): Dutch (default), English and French.

One dictionary per language (``nl.py``, ``en.py``, ``fr.py``), with the same keys (a test checks
it). The server renders the page in one language; all three dictionaries are embedded in the page
so the script can switch in place. ``{name}`` marks a value the script fills in.
"""

from __future__ import annotations

from api.http.web.i18n_organiser.en import EN
from api.http.web.i18n_organiser.fr import FR
from api.http.web.i18n_organiser.nl import NL

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "TEXTS", "pick_language", "texts"]

LANGUAGES = ("nl", "en", "fr")
DEFAULT_LANGUAGE = "nl"
TEXTS: dict[str, dict[str, str]] = {"nl": NL, "en": EN, "fr": FR}


def texts(language: str) -> dict[str, str]:
    """Every interface text in ``language`` (``nl``, ``en`` or ``fr``; anything else gives Dutch)."""
    return dict(TEXTS.get(language, TEXTS[DEFAULT_LANGUAGE]))


def pick_language(*choices: str | None) -> str:
    """The first supported language among ``choices`` (a query parameter, a cookie), else Dutch."""
    for choice in choices:
        if choice and choice.lower() in LANGUAGES:
            return choice.lower()
    return DEFAULT_LANGUAGE
