"""Language: every message in English and French (``i18n``) and numbers, money, percents and
dates written by the CLDR's rules through Babel (``formats``)."""
