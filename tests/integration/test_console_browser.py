"""The operator console in headless Chromium: Debian's package, driven by playwright.

No browser is downloaded: playwright launches ``/usr/bin/chromium`` (``make
system-deps``). ``IDP_CONSOLE_SCREENSHOT=docs/console.png`` keeps the
screenshot of the recent requests (``make console-screenshot``).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestServer
from playwright.async_api import Browser, Page, async_playwright, expect
from pydantic import SecretStr

from schemas import Status
from sinks import MemoryLedger
from stream.metrics import Metrics
from stream.operator import Operator, OperatorConfig, Services
from stream.samples import SampleCase

from .conftest import Pipeline, event_payload
from .workers import WorkerProcess

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
async def browser() -> AsyncIterator[Browser]:
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.fail("Debian's chromium is not installed (make system-deps)")
    async with async_playwright() as playwright:
        # As root, Chromium runs only without its sandbox.
        browser = await playwright.chromium.launch(
            executable_path=executable, args=["--no-sandbox"]
        )
        yield browser
        await browser.close()


@pytest.fixture
async def page(browser: Browser) -> AsyncIterator[Page]:
    context = await browser.new_context(viewport={"width": 1280, "height": 760}, locale="ru-RU")
    page = await context.new_page()
    yield page
    await context.close()


async def test_recent_requests_search_and_detail(
    page: Page,
    worker: WorkerProcess,
    pipeline: Pipeline,
    samples: dict[str, SampleCase],
    tmp_path: Path,
) -> None:
    accepted, declined = samples["maternity_ru_pdf"], samples["date_stale_pdf"]
    ids = [await pipeline.submit(accepted), await pipeline.submit(declined)]
    invalid = event_payload(accepted, iin="960125445006")
    await pipeline.produce(invalid)
    ids.append(invalid["request_id"])
    outcomes = [await pipeline.result(request_id) for request_id in ids]
    assert [r.status for r in outcomes] == [Status.COMPLETED, Status.COMPLETED, Status.REJECTED]

    base = f"http://127.0.0.1:{worker.env['HTTP_PORT']}"
    await page.goto(f"{base}/")
    table = page.locator("table#requests")
    for request_id in ids:
        await expect(table.locator(f'a[href="/requests/{request_id}"]')).to_be_visible()
    html = await page.content()
    assert accepted.iin not in html and f"{accepted.iin[:6]}******" not in html  # list: no IINs
    rejected = table.locator("tbody tr", has=page.locator(f'a[href="/requests/{ids[2]}"]'))
    await expect(rejected).to_contain_text("INVALID_EVENT")
    await expect(rejected).to_contain_text("rejected")
    shot = Path(os.environ.get("IDP_CONSOLE_SCREENSHOT") or tmp_path / "console.png")
    await page.screenshot(path=str(shot), full_page=False)
    assert shot.stat().st_size > 10_000

    await page.get_by_label("Request id").fill(str(ids[1]))
    await page.get_by_role("button", name="Find").click()
    await expect(page.locator("h1")).to_have_text(f"Request {ids[1]}")
    await expect(page.locator("#errors")).to_contain_text("DATE_STALE")
    detail = await page.content()
    assert declined.iin not in detail and f"{declined.iin[:6]}******" in detail
    assert declined.first_name not in detail

    await page.goto(f"{base}/requests/1")
    await expect(page.locator("h1")).to_have_text("Not found")


async def test_sign_in_with_the_operator_token(page: Page) -> None:
    ledger = MemoryLedger()

    async def submit(upload: Any) -> Any:
        raise AssertionError("no uploads here")

    operator = Operator(
        OperatorConfig(token=SecretStr("browser-test-token-42")),
        services=lambda: Services(requests=ledger, submit=submit, probes=()),
        metrics=Metrics(),
    )
    server = TestServer(operator.application())
    await server.start_server()
    try:
        await page.goto(str(server.make_url("/")))
        await expect(page.locator("h1")).to_have_text("Sign in")
        await page.get_by_label("Operator token").fill("wrong")
        await page.get_by_role("button", name="Sign in").click()
        await expect(page.get_by_role("alert")).to_have_text("That token is not valid.")
        await page.get_by_label("Operator token").fill("browser-test-token-42")
        await page.get_by_role("button", name="Sign in").click()
        await expect(page.locator("h1")).to_have_text("Recent requests")
        await page.get_by_role("button", name="Sign out").click()
        await expect(page.locator("h1")).to_have_text("Sign in")
    finally:
        await server.close()
