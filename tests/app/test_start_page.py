"""AppTest of the start page (a placeholder until the app issue lands)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


def test_start_page_renders_without_exception() -> None:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)

    app.run()

    assert not app.exception
    assert app.title[0].value == "SMM Scorecard"
