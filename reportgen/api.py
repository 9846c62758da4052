"""One public function behind each command; the CLI only wires these."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportgen.catalog import Catalog, load_catalog
from reportgen.check import check_dataset
from reportgen.errors import InvalidDataError, ReportgenError, UnreadableInputError
from reportgen.extract import dataset_json
from reportgen.findings import ERROR, Finding, has_errors
from reportgen.forms import write_forms
from reportgen.outline import load_outline
from reportgen.period import Period
from reportgen.read import read_workbook


def narrative_sections(period: Period, catalog: Catalog) -> list[tuple[str, str]]:
    kind = "six-month" if period.half else "annual"
    return load_outline(kind, period, catalog).text_sections()


def make_forms(period: Period, out: Path, *, unit: str = "", plan_from: Path | None = None,
               force: bool = False, info: dict | None = None) -> Path:
    catalog = load_catalog()
    values = None
    if plan_from:
        from reportgen.plan import plan_targets
        values = plan_targets(plan_from, catalog, period)
    return write_forms(catalog, period, out, unit=unit, force=force, info=info,
                       narrative_sections=narrative_sections(period, catalog), values=values)


def make_plan_form(period: Period, out: Path, *, unit: str = "", from_file: Path | None = None,
                   force: bool = False) -> Path:
    from reportgen.plan import write_plan_form
    return write_plan_form(load_catalog(), period, out, unit=unit, from_file=from_file, force=force)


def expand_inputs(inputs: list[Path]) -> list[Path]:
    """Files as given; folders give their .xlsx files (Excel's ~$ lock files skipped), sorted."""
    out: list[Path] = []
    for p in inputs:
        p = Path(p)
        if p.is_dir():
            out.extend(sorted(q for q in p.rglob("*.xlsx") if not q.name.startswith(("~$", "."))))
        else:
            out.append(p)
    return out


@dataclass
class CheckResult:
    findings: list[Finding] = field(default_factory=list)
    unreadable: list[ReportgenError] = field(default_factory=list)
    files: int = 0

    @property
    def exit_code(self) -> int:
        if self.unreadable:
            return 2
        return 1 if has_errors(self.findings) else 0

    def lines(self, quiet: bool = False) -> list[str]:
        out = [f"{e.location()}: Lỗi: {e.message}" if e.location() else f"Lỗi: {e.message}" for e in self.unreadable]
        out += [f.format() for f in self.findings if not quiet or f.severity == ERROR]
        return out

    def summary(self) -> str:
        errors = sum(1 for f in self.findings if f.severity == ERROR)
        warnings = len(self.findings) - errors
        text = f"Đã kiểm tra {self.files} tệp: {errors} lỗi, {warnings} cảnh báo"
        if self.unreadable:
            text += f", {len(self.unreadable)} tệp không đọc được"
        return text + "."


def check_files(inputs: list[Path]) -> CheckResult:
    catalog = load_catalog()
    result = CheckResult()
    for path in expand_inputs(inputs):
        result.files += 1
        try:
            ds = read_workbook(path, catalog)
        except ReportgenError as exc:
            result.unreadable.append(exc)
            continue
        sections = narrative_sections(ds.period, catalog) if ds.info.fields else []
        result.findings.extend(check_dataset(ds, catalog, narrative_sections=sections))
    return result


def extract_file(path: Path) -> dict:
    catalog = load_catalog()
    ds = read_workbook(path, catalog)
    errors = [f for f in ds.problems if f.severity == ERROR]
    if errors:
        first = errors[0]
        more = f" (và {len(errors) - 1} lỗi khác; chạy «reportgen check» để xem hết)" if len(errors) > 1 else ""
        raise InvalidDataError(first.message + more, file=first.file, sheet=first.sheet, cell=first.cell)
    return dataset_json(ds, catalog)
