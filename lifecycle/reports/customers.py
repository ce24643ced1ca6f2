"""The customers as a file to hand over: one row per customer with its stage, dates, purchases and amounts (and the value model's columns on request), as a CSV a CRM imports or a table a page shows."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from ..analysis import Analysis
from ..locale.formats import csv_separators
from ..locale.i18n import fmt_date, fmt_int, fmt_money, stage_label, t
from ..model.stages import STAGE_CODE
from ..vocabulary import STAGES
from .export_safety import safe_frame

__all__ = ["csv_text", "customers_csv", "customers_frame", "customers_shown", "with_value"]


def _w(key: str, lang: str, **kw) -> str:
    return t(f"export.{key}", lang, **kw)


def customers_frame(
    analysis: Analysis,
    lang: str = "en",
    *,
    include_contacts: bool = True,
    stage: str | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """Every customer with their stage (labels in ``lang``), and contacts without purchase;
    only those of ``stage`` when given; the first ``limit`` rows when given (the columns are
    the same as without a limit: they are chosen from every row)."""
    st = analysis.stages
    c = analysis.summary.customers
    codes = st.codes
    if stage is not None:
        keep = codes == STAGE_CODE[stage]
        c, codes = c[keep], codes[keep]
        include_contacts = include_contacts and stage in ("suspect", "prospect")
    k = analysis.summary.contacts if include_contacts else analysis.summary.contacts.iloc[:0]
    if stage is not None and len(k):
        k = k[k["stage"] == stage]
    # Descriptive columns the file did not have are left out, and the e-mail when it is the id.
    ids, emails = pd.concat([c["customer"], k["customer"]]), pd.concat([c["email"], k["email"]])
    drop = set()
    if emails.notna().any() and (emails.isna() | (emails == ids)).all():
        drop.add("email")
    for key in ("name", "email", "segment"):
        values = pd.concat([c[key], k[key]]) if key in k else c[key]
        if values.isna().all():
            drop.add(key)
    if limit is not None:
        c, codes = c.iloc[:limit], codes[:limit]
        k = k.iloc[: max(0, limit - len(c))]
    # A customer with returns only has no stage: said so, not left blank.
    labels = np.array([stage_label(x, lang) for x in STAGES] + [t("export.returns_only", lang)], dtype=object)
    out = pd.DataFrame(
        {
            _w("customer", lang): c["customer"],
            _w("name", lang): c["name"],
            _w("email", lang): c["email"],
            _w("segment", lang): c["segment"],
            _w("stage", lang): labels[codes],
            _w("first", lang): c["first"],
            _w("last", lang): c["last"],
            _w("occasions", lang): c["occasions"],
            _w("amount", lang): c["amount"],
            _w("value_12", lang): c["value_12"],
            _w("value_24", lang): c["value_24"],
            _w("value_36", lang): c["value_36"],
        }
    )
    if len(k):
        contacts = pd.DataFrame(
            {
                _w("customer", lang): k["customer"],
                _w("name", lang): k["name"],
                _w("email", lang): k["email"],
                _w("stage", lang): [stage_label(x, lang) for x in k["stage"]],
            }
        )
        # The file's own prospects are dated by their first contact (a lost or open deal).
        if "contact_date" in k and k["contact_date"].notna().any():
            at = out.columns.get_loc(_w("stage", lang)) + 1
            out.insert(at, _w("first_contact", lang), pd.NaT)
            contacts[_w("first_contact", lang)] = pd.to_datetime(k["contact_date"]).dt.date.to_numpy()
        out = pd.concat([out, contacts], ignore_index=True)
    else:
        out = out.reset_index(drop=True)
    out[_w("occasions", lang)] = pd.to_numeric(out[_w("occasions", lang)]).round().astype("Int64")
    for key in ("amount", "value_12", "value_24", "value_36"):
        out[_w(key, lang)] = pd.to_numeric(out[_w(key, lang)]).round(2)
    for key in ("first", "last"):  # days, not midnight timestamps
        out[_w(key, lang)] = pd.to_datetime(out[_w(key, lang)]).dt.date
    out = out.drop(columns=[_w(key, lang) for key in sorted(drop)])
    if not analysis.summary.has_amount:
        out = out.drop(columns=[_w(k, lang) for k in ("amount", "value_12", "value_24", "value_36")])
    elif not analysis.summary.has_history:
        out = out.drop(columns=[_w(k, lang) for k in ("value_12", "value_24", "value_36")])
    return out


def with_value(frame: pd.DataFrame, analysis: Analysis, model, lang: str = "en") -> pd.DataFrame:
    """``customers_frame``'s rows with the value model's columns added (``model``: a
    ``lifecycle.model.value.Value`` of the same summary): probability alive, expected purchases
    over the horizon, expected value over 12 months when the file has amounts. Contacts
    without a purchase get blanks."""
    c = model.customers
    by_id = c.set_index("customer")
    ids = frame[_w("customer", lang)]
    out = frame.copy()
    out[_w("p_alive", lang)] = ids.map(by_id["p_alive"]).astype("float64").round(4).to_numpy()
    name = _w("expected_purchases", lang, months=model.horizon_months)
    out[name] = ids.map(by_id["expected_purchases"]).astype("float64").round(2).to_numpy()
    if "value_12" in c:
        out[_w("expected_value_12", lang)] = ids.map(by_id["value_12"]).astype("float64").round(2).to_numpy()
    return out


def customers_csv(analysis: Analysis, lang: str = "en", model=None) -> str:
    """Customers with their stage, for a CRM import (protected against formula injection);
    with the value model's columns when ``model`` is given."""
    frame = customers_frame(analysis, lang)
    if model is not None:
        frame = with_value(frame, analysis, model, lang)
    return csv_text(frame, lang)


def csv_text(frame: pd.DataFrame, lang: str = "en") -> str:
    """A table as CSV that a spreadsheet in the reader's language opens right: in French
    ``;`` between fields, decimal commas and dd/mm/yyyy dates; in English ``,``, points and
    ISO dates. Protected against formula injection; amounts with two decimals."""
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if pd.api.types.is_datetime64_any_dtype(values) or (
            values.dtype == object and values.map(lambda v: isinstance(v, dt.date)).any()
        ):
            out[column] = [fmt_date(v, lang) if isinstance(v, dt.date) and pd.notna(v) else "" for v in values]
    sep, decimal = csv_separators(lang)
    return safe_frame(out).to_csv(index=False, sep=sep, decimal=decimal, float_format="%.2f")


def customers_shown(frame: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """``customers_frame`` as a page shows it: dates, amounts (with the currency) and counts
    in the reader's language, blanks for what a customer does not have (never «None»)."""
    out = frame.copy()
    money = {_w(k, lang) for k in ("amount", "value_12", "value_24", "value_36")}
    for column in out.columns:
        values = out[column]
        if column in money:
            out[column] = [fmt_money(v, lang) if pd.notna(v) else "" for v in values]
        elif values.map(lambda v: isinstance(v, dt.date)).any():
            out[column] = [fmt_date(v, lang) if isinstance(v, dt.date) and pd.notna(v) else "" for v in values]
        elif pd.api.types.is_integer_dtype(values):
            out[column] = [fmt_int(v, lang) if pd.notna(v) else "" for v in values]
        else:
            out[column] = values.astype(object).where(values.notna(), "")
    return out
