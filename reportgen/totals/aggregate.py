"""Totals across units: one filled form per unit, same period, added into a form of the same shape.

How each kind adds up (the catalog's `aggregate` field):

* ``sum`` (counts, money): the sum over the units that gave a value.
* ``rate`` (percent, per mille): recomputed, never averaged. With `numerator` and `denominator`
  in the catalog: sum of numerators / sum of denominators, over the units that gave both. With
  only a `numerator` (a share of a population the form does not hold): each unit's implied
  denominator is numerator / rate x 100 (1000 for per mille), and those are summed. A unit whose
  pair cannot be formed (rate without its numerator, a rate of 0 with a numerator of 0) is left
  out of that rate and named in a warning. Without a numerator in the catalog no rate total is
  written.
* ``count_yes`` (yes/no): Ratio(units that answered «Có», units that answered), written "7/7".
  A unit's own "x/y" (a total of totals) adds its x and y.
* ``ratio_sum`` ("45/140" answers): numerators and denominators are added. A plain number typed in
  a ratio cell has no denominator (Ratio(n, 0)); if any unit gave one, the total keeps the summed
  numerator and denominator 0 (written as the number alone), and a warning names those units:
  a denominator made of only some units would look like a share and be wrong.
* ``none`` and text: not added; the breakdown by unit still shows them.

Blank is not zero: a total is blank only when no unit gave a value, and every total records how
many units gave one. All four value roles (previous, current, plan, next_plan) are added.

It reports, it does not guess. Skipped, each named in a Finding: a file that cannot be read; a
unit whose cells hold values that cannot be typed (the safer choice: its bad cells are listed and
none of its numbers enter the total, since a total silently missing one cell of one unit is
worse than a total that says which unit is missing); the same unit twice (same name in the
«Thông tin chung» sheet, else in the identity sheet the form was issued with, or identical
file content: the first in input order is kept; a form issued for one unit and renamed in
«Thông tin chung» is warned about, since one template is often issued to every commune); a form of another period (the period most units have wins; a tie goes to the first); a
form made with another declared catalog version (the part before "+"; a form whose version
differs only in the digest after "+" is added, with a warning). Units of `expected_units` that
did not come are errors; units not on that list are warnings.

Memory: units are read in worker processes and dropped; the parent keeps one row of floats per
unit (the breakdown, 8 bytes per indicator cell) and nothing else per unit but its name, file
and the few sources that differ from the form's usual cells.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import unicodedata
import zipfile
from array import array
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable, Iterator
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

from reportgen.core import model as m
from reportgen.core.catalog import DEFAULT_HEADERS, Catalog
from reportgen.core.errors import ReportgenError
from reportgen.core.findings import ERROR, WARNING, Finding
from reportgen.forms.annex import FIRST_DATA_ROW, TT_COL, build_workbook, column_header, visible_rows
from reportgen.core.numbers import fmt_number
from reportgen.core.outputs import atomic_output, keep_text
from reportgen.core.period import Period
from reportgen.read.workbook import read_workbook

DETAIL_SHEET = "Chi tiết theo đơn vị"
MAX_UNITS_PER_SHEET = 16_000  # Excel allows 16,384 columns; the rest go to "… (2)", "… (3)"
NAN = float("nan")
_SCALE = {m.PERCENT: 100.0, m.PERMILLE: 1000.0}
_PAIR_KINDS = (m.YESNO, m.RATIO)
_LIST_NAMES = 5  # units named in a warning before "và N đơn vị khác"


# --- the per-unit row of floats ------------------------------------------------------------

@dataclass(frozen=True)
class Slot:
    """One (indicator, role) cell of the form and where it sits in a unit's row of floats."""

    indicator: str
    role: str
    kind: str
    aggregate: str
    offset: int  # first float of this slot in a unit row (-1: a text slot)
    width: int  # 1: a number; 2: numerator and denominator (yes/no, ratio); 0: text
    annex: str
    tt: str
    records: bool = False  # a column total of a records annex (PHỤ LỤC 3): its source is a range


class Layout:
    """The slots of a catalog, in print order, and the conversion of a Dataset into one row."""

    def __init__(self, catalog: Catalog):
        self.slots: list[Slot] = []
        self.index: dict[tuple[str, str], int] = {}
        width = 0
        for annex in catalog.annexes:
            for iid, role, tt in _annex_cells(annex, catalog):
                if (iid, role) in self.index:
                    continue
                ind = catalog.indicators[iid]
                w = 0 if ind.kind == m.TEXT else 2 if ind.kind in _PAIR_KINDS else 1
                self.index[(iid, role)] = len(self.slots)
                self.slots.append(Slot(iid, role, ind.kind, ind.aggregate, width if w else -1, w,
                                       annex.id, tt, annex.layout == "records"))
                width += w
        self.width = width
        self._blank = array("d", [NAN]) * width
        self._where = [(s.offset, s.width) for s in self.slots]
        # perf: indicator -> role -> (slot, offset, width), so encode looks up without making a tuple key
        self._by_indicator: dict[str, dict[str, tuple[int, int, int]]] = {}
        for (iid, role), k in self.index.items():
            self._by_indicator.setdefault(iid, {})[role] = (k, *self._where[k])

    def encode(self, ds: m.Dataset) -> tuple[array, dict[int, str], str]:
        """(floats, texts by slot, the source cell of every given value joined by "\x1f", "" where blank)."""
        row = self._blank[:]
        texts: dict[int, str] = {}
        refs = [""] * len(self.slots)
        by_indicator, ratio = self._by_indicator, m.Ratio
        prefix: dict[str, str] = {}  # sheet -> "sheet!"
        for iid, roles in ds.values.items():
            here = by_indicator.get(iid)
            if here is None:
                continue
            for role, v in roles.items():
                slot = here.get(role)
                if slot is None:
                    continue
                x = v.value
                if x is None:
                    continue
                k, off, w = slot
                src = v.source
                if src is not None:
                    sheet = src.sheet
                    head = prefix.get(sheet)
                    if head is None:
                        head = prefix[sheet] = sheet + "!"
                    refs[k] = head + src.cell
                t = type(x)
                if w == 1:
                    if t is float or t is int:
                        row[off] = x
                elif w == 2:
                    if t is ratio:
                        row[off], row[off + 1] = x.num, x.den
                    elif t is bool:
                        row[off], row[off + 1] = (1.0 if x else 0.0), 1.0
                elif x != "":
                    texts[k] = str(x)
        return row, texts, "\x1f".join(refs)


def _annex_cells(annex: m.Annex, catalog: Catalog) -> Iterator[tuple[str, str, str]]:
    """(indicator, role, TT) of every value cell of an annex, in print order, whatever its layout."""
    if annex.layout == "records":
        for f in annex.record_fields:
            if f.get("total") and f["total"] in catalog.indicators:
                yield f["total"], m.CURRENT, ""
        return
    roles = [r for r in annex.role_columns() if r in m.VALUE_ROLES] or [m.CURRENT]
    for row in visible_rows(annex, catalog):
        if row.indicator:
            for role in roles:
                yield row.indicator, role, row.tt


_EXPECTED: dict[tuple[str, str], tuple[str, ...]] = {}


def expected_refs(catalog: Catalog, layout: Layout, period: Period) -> tuple[str, ...]:
    """The cell each slot is read from in an unedited form: a blank form is written with a marker
    in every value cell and read back with the reader itself, so this follows forms.py and read.py
    whatever the layout of an annex."""
    key = (catalog.version, period.code)
    if key not in _EXPECTED:
        import tempfile
        marker = {m.YESNO: True, m.RATIO: m.Ratio(1, 1), m.TEXT: "x"}
        markers = {(s.indicator, s.role): marker.get(s.kind, 1) for s in layout.slots if not s.records}
        wb = build_workbook(catalog, period, values=markers)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "mau.xlsx"
            wb.save(path)
            ds = read_workbook(path, catalog)
        refs = layout.encode(ds)[2].split("\x1f")
        _EXPECTED[key] = tuple(refs)
    return _EXPECTED[key]


# --- reading one unit (in a worker process) ------------------------------------------------

@dataclass
class UnitRead:
    """What a worker sends back for one file: small and picklable."""

    path: str
    digest: str = ""
    unit: str = ""
    names: tuple[str, ...] = ()  # the names duplicates are found by
    period: str = ""
    catalog_version: str = ""
    row: bytes = b""
    texts: dict[int, str] = field(default_factory=dict)
    refs: str = ""  # Layout.encode's sources
    errors: list[Finding] = field(default_factory=list)  # unreadable, or cells with bad values
    warnings: list[Finding] = field(default_factory=list)
    unreadable: bool = False


_WORKER: dict = {}


def _init_worker(catalog: Catalog) -> None:
    import gc
    _WORKER["catalog"] = catalog
    _WORKER["layout"] = Layout(catalog)
    gc.freeze()  # the catalog and caches are long-lived: keep them out of every collection
    # A unit's read makes ~5,000 container objects, freed when it is encoded, and no cycles: with
    # the default threshold (700) the collector ran ~6 times a unit for nothing (~0.5-0.7 ms a unit).
    gc.set_threshold(20_000, *gc.get_threshold()[1:])


def read_unit(path: str, catalog: Catalog | None = None, layout: Layout | None = None) -> UnitRead:
    catalog = catalog or _WORKER["catalog"]
    layout = layout or _WORKER["layout"]
    out = UnitRead(path=str(path))
    p = Path(path)
    try:
        with open(p, "rb") as fh:
            out.digest = hashlib.sha256(fh.read()).hexdigest()
    except OSError:
        pass  # read_workbook says why
    try:
        ds = read_workbook(p, catalog)
    except ReportgenError as exc:
        out.unreadable = True
        out.errors.append(Finding(ERROR, exc.message, exc.file or str(path), exc.sheet or "", exc.cell or "",
                                  code="unreadable"))
        return out
    except Exception as exc:  # a reader bug must not stop the other units
        out.unreadable = True
        out.errors.append(Finding(ERROR, f"lỗi không mong đợi khi đọc ({type(exc).__name__}: {exc})",
                                  str(path), code="unreadable"))
        return out
    return unit_read(ds, layout, out)


def unit_read(ds: m.Dataset, layout: Layout, out: UnitRead | None = None) -> UnitRead:
    """A Dataset as one unit of the total (also used to aggregate Datasets held in memory)."""
    out = out or UnitRead(path=ds.file)
    typed, issued = ds.info.get("unit_name").strip(), ds.unit.strip()
    out.unit = typed or issued or Path(out.path).stem
    out.names = (out.unit,)
    if typed and issued and _name_key(typed) != _name_key(issued):
        out.warnings.append(Finding(WARNING, f"biểu mẫu phát cho «{issued}» nhưng trang Thông tin chung ghi "
                                             f"«{typed}»; cộng theo tên «{typed}»", ds.file, code="unit_name"))
    out.period = ds.period.code
    out.catalog_version = ds.catalog_version
    for f in ds.problems:
        if f.severity == ERROR:
            out.errors.append(f)
        elif f.code != "catalog_version":  # reported once, by aggregate
            out.warnings.append(f)
    if not out.errors:
        row, out.texts, out.refs = layout.encode(ds)
        out.row = row.tobytes()
    return out


def _reads(paths: list[str], catalog: Catalog, jobs: int) -> Iterator[UnitRead]:
    """Read every file, in input order; in `jobs` worker processes when that pays."""
    if jobs <= 1 or len(paths) < 8:
        layout = Layout(catalog)
        for p in paths:
            yield read_unit(p, catalog, layout)
        return
    import multiprocessing as mp
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    chunk = max(1, min(32, len(paths) // (jobs * 16)))
    with ctx.Pool(jobs, initializer=_init_worker, initargs=(catalog,)) as pool:
        yield from pool.imap(read_unit, paths, chunksize=chunk)


# --- the result ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Unit:
    name: str
    file: str
    period: str
    catalog_version: str


@dataclass(frozen=True)
class Total:
    """The total of one (indicator, role), and how many units it stands on."""

    indicator: str
    role: str
    value: float | m.Ratio | None
    given: int  # units that gave a value in this cell
    used: int  # units counted into the value (rates: those whose numerator/denominator pair formed)


@dataclass(frozen=True)
class Skipped:
    file: str
    reason: str


@dataclass(frozen=True)
class Contribution:
    unit: Unit
    value: float | bool | m.Ratio | str
    source: m.Source


@dataclass
class AggregateResult:
    catalog: Catalog
    layout: Layout
    period: Period | None
    units: list[Unit]  # the units in the total, in input order
    totals: dict[tuple[str, str], Total]
    findings: list[Finding]
    skipped: list[Skipped]
    files: int
    _rows: array
    _texts: dict[int, list]  # text slot -> each unit's text (None when blank)
    _moved: dict[tuple[int, int], str]  # (unit index, slot) -> "Sheet!A1" when not the usual cell
    refs: tuple[str, ...] = ()  # the cell each slot is read from in an unedited form ("" if unknown)
    _noted: set = field(default_factory=set)
    _columns_missing: dict = field(default_factory=dict)

    @property
    def covered(self) -> int:
        return len(self.units)

    @property
    def exit_code(self) -> int:
        return 1 if self.skipped or any(f.severity == ERROR for f in self.findings) else 0

    def total(self, indicator: str, role: str = m.CURRENT) -> m.Ratio | float | None:
        t = self.totals.get((indicator, role))
        return None if t is None else t.value

    def unit_value(self, u: int, slot: Slot):
        """Unit `u`'s typed value in `slot` (None when blank)."""
        if slot.width == 0:
            return self._texts[self.layout.index[(slot.indicator, slot.role)]][u]
        base = u * self.layout.width + slot.offset
        a = self._rows[base]
        if a != a:
            return None
        if slot.width == 1:
            return a
        b = self._rows[base + 1]
        if slot.kind == m.YESNO and b == 1.0 and a in (0.0, 1.0):
            return a == 1.0
        return m.Ratio(a, b)

    def column(self, slot: Slot, second: bool = False) -> list[float]:
        """Every unit's float for `slot` (NaN when blank), in unit order."""
        w = self.layout.width
        return self._rows[slot.offset + (1 if second else 0)::w].tolist() if w else []

    def source(self, u: int, slot: Slot) -> m.Source:
        k = self.layout.index[(slot.indicator, slot.role)]
        ref = self._moved.get((u, k)) or (self.refs[k] if self.refs else "") or "?!?"
        sheet, cell = ref.rsplit("!", 1)
        return m.Source(Path(self.units[u].file).name, sheet, cell)

    def breakdown(self, indicator: str, role: str = m.CURRENT) -> list[Contribution]:
        """Where a total came from: each unit that gave a value, with the cell it was read from."""
        slot = self.layout.slots[self.layout.index[(indicator, role)]]
        out = []
        for u, unit in enumerate(self.units):
            v = self.unit_value(u, slot)
            if v is not None:
                out.append(Contribution(unit, v, self.source(u, slot)))
        return out

    def lines(self) -> list[str]:
        out = [f"{s.file}: Bỏ qua: {s.reason}" for s in self.skipped]
        return out + [f.format() for f in self.findings]

    def summary(self) -> str:
        text = f"Đã tổng hợp {fmt_number(self.covered)}/{fmt_number(self.files)} đơn vị"
        parts = []
        bad = sum(1 for s in self.skipped if s.reason.startswith(_UNREADABLE))
        other = len(self.skipped) - bad
        if bad:
            parts.append(f"bỏ qua {fmt_number(bad)} tệp lỗi")
        if other:
            parts.append(f"bỏ qua {fmt_number(other)} tệp trùng hoặc không khớp")
        missing = sum(1 for f in self.findings if f.code == "missing_unit")
        if missing:
            parts.append(f"thiếu {fmt_number(missing)} đơn vị")
        if parts:
            text += "; " + ", ".join(parts) + " (xem danh sách ở trên)"
        return text + "."


_UNREADABLE = "không đọc được"


# --- the run ---------------------------------------------------------------------------------

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
        refs = expected_refs(catalog, layout, Period.parse(period_code))
    except ReportgenError:  # a period the forms cannot be written for: compare with nothing
        refs = ("",) * len(layout.slots)
    return "\x1f".join(refs), refs


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 4))


def _name_key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


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


# --- totals ------------------------------------------------------------------------------

def _totals(result: AggregateResult) -> dict[tuple[str, str], Total]:
    layout = result.layout
    totals: dict[tuple[str, str], Total] = {}
    for slot in layout.slots:
        if slot.width == 0:
            given = sum(1 for x in result._texts[layout.index[(slot.indicator, slot.role)]] if x is not None)
            totals[(slot.indicator, slot.role)] = Total(slot.indicator, slot.role, None, given, 0)
            continue
        a = result.column(slot)
        given_idx = [u for u, x in enumerate(a) if x == x]
        given = len(given_idx)
        value = None
        used = 0
        if slot.aggregate in (m.NONE, m.RATE) and slot.width == 1:
            if slot.aggregate == m.RATE:
                value, used = _rate_total(result, slot, a, given_idx)
        elif slot.aggregate == m.NONE:
            pass
        elif slot.width == 1:  # sum (count_yes or ratio_sum on a plain number add up the same way)
            if given:
                value, used = math.fsum(a[u] for u in given_idx), given
        else:  # yes/no and ratios: numerators and denominators
            if given:
                b = result.column(slot, second=True)
                num = math.fsum(a[u] for u in given_idx)
                plain = [u for u in given_idx if not b[u]]
                den = 0.0 if plain and slot.kind == m.RATIO else math.fsum(b[u] for u in given_idx)
                if plain and slot.kind == m.RATIO and len(plain) < given:
                    result.findings.append(_units_warning(
                        result, slot, plain, "ghi một số, không có mẫu số (dạng «x/y»)",
                        "tổng chỉ ghi tử số", code="ratio_without_denominator"))
                value, used = m.Ratio(num, den), given
        totals[(slot.indicator, slot.role)] = Total(slot.indicator, slot.role, value, given, used)
    for iid, roles in result._columns_missing.items():
        result.findings.append(Finding(
            WARNING, f"«{result.catalog.indicators[iid].name}» ({', '.join(roles)}): không tính được tỷ lệ chung vì "
                     "chỉ tiêu tử số hoặc mẫu số không có cột này trong biểu mẫu; ô tổng để trống",
            code="rate_without_parts"))
    return totals


def _amounts(result: AggregateResult, iid: str | None, role: str) -> tuple[list[float] | None, list[float] | None]:
    """(amount, explicit denominator) per unit for a numerator/denominator indicator."""
    if not iid or (iid, role) not in result.layout.index:
        return None, None
    slot = result.layout.slots[result.layout.index[(iid, role)]]
    if slot.width == 0:
        return None, None
    a = result.column(slot)
    if slot.width == 2:
        b = result.column(slot, second=True)
        return a, [x if x == x and x > 0 else NAN for x in b]
    return a, None


def _rate_total(result: AggregateResult, slot: Slot, rate: list[float], given_idx: list[int]):
    ind = result.catalog.indicators[slot.indicator]
    scale = _SCALE.get(ind.kind, 100.0)
    nums, num_dens = _amounts(result, ind.numerator, slot.role)
    dens, _ = _amounts(result, ind.denominator, slot.role)
    if nums is None or (ind.denominator and dens is None):
        if given_idx and not ind.numerator:
            if slot.indicator not in result._noted:  # once per indicator, not once per column
                result._noted.add(slot.indicator)
                result.findings.append(Finding(
                    WARNING, f"«{_label(result, slot)}»: không tính được tỷ lệ chung vì danh mục không ghi chỉ "
                             "tiêu tử số (numerator) của tỷ lệ này; không lấy trung bình các tỷ lệ, ô tổng để trống",
                    code="rate_without_parts"))
        elif given_idx:  # reported once per indicator, at the end of _totals
            result._columns_missing.setdefault(slot.indicator, []).append(_role_label(result, slot.role))
        return None, 0
    num_parts, den_parts, left_out = [], [], []
    for u in range(len(result.units)):
        n, r = nums[u], rate[u]
        if dens is not None:
            d = dens[u]
        elif num_dens is not None and num_dens[u] == num_dens[u]:
            d = num_dens[u]  # a ratio numerator carries its own denominator: 45/140 xã
        elif r == r and n == n and r > 0:
            d = n / r * scale
        else:
            d = NAN
        if n == n and d == d:
            num_parts.append(n)
            den_parts.append(d)
        elif r == r:
            left_out.append(u)
    if left_out:
        why = ("thiếu tử số hoặc mẫu số" if dens is not None
               else "thiếu tử số, hoặc tỷ lệ bằng 0 nên không suy ra được mẫu số")
        result.findings.append(_units_warning(result, slot, left_out, f"ghi tỷ lệ nhưng {why}",
                                              "không tính vào tỷ lệ chung", code="rate_left_out"))
    den = math.fsum(den_parts)
    if not num_parts or den <= 0:
        return None, len(num_parts)
    return math.fsum(num_parts) / den * scale, len(num_parts)


def _label(result: AggregateResult, slot: Slot) -> str:
    return result.catalog.indicators[slot.indicator].name


def _role_label(result: AggregateResult, role: str) -> str:
    if result.period is None:
        return role
    return column_header(m.Column(role, DEFAULT_HEADERS[role]), result.period)


def _units_warning(result: AggregateResult, slot: Slot, idx: list[int], what: str, then: str, *, code: str) -> Finding:
    names = ", ".join(f"«{result.units[u].name}»" for u in idx[:_LIST_NAMES])
    more = f" và {fmt_number(len(idx) - _LIST_NAMES)} đơn vị khác" if len(idx) > _LIST_NAMES else ""
    return Finding(WARNING, f"«{_label(result, slot)}» ({_role_label(result, slot.role)}): "
                            f"{fmt_number(len(idx))} đơn vị {what} ({names}{more}); {then}", code=code)


# --- writing the total -------------------------------------------------------------------------

def total_unit_name(result: AggregateResult) -> str:
    return f"Tổng hợp {fmt_number(result.covered)} đơn vị"


def form_value(slot: Slot, value):
    """A total as the form holds it: yes/no and ratios as "x/y", a ratio without denominator as n."""
    if value is None:
        return None
    if isinstance(value, m.Ratio):
        if slot.kind == m.RATIO and not value.den:
            return _plain(value.num)
        return m.Ratio(_plain(value.num), _plain(value.den))
    return _plain(value)


def _plain(x: float):
    return int(x) if float(x).is_integer() and abs(x) < 2 ** 53 else x


def write_total(result: AggregateResult, out: Path, force: bool = False, *, unit: str = "",
                narrative_sections=()) -> Path:
    """The total as a filled form of the same shape, plus the sheet «Chi tiết theo đơn vị»."""
    if result.period is None:
        raise ReportgenError("không có đơn vị nào để tổng hợp")
    out = Path(out)
    name = unit or total_unit_name(result)
    values = {}
    for key, t in result.totals.items():
        slot = result.layout.slots[result.layout.index[key]]
        v = form_value(slot, t.value)
        if v is not None:
            values[key] = v
    wb = build_workbook(result.catalog, result.period, unit=name, narrative_sections=narrative_sections,
                        values=values)
    _write_record_rows(wb, result)
    sheets = _detail_sheet_names(result)
    for s in sheets:
        wb.create_sheet(s)["A1"] = ""  # the body is streamed into the zip below
    import io
    buf = io.BytesIO()
    keep_text(wb)
    wb.save(buf)
    del wb
    with atomic_output(out, force) as tmp:
        parts = _sheet_parts(buf, sheets)
        with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zout:
            for info in zin.infolist():
                if info.filename in parts.values():
                    continue
                zout.writestr(info, zin.read(info.filename))
            for n, sheet in enumerate(sheets):
                with zout.open(parts[sheet], "w", force_zip64=True) as fh:
                    _stream_detail(fh, result, out.name, n * MAX_UNITS_PER_SHEET,
                                   min(result.covered, (n + 1) * MAX_UNITS_PER_SHEET))
    return out


def _detail_sheet_names(result: AggregateResult) -> list[str]:
    n = max(1, math.ceil(result.covered / MAX_UNITS_PER_SHEET))
    return [DETAIL_SHEET] + [f"{DETAIL_SHEET} ({i})" for i in range(2, n + 1)]


def _write_record_rows(wb, result: AggregateResult) -> None:
    """Records annexes (PHỤ LỤC 3): one row per unit with its column totals, so the form's totals
    read back as the sum of these rows."""
    for annex in result.catalog.annexes:
        if annex.layout != "records":
            continue
        fields = list(annex.record_fields)
        slots = {k: result.layout.slots[result.layout.index[(f["total"], m.CURRENT)]]
                 for k, f in enumerate(fields) if f.get("total") and (f["total"], m.CURRENT) in result.layout.index}
        if not slots:
            continue
        texts = [k for k, f in enumerate(fields) if f.get("kind", "text") == "text"]
        name_col = next((k for k in texts if "đơn vị" in str(fields[k].get("header", "")).lower()
                         or "don_vi" in str(fields[k].get("key", ""))), texts[0] if texts else None)
        ws = wb[annex.sheet]
        r = FIRST_DATA_ROW
        for u, unit in enumerate(result.units):
            vals = {k: result.unit_value(u, s) for k, s in slots.items()}
            if all(v is None for v in vals.values()):
                continue
            if name_col is not None:
                ws.cell(r, TT_COL + name_col, unit.name)
            for k, v in vals.items():
                if v is not None:
                    ws.cell(r, TT_COL + k, _plain(v))
            r += 1


_NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_SHEET_TAG = re.compile(rb'<(?:\w+:)?sheet\b[^>]*>')
_ATTR = re.compile(rb'([\w:]+)="([^"]*)"')
_REL_TAG = re.compile(rb'<(?:\w+:)?Relationship\b[^>]*>')


def _sheet_parts(buf, names: list[str]) -> dict[str, str]:
    """Zip member of each named sheet in a workbook openpyxl has just written."""
    with zipfile.ZipFile(buf) as z:
        book = z.read("xl/workbook.xml")
        rels = z.read("xl/_rels/workbook.xml.rels")
    targets = {}
    for tag in _REL_TAG.findall(rels):
        a = dict(_ATTR.findall(tag))
        targets[a.get(b"Id", b"").decode()] = a.get(b"Target", b"").decode()
    out = {}
    for tag in _SHEET_TAG.findall(book):
        a = dict(_ATTR.findall(tag))
        name = _unescape(a.get(b"name", b"").decode("utf-8"))
        rid = next((v.decode() for k, v in a.items() if k.endswith(b":id")), "")
        if name in names:
            t = targets[rid]
            out[name] = t.lstrip("/") if t.startswith("/") else str(PurePosixPath("xl") / t)
    return out


def _unescape(s: str) -> str:
    return (s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'")
            .replace("&amp;", "&"))


# The breakdown can hold millions of cells (3,321 units x ~900 cells): openpyxl needs ~6 µs a
# cell even in write-only mode, so this one sheet is streamed as SpreadsheetML directly (~0.4 µs).
_HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
         '<sheetViews><sheetView workbookViewId="0"><pane xSplit="{x}" ySplit="3" topLeftCell="{tl}" '
         'activePane="bottomRight" state="frozen"/></sheetView></sheetViews>'
         '<cols><col min="1" max="1" width="24" customWidth="1"/><col min="4" max="4" width="50" customWidth="1"/>'
         '<col min="8" max="{last}" width="14" customWidth="1"/></cols><sheetData>')
_FIXED = ("Mã chỉ tiêu", "Phụ lục", "TT", "Chỉ tiêu", "Cột", "ĐVT", "Ô nguồn")
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _s(text) -> str:
    return '<c t="inlineStr"><is><t xml:space="preserve">' + escape(_ILLEGAL.sub("", str(text))) + "</t></is></c>"


def _n(x: float) -> str:
    t = repr(float(x))
    return "<c><v>" + (t[:-2] if t.endswith(".0") else t) + "</v></c>"


def _pair_cells(result: AggregateResult, slot: Slot, lo: int, hi: int) -> list[str | None]:
    """[_show(slot, result.unit_value(u, slot)) for u in range(lo, hi)] for a yes/no or ratio slot,
    each distinct (numerator, denominator) shown once (perf: a few distinct answers, many units)."""
    width = result.layout.width
    a_col = result._rows[slot.offset + lo * width:slot.offset + hi * width:width].tolist()
    b_col = result._rows[slot.offset + 1 + lo * width:slot.offset + 1 + hi * width:width].tolist()
    shown: dict[tuple, str | None] = {}
    out = []
    for u, (a, b) in enumerate(zip(a_col, b_col), start=lo):
        if a != a:
            out.append(None)
            continue
        key = (a, b) if a else (a, b, repr(a))  # 0.0 and -0.0 are one key but may print differently
        cell = shown.get(key, _GAP)
        if cell is _GAP:
            cell = shown[key] = _show(slot, result.unit_value(u, slot))
        out.append(cell)
    return out


_GAP = "\x00"  # no cell is this string (_s drops control characters, _n prints numbers)


def _number_cells(col: list[float]) -> list[str]:
    """[_n(x) if x == x else _GAP for x in col], made by joining and replacing over the whole row
    (perf: ~2.6 million cells at 3,321 units). repr never holds "<" or control characters, so
    ".0</v>" is exactly a repr ending in ".0", and "<c><v>nan</v></c>" exactly a NaN."""
    if not col:
        return []
    text = "<c><v>" + "</v></c>\x01<c><v>".join(map(repr, col)) + "</v></c>"
    return text.replace(".0</v>", "</v>").replace("<c><v>nan</v></c>", _GAP).split("\x01")


def _show(slot: Slot, v) -> str | None:
    """A unit's value as a cell: a number stays a number; yes/no «Có»/«Không»; ratios "x/y"."""
    if v is None:
        return None
    if isinstance(v, bool):
        return _s("Có" if v else "Không")
    if isinstance(v, m.Ratio):
        if not v.den and slot.kind == m.RATIO:
            return _n(v.num)
        return _s(f"{_plain(v.num)}/{_plain(v.den)}")
    if isinstance(v, str):
        return _s(v)
    return _n(v)


def _row(r: int, cells: list[str | None], blank: str | None = None) -> str:
    """One <row>: cells without `r` follow the one before; the first after a gap names itself.
    A gap is None, or `blank` (a string no cell is) where _number_cells made the cells."""
    out = [f'<row r="{r}">']
    pos, end = 0, len(cells)
    while pos < end:  # perf: runs between gaps found by list.index, not cell by cell
        try:
            gap = cells.index(blank, pos)
        except ValueError:
            gap = end
        if gap > pos:
            if pos:  # after a gap
                out.append(cells[pos].replace("<c", f'<c r="{get_column_letter(pos + 1)}{r}"', 1))
                out.extend(cells[pos + 1:gap])
            else:
                out.extend(cells[:gap])
        pos = gap + 1
    out.append("</row>")
    return "".join(out)


def _stream_detail(fh, result: AggregateResult, out_name: str, lo: int, hi: int) -> None:
    layout, catalog = result.layout, result.catalog
    units = result.units[lo:hi]
    nfix = len(_FIXED)
    tot_col = nfix + len(units)
    write = fh.write
    write(_HEAD.format(x=nfix, tl=f"{get_column_letter(nfix + 1)}4", last=tot_col + 2).encode())
    title = f"CHI TIẾT THEO ĐƠN VỊ — {result.period.label.upper()} — {fmt_number(result.covered)} đơn vị"
    if lo or hi < result.covered:
        title += f" (đơn vị thứ {fmt_number(lo + 1)}–{fmt_number(hi)})"
    write(_row(1, [_s(title)]).encode())
    write(_row(2, [_s(t) for t in _FIXED] + [_s(u.name) for u in units]
               + [_s("Tổng"), _s("Số đơn vị có số liệu")]).encode())
    write(_row(3, [None] * (nfix - 1) + [_s("Tệp nguồn →")] + [_s(Path(u.file).name) for u in units]
               + [_s(out_name), None]).encode())
    r = 4
    extra: list[tuple[int, Slot, str]] = []
    annex_names = {a.id: a.number for a in catalog.annexes}
    sheets = {a.id: a.sheet for a in catalog.annexes}
    width = layout.width
    rows = result._rows
    moved_by_slot: dict[int, list[tuple[int, str]]] = {}
    for (u, k), ref in result._moved.items():
        if lo <= u < hi:
            moved_by_slot.setdefault(k, []).append((u, ref))
    for k, slot in enumerate(layout.slots):
        t = result.totals[(slot.indicator, slot.role)]
        if not t.given:
            continue
        ind = catalog.indicators[slot.indicator]
        moved = sorted(moved_by_slot.get(k, ()))
        usual = (result.refs[k] if result.refs else "") or (
            f"{sheets.get(slot.annex, slot.annex)} (cộng các dòng)" if slot.records else "")
        src = usual + (f" (khác ở {fmt_number(len(moved))} đơn vị, xem cuối bảng)" if moved else "")
        extra.extend((u, slot, ref) for u, ref in moved)
        cells = [_s(slot.indicator), _s(annex_names.get(slot.annex, slot.annex)), _s(slot.tt) if slot.tt else None,
                 _s(ind.name), _s(_role_label(result, slot.role)), _s(ind.unit) if ind.unit else None, _s(src)]
        total = [_show(slot, form_value(slot, t.value) if not isinstance(t.value, m.Ratio) else t.value),
                 _n(t.given)]
        if slot.width == 1:
            col = rows[slot.offset + lo * width:slot.offset + hi * width:width].tolist() if width else []
            cells = ([_GAP if c is None else c for c in cells] + _number_cells(col)
                     + [_GAP if c is None else c for c in total])
            write(_row(r, cells, _GAP).encode())
        else:
            cells += _pair_cells(result, slot, lo, hi) if slot.width == 2 else [
                _show(slot, result.unit_value(u, slot)) for u in range(lo, hi)]
            write(_row(r, cells + total).encode())
        r += 1
    if extra:
        r += 1
        write(_row(r, [_s("Ô nguồn khác với biểu mẫu gốc (dòng hoặc cột đã bị chèn, xóa, di chuyển):")]).encode())
        r += 1
        for u, slot, ref in extra:
            write(_row(r, [_s(slot.indicator), None, None, _s(catalog.indicators[slot.indicator].name),
                           _s(_role_label(result, slot.role)), _s(result.units[u].name),
                           _s(f"{Path(result.units[u].file).name} {ref}")]).encode())
            r += 1
    write(b"</sheetData></worksheet>")


def aggregate_files(inputs, out, **options) -> AggregateResult:
    """Same as reportgen.api.aggregate_files (the function behind `reportgen aggregate`)."""
    from reportgen.api import aggregate_files as run
    return run(inputs, out, **options)
