"""The Flask app for `reportgen web` and the waitress server that serves it.

The server listens on 127.0.0.1 unless `--host` says otherwise, and then a token is required
(the given one or a new random one, printed at start); see guard.py.
"""

from __future__ import annotations

import secrets
import signal
import threading
import webbrowser

from flask import Flask, render_template
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from reportgen import api
from reportgen.web.guard import Settings, guard, is_loopback
from reportgen.web.routes import bp
from reportgen.web.store import Store


def create_app(settings: Settings | None = None, store: Store | None = None) -> Flask:
    settings = settings or Settings()
    app = Flask(__name__)  # templates/ and static/ beside this module
    app.config.update(MAX_CONTENT_LENGTH=settings.max_mb * 1024 * 1024, SEND_FILE_MAX_AGE_DEFAULT=0)
    app.extensions["reportgen"] = {"settings": settings,
                                   "store": store or Store(ttl=settings.ttl, workers=settings.workers),
                                   "pdf": api.pdf_available()}
    app.jinja_env.globals.update(max_mb=settings.max_mb, needs_login=bool(settings.token),
                                 ttl_minutes=max(1, round(settings.ttl / 60)),
                                 pdf=app.extensions["reportgen"]["pdf"])
    app.register_blueprint(bp)
    app.before_request(guard)
    app.after_request(_headers)

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(_exc):
        return render_template("message.html", title="Tệp quá lớn",
                               message=f"Các tệp tải lên trong một lần vượt quá {settings.max_mb} MB. "
                                       "Hãy tải lên ít tệp hơn mỗi lần."), 413

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        text = {404: "Không tìm thấy trang hoặc tệp này (có thể đã hết hạn và được xóa).",
                405: "Thao tác này không dùng được theo cách đó.",
                400: "Yêu cầu không hợp lệ."}.get(exc.code, "Yêu cầu không thực hiện được.")
        return render_template("message.html", title=f"Lỗi {exc.code}", message=text), exc.code

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        app.logger.error("unexpected error: %s: %s", type(exc).__name__, exc)
        return render_template("message.html", title="Lỗi không mong đợi",
                               message=f"Lỗi không mong đợi ({type(exc).__name__}). Trang vẫn hoạt động; "
                                       "hãy thử lại, hoặc gửi tệp đầu vào cho nhóm phát triển."), 500
    return app


def _headers(resp):
    """Only this site's own files run in the page; no framing; pages about children not cached."""
    resp.headers.setdefault("Content-Security-Policy",
                            "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
    resp.headers.setdefault("X-Content-Type-Options", "nosniff")
    resp.headers.setdefault("Referrer-Policy", "same-origin")  # "no-referrer" would send «Origin: null»
    if resp.mimetype == "text/html" or resp.headers.get("Content-Disposition"):
        resp.headers["Cache-Control"] = "no-store"
    return resp


# --- the server --------------------------------------------------------------------------------

def make_server(host: str = "127.0.0.1", port: int = 8765, *, token: str | None = None, max_mb: int = 50):
    """(waitress server, app, token) ready to `run()`; raises UsageError when the port is taken.

    Another interface than loopback needs a token: the given one, or a new random one.
    """
    from waitress import create_server
    loopback = is_loopback(host)
    token = token or ("" if loopback else secrets.token_urlsafe(12))
    app = create_app(Settings(token=token, max_mb=max_mb, loopback_only=loopback))
    try:
        # waitress's own body limit stays far above ours, so the page (in Vietnamese) answers
        server = create_server(app, host=host, port=port, threads=8, ident="reportgen",
                               max_request_body_size=max(1 << 30, 4 * max_mb << 20))
    except OSError as exc:
        app.extensions["reportgen"]["store"].close()
        raise api.UsageError(f"không mở được cổng {port} trên {host} ({exc.strerror or exc}); "
                             "chọn cổng khác bằng --port") from None
    return server, app, token


def address(server) -> str:
    host = server.effective_host
    host = f"[{host}]" if ":" in host else host
    return f"http://{host}:{server.effective_port}/"


def serve(host: str, port: int, *, token: str | None = None, open_browser: bool = False, max_mb: int = 50,
          echo=print) -> None:
    """`reportgen web`: serve until Ctrl+C, then delete every temporary file."""
    server, app, token = make_server(host, port, token=token, max_mb=max_mb)
    url = address(server)
    if host in ("0.0.0.0", "::"):
        url = url.replace(server.effective_host, "ĐỊA-CHỈ-MÁY-NÀY", 1)
    echo(f"Trang web reportgen đang chạy tại {url}")
    if token:
        echo(f"Mã truy cập (nhập ở trang đăng nhập): {token}")
    echo("Nhấn Ctrl+C để dừng.")
    if open_browser:  # the socket is listening already: the browser's request waits for run()
        webbrowser.open(address(server))
    previous = _stop_on_signals()
    try:
        server.run()  # returns on Ctrl+C (waitress catches KeyboardInterrupt itself)
    except KeyboardInterrupt:
        pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        server.close()
        app.extensions["reportgen"]["store"].close()
    echo("Đã dừng trang web.")


def _stop_on_signals() -> dict:
    """Closing the terminal (SIGHUP) or `kill` (SIGTERM) stops like Ctrl+C: temp files deleted.
    Returns the handlers replaced, to put back."""
    if threading.current_thread() is not threading.main_thread():
        return {}

    def stop(_signum, _frame):
        raise KeyboardInterrupt
    sigs = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    return {sig: signal.signal(sig, stop) for sig in sigs}

