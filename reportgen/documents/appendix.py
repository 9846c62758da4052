"""Phụ lục tables attached to a document, built from the catalog's annexes and a dataset."""

from __future__ import annotations

from functools import lru_cache

from reportgen.facts import compare
from reportgen.core import model as m
from reportgen.core import numbers as nf
from reportgen.core.catalog import Catalog
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


def build_appendices(catalog: Catalog, ds: m.Dataset, period: Period, attached_line: str) -> list[AppendixTable]:
    tables = []
    for annex in catalog.annexes:
        if not annex_has_data(annex, ds):
            continue
        number = f"Phụ lục {_ROMAN[len(tables)] if len(tables) < len(_ROMAN) else len(tables) + 1}"
        if annex.layout == "records":
            tables.append(_records_table(annex, ds, period, number, attached_line))
        elif annex.layout == "matrix":
            tables.append(_matrix_table(annex, catalog, ds, period, number, attached_line))
        else:
            tables.append(_list_table(annex, catalog, ds, period, number, attached_line))
    return tables


def _title(annex: m.Annex, period: Period) -> str:
    code = f" ({annex.form_code})" if annex.form_code else ""
    return f"{annex.title} {period.label}".upper() + code


def _list_table(annex, catalog, ds, period, number, attached) -> AppendixTable:
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
    for row in visible_rows(annex, catalog):
        ind = catalog.indicators.get(row.indicator) if row.indicator else None
        cells: list = [row.tt, row.label, row.unit]
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
                cells.append(cell_text(ind, ds.get(ind.id, sc.role)))
        rows.append({"cells": cells, "style": row.style})
    return AppendixTable(number=number, title=_title(annex, period), attached_line=attached,
                         unit_note=annex.unit_note, header_rows=[head1, head2] if head2 else [head1],
                         number_row=True, rows=rows, col_widths_mm=widths, col_align=align)


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


def _matrix_table(annex, catalog, ds, period, number, attached) -> AppendixTable:
    """PHỤ LỤC 5: levels × columns with their two-row header and a Tổng cộng row."""
    from reportgen.read import matrix_layout as matrix
    cols = matrix.columns(annex)
    top, bottom = matrix.header_rows(cols)
    head1 = [TableCell("Thứ tự", rowspan=2), TableCell("Cấp quản lý", rowspan=2)] + [
        TableCell(text, colspan=span, rowspan=rowspan) for text, span, rowspan in top]
    head2 = [TableCell(text) for text, _, _ in bottom]
    rows, totals = [], {}
    for row in matrix.rows(annex, catalog):
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
