"""Debian's Chromium driven by Playwright (a test dependency) for the HTML reference's tests: a
page that records console errors and every URL it asks for. Chromium missing: the test fails in
CI (.ci/run installs it with apt-get) and is skipped, saying why, elsewhere."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

SHOTS = Path(os.environ.get("SCREENSHOT_DIR", ROOT / "build" / "screenshots"))


@dataclass
class Browsing:
    page: Any  # playwright.sync_api.Page
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


@contextmanager
def chromium_page(width: int = 1280, height: int = 900) -> Iterator[Browsing]:
    from playwright import sync_api  # a test dependency: always installed

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        message = "Debian's chromium is not installed here (.ci/run installs it with apt-get)"
        if os.environ.get("CI"):  # CI installs it; there a missing browser is a failure, never a skip
            pytest.fail(message)
        pytest.skip(message)
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            seen = Browsing(page)
            page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: seen.errors.append(str(e)))
            page.on("request", lambda r: seen.requests.append(r.url))
            yield seen
        finally:
            browser.close()
