"""The tolerant reader: a filled annex workbook (ours or an office's own) into a typed Dataset.

Values are read with python-calamine (values only, fast). Rows are matched to the catalog by
the hidden id column when the form is ours, otherwise by TT and normalised name, so extra
empty rows, deleted or moved rows do not shift values. Every value keeps its source cell.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath

from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook

from reportgen.core import model as m
from reportgen.core.catalog import Catalog
from reportgen.read.cells import CellError, clean_text, parse_value
from reportgen.core.errors import OtherFormError, UnreadableInputError
from reportgen.core.findings import ERROR, WARNING, Finding
from reportgen.read.sheets import (IDENTITY_SHEET, INFO_SHEET, NARRATIVE_SHEET, ANNEX_FORM)
from reportgen.read.layout import sheet_columns, visible_rows
from reportgen.core.period import Period
from reportgen.read.safety import inspect_workbook

_MARKERS = re.compile(r"^(?:[-+*•–]\s*|trong đó\s*:?\s*)+")
_NONWORD = re.compile(r"[^\w%‰/]+")
_YEAR = re.compile(r"(?<!\d)(19\d{2}|20\d{2}|21\d{2})(?!\d)")
_COLNUM = re.compile(r"^\(\d+\)$")


@lru_cache(maxsize=1 << 16, typed=True)  # perf: the same labels recur in every workbook
def norm(text) -> str:
    """Normalised label for matching: NFC, lower case, no list markers, single spaces."""
    t = unicodedata.normalize("NFC", str(text or "")).lower().replace("<i>", "").replace("</i>", "")
    t = _MARKERS.sub("", t.strip())
    t = _NONWORD.sub(" ", t)
    return " ".join(t.split()).replace(" /", "/").replace("/ ", "/")  # "thôn/ xóm" = "thôn/xóm"


@dataclass
class _Grid:
    """A sheet's cells as calamine gives them: rows[i][j] is cell (i+1, j+1)."""

    name: str
    rows: list[list]

    def cell(self, i: int, j: int):
        if i < len(self.rows) and j < len(self.rows[i]):
            return self.rows[i][j]
        return ""

    def text(self, i: int, j: int) -> str:
        return _cell_text(self.cell(i, j))


@lru_cache(maxsize=1 << 16, typed=True)  # perf: TT, labels and ids repeat across workbooks
def _cell_text(v) -> str:
    return "" if v is None else clean_text(v) if not isinstance(v, float) else (
        str(int(v)) if v.is_integer() else str(v))


@dataclass
class _Layout:
    header_row: int  # 0-based index of the first header row
    data_row: int
    tt_col: int
    name_col: int
    id_col: int | None
    roles: dict[str, int] = field(default_factory=dict)  # role -> column index


def read_workbook(path: Path, catalog: Catalog, *, period: Period | None = None, annex_hook=None) -> m.Dataset:
    """Read one filled workbook. Raises UnreadableInputError (exit 2) when it cannot be read.
    `annex_hook(ds, grid, annex, errors) -> bool`, if given, may read a list annex of one of our forms
    itself (True: skipped here); used by reportgen.totals.fastread, which checks it reads the same."""
    path = Path(path)
    check = inspect_workbook(path, keep=_needed_part)  # perf: the parts _error_cells reads, inflated once
    try:
        # the bytes just inspected when the inspection read the file whole (no second open, and
        # nothing changed in between); else the file
        book = (CalamineWorkbook.from_filelike(io.BytesIO(check.data)) if check.data is not None
                else CalamineWorkbook.from_path(str(path)))
        names = list(book.sheet_names)
        grids = _Sheets(book, names, path)
    except UnreadableInputError:
        raise
    except Exception as exc:  # calamine raises its own error types for broken parts
        raise _unreadable(exc, path) from None
    fname = path.name
    identity = _identity(grids.get(IDENTITY_SHEET))
    if not identity and not any(g.rows for g in grids.values()):
        raise UnreadableInputError("bảng tính rỗng, không có trang tính nào chứa số liệu", file=str(path))
    ds = m.Dataset(period=period or Period(0), file=fname)
    for w in check.warnings:
        code = "external_link" if check.external_links and "liên kết tới tệp ngoài" in w else "input_warning"
        ds.problems.append(Finding(WARNING, w, fname, code=code))
    if identity:  # perf: cell flags are looked for only in the sheets read below
        wanted = {norm(n).replace(" ", "") for n in (IDENTITY_SHEET, INFO_SHEET, NARRATIVE_SHEET,
                                                    *(a.sheet for a in catalog.annexes))}
        errors = _error_cells(path, [n for n in names if norm(n).replace(" ", "") in wanted], check.parts)
    else:
        errors = _error_cells(path, names, check.parts)
    if identity:
        _read_ours(ds, grids, identity, catalog, fname, errors, annex_hook)
    else:
        _read_foreign(ds, grids, catalog, fname, errors, period)
    return ds


def _unreadable(exc: Exception, path: Path) -> UnreadableInputError:
    return UnreadableInputError(f"không đọc được bảng tính ({type(exc).__name__}: {exc})".rstrip(), file=str(path))


class _Sheets(Mapping):
    """Sheet name -> _Grid, each sheet parsed by calamine on first use (perf: sheets the reader
    never looks at, such as the per-unit breakdown of a national total, cost nothing)."""

    def __init__(self, book, names: list[str], path: Path):
        self._book, self._names, self._path = book, names, path
        self._grids: dict[str, _Grid] = {}

    def __getitem__(self, name: str) -> _Grid:
        grid = self._grids.get(name)
        if grid is None:
            if name not in self._names:
                raise KeyError(name)
            try:
                grid = _Grid(name, self._book.get_sheet_by_name(name).to_python(skip_empty_area=False))
            except Exception as exc:  # calamine raises its own error types for broken parts
                raise _unreadable(exc, self._path) from None
            self._grids[name] = grid
        return grid

    def __contains__(self, name) -> bool:
        return name in self._names

    def __iter__(self):
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


def _identity(grid: _Grid | None) -> dict[str, str]:
    if grid is None:
        return {}
    out = {}
    for row in grid.rows:
        if len(row) >= 2 and row[0]:
            out[str(row[0])] = "" if row[1] is None else str(row[1])
    return out


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
    ds.unit = identity.get("unit", "")
    ds.catalog_version = identity.get("catalog_version", "")
    if ds.catalog_version and ds.catalog_version != catalog.version:
        ds.problems.append(Finding(
            WARNING, f"biểu mẫu tạo theo danh mục chỉ tiêu phiên bản {ds.catalog_version}, khác phiên bản "
                     f"hiện tại {catalog.version}; các dòng được đối chiếu theo TT và tên chỉ tiêu",
            fname, code="catalog_version"))
    _read_info(ds, grids.get(INFO_SHEET))
    if not ds.unit:
        ds.unit = ds.info.get("unit_name")
    _read_narrative(ds, grids.get(NARRATIVE_SHEET))
    for annex in catalog.annexes:
        grid = _find_sheet(grids, annex.sheet)
        if grid is None:
            raise UnreadableInputError(
                f"thiếu trang tính «{annex.sheet}» ({annex.number}); có thể đã bị xóa hoặc đổi tên — "
                f"hãy đặt lại đúng tên «{annex.sheet}»", file=fname)
        if annex.layout == "records":
            _read_records(ds, grid, annex, catalog, fname, errors)
        elif annex.layout == "matrix":
            _read_matrix(ds, grid, annex, catalog, fname, errors)
        elif annex_hook is None or not annex_hook(ds, grid, annex, errors):
            _read_annex(ds, grid, annex, catalog, fname, errors)


def _find_sheet(grids: dict[str, _Grid], name: str) -> _Grid | None:
    if name in grids:
        return grids[name]
    wanted = norm(name).replace(" ", "")
    for n in grids:  # names only: parse just the sheet that matches
        if norm(n).replace(" ", "") == wanted:
            return grids[n]
    return None


_MULTILINE_INFO = ("recipients", "authority")


def _read_info(ds: m.Dataset, grid: _Grid | None) -> None:
    if grid is None:
        return
    for i, row in enumerate(grid.rows):
        key = row[0] if row else ""
        if key and isinstance(key, str) and len(row) > 2:
            v = row[2]
            if v in (None, ""):
                continue
            if hasattr(v, "strftime"):
                ds.info.fields[key] = v.strftime("%d/%m/%Y")
            elif key in _MULTILINE_INFO:  # one item per line: keep the lines
                ds.info.fields[key] = "\n".join(clean_text(x) for x in str(v).splitlines() if x.strip())
            else:
                ds.info.fields[key] = clean_text(v)


def _read_narrative(ds: m.Dataset, grid: _Grid | None) -> None:
    if grid is None:
        return
    for i, row in enumerate(grid.rows):
        if row and row[0] and isinstance(row[0], str):
            ds.narrative_cells[row[0]] = f"C{i + 1}"
            if len(row) > 2 and row[2] not in (None, ""):
                ds.narrative[row[0]] = str(row[2]).strip()


# --- layout detection ---------------------------------------------------------------------

_TT_WORDS = {"tt", "stt", "thứ tự", "số tt"}
_NAME_WORDS = ("chỉ tiêu", "nội dung", "các mục tiêu", "tên đơn vị", "cấp quản lý")


def _detect_layout(grid: _Grid, annex: m.Annex, period: Period, fname: str) -> _Layout:
    rows = grid.rows
    for i in range(min(len(rows), 40)):
        found = _head_cols(rows[i])
        if found is None:
            continue
        # perf: every unit's form of a catalog version has the same header rows; a layout found
        # once is reused when the header rows are the same strings and the header ends at the same
        # row (see _LAYOUTS). Anything else is detected afresh, with its errors.
        key = (i, tuple(rows[i]), annex.columns, period) if _all_text(rows[i]) else None
        if key is not None:
            for below, layout in _LAYOUTS.get(key, ()):
                if rows[i + 1:layout.data_row] == below and _header_ends(rows, i, layout.data_row):
                    return layout
        tt, name = found
        id_col = next((j for j, c in enumerate(rows[i]) if c == "_id"), None)
        data = _skip_header(grid, i)
        roles = _match_roles(grid, i, data, annex, period)
        layout = _Layout(i, data, tt, name, id_col, roles)
        below = [list(r) for r in rows[i + 1:data]]
        if key is not None and all(_all_text(r) for r in below):
            if len(_LAYOUTS) >= _MEMO_MAX:
                _LAYOUTS.clear()
            _LAYOUTS.setdefault(key, []).append((below, layout))
        return layout
    raise UnreadableInputError("không tìm thấy dòng tiêu đề (cột «TT» và «Chỉ tiêu»/«Nội dung»)",
                               file=fname, sheet=grid.name)


_MEMO_MAX = 512
# (header row index, header row, annex columns, period) -> [(rows below the header row up to the
# first data row, the layout)]. Only rows made of strings are remembered (a str equals only the
# same str, so list equality is exact there: 1, 1.0 and True never stand for one another).
_LAYOUTS: dict = {}
_HEAD_ROWS: dict[tuple, tuple[int, int] | None] = {}  # a row of strings -> its (TT, name) columns, if a header


def _all_text(row: list) -> bool:
    for c in row:
        if type(c) is not str:
            return False
    return True


def _head_cols(row: list) -> tuple[int, int] | None:
    """(TT column, name column) when `row` is a header row, else None."""
    key = tuple(row) if _all_text(row) else None
    if key is not None:
        try:
            return _HEAD_ROWS[key]
        except KeyError:
            pass
    cells = [norm(c) for c in row]
    tt = next((j for j, c in enumerate(cells) if c in _TT_WORDS), None)
    name = next((j for j, c in enumerate(cells) if c.startswith(_NAME_WORDS)), None)
    found = None if tt is None or name is None else (tt, name)
    if key is not None:
        if len(_HEAD_ROWS) >= 8 * _MEMO_MAX:
            _HEAD_ROWS.clear()
        _HEAD_ROWS[key] = found
    return found


def _header_ends(rows: list[list], head: int, data: int) -> bool:
    """Whether the header that starts at row `head` has ended by row `data` (see _skip_header)."""
    return not (data < len(rows) and data <= head + 3 and (
        _is_header_continuation(rows[data]) or not any(c not in (None, "") for c in rows[data])))


def _skip_header(grid: _Grid, head: int) -> int:
    """First data row after a header that may span a few rows and end with (1) (2) (3)."""
    data = head + 1
    while not _header_ends(grid.rows, head, data):
        data += 1
    return data


def _is_header_continuation(row: list) -> bool:
    # perf: the first data row is looked at for every annex of every workbook. A number or a yes/no
    # in the row makes the answer False below (its text is not "(n)" and it is not a str); a row
    # of strings is remembered.
    if not _all_text(row):
        for c in row:
            if type(c) in _NUMBER_TYPES:
                return False
        return _header_continuation(row)
    key = tuple(row)
    found = _CONTINUATION.get(key)
    if found is None:
        found = _header_continuation(row)
        if len(_CONTINUATION) >= 8 * _MEMO_MAX:
            _CONTINUATION.clear()
        _CONTINUATION[key] = found
    return found


_NUMBER_TYPES = (float, int, bool)
_CONTINUATION: dict[tuple, bool] = {}


def _header_continuation(row: list) -> bool:
    texts = [clean_text(c) for c in row if c not in (None, "")]
    if not texts:
        return False
    if all(_COLNUM.match(t) for t in texts):
        return True
    return all(isinstance(c, str) for c in row if c not in (None, "")) and any(
        norm(t) in ("đạt kh", "không đạt kh", "vượt kh", "nam", "nữ", "đạt kh %", "không đạt kh %",
                    "vượt kh %") for t in texts)


def _header_texts(grid: _Grid, first: int, stop: int) -> list[str]:
    width = max((len(grid.rows[r]) for r in range(first, stop)), default=0)
    out = []
    for j in range(width):
        parts = [grid.text(r, j) for r in range(first, stop)]
        out.append(" ".join(p for p in parts if p and not _COLNUM.match(p)))
    return out


def _match_roles(grid: _Grid, first: int, stop: int, annex: m.Annex, period: Period) -> dict[str, int]:
    texts = [norm(t) for t in _header_texts(grid, first, stop)]
    roles: dict[str, int] = {}
    expected = {sc.role: norm(sc.header) for sc in sheet_columns(annex, period) if ":" not in sc.role}
    for role, header in expected.items():
        for j, t in enumerate(texts):
            if t == header and j not in roles.values():
                roles[role] = j
                break
    for j, t in enumerate(texts):
        if j in roles.values() or not t:
            continue
        role = _guess_role(t, period)
        if role and role not in roles:
            roles[role] = j
    return roles


def _guess_role(t: str, period: Period) -> str | None:
    if t.startswith("ghi chú"):
        return m.NOTE
    if t.startswith("cơ quan chủ trì"):
        return m.AGENCY
    if "đạt kh" in t or t.startswith("đánh giá"):
        return None
    years = [int(y) for y in _YEAR.findall(t)]
    if not years or not period.year:
        return None
    y = years[-1]
    is_plan = t.startswith(("kh ", "kế hoạch")) or " kh " in f" {t} "
    if is_plan:
        return m.PLAN if y == period.year else m.NEXT_PLAN if y == period.year + 1 else None
    half = "6 tháng" in t
    if half != period.half:
        return None
    return m.CURRENT if y == period.year else m.PREVIOUS if y == period.year - 1 else None


def infer_period(grid: _Grid) -> Period | None:
    """For a workbook reportgen did not make: the latest year among result columns."""
    for i in range(min(len(grid.rows), 40)):
        cells = [norm(c) for c in grid.rows[i]]
        if any(c in _TT_WORDS for c in cells):
            best = None
            for t in _header_texts(grid, i, min(i + 3, len(grid.rows))):
                nt = norm(t)
                ys = [int(y) for y in _YEAR.findall(nt)]
                if not ys or nt.startswith(("kh ", "kế hoạch")):
                    continue
                cand = Period(ys[-1], "6 tháng" in nt)
                if best is None or cand.year > best.year:
                    best = cand
            return best
    return None


# --- annex rows ---------------------------------------------------------------------------

def _read_annex(ds, grid: _Grid, annex: m.Annex, catalog: Catalog, fname: str, errors) -> int:
    layout = _detect_layout(grid, annex, ds.period, fname)
    if m.CURRENT not in layout.roles:
        header = f"A{layout.header_row + 1}:{get_column_letter(max(len(grid.rows[layout.header_row]), 1))}" \
                 f"{layout.data_row}"
        cur = [sc.header for sc in sheet_columns(annex, ds.period) if sc.role == m.CURRENT]
        raise UnreadableInputError(
            f"không tìm thấy cột «{cur[0] if cur else ds.period.label}» ở dòng tiêu đề {header}; "
            "tiêu đề cột đã bị sửa hoặc biểu mẫu thuộc kỳ báo cáo khác", file=fname, sheet=grid.name)
    rows, by_name, by_id, by_clean_id = _annex_rows(annex, catalog)
    matcher = _RowMatcher(rows, by_name, by_id)
    used = matcher.used
    sheet_errors = errors.get(grid.name, {})
    placed = 0
    value_cells = {role: j for role, j in layout.roles.items() if role in m.VALUE_ROLES
                   or role in (m.NOTE, m.DETAIL)}
    # perf: (role, column, column letter, a value role?) in the order of value_cells
    cols = [(role, j, get_column_letter(j + 1), role in _VALUE_ROLES) for role, j in value_cells.items()]
    tt_col, name_col, id_col = layout.tt_col, layout.name_col, layout.id_col
    grid_rows, sheet, indicators, put = grid.rows, grid.name, catalog.indicators, ds.put
    value, source = _new_value, _new_source
    fast, new, Value, Source = _FAST_OBJECTS, object.__new__, m.Value, m.Source
    for i in range(layout.data_row, len(grid_rows)):
        cells = grid_rows[i]  # perf: grid.text(i, j) inlined
        n = len(cells)
        raw_id = cells[id_col] if id_col is not None and id_col < n else ""
        # perf: an id cell holding exactly a catalog id that cleaning leaves as it is (the usual
        # case) matches by id alone, as _RowMatcher.match does for it; TT and name are not needed.
        ids = by_clean_id.get(raw_id) if type(raw_id) is str else None
        if ids is not None and len(ids) == 1 and ids[0] not in used:
            pos = matcher.cursor = ids[0]
            used.add(pos)
        else:
            tt = _cell_text(cells[tt_col]) if tt_col < n else ""
            name = _cell_text(cells[name_col]) if name_col < n else ""
            rid = (_cell_text(raw_id) if id_col < n else "") if id_col is not None else ""
            if not tt and not name and not rid:
                continue
            pos = matcher.match(rid, tt, name)
            if pos is None:
                if any(grid.cell(i, j) not in (None, "") for j in value_cells.values()):
                    ds.problems.append(Finding(
                        WARNING, f"không xác định được chỉ tiêu của dòng {i + 1} («{(tt + ' ' + name).strip()}»); "
                                 "số liệu dòng này không được đọc", fname, grid.name,
                        f"{get_column_letter(layout.name_col + 1)}{i + 1}", code="unplaced_row"))
                continue
            row = rows[pos]
            if row.indicator is None:  # a heading row: a figure typed on it has no indicator to go to
                typed = [j for role, j, letter, valued in cols if valued and (cells[j] if j < n else "") not in (None, "")]
                if typed:
                    ds.problems.append(Finding(
                        WARNING, f"dòng {i + 1} («{(tt + ' ' + name).strip()}») là dòng tiêu đề nhóm, không có chỉ tiêu; "
                                 "số liệu ở dòng này không được đọc", fname, grid.name,
                        f"{get_column_letter(typed[0] + 1)}{i + 1}", code="unplaced_row"))
                continue
        ind = indicators[rows[pos].indicator]
        iid, kind = ind.id, ind.kind
        # perf: blanks and plain numbers, the bulk of a form, are stored here without the general
        # path; anything else (text, error cells, notes) goes through _take as before.
        number_ok = kind in _FRACTION_KINDS or kind == m.COUNT
        whole = kind == m.COUNT
        rownum = str(i + 1)
        for role, j, letter, valued in cols:
            raw = cells[j] if j < n else ""
            t = type(raw)
            if not valued:  # a note or detail column
                if (raw == "" or raw is None) and not sheet_errors:
                    continue  # blank and not an error cell: _take would store nothing
            elif (t is float and number_ok and 0 <= raw < _INF and (not whole or raw.is_integer())) or raw == "":
                coord = letter + rownum
                if coord not in sheet_errors:
                    if fast:  # _new_source and _new_value inlined
                        src = new(Source)
                        d = src.__dict__
                        d["file"], d["sheet"], d["cell"] = fname, sheet, coord
                        v = new(Value)
                        d = v.__dict__
                        d["value"], d["source"] = raw if t is float else None, src
                        put(iid, role, v)
                    else:
                        put(iid, role, value(raw if t is float else None, source(fname, sheet, coord)))
                    continue
            elif t is str:  # "Có", "3/7", "13.758"...: what _take does for it, inlined
                coord = letter + rownum
                if coord not in sheet_errors:
                    try:
                        typed = _parse_text(raw, kind)
                    except CellError as exc:
                        ds.problems.append(Finding(ERROR, f"{ind.name[:60]}: {exc}", fname, sheet, coord,
                                                   code="bad_value"))
                        typed = None
                    put(iid, role, value(typed, source(fname, sheet, coord)))
                    continue
            _take(ds, grid, ind, role, i, j, fname, sheet_errors)
        placed += 1
    return placed


def _take(ds, grid: _Grid, ind: m.Indicator, role: str, i: int, j: int, fname: str, sheet_errors) -> None:
    coord = f"{get_column_letter(j + 1)}{i + 1}"
    src = _new_source(fname, grid.name, coord)
    raw = grid.cell(i, j)
    flag = sheet_errors.get(coord)
    if flag is PERCENT_CELL:
        if ind.kind == m.PERCENT and isinstance(raw, float):
            raw = round(raw * 100, 10)  # 86% is stored as 0.86
    elif flag is not None:
        raw = flag
    if role in (m.NOTE, m.DETAIL):
        if raw not in (None, ""):
            ds.extra.setdefault(ind.id, {})[role] = _new_value(clean_text(raw), src)
        return
    try:
        typed = _parse_text(raw, ind.kind) if type(raw) is str else parse_value(raw, ind.kind)
    except CellError as exc:
        ds.problems.append(Finding(ERROR, f"{ind.name[:60]}: {exc}", fname, grid.name, coord, code="bad_value"))
        typed = None
    ds.put(ind.id, role, _new_value(typed, src))


@lru_cache(maxsize=1 << 14)  # perf: "Có", "Không", "3/7"... recur; a refused text raises again each time
def _parse_text(raw: str, kind: str):
    return parse_value(raw, kind)


_INF = float("inf")
_VALUE_ROLES = frozenset(m.VALUE_ROLES)
_FRACTION_KINDS = (m.MONEY, m.PERCENT, m.PERMILLE)  # numeric kinds that accept any non-negative float


def _fast_constructor(cls, names: tuple[str, ...]):
    """perf: a constructor for the frozen dataclass `cls` that fills the instance dict directly,
    skipping the generated __init__ (object.__setattr__ per field, twice the time). Used only when
    it makes the very object the class's own constructor makes; otherwise the class itself."""
    new = object.__new__

    def make(*args):
        obj = new(cls)
        d = obj.__dict__
        for k, v in zip(names, args):
            d[k] = v
        return obj

    if len(names) == 2:
        a, b = names

        def make(x, y):  # noqa: F811 (the two-field case, unrolled)
            obj = new(cls)
            d = obj.__dict__
            d[a] = x
            d[b] = y
            return obj
    elif len(names) == 3:
        a, b, c = names

        def make(x, y, z):  # noqa: F811
            obj = new(cls)
            d = obj.__dict__
            d[a] = x
            d[b] = y
            d[c] = z
            return obj
    try:
        import dataclasses
        probe = tuple(f"_{k}" for k in names)
        ok = (tuple(f.name for f in dataclasses.fields(cls)) == names and "__slots__" not in vars(cls)
              and not hasattr(cls, "__post_init__")
              and vars(make(*probe)) == vars(cls(*probe)) and make(*probe) == cls(*probe))
    except Exception:
        ok = False
    return make if ok else cls


_new_value = _fast_constructor(m.Value, ("value", "source"))
_new_source = _fast_constructor(m.Source, ("file", "sheet", "cell"))
_FAST_OBJECTS = _new_value is not m.Value and _new_source is not m.Source  # _read_annex inlines them


def _annex_rows(annex: m.Annex, catalog: Catalog):
    """(visible_rows, the _RowMatcher tables for them, the ids that _cell_text leaves unchanged),
    remembered per annex and active levels (all that visible_rows depends on)."""
    levels = tuple((lv.key, lv.active) for lv in catalog.levels)
    hit = _ANNEX_ROWS.get(id(annex))
    if hit is not None and hit[0] is annex and hit[1] == levels:
        return hit[2]
    rows = tuple(visible_rows(annex, catalog))  # shared: read only
    by_name: dict[str, list[int]] = {}
    by_id: dict[str, list[int]] = {}
    for k, r in enumerate(rows):
        by_name.setdefault(norm(r.label), []).append(k)
        if r.indicator:
            by_id.setdefault(r.indicator, []).append(k)
    by_clean_id = {k: v for k, v in by_id.items() if _cell_text(k) == k}
    if len(_ANNEX_ROWS) >= _MEMO_MAX:
        _ANNEX_ROWS.clear()
    found = (rows, by_name, by_id, by_clean_id)
    _ANNEX_ROWS[id(annex)] = (annex, levels, found)  # holds `annex`: its id stays its own
    return found


_ANNEX_ROWS: dict[int, tuple] = {}


class _RowMatcher:
    """Match sheet rows to catalog rows by id, else by normalised name near the expected place."""

    def __init__(self, rows: list[m.AnnexRow], by_name: dict | None = None, by_id: dict | None = None):
        self.rows = rows
        if by_name is None or by_id is None:
            by_name, by_id = {}, {}
            for k, r in enumerate(rows):
                by_name.setdefault(norm(r.label), []).append(k)
                if r.indicator:
                    by_id.setdefault(r.indicator, []).append(k)
        self.by_name, self.by_id = by_name, by_id  # read only: may be shared
        self.cursor = -1
        self.used: set[int] = set()

    def match(self, rid: str, tt: str, name: str) -> int | None:
        ids = self.by_id.get(rid)
        if ids is not None and len(ids) == 1 and ids[0] not in self.used:
            pos = self.cursor = ids[0]  # perf: the usual case, what the general path below gives
            self.used.add(pos)
            return pos
        cands = ids or self.by_name.get(norm(name)) or []
        if len(cands) == 1:  # perf: one candidate is the pool below, whatever the TT and the cursor
            pos = cands[0]
            if pos in self.used and self.rows[pos].indicator is not None:
                return None
            self.cursor = pos
            self.used.add(pos)
            return pos
        cands = [k for k in cands if k not in self.used or self.rows[k].indicator is None]
        if not cands:
            return None
        same_tt = [k for k in cands if self.rows[k].tt.strip() == tt.strip()]
        pool = same_tt or cands
        after = [k for k in pool if k > self.cursor]
        pos = min(after) if after else min(pool, key=lambda k: abs(k - self.cursor))
        self.cursor = pos
        self.used.add(pos)
        return pos


# --- PHỤ LỤC 5 grid ----------------------------------------------------------------------------

def _read_matrix(ds, grid: _Grid, annex: m.Annex, catalog: Catalog, fname: str, errors) -> None:
    """Rows are levels (by the hidden key, else by label), columns by their two-row header."""
    from reportgen.read import matrix_layout as matrix
    cols = matrix.columns(annex)
    rows = matrix.rows(annex, catalog)
    head, label_col, data, col_at = _matrix_layout(grid, cols, fname)
    by_key = {r.key: r for r in rows}
    by_label = {norm(r.label): r for r in rows}
    sheet_errors = errors.get(grid.name, {})
    for i in range(data, len(grid.rows)):
        key, label = grid.text(i, 0), grid.text(i, label_col)
        row = by_key.get(key) or by_label.get(norm(label))
        if row is None:
            continue
        for j, mc in col_at.items():
            ind = catalog.indicators[matrix.indicator_id(annex, row.key, mc.key)]
            _take(ds, grid, ind, m.CURRENT, i, j, fname, sheet_errors)


def _matrix_layout(grid: _Grid, cols: list, fname: str) -> tuple[int, int, int, dict]:
    """(header row, label column, first data row, {column: matrix column}) of a grid annex sheet;
    remembered like _detect_layout's, by the header rows and the matrix columns."""
    head = next((i for i in range(min(len(grid.rows), 40)) if _holds(grid.rows[i], "cấp quản lý")), None)
    if head is None:
        raise UnreadableInputError("không tìm thấy dòng tiêu đề (cột «Cấp quản lý»)", file=fname, sheet=grid.name)
    rows = grid.rows
    key = ("matrix", head, tuple(rows[head]), tuple(cols)) if _all_text(rows[head]) else None
    if key is not None:
        for below, found in _LAYOUTS.get(key, ()):
            if rows[head + 1:found[2]] == below and _header_ends(rows, head, found[2]):
                return found
    label_col = next(j for j, c in enumerate(grid.rows[head]) if norm(c) == "cấp quản lý")
    data = _skip_header(grid, head)
    top, group = [], ""
    for j in range(len(grid.rows[head])):
        t = grid.text(head, j)
        below = grid.text(head + 1, j) if head + 1 < data else ""
        if t and below:
            group = t
        elif t:
            group = ""
        top.append(norm(f"{group} {below}" if below else t))
    wanted = {norm(f"{c.group} {c.header}" if c.group else c.header): c for c in cols}
    col_at = {j: wanted[t] for j, t in enumerate(top) if t in wanted}
    missing = [c.header for c in cols if c not in col_at.values()]
    if missing:
        raise UnreadableInputError(f"không tìm thấy cột «{missing[0]}» ở dòng tiêu đề {head + 1}",
                                   file=fname, sheet=grid.name)
    found = (head, label_col, data, col_at)  # shared: read only
    below = [list(r) for r in rows[head + 1:data]]
    if key is not None and all(_all_text(r) for r in below):
        if len(_LAYOUTS) >= _MEMO_MAX:
            _LAYOUTS.clear()
        _LAYOUTS.setdefault(key, []).append((below, found))
    return found


def _holds(row: list, text: str) -> bool:
    """Whether a cell of `row` reads `text` once normalised; remembered for rows of strings."""
    if not _all_text(row):
        return any(norm(c) == text for c in row)
    key = (tuple(row), text)
    found = _HOLDS.get(key)
    if found is None:
        found = any(norm(c) == text for c in row)
        if len(_HOLDS) >= 8 * _MEMO_MAX:
            _HOLDS.clear()
        _HOLDS[key] = found
    return found


_HOLDS: dict[tuple, bool] = {}


# --- PHỤ LỤC 3 records ----------------------------------------------------------------------

def _read_records(ds, grid: _Grid, annex: m.Annex, catalog: Catalog, fname: str, errors) -> None:
    fields = list(annex.record_fields)
    head = None
    first_header = norm(fields[0].get("header", "")) if fields else ""
    for i in range(min(len(grid.rows), 40)):
        if _holds(grid.rows[i], first_header):
            head = i
            break
    if head is None:
        raise UnreadableInputError("không tìm thấy dòng tiêu đề của bảng", file=fname, sheet=grid.name)
    start = next(j for j, c in enumerate(grid.rows[head]) if norm(c) == first_header)
    data = _skip_header(grid, head)
    totals: dict[str, float] = {}
    records = []
    last_row = data
    sheet_errors = errors.get(grid.name, {})
    for i in range(data, len(grid.rows)):
        raw_row = [grid.cell(i, start + k) for k in range(len(fields))]
        if all(v in (None, "") for v in raw_row):
            continue
        if any(norm(v).startswith("tổng cộng") for v in raw_row if isinstance(v, str)):
            break
        rec = {}
        for k, f in enumerate(fields):
            kind = f.get("kind", "text")
            coord = f"{get_column_letter(start + k + 1)}{i + 1}"
            flag = sheet_errors.get(coord)
            raw = flag if isinstance(flag, str) else raw_row[k]
            try:
                val = parse_value(raw, kind)
            except CellError as exc:
                ds.problems.append(Finding(ERROR, f"{f.get('header', f['key'])}: {exc}", fname, grid.name,
                                           coord, code="bad_value"))
                val = None
            rec[f["key"]] = val
            if f.get("total") and isinstance(val, float):
                totals[f["total"]] = totals.get(f["total"], 0.0) + val
        records.append(rec)
        last_row = i
    ds.records[annex.id] = records
    for f in fields:
        if f.get("total") and f["total"] in catalog.indicators:
            v = totals.get(f["total"]) if records else None
            col = get_column_letter(start + fields.index(f) + 1)  # a total: the range it adds up
            src = m.Source(fname, grid.name, f"{col}{data + 1}:{col}{max(last_row, data) + 1}")
            ds.put(f["total"], m.CURRENT, m.Value(v, src))


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
        found += _read_annex(ds, grid, annex, catalog, fname, errors) >= 0
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
_CELL_ELEM = re.compile(rb'<c\s[^>]*>')
_NUMFMT = re.compile(rb'<(?:\w+:)?numFmt\s[^>]*>')
_XFS = re.compile(rb'<(?:\w+:)?cellXfs\b.*?</(?:\w+:)?cellXfs>', re.S)
_XF = re.compile(rb'<(?:\w+:)?xf\s[^>]*>')


def _percent_styles(z: zipfile.ZipFile) -> frozenset[bytes]:
    """Style indexes whose number format shows a percentage (built-in 9, 10 or a custom '%')."""
    try:
        styles = z.read("xl/styles.xml")
    except KeyError:
        return frozenset()
    return _percent_ids(styles)


@lru_cache(maxsize=64)  # perf: every unit's form has the same styles part
def _percent_ids(styles: bytes) -> frozenset[bytes]:
    custom = {_attr(e, b"numFmtId") for e in _NUMFMT.findall(styles) if b"%" in _attr(e, b"formatCode")}
    block = _XFS.search(styles)
    if not block:
        return frozenset()
    ids = {b"9", b"10"} | custom
    return frozenset(str(i).encode() for i, xf in enumerate(_XF.findall(block.group(0)))
                     if _attr(xf, b"numFmtId") in ids)


@lru_cache(maxsize=64)  # perf: every unit's form has the same workbook part...
def _book_sheets(wbxml: bytes) -> tuple[tuple[bytes, bytes], ...]:
    """(name, r:id) of each <sheet> of xl/workbook.xml, as bytes."""
    return tuple((_attr(e, b"name"), _attr(e, rb"r:id")) for e in _SHEET.findall(wbxml))


@lru_cache(maxsize=64)  # perf: ...and the same relationships
def _book_rels(relsxml: bytes) -> Mapping[bytes, bytes]:
    """Id -> Target of xl/_rels/workbook.xml.rels (read only: the dict is shared)."""
    return {_attr(e, b"Id"): _attr(e, b"Target") for e in _REL_ELEM.findall(relsxml)}


def _needed_part(name: str) -> bool:
    """The parts _error_cells reads, at their usual places; any other is read from the zip."""
    return name in _BOOK_PARTS or (name.startswith("xl/worksheets/") and name.endswith(".xml")
                                   and name.count("/") == 2)


_BOOK_PARTS = frozenset(("xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"))


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


def _error_cells(path: Path, sheet_names: list[str],
                 parts: Mapping[str, bytes | None] | None = None) -> dict[str, dict[str, object]]:
    """{sheet: {cell: flag}}: "#DIV/0!" for Excel error values (calamine reads them as blanks),
    PERCENT_CELL for cells formatted as a percentage (calamine gives 0.86 for 86%).
    `parts`: the inflated parts inspect_workbook kept (WorkbookCheck.parts); others are read
    from the file."""
    out: dict[str, dict[str, object]] = {}
    z = _Parts(path, parts)
    try:
        wbxml = z.read("xl/workbook.xml")
        rels = _book_rels(z.read("xl/_rels/workbook.xml.rels"))
        percent = _percent_styles(z)
        for name, rid in _book_sheets(wbxml):
            if _unescape(name.decode("utf-8")) not in sheet_names:  # perf: only the sheets read
                continue
            target = rels.get(rid, b"").decode()
            part = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
            try:
                data = z.read(part)
            except KeyError:
                continue
            flags: dict[str, object] = {}
            if percent and any(b's="' + p + b'"' in data for p in percent):
                for e in _CELL_ELEM.findall(data):
                    if _attr(e, b"s") in percent:
                        flags[_attr(e, b"r").decode()] = PERCENT_CELL
            if b't="e"' in data:
                flags.update({c.decode(): v.decode() for c, v in _ERR_CELL.findall(data)})
            if flags:
                out[_unescape(name.decode("utf-8"))] = flags
    except (KeyError, zipfile.BadZipFile, OSError):
        return out
    finally:
        z.close()
    return out


def _unescape(s: str) -> str:
    return s.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'")
