"""Write the fillable annex workbook: one sheet per annex, laid out like the seeds."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins

from reportgen import __version__
from reportgen.core import model as m
from reportgen.core.catalog import Catalog
from reportgen.read.sheets import (ANNEX_FORM, IDENTITY_SHEET, INFO_FIELDS, INFO_SHEET,
                                NARRATIVE_SHEET)
from reportgen.core.outputs import atomic_output, keep_text
from reportgen.core.period import Period

# Fixed grid of an annex sheet: column A holds the hidden indicator id.
ID_COL, TT_COL, NAME_COL, UNIT_COL = 1, 2, 3, 4
FIRST_ROLE_COL = 5
HEADER_ROW = 7  # two header rows (7, 8), column numbers on row 9
NUMBER_ROW = 9
FIRST_DATA_ROW = 10
ASSESSMENT_LABELS = ("Đạt KH", "Không đạt KH", "Vượt KH")
INPUT_ROLES = (m.PREVIOUS, m.CURRENT, m.PLAN, m.NEXT_PLAN, m.NOTE, m.DETAIL)

_THIN = Side(style="thin", color="808080")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_BOLD = Font(name="Times New Roman", bold=True, size=12)
_PLAIN = Font(name="Times New Roman", size=12)
_ITALIC = Font(name="Times New Roman", italic=True, size=12)
_LOCKED_FILL = PatternFill("solid", fgColor="F2F2F2")
_INPUT_FILL = PatternFill("solid", fgColor="FFFDE7")
_WRAP = Alignment(wrap_text=True, vertical="center")
_CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")


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
    _write_info_sheet(wb.create_sheet(INFO_SHEET), info)
    for annex in catalog.annexes:
        ws = wb.create_sheet(annex.sheet)
        if annex.layout == "records":
            _write_records_sheet(ws, annex, period, info.get("unit_name", ""))
        elif annex.layout == "matrix":
            from reportgen.forms import matrix
            matrix.write_sheet(ws, annex, catalog, period, info.get("unit_name", ""), values or {})
        else:
            _write_annex_sheet(ws, annex, catalog, period, info.get("unit_name", ""), values or {})
    _write_narrative_sheet(wb.create_sheet(NARRATIVE_SHEET), narrative_sections)
    _write_identity(wb, catalog, period, info.get("unit_name", ""), ANNEX_FORM)
    wb.properties.title = f"Phụ lục công tác trẻ em - {period.label}"
    wb.properties.creator = f"reportgen {__version__}"
    return wb


def write_identity(wb: Workbook, catalog_version: str, period: Period, unit: str, kind: str) -> None:
    ws = wb.create_sheet(IDENTITY_SHEET)
    for i, (k, v) in enumerate((("form_kind", kind), ("catalog_version", catalog_version),
                                ("period", period.code), ("unit", unit),
                                ("generator", f"reportgen {__version__}")), start=1):
        ws.cell(i, 1, k)
        ws.cell(i, 2, v)
    ws.sheet_state = "hidden"
    ws.protection.sheet = True


def _write_identity(wb: Workbook, catalog: Catalog, period: Period, unit: str, kind: str) -> None:
    write_identity(wb, catalog.version, period, unit, kind)


def _title_block(ws, annex: m.Annex, period: Period, unit_name: str, last_col: int) -> None:
    last = get_column_letter(last_col)
    ws.cell(1, TT_COL, f"TÊN ĐƠN VỊ: {unit_name}" if unit_name else "TÊN ĐƠN VỊ: ……………………").font = _BOLD
    ws.cell(1, last_col, annex.form_code or None).font = _BOLD
    ws.cell(1, last_col).alignment = Alignment(horizontal="right")
    for row, text, font in ((2, "" if annex.form_code else annex.number.upper(), _BOLD),
                            (3, f"{annex.title} {period.label.upper()}", Font(name="Times New Roman", bold=True, size=13)),
                            (4, "(Kèm theo Báo cáo số ……… ngày ……… của ………)", _ITALIC),
                            (5, f"Kỳ báo cáo: {period.label}", _PLAIN)):
        ws.merge_cells(f"B{row}:{last}{row}")
        c = ws.cell(row, TT_COL, text)
        c.font = font
        c.alignment = _CENTER
    ws.row_dimensions[3].height = 36
    if annex.unit_note:
        ws.cell(6, last_col, annex.unit_note).font = _ITALIC
        ws.cell(6, last_col).alignment = Alignment(horizontal="right")


def _write_annex_sheet(ws, annex: m.Annex, catalog: Catalog, period: Period, unit_name: str,
                       values: dict) -> None:
    cols = sheet_columns(annex, period)
    last_col = FIRST_ROLE_COL + len(cols) - 1
    _title_block(ws, annex, period, unit_name, last_col)
    fixed = [(ID_COL, "_id"), (TT_COL, "TT"), (NAME_COL, "Chỉ tiêu"), (UNIT_COL, "ĐVT")]
    for col, text in fixed:
        _header_cell(ws, HEADER_ROW, col, text)
        ws.merge_cells(start_row=HEADER_ROW, start_column=col, end_row=HEADER_ROW + 1, end_column=col)
    groups: dict[str, list[int]] = {}
    for i, sc in enumerate(cols):
        col = FIRST_ROLE_COL + i
        if sc.group:
            groups.setdefault(sc.group, []).append(col)
            _header_cell(ws, HEADER_ROW + 1, col, sc.header)
        else:
            _header_cell(ws, HEADER_ROW, col, sc.header)
            ws.merge_cells(start_row=HEADER_ROW, start_column=col, end_row=HEADER_ROW + 1, end_column=col)
        ws.column_dimensions[get_column_letter(col)].width = sc.width
    for text, group_cols in groups.items():
        _header_cell(ws, HEADER_ROW, group_cols[0], text)
        ws.merge_cells(start_row=HEADER_ROW, start_column=group_cols[0], end_row=HEADER_ROW,
                       end_column=group_cols[-1])
    for col in range(TT_COL, last_col + 1):
        c = ws.cell(NUMBER_ROW, col, f"({col - 1})")
        c.font = _ITALIC
        c.alignment = _CENTER
        c.border = _BOX
    ws.column_dimensions["A"].hidden = True
    ws.column_dimensions["B"].width = 7
    ws.column_dimensions["C"].width = 62
    ws.column_dimensions["D"].width = 11
    ws.row_dimensions[HEADER_ROW].height = 30
    ws.row_dimensions[HEADER_ROW + 1].height = 30

    validations = _Validations(ws)
    r = FIRST_DATA_ROW
    for row in visible_rows(annex, catalog):
        ind = catalog.indicators.get(row.indicator) if row.indicator else None
        ws.cell(r, ID_COL, row.indicator or "")
        ws.cell(r, TT_COL, row.tt).alignment = _CENTER
        label = ("    " if row.style == "sub" else "        " if row.style == "subsub" else "") + row.label
        name = ws.cell(r, NAME_COL, label)
        name.alignment = _WRAP
        ws.row_dimensions[r].height = row_height(label, 62)
        font = _BOLD if row.style == "group" else _ITALIC if row.style in ("sub", "subsub") else _PLAIN
        name.font = font
        ws.cell(r, TT_COL).font = font
        ws.cell(r, UNIT_COL, row.unit).alignment = _CENTER
        for col in range(TT_COL, last_col + 1):
            ws.cell(r, col).border = _BOX
            if col < FIRST_ROLE_COL:
                ws.cell(r, col).fill = _LOCKED_FILL
        for i, sc in enumerate(cols):
            cell = ws.cell(r, FIRST_ROLE_COL + i)
            if sc.role == m.AGENCY:
                cell.value = row.agency or None
                cell.alignment = _WRAP
                cell.fill = _LOCKED_FILL
            elif sc.role.startswith(m.ASSESSMENT):
                cell.fill = _LOCKED_FILL  # computed by reportgen from plan and result
            elif ind is not None and sc.role in INPUT_ROLES:
                cell.protection = Protection(locked=False)
                cell.fill = _INPUT_FILL
                if sc.role in m.VALUE_ROLES:
                    validations.add(ind, cell.coordinate)
                    preset = values.get((ind.id, sc.role))
                    if preset is not None:
                        cell.value = _cell_value(preset)
                if ind.kind in (m.RATIO, m.TEXT) or sc.role in (m.NOTE, m.DETAIL):
                    cell.number_format = "@"
                cell.alignment = Alignment(horizontal="right" if sc.role in m.VALUE_ROLES else "left",
                                           vertical="center", wrap_text=sc.role in (m.NOTE, m.DETAIL))
        r += 1
    validations.attach()
    _protect_and_print(ws, f"A{HEADER_ROW}:{get_column_letter(last_col)}{NUMBER_ROW}", HEADER_ROW, NUMBER_ROW)
    ws.freeze_panes = ws.cell(FIRST_DATA_ROW, FIRST_ROLE_COL)


def row_height(text: str, width: float) -> float:
    """Points for a wrapped cell of `width` characters (spreadsheet programs do not resize rows we write)."""
    lines = sum(max(1, -(-len(part) // int(width * 1.2))) for part in str(text).splitlines() or [""])
    return max(18.0, 16.0 * lines + 2)


def _cell_value(v):
    if isinstance(v, m.Ratio) and not v.den:  # a count without its denominator: the count
        return int(v.num) if float(v.num).is_integer() else v.num
    if isinstance(v, m.Ratio):
        return f"{int(v.num) if float(v.num).is_integer() else v.num}/{int(v.den) if float(v.den).is_integer() else v.den}"
    if isinstance(v, bool):
        return "Có" if v else "Không"
    return v


def _write_records_sheet(ws, annex: m.Annex, period: Period, unit_name: str) -> None:
    """PHỤ LỤC 3: a free list of events; totals are computed by the reader."""
    fields = list(annex.record_fields)
    last_col = TT_COL + len(fields) - 1
    _title_block(ws, annex, period, unit_name, last_col)
    groups: dict[str, list[int]] = {}
    for i, f in enumerate(fields):
        col = TT_COL + i
        if f.get("group"):
            groups.setdefault(f["group"], []).append(col)
            _header_cell(ws, HEADER_ROW + 1, col, f.get("header", f["key"]))
        else:
            _header_cell(ws, HEADER_ROW, col, f.get("header", f["key"]))
            ws.merge_cells(start_row=HEADER_ROW, start_column=col, end_row=HEADER_ROW + 1, end_column=col)
        ws.column_dimensions[get_column_letter(col)].width = float(f.get("width", 30 if f.get("kind", "text") == "text" else 12))
    for text, gcols in groups.items():
        _header_cell(ws, HEADER_ROW, gcols[0], text)
        ws.merge_cells(start_row=HEADER_ROW, start_column=gcols[0], end_row=HEADER_ROW, end_column=gcols[-1])
    for col in range(TT_COL, last_col + 1):
        c = ws.cell(NUMBER_ROW, col, f"({col - 1})")
        c.font = _ITALIC
        c.alignment = _CENTER
    ws.column_dimensions["A"].hidden = True
    dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                        showErrorMessage=True, errorTitle="Số không hợp lệ",
                        error="Nhập một số không âm (có thể để trống).")
    ws.add_data_validation(dv)
    for r in range(FIRST_DATA_ROW, FIRST_DATA_ROW + 40):
        for i, f in enumerate(fields):
            c = ws.cell(r, TT_COL + i)
            c.protection = Protection(locked=False)
            c.border = _BOX
            c.fill = _INPUT_FILL
            if f.get("kind", "text") != "text":
                dv.add(c.coordinate)
            else:
                c.number_format = "@"
                c.alignment = _WRAP
    _protect_and_print(ws, f"A{HEADER_ROW}:{get_column_letter(last_col)}{NUMBER_ROW}", HEADER_ROW, NUMBER_ROW)


class _Validations:
    """Groups cells by validation type so a sheet carries a handful of rules, not thousands."""

    def __init__(self, ws):
        self.ws = ws
        self.number = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0",
                                     allow_blank=True, showErrorMessage=True, errorTitle="Số không hợp lệ",
                                     error="Nhập một số không âm, ví dụ 13758 hoặc 7,5 (có thể để trống).")
        self.rate = DataValidation(type="decimal", operator="between", formula1="0", formula2="1000",
                                   allow_blank=True, showErrorMessage=True, errorTitle="Tỷ lệ không hợp lệ",
                                   error="Nhập tỷ lệ dưới dạng số, ví dụ 97,5 cho 97,5%.")
        self.yesno = DataValidation(type="list", formula1='"Có,Không"', allow_blank=True,
                                    showErrorMessage=True, errorTitle="Chọn Có hoặc Không",
                                    error="Chỉ chọn «Có» hoặc «Không».")

    def add(self, ind: m.Indicator, coord: str) -> None:
        if ind.kind in (m.COUNT, m.MONEY):
            self.number.add(coord)
        elif ind.kind in m.RATE_KINDS:
            self.rate.add(coord)
        elif ind.kind == m.YESNO:
            self.yesno.add(coord)

    def attach(self) -> None:
        for dv in (self.number, self.rate, self.yesno):
            if dv.sqref:
                self.ws.add_data_validation(dv)


def _header_cell(ws, row: int, col: int, text: str) -> None:
    c = ws.cell(row, col, text)
    c.font = _BOLD
    c.alignment = _CENTER
    c.border = _BOX
    c.fill = _LOCKED_FILL


def a4_landscape(ws, pages_high: int) -> None:
    """Print on A4 landscape, one page wide (`pages_high` 0: as many pages down as needed)."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = pages_high
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _protect_and_print(ws, header_range: str, first: int, last: int) -> None:
    ws.protection.sheet = True
    ws.protection.formatRows = False  # officers may resize and insert rows
    ws.protection.insertRows = False
    ws.protection.deleteRows = False
    a4_landscape(ws, pages_high=0)
    ws.page_margins = PageMargins(left=0.5, right=0.4, top=0.6, bottom=0.6)
    ws.print_title_rows = f"{first}:{last}"
    ws.print_options.horizontalCentered = True


def _write_info_sheet(ws, info: dict[str, str]) -> None:
    ws.cell(1, 2, "THÔNG TIN CHUNG CỦA ĐƠN VỊ BÁO CÁO").font = Font(name="Times New Roman", bold=True, size=13)
    ws.cell(2, 2, "Điền cột «Nội dung»; các thông tin này in ở đầu và cuối văn bản.").font = _ITALIC
    for col, text in ((2, "Thông tin"), (3, "Nội dung"), (4, "Gợi ý")):
        _header_cell(ws, 3, col, text)
    for i, (key, label, hint) in enumerate(INFO_FIELDS, start=4):
        ws.cell(i, 1, key)
        ws.cell(i, 2, label).font = _BOLD
        v = ws.cell(i, 3, info.get(key) or None)
        v.protection = Protection(locked=False)
        v.alignment = Alignment(wrap_text=True, vertical="top")
        lines = max(len(str(info.get(key) or "").splitlines()), 6 if key in ("recipients", "basis") else 1)
        ws.row_dimensions[i].height = max(18, 16 * lines)
        v.number_format = "@"
        v.fill = _INPUT_FILL
        ws.cell(i, 4, hint).font = _ITALIC
        for col in (2, 3, 4):
            ws.cell(i, col).border = _BOX
    ws.column_dimensions["A"].hidden = True
    ws.column_dimensions["B"].width = 40
    ws.column_dimensions["C"].width = 60
    ws.column_dimensions["D"].width = 40
    for col in (2, 4):
        for i in range(4, 4 + len(INFO_FIELDS)):
            ws.cell(i, col).alignment = Alignment(wrap_text=True, vertical="top")
    ws.protection.sheet = True
    a4_landscape(ws, pages_high=1)


def _write_narrative_sheet(ws, sections) -> None:
    ws.cell(1, 2, "NỘI DUNG ĐÁNH GIÁ (phần chữ của báo cáo)").font = Font(name="Times New Roman", bold=True, size=13)
    ws.cell(2, 2, "Mỗi dòng một mục của đề cương; để xuống dòng trong ô dùng Alt+Enter. "
                  "Mục để trống sẽ hiện dòng «[Nội dung cần bổ sung…]» trong báo cáo.").font = _ITALIC
    _header_cell(ws, 3, 2, "Mục")
    _header_cell(ws, 3, 3, "Nội dung")
    for i, (sid, heading, *rest) in enumerate(sections, start=4):
        ws.cell(i, 1, sid)
        ws.cell(i, 2, heading).alignment = _WRAP
        c = ws.cell(i, 3, (rest[0] if rest else None) or None)
        c.protection = Protection(locked=False)
        c.alignment = _WRAP
        c.number_format = "@"
        c.fill = _INPUT_FILL
        for col in (2, 3):
            ws.cell(i, col).border = _BOX
    ws.column_dimensions["A"].hidden = True
    ws.column_dimensions["B"].width = 45
    ws.column_dimensions["C"].width = 100
    ws.protection.sheet = True


# Public names for the other form writers (reportgen.plan writes the plan's workbook with them).
write_info_sheet = _write_info_sheet
header_cell = _header_cell
protect_and_print = _protect_and_print
Validations = _Validations
BOLD, PLAIN, ITALIC, BOX, WRAP, CENTER = _BOLD, _PLAIN, _ITALIC, _BOX, _WRAP, _CENTER
INPUT_FILL, LOCKED_FILL = _INPUT_FILL, _LOCKED_FILL
cell_value = _cell_value
title_block = _title_block
