"""How a figure is written in running text (the tables keep the plain figures).

One convention, applied by every sentence the tool writes (docs/cau-van.md):

* Small counts take a leading zero, as the seeds write them: "02 vụ", "09 mô hình" (whole
  counts from 1 to 9; differences keep plain digits: "tăng 3 em").
* Money in triệu đồng whatever the form's unit ("544.400 nghìn đồng" → "544,4 triệu
  đồng"; from 100 triệu up, whole triệu: "64.914 triệu đồng"). An allowance (the name
  starts with "Mức") reads "150.000 đồng/người/tháng".
* Percentages with one decimal ("98,6%"); two when one decimal would show 0 ("0,12%" stays
  "0,12%", not "0,1%") or hide the difference from the figure compared with.
* A rare rate (under 0,1%) reads per 100.000 children: "13,7 trẻ em/100.000 trẻ em".
"""

from __future__ import annotations

from reportgen.core import model as m
from reportgen.core import numbers as nf
from reportgen.words.text import clean, noun

PERCENT_PLACES = 1
RARE_PERCENT = 0.1  # a percentage below this is written per 100.000
PER = 100_000

_MONEY_FACTORS = {"triệu đồng": 1.0, "nghìn đồng": 1e-3, "đồng": 1e-6, "tỷ đồng": 1e3}


def is_whole(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer()


def count_text(value) -> str:
    """"02", "35.402", "2,5": a leading zero for whole counts from 1 to 9."""
    if is_whole(value) and 1 <= value <= 9:
        return f"{int(value):02d}"
    return nf.fmt_number(value)


def percent_text(value, places: int = PERCENT_PLACES) -> str:
    """One decimal; two below 1% (a small rate needs them) or when one shows it as 0."""
    if value is not None and abs(value) < 1 and places < nf.PLACES:
        places = nf.PLACES
    while places < nf.PLACES and value and nf.is_zero_when_shown(value, places):
        places += 1
    return nf.fmt_percent_value(value, places)


def percent_pair(a, b) -> tuple[str, str]:
    """Two percentages compared: one decimal unless it makes them look equal."""
    places = PERCENT_PLACES
    if a is not None and b is not None and a != b and \
            nf.round_half_up(a, places) == nf.round_half_up(b, places):
        places = nf.PLACES
    return percent_text(a, places), percent_text(b, places)


def millions(ind: m.Indicator, value: float) -> float | None:
    """A money figure in triệu đồng, or None when the unit is not a known money unit."""
    factor = _MONEY_FACTORS.get(noun(ind).lower())
    return None if factor is None else value * factor


def is_allowance(ind: m.Indicator) -> bool:
    return clean(ind.name).lower().startswith("mức")


def money_text(ind: m.Indicator, value: float) -> str:
    mil = millions(ind, value)
    if mil is None:
        return nf.fmt_money(value, noun(ind))
    if is_allowance(ind):
        return f"{nf.fmt_number(round(mil * 1e6))} đồng/người/tháng"
    if abs(mil) >= 100 or float(mil).is_integer():
        return f"{nf.fmt_number(round(mil))} triệu đồng"
    return f"{nf.fmt_number(mil, 1)} triệu đồng"


def amount_text(ind: m.Indicator, value: float, diff: bool = False) -> str:
    """A count or money figure with its unit; `diff`: a difference ("tăng 3 em", no zero)."""
    if ind.kind == m.MONEY:
        return money_text(ind, value)
    number = nf.fmt_number(value) if diff else count_text(value)
    return f"{number} {noun(ind)}".strip()


def per_100k(numerator: float, denominator: float) -> str | None:
    """"13,7": a rate per 100.000 from its numerator and denominator, None if no base."""
    if not denominator:
        return None
    return nf.fmt_number(numerator / denominator * PER, 1)


def is_rare(ind: m.Indicator, value) -> bool:
    return ind.kind == m.PERCENT and isinstance(value, (int, float)) and 0 < value < RARE_PERCENT
