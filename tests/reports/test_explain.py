"""What the Data page says the reading understood: the roles' example values as the reader's
spreadsheet shows them."""

import pandas as pd

from lifecycle.analysis import load
from lifecycle.reading.ingest import RawTable
from lifecycle.reports.explain import cells_as_shown, roles_frame
from tests.conftest import TODAY, csv_bytes


def _examples(loaded, lang: str) -> dict[str, tuple[str, ...]]:
    frame = roles_frame(loaded.raw, loaded.mapping, None, lang)
    return dict(zip(frame.iloc[:, 1], frame.iloc[:, 2]))


def test_a_workbooks_number_cells_take_the_readers_decimal_sign(sample_dir):
    loaded = load(sample_dir / "ventes_boutique.xlsx", today=TODAY)
    assert _examples(loaded, "fr")["Montant TTC"] == ("111,73", "53,04", "28,6")
    assert _examples(loaded, "en")["Montant TTC"] == ("111.73", "53.04", "28.6")
    assert _examples(loaded, "fr")["N° commande"] == ("CMD-100001", "CMD-100008", "CMD-100013")


def test_a_text_files_cells_stay_as_written():
    rows = [("A", "2025-01-02", "1.5"), ("B", "2025-01-03", "2,25")]
    loaded = load(csv_bytes(rows, ("client", "date", "montant"), sep=";"), "v.csv", today=TODAY)
    assert _examples(loaded, "fr")["montant"] == ("1.5", "2,25")


def test_only_whole_numbers_with_a_point_change():
    raw = RawTable("t.xlsx", "Feuil1", 1, pd.DataFrame(), pd.Series([], dtype="int64"))
    frame = pd.DataFrame({"a": ["-3.5", "12", "v1.2", "1.2.3", None, "0.125"]}, dtype="string")
    shown = cells_as_shown(frame, raw, "fr")["a"].tolist()
    assert shown == ["-3,5", "12", "v1.2", "1.2.3", pd.NA, "0,125"]
    assert cells_as_shown(frame, raw, "en") is frame
