"""`reportgen web` at the HTTP level, with Flask's test client: every route, bad uploads, the size
limit, concurrent requests, expiry, and who may use the page (loopback default, token)."""

from __future__ import annotations

import io
import os
import re
import signal
import socket
import tempfile
import threading
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook
from waitress.server import TcpWSGIServer

from reportgen import api
from reportgen.cli import cli
from reportgen.web import tasks
from reportgen.web.app import create_app, make_server
from reportgen.web.guard import Settings
from reportgen.web.store import Store

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"
WEB = Path(__file__).resolve().parent.parent / "reportgen" / "web"


class Clock:
    now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def web(request):
    """(app, client, store) with a fake clock; settings from @pytest.mark.parametrize('web', ...) if any."""
    settings = getattr(request, "param", None) or Settings()
    store = Store(ttl=settings.ttl, workers=settings.workers, clock=Clock())
    app = create_app(settings, store)
    yield app, app.test_client(), store
    store.close()


def finished(client, url: str, limit: float = 120.0):
    """GET `url` until the page stops refreshing itself (the job ended); bounded."""
    end = time.monotonic() + limit
    while True:
        resp = client.get(url)
        if b'http-equiv="refresh"' not in resp.data or time.monotonic() > end:
            return resp
        time.sleep(0.05)


def upload(client, *files: tuple[str, bytes], headers=None):
    data = {"files": [(io.BytesIO(content), name) for name, content in files]}
    return client.post("/upload", data=data, content_type="multipart/form-data", headers=headers or {})


def follow(client, resp) -> tuple[str, str]:
    """After a post that starts a job, wait for the job: (page url, page text)."""
    assert resp.status_code == 303, resp.data.decode()
    return resp.headers["Location"], finished(client, resp.headers["Location"]).data.decode()


def checked(client, *files: tuple[str, bytes]) -> tuple[str, str]:
    return follow(client, upload(client, *files))


def built(client, upload_url: str, **form) -> tuple[str, str]:
    return follow(client, client.post(upload_url + "/build", data=form))


def links(page: str) -> dict[str, str]:
    """Download links on a job page: file name -> url."""
    return {m.group(2): m.group(1) for m in re.finditer(r'href="(/jobs/[^"]+/files/([^"]+))"', page)}


def sample(name: str) -> tuple[str, bytes]:
    return name, (SAMPLES / name).read_bytes()


def xa_files(n: int) -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for p in sorted((SAMPLES / "xa").glob("*.xlsx"))[:n]]


# --- pages and static files ------------------------------------------------------------------------

def test_index_is_vietnamese_and_served_locally(web):
    _app, client, _store = web
    page = client.get("/").data.decode()
    assert '<html lang="vi">' in page
    for text in ("Tải biểu mẫu trống", "Tải lên biểu mẫu đã điền", "Chọn văn bản và tải về",
                 "Kéo thả tệp Excel vào đây", '<label for="period">Kỳ báo cáo</label>'):
        assert text in page
    for asset in ("/static/style.css", "/static/app.js"):
        assert client.get(asset).status_code == 200
    headers = client.get("/").headers
    assert "default-src 'self'" in headers["Content-Security-Policy"] and headers["Cache-Control"] == "no-store"
    assert headers["X-Content-Type-Options"] == "nosniff"
    setup_py = (WEB.parent.parent / "setup.py").read_text(encoding="utf-8")
    assert '"reportgen.web": ["templates/*.html", "static/*"]' in setup_py  # shipped by pip install (test_install)
    # no CDN, no web font, nothing fetched from outside: it works offline
    for path in list((WEB / "templates").glob("*.html")) + list((WEB / "static").glob("*")):
        text = path.read_text(encoding="utf-8").replace('xmlns="http://www.w3.org/2000/svg"', "")
        assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", text), path


@pytest.mark.parametrize("query, name, sheet", [
    ("period=2025-H1&unit=xã Tân Lập", "bieu-mau-2025-H1-xa-tan-lap.xlsx", "M01-TE"),
    ("period=2025&form=annex", "bieu-mau-2025.xlsx", "PL7-MucTieu"),
    ("period=2026&form=plan&unit=tỉnh Sơn Hà", "ke-hoach-2026-tinh-son-ha.xlsx", None),
])
def test_blank_form_download(web, tmp_path, monkeypatch, query, name, sheet):
    _app, client, store = web
    monkeypatch.chdir(tmp_path)
    resp = client.get("/forms?" + query)
    assert resp.status_code == 200
    assert f"filename={name}" in resp.headers["Content-Disposition"]
    wb = load_workbook(io.BytesIO(resp.data))
    assert "Thông tin chung" in wb.sheetnames or "form=plan" in query
    if sheet:
        assert sheet in wb.sheetnames
    assert list(tmp_path.iterdir()) == []  # nothing written where the server was started
    assert list(store.root.iterdir()) == []  # the per-request folder is gone


@pytest.mark.parametrize("period", ["2025-H3", "", "năm ngoái"])
def test_blank_form_bad_period(web, period):
    resp = web[1].get("/forms", query_string={"period": period})
    assert resp.status_code == 400
    assert "Kỳ báo cáo không hợp lệ" in resp.data.decode()


# --- upload and check ---------------------------------------------------------------------------

def test_check_ready(web):
    _app, client, _store = web
    _url, page = checked(client, sample("son-ha-2025.xlsx"))
    assert "Sẵn sàng lập báo cáo." in page and "Đã kiểm tra 1 tệp: 0 lỗi, 0 cảnh báo." in page
    assert "Chọn văn bản cần lập" in page and 'value="annual"' in page


def test_check_errors_table_and_no_build(web, make_form, cell_of, tmp_path):
    _app, client, _store = web
    bad = make_form(tmp_path, fill={"tre_em_duoi_6": "nhiều lắm"}, name="xã Yên Phú.xlsx")
    url, page = checked(client, ("xã Yên Phú.xlsx", bad.read_bytes()))
    sheet, cell = cell_of("tre_em_duoi_6").split("!")
    assert "Cần sửa các lỗi dưới đây trước khi lập báo cáo." in page
    row = re.search(r"<tr class=\"error\"><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td>", page)
    assert row and row.groups()[:3] == ("xã Yên Phú.xlsx", sheet, cell)
    assert "Chọn văn bản cần lập" not in page and "Tải lên và kiểm tra lại" in page
    resp = client.post(url + "/build", data={"kind": "six-month"})
    assert resp.status_code == 409 and "Cần sửa các lỗi" in resp.data.decode()


@pytest.mark.parametrize("files, message", [
    ([("ghi-chu.txt", b"hello")], "«ghi-chu.txt»: không phải tệp Excel .xlsx"),
    ([("bao-cao-cu.xls", b"\xd0\xcf\x11\xe0")], "Tệp .xls cũ: mở bằng Excel"),
    ([], "Chưa chọn tệp nào"),
])
def test_upload_refused_politely(web, files, message):
    _app, client, store = web
    resp = upload(client, *files)
    assert resp.status_code == 400
    assert message in resp.data.decode()
    assert list(store.root.iterdir()) == []


@pytest.mark.parametrize("content", [b"", b"not a zip at all", b"PK\x03\x04broken zip"])
def test_unreadable_upload_gets_a_message_and_server_keeps_serving(web, content):
    _app, client, store = web
    _url, page = checked(client, ("hong.xlsx", content))
    assert "Cần sửa các lỗi dưới đây" in page
    row = re.search(r'<tr class="error"><td>hong.xlsx</td><td>.*?</td><td>.*?</td><td>(.+?)</td>', page)
    assert row and row.group(1).strip()
    assert str(store.root) not in page
    assert client.get("/").status_code == 200
    _url, page = checked(client, sample("son-ha-2025.xlsx"))
    assert "Sẵn sàng lập báo cáo." in page


def test_mixed_upload_keeps_the_workbooks_and_names_the_rest(web):
    _app, client, _store = web
    _url, page = checked(client, sample("son-ha-2025.xlsx"), ("anh.png", b"\x89PNG"))
    assert "Đã nhận 1 tệp" in page and "«anh.png»: không phải tệp Excel .xlsx" in page
    assert "Sẵn sàng lập báo cáo." in page


@pytest.mark.parametrize("raw, kept", [
    ("C:\\Users\\cb\\Desktop\\xã Tân Lập.xlsx", "xã Tân Lập.xlsx"),
    ("../../etc/passwd.xlsx", "passwd.xlsx"),
    ("~$bieu-mau.xlsx", "bieu-mau.xlsx"),
    ('a<b>:"c|?*.xlsx', "abc.xlsx"),
    ("", "tep-khong-ten"),
])
def test_upload_names_are_kept_readable_and_safe(raw, kept):
    assert tasks.upload_name(raw) == kept


def test_same_name_twice_is_kept_twice(web):
    _app, client, _store = web
    _url, page = checked(client, sample("son-ha-2025.xlsx"), sample("son-ha-2025.xlsx"))
    assert "son-ha-2025.xlsx" in page and "son-ha-2025 (2).xlsx" in page


@pytest.mark.parametrize("web", [Settings(max_mb=1)], indirect=True)
def test_upload_size_limit(web):
    _app, client, store = web
    resp = upload(client, ("to.xlsx", b"0" * (1024 * 1024 + 10)))
    assert resp.status_code == 413
    assert "vượt quá 1 MB" in resp.data.decode()
    assert list(store.root.iterdir()) == []
    _url, page = checked(client, sample("son-ha-2025.xlsx"))  # under the limit: fine, still serving
    assert "Sẵn sàng lập báo cáo." in page


# --- documents ------------------------------------------------------------------------------------

def test_annual_report_docx_and_sources(web, tmp_path, monkeypatch):
    _app, client, store = web
    monkeypatch.chdir(tmp_path)
    url, _page = checked(client, sample("son-ha-2025.xlsx"))
    job_url, page = built(client, url, kind="annual")
    assert "Đã lập báo cáo năm từ tệp son-ha-2025.xlsx." in page
    files = links(page)
    assert set(files) == {"bao-cao-nam-son-ha-2025.docx", "bao-cao-nam-son-ha-2025.nguon.csv"}
    doc = Document(io.BytesIO(client.get(files["bao-cao-nam-son-ha-2025.docx"]).data))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "BÁO CÁO" in text and "năm 2025" in text
    csv = client.get(files["bao-cao-nam-son-ha-2025.nguon.csv"]).data.decode("utf-8-sig")
    assert "son-ha-2025.xlsx" in csv
    # every result downloaded: the job's folder is deleted; the page says so
    page = client.get(job_url).data.decode()
    assert "đã được tải về và đã xóa" in page
    assert not any(p.name.startswith("job-") and any(p.iterdir()) for p in store.root.iterdir())
    assert client.get(files["bao-cao-nam-son-ha-2025.docx"]).status_code == 404
    assert list(tmp_path.iterdir()) == []  # nothing written where the server was started


@pytest.mark.render
def test_pdf_when_libreoffice_is_there(web):
    _app, client, _store = web
    if not api.pdf_available():
        pytest.skip("LibreOffice (soffice) không có trên máy này")
    url, _page = checked(client, sample("son-ha-2025.xlsx"))
    _job, page = built(client, url, kind="hdnd", pdf="1")
    pdf = links(page)["bao-cao-hdnd-son-ha-2025.pdf"]
    assert client.get(pdf).data.startswith(b"%PDF")


@pytest.mark.parametrize("kind, files, error", [
    ("six-month", ["son-ha-2025.xlsx"], "không dùng được cho báo cáo 6 tháng"),
    ("plan", ["son-ha-2025.xlsx"], "son-ha-2025.xlsx"),
    ("plan", ["son-ha-2025.xlsx", "son-ha-2024.xlsx"], "được lập từ đúng một tệp số liệu; đã tải lên 2 tệp"),
])
def test_build_errors_are_vietnamese_messages(web, kind, files, error):
    _app, client, store = web
    url, _page = checked(client, *(sample(f) for f in files))
    _job, page = built(client, url, kind=kind)
    assert '<p class="alert error" role="alert">' in page and error in page
    assert str(store.root) not in page and "Traceback" not in page


def test_plan_document(web):
    _app, client, _store = web
    url, page = checked(client, sample("ke-hoach-2026.xlsx"))
    assert "Sẵn sàng lập báo cáo." in page
    _job, page = built(client, url, kind="plan")
    doc = Document(io.BytesIO(client.get(links(page)["ke-hoach-ke-hoach-2026.docx"]).data))
    assert "KẾ HOẠCH" in "\n".join(p.text for p in doc.paragraphs)


def test_batch_of_units_gives_a_zip(web):
    _app, client, _store = web
    url, _page = checked(client, *xa_files(2))
    _job, page = built(client, url, kind="six-month")
    assert "Đã lập 2/2 văn bản." in page
    name, href = next(iter(links(page).items()))
    assert name == "bao-cao-6-thang-2-don-vi.zip"
    with zipfile.ZipFile(io.BytesIO(client.get(href).data)) as zf:
        names = sorted(zf.namelist())
        assert len([n for n in names if n.endswith(".docx")]) == 2
        assert len([n for n in names if n.endswith(".nguon.csv")]) == 2
        Document(io.BytesIO(zf.read(next(n for n in names if n.endswith(".docx")))))


def test_totals_of_several_units(web):
    _app, client, _store = web
    url, _page = checked(client, *xa_files(3))
    _job, page = built(client, url, kind="total", unit="Tổng hợp thử", units="xã Không Có\n")
    assert "Đã tổng hợp 3/3 đơn vị" in page and "thiếu 1 đơn vị" in page
    assert "xã Không Có" in page  # the missing unit is named in the notes
    files = links(page)
    assert set(files) == {"tong-hop-3-tep.xlsx", "bao-cao-6-thang-tong-hop.docx", "bao-cao-6-thang-tong-hop.nguon.csv"}
    wb = load_workbook(io.BytesIO(client.get(files["tong-hop-3-tep.xlsx"]).data))
    assert "M01-TE" in wb.sheetnames
    doc = Document(io.BytesIO(client.get(files["bao-cao-6-thang-tong-hop.docx"]).data))
    assert "6 tháng đầu năm 2025" in "\n".join(p.text for p in doc.paragraphs)


def test_demo_documents(web):
    _app, client, _store = web
    resp = client.post("/demo")
    assert resp.status_code == 303
    page = finished(client, resp.headers["Location"]).data.decode()
    assert f"Đã lập {len(api.DEMO_JOBS)}/{len(api.DEMO_JOBS)} văn bản mẫu." in page
    with zipfile.ZipFile(io.BytesIO(client.get(links(page)["van-ban-mau.zip"]).data)) as zf:
        assert {name for _what, _src, name in api.DEMO_JOBS} <= set(zf.namelist())


def test_unknown_kind_and_unknown_ids(web):
    _app, client, _store = web
    url, _page = checked(client, sample("son-ha-2025.xlsx"))
    resp = client.post(url + "/build", data={"kind": "thu-tuc"})
    assert resp.status_code == 400 and "Hãy chọn loại văn bản" in resp.data.decode()
    for path in ("/u/khong-co", "/jobs/khong-co", "/jobs/khong-co/files/a.docx", "/khong-co"):
        resp = client.get(path)
        assert resp.status_code == 404 and "Không tìm thấy" in resp.data.decode()
    assert client.get("/upload").status_code == 405


def test_delete_upload_and_job(web):
    _app, client, store = web
    url, _page = checked(client, sample("son-ha-2025.xlsx"))
    job_url, page = built(client, url, kind="annual")
    resp = client.post(job_url + "/delete")
    assert resp.status_code == 303 and resp.headers["Location"] == url
    assert "đã xóa" in client.get(job_url).data.decode() and not links(client.get(job_url).data.decode())
    resp = client.post(url + "/delete")
    assert resp.status_code == 303 and client.get(url).status_code == 404
    assert [p for p in store.root.iterdir() if any(p.iterdir())] == []


def test_idle_uploads_and_results_expire(web):
    _app, client, store = web
    url, _page = checked(client, sample("son-ha-2025.xlsx"))
    job_url, _page = built(client, url, kind="annual")
    store.clock.now += store.ttl - 1
    assert client.get(url).status_code == 200  # a visit keeps it
    store.clock.now += store.ttl + 1
    assert client.get(url).status_code == 404 and client.get(job_url).status_code == 404
    assert list(store.root.iterdir()) == []


# --- concurrency -----------------------------------------------------------------------------------

def test_slow_build_does_not_block_other_requests(web, monkeypatch):
    _app, client, _store = web
    release, started = threading.Event(), threading.Event()
    real = api.build_document

    def slow(*args, **kwargs):
        started.set()
        release.wait(60)
        return real(*args, **kwargs)
    monkeypatch.setattr(api, "build_document", slow)
    url, _page = checked(client, sample("son-ha-2025.xlsx"))
    resp = client.post(url + "/build", data={"kind": "annual"})
    job_url = resp.headers["Location"]
    assert started.wait(60)
    try:
        page = client.get(job_url).data.decode()
        assert 'http-equiv="refresh"' in page and "Đang lập văn bản" in page
        assert client.get("/").status_code == 200
        assert client.get("/forms?period=2025").status_code == 200
        _url, page = checked(client, sample("son-ha-2024.xlsx"))  # another check runs meanwhile
        assert "Sẵn sàng lập báo cáo." in page
    finally:
        release.set()
    assert "Đã lập báo cáo năm" in finished(client, job_url).data.decode()


def test_concurrent_uploads_stay_apart(web):
    app, _client, _store = web
    files = xa_files(4)
    pages: dict[str, str] = {}

    def one(item):
        client = app.test_client()
        _url, page = checked(client, item)
        pages[item[0]] = page
    threads = [threading.Thread(target=one, args=(f,)) for f in files]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert set(pages) == {name for name, _ in files}
    for name, page in pages.items():
        assert "Sẵn sàng lập báo cáo." in page and "Đã nhận 1 tệp" in page
        assert all((other in page) == (other == name) for other, _ in files)


# --- who may use the page -------------------------------------------------------------------------

@pytest.mark.parametrize("options, host, token_needed", [({}, "127.0.0.1", False),  # the default
                                                          ({"host": "0.0.0.0"}, "0.0.0.0", True)])
def test_loopback_by_default_and_a_token_elsewhere(options, host, token_needed):
    server, app, token = make_server(port=0, **options)
    try:
        assert server.effective_host == host and (len(token) >= 16) == token_needed
        assert app.extensions["reportgen"]["settings"].loopback_only != token_needed
        assert app.test_client().get("/").status_code == (302 if token_needed else 200)
    finally:
        server.close()
        app.extensions["reportgen"]["store"].close()


@pytest.mark.parametrize("host, status", [("127.0.0.1", 200), ("localhost:8765", 200), ("[::1]:8765", 200),
                                          ("evil.example", 403), ("192.168.1.5:8765", 403)])
def test_loopback_server_answers_loopback_names_only(web, host, status):
    resp = web[1].get("/", headers={"Host": host})
    assert resp.status_code == status
    if status == 403:
        assert "chỉ mở được trên chính máy" in resp.data.decode()


def test_posts_from_other_sites_are_refused(web):
    _app, client, store = web
    resp = upload(client, sample("son-ha-2025.xlsx"), headers={"Origin": "http://evil.example"})
    assert resp.status_code == 403 and "từ một trang khác" in resp.data.decode()
    assert client.post("/demo", headers={"Origin": "http://evil.example"}).status_code == 403
    assert list(store.root.iterdir()) == []
    assert upload(client, sample("son-ha-2025.xlsx"), headers={"Origin": "http://localhost"}).status_code == 303


@pytest.mark.parametrize("web", [Settings(token="bi-mat-123", loopback_only=False)], indirect=True)
def test_token_login(web):
    _app, client, _store = web
    resp = client.get("/u/abc")
    assert resp.status_code == 302 and "/login?next=/u/abc" in resp.headers["Location"]
    assert client.get("/static/style.css").status_code == 200  # the login page needs its style
    assert upload(client, sample("son-ha-2025.xlsx")).status_code == 401
    assert client.get("/jobs/x/files/a.docx").status_code == 401
    resp = client.post("/login", data={"token": "sai", "next": "/"})
    assert resp.status_code == 401 and "Mã truy cập không đúng." in resp.data.decode()
    assert "Đăng xuất" not in resp.data.decode()
    resp = client.post("/login", data={"token": "bi-mat-123", "next": "//evil.example/x"})
    assert resp.status_code == 303 and resp.headers["Location"] == "/"
    assert "HttpOnly" in resp.headers["Set-Cookie"] and "SameSite=Strict" in resp.headers["Set-Cookie"]
    assert client.get("/").status_code == 200
    _url, page = checked(client, sample("son-ha-2025.xlsx"))
    assert "Sẵn sàng lập báo cáo." in page and "Đăng xuất" in page
    client.post("/logout")
    assert client.get("/").status_code == 302
    other = web[0].test_client()
    assert other.get("/", headers={"X-Reportgen-Token": "bi-mat-123"}).status_code == 200


# --- the command -----------------------------------------------------------------------------------

def test_web_command_port_taken():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        result = CliRunner().invoke(cli, ["web", "--port", str(port)])
    assert result.exit_code == 2
    assert f"không mở được cổng {port}" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("args, says, token_line", [
    ([], "Trang web reportgen đang chạy tại http://127.0.0.1:", False),
    (["--host", "0.0.0.0"], "Trang web reportgen đang chạy tại http://ĐỊA-CHỈ-MÁY-NÀY:", True),
    (["--token", "abc-123"], "http://127.0.0.1:", True),
])
def test_web_command_says_the_address(monkeypatch, args, says, token_line):
    roots, mkdtemp = [], tempfile.mkdtemp
    monkeypatch.setattr(tempfile, "mkdtemp", lambda **kw: roots.append(Path(mkdtemp(**kw))) or str(roots[-1]))

    def stop(_server):  # as `kill` would, while serving; the temp folder is there, then gone
        assert roots[0].is_dir()
        os.kill(os.getpid(), signal.SIGTERM)
    monkeypatch.setattr(TcpWSGIServer, "run", stop)
    handler = signal.getsignal(signal.SIGTERM)
    result = CliRunner().invoke(cli, ["web", "--port", "0", *args])
    assert not roots[0].exists() and signal.getsignal(signal.SIGTERM) is handler
    assert result.exit_code == 0, result.output
    assert says in result.output and "Đã dừng trang web." in result.output
    assert ("Mã truy cập" in result.output) == token_line
    if "--token" in args:
        assert "abc-123" in result.output


def test_web_command_open_shows_the_page_in_the_browser(monkeypatch):
    assert all(o in CliRunner().invoke(cli, ["web", "--help"]).output for o in ("--host", "--token", "--open"))
    opened = []
    monkeypatch.setattr("webbrowser.open", opened.append)
    monkeypatch.setattr(TcpWSGIServer, "run", lambda _self: opened.append("run"))
    result = CliRunner().invoke(cli, ["web", "--port", "0", "--open"])
    assert result.exit_code == 0, result.output
    assert len(opened) == 2 and opened[0].startswith("http://127.0.0.1:") and opened[1] == "run"
    assert opened[0] in result.output
