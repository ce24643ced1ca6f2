"""Data page: upload or pick a sample, choose the sheet, check the columns, read the row report."""

import contextlib

import streamlit as st

from lifecycle.errors import LifecycleError
from lifecycle.locale.i18n import fmt_date, fmt_int, quoted, t
from lifecycle.reading.mapping import ROLE_SYNONYMS
from lifecycle.reading.statuses import MEANINGS
from lifecycle.reports.explain import cells_as_shown, rejected_csv, roles_frame, set_aside_lines, statuses_frame
from lifecycle.reports.tables import screen_cells
from lifecycle.ui import data, state
from lifecycle.ui.shell import ensure_booted
from lifecycle.ui.texts import code, plain, sentence, tr
from lifecycle.ui.widgets import file_uploader, show_error

ensure_booted()  # a deep link may start this page before app.py

ss = st.session_state


def _on_upload() -> None:
    f = ss.get("data.upload_file")
    if f is not None:
        ss[state.UPLOAD] = {"name": f.name, "id": f.file_id, "data": f.getvalue()}
        state.new_source("upload", f.name, f.file_id)
        ss[state.CONTACTS] = None
        ss["data.sample_pick"] = tr("data.sample_none", state.lang())  # the sample is no longer in use


def _on_sample() -> None:
    name = ss.get("data.sample_pick")
    if name in data.SAMPLES:
        state.new_source("sample", name, name)
        ss[state.CONTACTS] = None


def _on_contacts() -> None:
    f = ss.get("data.contacts_file")
    ss[state.CONTACTS] = {"name": f.name, "id": f.file_id, "data": f.getvalue()} if f is not None else None


def _use_as_customer(column: str) -> None:
    ss[state.MAPPING] = {**ss.get(state.MAPPING, {}), "customer": column}


def _on_meanings(key: str, values: list[str], shown: list[str], column: str) -> None:
    """The status table was edited: the meanings that differ from those shown are the user's."""
    back = {t(f"meaning.{m}", state.lang()): m for m in MEANINGS}
    chosen = state.meanings_or_none()
    for row, edit in (ss.get(key) or {}).get("edited_rows", {}).items():
        meaning = back.get(edit.get(column))
        if meaning is not None and meaning != shown[int(row)]:
            chosen[values[int(row)]] = meaning
    state.set_meanings(chosen)


def _row_report(report, more_warnings, lang: str, anon: bool) -> None:
    """The row report: every row read accounted for, then what to know about the file."""
    st.subheader(tr("data.report", lang))
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(tr("data.read", lang), fmt_int(report.read, lang))
    m2.metric(tr("data.used", lang), fmt_int(report.used, lang))
    m3.metric(tr("data.rejected", lang), fmt_int(report.rejected, lang))
    m4.metric(tr("data.after", lang), fmt_int(report.after_as_of, lang))
    parts = [t(f"understood.{m}", lang, n=fmt_int(n, lang)) for m, n in (report.meanings or {}).items() if n]
    if parts:  # none when no row was used
        st.caption(tr("data.by_meaning", lang, parts=" · ".join(parts)))
    if report.blank:
        st.caption(tr("data.blank", lang, n=fmt_int(report.blank, lang)))
    if report.rejected:
        st.markdown(f"**{tr('data.reasons', lang)}**")
        st.dataframe(
            {
                tr("col.reason", lang): list(report.reasons_text(lang)),
                tr("col.count", lang): list(report.reasons.values()),
            },
            hide_index=True,
        )
        rejected = report.rejected_frame(lang).head(200)
        if anon:  # the value found (last column) may be a customer's id or name
            rejected.iloc[:, -1] = rejected.iloc[:, -1].map(lambda v: "•••" if v else "")
        # headed as the table above it; the download keeps the lower-case names of a CSV header
        st.dataframe(rejected.rename(columns=str.capitalize), hide_index=True, width="stretch")
        st.download_button(
            tr("data.download_rejected", lang),
            data=data.on_click("data.rejected", rejected_csv, report, lang),
            file_name="rejected_rows.csv",
            mime="text/csv",
        )
    warnings = list(report.warnings) + list(more_warnings)
    if warnings:
        st.markdown(f"**{tr('data.warnings', lang)}**")
        for w in warnings:  # which column is the customer is news, not a fault
            news = w.code in (
                "key_email",
                "key_values",
                "order_lines",
                "order_totals",
                "keyed_by_email",
                "file_prospects",
            )
            (st.info if news else st.warning)(plain(sentence(w.text(lang, hide=anon))))


def _understood(cur, lang: str) -> None:
    """What the reading understood, in one sentence, before anything else."""
    report = cur.loaded.report
    remap = cur.saved is None  # a saved summary's columns cannot be remapped
    if report.platform:
        st.success(
            tr("data.recognised", lang, platform=t(f"platform.{report.platform}", lang)), icon=":material/verified:"
        )
    if report.understood:
        st.info(plain(report.understood_text(lang)), icon=":material/fact_check:")
    for w in report.warnings:
        if w.code == "all_once":  # the customer column looks like the order's or the payment's own id
            st.warning(plain(w.text(lang)))
            if remap:
                st.button(
                    tr("data.use_as_customer", lang, column=w.fields["other"]),
                    on_click=_use_as_customer,
                    args=(w.fields["other"],),
                    key="data.use_as_customer",
                )


def _statuses(cur, lang: str, file_key: str) -> None:
    """The status values and their meaning, as an editable table."""
    report = cur.loaded.report
    if not report.statuses:
        return
    st.subheader(tr("data.statuses", lang))
    column = plain(cur.loaded.mapping.status)
    if cur.saved is not None:
        st.caption(tr("data.saved_statuses", lang, column=column))
    else:
        st.caption(tr("data.statuses_help", lang, column=column))
    frame = statuses_frame(report.statuses[: data.MAX_STATUSES], lang)
    labels = {m: t(f"meaning.{m}", lang) for m in MEANINGS}
    cols = {c: tr(f"data.status_col.{c}", lang) for c in ("value", "rows", "meaning", "source")}
    shown = frame.assign(meaning=frame["meaning"].map(labels)).rename(columns=cols)
    if cur.saved is not None:  # the meanings it was saved with: shown, not edited
        st.dataframe(shown, hide_index=True, width="stretch", key="data.saved_statuses")
        return
    chosen = state.meanings_or_none()
    key = f"statuses.{file_key}.{hash(tuple(sorted(chosen.items())))}"
    st.container(key="data.status_table").data_editor(
        shown,
        column_config={
            cols["meaning"]: st.column_config.SelectboxColumn(options=list(labels.values()), required=True),
            cols["rows"]: st.column_config.NumberColumn(format="localized"),
        },
        disabled=[cols["value"], cols["rows"], cols["source"]],
        hide_index=True,
        width="stretch",
        key=key,
        on_change=_on_meanings,
        args=(key, [v.value for v in report.statuses[: data.MAX_STATUSES]], list(frame["meaning"]), cols["meaning"]),
    )
    if len(report.statuses) > data.MAX_STATUSES:
        st.caption(tr("data.statuses_more", lang, n=fmt_int(len(report.statuses) - data.MAX_STATUSES, lang)))
    if chosen:
        st.button(tr("data.statuses_reset", lang), on_click=state.set_meanings, args=({},), key="data.statuses_reset")


def _contents(cur, lang: str) -> None:
    """What the file holds: its period, customers, clients, purchase occasions, segments."""
    summary = cur.summary
    st.subheader(tr("data.contents", lang))
    k1, k2, k3, k4, k5 = st.columns([1.6, 1, 1, 1, 1])
    k1.markdown(
        f"{tr('facts.period', lang)}  \n**{fmt_date(summary.first_date, lang)} – {fmt_date(summary.last_date, lang)}**"
    )
    k2.metric(tr("data.customers", lang), fmt_int(summary.people_in_file, lang))
    with contextlib.suppress(LifecycleError):  # the definition's clients, when the thresholds are usable
        k3.metric(tr("data.clients", lang), fmt_int(data.clients_total(cur, state.definition()), lang))
    k4.metric(tr("data.orders", lang), fmt_int(summary.customers["occasions"].sum(), lang))
    segments = summary.customers["segment"].dropna().unique() if summary.has_segment else []
    if len(segments):
        k5.metric(tr("data.segments", lang), fmt_int(len(segments), lang))
        st.caption(plain(", ".join(sorted(map(str, segments))[:20])))
    if not summary.has_history:
        st.info(tr("data.shape_customers", lang))
    if cur.contacts is not None:
        current_name = ss[state.SOURCE]["name"]
        name = (ss.get(state.CONTACTS) or {}).get("name") or state.SAMPLE_CONTACTS.get(current_name, "")
        st.markdown(tr("data.contacts_loaded", lang, name=plain(name), n=fmt_int(cur.contacts.report.used, lang)))


def _saved_summary(saved, lang: str) -> None:
    """A saved summary in use: what it summarises instead of the mapping editor (its columns
    were mapped when it was saved), then the original file's row report, as for a file."""
    anon = bool(ss.get(state.ANON))
    try:
        cur = data.current()
    except Exception as exc:  # an as-of date or status meanings it cannot take
        show_error(exc, lang, ss[state.SOURCE]["name"])
        st.stop()
    src = saved.source
    sheet = t("cli.sheet", lang, sheet=plain(src.sheet)) if src.sheet else ""
    st.info(
        tr(
            "data.saved",
            lang,
            name=plain(saved.file),
            file=plain(src.file),
            sheet=sheet,
            as_of=fmt_date(cur.summary.as_of, lang),
            n=fmt_int(cur.summary.people_in_file, lang),
        ),
        icon=":material/inventory_2:",
    )
    roles = " · ".join(f"{tr(f'role.{role}', lang)} {code(column)}" for role, column in src.mapping.items())
    st.caption(tr("data.saved_mapping", lang, roles=roles))
    if src.contacts:
        st.caption(tr("data.saved_contacts", lang, name=plain(src.contacts), n=fmt_int(src.contacts_used, lang)))
    _understood(cur, lang)
    _statuses(cur, lang, "saved")
    _row_report(cur.loaded.report, cur.summary.warnings, lang, anon)
    _contents(cur, lang)


def main() -> None:
    lang = state.lang()
    st.title(tr("data.title", lang))
    st.caption(tr("data.intro", lang))

    left, right = st.columns(2)
    kinds = tr("upload.tables", lang)
    file_uploader(
        left,
        tr("data.upload", lang),
        kinds,
        ["xlsx", "xlsm", "xls", "csv", "txt", "tsv", "parquet"],
        "upload-data",
        lang,
        key="data.upload_file",
        on_change=_on_upload,
    )
    samples = [tr("data.sample_none", lang), *data.SAMPLES]
    current_name = ss[state.SOURCE]["name"]
    is_sample = ss[state.SOURCE]["kind"] == "sample"
    right.selectbox(
        tr("data.sample", lang),
        samples,
        # An upload in use: the sample box says «(your file)», not the sample read before it.
        index=samples.index(current_name) if is_sample and current_name in samples else 0,
        key="data.sample_pick",
        placeholder=tr("choose", lang),
        on_change=_on_sample,
    )
    file_uploader(
        right,
        tr("data.contacts", lang),
        kinds,
        ["xlsx", "xls", "csv", "txt", "parquet"],
        "upload-contacts",
        lang,
        key="data.contacts_file",
        on_change=_on_contacts,
    )

    st.markdown(tr("data.using", lang, name=plain(current_name)))
    try:
        saved = data.saved_in_use()
    except Exception as exc:  # an upload that cannot be opened
        show_error(exc, lang, current_name)
        st.stop()
    if saved is not None:
        _saved_summary(saved, lang)
        return
    try:
        file_key, raw, _, in_use = data.raw_table()
    except Exception as exc:  # the file cannot be read at all
        show_error(exc, lang, current_name)
        st.stop()
    file_key = file_key.split("|")[0]
    read = dict(ss.get(state.READ, {}))

    # Sheets and header row. Several sheets with the same columns (one per year) read as one table.
    if raw.sheets:
        names = [s.name for s in raw.sheets]
        labels = {s.name: s.name + ("" if s.visible else " " + tr("data.hidden", lang)) for s in raw.sheets}
        c1, c2 = st.columns([3, 1])
        picked = c1.multiselect(
            tr("data.sheets", lang),
            names,
            default=list(raw.sheets_read),
            format_func=labels.get,
            help=tr("data.sheets_help", lang),
            key=f"data.sheet.{file_key}",
            placeholder=tr("choose", lang),
        )
        header = c2.number_input(
            tr("data.header_row", lang),
            min_value=0,
            max_value=1000,
            value=int(read.get("header_row") or 0),
            key=f"data.header.{file_key}",
        )
        sheet = read.get("sheet") if list(picked) == list(raw.sheets_read) or not picked else list(picked)
        wanted = {"sheet": sheet, "header_row": int(header) or None}
        if wanted["sheet"] != read.get("sheet") or wanted["header_row"] != read.get("header_row"):
            ss[state.READ] = {**read, **wanted}
            ss[state.MAPPING] = {}
            st.rerun()
        siblings = data.sibling_sheets(raw) if len(raw.sheets_read) == 1 else []
        if siblings:
            st.info(tr("data.same_columns", lang, sheets=plain(quoted(siblings, lang))))

            def _together(names=siblings, key=f"data.sheet.{file_key}") -> None:
                ss[state.READ] = {**read, "sheet": names}
                ss[state.MAPPING] = {}
                ss[key] = names  # the sheets box shows what is read

            st.button(
                tr("data.read_together", lang, n=len(siblings)), key=f"data.together.{file_key}", on_click=_together
            )

    anon = bool(ss.get(state.ANON))
    with st.expander(tr("data.preview", lang, row=raw.header_row), expanded=False):
        if anon:  # screen-shared workshop: column names only
            st.caption(tr("data.anon_preview", lang))
            st.text(", ".join(raw.frame.columns))
        else:
            st.dataframe(screen_cells(cells_as_shown(raw.frame.head(20), raw, lang)), width="stretch")

    try:
        cur, failure = data.current(), None
    except Exception as exc:  # said below, where the settings that can fix it are
        cur, failure = None, exc
    if cur is not None:
        _understood(cur, lang)

    # Column mapping: always shown, so that a column the names did not reveal can be given.
    st.subheader(tr("data.mapping", lang))
    st.caption(tr("data.mapping_help", lang))
    columns = list(raw.frame.columns)
    if cur is not None:
        roles = roles_frame(raw, cur.loaded.mapping, cur.proposal, lang, hide=anon)
        # st.table reads Markdown: the file's names and values as code spans, our words escaped.
        shown = roles.map(lambda v: plain(v) if isinstance(v, str) else v)
        shown.iloc[:, 1] = roles.iloc[:, 1].map(code)
        shown.iloc[:, 2] = roles.iloc[:, 2].map(
            lambda values: " · ".join(map(code, values))
        )  # a comma after a code span reads « , »
        st.table(shown, hide_index=True, border="horizontal")
        for line in set_aside_lines(cur.proposal, cur.loaded.mapping, lang):
            st.caption(tr("data.set_aside", lang, why=plain(line)))
    none = tr("data.none", lang)
    changes = {}
    with st.expander(tr("data.correct", lang), expanded=cur is None):
        grid = st.columns(4)
        for i, role in enumerate(ROLE_SYNONYMS):
            value = in_use.get(role)
            choice = grid[i % 4].selectbox(
                tr(f"role.{role}", lang),
                [none, *columns],
                index=(columns.index(value) + 1) if value in columns else 0,
                key=f"data.map.{file_key}.{role}",
                placeholder=tr("choose", lang),
            )
            chosen = None if choice == none else choice
            if chosen != value:
                changes[role] = chosen
    if changes:
        ss[state.MAPPING] = {**ss.get(state.MAPPING, {}), **{k: (v or "") for k, v in changes.items()}}
        st.rerun()
    if cur is not None:
        _statuses(cur, lang, file_key)

    # Reading choices when the evidence is ambiguous.
    c1, c2 = st.columns(2)
    # Options are words, not None: a radio shows a None value as nothing chosen.
    orders = {"auto": None, "dayfirst": True, "monthfirst": False}
    labels = {
        "auto": tr("data.auto", lang),
        "dayfirst": tr("data.dayfirst", lang),
        "monthfirst": tr("data.monthfirst", lang),
    }
    order = c1.radio(
        tr("data.dates", lang),
        list(orders),
        index=list(orders.values()).index(read.get("dayfirst")),
        format_func=labels.get,
        horizontal=True,
        key=f"data.dayfirst.{file_key}.{lang}",  # a radio drawn again in another language shows no choice
    )
    decimals = {"auto": None, ",": ",", ".": "."}
    separator = c2.radio(
        tr("data.decimal", lang),
        list(decimals),
        index=list(decimals.values()).index(read.get("decimal")),
        format_func=lambda k: labels["auto"] if k == "auto" else k,
        horizontal=True,
        key=f"data.decimal.{file_key}.{lang}",
    )
    dayfirst, decimal = orders.get(order), decimals.get(separator)
    if dayfirst != read.get("dayfirst") or decimal != read.get("decimal"):
        ss[state.READ] = {**read, "dayfirst": dayfirst, "decimal": decimal}
        st.rerun()

    if failure is not None:
        show_error(failure, lang, current_name)
        if getattr(failure, "report", None) is not None:  # no row usable: each row says why
            _row_report(failure.report, (), lang, anon)
        st.stop()
    _row_report(cur.loaded.report, cur.summary.warnings, lang, anon)
    _contents(cur, lang)


main()
