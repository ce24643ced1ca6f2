"""lifecycle: a customer export in, a customer life-cycle map out.

The public API that the app and the command line call::

    from lifecycle import analyze, Definition
    result = analyze("ventes.xlsx", Definition(active_months=9))
    result.stages.counts, result.balance()

Every figure asks one function for a customer's stage at a date (``stages_at``): the funnel,
the balance, the history and the KPIs agree under every definition.
"""

from .analysis import Analysis, Loaded, analyze, analyze_loaded, load, load_contacts
from .definition import Definition
from .errors import LifecycleError
from .model.history import balance, durations, stage_history, state_at, transitions
from .model.kpis import cohort_values, compute_kpis, kpi_table
from .model.stages import Stages, classify, stages_at
from .model.summary import Summary, join_contacts, summarise
from .model.thresholds import purchase_gaps, suggest_thresholds
from .reading.ingest import RawTable, list_sheets, read_table
from .reading.mapping import Mapping, propose_mapping
from .reading.prepare import RowReport, prepare, prepare_contacts

__all__ = [
    "Analysis",
    "Definition",
    "LifecycleError",
    "Loaded",
    "Mapping",
    "RawTable",
    "RowReport",
    "Stages",
    "Summary",
    "analyze",
    "analyze_loaded",
    "balance",
    "classify",
    "cohort_values",
    "compute_kpis",
    "durations",
    "join_contacts",
    "kpi_table",
    "list_sheets",
    "load",
    "load_contacts",
    "prepare",
    "prepare_contacts",
    "propose_mapping",
    "purchase_gaps",
    "read_table",
    "stage_history",
    "stages_at",
    "state_at",
    "suggest_thresholds",
    "summarise",
    "transitions",
]
