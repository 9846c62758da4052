"""How people really type values into annex cells, turned into typed values.

Accepted: blanks; `7/7`; `Có`, `có`, `x`, `Không`; `13.758`, `13,758`, `13758` as text or
number; `0,86`, `0.86`, `86%`; cached formula values. Ambiguity is an error, never a guess:
`1,234` in a money or rate cell could be 1,234 or 1234, so it is refused with a hint.
"""

from __future__ import annotations

import datetime as _dt
import math
import re

from reportgen.core import model as m
from reportgen.core.text import squash

YES_WORDS = {"có", "co", "x", "✓", "✔", "yes", "y", "đã có", "rồi", "đạt"}
NO_WORDS = {"không", "khong", "ko", "k", "no", "n", "chưa", "chưa có", "0"}
EXCEL_ERRORS = {"#DIV/0!", "#REF!", "#N/A", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!",
                "#GETTING_DATA"}

_RATIO = re.compile(r"^(\d+(?:[.,]\d+)?)\s*/\s*(\d+(?:[.,]\d+)?)$")
_GROUPED_DOT = re.compile(r"^\d{1,3}(\.\d{3})+$")
_GROUPED_COMMA = re.compile(r"^\d{1,3}(,\d{3})+$")
_GROUPED_SPACE = re.compile(r"^\d{1,3}( \d{3})+$")
_VI_FULL = re.compile(r"^\d{1,3}(\.\d{3})+,\d+$")  # 1.234,5
_EN_FULL = re.compile(r"^\d{1,3}(,\d{3})+\.\d+$")  # 1,234.5
_PLAIN = re.compile(r"^\d+([.,]\d+)?$")


MAX_VALUE = 1e15  # above any count, amount (VND) or rate a report can hold; 1e308 is a typo or an attack


class CellError(ValueError):
    """A value that cannot be typed; the message is Vietnamese and says what to type instead."""


clean_text = squash  # the one text normaliser (core/text.py); called for every text cell


def parse_value(raw, kind: str):
    """Type one raw cell value for an indicator of `kind`. Returns None for a blank."""
    if raw is None:
        return None
    if isinstance(raw, str):
        text = clean_text(raw)
        if text == "":
            return None
        if text.upper() in EXCEL_ERRORS:
            raise CellError(f"ô chứa lỗi Excel {text.upper()}; hãy sửa công thức hoặc nhập số")
    if kind == m.TEXT:
        return clean_text(raw) if not isinstance(raw, (_dt.date, _dt.datetime)) else raw.strftime("%d/%m/%Y")
    if kind == m.YESNO:
        return _parse_yesno(raw)
    if kind == m.RATIO:
        return _parse_ratio(raw)
    return _parse_number(raw, kind)


def _parse_yesno(raw) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, (int, float)) and raw in (0, 1):
        return bool(raw)
    text = clean_text(raw).lower().rstrip(".")
    if text in YES_WORDS:
        return True
    if text in NO_WORDS:
        return False
    if _RATIO.match(text):  # a total over units (reportgen aggregate): 7/7 answered «Có»
        return _parse_ratio(raw)
    raise CellError(f"«{clean_text(raw)}» không phải Có/Không; hãy chọn «Có» hoặc «Không»")


def _parse_ratio(raw) -> m.Ratio:
    if isinstance(raw, bool):
        raise CellError("ô cần dạng «x/y» hoặc một số, không phải Có/Không")
    if isinstance(raw, (_dt.date, _dt.datetime)):
        if raw.day == raw.month:
            return m.Ratio(raw.day, raw.month)
        raise CellError(f"Excel đã đổi giá trị thành ngày {raw.day:02d}/{raw.month:02d}, không rõ là "
                        f"{raw.day}/{raw.month} hay {raw.month}/{raw.day}; hãy định dạng ô là Văn bản (Text) rồi gõ lại «x/y»")
    if isinstance(raw, (int, float)):
        n = _check_number(float(raw), m.COUNT)
        return m.Ratio(n, 0)
    text = clean_text(raw)
    mt = _RATIO.match(text)
    if mt:
        num, den = _text_number(mt.group(1), m.COUNT), _text_number(mt.group(2), m.COUNT)
        if num > den:
            raise CellError(f"«{text}»: tử số lớn hơn mẫu số")
        return m.Ratio(num, den)
    try:
        return m.Ratio(_text_number(text, m.COUNT), 0)
    except CellError:
        raise CellError(f"«{text}» không đúng dạng «x/y» (ví dụ 7/7) hoặc một số") from None


def _parse_number(raw, kind: str) -> float:
    if isinstance(raw, bool):
        raise CellError("ô cần một số, không phải Có/Không")
    if isinstance(raw, (_dt.date, _dt.datetime)):
        raise CellError(f"ô chứa ngày tháng {raw.strftime('%d/%m/%Y')} thay vì một số; "
                        "hãy định dạng ô là Số (Number) rồi nhập lại")
    if isinstance(raw, (int, float)):
        value = _check_number(float(raw), kind if kind != m.COUNT else m.MONEY)  # finite, not negative
        if kind == m.COUNT and not value.is_integer() and _looks_like_thousands(value):
            # 13.758 typed on an English-locale Excel: a count cannot have three decimals.
            value = float(round(value * 1000))
        return _check_number(value, kind)
    return _check_number(_text_number(clean_text(raw), kind), kind)


def _looks_like_thousands(value: float) -> bool:
    """Exactly three decimals (13.758): 7.5 or 7.25 are not thousands, and stay an error."""
    scaled, hundredths = value * 1000, value * 100
    return abs(scaled - round(scaled)) < 1e-6 and abs(hundredths - round(hundredths)) > 1e-6 and value >= 1


def _text_number(text: str, kind: str) -> float:
    t = text.replace("−", "-").replace("–", "-")
    percent = t.endswith("%") or t.endswith("‰")
    if percent:
        if kind not in m.RATE_KINDS:
            raise CellError(f"«{text}» là tỷ lệ nhưng chỉ tiêu này cần một số lượng")
        t = t[:-1].strip()
    negative = t.startswith("-")
    if negative:
        t = t[1:].strip()
    number = _digits(t, kind, text)
    return -number if negative else number


def _digits(t: str, kind: str, original: str) -> float:
    if _GROUPED_SPACE.match(t):
        return float(t.replace(" ", ""))
    if _VI_FULL.match(t):
        return float(t.replace(".", "").replace(",", "."))
    if _EN_FULL.match(t):
        return float(t.replace(",", ""))
    if _GROUPED_DOT.match(t) and t.count(".") > 1:
        return float(t.replace(".", ""))
    if _GROUPED_COMMA.match(t) and t.count(",") > 1:
        return float(t.replace(",", ""))
    if _GROUPED_DOT.match(t) or _GROUPED_COMMA.match(t):
        # One separator followed by exactly three digits: thousands for a count; a guess otherwise.
        if kind == m.COUNT or (_GROUPED_DOT.match(t) and kind == m.MONEY):
            return float(t.replace(".", "").replace(",", ""))
        a, b = t.replace(",", ".").split(".")
        raise CellError(f"«{original}» không rõ là {a}.{b} (hàng nghìn) hay {a},{b} (số thập phân); "
                        "hãy gõ số không có dấu phân cách hàng nghìn")
    if _PLAIN.match(t):
        return float(t.replace(",", "."))
    raise CellError(f"«{original}» không phải là số; hãy chỉ nhập chữ số (ví dụ 13758 hoặc 0,86)")


def _check_number(value: float, kind: str) -> float:
    if math.isnan(value) or math.isinf(value):
        raise CellError("giá trị không phải là số hữu hạn")
    if value < 0:
        raise CellError(f"số âm ({_plain(value)}) không hợp lệ; số liệu phải lớn hơn hoặc bằng 0")
    if value > MAX_VALUE:
        raise CellError(f"số quá lớn ({value:.3g}), vượt mọi số liệu có thể có (tối đa 10^15); "
                        "hãy kiểm tra lại ô này")
    if kind == m.COUNT and not float(value).is_integer():
        raise CellError(f"số lượng phải là số nguyên, không phải {_plain(value)}")
    return value


def _plain(v: float) -> str:
    from reportgen.core.numbers import fmt_number  # perf: babel only on this error path, not for every cell
    return fmt_number(v, places=6)
