"""The one error type of the project: a message fit for a user, in English and French."""

from __future__ import annotations

__all__ = ["LifecycleError"]


class LifecycleError(ValueError):
    """Bad input or an impossible request, explained for a user.

    ``message(lang)`` gives the text in the user's language; ``str(err)`` is English.
    Pages show it with ``st.error``; the command line prints it and exits 2.
    """

    def __init__(self, en: str, fr: str | None = None):
        super().__init__(en)
        self.en = en
        self.fr = fr or en

    def message(self, lang: str = "en") -> str:
        return self.fr if lang == "fr" else self.en
