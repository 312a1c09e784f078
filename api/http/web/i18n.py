"""Interface texts of the web page, Dutch (default), English and French, in one dictionary.

The server renders the page in one language; the same dictionary is embedded in the page so the
script can switch language in place. ``{name}`` marks a value the script fills in. The texts
live per part of the page: :mod:`.texts_page`, :mod:`.texts_workshop`, :mod:`.texts_contact`.
"""

from __future__ import annotations

from api.http.web.texts_contact import CONTACT
from api.http.web.texts_page import PAGE
from api.http.web.texts_workshop import WORKSHOP

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "TEXTS", "pick_language", "texts"]

LANGUAGES = ("nl", "en", "fr")
DEFAULT_LANGUAGE = "nl"

TEXTS: dict[str, tuple[str, str, str]] = {**PAGE, **WORKSHOP, **CONTACT}
"""Every text as ``(Dutch, English, French)``, keyed by the name the template and script use."""


def texts(language: str) -> dict[str, str]:
    """Every interface text in ``language`` (``nl``, ``en`` or ``fr``; anything else gives Dutch)."""
    column = LANGUAGES.index(language) if language in LANGUAGES else 0
    return {key: row[column] for key, row in TEXTS.items()}


def pick_language(*choices: str | None) -> str:
    """The first supported language among ``choices`` (a query parameter, a cookie), else Dutch."""
    for choice in choices:
        if choice and choice.lower() in LANGUAGES:
            return choice.lower()
    return DEFAULT_LANGUAGE
