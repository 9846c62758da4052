"""The slots of a catalog (one per indicator and role, in print order) and a unit as one row of floats.

Part of reportgen.totals (see totals/aggregate.py for how each kind adds up).
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from reportgen.core import model as m
from reportgen.core.catalog import Catalog
from reportgen.core.period import Period
from reportgen.forms.annex import INPUT_ROLES, build_workbook
from reportgen.read.layout import FIRST_DATA_ROW, FIRST_ROLE_COL, sheet_columns, visible_rows
from reportgen.read.workbook import read_workbook

NAN = float("nan")
_PAIR_KINDS = (m.YESNO, m.RATIO)


@dataclass(frozen=True)
class Slot:
    """One (indicator, role) cell of the form and where it sits in a unit's row of floats."""

    indicator: str
    role: str
    kind: str
    aggregate: str
    offset: int  # first float of this slot in a unit row (-1: a text slot)
    width: int  # 1: a number; 2: numerator and denominator (yes/no, ratio); 0: text
    annex: str
    tt: str
    records: bool = False  # a column total of a records annex (PHỤ LỤC 3): its source is a range


class Layout:
    """The slots of a catalog, in print order, and the conversion of a Dataset into one row."""

    def __init__(self, catalog: Catalog):
        self.slots: list[Slot] = []
        self.index: dict[tuple[str, str], int] = {}
        width = 0
        for annex in catalog.annexes:
            for iid, role, tt in _annex_cells(annex, catalog):
                if (iid, role) in self.index:
                    continue
                ind = catalog.indicators[iid]
                w = 0 if ind.kind == m.TEXT else 2 if ind.kind in _PAIR_KINDS else 1
                self.index[(iid, role)] = len(self.slots)
                self.slots.append(Slot(iid, role, ind.kind, ind.aggregate, width if w else -1, w,
                                       annex.id, tt, annex.layout == "records"))
                width += w
        self.width = width
        self._blank = array("d", [NAN]) * width
        self._where = [(s.offset, s.width) for s in self.slots]
        # perf: indicator -> role -> (slot, offset, width), so encode looks up without making a tuple key
        self._by_indicator: dict[str, dict[str, tuple[int, int, int]]] = {}
        for (iid, role), k in self.index.items():
            self._by_indicator.setdefault(iid, {})[role] = (k, *self._where[k])

    def encode(self, ds: m.Dataset) -> tuple[array, dict[int, str], str]:
        """(floats, texts by slot, the source cell of every given value joined by "\x1f", "" where blank)."""
        row = self._blank[:]
        texts: dict[int, str] = {}
        refs = [""] * len(self.slots)
        by_indicator, ratio = self._by_indicator, m.Ratio
        prefix: dict[str, str] = {}  # sheet -> "sheet!"
        for iid, roles in ds.values.items():
            here = by_indicator.get(iid)
            if here is None:
                continue
            for role, v in roles.items():
                slot = here.get(role)
                if slot is None:
                    continue
                x = v.value
                if x is None:
                    continue
                k, off, w = slot
                src = v.source
                if src is not None:
                    sheet = src.sheet
                    head = prefix.get(sheet)
                    if head is None:
                        head = prefix[sheet] = sheet + "!"
                    refs[k] = head + src.cell
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
        return row, texts, "\x1f".join(refs)


def _annex_cells(annex: m.Annex, catalog: Catalog) -> Iterator[tuple[str, str, str]]:
    """(indicator, role, TT) of every value cell of an annex, in print order, whatever its layout."""
    if annex.layout == "records":
        for f in annex.record_fields:
            if f.get("total") and f["total"] in catalog.indicators:
                yield f["total"], m.CURRENT, ""
        return
    roles = [r for r in annex.role_columns() if r in m.VALUE_ROLES] or [m.CURRENT]
    for row in visible_rows(annex, catalog):
        if row.indicator:
            for role in roles:
                yield row.indicator, role, row.tt


_EXPECTED: dict[tuple[str, str], tuple[str, ...]] = {}


def expected_refs(catalog: Catalog, layout: Layout, period: Period) -> tuple[str, ...]:
    """The cell each slot is read from in an unedited form: a blank form is written with a marker
    in every value cell and read back with the reader itself, so this follows forms.py and read.py
    whatever the layout of an annex."""
    key = (catalog.version, period.code)
    if key not in _EXPECTED:
        import tempfile
        marker = {m.YESNO: True, m.RATIO: m.Ratio(1, 1), m.TEXT: "x"}
        markers = {(s.indicator, s.role): marker.get(s.kind, 1) for s in layout.slots if not s.records}
        wb = build_workbook(catalog, period, values=markers)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "mau.xlsx"
            wb.save(path)
            ds = read_workbook(path, catalog)
        refs = layout.encode(ds)[2].split("\x1f")
        _EXPECTED[key] = tuple(refs)
    return _EXPECTED[key]



def get_column_letter(col: int) -> str:
    """Excel's column name of a 1-based column: 1 -> "A", 28 -> "AB" (openpyxl's, without importing it)."""
    name = ""
    while col > 0:
        col, rest = divmod(col - 1, 26)
        name = chr(65 + rest) + name
    return name


_REFS: dict[tuple[str, str], tuple[str, ...]] = {}
_MATRIX_FIRST_COL = 4  # forms/matrix.write_sheet: A hidden key, B TT, C label, then the grid


def cell_refs(catalog: Catalog, layout: Layout, period: Period) -> tuple[str, ...]:
    """expected_refs without writing a form and reading it back (perf, bench/run.py "cell addresses":
    ~0.3-0.4 s of the parent's time for openpyxl, ~1 ms here): the cells forms/annex.py and
    forms/matrix.py put each value in, the first copy in the reader's order (annex order, then row
    order) when an indicator and role are on several sheets. tests/test_totals_speed.py compares it
    with expected_refs for years and a half year."""
    key = (catalog.version, period.code)
    if key in _REFS:
        return _REFS[key]
    from reportgen.read import matrix_layout as matrix
    where: dict[tuple[str, str], str] = {}
    for annex in catalog.annexes:
        if annex.layout == "records":
            continue
        if annex.layout == "matrix":
            cols = matrix.columns(annex)
            for r, row in enumerate(matrix.rows(annex, catalog), start=FIRST_DATA_ROW):
                for i, mc in enumerate(cols):
                    where.setdefault((matrix.indicator_id(annex, row.key, mc.key), m.CURRENT),
                                     f"{annex.sheet}!{get_column_letter(_MATRIX_FIRST_COL + i)}{r}")
            continue
        cols = [(FIRST_ROLE_COL + i, sc.role) for i, sc in enumerate(sheet_columns(annex, period))
                if sc.role in INPUT_ROLES and sc.role in m.VALUE_ROLES]
        for r, row in enumerate(visible_rows(annex, catalog), start=FIRST_DATA_ROW):
            if row.indicator and row.indicator in catalog.indicators:
                for col, role in cols:
                    where.setdefault((row.indicator, role), f"{annex.sheet}!{get_column_letter(col)}{r}")
    refs = tuple("" if s.records else where.get((s.indicator, s.role), "") for s in layout.slots)
    _REFS[key] = refs
    return refs
