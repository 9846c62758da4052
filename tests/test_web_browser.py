"""`reportgen web` in a real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright):
the officer's path from the blank form to the annual report opened with python-docx.

The server runs on an ephemeral loopback port in a thread. Screenshots of each step go to
$REPORTGEN_SCREENS when set (to look at them), else into the test's tmp_path.
"""

from __future__ import annotations

import base64
import os
import re
import threading
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from reportgen import api
from reportgen.web.app import address, make_server

CHROMIUM = Path("/usr/bin/chromium")
SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
WAIT = 90_000  # ms: an upper bound for one step, never a measured time

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not CHROMIUM.exists(),
                                 reason="Debian's chromium is not installed (/usr/bin/chromium); .ci/run installs it")]


def running(**options):
    srv, app, _token = make_server(port=0, **options)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    yield address(srv)
    srv.close()
    thread.join(10)
    app.extensions["reportgen"]["store"].close()


@pytest.fixture(scope="module")
def server():
    yield from running()


@pytest.fixture
def small_server():
    yield from running(max_mb=1)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh page; at the end, no request left this machine and no console error was logged
    (a blocked script, a refused post or a missing file would show here)."""
    context = browser.new_context(accept_downloads=True, viewport={"width": 1100, "height": 900}, locale="vi-VN")
    p = context.new_page()
    p.set_default_timeout(WAIT)
    outside, errors = [], []
    p.on("request", lambda r: None if r.url.startswith("http://127.0.0.1:") else outside.append(r.url))
    p.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    p.expected_errors = []  # console errors a test provokes on purpose
    yield p
    context.close()
    assert outside == []
    assert [e for e in errors if not any(x in e for x in p.expected_errors)] == []


@pytest.fixture
def shots(tmp_path):
    folder = Path(os.environ.get("REPORTGEN_SCREENS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)

    def shot(page, name: str) -> None:
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
    return shot


def download(page, click, folder: Path) -> Path:
    with page.expect_download() as info:
        click()
    dl = info.value
    target = folder / dl.suggested_filename
    dl.save_as(target)
    return target


def drop(page, selector: str, paths: list[Path]) -> None:
    """Drop files on `selector` as a drag from the desktop does: a drop event carrying them."""
    files = [[p.name, base64.b64encode(p.read_bytes()).decode()] for p in paths]
    page.evaluate("""([selector, files]) => {
        const dt = new DataTransfer();
        for (const [name, b64] of files) {
            const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
            dt.items.add(new File([bytes], name));
        }
        const zone = document.querySelector(selector);
        zone.dispatchEvent(new DragEvent("dragover", {dataTransfer: dt, bubbles: true, cancelable: true}));
        zone.dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true}));
    }""", [selector, files])


def test_officer_path_to_the_annual_report(server, page, shots, tmp_path):
    page.goto(server)
    assert page.title().startswith("Trang chính")
    shots(page, "01-trang-dau")

    # 1. a blank form for a period and unit
    page.select_option("#period", "2025")
    page.fill("#unit", "xã Tân Lập")
    form = download(page, lambda: page.get_by_role("button", name="Tải biểu mẫu (.xlsx)").click(), tmp_path)
    assert form.name == "bieu-mau-2025-xa-tan-lap.xlsx"
    assert "M01-TE" in load_workbook(form, read_only=True).sheetnames

    # 2. upload the filled workbook with the file picker; check's findings
    page.set_input_files("#files", str(SAMPLES / "son-ha-2025.xlsx"))
    page.get_by_text("Đã chọn 1 tệp: son-ha-2025.xlsx").wait_for()
    shots(page, "02-da-chon-tep")
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    page.get_by_text("Sẵn sàng lập báo cáo.").wait_for()
    assert page.locator("#unit").is_hidden()  # the totals' fields show only for "Tổng hợp"
    page.get_by_role("radio", name=re.compile("^Báo cáo năm")).check()
    if api.pdf_available():
        page.get_by_label("Kèm bản PDF").check()
    shots(page, "03-kiem-tra-san-sang")

    # 3. build and download the annual report
    page.get_by_role("button", name="Lập văn bản").click()
    page.get_by_role("heading", name="Tải về").wait_for()
    shots(page, "04-tai-ve")
    docx = download(page, lambda: page.get_by_role("link", name="Văn bản Word (.docx)").click(), tmp_path)
    text = "\n".join(p.text for p in Document(docx).paragraphs)
    assert "BÁO CÁO" in text and "năm 2025" in text
    sources = download(page, lambda: page.get_by_role("link", name="Nguồn của từng con số (.nguon.csv)").click(),
                       tmp_path)
    assert "son-ha-2025.xlsx" in sources.read_text(encoding="utf-8-sig")
    if api.pdf_available():
        pdf = download(page, lambda: page.get_by_role("link", name="Bản PDF").click(), tmp_path)
        assert pdf.read_bytes().startswith(b"%PDF")


def test_findings_table_for_broken_files(server, page, shots, tmp_path, make_form):
    bad = make_form(tmp_path, fill={"tre_em_duoi_6": "nhiều lắm"}, name="xã Yên Phú.xlsx")
    broken = tmp_path / "hỏng.xlsx"
    broken.write_bytes(b"day khong phai tep Excel")
    note = tmp_path / "ghi-chú.docx"
    note.write_bytes(b"PK")
    page.goto(server)
    drop(page, ".drop", [bad, broken, note])  # dragged from the file manager onto the zone
    page.get_by_text("Đã chọn 3 tệp: xã Yên Phú.xlsx, hỏng.xlsx, ghi-chú.docx").wait_for()
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    page.get_by_text("Cần sửa các lỗi dưới đây trước khi lập báo cáo.").wait_for()
    rows = page.locator("table.findings tbody tr")
    assert rows.count() >= 2
    files = set(rows.locator("td:first-child").all_inner_texts())
    assert {"xã Yên Phú.xlsx", "hỏng.xlsx"} <= files
    assert page.get_by_text("«ghi-chú.docx»: không phải tệp Excel .xlsx").is_visible()
    assert page.get_by_role("button", name="Lập văn bản").count() == 0
    shots(page, "05-loi-can-sua")


def test_totals_of_the_communes_with_progress(server, page, shots, tmp_path):
    page.goto(server)
    page.set_input_files("#files", sorted(str(p) for p in (SAMPLES / "xa").glob("*.xlsx")))
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    page.get_by_text("Sẵn sàng lập báo cáo.").wait_for()
    page.get_by_role("radio", name=re.compile("^Tổng hợp nhiều đơn vị")).check()
    page.fill("#unit", "tỉnh Sơn Hà")
    if api.pdf_available():
        page.get_by_label("Kèm bản PDF").check()
    shots(page, "06-chon-tong-hop")
    page.get_by_role("button", name="Lập văn bản").click()
    page.get_by_role("heading", name="Tổng hợp nhiều đơn vị").wait_for()
    if page.locator("progress").count():  # still working: the progress step is on screen
        shots(page, "07-dang-xu-ly")
    page.get_by_role("heading", name="Tải về").wait_for()
    assert page.get_by_text("Đã tổng hợp 6/6 đơn vị").is_visible()
    shots(page, "08-tong-hop-xong")
    total = download(page, lambda: page.get_by_role("link", name="Bảng tổng hợp").click(), tmp_path)
    assert "M01-TE" in load_workbook(total, read_only=True).sheetnames


def test_too_large_upload_gets_the_page_not_a_server_error(small_server, page, shots, tmp_path):
    big = tmp_path / "rat-lon.xlsx"
    big.write_bytes(b"0" * (3 * 1024 * 1024))
    page.expected_errors.append("status of 413")
    page.goto(small_server)
    page.set_input_files("#files", str(big))
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    page.get_by_role("heading", name="Tệp quá lớn").wait_for()
    assert page.get_by_text("vượt quá 1 MB").is_visible()
    shots(page, "09-tep-qua-lon")

