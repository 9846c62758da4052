"""What calamine does not say, read from the sheet XML itself: Excel error cells and cells
formatted as a percentage."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path, PurePosixPath

# --- Excel error cells (calamine reads them as blanks) ------------------------------------------

_ERR_CELL = re.compile(rb'<c r="([A-Z]+\d+)"[^>]*?t="e"[^>]*>(?:<f[^>]*>.*?</f>|<f[^>]*/>)?<v>([^<]*)</v>', re.S)
_SHEET = re.compile(rb'<(?:\w+:)?sheet\s[^>]*>')
_REL_ELEM = re.compile(rb'<(?:\w+:)?Relationship\s[^>]*>')


def _attr(elem: bytes, name: bytes) -> bytes:
    """One attribute of an element, whatever the attribute order (openpyxl writes Target before Id)."""
    m = re.search(rb'\s' + name + rb'="([^"]*)"', elem)
    return m.group(1) if m else b""


class PercentCell:
    """Marks a cell formatted as a percentage in Excel: 86% is stored as 0.86."""


PERCENT_CELL = PercentCell()


class NoCachedValue:
    """Marks a formula cell saved without its computed value (written by a program, never opened
    in Excel): calamine reads it as a blank, but something was typed there."""


NO_CACHED_VALUE = NoCachedValue()
NO_VALUE_MESSAGE = ("ô có công thức nhưng tệp không lưu giá trị đã tính (tệp do chương trình khác tạo); "
                    "hãy mở tệp bằng Excel, lưu lại rồi kiểm tra lại, hoặc nhập số thay cho công thức")
_NO_VALUE = re.compile(rb'<c r="([A-Z]+\d+)"[^>]*>(?:<f[^>]*>[^<]*</f>|<f[^>]*/>)(?:<v\s*/>|<v>\s*</v>)?</c>')
_CELL_ELEM = re.compile(rb'<c\s[^>]*>')
_NUMFMT = re.compile(rb'<(?:\w+:)?numFmt\s[^>]*>')
_XFS = re.compile(rb'<(?:\w+:)?cellXfs\b.*?</(?:\w+:)?cellXfs>', re.S)
_XF = re.compile(rb'<(?:\w+:)?xf\b[^>]*>')  # <xf/> too: every one is a style index


@lru_cache(maxsize=64)  # perf: every unit's form has the same styles part
def number_formats(styles: bytes) -> tuple[dict[bytes, bytes | None], tuple[bytes, ...]] | None:
    """The styles part's custom number formats {numFmtId: formatCode, None when it has none} and each
    cell style's numFmtId in style-index order (b"" when absent); None without a cellXfs block."""
    block = _XFS.search(styles)
    if not block:
        return None
    custom = {}
    for e in _NUMFMT.findall(styles):
        code = re.search(rb'\sformatCode="([^"]*)"', e)
        custom[_attr(e, b"numFmtId")] = code.group(1) if code else None
    return custom, tuple(_attr(xf, b"numFmtId") for xf in _XF.findall(block.group(0)))


@lru_cache(maxsize=64)
def _percent_ids(styles: bytes) -> frozenset[bytes]:
    formats = number_formats(styles)
    if formats is None:
        return frozenset()
    custom, xfs = formats
    ids = {b"9", b"10"} | {fid for fid, code in custom.items() if code and b"%" in code}
    return frozenset(str(i).encode() for i, fid in enumerate(xfs) if fid in ids)


@lru_cache(maxsize=64)  # perf: every unit's form has the same workbook part...
def _book_sheets(wbxml: bytes) -> tuple[tuple[bytes, bytes], ...]:
    """(name, r:id) of each <sheet> of xl/workbook.xml, as bytes."""
    return tuple((_attr(e, b"name"), _attr(e, rb"r:id")) for e in _SHEET.findall(wbxml))


@lru_cache(maxsize=64)  # perf: ...and the same relationships
def _book_rels(relsxml: bytes) -> Mapping[bytes, bytes]:
    """Id -> Target of xl/_rels/workbook.xml.rels (read only: the dict is shared)."""
    return {_attr(e, b"Id"): _attr(e, b"Target") for e in _REL_ELEM.findall(relsxml)}


def _needed_part(name: str) -> bool:
    """The parts SheetFlags and read.xmlgrid read, at their usual places; any other is read from the zip."""
    return name in _BOOK_PARTS or (name.startswith("xl/worksheets/") and name.endswith(".xml")
                                   and name.count("/") == 2)


_BOOK_PARTS = frozenset(("xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
                         "xl/sharedStrings.xml"))  # the last for read.xmlgrid


class _Parts:
    """zipfile.ZipFile.read for the parts inspect_workbook kept; the zip is opened only for others."""

    def __init__(self, path: Path, kept: Mapping[str, bytes | None] | None):
        self._path, self._kept, self._zip = path, kept or {}, None

    def read(self, name: str) -> bytes:
        data = self._kept.get(name)
        if data is not None:
            return data
        if name not in self._kept and self._kept and _needed_part(name):
            raise KeyError(name)  # inspected: the archive has no such part
        if self._zip is None:
            self._zip = zipfile.ZipFile(self._path)
        return self._zip.read(name)

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()


def sheet_parts(path: Path, parts: Mapping[str, bytes | None] | None = None) -> dict[str, str]:
    """{sheet name: the zip part holding it}, from xl/workbook.xml and its relationships."""
    z = _Parts(path, parts)
    try:
        rels = _book_rels(z.read("xl/_rels/workbook.xml.rels"))
        return {_unescape(name.decode("utf-8", "replace")): _part_of(rels.get(rid, b""))
                for name, rid in _book_sheets(z.read("xl/workbook.xml"))}
    except (KeyError, zipfile.BadZipFile, OSError):
        return {}
    finally:
        z.close()


def _part_of(target: bytes) -> str:
    t = target.decode("utf-8", "replace")
    return t.lstrip("/") if t.startswith("/") else str(PurePosixPath("xl") / t)


def _error_cells(path: Path, sheet_names: list[str],
                 parts: Mapping[str, bytes | None] | None = None) -> dict[str, dict[str, object]]:
    """{sheet: {cell: flag}}: "#DIV/0!" for Excel error values (calamine reads them as blanks),
    PERCENT_CELL for cells formatted as a percentage (calamine gives 0.86 for 86%), NO_CACHED_VALUE
    for a formula saved without its value; only sheets with flags. `parts`: the inflated parts
    inspect_workbook kept (WorkbookCheck.parts); others are read from the file."""
    flags = SheetFlags(path, parts, sheet_parts(path, parts), lambda name: None)
    return {name: got for name in sheet_names if (got := flags.get(name))}


def sheet_flags(data: bytes, percent: frozenset[bytes]) -> dict[str, object]:
    """{cell: flag} of one sheet's XML (see _error_cells); `percent`: the percent style indexes."""
    flags: dict[str, object] = {}
    if percent and any(b's="' + p + b'"' in data for p in percent):
        for e in _CELL_ELEM.findall(data):
            if _attr(e, b"s") in percent:
                flags[_attr(e, b"r").decode()] = PERCENT_CELL
    if b't="e"' in data:
        flags.update({c.decode(): v.decode() for c, v in _ERR_CELL.findall(data)})
    # a formula a program wrote without its value: calamine reads a blank (perf: `<f>`, `<f ...>`
    # or `<f/>`, not the data validations' <formula1>)
    if b"<f>" in data or b"<f " in data or b"<f/>" in data:
        flags.update({c.decode(): NO_CACHED_VALUE for c in _NO_VALUE.findall(data)})
    return flags


class SheetFlags(Mapping):
    """_error_cells for a workbook being read, each sheet looked at when first asked for (perf: a
    sheet read.xmlgrid read through a template has the template's flags, which are worked out once:
    every cell but the plain numbers and texts it put in is byte for byte the template's).
    `template_of(sheet)`: that template, or None. Holds only sheets with flags, like _error_cells."""

    def __init__(self, path: Path, parts: Mapping[str, bytes | None] | None, parts_of: Mapping[str, str],
                 template_of):
        self._path, self._parts, self._parts_of, self._template_of = path, parts, parts_of, template_of
        self._flags: dict[str, dict[str, object]] = {}
        self._percent: frozenset[bytes] | None = None

    def _sheet(self, name: str) -> dict[str, object]:
        flags = self._flags.get(name)
        if flags is None:
            if self._percent is None:
                styles = self._read("xl/styles.xml")
                self._percent = _percent_ids(styles) if styles else frozenset()
            template = self._template_of(name)
            if template is not None:
                flags = template.flags(self._percent)
            else:
                data = self._read(self._parts_of.get(name))
                flags = sheet_flags(data, self._percent) if data else {}
            self._flags[name] = flags
        return flags

    def _read(self, part: str | None) -> bytes | None:
        if not part:
            return None
        z = _Parts(self._path, self._parts)
        try:
            return z.read(part)
        except (KeyError, zipfile.BadZipFile, OSError):
            return None
        finally:
            z.close()

    def __getitem__(self, name: str) -> dict[str, object]:
        flags = self._sheet(name)
        if not flags:
            raise KeyError(name)
        return flags

    def get(self, name: str, default=None):
        return self._sheet(name) or default

    def __iter__(self):
        return (n for n in self._parts_of if self._sheet(n))

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _unescape(s: str) -> str:
    return s.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'")
