"""Where things sit in the plan's workbook (`reportgen forms --plan`): sheet names, columns, header rows,
and which catalog rows are the plan's targets. The plan's form writer and its reader both use it."""

from __future__ import annotations

import re

from reportgen.core import model as m
from reportgen.core.catalog import Catalog
from reportgen.core.period import Period
from reportgen.read.layout import visible_rows

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
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def target_headers(period: Period) -> list[str]:
    return [h.format(prev=f"năm {period.year - 1}", year=period.year) for _k, h, _w in TARGET_COLUMNS]


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
        for row in visible_rows(annex, catalog):
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
