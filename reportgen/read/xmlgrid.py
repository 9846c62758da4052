"""A sheet's grid without calamine, when its XML has the structure of a sheet calamine already read.

perf (bench/run.py, "read one workbook"): calamine spends ~6 ms a unit's workbook building its
sheets, and a national aggregation reads thousands of workbooks made from the same form. Here a
sheet's XML is cut before each cell (`_CUT`); a cell is a number, a blank, an inline or a shared text.
Everything between them — rows, styles, cell addresses, formulas, merged cells, validations — must be
byte for byte what it was in a sheet of the same name that calamine read in this process (a
"template"); then calamine would give the same values for all of it, and only the cells' contents
need reading: a number as calamine reads it (a float; a date-formatted cell goes to calamine), a text
equal to the template's taken from the template's grid, another text decoded here when it is plain
(no rich-text runs, no `_xHHHH_` escapes, no carriage return; else calamine). Anything else, and any
sheet no template fits, is read by calamine and remembered; when another sheet of that name comes
with as many cells, a template is made of the one remembered (a workbook read once pays nothing for
it). A template is made only of a sheet whose value cells all lie inside calamine's grid of it;
tests/test_xmlgrid.py compares both readers on generated, edited and LibreOffice-saved sheets.
"""

from __future__ import annotations

import html
import re
import threading
from collections import OrderedDict
from functools import lru_cache
from itertools import compress
from operator import eq, itemgetter, ne

from reportgen.read.sheetxml import number_formats, sheet_flags

# A sheet's XML is cut before each cell; a piece starts with the cell's address.
_CUT = b'<c r="'
# One cell at the start of a piece, in the forms openpyxl, Excel and LibreOffice write: address and
# style (1), then a blank (2), a number (3), an inline text (4) or a shared-string index (5).
_ONE = re.compile(
    rb'([A-Z]{1,3}[0-9]{1,7}"(?: s="[0-9]{1,6}")?)'
    rb'(?:(?: t="n")?(?:(/>|></c>)|><v>([^<]{1,64})</v></c>)'
    rb'| t="inlineStr"><is>(.*?)</is></c>'
    rb'| t="s"><v>([0-9]{1,9})</v></c>)', re.S)
_ADDRESS = re.compile(rb'([A-Z]{1,3})([0-9]{1,7})"')
_PLAIN_TEXT = re.compile(rb'<t(?: xml:space="preserve")?>([^<]*)</t>|<t(?: xml:space="preserve")?/>')
_TEMPLATES_PER_SHEET = 4
_MAX_UNUSED = 8
_SPACE = frozenset(b" \t\n\r\x0b\x0c")
# _numbers: a changed piece (after a NUL put before each) holding a plain number or a blank: its head
# (address and style, as _ONE's group 1), its value (b"" for a blank) and what follows the cell.
_NUMBER = re.compile(rb'\x00(?:([A-Z]{1,3}[0-9]{1,7}"(?: s="[0-9]{1,6}")?)(?: t="n")?'
                     rb'(?:/>|></c>|><v>([0-9.eE+-]{1,64})</v></c>)([^\x00]*)|[^\x00]*)')
_HEAD_TAIL, _VALUE = itemgetter(0, 2), itemgetter(1)
_INF = float("inf")


def _col(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


def text_of(raw: bytes) -> str | None:
    """The text of an <is> or <si> element's content as calamine gives it, or None if not plain."""
    m = _PLAIN_TEXT.fullmatch(raw)
    if m is None or b"_x" in raw or b"\r" in raw:
        return None
    body = m.group(1) or b""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return html.unescape(text) if "&" in text else text


@lru_cache(maxsize=64)  # perf: every unit's form has the same styles part
def date_styles(styles: bytes | None) -> frozenset[bytes] | None:
    """Style indexes whose number format may show a date or a time (calamine would give a date),
    counted widely: any built-in date/time format, any custom one with a date letter outside quotes.
    None when the styles part cannot be read this simply."""
    if not styles:
        return frozenset()
    formats = number_formats(styles)
    if formats is None:
        return None
    custom, xfs = formats
    custom_dates = set()
    for fid, code in custom.items():
        if not fid or code is None:
            return None
        bare = re.sub(rb'&quot;.*?&quot;|"[^"]*"|\[[^\]]*\]|\\.', b"", code)
        if re.search(rb'[dDmMyYhHsSeEgGbB]', bare.replace(b"General", b"")):
            custom_dates.add(fid)
    out = set()
    for k, fid in enumerate(xfs):
        n = int(fid) if fid.isdigit() else 0
        if 14 <= n <= 22 or 27 <= n <= 36 or 45 <= n <= 47 or 50 <= n <= 81 or fid in custom_dates:
            out.add(str(k).encode())
    return frozenset(out)


def shared_strings(sst: bytes | None) -> list[bytes] | None:
    """The raw content of each <si> of a shared-strings part, in order (None: no such part)."""
    if sst is None:
        return None
    return [p.partition(b"</si>")[0] for p in sst.split(b"<si>")[1:]]


class Book:
    """What one workbook's sheets share: its styles and shared strings, looked at once."""

    def __init__(self, styles: bytes | None, sst: bytes | None):
        self.styles, self._sst = styles, sst
        self._dates = self._strings = None
        self._split = False

    @property
    def dates(self) -> frozenset[bytes] | None:
        if self._dates is None:
            self._dates = date_styles(self.styles)
        return self._dates

    @property
    def strings(self) -> list[bytes] | None:
        if not self._split:
            self._strings, self._split = shared_strings(self._sst), True
        return self._strings


class _Template:
    """A sheet's XML cut before each cell, the grid calamine gave for it, and what each piece holds."""

    __slots__ = ("pieces", "cells", "strings", "rows", "width", "edges", "styles", "cell_styles", "_dates",
                 "ends", "places", "edge", "_flags")

    def __init__(self, pieces: list[bytes], rows: list[list], book: Book):
        self.pieces = pieces
        self.rows, self.width = rows, len(rows[0]) if rows else 0
        # values in the last row and the last column: while each keeps one, calamine's extent holds
        self.edges = (sum(v != "" for v in rows[-1]) if rows else 0,
                      sum(r[-1] != "" for r in rows if r) if self.width else 0)
        # a cached value this module does not read (a formula's): its reading may hang on the styles
        self.styles = None
        cells: list = [None]  # per piece: (head, tail, position) of a cell read here, or None
        strings, by_index = book.strings, {}
        for k in range(1, len(pieces)):
            piece = pieces[k]
            m = _ONE.match(piece)
            if m is None:
                if b'<v' in piece:
                    self.styles = book.styles
                if b't="s"' in piece:
                    raise ValueError("a shared string in a cell this module does not read")
                cells.append(None)
                continue
            address = _ADDRESS.match(piece)
            cells.append((m.group(1), piece[m.end():], int(address.group(2)) - 1, _col(address.group(1))))
            if m.group(5) is not None:
                idx = int(m.group(5))
                if strings is None or idx >= len(strings):
                    raise ValueError("shared string out of range")
                by_index.setdefault(idx, (strings[idx], []))[1].append(k)
        if len({c[2:] for c in cells if c is not None}) != len(cells) - cells.count(None):
            raise ValueError("a cell written twice")  # the order its values are put in would matter
        self.cells = cells
        self.strings = [(idx, raw, ks) for idx, (raw, ks) in by_index.items()]
        self.cell_styles = {_style(c[0]) for c in cells if c is not None}
        self._dates: dict = {}
        self._flags: dict = {}
        # perf (_numbers): each cell's (head, tail), and the cells on or past the grid's last row or column
        self.ends = [None if c is None else (c[0], c[1]) for c in cells]
        self.places = [None if c is None else (c[2], c[3]) for c in cells]
        n_rows, width = len(rows), self.width
        self.edge = frozenset(k for k, c in enumerate(cells) if c is not None and (c[2] + 1 >= n_rows or
                                                                                  c[3] + 1 >= width))

    def flags(self, percent: frozenset[bytes]) -> dict[str, object]:
        """sheetxml.sheet_flags of the template's XML: a sheet read through it has the same (read only)."""
        got = self._flags.get(percent)
        if got is None:
            got = self._flags[percent] = sheet_flags(_CUT.join(self.pieces), percent)
        return got

    def _may_be_dates(self, dates: frozenset) -> bool:
        hit = self._dates.get(dates)
        if hit is None:
            hit = self._dates[dates] = not self.cell_styles.isdisjoint(dates)
        return hit

    def grid(self, pieces: list[bytes], book: Book) -> list[list] | None:
        """calamine's rows for a sheet cut into `pieces`, or None if this template cannot say."""
        old = self.pieces
        if len(pieces) != len(old) or self.styles is not None and self.styles != book.styles:
            return None
        changed = list(compress(range(len(old)), map(ne, pieces, old)))
        quick, rest = self._numbers(pieces, changed, book)
        got = self._cells(pieces, rest, book)
        if got is None:
            return None
        put, last_row, last_col = got
        return self._filled(pieces, quick + put, book, last_row, last_col)

    def _numbers(self, pieces: list[bytes], changed: list[int], book: Book) -> tuple[list, list[int]]:
        """perf: the changed cells that hold a plain number or a blank in the same place as in the
        template, inside the grid's edges, read by one regular expression over them all; and the
        others, for _cells: ([((row, column), value)], [piece index])."""
        if not changed:
            return [], changed
        blob = b"\x00" + b"\x00".join([pieces[k] for k in changed])
        if blob.count(b"\x00") != len(changed):
            return [], changed  # not XML: _cells says so
        found = _NUMBER.findall(blob)  # one per piece
        same = list(map(eq, map(_HEAD_TAIL, found), map(self.ends.__getitem__, changed)))
        if all(same) and self.edge.isdisjoint(changed):
            ks, raws, rest = changed, list(map(_VALUE, found)), []
        else:
            edge = self.edge
            ks = [k for k, ok in zip(changed, same) if ok and k not in edge]
            raws = [f[1] for k, f, ok in zip(changed, found, same) if ok and k not in edge]
            rest = [k for k, ok in zip(changed, same) if not ok or k in edge]
        if not ks:
            return [], rest
        try:
            values = [float(v) if v else "" for v in raws]
        except ValueError:
            return [], changed
        dates = book.dates
        if dates is None or dates and self._may_be_dates(dates) or _INF in values or -_INF in values:
            return [], changed  # a date style, inf: _cells looks at each cell
        return list(zip(map(self.places.__getitem__, ks), values)), rest

    def _cells(self, pieces: list[bytes], changed: list[int], book: Book) -> tuple[list, int, int] | None:
        """Each changed cell read on its own: (values put, calamine's edge counts) or None."""
        put: list = []
        cells = self.cells
        n_rows, n_cols = len(self.rows), self.width
        last_row, last_col = self.edges
        dates = None
        for k in changed:
            cell = cells[k]
            if cell is None:
                return None  # a change outside the cells read here
            head, tail, i, j = cell
            piece = pieces[k]
            value = None
            if piece.startswith(head) and piece.endswith(tail):  # perf: a number or a blank, no regex
                mid = piece[len(head):len(piece) - len(tail)]
                if mid[:6] == b' t="n"':
                    mid = mid[6:]
                if mid == b"/>" or mid == b"></c>":
                    value = ""
                elif mid[:4] == b"><v>" and mid[-8:] == b"</v></c>":
                    raw = mid[4:-8]  # as calamine reads it (a Rust f64): no "_", no spaces around
                    try:
                        value = float(raw)
                    except ValueError:
                        return None
                    if value - value != 0 or b"_" in raw or raw[0] in _SPACE or raw[-1] in _SPACE:
                        return None  # inf, nan, or what calamine might read otherwise
                    if dates is None:
                        dates = book.dates
                        if dates is None:
                            return None
                        dates = dates if dates and self._may_be_dates(dates) else frozenset()
                    if dates and _style(head) in dates:
                        return None
            if value is None:
                m = _ONE.match(piece)
                if m is None or m.group(1) != head or piece[m.end():] != tail:
                    return None
                _, blank, number, inline, index = m.groups()
                if blank is not None or number is not None:
                    return None  # a number or a blank the quick look above would have read
                strings = book.strings
                value = (text_of(inline) if inline is not None else
                         _shared_text(strings, index) if strings is not None else None)
                if not value:
                    return None  # a text this module does not decode, or an empty one
            if i >= n_rows or j >= n_cols:
                return None  # a value outside the grid: calamine's extent grows
            if i + 1 == n_rows or j + 1 == n_cols:  # calamine's extent: the last row and column kept
                grown = (value != "") - (self.rows[i][j] != "")
                last_row += grown if i + 1 == n_rows else 0
                last_col += grown if j + 1 == n_cols else 0
            put.append(((i, j), value))
        return put, last_row, last_col

    def _filled(self, pieces: list[bytes], put: list, book: Book, last_row: int, last_col: int) -> list[list] | None:
        """The template's grid with `put` in it, and the texts of shared strings that moved."""
        cells, old = self.cells, self.pieces
        if self.strings:  # a shared string left in place, another text behind its index
            strings = book.strings
            if strings is None:
                return None
            for idx, raw, ks in self.strings:
                if idx >= len(strings):
                    return None
                if strings[idx] != raw:
                    text = text_of(strings[idx])
                    if not text:
                        return None
                    put.extend((cells[k][2:], text) for k in ks if pieces[k] == old[k])
        out = [r.copy() for r in self.rows]
        for (i, j), v in put:
            out[i][j] = v
        if last_row <= 0 or last_col <= 0:  # calamine's grid ends at its last value
            return _trimmed(out)
        return out


def _trimmed(rows: list[list]) -> list[list]:
    while rows and not any(v != "" for v in rows[-1]):
        rows.pop()
    width = len(rows[0]) if rows else 0
    while width and not any(r[width - 1] != "" for r in rows):
        width -= 1
    return [r[:width] for r in rows] if rows and width < len(rows[0]) else rows


def _shared_text(strings: list[bytes], index: bytes) -> str | None:
    idx = int(index)
    return text_of(strings[idx]) or None if idx < len(strings) else None


def _style(cell: bytes) -> bytes:
    at = cell.find(b' s="')
    return cell[at + 4:cell.index(b'"', at + 4)] if at >= 0 else b"0"


class Templates:
    """Sheet name -> the few templates learnt for it in this process, most recently used first.
    Shared by the threads of the web page's worker pool: the bookkeeping is under a lock; a template,
    once made, is only read."""

    def __init__(self, per_sheet: int = _TEMPLATES_PER_SHEET):
        self.per_sheet = per_sheet
        self.by_name: dict[str, OrderedDict] = {}
        self.counts = {"xml": 0, "calamine": 0, "learnt": 0}
        self._tries: dict[str, list[int]] = {}  # sheet name -> [templates learnt, sheets read through one]
        self._pending: dict[str, tuple] = {}  # sheet name -> the last sheet calamine read, not learnt yet
        self._lock = threading.Lock()

    def grid(self, name: str, xml: bytes, book: Book) -> tuple[list[list] | None, list[bytes], _Template | None]:
        """(rows, pieces, the template read through): rows when a template fits; the pieces to learn
        from otherwise."""
        pieces = xml.split(_CUT)
        with self._lock:
            kept = list((self.by_name.get(name) or {}).items())
            pending = self._pending.get(name)
            if pending is not None and len(pending[0]) == len(pieces):  # as many cells: worth a template
                del self._pending[name]
            else:
                pending = None
        for key, template in kept:
            rows = template.grid(pieces, book)
            if rows is not None:
                self._used(name, key)
                return rows, pieces, template
        if pending is not None:
            template = self._make(name, *pending)
            rows = template.grid(pieces, book) if template is not None else None
            if rows is not None:
                self._used(name, id(template))
                return rows, pieces, template
        with self._lock:
            self.counts["calamine"] += 1
        return None, pieces, None

    def _used(self, name: str, key: int) -> None:
        with self._lock:
            kept = self.by_name.get(name)
            if kept is not None and key in kept:
                kept.move_to_end(key, last=False)
            self.counts["xml"] += 1
            self._tries.setdefault(name, [0, 0])[1] += 1

    def clear(self) -> None:
        """Forget every template and remembered sheet (bench/run.py: a form read for the first time)."""
        with self._lock:
            self.by_name.clear()
            self._tries.clear()
            self._pending.clear()

    def learn(self, name: str, pieces: list[bytes], rows: list[list], book: Book) -> None:
        """Remember a sheet calamine read as `rows`; a template is made of it when another sheet of
        that name with as many cells comes (perf: making one costs ~1 ms a sheet, which a workbook
        read once, or an office's own file, would pay for nothing)."""
        with self._lock:
            tries = self._tries.setdefault(name, [0, 0])
            if tries[0] >= _MAX_UNUSED and not tries[1]:
                return  # sheets of this name share no structure (each office's own file): stop trying
            self._pending[name] = (pieces, rows, book)

    def _make(self, name: str, pieces: list[bytes], rows: list[list], book: Book) -> _Template | None:
        """A template of a sheet calamine read as `rows`, kept; None if not a sheet this module reads."""
        with self._lock:
            self._tries.setdefault(name, [0, 0])[0] += 1
        if self.per_sheet <= 0:
            return None
        try:
            template = _Template(pieces, [list(r) for r in rows], book)
        except (ValueError, IndexError):
            return None
        if any(c is not None and (c[2] >= len(rows) or c[3] >= template.width) and
               _ONE.match(p).group(2) is None for c, p in zip(template.cells, pieces)):
            return None  # a value outside calamine's grid: not a sheet this module understands
        with self._lock:
            kept = self.by_name.setdefault(name, OrderedDict())
            key = id(template)
            kept[key] = template
            kept.move_to_end(key, last=False)
            while len(kept) > self.per_sheet:
                kept.popitem(last=True)
            self.counts["learnt"] += 1
        return template


TEMPLATES = Templates()  # one per process, like the other caches of the reader
