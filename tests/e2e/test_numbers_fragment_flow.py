"""Real-browser flow of the Numbers page's fragment: a period and a target changed there
rerun the fragment alone, yet the draft keeps them (a reload shows them again) and the
sidebar's Save to file, drawn before the change, saves them."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from shell.session import VERSION
from smm_logic.outputs.session_file import read_session_file
from smm_logic.text import text
from tests.app.test_numbers_changes import two_months
from tests.e2e.conftest import wait_for_app
from tests.e2e.test_numbers_flows import choose_march, open_numbers, upload

pytestmark = pytest.mark.e2e
EXCEPTION = '[data-testid="stException"]'
MARCH = ["2026-03-01", "2026-03-31"]


def type_first_target(page: Page, value: str) -> None:
    """Type ``value`` as the target of the fourth KPI (follower growth) in the editor."""
    label = text("numbers.targets", "en")
    grid = page.get_by_test_id("stExpander").filter(has_text=label)
    canvas = grid.get_by_test_id("data-grid-canvas")
    editor = page.locator("input.gdg-input")
    for _ in range(4):  # the expander may be opening (the cell moves) or drawn anew, closed
        if not canvas.is_visible():
            page.get_by_text(label).click()
            expect(canvas).to_be_visible()
        canvas.scroll_into_view_if_needed()
        bounds = canvas.bounding_box()
        assert bounds is not None
        # Drawn on a canvas: rows of 35 px under a header as high; the target is last.
        page.mouse.click(bounds["x"] + bounds["width"] - 60, bounds["y"] + 35 * 4.5)
        page.keyboard.press("Enter")
        try:
            editor.wait_for(timeout=3_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    editor.fill(value)
    page.keyboard.press("Enter")
    # The run may not have begun yet: wait for its result, the card's target line.
    expect(page.get_by_text(f"Target {value}").first).to_be_visible()
    wait_for_app(page)


def save_to_file(page: Page, folder: Path) -> Path:
    """Save to file from the sidebar (the Numbers page has an uploader of its own, so the
    session file flow's helper, which expects one, does not serve)."""
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_role("button", name=text("session_file.title", "en")).click()
    with page.expect_download() as download_info:
        page.get_by_role("button", name=text("session_file.save", "en")).click()
    saved = folder / download_info.value.suggested_filename
    download_info.value.save_as(saved)
    page.keyboard.press("Escape")
    return saved


def test_a_period_and_a_target_set_in_the_fragment_are_kept_and_saved(
    app_url: str, page: Page, tmp_path: Path
) -> None:
    report = tmp_path / "two_months.xlsx"
    report.write_bytes(two_months())
    open_numbers(page, app_url)
    upload(page, report)

    choose_march(page)
    type_first_target(page, "3")

    # The export is drawn once per selection, outside the targets' fragment, and made
    # on the click: it has the target typed after it was drawn.
    with page.expect_download() as download_info:
        page.get_by_role("button", name=text("numbers.export_button", "en")).click()
    exported = tmp_path / "export.xlsx"
    download_info.value.save_as(exported)
    targets = [
        row[header.index(text("export.col_target", "en"))]
        for sheet in load_workbook(exported).worksheets
        for rows in [list(sheet.iter_rows(values_only=True))]
        for number, header in enumerate(rows)
        if text("export.col_target", "en") in header
        for row in rows[number + 1 :]
        if row[header.index(text("export.col_target", "en"))] is not None
    ]
    assert len(targets) == 1 and targets[0] > 0

    saved = save_to_file(page, tmp_path)
    numbers = read_session_file(saved.read_bytes(), VERSION).data["numbers"]
    assert numbers["period"] == MARCH
    # The cell is hit on a canvas that may still move as the expander opens: which
    # KPI got it matters less than that the one target typed was saved.
    assert list(numbers["targets"].values()) == [3.0]

    page.reload()  # the draft brings back what the fragment set
    wait_for_app(page)
    expect(page.get_by_text("Changes:").first).to_be_visible()  # March against February
    expect(page.get_by_text("Target 3").first).to_be_visible()  # the card's target line
    expect(page.locator(EXCEPTION)).to_have_count(0)
