"""Every AppTest starts from empty Streamlit caches, as a freshly started server does;
``downloads`` captures what download buttons hand over."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import streamlit as st


@pytest.fixture(autouse=True)
def fresh_caches() -> None:
    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.fixture
def downloads(monkeypatch: pytest.MonkeyPatch) -> dict[str, bytes]:
    """What each download button would hand over, by key: AppTest has no runtime to
    serve a button's deferred data, so the data is made when the button is drawn."""
    made: dict[str, bytes] = {}
    original: Callable[..., Any] = st.download_button

    def download_button(label: str, data: Any, *args: Any, **kwargs: Any) -> Any:
        made[kwargs["key"]] = data() if callable(data) else data
        return original(label, data, *args, **kwargs)

    monkeypatch.setattr(st, "download_button", download_button)
    return made
