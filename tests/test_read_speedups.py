"""The reader's shortcuts give what the plain way gives (speed itself is measured by bench/run.py).

* inspect_workbook keeps the inflated parts the reader needs, so read.py does not inflate the zip
  again; a part too large to keep is read from the file as before.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from reportgen import model as m
from reportgen import read, safety
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
