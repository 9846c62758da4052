"""reportgen.cellparse: how officers really type values, turned into typed values (or refused)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from reportgen.core import model as m
from reportgen.read.cells import CellError, clean_text, parse_value

VIETNAMESE = re.compile(r"[À-ỹ]")


@pytest.mark.parametrize("raw, kind, expected", [
    # blanks are null, never 0
    (None, m.COUNT, None),
    ("", m.COUNT, None),
    ("   ", m.MONEY, None),
    ("\u00a0", m.PERCENT, None),
    (None, m.YESNO, None),
    ("", m.RATIO, None),
    # zero stays zero
    (0, m.COUNT, 0.0),
    ("0", m.COUNT, 0.0),
    # counts: grouped thousands as text and as numbers
    ("13758", m.COUNT, 13758.0),
    ("13.758", m.COUNT, 13758.0),
    ("13,758", m.COUNT, 13758.0),
    ("13 758", m.COUNT, 13758.0),
    ("1.234.567", m.COUNT, 1234567.0),
    ("1,234,567", m.COUNT, 1234567.0),
    (13758, m.COUNT, 13758.0),
    (13758.0, m.COUNT, 13758.0),
    (13.758, m.COUNT, 13758.0),  # "13.758" typed on an English-locale Excel
    (" 138 ", m.COUNT, 138.0),
    # money: "." groups thousands, "," is the decimal mark; full forms both ways
    ("150", m.MONEY, 150.0),
    (150, m.MONEY, 150.0),
    (7.5, m.MONEY, 7.5),
    ("1.234", m.MONEY, 1234.0),
    ("1.234,5", m.MONEY, 1234.5),
    ("1,234.5", m.MONEY, 1234.5),
    ("7,5", m.MONEY, 7.5),
    # percent cells hold percent units
    ("0,86", m.PERCENT, 0.86),
    ("0.86", m.PERCENT, 0.86),
    (0.86, m.PERCENT, 0.86),
    ("86%", m.PERCENT, 86.0),
    ("86 %", m.PERCENT, 86.0),
    ("97,5%", m.PERCENT, 97.5),
    ("12,5‰", m.PERMILLE, 12.5),
    # yes / no
    ("Có", m.YESNO, True),
    ("có", m.YESNO, True),
    ("CÓ", m.YESNO, True),
    ("x", m.YESNO, True),
    ("X", m.YESNO, True),
    ("Có.", m.YESNO, True),
    ("Không", m.YESNO, False),
    ("không", m.YESNO, False),
    ("Chưa", m.YESNO, False),
    (True, m.YESNO, True),
    (1, m.YESNO, True),
    (0, m.YESNO, False),
    # decomposed Unicode (NFD) as pasted from some PDFs
    ("Co\u0301", m.YESNO, True),
    # ratios x/y
    ("7/7", m.RATIO, m.Ratio(7, 7)),
    ("7 / 7", m.RATIO, m.Ratio(7, 7)),
    ("138/145", m.RATIO, m.Ratio(138, 145)),
    ("0/7", m.RATIO, m.Ratio(0, 7)),
    ("138", m.RATIO, m.Ratio(138, 0)),
    (138, m.RATIO, m.Ratio(138, 0)),
    (dt.datetime(2025, 7, 7), m.RATIO, m.Ratio(7, 7)),  # Excel turned 7/7 into 7 July
    # text
    ("  Quyết định   số 12 ", m.TEXT, "Quyết định số 12"),
    (dt.date(2025, 3, 5), m.TEXT, "05/03/2025"),
])
def test_parse_value(raw, kind: str, expected) -> None:
    got = parse_value(raw, kind)
    assert got == expected
    assert type(got) is type(expected)


@pytest.mark.parametrize("raw, kind, needle", [
    # ambiguity is an error, never a guess
    ("1,234", m.MONEY, "không rõ là 1.234 (hàng nghìn) hay 1,234 (số thập phân)"),
    ("1,234", m.PERCENT, "không rõ"),
    ("1.234", m.PERCENT, "không rõ"),
    # Excel turned 3/7 into a date
    (dt.datetime(2025, 7, 3), m.RATIO, "ngày 03/07"),
    (dt.datetime(2025, 7, 3), m.COUNT, "ngày tháng 03/07/2025"),
    # not numbers
    ("khoảng 200", m.COUNT, "«khoảng 200» không phải là số"),
    ("N/A", m.COUNT, "«N/A» không phải là số"),
    ("200 người", m.COUNT, "không phải là số"),
    ("-", m.MONEY, "không phải là số"),
    (True, m.COUNT, "không phải Có/Không"),
    # negative numbers
    (-5, m.COUNT, "số âm (-5)"),
    ("-5", m.COUNT, "số âm (-5)"),
    ("−12,5", m.MONEY, "số âm (-12,5)"),
    # counts are whole numbers
    (7.5, m.COUNT, "số nguyên"),  # one or two decimals are not a thousands separator
    (7.25, m.COUNT, "số nguyên"),
    (13.75, m.COUNT, "số nguyên"),
    ("7,5", m.COUNT, "số nguyên"),
    # a percent sign in a count cell
    ("86%", m.COUNT, "là tỷ lệ"),
    # Excel error values typed or cached as text
    ("#DIV/0!", m.COUNT, "lỗi Excel #DIV/0!"),
    ("#n/a", m.PERCENT, "lỗi Excel #N/A"),
    ("#VALUE!", m.YESNO, "lỗi Excel #VALUE!"),
    # yes/no and ratio shapes
    ("có lẽ", m.YESNO, "không phải Có/Không"),
    (2, m.YESNO, "không phải Có/Không"),
    ("8/7", m.RATIO, "tử số lớn hơn mẫu số"),
    ("7/7 huyện", m.RATIO, "không đúng dạng «x/y»"),
    (float("nan"), m.MONEY, "không phải là số hữu hạn"),
])
def test_parse_value_refuses(raw, kind: str, needle: str) -> None:
    with pytest.raises(CellError) as info:
        parse_value(raw, kind)
    message = str(info.value)
    assert needle in message
    assert VIETNAMESE.search(message)
    assert "\n" not in message


@pytest.mark.parametrize("raw, expected", [
    ("  a \u00a0 b\u202fc  ", "a b c"),
    ("Co\u0301", "Có"),
    ("6 tháng đầu\n\nnăm 2025", "6 tháng đầu năm 2025"),
    (13758, "13758"),
])
def test_clean_text(raw, expected: str) -> None:
    assert clean_text(raw) == expected


def test_ratio_json_and_share() -> None:
    assert m.Ratio(7, 7).to_json() == {"num": 7, "den": 7}
    assert m.Ratio(138.0, 0.0).to_json() == {"num": 138, "den": 0}
    assert m.Ratio(3, 4).share == 0.75
    assert m.Ratio(3, 0).share is None
