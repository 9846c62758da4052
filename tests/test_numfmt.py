import math
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen.core import numbers as nf


@pytest.mark.parametrize("value, expected", [
    (35402, "35.402"),
    (1234.5, "1.234,5"),
    (35402.0, "35.402"),  # integral float: no decimals
    (0, "0"),
    (-1234, "-1.234"),
    (1234567.891, "1.234.567,89"),
    (0.125, "0,13"),  # half away from zero, not banker's rounding
    (2.675, "2,68"),  # the typed value, not the binary 2.67499999…
    (-0.001, "0"),  # no negative zero
    (Decimal("12.50"), "12,5"),
    (10**15, "1.000.000.000.000.000"),
])
def test_fmt_number(value, expected):
    assert nf.fmt_number(value) == expected


@pytest.mark.parametrize("value, expected", [
    (7.76, "7,76%"),
    (7.8, "7,8%"),
    (7.80, "7,8%"),
    (100, "100%"),
    (7.7555, "7,76%"),
    (0.83, "0,83%"),
    (1234.5, "1.234,5%"),
])
def test_fmt_percent_value(value, expected):
    assert nf.fmt_percent_value(value) == expected


@pytest.mark.parametrize("call, expected", [
    (lambda: nf.fmt_money(1234.5, "triệu đồng"), "1.234,5 triệu đồng"),
    (lambda: nf.fmt_money(11700, "nghìn đồng"), "11.700 nghìn đồng"),
    (lambda: nf.fmt_money(150, ""), "150"),
    (lambda: nf.fmt_permille(12.5), "12,5‰"),
    (lambda: nf.fmt_permille(14), "14‰"),
    (lambda: nf.fmt_points(1.3), "1,3 điểm phần trăm"),
    (lambda: nf.fmt_points(0.1), "0,1 điểm phần trăm"),
    (lambda: nf.fmt_points(1.25, permille=True), "1,25 phần nghìn"),
    (lambda: nf.fmt_percent_value(95.238, nf.TIMES_PLACES), "95,2%"),
])
def test_other_formats(call, expected):
    assert call() == expected


@pytest.mark.parametrize("value, expected", [
    (270 / 74, "3,6"),  # Hương Hóa HCĐB 2016 → 2017
    (2.0, "2"),
    (2.04, "2"),
    (2.05, "2,1"),
    (10.96, "11"),
])
def test_times_rule_one_decimal(value, expected):
    assert nf.fmt_times(value) == expected


@pytest.mark.parametrize("value, places, expected", [
    (7.755, 2, Decimal("7.76")),
    (-7.755, 2, Decimal("-7.76")),
    (3.6486, 1, Decimal("3.6")),
    (0.004, 2, Decimal("0")),
])
def test_round_half_up(value, places, expected):
    assert nf.round_half_up(value, places) == expected


@pytest.mark.parametrize("day, expected", [
    (date(2025, 2, 5), "ngày 05 tháng 02 năm 2025"),
    (date(2025, 3, 15), "ngày 15 tháng 3 năm 2025"),
    (date(2025, 12, 5), "ngày 05 tháng 12 năm 2025"),
    (date(2025, 1, 10), "ngày 10 tháng 01 năm 2025"),
    (date(2020, 5, 27), "ngày 27 tháng 5 năm 2020"),
    (date(2024, 10, 9), "ngày 09 tháng 10 năm 2024"),
])
def test_fmt_date_decree_30(day, expected):
    assert nf.fmt_date(day) == expected


@pytest.mark.parametrize("place, expected", [
    ("Hương Hóa", "Hương Hóa, ngày 27 tháng 5 năm 2020"),
    ("  Lạng Sơn ", "Lạng Sơn, ngày 27 tháng 5 năm 2020"),
    ("", "Ngày 27 tháng 5 năm 2020"),
])
def test_fmt_place_date(place, expected):
    assert nf.fmt_place_date(place, date(2020, 5, 27)) == expected


@pytest.mark.parametrize("bad", [None, math.nan, math.inf, -math.inf, True, "12", Decimal("NaN")])
@pytest.mark.parametrize("fmt", [nf.fmt_number, nf.fmt_percent_value, nf.fmt_permille,
                                 nf.fmt_points, nf.fmt_times])
def test_guard_refuses_blank_and_non_finite(fmt, bad):
    with pytest.raises(ValueError):
        fmt(bad)


def test_guard_date():
    with pytest.raises(ValueError):
        nf.fmt_date(None)


@pytest.mark.parametrize("value, expected", [
    (1, True), (1.5, True), (Decimal("2"), True), (0, True),
    (None, False), (True, False), (math.nan, False), (math.inf, False), ("1", False),
])
def test_is_number(value, expected):
    assert nf.is_number(value) is expected


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.integers(min_value=-10**30, max_value=10**30),
                 st.floats(allow_nan=False, allow_infinity=False)))
def test_any_finite_number_formats_the_vietnamese_way(value):
    text = nf.fmt_number(value)
    assert "nan" not in text.lower() and "inf" not in text.lower() and "e" not in text.lower()
    integer, _, decimals = text.lstrip("-").partition(",")
    assert len(decimals) <= 2 and not decimals.endswith("0")
    groups = integer.split(".")
    assert all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.integers(min_value=-10**18, max_value=10**18),
                 st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15)),
       st.sampled_from([0, 1, 2]), st.sampled_from(["", "%", "‰"]))
def test_parsed_pattern_gives_babels_own_text(value, places, suffix):
    """The pattern and Locale parsed once (perf) give what babel's format_decimal gives."""
    d = nf.round_half_up(value, places)
    assert nf._babel_decimal(d, places, suffix) == nf._babel_decimal_plain(d, places, suffix)


def _babel_texts(value, places):
    """fmt_number, fmt_percent_value and fmt_permille the plain way: babel's own functions."""
    import decimal

    from babel.numbers import format_decimal, format_percent
    d = nf.round_half_up(value, places)
    with decimal.localcontext(nf._CONTEXT):
        return (format_decimal(d, format=nf._pattern(places), locale="vi"),
                format_percent(d.scaleb(-2), format=nf._pattern(places, "%"), locale="vi"),
                format_decimal(d.scaleb(-3), format=nf._pattern(places, "‰"), locale="vi"))


_EDGES = [0, 7.76, 7.8, 100, 0.005, 0.004, -0.005, 12345.678, -3.5, 999.995, 999_999.999, 1000, 100_000,
          1_000_000, -1_000_000.5, 1e15, 1.5e17, -2.5e20, 5e-324, Decimal("12.50"), Decimal("-0.001"),
          Decimal("1E+5"), 10**30, -(10**30) + 1, 123456789012345678901234567890.0]


@pytest.mark.parametrize("value", _EDGES)
@pytest.mark.parametrize("places", [0, 1, 2, 3])
def test_digits_same_as_babel(value, places):
    """The str-made number text (perf) is babel's, for numbers, percents and per mille."""
    assert (nf.fmt_number(value, places), nf.fmt_percent_value(value, places),
            nf.fmt_permille(value, places)) == _babel_texts(value, places)


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.integers(min_value=-10**25, max_value=10**25),
                 st.floats(allow_nan=False, allow_infinity=False),
                 st.decimals(allow_nan=False, allow_infinity=False, places=4)),
       st.sampled_from([0, 1, 2]))
def test_any_number_same_text_as_babel(value, places):
    assert (nf.fmt_number(value, places), nf.fmt_percent_value(value, places),
            nf.fmt_permille(value, places)) == _babel_texts(value, places)
