"""Writing outputs without losing anything: temp file + rename, no overwrite without --force."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from reportgen.core.errors import OutputExistsError, UsageError


def ensure_writable(path: Path, force: bool) -> None:
    """Refuse to replace an existing output unless forced."""
    if path.exists() and not force:
        raise OutputExistsError(
            "tệp kết quả đã tồn tại; dùng --force để ghi đè hoặc chọn tên khác", file=str(path))
    if path.exists() and path.is_dir():
        raise UsageError("đường dẫn kết quả là một thư mục, cần tên tệp", file=str(path))


@contextmanager
def atomic_output(path: Path, force: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside `path`; rename it into place only if the block succeeds."""
    path = Path(path)
    ensure_writable(path, force)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix or ".tmp", dir=path.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.replace(tmp_path, path)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()
