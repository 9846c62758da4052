"""Errors the library raises; the CLI turns them into one Vietnamese line and an exit code."""

from __future__ import annotations

from reportgen.core.location import location


class ReportgenError(Exception):
    """Base error: a Vietnamese message, an optional location, an exit code."""

    exit_code = 1

    def __init__(self, message: str, *, file: str | None = None, sheet: str | None = None,
                 cell: str | None = None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.sheet = sheet
        self.cell = cell

    def location(self) -> str:
        return location(self.file, self.sheet, self.cell)

    def format_message(self) -> str:
        where = self.location()
        return f"{where}: {self.message}" if where else self.message

    def __str__(self) -> str:  # pragma: no cover - used in logs
        return self.format_message()


class InvalidDataError(ReportgenError):
    """The input was read but its content is wrong (exit 1)."""

    exit_code = 1


class UnreadableInputError(ReportgenError):
    """The input cannot be read at all: not a workbook, broken, a required sheet missing (exit 2)."""

    exit_code = 2


class OtherFormError(UnreadableInputError):
    """A reportgen workbook of another kind (e.g. the plan's data file) where annexes were expected."""

    def __init__(self, message: str, *, form_kind: str, **where):
        super().__init__(message, **where)
        self.form_kind = form_kind


class UsageError(ReportgenError):
    """The command was called wrongly (exit 2)."""

    exit_code = 2


class OutputExistsError(ReportgenError):
    """The output exists and --force was not given (exit 2)."""

    exit_code = 2


class TemplateError(ReportgenError):
    """A user template is broken or unsafe (exit 2)."""

    exit_code = 2


class CatalogError(ReportgenError):
    """The indicator catalog YAML is inconsistent (exit 2)."""

    exit_code = 2
