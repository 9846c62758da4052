"""What an aggregation gives: the units, the totals, what was skipped, and each unit's values.

Part of reportgen.totals (see totals/aggregate.py).
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.core import model as m
from reportgen.core.catalog import DEFAULT_HEADERS, Catalog
from reportgen.core.findings import ERROR, WARNING, Finding
from reportgen.core.numbers import fmt_number
from reportgen.core.period import Period
from reportgen.read.layout import column_header
from reportgen.totals.layout import Layout, Slot

_LIST_NAMES = 5  # units named in a warning before "và N đơn vị khác"


@dataclass(frozen=True)
class Unit:
    name: str
    file: str
    period: str
    catalog_version: str


@dataclass(frozen=True)
class Total:
    """The total of one (indicator, role), and how many units it stands on."""

    indicator: str
    role: str
    value: float | m.Ratio | None
    given: int  # units that gave a value in this cell
    used: int  # units counted into the value (rates: those whose numerator/denominator pair formed)


@dataclass(frozen=True)
class Skipped:
    file: str
    reason: str


@dataclass(frozen=True)
class Contribution:
    unit: Unit
    value: float | bool | m.Ratio | str
    source: m.Source


@dataclass
class AggregateResult:
    catalog: Catalog
    layout: Layout
    period: Period | None
    units: list[Unit]  # the units in the total, in input order
    totals: dict[tuple[str, str], Total]
    findings: list[Finding]
    skipped: list[Skipped]
    files: int
    _rows: array
    _texts: dict[int, list]  # text slot -> each unit's text (None when blank)
    _moved: dict[tuple[int, int], str]  # (unit index, slot) -> "Sheet!A1" when not the usual cell
    refs: tuple[str, ...] = ()  # the cell each slot is read from in an unedited form ("" if unknown)
    _noted: set = field(default_factory=set)
    _columns_missing: dict = field(default_factory=dict)

    @property
    def covered(self) -> int:
        return len(self.units)

    @property
    def exit_code(self) -> int:
        return 1 if self.skipped or any(f.severity == ERROR for f in self.findings) else 0

    def total(self, indicator: str, role: str = m.CURRENT) -> m.Ratio | float | None:
        t = self.totals.get((indicator, role))
        return None if t is None else t.value

    def unit_value(self, u: int, slot: Slot):
        """Unit `u`'s typed value in `slot` (None when blank)."""
        if slot.width == 0:
            return self._texts[self.layout.index[(slot.indicator, slot.role)]][u]
        base = u * self.layout.width + slot.offset
        a = self._rows[base]
        if a != a:
            return None
        if slot.width == 1:
            return a
        b = self._rows[base + 1]
        if slot.kind == m.YESNO and b == 1.0 and a in (0.0, 1.0):
            return a == 1.0
        return m.Ratio(a, b)

    def column(self, slot: Slot, second: bool = False) -> list[float]:
        """Every unit's float for `slot` (NaN when blank), in unit order."""
        w = self.layout.width
        return self._rows[slot.offset + (1 if second else 0)::w].tolist() if w else []

    def source(self, u: int, slot: Slot) -> m.Source:
        k = self.layout.index[(slot.indicator, slot.role)]
        ref = self._moved.get((u, k)) or (self.refs[k] if self.refs else "") or "?!?"
        sheet, cell = ref.rsplit("!", 1)
        return m.Source(Path(self.units[u].file).name, sheet, cell)

    def breakdown(self, indicator: str, role: str = m.CURRENT) -> list[Contribution]:
        """Where a total came from: each unit that gave a value, with the cell it was read from."""
        slot = self.layout.slots[self.layout.index[(indicator, role)]]
        out = []
        for u, unit in enumerate(self.units):
            v = self.unit_value(u, slot)
            if v is not None:
                out.append(Contribution(unit, v, self.source(u, slot)))
        return out

    def lines(self) -> list[str]:
        out = [f"{s.file}: Bỏ qua: {s.reason}" for s in self.skipped]
        return out + [f.format() for f in self.findings]

    def summary(self) -> str:
        text = f"Đã tổng hợp {fmt_number(self.covered)}/{fmt_number(self.files)} đơn vị"
        parts = []
        bad = sum(1 for s in self.skipped if s.reason.startswith(_UNREADABLE))
        other = len(self.skipped) - bad
        if bad:
            parts.append(f"bỏ qua {fmt_number(bad)} tệp lỗi")
        if other:
            parts.append(f"bỏ qua {fmt_number(other)} tệp trùng hoặc không khớp")
        missing = sum(1 for f in self.findings if f.code == "missing_unit")
        if missing:
            parts.append(f"thiếu {fmt_number(missing)} đơn vị")
        if parts:
            text += "; " + ", ".join(parts) + " (xem danh sách ở trên)"
        return text + "."


_UNREADABLE = "không đọc được"



def form_value(slot: Slot, value):
    """A total as the form holds it: yes/no and ratios as "x/y", a ratio without denominator as n."""
    if value is None:
        return None
    if isinstance(value, m.Ratio):
        if slot.kind == m.RATIO and not value.den:
            return _plain(value.num)
        return m.Ratio(_plain(value.num), _plain(value.den))
    return _plain(value)


def _plain(x: float):
    return int(x) if float(x).is_integer() and abs(x) < 2 ** 53 else x


def _label(result: AggregateResult, slot: Slot) -> str:
    return result.catalog.indicators[slot.indicator].name


def _role_label(result: AggregateResult, role: str) -> str:
    if result.period is None:
        return role
    return column_header(m.Column(role, DEFAULT_HEADERS[role]), result.period)


def _units_warning(result: AggregateResult, slot: Slot, idx: list[int], what: str, then: str, *, code: str) -> Finding:
    names = ", ".join(f"«{result.units[u].name}»" for u in idx[:_LIST_NAMES])
    more = f" và {fmt_number(len(idx) - _LIST_NAMES)} đơn vị khác" if len(idx) > _LIST_NAMES else ""
    return Finding(WARNING, f"«{_label(result, slot)}» ({_role_label(result, slot.role)}): "
                            f"{fmt_number(len(idx))} đơn vị {what} ({names}{more}); {then}", code=code)

