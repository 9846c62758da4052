"""Indicator rows of a list annex: rows matched to the catalog, values typed with their cells."""

from __future__ import annotations

from functools import lru_cache

from openpyxl.utils import get_column_letter

from reportgen.core import model as m
from reportgen.core.catalog import Catalog
from reportgen.core.errors import UnreadableInputError
from reportgen.core.findings import ERROR, WARNING, Finding
from reportgen.read.layout import sheet_columns, visible_rows
from reportgen.read.cells import MAX_VALUE, CellError, clean_text, parse_value
from reportgen.read.grid import _MEMO_MAX, _Grid, _cell_text, norm
from reportgen.read.header import _detect_layout
from reportgen.read.sheetxml import NO_CACHED_VALUE, NO_VALUE_MESSAGE, PERCENT_CELL

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
            elif (t is float and number_ok and 0 <= raw <= _MAX and (not whole or raw.is_integer())) or raw == "":
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
    if flag is NO_CACHED_VALUE:
        if role not in (m.NOTE, m.DETAIL):
            ds.problems.append(Finding(ERROR, f"{ind.name[:60]}: {NO_VALUE_MESSAGE}", fname, grid.name, coord,
                                       code="formula_without_value"))
            ds.put(ind.id, role, _new_value(None, src))
        return
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


_MAX = MAX_VALUE  # above it a number is refused by parse_value (a typo or 1e308)
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
