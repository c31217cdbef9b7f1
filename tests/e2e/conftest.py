"""The end-to-end harness: the real app in a Streamlit server, driven by Debian's Chromium.

- ``app_url`` (session): ``streamlit run app.py`` on a free port, from the repository
  root; yields the base URL once ``/_stcore/health`` answers "ok"; the server's
  process group is stopped at the end. It saves into the test run's temporary database
  (``tests/conftest.py``), never the repository's ``data/``.
- ``restartable_server`` (function): a server of its own, on its own temporary database,
  that a test can stop and start again on the same address (``.restart()``).
- ``browser`` (session): Playwright's Chromium, launched from ``/usr/bin/chromium``
  (``make chromium`` installs it). Playwright's own browser download is never used;
  without the binary every e2e test is skipped, with the reason, before any server starts.
- ``page`` (function): a fresh context of 1400×1000 in the ``locale`` fixture's
  locale ("en-US"; override with ``@pytest.mark.parametrize("locale", ["ru-RU"])``).
- ``screenshot(page, name)``: a PNG in ``artifacts/screenshots/`` (git-ignored).
- ``wait_for_app(page)``: until Streamlit has finished running the script (elements
  appear one by one while it runs; assert on the finished page).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from bench.processes import free_port, healthy
from tests.conftest import ROOT

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = Path("/usr/bin/chromium")
# A busy CI machine may take a few seconds to parse and rerun; expect() waits up to this.
EXPECT_TIMEOUT_MS = 20_000
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1400, "height": 1000}
E2E_TESTS = Path(__file__).resolve().parent
NO_CHROMIUM = (
    f"{CHROMIUM} is missing, so the browser tests are skipped: install Debian's chromium "
    "(sudo apt-get install -y chromium, or `make chromium` as root)"
)
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
SERVER_LOG = ROOT / "artifacts" / "e2e-streamlit.log"
STARTUP_TIMEOUT_S = 60.0


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Without the browser, skip the e2e tests at once rather than after starting a server."""
    if CHROMIUM.is_file():
        return
    for item in items:
        if E2E_TESTS in item.path.parents:
            item.add_marker(pytest.mark.skip(reason=NO_CHROMIUM))


def wait_for_app(page: Page, timeout: float = 30_000) -> None:
    """Wait until the script run is over: ``stApp`` says ``notRunning``."""
    from playwright.sync_api import expect

    app = page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]')
    expect(app).to_be_attached(timeout=timeout)


def screenshot(page: Page, name: str) -> Path:
    """Save the whole page as ``artifacts/screenshots/<name>.png`` and return the path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    # Streamlit scrolls inside its main block, so a full-page shot would stop at the
    # viewport: grow the viewport to the content for the shot, then restore it.
    size = page.viewport_size or VIEWPORT
    height = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('[data-testid=stMain], "
        "[data-testid=stMainBlockContainer]')].map(e => e.scrollHeight), 0)"
    )
    page.set_viewport_size(
        {"width": size["width"], "height": max(size["height"], int(height) + 400)}
    )
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)
    return path


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the server's process group, SIGKILL if it has not gone in 10 s."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    except ProcessLookupError:
        pass


@contextlib.contextmanager
def serve(
    log_path: Path = SERVER_LOG,
    database: Path | None = None,
    port: int | None = None,
    settings: dict[str, str] | None = None,
) -> Iterator[str]:
    """``streamlit run app.py`` on ``port`` (a free local one by default), saving into
    ``database`` (the test run's by default), with more environment ``settings``; yields
    its base URL once healthy."""
    port = free_port() if port is None else port
    env = dict(os.environ)
    if database is not None:
        env["SMM_SQLITE_PATH"] = str(database)
    env.update(settings or {})
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
    ]
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, env=env
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while not healthy(f"{base}/_stcore/health"):
            if process.poll() is not None:
                pytest.fail(f"streamlit exited with {process.returncode}; see {log_path}")
            if time.monotonic() > deadline:
                pytest.fail(
                    f"streamlit did not answer in {STARTUP_TIMEOUT_S:.0f} s; see {log_path}"
                )
            time.sleep(0.2)  # polling the server's health, not waiting on the page
        yield base
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    """One server for the whole e2e session."""
    with serve() as base:
        yield base


class RestartableServer:
    """A server a test can stop and start again, on one address and one database."""

    def __init__(self, database: Path, log_path: Path) -> None:
        self.database = database
        self.log_path = log_path
        self.port = free_port()
        self._running: contextlib.ExitStack | None = None
        self.url = self.start()

    def start(self) -> str:
        self._running = contextlib.ExitStack()
        url = self._running.enter_context(serve(self.log_path, self.database, self.port))
        return url

    def stop(self) -> None:
        if self._running is not None:
            self._running.close()
            self._running = None

    def restart(self) -> str:
        """Stop the server (its process ends, its memory is gone) and start a new one."""
        self.stop()
        self.url = self.start()
        return self.url


@pytest.fixture
def restartable_server(tmp_path: Path) -> Iterator[RestartableServer]:
    server = RestartableServer(
        tmp_path / "smm_scorecard.db", SERVER_LOG.with_name("e2e-streamlit-restartable.log")
    )
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    from playwright.sync_api import expect

    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    if not CHROMIUM.is_file():
        pytest.skip(NO_CHROMIUM)
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="playwright is not installed: run `make install`"
    )
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def locale() -> str:
    """The browser's locale; parametrize ``locale`` in a test to change it."""
    return "en-US"


@pytest.fixture
def page(browser: Browser, locale: str) -> Iterator[Page]:
    context = browser.new_context(locale=locale, viewport=VIEWPORT)  # type: ignore[arg-type]
    try:
        yield context.new_page()
    finally:
        context.close()
