"""Comparison arithmetic: the current figure against the previous one and against the plan.

Pure functions returning small dataclasses; the sentences are written by reportgen.wording.

A blank value (None, "", or anything that is not a valid figure for the indicator's kind:
NaN, inf, text in a number column, an x/y with y = 0) is *missing*, never 0.

Kinds of change (`Change.kind`):

==============  ==============================================================
``up``/``down`` current above / below previous
``same``        equal and not both zero
``both_zero``   previous 0 and current 0
``new``         previous 0, current > 0 (no percent change exists)
``gone``        previous > 0, current 0
``no_previous`` current present, previous blank
``no_current``  current blank (nothing to write)
==============  ==============================================================

For rates (% and ‰) `diff` is in points and `pct` is None: a percent of a percent is
never computed. For x/y answers (Ratio) the shares are compared, `diff` is in percentage
points and `num_diff` is the difference of the numerators when the denominators are
equal. For yes/no, `up` means "now yes, before no", `down` the reverse.

Attainment (`Attainment.status`), comparing the result with the plan exactly as stored
(no tolerance: "within ±0"):

* result equal to the plan: ``dat`` (Đạt KH);
* better than the plan: ``vuot`` (Vượt KH); worse: ``khong_dat`` (Không đạt KH);
* "better" is higher, except for decrease targets (``ind.target_down`` or
  ``ind.good == "down"``), where the plan is a ceiling and lower is better: a target of
  "giảm xuống 0,8%" reached with 0,7% is ``vuot``;
* None when the result or the plan is blank.

`Attainment.share` is result / plan × 100 (None when the plan is 0 or negative). Shown
with 1 decimal, and never across the 100% line against the status: a plan not met is
shown at most 99,9%, a plan exceeded at least 100,1% (for decrease targets the reverse),
a plan met exactly 100% (`shown_share`).
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from reportgen.core import model as m
from reportgen.core import numbers as nf

UP, DOWN, SAME, NEW, BOTH_ZERO, GONE, NO_PREVIOUS, NO_CURRENT = (
    "up", "down", "same", "new", "both_zero", "gone", "no_previous", "no_current")
DAT, KHONG_DAT, VUOT = "dat", "khong_dat", "vuot"

# The three assessment columns of PHỤ LỤC 2/4/7, in print order.
ASSESSMENT_COLUMNS = ((DAT, "Đạt KH"), (KHONG_DAT, "Không đạt KH"), (VUOT, "Vượt KH"))


@dataclass(frozen=True)
class Change:
    kind: str
    current: Any = None  # normalised: float, bool or Ratio
    previous: Any = None
    diff: float | None = None  # current - previous (points for rates and shares)
    pct: float | None = None  # percent change; None when previous is 0/blank, rates, ratios
    ratio: float | None = None  # current / previous (shares for Ratio)
    num_diff: float | None = None  # Ratio with equal denominators: difference of numerators

    @property
    def rising(self) -> bool:
        return self.kind in (UP, NEW)

    @property
    def falling(self) -> bool:
        return self.kind in (DOWN, GONE)


@dataclass(frozen=True)
class Attainment:
    status: str | None  # DAT | KHONG_DAT | VUOT | None (result or plan blank)
    result: Any = None
    plan: Any = None
    share: float | None = None  # result / plan × 100 (shares for Ratio)
    gap: float | None = None  # result - plan (points for rates and shares)
    decrease: bool = False  # the plan is a ceiling ("Giảm tỷ lệ …")


# --- normalising values -------------------------------------------------------------

def _unwrap(value):
    return value.value if isinstance(value, m.Value) else value


def _as_float(value) -> float | None:
    if not nf.is_number(value):
        return None
    try:
        return float(value)
    except OverflowError:  # a Decimal beyond float range
        return None


def _as_bool(value) -> bool | None:
    if isinstance(value, bool):
        return value
    number = _as_float(value)
    return None if number is None else number != 0


def _as_ratio(value) -> m.Ratio | None:
    if not isinstance(value, m.Ratio):
        return None
    num, den = _as_float(value.num), _as_float(value.den)
    if num is None or den is None or den <= 0 or _div(num, den, 100) is None:
        return None
    return m.Ratio(num, den)


def normalize(ind: m.Indicator, value) -> Any:
    """The value as this indicator's kind understands it, or None when blank/invalid."""
    value = _unwrap(value)
    if ind.kind == m.YESNO:
        return _as_bool(value)
    if ind.kind == m.RATIO:
        return _as_ratio(value)
    if ind.kind in m.NUMERIC_KINDS:
        return _as_float(value)
    return None  # text: nothing to compare


def level(value) -> float | None:
    """The number a normalised value is compared by (Ratio: share in %; yes/no: 1/0)."""
    if isinstance(value, m.Ratio):
        return _div(value.num, value.den, 100)
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    return value


# --- exact arithmetic that never returns NaN or inf ----------------------------------

def _finite(d: Decimal) -> float | None:
    try:
        f = float(d)
    except OverflowError:
        return None
    return f if nf.is_number(f) else None


def _sub(a: float, b: float) -> float | None:
    with _wide():
        return _finite(nf.to_decimal(a) - nf.to_decimal(b))


def _div(a: float, b: float, scale: int = 1) -> float | None:
    if b == 0:
        return None
    with _wide():
        return _finite(nf.to_decimal(a) * scale / nf.to_decimal(b))


def _wide():
    return decimal.localcontext(decimal.Context(prec=60, Emax=999999, Emin=-999999))


# --- change ---------------------------------------------------------------------------

def _direction(cur: float, prev: float) -> str:
    if cur == prev:
        return BOTH_ZERO if cur == 0 else SAME
    if prev == 0 and cur > 0:
        return NEW
    if cur == 0 and prev > 0:
        return GONE
    return UP if cur > prev else DOWN


def _numeric_change(cur: float, prev: float, rate: bool) -> Change:
    diff = _sub(cur, prev)
    pct = None
    if not rate and prev != 0 and diff is not None:
        pct = _div(diff, abs(prev), 100)
    return Change(_direction(cur, prev), cur, prev, diff, pct, _div(cur, prev))


def _ratio_change(cur: m.Ratio, prev: m.Ratio) -> Change:
    share_cur, share_prev = level(cur), level(prev)
    num_diff = _sub(cur.num, prev.num) if cur.den == prev.den else None
    return Change(_direction(share_cur, share_prev), cur, prev, _sub(share_cur, share_prev),
                  None, _div(share_cur, share_prev), num_diff)


def _yesno_change(cur: bool, prev: bool) -> Change:
    kind = SAME if cur == prev else (UP if cur else DOWN)
    return Change(kind, cur, prev)


_MEMO: dict = {}  # perf: a report asks for the same indicator's change and attainment ~5 times
_MEMO_MAX = 1 << 16


def _memo(key: tuple, compute, *args):
    """compute(*args), remembered by `key` (values with their types: 1, 1.0 and True differ)."""
    try:
        hit = _MEMO.get(key)
    except TypeError:  # an unhashable value: computed every time
        return compute(*args)
    if hit is None:
        if len(_MEMO) >= _MEMO_MAX:
            _MEMO.clear()
        hit = _MEMO[key] = compute(*args)
    return hit


def change(ind: m.Indicator, current, previous) -> Change:
    """Compare the current figure of `ind` with the previous one."""
    cur, prev = _unwrap(current), _unwrap(previous)
    return _memo(("change", ind.kind, type(cur), cur, type(prev), prev), _change, ind, cur, prev)


def _change(ind: m.Indicator, current, previous) -> Change:
    cur, prev = normalize(ind, current), normalize(ind, previous)
    if cur is None:
        return Change(NO_CURRENT, None, prev)
    if prev is None:
        return Change(NO_PREVIOUS, cur, None)
    if ind.kind == m.YESNO:
        return _yesno_change(cur, prev)
    if ind.kind == m.RATIO:
        return _ratio_change(cur, prev)
    return _numeric_change(cur, prev, rate=ind.is_rate)


# --- attainment -------------------------------------------------------------------------

def is_decrease_target(ind: m.Indicator) -> bool:
    """The plan is a ceiling: "Giảm tỷ lệ …" targets and indicators where lower is better."""
    return bool(ind.target_down) or ind.good == m.DOWN


def attainment(ind: m.Indicator, result, plan) -> Attainment:
    """How the result stands against the plan (see the module docstring)."""
    res, pln = _unwrap(result), _unwrap(plan)
    decrease = is_decrease_target(ind)
    return _memo(("attainment", ind.kind, decrease, type(res), res, type(pln), pln), _attainment, ind, res, pln,
                 decrease)


def _attainment(ind: m.Indicator, result, plan, decrease: bool) -> Attainment:
    res, pln = normalize(ind, result), normalize(ind, plan)
    if res is None or pln is None:
        return Attainment(None, res, pln, decrease=decrease)
    r, p = level(res), level(pln)
    better = p - r if decrease else r - p
    status = DAT if r == p else (VUOT if better > 0 else KHONG_DAT)
    share = _div(r, p, 100) if p > 0 and ind.kind != m.YESNO else None
    return Attainment(status, res, pln, share, _sub(r, p), decrease)


def shown_share(att: Attainment) -> float | None:
    """The share of the plan as printed: 1 decimal, never across 100% against the status."""
    if att.share is None or att.status is None:
        return None
    if att.status == DAT:
        return 100.0
    shown = float(nf.round_half_up(att.share, nf.TIMES_PLACES))
    above = (att.status == VUOT) != att.decrease
    return max(shown, 100.1) if above else min(shown, 99.9)


def assessment_marks(att: Attainment | None, form: str = "mark") -> dict[str, str]:
    """The three columns Đạt KH / Không đạt KH / Vượt KH: "x" (form="mark") or the share of
    the plan reached, e.g. "95,2%" (form="percent", PHỤ LỤC 4), in the status's column.

    Without a status every column is empty; without a share the percent form falls back to "x".
    """
    if form not in ("mark", "percent"):
        raise ValueError(f"unknown form: {form!r}")
    marks = {key: "" for key, _ in ASSESSMENT_COLUMNS}
    if att is None or att.status is None:
        return marks
    share = shown_share(att) if form == "percent" else None
    marks[att.status] = "x" if share is None else nf.fmt_percent_value(share, nf.TIMES_PLACES)
    return marks
