"""The plan's data workbook (`reportgen forms --plan`): tasks, targets, Thông tin chung."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from reportgen import __version__
from reportgen.forms import style as forms
from reportgen.core import model as m
from reportgen.core.catalog import Catalog
from reportgen.core.errors import InvalidDataError, UsageError
from reportgen.core.findings import ERROR
from reportgen.read.sheets import INFO_SHEET, PLAN_FORM
from reportgen.documents.outline import Outline, load_outline
from reportgen.core.outputs import atomic_output, keep_text
from reportgen.core.period import Period
from reportgen.read.workbook import read_workbook
from reportgen.core.plan import Target, Task
from reportgen.documents.plan_model import ASSESSMENT_LABELS, attainment, full_label, targets_from
from reportgen.read.plan_layout import (BLANK_TASK_ROWS, PRIORITY_MARK, ROMAN, TARGET_COLUMNS, TARGET_HEADER_ROW,
                                        TARGETS_SHEET, TASK_COLUMNS, TASK_HEADER_ROW, TASKS_SHEET, drop_empty_groups,
                                        target_headers, target_indicators)


# --- the workbook ----------------------------------------------------------------------------

def write_plan_form(catalog: Catalog, period: Period, out: Path, unit: str = "", from_file: Path | None = None,
                    force: bool = False) -> Path:
    """Write the plan's data workbook for the plan year `period` (e.g. 2026)."""
    period = plan_period(period)
    ds = None
    if from_file is not None:
        ds = read_workbook(Path(from_file), catalog)
        if ds.period != Period(period.year - 1):
            raise InvalidDataError(
                f"tệp --from thuộc kỳ «{ds.period.label}», cần phụ lục số liệu cả năm {period.year - 1} "
                f"để lập Kế hoạch năm {period.year}", file=str(from_file))
        errors = [f for f in ds.problems if f.severity == ERROR]
        if errors:
            f = errors[0]
            raise InvalidDataError(f"{f.message} — sửa lỗi trước khi lập Kế hoạch", file=f.file, sheet=f.sheet,
                                   cell=f.cell)
    info = {"unit_name": unit}
    if ds is not None:
        for key in ("unit_name", "level", "place", "council"):
            if not info.get(key) and ds.info.get(key):
                info[key] = ds.info.get(key)
    wb = build_plan_workbook(catalog, period, info=info, targets=targets_from(ds, catalog, period.year))
    keep_text(wb)
    with atomic_output(Path(out), force) as tmp:
        wb.save(tmp)
    return Path(out)


def plan_period(period: Period) -> Period:
    if period.half:
        raise UsageError(f"Kế hoạch lập cho cả năm: dùng --period {period.year}, không dùng «{period.code}»")
    return period


def build_plan_workbook(catalog: Catalog, period: Period, *, info: dict | None = None,
                        tasks: list[Task] | None = None, targets: dict[str, Target] | None = None,
                        outline: Outline | None = None) -> Workbook:
    """The plan's workbook; `tasks` fill sheet "Nhiệm vụ" under the outline's task groups."""
    outline = outline or load_outline("plan", period, catalog)
    info = {k: v for k, v in (info or {}).items() if v}
    wb = Workbook()
    wb.remove(wb.active)
    ws = wb.create_sheet(INFO_SHEET)
    forms.write_info_sheet(ws, info)
    for row in range(1, ws.max_row + 1):
        fit_row_height(ws, row)
    forms.protect_and_print(ws, "A3:D3", 3, 3)
    _write_tasks_sheet(wb.create_sheet(TASKS_SHEET), outline, period, info.get("unit_name", ""), tasks or [])
    _write_targets_sheet(wb.create_sheet(TARGETS_SHEET), catalog, period, info.get("unit_name", ""),
                         targets if targets is not None else targets_from(None, catalog, period.year))
    forms.write_identity(wb, catalog.version, period, info.get("unit_name", ""), PLAN_FORM)
    wb.properties.title = f"Dữ liệu Kế hoạch công tác trẻ em năm {period.year}"
    wb.properties.creator = f"reportgen {__version__}"
    return wb


def _sheet_title(ws, first_col: int, last_col: int, title: str, hint: str, unit: str) -> None:
    for row, text, font in ((1, title, Font(name="Times New Roman", bold=True, size=13)),
                            (2, hint, forms.ITALIC),
                            (3, f"Đơn vị: {unit}" if unit else "Đơn vị: ……………………", forms.BOLD)):
        ws.merge_cells(start_row=row, start_column=first_col, end_row=row, end_column=last_col)
        c = ws.cell(row, first_col, text)
        c.font = font
        c.alignment = forms.CENTER if row == 1 else forms.WRAP
    ws.row_dimensions[2].height = 48


def _write_tasks_sheet(ws, outline: Outline, period: Period, unit: str, tasks: list[Task]) -> None:
    ncols = len(TASK_COLUMNS)
    _sheet_title(ws, 1, ncols, f"NHIỆM VỤ CỦA KẾ HOẠCH THỰC HIỆN CÔNG TÁC TRẺ EM NĂM {period.year}",
                 "Mỗi dòng một nhiệm vụ. «Số thứ tự» dạng 1.1, 1.1.1 … (nhiệm vụ 1.1 thuộc nhóm 1). Dòng đầu của "
                 "«Nội dung nhiệm vụ» là tên nhiệm vụ; các dòng sau (Alt+Enter) là nội dung chi tiết. Kinh phí "
                 "ghi bằng triệu đồng; tổng kinh phí của Kế hoạch là tổng các dòng. Có thể chèn thêm dòng.",
                 unit)
    for col, (_key, header, width) in enumerate(TASK_COLUMNS, start=1):
        forms.header_cell(ws, TASK_HEADER_ROW, col, header)
        ws.column_dimensions[get_column_letter(col)].width = width
        c = ws.cell(TASK_HEADER_ROW + 1, col, f"({col})")
        c.font, c.alignment, c.border = forms.ITALIC, forms.CENTER, forms.BOX
    ws.row_dimensions[TASK_HEADER_ROW].height = 32
    budget = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                            showErrorMessage=True, errorTitle="Kinh phí không hợp lệ",
                            error="Nhập kinh phí bằng triệu đồng, là một số không âm (có thể để trống).")
    ws.add_data_validation(budget)
    groups = [(str(g["number"]), str(g["text"])) for g in outline.meta.get("task_groups", []) or []]
    numbers = {n for n, _ in groups}
    rows: list[tuple[Task, bool]] = []
    for number, text in groups:
        rows.append((Task(number, text), True))
        rows += [(t, False) for t in tasks if t.number.split(".")[0] == number and t.number != number]
        rows += [(Task("", ""), False)] * BLANK_TASK_ROWS
    rows += [(t, t.depth == 1) for t in tasks if t.number.split(".")[0] not in numbers]
    r = TASK_HEADER_ROW + 2
    budget_col = _col(TASK_COLUMNS, "budget")
    for task, is_group in rows:
        values = {"number": task.number or None, "content": task.content or None, "lead": task.lead or None,
                  "partners": task.partners or None, "timing": task.timing or None,
                  "budget": task.budget, "source": task.source or None}
        for col, (key, _h, _w) in enumerate(TASK_COLUMNS, start=1):
            c = ws.cell(r, col, values[key])
            c.border = forms.BOX
            c.protection = Protection(locked=False)
            c.fill = forms.INPUT_FILL
            c.font = forms.BOLD if is_group and key in ("number", "content") else forms.PLAIN
            if key == "budget":
                c.number_format = "#,##0.##"
                c.alignment = Alignment(horizontal="right", vertical="top")
            else:
                c.number_format = "@"  # "1.10" stays text, not the number 1.1
                c.alignment = Alignment(wrap_text=True, vertical="top",
                                        horizontal="center" if key == "number" else "left")
        budget.add(f"{get_column_letter(budget_col)}{r}")
        fit_row_height(ws, r)
        r += 1
    forms.protect_and_print(ws, f"A{TASK_HEADER_ROW}:{get_column_letter(ncols)}{TASK_HEADER_ROW + 1}",
                            TASK_HEADER_ROW, TASK_HEADER_ROW + 1)
    ws.freeze_panes = ws.cell(TASK_HEADER_ROW + 2, 2)


def fit_row_height(ws, row: int, *, line_height: float = 15.5) -> None:
    """Rows tall enough for their wrapped text (neither Excel nor LibreOffice sizes them on open)."""
    lines = 1
    for cell in ws[row]:
        if cell.value in (None, "") or not isinstance(cell.value, str) \
                or ws.column_dimensions[cell.column_letter].hidden:
            continue
        width = ws.column_dimensions[cell.column_letter].width or 10
        chars = max(1.0, width * 1.15)  # characters of Times New Roman 12 per column width unit
        lines = max(lines, sum(max(1, -(-len(part) // int(chars))) for part in cell.value.split("\n")))
    if lines > 1:
        ws.row_dimensions[row].height = lines * line_height


def _col(columns, key: str) -> int:
    return [k for k, _h, _w in columns].index(key) + 1


def _write_targets_sheet(ws, catalog: Catalog, period: Period, unit: str, targets: dict[str, Target]) -> None:
    ncols = len(TARGET_COLUMNS)
    _sheet_title(ws, 2, ncols, f"CÁC MỤC TIÊU, CHỈ TIÊU VỀ TRẺ EM NĂM {period.year}",
                 f"Nhập «Chỉ tiêu năm {period.year}» cho các chỉ tiêu cần giao. Chỉ tiêu năm {period.year - 1} "
                 f"chưa đạt kế hoạch được đánh dấu «Ưu tiên» và xếp lên đầu; có thể bỏ hoặc thêm dấu «x». "
                 f"Cột đánh giá do reportgen tính từ kết quả và kế hoạch.", unit)
    for col, (header, (_k, _h, width)) in enumerate(zip(target_headers(period), TARGET_COLUMNS), start=1):
        forms.header_cell(ws, TARGET_HEADER_ROW, col, header)
        ws.column_dimensions[get_column_letter(col)].width = width
        if col > 1:
            c = ws.cell(TARGET_HEADER_ROW + 1, col, f"({col - 1})")
            c.font, c.alignment, c.border = forms.ITALIC, forms.CENTER, forms.BOX
    ws.column_dimensions["A"].hidden = True
    ws.row_dimensions[TARGET_HEADER_ROW].height = 32
    validations = forms.Validations(ws)
    flag = DataValidation(type="list", formula1=f'"{PRIORITY_MARK}"', allow_blank=True, showErrorMessage=True,
                          errorTitle="Ưu tiên", error=f"Ghi «{PRIORITY_MARK}» để đánh dấu chỉ tiêu ưu tiên, "
                                                      "hoặc để trống.")
    ws.add_data_validation(flag)
    cols = {k: i for i, (k, _h, _w) in enumerate(TARGET_COLUMNS, start=1)}
    r = TARGET_HEADER_ROW + 2

    def label_row(tt: str, text: str, font) -> None:
        nonlocal r
        ws.cell(r, cols["tt"], tt).font = font
        ws.cell(r, cols["name"], text).font = font
        for col in range(2, ncols + 1):
            ws.cell(r, col).border = forms.BOX
            ws.cell(r, col).fill = forms.LOCKED_FILL
            ws.cell(r, col).alignment = forms.WRAP
        fit_row_height(ws, r)
        r += 1

    def target_row(tt: str, row_label: str, unit_text: str, t: Target, style: str) -> None:
        nonlocal r
        ind = t.indicator
        ws.cell(r, cols["id"], ind.id)
        font = forms.ITALIC if style in ("sub", "subsub") else forms.PLAIN
        indent = {"sub": "    ", "subsub": "        "}.get(style, "")
        for key, value in (("tt", tt), ("name", indent + row_label), ("unit", unit_text)):
            c = ws.cell(r, cols[key], value)
            c.font, c.fill = font, forms.LOCKED_FILL
            c.alignment = forms.WRAP if key == "name" else forms.CENTER
        status = attainment(t).status
        ws.cell(r, cols["assessment"], ASSESSMENT_LABELS.get(status) if status else None)
        ws.cell(r, cols["assessment"]).fill = forms.LOCKED_FILL
        ws.cell(r, cols["assessment"]).alignment = forms.CENTER
        for key, value in (("result", t.result), ("plan", t.plan), ("target", t.target)):
            c = ws.cell(r, cols[key], None if value in (None, "") else forms.cell_value(value))
            c.protection = Protection(locked=False)
            c.fill = forms.INPUT_FILL
            c.alignment = Alignment(horizontal="right", vertical="center")
            if ind.kind in (m.RATIO, m.TEXT):
                c.number_format = "@"
            validations.add(ind, c.coordinate)
        for key, value in (("priority", PRIORITY_MARK if t.priority else None), ("note", t.note or None)):
            c = ws.cell(r, cols[key], value)
            c.protection = Protection(locked=False)
            c.fill = forms.INPUT_FILL
            c.number_format = "@"
            c.alignment = forms.CENTER if key == "priority" else forms.WRAP
        flag.add(ws.cell(r, cols["priority"]).coordinate)
        for col in range(2, ncols + 1):
            ws.cell(r, col).border = forms.BOX
        fit_row_height(ws, r)
        r += 1

    priority = [t for t in targets.values() if t.priority]
    block = 0
    if priority:
        label_row(ROMAN[block], f"CÁC CHỈ TIÊU ƯU TIÊN (NĂM {period.year - 1} CHƯA ĐẠT KẾ HOẠCH)", forms.BOLD)
        block += 1
        for i, t in enumerate(priority, start=1):
            target_row(str(i), full_label(t.indicator), t.indicator.unit, t, "item")
    for annex, rows in target_indicators(catalog):
        body = [row for row in rows if row.indicator is None or
                (row.indicator in targets and not targets[row.indicator].priority)]
        if not any(row.indicator for row in body):
            continue
        label_row(ROMAN[block % len(ROMAN)], f"{annex.title} ({annex.number})", forms.BOLD)
        block += 1
        for row in drop_empty_groups(body):
            if row.indicator is None:
                label_row(row.tt, row.label, forms.BOLD if row.style == "group" else forms.ITALIC)
            else:
                target_row(row.tt, row.label, row.unit, targets[row.indicator], row.style)
    validations.attach()
    forms.protect_and_print(ws, f"A{TARGET_HEADER_ROW}:{get_column_letter(ncols)}{TARGET_HEADER_ROW + 1}",
                            TARGET_HEADER_ROW, TARGET_HEADER_ROW + 1)
    ws.freeze_panes = ws.cell(TARGET_HEADER_ROW + 2, cols["result"])
