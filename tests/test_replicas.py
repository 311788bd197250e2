"""The nginx recipe in deploy/replicas.py: loopback only, sticky by cookie, new readers spread, websocket upgrade.

Tiny HTTP servers stand in for the Streamlit replicas, so this runs in about a second.
"""

from __future__ import annotations

import http.server
import json
import os
import re
import shutil
import tempfile
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from deploy.launch import free_port
from deploy.replicas import COOKIE, nginx_conf, sessions_per_replica, start_nginx, stop


class Echo(http.server.BaseHTTPRequestHandler):
    """Answers with its own address and the hop headers it received."""

    def do_GET(self):
        body = json.dumps({"backend": f"127.0.0.1:{self.server.server_port}",
                           "upgrade": self.headers.get("Upgrade"), "connection": self.headers.get("Connection")})
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def proxy(tmp_path_factory) -> Iterator[tuple[str, list[str], Path]]:
    if not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists():
        message = "nginx is not installed (make test installs Debian's nginx-light when root)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    servers = [http.server.ThreadingHTTPServer(("127.0.0.1", 0), Echo) for _ in range(3)]
    for s in servers:
        threading.Thread(target=s.serve_forever, daemon=True).start()
    backends = [f"127.0.0.1:{s.server_port}" for s in servers]
    # not under pytest's own temp folder: it is closed to other users, and nginx's workers write the cache
    prefix = Path(tempfile.mkdtemp(prefix="nginx-"))
    port = free_port()
    proc = start_nginx(prefix, port, backends)
    try:
        yield f"http://127.0.0.1:{port}", backends, prefix
    finally:
        stop(proc)
        for s in servers:
            s.shutdown()
        shutil.rmtree(prefix, ignore_errors=True)


def get(url: str, cookie: str | None = None, headers: dict[str, str] | None = None) -> tuple[dict, str | None]:
    request = urllib.request.Request(url, headers={**(headers or {}), **({"Cookie": cookie} if cookie else {})})
    with urllib.request.urlopen(request, timeout=10) as resp:
        return json.loads(resp.read()), resp.headers.get("Set-Cookie")


def test_the_proxy_listens_on_loopback_only(tmp_path):
    conf = nginx_conf(tmp_path, 8501, ["127.0.0.1:9001", "127.0.0.1:9002"])
    assert re.findall(r"^\s*listen\s+(\S+);", conf, re.MULTILINE) == ["127.0.0.1:8501"]


def test_a_reader_is_pinned_to_the_replica_that_first_answered(proxy):
    url, _, _ = proxy
    first, set_cookie = get(url + "/")
    assert set_cookie and set_cookie.startswith(f"{COOKIE}={first['backend']};")
    cookie = set_cookie.split(";")[0]
    for path in ("/", "/_stcore/health", "/_stcore/host-config", "/?embed=true"):
        again, set_again = get(url + path, cookie)
        assert again["backend"] == first["backend"] and set_again is None


def test_static_assets_are_fetched_from_a_replica_once_then_served_by_nginx(proxy):
    url, backends, prefix = proxy
    path = "/static/js/index.test-asset.js"
    before = (prefix / "access.log").read_text().count(path) if (prefix / "access.log").exists() else 0
    answers = []
    for cookie in (None, f"{COOKIE}={backends[0]}", f"{COOKIE}={backends[-1]}"):
        request = urllib.request.Request(url + path, headers={"Cookie": cookie} if cookie else {})
        with urllib.request.urlopen(request, timeout=10) as resp:
            answers.append((json.loads(resp.read())["backend"], resp.headers.get("X-Cache-Status"),
                            resp.headers.get("Set-Cookie")))
    # one copy, whoever asks: the first request misses and fills the cache, the rest are hits
    assert [a[1] for a in answers] == ["MISS", "HIT", "HIT"]
    assert len({a[0] for a in answers}) == 1 and answers[0][0] in backends
    assert all(a[2] is None for a in answers)  # assets never pin a reader
    log = (prefix / "access.log").read_text()
    assert log.count(path) - before == 3 and log.count(f"- 200 \"GET {path}") == 2  # no upstream for hits


def test_new_readers_are_spread_over_every_replica(proxy):
    url, backends, _ = proxy
    chosen = [get(url + "/")[0]["backend"] for _ in range(3 * len(backends))]
    assert set(chosen) == set(backends)


def test_a_forged_cookie_goes_to_the_pool_and_is_replaced(proxy):
    url, backends, _ = proxy
    got, set_cookie = get(url + "/", f"{COOKIE}=10.0.0.1:80")
    assert got["backend"] in backends
    assert set_cookie.startswith(f"{COOKIE}={got['backend']};")


def test_the_websocket_upgrade_is_passed_on_and_sessions_are_counted(proxy):
    url, _, prefix = proxy
    got, _ = get(url + "/_stcore/stream", headers={"Upgrade": "websocket", "Connection": "Upgrade"})
    assert got["upgrade"] == "websocket" and got["connection"].lower() == "upgrade"
    plain, _ = get(url + "/")
    assert plain["upgrade"] is None and plain["connection"].lower() == "close"
    log = prefix / "access.log"
    log.write_text(log.read_text() + '127.0.0.1:1 101 "GET /_stcore/stream HTTP/1.1" "-"\n')
    assert sessions_per_replica(log)["127.0.0.1:1"] == 1
