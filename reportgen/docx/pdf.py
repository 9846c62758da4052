"""Export a .docx to PDF with LibreOffice (soffice --headless), one private profile per call."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from reportgen.core.errors import ReportgenError
from reportgen.core.numbers import fmt_number

INSTALL_HINT = "apt-get install libreoffice-writer-nogui"
DEFAULT_TIMEOUT = 180.0


class PdfExportError(ReportgenError):
    """LibreOffice is missing, timed out, or produced no PDF (exit 2)."""

    exit_code = 2


def find_soffice() -> str | None:
    """The soffice executable: $REPORTGEN_SOFFICE, else `soffice` or `libreoffice` on PATH."""
    env = os.environ.get("REPORTGEN_SOFFICE")
    if env:
        return env if Path(env).is_file() else shutil.which(env)
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(docx_path: Path, pdf_path: Path, *, timeout: float = DEFAULT_TIMEOUT) -> Path:
    """Convert `docx_path` to `pdf_path` (replaced atomically) and return `pdf_path`.

    Each call uses its own throw-away LibreOffice profile, so conversions can run in
    parallel. Raises PdfExportError when soffice is missing, times out, or writes no PDF
    (soffice exits 0 even when it cannot load the input).
    """
    docx_path, pdf_path = Path(docx_path), Path(pdf_path)
    soffice = find_soffice()
    if not soffice:
        raise PdfExportError(
            f"Không tìm thấy LibreOffice (soffice) để xuất PDF; cài bằng: {INSTALL_HINT}")
    if not docx_path.is_file():
        raise PdfExportError("Không tìm thấy tệp cần xuất PDF.", file=str(docx_path))
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="reportgen-pdf-") as work:
        work_dir = Path(work)
        profile = work_dir / "profile"
        out_dir = work_dir / "out"
        out_dir.mkdir()
        cmd = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
               "--norestore", "--nolockcheck", "--convert-to", "pdf", "--outdir",
               str(out_dir), str(docx_path.resolve())]
        try:
            stdout, stderr = _run(cmd, timeout)
        except subprocess.TimeoutExpired:
            raise PdfExportError(
                f"LibreOffice không xuất xong PDF sau {fmt_number(timeout)} giây.",
                file=str(docx_path)) from None
        except OSError as exc:
            raise PdfExportError(f"Không chạy được LibreOffice ({soffice}): {exc}.",
                                 file=str(docx_path)) from None
        produced = out_dir / (docx_path.stem + ".pdf")
        if not produced.is_file() or produced.stat().st_size == 0:
            detail = (stderr or stdout or b"").decode("utf-8", "replace").strip()
            raise PdfExportError(
                "LibreOffice không tạo được PDF"
                + (f" ({detail.splitlines()[-1]})" if detail else "") + ".",
                file=str(docx_path))
        fd, tmp = tempfile.mkstemp(prefix=f".{pdf_path.stem}.", suffix=".tmp.pdf",
                                   dir=pdf_path.parent)
        os.close(fd)
        try:
            shutil.move(str(produced), tmp)
            os.replace(tmp, pdf_path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    return pdf_path


def _run(cmd: list[str], timeout: float) -> tuple[bytes, bytes]:
    """Run soffice in its own process group; on timeout kill that whole group."""
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)
    try:
        return proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise
