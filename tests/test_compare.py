import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen.facts import compare as c
from reportgen.core.model import Indicator, Ratio, Value

COUNT = Indicator(id="so_tre_em", name="Số trẻ em", unit="Người", kind="count", noun="em")
CASES = Indicator(id="xam_hai", name="Số trẻ em bị xâm hại", unit="Người", kind="count",
                  noun="em", good="down")
MONEY = Indicator(id="kinh_phi", name="Kinh phí", unit="Triệu đồng", kind="money")
RATE = Indicator(id="ty_le", name="Tỷ lệ trẻ em được tiêm chủng", unit="%", kind="percent", good="up")
RATE_DOWN = Indicator(id="ty_le_sdd", name="Tỷ lệ suy dinh dưỡng", unit="%", kind="percent",
                      good="down", target_down=True)
TARGET_DOWN = Indicator(id="bo_hoc", name="Tỷ lệ bỏ học", unit="%", kind="percent", target_down=True)
PERMILLE = Indicator(id="tu_vong", name="Tỷ suất tử vong", unit="‰", kind="permille", good="down")
YESNO = Indicator(id="ban_chi_dao", name="Tỉnh đã có Ban Chỉ đạo", unit="Có/không", kind="yesno")
RATIO = Indicator(id="huyen", name="Số huyện có Ban Chỉ đạo", unit="Huyện", kind="ratio")
TEXT = Indicator(id="ghi_chu", name="Ghi chú", unit="", kind="text")


@pytest.mark.parametrize("ind, cur, prev, kind, diff, pct, ratio", [
    # Hương Hóa, PHỤ LỤC SỐ 02: total children year on year
    (COUNT, 32532, 31957, c.UP, 575, 575 / 31957 * 100, 32532 / 31957),
    (COUNT, 32854, 32532, c.UP, 322, 322 / 32532 * 100, 32854 / 32532),
    (COUNT, 35402, 32854, c.UP, 2548, 2548 / 32854 * 100, 35402 / 32854),
    # HCĐB 74 → 270 (a rise of 264,86%)
    (CASES, 270, 74, c.UP, 196, 196 / 74 * 100, 270 / 74),
    (COUNT, 900, 1000, c.DOWN, -100, -10.0, 0.9),
    (COUNT, 5, 5, c.SAME, 0, 0.0, 1.0),
    (CASES, 3, 0, c.NEW, 3, None, None),
    (CASES, 0, 0, c.BOTH_ZERO, 0, None, None),
    (CASES, 0, 4, c.GONE, -4, -100.0, 0.0),
    (COUNT, 12, None, c.NO_PREVIOUS, None, None, None),
    (COUNT, 12, "", c.NO_PREVIOUS, None, None, None),
    (COUNT, None, 12, c.NO_CURRENT, None, None, None),
    (MONEY, 1234.5, 1000, c.UP, 234.5, 23.45, 1.2345),
    # rates: points, never a percent of a percent
    (RATE, 0.93, 0.83, c.UP, 0.1, None, 0.93 / 0.83),
    (RATE, 0.89, 0.93, c.DOWN, -0.04, None, 0.89 / 0.93),
    (RATE, 100, 100, c.SAME, 0, None, 1.0),
    (PERMILLE, 12.5, 13.8, c.DOWN, -1.3, None, 12.5 / 13.8),
])
def test_change_numbers(ind, cur, prev, kind, diff, pct, ratio):
    ch = c.change(ind, cur, prev)
    assert ch.kind == kind
    for got, want in ((ch.diff, diff), (ch.pct, pct), (ch.ratio, ratio)):
        assert (got is None) if want is None else got == pytest.approx(want)


def test_rate_difference_is_exact_in_points():
    assert c.change(RATE, 0.93, 0.83).diff == 0.1  # not 0.10000000000000009


@pytest.mark.parametrize("bad", [math.nan, math.inf, "abc", True, Ratio(1, 2)])
def test_invalid_figures_are_blank_never_zero(bad):
    assert c.change(COUNT, bad, 5).kind == c.NO_CURRENT
    assert c.change(COUNT, 5, bad).kind == c.NO_PREVIOUS


def test_value_objects_are_unwrapped():
    assert c.change(COUNT, Value(10), Value(None)).kind == c.NO_PREVIOUS


@pytest.mark.parametrize("cur, prev, kind", [
    (True, False, c.UP), (False, True, c.DOWN), (True, True, c.SAME), (False, False, c.SAME),
    (True, None, c.NO_PREVIOUS), (None, True, c.NO_CURRENT), (1, 0, c.UP),
])
def test_change_yes_no_is_a_state_change(cur, prev, kind):
    ch = c.change(YESNO, cur, prev)
    assert ch.kind == kind and ch.diff is None and ch.pct is None


@pytest.mark.parametrize("cur, prev, kind, diff, num_diff", [
    (Ratio(7, 7), Ratio(5, 7), c.UP, 100 - 500 / 7, 2),
    (Ratio(7, 7), Ratio(5, 6), c.UP, 100 - 500 / 6, None),
    (Ratio(7, 7), Ratio(7, 7), c.SAME, 0, 0),
    (Ratio(0, 7), Ratio(0, 7), c.BOTH_ZERO, 0, 0),
    (Ratio(3, 7), Ratio(0, 7), c.NEW, 300 / 7, 3),
    (Ratio(3, 0), Ratio(1, 7), c.NO_CURRENT, None, None),  # 3/0 is not a figure
])
def test_change_ratio_compares_shares(cur, prev, kind, diff, num_diff):
    ch = c.change(RATIO, cur, prev)
    assert ch.kind == kind and ch.pct is None
    assert (ch.diff is None) if diff is None else ch.diff == pytest.approx(diff)
    assert (ch.num_diff is None) if num_diff is None else ch.num_diff == num_diff


def test_text_has_no_change():
    assert c.change(TEXT, "x", "y").kind == c.NO_CURRENT


@pytest.mark.parametrize("ind, result, plan, status, share", [
    (COUNT, 100, 100, c.DAT, 100.0),
    (COUNT, 112.4, 100, c.VUOT, 112.4),
    (COUNT, 80, 100, c.KHONG_DAT, 80.0),
    (COUNT, 5, 0, c.VUOT, None),  # plan 0: no share
    (COUNT, 0, 0, c.DAT, None),
    (COUNT, None, 100, None, None),
    (COUNT, 100, None, None, None),
    (RATE, 97, 95, c.VUOT, 97 / 95 * 100),
    # decrease targets: the plan is a ceiling
    (RATE_DOWN, 0.7, 0.8, c.VUOT, 87.5),  # "giảm xuống 0,8%" reached with 0,7%
    (RATE_DOWN, 0.8, 0.8, c.DAT, 100.0),
    (RATE_DOWN, 0.9, 0.8, c.KHONG_DAT, 112.5),
    (TARGET_DOWN, 1.2, 1.5, c.VUOT, 80.0),  # target_down alone is enough
    (CASES, 2, 5, c.VUOT, 40.0),  # good == down: fewer cases than planned
    (CASES, 0, 0, c.DAT, None),
    (YESNO, True, True, c.DAT, None),
    (YESNO, False, True, c.KHONG_DAT, None),
    (RATIO, Ratio(7, 7), Ratio(6, 7), c.VUOT, 700 / 6),
])
def test_attainment(ind, result, plan, status, share):
    att = c.attainment(ind, result, plan)
    assert att.status == status
    assert (att.share is None) if share is None else att.share == pytest.approx(share)


@pytest.mark.parametrize("ind, result, plan, shown", [
    (COUNT, 95.238, 100, 95.2),
    (COUNT, 99.96, 100, 99.9),  # not met is never shown as 100%
    (COUNT, 100.04, 100, 100.1),  # exceeded is never shown as 100%
    (COUNT, 100, 100, 100.0),
    (RATE_DOWN, 0.7999, 0.8, 99.9),  # decrease target exceeded: below 100%
    (RATE_DOWN, 0.8001, 0.8, 100.1),
    (COUNT, 5, 0, None),
])
def test_shown_share_never_crosses_100_against_the_status(ind, result, plan, shown):
    assert c.shown_share(c.attainment(ind, result, plan)) == shown


@pytest.mark.parametrize("result, plan, form, expected", [
    (100, 100, "mark", {"dat": "x", "khong_dat": "", "vuot": ""}),
    (80, 100, "mark", {"dat": "", "khong_dat": "x", "vuot": ""}),
    (112.4, 100, "mark", {"dat": "", "khong_dat": "", "vuot": "x"}),
    (100, 100, "percent", {"dat": "100%", "khong_dat": "", "vuot": ""}),
    (95.238, 100, "percent", {"dat": "", "khong_dat": "95,2%", "vuot": ""}),
    (112.4, 100, "percent", {"dat": "", "khong_dat": "", "vuot": "112,4%"}),
    (5, 0, "percent", {"dat": "", "khong_dat": "", "vuot": "x"}),
    (None, 100, "percent", {"dat": "", "khong_dat": "", "vuot": ""}),
])
def test_assessment_marks(result, plan, form, expected):
    assert c.assessment_marks(c.attainment(COUNT, result, plan), form=form) == expected


def test_assessment_columns_in_print_order():
    assert [label for _, label in c.ASSESSMENT_COLUMNS] == ["Đạt KH", "Không đạt KH", "Vượt KH"]
    assert c.assessment_marks(None) == {"dat": "", "khong_dat": "", "vuot": ""}
    with pytest.raises(ValueError):
        c.assessment_marks(c.attainment(COUNT, 1, 1), form="both")


_ANY = st.one_of(st.none(), st.integers(-10**20, 10**20),
                 st.floats(allow_nan=True, allow_infinity=True), st.just(0), st.just(""))


@settings(max_examples=200, deadline=None)
@given(_ANY, _ANY, st.sampled_from([COUNT, CASES, MONEY, RATE, PERMILLE]))
def test_change_never_returns_non_finite_numbers(cur, prev, ind):
    ch = c.change(ind, cur, prev)
    for x in (ch.diff, ch.pct, ch.ratio):
        assert x is None or math.isfinite(x)
    att = c.attainment(ind, cur, prev)
    assert att.share is None or math.isfinite(att.share)
