"""Rerun cost of the Numbers page in a real browser (Debian's Chromium via Playwright).

Each round starts ``streamlit run app.py`` on a database of its own (nothing cached),
then measures, in that server:

- cold start: from starting the server to the Start page drawn in a new browser;
- sample data → KPI cards: the Start page's sample button until the cards are drawn;
- first load: choosing the 50k-row report in the Numbers page's uploader (in a new
  browser) until its KPI cards and every chart are drawn;
- reruns after changing the scope, the period and a target, each until drawn.

Both ends are taken in the page, by its own clock:

- the start is the input event the page receives (the click on the option, the key, the
  files set on the uploader), so Playwright's own work before it (finding the element,
  its actionability checks) is not counted;
- "drawn": the script run is over (``stApp`` says ``notRunning`` after a run began),
  the cards are there, every chart has its canvas or SVG, and the page has not changed
  for ``QUIET_MS``; the end is when the frame that painted the last change was over (the
  animation frame after it), and a Vega chart drawing on its canvas is a change as much
  as a DOM mutation is.

Goal: each rerun's median at most 15 % of the first load's median.

    .venv/bin/python -m bench.browser_rerun [--rounds 5] [--report bench/out/report_50000_v1.xlsx]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from bench.generate import OUT_DIR, generate
from bench.processes import free_port, healthy
from smm_logic.text import text

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--no-first-run"]
VIEWPORT = {"width": 1400, "height": 1000}
GOAL = 0.15
QUIET_MS = 750
ROW_PX = 35
TIMEOUT_MS = 180_000
CHANGES = ("scope", "period", "target")
RESULTS = OUT_DIR / "browser.json"

# Counts script runs, notes the first input event once armed, and remembers when the
# page last changed: a DOM mutation, or drawing on a Vega chart's canvas, marks the page
# dirty; the animation frame that follows paints it, and the one after that is ``last``
# (run before the app's code, in every frame of the page). A Vega canvas has no DOM of
# its marks, so its drawing is watched itself; a data grid keeps its cells in the DOM as
# well (for screen readers), so what it shows changes the DOM, and its own animations
# (the edited cell's highlight fading) are not the rerun's drawing.
WATCH = """
(() => {
  const b = window.__bench = {runs: 0, last: performance.now(), state: null,
                              armed: false, input: null, dirty: false, painting: false};
  const changed = () => { b.dirty = true; };
  new MutationObserver(() => {
    changed();
    const app = document.querySelector('[data-testid="stApp"]');
    const state = app ? app.getAttribute('data-test-script-state') : null;
    if (state === 'running' && b.state !== 'running') b.runs += 1;
    b.state = state;
  }).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
  const drawing = ['clearRect', 'fillRect', 'strokeRect', 'fill', 'stroke', 'fillText',
                   'strokeText', 'drawImage', 'putImageData'];
  for (const name of drawing) {
    const draw = CanvasRenderingContext2D.prototype[name];
    CanvasRenderingContext2D.prototype[name] = function (...args) {
      if (this.canvas.closest && this.canvas.closest('[data-testid="stVegaLiteChart"]')) changed();
      return draw.apply(this, args);
    };
  }
  const frame = () => {
    if (b.painting) { b.last = performance.now(); b.painting = false; }
    if (b.dirty) { b.dirty = false; b.painting = true; }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  const input = () => { if (b.armed && b.input === null) b.input = performance.now(); };
  for (const kind of ['pointerdown', 'mousedown', 'keydown', 'input', 'change']) {
    window.addEventListener(kind, input, {capture: true});
  }
})();
"""
# Done: a run has begun since ``runs`` and is over, cards and charts are drawn, and the
# page has been still (nothing waiting to be painted) for the quiet time.
DRAWN = """
([runs, quiet, cards]) => {
  const b = window.__bench;
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (b.runs <= runs) return false;
  if (document.querySelectorAll('[data-testid="stMetric"]').length < cards) return false;
  const charts = [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')];
  if (!charts.every(c => c.querySelector('canvas, svg'))) return false;
  if (b.dirty || b.painting) return false;
  return performance.now() - b.last >= quiet;
}
"""


# On a timeout: what changes in the page during a second (to see what never settles).
CHANGING = """
() => new Promise(done => {
  const seen = {};
  const observer = new MutationObserver(changes => {
    for (const c of changes) {
      const el = c.target.nodeType === 1 ? c.target : c.target.parentElement;
      const marked = el && el.closest('[data-testid]');
      const where = marked ? marked.getAttribute('data-testid') : (el ? el.tagName : '?');
      const what = `${where} ${c.type} ${c.attributeName || ''}`;
      seen[what] = (seen[what] || 0) + 1;
    }
  });
  const all = {subtree: true, childList: true, attributes: true, characterData: true};
  observer.observe(document, all);
  setTimeout(() => { observer.disconnect(); done([window.__bench.runs, seen]); }, 1000);
})
"""


@contextmanager
def serve(scratch: Path) -> Iterator[tuple[str, float]]:
    """A server on a fresh database; yields its URL and when it was started."""
    port = free_port()
    env = dict(os.environ, SMM_SQLITE_PATH=str(scratch / "bench.db"))
    env.pop("SMM_DATABASE_URL", None)
    command = [
        *(sys.executable, "-m", "streamlit", "run", "app.py"),
        *("--server.headless", "true", "--server.port", str(port)),
        *("--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"),
    ]
    started = time.perf_counter()
    with (scratch / "server.log").open("wb") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env,
            start_new_session=True,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        while not healthy(f"{base}/_stcore/health"):
            if process.poll() is not None:
                raise SystemExit(f"streamlit exited; see {scratch / 'server.log'}")
            time.sleep(0.05)
        yield base, started
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)


def _runs(page: Page) -> int:
    return int(page.evaluate("window.__bench.runs"))


Trigger = Callable[[], None]


def timed(page: Page, name: str, prepare: Callable[[Page], Trigger], cards: int = 1) -> float:
    """Seconds from the step that starts the run (what ``prepare`` returns, after it
    has done the steps before, such as opening a list) until the page is drawn."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    trigger = prepare(page)
    runs = _runs(page)
    page.evaluate("window.__bench.input = null; window.__bench.armed = true")
    trigger()
    page.mouse.move(0, 0)  # no chart tooltip under the pointer
    try:
        page.wait_for_function(DRAWN, arg=[runs, QUIET_MS, cards], timeout=TIMEOUT_MS, polling=50)
    except PlaywrightTimeout:
        shot = OUT_DIR / f"browser_timeout_{name}.png"
        page.screenshot(path=str(shot))
        seen = page.evaluate(CHANGING)
        raise SystemExit(
            f"{name}: not drawn in time ({runs} runs before, then {seen}); see {shot}"
        ) from None
    start, last = page.evaluate("[window.__bench.input, window.__bench.last]")
    page.evaluate("window.__bench.armed = false")
    if start is None:
        raise SystemExit(f"{name}: the page received no input event from the trigger")
    return (float(last) - float(start)) / 1000


def new_page(browser: Browser) -> Page:
    context = browser.new_context(locale="en-US", viewport=VIEWPORT)  # type: ignore[arg-type]
    context.add_init_script(WATCH)
    return context.new_page()


def cold_start_and_sample(browser: Browser, base: str, started: float) -> tuple[float, float]:
    page = new_page(browser)
    page.goto(base)
    sample = page.get_by_role("button", name=text("start.sample_button", "en"))
    sample.wait_for(timeout=TIMEOUT_MS)
    page.wait_for_function(DRAWN, arg=[0, QUIET_MS, 0], timeout=TIMEOUT_MS, polling=50)
    last = float(page.evaluate("window.__bench.last"))
    now = float(page.evaluate("performance.now()"))
    cold = time.perf_counter() - started - (now - last) / 1000
    to_cards = timed(page, "sample", lambda _: sample.click)
    page.context.close()
    return cold, to_cards


def change_scope(page: Page) -> Trigger:
    """Open the scope list; its second option is the trigger."""
    page.get_by_test_id("stSelectbox").filter(has_text=text("numbers.scope", "en")).click()
    option = page.get_by_role("option").nth(1)
    option.wait_for()
    return option.click


def change_period(page: Page) -> Trigger:
    """Type 15 as the period's first day; Escape (the trigger) closes the field and
    commits it."""
    page.locator('[data-range-field="start"] [data-type="day"]').click()
    page.keyboard.type("15")
    return lambda: page.keyboard.press("Escape")


def change_target(page: Page) -> Trigger:
    """Type 3 as the target of follower growth (the fourth row); Enter commits it."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    label = text("numbers.targets", "en")
    expander = page.get_by_test_id("stExpander").filter(has_text=label)
    canvas = expander.get_by_test_id("data-grid-canvas")
    editor = page.locator("input.gdg-input")
    for _ in range(5):  # the expander may still be opening (the cell then moves)
        if not canvas.is_visible():
            page.get_by_text(label).click()
            canvas.wait_for()
        canvas.scroll_into_view_if_needed()
        bounds = canvas.bounding_box()
        assert bounds is not None
        # Drawn on a canvas: the header and rows are ROW_PX high; the target is last.
        row = 3
        page.mouse.click(bounds["x"] + bounds["width"] - 60, bounds["y"] + ROW_PX * (row + 1.5))
        page.keyboard.press("Enter")  # opens the cell's editor
        try:
            editor.wait_for(timeout=2_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    else:
        page.screenshot(path=str(OUT_DIR / "browser_no_editor.png"))
        raise SystemExit(f"the targets' editor did not open; see {OUT_DIR}/browser_no_editor.png")
    editor.fill("3")
    return lambda: page.keyboard.press("Enter")


def one_round(browser: Browser, report: Path) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as scratch, serve(Path(scratch)) as (base, started):
        cold, to_cards = cold_start_and_sample(browser, base, started)
        page = new_page(browser)
        page.goto(f"{base}/numbers")
        page.wait_for_function(DRAWN, arg=[0, QUIET_MS, 0], timeout=TIMEOUT_MS, polling=50)
        uploader = page.get_by_test_id("stFileUploaderDropzoneInput")
        first = timed(page, "first", lambda _: partial(uploader.set_input_files, str(report)))
        result = {"cold_start": cold, "sample_to_cards": to_cards, "first": first}
        result["charts"] = page.get_by_test_id("stVegaLiteChart").count()
        result["scope"] = timed(page, "scope", change_scope)
        result["period"] = timed(page, "period", change_period)
        result["target"] = timed(page, "target", change_target)
        exceptions = page.get_by_test_id("stException").count()
        if exceptions:
            raise SystemExit(f"the page shows {exceptions} exception(s)")
        page.context.close()
        return result


def table(rounds: list[dict[str, float]], report: Path) -> tuple[str, dict[str, object]]:
    median = {key: statistics.median(r[key] for r in rounds) for key in rounds[0]}
    lines = [
        f"Numbers page in Chromium, {report.name}, median of {len(rounds)} rounds:",
        "",
        "| measure | seconds | of the first load | goal ≤ 15 % |",
        "|---|---:|---:|---|",
        f"| first load (upload → cards and {median['charts']:.0f} charts) "
        f"| {median['first']:.2f} | 100 % | |",
    ]
    ratios = {}
    for change in CHANGES:
        ratio = median[change] / median["first"]
        ratios[change] = ratio
        verdict = "PASS" if ratio <= GOAL else "FAIL"
        lines.append(
            f"| rerun after a {change} change | {median[change]:.2f} | {ratio:.1%} | {verdict} |"
        )
    lines += [
        "",
        f"- cold start to the Start page: {median['cold_start']:.2f} s",
        f"- sample data to KPI cards: {median['sample_to_cards']:.2f} s",
    ]
    return "\n".join(lines), {"median": median, "ratios": ratios, "rounds": rounds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--report", type=Path, default=None, help="default: generate(50000)")
    args = parser.parse_args()
    report = args.report or generate(50_000).path
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        rounds = []
        for number in range(args.rounds):
            rounds.append(one_round(browser, report))
            measured = ", ".join(f"{key} {value:.2f}" for key, value in rounds[-1].items())
            print(f"round {number + 1}: {measured}", flush=True)
        browser.close()
    summary, data = table(rounds, report)
    print(summary)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"report": report.name, **data}, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
