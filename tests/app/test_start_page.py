"""AppTest of the start page (a placeholder until the app issue lands)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


def test_start_page_renders_without_exception() -> None:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)

    app.run()

    assert not app.exception
    assert app.title[0].value == "SMM Scorecard"


def test_the_language_switch_translates_the_start_page() -> None:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    app.session_state["lang"] = "en"
    app.run()

    app.radio(key="lang").set_value("ru").run()

    assert not app.exception
    assert app.button(key="start_sample").label == "Открыть пример"


def test_the_default_language_comes_from_the_browser_and_falls_back_to_english() -> None:
    russian = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    russian.context["locale"] = "ru-RU"
    english = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)

    russian.run()
    english.run()

    assert russian.session_state["lang"] == "ru"
    assert english.session_state["lang"] == "en"
    assert english.button(key="start_sample").label == "Try with sample data"
