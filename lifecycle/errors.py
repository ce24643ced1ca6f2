"""The one error type of the project: a message fit for a user, in English and French."""

from __future__ import annotations

__all__ = ["LifecycleError", "place"]


class LifecycleError(ValueError):
    """Bad input or an impossible request, explained for a user.

    ``message(lang)`` gives the text in the user's language; ``str(err)`` is English.
    Pages show it with ``st.error``; the command line prints it and exits 2.
    """

    def __init__(self, en: str, fr: str | None = None, key: str | None = None):
        super().__init__(en)
        self.en = en
        self.fr = fr or en
        self.key = key  # the text's key, for code that reacts to one kind of error
        self.report = None  # the row report, when no row of a file could be used

    @classmethod
    def of(cls, key: str, **fields: object) -> LifecycleError:
        """The error whose text is ``key`` in the one text table (``lifecycle.locale.i18n``); a field
        that is a function of the language (a location, a role name) is asked for each."""
        from .locale.i18n import t

        def filled(lang: str) -> str:
            return t(key, lang, **{k: v(lang) if callable(v) else v for k, v in fields.items()})

        return cls(filled("en"), filled("fr"), key)

    def __reduce__(self):  # whole across processes (a read in a child process raises it)
        return (type(self), (self.en, self.fr, self.key))

    def message(self, lang: str = "en") -> str:
        return self.fr if lang == "fr" else self.en


def place(file: str, sheet: str | None = None):
    """«file, sheet «Ventes»» in each language: a field for messages that name the place."""
    from .locale.i18n import t

    return lambda lang: file + (t("error.sheet", lang, sheet=sheet) if sheet else "")
