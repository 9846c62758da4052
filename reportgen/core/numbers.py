"""Numbers and dates written the Vietnamese way.

Every figure goes through babel with ``locale="vi"`` and an explicit pattern, so the
machine's locale never matters: "." groups thousands, "," marks decimals.

Rounding rule (one rule for the whole report):

* Values are rounded half away from zero ("7,765" → "7,77") on the figure as typed, i.e.
  on the shortest decimal form of the float, never on its binary noise.
* Counts, money, percent values, per-mille values, differences in points and percent
  changes keep at most 2 decimals, trailing zeros trimmed: 35.402; 1.234,5; 7,76%; 7,8%
  (never 7,80%); 100%.
* "gấp N lần" (a rise of 100% or more, see reportgen.wording) and the share of the plan
  reached (attainment, see reportgen.compare) keep at most 1 decimal: gấp 3,6 lần;
  đạt 95,2% kế hoạch.

Guard: None, NaN, ±inf, booleans and non-numbers are refused with ValueError; they never
reach the output. Callers decide what to write instead (usually nothing).
"""

from __future__ import annotations

import decimal
import math
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

LOCALE = "vi"
PLACES = 2  # decimals for counts, money, percents, points
TIMES_PLACES = 1  # decimals for "gấp N lần" and the share of the plan reached

# Enough precision to quantize any finite float (up to ~1.8e308) to 2 decimals.
_CONTEXT = decimal.Context(prec=400)


def to_decimal(value) -> Decimal:
    """The exact decimal a figure stands for; ValueError for None, NaN, inf, bool, text."""
    t = type(value)
    if t is float:  # perf: the usual case first (~60,000 calls a report)
        if value - value != 0.0:  # NaN or ±inf
            raise ValueError(f"not a finite number: {value!r}")
        return Decimal(repr(value))  # the shortest form: what was typed, not binary noise
    if t is int:
        return Decimal(value)
    if value is None or isinstance(value, bool):
        raise ValueError(f"not a number: {value!r}")
    if isinstance(value, Decimal):
        d = value
    elif isinstance(value, int):
        d = Decimal(value)
    elif isinstance(value, float):
        d = Decimal(repr(value))
    else:
        raise ValueError(f"not a number: {value!r}")
    if not d.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    return d


def round_half_up(value, places: int = PLACES) -> Decimal:
    """`value` rounded half away from zero to `places` decimals (no negative zero)."""
    t = type(value)
    key = (value, places, t) if t is float or t is int else None
    if key is not None:  # perf: a report rounds the same figures again and again (Decimal is immutable)
        hit = _ROUNDED.get(key)
        if hit is not None:
            return hit
    d = to_decimal(value)
    with decimal.localcontext(_CONTEXT):
        q = d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    q = q if q != 0 else Decimal(0)
    if key is not None:
        if len(_ROUNDED) >= 65_536:
            _ROUNDED.clear()
        _ROUNDED[key] = q
    return q


_ROUNDED: dict[tuple, Decimal] = {}  # (value, places, type) -> round_half_up's answer; NaN never hits


def is_zero_when_shown(value, places: int = PLACES) -> bool:
    """True when `value` would be printed as 0 (e.g. 0,004 with 2 decimals)."""
    return round_half_up(value, places) == 0


def _pattern(places: int, suffix: str = "") -> str:
    return "#,##0" + ("." + "#" * places if places > 0 else "") + suffix


# perf (bench/build_speed.py, "sentences"): babel's format_decimal/format_percent parse the pattern
# string and Locale.parse("vi") on every call (~2,000 numbers a report: 29 µs each, 13 µs with both
# parsed). Here each pattern is parsed once and applied with the one parsed Locale: the same strings,
# since format_decimal and format_percent are exactly `parse_pattern(format).apply(number, locale)`.
# babel itself is imported on first use, so commands that print no number never load it.
_PATTERNS: dict[tuple[int, str], object] = {}
_LOCALE: list = []


def _locale():
    if not _LOCALE:
        from babel import Locale
        _LOCALE.append(Locale.parse(LOCALE))
    return _LOCALE[0]


def _parsed(places: int, suffix: str = ""):
    pattern = _PATTERNS.get((places, suffix))
    if pattern is None:
        from babel.numbers import parse_pattern
        pattern = _PATTERNS[(places, suffix)] = parse_pattern(_pattern(places, suffix))
    return pattern


def _babel_decimal(d: Decimal, places: int, suffix: str = "") -> str:
    with decimal.localcontext(_CONTEXT):
        return _parsed(places, suffix).apply(d, _locale())


_SYMBOLS: list = []  # (group, decimal, minus) of the vi locale, from babel on first use


def _digits(d: Decimal, places: int, suffix: str = "") -> str:
    """What _babel_decimal gives for a `d` already rounded to `places` decimals (round_half_up),
    made with str methods (perf, bench/build_speed.py "sentences": babel's NumberPattern.apply
    costs ~60 µs a number, mostly quantizing again and looking up the locale's symbols; this
    ~3 µs). Tests compare it with babel's own text. Percent and per-mille patterns scale the
    value back (x100, x1000) before printing, so their text is `d`'s digits and the sign."""
    if not _SYMBOLS:
        sym = _locale().number_symbols["latn"]
        _SYMBOLS.append((sym["group"], sym["decimal"], sym["minusSign"]))
    group, point, minus = _SYMBOLS[0]
    text = format(d, "f")
    sign = ""
    if text[0] == "-":
        sign, text = minus, text[1:]
    whole, _, frac = text.partition(".")
    frac = frac[:places].rstrip("0")
    if len(whole) > 3:
        head = len(whole) % 3 or 3
        whole = whole[:head] + "".join(group + whole[k:k + 3] for k in range(head, len(whole), 3))
    return sign + whole + (point + frac if frac else "") + suffix


def _babel_decimal_plain(d: Decimal, places: int, suffix: str = "") -> str:
    """The plain babel call _babel_decimal stands for (tests compare the two)."""
    from babel.numbers import format_decimal
    with decimal.localcontext(_CONTEXT):
        return format_decimal(d, format=_pattern(places, suffix), locale=LOCALE)


def fmt_number(value, places: int = PLACES) -> str:
    """35402 → "35.402"; 1234.5 → "1.234,5"; up to `places` decimals, trailing zeros trimmed."""
    return _digits(round_half_up(value, places), places)


def fmt_percent_value(value, places: int = PLACES) -> str:
    """A value already in percent units: 7.76 → "7,76%"; 7.8 → "7,8%"; 100 → "100%"."""
    return _digits(round_half_up(value, places), places, "%")  # = babel format_percent of d / 100


def fmt_permille(value, places: int = PLACES) -> str:
    """A value already in per-mille units: 12.5 → "12,5‰"."""
    return _digits(round_half_up(value, places), places, "‰")  # = babel's "#,##0.##‰" of d / 1000


def fmt_money(value, unit: str, places: int = PLACES) -> str:
    """1234.5, "triệu đồng" → "1.234,5 triệu đồng"."""
    number = fmt_number(value, places)
    return f"{number} {unit}" if unit else number


def fmt_points(value, permille: bool = False, places: int = PLACES) -> str:
    """A difference of two rates: 1.3 → "1,3 điểm phần trăm" (per-mille: "1,3 phần nghìn")."""
    return f"{fmt_number(value, places)} {'phần nghìn' if permille else 'điểm phần trăm'}"


def fmt_times(value) -> str:
    """The factor of "gấp N lần": 270/74 → "3,6" (1 decimal, trimmed)."""
    return fmt_number(value, TIMES_PLACES)


def fmt_date(day: date) -> str:
    """Nghị định 30/2020/NĐ-CP: "ngày 05 tháng 02 năm 2025", "ngày 15 tháng 3 năm 2025".

    A zero goes before days 1–9 and before months 1 and 2 only.
    """
    if not isinstance(day, date):
        raise ValueError(f"not a date: {day!r}")
    from babel.dates import format_date
    month = "MM" if day.month <= 2 else "M"
    return format_date(day, f"'ngày' dd 'tháng' {month} 'năm' yyyy", locale=_locale())


def fmt_place_date(place: str, day: date) -> str:
    """The date line: "Hương Hóa, ngày 27 tháng 5 năm 2020" ("Ngày …" without a place)."""
    text = fmt_date(day)
    place = (place or "").strip()
    return f"{place}, {text}" if place else text[0].upper() + text[1:]


def is_number(value) -> bool:
    """True for a finite int/float/Decimal (booleans excluded)."""
    if value is None or isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return False
    return math.isfinite(value) if isinstance(value, float) else Decimal(value).is_finite()
