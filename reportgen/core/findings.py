"""Findings: one problem found in a workbook, with where it is."""

from __future__ import annotations

from dataclasses import dataclass

from reportgen.core.location import location

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Finding:
    severity: str
    message: str
    file: str = ""
    sheet: str = ""
    cell: str = ""
    code: str = ""  # a stable machine-readable kind, e.g. "parts_eq_whole", "not_a_number"

    @property
    def location(self) -> str:
        return location(self.file, self.sheet, self.cell)

    def format(self) -> str:
        label = "Lỗi" if self.severity == ERROR else "Cảnh báo"
        where = self.location
        return f"{where}: {label}: {self.message}" if where else f"{label}: {self.message}"

    def to_json(self) -> dict:
        return {"severity": self.severity, "message": self.message, "file": self.file,
                "sheet": self.sheet, "cell": self.cell, "code": self.code}


def has_errors(findings) -> bool:
    return any(f.severity == ERROR for f in findings)
