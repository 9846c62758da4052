"""reportgen.forms and `reportgen forms`: the fillable workbook officers receive."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from reportgen.core import model as m
from reportgen.core.catalog import DEFAULT_HEADERS, load_catalog
from reportgen.cli import cli
from reportgen.read.sheets import IDENTITY_SHEET, INFO_SHEET, NARRATIVE_SHEET
from reportgen.forms.annex import (FIRST_DATA_ROW, FIRST_ROLE_COL, HEADER_ROW, ID_COL, NAME_COL, NUMBER_ROW, TT_COL,
                             UNIT_COL, column_header, sheet_columns, visible_rows)
from reportgen.core.period import Period

_CATALOG = load_catalog()
# One indicator per row (the layout these tests describe); matrix and records sheets have their own shape.
LIST_ANNEXES = [a.id for a in _CATALOG.annexes if a.layout == "list"]
INPUT_ROLES = (m.PREVIOUS, m.CURRENT, m.PLAN, m.NEXT_PLAN, m.NOTE, m.DETAIL)


@pytest.fixture(scope="session")
def catalog(catalog):
    """The catalog as it applies to the 2025-H1 forms tested here: the district level still existed."""
    return catalog.for_period(Period.parse("2025-H1"))


@pytest.fixture(scope="module")
def book(blank_form):
    """The blank 2025-H1 form, opened once (read only by the tests)."""
    return load_workbook(blank_form("2025-H1"))  # made for the unit "tỉnh Sơn Hà"


def _data_rows(ws):
    """(row number, id, tt, label, unit) of every data row below the header."""
    out = []
    for r in range(FIRST_DATA_ROW, ws.max_row + 1):
        values = [ws.cell(r, c).value for c in (ID_COL, TT_COL, NAME_COL, UNIT_COL)]
        if any(v not in (None, "") for v in values):
            out.append((r, *values))
    return out


def _role_cells(ws, annex, period: Period):
    """{(indicator id, role): cell} for every indicator row of an annex sheet."""
    cols = sheet_columns(annex, period)
    out = {}
    for r, iid, *_ in _data_rows(ws):
        if iid:
            for i, sc in enumerate(cols):
                out[(iid, sc.role)] = ws.cell(r, FIRST_ROLE_COL + i)
    return out


# --- content --------------------------------------------------------------------------------


def test_sheets_in_order(book, catalog) -> None:
    assert book.sheetnames == [INFO_SHEET, *[a.sheet for a in catalog.annexes], NARRATIVE_SHEET, IDENTITY_SHEET]


@pytest.mark.parametrize("annex_id", LIST_ANNEXES)
def test_every_indicator_once_in_its_sheet(book, catalog, annex_id: str) -> None:
    annex = catalog.annex(annex_id)
    ws = book[annex.sheet]
    expected = [(r.indicator or None, r.tt or None, r.unit or None) for r in visible_rows(annex, catalog)]
    rows = _data_rows(ws)
    assert [(iid, tt, unit) for _, iid, tt, _, unit in rows] == expected
    assert [label.strip() for *_, label, _ in rows] == [r.label for r in visible_rows(annex, catalog)]
    ids = [iid for _, iid, *_ in rows if iid]
    assert len(ids) == len(set(ids))
    # every catalog row of an active level is there; rows of an inactive level are not
    for row in annex.rows:
        if row.indicator:
            assert (row.indicator in ids) == catalog.active_level(row.level), row.indicator
    assert ws.column_dimensions["A"].hidden


def test_every_printed_indicator_is_in_the_workbook(book, catalog) -> None:
    seen: dict[str, set[str]] = {}
    for annex in catalog.annexes:
        if annex.layout != "list":
            continue
        for _, iid, *_ in _data_rows(book[annex.sheet]):
            if iid:
                seen.setdefault(iid, set()).add(annex.id)
    for ind in catalog.indicators.values():
        printed = {a for a in ind.annexes if catalog.annex(a).layout == "list"}
        rows = [r for a in printed for r in catalog.annex(a).rows if r.indicator == ind.id]
        if rows and all(catalog.active_level(r.level) for r in rows):
            assert seen.get(ind.id) == printed, ind.id


def test_every_indicator_of_every_annex_reads_back(blank_form, catalog) -> None:
    """Whatever a sheet's shape (list or matrix), each shown indicator has its own blank cell per role."""
    from reportgen.read.workbook import read_workbook

    ds = read_workbook(blank_form("2025-H1"), catalog)
    assert ds.problems == []
    cells: dict[str, tuple[str, str]] = {}
    for annex in catalog.annexes:
        if annex.layout == "records":
            continue
        for row in visible_rows(annex, catalog):
            if not row.indicator:
                continue
            copies = [v for (iid, role), vs in ds.copies.items() if iid == row.indicator and role == m.CURRENT
                      for v in vs if v.source.sheet == annex.sheet]
            assert len(copies) == 1, f"{annex.sheet}: {row.indicator} has {len(copies)} current cells"
            assert copies[0].value is None
            ref = copies[0].source.ref
            assert ref not in cells, f"{ref} holds both {cells.get(ref)} and {row.indicator}"
            cells[ref] = row.indicator


def test_indicator_printed_twice_gets_a_cell_in_both_sheets(book, catalog) -> None:
    assert set(catalog.indicator("tre_em_duoi_16").annexes) >= {"M01", "PL6"}
    for annex_id in ("M01", "PL6"):
        ws = book[catalog.annex(annex_id).sheet]
        hits = [(r, label) for r, iid, _, label, _ in _data_rows(ws) if iid == "tre_em_duoi_16"]
        assert len(hits) == 1
        assert "trẻ em dưới 16 tuổi" in hits[0][1]


@pytest.mark.parametrize("period, previous, current", [
    ("2025-H1", "6 tháng đầu năm 2024", "6 tháng đầu năm 2025"),
    ("2025", "Năm 2024", "Năm 2025"),
])
def test_m01_headers_name_the_real_periods(blank_form, catalog, period: str, previous: str, current: str) -> None:
    wb = load_workbook(blank_form(period))
    ws = wb[catalog.annex("M01").sheet]
    headers = [ws.cell(HEADER_ROW, c).value for c in range(1, ws.max_column + 1)]
    assert headers[:4] == ["_id", "TT", "Chỉ tiêu", "ĐVT"]
    assert headers[FIRST_ROLE_COL - 1:FIRST_ROLE_COL + 1] == [previous, current]
    assert f"Kỳ báo cáo: {Period.parse(period).label}" == ws["B5"].value
    assert ws["B3"].value.endswith(Period.parse(period).label.upper())
    assert [ws.cell(NUMBER_ROW, c).value for c in range(TT_COL, TT_COL + 3)] == ["(1)", "(2)", "(3)"]


@pytest.mark.parametrize("period", ["2025-H1", "2025"])
def test_every_role_header_names_its_period(blank_form, catalog, period: str) -> None:
    """A header that names a period names the right one; templates that mention one are filled."""
    wb = load_workbook(blank_form(period))
    p = Period.parse(period)
    right_year = {m.PREVIOUS: p.year - 1, m.CURRENT: p.year, m.PLAN: p.year, m.NEXT_PLAN: p.year + 1}
    words = {m.PREVIOUS: p.previous().label_lower, m.CURRENT: p.label_lower}
    for annex in catalog.annexes:
        if annex.layout != "list":
            continue
        ws = wb[annex.sheet]
        templates = {c.role: c.header for c in annex.columns}
        for i, sc in enumerate(sheet_columns(annex, p)):
            col = FIRST_ROLE_COL + i
            text = " ".join(str(ws.cell(r, col).value or "") for r in (HEADER_ROW, HEADER_ROW + 1)).lower()
            where = f"{annex.sheet} {sc.role}: {text!r}"
            assert "{" not in text, where  # every placeholder filled
            if sc.role not in right_year:
                continue
            years = [int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", text)]
            assert all(y == right_year[sc.role] for y in years), where
            if sc.role in words and re.search(r"\{(prev|cur)", templates[sc.role]):
                assert words[sc.role] in text, where
            if sc.role in (m.PLAN, m.NEXT_PLAN):
                assert years and ("kh" in text.split() or "kế hoạch" in text), where
            if not p.half:
                assert "6 tháng" not in text, where


@pytest.mark.parametrize("role, period, expected", [
    (m.PLAN, "2025-H1", "KH năm 2025"),
    (m.PLAN, "2025", "KH năm 2025"),
    (m.NEXT_PLAN, "2025", "KH năm 2026"),
    (m.PREVIOUS, "2025-H1", "6 tháng đầu năm 2024"),
    (m.PREVIOUS, "2025", "Năm 2024"),
    (m.CURRENT, "2025", "Năm 2025"),
])
def test_default_column_headers(role: str, period: str, expected: str) -> None:
    assert column_header(m.Column(role=role, header=DEFAULT_HEADERS[role]), Period.parse(period)) == expected


def test_assessment_has_three_columns_under_one_header(book, catalog) -> None:
    annexes = [a for a in catalog.annexes if m.ASSESSMENT in a.role_columns()]
    if not annexes:
        pytest.skip("no annex with an assessment column in the catalog")
    for annex in annexes:
        ws = book[annex.sheet]
        start = FIRST_ROLE_COL + [sc.role for sc in sheet_columns(annex, Period.parse("2025-H1"))].index(
            f"{m.ASSESSMENT}:0")
        assert [ws.cell(HEADER_ROW + 1, start + k).value for k in range(3)] == ["Đạt KH", "Không đạt KH", "Vượt KH"]
        assert any(str(r) == f"{ws.cell(HEADER_ROW, start).coordinate}:{ws.cell(HEADER_ROW, start + 2).coordinate}"
                   for r in ws.merged_cells.ranges)


# --- validation, protection, print ------------------------------------------------------------


def _validations(ws) -> dict[str, list]:
    out: dict[str, list] = {}
    for dv in ws.data_validations.dataValidation:
        out.setdefault(dv.type, []).append(dv)
    return out


def _covered(dvs, coord: str) -> bool:
    return any(coord in dv.sqref for dv in dvs)


@pytest.mark.parametrize("annex_id", LIST_ANNEXES)
def test_value_cells_carry_validation_by_kind(book, catalog, annex_id: str) -> None:
    annex = catalog.annex(annex_id)
    ws = book[annex.sheet]
    dvs = _validations(ws)
    numbers = [dv for dv in dvs.get("decimal", []) if dv.operator == "greaterThanOrEqual"]
    rates = [dv for dv in dvs.get("decimal", []) if dv.operator == "between"]
    lists = dvs.get("list", [])
    for dv in numbers:
        assert dv.formula1 == "0" and dv.allow_blank and dv.showErrorMessage
    for dv in lists:
        assert dv.formula1 == '"Có,Không"'
    checked = 0
    for (iid, role), cell in _role_cells(ws, annex, Period.parse("2025-H1")).items():
        if role not in m.VALUE_ROLES:
            continue
        kind = catalog.indicator(iid).kind
        where = f"{annex.sheet}!{cell.coordinate} {iid} ({kind})"
        assert _covered(numbers, cell.coordinate) == (kind in (m.COUNT, m.MONEY)), where
        assert _covered(rates, cell.coordinate) == (kind in m.RATE_KINDS), where
        assert _covered(lists, cell.coordinate) == (kind == m.YESNO), where
        if kind in (m.RATIO, m.TEXT):
            assert cell.number_format == "@", where  # "7/7" must not become a date
        checked += 1
    assert checked > 0


def test_known_cells_validation(book, catalog, cell_of) -> None:
    """The stable ids: a count cell takes decimals ≥ 0, a percent cell 0–1000."""
    dvs = _validations(book[catalog.annex("M01").sheet])
    count_cell = cell_of("tre_em_duoi_16").split("!")[1]
    rate_cell = cell_of("ty_le_tre_em_duoi_16").split("!")[1]
    assert count_cell == "F11"
    assert any(dv.operator == "greaterThanOrEqual" and dv.formula1 == "0" and count_cell in dv.sqref
               for dv in dvs["decimal"])
    assert any(dv.operator == "between" and (dv.formula1, dv.formula2) == ("0", "1000") and rate_cell in dv.sqref
               for dv in dvs["decimal"])
    yesno = [i for i in catalog.indicators.values() if i.kind == m.YESNO and "M02" in i.annexes]
    assert yesno, "Mẫu 02/TE has yes/no rows"
    sheet, coord = cell_of(yesno[0].id).split("!")
    assert any(coord in dv.sqref for dv in _validations(book[sheet])["list"])


@pytest.mark.parametrize("annex_id", LIST_ANNEXES)
def test_protection_inputs_unlocked_labels_locked(book, catalog, annex_id: str) -> None:
    annex = catalog.annex(annex_id)
    ws = book[annex.sheet]
    assert ws.protection.sheet is True
    period = Period.parse("2025-H1")
    cols = sheet_columns(annex, period)
    for r, iid, *_ in _data_rows(ws):
        for col in (ID_COL, TT_COL, NAME_COL, UNIT_COL):
            assert ws.cell(r, col).protection.locked, f"{ws.cell(r, col).coordinate} should be locked"
        for i, sc in enumerate(cols):
            cell = ws.cell(r, FIRST_ROLE_COL + i)
            editable = bool(iid) and sc.role in INPUT_ROLES
            assert cell.protection.locked != editable, f"{cell.coordinate} ({sc.role}, {iid})"
    for col in range(1, FIRST_ROLE_COL + len(cols)):
        assert ws.cell(HEADER_ROW, col).protection.locked


@pytest.mark.parametrize("sheet", [a.sheet for a in _CATALOG.annexes])
def test_print_setup_a4_landscape(book, sheet: str) -> None:
    ws = book[sheet]
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4) == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert int(ws.page_setup.fitToWidth) == 1
    assert ws.print_title_rows == "$7:$9"


def test_identity_sheet_hidden_with_period_unit_catalog(book, catalog) -> None:
    ws = book[IDENTITY_SHEET]
    assert ws.sheet_state == "hidden"
    assert ws.protection.sheet
    data = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value}
    assert data["form_kind"] == "annex"
    assert data["period"] == "2025-H1"
    assert data["unit"] == "tỉnh Sơn Hà"
    assert data["catalog_version"] == catalog.version
    assert data["generator"].startswith("reportgen ")
    info = book[INFO_SHEET]
    unit_row = next(r for r in range(1, info.max_row + 1) if info.cell(r, 1).value == "unit_name")
    assert info.cell(unit_row, 3).value == "tỉnh Sơn Hà"
    assert info.cell(unit_row, 3).protection.locked is False
    assert book[catalog.annex("M01").sheet]["B1"].value == "TÊN ĐƠN VỊ: tỉnh Sơn Hà"


def test_other_sheets_visible(book) -> None:
    assert [ws.title for ws in book.worksheets if ws.sheet_state != "visible"] == [IDENTITY_SHEET]


# --- the command ----------------------------------------------------------------------------


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_forms_command_writes_the_period(tmp_path: Path) -> None:
    out = tmp_path / "nam-2025.xlsx"
    result = CliRunner().invoke(cli, ["forms", "--period", "2025", "--unit", "xã Hương Phùng", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"Đã tạo biểu mẫu: {out}"
    wb = load_workbook(out)
    ident = wb[IDENTITY_SHEET]
    data = {ident.cell(r, 1).value: ident.cell(r, 2).value for r in range(1, 6)}
    assert (data["period"], data["unit"]) == ("2025", "xã Hương Phùng")
    ws = wb["M01-TE"]
    assert (ws["E7"].value, ws["F7"].value) == ("Năm 2024", "Năm 2025")
    assert not list(tmp_path.glob(".*"))  # no temporary file left beside the output


def test_existing_output_not_overwritten_without_force(blank_form, tmp_path: Path) -> None:
    out = tmp_path / "bieu-mau.xlsx"
    shutil.copyfile(blank_form("2025-H1"), out)  # an earlier run's output, unit "tỉnh Sơn Hà"
    runner = CliRunner()
    before = _sha(out)
    result = runner.invoke(cli, ["forms", "--period", "2025-H1", "--unit", "B", "-o", str(out)])
    assert result.exit_code == 2
    assert _sha(out) == before
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"Lỗi: {out}: ") and "đã tồn tại" in lines[0] and "--force" in lines[0]
    assert "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bieu-mau.xlsx"]

    forced = runner.invoke(cli, ["forms", "--period", "2025-H1", "--unit", "B", "-o", str(out), "--force"])
    assert forced.exit_code == 0, forced.output
    assert _sha(out) != before
    ident = load_workbook(out)[IDENTITY_SHEET]
    assert {ident.cell(r, 1).value: ident.cell(r, 2).value for r in range(1, 6)}["unit"] == "B"


@pytest.mark.parametrize("period", ["2025-H2", "25", "abc"])
def test_forms_bad_period_is_a_usage_error(tmp_path: Path, period: str) -> None:
    out = tmp_path / "x.xlsx"
    result = CliRunner().invoke(cli, ["forms", "--period", period, "-o", str(out)])
    assert result.exit_code == 2
    assert "Kỳ báo cáo không hợp lệ" in result.stderr
    assert not out.exists()


# --- LibreOffice ------------------------------------------------------------------------------


@pytest.mark.render
def test_libreoffice_prints_the_form(blank_form, soffice, tmp_path: Path) -> None:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    src = tmp_path / "bieu-mau.xlsx"
    shutil.copyfile(blank_form("2025-H1"), src)
    pdf = soffice(src, "pdf", tmp_path / "pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    pages = text.split("\f")
    assert "Mẫu số 01/TE" in text
    assert "6 tháng đầu năm 2025" in text
    assert "form_kind" not in text  # the hidden identity sheet is not printed
    first = next(i for i, p in enumerate(pages) if "Mẫu số 01/TE" in p)
    info = subprocess.run(["pdfinfo", "-f", str(first + 1), "-l", str(first + 1), str(pdf)],
                          capture_output=True, text=True).stdout if shutil.which("pdfinfo") else ""
    size = re.search(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)
    if size:  # A4 landscape: 842 x 595 pt
        assert round(float(size.group(1))) == 842 and round(float(size.group(2))) == 595
