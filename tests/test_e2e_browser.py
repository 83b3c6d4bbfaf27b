"""End to end in a real browser: `nn-explorer serve` on loopback, headless
Chromium (Debian's package) opens the page, keys are pressed in the page, and
the test reads what the app sent back to the browser's terminal.

Chromium is driven over the DevTools protocol (with aiohttp, which
textual-serve already needs). The screen is read from the websocket frames
the page receives: they are the app's terminal output."""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import re
import subprocess
import time

import aiohttp

from e2etools import Served, need_program

ANSI = re.compile(rb"\x1b\[[0-9;?<>=$ ]*[A-Za-z~]|\x1b[()][0-9A-Za-z]|\x1b[=>]")


class Browser:
    def __init__(self, program: str, profile):
        self.proc = subprocess.Popen(
            [program, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-dev-shm-usage", "--remote-debugging-port=0", f"--user-data-dir={profile}",
             "--window-size=1280,800", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = profile / "DevToolsActivePort"
        t0 = time.monotonic()
        while not (port_file.exists() and port_file.read_text().strip()):
            if self.proc.poll() is not None or time.monotonic() - t0 > 30:
                raise RuntimeError("Chromium did not start its DevTools endpoint")
            time.sleep(0.1)
        self.port = int(port_file.read_text().split()[0])
        self.ids = itertools.count(1)
        self.frames: list[bytes] = []
        self.pending: dict[int, asyncio.Future] = {}

    async def connect(self, session: aiohttp.ClientSession) -> None:
        async with session.get(f"http://127.0.0.1:{self.port}/json/list") as r:
            targets = await r.json(content_type=None)
        page = next(t for t in targets if t["type"] == "page")
        self.ws = await session.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0)
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for msg in self.ws:
            data = json.loads(msg.data)
            if "id" in data and data["id"] in self.pending:
                self.pending.pop(data["id"]).set_result(data)
            elif data.get("method") == "Network.webSocketFrameReceived":
                resp = data["params"]["response"]
                payload = resp["payloadData"]
                self.frames.append(payload.encode() if resp["opcode"] == 1 else base64.b64decode(payload))

    async def send(self, method: str, **params) -> dict:
        i = next(self.ids)
        fut = asyncio.get_running_loop().create_future()
        self.pending[i] = fut
        await self.ws.send_json({"id": i, "method": method, "params": params})
        return await asyncio.wait_for(fut, 30)

    def text(self, start: int = 0) -> str:
        """What the app sent from frame ``start`` on, escape sequences removed."""
        return ANSI.sub(b"", b"".join(self.frames[start:])).decode("utf-8", errors="replace")

    async def wait_for_text(self, needle: str, start: int = 0, timeout: float = 60) -> None:
        t0 = time.monotonic()
        while needle not in self.text(start):
            if time.monotonic() - t0 > timeout:
                raise AssertionError(f"{needle!r} never reached the browser; it got: {self.text(start)[-800:]!r}")
            await asyncio.sleep(0.1)

    async def key(self, key: str, code: int, text: str = "") -> None:
        for kind in ("keyDown", "keyUp"):
            params = {"type": kind, "key": key, "code": key, "windowsVirtualKeyCode": code}
            if text and kind == "keyDown":
                params["text"] = text
            await self.send("Input.dispatchKeyEvent", **params)

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait()


async def test_a_browser_shows_the_lesson_list_and_opens_a_lesson(tmp_path):
    program = need_program("chromium", "chromium-browser", "google-chrome")
    served = Served()
    browser = Browser(program, tmp_path / "profile")
    try:
        async with aiohttp.ClientSession() as session:
            await browser.connect(session)
            await browser.send("Network.enable")
            await browser.send("Page.enable")
            await browser.send("Page.navigate", url=served.url + "/")
            # the home screen's lesson list arrives in the browser's terminal
            await browser.wait_for_text("Folding the plane")
            await browser.wait_for_text("Convolutions")
            # the page's terminal has the keyboard: Enter opens the highlighted lesson
            await browser.send("Runtime.evaluate",
                               expression="document.querySelector('.xterm-helper-textarea').focus()")
            mark = len(browser.frames)
            await browser.key("Enter", 13, "\r")
            await browser.wait_for_text("Fold ·", start=mark)
            # and the lesson answers its keys: Home goes to the input plane (step 0)
            mark = len(browser.frames)
            await browser.key("Home", 36)
            await browser.wait_for_text("(0/", start=mark)
            browser.reader.cancel()
    finally:
        browser.close()
        served.close()
