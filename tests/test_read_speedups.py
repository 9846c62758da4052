"""The reader's shortcuts give what the plain way gives (speed itself is measured by bench/run.py).

* inspect_workbook keeps the inflated parts the reader needs, so read.py does not inflate the zip
  again; a part too large to keep is read from the file as before.
* the header layout of an annex sheet is remembered by its header rows: a workbook read after
  another reads exactly as it does alone (same values, sources, findings, refusals).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from reportgen import model as m
from reportgen import read, safety
from reportgen.errors import UnreadableInputError
from reportgen.read import read_workbook
from reportgen.safety import inspect_workbook


def dump(ds: m.Dataset) -> dict:
    """Everything a Dataset holds, with the types of values (0 is not False, 1 is not 1.0)."""

    def v(x: m.Value):
        return (type(x).__name__, type(x.value).__name__, repr(x.value),
                None if x.source is None else (x.source.file, x.source.sheet, x.source.cell))

    return {
        "period": ds.period, "unit": ds.unit, "catalog_version": ds.catalog_version, "file": ds.file,
        "info": dict(ds.info.fields),
        "values": {iid: {role: v(x) for role, x in roles.items()} for iid, roles in ds.values.items()},
        "copies": {k: [v(x) for x in xs] for k, xs in ds.copies.items()},
        "narrative": dict(ds.narrative), "narrative_cells": dict(ds.narrative_cells),
        "records": {k: [dict(r) for r in rs] for k, rs in ds.records.items()},
        "problems": [(f.severity, f.message, f.file, f.sheet, f.cell, f.code) for f in ds.problems],
        "extra": {iid: {role: v(x) for role, x in roles.items()} for iid, roles in ds.extra.items()},
    }


@pytest.fixture
def flagged(make_form, cell_of, tmp_path: Path) -> Path:
    """A form with an Excel error value and a cell formatted as a percentage."""
    ref = cell_of("ty_le_tre_em_duoi_16")

    def percent(wb):
        sheet, cell = ref.split("!")
        wb[sheet][cell].value = 0.86
        wb[sheet][cell].number_format = "0%"

    return make_form(tmp_path, fill={"tre_em_duoi_6": "#DIV/0!", "tre_em_duoi_16": 16210}, edit=percent)


def _sheet_names(path: Path) -> list[str]:
    with CalamineWorkbook.from_path(str(path)) as wb:
        return list(wb.sheet_names)


# --- 1. one inflation of each part --------------------------------------------------------------

def test_kept_parts_are_the_archive_parts(flagged: Path) -> None:
    check = inspect_workbook(flagged, keep=read._needed_part)
    with zipfile.ZipFile(flagged) as z:
        wanted = {n for n in z.namelist() if read._needed_part(n)}
        assert set(check.parts) == wanted
        assert "xl/workbook.xml" in wanted and "xl/styles.xml" in wanted
        assert any(n.startswith("xl/worksheets/") for n in wanted)
        for name in wanted:
            assert check.parts[name] == z.read(name)
    assert inspect_workbook(flagged).parts == {}  # nothing kept unless asked


def test_error_cells_from_kept_parts_as_from_the_file(flagged: Path) -> None:
    names = _sheet_names(flagged)
    parts = inspect_workbook(flagged, keep=read._needed_part).parts
    from_file = read._error_cells(flagged, names)
    assert read._error_cells(flagged, names, parts) == from_file
    flags = [f for sheet in from_file.values() for f in sheet.values()]
    assert "#DIV/0!" in flags and read.PERCENT_CELL in flags


def test_part_too_large_to_keep_is_read_from_the_file(flagged: Path, catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = dump(read_workbook(flagged, catalog))
    monkeypatch.setattr(safety, "KEEP_PART", 2000)
    check = inspect_workbook(flagged, keep=read._needed_part)
    assert None in check.parts.values() and any(isinstance(b, bytes) for b in check.parts.values())
    assert read._error_cells(flagged, _sheet_names(flagged), check.parts) == read._error_cells(
        flagged, _sheet_names(flagged))
    ds = read_workbook(flagged, catalog)
    assert dump(ds) == expected
    assert ds.get("ty_le_tre_em_duoi_16") == 86
    assert any("#DIV/0!" in f.message for f in ds.problems)


def test_total_kept_is_capped(flagged: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safety, "KEEP_TOTAL", 20_000)
    check = inspect_workbook(flagged, keep=read._needed_part)
    assert sum(len(b) for b in check.parts.values() if b is not None) <= 20_000
    assert None in check.parts.values()


# --- 2. header layouts remembered ---------------------------------------------------------------

def _outcome(path: Path, catalog):
    try:
        return dump(read_workbook(path, catalog))
    except UnreadableInputError as exc:
        return ("refused", exc.message, exc.file, exc.sheet, exc.cell)


def _cold(path: Path, catalog):
    read._LAYOUTS.clear()
    read._HEAD_ROWS.clear()
    return _outcome(path, catalog)


def _set(ref: str, value):
    def edit(ws):
        for merged in [r for r in ws.merged_cells.ranges if ref in r]:
            ws.unmerge_cells(str(merged))
        ws[ref] = value
    return edit


# Mẫu 01/TE as made: title rows 1-5, header row 7, a blank row 8, column numbers on row 9, data from 10
HEADER_EDITS = {
    "current-renamed": _set("F7", "Năm 2030"),  # refused: no current column
    "note-renamed": _set("G7", "Ghi chép"),
    "second-row-typed": _set("E8", "Nam"),
    "second-row-year": _set("F8", "Năm 2025"),
    "row-above": lambda ws: ws.insert_rows(1),
    "blank-after-numbers": lambda ws: ws.insert_rows(10),
    "numbers-row-deleted": lambda ws: ws.delete_rows(9),
    "numbers-row-text": _set("E9", "(4) ghi"),
    "title-is-a-header": lambda ws: (_set("B2", "TT")(ws), _set("C2", "Chỉ tiêu")(ws)),
    "first-data-row-numbers": lambda ws: [_set(c + "10", f"({k})")(ws) for k, c in enumerate("BCDEFG", 1)],
    "id-header-cleared": _set("A7", None),
}


@pytest.mark.parametrize("edit", list(HEADER_EDITS))
def test_changed_header_read_after_usual_form_reads_as_alone(make_form, catalog, tmp_path: Path, edit: str) -> None:
    usual = make_form(tmp_path / "a", fill={"tre_em_duoi_16": 16210})
    changed = make_form(tmp_path / "b", fill={"tre_em_duoi_16": 16210},
                        edit=lambda wb: HEADER_EDITS[edit](wb["M01-TE"]))
    alone = _cold(changed, catalog)
    usual_alone = _cold(usual, catalog)
    assert _outcome(usual, catalog) == usual_alone  # remembered layouts, same result
    assert _outcome(changed, catalog) == alone  # after the usual form
    assert _outcome(changed, catalog) == alone  # after itself
    assert _outcome(usual, catalog) == usual_alone  # and the usual form after the changed one
    if edit == "current-renamed":
        assert alone[0] == "refused" and "Năm 2030" not in alone[1] and alone[3] == "M01-TE"


def test_layout_is_remembered(make_form, catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = make_form(tmp_path / "a", fill={"tre_em_duoi_16": 16210}, unit="xã Một")
    second = make_form(tmp_path / "b", fill={"tre_em_duoi_16": 5}, unit="xã Hai")
    expected = _cold(second, catalog)
    _cold(first, catalog)

    def no_detection(*args):
        raise AssertionError("header detected again")

    monkeypatch.setattr(read, "_match_roles", no_detection)
    assert _outcome(second, catalog) == expected
