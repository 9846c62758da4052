"""reportgen.plan: the plan's workbook (`forms --plan`), the KẾ HOẠCH document (`build plan`) and
the plan's targets feeding next year's annex forms (`forms --plan-from`)."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.enum.section import WD_ORIENT
from openpyxl import load_workbook

from reportgen.core import numbers as nf
from reportgen.core.catalog import load_catalog
from reportgen.cli import cli
from reportgen.read.sheets import IDENTITY_SHEET, INFO_SHEET
from reportgen.forms.annex import FIRST_DATA_ROW, FIRST_ROLE_COL, ID_COL, sheet_columns
from reportgen.documents.outline import load_outline
from reportgen.core.paths import data_dir
from reportgen.core.period import Period
from reportgen.read.plan_layout import (TARGET_COLUMNS, TARGET_HEADER_ROW, TARGETS_SHEET, TASK_COLUMNS, TASK_HEADER_ROW,
                            TASKS_SHEET)

SAMPLE = data_dir() / "samples" / "ke-hoach-2026.xlsx"
CATALOG = load_catalog()
UNIT = "tỉnh Sơn Hà"
INFO = {"unit_name": UNIT, "level": "tỉnh", "issuer": "ỦY BAN NHÂN DÂN", "issuer_short": "UBND",
        "place": "Sơn Hà", "signer": "Trần Thị Bình", "authority": "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH",
        "position": "PHÓ CHỦ TỊCH", "recipients": "Bộ Y tế;\nCác sở, ban, ngành;\nLưu: VT, VX.",
        "council": "Hội đồng nhân dân tỉnh Sơn Hà"}
# (number, content, lead, partners, timing, budget, source) typed by an officer under the headings
TASKS = [
    ("1.1", "Tổ chức Tháng hành động vì trẻ em năm 2026\n- Hướng dẫn các xã, phường.", "Sở Y tế",
     "Các sở, ngành", "Tháng 5 - 6/2026", 350, "ngân sách tỉnh"),
    ("1.2", "Truyền thông về Tổng đài 111", "Sở Văn hóa, Thể thao và Du lịch; Sở Y tế", "Các xã, phường",
     "Thường xuyên", 120.5, "Nguồn vận động xã hội"),
    ("2.1", "Về mục tiêu bảo vệ trẻ em", None, None, None, None, None),
    ("2.1.1", "Phòng, chống đuối nước", "Sở Y tế", "Sở Giáo dục và Đào tạo", "Tháng 4 - 8/2026", 400,
     "ngân sách tỉnh"),
    ("2.1.2", "Trợ giúp pháp lý cho trẻ em", "Sở Tư pháp", None, None, None, None),
    ("3.1", "Thanh tra, kiểm tra", "Sở Y tế", "Công an tỉnh", "Quý III/2026", 60, None),
]


def invoke(*args: str):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


# --- filling workbooks the way an officer does -------------------------------------------------

def annex_cell(ws, annex_id: str, iid: str, role: str, period: Period):
    cols = [sc.role for sc in sheet_columns(CATALOG.annex(annex_id), period)]
    for r in range(FIRST_DATA_ROW, ws.max_row + 1):
        if ws.cell(r, ID_COL).value == iid:
            return ws.cell(r, FIRST_ROLE_COL + cols.index(role))
    raise KeyError(iid)


def fill_annexes(path: Path, period: Period, values: dict[tuple[str, str, str], object]) -> None:
    """values: {(annex id, indicator id, role): value}."""
    wb = load_workbook(path)
    for (annex_id, iid, role), value in values.items():
        annex_cell(wb[CATALOG.annex(annex_id).sheet], annex_id, iid, role, period).value = value
    wb.save(path)


def target_rows(ws) -> dict[str, int]:
    """{indicator id: row} of sheet "Chỉ tiêu"."""
    return {ws.cell(r, 1).value: r for r in range(TARGET_HEADER_ROW + 2, ws.max_row + 1) if ws.cell(r, 1).value}


def target_col(key: str) -> int:
    return [k for k, _h, _w in TARGET_COLUMNS].index(key) + 1


def fill_plan(path: Path, *, tasks=TASKS, targets: dict[str, object] | None = None, info=INFO) -> None:
    wb = load_workbook(path)
    ws = wb[INFO_SHEET]
    for r in range(1, ws.max_row + 1):
        if ws.cell(r, 1).value in info:
            ws.cell(r, 3).value = info[ws.cell(r, 1).value]
    ws = wb[TASKS_SHEET]
    for task in tasks:  # each task on the first empty row under its group
        group = task[0].split(".")[0]
        r = next(r for r in range(TASK_HEADER_ROW + 2, ws.max_row + 1) if ws.cell(r, 1).value == group)
        while ws.cell(r + 1, 1).value not in (None, "") and str(ws.cell(r + 1, 1).value).startswith(group + "."):
            r += 1
        for col, value in enumerate(task, start=1):
            ws.cell(r + 1, col).value = value
    if targets:
        ws = wb[TARGETS_SHEET]
        rows = target_rows(ws)
        for iid, value in targets.items():
            ws.cell(rows[iid], target_col("target")).value = value
    wb.save(path)


def doc_text(document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


def headings(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]


def signature_left(document) -> list[str]:
    for table in document.tables:
        text = table.cell(0, 0).text
        if text.startswith("Nơi nhận"):
            return [x for x in text.splitlines()[1:] if x.strip()]
    raise AssertionError("no Nơi nhận")


def parse_vi(number: str) -> float:
    return float(number.replace(".", "").replace(",", "."))


# --- fixtures ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def annexes_2025(tmp_path_factory) -> Path:
    """The 2025 annual annexes: three communication indicators with plan and result, one not reached."""
    out = tmp_path_factory.mktemp("n") / "phu-luc-2025.xlsx"
    assert invoke("forms", "--period", "2025", "--unit", UNIT, "-o", out).exit_code == 0
    fill_annexes(out, Period(2025), {
        ("PL2", "tin_bai_tre_em", "plan"): 100, ("PL2", "tin_bai_tre_em", "current"): 120,
        ("PL2", "buoi_truyen_thong_truc_tiep", "plan"): 50, ("PL2", "buoi_truyen_thong_truc_tiep", "current"): 40,
        ("PL2", "lop_day_boi", "plan"): 10, ("PL2", "lop_day_boi", "current"): 10,
    })
    return out


@pytest.fixture(scope="module")
def plan_form(tmp_path_factory, annexes_2025) -> Path:
    out = tmp_path_factory.mktemp("p") / "ke-hoach-2026.xlsx"
    result = invoke("forms", "--plan", "--period", "2026", "--from", annexes_2025, "--unit", UNIT, "-o", out)
    assert result.exit_code == 0, result.output + result.stderr
    return out


@pytest.fixture(scope="module")
def filled_plan(tmp_path_factory, plan_form) -> Path:
    out = tmp_path_factory.mktemp("f") / "ke-hoach-2026-da-dien.xlsx"
    shutil.copyfile(plan_form, out)
    fill_plan(out, targets={"tin_bai_tre_em": 130, "buoi_truyen_thong_truc_tiep": 60, "lop_day_boi": 12})
    return out


@pytest.fixture(scope="module")
def documents(tmp_path_factory, filled_plan):
    """documents("fresh" | "sample") -> (plan workbook, its document, .docx path), built once."""
    cache = {}

    def get(which: str):
        if which not in cache:
            data = filled_plan if which == "fresh" else SAMPLE
            out = tmp_path_factory.mktemp("d") / "ke-hoach.docx"
            result = invoke("build", "plan", "--data", data, "-o", out)
            assert result.exit_code == 0, result.output + result.stderr
            cache[which] = (data, docx.Document(str(out)), out)
        return cache[which]

    return get


@pytest.fixture(params=["fresh", "sample"])
def built(request, documents):
    """A freshly generated and filled plan, and data/samples/ke-hoach-2026.xlsx."""
    return documents(request.param)


@pytest.fixture
def fresh(documents):
    return documents("fresh")


# --- the workbook ------------------------------------------------------------------------------

def test_plan_form_sheets_identity_and_info(plan_form):
    wb = load_workbook(plan_form)
    assert wb.sheetnames == [INFO_SHEET, TASKS_SHEET, TARGETS_SHEET, IDENTITY_SHEET]
    ident = {wb[IDENTITY_SHEET].cell(r, 1).value: wb[IDENTITY_SHEET].cell(r, 2).value for r in range(1, 6)}
    assert ident["form_kind"] == "plan" and ident["period"] == "2026"
    assert wb[IDENTITY_SHEET].sheet_state == "hidden"
    info = {wb[INFO_SHEET].cell(r, 1).value: wb[INFO_SHEET].cell(r, 3).value for r in range(1, 30)}
    assert info["unit_name"] == UNIT


def test_tasks_sheet_has_the_headings_of_the_outline_as_group_rows(plan_form):
    ws = load_workbook(plan_form)[TASKS_SHEET]
    assert [ws.cell(TASK_HEADER_ROW, c).value for c in range(1, len(TASK_COLUMNS) + 1)] == [
        "Số thứ tự", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện",
        "Kinh phí (triệu đồng)", "Nguồn kinh phí"]
    groups = [(ws.cell(r, 1).value, ws.cell(r, 2).value) for r in range(TASK_HEADER_ROW + 2, ws.max_row + 1)
              if ws.cell(r, 1).value]
    meta = load_outline("plan", Period(2026)).meta["task_groups"]
    assert groups == [(g["number"], g["text"]) for g in meta]
    assert groups[0][1].startswith("Đẩy mạnh công tác truyền thông")
    assert ws.protection.sheet and ws.page_setup.orientation == "landscape"
    assert not ws.cell(TASK_HEADER_ROW + 3, 2).protection.locked  # officers type tasks under the headings
    assert ws.cell(TASK_HEADER_ROW, 2).protection.locked
    budget = get_col = [k for k, _h, _w in TASK_COLUMNS].index("budget") + 1
    assert get_col and any(dv.type == "decimal" for dv in ws.data_validations.dataValidation)
    assert ws.cell(TASK_HEADER_ROW + 2, budget).number_format != "@"


def test_targets_sheet_flags_the_plan_not_reached_first(plan_form):
    ws = load_workbook(plan_form)[TARGETS_SHEET]
    assert [ws.cell(TARGET_HEADER_ROW, c).value for c in range(2, 11)] == [
        "TT", "Chỉ tiêu", "ĐVT", "Kết quả năm 2025", "KH năm 2025", "Đánh giá năm 2025", "Chỉ tiêu năm 2026",
        "Ưu tiên", "Ghi chú"]
    assert ws.column_dimensions["A"].hidden
    rows = target_rows(ws)
    first = min(rows.values())
    assert ws.cell(first, 1).value == "buoi_truyen_thong_truc_tiep"
    assert ws.cell(first, target_col("priority")).value == "x"
    assert ws.cell(first, target_col("assessment")).value == "Không đạt KH"
    assert "chưa đạt kế hoạch (đạt 80%)" in ws.cell(first, target_col("note")).value
    assert "ƯU TIÊN" in ws.cell(first - 1, target_col("name")).value
    for iid, mark in (("tin_bai_tre_em", "Vượt KH"), ("lop_day_boi", "Đạt KH")):
        assert ws.cell(rows[iid], target_col("priority")).value is None
        assert ws.cell(rows[iid], target_col("assessment")).value == mark
        assert ws.cell(rows[iid], target_col("result")).value is not None
    kinds = {dv.type for dv in ws.data_validations.dataValidation}
    assert {"decimal", "list"} <= kinds


def test_plan_form_without_from_has_every_plan_indicator_blank(tmp_path):
    out = tmp_path / "kh.xlsx"
    assert invoke("forms", "--plan", "--period", "2026", "-o", out).exit_code == 0
    ws = load_workbook(out)[TARGETS_SHEET]
    rows = target_rows(ws)
    assert "ty_le_tiem_chung_duoi_1_tuoi" in rows and "tin_bai_tre_em" in rows
    assert all(ws.cell(r, target_col("priority")).value is None for r in rows.values())


@pytest.mark.parametrize("args, code, words", [
    (("--period", "2026-H1"), 2, "cả năm"),
    (("--period", "2027", "--from", "ANNEX"), 1, "cần phụ lục số liệu cả năm 2026"),
])
def test_plan_form_refuses_wrong_periods(tmp_path, annexes_2025, args, code, words):
    args = [annexes_2025 if a == "ANNEX" else a for a in args]
    result = invoke("forms", "--plan", *args, "-o", tmp_path / "x.xlsx")
    assert result.exit_code == code and words in result.stderr
    assert not (tmp_path / "x.xlsx").exists()


# --- the document ------------------------------------------------------------------------------

def test_outline_headings_in_order(built):
    data, document, _ = built
    hs = headings(document)
    top = [h for h in hs if re.match(r"^(I|II|III)\. ", h)]
    assert top == ["I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG VÀ GIẢI PHÁP THỰC HIỆN", "III. TỔ CHỨC THỰC HIỆN"]
    i, ii, iii = (hs.index(h) for h in top)
    assert hs[i + 1:i + 3] == ["1. Mục đích", "2. Yêu cầu"]
    assert hs[iii + 1:] == ["1. Kinh phí thực hiện", "2. Phân công tổ chức thực hiện", "3. Chế độ báo cáo"]
    tasks = hs[ii + 1:iii]
    numbers = [h.split(". ")[0] for h in tasks]
    assert numbers[0] == "1" and "4" in numbers
    assert numbers == sorted(numbers, key=lambda n: [int(x) for x in n.split(".")])  # 1, 1.1, 1.1.1, 1.2 …
    text = doc_text(document)
    yeu_cau = text.split("2. Yêu cầu\n", 1)[1]
    assert yeu_cau.startswith("a) ") and "\nb) " in yeu_cau.split("II. NỘI DUNG")[0]


def _task_blocks(document):
    """[(heading, [paragraph texts until the next heading])] of section II's numbered tasks."""
    blocks, current = [], None
    for p in document.paragraphs:
        if p.style.name.startswith("Heading"):
            current = (p.text, []) if re.match(r"^\d+(\.\d+)+\. ", p.text) else None
            if current:
                blocks.append(current)
        elif current is not None:
            current[1].append(p.text)
    return blocks


def test_every_task_has_lead_partners_and_timing_lines(built):
    data, document, _ = built
    blocks = _task_blocks(document)
    numbers = [h.split(". ")[0] for h, _ in blocks]
    leaves = [(h, body) for h, body in blocks if not any(n.startswith(h.split(". ")[0] + ".") for n in numbers)]
    assert len(leaves) >= 5
    for heading, body in leaves:
        lines = [b.lstrip("[") for b in body]
        starts = [next((i for i, x in enumerate(lines) if x.startswith(w)), None)
                  for w in ("a) Đơn vị chủ trì:", "b) Đơn vị phối hợp:", "c) Thời gian thực hiện:")]
        assert None not in starts and starts == sorted(starts), (heading, body)


def test_total_budget_is_the_sum_of_the_task_budgets(built):
    data, document, _ = built
    wb = load_workbook(data)
    ws = wb[TASKS_SHEET]
    col = [k for k, _h, _w in TASK_COLUMNS].index("budget") + 1
    budgets = [ws.cell(r, col).value for r in range(TASK_HEADER_ROW + 2, ws.max_row + 1)
               if isinstance(ws.cell(r, col).value, (int, float))]
    total = sum(budgets)
    text = doc_text(document)
    assert f"Tổng kinh phí dự kiến thực hiện các nhiệm vụ của Kế hoạch là {nf.fmt_money(total, 'triệu đồng')}" in text
    stated = [parse_vi(x) for x in re.findall(r"^d\) Kinh phí: ([\d.,]+) triệu đồng", text, re.M)]
    assert len(stated) == len(budgets) and sum(stated) == pytest.approx(total)


def test_fresh_plan_wording(fresh):
    data, document, _ = fresh
    text = doc_text(document)
    assert "Tổng kinh phí dự kiến thực hiện các nhiệm vụ của Kế hoạch là 930,5 triệu đồng, trong đó: ngân sách " \
           "tỉnh 750 triệu đồng; nguồn vận động xã hội 120,5 triệu đồng; chưa xác định nguồn 60 triệu đồng." in text
    assert "d) Kinh phí: 350 triệu đồng (nguồn ngân sách tỉnh)." in text
    assert "d) Kinh phí: 120,5 triệu đồng (nguồn vận động xã hội)." in text
    assert "- Hướng dẫn các xã, phường." in text
    assert "báo cáo 6 tháng trước ngày 20 tháng 5, báo cáo năm trước ngày 15 tháng 11, gửi về Sở Y tế" in text
    assert "- Sở Y tế chủ trì thực hiện các nhiệm vụ 1.1, 1.2, 2.1.1, 3.1;" in text
    assert "[c) Thời gian thực hiện: cần bổ sung]" in text  # 2.1.2 has no timing
    assert "[Nội dung cần bổ sung: các nhiệm vụ của mục 4]" in text  # group 4 left empty
    assert "Số buổi truyền thông trực tiếp về công tác trẻ em: năm 2025 chưa đạt kế hoạch (đạt 80%); " \
           "chỉ tiêu năm 2026: 60 buổi." in text


def test_number_signature_and_layout(built):
    data, document, _ = built
    letterhead = document.tables[0]
    assert letterhead.cell(0, 0).text.startswith("ỦY BAN NHÂN DÂN\nTỈNH SƠN HÀ")
    assert re.fullmatch(r"Số: +/KH-UBND", letterhead.cell(1, 0).text.strip())
    assert "KẾ HOẠCH" in [p.text for p in document.paragraphs]
    assert "Thực hiện công tác trẻ em trên địa bàn tỉnh Sơn Hà năm 2026" in [p.text for p in document.paragraphs]
    sig = [t for t in document.tables if t.cell(0, 0).text.startswith("Nơi nhận")][0]
    assert sig.cell(0, 1).text.split("\n")[:3] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert signature_left(document)[-1].startswith("- Lưu:")
    first, last = document.sections[0], document.sections[-1]
    assert first.orientation == WD_ORIENT.PORTRAIT and round(first.page_width.mm) == 210
    assert last.orientation == WD_ORIENT.LANDSCAPE and round(last.page_width.mm) == 297
    assert len(document.sections) == 2


def test_targets_appendix_lists_priorities_first(built):
    data, document, _ = built
    table = document.tables[-1]
    header = [c.text for c in table.rows[0].cells]
    assert header[3:5] == ["Kết quả năm 2025", "KH năm 2025"] and "Chỉ tiêu năm 2026" in header
    body = [[c.text for c in row.cells] for row in table.rows[3:]]
    ws = load_workbook(data)[TARGETS_SHEET]
    flagged = [r for r in target_rows(ws).values() if ws.cell(r, target_col("priority")).value]
    assert body[0][0] == "I" and body[0][1].startswith("Các chỉ tiêu ưu tiên") == bool(flagged)
    assert sum(1 for row in body if row[8] and row[8] != row[1]) >= 3  # target cells, not merged labels
    if data != SAMPLE:
        assert body[1][1] == "Số buổi truyền thông trực tiếp về công tác trẻ em"
        assert body[1][3:9] == ["40", "50", "", "x", "", "60"]
    text = doc_text(document)
    assert "(Kèm theo Kế hoạch số" in text and "/KH-UBND" in text


def test_input_is_never_written(tmp_path, filled_plan):
    before = hashlib.sha256(filled_plan.read_bytes()).hexdigest()
    assert invoke("build", "plan", "--data", filled_plan, "-o", tmp_path / "a.docx").exit_code == 0
    assert hashlib.sha256(filled_plan.read_bytes()).hexdigest() == before


# --- bad cells ---------------------------------------------------------------------------------

@pytest.mark.parametrize("task, cell_col, words", [
    (("1.1", "Nhiệm vụ", "Sở Y tế", None, None, "nhiều", None), "F", "không phải là số"),
    (("1.1", "Nhiệm vụ", "Sở Y tế", None, None, -5, None), "F", "số âm"),
    (("1..2", "Nhiệm vụ", "Sở Y tế", None, None, None, None), "A", "không đúng dạng"),
    (("1.5.1", "Nhiệm vụ", "Sở Y tế", None, None, None, None), "A", "chưa có dòng 1.5"),
    (("1.1", None, "Sở Y tế", None, None, None, None), "B", "chưa có «Nội dung nhiệm vụ»"),
])
def test_bad_task_cells_are_reported_with_their_cell(tmp_path, plan_form, task, cell_col, words):
    data = tmp_path / "kh.xlsx"
    shutil.copyfile(plan_form, data)
    fill_plan(data, tasks=[task])
    result = invoke("build", "plan", "--data", data, "-o", tmp_path / "x.docx")
    assert result.exit_code == 1
    assert re.search(rf"kh\.xlsx Nhiệm vụ!{cell_col}\d+: .*{re.escape(words)}", result.stderr), result.stderr
    assert not (tmp_path / "x.docx").exists()


def test_budget_on_a_task_and_its_subtask_is_refused(tmp_path, plan_form):
    data = tmp_path / "kh.xlsx"
    shutil.copyfile(plan_form, data)
    fill_plan(data, tasks=[("1.1", "Mục", None, None, None, 100, None),
                           ("1.1.1", "Nhiệm vụ con", "Sở Y tế", None, None, 50, None)])
    result = invoke("build", "plan", "--data", data, "-o", tmp_path / "x.docx")
    assert result.exit_code == 1 and "cộng trùng" in result.stderr and "Nhiệm vụ!F" in result.stderr


def test_bad_target_cell_is_reported(tmp_path, plan_form):
    data = tmp_path / "kh.xlsx"
    shutil.copyfile(plan_form, data)
    fill_plan(data, targets={"tin_bai_tre_em": "khoảng 100"})
    result = invoke("build", "plan", "--data", data, "-o", tmp_path / "x.docx")
    assert result.exit_code == 1 and re.search(r"Chỉ tiêu!H\d+: Chỉ tiêu năm 2026", result.stderr)


def test_annex_workbook_is_not_a_plan_and_plan_is_not_an_annex(tmp_path, annexes_2025, filled_plan):
    result = invoke("build", "plan", "--data", annexes_2025, "-o", tmp_path / "x.docx")
    assert result.exit_code == 2 and "không phải tệp dữ liệu Kế hoạch" in result.stderr
    result = invoke("build", "annual", "--data", filled_plan, "-o", tmp_path / "y.docx")
    assert result.exit_code == 2 and "«plan»" in result.stderr
    result = invoke("forms", "--period", "2026", "--plan-from", annexes_2025, "-o", tmp_path / "z.xlsx")
    assert result.exit_code == 2


def test_plan_of_another_year_does_not_feed_the_forms(tmp_path, filled_plan):
    result = invoke("forms", "--period", "2027", "--plan-from", filled_plan, "-o", tmp_path / "z.xlsx")
    assert result.exit_code == 1 and "năm 2026" in result.stderr


# --- the round trip: annexes N → plan N+1 → annexes N+1 → annual report N+1 ------------------------

def test_round_trip_plan_feeds_next_years_report(tmp_path, filled_plan):
    ann = tmp_path / "phu-luc-2026.xlsx"
    result = invoke("forms", "--period", "2026", "--plan-from", filled_plan, "-o", ann)
    assert result.exit_code == 0, result.stderr
    wb = load_workbook(ann)
    ws = wb[CATALOG.annex("PL2").sheet]
    for iid, plan in (("tin_bai_tre_em", 130), ("buoi_truyen_thong_truc_tiep", 60), ("lop_day_boi", 12)):
        assert annex_cell(ws, "PL2", iid, "plan", Period(2026)).value == plan
    fill_annexes(ann, Period(2026), {("PL2", "tin_bai_tre_em", "current"): 140,
                                     ("PL2", "buoi_truyen_thong_truc_tiep", "current"): 45,
                                     ("PL2", "lop_day_boi", "current"): 12})
    out = tmp_path / "bao-cao-2026.docx"
    result = invoke("build", "--draft", "annual", "--data", ann, "-o", out)
    assert result.exit_code == 0, result.stderr
    text = doc_text(docx.Document(str(out)))
    # II.1 counts the targets; the missed one and the headline one (lớp dạy bơi) are in the text
    assert "Trong 03 chỉ tiêu có kế hoạch năm 2026, 02 chỉ tiêu đạt và vượt kế hoạch (trong đó 01 chỉ tiêu vượt), " \
           "01 chỉ tiêu chưa đạt" in text  # 140/130 vượt, 12/12 đạt, 45/60 chưa đạt
    assert "số buổi truyền thông trực tiếp về công tác trẻ em 45 buổi (kế hoạch 60 buổi)" in text  # named in II.1
    assert "đạt 100% kế hoạch" in text  # 12 / 12


# --- the rendered pages ------------------------------------------------------------------------

@pytest.mark.render
def test_renders_to_pdf(tmp_path, filled_plan):
    from reportgen.docx.pdf import find_soffice, to_pdf
    if not find_soffice():
        pytest.skip("LibreOffice (soffice) is not installed")
    out = tmp_path / "ke-hoach.docx"
    assert invoke("build", "plan", "--data", filled_plan, "-o", out).exit_code == 0
    pdf = to_pdf(out, tmp_path / "ke-hoach.pdf")  # a private LibreOffice profile per call
    assert pdf.exists() and pdf.stat().st_size > 10_000
    if shutil.which("pdfinfo"):
        import subprocess
        info = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", str(pdf)], capture_output=True, text=True).stdout
        sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)
        assert float(sizes[0][0]) < float(sizes[0][1])  # portrait first
        assert float(sizes[-1][0]) > float(sizes[-1][1])  # the appendix in landscape
