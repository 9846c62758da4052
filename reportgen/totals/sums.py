"""Adding up: each slot's total over the units' rows of floats, by the catalog's `aggregate` kind.

Part of reportgen.totals (see totals/aggregate.py for the rules).
"""

from __future__ import annotations

import math

from reportgen.core import model as m
from reportgen.core.findings import WARNING, Finding
from reportgen.totals.layout import NAN, Slot
from reportgen.totals.result import AggregateResult, Total, _label, _role_label, _units_warning

_SCALE = {m.PERCENT: 100.0, m.PERMILLE: 1000.0}


def _fsum(values) -> float:
    """math.fsum, or the plain float sum (inf, nan) where fsum refuses: huge or infinite parts."""
    values = list(values)
    try:
        return math.fsum(values)
    except (OverflowError, ValueError):
        return float(sum(values))


def _totals(result: AggregateResult) -> dict[tuple[str, str], Total]:
    layout = result.layout
    totals: dict[tuple[str, str], Total] = {}
    for slot in layout.slots:
        if slot.width == 0:
            given = sum(1 for x in result._texts[layout.index[(slot.indicator, slot.role)]] if x is not None)
            totals[(slot.indicator, slot.role)] = Total(slot.indicator, slot.role, None, given, 0)
            continue
        a = result.column(slot)
        given_idx = [u for u, x in enumerate(a) if x == x]
        given = len(given_idx)
        value = None
        used = 0
        if slot.aggregate in (m.NONE, m.RATE) and slot.width == 1:
            if slot.aggregate == m.RATE:
                value, used = _rate_total(result, slot, a, given_idx)
        elif slot.aggregate == m.NONE:
            pass
        elif slot.width == 1:  # sum (count_yes or ratio_sum on a plain number add up the same way)
            if given:
                value, used = _fsum(a[u] for u in given_idx), given
        else:  # yes/no and ratios: numerators and denominators
            if given:
                b = result.column(slot, second=True)
                num = _fsum(a[u] for u in given_idx)
                plain = [u for u in given_idx if not b[u]]
                den = 0.0 if plain and slot.kind == m.RATIO else _fsum(b[u] for u in given_idx)
                if plain and slot.kind == m.RATIO and len(plain) < given:
                    result.findings.append(_units_warning(
                        result, slot, plain, "ghi một số, không có mẫu số (dạng «x/y»)",
                        "tổng chỉ ghi tử số", code="ratio_without_denominator"))
                value, used = m.Ratio(num, den), given
        totals[(slot.indicator, slot.role)] = Total(slot.indicator, slot.role, value, given, used)
    for iid, roles in result._columns_missing.items():
        result.findings.append(Finding(
            WARNING, f"«{result.catalog.indicators[iid].name}» ({', '.join(roles)}): không tính được tỷ lệ chung vì "
                     "chỉ tiêu tử số hoặc mẫu số không có cột này trong biểu mẫu; ô tổng để trống",
            code="rate_without_parts"))
    return totals


def _amounts(result: AggregateResult, iid: str | None, role: str) -> tuple[list[float] | None, list[float] | None]:
    """(amount, explicit denominator) per unit for a numerator/denominator indicator."""
    if not iid or (iid, role) not in result.layout.index:
        return None, None
    slot = result.layout.slots[result.layout.index[(iid, role)]]
    if slot.width == 0:
        return None, None
    a = result.column(slot)
    if slot.width == 2:
        b = result.column(slot, second=True)
        return a, [x if x == x and x > 0 else NAN for x in b]
    return a, None


def _rate_total(result: AggregateResult, slot: Slot, rate: list[float], given_idx: list[int]):
    ind = result.catalog.indicators[slot.indicator]
    scale = _SCALE.get(ind.kind, 100.0)
    nums, num_dens = _amounts(result, ind.numerator, slot.role)
    dens, _ = _amounts(result, ind.denominator, slot.role)
    if nums is None or (ind.denominator and dens is None):
        if given_idx and not ind.numerator:
            if slot.indicator not in result._noted:  # once per indicator, not once per column
                result._noted.add(slot.indicator)
                result.findings.append(Finding(
                    WARNING, f"«{_label(result, slot)}»: không tính được tỷ lệ chung vì danh mục không ghi chỉ "
                             "tiêu tử số (numerator) của tỷ lệ này; không lấy trung bình các tỷ lệ, ô tổng để trống",
                    code="rate_without_parts"))
        elif given_idx:  # reported once per indicator, at the end of _totals
            result._columns_missing.setdefault(slot.indicator, []).append(_role_label(result, slot.role))
        return None, 0
    num_parts, den_parts, left_out = [], [], []
    for u in range(len(result.units)):
        n, r = nums[u], rate[u]
        if dens is not None:
            d = dens[u]
        elif num_dens is not None and num_dens[u] == num_dens[u]:
            d = num_dens[u]  # a ratio numerator carries its own denominator: 45/140 xã
        elif r == r and n == n and r > 0:
            d = n / r * scale
        else:
            d = NAN
        if n == n and d == d:
            num_parts.append(n)
            den_parts.append(d)
        elif r == r:
            left_out.append(u)
    if left_out:
        why = ("thiếu tử số hoặc mẫu số" if dens is not None
               else "thiếu tử số, hoặc tỷ lệ bằng 0 nên không suy ra được mẫu số")
        result.findings.append(_units_warning(result, slot, left_out, f"ghi tỷ lệ nhưng {why}",
                                              "không tính vào tỷ lệ chung", code="rate_left_out"))
    den = _fsum(den_parts)
    if not num_parts or den <= 0:
        return None, len(num_parts)
    return _fsum(num_parts) / den * scale, len(num_parts)
