"""Helpers for the end-to-end tests: a free port, a served app, the
requirement switch (.ci/run sets NN_EXPLORER_E2E=require so that a missing
tmux or Chromium fails there instead of skipping)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


def need_program(*names: str) -> str:
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    message = f"{' or '.join(names)} is not installed (.ci/run installs it)"
    if os.environ.get("NN_EXPLORER_E2E") == "require":
        pytest.fail(message)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def descendants(pid: int) -> list[int]:
    """The live (not zombie) processes below ``pid``: children, theirs, …"""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z":
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    out, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.append(child)
            todo.append(child)
    return out


class Served:
    """``nn-explorer serve`` on loopback, as a child process."""

    def __init__(self, *args: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen([sys.executable, "-m", "tui.cli", "serve", "--port", str(self.port), *args],
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        t0 = time.monotonic()
        while True:
            try:
                with urllib.request.urlopen(self.url + "/", timeout=2) as r:
                    self.index = r.read().decode()
                break
            except OSError:
                if self.proc.poll() is not None or time.monotonic() - t0 > 30:
                    out = self.proc.stdout.read().decode(errors="replace") if self.proc.stdout else ""
                    self.close()
                    raise RuntimeError(f"nn-explorer serve did not come up: {out[-500:]}")
                time.sleep(0.1)

    def get(self, url: str) -> tuple[int, bytes]:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read()

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
