"""The two annexes that are not indicator lists: PHỤ LỤC 5 (a grid of levels) and PHỤ LỤC 3 (records)."""

from __future__ import annotations

from openpyxl.utils import get_column_letter

from reportgen.core import model as m
from reportgen.core.catalog import Catalog
from reportgen.core.errors import UnreadableInputError
from reportgen.core.findings import ERROR, Finding
from reportgen.read.cells import CellError, parse_value
from reportgen.read.grid import _MEMO_MAX, _Grid, _all_text, norm
from reportgen.read.header import _LAYOUTS, _header_ends, _skip_header
from reportgen.read.rows import _take
from reportgen.read.sheetxml import NO_CACHED_VALUE, NO_VALUE_MESSAGE

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
                if flag is NO_CACHED_VALUE:
                    raise CellError(NO_VALUE_MESSAGE)
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
