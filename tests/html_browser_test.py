"""The compare page of the example in a real browser: Debian's chromium, headless, driven by
Playwright (never `playwright install`: no browser is downloaded). `.ci/run` installs chromium
when it is missing; elsewhere, without /usr/bin/chromium, the test is skipped and says why.

One browser for the module: it opens the page once from file:// and checks what a reader
sees: no console error, no request but the page itself, a chart per application with a lane
per pack and a mark per simulated action, a <details> that opens on its quote, and a
screenshot with something drawn in it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cli_support import EXAMPLE_TIMELINE, invoke
from html_support import example_comparison, png_pixels

CHROMIUM = Path(os.environ.get("FOLLOWUP_CHROMIUM", "/usr/bin/chromium"))
# This machine's network is closed: without these Chromium's own background connections
# (updates, sync, QUIC probes) fail and would slow the start down.
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AS_OF = "2026-11-21"

# .ci/run sets it in CI, where the browser test must run: a missing browser fails it there.
REQUIRED = os.environ.get("FOLLOWUP_BROWSER_TEST") == "required"
MISSING = (
    f"no Chromium at {CHROMIUM}: apt-get install chromium (.ci/run does), or set FOLLOWUP_CHROMIUM"
)

pytestmark = pytest.mark.skipif(not CHROMIUM.exists() and not REQUIRED, reason=MISSING)


class Opened:
    def __init__(self, page: Any, url: str, console: list[str], requests: list[str]) -> None:
        self.page, self.url, self.console, self.requests = page, url, console, requests


@pytest.fixture(scope="module")
def opened(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Opened]:
    if not CHROMIUM.exists():
        pytest.fail(f"{MISSING} (FOLLOWUP_BROWSER_TEST=required)")
    if REQUIRED:
        import playwright.sync_api as sync_api
    else:
        sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    path = tmp_path_factory.mktemp("html") / "compare.html"
    result = invoke(
        ["compare", str(EXAMPLE_TIMELINE), "--all", "--as-of", AS_OF, "--format", "html",
         "-o", str(path)]
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            console: list[str] = []
            requests: list[str] = []
            page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
            page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
            page.on("request", lambda r: requests.append(r.url))
            url = path.as_uri()
            page.goto(url, wait_until="load")
            yield Opened(page, url, console, requests)
        finally:
            browser.close()


def test_no_console_error_and_no_request_but_the_page(opened: Opened) -> None:
    assert [m for m in opened.console if m.startswith(("error", "pageerror"))] == []
    assert opened.requests == [opened.url]


def test_a_chart_per_application_a_lane_per_pack_and_a_mark_per_action(opened: Opened) -> None:
    c = example_comparison()
    charts = opened.page.locator("section.application figure.chart")
    assert charts.count() == len(c.applications)
    for i, app in enumerate(c.applications):
        lanes = charts.nth(i).locator("g.lane")
        assert lanes.count() == len(app.views) == len(c.packs)
        for j, view in enumerate(app.views):
            lane = lanes.nth(j)
            assert lane.get_attribute("data-pack") == view.pack
            steps = view.persistence.steps if view.persistence else ()
            assert lane.locator("g.mark.action, g.mark.move-on").count() == len(steps)
        assert charts.nth(i).locator("svg").bounding_box()["height"] > 100  # type: ignore[index]


def test_a_details_opens_on_its_quote(opened: Opened) -> None:
    app = example_comparison().applications[0]
    view = next(v for v in app.views if v.persistence and v.persistence.steps)
    assert view.persistence is not None
    cite = view.persistence.steps[0].rec.cite
    row = opened.page.locator(
        f"section.application[data-application='{app.id}'] tbody[data-pack='{view.pack}'] tr[id]"
    ).first
    details = row.locator("details")
    quote = details.locator("blockquote")
    assert not quote.is_visible()
    details.locator("summary").focus()
    opened.page.keyboard.press("Enter")  # reachable, and opened, from the keyboard
    assert details.evaluate("d => d.open") is True
    assert quote.is_visible()
    assert quote.inner_text().strip("“”") == cite


def test_a_screenshot_shows_the_chart(opened: Opened, tmp_path: Path) -> None:
    shot = tmp_path / "chart.png"
    opened.page.locator("section.application figure.chart").first.screenshot(path=str(shot))
    width, height, pixels = png_pixels(shot.read_bytes())
    assert width > 600 and height > 100
    assert len(pixels) > 50  # shades, marks, text: a blank render has one colour
