"""The plan's content: tasks, targets, and the sheets' column layout (shared by the plan's workbook, reader and document)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reportgen.facts import compare
from reportgen.forms import annex as forms
from reportgen.words import wording
from reportgen.core import model as m
from reportgen.core.catalog import Catalog
from reportgen.core.period import Period


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

NUMBER_RE = re.compile(r"^\d+(?:\.\d+)*$")
ASSESSMENT_LABELS = dict(compare.ASSESSMENT_COLUMNS)
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


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
        out.append((annex, drop_empty_groups(rows)))
    return out


def drop_empty_groups(rows: list[m.AnnexRow]) -> list[m.AnnexRow]:
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
