"""Headless Chromium for the browser tests: a built site served on 127.0.0.1, and the browser.

Debian's Chromium is driven through Playwright (no browser download). Without it the
tests skip and say why, except in CI, where a missing browser must not pass unnoticed.
"""

from __future__ import annotations

import http.server
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
#: The flags that keep Chromium from reaching for the network on a closed machine.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOST = "127.0.0.1"
TIMEOUT_MS = 15_000


def unavailable(reason: str) -> NoReturn:
    """Skip, except on CI, where a missing browser must not pass unnoticed."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so this fails instead of skipping)", pytrace=False)
    pytest.skip(reason)
    raise AssertionError("unreachable")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """``directory`` served on a free port of 127.0.0.1; yields the base URL."""
    handler = partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer((HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Debian Chromium, launched through Playwright."""
    if not CHROMIUM.is_file():
        unavailable(f"{CHROMIUM} is missing: install Debian's chromium package")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        unavailable(f"the playwright package is missing: {exc}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Traffic:
    """What a page did on the network and in its console.

    A request the browser aborted itself (``net::ERR_ABORTED``: a lazy picture still
    loading when a click navigates away) says nothing about the site, so it is fetched
    again when the problems are asked for, and counts only if that fails too.
    """

    context: Any = None
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    aborted: list[str] = field(default_factory=list)

    @property
    def problems(self) -> dict[str, list[str]]:
        failed = [*self.failed, *self._refetch_aborted()]
        return {
            name: found
            for name, found in (
                ("console errors", self.console_errors),
                ("failed requests", failed),
                ("requests to other hosts", self.foreign),
            )
            if found
        }

    def _refetch_aborted(self) -> list[str]:
        broken = []
        for url in dict.fromkeys(self.aborted):
            response = self.context.request.get(url)
            if not response.ok:
                broken.append(f"{url}: aborted, then HTTP {response.status}")
        return broken


@contextmanager
def watched_page(browser: Any, **context_options: Any) -> Iterator[tuple[Any, Traffic]]:
    """A fresh page whose console errors, failed requests and requests to other hosts are
    kept in its ``Traffic``; requests to other hosts are blocked, so that a test never
    depends on the network."""
    context = browser.new_context(**context_options)
    traffic = Traffic(context)

    def route(route: Any) -> None:
        parts = urlsplit(route.request.url)
        if parts.scheme in ("http", "https") and parts.hostname != HOST:
            traffic.foreign.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    def failed(request: Any) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https") and parts.hostname != HOST:
            return  # blocked above, and counted there
        if request.failure == "net::ERR_ABORTED":
            traffic.aborted.append(request.url)
        else:
            traffic.failed.append(f"{request.url}: {request.failure}")

    context.route("**/*", route)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.on(
        "console",
        lambda message: (
            traffic.console_errors.append(f"{message.text} ({message.location})")
            if message.type == "error"
            else None
        ),
    )
    page.on("pageerror", lambda error: traffic.console_errors.append(f"uncaught: {error}"))
    page.on("requestfailed", failed)
    page.on(
        "response",
        lambda response: (
            traffic.failed.append(f"{response.url}: HTTP {response.status}")
            if response.status >= 400
            else None
        ),
    )
    try:
        yield page, traffic
    finally:
        context.close()
