"""End to end in a real terminal, per charset: tmux runs nn-explorer with
TERM=linux (auto: block) and with --charset ascii, every lesson is opened and
stepped, and every character on the screen must be in the charset's
repertoire (CP437 for block, printable ASCII for ascii). And in a pty with
NO_COLOR set, the app writes no colour escape sequence at all."""

from __future__ import annotations

import os
import re
import select
import shlex
import subprocess
import sys
import time

import pytest

from e2etools import need_program
from tui.lessons import LESSONS

#: lesson -> (text once it has drawn, in every charset; keys that step it)
STEPS = {
    "fold": ("output layer", ("Home", "Right", "S-Right")),
    "width": ("circles", ("s",)),
    "transform": ("Y branch", ("Right", "Right")),
    "sharing": ("Y branches", ("b", "a")),
    "hypernet": ("the fit", ("l", "d")),
    "motif1d": ("signal 1/16", ("Right", "n")),
    "motif2d": ("C or D", ("Right", "g")),
    "conv": ("Convolutions", ("2", "3")),
}


def cp437_ok(ch: str) -> bool:
    try:
        ch.encode("cp437")
    except UnicodeEncodeError:
        return False
    return ord(ch) >= 0x20


class Term:
    def __init__(self, program: str, env: dict[str, str], argv: list[str], cols: int = 80, rows: int = 24):
        self.tmux = [program, "-L", f"nnx-cs-{time.monotonic_ns()}", "-f", "/dev/null"]
        command = " ".join(["env", *(f"{k}={shlex.quote(v)}" for k, v in env.items()),
                            *(shlex.quote(a) for a in [sys.executable, "-m", "tui.cli", *argv])])
        subprocess.run([*self.tmux, "new-session", "-d", "-s", "cs", "-x", str(cols), "-y", str(rows), command],
                       check=True, env={**os.environ, "LANG": "C.UTF-8"})
        subprocess.run([*self.tmux, "set-option", "-t", "cs", "remain-on-exit", "on"], check=True)

    def screen(self) -> str:
        return subprocess.run([*self.tmux, "capture-pane", "-p", "-t", "cs"], capture_output=True,
                              check=True).stdout.decode("utf-8", errors="replace")

    def send(self, *keys: str) -> None:
        for key in keys:
            subprocess.run([*self.tmux, "send-keys", "-t", "cs", key], check=True)
            time.sleep(0.2)

    def wait_for(self, needle: str, timeout: float = 60) -> str:
        t0 = time.monotonic()
        while True:
            text = self.screen()
            if needle in text:
                return text
            if time.monotonic() - t0 > timeout:
                raise AssertionError(f"never saw {needle!r}; the screen shows:\n{text}")
            time.sleep(0.2)

    def close(self) -> None:
        subprocess.run([*self.tmux, "kill-server"], capture_output=True)


@pytest.mark.parametrize("case", ["TERM=linux", "--charset ascii"])
def test_every_lesson_shows_only_the_charsets_characters(case):
    program = need_program("tmux")
    assert set(STEPS) == {lesson.key for lesson in LESSONS}, "every lesson needs its steps here"
    if case == "TERM=linux":
        env, argv, ok, name = {"TERM": "linux", "LANG": "C.UTF-8"}, [], cp437_ok, "CP437"
    else:
        env, argv, ok, name = {"LANG": "C.UTF-8"}, ["--charset", "ascii"], (lambda c: " " <= c <= "~"), "ASCII"
    term = Term(program, env, argv)
    seen: list[tuple[str, str]] = []
    try:
        term.wait_for("Folding the plane")
        seen.append(("home", term.screen()))
        term.send("?")
        seen.append(("help", term.wait_for("Esc closes")))
        term.send("Escape")
        for index, lesson in enumerate(LESSONS):
            needle, keys = STEPS[lesson.key]
            for _ in range(3):  # a first Escape may cancel a training run
                term.send("Escape")
                try:
                    term.wait_for("Folding the plane", timeout=4)
                    break
                except AssertionError:
                    continue
            term.wait_for("Folding the plane")
            term.send("Home", *["Down"] * index, "Enter")
            seen.append((lesson.key, term.wait_for(needle)))
            term.send(*keys)
            time.sleep(1.0)
            seen.append((f"{lesson.key} stepped", term.screen()))
        term.send("q")
    finally:
        term.close()
    for where, text in seen:
        bad = sorted({c for c in text.replace("\n", "") if not ok(c)})
        assert not bad, f"{case}: {where} shows characters outside {name}: {bad}\n{text}"


# ------------------------------------------------------------ NO_COLOR
COLOUR_PARAMS = set(range(30, 38)) | {38, 48} | set(range(40, 48)) | set(range(90, 98)) | set(range(100, 108))
SGR = re.compile(rb"\x1b\[([0-9;:]*)m")


def colour_codes(data: bytes) -> list[bytes]:
    """The SGR sequences in ``data`` that set a colour (30-37, 38;..., 40-47,
    48;..., 90-97, 100-107); 39 and 49 (default colours) are not colours."""
    bad = []
    for m in SGR.finditer(data):
        params = [p for p in re.split(rb"[;:]", m.group(1)) if p]
        if params and int(params[0]) in COLOUR_PARAMS:
            bad.append(m.group(0))
            continue
        i = 0
        while i < len(params):
            n = int(params[i])
            if n in (38, 48):
                bad.append(m.group(0))
                break
            if n in COLOUR_PARAMS:
                bad.append(m.group(0))
                break
            i += 1
    return bad


def run_in_pty(env: dict[str, str], keys: list[bytes], argv: list[str] | None = None, seconds: float = 4.0) -> bytes:
    import pty

    pid, fd = pty.fork()
    if pid == 0:  # the child: the app in the pty
        os.environ.update(env)
        os.execv(sys.executable, [sys.executable, "-m", "tui.cli", *(argv or [])])
    import fcntl
    import struct
    import termios

    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    out = bytearray()

    def read_for(t: float) -> None:
        end = time.monotonic() + t
        while time.monotonic() < end:
            r, _, _ = select.select([fd], [], [], 0.1)
            if r:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    return
                if not chunk:
                    return
                out.extend(chunk)

    try:
        read_for(seconds)
        for key in keys:
            os.write(fd, key)
            read_for(1.5)
        os.write(fd, b"q")
        read_for(2.0)
    finally:
        try:
            os.kill(pid, 9)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        os.close(fd)
    return bytes(out)


@pytest.mark.parametrize("how", ["NO_COLOR", "--no-color"])
def test_no_colour_escape_sequences_without_colour(how):
    env = {"TERM": "xterm-256color", "LANG": "C.UTF-8", "COLORTERM": "truecolor"}
    argv = []
    if how == "NO_COLOR":
        env["NO_COLOR"] = "1"
    else:
        argv = ["--no-color"]
    # home, then the fold lesson (Enter) and a step, and the help overlay
    data = run_in_pty(env, [b"\r", b"\x1b[C", b"?"], argv)
    assert b"Fold" in data, data[-2000:]
    bad = colour_codes(data)
    assert not bad, f"{how}: colour sequences written: {sorted(set(bad))[:10]}"


def test_the_pty_check_sees_colour_when_colour_is_on():
    """The same run with colour on writes colour (so the check above can fail)."""
    env = {"TERM": "xterm-256color", "LANG": "C.UTF-8", "COLORTERM": "truecolor"}
    data = run_in_pty(env, [b"\r"], seconds=3.0)
    assert colour_codes(data)
