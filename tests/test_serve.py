"""`nn-explorer serve`: loopback by default, a warning otherwise, one-line
errors, and a page that needs nothing from outside the server."""

from __future__ import annotations

import re
import socket

import pytest

from e2etools import Served, free_port
from tui import serve as serve_mod
from tui.cli import main


def test_offline_page_drops_external_links_and_declares_the_bundled_font():
    _static, template = serve_mod.textual_serve_paths()
    upstream = template.read_text(encoding="utf-8")
    assert "fonts.googleapis.com" in upstream  # what this fixes (if textual-serve changes, revisit)
    page = serve_mod.offline_page(upstream)
    assert serve_mod.external_urls(page) == []
    assert "@font-face" in page and "fonts/RobotoMono-VariableFont_wght.ttf" in page
    assert "textual.js" in page and "xterm.css" in page  # the local parts stay


def test_offline_page_removes_external_scripts_too():
    html = ('<html><head><script src="https://cdn.example/x.js"></script>'
            '<link href="http://example.org/a.css" rel="stylesheet"></head></html>')
    assert serve_mod.external_urls(serve_mod.offline_page(html)) == []


@pytest.mark.parametrize("host,loopback", [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                           ("0.0.0.0", False), ("10.1.2.3", False), ("lab-server", False)])
def test_is_loopback(host, loopback):
    assert serve_mod.is_loopback(host) is loopback


def test_public_url_for_a_wildcard_host_is_this_machine():
    assert serve_mod.public_url_for("127.0.0.1", 8000) == "http://127.0.0.1:8000"
    assert serve_mod.public_url_for("0.0.0.0", 9000) == f"http://{socket.gethostname()}:9000"
    assert serve_mod.public_url_for("::1", 80) == "http://[::1]:80"


def test_app_command_passes_the_settings_on():
    cmd = serve_mod.app_command("fold", "ko", 7, "cpu")
    assert cmd.endswith("-m tui.cli fold --lang ko --seed 7 --device cpu")


def test_port_in_use_is_one_line_and_exit_2(capsys):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"nn-explorer: port {port} on 127.0.0.1 is already in use (choose another with --port)"


@pytest.mark.parametrize("argv,needle", [
    (["serve", "--port", "0"], "between 1 and 65535"),
    (["serve", "--port", "http"], "whole number"),
    (["serve", "--host", "no.such.host.invalid"], "cannot serve on host"),
    (["serve", "nosuch"], "unknown lesson"),
])
def test_bad_serve_arguments(capsys, argv, needle):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert needle in err and len(err.strip().splitlines()) == 1


def test_non_loopback_host_warns_and_tells_browsers_this_machines_name(monkeypatch, capsys):
    made = {}

    class FakeServer:
        def __init__(self, command, **kwargs):
            made.update(kwargs, command=command)

        def serve(self):
            made["served"] = True

    import textual_serve.server

    monkeypatch.setattr(textual_serve.server, "Server", FakeServer)
    port = free_port()
    assert main(["serve", "--host", "0.0.0.0", "--port", str(port)]) == 0
    err = capsys.readouterr().err
    assert "warning" in err and "anyone who can reach this port" in err
    assert made["served"] and made["public_url"] == f"http://{socket.gethostname()}:{port}"
    assert (made["templates_path"] / "app_index.html").exists()
    # loopback: no warning
    assert main(["serve", "--port", str(free_port())]) == 0
    assert capsys.readouterr().err == ""


def test_a_real_server_serves_a_page_that_needs_nothing_from_outside():
    served = Served()
    try:
        urls = re.findall(r"(?:href|src)=\"([^\"]+)\"", served.index)
        urls += re.findall(r"url\(\"([^\"]+)\"\)", served.index)
        assert urls, served.index[:500]
        for url in urls:
            assert url.startswith(served.url + "/"), url  # this server, nothing else
            status, body = served.get(url)
            assert status == 200 and body, url
        assert "Roboto" in served.index and "fonts.googleapis" not in served.index
    finally:
        served.close()
