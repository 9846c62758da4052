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
from reportgen.forms.annex import build_workbook, visible_rows
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

