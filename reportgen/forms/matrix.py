"""PHỤ LỤC 5 and other grid annexes: rows (levels) × columns, each cell one indicator."""

from __future__ import annotations

from dataclasses import dataclass

from reportgen.core import model as m
from reportgen.core.catalog import Catalog


@dataclass(frozen=True)
class MatrixColumn:
    key: str
    group: str  # upper header, merged over its columns ("Chuyên trách"), "" for none
    header: str  # lower header ("Nam") or the whole header when there is no group
    kind: str


@dataclass(frozen=True)
class MatrixRow:
    key: str
    label: str
    tt: str


def columns(annex: m.Annex) -> list[MatrixColumn]:
    return [MatrixColumn(c["key"], str(c.get("group", "")), str(c.get("header", c.get("name", c["key"]))),
                         str(c.get("kind", m.COUNT))) for c in annex.matrix["columns"]]


def rows(annex: m.Annex, catalog: Catalog) -> list[MatrixRow]:
    """The rows of active levels, numbered 1, 2, … again once a level is dropped."""
    active = [r for r in annex.matrix["rows"] if catalog.active_level(r.get("level"))]
    return [MatrixRow(r["key"], str(r["label"]), str(i) if str(r.get("tt", "")).isdigit() else str(r.get("tt", "")))
            for i, r in enumerate(active, start=1)]


def indicator_id(annex: m.Annex, row_key: str, col_key: str) -> str:
    return f"{annex.matrix['prefix']}_{row_key}_{col_key}"


def header_rows(cols: list[MatrixColumn]) -> list[list[tuple[str, int, int]]]:
    """Two header rows as (text, colspan, rowspan) runs after the TT and label columns."""
    top: list[tuple[str, int, int]] = []
    bottom: list[tuple[str, int, int]] = []
    i = 0
    while i < len(cols):
        c = cols[i]
        if c.group:
            span = 1
            while i + span < len(cols) and cols[i + span].group == c.group:
                span += 1
            top.append((c.group, span, 1))
            bottom.extend((cols[i + k].header, 1, 1) for k in range(span))
            i += span
        else:
            top.append((c.header, 1, 2))
            i += 1
    return [top, bottom]


def write_sheet(ws, annex: m.Annex, catalog: Catalog, period, unit_name: str, values: dict) -> None:
    """The fillable grid: TT | Cấp quản lý | one column per matrix column; column A keeps the row key."""
    from openpyxl.styles import Alignment, Protection
    from openpyxl.utils import get_column_letter

    from reportgen.forms import annex as f

    cols = columns(annex)
    first = 4  # A hidden key, B TT, C label
    last_col = first + len(cols) - 1
    f.title_block(ws, annex, period, unit_name, last_col)
    for col, text in ((1, "_id"), (2, "Thứ tự"), (3, "Cấp quản lý")):
        f.header_cell(ws, f.HEADER_ROW, col, text)
        ws.merge_cells(start_row=f.HEADER_ROW, start_column=col, end_row=f.HEADER_ROW + 1, end_column=col)
    col = first
    for text, span, rowspan in header_rows(cols)[0]:
        f.header_cell(ws, f.HEADER_ROW, col, text)
        ws.merge_cells(start_row=f.HEADER_ROW, start_column=col, end_row=f.HEADER_ROW + rowspan - 1,
                       end_column=col + span - 1)
        col += span
    col = first
    for c in cols:
        if c.group:
            f.header_cell(ws, f.HEADER_ROW + 1, col, c.header)
        ws.column_dimensions[get_column_letter(col)].width = 24 if c.kind == m.TEXT else 13
        col += 1
    for c in range(2, last_col + 1):
        cell = ws.cell(f.NUMBER_ROW, c, f"({c - 1})")
        cell.font, cell.alignment, cell.border = f.ITALIC, f.CENTER, f.BOX
    ws.column_dimensions["A"].hidden = True
    ws.column_dimensions["B"].width = 8
    ws.column_dimensions["C"].width = 24
    ws.row_dimensions[f.HEADER_ROW].height = 30
    validations = f.Validations(ws)
    for r, row in enumerate(rows(annex, catalog), start=f.FIRST_DATA_ROW):
        ws.cell(r, 1, row.key)
        ws.cell(r, 2, row.tt).alignment = f.CENTER
        ws.cell(r, 3, row.label).font = f.BOLD
        for c in range(2, last_col + 1):
            ws.cell(r, c).border = f.BOX
        for i, mc in enumerate(cols):
            ind = catalog.indicators[indicator_id(annex, row.key, mc.key)]
            cell = ws.cell(r, first + i)
            cell.protection = Protection(locked=False)
            cell.fill = f.INPUT_FILL
            cell.alignment = Alignment(horizontal="left" if mc.kind == m.TEXT else "right", vertical="center",
                                       wrap_text=mc.kind == m.TEXT)
            if mc.kind == m.TEXT:
                cell.number_format = "@"
            validations.add(ind, cell.coordinate)
            preset = values.get((ind.id, m.CURRENT))
            if preset is not None:
                cell.value = f.cell_value(preset)
    validations.attach()
    f.protect_and_print(ws, f"A{f.HEADER_ROW}:{get_column_letter(last_col)}{f.NUMBER_ROW}", f.HEADER_ROW,
                        f.NUMBER_ROW)
