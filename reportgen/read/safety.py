"""Look at an input file before any spreadsheet library parses it; name output files safely.

`inspect_workbook` opens the file only as a zip archive and reads its parts as capped byte
streams. It refuses what is not an .xlsx workbook (empty, text, old .xls, Word, truncated)
and what could exhaust memory or time in openpyxl or python-calamine (zip bombs, XML
entity declarations, too many parts). External links are recorded, never followed.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import struct
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Callable

from reportgen.core.errors import UnreadableInputError
from reportgen.core.text import nfc
from reportgen.read.extent import Extent, ExtentScanner, scan

# Limits; declared sizes come from the zip central directory, actual ones from reading.
MAX_MEMBERS = 10_000
MAX_RATIO = 100  # uncompressed / compressed, for members above RATIO_FLOOR
RATIO_FLOOR = 5 * 1024 * 1024
MAX_TOTAL = 300 * 1024 * 1024
MAX_XML_PART = 200 * 1024 * 1024
PROLOGUE_WINDOW = 64 * 1024  # bytes of each XML part searched for DOCTYPE/ENTITY
LARGE_SHEET = 20 * 1024 * 1024  # a worksheet part above this gets a "slow" warning
KEEP_PART = 8 * 1024 * 1024  # a part the caller asked to keep is kept up to this size...
KEEP_TOTAL = 32 * 1024 * 1024  # ...and all kept parts together up to this

_CHUNK = 1024 * 1024
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_LOCAL = b"PK\x03\x04"
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_ROOT_START = re.compile(rb"<[A-Za-z_]")
_EXTERNAL_LINK = re.compile(r"^xl/externalLinks/[^/]+\.xml$")
_TARGET = re.compile(r"""\bTarget\s*=\s*(?:"([^"]*)"|'([^']*)')""")


@dataclass
class WorkbookCheck:
    """What inspection found in a workbook it accepted."""

    path: Path
    members: int = 0
    uncompressed_size: int = 0
    warnings: list[str] = field(default_factory=list)
    external_links: list[str] = field(default_factory=list)
    # The inflated bytes of the parts `inspect_workbook(keep=...)` was asked to keep, already read
    # (and CRC-checked) by the inspection, so the caller need not inflate them again. A kept name
    # whose part was too large to keep (KEEP_PART, KEEP_TOTAL) maps to None.
    parts: dict[str, bytes | None] = field(default_factory=dict, repr=False)
    # The file's bytes when the inspection read it whole (files up to WHOLE_FILE), so that a
    # parser can read exactly the bytes inspected, without opening the file again.
    data: bytes | None = field(default=None, repr=False)
    # Each XML part's extent (read.extent): the last row and column holding a value, so that a
    # sheet is refused before a parser builds a grid of it.
    extents: dict[str, Extent] = field(default_factory=dict, repr=False)
    # perf: a kept worksheet part is scanned for its extent only when asked for (`extent`), that is
    # before a parser builds its grid; read.xmlgrid reads most sheets of a batch without one.
    unscanned: dict[str, bytes] = field(default_factory=dict, repr=False)

    def extent(self, name: str) -> Extent | None:
        found = self.extents.get(name)
        if found is None and name in self.unscanned:
            found = self.extents[name] = scan(self.unscanned.pop(name))
        return found

    def all_extents(self) -> list[Extent]:
        for name in list(self.unscanned):
            self.extent(name)
        return list(self.extents.values())


def _fail(path: Path, message: str) -> UnreadableInputError:
    return UnreadableInputError(message, file=str(path))


def inspect_workbook(path: Path, *, keep: Callable[[str], bool] | None = None) -> WorkbookCheck:
    """Check that `path` is a safe .xlsx workbook; raise UnreadableInputError otherwise.

    `keep(name)`: parts whose inflated bytes the caller wants (returned in `check.parts`, see
    WorkbookCheck). Keeping changes nothing in what is checked or refused.
    """
    path = Path(path)
    head = _read_head(path)
    if not head:
        raise _fail(path, "tệp rỗng, không phải bảng tính Excel")
    if head.startswith(_OLE2):
        if _looks_encrypted(path):
            raise _fail(path, "tệp được đặt mật khẩu (mã hóa); hãy mở bằng Excel, gỡ mật khẩu "
                              "và lưu lại dưới dạng .xlsx")
        raise _fail(path, "định dạng .xls cũ, hãy mở bằng Excel và lưu lại dưới dạng .xlsx")
    _check_entry_count(path)
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        if head.startswith(_ZIP_LOCAL):
            raise _fail(path, "tệp bị hỏng hoặc bị cắt cụt (không đọc được mục lục tệp nén); "
                              "hãy lấy lại bản đầy đủ") from None
        raise _fail(path, _not_a_zip_message(head)) from None
    except (OSError, ValueError, EOFError) as exc:
        raise _fail(path, f"không đọc được tệp: {exc.__class__.__name__}") from None
    with archive:
        check = WorkbookCheck(path=path)
        infos = archive.infolist()
        _check_directory(path, infos, check)
        _check_kind(path, {i.filename for i in infos}, archive)
        _check_parts(path, archive, infos, check, keep)
        _record_links(archive, infos, check)
    return check


def _read_head(path: Path) -> bytes:
    try:
        st = path.stat()
    except FileNotFoundError:
        raise _fail(path, "không tìm thấy tệp") from None
    except OSError as exc:
        raise _fail(path, f"không truy cập được tệp ({exc.strerror or exc.__class__.__name__})") from None
    if stat.S_ISDIR(st.st_mode):
        raise _fail(path, "đây là một thư mục, không phải tệp bảng tính")
    if not stat.S_ISREG(st.st_mode):
        raise _fail(path, "không phải tệp thông thường (thiết bị, ống dẫn…), không đọc")
    try:
        with open(path, "rb") as fh:
            return fh.read(512)
    except PermissionError:
        raise _fail(path, "không có quyền đọc tệp") from None
    except OSError as exc:
        raise _fail(path, f"không đọc được tệp ({exc.strerror or exc.__class__.__name__})") from None


def _check_entry_count(path: Path) -> None:
    """Refuse a huge central directory before zipfile parses every entry of it."""
    try:
        with open(path, "rb") as fh:
            fh.seek(max(fh.seek(0, os.SEEK_END) - (22 + 0xFFFF), 0))
            tail = fh.read()
    except OSError:
        return  # zipfile will say what is wrong
    at = tail.rfind(b"PK\x05\x06")
    if at != -1 and at + 12 <= len(tail):
        (entries,) = struct.unpack_from("<H", tail, at + 10)
        if MAX_MEMBERS < entries < 0xFFFF:
            raise _fail(path, f"tệp nén có {entries} mục (tối đa {MAX_MEMBERS}), nghi là tệp độc hại")


def _looks_encrypted(path: Path) -> bool:
    """A password-protected .xlsx is an OLE2 file holding an `EncryptionInfo` stream."""
    marker = "EncryptionInfo".encode("utf-16-le")
    try:
        with open(path, "rb") as fh:
            return marker in fh.read(4 * _CHUNK)
    except OSError:
        return False


def _not_a_zip_message(head: bytes) -> str:
    text = head.lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html", b"<table")):
        return ("tệp HTML mang đuôi .xlsx, không phải bảng tính Excel; hãy mở bằng Excel "
                "và lưu lại dưới dạng .xlsx")
    if text.startswith(b"<?xml"):
        return ("tệp XML (có thể là Bảng tính XML 2003) mang đuôi .xlsx; hãy mở bằng Excel "
                "và lưu lại dưới dạng .xlsx")
    if head.startswith(b"%PDF"):
        return "tệp PDF mang đuôi .xlsx, không phải bảng tính Excel"
    if _is_text(head):
        return ("tệp văn bản (CSV hoặc TXT) mang đuôi .xlsx, không phải bảng tính Excel; "
                "hãy mở bằng Excel và lưu lại dưới dạng .xlsx")
    return "không phải bảng tính Excel (.xlsx): tệp không có cấu trúc tệp nén OOXML"


def _is_text(head: bytes) -> bool:
    for encoding in ("utf-8", "utf-16", "cp1258"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError:
            continue
        if text and all(ch.isprintable() or ch in "\r\n\t" for ch in text[:-1]):
            return True
    return False


def _check_directory(path: Path, infos: list[zipfile.ZipInfo], check: WorkbookCheck) -> None:
    """Refuse on what the central directory declares, before reading any part."""
    if len(infos) > MAX_MEMBERS:
        raise _fail(path, f"tệp nén có {len(infos)} mục (tối đa {MAX_MEMBERS}), nghi là tệp độc hại")
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        if name in seen:
            raise _fail(path, f"tệp nén có hai mục trùng tên {name!r}, không biết đọc mục nào")
        seen.add(name)
        if info.flag_bits & 0x1:
            raise _fail(path, "tệp nén được mã hóa (đặt mật khẩu); hãy gỡ mật khẩu và lưu lại")
        size = info.file_size
        if size > RATIO_FLOOR and size > MAX_RATIO * max(info.compress_size, 1):
            ratio = size // max(info.compress_size, 1)
            raise _fail(path, _bomb(f"mục {name} giải nén ra {_mb(size)}, gấp {ratio} lần bản nén"))
        if name.lower().endswith(_XML_SUFFIXES) and size > MAX_XML_PART:
            raise _fail(path, _bomb(f"phần XML {name} khai báo {_mb(size)}"))
        total += size
        if total > MAX_TOTAL:
            raise _fail(path, _bomb(f"tổng dung lượng giải nén khai báo vượt {_mb(MAX_TOTAL)}"))
    check.members = len(infos)


def _bomb(detail: str) -> str:
    return f"tệp nén bất thường (nghi là bom nén: {detail}), từ chối đọc"


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def _check_kind(path: Path, names: set[str], archive: zipfile.ZipFile) -> None:
    if "xl/workbook.xml" in names:
        return
    if "xl/workbook.bin" in names:
        raise _fail(path, "đây là bảng tính nhị phân Excel (.xlsb); hãy mở bằng Excel và lưu lại "
                          "dưới dạng .xlsx")
    if "word/document.xml" in names:
        raise _fail(path, "đây là tệp Word (.docx) bị đổi đuôi, không phải bảng tính")
    if "ppt/presentation.xml" in names:
        raise _fail(path, "đây là tệp PowerPoint (.pptx) bị đổi đuôi, không phải bảng tính")
    if "mimetype" in names and "content.xml" in names:
        mime = _small_read(archive, "mimetype")
        if b"spreadsheet" in mime:
            raise _fail(path, "đây là bảng tính OpenDocument (.ods); hãy mở bằng Excel hoặc "
                              "LibreOffice và lưu lại dưới dạng .xlsx")
        raise _fail(path, "đây là tệp OpenDocument bị đổi đuôi, không phải bảng tính Excel")
    raise _fail(path, "tệp nén không chứa xl/workbook.xml, không phải bảng tính Excel (.xlsx)")


def _small_read(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        with archive.open(name) as fh:
            return fh.read(256)
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, NotImplementedError):
        return b""


def _check_parts(path: Path, archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo],
                 check: WorkbookCheck, keep: Callable[[str], bool] | None = None) -> None:
    """Stream every part with a cap: CRC, actual sizes and XML prologues."""
    total = 0
    kept = 0
    blob = check.data = _whole_file(path)
    for info in infos:
        if info.is_dir():
            continue
        name = info.filename
        named_xml = name.lower().endswith(_XML_SUFFIXES)
        cap = MAX_XML_PART if named_xml else MAX_TOTAL
        keep_it = keep is not None and keep(name)
        data = _inflate_whole(blob, archive, info, min(cap, MAX_TOTAL - total)) if blob is not None else None
        if data is not None:  # perf: the part read in one go; what the stream below reads, checked alike
            size = len(data)
            total += size
            window = data[:PROLOGUE_WINDOW]
            if keep_it and size <= KEEP_PART and kept + size <= KEEP_TOTAL:
                check.parts[name] = data
                kept += size
                if name.startswith("xl/worksheets/"):
                    check.unscanned[name] = data  # scanned when asked for (WorkbookCheck.extent)
                else:
                    check.extents[name] = scan(data)
            else:
                check.extents[name] = scan(data)
                if keep_it:
                    check.parts[name] = None  # too large to keep: the caller reads it itself
        else:
            size, total, kept, window = _stream_part(path, archive, info, cap, total, kept, keep_it, check)
        if named_xml or _looks_xml(window):
            _check_prologue(path, name, window, complete=size <= PROLOGUE_WINDOW)
        if named_xml and name.startswith("xl/worksheets/") and size > LARGE_SHEET:
            check.warnings.append(f"trang tính {name} rất lớn ({_mb(size)}), có thể đọc chậm")
    check.uncompressed_size = total


def _stream_part(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int, total: int, kept: int,
                 keep_it: bool, check: WorkbookCheck) -> tuple[int, int, int, bytes]:
    """Read one part in chunks, refusing it once it inflates past `cap` or the total past
    MAX_TOTAL; zipfile checks the header, the compressed length and the CRC.
    Returns (its size, the running total, the bytes kept so far, its first PROLOGUE_WINDOW bytes)."""
    name = info.filename
    size = 0
    window = b""
    pieces: list[bytes] | None = [] if keep_it else None
    scanner = ExtentScanner()  # every part: a sheet may live under any name the relationships give
    try:
        with archive.open(info) as fh:
            while chunk := fh.read(_CHUNK):
                scanner.feed(chunk)
                if len(window) < PROLOGUE_WINDOW:
                    window += chunk[:PROLOGUE_WINDOW - len(window)]
                size += len(chunk)
                total += len(chunk)
                if size > cap or total > MAX_TOTAL:
                    raise _fail(path, _bomb(f"mục {name} giải nén vượt giới hạn"))
                if pieces is not None:
                    if size <= KEEP_PART and kept + size <= KEEP_TOTAL:
                        pieces.append(chunk)
                    else:
                        pieces = None
                        check.parts[name] = None  # too large to keep: the caller reads it itself
    except UnreadableInputError:
        raise
    except NotImplementedError:
        raise _fail(path, f"mục {name} dùng kiểu nén không hỗ trợ, "
                          "không phải tệp Excel thông thường") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
        raise _fail(path, f"tệp bị hỏng: mục {name} không giải nén được ({_why(exc)}); "
                          "hãy lấy lại bản đầy đủ") from None
    check.extents[name] = scanner.extent
    if pieces is not None:
        check.parts[name] = pieces[0] if len(pieces) == 1 else b"".join(pieces)
        kept += size
    return size, total, kept, window


WHOLE_FILE = 8 * 1024 * 1024  # a file up to this size is read once, its parts inflated in one go...
WHOLE_PART = 4 * 1024 * 1024  # ...each part declaring up to this size; the rest is streamed


def _whole_file(path: Path) -> bytes | None:
    try:
        with open(path, "rb") as fh:
            if os.fstat(fh.fileno()).st_size > WHOLE_FILE:
                return None
            return fh.read(WHOLE_FILE + 1)
    except OSError:
        return None


def _inflate_whole(blob: bytes, archive: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes | None:
    """A part's bytes when it reads cleanly in one go, exactly as zipfile's stream gives them:
    a stored or deflated part whose local header agrees with the directory, whose compressed bytes
    are all there, which inflates to exactly its declared size (at most WHOLE_PART and `cap`) and
    whose CRC matches. Anything else (None) is read by _stream_part, which refuses what is wrong
    with zipfile's own checks and messages."""
    size = info.file_size
    if (size > WHOLE_PART or size > cap or info.compress_size > len(blob) or info.flag_bits & 0x61
            or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)):
        return None
    at = info.header_offset
    head = blob[at:at + 30]
    if len(head) != 30 or head[:4] != _ZIP_LOCAL:
        return None
    flags, name_len, extra_len = struct.unpack_from("<H", head, 6)[0], *struct.unpack_from("<HH", head, 26)
    raw_name = blob[at + 30:at + 30 + name_len]
    try:
        local_name = raw_name.decode("utf-8" if flags & 0x800 else (archive.metadata_encoding or "cp437"))
    except (UnicodeDecodeError, LookupError):
        return None
    if len(raw_name) != name_len or local_name != info.orig_filename:
        return None
    start = at + 30 + name_len + extra_len
    raw = blob[start:start + info.compress_size]
    if len(raw) != info.compress_size:
        return None
    if info.compress_type == zipfile.ZIP_STORED:
        data = raw if info.compress_size == size else None
    else:
        try:
            inflater = zlib.decompressobj(-15)
            data = inflater.decompress(raw, size + 1)
        except zlib.error:
            return None
        if not inflater.eof or len(data) != size:
            return None
    if data is None or zlib.crc32(data) != info.CRC:
        return None
    return data


def _looks_xml(window: bytes) -> bool:
    head = window[:64].replace(b"\x00", b"").lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n")
    return head.startswith(b"<")


def _why(exc: Exception) -> str:
    text = str(exc)
    if "CRC" in text:
        return "sai mã kiểm tra CRC"
    return exc.__class__.__name__


def _check_prologue(path: Path, name: str, window: bytes, complete: bool) -> None:
    """No DTD is legal in OOXML: refuse DOCTYPE/ENTITY, in any byte encoding."""
    text = window.replace(b"\x00", b"")  # UTF-16/32 ASCII letters become plain bytes
    if b"!" in text and _DTD.search(text):  # perf: a one-byte search first; the regex needs a "!"
        raise _fail(path, f"tệp chứa khai báo thực thể XML (DOCTYPE/ENTITY) không an toàn "
                          f"trong phần {name}")
    if not complete and not _ROOT_START.search(text):
        raise _fail(path, f"phần {name} có phần mở đầu XML dài bất thường, nghi là tệp độc hại")


def _record_links(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], check: WorkbookCheck) -> None:
    names = {i.filename for i in infos}
    for name in sorted(n for n in names if _EXTERNAL_LINK.match(n)):
        part = PurePosixPath(name)
        rels = str(part.parent / "_rels" / (part.name + ".rels"))
        target = _rels_target(archive, rels) if rels in names else None
        shown = target or name
        check.external_links.append(shown)
        check.warnings.append(f"công thức liên kết tới tệp ngoài {shown!r}; chỉ dùng giá trị "
                              "đã lưu, không mở tệp ngoài")
    if "xl/connections.xml" in names:
        check.warnings.append("bảng tính có kết nối dữ liệu ngoài (xl/connections.xml); không làm "
                              "mới, chỉ dùng giá trị đã lưu")
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        check.warnings.append("bảng tính chứa macro (VBA); reportgen không chạy macro")


def _rels_target(archive: zipfile.ZipFile, rels: str) -> str | None:
    """The link target from a relationships part (already checked: no DTD, size capped)."""
    try:
        with archive.open(rels) as fh:
            text = fh.read(PROLOGUE_WINDOW).decode("utf-8", "replace")
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, NotImplementedError):
        return None
    m = _TARGET.search(text)
    if not m:
        return None
    target = (m.group(1) or m.group(2) or "").strip()
    target = "".join(ch for ch in target if ch.isprintable())
    return target[:200] or None


# --- output file names ------------------------------------------------------------------

_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
_FALLBACK = "don-vi"


def safe_filename(name: str, max_len: int = 80) -> str:
    """A portable file stem for a unit's output: "Xã Hương Phùng" -> "xa-huong-phung".

    Only a-z, 0-9 and "-" remain, so no path separator, drive colon, control character or
    "..". Windows device names get a prefix. A name cut to `max_len`, or one whose letters
    all fell away, ends with a short hash of the original so that distinct units stay distinct.
    """
    if max_len < 16:
        raise ValueError("max_len must be at least 16")
    original = nfc(name).strip()
    text = original.replace("đ", "d").replace("Đ", "D").replace("Ð", "D")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    stem = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    tag = hashlib.sha1(original.encode("utf-8")).hexdigest()[:8]
    if not stem:
        return f"{_FALLBACK}-{tag}" if original else _FALLBACK
    if stem in _RESERVED:
        stem = f"{_FALLBACK}-{stem}"
    if len(stem) > max_len:
        stem = stem[:max_len - len(tag) - 1].rstrip("-") + "-" + tag
    return stem


def is_within(path: Path | str, root: Path | str) -> bool:
    """True if `path` (symlinks and ".." resolved) lies inside `root` or is `root`."""
    real = Path(os.path.realpath(path))
    base = Path(os.path.realpath(root))
    return real == base or base in real.parents
