"""Appendices by level and kind, long lists summarised, money in the unit that fits, column
widths from content and the letterhead / trích yếu line breaks (no LibreOffice needed)."""

from __future__ import annotations

import pytest
import yaml

from reportgen.api import load_catalog, read_workbook
from reportgen.core.errors import TemplateError
from reportgen.core.paths import data_dir, outline_dir
from reportgen.docx import measure
from reportgen.docx.letterhead import agency_lines, agency_names, subject_lines
from reportgen.docx.widths import plan_widths
from reportgen.documents import appendix_select as sel
from reportgen.documents.appendix import build_appendices
from reportgen.documents.model import AppendixTable, TableCell


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture(scope="module")
def province(catalog):
    return read_workbook(data_dir() / "samples" / "son-ha-2025.xlsx", catalog)


@pytest.fixture(scope="module")
def commune(catalog):
    return read_workbook(data_dir() / "samples" / "xa" / "xa-tan-lap-2025-H1.xlsx", catalog)


def _entries(name: str):
    return yaml.safe_load((outline_dir() / name).read_text(encoding="utf-8"))["appendices"]


def _titles(tables):
    return [t.title for t in tables]


def _labels(table: AppendixTable) -> list[str]:
    return [c.text if isinstance(c, TableCell) else str(c) for r in table.rows for c in r["cells"][1:2]]


# --- which appendices, which rows ------------------------------------------------------------

def test_outline_lists_catalog_annexes(catalog):
    entries = sel.parse_entries(_entries("bao-cao.yaml"), catalog)
    assert {e.annex for e in entries} <= {a.id for a in catalog.annexes}
    assert next(e for e in entries if e.annex == "PL5").levels == ("tinh",)
    assert next(e for e in entries if e.annex == "PL3").summary == sel.Summary("noi_dung", 40)


def test_hdnd_outline_attaches_only_the_summary_appendices(catalog):
    entries = sel.parse_entries(_entries("bao-cao-hdnd.yaml"), catalog)
    assert [e.annex for e in entries] == ["PL4", "PL6", "PL7"]


@pytest.mark.parametrize("raw,words", [
    ("M01", "danh sách"),
    (["M99"], "M99"),
    ([{"levels": ["xa"]}], "annex"),
    ([{"annex": "PL5", "levels": ["quan"]}], "quan"),
    ([{"annex": "PL3", "summary": {"max_rows": 5}}], "by"),
])
def test_bad_appendices_key_names_the_problem(catalog, raw, words):
    with pytest.raises(TemplateError) as err:
        sel.parse_entries(raw, catalog)
    assert words in str(err.value)


def test_only_the_listed_annexes_in_the_listed_order(catalog, province):
    tables = build_appendices(catalog, province, province.period, "", ["PL7", "M01"])
    assert [t.number for t in tables] == ["Phụ lục I", "Phụ lục II"]
    assert tables[0].title.startswith("KẾT QUẢ THỰC HIỆN CÁC MỤC TIÊU")
    assert tables[1].title.startswith("THỐNG KÊ SỐ LIỆU CƠ BẢN")


def test_a_commune_report_holds_commune_rows_only(catalog, commune):
    assert sel.unit_level(commune.info, catalog) == "xa"
    tables = build_appendices(catalog, commune, commune.period, "", _entries("bao-cao.yaml"))
    documents = next(t for t in tables if "VĂN BẢN CHỈ ĐẠO" in t.title)
    labels = _labels(documents)
    assert "CẤP XÃ" in labels
    assert not {"CẤP TỈNH", "Tỉnh ủy", "CẤP SỞ, NGÀNH VÀ TƯƠNG ĐƯƠNG", "Sở Tư pháp"} & set(labels)
    assert documents.rows[0]["cells"][0] == "I"          # groups numbered again
    assert not any("TỔ CHỨC BỘ MÁY" in t for t in _titles(tables))   # PL5: province reports only


def test_a_province_report_keeps_every_level(catalog, province):
    tables = build_appendices(catalog, province, province.period, "", _entries("bao-cao.yaml"))
    documents = next(t for t in tables if "VĂN BẢN CHỈ ĐẠO" in t.title)
    assert {"CẤP TỈNH", "Tỉnh ủy", "CẤP XÃ"} <= set(_labels(documents))
    assert any("TỔ CHỨC BỘ MÁY" in t for t in _titles(tables))


def test_long_event_list_of_many_units_is_summarised(catalog, province):
    import dataclasses
    topics = [f"Tập huấn chủ đề {i}" for i in range(60)]
    events = [{"thoi_gian": "09/01/2025", "noi_dung": topics[i % 60] if i % 7 else None, "so_lop": 1.0,
               "luot_nam": float(i % 5), "luot_nu": 2.0, "kinh_phi": 1000.0,
               "don_vi_chu_tri": f"Xã {i:05d}", "don_vi_phoi_hop": None} for i in range(2493)]
    ds = dataclasses.replace(province, records={**province.records, "PL3": events})
    table = next(t for t in build_appendices(catalog, ds, ds.period, "", _entries("bao-cao.yaml"))
                 if "BỒI DƯỠNG, TẬP HUẤN" in t.title)
    assert len(table.rows) == 41                      # 40 groups (the last one "other") + total
    assert table.rows[-1]["cells"][2] == "2.493"       # number of events
    counts = [int(r["cells"][2].replace(".", "")) for r in table.rows[:-1]]
    assert sum(counts) == 2493 and counts[0] == max(counts[:-1])  # the largest group first
    assert "khác" in _labels(table)[-2] and "(Không ghi)" in _labels(table)
    assert table.unit_note.startswith("Tổng hợp 2.493 đợt theo nội dung")
    # a short list is printed row by row
    short = next(t for t in build_appendices(catalog, province, province.period, "", _entries("bao-cao.yaml"))
                 if "BỒI DƯỠNG, TẬP HUẤN" in t.title)
    assert len(short.rows) == len(province.records["PL3"]) + 1


def test_money_too_wide_is_printed_in_trieu_dong_with_the_unit_once(catalog, province):
    table = next(t for t in build_appendices(catalog, province, province.period, "", None)
                 if "HUY ĐỘNG NGUỒN LỰC" in t.title)
    assert table.unit_note == "Đơn vị tính: triệu đồng"
    assert "ĐVT" not in [c.text for c in table.header_rows[0]]
    texts = [c for r in table.rows for c in r["cells"] if isinstance(c, str)]
    assert "56.207" in texts and "56.207.000" not in texts and "Nghìn đồng" not in texts
    assert len(table.col_widths_mm) == len(table.col_align) == 10


# --- column widths -----------------------------------------------------------------------------

def _table(rows, ncols=6):
    return AppendixTable(number="Phụ lục I", title="T", header_rows=[[TableCell(h) for h in
                         ["TT", "Chỉ tiêu", "ĐVT", "Năm 2024", "Không đạt KH", "Ghi chú"][:ncols]]],
                         rows=[{"cells": r, "style": "item"} for r in rows],
                         col_widths_mm=[10, 95, 18, 16, 13, 25], col_align=["center", "left", "center",
                                                                            "right", "center", "left"])


@pytest.mark.parametrize("value", ["7", "56.207.000", "123.456.789.012", "107,1%", "09/01/2025"])
def test_columns_hold_their_longest_value_and_the_label_takes_the_rest(value):
    table = _table([["1", "Số trẻ em dưới 16 tuổi", "Người", value, "x", ""]])
    header = [(c.text, i, 1, True, False) for i, c in enumerate(table.header_rows[0])]
    plan = plan_widths(table, 6, 252.0, header)
    assert abs(sum(plan.widths_mm) - 252.0) < 1e-6
    assert plan.widths_mm[3] >= measure.width_mm(value, plan.size_pt) + 2.4
    assert plan.widths_mm[4] >= measure.width_mm("Không", plan.size_pt, bold=True) + 2.4
    assert plan.widths_mm[1] == max(plan.widths_mm)


def test_too_many_wide_columns_shrink_the_font_before_breaking_words():
    money = "987.654.321.987"
    rows = [["1", "Chỉ tiêu", "Nghìn đồng"] + [money] * 7]
    table = AppendixTable(number="I", title="T", header_rows=[[TableCell(f"Cột {i}") for i in range(10)]],
                          rows=[{"cells": r} for r in rows], col_widths_mm=[10, 95, 18] + [16] * 7,
                          col_align=["center", "left", "center"] + ["right"] * 7)
    plan = plan_widths(table, 10, 252.0, [(f"Cột {i}", i, 1, True, False) for i in range(10)])
    assert plan.size_pt < 11 and plan.widths_mm[1] >= 45
    assert all(w >= measure.width_mm(money, plan.size_pt) + 2.4 for w in plan.widths_mm[3:])


# --- letterhead and trích yếu ------------------------------------------------------------------

@pytest.mark.parametrize("text,names", [
    ("ỦY BAN NHÂN DÂN XÃ TÂN LẬP", ["ỦY BAN NHÂN DÂN", "XÃ TÂN LẬP"]),
    ("UBND TỈNH SƠN HÀ", ["UBND", "TỈNH SƠN HÀ"]),
    ("SỞ Y TẾ", ["SỞ Y TẾ"]),
    ("PHÒNG VĂN HÓA - XÃ HỘI PHƯỜNG BẾN THÀNH", ["PHÒNG VĂN HÓA - XÃ HỘI", "PHƯỜNG BẾN THÀNH"]),
    ("ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH"]),
    ("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", ["SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"]),
])
def test_agency_names(text, names):
    assert agency_names(text) == names


@pytest.mark.parametrize("text,lines", [
    ("ỦY BAN NHÂN DÂN XÃ TÂN LẬP", ["ỦY BAN NHÂN DÂN", "XÃ TÂN LẬP"]),
    ("ỦY BAN NHÂN DÂN XÃ A", ["ỦY BAN NHÂN DÂN XÃ A"]),        # fits: one line
    ("SỞ Y TẾ", ["SỞ Y TẾ"]),
    ("UBND XÃ TÂN LẬP", ["UBND XÃ TÂN LẬP"]),
])
def test_letterhead_lines_break_only_between_names(text, lines):
    assert agency_lines(text, 63.0, bold=True) == (lines, 13.0)


def test_a_name_too_long_for_the_column_shrinks_instead_of_breaking():
    lines, size = agency_lines("ỦY BAN NHÂN DÂN THÀNH PHỐ BUÔN MA THUỘT", 63.0, bold=True)
    assert lines == ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ BUÔN MA THUỘT"] and 9 <= size < 13
    assert measure.width_mm("THÀNH PHỐ BUÔN MA THUỘT", size, bold=True) <= 61


@pytest.mark.parametrize("subject", [
    "Kết quả thực hiện công tác trẻ em năm 2025 và phương hướng, nhiệm vụ năm 2026",
    "Kết quả thực hiện công tác trẻ em 6 tháng đầu năm 2025 và phương hướng, nhiệm vụ 6 tháng cuối năm 2025",
    "Kết quả thực hiện quyền trẻ em, giải quyết các vấn đề về trẻ em trên địa bàn xã Tân Lập năm 2025",
    "Kết quả thực hiện quyền trẻ em, giải quyết các vấn đề về trẻ em trên địa bàn thành phố Hồ Chí Minh "
    "6 tháng đầu năm 2025",
])
def test_trich_yeu_lines_are_balanced_and_never_end_with_one_word(subject):
    lines = subject_lines(subject).split("\n")
    assert " ".join(lines) == subject
    assert all(measure.width_mm(line, 14, bold=True) <= 163 for line in lines)
    if len(lines) > 1:
        assert all(len(line.split()) > 1 for line in lines)
        assert not lines[-1].split()[0].isdigit()          # never "năm" / "2026"
    assert subject_lines("Dòng một\nDòng hai") == "Dòng một\nDòng hai"
