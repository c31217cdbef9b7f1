"""Save to file / Open file: the session in a file the user keeps (in the sidebar, so
it is at hand on every page).

Saving writes ``Session.to_dict`` and ``Session.files`` into a session file
(``smm_logic.outputs.session_file``), made only when the button is clicked; the button
is drawn after the page (``app.py``), so it saves what the page set in its run too. Opening
reads the file in full and restores it into a scratch session first: only a file that
restores there without an error is put into the user's session, so a newer, unknown,
damaged or hostile file changes nothing and is named in a message.
"""

from __future__ import annotations

from datetime import date
from typing import Any, cast

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from shell import drafts
from shell.session import VERSION, Session, Store
from shell.state import lang, t
from smm_logic.outputs.session_file import (
    SUFFIX,
    SessionFile,
    SessionFileError,
    read_session_file,
    write_session_file,
)
from smm_logic.text import Message

# The session keys this module owns.
SAVE = "session_file_save"
OPENED = "session_file_opened"  # how many files were opened: the uploader's key carries it
NOTICE = "session_file_notice"  # what the last opening said: ("success" | "error", Message)
UPLOADER_PREFIX = "session_file_open"
SAVE_SLOT = "session_file_save_slot"  # this run's place of the save button


def uploader_key() -> str:
    """The uploader's key now: a fresh one after each file, so the next is read afresh."""
    return f"{UPLOADER_PREFIX}_{int(st.session_state.get(OPENED, 0))}"


def sidebar() -> None:
    """The popover with Save to file and Open file, and what the last opening said. The
    save button's place is kept for ``save_button``, drawn after the page has run."""
    with st.popover(t("session_file.title"), icon=":material/save:"):
        st.caption(t("session_file.help"))
        st.session_state[SAVE_SLOT] = st.empty()
        st.file_uploader(
            t("session_file.open"),
            type=[SUFFIX.lstrip(".")],
            key=uploader_key(),
            on_change=open_uploaded,
        )
    notice = st.session_state.pop(NOTICE, None)
    if notice is not None:
        kind, message = notice
        (st.success if kind == "success" else st.error)(message.render(lang()))


def save_button() -> None:
    """Save to file, in the place ``sidebar`` kept in this run. The file is made when the
    button is clicked (a deferred download runs outside the script's thread), from the
    session as it is then: a fragment of a page (the Numbers page's scope, period and
    targets) reruns alone and never redraws this button, yet what it set is saved."""
    slot = st.session_state.pop(SAVE_SLOT, None)
    if slot is None:
        return
    ctx = get_script_run_ctx()
    # The run's thread-safe view of this session's state, readable from any thread.
    live = Session() if ctx is None else Session(cast(Store, ctx.session_state))
    with slot.container():
        st.download_button(
            t("session_file.save"),
            data=lambda: write_session_file(live.to_dict(), live.files()),
            file_name=t("session_file.file_name", day=date.today().isoformat()),
            mime="application/zip",
            key=SAVE,
            icon=":material/download:",
            on_click="ignore",
        )


def open_uploaded() -> None:
    """The uploader's callback: open the file chosen (before any widget is drawn)."""
    key = uploader_key()
    uploaded = st.session_state.get(key)
    if uploaded is None:
        return
    name = str(uploaded.name)
    try:
        opened = checked(read_session_file(uploaded.getvalue(), VERSION))
    except SessionFileError as error:
        notice = Message("session_file.not_opened", {"name": name, "reason": error.message})
        st.session_state[NOTICE] = ("error", notice)
        return
    drafts.forget_following_widgets()
    Session().restore(opened.data, opened.files)
    st.session_state[OPENED] = int(st.session_state.get(OPENED, 0)) + 1
    # Rendered when shown: in the language the file may just have switched to.
    st.session_state[NOTICE] = ("success", Message("session_file.opened", {"name": name}))


def checked(opened: SessionFile) -> SessionFile:
    """``opened`` once it restores into a scratch session without an error."""
    scratch: dict[str, Any] = {}
    try:
        Session(scratch).restore(opened.data, opened.files)
        # Reading every value back catches a value of the wrong shape left as it was.
        Session(scratch).to_dict()
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise SessionFileError("damaged") from error
    return opened
