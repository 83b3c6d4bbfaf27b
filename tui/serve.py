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


def app_command(lesson: str | None, lang: str, seed: int, device: str) -> str:
    """The command textual-serve starts for each browser tab."""
    parts = [sys.executable, "-m", "tui.cli"]
    if lesson:
        parts.append(lesson)
    parts += ["--lang", lang, "--seed", str(seed), "--device", device]
    return " ".join(shlex.quote(p) for p in parts)


def serve(*, host: str, port: int, public_url: str | None, lesson: str | None, lang: str, seed: int,
          device: str, out=None) -> None:
    from textual_serve.server import Server

    check_port(host, port)
    if not is_loopback(host):
        print(f"nn-explorer: warning: serving on {host}:{port}: anyone who can reach this port gets the app "
              "(and can train on this machine). Use the default 127.0.0.1 with ssh -L to keep it private.",
              file=out or sys.stderr)
    static, _template = textual_serve_paths()
    templates = prepare_templates()
    server = Server(app_command(lesson, lang, seed, device), host=host, port=port,
                    title="nn-explorer", public_url=public_url or public_url_for(host, port),
                    statics_path=static, templates_path=templates)
    try:
        server.serve()
    except OSError as exc:  # lost a race for the port, or similar
        raise ServeError(f"cannot serve on {host}:{port}: {exc.strerror or exc}") from None
