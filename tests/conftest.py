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

import os
import re
import shutil
import subprocess
import zipfile
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Callable
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape

import pytest
from openpyxl import load_workbook
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.utils import get_column_letter

from reportgen import api
from reportgen.core.catalog import Catalog, load_catalog
from reportgen.read.sheets import INFO_SHEET
from reportgen.forms.annex import FIRST_ROLE_COL, ID_COL, sheet_columns
from reportgen.core.period import Period

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


@pytest.fixture(scope="session")
def soffice(tmp_path_factory) -> Callable[..., Path]:
    """`soffice(src, fmt, outdir)` -> the converted file; one LibreOffice profile for the session."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        pytest.skip("LibreOffice (soffice) is not installed")
    home = tmp_path_factory.mktemp("lo-home")
    profile = home / "profile"

    def convert(src: Path, fmt: str, outdir: Path) -> Path:
        subprocess.run([exe, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", fmt,
                        "--outdir", str(outdir), str(src)], check=True, capture_output=True, timeout=120,
                       env={**os.environ, "HOME": str(home)})
        out = outdir / f"{src.stem}.{fmt.split(':')[0]}"
        assert out.is_file() and out.stat().st_size > 0, f"LibreOffice wrote no {out.name}"  # it exits 0 anyway
        return out

    return convert


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


def form_rows(path: Path) -> dict[str, dict[str, int]]:
    """{sheet: {indicator id or info key: row}} read from the hidden id columns of a form."""
    return _form_rows(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=16)
def _form_rows(path: str, _mtime: int) -> dict[str, dict[str, int]]:
    wb = load_workbook(path, read_only=True)
    try:
        out: dict[str, dict[str, int]] = {}
        for ws in wb.worksheets:
            rows = out.setdefault(ws.title, {})
            for r, (value,) in enumerate(ws.iter_rows(min_col=ID_COL, max_col=ID_COL, values_only=True), start=1):
                if isinstance(value, str) and value and value not in rows:
                    rows[value] = r
        return out
    finally:
        wb.close()


def locate(rows: dict[str, dict[str, int]], catalog: Catalog, iid: str, role: str = "current",
           annex: str | None = None, period: str = "2025-H1") -> str:
    """`Sheet!F11` of an indicator's cell, by the id column (`rows` from form_rows)."""
    ax = annex_of(catalog, iid, annex)
    if iid not in rows.get(ax.sheet, {}):
        raise KeyError(f"{iid} not in sheet {ax.sheet}")
    col = role_column(catalog, ax.id, role, period)
    return f"{ax.sheet}!{get_column_letter(col)}{rows[ax.sheet][iid]}"


def split_ref(ref: str) -> tuple[str, str]:
    sheet, cell = ref.rsplit("!", 1)
    return sheet, cell


def _key_ref(rows, catalog: Catalog, key, period: str) -> str:
    if isinstance(key, str) and "!" in key:
        return key
    if isinstance(key, str):
        return locate(rows, catalog, key, "current", period=period)
    iid, role, *rest = key
    return locate(rows, catalog, iid, role, rest[0] if rest else None, period=period)


def _cell_xml(value) -> str | None:
    """A typed value as the `<c>` element Excel would store; None when openpyxl must write it."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    if isinstance(value, (int, float)):
        return f'<c r="X1"><v>{value!r}</v></c>'
    if value in ERROR_CODES:
        return f'<c r="X1" t="e"><v>{escape(value)}</v></c>'
    if value.startswith("="):
        return None
    return f'<c r="X1" t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'


@pytest.fixture(scope="session")
def make_form(blank_form, catalog) -> Callable[..., Path]:
    def make(folder: Path, period: str = "2025-H1", fill: dict | None = None, *, name: str = "bieu-mau.xlsx",
             unit: str = UNIT, info: dict | None = None, edit: Callable | None = None) -> Path:
        """Copy a generated form to `folder/name`, type `fill` and `info`, then run `edit(wb)`."""
        out = Path(folder) / name
        out.parent.mkdir(parents=True, exist_ok=True)
        blank = blank_form(period, unit)
        shutil.copyfile(blank, out)
        rows = form_rows(blank)
        cells = {_key_ref(rows, catalog, k, period): v for k, v in (fill or {}).items()}
        for key, value in (info or {}).items():
            cells[f"{INFO_SHEET}!C{rows[INFO_SHEET][key]}"] = value
        xml = {ref: _cell_xml(v) for ref, v in cells.items() if v is not None}
        if edit or None in xml.values():  # dates, booleans, structure: openpyxl writes them
            wb = load_workbook(out)
            for ref, value in cells.items():
                sheet, cell = split_ref(ref)
                wb[sheet][cell] = value
            if edit:
                edit(wb)
            wb.save(out)
        elif xml:  # plain values: written straight into the sheet XML (fast, same cells Excel writes)
            patch_cells(out, {ref: x.replace('r="X1"', f'r="{split_ref(ref)[1]}"') for ref, x in xml.items()})
        return out

    return make


@pytest.fixture(scope="session")
def cell_of(blank_form, catalog) -> Callable[..., str]:
    """`cell_of(iid, role="current", annex=None, period="2025-H1")` -> "M01-TE!F11" in a fresh form."""

    def find(iid: str, role: str = "current", annex: str | None = None, period: str = "2025-H1") -> str:
        return locate(form_rows(blank_form(period)), catalog, iid, role, annex, period)

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
