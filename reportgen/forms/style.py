"""The look of every sheet reportgen writes: fonts, fills, borders, header cells, the title block,
validations, protection and printing, the identity and «Thông tin chung» sheets."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins

from reportgen import __version__
from reportgen.core import model as m
from reportgen.core.period import Period
from reportgen.read.layout import TT_COL
from reportgen.read.sheets import IDENTITY_SHEET, INFO_FIELDS

THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(name="Times New Roman", bold=True, size=12)
PLAIN = Font(name="Times New Roman", size=12)
ITALIC = Font(name="Times New Roman", italic=True, size=12)
LOCKED_FILL = PatternFill("solid", fgColor="F2F2F2")
INPUT_FILL = PatternFill("solid", fgColor="FFFDE7")
WRAP = Alignment(wrap_text=True, vertical="center")
CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")



def write_identity(wb: Workbook, catalog_version: str, period: Period, unit: str, kind: str) -> None:
    ws = wb.create_sheet(IDENTITY_SHEET)
    for i, (k, v) in enumerate((("form_kind", kind), ("catalog_version", catalog_version),
                                ("period", period.code), ("unit", unit),
                                ("generator", f"reportgen {__version__}")), start=1):
        ws.cell(i, 1, k)
        ws.cell(i, 2, v)
    ws.sheet_state = "hidden"
    ws.protection.sheet = True


def title_block(ws, annex: m.Annex, period: Period, unit_name: str, last_col: int) -> None:
    last = get_column_letter(last_col)
    ws.cell(1, TT_COL, f"TÊN ĐƠN VỊ: {unit_name}" if unit_name else "TÊN ĐƠN VỊ: ……………………").font = BOLD
    ws.cell(1, last_col, annex.form_code or None).font = BOLD
    ws.cell(1, last_col).alignment = Alignment(horizontal="right")
    for row, text, font in ((2, "" if annex.form_code else annex.number.upper(), BOLD),
                            (3, f"{annex.title} {period.label.upper()}", Font(name="Times New Roman", bold=True, size=13)),
                            (4, "(Kèm theo Báo cáo số ……… ngày ……… của ………)", ITALIC),
                            (5, f"Kỳ báo cáo: {period.label}", PLAIN)):
        ws.merge_cells(f"B{row}:{last}{row}")
        c = ws.cell(row, TT_COL, text)
        c.font = font
        c.alignment = CENTER
    ws.row_dimensions[3].height = 36
    if annex.unit_note:
        ws.cell(6, last_col, annex.unit_note).font = ITALIC
        ws.cell(6, last_col).alignment = Alignment(horizontal="right")


def row_height(text: str, width: float) -> float:
    """Points for a wrapped cell of `width` characters (spreadsheet programs do not resize rows we write)."""
    lines = sum(max(1, -(-len(part) // int(width * 1.2))) for part in str(text).splitlines() or [""])
    return max(18.0, 16.0 * lines + 2)


def cell_value(v):
    if isinstance(v, m.Ratio) and not v.den:  # a count without its denominator: the count
        return int(v.num) if float(v.num).is_integer() else v.num
    if isinstance(v, m.Ratio):
        return f"{int(v.num) if float(v.num).is_integer() else v.num}/{int(v.den) if float(v.den).is_integer() else v.den}"
    if isinstance(v, bool):
        return "Có" if v else "Không"
    return v


class Validations:
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


def header_cell(ws, row: int, col: int, text: str) -> None:
    c = ws.cell(row, col, text)
    c.font = BOLD
    c.alignment = CENTER
    c.border = BOX
    c.fill = LOCKED_FILL


def a4_landscape(ws, pages_high: int) -> None:
    """Print on A4 landscape, one page wide (`pages_high` 0: as many pages down as needed)."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = pages_high
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def protect_and_print(ws, header_range: str, first: int, last: int) -> None:
    ws.protection.sheet = True
    ws.protection.formatRows = False  # officers may resize and insert rows
    ws.protection.insertRows = False
    ws.protection.deleteRows = False
    a4_landscape(ws, pages_high=0)
    ws.page_margins = PageMargins(left=0.5, right=0.4, top=0.6, bottom=0.6)
    ws.print_title_rows = f"{first}:{last}"
    ws.print_options.horizontalCentered = True


def write_info_sheet(ws, info: dict[str, str]) -> None:
    ws.cell(1, 2, "THÔNG TIN CHUNG CỦA ĐƠN VỊ BÁO CÁO").font = Font(name="Times New Roman", bold=True, size=13)
    ws.cell(2, 2, "Điền cột «Nội dung»; các thông tin này in ở đầu và cuối văn bản.").font = ITALIC
    for col, text in ((2, "Thông tin"), (3, "Nội dung"), (4, "Gợi ý")):
        header_cell(ws, 3, col, text)
    for i, (key, label, hint) in enumerate(INFO_FIELDS, start=4):
        ws.cell(i, 1, key)
        ws.cell(i, 2, label).font = BOLD
        v = ws.cell(i, 3, info.get(key) or None)
        v.protection = Protection(locked=False)
        v.alignment = Alignment(wrap_text=True, vertical="top")
        lines = max(len(str(info.get(key) or "").splitlines()), 6 if key in ("recipients", "basis") else 1)
        ws.row_dimensions[i].height = max(18, 16 * lines)
        v.number_format = "@"
        v.fill = INPUT_FILL
        ws.cell(i, 4, hint).font = ITALIC
        for col in (2, 3, 4):
            ws.cell(i, col).border = BOX
    ws.column_dimensions["A"].hidden = True
    ws.column_dimensions["B"].width = 40
    ws.column_dimensions["C"].width = 60
    ws.column_dimensions["D"].width = 40
    for col in (2, 4):
        for i in range(4, 4 + len(INFO_FIELDS)):
            ws.cell(i, col).alignment = Alignment(wrap_text=True, vertical="top")
    ws.protection.sheet = True
    a4_landscape(ws, pages_high=1)
