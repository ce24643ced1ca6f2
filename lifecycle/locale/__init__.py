"""Language: every text in each language of the catalogues and numbers, money, percents and
dates written by the CLDR's rules through Babel.

The texts are gettext catalogues beside these modules, one per language (``en.po``,
``fr.po``): a translator edits them without Python, and ``catalogues`` reads them at import.
``i18n`` fills a text in (``t``) and is what the rest of the code imports; ``formats`` writes
numbers and dates by the locale each catalogue names. A language is added by its catalogue
alone: copy ``fr.po`` to ``<code>.po``, set its ``Language:`` header to the CLDR locale
(``de_DE``), translate each ``msgstr`` keeping its ``{fields}``; the app's switch, the command
line's ``--lang`` and every text and format then offer it.
"""
