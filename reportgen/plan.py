"""The yearly work plan (KẾ HOẠCH thực hiện công tác trẻ em năm N).

Three steps, one function each:

* `write_plan_form` writes the plan's data workbook: sheet "Nhiệm vụ" (numbered tasks with lead
  and partner units, timing and budget), sheet "Chỉ tiêu" (last year's result and plan, the
  assessment, next year's target, a "Ưu tiên" flag), "Thông tin chung" and the hidden identity
  sheet (form kind "plan"). With `from_file` (last year's filled annual annexes) the targets
  sheet is pre-filled, and the indicators whose plan was not reached come first, flagged.
* `build_plan` reads the filled workbook (never writing it) into a `Document` laid out like the
  provincial plan of seed 003, with the targets table as a landscape appendix.
* `plan_targets` gives the plan's targets to the next year's annex forms (their KH column).

Wording and layout that are not computed live in templates/outline/ke-hoach.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from python_calamine import CalamineWorkbook

from reportgen import __version__, compare, forms, wording
from reportgen import model as m
from reportgen import numfmt as nf
from reportgen.appendix import cell_text
from reportgen.catalog import Catalog
from reportgen.cellparse import CellError, clean_text, parse_value
from reportgen.doccontext import AppendixTable, Document, Paragraph, Section, TableCell
from reportgen.errors import InvalidDataError, UnreadableInputError, UsageError
from reportgen.findings import ERROR
from reportgen.forminfo import IDENTITY_SHEET, INFO_SHEET, PLAN_FORM
from reportgen.hdnd import is_committee
from reportgen.outline import Outline, OutlineSection, fill, load_outline, period_vars
from reportgen.outputs import atomic_output
from reportgen.period import Period
from reportgen.read import norm, read_workbook
from reportgen.reports import Built, Figure, attached_line, doc_info, issuer_name
from reportgen.safety import inspect_workbook

TASKS_SHEET = "Nhiệm vụ"
TARGETS_SHEET = "Chỉ tiêu"

# Sheet "Nhiệm vụ": (key, header, width). Found again by header text, so inserted columns are fine.
TASK_COLUMNS = (
    ("number", "Số thứ tự", 10),
    ("content", "Nội dung nhiệm vụ", 62),
    ("lead", "Đơn vị chủ trì", 28),
    ("partners", "Đơn vị phối hợp", 34),
    ("timing", "Thời gian thực hiện", 20),
    ("budget", "Kinh phí (triệu đồng)", 14),
    ("source", "Nguồn kinh phí", 22),
)
TASK_HEADER_ROW = 5  # then the (1) (2) … row, then the data
BLANK_TASK_ROWS = 8  # empty rows left under each group of tasks

# Sheet "Chỉ tiêu": (key, header template, width); {prev} "năm 2025", {year} 2026.
TARGET_COLUMNS = (
    ("id", "_id", 8),
    ("tt", "TT", 9),
    ("name", "Chỉ tiêu", 58),
    ("unit", "ĐVT", 11),
    ("result", "Kết quả {prev}", 14),
    ("plan", "KH {prev}", 14),
    ("assessment", "Đánh giá {prev}", 14),
    ("target", "Chỉ tiêu năm {year}", 15),
    ("priority", "Ưu tiên", 9),
    ("note", "Ghi chú", 34),
)
TARGET_HEADER_ROW = 5
PRIORITY_MARK = "x"
BUDGET_UNIT = "triệu đồng"

_NUMBER_RE = re.compile(r"^\d+(?:\.\d+)*$")
_ASSESSMENT_LABELS = dict(compare.ASSESSMENT_COLUMNS)
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


# --- the plan's content ---------------------------------------------------------------------

@dataclass
class Task:
    """One row of sheet "Nhiệm vụ"."""

    number: str  # "1", "1.1", "1.1.1"
    content: str  # first line: the task; further lines: details
    lead: str = ""
    partners: str = ""
    timing: str = ""
    budget: float | None = None
    source: str = ""
    cell: str = ""  # where the number was read, for messages
    budget_cell: str = ""

    @property
    def depth(self) -> int:
        return self.number.count(".") + 1

    @property
    def parent(self) -> str | None:
        return self.number.rsplit(".", 1)[0] if "." in self.number else None

    @property
    def title(self) -> str:
        lines = [x.strip() for x in self.content.splitlines() if x.strip()]
        return lines[0] if lines else ""

    @property
    def details(self) -> list[str]:
        return [x.strip() for x in self.content.splitlines() if x.strip()][1:]

    @property
    def has_details(self) -> bool:
        return bool(self.lead or self.partners or self.timing or self.budget is not None)


@dataclass
class Target:
    """One indicator of sheet "Chỉ tiêu": last year's result and plan, next year's target."""

    indicator: m.Indicator
    result: m.Typed = None
    plan: m.Typed = None
    target: m.Typed = None
    priority: bool = False
    note: str = ""
    sources: dict[str, m.Source] = field(default_factory=dict)  # result/plan/target -> cell read

    @property
    def attainment(self) -> compare.Attainment:
        return compare.attainment(self.indicator, self.result, self.plan)

    @property
    def has_data(self) -> bool:
        return any(v not in (None, "") for v in (self.result, self.plan, self.target))


@dataclass
class PlanData:
    period: Period
    file: str
    info: m.UnitInfo = field(default_factory=m.UnitInfo)
    tasks: list[Task] = field(default_factory=list)
    targets: dict[str, Target] = field(default_factory=dict)  # by indicator id, in sheet order


def plan_annexes(catalog: Catalog) -> list[m.Annex]:
    """The annexes with a plan column: their indicators are the plan's targets."""
    return [a for a in catalog.annexes if a.layout == "list"
            and ({m.PLAN, m.NEXT_PLAN} & set(a.role_columns()))]


def target_indicators(catalog: Catalog) -> list[tuple[m.Annex, list[m.AnnexRow]]]:
    """Per plan annex, its visible rows whose indicator can take a target (not free text);
    an indicator printed in two such annexes is listed once, in the first."""
    seen: set[str] = set()
    out = []
    for annex in plan_annexes(catalog):
        rows = []
        for row in forms.visible_rows(annex, catalog):
            if row.indicator is None:
                rows.append(row)
            elif row.indicator not in seen and catalog.indicators[row.indicator].kind != m.TEXT:
                seen.add(row.indicator)
                rows.append(row)
        out.append((annex, _drop_empty_groups(rows)))
    return out


def _drop_empty_groups(rows: list[m.AnnexRow]) -> list[m.AnnexRow]:
    """Rows without the heading rows that head no indicator (up to the next group heading)."""
    keep = []
    for i, row in enumerate(rows):
        if row.indicator is None:
            heads = False
            for nxt in rows[i + 1:]:
                if nxt.indicator or nxt.style == "group":
                    heads = nxt.indicator is not None
                    break
            if not heads:
                continue
        keep.append(row)
    return keep


def targets_from(ds: m.Dataset | None, catalog: Catalog, plan_year: int) -> dict[str, Target]:
    """Targets pre-filled from last year's annexes: result, plan, next year's plan, priority."""
    out: dict[str, Target] = {}
    for _annex, rows in target_indicators(catalog):
        for row in rows:
            if row.indicator is None:
                continue
            ind = catalog.indicators[row.indicator]
            t = Target(ind)
            if ds is not None:
                t.result, t.plan, t.target = (ds.get(ind.id, r) for r in (m.CURRENT, m.PLAN, m.NEXT_PLAN))
                if t.attainment.status == compare.KHONG_DAT:
                    t.priority = True
                    t.note = priority_note(t, plan_year)
            out[ind.id] = t
    return out


def priority_note(t: Target, plan_year: int) -> str:
    phrase = wording.attainment_phrase(t.indicator, t.result, t.plan) or "chưa đạt kế hoạch"
    return f"Năm {plan_year - 1} {phrase}"


def full_label(ind: m.Indicator) -> str:
    """The indicator's name as it reads alone ("Nguồn vận động trong nước cấp tỉnh", not "Trong nước")."""
    return wording.capitalize_first(wording.subject(ind))


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


def _target_headers(period: Period) -> list[str]:
    return [h.format(prev=f"năm {period.year - 1}", year=period.year) for _k, h, _w in TARGET_COLUMNS]


def _write_targets_sheet(ws, catalog: Catalog, period: Period, unit: str, targets: dict[str, Target]) -> None:
    ncols = len(TARGET_COLUMNS)
    _sheet_title(ws, 2, ncols, f"CÁC MỤC TIÊU, CHỈ TIÊU VỀ TRẺ EM NĂM {period.year}",
                 f"Nhập «Chỉ tiêu năm {period.year}» cho các chỉ tiêu cần giao. Chỉ tiêu năm {period.year - 1} "
                 f"chưa đạt kế hoạch được đánh dấu «Ưu tiên» và xếp lên đầu; có thể bỏ hoặc thêm dấu «x». "
                 f"Cột đánh giá do reportgen tính từ kết quả và kế hoạch.", unit)
    for col, (header, (_k, _h, width)) in enumerate(zip(_target_headers(period), TARGET_COLUMNS), start=1):
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
        status = t.attainment.status
        ws.cell(r, cols["assessment"], _ASSESSMENT_LABELS.get(status) if status else None)
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
        label_row(_ROMAN[block], f"CÁC CHỈ TIÊU ƯU TIÊN (NĂM {period.year - 1} CHƯA ĐẠT KẾ HOẠCH)", forms.BOLD)
        block += 1
        for i, t in enumerate(priority, start=1):
            target_row(str(i), full_label(t.indicator), t.indicator.unit, t, "item")
    for annex, rows in target_indicators(catalog):
        body = [row for row in rows if row.indicator is None or
                (row.indicator in targets and not targets[row.indicator].priority)]
        if not any(row.indicator for row in body):
            continue
        label_row(_ROMAN[block % len(_ROMAN)], f"{annex.title} ({annex.number})", forms.BOLD)
        block += 1
        for row in _drop_empty_groups(body):
            if row.indicator is None:
                label_row(row.tt, row.label, forms.BOLD if row.style == "group" else forms.ITALIC)
            else:
                target_row(row.tt, row.label, row.unit, targets[row.indicator], row.style)
    validations.attach()
    forms.protect_and_print(ws, f"A{TARGET_HEADER_ROW}:{get_column_letter(ncols)}{TARGET_HEADER_ROW + 1}",
                            TARGET_HEADER_ROW, TARGET_HEADER_ROW + 1)
    ws.freeze_panes = ws.cell(TARGET_HEADER_ROW + 2, cols["result"])


# --- reading the workbook --------------------------------------------------------------------

class _Problems:
    """Bad cells found while reading; raised together as one InvalidDataError."""

    def __init__(self, file: str):
        self.file = file
        self.items: list[InvalidDataError] = []

    def add(self, message: str, sheet: str, cell: str) -> None:
        self.items.append(InvalidDataError(message, file=self.file, sheet=sheet, cell=cell))

    def raise_any(self) -> None:
        if self.items:
            first = self.items[0]
            more = f" (và {len(self.items) - 1} lỗi khác)" if len(self.items) > 1 else ""
            raise InvalidDataError(first.message + more, file=first.file, sheet=first.sheet, cell=first.cell)


def read_plan(path: Path, catalog: Catalog) -> PlanData:
    """Read a filled plan workbook (values only; the file is never written)."""
    path = Path(path)
    inspect_workbook(path)
    try:
        with CalamineWorkbook.from_path(str(path)) as book:
            grids = {n: book.get_sheet_by_name(n).to_python(skip_empty_area=False) for n in book.sheet_names}
    except Exception as exc:  # calamine raises its own error types for broken parts
        raise UnreadableInputError(f"không đọc được bảng tính ({type(exc).__name__}: {exc})",
                                   file=str(path)) from None
    fname = path.name
    identity = _pairs(grids.get(IDENTITY_SHEET), 1)
    if not identity:
        raise UnreadableInputError("không phải tệp dữ liệu Kế hoạch do reportgen tạo (thiếu trang định danh); "
                                   "tạo tệp bằng «reportgen forms --plan --period NĂM»", file=fname)
    kind = identity.get("form_kind", "")
    if kind != PLAN_FORM:
        raise UnreadableInputError(f"đây là biểu mẫu loại «{kind}», không phải tệp dữ liệu Kế hoạch "
                                   "(tạo bằng «reportgen forms --plan»)", file=fname)
    try:
        period = Period.parse(identity.get("period", ""))
    except Exception:
        raise UnreadableInputError("trang định danh của tệp Kế hoạch bị hỏng (thiếu năm kế hoạch)",
                                   file=fname) from None
    data = PlanData(period=period, file=fname)
    for key, value in _pairs(grids.get(INFO_SHEET), 2).items():
        data.info.fields[key] = value
    problems = _Problems(fname)
    for name in (TASKS_SHEET, TARGETS_SHEET):
        if name not in grids:
            raise UnreadableInputError(f"thiếu trang tính «{name}»; có thể đã bị xóa hoặc đổi tên", file=fname)
    data.tasks = _read_tasks(grids[TASKS_SHEET], problems)
    data.targets = _read_targets(grids[TARGETS_SHEET], catalog, period, problems)
    problems.raise_any()
    return data


def _pairs(rows, value_col: int) -> dict[str, str]:
    """{key: value} of a key/value sheet: key in column A, value in column `value_col` (0-based)."""
    out = {}
    for row in rows or []:
        if len(row) > value_col and isinstance(row[0], str) and row[0] and row[value_col] not in (None, ""):
            v = row[value_col]
            if hasattr(v, "strftime"):
                out[row[0]] = v.strftime("%d/%m/%Y")
            elif row[0] in ("recipients", "authority"):  # one item a line
                out[row[0]] = "\n".join(clean_text(x) for x in str(v).splitlines() if clean_text(x))
            else:
                out[row[0]] = clean_text(v) if not isinstance(v, float) else (
                    str(int(v)) if v.is_integer() else str(v))
    return out


def _find_header(rows, wanted: dict[str, str], required: tuple[str, ...], sheet: str, fname: str):
    """(header row index, {key: column index}) found by the header texts in `wanted`."""
    targets = {norm(text): key for key, text in wanted.items()}
    for i, row in enumerate(rows[:30]):
        found = {}
        for j, cell in enumerate(row):
            key = targets.get(norm(cell)) if isinstance(cell, str) else None
            if key and key not in found:
                found[key] = j
        if all(k in found for k in required):
            return i, found
    names = ", ".join(f"«{wanted[k]}»" for k in required)
    raise UnreadableInputError(f"không tìm thấy dòng tiêu đề (cột {names})", file=fname, sheet=sheet)


def _text(row, j) -> str:
    if j is None or j >= len(row) or row[j] in (None, ""):
        return ""
    v = row[j]
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    return "\n".join(clean_text(x) for x in str(v).splitlines() if clean_text(x))


def _read_tasks(rows, problems: _Problems) -> list[Task]:
    fname = problems.file
    head, cols = _find_header(rows, {k: h for k, h, _w in TASK_COLUMNS}, ("number", "content"), TASKS_SHEET, fname)
    tasks: list[Task] = []
    seen: dict[str, Task] = {}
    for i in range(head + 1, len(rows)):
        row = rows[i]
        values = {k: _text(row, cols.get(k)) for k, _h, _w in TASK_COLUMNS}
        if not any(values.values()) or re.fullmatch(r"(\(\d+\)\s*)+", " ".join(v for v in values.values() if v)):
            continue
        where = lambda key: f"{get_column_letter(cols.get(key, cols['number']) + 1)}{i + 1}"  # noqa: E731
        number = values["number"].strip().rstrip(".").replace(" ", "")
        if not number:
            problems.add("dòng có nội dung nhưng thiếu «Số thứ tự» (ví dụ 1.1)", TASKS_SHEET, where("number"))
            continue
        if not _NUMBER_RE.match(number):
            problems.add(f"«Số thứ tự» «{values['number']}» không đúng dạng 1, 1.1, 1.1.1", TASKS_SHEET,
                         where("number"))
            continue
        if number in seen:
            problems.add(f"«Số thứ tự» {number} bị trùng (đã có ở ô {seen[number].cell})", TASKS_SHEET,
                         where("number"))
            continue
        if not values["content"]:
            problems.add(f"nhiệm vụ {number} chưa có «Nội dung nhiệm vụ»", TASKS_SHEET, where("content"))
            continue
        task = Task(number, values["content"], lead=values["lead"], partners=values["partners"],
                    timing=values["timing"], source=values["source"], cell=where("number"),
                    budget_cell=where("budget"))
        if task.parent and task.parent not in seen:
            problems.add(f"nhiệm vụ {number} nằm dưới mục {task.parent}, nhưng chưa có dòng {task.parent} ở phía "
                         "trên", TASKS_SHEET, where("number"))
            continue
        raw = row[cols["budget"]] if "budget" in cols and cols["budget"] < len(row) else None
        try:
            task.budget = parse_value(raw, m.MONEY)
        except CellError as exc:
            problems.add(f"kinh phí của nhiệm vụ {number}: {exc}", TASKS_SHEET, where("budget"))
        seen[number] = task
        tasks.append(task)
    _check_budget_levels(tasks, problems)
    return tasks


def _check_budget_levels(tasks: list[Task], problems: _Problems) -> None:
    """A budget on a task and on one of its sub-tasks would be counted twice in the total."""
    with_budget = {t.number: t for t in tasks if t.budget is not None}
    for t in with_budget.values():
        parent = t.parent
        while parent:
            if parent in with_budget:
                problems.add(f"mục {parent} và nhiệm vụ con {t.number} đều ghi kinh phí; chỉ ghi ở một cấp để "
                             "tổng kinh phí không bị cộng trùng", TASKS_SHEET, with_budget[parent].budget_cell)
                break
            parent = parent.rsplit(".", 1)[0] if "." in parent else None


def _read_targets(rows, catalog: Catalog, period: Period, problems: _Problems) -> dict[str, Target]:
    fname = problems.file
    wanted = dict(zip([k for k, _h, _w in TARGET_COLUMNS], _target_headers(period)))
    head, cols = _find_header(rows, wanted, ("id", "target"), TARGETS_SHEET, fname)
    out: dict[str, Target] = {}
    for i in range(head + 1, len(rows)):
        iid = _text(rows[i], cols["id"])
        if not iid or iid not in catalog.indicators or iid in out:
            continue
        ind = catalog.indicators[iid]
        t = Target(ind)
        for key in ("result", "plan", "target"):
            j = cols.get(key)
            raw = rows[i][j] if j is not None and j < len(rows[i]) else None
            if j is not None:
                t.sources[key] = m.Source(fname, TARGETS_SHEET, f"{get_column_letter(j + 1)}{i + 1}")
            try:
                setattr(t, key, parse_value(raw, ind.kind))
            except CellError as exc:
                problems.add(f"{wanted[key]} của «{ind.name[:60]}»: {exc}", TARGETS_SHEET,
                             f"{get_column_letter(j + 1)}{i + 1}")
        t.priority = bool(_text(rows[i], cols.get("priority")).strip())
        t.note = _text(rows[i], cols.get("note"))
        out[iid] = t
    return out


def plan_targets(plan_path: Path, catalog: Catalog, period: Period) -> dict[tuple[str, str], m.Typed]:
    """{(indicator id, "plan"): target} from a filled plan, for the annex forms of `period`."""
    data = read_plan(Path(plan_path), catalog)
    if data.period.year != period.year:
        raise InvalidDataError(f"tệp Kế hoạch là của năm {data.period.year}, không dùng được cho kỳ "
                               f"«{period.label}»", file=str(plan_path))
    return {(iid, m.PLAN): t.target for iid, t in data.targets.items() if t.target not in (None, "")}


# --- the document ----------------------------------------------------------------------------

def build_plan(data_path: Path, catalog: Catalog) -> Built:
    """KẾ HOẠCH thực hiện công tác trẻ em năm N from a filled plan workbook."""
    data = read_plan(Path(data_path), catalog)
    return plan_document(data, catalog, load_outline("plan", data.period, catalog))


def plan_document(data: PlanData, catalog: Catalog, outline: Outline) -> Built:
    meta, period = outline.meta, data.period
    words = {k: str(v) for k, v in (meta.get("words") or {}).items()}
    info_in = m.UnitInfo(dict(data.info.fields))
    if not info_in.get("issuer") and not info_in.get("issuer_name"):  # plans are issued by the Committee
        info_in.fields.setdefault("issuer", str(meta.get("default_issuer", "")))
        info_in.fields.setdefault("issuer_short", str(meta.get("default_issuer_short", "")))
    info = doc_info(info_in, period, "KH")
    unit = info_in.get("unit_name")
    if is_committee(info_in) and unit and norm(unit) not in norm(info.issuer):
        info.issuer = f"{info.issuer}\n{unit.upper()}"
    issuer = issuer_name(info_in)
    reporting = meta.get("reporting") or {}
    variables = {
        **period_vars(period), "unit": unit, "issuer_name": issuer,
        "basis": (info_in.get("basis").rstrip(" ,;") + ", ") if info_in.get("basis") else "",
        "coordinator": coordinator(data.tasks) or words.get("coordinator_default", ""),
        "council": info_in.get("council") or words.get("council_default", ""),
        "six_month_deadline": str(reporting.get("six_month", "")),
        "annual_deadline": str(reporting.get("annual", "")),
    }
    writer = _PlanWriter(data, catalog, words, variables)
    sections = []
    for sec in outline.sections:
        sections += writer.walk(sec)
    document = Document(
        kind="plan", title=str(meta.get("title", "KẾ HOẠCH")), subject=fill(meta.get("subject", ""), variables),
        intro=[Paragraph(fill(meta["intro"], variables))] if meta.get("intro") else [],
        sections=sections, closing=fill(meta.get("closing", "") or "", variables), info=info)
    table = targets_appendix(data, catalog, fill(meta.get("appendix_title", ""), variables),
                             attached_line(info, "Kế hoạch", issuer))
    if table is not None:
        document.appendices.append(table)
    return Built(document, writer.figures)


def coordinator(tasks: list[Task]) -> str:
    """The unit leading the most tasks (first named wins a tie): it follows up the plan."""
    counts: dict[str, int] = {}
    for t in tasks:
        for lead in _units(t.lead):
            counts[lead] = counts.get(lead, 0) + 1
    return max(counts, key=lambda k: counts[k]) if counts else ""


def _units(text: str) -> list[str]:
    return [u.strip(" .") for u in re.split(r"[;\n]", text or "") if u.strip(" .")]


class _PlanWriter:
    """Turns the outline's sections and the plan's data into `Section`s."""

    def __init__(self, data: PlanData, catalog: Catalog, words: dict[str, str], variables: dict):
        self.data, self.catalog, self.words, self.vars = data, catalog, words, variables
        self.figures = []

    def text(self, key: str, **extra) -> str:
        return fill(self.words.get(key, ""), {**self.vars, **extra})

    def walk(self, sec: OutlineSection) -> list[Section]:
        spec = sec.spec
        paras = [Paragraph(fill(p, self.vars)) for p in spec.get("paragraphs", []) or []]
        if spec.get("budget"):
            paras = self.budget() + paras
        if spec.get("assignments"):
            paras += self.assignments()
        paras += [Paragraph(fill(p, self.vars)) for p in spec.get("paragraphs_after", []) or []]
        if spec.get("targets"):
            paras += self.targets()
        out = [Section(level=sec.level, heading=sec.heading, paragraphs=paras, id=sec.id)]
        if spec.get("tasks"):
            out += self.tasks(sec)
        for child in sec.children:
            out += self.walk(child)
        return out

    # -- II. tasks ----------------------------------------------------------------------------
    def tasks(self, sec: OutlineSection) -> list[Section]:
        tasks = self.data.tasks
        parents = {t.parent for t in tasks if t.parent}
        out = []
        for t in tasks:
            leaf = t.number not in parents
            paras = [Paragraph(line, kind="bullet" if line.startswith(("- ", "+ ")) else "body")
                     for line in t.details]
            if t.depth > 1 and leaf or t.has_details:
                paras += self.task_lines(t)
            elif leaf:
                paras.append(Paragraph(f"các nhiệm vụ của mục {t.number}", kind="placeholder"))
            out.append(Section(level=min(sec.level + t.depth, 4), heading=f"{t.number}. {t.title}",
                               paragraphs=paras, id=f"{sec.id}.{t.number}"))
        return out

    def task_lines(self, t: Task) -> list[Paragraph]:
        lines = []
        for key, value in (("lead", t.lead), ("partners", t.partners), ("timing", t.timing)):
            text = "; ".join(_units(value)) if key != "timing" else value.strip().rstrip(".")
            if text:
                lines.append(Paragraph(self.text(key, text=text)))
            else:
                lines.append(Paragraph("[" + self.text(key, text=self.words.get("missing", "…")).rstrip(".") + "]",
                                       kind="placeholder"))
        if t.budget is not None:
            source = self.source_text(t.source)
            amount = nf.fmt_money(t.budget, BUDGET_UNIT)
            self.figures.append(Figure(f"II.{t.number}", "", f"Kinh phí nhiệm vụ {t.number}", "budget", amount,
                                       m.Source(self.data.file, TASKS_SHEET, t.budget_cell)))
            lines.append(Paragraph(self.text("budget", amount=amount, source=source)))
        return lines

    # -- II. targets --------------------------------------------------------------------------
    def targets(self) -> list[Paragraph]:
        targets = [t for t in self.data.targets.values() if t.has_data]
        if not targets:
            return []
        out = [Paragraph(self.text("targets"))]
        items = []
        for t in (t for t in targets if t.priority):
            ind = t.indicator
            phrase = wording.attainment_phrase(ind, t.result, t.plan) or "chưa đạt kế hoạch"
            item = self.text("priority_item", name=full_label(ind), phrase=phrase)
            shown = wording.value_text(ind, t.target, with_share=False)
            for role, value in ((m.CURRENT, t.result), (m.PLAN, t.plan), (m.NEXT_PLAN, t.target)):
                text = wording.value_text(ind, value, with_share=False)
                key = {m.CURRENT: "result", m.PLAN: "plan", m.NEXT_PLAN: "target"}[role]
                if text:
                    self.figures.append(Figure("II", ind.id, ind.name, role, text, t.sources.get(key)))
            if shown:
                item += self.text("priority_target", target=shown)
            items.append(item)
        if items:
            out.append(Paragraph(self.text("priorities")))
            out += [Paragraph(item + (";" if i < len(items) - 1 else "."), kind="bullet")
                    for i, item in enumerate(items)]
        return out

    # -- III.1 budget -------------------------------------------------------------------------
    def budget(self) -> list[Paragraph]:
        funded = [t for t in self.data.tasks if t.budget is not None]
        if not funded:
            return [Paragraph(self.text("budget_none"))]
        total = sum(t.budget for t in funded)
        by_source: dict[str, tuple[str, float]] = {}
        for t in funded:
            name = wording.lower_first(t.source.strip().rstrip(".")) or self.words.get("budget_unsourced", "")
            key = norm(name)
            shown, amount = by_source.get(key, (name, 0.0))
            by_source[key] = (shown, amount + t.budget)
        if len(by_source) > 1:
            items = "; ".join(f"{name} {nf.fmt_money(amount, BUDGET_UNIT)}" for name, amount in by_source.values())
            detail = self.text("budget_by_source", items=items)
        else:
            (name, _amount), = by_source.values()
            detail = self.source_text(name)
        return [Paragraph(self.text("budget_total", total=nf.fmt_money(total, BUDGET_UNIT), by_source=detail))]

    def source_text(self, source: str) -> str:
        """" (nguồn ngân sách tỉnh)"; a source already starting with "nguồn" is not doubled."""
        text = wording.lower_first(source.strip().rstrip("."))
        if not text:
            return ""
        if norm(text).startswith("nguồn "):
            return f" ({text})"
        return self.text("budget_source", text=text)

    # -- III.2 assignments --------------------------------------------------------------------
    def assignments(self) -> list[Paragraph]:
        by_lead: dict[str, list[str]] = {}
        for t in self.data.tasks:
            for lead in _units(t.lead):
                by_lead.setdefault(lead, []).append(t.number)
        out = []
        for i, (lead, numbers) in enumerate(by_lead.items()):
            key = "assignment" if len(numbers) > 1 else "assignment_one"
            text = self.text(key, lead=lead, numbers=", ".join(numbers)).rstrip(".")
            out.append(Paragraph(text + (";" if i < len(by_lead) - 1 else "."), kind="bullet"))
        return out


# --- the targets appendix ----------------------------------------------------------------------

def targets_appendix(data: PlanData, catalog: Catalog, title: str, attached: str) -> AppendixTable | None:
    """Last year's result and plan, the assessment and this year's target; priorities first."""
    targets = data.targets
    if not any(t.has_data for t in targets.values()):
        return None
    prev, year = data.period.year - 1, data.period.year
    head1 = [TableCell("TT", rowspan=2), TableCell("Chỉ tiêu", rowspan=2), TableCell("ĐVT", rowspan=2),
             TableCell(f"Kết quả năm {prev}", rowspan=2), TableCell(f"KH năm {prev}", rowspan=2),
             TableCell(f"Đánh giá kết quả năm {prev}", colspan=3), TableCell(f"Chỉ tiêu năm {year}", rowspan=2),
             TableCell("Ghi chú", rowspan=2)]
    head2 = [TableCell(label) for _k, label in compare.ASSESSMENT_COLUMNS]
    keys = [k for k, _label in compare.ASSESSMENT_COLUMNS]
    rows: list[dict] = []

    def item(tt: str, label: str, unit: str, t: Target, style: str, form: str) -> None:
        ind = t.indicator
        marks = compare.assessment_marks(t.attainment, form)
        rows.append({"cells": [tt, label, unit, cell_text(ind, t.result), cell_text(ind, t.plan),
                               *(marks[k] for k in keys), cell_text(ind, t.target), t.note],
                     "style": style})

    block = 0
    priority = [t for t in targets.values() if t.priority]
    if priority:
        rows.append({"cells": [_ROMAN[block], TableCell(f"Các chỉ tiêu ưu tiên (năm {prev} chưa đạt kế hoạch)",
                                                        colspan=9)], "style": "group"})
        block += 1
        for i, t in enumerate(priority, start=1):
            item(str(i), full_label(t.indicator), t.indicator.unit, t, "item", "mark")
    for annex, annex_rows in target_indicators(catalog):
        form = "percent" if annex.unit_note else "mark"
        body = [r for r in annex_rows if r.indicator is None or (
            r.indicator in targets and targets[r.indicator].has_data and not targets[r.indicator].priority)]
        body = _drop_empty_groups(body)
        if not any(r.indicator for r in body):
            continue
        rows.append({"cells": [_ROMAN[block % len(_ROMAN)], TableCell(annex.title[:1] + annex.title[1:].lower(),
                                                                      colspan=9)], "style": "group"})
        block += 1
        for r in body:
            if r.indicator is None:
                rows.append({"cells": [r.tt, TableCell(r.label, colspan=9)],
                             "style": "group" if r.style == "group" else "sub"})
            else:
                item(r.tt, r.label, r.unit, targets[r.indicator], r.style, form)
    return AppendixTable(number="Phụ lục", title=title, attached_line=attached, header_rows=[head1, head2],
                         number_row=True, rows=rows, col_widths_mm=[17, 73, 16, 20, 20, 15, 17, 15, 20, 39],
                         col_align=["center", "left", "center", "right", "right", "center", "center", "center",
                                    "right", "left"])
