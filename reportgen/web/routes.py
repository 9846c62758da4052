"""The pages: blank forms, upload and check, choose and build a document, download, demo, login."""

from __future__ import annotations

import io
import shutil
import tempfile
from datetime import date
from pathlib import Path

from flask import (Blueprint, abort, current_app, redirect, render_template, request, send_file,
                   url_for)

from reportgen import api
from reportgen.web import tasks
from reportgen.web.guard import COOKIE, token_ok
from reportgen.web.store import Store

bp = Blueprint("web", __name__)


def _store() -> Store:
    return current_app.extensions["reportgen"]["store"]


def _pdf() -> bool:
    return current_app.extensions["reportgen"]["pdf"]


def periods(today: date | None = None) -> list[tuple[str, str]]:
    """(code, label) for last year, this year and next year, the likeliest first."""
    today = today or date.today()
    codes = [f"{today.year}-H1", str(today.year)] if today.month <= 8 else [str(today.year), f"{today.year + 1}-H1"]
    for year in (today.year - 1, today.year, today.year + 1):
        codes += [c for c in (f"{year}-H1", str(year)) if c not in codes]
    return [(c, api.Period.parse(c).label) for c in codes]


def _index(status: int = 200, **errors):
    return render_template("index.html", periods=periods(), **errors), status


@bp.get("/")
def index():
    return _index()


@bp.get("/forms")
def forms():
    """A blank form (annexes, or the plan's data form) for a period and unit, made in a temp folder."""
    unit = request.args.get("unit", "").strip()
    plan = request.args.get("form") == "plan"
    try:
        period = api.Period.parse(request.args.get("period", ""))
    except api.ReportgenError as exc:
        return _index(400, forms_error=exc.message)
    name = f"{'ke-hoach' if plan else 'bieu-mau'}-{period.code}" + (f"-{tasks.ascii_part(unit)}" if unit else "") + ".xlsx"
    folder = Path(tempfile.mkdtemp(prefix="reportgen-form-", dir=_store().root))
    try:
        make = api.make_plan_form if plan else api.make_forms
        data = make(period, folder / name, unit=unit).read_bytes()
    except api.ReportgenError as exc:
        return _index(400, forms_error=tasks.clean(exc.format_message(), folder))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return send_file(io.BytesIO(data), as_attachment=True, download_name=name,
                     mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@bp.post("/upload")
def upload():
    store = _store()
    up = tasks.save_upload(store, request.files.getlist("files"))
    if not up.names:
        store.drop_upload(up.id)
        return _index(400, upload_errors=up.rejected or ["Chưa chọn tệp nào. Hãy chọn hoặc kéo thả tệp Excel (.xlsx)."])
    job = store.start("Kiểm tra biểu mẫu", tasks.check_work(up), upload_id=up.id, total=len(up.names))
    up.check_job = job.id
    return redirect(url_for("web.upload_page", key=up.id), 303)


@bp.get("/u/<key>")
def upload_page(key: str):
    up = _store().upload(key) or abort(404)
    job = _store().job(up.check_job) or abort(404)
    return render_template("upload.html", up=up, job=job, kinds=tasks.KINDS, pdf=_pdf())


@bp.post("/u/<key>/build")
def build(key: str):
    store = _store()
    up = store.upload(key) or abort(404)
    check = store.job(up.check_job)
    kind = request.form.get("kind", "")
    if kind not in tasks.KINDS:
        return render_template("message.html", title="Chưa chọn văn bản",
                               message="Hãy chọn loại văn bản cần lập.",
                               back=url_for("web.upload_page", key=key)), 400
    if check is None or not check.finished or check.result is None or not check.result.ready:
        return render_template("message.html", title="Chưa lập được",
                               message="Cần sửa các lỗi trong bảng kiểm tra rồi tải lên lại trước khi lập báo cáo.",
                               back=url_for("web.upload_page", key=key)), 409
    work = tasks.build_work(up, kind, pdf=_pdf() and bool(request.form.get("pdf")),
                            unit=request.form.get("unit", ""), units_text=request.form.get("units", ""))
    job = store.start(tasks.KINDS[kind][0], work, upload_id=key)
    return redirect(url_for("web.job_page", key=job.id), 303)


@bp.post("/u/<key>/delete")
def delete_upload(key: str):
    _store().drop_upload(key)
    return redirect(url_for("web.index"), 303)


@bp.post("/demo")
def demo():
    job = _store().start("Văn bản mẫu (tỉnh Sơn Hà)", tasks.demo_work())
    return redirect(url_for("web.job_page", key=job.id), 303)


@bp.get("/jobs/<key>")
def job_page(key: str):
    job = _store().job(key) or abort(404)
    up = _store().upload(job.upload_id) if job.upload_id else None
    return render_template("job.html", job=job, up=up)


@bp.get("/jobs/<key>/files/<name>")
def download(key: str, name: str):
    store = _store()
    job = store.job(key) or abort(404)
    path = job.path(name)
    if path is None or not path.is_file():
        abort(404)
    data = path.read_bytes()  # in memory: the folder may go as soon as everything was downloaded
    if store.mark_downloaded(job, name):
        store.drop_job(key)
    return send_file(io.BytesIO(data), as_attachment=True, download_name=name)


@bp.post("/jobs/<key>/delete")
def delete_job(key: str):
    store = _store()
    job = store.job(key) or abort(404)
    store.drop_job(key)
    back = url_for("web.upload_page", key=job.upload_id) if store.upload(job.upload_id or "-") else url_for("web.index")
    return redirect(back, 303)


@bp.get("/login")
def login():
    return render_template("login.html", next=_safe_next(request.args.get("next")))


@bp.post("/login")
def login_post():
    token = current_app.extensions["reportgen"]["settings"].token
    given = request.form.get("token", "").strip()
    target = _safe_next(request.form.get("next"))
    if not token:
        return redirect(target, 303)
    if not token_ok(token, given):
        return render_template("login.html", next=target, error="Mã truy cập không đúng."), 401
    resp = redirect(target, 303)
    resp.set_cookie(COOKIE, given, httponly=True, samesite="Strict", path="/")
    return resp


@bp.post("/logout")
def logout():
    resp = redirect(url_for("web.login"), 303)
    resp.delete_cookie(COOKIE, path="/")
    return resp


def _safe_next(target: str | None) -> str:
    """Only a path on this site (never «//host» or «http://…»)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return url_for("web.index")
    return target
