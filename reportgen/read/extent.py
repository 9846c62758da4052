"""A sheet's real extent, read from its XML before any spreadsheet library parses it.

python-calamine turns a sheet into a dense grid from A1 to its last cell holding a value: one
value in the last column of a deep row (XFD1048576) asks for 17 billion cells and aborts the
whole process. `ExtentScanner` is fed the inflated bytes of an XML part, chunk by chunk, and
finds the last row and column of cells that hold something (a `<c>` with content; an empty
styled `<c .../>` does not count, calamine skips it), whether or not the cells carry their
`r="B7"` reference. It also counts cells that point into the shared strings, and, for the shared
strings part, the longest string: every cell becomes its own Python string when read, so many
cells pointing at one huge string would take as much memory as a huge grid.
`check_extent` says whether a sheet of that extent may be parsed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A form holds a few hundred rows of a few dozen columns; a foreign workbook or a unit's own
# records a few thousand rows. A grid of 3 million cells takes about 120 MB once read.
MAX_CELLS = 3_000_000
MAX_STRING_BYTES = 256 * 1024 * 1024  # cells pointing at shared strings x the longest one
MAX_TAG = 1024 * 1024  # a tag longer than this is not followed across chunks

_TAG = re.compile(rb"<(/?)(?:[A-Za-z_][\w.-]*:)?(row|c|si)\b([^>]*?)(/?)>")
_R = re.compile(rb"""(?:^|\s)r\s*=\s*["']([A-Za-z]*)(\d*)["']""")
_T_SHARED = re.compile(rb"""(?:^|\s)t\s*=\s*["']s["']""")
_PREFIXED = re.compile(rb"<[A-Za-z_][\w.-]*:(?:c|row)\b")
_NOREF = re.compile(rb'<(?:c|row)(?:[>/]|\s(?!r="))')
_VALUED = re.compile(rb'<c r="([A-Za-z]+)(\d+)"[^>]*?(?<!/)>')  # a cell with content
_LAST_ROW = re.compile(rb'<row r="(\d+)"')
_REF_AT = re.compile(rb'<c r="([A-Za-z]+)(\d*)"')


@dataclass
class Extent:
    rows: int = 0  # last row holding a value (1-based), 0 when none
    cols: int = 0  # last column holding a value
    shared_cells: int = 0  # cells whose value is an index into the shared strings
    longest_string: int = 0  # shared strings part: bytes of its longest <si>

    @property
    def cells(self) -> int:
        return self.rows * self.cols

    @property
    def last_cell(self) -> str:
        return f"{column_letters(self.cols)}{self.rows}" if self.rows and self.cols else ""


def column_letters(n: int) -> str:
    out = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out or "A"


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper()[:8]:  # more than 8 letters is far beyond any limit already
        n = n * 26 + ch - 64
    return n


class ExtentScanner:
    """Feed the bytes of one XML part in order; `extent` is what was seen so far."""

    def __init__(self) -> None:
        self.extent = Extent()
        self._row = 0
        self._col = 0
        self._carry = b""
        self._si_start: int | None = None
        self._offset = 0  # bytes of the part before the current buffer
        self._general = False  # whether a cell without its reference or a shared string was seen

    def feed(self, chunk: bytes) -> None:
        buf = self._carry + chunk if self._carry else chunk
        start_offset = self._offset - len(self._carry)
        cut = buf.rfind(b"<")
        if cut != -1 and buf.find(b">", cut) == -1:  # a tag cut by the chunk: finish it next time
            body, carry = buf[:cut], buf[cut:]
            if len(carry) > MAX_TAG:
                carry = b""
        else:
            body, carry = buf, b""
        self._scan(body, start_offset)
        self._carry = carry
        self._offset += len(chunk)

    def _scan(self, body: bytes, base: int) -> None:
        if not self._general:
            if b"<si" in body or b"si>" in body or (b":" in body and _PREFIXED.search(body)):
                self._general = True  # from here on, tag by tag
            elif _NOREF.search(body):
                self._by_rows(body)
                return
            else:
                self._refs(body)
                return
        self._tags(body, base)

    def _by_rows(self, body: bytes) -> None:
        """perf: cells without references (each follows the one before), row by row: a row's
        last column is its last referenced cell's plus the cells after it (an upper bound: empty
        cells count too)."""
        ext = self.extent
        row, col = self._row, self._col
        for k, part in enumerate(body.split(b"<row")):
            if k:
                if part[:1] not in (b" ", b">", b"/", b"\t", b"\n", b"\r"):
                    continue  # <rowBreaks>, <rows...>: not a row
                end = part.find(b">")
                r = _R.search(part, 0, end)
                row = int(r.group(2)[:9]) if r and r.group(2) else row + 1
                col = 0
                part = part[end + 1:]
            at = part.rfind(b'<c r="')
            ref = _REF_AT.match(part, at) if at != -1 else None
            if ref:
                col = _column_number(ref.group(1))
                row = int(ref.group(2)[:9]) if ref.group(2) else row
                part = part[ref.end():]
            cells = part.count(b"<c>") + part.count(b"<c ") + part.count(b"<c/") + part.count(b"<c\t") \
                + part.count(b"<c\n") + part.count(b"<c\r")
            col += cells
            if ref or cells:
                ext.rows = max(ext.rows, row)
                ext.cols = max(ext.cols, col)
        ext.shared_cells += body.count(b't="s"')
        self._row, self._col = row, col

    def _refs(self, body: bytes) -> None:
        """perf: every cell of `body` carries its reference: C-level passes, no loop per cell."""
        ext = self.extent
        refs = _VALUED.findall(body)
        if refs:
            cols = max({c for c, r in refs}, key=lambda c: (len(c), c.upper()))
            ext.cols = max(ext.cols, _column_number(cols))
            ext.rows = max(ext.rows, max(int(r[:9]) for r in {r for c, r in refs}))
        at = body.rfind(b'<row r="')
        last = _LAST_ROW.match(body, at) if at != -1 else None
        if last:
            self._row = int(last.group(1)[:9])
            self._col = 0
        cell = body.rfind(b'<c r="')
        ref = _REF_AT.match(body, cell) if cell > at else None
        if ref:  # where the next cell without a reference would go
            self._col = _column_number(ref.group(1))
        ext.shared_cells += body.count(b't="s"')

    def _tags(self, body: bytes, base: int) -> None:
        ext = self.extent
        row, col = self._row, self._col
        for mt in _TAG.finditer(body):
            closing, name, attrs, empty = mt.groups()
            if closing:
                if name == b"si" and self._si_start is not None:
                    ext.longest_string = max(ext.longest_string, base + mt.end() - self._si_start)
                    self._si_start = None
            elif name == b"c":
                r = _R.search(attrs)
                if r and r.group(1):
                    col = _column_number(r.group(1))
                    if r.group(2):
                        row = int(r.group(2)[:9])
                else:
                    col += 1
                if not empty:  # <c ...> with content: calamine keeps it
                    if row > ext.rows:
                        ext.rows = row
                    if col > ext.cols:
                        ext.cols = col
                    if b"t" in attrs and _T_SHARED.search(attrs):
                        ext.shared_cells += 1
            elif name == b"row":
                r = _R.search(attrs)
                row = int(r.group(2)[:9]) if r and r.group(2) else row + 1
                col = 0
            elif not empty:  # <si>
                self._si_start = base + mt.start()
        self._row, self._col = row, col


# Anything that is not a usual cell within A1:ZZ999: a cell without its reference first, a cell in
# row 1000 or below, in column AAA or beyond, or prefixed element names.
_UNUSUAL = re.compile(rb'<c(?:[>/]|\s(?!r=")| r="(?:[A-Za-z]{3}|[A-Za-z]+\d{4}))')


def scan(data: bytes) -> Extent:
    """The extent of a part read whole. perf: a usual part (every cell written `<c r="B7" ...>`, as
    Excel, LibreOffice and openpyxl write them) whose cells all lie within A1:ZZ999 gets that
    bound in a few C-level passes (it is within every limit); anything else is scanned cell by
    cell."""
    head = data[:4096]
    if b"<" not in head or (b"<sst" not in head and b"sheetData" not in data):
        return Extent()  # neither a worksheet nor the shared strings
    if b"<sst" in head and b":si" not in data:
        return Extent(longest_string=max(map(len, data.split(b"<si>")[1:]), default=0) + 4)
    if b":sheetData" not in data and not _UNUSUAL.search(data):
        return Extent(rows=999, cols=702, shared_cells=data.count(b't="s"'))  # an upper bound
    scanner = ExtentScanner()
    scanner.feed(data)
    return scanner.extent


def check_extent(extent: Extent, longest_string: int) -> str | None:
    """Why a sheet of `extent` must not be parsed (a Vietnamese reason), or None."""
    if extent.cells > MAX_CELLS:
        return (f"trang tính trải tới ô {extent.last_cell} ({_n(extent.rows)} dòng × {_n(extent.cols)} cột), "
                f"vượt quá cỡ một biểu mẫu (tối đa {_n(MAX_CELLS)} ô); có thể có giá trị gõ nhầm ở ô rất xa — "
                "trong Excel bấm Ctrl+End để tìm, xóa các dòng, cột thừa rồi lưu lại")
    if extent.shared_cells * longest_string > MAX_STRING_BYTES:
        return ("trang tính có quá nhiều ô chứa chuỗi văn bản rất dài (đọc ra sẽ cần hơn "
                f"{MAX_STRING_BYTES // (1024 * 1024)} MB bộ nhớ), nghi là tệp độc hại; từ chối đọc")
    return None


def _n(n: int) -> str:
    return f"{n:,}".replace(",", ".")
