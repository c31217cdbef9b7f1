"""Pins the Streamlit behaviour ``shell.frame.ensure_frame`` works around.

A ``pages/`` folder next to ``app.py`` puts a fresh server in Streamlit's legacy
multipage mode until some session calls ``st.navigation``; in that mode a deep link runs
the page file alone, and the ``st.navigation`` the frame calls mid-run resets the active
script hash that widget ids include. Streamlit offers no setting that keeps a folder of
that name out of the legacy mode (only renaming it does, and ``pages/`` is the layout
this project keeps). When one of these tests fails, Streamlit changed that behaviour:
re-check ``ensure_frame`` and the deep-link e2e tests before adapting them.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from streamlit.commands import navigation
from streamlit.elements.lib import utils as element_utils
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import script_runner
from streamlit.runtime.scriptrunner_utils.script_run_context import ScriptRunContext

from tests.conftest import ROOT


def test_a_pages_folder_next_to_the_entry_script_turns_the_legacy_mode_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(PagesManager, "uses_pages_directory", None)
    PagesManager(str(ROOT / "app.py"))
    assert PagesManager.uses_pages_directory is True

    monkeypatch.setattr(PagesManager, "uses_pages_directory", None)
    (tmp_path / "app.py").write_text("")
    PagesManager(str(tmp_path / "app.py"))
    assert PagesManager.uses_pages_directory is False


def test_the_mode_is_decided_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(PagesManager, "uses_pages_directory", False)
    PagesManager(str(ROOT / "app.py"))
    assert PagesManager.uses_pages_directory is False


def test_legacy_mode_runs_a_page_alone_until_st_navigation_turns_it_off() -> None:
    run_script = inspect.getsource(script_runner.ScriptRunner._run_script)
    assert "if PagesManager.uses_pages_directory:" in run_script
    assert "_mpa_v1(self._main_script_path)" in run_script
    assert "PagesManager.uses_pages_directory = False" in inspect.getsource(navigation.navigation)


def test_st_navigation_resets_the_active_script_hash_that_widget_ids_include() -> None:
    set_page = inspect.getsource(ScriptRunContext.set_mpa_v2_page)
    assert "active_script_hash=self.pages_manager.main_script_hash" in set_page
    element_id = inspect.getsource(element_utils.compute_and_register_element_id)
    assert 'kwargs_to_use["active_script_hash"]' in element_id
