"""The model: one row per customer (``summary``, scanned with DuckDB), the months it lived
(``calendar``, ``timeline``), its stage at any date (``stages``), and what follows from the
stages: the balance and history (``history``), KPIs (``kpis``), cohorts, segments, suggested
thresholds and the value model (``value``)."""
