"""Phụ lục tables attached to a document, built from the catalog's annexes and a dataset."""

from __future__ import annotations

from functools import lru_cache

from reportgen.facts import compare
from reportgen.core import model as m
from reportgen.core import numbers as nf
from reportgen.core.catalog import Catalog
from reportgen.documents import appendix_select as sel
from reportgen.documents.model import AppendixTable, TableCell
from reportgen.read.layout import sheet_columns, visible_rows
from reportgen.core.period import Period

_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"]
_ROLE_WIDTH = {m.AGENCY: 40, m.NOTE: 25, m.DETAIL: 60}

# numfmt.fmt_number remembered per value (typed: 1 and 1.0 apart): a batch of communes prints
# the same small counts again and again, and babel takes ~30 µs a number (~800 cells a report).
_fmt_number = lru_cache(maxsize=1 << 16, typed=True)(nf.fmt_number)


def cell_text(ind: m.Indicator, value) -> str:
    """A value as printed in a table cell: vi format, blank stays blank."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, m.Ratio):
        if not value.den:
            return _fmt_number(value.num)
        return f"{_fmt_number(value.num)}/{_fmt_number(value.den)}"
    if isinstance(value, (int, float)):
        return _fmt_number(value)
    return str(value)


def annex_has_data(annex: m.Annex, ds: m.Dataset) -> bool:
    if annex.layout == "records":
        return bool(ds.records.get(annex.id))
    return any(not v.blank for r in annex.rows if r.indicator
               for v in ds.values.get(r.indicator, {}).values())


def build_appendices(catalog: Catalog, ds: m.Dataset, period: Period, attached_line: str,
                     entries=None) -> list[AppendixTable]:
    """The Phụ lục tables of a document: `entries` is its outline's `appendices:` list (raw
    YAML or parsed; None: every annex in catalog order). Annexes without data are left out; a
    unit's report holds the rows of its own level and below (see appendix_select)."""
    if entries is not None and not (entries and isinstance(entries[0], sel.Entry)):
        entries = sel.parse_entries(entries, catalog)
    level = sel.unit_level(ds.info, catalog)
    rows_for = sel.LevelRows(catalog, level)
    tables = []
    for annex, entry in sel.selected(catalog, entries, level):
        if not annex_has_data(annex, ds):
            continue
        number = f"Phụ lục {_ROMAN[len(tables)] if len(tables) < len(_ROMAN) else len(tables) + 1}"
        if annex.layout == "records":
            summary = entry.summary if entry is not None else None
            records = ds.records.get(annex.id, [])
            if summary is not None and len(records) > summary.max_rows:
                tables.append(_records_summary(annex, records, summary, period, number, attached_line))
            else:
                tables.append(_records_table(annex, ds, period, number, attached_line))
        elif annex.layout == "matrix":
            tables.append(_matrix_table(annex, rows_for, ds, period, number, attached_line))
        else:
            tables.append(_list_table(annex, catalog, ds, period, number, attached_line, rows_for))
    return tables


def _title(annex: m.Annex, period: Period) -> str:
    code = f" ({annex.form_code})" if annex.form_code else ""
    return f"{annex.title} {period.label}".upper() + code


def _list_table(annex, catalog, ds, period, number, attached, rows_for=None) -> AppendixTable:
    cols = sheet_columns(annex, period)
    head1 = [TableCell("TT", rowspan=2), TableCell("Chỉ tiêu", rowspan=2), TableCell("ĐVT", rowspan=2)]
    head2: list[TableCell] = []
    seen_groups: set[str] = set()
    for sc in cols:
        if sc.group:
            if sc.group not in seen_groups:
                seen_groups.add(sc.group)
                head1.append(TableCell(sc.group, colspan=sum(1 for c in cols if c.group == sc.group)))
            head2.append(TableCell(sc.header))
        else:
            head1.append(TableCell(sc.header, rowspan=2))
    widths = [10, 95, 18] + [_ROLE_WIDTH.get(sc.role, 16 if not sc.group else 13) for sc in cols]
    align = ["center", "left", "center"] + ["left" if sc.role in _ROLE_WIDTH else "right" for sc in cols]
    rows = []
    shown = visible_rows(annex, rows_for or catalog)
    money = _money_scale(shown, catalog, ds)
    for row in shown:
        ind = catalog.indicators.get(row.indicator) if row.indicator else None
        cells: list = [row.tt, row.label, money.unit_text(ind, row.unit)]
        att = None
        if ind is not None and not period.half and any(sc.role.startswith(m.ASSESSMENT) for sc in cols):
            # Đạt / Không đạt / Vượt KH judge the year; six months in, the columns stay empty.
            att = compare.attainment(ind, ds.get(ind.id, m.CURRENT), ds.get(ind.id, m.PLAN))
        marks = compare.assessment_marks(att, "percent" if annex.unit_note else "mark") if att else {}
        keys = [k for k, _ in compare.ASSESSMENT_COLUMNS]
        for sc in cols:
            if ind is None:
                cells.append("")
            elif sc.role == m.AGENCY:
                cells.append(row.agency)
            elif sc.role in (m.NOTE, m.DETAIL):
                v = ds.extra.get(ind.id, {}).get(sc.role)
                cells.append(v.value if v else "")
            elif sc.role.startswith(m.ASSESSMENT):
                cells.append(marks.get(keys[int(sc.role.split(":")[1])], ""))
            else:
                cells.append(money.text(ind, ds.get(ind.id, sc.role)))
        rows.append({"cells": cells, "style": row.style})
    table = AppendixTable(number=number, title=_title(annex, period), attached_line=attached,
                          unit_note=money.note or annex.unit_note,
                          header_rows=[head1, head2] if head2 else [head1],
                          number_row=True, rows=rows, col_widths_mm=widths, col_align=align)
    return _drop_unit_column(table) if money.drop_unit_column else table


def _records_table(annex, ds, period, number, attached) -> AppendixTable:
    fields = list(annex.record_fields)
    head1, head2, seen = [TableCell("TT", rowspan=2)], [], set()
    for f in fields:
        if f.get("group"):
            if f["group"] not in seen:
                seen.add(f["group"])
                head1.append(TableCell(f["group"], colspan=sum(1 for g in fields if g.get("group") == f["group"])))
            head2.append(TableCell(f.get("header", f["key"])))
        else:
            head1.append(TableCell(f.get("header", f["key"]), rowspan=2))
    rows, totals = [], {}
    for i, rec in enumerate(ds.records.get(annex.id, []), start=1):
        cells = [str(i)]
        for f in fields:
            v = rec.get(f["key"])
            if isinstance(v, float):
                totals[f["key"]] = totals.get(f["key"], 0.0) + v
                cells.append(_fmt_number(v))
            else:
                cells.append("" if v is None else str(v))
        rows.append({"cells": cells, "style": "item"})
    total_cells = [TableCell("Tổng cộng", bold=True, colspan=1)] + [
        _fmt_number(totals[f["key"]]) if f["key"] in totals else "" for f in fields]
    rows.append({"cells": total_cells, "style": "group"})
    widths = [10] + [float(f.get("width", 40 if f.get("kind", "text") == "text" else 16)) for f in fields]
    align = ["center"] + ["left" if f.get("kind", "text") == "text" else "right" for f in fields]
    return AppendixTable(number=number, title=_title(annex, period), attached_line=attached,
                         unit_note=annex.unit_note, header_rows=[head1, head2] if head2 else [head1],
                         number_row=True, rows=rows, col_widths_mm=widths, col_align=align)


def _matrix_table(annex, rows_for, ds, period, number, attached) -> AppendixTable:
    """PHỤ LỤC 5: levels × columns with their two-row header and a Tổng cộng row."""
    from reportgen.read import matrix_layout as matrix
    catalog = rows_for.catalog
    cols = matrix.columns(annex)
    top, bottom = matrix.header_rows(cols)
    head1 = [TableCell("Thứ tự", rowspan=2), TableCell("Cấp quản lý", rowspan=2)] + [
        TableCell(text, colspan=span, rowspan=rowspan) for text, span, rowspan in top]
    head2 = [TableCell(text) for text, _, _ in bottom]
    rows, totals = [], {}
    for row in matrix.rows(annex, rows_for):
        cells = [row.tt, row.label]
        for c in cols:
            ind = catalog.indicators[matrix.indicator_id(annex, row.key, c.key)]
            v = ds.get(ind.id, m.CURRENT)
            if c.kind in (m.COUNT, m.MONEY) and isinstance(v, float):
                totals[c.key] = totals.get(c.key, 0.0) + v
            cells.append(cell_text(ind, v))
        rows.append({"cells": cells, "style": "item"})
    rows.append({"cells": ["", TableCell("Tổng cộng", bold=True)] + [
        _fmt_number(totals[c.key]) if c.key in totals else "" for c in cols], "style": "group"})
    widths = [14, 30] + [30 if c.kind == m.TEXT else 15 for c in cols]
    align = ["center", "left"] + ["left" if c.kind == m.TEXT else "right" for c in cols]
    return AppendixTable(number=number, title=_title(annex, period), attached_line=attached,
                         unit_note=annex.unit_note, header_rows=[head1, head2], number_row=True, rows=rows,
                         col_widths_mm=widths, col_align=align)


# --- money in the unit that fits, the unit stated once ---------------------------------------

_THOUSANDS = ("nghìn đồng", "ngàn đồng", "1000đ", "1.000đ", "1000 đồng", "1.000 đồng")
SCALE_FROM = 10_000_000  # nghìn đồng: from 10 tỷ on, the table prints triệu đồng


class _Money:
    """How a list table prints its money: as typed (nghìn đồng), or in triệu đồng when the
    largest amount reaches SCALE_FROM; with the ĐVT column dropped and the unit stated once
    above the table when every indicator row of the table is money in nghìn đồng."""

    def __init__(self, scale: bool, all_money: bool):
        self.scale = scale
        self.drop_unit_column = all_money
        unit = "triệu đồng" if scale else "nghìn đồng"
        self.note = f"Đơn vị tính: {unit}" if all_money else ""

    @staticmethod
    def thousands(ind: m.Indicator | None) -> bool:
        return ind is not None and ind.kind == m.MONEY and ind.unit.strip().lower() in _THOUSANDS

    def text(self, ind: m.Indicator, value) -> str:
        if self.scale and self.thousands(ind) and isinstance(value, (int, float)) \
                and not isinstance(value, bool):
            millions = value / 1000  # whole triệu from 100 on, one decimal below
            return _fmt_number(round(millions) if abs(millions) >= 100 else round(millions, 1), 1)
        return cell_text(ind, value)

    def unit_text(self, ind: m.Indicator | None, unit: str) -> str:
        return "Triệu đồng" if self.scale and self.thousands(ind) else unit


def _money_scale(rows, catalog: Catalog, ds: m.Dataset) -> _Money:
    inds = [catalog.indicators.get(r.indicator) for r in rows if r.indicator]
    inds = [i for i in inds if i is not None]
    money = [i for i in inds if _Money.thousands(i)]
    largest = 0.0
    for ind in money:
        for v in ds.values.get(ind.id, {}).values():
            if isinstance(v.value, (int, float)) and not isinstance(v.value, bool):
                largest = max(largest, abs(v.value))
    return _Money(scale=largest >= SCALE_FROM, all_money=bool(inds) and len(money) == len(inds))


def _drop_unit_column(table: AppendixTable, col: int = 2) -> AppendixTable:
    """The table without its ĐVT column (the unit is stated once, above the table)."""
    table.header_rows = [[c for i, c in enumerate(r) if not (i == col and c.text == "ĐVT")]
                         for r in table.header_rows]
    for spec in table.rows:
        spec["cells"] = [c for i, c in enumerate(spec["cells"]) if i != col]
    table.col_widths_mm = [w for i, w in enumerate(table.col_widths_mm) if i != col]
    table.col_align = [a for i, a in enumerate(table.col_align) if i != col]
    return table


# --- a long list summarised ----------------------------------------------------------------

def _records_summary(annex, records, summary, period, number, attached) -> AppendixTable:
    """A records annex (training events) as one row per value of `summary.by`: how many rows,
    and the totals of the number columns; the longest groups first."""
    fields = list(annex.record_fields)
    groups, header = sel.summarise_records(records, fields, summary)
    numeric = [f for f in fields if f.get("kind", "text") != "text"]
    head1 = [TableCell("TT", rowspan=2), TableCell(header, rowspan=2), TableCell("Số đợt", rowspan=2)]
    head2, seen = [], set()
    for f in numeric:
        if f.get("group"):
            if f["group"] not in seen:
                seen.add(f["group"])
                head1.append(TableCell(f["group"], colspan=sum(1 for g in numeric if g.get("group") == f["group"])))
            head2.append(TableCell(f.get("header", f["key"])))
        else:
            head1.append(TableCell(f.get("header", f["key"]), rowspan=2))
    rows, totals = [], {"_count": 0.0}
    for i, g in enumerate(groups, start=1):
        cells = [str(i), g[summary.by], _fmt_number(float(g["_count"]))]
        totals["_count"] += g["_count"]
        for f in numeric:
            v = g.get(f["key"])
            if v is not None:
                totals[f["key"]] = totals.get(f["key"], 0.0) + v
            cells.append("" if v is None else _fmt_number(v))
        rows.append({"cells": cells, "style": "item"})
    rows.append({"cells": [TableCell("Tổng cộng", bold=True, colspan=2), _fmt_number(totals["_count"])]
                 + [_fmt_number(totals[f["key"]]) if f["key"] in totals else "" for f in numeric],
                 "style": "group"})
    note = (f"Tổng hợp {_fmt_number(float(len(records)))} đợt theo "
            f"{header[:1].lower()}{header[1:]}")
    return AppendixTable(number=number, title=_title(annex, period), attached_line=attached,
                         unit_note=note, header_rows=[head1, head2] if head2 else [head1],
                         number_row=True, rows=rows, col_widths_mm=[10, 90, 16] + [16] * len(numeric),
                         col_align=["center", "left", "right"] + ["right"] * len(numeric))
