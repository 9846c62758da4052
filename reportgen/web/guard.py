"""Who may use the page.

Safe by default: the server listens on 127.0.0.1 only and then answers only requests addressed
to a loopback name (a web page elsewhere cannot reach it by DNS tricks) and refuses form posts
coming from other sites. Listening on another interface needs `--host` and then a token: every
request must carry it (a cookie set by the login form, or the X-Reportgen-Token header).
"""

from __future__ import annotations

import hmac
import ipaddress
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import current_app, redirect, render_template, request, url_for

COOKIE = "reportgen_token"
HEADER = "X-Reportgen-Token"
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}
OPEN_ENDPOINTS = {"static", "web.login", "web.login_post"}


@dataclass
class Settings:
    token: str = ""  # "" = no login (loopback only)
    max_mb: int = 50  # upload limit per request
    ttl: float = 1800.0  # seconds an idle upload or result is kept
    workers: int = 2  # long jobs run at once
    loopback_only: bool = True  # answer only requests addressed to a loopback name


def is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def guard():
    """Loopback names only (unless a token is set), same-site posts only, and the token if any."""
    settings = _settings()
    host = urlsplit("//" + request.host).hostname or ""
    if settings.loopback_only and host not in LOOPBACK_NAMES and not is_loopback(host):
        return render_template("message.html", title="Từ chối truy cập",
                               message="Trang này chỉ mở được trên chính máy đang chạy reportgen."), 403
    origin = request.headers.get("Origin")
    if request.method == "POST" and origin is not None and urlsplit(origin).netloc != request.host:
        return render_template("message.html", title="Từ chối truy cập",
                               message="Yêu cầu gửi từ một trang khác đã bị từ chối."), 403
    current_app.extensions["reportgen"]["store"].sweep()
    if settings.token and request.endpoint not in OPEN_ENDPOINTS and not token_ok(settings.token):
        if request.method == "GET" and request.endpoint != "web.download":
            return redirect(url_for("web.login", next=request.full_path.rstrip("?")))
        return render_template("message.html", title="Cần đăng nhập",
                               message="Cần mã truy cập để dùng trang này."), 401
    return None


def token_ok(token: str, given: str | None = None) -> bool:
    """`given` (default: the request's cookie or header) matches the token, in constant time."""
    if given is None:
        given = request.cookies.get(COOKIE) or request.headers.get(HEADER) or ""
    return hmac.compare_digest(given.encode(), token.encode())


def _settings() -> Settings:
    return current_app.extensions["reportgen"]["settings"]
