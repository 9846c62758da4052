"""The work behind the page, each a function of a Job run in the worker pool.

Every step calls the same library functions as the commands (reportgen.api, reportgen.batch);
a ReportgenError becomes the job's Vietnamese message, with the server's temporary folders taken
out of it so the officer sees only file names.
"""

from __future__ import annotations

import re
import threading
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from reportgen import api
from reportgen.batch import BATCH_KINDS, build_batch
from reportgen.web.store import Job, Output, Store, Upload

# kind -> (Vietnamese name, file name start)
KINDS = {
    "six-month": ("Báo cáo 6 tháng đầu năm", "bao-cao-6-thang"),
    "annual": ("Báo cáo năm", "bao-cao-nam"),
    "hdnd": ("Báo cáo gửi Hội đồng nhân dân", "bao-cao-hdnd"),
    "plan": ("Kế hoạch năm", "ke-hoach"),
    "total": ("Tổng hợp nhiều đơn vị", "tong-hop"),
}
_BATCH_LOCK = threading.Lock()  # build_batch keeps per-process state: one batch at a time
NOT_XLSX = ("«{name}»: không phải tệp Excel .xlsx nên chưa nhận. Tệp .xls cũ: mở bằng Excel, "
            "chọn «Lưu thành» (Save As) dạng .xlsx rồi tải lên lại.")


def clean(text: str, *folders: Path) -> str:
    """`text` with the server's temporary folders removed (paths become bare file names)."""
    for folder in folders:
        for form in {str(folder), str(Path(folder).resolve())}:
            text = text.replace(form + "/", "").replace(form + "\\", "").replace(form, "")
    return text


def upload_name(raw: str) -> str:
    """The officer's file name, kept readable (Vietnamese letters stay) but safe as a file name."""
    name = unicodedata.normalize("NFC", raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r'[\x00-\x1f\x7f<>:"|?*]', "", name).strip().lstrip("~$. ")
    stem, dot, suffix = name.rpartition(".")
    if len(name) > 120:
        name = (stem[:110].rstrip() + dot + suffix[:8]) if dot else name[:120]
    return name or "tep-khong-ten"


def save_upload(store: Store, files) -> Upload:
    """Save the uploaded workbooks (werkzeug FileStorage objects) into a new upload folder."""
    key, folder = store.new_folder("upload")
    names: list[str] = []
    rejected: list[str] = []
    for item in files:
        if not item or not item.filename:
            continue
        name = upload_name(item.filename)
        if not name.lower().endswith(".xlsx"):
            rejected.append(NOT_XLSX.format(name=name))
            continue
        stem, n = name[:-5], 2
        while name.casefold() in {x.casefold() for x in names}:
            name, n = f"{stem} ({n}).xlsx", n + 1
        item.save(folder / name)
        names.append(name)
    return store.add_upload(Upload(key, folder, names, rejected))


# --- check -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Row:
    file: str
    sheet: str
    cell: str
    message: str
    severity: str  # "error" or "warning"


@dataclass
class CheckOutcome:
    rows: list[Row]
    summary: str
    errors: int

    @property
    def ready(self) -> bool:
        return self.errors == 0


def check_work(upload: Upload):
    """Run `check` on each uploaded workbook in turn (so the page can show how far it got)."""
    def work(job: Job) -> None:
        merged = api.CheckResult()
        job.total = len(upload.names)
        for path in upload.paths():
            job.step = f"Đang kiểm tra {path.name}…"
            part = api.check_files([path])
            merged.files += part.files
            merged.findings += part.findings
            merged.unreadable += part.unreadable
            job.advance()
        rows = [Row(Path(e.file).name if e.file else "", e.sheet or "", e.cell or "",
                    clean(e.message, upload.folder), "error") for e in merged.unreadable]
        rows += [Row(Path(f.file).name if f.file else "", f.sheet, f.cell, clean(f.message, upload.folder),
                     f.severity) for f in merged.findings]
        rows.sort(key=lambda r: r.severity != "error")  # errors first, otherwise the order check gives
        errors = sum(1 for r in rows if r.severity == "error")
        job.result = CheckOutcome(rows, merged.summary(), errors)
        job.summary = merged.summary()
    return work


# --- documents ---------------------------------------------------------------------------------

def build_work(upload: Upload, kind: str, *, pdf: bool = False, unit: str = "", units_text: str = ""):
    """The chosen document: one file gives one document, several give a zip (or a total)."""
    def work(job: Job) -> None:
        try:
            paths = upload.paths()
            if kind == "total":
                _totals(job, paths, pdf, unit, units_text)
            elif len(paths) == 1:
                _single(job, kind, paths[0], pdf)
            elif kind not in BATCH_KINDS:
                job.error = (f"{KINDS[kind][0]} được lập từ đúng một tệp số liệu; "
                             f"đã tải lên {len(paths)} tệp. Hãy tải lên một tệp.")
            else:
                _batch(job, kind, upload.folder, len(paths), pdf)
        except api.ReportgenError as exc:
            job.error = clean(exc.format_message(), upload.folder, job.folder)
        job.notes = [(sev, clean(text, upload.folder, job.folder)) for sev, text in job.notes]
    return work


def _document(job: Job, kind: str, data: Path, out: Path, pdf: bool) -> None:
    """build_document into the job folder; a failed PDF export keeps the Word file and says why."""
    job.step = "Đang lập văn bản" + (" và xuất PDF (LibreOffice)…" if pdf else "…")
    sidecar = out.with_name(out.stem + ".nguon.csv")
    try:
        written = api.build_document(kind, data, out, pdf=pdf)
    except api.ReportgenError as exc:
        if not (pdf and out.is_file() and sidecar.is_file()):
            raise
        written = {"docx": out, "sources": sidecar, "placeholders": []}
        job.notes.append(("error", f"Không xuất được PDF: {exc.format_message()}"))
    job.outputs.append(Output(out.name, "Văn bản Word (.docx)"))
    job.outputs.append(Output(sidecar.name, "Nguồn của từng con số (.nguon.csv)"))
    if "pdf" in written:
        job.outputs.append(Output(Path(written["pdf"]).name, "Bản PDF"))
    job.notes += [("warning", f"Mục «{h}» chưa có nội dung, cần bổ sung trong văn bản.")
                  for h in written["placeholders"]]


def _single(job: Job, kind: str, data: Path, pdf: bool) -> None:
    job.total = 1
    _document(job, kind, data, job.folder / f"{KINDS[kind][1]}-{ascii_part(data.stem)}.docx", pdf)
    job.advance()
    job.summary = f"Đã lập {KINDS[kind][0].lower()} từ tệp {data.name}."


def _batch(job: Job, kind: str, folder: Path, count: int, pdf: bool) -> None:
    job.total = count
    out_dir = job.folder / KINDS[kind][1]
    if _BATCH_LOCK.locked():
        job.step = "Đang chờ một đợt lập văn bản khác xong…"
    with _BATCH_LOCK:
        job.step = f"Đang lập {count} văn bản" + (" và bản PDF…" if pdf else "…")
        result = build_batch(kind, folder, out_dir, pdf=pdf, progress=job.advance)
    job.notes += [("error", f"{Path(i.source).name}: {i.error}") for i in result.failed]
    job.notes += [("warning", f"{Path(i.source).name}: {w}") for i in result.items for w in i.warnings]
    job.summary = result.summary().replace(" (xem danh sách ở trên)", " (xem danh sách bên dưới)")
    if not result.built:
        job.error = "Không lập được văn bản nào."
        return
    name = f"{KINDS[kind][1]}-{result.built}-don-vi.zip"
    _zip(out_dir, job.folder / name)
    extra = "nguồn số liệu và bản PDF" if pdf else "nguồn số liệu"
    job.outputs.append(Output(name, f"Văn bản của {result.built} đơn vị, kèm {extra} (.zip)"))


def _totals(job: Job, paths: list[Path], pdf: bool, unit: str, units_text: str) -> None:
    job.total = len(paths) + 1
    job.step = f"Đang cộng số liệu của {len(paths)} tệp…"
    units_file = None
    if units_text.strip():
        units_file = job.folder / "danh-sach-don-vi.txt"
        units_file.write_text(units_text.strip() + "\n", encoding="utf-8")
    out = job.folder / f"tong-hop-{len(paths)}-tep.xlsx"
    result = api.aggregate_files(paths, out, units_file=units_file, unit=unit.strip(), progress=job.advance)
    job.notes += [("error", f"{s.file}: Bỏ qua: {s.reason}") for s in result.skipped]
    job.notes += [(f.severity, f"{f.location}: {f.message}" if f.location else f.message) for f in result.findings]
    job.summary = result.summary().replace(" (xem danh sách ở trên)", " (xem danh sách bên dưới)")
    if not result.covered:
        job.error = "Không tổng hợp được đơn vị nào; không có bảng tổng hợp."
        return
    job.outputs.append(Output(out.name, "Bảng tổng hợp (.xlsx, dùng tiếp để kiểm tra, lập báo cáo)"))
    kind = "six-month" if result.period.half else "annual"
    try:
        _document(job, kind, out, job.folder / f"{KINDS[kind][1]}-tong-hop.docx", pdf)
    except api.ReportgenError as exc:
        job.notes.append(("error", f"Không lập được {KINDS[kind][0].lower()} từ bảng tổng hợp: "
                                   f"{exc.format_message()}"))
    job.advance()


def demo_work():
    """`reportgen demo` into the job folder, given back as one zip."""
    def work(job: Job) -> None:
        job.total = len(api.DEMO_JOBS)
        job.step = "Đang lập các văn bản mẫu từ số liệu tỉnh Sơn Hà…"
        out_dir = job.folder / "van-ban-mau"

        def echo(line: str) -> None:
            job.notes.append(("error" if line.startswith("Lỗi") else "info", clean(line, out_dir)))
            job.advance()
        failed = api.demo(out_dir, force=True, echo=echo)
        job.summary = f"Đã lập {job.total - failed}/{job.total} văn bản mẫu."
        if failed == job.total:
            job.error = "Không lập được văn bản mẫu nào."
            return
        _zip(out_dir, job.folder / "van-ban-mau.zip")
        job.outputs.append(Output("van-ban-mau.zip", "Các văn bản mẫu (.zip)"))
    return work


def _zip(folder: Path, target: Path) -> None:
    tmp = target.with_name("." + target.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                zf.write(path, path.relative_to(folder).as_posix())
    tmp.replace(target)


def ascii_part(text: str) -> str:
    """A short ASCII file-name part: "Xã Tân Lập 2025" -> "xa-tan-lap-2025"."""
    text = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "tep"
