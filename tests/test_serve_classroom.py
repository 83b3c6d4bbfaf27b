"""`nn-explorer serve` for a classroom, tested with real websocket clients on
loopback (a few clients, a few seconds each): the session limit and its
"lab is full" page, the idle timeout, one log line per session, and present
mode (one app the presenter drives and the others watch)."""

from __future__ import annotations

import asyncio
import json
import time

import aiohttp
import pytest

from e2etools import Served, descendants
from tui import serve as serve_mod
from tui.cli import main

TIMEOUT = 60  # seconds, for one app to paint in a busy CI machine
WIDTH_SUMMARY = "Why are 2-neuron layers"  # on the home screen once Width is highlighted


class Client:
    """One browser tab's websocket: what it received, as text."""

    def __init__(self, session: aiohttp.ClientSession, url: str):
        self.session, self.url = session, url
        self.data = b""
        self.closed = False

    async def __aenter__(self):
        self.ws = await self.session.ws_connect(self.url + "?width=100&height=30")
        self.reader = asyncio.ensure_future(self._read())
        return self

    async def _read(self):
        async for message in self.ws:
            if message.type == aiohttp.WSMsgType.BINARY:
                self.data += message.data
        self.closed = True

    @property
    def text(self) -> str:
        return self.data.decode("utf-8", "replace")

    async def wait_for(self, needle: str, timeout: float = TIMEOUT, since: int = 0) -> None:
        """Until ``needle`` arrives (in what came after byte ``since``)."""
        t0 = time.monotonic()
        while needle not in self.data[since:].decode("utf-8", "replace"):
            if time.monotonic() - t0 > timeout:
                raise AssertionError(f"no {needle!r} after {timeout}s; got …{self.text[-300:]!r}")
            await asyncio.sleep(0.05)

    async def key(self, key: str) -> None:
        await self.ws.send_str(json.dumps(["stdin", key]))

    async def resize(self, width: int, height: int) -> None:
        await self.ws.send_str(json.dumps(["resize", {"width": width, "height": height}]))

    async def __aexit__(self, *exc):
        await self.ws.close()
        self.reader.cancel()


def output_of(served: Served) -> str:
    served.close()
    return served.proc.stdout.read().decode("utf-8", "replace") if served.proc.stdout else ""


def ws_url(served: Served, path: str = "/ws") -> str:
    return "ws" + served.url[4:] + path


def test_the_default_session_limit_comes_from_the_memory_available():
    assert serve_mod.default_max_sessions(20_000) == int(0.8 * 20_000) // serve_mod.SESSION_MB  # 53
    assert serve_mod.default_max_sessions(100) == 1
    assert serve_mod.default_max_sessions(10_000_000) == serve_mod.MAX_DEFAULT_SESSIONS


async def test_a_full_server_gives_the_next_tab_a_full_page_and_the_others_keep_working():
    served = Served("--max-sessions", "2")
    try:
        async with aiohttp.ClientSession() as session:
            async with Client(session, ws_url(served)) as one, Client(session, ws_url(served)) as two:
                await one.wait_for("Folding the plane")
                await two.wait_for("Folding the plane")
                # a third tab: the page says the lab is full, and so does its terminal
                async with session.get(served.url + "/") as page:
                    body = await page.text()
                    assert page.status == 503 and "The lab is full" in body and "2 of 2 sessions" in body
                async with Client(session, ws_url(served)) as three:
                    await three.wait_for("The lab is full")
                    t0 = time.monotonic()
                    while not three.closed and time.monotonic() - t0 < 10:
                        await asyncio.sleep(0.05)
                    assert three.closed and "Folding" not in three.text
                # the first two still answer keys
                await one.key("\x1b[B")  # down: the next lesson's summary
                await one.wait_for(WIDTH_SUMMARY)
                await two.key("\x1b[B")
                await two.wait_for(WIDTH_SUMMARY)
            # both closed: once their processes have ended, the page is the app's again
            t0, status = time.monotonic(), None
            while status != 200 and time.monotonic() - t0 < TIMEOUT:
                await asyncio.sleep(0.2)
                async with session.get(served.url + "/") as page:
                    status = page.status
            assert status == 200
    finally:
        log = output_of(served)
    assert "session started (1 of 2 running)" in log and "session started (2 of 2 running)" in log
    assert "refused a session: full (2 of 2 running)" in log
    assert "session ended after" in log and "(0 of 2 running)" in log


async def test_a_session_without_input_ends_with_a_message():
    served = Served("--idle-timeout", "0.04")  # 2.4 s
    try:
        async with aiohttp.ClientSession() as session:
            async with Client(session, ws_url(served)) as tab:
                await tab.wait_for("Folding the plane")
                await tab.wait_for("This session has ended", timeout=30)
                t0 = time.monotonic()
                while not tab.closed and time.monotonic() - t0 < 10:
                    await asyncio.sleep(0.05)
                assert tab.closed and "Reload the page" in tab.text
        # the server logs the end once the session's process has stopped (slow on a loaded machine)
        t0 = time.monotonic()
        while descendants(served.proc.pid) and time.monotonic() - t0 < TIMEOUT:
            await asyncio.sleep(0.2)
        await asyncio.sleep(0.5)
    finally:
        log = output_of(served)
    assert "session ended (no input: idle timeout)" in log


async def test_present_mode_the_presenter_drives_and_the_viewers_watch():
    served = Served("--present", "--token", "teacher-token-1")
    try:
        async with aiohttp.ClientSession() as session:
            async with session.get(served.url + "/present/wrong-token") as page:
                assert page.status == 403
            async with session.get(served.url + "/present/teacher-token-1") as page:
                body = await page.text()
                assert page.status == 200 and "/ws/present/teacher-token-1" in body
            with pytest.raises(aiohttp.WSServerHandshakeError):
                await session.ws_connect(ws_url(served, "/ws/present/wrong-token"))
            async with Client(session, ws_url(served, "/ws/present/teacher-token-1")) as presenter:
                await presenter.wait_for("Folding the plane")
                async with Client(session, ws_url(served)) as viewer:
                    await viewer.wait_for("Folding the plane")  # joins on the current screen
                    # a viewer's keys and resizes change nothing
                    await viewer.key("\x1b[B")
                    await viewer.key("q")
                    await viewer.resize(40, 12)
                    await asyncio.sleep(1.5)
                    assert WIDTH_SUMMARY not in presenter.text and not presenter.closed
                    # the presenter's keys move both
                    await presenter.key("\x1b[B")
                    await presenter.wait_for(WIDTH_SUMMARY)
                    await viewer.wait_for(WIDTH_SUMMARY)
                    # a second viewer joins on the screen as it is now
                    async with Client(session, ws_url(served)) as late:
                        await late.wait_for(WIDTH_SUMMARY)
    finally:
        log = output_of(served)
    assert "presenter page" in log and "/present/teacher-token-1" in log
    assert "viewer joined (1 watching)" in log and "viewer joined (2 watching)" in log


@pytest.mark.parametrize("argv,needle", [
    (["serve", "--max-sessions", "0"], "the number of sessions must be between 1 and 10000"),
    (["serve", "--max-sessions", "many"], "the number of sessions must be a whole number"),
    (["serve", "--idle-timeout", "-1"], "more than 0"),
    (["serve", "--idle-timeout", "nan"], "more than 0"),
    (["serve", "--token", "abcdefgh"], "--token goes with --present"),
    (["serve", "--present", "--token", "short"], "--token must be"),
])
def test_bad_classroom_values_are_one_line_and_exit_2(capsys, argv, needle):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert needle in err and len(err.strip().splitlines()) == 1
