"""PHỤ LỤC 5 and other grid annexes: rows (levels) × columns, each cell one indicator."""

from __future__ import annotations

from openpyxl.styles import Alignment, Protection
from openpyxl.utils import get_column_letter

from reportgen.core import model as m
from reportgen.core.catalog import Catalog
from reportgen.forms import style as f
# The grid's layout lives in read.matrix_layout (the reader and the appendix find what this writes).
from reportgen.read.layout import FIRST_DATA_ROW, HEADER_ROW, NUMBER_ROW
from reportgen.read.matrix_layout import MatrixColumn, MatrixRow, columns, header_rows, indicator_id, rows  # noqa: F401


def write_sheet(ws, annex: m.Annex, catalog: Catalog, period, unit_name: str, values: dict) -> None:
    """The fillable grid: TT | Cấp quản lý | one column per matrix column; column A keeps the row key."""
    cols = columns(annex)
    first = 4  # A hidden key, B TT, C label
    last_col = first + len(cols) - 1
    f.title_block(ws, annex, period, unit_name, last_col)
    for col, text in ((1, "_id"), (2, "Thứ tự"), (3, "Cấp quản lý")):
        f.header_cell(ws, HEADER_ROW, col, text)
        ws.merge_cells(start_row=HEADER_ROW, start_column=col, end_row=HEADER_ROW + 1, end_column=col)
    col = first
    for text, span, rowspan in header_rows(cols)[0]:
        f.header_cell(ws, HEADER_ROW, col, text)
        ws.merge_cells(start_row=HEADER_ROW, start_column=col, end_row=HEADER_ROW + rowspan - 1,
                       end_column=col + span - 1)
        col += span
    col = first
    for c in cols:
        if c.group:
            f.header_cell(ws, HEADER_ROW + 1, col, c.header)
        ws.column_dimensions[get_column_letter(col)].width = 24 if c.kind == m.TEXT else 13
        col += 1
    for c in range(2, last_col + 1):
        cell = ws.cell(NUMBER_ROW, c, f"({c - 1})")
        cell.font, cell.alignment, cell.border = f.ITALIC, f.CENTER, f.BOX
    ws.column_dimensions["A"].hidden = True
    ws.column_dimensions["B"].width = 8
    ws.column_dimensions["C"].width = 24
    ws.row_dimensions[HEADER_ROW].height = 30
    validations = f.Validations(ws)
    for r, row in enumerate(rows(annex, catalog), start=FIRST_DATA_ROW):
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
    f.protect_and_print(ws, f"A{HEADER_ROW}:{get_column_letter(last_col)}{NUMBER_ROW}", HEADER_ROW,
                        NUMBER_ROW)
