"""What a person reads: formatted tables (``tables``, ``explain``), the charts, the workbook,
the CSV and the card (``export``), the one-page summary (``summary_pdf``) and the deck
(``deck``); ``export_safety`` keeps text from a file data in every one of them."""
