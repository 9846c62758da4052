"""The plan's content as read from its workbook: tasks and targets (the plan's model, like core.model's
Dataset for the annexes). How each target fares against last year's plan is facts.compare's job."""

from __future__ import annotations

from dataclasses import dataclass, field

from reportgen.core import model as m
from reportgen.core.period import Period


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
    def has_data(self) -> bool:
        return any(v not in (None, "") for v in (self.result, self.plan, self.target))


@dataclass
class PlanData:
    period: Period
    file: str
    info: m.UnitInfo = field(default_factory=m.UnitInfo)
    tasks: list[Task] = field(default_factory=list)
    targets: dict[str, Target] = field(default_factory=dict)  # by indicator id, in sheet order
