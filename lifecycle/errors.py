"""The one error type of the project: a message fit for a user, in every language offered."""

from __future__ import annotations

from .locale.catalogues import SOURCE_LANG
from .locale.i18n import languages, t

__all__ = ["LifecycleError", "place"]


class LifecycleError(ValueError):
    """Bad input or an impossible request, explained for a user.

    ``message(lang)`` gives the text in the user's language; ``str(err)`` is English.
    Pages show it with ``st.error``; the command line prints it and exits 2.
    """

    def __init__(self, texts: dict[str, str], key: str | None = None):

        super().__init__(texts[SOURCE_LANG])
        self.texts = dict(texts)  # language → the message, written when raised
        self.key = key  # the text's key, for code that reacts to one kind of error
        self.report = None  # the row report, when no row of a file could be used

    @classmethod
    def of(cls, key: str, **fields: object) -> LifecycleError:
        """The error whose text is ``key`` in the catalogues (``lifecycle.locale``), written in
        each language offered; a field that is a function of the language (a location, a role
        name) is asked for each. Written at once, the error holds text only: it crosses
        processes whole (a read in a child process raises it)."""

        def filled(lang: str) -> str:
            return t(key, lang, **{k: v(lang) if callable(v) else v for k, v in fields.items()})

        return cls({lang: filled(lang) for lang in languages()}, key)

    def __reduce__(self):  # whole across processes (a read in a child process raises it)
        return (type(self), (self.texts, self.key))

    def message(self, lang: str = "en") -> str:
        return self.texts.get(lang, str(self))


def place(file: str, sheet: str | None = None):
    """«file, sheet «Ventes»» in each language: a field for messages that name the place."""

    return lambda lang: file + (t("error.sheet", lang, sheet=sheet) if sheet else "")
