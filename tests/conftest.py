"""Shared fixtures: the real catalog, and real annex workbooks written into tmp_path.

`make_form(folder, period="2025-H1", fill={...})` runs the `reportgen forms` logic
(`api.make_forms`) and then types values into cells with openpyxl, the way an officer
would. `fill` keys are

* an indicator id                       -> its `current` cell in the first annex printing it;
* `(id, role)` or `(id, role, annex)`   -> that role's cell (in that annex);
* `"M01-TE!F11"`                        -> that exact cell.

A blank form per (period, unit) is generated once per session and copied, so tests stay fast.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path, PurePosixPath
from typing import Callable
from xml.etree import ElementTree as ET

import pytest
from openpyxl import load_workbook

from reportgen import api
from reportgen.catalog import Catalog, load_catalog
from reportgen.forms import FIRST_DATA_ROW, FIRST_ROLE_COL, ID_COL, sheet_columns
from reportgen.period import Period

UNIT = "tỉnh Sơn Hà"  # the unit every test form is made for
_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
       "p": "http://schemas.openxmlformats.org/package/2006/relationships"}


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="session")
def blank_form(tmp_path_factory, catalog) -> Callable[..., Path]:
    """A freshly generated, unfilled form for (period, unit); generated once, never modified."""
    cache: dict[tuple[str, str], Path] = {}

    def get(period: str = "2025-H1", unit: str = UNIT) -> Path:
        key = (period, unit)
        if key not in cache:
            out = tmp_path_factory.mktemp("blank") / "bieu-mau.xlsx"
            api.make_forms(Period.parse(period), out, unit=unit)
            cache[key] = out
        return cache[key]

    return get


def annex_of(catalog: Catalog, iid: str, annex: str | None = None):
    """The annex printing `iid`: the given one, else the first in print order (Mẫu 01/TE before PL6)."""
    if annex:
        return catalog.annex(annex)
    printed = catalog.indicator(iid).annexes
    return next(a for a in catalog.annexes if a.id in printed)


def role_column(catalog: Catalog, annex_id: str, role: str, period: str = "2025-H1") -> int:
    """1-based column of `role` in an annex sheet, from the forms layout."""
    cols = [sc.role for sc in sheet_columns(catalog.annex(annex_id), Period.parse(period))]
    return FIRST_ROLE_COL + cols.index(role)


def locate(wb, catalog: Catalog, iid: str, role: str = "current", annex: str | None = None,
           period: str = "2025-H1") -> str:
    """`Sheet!F11` of an indicator's cell, found by the hidden id column of the workbook."""
    ax = annex_of(catalog, iid, annex)
    ws = wb[ax.sheet]
    for r in range(FIRST_DATA_ROW, ws.max_row + 1):
        if ws.cell(r, ID_COL).value == iid:
            col = role_column(catalog, ax.id, role, period)
            return f"{ax.sheet}!{ws.cell(r, col).coordinate}"
    raise KeyError(f"{iid} not in sheet {ax.sheet}")


def split_ref(ref: str) -> tuple[str, str]:
    sheet, cell = ref.rsplit("!", 1)
    return sheet, cell


def _key_ref(wb, catalog: Catalog, key, period: str) -> str:
    if isinstance(key, str) and "!" in key:
        return key
    if isinstance(key, str):
        return locate(wb, catalog, key, "current", period=period)
    iid, role, *rest = key
    return locate(wb, catalog, iid, role, rest[0] if rest else None, period=period)


@pytest.fixture(scope="session")
def make_form(blank_form, catalog) -> Callable[..., Path]:
    def make(folder: Path, period: str = "2025-H1", fill: dict | None = None, *, name: str = "bieu-mau.xlsx",
             unit: str = UNIT, info: dict | None = None, edit: Callable | None = None) -> Path:
        """Copy a generated form to `folder/name`, type `fill` and `info`, then run `edit(wb)`."""
        out = Path(folder) / name
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(blank_form(period, unit), out)
        if fill or info or edit:
            wb = load_workbook(out)
            for key, value in (fill or {}).items():
                sheet, cell = split_ref(_key_ref(wb, catalog, key, period))
                wb[sheet][cell] = value
            if info:
                ws = wb["Thông tin chung"]
                for r in range(1, ws.max_row + 1):
                    if ws.cell(r, 1).value in info:
                        ws.cell(r, 3).value = info[ws.cell(r, 1).value]
            if edit:
                edit(wb)
            wb.save(out)
        return out

    return make


@pytest.fixture(scope="session")
def cell_of(blank_form, catalog) -> Callable[..., str]:
    """`cell_of(iid, role="current", annex=None, period="2025-H1")` -> "M01-TE!F11" in a fresh form."""
    books: dict[str, object] = {}

    def find(iid: str, role: str = "current", annex: str | None = None, period: str = "2025-H1") -> str:
        if period not in books:
            books[period] = load_workbook(blank_form(period))
        return locate(books[period], catalog, iid, role, annex, period)

    return find


# --- raw XML edits (openpyxl cannot write cached formula values) -------------------------------


def sheet_part(path: Path, sheet: str) -> str:
    """The zip member holding `sheet`, resolved through workbook.xml and its relationships."""
    with zipfile.ZipFile(path) as z:
        book = ET.fromstring(z.read("xl/workbook.xml"))
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels.findall("p:Relationship", _NS)}
    for s in book.find("m:sheets", _NS):
        if s.get("name") == sheet:
            target = targets[s.get(f"{{{_NS['r']}}}id")]
            return target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
    raise KeyError(sheet)


def patch_cells(path: Path, cells: dict[str, str]) -> Path:
    """Replace whole `<c>` elements: {"M01-TE!F11": '<c r="F11"><f>1000+758</f><v>1758</v></c>'}."""
    import badfiles

    by_part: dict[str, dict[str, str]] = {}
    for ref, xml in cells.items():
        sheet, cell = split_ref(ref)
        by_part.setdefault(sheet_part(path, sheet), {})[cell] = xml
    with zipfile.ZipFile(path) as z:
        parts = {p: z.read(p).decode("utf-8") for p in by_part}
    replace = {}
    for part, edits in by_part.items():
        text = parts[part]
        for cell, xml in edits.items():
            m = re.fullmatch(r'<c r="[A-Z]+\d+"((?:\s+t="\w+")?)>(.*)</c>', xml, re.S)
            assert m, f"bad cell xml {xml!r}"
            cell_type = re.search(r'"(\w+)"', m.group(1)).group(1) if m.group(1) else None
            text = badfiles.set_cell_xml(text, cell, m.group(2), cell_type)
        replace[part] = text.encode("utf-8")
    return badfiles.rewrite_zip(path, path, replace)


@pytest.fixture(scope="session")
def patch_xml() -> Callable[[Path, dict[str, str]], Path]:
    return patch_cells
