"""One public function behind each command; the CLI only wires these."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.core.catalog import Catalog, load_catalog
from reportgen.check.rules import check_dataset
from reportgen.core.errors import InvalidDataError, OtherFormError, ReportgenError, UsageError
from reportgen.read.extract import dataset_json
from reportgen.core.findings import ERROR, Finding, has_errors
from reportgen.documents.outline import load_outline
from reportgen.core.period import Period
from reportgen.read.workbook import read_workbook

# Findings about the catalog itself (a rate with no numerator in data/catalog/), and plan-column rates
# that cannot be added up (a target rate has no count behind it): nothing an officer can act on, so
# they go to the developers' log (REPORTGEN_LOG), not to the screen.
CATALOG_INTERNALS = frozenset({"rate_without_parts"})
PLAN_RATE_LEFT_OUT = "rate_left_out"
developer_log = logging.getLogger("reportgen.catalog")
# The library logs for developers only (REPORTGEN_LOG=FILE with the command line); nothing reaches an
# officer's screen through Python's last-resort handler. Set here, where the logging is, so that
# `reportgen --help` does not import logging (perf).
logging.getLogger("reportgen").addHandler(logging.NullHandler())


def narrative_sections(period: Period, catalog: Catalog) -> list[tuple[str, str]]:
    from reportgen.documents.outline import form_text_sections
    return form_text_sections(period, catalog)  # the report's rows and, for a year, the HĐND report's


# Extensions of files people may name by mistake for a Word or Excel output.
_OTHER_FORMATS = {".doc", ".docx", ".xls", ".xlsx", ".xlsm", ".odt", ".ods", ".rtf", ".txt", ".csv", ".json",
                  ".pdf", ".html"}


def output_path(out: Path, extension: str) -> Path:
    """`-o` with the extension its format needs: added when missing, refused when it names another format."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix == extension:
        return out
    if suffix in _OTHER_FORMATS:
        kind = {".docx": "văn bản Word (.docx)", ".xlsx": "bảng tính Excel (.xlsx)"}[extension]
        raise UsageError(f"lệnh này tạo {kind}, không tạo được tệp «{suffix}»; đặt tên tệp kết quả đuôi {extension}",
                         file=str(out))
    return out.with_name(out.name + extension)


def make_forms(period: Period, out: Path, *, unit: str = "", plan_from: Path | None = None,
               force: bool = False, info: dict | None = None) -> Path:
    from reportgen.core.outputs import refuse_inputs
    from reportgen.forms.annex import write_forms  # openpyxl's writer: loaded by the commands that write forms
    out = output_path(out, ".xlsx")
    refuse_inputs([out], [plan_from])
    catalog = load_catalog().for_period(period)
    values = None
    if plan_from:
        from reportgen.read.plan import plan_targets
        values = plan_targets(plan_from, catalog, period)
    return write_forms(catalog, period, out, unit=unit, force=force, info=info,
                       narrative_sections=narrative_sections(period, catalog), values=values)


def make_plan_form(period: Period, out: Path, *, unit: str = "", from_file: Path | None = None,
                   force: bool = False) -> Path:
    from reportgen.core.outputs import refuse_inputs
    from reportgen.forms.plan import write_plan_form
    out = output_path(out, ".xlsx")
    refuse_inputs([out], [from_file])
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
        return out + finding_lines(self.findings, quiet=quiet)

    def summary(self) -> str:
        errors = sum(1 for f in self.findings if f.severity == ERROR)
        warnings = len(self.findings) - errors
        text = f"Đã kiểm tra {self.files} tệp: {errors} lỗi, {warnings} cảnh báo"
        if self.unreadable:
            text += f", {len(self.unreadable)} tệp không đọc được"
        return text + "."


WARNINGS_PER_FILE = 20  # the first warnings of each file are shown, then how many more
ERRORS_PER_FILE = 100  # likewise errors (a sheet of text typed in number cells)


def finding_lines(findings: list[Finding], quiet: bool = False) -> list[str]:
    """The findings as `check` prints them: of each file's errors the first ERRORS_PER_FILE, of
    its warnings the first WARNINGS_PER_FILE (none with `quiet`), then how many more."""
    out: list[str] = []
    seen: dict[tuple[str, str], int] = {}
    for f in findings:
        if quiet and f.severity != ERROR:
            continue
        key = (f.file, f.severity)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] <= (ERRORS_PER_FILE if f.severity == ERROR else WARNINGS_PER_FILE):
            out.append(f.format())
    for (file, severity), n in seen.items():
        cap = ERRORS_PER_FILE if severity == ERROR else WARNINGS_PER_FILE
        if n > cap:
            more = f"{n - cap:,}".replace(",", ".")
            what = "lỗi" if severity == ERROR else "cảnh báo"
            out.append(Finding(severity, f"… và {more} {what} khác của tệp này (không in hết)", file).format())
    return out


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
        result.findings.extend(check_for_build(ds, catalog))
    return result


def blank_form_findings(ds, catalog: Catalog) -> list[Finding]:
    """One clear warning when a form has no figure at all for its period (a blank form sent back).

    A form whose only figures were mistyped is not blank: its errors are shown instead.
    """
    from reportgen.core import model as m
    if has_errors(ds.problems):
        return []
    for iid, roles in ds.values.items():
        ind = catalog.indicators.get(iid)
        value = roles.get(m.CURRENT)
        if ind is not None and ind.kind != m.TEXT and value is not None and not value.blank:
            return []
    return [Finding("warning", f"biểu mẫu chưa có số liệu nào của {ds.period.label_lower}: mọi ô số liệu của kỳ "
                               "báo cáo đều trống; kiểm tra lại đã gửi đúng tệp đã điền chưa (chưa kiểm tra "
                               "phần chữ và thông tin chung)",
                    ds.file, code="no_figures")]


def user_findings(findings: list[Finding], period: Period | None = None) -> list[Finding]:
    """The findings to show; those about the catalog's internals go to the developers' log."""
    plan_columns = ()
    if period is not None:
        from reportgen.core import model as m
        from reportgen.core.catalog import DEFAULT_HEADERS
        from reportgen.forms.annex import column_header
        plan_columns = tuple(f"» ({column_header(m.Column(role, DEFAULT_HEADERS[role]), period)}): "
                             for role in (m.PLAN, m.NEXT_PLAN))
    shown = []
    for f in findings:
        plan_rate = f.code == PLAN_RATE_LEFT_OUT and any(c in f.message for c in plan_columns)
        if f.code in CATALOG_INTERNALS or plan_rate:
            developer_log.warning("%s", f.format())
        else:
            shown.append(f)
    return shown


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


class CheckFailedError(InvalidDataError):
    """`build` found what `check` calls errors; `findings` holds every finding, as `check` shows them."""

    def __init__(self, message: str, findings: list[Finding], **where):
        super().__init__(message, **where)
        self.findings = findings


def check_for_build(ds, catalog: Catalog) -> list[Finding]:
    """What `reportgen check` finds in a dataset about to be built into a document."""
    catalog = catalog.for_period(ds.period)
    blank = blank_form_findings(ds, catalog)
    # a form with no figures: one clear line instead of a warning for every empty section
    sections = narrative_sections(ds.period, catalog) if ds.info.fields and not blank else []
    found = check_dataset(ds, catalog, narrative_sections=sections)
    return blank + [f for f in found if f.code != "missing_info"] if blank else found


def _annex_document(kind: str, data: Path, previous: Path | None, catalog: Catalog, draft: bool = False):
    """The report of `kind` ("six-month", "annual", "hdnd") from an annex workbook, and the errors
    `check` finds in its data (only with `draft`; without it they stop the build)."""
    from reportgen.documents.reports import build_report
    ds = read_workbook(data, catalog)
    catalog = catalog.for_period(ds.period)
    findings = check_for_build(ds, catalog)
    if kind in ("six-month", "annual"):
        want_half = kind == "six-month"
        if ds.period.half != want_half:
            raise InvalidDataError(
                f"tệp số liệu thuộc kỳ «{ds.period.label}», không dùng được cho báo cáo "
                f"{'6 tháng' if want_half else 'năm'}", file=str(data))
    prev_ds = None
    if previous:
        prev_ds = read_workbook(previous, catalog)
        findings += [f for f in check_for_build(prev_ds, catalog) if f.severity == ERROR]
        if prev_ds.period != ds.period.previous():
            raise InvalidDataError(f"tệp --previous thuộc kỳ «{prev_ds.period.label}», cần kỳ "
                                   f"«{ds.period.previous().label}»", file=str(previous))
    errors = [f for f in findings if f.severity == ERROR]
    if errors and not draft:
        raise CheckFailedError(f"số liệu có {len(errors)} lỗi (như «reportgen check» báo ở trên), chưa lập "
                               "văn bản; hãy sửa các lỗi rồi chạy lại, hoặc thêm --draft để lập bản dự thảo "
                               "có ghi rõ các lỗi", findings, file=str(data))
    if prev_ds is not None:
        merge_previous(ds, prev_ds)
    if kind in ("six-month", "annual"):
        built = build_report(ds, catalog, load_outline(kind, ds.period, catalog))
    else:
        from reportgen.documents.hdnd import build_hdnd
        built = build_hdnd(ds, catalog, load_outline("hdnd", ds.period, catalog))
    return built, errors


DRAFT_ERRORS_SHOWN = 20  # errors listed on the first page of a draft


def build_document(kind: str, data: Path, out: Path, *, previous: Path | None = None, force: bool = False,
                   pdf: bool = False, comments: bool = False, template: Path | None = None,
                   draft: bool = False) -> dict:
    """Build one document; returns the paths written and the warnings to show.

    `out` gets ".docx" when it has no extension; `-o x.pdf` with `pdf` writes x.docx and x.pdf,
    without `pdf` (or with another format's extension) it is refused.
    The data is checked first, as `reportgen check` does: errors stop the build
    (CheckFailedError) unless `draft`, which builds a document marked as a draft on its first
    page, listing the errors. Every output (the .docx, its .nguon.csv sidecar, the .pdf) obeys
    `force`, is never one of the inputs, and is written to a temporary file and moved into place.
    """
    from reportgen.core.outputs import atomic_output, ensure_writable, refuse_inputs
    from reportgen.documents.reports import figure_comments, write_sources
    from reportgen.docx.render import render_document
    out = Path(out)
    refuse_inputs([out], [data, previous, template])  # before the extension: `-o` the input is the mistake
    if out.suffix.lower() == ".pdf":
        if not pdf:
            raise UsageError("tệp kết quả đuôi .pdf: thêm --pdf để xuất PDF (kèm bản Word cùng tên, đuôi .docx), "
                             "hoặc đặt tên đuôi .docx", file=str(out))
        out = out.with_suffix(".docx")
    out = output_path(out, ".docx")
    sidecar = out.with_name(out.stem + ".nguon.csv")
    pdf_path = out.with_suffix(".pdf") if pdf else None
    outputs = [out, sidecar, pdf_path]
    refuse_inputs(outputs, [data, previous, template])
    for path in outputs:
        if path is not None:
            ensure_writable(path, force)
    catalog = load_catalog()
    errors: list[Finding] = []
    if kind == "plan":  # the plan's own workbook, not an annex workbook
        from reportgen.documents.plan import build_plan
        built = build_plan(data, catalog)
    else:
        built, errors = _annex_document(kind, data, previous, catalog, draft)
    if draft:
        shown = [f.format() for f in errors[:DRAFT_ERRORS_SHOWN]] or ["(không có lỗi)"]
        if len(errors) > DRAFT_ERRORS_SHOWN:
            shown.append(f"… và {len(errors) - DRAFT_ERRORS_SHOWN} lỗi khác (chạy «reportgen check» để xem hết)")
        built.document.draft = shown
    with atomic_output(out, force) as tmp:
        render_document(built.document, tmp, template=template,
                        comments=figure_comments(built.figures) if comments else None,
                        extra_context=built.template_context)
    written = {"docx": out}
    with atomic_output(sidecar, force) as tmp:
        write_sources(built.figures, tmp)
    written["sources"] = sidecar
    if pdf_path is not None:
        from reportgen.docx.pdf import to_pdf
        with atomic_output(pdf_path, force) as tmp:
            to_pdf(out, tmp)
        written["pdf"] = pdf_path
    sections = [s for s in built.document.sections if any(p.kind == "placeholder" for p in s.paragraphs)]
    written["placeholders"] = [s.heading for s in sections]
    written["errors"] = errors
    written["warnings"] = list(getattr(built, "warnings", []))
    return written


def pdf_available() -> bool:
    """Whether LibreOffice is there to export PDF (build_document(pdf=True))."""
    from reportgen.docx.pdf import find_soffice
    return find_soffice() is not None


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
    from reportgen.core.paths import samples_dir
    samples = samples_dir()
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
    from reportgen.read.textfile import read_units_file
    from reportgen.totals.aggregate import aggregate, write_total
    from reportgen.core.outputs import ensure_writable, refuse_inputs
    out = output_path(out, ".xlsx")
    refuse_inputs([out], [units_file, *(p for p in inputs if not Path(p).is_dir())])
    ensure_writable(out, force)
    paths = [p for p in expand_inputs(inputs) if not (out.exists() and p.exists() and p.samefile(out))]
    if not paths:
        raise UsageError("không có tệp .xlsx nào để tổng hợp")
    catalog = load_catalog()
    expected = read_units_file(units_file) if units_file else None
    result = aggregate(paths, catalog, expected_units=expected, progress=progress, jobs=jobs)
    result.findings = user_findings(result.findings, result.period)
    if result.covered:
        write_total(result, out, force, unit=unit, narrative_sections=narrative_sections(result.period, catalog))
    return result


def init_config(dest: Path, *, force: bool = False) -> tuple[list[Path], list[Path]]:
    """`reportgen init-config DIR`: copy the built-in catalog, levels, outlines and Word templates to DIR.

    DIR gets the same layout as the built-in data (data/catalog/, data/levels.yaml, templates/outline/,
    templates/docx/); files already there are kept unless `force`. Returns (copied, kept).
    """
    from reportgen.core import paths
    from reportgen.core.outputs import atomic_output
    dest = Path(dest)
    if dest.exists() and not dest.is_dir():
        raise UsageError("cần một thư mục để chép cấu hình vào, đây là một tệp", file=str(dest))
    copied, kept = [], []
    for relative in paths.default_files():
        target = dest / relative
        if target.exists() and not force:
            kept.append(target)
            continue
        with atomic_output(target, force=True) as tmp:
            tmp.write_bytes((paths.home() / relative).read_bytes())
        copied.append(target)
    return copied, kept
