"""Where an annex sheet's header is: the TT and name columns, the value columns by their
headers (remembered per header), and the period a foreign workbook's headers name."""

from __future__ import annotations

from reportgen.core import model as m
from reportgen.core.errors import UnreadableInputError
from reportgen.core.period import Period
from reportgen.read.layout import sheet_columns
from reportgen.read.cells import clean_text
from reportgen.read.grid import _COLNUM, _MEMO_MAX, _YEAR, _Grid, _Layout, _all_text, norm

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


# (header row index, header row, annex columns, period) -> [(rows below the header row up to the
# first data row, the layout)]. Only rows made of strings are remembered (a str equals only the
# same str, so list equality is exact there: 1, 1.0 and True never stand for one another).
_LAYOUTS: dict = {}
_HEAD_ROWS: dict[tuple, tuple[int, int] | None] = {}  # a row of strings -> its (TT, name) columns, if a header


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
