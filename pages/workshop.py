"""Workshop page (for consultants): clients, their respondents and invitation links, the
session's assessment and report saved to a client and opened back, respondents side by
side, and the client's history per quarter.

Every storage call is in ``act`` or a ``try``: a failure shows its message
(``StorageError.render``), never a traceback, and what was typed stays on the page.
"""

from collections.abc import Callable
from datetime import date

import streamlit as st

from shell.frame import ensure_frame
from shell.handout import workshop_pdf_section
from shell.pages import page
from shell.safe import md_escape
from shell.session import Session
from shell.state import lang as session_lang
from shell.state import t
from shell.storage import current_workspace
from shell.take_away import workshop_workbook_button
from shell.workshop import (
    CLIENT,
    HISTORY_WHO,
    NEW_CLIENT_NAME,
    RESPONDENT_NAME,
    RESPONDENT_ROLE,
    SAVE_DATE,
    SAVE_RESPONDENT,
    SHOW_ARCHIVED,
    WorkshopState,
    invite_url,
    latest_answers,
    open_assessment,
    open_report,
    report_to_save,
)
from shell.workshop_views import history_view, role_label, side_by_side, who
from smm_logic.assessment.bank import load_bank
from smm_logic.errors import ReportFormatError
from smm_logic.format import format_day
from smm_logic.storage import (
    ROLES,
    ClientHistory,
    ClientInfo,
    ReportToSave,
    StorageError,
    Workspace,
)
from smm_logic.text import text

ensure_frame()

# The history's choice of "every respondent" (stored ids start at 1; a None option would
# show as the selectbox's placeholder).
EVERYONE = 0

session = Session()
state = WorkshopState()
lang = session_lang()


def act(action: Callable[[], object], done: str) -> bool:
    """Run one storage action; the next run says what it did, or why it failed."""
    try:
        action()
    except StorageError as error:
        state.notice = ("error", error.render(lang))
        return False
    except ValueError:  # a name that is empty or too long
        state.notice = ("error", t("workshop.bad_name"))
        return False
    state.notice = ("success", done)
    return True


def show_notice() -> None:
    notice = state.take_notice()
    slot = st.container()  # always drawn, so the page below keeps its place
    if notice is None:
        return
    kind, message = notice
    if kind == "error":
        slot.error(message, icon=":material/error:")
    else:
        slot.success(message, icon=":material/check_circle:")


# ------------------------------------------------------------------- clients


def create_client(workspace: Workspace) -> None:
    name = str(state.value(NEW_CLIENT_NAME) or "")

    def create() -> None:
        state.client = workspace.create_client(name).id

    if act(create, t("workshop.created", name=md_escape(name.strip()))):
        state.set(NEW_CLIENT_NAME, "")


def choose_client(workspace: Workspace) -> ClientInfo | None:
    """The client picker and the new-client field; the client chosen, if any."""
    try:
        clients = workspace.list_clients(include_archived=bool(state.value(SHOW_ARCHIVED)))
    except StorageError as error:
        st.error(error.render(lang), icon=":material/error:")
        return None
    by_id = {client.id: client for client in clients}
    if state.client not in by_id:
        state.client = next(iter(by_id), None)
    pick, new = st.columns([3, 2], vertical_alignment="bottom")
    with pick:
        if by_id:
            st.selectbox(
                t("workshop.client"),
                list(by_id),
                format_func=lambda cid: (
                    text("workshop.archived_name", lang, name=by_id[cid].name)
                    if by_id[cid].archived
                    else by_id[cid].name
                ),
                key=CLIENT,
            )
        st.toggle(t("workshop.show_archived"), key=SHOW_ARCHIVED)
    with new, st.container(horizontal=True, vertical_alignment="bottom"):
        st.text_input(t("workshop.new_client"), key=NEW_CLIENT_NAME, max_chars=200)
        st.button(
            t("workshop.create"),
            key="workshop_create",
            icon=":material/add:",
            on_click=create_client,
            args=(workspace,),
        )
    return by_id.get(state.client) if state.client is not None else None


def client_tab(workspace: Workspace, client: ClientInfo, history: ClientHistory) -> None:
    rename_key = f"workshop_rename_{client.id}"
    if state.value(rename_key) is None:
        state.set(rename_key, client.name)
    with st.container(horizontal=True, vertical_alignment="bottom"):
        st.text_input(t("workshop.name"), key=rename_key, max_chars=200)
        st.button(
            t("workshop.rename"),
            key="workshop_rename_button",
            on_click=lambda: act(
                lambda: workspace.rename_client(client.id, str(state.value(rename_key))),
                t("workshop.renamed"),
            ),
        )
    with st.container(horizontal=True):
        archive_label = "workshop.unarchive" if client.archived else "workshop.archive"
        st.button(
            t(archive_label),
            key="workshop_archive",
            icon=":material/archive:",
            on_click=lambda: act(
                lambda: workspace.archive_client(client.id, not client.archived),
                t("workshop.unarchived" if client.archived else "workshop.archived"),
            ),
        )
        if st.button(t("workshop.delete"), key="workshop_delete", icon=":material/delete:"):
            state.pending_delete = client.id
    if state.pending_delete == client.id:
        confirm_delete(workspace, client, history)
    targets_section(workspace, client, history)


def confirm_delete(workspace: Workspace, client: ClientInfo, history: ClientHistory) -> None:
    st.warning(
        t(
            "workshop.delete_confirm",
            name=md_escape(client.name),
            assessments=len(history.assessments),
            reports=len(history.reports),
        ),
        icon=":material/warning:",
    )
    yes, no = st.columns(2)
    yes.button(
        t("workshop.delete_yes"),
        key="workshop_delete_confirm",
        type="primary",
        on_click=delete_client,
        args=(workspace, client),
    )
    no.button(t("workshop.delete_no"), key="workshop_delete_cancel", on_click=cancel_delete)


def delete_client(workspace: Workspace, client: ClientInfo) -> None:
    state.pending_delete = None
    if act(lambda: workspace.delete_client(client.id), t("workshop.deleted")):
        state.client = None


def cancel_delete() -> None:
    state.pending_delete = None


def targets_section(workspace: Workspace, client: ClientInfo, history: ClientHistory) -> None:
    st.subheader(t("workshop.targets_title"), anchor=False)
    if history.targets:
        st.markdown("\n".join(f"- `{kpi}`: {value:g}" for kpi, value in history.targets.items()))
    else:
        st.caption(t("workshop.no_targets"))
    with st.container(horizontal=True):
        st.button(
            t("workshop.targets_save"),
            key="workshop_targets_save",
            disabled=not session.targets,
            on_click=lambda: act(
                lambda: workspace.set_targets(client.id, session.targets),
                t("workshop.targets_saved"),
            ),
        )
        if st.button(
            t("workshop.targets_load"), key="workshop_targets_load", disabled=not history.targets
        ):
            session.targets = history.targets
            st.switch_page(page("numbers"))


# ------------------------------------------------------------------- respondents


def add_respondent(workspace: Workspace, client: ClientInfo) -> None:
    name = str(state.value(RESPONDENT_NAME) or "")
    role = str(state.value(RESPONDENT_ROLE) or "owner")
    if act(
        lambda: workspace.add_respondent(client.id, name, role),
        t("workshop.respondent_added", name=md_escape(name.strip())),
    ):
        state.set(RESPONDENT_NAME, "")


def make_invite(workspace: Workspace, respondent_id: int) -> None:
    def invite() -> None:
        state.keep_invite(respondent_id, workspace.invite(respondent_id))

    act(invite, t("workshop.invite_made"))


def ask_remove(respondent_id: int) -> None:
    state.pending_remove = respondent_id


def remove_respondent(workspace: Workspace, respondent_id: int) -> None:
    state.pending_remove = None
    act(lambda: workspace.remove_respondent(respondent_id), t("workshop.respondent_removed"))


def cancel_remove() -> None:
    state.pending_remove = None


def confirm_remove(workspace: Workspace, respondent_id: int, history: ClientHistory) -> None:
    answered = sum(saved.respondent.id == respondent_id for saved in history.assessments)
    st.warning(t("workshop.remove_confirm", n=answered), icon=":material/warning:")
    yes, no = st.columns(2)
    yes.button(
        t("workshop.remove_yes"),
        key="workshop_remove_confirm",
        type="primary",
        on_click=remove_respondent,
        args=(workspace, respondent_id),
    )
    no.button(t("workshop.delete_no"), key="workshop_remove_cancel", on_click=cancel_remove)


def respondents_tab(workspace: Workspace, client: ClientInfo, history: ClientHistory) -> None:
    if not history.respondents:
        st.caption(t("workshop.no_respondents"))
    invites = state.invites
    for respondent in history.respondents:
        with st.container(border=True):
            name, invite, remove = st.columns([3, 1, 1], vertical_alignment="center")
            name.markdown(f"**{md_escape(respondent.name)}** · {role_label(respondent.role)}")
            invite.button(
                t("workshop.invite"),
                key=f"workshop_invite_{respondent.id}",
                icon=":material/link:",
                on_click=make_invite,
                args=(workspace, respondent.id),
            )
            remove.button(
                t("workshop.remove"),
                key=f"workshop_remove_{respondent.id}",
                icon=":material/person_remove:",
                on_click=ask_remove,
                args=(respondent.id,),
            )
            if state.pending_remove == respondent.id:
                confirm_remove(workspace, respondent.id, history)
            if respondent.id in invites:
                st.code(invite_url(invites[respondent.id]), language=None)
                st.caption(t("workshop.invite_help"))
    with st.container(horizontal=True, vertical_alignment="bottom"):
        st.text_input(t("workshop.respondent_name"), key=RESPONDENT_NAME, max_chars=200)
        st.selectbox(
            t("workshop.role_label"),
            ROLES,
            format_func=lambda role: role_label(role, lang),
            key=RESPONDENT_ROLE,
        )
        st.button(
            t("workshop.add_respondent"),
            key="workshop_add_respondent",
            icon=":material/person_add:",
            on_click=add_respondent,
            args=(workspace, client),
        )


# ------------------------------------------------------------------- save and open


def save_assessment(workspace: Workspace, history: ClientHistory) -> None:
    st.subheader(t("workshop.save_assessment_title"), anchor=False)
    bank = load_bank()
    answered, total = bank.progress(session.answers)
    if not session.answers:
        st.caption(t("workshop.no_answers"))
        st.page_link(page("assessment"), label=t("workshop.go_assessment"))
        return
    if not history.respondents:
        st.caption(t("workshop.add_respondent_first"))
        return
    st.caption(t("workshop.answers_in_session", answered=answered, total=total))
    by_id = {respondent.id: respondent for respondent in history.respondents}
    with st.container(horizontal=True, vertical_alignment="bottom"):
        respondent_id = st.selectbox(
            t("workshop.whose_answers"), list(by_id), format_func=lambda rid: who(by_id[rid], lang),
            key=SAVE_RESPONDENT,
        )  # fmt: skip
        taken_on = st.date_input(t("workshop.taken_on"), value=date.today(), key=SAVE_DATE)
        if st.button(
            t("workshop.save_assessment"),
            key="workshop_save_assessment",
            type="primary",
            icon=":material/save:",
        ):
            act(
                lambda: workspace.save_assessment(
                    respondent_id, session.answers, bank.version, taken_on
                ),
                t("workshop.assessment_saved", name=md_escape(by_id[respondent_id].name)),
            )
            st.rerun()


def save_report(workspace: Workspace, client: ClientInfo) -> None:
    st.subheader(t("workshop.save_report_title"), anchor=False)
    source = session.source
    if source is None:
        st.caption(t("workshop.no_report"))
        st.page_link(page("numbers"), label=t("workshop.go_numbers"))
        return
    st.caption(t("workshop.report_in_session", name=md_escape(source.name)))
    if st.button(t("workshop.save_report"), key="workshop_save_report", icon=":material/save:"):
        try:
            report = report_to_save(session)
        except ReportFormatError:
            st.error(t("workshop.report_unreadable"), icon=":material/error:")
            return
        if report is not None:
            act(lambda: keep_report(workspace, client, report), t("workshop.report_saved"))
        st.rerun()


def keep_report(workspace: Workspace, client: ClientInfo, report: ReportToSave) -> None:
    """The report, and the targets it was judged against as the client's targets."""
    workspace.save_report(client.id, report)
    if session.targets:
        workspace.set_targets(client.id, session.targets)


def saved_list(workspace: Workspace, history: ClientHistory) -> None:
    st.subheader(t("workshop.saved_title"), anchor=False)
    if not history.assessments and not history.reports:
        st.caption(t("workshop.nothing_saved"))
    for saved in reversed(history.assessments):
        line, button = st.columns([4, 1], vertical_alignment="center")
        line.markdown(
            t(
                "workshop.saved_assessment",
                day=format_day(saved.taken_on, lang),
                who=md_escape(who(saved.respondent)),
                n=len(saved.answers),
            )
        )
        if button.button(t("workshop.open"), key=f"workshop_open_assessment_{saved.id}"):
            open_saved(lambda s=saved: open_assessment(session, s, load_bank()), "scorecard")
    for info in reversed(history.reports):
        line, button = st.columns([4, 1], vertical_alignment="center")
        period = (
            f"{format_day(info.period[0], lang)} – {format_day(info.period[1], lang)}"
            if info.period
            else t("numbers.no_period")
        )
        line.markdown(t("workshop.saved_report", name=md_escape(info.name), period=period))
        if button.button(t("workshop.open"), key=f"workshop_open_report_{info.id}"):
            open_saved(
                lambda rid=info.id: open_report(
                    session, workspace.open_report(rid), history.targets
                ),
                "numbers",
            )


def open_saved(restore: Callable[[], None], target: str) -> None:
    """Put a saved record back into the session and go to the page that shows it."""
    try:
        restore()
    except StorageError as error:
        st.error(error.render(lang), icon=":material/error:")
        return
    st.switch_page(page(target))


# ------------------------------------------------------------------- page

st.title(t("workshop.title"))
st.caption(t("workshop.subtitle"))
try:
    workspace = current_workspace()
except StorageError as error:  # the database cannot be reached or upgraded at all
    st.error(error.render(lang), icon=":material/error:")
    st.stop()
if workspace.read_only:
    st.info(t("workshop.read_only"), icon=":material/lock:")
show_notice()
client = choose_client(workspace)
if client is None:
    st.info(t("workshop.no_clients"), icon=":material/groups:")
    st.stop()
try:
    history = workspace.history(client.id)
except StorageError as error:
    st.error(error.render(lang), icon=":material/error:")
    st.stop()
bank = load_bank()
tabs = st.tabs(
    [
        t("workshop.tab_client"),
        t("workshop.tab_respondents"),
        t("workshop.tab_save"),
        t("workshop.tab_compare"),
        t("workshop.tab_history"),
    ],
    key="workshop_tab",  # keyed: the tab open stays open when the page above it changes
)
with tabs[0]:
    client_tab(workspace, client, history)
with tabs[1]:
    respondents_tab(workspace, client, history)
with tabs[2]:
    save_assessment(workspace, history)
    save_report(workspace, client)
    saved_list(workspace, history)
with tabs[3]:
    # Respondents answering by link save from their own devices: this reads their answers.
    st.button(t("workshop.refresh"), key="workshop_refresh", icon=":material/refresh:")
    side_by_side(history, bank)
    workshop_workbook_button(client.name, history, bank)
with tabs[4]:
    by_id = {respondent.id: respondent for respondent in history.respondents}
    whose = st.selectbox(
        t("workshop.history.whose"),
        [EVERYONE, *by_id],
        format_func=lambda rid: (
            text("workshop.history.everyone", lang) if rid == EVERYONE else who(by_id[rid], lang)
        ),
        key=HISTORY_WHO,
    )
    history_view(history, bank, None if whose == EVERYONE else whose)
workshop_pdf_section(session, bank, latest_answers(history, bank), client.name)
st.divider()
st.caption(t("workshop.where_kept"))
