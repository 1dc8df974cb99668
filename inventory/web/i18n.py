"""The web app's words: a door to `inventory.i18n`, where the catalogues and the formatting live."""

from __future__ import annotations

from inventory.i18n import DEFAULT_LANGUAGE, LANGUAGES, gettext, texts, translator

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "gettext", "texts", "translator"]
