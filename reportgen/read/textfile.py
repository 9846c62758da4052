"""Small text lists the user gives (`aggregate --units units.txt`): read whatever Windows saved.

Notepad and Excel save UTF-8 (with or without a BOM), UTF-16 ("Unicode") or the Vietnamese
ANSI code page cp1258 (whose tone marks are combining characters, hence NFC). A folder, a FIFO
or a device is refused before it is opened (opening a FIFO would wait for a writer forever);
so is a file too large to be a list of names, or one holding binary data.
"""

from __future__ import annotations

import os
import stat
import unicodedata
from pathlib import Path

from reportgen.core.errors import UnreadableInputError

MAX_TEXT_FILE = 10 * 1024 * 1024  # a list of every commune of the country is under 1 MB


def read_text_file(path: Path) -> str:
    """The text of a small text file, decoded and NFC-normalised; UnreadableInputError (exit 2)
    with a Vietnamese message otherwise."""
    path = Path(path)
    where = {"file": str(path)}
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise UnreadableInputError("không tìm thấy tệp", **where) from None
    except OSError as exc:
        raise UnreadableInputError(f"không truy cập được tệp ({exc.strerror or type(exc).__name__})",
                                   **where) from None
    if stat.S_ISDIR(st.st_mode):
        raise UnreadableInputError("đây là một thư mục, cần một tệp văn bản (.txt)", **where)
    if not stat.S_ISREG(st.st_mode):
        raise UnreadableInputError("không phải tệp thông thường (thiết bị, ống dẫn…), không đọc", **where)
    if st.st_size > MAX_TEXT_FILE:
        raise UnreadableInputError(f"tệp quá lớn ({st.st_size // (1024 * 1024)} MB) để là một danh sách "
                                   "tên; cần tệp văn bản mỗi dòng một tên", **where)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):  # swapped after the stat above
                raise UnreadableInputError("không phải tệp thông thường, không đọc", **where)
            data = fh.read(MAX_TEXT_FILE + 1)
    except PermissionError:
        raise UnreadableInputError("không có quyền đọc tệp", **where) from None
    except OSError as exc:
        raise UnreadableInputError(f"không đọc được tệp ({exc.strerror or type(exc).__name__})", **where) from None
    text = decode_text(data)
    if text is None:
        raise UnreadableInputError("không phải tệp văn bản (có thể là tệp Excel hoặc tệp nhị phân); hãy lưu "
                                   "danh sách thành tệp .txt, mỗi dòng một tên", **where)
    return text


def decode_text(data: bytes) -> str | None:
    """UTF-8 (BOM or not), UTF-16 (BOM, or ASCII-looking zero bytes), else cp1258; None for what is
    not text (zip, OLE2, NUL bytes in an 8-bit encoding)."""
    if data.startswith(b"\xef\xbb\xbf"):
        encodings = ["utf-8-sig"]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]
    elif len(data) >= 2 and data[1:2] == b"\x00" and data[:1] != b"\x00":
        encodings = ["utf-16-le"]
    elif len(data) >= 2 and data[:1] == b"\x00" and data[1:2] != b"\x00":
        encodings = ["utf-16-be"]
    elif data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        return None
    else:
        encodings = ["utf-8", "cp1258"]
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            return None
        return unicodedata.normalize("NFC", text.lstrip("\ufeff"))
    return None


def read_units_file(path: Path) -> list[str]:
    """`--units units.txt`: one unit name a line; blank lines and '#' comments skipped."""
    out = []
    for line in read_text_file(path).splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out
