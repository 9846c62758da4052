"""Reporting periods: `2025` (the year) or `2025-H1` (the first six months)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reportgen.core.errors import UsageError

_PERIOD_RE = re.compile(r"^\s*(\d{4})\s*(?:-?\s*(H1|h1|6T|6t))?\s*$")


@dataclass(frozen=True, order=True)
class Period:
    year: int
    half: bool = False  # True: first six months of `year`

    @classmethod
    def parse(cls, text: str) -> "Period":
        m = _PERIOD_RE.match(str(text))
        if not m or not (1990 <= int(m.group(1)) <= 2100):
            raise UsageError(f"Kỳ báo cáo không hợp lệ: «{text}». Dùng dạng 2025 (cả năm) hoặc 2025-H1 (6 tháng đầu năm).")
        return cls(int(m.group(1)), bool(m.group(2)))

    @property
    def code(self) -> str:
        return f"{self.year}-H1" if self.half else str(self.year)

    @property
    def kind(self) -> str:
        return "six-month" if self.half else "annual"

    def previous(self) -> "Period":
        """The same period of the year before."""
        return Period(self.year - 1, self.half)

    def next(self) -> "Period":
        return Period(self.year + 1, self.half)

    @property
    def label(self) -> str:
        """Column header: "6 tháng đầu năm 2025" or "Năm 2025"."""
        return f"6 tháng đầu năm {self.year}" if self.half else f"Năm {self.year}"

    @property
    def label_lower(self) -> str:
        return f"6 tháng đầu năm {self.year}" if self.half else f"năm {self.year}"

    @property
    def comparison_phrase(self) -> str:
        """What a figure is compared with: "cùng kỳ năm 2024" or "năm 2024"."""
        return f"cùng kỳ năm {self.year - 1}" if self.half else f"năm {self.year - 1}"

    @property
    def plan_label(self) -> str:
        return f"KH năm {self.year}"

    @property
    def next_plan_label(self) -> str:
        return f"KH năm {self.year + 1}"

    def __str__(self) -> str:
        return self.code
