"""reportgen.read: the tolerant reader, on real workbooks written into tmp_path.

Three kinds of input: our own form filled the way officers really type (one table of quirks),
our form with its rows edited (inserted, deleted, swapped, merged, id column blanked), and a
workbook typed by hand in the layout of seed 000 (a filled Mẫu 02/TE).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from reportgen.core import model as m
from reportgen.cli import cli
from reportgen.read.extract import dataset_json
from reportgen.core.findings import ERROR, WARNING
from reportgen.forms.annex import FIRST_DATA_ROW, visible_rows
from reportgen.read.workbook import read_workbook

VIETNAMESE = re.compile(r"[À-ỹ]")
ROLES = (m.PREVIOUS, m.CURRENT, m.PLAN, m.NEXT_PLAN)


def _slots(catalog, kinds, need: int):
    """`need` distinct (indicator id, role) value cells of the given kinds, in print order."""
    out, seen = [], set()
    for annex in catalog.annexes:
        if annex.layout != "list":
            continue
        roles = [r for r in annex.role_columns() if r in ROLES]
        for row in visible_rows(annex, catalog):
            if not row.indicator or catalog.indicator(row.indicator).kind not in kinds:
                continue
            for role in roles:
                if (row.indicator, role) not in seen:
                    seen.add((row.indicator, role))
                    out.append((row.indicator, role))
    assert len(out) >= need, f"catalog has only {len(out)} cells of kind {kinds}"
    return out[:need]


def _assign(catalog, cases):
    """case id -> (indicator id, role), each case its own cell of the right kind."""
    by_kind: dict[str, list] = {}
    for case in cases:
        by_kind.setdefault(case[1], []).append(case[0])
    out = {}
    for kind, ids in by_kind.items():
        out.update(zip(ids, _slots(catalog, (kind,), len(ids))))
    return out


def _json_values(data: dict) -> dict:
    return {(ind["id"], role): v for ind in data["indicators"] for role, v in ind["values"].items()}


# --- values as officers type them -------------------------------------------------------------

# (case, kind, what is typed, the typed value in `reportgen extract --json`)
VALUE_CASES = [
    ("blank", m.COUNT, None, None),
    ("blank-spaces", m.COUNT, "   ", None),
    ("blank-money", m.MONEY, None, None),
    ("blank-yesno", m.YESNO, None, None),
    ("blank-ratio", m.RATIO, None, None),
    ("zero", m.COUNT, 0, 0),
    ("count-text-13.758", m.COUNT, "13.758", 13758),
    ("count-text-13,758", m.COUNT, "13,758", 13758),
    ("count-text-13758", m.COUNT, "13758", 13758),
    ("count-text-13 758", m.COUNT, "13 758", 13758),
    ("count-number-13.758", m.COUNT, 13.758, 13758),
    ("count-number-13758", m.COUNT, 13758, 13758),
    ("money-150", m.MONEY, 150, 150),
    ("money-text-1.234", m.MONEY, "1.234", 1234),
    ("money-text-7,5", m.MONEY, "7,5", 7.5),
    ("ratio-7/7", m.RATIO, "7/7", {"num": 7, "den": 7}),
    ("ratio-7 / 7", m.RATIO, "7 / 7", {"num": 7, "den": 7}),
    ("ratio-138", m.RATIO, 138, {"num": 138, "den": 0}),
    ("ratio-date-7/7", m.RATIO, dt.datetime(2025, 7, 7), {"num": 7, "den": 7}),
    ("yes-Có", m.YESNO, "Có", True),
    ("yes-có", m.YESNO, "có", True),
    ("yes-x", m.YESNO, "x", True),
    ("no-Không", m.YESNO, "Không", False),
    ("percent-0,86", m.PERCENT, "0,86", 0.86),
    ("percent-0.86", m.PERCENT, "0.86", 0.86),
    ("percent-86%", m.PERCENT, "86%", 86),
    ("percent-number-0.86", m.PERCENT, 0.86, 0.86),
]
# formulas: openpyxl never stores a cached value, so the cell XML is written by hand
FORMULA_CASES = [
    ("formula-count", m.COUNT, '<c r="X1"><f>1000+758</f><v>1758</v></c>', 1758),
    ("formula-money", m.MONEY, '<c r="X1"><f>SUM(100,50)</f><v>150</v></c>', 150),
    ("formula-ratio-text", m.RATIO, '<c r="X1" t="str"><f>"7/"&amp;"7"</f><v>7/7</v></c>', {"num": 7, "den": 7}),
    ("formula-yes-text", m.YESNO, '<c r="X1" t="str"><f>IF(1,"Có","Không")</f><v>Có</v></c>', True),
]
# (case, kind, typed value or cell XML, words the error must contain)
ERROR_CASES = [
    ("money-ambiguous-1,234", m.MONEY, "1,234", "không rõ là 1.234 (hàng nghìn) hay 1,234 (số thập phân)"),
    ("percent-ambiguous-1,234", m.PERCENT, "1,234", "không rõ"),
    ("ratio-date-3/7", m.RATIO, dt.datetime(2025, 7, 3), "Excel đã đổi giá trị thành ngày 03/07"),
    ("error-value", m.COUNT, "#DIV/0!", "lỗi Excel #DIV/0!"),  # openpyxl writes t="e"
    ("error-formula", m.COUNT, '<c r="X1" t="e"><f>1/0</f><v>#DIV/0!</v></c>', "lỗi Excel #DIV/0!"),
    ("error-na", m.PERCENT, '<c r="X1" t="e"><f>NA()</f><v>#N/A</v></c>', "lỗi Excel #N/A"),
    ("error-ref", m.MONEY, '<c r="X1" t="e"><v>#REF!</v></c>', "lỗi Excel #REF!"),
    ("text-khoang-200", m.COUNT, "khoảng 200", "«khoảng 200» không phải là số"),
    ("text-N/A", m.COUNT, "N/A", "«N/A» không phải là số"),
    ("negative-number", m.COUNT, -5, "số âm (-5)"),
    ("negative-text", m.MONEY, "-12,5", "số âm (-12,5)"),
    ("yesno-maybe", m.YESNO, "có lẽ", "không phải Có/Không"),
    ("ratio-over", m.RATIO, "8/7", "tử số lớn hơn mẫu số"),
]


def _fill_cases(make_form, patch_xml, cell_of, catalog, folder: Path, cases, name: str):
    """Type each case into its own cell; cell XML cases are patched in afterwards."""
    slots = _assign(catalog, cases)
    refs = {case: cell_of(*slots[case]) for case, *_ in cases}
    is_xml = {case: isinstance(raw, str) and raw.startswith("<c ") for case, _, raw, _ in cases}
    path = make_form(folder, fill={refs[c]: raw for c, _, raw, _ in cases if not is_xml[c]}, name=name)
    xml = {refs[c]: raw.replace('r="X1"', f'r="{refs[c].split("!")[1]}"') for c, _, raw, _ in cases if is_xml[c]}
    if xml:
        patch_xml(path, xml)
    return path, slots, refs


@pytest.fixture(scope="module")
def typed(make_form, patch_xml, cell_of, catalog, tmp_path_factory):
    """One form holding every VALUE_CASES/FORMULA_CASES value, and its `extract --json` output."""
    path, slots, refs = _fill_cases(make_form, patch_xml, cell_of, catalog, tmp_path_factory.mktemp("typed"),
                                    VALUE_CASES + FORMULA_CASES, "da-dien.xlsx")
    result = CliRunner().invoke(cli, ["extract", "--json", str(path)])
    assert result.exit_code == 0, result.output
    return {"path": path, "slots": slots, "refs": refs, "json": json.loads(result.stdout)}


@pytest.mark.parametrize("case, kind, raw, expected", VALUE_CASES + FORMULA_CASES,
                         ids=[c[0] for c in VALUE_CASES + FORMULA_CASES])
def test_typed_values(typed, case, kind, raw, expected) -> None:
    values = _json_values(typed["json"])
    slot = typed["slots"][case]
    assert values[slot] == {"value": expected, "source": typed["refs"][case]}
    assert type(values[slot]["value"]) is type(expected)  # 0 stays 0, blank stays null, True is not 1


def test_typed_form_has_no_problems_and_identity(typed, catalog) -> None:
    data = typed["json"]
    assert data["problems"] == []
    assert data["period"] == "2025-H1"
    assert data["unit"] == "tỉnh Sơn Hà"
    assert data["catalog_version"] == catalog.version
    assert data["file"] == "da-dien.xlsx"


def test_formula_cells_really_hold_a_formula(typed) -> None:
    """Guard: the patched cells are formulas with a cached value, as Excel saves them."""
    from conftest import sheet_part

    sheet, cell = typed["refs"]["formula-count"].split("!")
    with zipfile.ZipFile(typed["path"]) as z:
        xml = z.read(sheet_part(typed["path"], sheet)).decode()
    assert re.search(rf'<c r="{cell}"[^>]*><f>1000\+758</f><v>1758</v></c>', xml)


def test_blank_form_reads_all_null(make_form, catalog, tmp_path: Path) -> None:
    ds = read_workbook(make_form(tmp_path), catalog)
    assert ds.problems == []
    assert ds.values, "every indicator row gets a (blank) value"
    assert all(v.value is None for roles in ds.values.values() for v in roles.values())
    assert ds.value("tre_em_duoi_16").source.ref == "M01-TE!F11"
    assert ds.value("tre_em_duoi_16", "previous").source.ref == "M01-TE!E11"


def test_percent_typed_as_excel_percentage(make_form, catalog, cell_of, tmp_path: Path) -> None:
    ref = cell_of("ty_le_tre_em_duoi_16")

    def typed_86_percent(wb):
        sheet, cell = ref.split("!")
        wb[sheet][cell].value = 0.86
        wb[sheet][cell].number_format = "0%"

    ds = read_workbook(make_form(tmp_path, edit=typed_86_percent), catalog)
    assert ds.get("ty_le_tre_em_duoi_16") == 86


# --- values that must be refused, each at its cell ------------------------------------------


@pytest.fixture(scope="module")
def refused(make_form, patch_xml, cell_of, catalog, tmp_path_factory):
    path, slots, refs = _fill_cases(make_form, patch_xml, cell_of, catalog, tmp_path_factory.mktemp("refused"),
                                    ERROR_CASES, "co-loi.xlsx")
    return {"path": path, "slots": slots, "refs": refs, "ds": read_workbook(path, catalog)}


@pytest.mark.parametrize("case, kind, raw, needle", ERROR_CASES, ids=[c[0] for c in ERROR_CASES])
def test_refused_values_are_errors_at_their_cell(refused, case, kind, raw, needle) -> None:
    ds = refused["ds"]
    sheet, cell = refused["refs"][case].split("!")
    here = [f for f in ds.problems if (f.sheet, f.cell) == (sheet, cell)]
    assert len(here) == 1, here
    finding = here[0]
    assert finding.severity == ERROR and finding.code == "bad_value"
    assert finding.file == "co-loi.xlsx"
    assert needle in finding.message
    assert VIETNAMESE.search(finding.message)
    assert ds.get(*refused["slots"][case]) is None  # never a guess


def test_refused_form_has_exactly_those_errors(refused) -> None:
    errors = [f for f in refused["ds"].problems if f.severity == ERROR]
    assert sorted(f"{f.sheet}!{f.cell}" for f in errors) == sorted(refused["refs"].values())


def test_openpyxl_error_value_is_an_error_cell(refused) -> None:
    """Guard: "#DIV/0!" typed through openpyxl is stored as an Excel error (t="e"), not text."""
    from conftest import sheet_part

    sheet, cell = refused["refs"]["error-value"].split("!")
    with zipfile.ZipFile(refused["path"]) as z:
        xml = z.read(sheet_part(refused["path"], sheet)).decode()
    assert re.search(rf'<c r="{cell}"[^>]*t="e"[^>]*><v>#DIV/0!</v></c>', xml)


def test_extract_refuses_a_form_with_errors(refused) -> None:
    result = CliRunner().invoke(cli, ["extract", "--json", str(refused["path"])])
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    first = next(f for f in refused["ds"].problems if f.severity == ERROR)
    assert lines[0].startswith(f"Lỗi: co-loi.xlsx {first.sheet}!{first.cell}: ")
    assert f"và {len(refused['refs']) - 1} lỗi khác" in lines[0]
    assert "Traceback" not in result.output


# --- rows edited by the officer ---------------------------------------------------------------

FILLED = {("tre_em_duoi_16", "current"): 16210, ("tre_em_duoi_16", "previous"): 15900,
          ("ty_le_tre_em_duoi_16", "current"): "25,5", ("tre_em_duoi_6", "current"): 5000}


def _blank_ids(ws) -> None:
    for r in range(FIRST_DATA_ROW, ws.max_row + 1):
        ws.cell(r, 1).value = None


def _swap(ws, a: int, b: int) -> None:
    for col in range(1, ws.max_column + 1):
        ca, cb = ws.cell(a, col), ws.cell(b, col)
        ca.value, cb.value = cb.value, ca.value


def _insert(ws) -> None:
    ws.insert_rows(11, 3)  # three empty rows above "1 Số trẻ em dưới 16 tuổi"
    ws.insert_rows(ws.max_row + 1, 2)


def _delete(ws) -> None:
    ws.delete_rows(12)  # the row "Tỷ lệ trẻ em dưới 16 tuổi/tổng dân số"


def _merge(ws) -> None:
    ws.merge_cells("C10:D10")  # the group label "Dân số trẻ em" across the ĐVT column
    ws.merge_cells("B11:B12")  # TT "1" over the number and its rate row


# edit -> where each filled value must come from afterwards (None: not read from Mẫu 01/TE)
EDITS = {
    "as-made": (None, {"tre_em_duoi_16": ("F11", "E11"), "ty_le_tre_em_duoi_16": "F12", "tre_em_duoi_6": "F13"}),
    "rows-inserted": (_insert, {"tre_em_duoi_16": ("F14", "E14"), "ty_le_tre_em_duoi_16": "F15",
                                "tre_em_duoi_6": "F16"}),
    "row-deleted": (_delete, {"tre_em_duoi_16": ("F11", "E11"), "ty_le_tre_em_duoi_16": None,
                              "tre_em_duoi_6": "F12"}),
    "rows-swapped": (lambda ws: _swap(ws, 11, 13), {"tre_em_duoi_16": ("F13", "E13"),
                                                    "ty_le_tre_em_duoi_16": "F12", "tre_em_duoi_6": "F11"}),
    "cells-merged": (_merge, {"tre_em_duoi_16": ("F11", "E11"), "ty_le_tre_em_duoi_16": "F12",
                              "tre_em_duoi_6": "F13"}),
}


@pytest.mark.parametrize("ids", ["id-column", "id-column-blanked"])
@pytest.mark.parametrize("edit", list(EDITS))
def test_edited_rows_still_land_on_their_indicators(make_form, catalog, cell_of, tmp_path: Path, edit: str,
                                                    ids: str) -> None:
    # guard: Mẫu 01/TE section I starts at row 11 (the edits below are written for that layout)
    assert [cell_of(i) for i in ("tre_em_duoi_16", "ty_le_tre_em_duoi_16", "tre_em_duoi_6")] == [
        "M01-TE!F11", "M01-TE!F12", "M01-TE!F13"]
    change, where = EDITS[edit]

    def apply(wb):
        ws = wb["M01-TE"]
        if change:
            change(ws)
        if ids == "id-column-blanked":
            _blank_ids(ws)

    ds = read_workbook(make_form(tmp_path, fill=FILLED, edit=apply), catalog)
    assert [f for f in ds.problems if f.severity == ERROR] == []
    assert ds.get("tre_em_duoi_16") == 16210
    assert ds.get("tre_em_duoi_16", "previous") == 15900
    assert ds.get("tre_em_duoi_6") == 5000
    cur, prev = where["tre_em_duoi_16"]
    assert ds.value("tre_em_duoi_16").source.ref == f"M01-TE!{cur}"
    assert ds.value("tre_em_duoi_16", "previous").source.ref == f"M01-TE!{prev}"
    assert ds.value("tre_em_duoi_6").source.ref == f"M01-TE!{where['tre_em_duoi_6']}"
    assert ds.value("tre_em_duoi_16").source.file == "bieu-mau.xlsx"
    rate_cell = where["ty_le_tre_em_duoi_16"]
    m01_copies = [v for v in ds.copies.get(("ty_le_tre_em_duoi_16", "current"), []) if v.source.sheet == "M01-TE"]
    if rate_cell is None:
        assert m01_copies == [] and ds.get("ty_le_tre_em_duoi_16") is None
    else:
        assert ds.get("ty_le_tre_em_duoi_16") == 25.5
        assert [v.source.cell for v in m01_copies] == [rate_cell]
    # the unfilled copy in PHỤ LỤC 6 is read as a blank, not as another value
    pl6 = [v for v in ds.copies[("tre_em_duoi_16", "current")] if v.source.sheet != "M01-TE"]
    assert pl6 and all(v.value is None for v in pl6)


def test_rows_of_other_indicators_do_not_shift(make_form, catalog, cell_of, tmp_path: Path) -> None:
    """An inserted row in Mẫu 01/TE moves nothing in Mẫu 02/TE, and a whole annex of values stays put."""
    m01 = [iid for r in visible_rows(catalog.annex("M01"), catalog)
           if (iid := r.indicator) and catalog.indicator(iid).kind == m.COUNT]
    fill = {(iid, "current"): 100 + k for k, iid in enumerate(m01)}
    path = make_form(tmp_path, fill=fill, edit=lambda wb: wb["M01-TE"].insert_rows(20, 2))
    ds = read_workbook(path, catalog)
    for k, iid in enumerate(m01):
        assert ds.get(iid) == 100 + k, iid
        sheet, cell = cell_of(iid).split("!")
        col, row = re.fullmatch(r"([A-Z]+)(\d+)", cell).groups()
        moved = int(row) + 2 if int(row) >= 20 else int(row)
        assert ds.value(iid).source.ref == f"{sheet}!{col}{moved}", iid


def test_unplaced_row_with_a_value_is_a_warning_at_its_cell(make_form, catalog, tmp_path: Path) -> None:
    def add_row(wb):
        ws = wb["M01-TE"]
        ws.insert_rows(13, 1)  # between the rate row (12) and "2 Số trẻ em dưới 6 tuổi"
        ws["B13"], ws["C13"], ws["D13"], ws["F13"] = "", "Số trẻ em khác (tự thêm)", "Người", 12

    ds = read_workbook(make_form(tmp_path, fill=FILLED, edit=add_row), catalog)
    warnings = [f for f in ds.problems if f.code == "unplaced_row"]
    assert [(f.severity, f.sheet, f.cell) for f in warnings] == [(WARNING, "M01-TE", "C13")]
    assert "dòng 13" in warnings[0].message and "Số trẻ em khác" in warnings[0].message
    assert ds.get("tre_em_duoi_6") == 5000 and ds.value("tre_em_duoi_6").source.cell == "F14"
    assert 12 not in [v.value for roles in ds.values.values() for v in roles.values()]


def test_figure_on_a_heading_row_is_a_warning_at_its_cell(make_form, catalog, tmp_path: Path) -> None:
    """Row 10 of Mẫu 01/TE is the heading "I Dân số trẻ em": a figure there belongs to no indicator."""
    ws_rows = visible_rows(catalog.annex("M01"), catalog)
    assert ws_rows[0].indicator is None  # guard: the first row is a heading
    ds = read_workbook(make_form(tmp_path, fill={"M01-TE!F10": 31957, "M01-TE!G10": "ghi chú"}), catalog)
    warnings = [f for f in ds.problems if f.code == "unplaced_row"]
    assert [(f.severity, f.sheet, f.cell) for f in warnings] == [(WARNING, "M01-TE", "F10")]
    assert "dòng 10" in warnings[0].message and "tiêu đề" in warnings[0].message
    assert 31957 not in [v.value for roles in ds.values.values() for v in roles.values()]


# --- a workbook typed by hand in seed 000's layout --------------------------------------------

# seed 000: TT | Chỉ tiêu, mục tiêu | ĐVT | 6 tháng đầu năm 2025, labels as printed (with the
# source's own slips: "thôn/ xóm", "- Số cơ sở công lập" under 1.2)
SEED_000 = [
    ("I", "Cấu trúc, tổ chức cung cấp dịch vụ bảo vệ trẻ em", "", None),
    ("1", "Tỉnh/thành phố đã có quyết định thành lập/kiện toàn/hoạt động của Ban Chỉ đạo, Ban điều hành bảo vệ trẻ em cấp tỉnh", "Có/không", "Có"),
    ("2", "Tỉnh/thành phố đã có quyết định thành lập/kiện toàn/hoạt động của Nhóm công tác liên ngành bảo vệ trẻ em cấp tỉnh", "Có/không", "Có"),
    ("3", "Tỉnh/thành phố có quyết định thành lập/hoạt động của Trung tâm công tác xã hội trẻ em cấp tỉnh", "Có/không", "Có"),
    ("4", "Số quận, huyện, thị xã, thành phố có quyết định thành lập/kiện toàn/hoạt động của Ban Chỉ đạo, Ban điều hành bảo vệ trẻ em cấp huyện", "Huyện", "7/7"),
    ("5", "Số quận, huyện, thị xã, thành phố có quyết định thành lập/kiện toàn/hoạt động của Nhóm công tác liên ngành bảo vệ trẻ em cấp huyện", "Huyện", "7/7"),
    ("6", "Số xã, phường, thị trấn có quyết định thành lập/kiện toàn/hoạt động của Ban bảo vệ trẻ em, Nhóm thường trực bảo vệ trẻ em cấp xã", "Xã", 138),
    ("7", "Số xã, phường, thị trấn có quyết định thành lập/kiện toàn/hoạt động của Nhóm thường trực bảo vệ trẻ em cấp xã", "Xã", 138),
    ("8", "Số xã, phường, thị trấn có mạng lưới cộng tác viên tham gia công tác bảo vệ, chăm sóc trẻ em ở thôn/ xóm/bản/làng/cụm dân cư", "Xã", 0),
    ("II", "Hệ thống cung cấp dịch vụ bảo vệ trẻ em", "", None),
    ("1", "Số cơ sở cung cấp dịch vụ bảo vệ trẻ em cấp tỉnh", "", None),
    ("1.1", "Cơ sở công lập (bao gồm cả các cơ sở trợ giúp xã hội có trẻ em):", "", None),
    ("", " - Số cơ sở công lập", "Cơ sở", 1),
    ("", " - Số cán bộ, nhân viên", "Người", 14),
    ("", " + Số cán bộ quản lý điều hành, hỗ trợ, phục vụ", "Người", 5),
    ("", " + Số cán bộ trực tiếp thực hiện chức năng, nhiệm vụ cung cấp dịch vụ của cơ sở", "Người", 9),
    ("", " - Số trẻ em có hoàn cảnh đặc biệt được tư vấn, tham vấn, trị liệu tại các cơ sở cung cấp dịch vụ bảo vệ trẻ em", "Người", None),
    ("", " - Số trẻ em có hoàn cảnh đặc biệt được trợ giúp các dịch vụ y tế, giáo dục, pháp lý.", "Người", None),
    ("", " - Số trẻ em có hoàn cảnh đặc biệt được nuôi dưỡng, được hưởng các chính sách hỗ trợ xã hội hàng tháng.", "", None),
    ("", " - Số trẻ em được nâng cao kỹ năng tự bảo vệ bản thân", "Người", None),
    ("", " - Số trẻ em được cơ sở cung cấp dịch vụ quản lý theo dõi (có danh sách/kế hoạch hỗ trợ can thiệp)", "Người", None),
    ("", " - Kinh phí (hoạt động, nuôi dưỡng trẻ em)", "Triệu đồng", 150),
    ("1.2", "Cơ sở ngoài công lập:", "", None),
    ("", " - Số cơ sở công lập", "Cơ sở", None),
    ("", " - Số cán bộ, nhân viên", "Người", None),
    ("", " + Số cán bộ quản lý điều hành, hỗ trợ, phục vụ", "Người", None),
    ("", " + Số cán bộ trực tiếp thực hiện chức năng, nhiệm vụ cung cấp dịch vụ của cơ sở", "Người", None),
    ("", " - Số trẻ em có hoàn cảnh đặc biệt được tư vấn, tham vấn, trị liệu tại các cơ sở cung cấp dịch vụ bảo vệ trẻ em", "Người", None),
    ("", " - Số trẻ em có hoàn cảnh đặc biệt được trợ giúp các dịch vụ y tế, giáo dục, pháp lý.", "Người", None),
    ("", " - Số trẻ em có hoàn cảnh đặc biệt được nuôi dưỡng, được hưởng các chính sách hỗ trợ xã hội hàng tháng.", "", None),
    ("", " - Số trẻ em được nâng cao kỹ năng tự bảo vệ bản thân", "Người", None),
    ("", " - Số trẻ em được cơ sở cung cấp dịch vụ quản lý theo dõi (có danh sách/kế hoạch hỗ trợ can thiệp)", "Người", None),
    ("", " - Kinh phí (hoạt động, nuôi dưỡng trẻ em)", "Triệu đồng", None),
    ("2", "Tổ chức tập huấn/bồi dưỡng kỹ năng thực hành cho đội ngũ cán bộ làm việc trong hệ thống cung cấp dịch vụ (công lập và ngoài công lập)", "", None),
    ("", " - Số lớp tập huấn/bồi dưỡng", "Lớp", None),
    ("", " - Số cán bộ làm việc trong hệ thống cung cấp dịch vụ được tập huấn/bồi dưỡng (công lập và ngoài công lập).", "Người", None),
    ("3", "Số quận, huyện, thị xã, thành phố có Trung tâm công tác xã hội hoặc có văn phòng tư vấn trẻ em cấp huyện", "Huyện", None),
    ("4", "Số điểm tư vấn cộng đồng", "Điểm", None),
    ("5", "Số điểm tư vấn trường học", "Điểm", None),
    ("", "Số tình nguyện viên (dòng tự thêm)", "Người", 12),  # not in the form: a warning at its cell
]
SEED_FIRST_ROW = 6  # title, form code, two merged header rows, column numbers


def _key(label: str) -> str:
    return re.sub(r"\W+", "", label.lower().lstrip(" -+"))


def _seed_ids(catalog) -> dict[int, tuple[str, bool]]:
    """Seed row index -> (indicator id, printed in the form) by walking Mẫu 02/TE in order."""
    rows = [(r, _key(r.label)) for r in catalog.annex("M02").rows if r.indicator]
    out, cursor = {}, 0
    for k, (_, label, _, _) in enumerate(SEED_000):
        hit = next((j for j in range(cursor, len(rows)) if rows[j][1] == _key(label)), None)
        if hit is not None:
            row = rows[hit][0]
            out[k] = (row.indicator, catalog.active_level(row.level))
            cursor = hit + 1
    return out


def _seed_workbook(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Mẫu 02"
    ws.append(["THỐNG KÊ VỀ HỆ THỐNG BẢO VỆ TRẺ EM TỈNH LẠNG SƠN"])
    ws.merge_cells("A1:D1")
    ws.append([None, None, None, "Mẫu số 02/TE"])
    ws.append(["TT", "Chỉ tiêu, mục tỉêu", "ĐVT", "6 tháng đầu \n\nnăm 2025"])  # as extracted from the seed
    ws.append([None, None, None, None])
    for col in "ABCD":
        ws.merge_cells(f"{col}3:{col}4")
    ws.append(["(1)", "(2)", "(3)", "(4)"])
    for row in SEED_000:
        ws.append(list(row))
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def seed(catalog, tmp_path_factory):
    path = _seed_workbook(tmp_path_factory.mktemp("seed") / "mau-02-da-dien.xlsx")
    return path, read_workbook(path, catalog)


def test_seed_layout_period_and_no_errors(seed) -> None:
    _, ds = seed
    assert ds.period.code == "2025-H1"
    assert [f for f in ds.problems if f.severity == ERROR] == []


def _expected(kind: str, raw):
    if raw is None:
        return None
    if kind == m.YESNO:
        return {"Có": True, "Không": False}[raw]
    if kind == m.RATIO:
        return m.Ratio(*map(int, raw.split("/"))) if isinstance(raw, str) else m.Ratio(raw, 0)
    return float(raw)


@pytest.mark.parametrize("k", [k for k, row in enumerate(SEED_000) if row[2]], ids=lambda k: f"row{SEED_FIRST_ROW + k}")
def test_seed_rows_extract_to_their_cells(seed, catalog, k: int) -> None:
    _, ds = seed
    placed = _seed_ids(catalog.for_period(ds.period))  # 2025-H1: the district level still existed
    row_no = SEED_FIRST_ROW + k
    tt, label, unit, raw = SEED_000[k]
    if k not in placed:  # a row the catalog does not know: only a warning when it holds a value
        if raw is not None:
            assert any(f.code == "unplaced_row" and f.cell == f"B{row_no}" for f in ds.problems)
        return
    iid, printed = placed[k]
    if not printed:  # a row of an inactive level (cấp huyện): not read, but listed by cell
        warn = [f for f in ds.problems if f.code == "unplaced_row" and f.cell == f"B{row_no}"]
        assert (len(warn) == 1) == (raw is not None), label
        return
    v = ds.value(iid)
    assert v is not None, (iid, label)
    assert v.value == _expected(catalog.indicator(iid).kind, raw), (iid, label)
    assert (v.source.file, v.source.ref) == ("mau-02-da-dien.xlsx", f"Mẫu 02!D{row_no}")


def test_seed_values(seed, catalog) -> None:
    """The seed's own figures, by name: Có, 7/7, 138, 0, 1, 14 = 5 + 9, 150 Triệu đồng."""
    _, ds = seed
    placed = _seed_ids(catalog.for_period(ds.period))  # 2025-H1: the district level still existed
    by_label = {}
    for k, (iid, printed) in sorted(placed.items()):
        if printed:
            by_label.setdefault(SEED_000[k][1].strip(" -+"), ds.get(iid))  # 1.1 before 1.2
    assert by_label["Số cán bộ, nhân viên"] == 14
    assert by_label["Số cán bộ quản lý điều hành, hỗ trợ, phục vụ"] == 5
    assert by_label["Kinh phí (hoạt động, nuôi dưỡng trẻ em)"] == 150
    assert sum(1 for k, (iid, printed) in placed.items() if printed and ds.get(iid) is True) == 3
    thon_xom = next(k for k, row in enumerate(SEED_000) if "thôn/ xóm" in row[1])
    assert ds.get(placed[thon_xom][0]) == m.Ratio(0, 0)  # typed 0: zero, not blank


def test_seed_unplaced_rows_listed_by_cell(seed, catalog) -> None:
    _, ds = seed
    placed = _seed_ids(catalog.for_period(ds.period))  # 2025-H1: the district level still existed
    expected = {f"B{SEED_FIRST_ROW + k}" for k, row in enumerate(SEED_000)
                if row[3] is not None and (k not in placed or not placed[k][1])}
    warned = {f.cell for f in ds.problems if f.code == "unplaced_row"}
    assert warned == expected
    assert f"B{SEED_FIRST_ROW + len(SEED_000) - 1}" in warned  # the row added by hand
    for f in ds.problems:
        assert f.severity == WARNING and f.sheet == "Mẫu 02" and f.file == "mau-02-da-dien.xlsx"
        assert VIETNAMESE.search(f.message)


def test_seed_extract_json(seed, catalog) -> None:
    path, _ = seed
    result = CliRunner().invoke(cli, ["extract", "--json", str(path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["period"] == "2025-H1"
    values = _json_values(data)
    placed = _seed_ids(catalog.for_period(seed[1].period))  # 2025-H1: the district level still existed
    staff = next(k for k, row in enumerate(SEED_000) if row[1].strip(" -") == "Số cán bộ, nhân viên")
    assert values[(placed[staff][0], "current")] == {"value": 14, "source": f"Mẫu 02!D{SEED_FIRST_ROW + staff}"}
    commune = next(k for k, row in enumerate(SEED_000) if row[0] == "6")
    assert values[(placed[commune][0], "current")]["value"] in ({"num": 138, "den": 0}, 138)
    blank = next(k for k, row in enumerate(SEED_000) if "tư vấn, tham vấn" in row[1])
    assert values[(placed[blank][0], "current")]["value"] is None
    assert {p["cell"] for p in data["problems"]} == {f.cell for f in read_workbook(path, catalog).problems}


def test_dataset_json_matches_dataset(seed, catalog) -> None:
    _, ds = seed
    data = dataset_json(ds, catalog)
    for ind in data["indicators"]:
        for role, v in ind["values"].items():
            assert v["source"] == ds.value(ind["id"], role).source.ref


def test_seed_layout_checks_clean_with_warnings(seed) -> None:
    path, ds = seed
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code == 0, result.output
    warned = re.findall(r"^mau-02-da-dien\.xlsx Mẫu 02!(B\d+): Cảnh báo: ", result.stdout, re.M)
    assert sorted(warned) == sorted(f.cell for f in ds.problems if f.code == "unplaced_row")


def test_hand_typed_annual_layout_with_two_years(catalog, tmp_path: Path) -> None:
    """Năm 2024 | Năm 2025: the latest year is the period, the year before the previous column."""
    wb = Workbook()
    ws = wb.active
    ws.title = "PL"
    ws.append(["Mẫu số 01/TE"])
    ws.append(["TT", "Chỉ tiêu, mục tiêu", "ĐVT", "Năm 2024", "Năm 2025", "Ghi chú"])
    ws.append(["I", "Dân số trẻ em"])
    ws.append([1, "Số trẻ em dưới 16 tuổi", "Người", 15900, 16210, None])
    ws.append([None, "Tỷ lệ trẻ em dưới 16 tuổi/tổng dân số", "%", "25,1", "25,5", "ước tính"])
    ws.append([2, "Số trẻ em dưới 6 tuổi", "Người", "4.900", "5.000"])
    ws.append([None, "Tỷ lệ trẻ em dưới 6 tuổi/tổng dân số", "%", None, None])
    path = tmp_path / "nam-2025.xlsx"
    wb.save(path)
    ds = read_workbook(path, catalog)
    assert ds.period.code == "2025"
    got = {(iid, role): (ds.get(iid, role), ds.value(iid, role).source.ref)
           for iid in ("tre_em_duoi_16", "ty_le_tre_em_duoi_16", "tre_em_duoi_6", "ty_le_tre_em_duoi_6")
           for role in ("previous", "current")}
    assert got == {
        ("tre_em_duoi_16", "previous"): (15900, "PL!D4"), ("tre_em_duoi_16", "current"): (16210, "PL!E4"),
        ("ty_le_tre_em_duoi_16", "previous"): (25.1, "PL!D5"), ("ty_le_tre_em_duoi_16", "current"): (25.5, "PL!E5"),
        ("tre_em_duoi_6", "previous"): (4900, "PL!D6"), ("tre_em_duoi_6", "current"): (5000, "PL!E6"),
        ("ty_le_tre_em_duoi_6", "previous"): (None, "PL!D7"), ("ty_le_tre_em_duoi_6", "current"): (None, "PL!E7"),
    }
    assert ds.extra["ty_le_tre_em_duoi_16"]["note"].value == "ước tính"
    assert ds.problems == []
    data = json.loads(CliRunner().invoke(cli, ["extract", str(path)]).stdout)
    row = next(i for i in data["indicators"] if i["id"] == "tre_em_duoi_16")
    printed = [a.id for a in catalog.annexes if a.id in catalog.indicator("tre_em_duoi_16").annexes]
    assert (row["annex"], row["tt"], row["annexes"]) == ("M01", "1", printed)  # print order: Mẫu 01/TE first
    assert row["values"]["current"] == {"value": 16210, "source": "PL!E4"}
    assert row["extra"] == {}


@pytest.mark.render
def test_form_saved_by_libreoffice_reads_the_same(make_form, catalog, cell_of, soffice, tmp_path: Path) -> None:
    """An office that opens the form in LibreOffice Calc and saves it: same values, same cells, same errors."""
    fill = {"tre_em_duoi_16": 16210, "ty_le_tre_em_duoi_16": "25,5", "tre_em_duoi_6": "#DIV/0!",
            ("tre_em_duoi_16", "previous"): "7,5"}
    src = make_form(tmp_path / "in", fill=fill)
    saved = soffice(src, "xlsx:Calc MS Excel 2007 XML", tmp_path / "out")
    ds = read_workbook(saved, catalog)
    assert ds.period.code == "2025-H1" and ds.unit == "tỉnh Sơn Hà"
    assert ds.get("tre_em_duoi_16") == 16210 and ds.value("tre_em_duoi_16").source.ref == cell_of("tre_em_duoi_16")
    assert ds.get("ty_le_tre_em_duoi_16") == 25.5
    errors = sorted((f"{f.sheet}!{f.cell}", f.message.split(": ", 1)[1][:22]) for f in ds.problems if f.severity == ERROR)
    assert errors == sorted([(cell_of("tre_em_duoi_6"), "ô chứa lỗi Excel #DIV/"),
                             (cell_of("tre_em_duoi_16", "previous"), "số lượng phải là số ng")])
