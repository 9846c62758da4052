"""Reading the filled plan workbook (never writing it), and its targets for next year's forms."""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook

from reportgen.core import model as m
from reportgen.core.catalog import Catalog
from reportgen.read.cells import CellError, clean_text, parse_value
from reportgen.core.errors import InvalidDataError, UnreadableInputError
from reportgen.read.sheets import IDENTITY_SHEET, INFO_SHEET, PLAN_FORM
from reportgen.core.period import Period
from reportgen.core.text import norm
from reportgen.read.safety import inspect_workbook
from reportgen.core.plan import PlanData, Target, Task
from reportgen.read.plan_layout import NUMBER_RE, TARGET_COLUMNS, TARGETS_SHEET, TASK_COLUMNS, TASKS_SHEET, target_headers


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
        if not NUMBER_RE.match(number):
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
    wanted = dict(zip([k for k, _h, _w in TARGET_COLUMNS], target_headers(period)))
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
