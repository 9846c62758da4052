"""The aggregation's reader path: a unit's list annexes straight from the parsed sheet to its row of floats.

perf (bench/run.py, "read_unit: plain / fast"): the plain path (units.read_unit) makes a `Value` and a
`Source` for each of the ~830 cells read and a Dataset, only for `Layout.encode` to turn them into
one row of floats; that is ~3 ms of a unit's ~12 ms. Here the reader (read_workbook, through its
`annex_hook`) still does everything but the list annexes: the safety inspection, calamine, the
identity and info sheets, Excel error cells, PHỤ LỤC 3 and 5. A list annex sheet is read here when
its content, but for the value cells, is exactly that of a sheet the plain reader already read in
this process without any finding, for the same annex, period and sheet name (its "shape", learnt
from that read: which cell holds which indicator and role). The plain reader places the cells of
such a sheet by that content only (header rows, id, TT and name columns; a figure on a heading or
unmatched row would make a finding, and those cells must be blank like in the learnt sheet), so
the cells here are the ones it would place. Each cell is typed as the plain reader types it; a cell
it would report (text that is not a number, a negative count, an Excel error or a percent-formatted
cell) sends the sheet back to the plain reader. A value of an indicator that is also read from a
sheet read the plain way (the same indicator on two sheets, one of them edited) makes the whole
unit read again the plain way, so "first non-blank copy in reading order" stays the reader's.

tests/test_totals_speed.py reads edited, broken and generated forms both ways and compares every
field of the result.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from reportgen.core import model as m
from reportgen.core.catalog import Catalog
from reportgen.read.cells import CellError, parse_value
from reportgen.core.text import norm
from reportgen.read.header import _TT_WORDS  # the reader's own words for the TT column
from reportgen.read.workbook import read_workbook
from reportgen.totals.layout import Layout
from reportgen.totals.units import UnitRead, read_unit, unit_read

_INF = float("inf")
_FRACTION_KINDS = (m.MONEY, m.PERCENT, m.PERMILLE)  # as the reader: any non-negative float
_SHAPES_MAX = 256  # shapes kept per process (annexes x periods x edited variants)
# The forms' title cell (forms/style.title_block), the one cell above the header that names the
# unit, so differs from unit to unit. It starts with a name word of the reader's header test and is
# never a TT word, so a row holding it is a header row only if another cell holds a TT word: a shape
# is learnt only from a sheet whose title row has none (_TT_WORDS is the reader's).
TITLE = "TÊN ĐƠN VỊ:"


@lru_cache(maxsize=1 << 14)  # "Có", "Không", "3/7"... recur; a refused text raises again each time
def _parse_text(raw: str, kind: str):
    return parse_value(raw, kind)


def _coord(cell: str) -> tuple[int, int]:
    """"F12" -> (11, 5): 0-based row and column."""
    k = 0
    while cell[k].isalpha():
        k += 1
    col = 0
    for ch in cell[:k]:
        col = col * 26 + ord(ch) - 64
    return int(cell[k:]) - 1, col - 1


class _Shape:
    """A sheet's content with its value cells left out, and what each value cell holds."""

    def __init__(self, rows: list[list], cells: list[tuple[int, int, str, str, m.Indicator, str]], layout: Layout):
        self.rows = rows  # the learnt sheet's rows (read only)
        top = rows[0] if rows else []
        self.title = next((j for j, c in enumerate(top) if type(c) is str and c.startswith(TITLE)), None)
        if any(type(c) is str and norm(c) in _TT_WORDS for c in top) or (cells and min(c[0] for c in cells) < 2):
            self.title = None
        by_row: dict[int, list] = {}
        for i, j, iid, role, ind, ref in sorted(cells, key=lambda c: (c[0], c[1])):
            kind = ind.kind
            slot = layout._by_indicator.get(iid, {}).get(role)  # (slot, offset, width) in a unit's row
            by_row.setdefault(i, []).append((j, (iid, role), kind, kind in _FRACTION_KINDS or kind == m.COUNT,
                                             kind == m.COUNT, ref, slot))
        self.plan = []  # per row: (i, [(a, b)] slices compared, [value cells])
        for i, row in enumerate(rows):
            cells_i = by_row.get(i, [])
            cuts, a = [], 0
            for j, *_ in cells_i:
                if j > a:
                    cuts.append((a, j))
                a = j + 1
            cuts.append((a, None))
            self.plan.append((i, cuts, cells_i))

    def read(self, grid_rows: list[list]) -> list | None:
        """[(cell, typed value)] in reading order, or None when the plain reader must read it."""
        rows = self.rows
        if len(grid_rows) != len(rows):
            return None
        out = []
        put = out.append
        for i, cuts, cells in self.plan:
            r, want = grid_rows[i], rows[i]
            if not cells:
                if r != want and not (i == 0 and self._same_but_title(r, want)):
                    return None
                continue
            if len(r) != len(want):
                return None
            for a, b in cuts:
                if r[a:b] != want[a:b]:
                    return None
            for c in cells:
                raw = r[c[0]]
                t = type(raw)
                if t is float and c[3] and 0 <= raw < _INF and (not c[4] or raw.is_integer()):
                    put((c, raw))
                elif raw == "":
                    put((c, None))
                else:
                    try:
                        put((c, _parse_text(raw, c[2]) if t is str else parse_value(raw, c[2])))
                    except CellError:
                        return None  # the plain reader reports it
        return out


    def _same_but_title(self, r: list, want: list) -> bool:
        j = self.title
        if j is None or len(r) != len(want) or type(r[j]) is not str or not r[j].startswith(TITLE):
            return False
        return r[:j] == want[:j] and r[j + 1:] == want[j + 1:]


class FastReader:
    """One per process: the shapes learnt, and `read_unit` using them."""

    def __init__(self, catalog: Catalog, layout: Layout):
        self.catalog, self.layout = catalog, layout
        self.shapes: dict[tuple[str, str, str, str], _Shape] = {}
        self.counts = {"fast": 0, "plain": 0, "again": 0}  # list sheets read here / by the reader; units read again

    def read_unit(self, path: str) -> UnitRead:
        """What units.read_unit gives for `path`, the list annexes read through known shapes."""
        catalog, layout = self.catalog, self.layout
        out = UnitRead(path=str(path))
        p = Path(path)
        try:
            with open(p, "rb") as fh:
                out.digest = hashlib.sha256(fh.read()).hexdigest()
        except OSError:
            return read_unit(path, catalog, layout)  # the plain path says why
        chosen: dict[tuple[str, str], tuple] = {}  # pair -> (value, cell): the first non-blank copy
        learn: list = []
        shapes, counts = self.shapes, self.counts

        def hook(ds, grid, annex, errors) -> bool:
            key = (annex.id, ds.period.code, grid.name, ds.catalog_version)
            shape = shapes.get(key)
            got = None if shape is None or errors.get(grid.name) else shape.read(grid.rows)
            if got is None:
                if shape is None:
                    learn.append((key, grid))
                counts["plain"] += 1
                return False
            counts["fast"] += 1
            get = chosen.get
            for c, value in got:
                had = get(c[1])
                if had is None or (had[0] is None or had[0] == "") and not (value is None or value == ""):
                    chosen[c[1]] = (value, c)
            return True

        try:
            ds = read_workbook(p, catalog, annex_hook=hook)
        except Exception:  # noqa: BLE001 - the plain path makes the same finding
            return read_unit(path, catalog, layout)
        if learn and not ds.problems:
            self._learn(ds, learn)
        if chosen and not chosen.keys().isdisjoint(ds.copies):
            counts["again"] += 1
            return read_unit(path, catalog, layout)  # an indicator read both ways: keep the reader's order
        out = unit_read(ds, layout, out)
        if chosen and not out.errors:
            out.row, out.texts, out.refs = _merge(layout, out, chosen)
        return out

    def _learn(self, ds: m.Dataset, learn: list) -> None:
        by_sheet: dict[str, list] = {}
        indicators = self.catalog.indicators
        for (iid, role), copies in ds.copies.items():
            for v in copies:
                src = v.source
                if src is not None:
                    by_sheet.setdefault(src.sheet, []).append((src.cell, iid, role))
        for key, grid in learn:
            if len(self.shapes) >= _SHAPES_MAX:
                return
            cells = []
            for cell, iid, role in by_sheet.get(grid.name, ()):
                i, j = _coord(cell)
                cells.append((i, j, iid, role, indicators[iid], f"{grid.name}!{cell}"))
            if len({(i, j) for i, j, *_ in cells}) != len(cells):
                continue  # one cell read twice: not a shape this path knows
            self.shapes[key] = _Shape([list(r) for r in grid.rows], cells, self.layout)


def _merge(layout: Layout, out: UnitRead, chosen: dict) -> tuple[bytes, dict[int, str], str]:
    """The plain encode's row, texts and refs with the values read here put in, as Layout.encode puts them."""
    from array import array
    row = array("d")
    row.frombytes(out.row)
    texts = dict(out.texts)
    refs = out.refs.split("\x1f")
    ratio = m.Ratio
    for x, cell in chosen.values():
        slot = cell[6]
        if slot is None or x is None:
            continue
        k, off, w = slot
        refs[k] = cell[5]
        t = type(x)
        if w == 1:
            if t is float or t is int:
                row[off] = x
        elif w == 2:
            if t is ratio:
                row[off], row[off + 1] = x.num, x.den
            elif t is bool:
                row[off], row[off + 1] = (1.0 if x else 0.0), 1.0
        elif x != "":
            texts[k] = str(x)
    return row.tobytes(), texts, "\x1f".join(refs)


_READER: dict = {}


def read_unit_fast(path: str) -> UnitRead:
    """For a worker process (units._init_worker made the catalog and layout)."""
    from reportgen.totals.units import _WORKER
    reader = _READER.get("reader")
    if reader is None or reader.catalog is not _WORKER["catalog"]:
        reader = _READER["reader"] = FastReader(_WORKER["catalog"], _WORKER["layout"])
    return reader.read_unit(path)

