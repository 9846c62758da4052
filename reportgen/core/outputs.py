"""Writing outputs without losing anything.

Every output is written to a hidden temporary file beside it and moved into place only when
complete, so an interrupted run or a full disk never leaves a truncated output. Without
--force an existing output is kept, and the final move refuses a file that appeared in the
meantime (os.link of the temp file fails if the name exists), so two runs writing the same
output cannot both win silently. Outputs get the permissions any program gives a new file
(0666 less the umask), not the temp file's 0600. Every OS problem becomes one Vietnamese line
and exit 2.
"""

from __future__ import annotations

import errno
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from reportgen.core.errors import OutputExistsError, ReportgenError, UsageError


class OutputError(ReportgenError):
    """An output cannot be written: no permission, read-only folder, full disk... (exit 2)."""

    exit_code = 2


_EXISTS = "tệp kết quả đã tồn tại; dùng --force để ghi đè hoặc chọn tên khác"


def os_error_message(exc: OSError, writing: bool = True) -> str:
    """One Vietnamese phrase for an OS error met while writing (or reading) a file."""
    code = exc.errno
    if code == errno.ENOSPC or code == getattr(errno, "EDQUOT", -1):
        return "ổ đĩa đã đầy (hoặc hết hạn mức), không ghi được; hãy giải phóng chỗ trống rồi chạy lại"
    if code == errno.EROFS:
        return "ổ đĩa hoặc thư mục chỉ cho phép đọc, không ghi được; hãy chọn thư mục khác"
    if code in (errno.EACCES, errno.EPERM):
        return ("không có quyền ghi vào thư mục này; hãy chọn thư mục khác" if writing
                else "không có quyền đọc tệp")
    if code == errno.ENOTDIR:
        return "một phần của đường dẫn là tệp, không phải thư mục"
    if code == errno.EISDIR:
        return "đường dẫn là một thư mục, cần tên tệp"
    if code == errno.ENAMETOOLONG:
        return "tên tệp hoặc đường dẫn quá dài"
    if code == errno.ENOENT:
        return "thư mục không tồn tại" if writing else "không tìm thấy tệp"
    if code == errno.EIO:
        return "lỗi đọc/ghi ổ đĩa (EIO); hãy kiểm tra ổ đĩa hoặc thiết bị lưu trữ"
    why = exc.strerror or type(exc).__name__
    return f"{'không ghi được tệp' if writing else 'không đọc được tệp'} ({why})"


def _fail(exc: OSError, path: Path) -> OutputError:
    return OutputError(os_error_message(exc), file=str(path))


def ensure_writable(path: Path, force: bool) -> None:
    """Refuse, before any work, an output that cannot be written: an existing file without
    --force, a folder, a name under a file, a missing folder that cannot be made."""
    path = Path(path)
    if path.is_dir():
        raise UsageError("đường dẫn kết quả là một thư mục, cần tên tệp", file=str(path))
    if os.path.lexists(path) and not force:
        raise OutputExistsError(_EXISTS, file=str(path))
    if os.path.lexists(path) and not path.is_file():
        raise UsageError("đường dẫn kết quả không phải tệp thông thường (thiết bị, ống dẫn…)", file=str(path))
    for parent in path.parents:  # the nearest existing folder must be a folder
        if parent.exists() or parent.is_symlink():
            if not parent.is_dir():
                raise OutputError(os_error_message(OSError(errno.ENOTDIR, "")), file=str(path))
            break


def refuse_inputs(outputs: Iterable[Path | None], inputs: Iterable[Path | None]) -> None:
    """No output may be an input of the same run (`build -o DATA.xlsx --force` would replace the
    unit's workbook by a Word file)."""
    ins = [Path(p) for p in inputs if p is not None]
    for out in outputs:
        if out is None:
            continue
        out = Path(out)
        for src in ins:
            if _same(out, src):
                raise UsageError(f"tệp kết quả trùng với tệp đầu vào «{src}»; hãy chọn tên tệp kết quả khác",
                                 file=str(out))


def _same(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def atomic_output(path: Path, force: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside `path`; move it into place only if the block succeeds.

    Without `force` the move fails if `path` appeared meanwhile (OutputExistsError)."""
    path = Path(path)
    ensure_writable(path, force)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem[:60]}.", suffix=path.suffix or ".tmp",
                                   dir=path.parent)
        os.close(fd)
    except FileExistsError:
        raise OutputError(os_error_message(OSError(errno.ENOTDIR, "")), file=str(path)) from None
    except OSError as exc:
        raise _fail(exc, path) from None
    tmp_path = Path(tmp)
    try:
        try:
            yield tmp_path
        except OSError as exc:  # written by the block: a full disk, a vanished folder...
            raise _fail(exc, path) from None
        try:
            os.chmod(tmp_path, 0o666 & ~_umask())
            _move(tmp_path, path, force)
        except ReportgenError:
            raise
        except OSError as exc:
            raise _fail(exc, path) from None
    finally:
        try:
            if os.path.lexists(tmp_path):
                tmp_path.unlink()
        except OSError:
            pass


def _move(tmp: Path, path: Path, force: bool) -> None:
    if force:
        os.replace(tmp, path)
        return
    try:
        os.link(tmp, path)  # fails if `path` exists: whoever comes second is told
    except FileExistsError:
        raise OutputExistsError(_EXISTS + " (một lần chạy khác vừa ghi tệp này)", file=str(path)) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK,
                             errno.ENOSYS):
            raise
        # a file system without hard links (FAT, some network shares): claim the name first
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            raise OutputExistsError(_EXISTS, file=str(path)) from None
        os.close(fd)
        os.replace(tmp, path)
        return
    tmp.unlink()


def keep_text(wb) -> None:
    """Text stays text in a workbook reportgen writes: reportgen writes no formulas, so a cell that
    openpyxl would write as one holds text from a user (a unit name typed `=cmd|' /C calc'!A0`)
    and is written as a string. (Text beginning with + - @ is a string for openpyxl already.)"""
    for ws in getattr(wb, "worksheets", ()):
        for cell in getattr(ws, "_cells", {}).values():
            if cell.data_type == "f" and isinstance(cell.value, str):
                cell.data_type = "s"


def csv_text(value):
    """A CSV field Excel will not run as a formula: text beginning with = + - @ (or a tab or a
    carriage return) gets a leading apostrophe, as OWASP advises; numbers stay numbers."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
