"""Reading an export: the file's bytes to a table (``ingest``, ``parse``, within a budget in
``bounded``), its columns to roles (``mapping``, ``platforms``, ``statuses``), and its rows to
dated purchases with a row report that accounts for every row (``prepare``)."""
