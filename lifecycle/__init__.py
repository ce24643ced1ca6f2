"""lifecycle: a customer export in, a customer life-cycle map out.

The public API that the app and the command line call::

    from lifecycle import analyze, Definition
    result = analyze("ventes.xlsx", Definition(active_months=9))
    result.stages.counts, result.balance()
"""

from .analysis import Analysis, Loaded, analyze, analyze_loaded, load, load_contacts
from .definition import Definition
from .errors import LifecycleError
from .history import balance, durations, stage_history, state_at, transitions
from .ingest import RawTable, list_sheets, read_table
from .kpis import compute_kpis, kpi_table, value_by_stage
from .mapping import Mapping, propose_mapping
from .prepare import RowReport, prepare, prepare_contacts
from .stages import Stages, classify
from .summary import Summary, summarise
from .thresholds import purchase_gaps, suggest_thresholds

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
    "compute_kpis",
    "durations",
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
    "state_at",
    "suggest_thresholds",
    "summarise",
    "transitions",
    "value_by_stage",
]
