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

The code lives in plan_model (content), plan_form (workbook), plan_read (reading) and plan_doc
(document); this module gathers their public names.
"""

from reportgen.plan_model import BLANK_TASK_ROWS, BUDGET_UNIT, PRIORITY_MARK, PlanData, TARGETS_SHEET, TARGET_COLUMNS, TARGET_HEADER_ROW, TASKS_SHEET, TASK_COLUMNS, TASK_HEADER_ROW, Target, Task, full_label, plan_annexes, priority_note, target_indicators, targets_from  # noqa: F401
from reportgen.plan_form import build_plan_workbook, fit_row_height, plan_period, write_plan_form  # noqa: F401
from reportgen.plan_read import plan_targets, read_plan  # noqa: F401
from reportgen.plan_doc import build_plan, coordinator, plan_document, targets_appendix  # noqa: F401
