"""Numbers page: a report (uploaded, sample or typed) → explained KPIs, charts, export."""

from collections.abc import Iterator, Mapping
from dataclasses import replace
from datetime import date

import pandas as pd
import streamlit as st

from shell import drafts, reports
from shell.frame import ensure_frame
from shell.handout import session_pdf_button
from shell.manual import blank_manual_table, manual_rows
from shell.pages import page
from shell.safe import md_escape, table_safe
from shell.session import (
    CHART_TAB,
    COMPARE,
    INPUT_MODE,
    INPUT_MODES,
    MANUAL_EDITOR,
    PERIOD,
    PROFILE_CHOICE,
    SCOPE,
    SCOPE_SEARCH,
    TARGET_CHART_OPEN,
    TARGETS_EDITOR,
    RowsSource,
    Session,
    UploadError,
    mapping_widget_key,
)
from shell.state import lang as session_lang
from shell.state import t
from smm_logic.assessment.bank import load_bank
from smm_logic.errors import ReportFormatError
from smm_logic.format import format_day
from smm_logic.kpis.catalog import SECTIONS, kpi_catalog
from smm_logic.kpis.cube import DailyCube
from smm_logic.kpis.periods import Period
from smm_logic.kpis.scope import Analysis, Scope, default_period, rows_in_selection, scope_options
from smm_logic.kpis.targets import PER_MONTH, clean_targets
from smm_logic.outputs.charts import SELECTION_CHARTS, kpi_vs_target_chart
from smm_logic.outputs.excel import export_file_name, export_workbook
from smm_logic.outputs.kpi_explain import card_currency, format_span, unit_label
from smm_logic.outputs.numbers_view import (
    CardContext,
    KpiCard,
    card_context,
    group_table,
    kpi_cards,
    period_caption,
    targets_for_period,
)
from smm_logic.outputs.sheets import DATE_FORMATS
from smm_logic.outputs.template import template_file_name, template_workbook
from smm_logic.report.headers import metrics
from smm_logic.report.model import Report
from smm_logic.report.profiles import AUTO, profiles
from smm_logic.report.sources.detect import UPLOAD_EXTENSIONS
from smm_logic.report.sources.limits import DEFAULT_LIMITS
from smm_logic.usecases import analyse_report, change_mapping

ensure_frame()

session = Session()
lang = session_lang()
UPLOAD_TYPES = [extension.lstrip(".") for extension in UPLOAD_EXTENSIONS]
LIMIT_MB = DEFAULT_LIMITS.max_bytes // (1024 * 1024)
# Accounts the scope list offers at once (a search finds the others), and rows of the
# table per account: a roll-up of 50,000 accounts is not sent to the browser whole.
SCOPE_CHOICES = 200
GROUP_ROWS = 200


def read_upload() -> None:
    uploaded = st.file_uploader(
        t("numbers.upload_label"),
        type=UPLOAD_TYPES,
        accept_multiple_files=True,
        key=session.upload_widget,
        help=t("numbers.upload_help", limit=LIMIT_MB),
        max_upload_size=LIMIT_MB,
    )
    if not uploaded:
        return
    # The files of one upload are one report; the uploader starts empty again after it,
    # so the next upload replaces this report instead of joining it.
    session.upload_handled()
    source = reports.upload_source([(file.name, file.getvalue()) for file in uploaded])
    try:
        reports.load(source, {})
    except ReportFormatError as error:
        # The previous good report stays loaded; the error card names the problem.
        session.error = UploadError(source.name, error.message)
    else:
        session.use_source(source)
    st.rerun()


def read_manual() -> None:
    st.caption(t("numbers.manual_help"))
    if not session.manual_editor_shown:
        # First render since the page opened: start from the last draft, so typed
        # numbers survive page switches.
        draft = session.manual_draft
        session.manual_table = draft if draft is not None else blank_manual_table()
    config = {}
    for metric in metrics().values():
        label = metric.name.render(lang)
        if metric.kind == "date":
            config[metric.id] = st.column_config.DateColumn(label, help=metric.help.render(lang))
        elif metric.kind == "text":
            config[metric.id] = st.column_config.TextColumn(label, help=metric.help.render(lang))
        else:
            config[metric.id] = st.column_config.NumberColumn(
                label, help=metric.help.render(lang), min_value=0
            )
    edited = st.data_editor(
        session.manual_table,
        key=MANUAL_EDITOR,
        num_rows="dynamic",
        column_config=config,
        hide_index=True,
        width="stretch",
        placeholder="",
    )
    session.manual_draft = edited
    if st.button(t("numbers.manual_button"), key="numbers_manual_calculate", type="primary"):
        rows = manual_rows(edited, lang)
        if len(rows) < 2:
            st.warning(t("numbers.manual_empty"))
            return
        source = RowsSource.of(t("numbers.manual_name"), rows)
        try:
            reports.load(source, {})
        except ReportFormatError as error:
            session.error = UploadError(t("numbers.manual_name"), error.message)
            return
        session.use_source(source)


def input_section() -> None:
    mode = st.radio(
        t("numbers.mode"),
        INPUT_MODES,
        format_func=lambda m: t(f"numbers.mode_{m}"),
        key=INPUT_MODE,
        horizontal=True,
    )
    if mode == "upload":
        read_upload()
        st.download_button(
            t("numbers.template_button"),
            data=lambda: template_workbook(lang),
            file_name=template_file_name(lang),
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key="numbers_template",
            help=t("numbers.template_help"),
            icon=":material/download:",
            on_click="ignore",
        )
    elif mode == "sample":
        if st.button(t("numbers.sample_load"), key="numbers_sample_load", type="primary"):
            session.use_source(reports.sample_source())
        source = session.source
        if source is not None and source.name == reports.SAMPLE_NAME:
            st.caption(t("numbers.sample_loaded"))
    else:
        read_manual()


def error_card() -> None:
    failed = session.error
    if failed is None:
        return
    title = md_escape(t("numbers.error_title", name=failed.name))
    message = md_escape(failed.message.render(lang))
    with st.container(border=True):
        st.error(f"**{title}**  \n{message}", icon=":material/error:")
        source = session.source
        if source is not None:
            st.caption(md_escape(t("numbers.error_kept", name=source.name)))


def on_mapping_change(widget_key: str, header: str, old: str | None) -> None:
    new = session.mapping_choice(widget_key)
    session.overrides = change_mapping(session.overrides, header, old, new)
    # Other columns' choices follow the new reading of the file.
    session.forget_mappings(keep=widget_key)


def profile_choice(report: Report) -> None:
    """Which export the file is read as: recognised from its headers, forced, or none."""
    options: list[str | None] = [AUTO, *profiles(), None]
    found = report.profile_name.render(lang) if report.profile_name else None

    def label(choice: str | None) -> str:
        if choice == AUTO:
            if found is None:
                return t("numbers.profile_auto_none")
            return t("numbers.profile_auto_found", name=found)
        if choice is None:
            return t("numbers.profile_none")
        return profiles()[choice].name.render(lang)

    session.offer_profile()
    st.selectbox(
        t("numbers.profile_label"),
        options,
        format_func=label,
        key=PROFILE_CHOICE,
        on_change=session.take_profile_choice,
        help=t("numbers.profile_help"),
    )


def recognition(report: Report) -> None:
    # Skipped total rows are expected in exports; only other skips and notes warn.
    unexpected = [s for s in report.skipped if s.reason.key != "issue.total_row"]
    if unexpected or report.issues:
        st.warning(
            t("numbers.warnings", skipped=len(report.skipped), issues=len(report.issues)),
            icon=":material/warning:",
        )
    with st.expander(t("numbers.recognition"), expanded=False, icon=":material/table_view:"):
        profile_choice(report)
        st.caption(t("numbers.recognition_help"))
        several_sheets = len({column.sheet for column in report.columns}) > 1
        options: list[str | None] = [None, *metrics()]
        grid = st.columns(4)
        for number, column in enumerate(report.columns):
            widget_key = mapping_widget_key(column.sheet, column.letter)
            label_key = "numbers.column_label_sheet" if several_sheets else "numbers.column_label"
            label = t(label_key, sheet=column.sheet, letter=column.letter, header=column.header)
            with grid[number % 4]:
                st.selectbox(
                    md_escape(label),
                    options,
                    index=options.index(column.metric),
                    format_func=lambda m: (
                        t("numbers.not_used") if m is None else metrics()[m].name.render(lang)
                    ),
                    key=widget_key,
                    on_change=on_mapping_change,
                    args=(widget_key, column.header, column.metric),
                    help=None if column.reason is None else md_escape(column.reason.render(lang)),
                )
        listing(
            t("numbers.unused_title"),
            {
                t("numbers.where"): [f"{c.sheet}: {c.letter}" for c in report.unused_columns],
                t("numbers.header"): [c.header for c in report.unused_columns],
                t("numbers.what"): [
                    "" if c.reason is None else c.reason.render(lang) for c in report.unused_columns
                ],
            },
        )
        listing(
            t("numbers.skipped_title"),
            {
                t("numbers.where"): [s.location(lang) for s in report.skipped],
                t("numbers.what"): [s.reason.render(lang) for s in report.skipped],
            },
        )
        listing(
            t("numbers.issues_title"),
            {
                t("numbers.where"): [i.location(lang) for i in report.issues],
                t("numbers.what"): [i.render(lang) for i in report.issues],
            },
        )


def listing(title: str, columns: dict[str, list[str]]) -> None:
    """A titled table of file facts; cells are shown as text, never as Markdown."""
    if not next(iter(columns.values())):
        return
    st.markdown(f"**{title}**")
    st.dataframe(table_safe(pd.DataFrame(columns)), hide_index=True, width="stretch")


def target_unit(kpi: str, unit: str, currency: str | None) -> str:
    """The unit a target is typed in: "%", "₽", "шт. в месяц" for what adds up."""
    shown = unit_label(unit, lang, currency)
    return t("numbers.targets_per_month", unit=shown) if kpi in PER_MONTH else shown


def targets_editor(currency: str | None) -> dict[str, float]:
    """The company's targets, per month for what adds up over a period (``PER_MONTH``)."""
    with st.expander(t("numbers.targets"), icon=":material/flag:"):
        st.caption(t("numbers.targets_help"))
        catalog = kpi_catalog()
        if not session.targets_editor_shown:
            saved = session.targets
            session.targets_table = pd.DataFrame(
                {
                    "kpi": [info.name.render(lang) for info in catalog.values()],
                    "unit": [
                        target_unit(kpi, info.unit, currency) for kpi, info in catalog.items()
                    ],
                    "direction": [
                        t(f"numbers.direction_{info.direction}") for info in catalog.values()
                    ],
                    "target": [saved.get(kpi) for kpi in catalog],
                },
                index=list(catalog),
            ).astype({"target": float})
        edited = st.data_editor(
            session.targets_table,
            key=TARGETS_EDITOR,
            column_config={
                "kpi": st.column_config.TextColumn(t("numbers.targets_kpi"), disabled=True),
                "unit": st.column_config.TextColumn(t("numbers.targets_unit"), disabled=True),
                "direction": st.column_config.TextColumn(
                    t("numbers.targets_direction"), disabled=True
                ),
                "target": st.column_config.NumberColumn(t("numbers.targets_value")),
            },
            hide_index=True,
            width="stretch",
            placeholder="",  # an empty cell reads empty, not "None"
        )
        session.targets = clean_targets(edited["target"].to_dict())
    return dict(session.targets)


def scope_choices(scopes: list[Scope]) -> list[Scope]:
    """The scopes the list offers: every one for a few accounts; for many, the whole
    report, the chosen account and the first ``SCOPE_CHOICES`` matching a search, so
    that a roll-up of thousands of accounts does not send them all to the browser."""
    if len(scopes) <= SCOPE_CHOICES + 1:
        return scopes
    words = st.text_input(t("numbers.scope_search"), key=SCOPE_SEARCH).strip().casefold()
    accounts = scopes[1:]
    if words:
        accounts = [scope for scope in accounts if words in scope.label(lang).casefold()]
    shown = accounts[:SCOPE_CHOICES]
    chosen = next((scope for scope in scopes if scope.key == session.scope), None)
    if chosen is not None and chosen is not scopes[0] and chosen not in shown:
        shown.insert(0, chosen)
    st.caption(t("numbers.scope_shown", shown=len(shown), total=len(scopes) - 1))
    return [scopes[0], *shown]


def scope_and_period(cube: DailyCube) -> tuple[Scope, Period | None, bool]:
    left, middle, right = st.columns([2, 2, 2], vertical_alignment="bottom")
    scopes = scope_options(cube)
    if session.scope not in {scope.key for scope in scopes}:
        session.scope = scopes[0].key
    with left:
        by_key = {scope.key: scope for scope in scope_choices(scopes)}
        chosen = st.selectbox(
            t("numbers.scope"),
            list(by_key),
            format_func=lambda key: by_key[key].label(lang),
            key=SCOPE,
            # Chosen in a fragment run, where the frame's re-assigning of KEPT values does
            # not run: without this the Scorecard, opened next, saw the whole report.
            persist_state="session",
            disabled=len(scopes) == 1,
        )
    full = default_period(cube)
    period: Period | None = None
    with middle:
        if full is not None:
            value = session.period
            if value is None or not all(full[0] <= day <= full[1] for day in value):
                session.period = full
            picked: object = st.date_input(
                t("numbers.period"),
                min_value=full[0],
                max_value=full[1],
                key=PERIOD,
                persist_state="session",
                format=DATE_FORMATS[lang],  # as the Excel export writes dates
            )
            if isinstance(picked, tuple) and len(picked) == 2:
                period = Period(picked[0], picked[1])
    with right:
        compare = st.toggle(t("numbers.compare"), key=COMPARE, persist_state="session")
    return by_key[chosen], period, compare


def kpi_section(
    values: dict[str, float | None],
    analysis: Analysis,
    targets: dict[str, float],
    context: CardContext,
    compare: bool,
) -> None:
    cards = kpi_cards(values, analysis if compare else None, targets, context, lang)
    if compare:
        caption = period_caption(analysis, lang)
        if caption:
            st.caption(caption)
    for section in SECTIONS:
        st.subheader(t(f"numbers.section_{section}"), anchor=False)
        section_cards = [card for card in cards if card.section == section]
        # A row of four columns at a time: on a phone the columns stack, and the cards
        # keep their order instead of coming column by column.
        for first in range(0, len(section_cards), 4):
            for column, card in zip(st.columns(4), section_cards[first : first + 4], strict=False):
                with column:
                    kpi_card(card)


def kpi_card(card: KpiCard) -> None:
    # The rating is a coloured mark before the label (its words open the help): no
    # extra elements per card, so reruns stay cheap.
    st.metric(
        f"{card.rating_mark} {card.label}" if card.rating_mark else card.label,
        card.value,
        delta=card.delta,
        delta_color=card.delta_color,
        delta_arrow=card.delta_arrow,
        delta_description=card.delta_description,
        help=card.help,
        border=True,
    )
    if card.issue:
        st.caption(f":orange[:material/warning: {card.issue}]")
    if card.missing:
        st.caption(card.missing)
    if card.target:
        st.caption(card.target)


class LatestTargets(Mapping[str, float]):
    """The targets as the targets' fragment showed them last. The export and the PDF
    are drawn outside it, once per selection, and made on the click: they read the
    targets through this, so a target typed since is in them."""

    def __init__(self, values: Mapping[str, float]) -> None:
        self._values = dict(values)

    def show(self, values: Mapping[str, float]) -> None:
        self._values = dict(values)

    def __getitem__(self, kpi: str) -> float:
        return self._values[kpi]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


@st.fragment
def selection_view(report: Report, cube: DailyCube) -> None:
    """Everything the scope and the period change, as a fragment: changing one of them
    reruns this part only, not the upload, the file's recognition and the frame above
    it (so the browser redraws only what the change touches). The targets and what
    they change are a fragment inside it (``target_view``): a target typed does not
    send the table per group or the charts again."""
    scope, period, compare = scope_and_period(cube)
    analysis = analyse_report(cube, scope, period)
    context = None if analysis.rows == 0 else card_context(report, analysis, lang)
    typed = LatestTargets(session.targets)
    for_period = LatestTargets({})
    target_view(report, analysis, context, compare, (typed, for_period))
    if context is not None:
        groups_section(analysis, context)
        charts_section(scope, analysis)
        export_section(report, scope, analysis, typed, for_period)
    # A run of this fragment alone skips the entry script's save after the page.
    drafts.keep()


@st.fragment
def target_view(
    report: Report,
    analysis: Analysis,
    context: CardContext | None,
    compare: bool,
    latest: tuple[LatestTargets, LatestTargets],
) -> None:
    """The targets' editor, the cards and how far each target is attained: all that a
    target changes on the page, rerun alone when a target is typed."""
    targets = targets_editor(card_currency(report, lang))
    if context is None:
        st.info(t("numbers.no_rows_in_period"))
        return
    values = analysis.result.overall
    kpi_section(values, analysis, targets, context, compare)
    period_targets = targets_for_period(targets, context)
    typed, for_period = latest
    typed.show(targets)
    for_period.show(period_targets)
    # Drawn only while open, as the charts' tabs are: typing a target with it closed
    # draws no chart.
    label, icon = t("numbers.targets_chart_open"), ":material/target:"
    with st.expander(label, key=TARGET_CHART_OPEN, on_change="rerun", icon=icon) as shown:
        if shown.open:
            chart = kpi_vs_target_chart(values, period_targets, lang) if period_targets else None
            if chart is None:
                st.caption(t("numbers.targets_chart_none"))
            else:
                st.altair_chart(chart, width="stretch")
    drafts.keep()


def groups_section(analysis: Analysis, context: CardContext) -> None:
    if len(analysis.result.groups) <= 1:
        return
    st.subheader(t("numbers.groups_title"), anchor=False)
    groups = len(analysis.result.groups)
    table = group_table(analysis.result, lang, context.currency, limit=GROUP_ROWS)
    st.dataframe(table_safe(table), hide_index=True, width="stretch")
    if groups > GROUP_ROWS:
        st.caption(t("numbers.groups_shown", shown=GROUP_ROWS, total=groups))


def charts_section(scope: Scope, analysis: Analysis) -> None:
    """One chart at a time, in tabs that run lazily: a change of the selection redraws
    the chart in view only, and the others are built when their tab is opened."""
    st.subheader(t("numbers.charts_title"), anchor=False)
    titles = {kind: t(f"chart.{kind}_title") for kind in SELECTION_CHARTS}
    tabs = st.tabs(list(titles.values()), key=CHART_TAB, on_change="rerun")
    source = session.source
    assert source is not None
    # Built once per selection and language; a rerun with the same selection reuses them.
    selection = reports.selection_key(
        source, session.overrides, scope.key, analysis.rows_period, session.profile
    )
    for kind, tab in zip(SELECTION_CHARTS, tabs, strict=True):
        if not tab.open:
            continue
        with tab:
            chart = reports.selection_chart(selection, kind, analysis.cube, lang)
            if chart is None:
                st.caption(t("numbers.chart_missing", chart=titles[kind]))
            else:
                st.altair_chart(chart, width="stretch")


def export_section(
    report: Report,
    scope: Scope,
    analysis: Analysis,
    typed: LatestTargets,
    for_period: LatestTargets,
) -> None:
    def export() -> bytes:
        """The workbook of exactly the rows, scope and period shown, and the targets
        shown when it is asked for (made on download)."""
        rows = rows_in_selection(report.table, scope, analysis.rows_period)
        return export_workbook(
            replace(report, table=rows),
            analysis.result,
            analysis.comparison,
            lang,
            targets=dict(for_period),
            scope_label=scope.label(lang),
            period=analysis.period,
        )

    st.subheader(t("numbers.export_title"), anchor=False)
    shown_period = (
        t("numbers.no_period") if analysis.period is None else format_span(analysis.period, lang)
    )
    st.caption(t("numbers.export_scope", scope=scope.label(lang), period=shown_period))
    st.download_button(
        t("numbers.export_button"),
        data=export,
        file_name=export_file_name(report.name, lang, date.today()),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="numbers_export",
        help=t("numbers.export_help"),
        icon=":material/download:",
        on_click="ignore",
        type="primary",
    )
    session_pdf_button(session, load_bank(), key="numbers_pdf", analysis=analysis, targets=typed)


# ------------------------------------------------------------------- page

st.title(t("numbers.title"))
st.caption(t("numbers.subtitle"))
st.page_link(page("method"), label=t("numbers.method_link"), icon=":material/menu_book:")
input_section()
error_card()

source = session.source
if source is None:
    st.info(t("numbers.empty"), icon=":material/upload_file:")
    st.stop()

try:
    report = reports.load(source, session.overrides, session.profile)
except ReportFormatError as error:
    st.error(md_escape(error.render(lang)))
    session.overrides = {}
    report = reports.load(source, {}, session.profile)
cube = reports.cube(source, session.overrides, session.profile)

period_range = report.period
period_text = (
    f"{format_day(period_range[0], lang)} – {format_day(period_range[1], lang)}"
    if period_range
    else t("numbers.no_period")
)
groups = len(scope_options(cube)) - 1 or 1
st.markdown(
    t(
        "numbers.loaded",
        name=md_escape(report.name),
        rows=report.rows_used,
        period=period_text,
        groups=groups,
    )
)
if report.profile_name is not None:
    st.caption(t("numbers.profile_recognised", name=report.profile_name.render(lang)))
recognition(report)
selection_view(report, cube)
