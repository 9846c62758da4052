"""The run: every unit read, duplicates, periods and catalog versions settled, the totals made.

Part of reportgen.totals (see totals/aggregate.py).
"""

from __future__ import annotations

from array import array
from collections import Counter
from pathlib import Path
from typing import Callable, Iterable, Iterator

from reportgen.core import model as m
from reportgen.core.catalog import Catalog
from reportgen.core.errors import ReportgenError
from reportgen.core.findings import ERROR, WARNING, Finding
from reportgen.core.numbers import fmt_number
from reportgen.core.period import Period
from reportgen.core.pool import cpu_jobs
from reportgen.totals.layout import Layout, cell_refs
from reportgen.totals.result import _UNREADABLE, AggregateResult, Skipped, Unit
from reportgen.totals.sums import _totals
from reportgen.totals.units import UnitRead, _name_key, unit_read
from reportgen.totals.workers import _reads


def aggregate(paths: Iterable[Path], catalog: Catalog, *, expected_units: Iterable[str] | None = None,
              progress: Callable[[int], object] | None = None, jobs: int | None = None) -> AggregateResult:
    """Add up one filled form per unit. `progress(1)` is called after each file."""
    paths = [str(p) for p in paths]
    jobs = default_jobs() if jobs is None else max(1, int(jobs))
    return _collect(_reads(paths, catalog, jobs), len(paths), catalog, expected_units, progress)


def aggregate_datasets(datasets: Iterable[m.Dataset], catalog: Catalog, *,
                       expected_units: Iterable[str] | None = None) -> AggregateResult:
    """The same totals from Datasets already in memory (tests, or callers that read forms themselves).
    With no file bytes to hash, duplicates are found by unit name only."""
    layout = Layout(catalog)
    reads = []
    for ds in datasets:
        r = unit_read(ds, layout)
        r.digest = ""
        reads.append(r)
    return _collect(iter(reads), len(reads), catalog, expected_units, None)


def _collect(reads: Iterator[UnitRead], files: int, catalog: Catalog, expected_units, progress) -> AggregateResult:
    layout = Layout(catalog)
    rows = array("d")
    units: list[Unit] = []
    texts: dict[int, list[str | None]] = {k: [] for k, s in enumerate(layout.slots) if s.width == 0}
    shared: dict[str, str] = {}  # one object per distinct text, period and version
    moved: dict[tuple[int, int], str] = {}
    findings: list[Finding] = []
    skipped: list[Skipped] = []
    by_digest: dict[str, str] = {}
    by_name: dict[str, str] = {}
    usual_refs: dict[str, tuple[str, tuple[str, ...]]] = {}
    for r in reads:
        if progress is not None:
            progress(1)
        if r.errors:
            first = r.errors[0]
            if r.unreadable:
                reason = f"{_UNREADABLE}: {first.message}"
            else:
                reason = (f"{_UNREADABLE} đủ số liệu: {len(r.errors)} ô có giá trị không hợp lệ "
                          "(xem các lỗi bên dưới); không cộng số liệu nào của đơn vị này")
                findings.extend(r.errors)
            skipped.append(Skipped(r.path, reason))
            continue
        if r.digest and r.digest in by_digest:
            skipped.append(Skipped(r.path, f"trùng nội dung với tệp {by_digest[r.digest]}; chỉ cộng một lần"))
            findings.append(Finding(ERROR, f"tệp trùng nội dung với {by_digest[r.digest]} (đơn vị «{r.unit}»)",
                                    r.path, code="duplicate_file"))
            continue
        keys = [_name_key(n) for n in r.names]
        twin = next((by_name[k] for k in keys if k in by_name), None)
        if twin is not None:
            skipped.append(Skipped(r.path, f"đơn vị «{r.unit}» đã có ở tệp {twin}; chỉ cộng tệp đầu tiên"))
            findings.append(Finding(ERROR, f"đơn vị «{r.unit}» có hai tệp: {twin} và {r.path}",
                                    r.path, code="duplicate_unit"))
            continue
        if r.digest:
            by_digest[r.digest] = r.path
        for k in keys:
            by_name[k] = r.path
        u = len(units)
        units.append(Unit(r.unit, r.path, shared.setdefault(r.period, r.period),
                          shared.setdefault(r.catalog_version, r.catalog_version)))
        rows.frombytes(r.row)
        for k, column in texts.items():
            v = r.texts.get(k)
            column.append(None if v is None else shared.setdefault(v, v))
        usual = usual_refs.get(r.period)
        if usual is None:
            usual = usual_refs[r.period] = _usual(catalog, layout, r.period)
        if r.refs != usual[0]:  # some cell was read from elsewhere than in an unedited form
            for k, (got, want) in enumerate(zip(r.refs.split("\x1f"), usual[1])):
                if got and got != want and not layout.slots[k].records:
                    moved[(u, k)] = got
        findings.extend(r.warnings)

    keep, period = _settle(units, catalog, findings, skipped)
    if len(keep) != len(units):
        rows, units, texts, moved = _select(keep, layout.width, rows, units, texts, moved)
    if expected_units is not None:
        findings.extend(_compare_expected(list(expected_units), units))
    result = AggregateResult(catalog, layout, period, units, {}, findings, skipped, files,
                             rows, texts, moved, refs=usual_refs[period.code][1] if period else ())
    result.totals = _totals(result)
    return result


def _usual(catalog: Catalog, layout: Layout, period_code: str) -> tuple[str, tuple[str, ...]]:
    try:
        refs = cell_refs(catalog, layout, Period.parse(period_code))  # = expected_refs, without openpyxl
    except ReportgenError:  # a period the forms cannot be written for: compare with nothing
        refs = ("",) * len(layout.slots)
    return "\x1f".join(refs), refs


def default_jobs() -> int:
    return cpu_jobs(cap=4)


def _declared(version: str) -> str:
    return version.split("+", 1)[0]


def _settle(units: list[Unit], catalog: Catalog, findings: list[Finding], skipped: list[Skipped]):
    """Which units stay: the period most units have, and the catalog's declared version."""
    if not units:
        return [], None
    counts = Counter(u.period for u in units)
    best = max(counts.values())
    period_code = next(u.period for u in units if counts[u.period] == best)
    keep = []
    for i, u in enumerate(units):
        if u.period != period_code:
            skipped.append(Skipped(u.file, f"đơn vị «{u.name}» báo cáo kỳ {u.period}, khác kỳ {period_code} "
                                           f"của {fmt_number(best)} đơn vị còn lại"))
            findings.append(Finding(ERROR, f"biểu mẫu của «{u.name}» thuộc kỳ {u.period}, không phải kỳ "
                                           f"{period_code}; không cộng", u.file, code="mixed_period"))
            continue
        if u.catalog_version != catalog.version:
            if not u.catalog_version or _declared(u.catalog_version) != _declared(catalog.version):
                shown = u.catalog_version or "không rõ (biểu mẫu không do reportgen tạo)"
                skipped.append(Skipped(u.file, f"đơn vị «{u.name}» dùng danh mục chỉ tiêu phiên bản {shown}, "
                                               f"khác phiên bản {_declared(catalog.version)}"))
                findings.append(Finding(ERROR, f"biểu mẫu của «{u.name}» theo danh mục chỉ tiêu phiên bản {shown}, "
                                               f"khác phiên bản hiện tại {catalog.version}; không cộng — hãy "
                                               "chuyển số liệu sang biểu mẫu mới", u.file, code="catalog_version"))
                continue
            findings.append(Finding(WARNING, f"biểu mẫu của «{u.name}» tạo theo bản danh mục {u.catalog_version}, "
                                             f"khác bản hiện tại {catalog.version} (cùng phiên bản "
                                             f"{_declared(catalog.version)}); các dòng được đối chiếu theo mã chỉ tiêu",
                                    u.file, code="catalog_version"))
        keep.append(i)
    return keep, Period.parse(period_code)


def _select(keep, width, rows, units, texts, moved):
    new_rows = array("d")
    where = {}
    for n, i in enumerate(keep):
        new_rows.extend(rows[i * width:(i + 1) * width])
        where[i] = n
    return (new_rows, [units[i] for i in keep],
            {k: [column[i] for i in keep] for k, column in texts.items()},
            {(where[u], k): v for (u, k), v in moved.items() if u in where})


def _compare_expected(expected: list[str], units: list[Unit]) -> list[Finding]:
    have = {_name_key(u.name): u for u in units}
    wanted = {_name_key(n): n for n in expected}
    out = [Finding(ERROR, f"thiếu số liệu của đơn vị «{name}» (có trong danh sách đơn vị, không có tệp nào "
                          "được cộng)", code="missing_unit")
           for key, name in wanted.items() if key not in have]
    out += [Finding(WARNING, f"đơn vị «{u.name}» không có trong danh sách đơn vị; vẫn được cộng", u.file,
                    code="unexpected_unit")
            for key, u in have.items() if key not in wanted]
    return out


