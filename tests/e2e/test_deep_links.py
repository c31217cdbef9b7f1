"""A bookmarked page on a freshly started server renders through the entry script."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.conftest import ROOT
from tests.e2e.conftest import VIEWPORT, serve, wait_for_app

pytestmark = pytest.mark.e2e


def test_a_deep_link_is_the_first_request_of_a_fresh_server(browser: Browser) -> None:
    log = ROOT / "artifacts" / "e2e-deep-link.log"
    with serve(log) as base:
        context = browser.new_context(locale="en-US", viewport=VIEWPORT)  # type: ignore[arg-type]
        page = context.new_page()

        page.goto(f"{base}/numbers")
        wait_for_app(page)

        expect(page.get_by_role("heading", name="Numbers: KPI calculator")).to_be_visible()
        expect(page.get_by_text("Language")).to_be_visible()
        expect(page.locator('[data-testid="stException"]')).to_have_count(0)
        context.close()


def test_the_first_upload_after_a_deep_link_of_a_fresh_server_is_read(
    browser: Browser,
) -> None:
    log = ROOT / "artifacts" / "e2e-deep-link-upload.log"
    with serve(log) as base:
        context = browser.new_context(locale="en-US", viewport=VIEWPORT)  # type: ignore[arg-type]
        page = context.new_page()

        page.goto(f"{base}/numbers")
        wait_for_app(page)
        page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
            str(ROOT / "assets" / "sample_coffee_chain.xlsx")
        )
        wait_for_app(page)

        expect(page.get_by_test_id("stMetric").first).to_be_visible()
        expect(page.locator('[data-testid="stException"]')).to_have_count(0)
        context.close()
