"""The sheet «Chi tiết theo đơn vị»: every unit's value of every slot, streamed as SpreadsheetML.

Part of reportgen.totals (see totals/aggregate.py).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Iterator
from xml.sax.saxutils import escape

from reportgen.core import model as m
from reportgen.core.numbers import fmt_number
from reportgen.totals.layout import Slot, get_column_letter
from reportgen.totals.result import AggregateResult, _plain, _role_label, form_value


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


def _stream_detail(fh, result: AggregateResult, out_name: str, lo: int, hi: int, part: int = 0,
                   parts: int = 1) -> None:
    """The breakdown sheet of units lo..hi as SpreadsheetML; with `parts`, only part `part` of it (the
    indicator rows cut in order: the first part starts the sheet, the last ends it), so that parts
    written side by side and joined in order are the whole sheet byte for byte."""
    layout, catalog = result.layout, result.catalog
    units = result.units[lo:hi]
    nfix = len(_FIXED)
    tot_col = nfix + len(units)
    write = fh.write
    if part == 0:
        write(_HEAD.format(x=nfix, tl=f"{get_column_letter(nfix + 1)}4", last=tot_col + 2).encode())
        title = f"CHI TIẾT THEO ĐƠN VỊ — {result.period.label.upper()} — {fmt_number(result.covered)} đơn vị"
        if lo or hi < result.covered:
            title += f" (đơn vị thứ {fmt_number(lo + 1)}–{fmt_number(hi)})"
        write(_row(1, [_s(title)]).encode())
        write(_row(2, [_s(t) for t in _FIXED] + [_s(u.name) for u in units]
                   + [_s("Tổng"), _s("Số đơn vị có số liệu")]).encode())
        write(_row(3, [None] * (nfix - 1) + [_s("Tệp nguồn →")] + [_s(Path(u.file).name) for u in units]
                   + [_s(out_name), None]).encode())
    shown = [k for k, slot in enumerate(layout.slots) if result.totals[(slot.indicator, slot.role)].given]
    first, end = len(shown) * part // parts, len(shown) * (part + 1) // parts
    r = 4 + first
    extra: list[tuple[int, Slot, str]] = []
    annex_names = {a.id: a.number for a in catalog.annexes}
    sheets = {a.id: a.sheet for a in catalog.annexes}
    width = layout.width
    rows = result._rows
    moved_by_slot: dict[int, list[tuple[int, str]]] = {}
    for (u, k), ref in result._moved.items():
        if lo <= u < hi:
            moved_by_slot.setdefault(k, []).append((u, ref))
    last = part == parts - 1
    for n, k in enumerate(shown):
        slot = layout.slots[k]
        moved = sorted(moved_by_slot.get(k, ()))
        if last:
            extra.extend((u, slot, ref) for u, ref in moved)
        if not first <= n < end:
            continue
        t = result.totals[(slot.indicator, slot.role)]
        ind = catalog.indicators[slot.indicator]
        usual = (result.refs[k] if result.refs else "") or (
            f"{sheets.get(slot.annex, slot.annex)} (cộng các dòng)" if slot.records else "")
        src = usual + (f" (khác ở {fmt_number(len(moved))} đơn vị, xem cuối bảng)" if moved else "")
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
    if not last:
        return
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


# --- written beside the rest of the workbook --------------------------------------------------------

_BESIDE_MIN_UNITS = 500  # below this, starting a process costs more than the breakdown takes
_PARTS_PER_PROCESS = 2  # perf: the parent copies (deflates) the first parts while the last are written
_JOB: dict = {}


def _set_job(result: AggregateResult, out_name: str) -> None:
    _JOB["result"], _JOB["out_name"] = result, out_name  # a forked child: nothing was pickled


def _write_part(folder: str, sheet: int, lo: int, hi: int, part: int, parts: int) -> str:
    path = Path(folder) / f"chi-tiet-{sheet}-{part}.xml"
    with open(path, "wb") as fh:
        _stream_detail(fh, _JOB["result"], _JOB["out_name"], lo, hi, part, parts)
    return str(path)


class DetailFiles:
    """The breakdown sheets' XML, written into a temporary folder by forked processes while the
    caller builds the rest of the total workbook with openpyxl (perf, bench/run.py "write": at 10,000
    units the breakdown alone is ~6 s of Python in one process). Each sheet is cut into parts
    (_stream_detail), written side by side and handed over in order as each is done, so the caller
    copies the first while the others are still being written. With few units, or where processes
    cannot be forked, a sheet is one part written in this process when asked for."""

    def __init__(self, result: AggregateResult, out_name: str, bounds: list[tuple[int, int]]):
        self.result, self.out_name, self.bounds = result, out_name, bounds
        self.folder = self.pool = None
        self.pending: list[list] = []

    def __enter__(self) -> "DetailFiles":
        import multiprocessing as mp
        import tempfile
        self.folder = tempfile.mkdtemp(prefix="reportgen-chi-tiet-")
        if self.result.covered >= _BESIDE_MIN_UNITS and "fork" in mp.get_all_start_methods():
            from reportgen.core.pool import cpu_jobs, worker_pool
            jobs = cpu_jobs(cap=4)
            parts = jobs * _PARTS_PER_PROCESS
            self.pool = worker_pool(jobs, initializer=_set_job, initargs=(self.result, self.out_name))
            self.pending = [[self.pool.apply_async(_write_part, (self.folder, n, lo, hi, part, parts))
                             for part in range(parts)] for n, (lo, hi) in enumerate(self.bounds)]
        return self

    def parts(self, sheet: int) -> Iterator[str]:
        """The XML files of breakdown sheet `sheet`, to be joined in order (each waits for its process)."""
        if self.pool is not None:
            for pending in self.pending[sheet]:
                yield pending.get()
            return
        _set_job(self.result, self.out_name)
        try:
            lo, hi = self.bounds[sheet]
            yield _write_part(self.folder, sheet, lo, hi, 0, 1)
        finally:
            _JOB.clear()

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            if exc[0] is None:
                self.pool.close()
            else:
                self.pool.terminate()
            self.pool.join()
        shutil.rmtree(self.folder, ignore_errors=True)
