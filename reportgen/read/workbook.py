"""The tolerant reader: a filled annex workbook (ours or an office's own) into a typed Dataset.

Values are read with python-calamine (values only, fast). Rows are matched to the catalog by
the hidden id column when the form is ours, otherwise by TT and normalised name, so extra
empty rows, deleted or moved rows do not shift values. Every value keeps its source cell.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from pathlib import Path

from python_calamine import CalamineWorkbook

from reportgen.core import model as m
from reportgen.core.catalog import Catalog
from reportgen.core.errors import OtherFormError, UnreadableInputError
from reportgen.core.findings import WARNING, Finding
from reportgen.core.period import Period
from reportgen.read.grid import _Grid, norm
from reportgen.read.header import _CONTINUATION, _HEAD_ROWS, _LAYOUTS, infer_period
from reportgen.read.info import _identity, _read_info, _read_narrative
from reportgen.read.locate import _by_key, _known, _locate
from reportgen.read.rows import (_ANNEX_ROWS, _fast_constructor, _new_source, _new_value, _parse_text,
                                 _read_annex)
from reportgen.read.extent import check_extent
from reportgen.read.safety import inspect_workbook
from reportgen.read.sheets import ANNEX_FORM, IDENTITY_SHEET
from reportgen.read.sheetxml import PERCENT_CELL, SheetFlags, _needed_part, sheet_parts
from reportgen.read.tables import _HOLDS, _read_matrix, _read_records
from reportgen.read.xmlgrid import TEMPLATES
from reportgen.read.xmlgrid import Book as XmlBook

__all__ = ["read_workbook", "norm", "infer_period", "PERCENT_CELL"]
# Re-exported for the tests and bench that look inside the reader (tests/test_read_speedups.py).
_INTERNALS = (_CONTINUATION, _HEAD_ROWS, _LAYOUTS, _ANNEX_ROWS, _HOLDS, _fast_constructor, _new_source,
              _new_value, _parse_text, _needed_part)


def read_workbook(path: Path, catalog: Catalog, *, period: Period | None = None, annex_hook=None) -> m.Dataset:
    """Read one filled workbook. Raises UnreadableInputError (exit 2) when it cannot be read.
    `annex_hook(ds, grid, annex, errors) -> bool`, if given, may read a list annex of one of our forms
    itself (True: skipped here); used by reportgen.totals.fastread, which checks it reads the same."""
    path = Path(path)
    check = inspect_workbook(path, keep=_needed_part)  # perf: the parts SheetFlags and read.xmlgrid read, inflated once
    try:
        # the bytes just inspected when the inspection read the file whole (no second open, and
        # nothing changed in between); else the file
        book = (CalamineWorkbook.from_filelike(io.BytesIO(check.data)) if check.data is not None
                else CalamineWorkbook.from_path(str(path)))
        names = list(book.sheet_names)
        parts_of = sheet_parts(path, check.parts)
        grids = _Sheets(book, names, path, _limits(check, parts_of), _SheetXml(check.parts, parts_of))
    except UnreadableInputError:
        raise
    except Exception as exc:  # calamine raises its own error types for broken parts
        raise _unreadable(exc, path) from None
    fname = path.name
    identity = _identity(grids.get(IDENTITY_SHEET) or _by_key(grids, "catalog_version", _known(catalog)))
    if not identity and not any(g.rows for g in grids.values()):
        raise UnreadableInputError("bảng tính rỗng, không có trang tính nào chứa số liệu", file=str(path))
    ds = m.Dataset(period=period or Period(0), file=fname)
    for w in check.warnings:
        code = "external_link" if check.external_links and "liên kết tới tệp ngoài" in w else "input_warning"
        ds.problems.append(Finding(WARNING, w, fname, code=code))
    errors = SheetFlags(path, check.parts, parts_of, grids.template_of)  # perf: only the sheets read below
    if identity:
        _read_ours(ds, grids, identity, catalog, fname, errors, annex_hook)
    else:
        _read_foreign(ds, grids, catalog, fname, errors, period)
    return ds


def _unreadable(exc: Exception, path: Path) -> UnreadableInputError:
    return UnreadableInputError(f"không đọc được bảng tính ({type(exc).__name__}: {exc})".rstrip(), file=str(path))


def _limits(check, parts_of: dict[str, str]) -> Callable[[str], str | None]:
    """sheet name -> why it must not be parsed (read.extent.check_extent), or None."""
    # the shared strings' longest (worksheets hold none; their scans may wait: check.unscanned)
    longest = max((e.longest_string for e in check.extents.values()), default=0)

    def why(name: str) -> str | None:
        extent = check.extent(parts_of.get(name, ""))
        if extent is None:  # a part the relationships do not name plainly: the largest of them all
            extent = max(check.all_extents(), key=lambda e: e.cells, default=None)
        return check_extent(extent, longest) if extent is not None else None
    return why


class _Sheets(Mapping):
    """Sheet name -> _Grid, each sheet parsed by calamine on first use (perf: sheets the reader
    never looks at, such as the per-unit breakdown of a national total, cost nothing)."""

    def __init__(self, book, names: list[str], path: Path, limits: Callable[[str], str | None],
                 xml: _SheetXml | None = None):
        self._book, self._names, self._path, self._limits = book, names, path, limits
        self._grids: dict[str, _Grid] = {}
        self._xml = xml
        self._templates: dict[str, object] = {}  # sheet -> the read.xmlgrid template it was read through

    def __getitem__(self, name: str) -> _Grid:
        grid = self._grids.get(name)
        if grid is None:
            if name not in self._names:
                raise KeyError(name)
            xml = self._xml.sheet(name) if self._xml is not None else None
            rows = pieces = None
            if xml is not None:  # perf: a sheet shaped like one calamine read already (read.xmlgrid;
                rows, pieces, template = TEMPLATES.grid(name, xml, self._xml.book)  # its grid is the
                if template is not None:                                           # template's size)
                    self._templates[name] = template
            if rows is None:
                too_large = self._limits(name)
                if too_large:  # refused before calamine builds the grid (it would abort the process)
                    raise UnreadableInputError(too_large, file=str(self._path), sheet=name)
                try:
                    rows = self._book.get_sheet_by_name(name).to_python(skip_empty_area=False)
                except Exception as exc:  # calamine raises its own error types for broken parts
                    raise _unreadable(exc, self._path) from None
                if pieces is not None:
                    TEMPLATES.learn(name, pieces, rows, self._xml.book)
            grid = self._grids[name] = _Grid(name, rows)
        return grid

    def template_of(self, name: str):
        """The read.xmlgrid template sheet `name` was read through, or None (calamine read it)."""
        return self._templates.get(name)

    def __contains__(self, name) -> bool:
        return name in self._names

    def __iter__(self):
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)



class _SheetXml:
    """The sheet parts the inspection kept, by sheet name, and the workbook's styles and strings."""

    def __init__(self, kept: Mapping[str, bytes | None], parts_of: dict[str, str]):
        self._kept, self._parts_of = kept, parts_of
        self._book: XmlBook | None = None

    def sheet(self, name: str) -> bytes | None:
        part = self._parts_of.get(name)
        return self._kept.get(part) if part else None

    @property
    def book(self) -> XmlBook:
        if self._book is None:
            self._book = XmlBook(self._kept.get("xl/styles.xml"), self._kept.get("xl/sharedStrings.xml"))
        return self._book


# --- our own forms ------------------------------------------------------------------------

def _read_ours(ds, grids, identity, catalog: Catalog, fname: str, errors, annex_hook=None) -> None:
    kind = identity.get("form_kind", ANNEX_FORM)
    if kind != ANNEX_FORM:
        raise OtherFormError(f"đây là biểu mẫu loại «{kind}», không phải biểu mẫu phụ lục số liệu",
                             form_kind=kind, file=fname)
    try:
        ds.period = Period.parse(identity.get("period", ""))
    except Exception:
        raise UnreadableInputError("trang định danh của biểu mẫu bị hỏng (thiếu kỳ báo cáo)",
                                   file=fname) from None
    catalog = catalog.for_period(ds.period)  # the levels of that period (levels.yaml `until`)
    ds.unit = identity.get("unit", "")
    ds.catalog_version = identity.get("catalog_version", "")
    if ds.catalog_version and ds.catalog_version != catalog.version:
        ds.problems.append(Finding(
            WARNING, f"biểu mẫu tạo theo danh mục chỉ tiêu phiên bản {ds.catalog_version}, khác phiên bản "
                     f"hiện tại {catalog.version}; các dòng được đối chiếu theo TT và tên chỉ tiêu",
            fname, code="catalog_version"))
    found = _locate(grids, catalog, fname, ds)
    _read_info(ds, found.info)
    if not ds.unit:
        ds.unit = ds.info.get("unit_name")
    _read_narrative(ds, found.narrative)
    for annex in catalog.annexes:
        grid = found.annexes[annex.id]
        if annex.layout == "records":
            _read_records(ds, grid, annex, catalog, fname, errors)
        elif annex.layout == "matrix":
            _read_matrix(ds, grid, annex, catalog, fname, errors)
        elif annex_hook is None or not annex_hook(ds, grid, annex, errors):
            _read_annex(ds, grid, annex, catalog, fname, errors)


# --- workbooks reportgen did not make --------------------------------------------------------

def _read_foreign(ds, grids, catalog: Catalog, fname: str, errors, period: Period | None) -> None:
    found = 0
    for name, grid in grids.items():
        if not grid.rows:
            continue
        annex = _guess_annex(grid, catalog)
        if annex is None:
            continue
        p = period or infer_period(grid)
        if p is None:
            raise UnreadableInputError("không xác định được kỳ báo cáo từ tiêu đề cột (ví dụ «6 tháng đầu "
                                       "năm 2025» hoặc «Năm 2025»)", file=fname, sheet=name)
        if ds.period.year == 0:
            ds.period = p
        found += _read_annex(ds, grid, annex, catalog.for_period(ds.period), fname, errors) >= 0
    if not found:
        raise UnreadableInputError("không nhận ra phụ lục nào trong bảng tính (cần cột «TT», «Chỉ tiêu» "
                                   "và các chỉ tiêu của Mẫu 01/TE, 02/TE hoặc Phụ lục 1–7)", file=fname)


def _guess_annex(grid: _Grid, catalog: Catalog) -> m.Annex | None:
    names = {norm(c) for row in grid.rows[:400] for c in row[:6] if isinstance(c, str) and len(c) > 6}
    best, score = None, 0
    for annex in catalog.annexes:
        if annex.layout != "list":
            continue
        labels = {norm(r.label) for r in annex.rows if r.indicator}
        hit = len(labels & names)
        if hit > score:
            best, score = annex, hit
    return best if score >= 3 else None


