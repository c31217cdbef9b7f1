"""Nothing the user entered is ever lost: the session kept as the owner's draft.

Every run compares a digest of the session's plain data (``Session.to_dict``) with the
one last saved and, when it changed, saves it as the owner's draft
(``Workspace.save_draft``, one transaction; a file's bytes are stored once by digest).
The first run of a new session of the same owner (a reload, a bookmark, a reopened
browser, a restarted server) puts the draft back (``Session.restore``) before any widget
is drawn.

The check runs twice per run, both cheap when nothing changed: at the top of the page
(``ensure_frame``: what the widgets' callbacks changed, e.g. an answer picked) and after
the page (``app.py``: what the page itself set, e.g. targets typed or a report read).

Two tabs of one owner: each save names the revision it started from; a save refused as
stale stops saving in this tab and asks the user what to keep, so nothing is overwritten
silently and what is on screen stays. A save that fails (database down, disk full) is
shown as a warning, the page keeps every value, and the next change saves again.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any, Literal

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError
from streamlit.runtime.scriptrunner import get_script_run_ctx

from shell import storage
from shell.session import (
    LANG,
    MAPPING_WIDGET_PREFIX,
    PROFILE_CHOICE,
    QUESTION_WIDGET_PREFIX,
    RESPONDENT_WIDGET,
    Session,
)
from shell.state import lang, t
from smm_logic.storage import (
    NO_DRAFT,
    Draft,
    StaleDraftError,
    StorageError,
    StorageUnavailableError,
    Workspace,
)

# The session keys this module owns.
STATE = "drafts_state"
SLOT = "drafts_slot"
KEEP_MINE = "drafts_keep_mine"
LOAD_NEWER = "drafts_load_newer"
AFRESH = "drafts_afresh"
AFRESH_CONFIRM = "drafts_afresh_confirm"
MOVE_CONFIRM = "drafts_move_confirm"
# Widgets whose values follow the restored data, so a restore into a live session
# forgets them (the pages draw them afresh from the shared values).
_WIDGETS_FOLLOWING = (RESPONDENT_WIDGET, PROFILE_CHOICE)
_WIDGET_PREFIXES = (QUESTION_WIDGET_PREFIX, MAPPING_WIDGET_PREFIX)
# Kept when the user starts afresh: who they are and the language they read.
_KEPT_ON_AFRESH = (STATE, storage.BROWSER_TOKEN, LANG)

Problem = Literal["stale", "failed", "unopened", "unreadable"]


@dataclass
class DraftState:
    """Where this session's draft stands."""

    owner: str
    revision: int = NO_DRAFT
    saved: str | None = None  # digest of the data as last saved or loaded
    attempted: str | None = None  # digest of the data a save last failed for
    problem: Problem | None = None
    error: StorageError | None = field(default=None, repr=False)
    # Signed in, with work this browser made before: it may be moved into the account.
    browser_work: bool = False


@dataclass
class Slot:
    """The place at the top of this run's page where the draft's status is shown."""

    run: object  # _this_run() of the run that opened it
    place: Any  # the st.empty() at the top of the page
    shown: tuple[Problem | None, bool] = (None, False)  # what it shows; its buttons


def digest(data: dict[str, Any]) -> str:
    """The sha256 of the plain data as canonical JSON (the same data, the same digest)."""
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def read_only() -> bool:
    return storage.read_only_demo()


def _workspace(of_browser: bool = False) -> Workspace:
    """The owner's workspace (or this browser's, whoever is signed in); a database that
    cannot be reached is an unavailable storage, like any other failure to read."""
    try:
        return storage.browser_workspace() if of_browser else storage.current_workspace()
    except (SQLAlchemyError, OSError) as error:  # the engine or its migration failed
        raise StorageUnavailableError(f"{type(error).__name__}: {error}") from error


# ------------------------------------------------------------------ opening


def open_draft() -> DraftState:
    """This session's draft state; the first time for an owner, their draft is put back
    into the session (call before any widget is drawn)."""
    owner = storage.current_owner()
    state = st.session_state.get(STATE)
    if isinstance(state, DraftState) and state.owner == owner:
        return state
    state = DraftState(owner)
    st.session_state[STATE] = state
    try:
        draft = _workspace().load_draft()
    except StorageError as error:
        state.problem, state.error = "unopened", error
        return state
    if draft is not None:
        _put_back(state, draft)
    state.browser_work = _has_browser_work()
    return state


def _has_browser_work() -> bool:
    if storage.signed_in_user() is None:
        return False
    try:
        return _workspace(of_browser=True).load_draft() is not None
    except StorageError:
        return False


def move_browser_work() -> None:
    """Put this browser's draft into the signed-in user's account, then delete it from
    the browser (in that order: a failure in between leaves a copy, never nothing)."""
    state = open_draft()
    state.browser_work = False
    try:
        work = _workspace(of_browser=True).load_draft()
        if work is None:
            return
        account = _workspace()
        stored = account.load_draft()
        revision = NO_DRAFT if stored is None else stored.revision
        revision = account.save_draft(work.data, work.files, revision=revision)
        _workspace(of_browser=True).delete_draft()
    except StorageError as error:
        state.problem, state.error = "failed", error
        return
    _put_back(state, Draft(work.data, work.files, revision, work.saved_at))


def _put_back(state: DraftState, draft: Draft) -> None:
    """Restore ``draft`` into the session; later saves go over its revision."""
    state.revision = draft.revision
    forget_following_widgets()
    try:
        Session().restore(draft.data, draft.files)
    except (ValueError, KeyError, TypeError):  # a draft this version cannot read
        _clear_session()  # not half of it: the page starts afresh, as it says
        state.problem, state.error = "unreadable", None
        return
    state.saved = digest(Session().to_dict())
    state.problem, state.error, state.attempted = None, None, None


def forget_following_widgets() -> None:
    """Drop the widgets whose values follow the session's data, so that data restored
    into a live session wins over what they showed (the pages draw them afresh)."""
    for key in [k for k in st.session_state if _follows_data(str(k))]:
        del st.session_state[key]


def _follows_data(key: str) -> bool:
    return key in _WIDGETS_FOLLOWING or key.startswith(_WIDGET_PREFIXES)


# ------------------------------------------------------------------ saving


def keep() -> None:
    """Save the session as the owner's draft if its plain data changed since the last
    save (or the last failed try); refused saves are remembered to be shown."""
    state = open_draft()
    if state.problem == "stale" or read_only():
        return  # a stale tab waits for the user's choice; a demo saves nothing
    session = Session()
    data = session.to_dict()
    current = digest(data)
    if current in (state.saved, state.attempted):
        return
    if state.saved is None and _untouched(data):
        return  # nothing entered yet: no draft for a visit that only looks
    try:
        state.revision = _workspace().save_draft(data, session.files(), revision=state.revision)
    except StaleDraftError as error:
        state.problem, state.error, state.attempted = "stale", error, current
    except StorageError as error:  # down, full, unwritable: nothing was written
        state.problem, state.error, state.attempted = "failed", error, current
    else:
        state.saved, state.attempted = current, None
        state.problem, state.error = None, None
    show_status()


def _untouched(data: dict[str, Any]) -> bool:
    """Whether ``data`` is a new session's, as the frame seeds it, in its language."""
    fresh = Session({})
    fresh.seed(str(data.get("lang")))
    return fresh.to_dict() == data


def keep_mine() -> None:
    """Overwrite the newer draft with what is on this page."""
    state = open_draft()
    try:
        stored = _workspace().load_draft()
    except StorageError as error:
        state.problem, state.error = "failed", error
        return
    state.revision = NO_DRAFT if stored is None else stored.revision
    state.problem, state.error, state.attempted = None, None, None


def load_newer() -> None:
    """Replace what is on this page with the draft saved elsewhere."""
    state = open_draft()
    try:
        stored = _workspace().load_draft()
    except StorageError as error:
        state.problem, state.error = "failed", error
        return
    if stored is None:  # the other tab started afresh
        _clear_session()
        state.revision, state.saved = NO_DRAFT, None
        state.problem, state.error, state.attempted = None, None, None
        return
    _put_back(state, stored)


def start_afresh() -> None:
    """Delete the owner's draft and clear the session (the language stays)."""
    state = open_draft()
    if not read_only():
        try:
            _workspace().delete_draft()
        except StorageError as error:  # nothing deleted: the page keeps everything
            state.problem, state.error = "failed", error
            return
    _clear_session()
    state.revision, state.saved = NO_DRAFT, None
    state.problem, state.error, state.attempted = None, None, None


def _clear_session() -> None:
    for key in [k for k in st.session_state if k not in _KEPT_ON_AFRESH]:
        del st.session_state[key]


# ------------------------------------------------------------------ showing


def status_slot() -> None:
    """Open this run's status place at the top of the page and show the status in it."""
    st.session_state[SLOT] = Slot(_this_run(), st.empty())
    show_status()


def show_status() -> None:
    """Show the draft's problem (if any) in this run's status place; the stale choice's
    buttons are drawn at most once per run."""
    slot = st.session_state.get(SLOT)
    state = st.session_state.get(STATE)
    if (
        not isinstance(slot, Slot)
        or slot.run is not _this_run()
        or not isinstance(state, DraftState)
    ):
        return
    problem = state.problem
    if slot.shown[0] == problem or (slot.shown[1] and problem == "stale"):
        return
    if problem is None:
        slot.place.empty()
        slot.shown = (None, slot.shown[1])
        return
    with slot.place.container():
        if problem == "stale":
            _stale_choice()
        else:
            detail = "" if state.error is None else state.error.render(lang())
            st.warning(
                t(f"workspace.problem_{problem}", detail=detail), icon=":material/cloud_off:"
            )
    slot.shown = (problem, slot.shown[1] or problem == "stale")


def _stale_choice() -> None:
    st.warning(t("workspace.stale"), icon=":material/tab_duplicate:")
    with st.container(horizontal=True):
        st.button(t("workspace.load_newer"), key=LOAD_NEWER, on_click=load_newer)
        st.button(t("workspace.keep_mine"), key=KEEP_MINE, type="primary", on_click=keep_mine)


def _this_run() -> object:
    """What tells one script run from the next: the run context's cursors, a new dict
    each run (held by the slot, so no later run's can be the same object)."""
    ctx = get_script_run_ctx()
    return None if ctx is None else ctx.cursors


def sidebar() -> None:
    """Where the work is kept, how to start afresh, and sign-in when it is configured."""
    user = storage.signed_in_user()
    if read_only():
        st.caption(t("workspace.kept_nowhere"))
    elif user is not None:
        st.caption(t("workspace.kept_account", name=storage.user_name()))
    else:
        st.caption(t("workspace.kept_browser"))
    with st.popover(t("workspace.afresh"), icon=":material/restart_alt:"):
        st.caption(t("workspace.afresh_help"))
        st.button(
            t("workspace.afresh_confirm"), key=AFRESH_CONFIRM, type="primary", on_click=start_afresh
        )
    state = st.session_state.get(STATE)
    if isinstance(state, DraftState) and state.browser_work and not read_only():
        with st.popover(t("workspace.move"), icon=":material/move_item:"):
            st.caption(t("workspace.move_help"))
            st.button(t("workspace.move_confirm"), key=MOVE_CONFIRM, on_click=move_browser_work)
    if storage.auth_configured():
        if user is None:
            st.button(t("workspace.sign_in"), key="drafts_sign_in", on_click=st.login)
        else:
            st.button(t("workspace.sign_out"), key="drafts_sign_out", on_click=st.logout)
    storage.remember_browser()  # last: the script's element takes a little room
