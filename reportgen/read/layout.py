"""Where things sit on an annex sheet (list layout): the fixed grid, the column headers of a period,
the visible rows. The form writers (forms/) lay sheets out with it and the reader finds them with it."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from reportgen.core import model as m
from reportgen.core.catalog import Catalog
from reportgen.core.period import Period

# Fixed grid of an annex sheet: column A holds the hidden indicator id.
ID_COL, TT_COL, NAME_COL, UNIT_COL = 1, 2, 3, 4
FIRST_ROLE_COL = 5
HEADER_ROW = 7  # two header rows (7, 8), column numbers on row 9
NUMBER_ROW = 9
FIRST_DATA_ROW = 10
ASSESSMENT_LABELS = ("Đạt KH", "Không đạt KH", "Vượt KH")


def header_vars(period: Period) -> dict[str, object]:
    prev = period.previous()
    return {"prev": prev.label, "cur": period.label, "prev_lower": prev.label_lower,
            "cur_lower": period.label_lower, "year": period.year, "next_year": period.year + 1,
            "year_lower": f"năm {period.year}"}


def column_header(col: m.Column, period: Period) -> str:
    return col.header.format(**header_vars(period))


@dataclass
class SheetColumn:
    """One physical column of an annex sheet."""

    role: str
    header: str
    group: str = ""  # merged header above (assessment)
    width: float = 14


def sheet_columns(annex: m.Annex, period: Period) -> list[SheetColumn]:
    cols: list[SheetColumn] = []
    for c in annex.columns:
        header = column_header(c, period)
        if c.role == m.ASSESSMENT:
            for i, label in enumerate(ASSESSMENT_LABELS):
                cols.append(SheetColumn(f"{m.ASSESSMENT}:{i}", label, group=header, width=9))
        else:
            width = 30 if c.role in (m.AGENCY, m.DETAIL) else (18 if c.role == m.NOTE else c.width)
            cols.append(SheetColumn(c.role, header, width=width))
    return cols


_NUMBERED = re.compile(r"^(\d+)((?:[.,]\d+)*\.?)$")
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV")


def visible_rows(annex: m.Annex, catalog: Catalog) -> list[m.AnnexRow]:
    """Rows of active administrative levels; group numbers (I, II, …) close the gap a dropped level leaves."""
    memo = getattr(catalog, "_memo", None)  # a Catalog's; a stand-in (LevelRows) computes each time
    if memo is None:
        return _visible_rows(annex, catalog)
    key = ("visible_rows", id(annex))
    got = memo.get(key)
    if got is None or got[0] is not annex:  # perf: every workbook read asks for every annex's rows
        got = memo[key] = (annex, _visible_rows(annex, catalog))
    return list(got[1])


def _visible_rows(annex: m.Annex, catalog: Catalog) -> list[m.AnnexRow]:
    if all(catalog.active_level(r.level) for r in annex.rows):
        return list(annex.rows)
    out, groups, shift = [], 0, 0
    for r in annex.rows:
        if r.style == "group" and r.tt in _ROMAN:
            shift = 0
        if not catalog.active_level(r.level):
            shift += 1 if r.tt.isdigit() else 0  # a dropped item: later items move up one number
            continue
        if r.style == "group" and r.tt in _ROMAN:
            groups += 1
            r = replace(r, tt=_ROMAN[groups - 1])
        elif shift and _NUMBERED.match(r.tt):
            first, rest = _NUMBERED.match(r.tt).groups()
            r = replace(r, tt=f"{int(first) - shift}{rest}")
        out.append(r)
    return out
