"""``nn-explorer serve``: the app in a lab's browsers, through textual-serve.

Every browser tab gets its own app process. The page must work without the
internet: textual-serve's page asks Google Fonts for its font, and a
stylesheet that cannot load can hold the page back (for as long as the
network takes to refuse). We serve the page with that link replaced by the
font file textual-serve ships in its own static folder.
"""

from __future__ import annotations

import ipaddress
import re
import shlex
import socket
import sys
import tempfile
from importlib import resources
from pathlib import Path

LOCAL_FONT = """<style>
      @font-face {
        font-family: "Roboto Mono";
        src: url("{{ config.static.url }}fonts/RobotoMono-VariableFont_wght.ttf") format("truetype");
        font-display: swap;
      }
    </style>"""

# a <link ...> element whose href leaves this server
_EXTERNAL_LINK = re.compile(r"<link\b[^>]*\bhref\s*=\s*[\"']https?://[^>]*>", re.IGNORECASE | re.DOTALL)
_EXTERNAL_SCRIPT = re.compile(r"<script\b[^>]*\bsrc\s*=\s*[\"']https?://[^>]*>\s*</script>",
                              re.IGNORECASE | re.DOTALL)


class ServeError(Exception):
    """A one-line message for the user (exit status 2)."""


def offline_page(html: str) -> str:
    """textual-serve's page template with every external stylesheet and
    script removed, and the bundled Roboto Mono declared as a local font."""
    html = _EXTERNAL_LINK.sub("", html)
    html = _EXTERNAL_SCRIPT.sub("", html)
    if "@font-face" not in html:
        html = html.replace("</head>", LOCAL_FONT + "\n  </head>", 1)
    return html


def external_urls(html: str) -> list[str]:
    """URLs a page would fetch from other hosts (stylesheets, scripts, images)."""
    return re.findall(r"(?:href|src)\s*=\s*[\"'](https?://[^\"']+)", html, re.IGNORECASE)


def textual_serve_paths() -> tuple[Path, Path]:
    """textual-serve's own static folder and page template."""
    root = Path(str(resources.files("textual_serve")))
    return root / "static", root / "templates" / "app_index.html"


def prepare_templates(directory: Path | None = None) -> Path:
    """A folder holding the offline page template; returns its path."""
    _static, template = textual_serve_paths()
    directory = directory or Path(tempfile.mkdtemp(prefix="nn-explorer-serve-"))
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "app_index.html").write_text(offline_page(template.read_text(encoding="utf-8")),
                                              encoding="utf-8")
    return directory


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_wildcard(host: str) -> bool:
    return host in ("0.0.0.0", "::", "")


def check_port(host: str, port: int) -> None:
    """Fail early, in one line, when the address cannot be bound."""
    if not 1 <= port <= 65535:
        raise ServeError(f"port must be between 1 and 65535, not {port}")
    try:
        infos = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise ServeError(f"cannot serve on host {host!r}: {exc.strerror or exc}") from None
    family, socktype, proto, _name, addr = infos[0]
    with socket.socket(family, socktype, proto) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server will
        try:
            sock.bind(addr)
        except PermissionError:
            raise ServeError(f"no permission to use port {port} (ports below 1024 need privileges; "
                             "choose another with --port)") from None
        except OSError as exc:
            if exc.errno in (98, 48, 10048):  # EADDRINUSE on Linux, macOS, Windows
                raise ServeError(f"port {port} on {host} is already in use (choose another with --port)") \
                    from None
            raise ServeError(f"cannot serve on {host}:{port}: {exc.strerror or exc}") from None


def public_url_for(host: str, port: int) -> str:
    """The address browsers are told to connect back to (the page opens a
    websocket to it): a wildcard host means this machine's name."""
    name = socket.gethostname() if is_wildcard(host) else host
    if ":" in name and not name.startswith("["):
        name = f"[{name}]"  # an IPv6 literal
    return f"http://{name}:{port}"


def app_command(lesson: str | None, lang: str, seed: int, device: str, charset: str = "braille") -> str:
    """The command textual-serve starts for each browser tab."""
    parts = [sys.executable, "-m", "tui.cli"]
    if lesson:
        parts.append(lesson)
    parts += ["--lang", lang, "--seed", str(seed), "--device", device]
    # textual-serve runs it with a shell: the charset goes in the environment (the app reads it there)
    return f"NN_EXPLORER_CHARSET={shlex.quote(charset)} " + " ".join(shlex.quote(p) for p in parts)


# --------------------------------------------------------------- classroom
#: the memory one session may take, for the default --max-sessions: a session
#: with every lesson visited and trained once measured below this (PSS; see
#: tests/benchmarks/bench_memory.py and the README)
SESSION_MB = 300
MAX_DEFAULT_SESSIONS = 64
IDLE_MINUTES = 30


def available_mb() -> int | None:
    """MemAvailable from /proc/meminfo, in MB (None where there is none)."""
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) // 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def default_max_sessions(mem_mb: int | None = None) -> int:
    """As many sessions as 80 % of the memory available now holds at
    SESSION_MB each, between 1 and MAX_DEFAULT_SESSIONS (8 when the memory
    cannot be read)."""
    mem_mb = available_mb() if mem_mb is None else mem_mb
    if mem_mb is None:
        return 8
    return max(1, min(MAX_DEFAULT_SESSIONS, int(0.8 * mem_mb) // SESSION_MB))


def terminal_notice(title: str, lines: list[str]) -> bytes:
    """A notice drawn in the page's terminal: clear it, home, bold title."""
    body = "\r\n".join(lines)
    return f"\x1b[0m\x1b[2J\x1b[H\x1b[1m{title}\x1b[0m\r\n\r\n{body}\r\n".encode("utf-8")


def full_page(running: int, limit: int) -> str:
    return ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>nn-explorer: the lab is full</title>"
            "<style>body{background:#0c181f;color:#eee;font-family:monospace;padding:3em;font-size:18px}</style>"
            "</head><body><h1>The lab is full</h1>"
            f"<p>{running} of {limit} sessions are running on this server, the most it takes.</p>"
            "<p>Try again when someone has closed their tab: reload this page.</p>"
            "<p lang='ko'>실습 서버가 가득 찼습니다: 세션 "
            f"{running}개가 실행 중입니다(최대 {limit}개). 다른 사람이 탭을 닫은 뒤 이 페이지를 새로 고치세요.</p>"
            "</body></html>")


async def client_messages(websocket):
    """Each (kind, data) a textual-serve page sends on its websocket:
    "stdin" (keys), "resize", "ping", "blur", "focus"."""
    from aiohttp import WSMsgType

    async for message in websocket:
        if message.type != WSMsgType.TEXT:
            continue
        envelope = message.json()
        if isinstance(envelope, list) and envelope:
            yield envelope[0], envelope[1] if len(envelope) > 1 else None


def classroom_server(command: str, *, max_sessions: int, idle_minutes: float, log=None, **kwargs):
    """textual-serve's Server, with a limit on the sessions (app processes)
    it runs at once and an end for a session left without input."""
    import asyncio
    import time as _time

    from aiohttp import web
    from textual_serve import server as ts

    out = log or sys.stderr

    class ClassroomServer(ts.Server):
        def __init__(self, command: str, **kw) -> None:
            super().__init__(command, **kw)
            self.max_sessions = max_sessions
            self.idle_seconds = idle_minutes * 60
            self.running = 0

        def log_line(self, text: str) -> None:
            print(f"nn-explorer serve: {text}", file=out, flush=True)

        async def handle_index(self, request):
            if self.running >= self.max_sessions:
                return web.Response(text=full_page(self.running, self.max_sessions), content_type="text/html",
                                    status=503)
            return await super().handle_index(request)

        async def _process_messages(self, websocket, app_service) -> None:
            """textual-serve's loop, noting the time of each input."""
            async for kind, data in client_messages(websocket):
                if kind == "stdin":
                    websocket.last_input = _time.monotonic()
                    await app_service.send_bytes(str(data).encode("utf-8"))
                elif kind == "resize":
                    await app_service.set_terminal_size(data["width"], data["height"])
                elif kind == "ping":
                    await websocket.send_json(["pong", data])
                elif kind == "blur":
                    await app_service.blur()
                elif kind == "focus":
                    await app_service.focus()

        async def _watch_idle(self, websocket) -> None:
            while not websocket.closed:
                idle = _time.monotonic() - websocket.last_input
                if idle >= self.idle_seconds:
                    minutes = self.idle_seconds / 60
                    await websocket.send_bytes(terminal_notice(
                        "This session has ended", [
                            f"No key was pressed for {minutes:g} minutes, so the app was closed",
                            "to leave room for others. Reload the page to start again.",
                            f"{minutes:g}분 동안 입력이 없어 세션을 닫았습니다. 페이지를 새로 고치면 다시 시작합니다."]))
                    websocket.ended_idle = True
                    await websocket.close()
                    return
                await asyncio.sleep(min(5.0, max(0.05, self.idle_seconds - idle)))

        async def handle_websocket(self, request):
            if self.running >= self.max_sessions:
                websocket = web.WebSocketResponse()
                await websocket.prepare(request)
                await websocket.send_bytes(terminal_notice("The lab is full", [
                    f"{self.running} of {self.max_sessions} sessions are running, the most this server takes.",
                    "Reload the page when someone has closed their tab.",
                    f"실습 서버가 가득 찼습니다(세션 {self.running}/{self.max_sessions}). 잠시 뒤 새로 고치세요."]))
                await websocket.close()
                self.log_line(f"refused a session: full ({self.running} of {self.max_sessions} running)")
                return websocket
            self.running += 1
            started = _time.monotonic()
            self.log_line(f"session started ({self.running} of {self.max_sessions} running)")
            # textual-serve's handle_websocket, with the idle watch beside the message loop
            websocket = web.WebSocketResponse(heartbeat=15)
            websocket.last_input = _time.monotonic()
            websocket.ended_idle = False
            width = ts.to_int(request.query.get("width", "80"), 80)
            height = ts.to_int(request.query.get("height", "24"), 24)
            app_service = None
            watch = None
            try:
                await websocket.prepare(request)
                app_service = ts.AppService(self.command, write_bytes=websocket.send_bytes,
                                            write_str=websocket.send_str, close=websocket.close,
                                            download_manager=self.download_manager, debug=self.debug)
                await app_service.start(width, height)
                watch = asyncio.ensure_future(self._watch_idle(websocket))
                try:
                    await self._process_messages(websocket, app_service)
                finally:
                    await app_service.stop()
            except asyncio.CancelledError:
                await websocket.close()
            except Exception as error:  # noqa: BLE001 - as textual-serve: logged, the others go on
                ts.log.exception(error)
            finally:
                if watch is not None:
                    watch.cancel()
                if app_service is not None:
                    await app_service.stop()
                self.running -= 1
                why = " (no input: idle timeout)" if websocket.ended_idle else ""
                self.log_line(f"session ended{why} after {(_time.monotonic() - started) / 60:.1f} min "
                              f"({self.running} of {self.max_sessions} running)")
            return websocket

    return ClassroomServer(command, **kwargs)


def present_server(command: str, *, token: str, log=None, **kwargs):
    """textual-serve's Server running ONE app for a whole class: the
    presenter's page (/present/TOKEN) drives it; every other page (/) watches
    it live and read-only: its keys and resizes are ignored, and a viewer who
    joins is sent the current screen (the app is asked to repaint)."""
    import asyncio
    import secrets

    import aiohttp_jinja2
    from aiohttp import web
    from textual_serve import server as ts

    out = log or sys.stderr

    class PresentServer(ts.Server):
        def __init__(self, command: str, **kw) -> None:
            super().__init__(command, **kw)
            self.token = token
            self.sockets: set = set()
            self.viewers = 0
            self.shared = None  # the one AppService
            self.size = (80, 24)  # the presenter's terminal size (the app's)
            self._starting = asyncio.Lock()

        def log_line(self, text: str) -> None:
            print(f"nn-explorer serve --present: {text}", file=out, flush=True)

        async def _make_app(self):
            app = await super()._make_app()
            app.router.add_get("/present/{token}", self.handle_presenter_index)
            app.router.add_get("/ws/present/{token}", self.handle_presenter_websocket)
            return app

        def token_ok(self, request) -> bool:
            return secrets.compare_digest(request.match_info.get("token", ""), self.token)

        async def handle_presenter_index(self, request):
            if not self.token_ok(request):
                return web.Response(status=403, content_type="text/html",
                                    text="<!DOCTYPE html><p>Wrong presenter token. Viewers open / instead.</p>")
            context = {
                "font_size": ts.to_int(request.query.get("fontsize", "16"), 16),
                "app_websocket_url": "ws" + self.public_url[4:] + f"/ws/present/{self.token}",
                "config": {"static": {"url": f"{self.public_url}/static/"}},
                "application": {"name": f"{self.title} (presenter)"},
            }
            return aiohttp_jinja2.render_template("app_index.html", request, context)

        async def broadcast_bytes(self, data: bytes) -> None:
            await self._broadcast("send_bytes", data)

        async def broadcast_str(self, data: str) -> None:
            await self._broadcast("send_str", data)

        async def _broadcast(self, method: str, data) -> None:
            for ws in list(self.sockets):
                try:
                    await getattr(ws, method)(data)
                except (ConnectionError, RuntimeError):
                    self.sockets.discard(ws)

        async def close_all(self) -> None:
            self.shared = None
            for ws in list(self.sockets):
                await ws.close()

        async def ensure_app(self) -> None:
            async with self._starting:
                if self.shared is None:
                    service = ts.AppService(self.command, write_bytes=self.broadcast_bytes,
                                            write_str=self.broadcast_str, close=self.close_all,
                                            download_manager=self.download_manager, debug=self.debug)
                    await service.start(*self.size)
                    self.shared = service
                    self.log_line("the app started")
                else:  # a newcomer gets the whole current screen: the app repaints all of it on a
                    # change of size (one of the same size changes nothing), so nudge it and back
                    width, height = self.size
                    await self.shared.set_terminal_size(max(width - 1, 1), height)
                    await asyncio.sleep(0.05)
                    await self.shared.set_terminal_size(width, height)

        async def _serve_socket(self, request, presenter: bool):
            websocket = web.WebSocketResponse(heartbeat=15)
            await websocket.prepare(request)
            if presenter:
                self.size = (ts.to_int(request.query.get("width", "80"), 80),
                             ts.to_int(request.query.get("height", "24"), 24))
            else:
                self.viewers += 1
            self.log_line(f"{'presenter' if presenter else 'viewer'} joined ({self.viewers} watching)")
            self.sockets.add(websocket)
            try:
                await self.ensure_app()
                async for kind, data in client_messages(websocket):
                    if kind == "ping":
                        await websocket.send_json(["pong", data])
                    elif not presenter or self.shared is None:
                        continue  # a viewer only watches
                    elif kind == "stdin":
                        await self.shared.send_bytes(str(data).encode("utf-8"))
                    elif kind == "resize":
                        self.size = (int(data["width"]), int(data["height"]))
                        await self.shared.set_terminal_size(*self.size)
            except asyncio.CancelledError:
                pass
            except Exception as error:  # noqa: BLE001 - logged; the class goes on
                ts.log.exception(error)
            finally:
                self.sockets.discard(websocket)
                if not presenter:
                    self.viewers -= 1
                self.log_line(f"{'presenter' if presenter else 'viewer'} left ({self.viewers} watching)")
                await websocket.close()
            return websocket

        async def handle_websocket(self, request):
            return await self._serve_socket(request, presenter=False)

        async def handle_presenter_websocket(self, request):
            if not self.token_ok(request):
                raise web.HTTPForbidden(text="wrong presenter token")
            return await self._serve_socket(request, presenter=True)

        async def on_shutdown(self, app) -> None:
            if self.shared is not None:
                await self.shared.stop()

    return PresentServer(command, **kwargs)


def serve(*, host: str, port: int, public_url: str | None, lesson: str | None, lang: str, seed: int,
          device: str, charset: str = "braille", max_sessions: int | None = None, idle_minutes: float = IDLE_MINUTES,
          present: bool = False, token: str | None = None, out=None) -> None:
    """Serve the app. Classroom mode (default): one app process per tab, at
    most ``max_sessions`` at once, each ended after ``idle_minutes`` without
    a key. Present mode: one app, driven from /present/TOKEN, watched from /."""
    import secrets

    check_port(host, port)
    out = out or sys.stderr
    if not is_loopback(host):
        print(f"nn-explorer: warning: serving on {host}:{port}: anyone who can reach this port gets the app "
              "(and can train on this machine). Use the default 127.0.0.1 with ssh -L to keep it private.",
              file=out)
    static, _template = textual_serve_paths()
    templates = prepare_templates()
    url = public_url or public_url_for(host, port)
    kwargs = dict(host=host, port=port, title="nn-explorer", public_url=url, statics_path=static,
                  templates_path=templates)
    command = app_command(lesson, lang, seed, device, charset)
    if present:
        token = token or secrets.token_urlsafe(12)
        server = present_server(command, token=token, log=out, **kwargs)
        print(f"nn-explorer serve --present: presenter page {url}/present/{token}\n"
              f"nn-explorer serve --present: viewers open {url}/ (read-only)", flush=True)
    else:
        limit = default_max_sessions() if max_sessions is None else max_sessions
        server = classroom_server(command, max_sessions=limit, idle_minutes=idle_minutes, log=out, **kwargs)
        print(f"nn-explorer serve: at most {limit} sessions at once"
              f"{' (from the memory available)' if max_sessions is None else ''}; a session ends after "
              f"{idle_minutes:g} min without a key", flush=True)
    try:
        server.serve()
    except OSError as exc:  # lost a race for the port, or similar
        raise ServeError(f"cannot serve on {host}:{port}: {exc.strerror or exc}") from None
