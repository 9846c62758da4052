"""Write the fillable annex workbook: one sheet per annex, laid out like the seeds."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from reportgen import __version__
from reportgen.core import model as m
from reportgen.core.catalog import Catalog
from reportgen.core.outputs import atomic_output, keep_text
from reportgen.core.period import Period
from reportgen.forms import matrix
from reportgen.forms.style import (BOLD, BOX, CENTER, INPUT_FILL, ITALIC, LOCKED_FILL, PLAIN, WRAP, Validations,
                                   cell_value, header_cell, protect_and_print, row_height, title_block,
                                   write_identity, write_info_sheet)
# The sheet's grid lives in read.layout (the reader finds what the writer lays out); these names stay
# importable from here for the scripts and tests that write forms.
from reportgen.read.layout import (ASSESSMENT_LABELS, FIRST_DATA_ROW, FIRST_ROLE_COL, HEADER_ROW,  # noqa: F401
                                   ID_COL, NAME_COL, NUMBER_ROW, TT_COL, UNIT_COL, SheetColumn, column_header,
                                   header_vars, sheet_columns, visible_rows)
from reportgen.read.sheets import ANNEX_FORM, INFO_SHEET, NARRATIVE_SHEET

INPUT_ROLES = (m.PREVIOUS, m.CURRENT, m.PLAN, m.NEXT_PLAN, m.NOTE, m.DETAIL)


def write_forms(catalog: Catalog, period: Period, out: Path, *, unit: str = "", force: bool = False,
                info: dict[str, str] | None = None, narrative_sections: list[tuple[str, str]] = (),
                values: dict[tuple[str, str], object] | None = None) -> Path:
    """Write the fillable workbook. `values` pre-fills cells keyed by (indicator id, role)."""
    wb = build_workbook(catalog, period, unit=unit, info=info, narrative_sections=narrative_sections,
                        values=values)
    keep_text(wb)
    with atomic_output(out, force) as tmp:
        wb.save(tmp)
    return out


def build_workbook(catalog: Catalog, period: Period, *, unit: str = "", info: dict | None = None,
                   narrative_sections=(), values: dict | None = None) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    info = dict(info or {})
    if unit:
        info.setdefault("unit_name", unit)
    write_info_sheet(wb.create_sheet(INFO_SHEET), info)
    for annex in catalog.annexes:
        ws = wb.create_sheet(annex.sheet)
        if annex.layout == "records":
            _write_records_sheet(ws, annex, period, info.get("unit_name", ""))
        elif annex.layout == "matrix":
            matrix.write_sheet(ws, annex, catalog, period, info.get("unit_name", ""), values or {})
        else:
            _write_annex_sheet(ws, annex, catalog, period, info.get("unit_name", ""), values or {})
    _write_narrative_sheet(wb.create_sheet(NARRATIVE_SHEET), narrative_sections)
    _write_identity(wb, catalog, period, info.get("unit_name", ""), ANNEX_FORM)
    wb.properties.title = f"Phụ lục công tác trẻ em - {period.label}"
    wb.properties.creator = f"reportgen {__version__}"
    return wb


def _write_identity(wb: Workbook, catalog: Catalog, period: Period, unit: str, kind: str) -> None:
    write_identity(wb, catalog.version, period, unit, kind)


def _write_annex_sheet(ws, annex: m.Annex, catalog: Catalog, period: Period, unit_name: str,
                       values: dict) -> None:
    cols = sheet_columns(annex, period)
    last_col = FIRST_ROLE_COL + len(cols) - 1
    title_block(ws, annex, period, unit_name, last_col)
    fixed = [(ID_COL, "_id"), (TT_COL, "TT"), (NAME_COL, "Chỉ tiêu"), (UNIT_COL, "ĐVT")]
    for col, text in fixed:
        header_cell(ws, HEADER_ROW, col, text)
        ws.merge_cells(start_row=HEADER_ROW, start_column=col, end_row=HEADER_ROW + 1, end_column=col)
    groups: dict[str, list[int]] = {}
    for i, sc in enumerate(cols):
        col = FIRST_ROLE_COL + i
        if sc.group:
            groups.setdefault(sc.group, []).append(col)
            header_cell(ws, HEADER_ROW + 1, col, sc.header)
        else:
            header_cell(ws, HEADER_ROW, col, sc.header)
            ws.merge_cells(start_row=HEADER_ROW, start_column=col, end_row=HEADER_ROW + 1, end_column=col)
        ws.column_dimensions[get_column_letter(col)].width = sc.width
    for text, group_cols in groups.items():
        header_cell(ws, HEADER_ROW, group_cols[0], text)
        ws.merge_cells(start_row=HEADER_ROW, start_column=group_cols[0], end_row=HEADER_ROW,
                       end_column=group_cols[-1])
    for col in range(TT_COL, last_col + 1):
        c = ws.cell(NUMBER_ROW, col, f"({col - 1})")
        c.font = ITALIC
        c.alignment = CENTER
        c.border = BOX
    ws.column_dimensions["A"].hidden = True
    ws.column_dimensions["B"].width = 7
    ws.column_dimensions["C"].width = 62
    ws.column_dimensions["D"].width = 11
    ws.row_dimensions[HEADER_ROW].height = 30
    ws.row_dimensions[HEADER_ROW + 1].height = 30

    validations = Validations(ws)
    r = FIRST_DATA_ROW
    for row in visible_rows(annex, catalog):
        ind = catalog.indicators.get(row.indicator) if row.indicator else None
        ws.cell(r, ID_COL, row.indicator or "")
        ws.cell(r, TT_COL, row.tt).alignment = CENTER
        label = ("    " if row.style == "sub" else "        " if row.style == "subsub" else "") + row.label
        name = ws.cell(r, NAME_COL, label)
        name.alignment = WRAP
        ws.row_dimensions[r].height = row_height(label, 62)
        font = BOLD if row.style == "group" else ITALIC if row.style in ("sub", "subsub") else PLAIN
        name.font = font
        ws.cell(r, TT_COL).font = font
        ws.cell(r, UNIT_COL, row.unit).alignment = CENTER
        for col in range(TT_COL, last_col + 1):
            ws.cell(r, col).border = BOX
            if col < FIRST_ROLE_COL:
                ws.cell(r, col).fill = LOCKED_FILL
        for i, sc in enumerate(cols):
            cell = ws.cell(r, FIRST_ROLE_COL + i)
            if sc.role == m.AGENCY:
                cell.value = row.agency or None
                cell.alignment = WRAP
                cell.fill = LOCKED_FILL
            elif sc.role.startswith(m.ASSESSMENT):
                cell.fill = LOCKED_FILL  # computed by reportgen from plan and result
            elif ind is not None and sc.role in INPUT_ROLES:
                cell.protection = Protection(locked=False)
                cell.fill = INPUT_FILL
                if sc.role in m.VALUE_ROLES:
                    validations.add(ind, cell.coordinate)
                    preset = values.get((ind.id, sc.role))
                    if preset is not None:
                        cell.value = cell_value(preset)
                if ind.kind in (m.RATIO, m.TEXT) or sc.role in (m.NOTE, m.DETAIL):
                    cell.number_format = "@"
                cell.alignment = Alignment(horizontal="right" if sc.role in m.VALUE_ROLES else "left",
                                           vertical="center", wrap_text=sc.role in (m.NOTE, m.DETAIL))
        r += 1
    validations.attach()
    protect_and_print(ws, f"A{HEADER_ROW}:{get_column_letter(last_col)}{NUMBER_ROW}", HEADER_ROW, NUMBER_ROW)
    ws.freeze_panes = ws.cell(FIRST_DATA_ROW, FIRST_ROLE_COL)


def _write_records_sheet(ws, annex: m.Annex, period: Period, unit_name: str) -> None:
    """PHỤ LỤC 3: a free list of events; totals are computed by the reader."""
    fields = list(annex.record_fields)
    last_col = TT_COL + len(fields) - 1
    title_block(ws, annex, period, unit_name, last_col)
    groups: dict[str, list[int]] = {}
    for i, f in enumerate(fields):
        col = TT_COL + i
        if f.get("group"):
            groups.setdefault(f["group"], []).append(col)
            header_cell(ws, HEADER_ROW + 1, col, f.get("header", f["key"]))
        else:
            header_cell(ws, HEADER_ROW, col, f.get("header", f["key"]))
            ws.merge_cells(start_row=HEADER_ROW, start_column=col, end_row=HEADER_ROW + 1, end_column=col)
        ws.column_dimensions[get_column_letter(col)].width = float(f.get("width", 30 if f.get("kind", "text") == "text" else 12))
    for text, gcols in groups.items():
        header_cell(ws, HEADER_ROW, gcols[0], text)
        ws.merge_cells(start_row=HEADER_ROW, start_column=gcols[0], end_row=HEADER_ROW, end_column=gcols[-1])
    for col in range(TT_COL, last_col + 1):
        c = ws.cell(NUMBER_ROW, col, f"({col - 1})")
        c.font = ITALIC
        c.alignment = CENTER
    ws.column_dimensions["A"].hidden = True
    dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                        showErrorMessage=True, errorTitle="Số không hợp lệ",
                        error="Nhập một số không âm (có thể để trống).")
    ws.add_data_validation(dv)
    for r in range(FIRST_DATA_ROW, FIRST_DATA_ROW + 40):
        for i, f in enumerate(fields):
            c = ws.cell(r, TT_COL + i)
            c.protection = Protection(locked=False)
            c.border = BOX
            c.fill = INPUT_FILL
            if f.get("kind", "text") != "text":
                dv.add(c.coordinate)
            else:
                c.number_format = "@"
                c.alignment = WRAP
    protect_and_print(ws, f"A{HEADER_ROW}:{get_column_letter(last_col)}{NUMBER_ROW}", HEADER_ROW, NUMBER_ROW)


def _write_narrative_sheet(ws, sections) -> None:
    ws.cell(1, 2, "NỘI DUNG ĐÁNH GIÁ (phần chữ của báo cáo)").font = Font(name="Times New Roman", bold=True, size=13)
    ws.cell(2, 2, "Mỗi dòng một mục của đề cương; để xuống dòng trong ô dùng Alt+Enter. "
                  "Mục để trống sẽ hiện dòng «[Nội dung cần bổ sung…]» trong báo cáo.").font = ITALIC
    header_cell(ws, 3, 2, "Mục")
    header_cell(ws, 3, 3, "Nội dung")
    for i, (sid, heading, *rest) in enumerate(sections, start=4):
        ws.cell(i, 1, sid)
        ws.cell(i, 2, heading).alignment = WRAP
        c = ws.cell(i, 3, (rest[0] if rest else None) or None)
        c.protection = Protection(locked=False)
        c.alignment = WRAP
        c.number_format = "@"
        c.fill = INPUT_FILL
        for col in (2, 3):
            ws.cell(i, col).border = BOX
    ws.column_dimensions["A"].hidden = True
    ws.column_dimensions["B"].width = 45
    ws.column_dimensions["C"].width = 100
    ws.protection.sheet = True
