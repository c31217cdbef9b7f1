"""The app's pages: stable url paths, titles in the session's language."""

from __future__ import annotations

import streamlit as st

from shell.state import t

# url_path → (file, title key, icon). The url path never changes with the language.
PAGES = {
    "start": ("pages/start.py", "app.page_start", ":material/home:"),
    "assessment": ("pages/assessment.py", "app.page_assessment", ":material/checklist:"),
    "numbers": ("pages/numbers.py", "app.page_numbers", ":material/calculate:"),
    "scorecard": ("pages/scorecard.py", "app.page_scorecard", ":material/verified:"),
    "workshop": ("pages/workshop.py", "workshop.page_title", ":material/groups:"),
    "method": ("pages/method.py", "app.page_method", ":material/menu_book:"),
}


def page(url_path: str) -> st.Page:
    """The page object for a url path (for navigation, links and switching)."""
    file, title, icon = PAGES[url_path]
    return st.Page(file, title=t(title), icon=icon, url_path=url_path, default=url_path == "start")


def invite_page() -> st.Page:
    """The only page of an invitation link (``?invite=TOKEN``): the respondent answers."""
    return st.Page("pages/invite.py", title=t("invite.page_title"), icon=":material/edit_note:")
