"""One public function behind each command; the CLI only wires these."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportgen.core.catalog import Catalog, load_catalog
from reportgen.check.rules import check_dataset
from reportgen.core.errors import InvalidDataError, OtherFormError, ReportgenError, UsageError
from reportgen.read.extract import dataset_json
from reportgen.core.findings import ERROR, Finding, has_errors
from reportgen.forms.annex import write_forms
from reportgen.documents.outline import load_outline
from reportgen.core.period import Period
from reportgen.read.workbook import read_workbook


def narrative_sections(period: Period, catalog: Catalog) -> list[tuple[str, str]]:
    from reportgen.documents.outline import form_text_sections
    return form_text_sections(period, catalog)  # the report's rows and, for a year, the HĐND report's


def make_forms(period: Period, out: Path, *, unit: str = "", plan_from: Path | None = None,
               force: bool = False, info: dict | None = None) -> Path:
    catalog = load_catalog()
    values = None
    if plan_from:
        from reportgen.read.plan import plan_targets
        values = plan_targets(plan_from, catalog, period)
    return write_forms(catalog, period, out, unit=unit, force=force, info=info,
                       narrative_sections=narrative_sections(period, catalog), values=values)


def make_plan_form(period: Period, out: Path, *, unit: str = "", from_file: Path | None = None,
                   force: bool = False) -> Path:
    from reportgen.forms.plan import write_plan_form
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
    paths = expand_inputs(inputs)
    if not paths:
        raise UsageError("không có tệp .xlsx nào để kiểm tra", file=", ".join(str(p) for p in inputs))
    for path in paths:
        result.files += 1
        try:
            ds = read_workbook(path, catalog)
        except OtherFormError as exc:
            result.findings.append(Finding(
                "warning", f"tệp dữ liệu loại «{exc.form_kind}» (không phải phụ lục số liệu), bỏ qua khi kiểm tra",
                path.name, code="other_form"))
            continue
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


BUILD_KINDS = ("six-month", "annual", "hdnd", "plan")


def merge_previous(ds, previous_ds) -> int:
    """Fill blank previous-period values from last year's workbook (its current column)."""
    from reportgen.core import model as m
    filled = 0
    for iid, roles in previous_ds.values.items():
        prev = roles.get(m.CURRENT)
        mine = ds.value(iid, m.PREVIOUS)
        if prev is not None and not prev.blank and (mine is None or mine.blank):
            ds.values.setdefault(iid, {})[m.PREVIOUS] = prev
            filled += 1
    return filled


def _annex_document(kind: str, data: Path, previous: Path | None, catalog: Catalog):
    """The report of `kind` ("six-month", "annual", "hdnd") from an annex workbook."""
    from reportgen.documents.reports import build_report
    ds = read_workbook(data, catalog)
    problems = [f for f in ds.problems if f.severity == ERROR]
    if problems:
        f = problems[0]
        raise InvalidDataError(f"{f.message} — sửa lỗi trước khi lập báo cáo (chạy «reportgen check» để xem hết "
                               f"{len(problems)} lỗi)", file=f.file, sheet=f.sheet, cell=f.cell)
    if kind in ("six-month", "annual"):
        want_half = kind == "six-month"
        if ds.period.half != want_half:
            raise InvalidDataError(
                f"tệp số liệu thuộc kỳ «{ds.period.label}», không dùng được cho báo cáo "
                f"{'6 tháng' if want_half else 'năm'}", file=str(data))
    if previous:
        prev_ds = read_workbook(previous, catalog)
        if prev_ds.period != ds.period.previous():
            raise InvalidDataError(f"tệp --previous thuộc kỳ «{prev_ds.period.label}», cần kỳ "
                                   f"«{ds.period.previous().label}»", file=str(previous))
        merge_previous(ds, prev_ds)
    if kind in ("six-month", "annual"):
        built = build_report(ds, catalog, load_outline(kind, ds.period, catalog))
    else:
        from reportgen.documents.hdnd import build_hdnd
        built = build_hdnd(ds, catalog, load_outline("hdnd", ds.period, catalog))
    return built


def build_document(kind: str, data: Path, out: Path, *, previous: Path | None = None, force: bool = False,
                   pdf: bool = False, comments: bool = False, template: Path | None = None) -> dict:
    """Build one document; returns the paths written and the warnings to show."""
    from reportgen.core.outputs import ensure_writable
    from reportgen.documents.reports import figure_comments, write_sources
    from reportgen.docx.render import render_document
    catalog = load_catalog()
    out = Path(out)
    ensure_writable(out, force)
    if kind == "plan":  # the plan's own workbook, not an annex workbook
        from reportgen.documents.plan import build_plan
        built = build_plan(data, catalog)
    else:
        built = _annex_document(kind, data, previous, catalog)
    render_document(built.document, out, template=template,
                    comments=figure_comments(built.figures) if comments else None,
                    extra_context=built.template_context)
    written = {"docx": out}
    sidecar = out.with_name(out.stem + ".nguon.csv")
    write_sources(built.figures, sidecar)
    written["sources"] = sidecar
    if pdf:
        from reportgen.docx.pdf import to_pdf
        written["pdf"] = to_pdf(out, out.with_suffix(".pdf"))
    sections = [s for s in built.document.sections if any(p.kind == "placeholder" for p in s.paragraphs)]
    written["placeholders"] = [s.heading for s in sections]
    written["warnings"] = list(getattr(built, "warnings", []))
    return written


DEMO_JOBS = (
    # (what, input under data/samples, output name under output/)
    ("forms", "2026-H1", "bieu-mau-2026-H1.xlsx"),
    ("six-month", "son-ha-2025-H1.xlsx", "bao-cao-6-thang-dau-nam-2025.docx"),
    ("annual", "son-ha-2025.xlsx", "bao-cao-nam-2025.docx"),
    ("hdnd", "son-ha-2025.xlsx", "bao-cao-hdnd-nam-2025.docx"),
    ("plan", "ke-hoach-2026.xlsx", "ke-hoach-2026.docx"),
    ("aggregate", "xa", "tong-hop-cac-xa-2025-H1.xlsx"),
)


def demo(out_dir: Path, *, force: bool = False, pdf: bool = False, echo=print) -> int:
    """Make the real documents from data/samples into out_dir; returns how many failed."""
    from reportgen.core.paths import data_dir
    samples = data_dir() / "samples"
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    failed = 0
    for what, source, name in DEMO_JOBS:
        target = out_dir / name
        if target.exists() and not force:
            echo(f"Đã có {target}, bỏ qua (dùng --force để tạo lại).")
            continue
        try:
            if what == "forms":
                make_forms(Period.parse(source), target, unit="tỉnh Sơn Hà", force=True)
            elif what == "aggregate":
                from reportgen.totals.aggregate import aggregate_files
                aggregate_files([samples / source], target, units_file=samples / "units.txt", force=True)
            else:
                build_document(what, samples / source, target, force=True, pdf=pdf)
            echo(f"Đã tạo {target}")
        except ReportgenError as exc:
            failed += 1
            echo(f"Lỗi khi tạo {target}: {exc.format_message()}")
    return failed


def aggregate_files(inputs: list[Path], out: Path, *, units_file: Path | None = None, unit: str = "",
                    force: bool = False, jobs: int | None = None, progress=None):
    """`reportgen aggregate`: add up one filled form per unit into `out` (a form of the same shape).

    Returns the AggregateResult; `out` is written when at least one unit counts. The output
    file itself is never read as an input. `progress(1)` is called after each file.
    """
    from reportgen.totals.aggregate import aggregate, read_units_file, write_total
    from reportgen.core.errors import UsageError
    from reportgen.core.outputs import ensure_writable
    out = Path(out)
    ensure_writable(out, force)
    paths = [p for p in expand_inputs(inputs) if not (out.exists() and p.exists() and p.samefile(out))]
    if not paths:
        raise UsageError("không có tệp .xlsx nào để tổng hợp")
    catalog = load_catalog()
    expected = read_units_file(units_file) if units_file else None
    result = aggregate(paths, catalog, expected_units=expected, progress=progress, jobs=jobs)
    if result.covered:
        write_total(result, out, force, unit=unit, narrative_sections=narrative_sections(result.period, catalog))
    return result
