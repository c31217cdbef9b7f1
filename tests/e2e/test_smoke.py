"""Smoke flow: the app starts, renders its frame and shows no exception."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import screenshot, wait_for_app

pytestmark = pytest.mark.e2e


def test_the_app_opens_without_an_exception(app_url: str, page: Page) -> None:
    page.goto(app_url)

    expect(page.get_by_text("SMM Scorecard").first).to_be_visible(timeout=30000)
    wait_for_app(page)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    screenshot(page, "start_en")
