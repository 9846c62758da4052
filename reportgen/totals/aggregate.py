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

import io
import math
import re
import shutil
import zipfile
from pathlib import Path, PurePosixPath

from reportgen.core import model as m
from reportgen.core.errors import ReportgenError
from reportgen.core.numbers import fmt_number
from reportgen.core.outputs import atomic_output, keep_text
from reportgen.core.period import Period  # noqa: F401 - part of this module's names
from reportgen.forms.annex import build_workbook
from reportgen.read.layout import FIRST_DATA_ROW, TT_COL
# The modules of reportgen.totals, by concern; their names stay importable from here.
from reportgen.totals.breakdown import (_GAP, DetailFiles, _n, _number_cells, _pair_cells, _row,  # noqa: F401
                                        _s, _show, _stream_detail)
from reportgen.totals.collect import aggregate, aggregate_datasets, default_jobs  # noqa: F401
from reportgen.totals.layout import NAN, Layout, Slot, expected_refs  # noqa: F401
from reportgen.totals.result import (AggregateResult, Contribution, Skipped, Total, Unit,  # noqa: F401
                                     _plain, form_value)
from reportgen.totals.units import UnitRead, read_unit, unit_read  # noqa: F401

DETAIL_SHEET = "Chi tiết theo đơn vị"
MAX_UNITS_PER_SHEET = 16_000  # Excel allows 16,384 columns; the rest go to "… (2)", "… (3)"


# --- writing the total -------------------------------------------------------------------------

def total_unit_name(result: AggregateResult) -> str:
    return f"Tổng hợp {fmt_number(result.covered)} đơn vị"


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
    sheets = _detail_sheet_names(result)
    bounds = [(n * MAX_UNITS_PER_SHEET, min(result.covered, (n + 1) * MAX_UNITS_PER_SHEET))
              for n in range(len(sheets))]
    with DetailFiles(result, out.name, bounds) as detail:  # the breakdown, written beside the form
        wb = build_workbook(result.catalog, result.period, unit=name, narrative_sections=narrative_sections,
                            values=values)
        _write_record_rows(wb, result)
        for s in sheets:
            wb.create_sheet(s)["A1"] = ""  # the body is streamed into the zip below
        buf = io.BytesIO()
        keep_text(wb)
        wb.save(buf)
        del wb
        with atomic_output(out, force) as tmp:
            parts = _sheet_parts(buf, sheets)
            with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED,
                                                              compresslevel=1) as zout:
                for info in zin.infolist():
                    if info.filename in parts.values():
                        continue
                    zout.writestr(info, zin.read(info.filename))
                for n, sheet in enumerate(sheets):
                    with zout.open(parts[sheet], "w", force_zip64=True) as fh:
                        for path in detail.parts(n):
                            with open(path, "rb") as src:
                                shutil.copyfileobj(src, fh, 1 << 20)
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

