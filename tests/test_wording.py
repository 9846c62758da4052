import importlib.util
import re
import sys
from dataclasses import replace
from pathlib import Path

import jinja2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen.words import wording as w
from reportgen.core.errors import TemplateError
from reportgen.core.model import Dataset, Indicator, Ratio, Value
from reportgen.core.period import Period

ROOT = Path(__file__).resolve().parents[1]

Y2017, Y2018, Y2019, Y2025 = Period(2017), Period(2018), Period(2019), Period(2025)
H2025 = Period(2025, True)  # "so với cùng kỳ năm 2024"


def ind(id, name, unit="Người", kind="count", **kw):
    return Indicator(id=id, name=name, unit=unit, kind=kind, **kw)


# Hương Hóa, PHỤ LỤC SỐ 02 (seed 002)
TOTAL = ind("tong_so_tre_em", "Tổng số trẻ em", "trẻ em", noun="em")
NAM = ind("tre_em_nam", "Nam", "trẻ em", noun="em", parent="tong_so_tre_em")
NU = ind("tre_em_nu", "Nữ", "trẻ em", noun="em", parent="tong_so_tre_em")
HCDB = ind("tre_em_hcdb", "Số trẻ em có hoàn cảnh đặc biệt", "trẻ em", noun="em", good="down")
HCDB_RATE = ind("ty_le_hcdb", "Tỷ lệ trẻ em có hoàn cảnh đặc biệt so với tổng số trẻ em", "%",
                "percent", short="tỷ lệ trẻ em có hoàn cảnh đặc biệt", good="down")
HELPED_RATE = ind("ty_le_tro_giup", "Tỷ lệ trẻ em có hoàn cảnh đặc biệt được trợ giúp, chăm sóc",
                  "%", "percent", good="up")

# other shapes of indicator
ABUSE = ind("xam_hai", "Số trẻ em bị xâm hại", noun="em", good="down")
DROWNING_CASES = ind("duoi_nuoc", "Số vụ đuối nước trẻ em", "Vụ", good="down")
UNDER6 = ind("so_tre_em_duoi_6", "Số trẻ em dưới 6 tuổi", noun="em")
COMMUNES = ind("xa_mo_hinh", "Số xã triển khai mô hình", "Xã")
CLASSES = ind("lop_tap_huan", "Số lớp tập huấn", "Lớp", good="up")
VISITS = ind("lao_dong", "Số lượt trẻ em được tư vấn", "Lượt", noun="lượt trẻ em")
STAFF = ind("cong_tac_vien", "Số cộng tác viên", "Người")
FUNDS = ind("kinh_phi", "Kinh phí hỗ trợ mô hình", "Triệu đồng", "money")
FUNDS_K = ind("bhyt", "Kinh phí mua thẻ bảo hiểm y tế", "1000đ", "money")
VACCINE = ind("tiem_chung", "Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ", "%", "percent",
              good="up")
STUNTING = ind("sdd", "Giảm tỷ lệ trẻ em dưới 5 tuổi bị suy dinh dưỡng thể thấp còi", "%",
               "percent", short="tỷ lệ trẻ em dưới 5 tuổi bị suy dinh dưỡng thể thấp còi",
               good="down", target_down=True)
MORTALITY = ind("tu_vong", "Tỷ suất tử vong trẻ em dưới 1 tuổi", "‰", "permille", good="down")
BOARD = ind("to_chuc", "Quyết định thành lập Ban Chỉ đạo bảo vệ trẻ em cấp tỉnh", "Có/không",
            "yesno", yes_text="tỉnh đã có quyết định thành lập Ban Chỉ đạo bảo vệ trẻ em",
            no_text="tỉnh chưa có quyết định thành lập Ban Chỉ đạo bảo vệ trẻ em")
CENTRE = ind("tntt", "Tỉnh/thành phố có quyết định thành lập Trung tâm công tác xã hội trẻ em",
             "Có/không", "yesno")
DISTRICTS = ind("huyen_bcd", "Số huyện có quyết định thành lập Ban Chỉ đạo", "Huyện", "ratio")
UBND = ind("lop", "UBND xã ban hành kế hoạch", "Văn bản")
MID_AUTUMN = ind("dien_dan", "Tết Trung thu được tổ chức ở các thôn", "Điểm", good="up")


@pytest.mark.parametrize("indicator, cur, prev, period, expected", [
    # --- Hương Hóa, total children year on year ---
    (TOTAL, 32532, 31957, Y2017, "Tổng số trẻ em là 32.532 em, tăng 575 em (1,8%) so với năm 2016."),
    (TOTAL, 32854, 32532, Y2018, "Tổng số trẻ em là 32.854 em, tăng 322 em (0,99%) so với năm 2017."),
    (TOTAL, 35402, 32854, Y2019, "Tổng số trẻ em là 35.402 em, tăng 2.548 em (7,8%) so với năm 2018."),
    # --- Hương Hóa, HCĐB: the "gấp" rule (74 → 270 is +264,86%) ---
    (HCDB, 270, 74, Y2017, "Số trẻ em có hoàn cảnh đặc biệt là 270 em, so với năm 2016 tăng 196 em (gấp 3,6 lần)."),
    (HCDB, 306, 270, Y2018, "Số trẻ em có hoàn cảnh đặc biệt là 306 em, so với năm 2017 tăng 36 em (13,3%)."),
    (HCDB, 316, 306, Y2019, "Số trẻ em có hoàn cảnh đặc biệt là 316 em, so với năm 2018 tăng 10 em (3,3%)."),
    (TOTAL, 148, 74, Y2017, "Tổng số trẻ em là 148 em, tăng 74 em, gấp 2 lần năm 2016."),
    (TOTAL, 147, 74, Y2017, "Tổng số trẻ em là 147 em, tăng 73 em (98,6%) so với năm 2016."),
    # --- Hương Hóa, rates: points, never a percent of a percent ---
    (HCDB_RATE, 0.83, 0.23, Y2017, "Tỷ lệ trẻ em có hoàn cảnh đặc biệt là 0,83%, tăng 0,6 điểm phần trăm so với năm 2016."),
    (HCDB_RATE, 0.93, 0.83, Y2018, "Tỷ lệ trẻ em có hoàn cảnh đặc biệt là 0,93%, tăng 0,1 điểm phần trăm so với năm 2017."),
    (HCDB_RATE, 0.89, 0.93, Y2019, "Tỷ lệ trẻ em có hoàn cảnh đặc biệt là 0,89%, giảm 0,04 điểm phần trăm so với năm 2018."),
    (HELPED_RATE, 100, 100, Y2019, "Tỷ lệ trẻ em có hoàn cảnh đặc biệt được trợ giúp, chăm sóc là 100%, không thay đổi so với năm 2018."),
    (HELPED_RATE, 100, 100, H2025, "Tỷ lệ trẻ em có hoàn cảnh đặc biệt được trợ giúp, chăm sóc là 100%, bằng cùng kỳ năm 2024."),
    (VACCINE, 97.5, 96.2, Y2025, "Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ đạt 97,5%, so với năm 2024 tăng 1,3 điểm phần trăm."),
    (MORTALITY, 12.5, 13.8, Y2025, "Tỷ suất tử vong trẻ em dưới 1 tuổi là 12,5‰, giảm 1,3 phần nghìn so với năm 2024."),
    # --- counts: fall, equal, six months ---
    (UNDER6, 9000, 10000, Y2025, "Số trẻ em dưới 6 tuổi là 9.000 em, so với năm 2024 giảm 1.000 em (10%)."),
    (UNDER6, 9000, 9000, Y2025, "Số trẻ em dưới 6 tuổi là 9.000 em, không thay đổi so với năm 2024."),
    (UNDER6, 9000, 9000, H2025, "Số trẻ em dưới 6 tuổi là 9.000 em, bằng cùng kỳ năm 2024."),
    (UNDER6, 9500, 9000, H2025, "Số trẻ em dưới 6 tuổi là 9.500 em, so với cùng kỳ năm 2024 tăng 500 em (5,6%)."),
    # --- previous 0, both 0, current 0: no percent, no "0 em" ---
    (ABUSE, 3, 0, Y2025, "Số trẻ em bị xâm hại là 03 em, trong khi năm 2024 không có trường hợp nào."),
    (ABUSE, 3, 0, H2025, "Số trẻ em bị xâm hại là 03 em, trong khi cùng kỳ năm 2024 không có trường hợp nào."),
    (ABUSE, 0, 0, Y2025, "Không xảy ra trường hợp trẻ em bị xâm hại nào, bằng năm 2024."),
    (ABUSE, 0, 0, H2025, "Không xảy ra trường hợp trẻ em bị xâm hại nào, bằng cùng kỳ năm 2024."),
    (ABUSE, 0, 2, Y2025, "Không xảy ra trường hợp trẻ em bị xâm hại nào, giảm 2 em so với năm 2024."),
    (DROWNING_CASES, 0, 0, Y2025, "Không xảy ra vụ đuối nước trẻ em nào, bằng năm 2024."),
    (COMMUNES, 4, 0, Y2025, "Số xã triển khai mô hình là 04 xã, trong khi năm 2024 chưa có xã nào."),
    (COMMUNES, 0, 0, Y2025, "Chưa có xã triển khai mô hình nào, bằng năm 2024."),
    (COMMUNES, 0, 3, Y2025, "Không còn xã triển khai mô hình nào, giảm 3 xã so với năm 2024."),
    (STAFF, 12, 0, Y2025, "Số cộng tác viên là 12 người, trong khi năm 2024 chưa có trường hợp nào."),
    # --- blanks are never 0 ---
    (UNDER6, 9000, None, Y2025, "Số trẻ em dưới 6 tuổi là 9.000 em, chưa có số liệu năm 2024 để so sánh."),
    (UNDER6, 9000, "", H2025, "Số trẻ em dưới 6 tuổi là 9.000 em, chưa có số liệu cùng kỳ năm 2024 để so sánh."),
    (ABUSE, 0, None, Y2025, "Không xảy ra trường hợp trẻ em bị xâm hại nào, chưa có số liệu năm 2024 để so sánh."),
    (UNDER6, None, 9000, Y2025, None),
    (UNDER6, "", 9000, Y2025, None),
    # --- polarity: a rise of a "down" indicator is never praised ---
    (ABUSE, 5, 3, Y2025, "Số trẻ em bị xâm hại là 05 em, so với năm 2024 tăng 2 em (66,7%)."),
    (CLASSES, 12, 10, Y2025, "Số lớp tập huấn là 12 lớp, tăng 2 lớp (20%) so với năm 2024."),
    (CLASSES, 8, 10, Y2025, "Số lớp tập huấn là 08 lớp, giảm 2 lớp (20%) so với năm 2024."),
    (MID_AUTUMN, 40, 30, Y2025, "Tết Trung thu được tổ chức ở các thôn đạt 40 điểm, so với năm 2024 tăng 10 điểm (33,3%)."),
    # --- units: the catalog noun, else the ĐVT lower-cased ---
    (VISITS, 1210, 1000, Y2025, "Số lượt trẻ em được tư vấn là 1.210 lượt trẻ em, tăng 210 lượt trẻ em (21%) so với năm 2024."),
    (STAFF, 149, 140, Y2025, "Số cộng tác viên là 149 người, so với năm 2024 tăng 9 người (6,4%)."),
    (FUNDS, 1234.5, 1000, Y2025, "Kinh phí hỗ trợ mô hình là 1.234 triệu đồng, tăng 234 triệu đồng (23,5%) so với năm 2024."),
    (FUNDS, 150, 0, Y2025, "Kinh phí hỗ trợ mô hình là 150 triệu đồng, trong khi năm 2024 chưa có."),
    (FUNDS, 0, 0, Y2025, "Chưa có kinh phí hỗ trợ mô hình, bằng năm 2024."),
    (FUNDS_K, 72440, 35580, Y2019, "Kinh phí mua thẻ bảo hiểm y tế là 72,4 triệu đồng, tăng 36,9 triệu đồng, gấp 2 lần năm 2018."),
    # --- subject: acronyms and proper nouns keep their capitals ---
    (UBND, 3, 2, Y2025, "UBND xã ban hành kế hoạch là 03 văn bản, tăng 1 văn bản (50%) so với năm 2024."),
    # --- changes too small to print ---
    (VACCINE, 97.501, 97.5, Y2025, "Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ đạt 97,5%, tương đương năm 2024."),
    (TOTAL, 1000001, 1000000, Y2025, "Tổng số trẻ em là 1.000.001 em, tăng 1 em (dưới 0,01%) so với năm 2024."),
    (TOTAL, 1, 20000, Y2025, "Tổng số trẻ em là 01 em, giảm 19.999 em (99,9%) so với năm 2024."),
    # --- yes/no ---
    (BOARD, True, False, Y2025, "Tỉnh đã có quyết định thành lập Ban Chỉ đạo bảo vệ trẻ em (năm 2024 chưa có)."),
    (BOARD, False, True, H2025, "Tỉnh chưa có quyết định thành lập Ban Chỉ đạo bảo vệ trẻ em (cùng kỳ năm 2024 đã có)."),
    (BOARD, True, True, Y2025, "Tỉnh đã có quyết định thành lập Ban Chỉ đạo bảo vệ trẻ em."),
    (BOARD, True, None, Y2025, "Tỉnh đã có quyết định thành lập Ban Chỉ đạo bảo vệ trẻ em."),
    (BOARD, None, True, Y2025, None),
    (CENTRE, True, True, Y2025, "Tỉnh/thành phố có quyết định thành lập Trung tâm công tác xã hội trẻ em."),
    (CENTRE, False, True, Y2025, "Tỉnh/thành phố chưa có quyết định thành lập Trung tâm công tác xã hội trẻ em (năm 2024 đã có)."),
    # --- x/y answers ---
    (DISTRICTS, Ratio(7, 7), Ratio(5, 7), H2025, "Số huyện có quyết định thành lập Ban Chỉ đạo là 7/7 huyện (100%), tăng 2 huyện so với cùng kỳ năm 2024."),
    (DISTRICTS, Ratio(7, 7), Ratio(5, 6), H2025, "Số huyện có quyết định thành lập Ban Chỉ đạo là 7/7 huyện (100%), tăng 16,67 điểm phần trăm so với cùng kỳ năm 2024."),
    (DISTRICTS, Ratio(7, 7), Ratio(7, 7), Y2025, "Số huyện có quyết định thành lập Ban Chỉ đạo là 7/7 huyện (100%), không thay đổi so với năm 2024."),
    (DISTRICTS, Ratio(7, 7), None, Y2025, "Số huyện có quyết định thành lập Ban Chỉ đạo là 7/7 huyện (100%), chưa có số liệu năm 2024 để so sánh."),
])
def test_sentence(indicator, cur, prev, period, expected):
    assert w.sentence(indicator, cur, prev, period) == expected


@pytest.mark.parametrize("indicator, cur, prev, plan, expected", [
    (CLASSES, 20, 18, 20, "Số lớp tập huấn là 20 lớp, tăng 2 lớp (11,1%) so với năm 2024, đạt 100% kế hoạch."),
    (CLASSES, 25, 18, 20, "Số lớp tập huấn là 25 lớp, tăng 7 lớp (38,9%) so với năm 2024, vượt 25% kế hoạch."),
    (CLASSES, 20, 18, 21, "Số lớp tập huấn là 20 lớp, tăng 2 lớp (11,1%) so với năm 2024, chưa đạt kế hoạch (đạt 95,2%)."),
    (CLASSES, 16, 18, 20, "Số lớp tập huấn là 16 lớp, giảm 2 lớp (11,1%) so với năm 2024, chưa đạt kế hoạch (đạt 80%)."),
    (CLASSES, 16, 18, None, "Số lớp tập huấn là 16 lớp, giảm 2 lớp (11,1%) so với năm 2024."),
    (FUNDS, 562, None, 500, "Kinh phí hỗ trợ mô hình là 562 triệu đồng, chưa có số liệu năm 2024 để so sánh, vượt 12,4% kế hoạch."),
    (VACCINE, 97.5, 96.2, 95, "Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ là 97,5%, so với năm 2024 tăng 1,3 điểm phần trăm, vượt kế hoạch đề ra (95%)."),
    (STUNTING, 0.7, 0.85, 0.8, "Tỷ lệ trẻ em dưới 5 tuổi bị suy dinh dưỡng thể thấp còi là 0,7%, so với năm 2024 giảm 0,15 điểm phần trăm, vượt kế hoạch đề ra (giảm xuống 0,8%)."),
    (STUNTING, 0.8, 0.85, 0.8, "Tỷ lệ trẻ em dưới 5 tuổi bị suy dinh dưỡng thể thấp còi là 0,8%, so với năm 2024 giảm 0,05 điểm phần trăm, đạt kế hoạch đề ra (giảm xuống 0,8%)."),
    (STUNTING, 0.9, 0.85, 0.8, "Tỷ lệ trẻ em dưới 5 tuổi bị suy dinh dưỡng thể thấp còi là 0,9%, so với năm 2024 tăng 0,05 điểm phần trăm, chưa đạt kế hoạch đề ra (giảm xuống 0,8%)."),
    (ABUSE, 2, 5, 3, "Số trẻ em bị xâm hại là 02 em, so với năm 2024 giảm 3 em (60%), vượt kế hoạch đề ra (giảm xuống 03 em)."),
    (DISTRICTS, Ratio(6, 7), Ratio(6, 7), Ratio(7, 7), "Số huyện có quyết định thành lập Ban Chỉ đạo là 6/7 huyện (85,7%), không thay đổi so với năm 2024, chưa đạt kế hoạch đề ra (7/7 huyện)."),
    (BOARD, True, False, True, "Tỉnh đã có quyết định thành lập Ban Chỉ đạo bảo vệ trẻ em (năm 2024 chưa có), đạt kế hoạch đề ra."),
])
def test_sentence_with_plan(indicator, cur, prev, plan, expected):
    assert w.sentence(indicator, cur, prev, Y2025, plan=plan) == expected


@pytest.mark.parametrize("indicator, result, plan, expected", [
    (CLASSES, 100, 100, "đạt 100% kế hoạch"),
    (CLASSES, 112.4, 100, "vượt 12,4% kế hoạch"),
    (CLASSES, 95.238, 100, "chưa đạt kế hoạch (đạt 95,2%)"),
    (CLASSES, 80, 100, "chưa đạt kế hoạch (đạt 80%)"),
    (CLASSES, 99.96, 100, "chưa đạt kế hoạch (đạt 99,9%)"),  # never "(đạt 100%)" when not met
    (CLASSES, 100.04, 100, "vượt 0,1% kế hoạch"),  # never "vượt 0%"
    (CLASSES, 3, 0, "vượt kế hoạch đề ra (0 lớp)"),  # plan 0: no share to state
    (CLASSES, None, 100, None),
    (CLASSES, 100, None, None),
    (CLASSES, 100, "", None),
    (MORTALITY, 12.5, 13, "vượt kế hoạch đề ra (giảm xuống 13‰)"),
    (BOARD, False, True, "chưa đạt kế hoạch đề ra"),
])
def test_attainment_phrase(indicator, result, plan, expected):
    assert w.attainment_phrase(indicator, result, plan) == expected


def test_breakdown_huong_hoa_by_sex():
    text = w.breakdown_sentence(TOTAL, 35402, 32854, [(NAM, 17937, 16794), (NU, 17465, 16060)], Y2019)
    assert text == ("Tổng số trẻ em là 35.402 em, tăng 2.548 em (7,8%) so với năm 2018; "
                    "trong đó nam 17.937 em, nữ 17.465 em.")


HCDB_PARTS = [
    ind("mo_coi", "Trẻ em mồ côi cả cha và mẹ", noun="em", parent="tre_em_hcdb"),
    ind("khuyet_tat", "Trẻ em khuyết tật", noun="em", parent="tre_em_hcdb"),
    ind("bi_bo_roi", "Trẻ em bị bỏ rơi", noun="em", parent="tre_em_hcdb"),
    ind("lang_thang", "Số trẻ em lang thang", noun="em", parent="tre_em_hcdb"),
]


@pytest.mark.parametrize("values, expected", [
    ([12, 150, 3, 0], "Số trẻ em có hoàn cảnh đặc biệt là 316 em, so với năm 2018 tăng 10 em (3,3%); "
                      "trong đó: trẻ em mồ côi cả cha và mẹ 12 em, trẻ em khuyết tật 150 em, "
                      "trẻ em bị bỏ rơi 03 em, trẻ em lang thang 0 em."),
    ([12, None, None, None], "Số trẻ em có hoàn cảnh đặc biệt là 316 em, so với năm 2018 tăng 10 em (3,3%); "
                             "trong đó trẻ em mồ côi cả cha và mẹ 12 em."),
    ([None] * 4, "Số trẻ em có hoàn cảnh đặc biệt là 316 em, so với năm 2018 tăng 10 em (3,3%)."),
])
def test_breakdown_children_in_special_circumstances(values, expected):
    parts = [(p, v, None) for p, v in zip(HCDB_PARTS, values)]
    assert w.breakdown_sentence(HCDB, 316, 306, parts, Y2019) == expected


def test_breakdown_without_total_is_none():
    assert w.breakdown_sentence(TOTAL, None, 32854, [(NAM, 17937, None)], Y2019) is None


def test_breakdown_with_plan():
    text = w.breakdown_sentence(CLASSES, 20, 18, [(ind("lop_huyen", "Lớp tại huyện", "Lớp"), 16, None),
                                                  (ind("lop_xa", "Lớp tại xã", "Lớp"), 4, None)],
                                Y2025, plan=20)
    assert text == ("Số lớp tập huấn là 20 lớp, tăng 2 lớp (11,1%) so với năm 2024, đạt 100% kế hoạch; "
                    "trong đó lớp tại huyện 16 lớp, lớp tại xã 04 lớp.")


@pytest.mark.parametrize("indicator, expected", [
    (TOTAL, "tổng số trẻ em"),
    (STUNTING, "tỷ lệ trẻ em dưới 5 tuổi bị suy dinh dưỡng thể thấp còi"),  # short wins
    (UBND, "UBND xã ban hành kế hoạch"),  # acronym
    (MID_AUTUMN, "Tết Trung thu được tổ chức ở các thôn"),  # proper noun
    (ind("x", "Ban Điều hành bảo vệ trẻ em", "Có/không", "yesno"), "Ban Điều hành bảo vệ trẻ em"),
    (ind("x", "  Số   trẻ em\n bị bạo lực ", noun="em"), "số trẻ em bị bạo lực"),
])
def test_subject(indicator, expected):
    assert w.subject(indicator) == expected


@pytest.mark.parametrize("unit, noun, expected", [
    ("Người", None, "người"), ("Triệu đồng", None, "triệu đồng"), ("Lượt", None, "lượt"),
    ("Lớp", None, "lớp"), ("Xã", None, "xã"), ("Xã (P,TT)", None, "xã"), ("Điểm", None, "điểm"),
    ("Cơ sở", None, "cơ sở"), ("Cuộc", None, "cuộc"), ("nghìn đồng", None, "nghìn đồng"),
    ("1000đ", None, "nghìn đồng"), ("Khoá", None, "khóa"), ("Phóng sự", None, "phóng sự"),
    ("Người", "em", "em"), ("Người", "lượt trẻ em", "lượt trẻ em"), ("", None, ""),
])
def test_noun(unit, noun, expected):
    assert w.noun(ind("x", "Số x", unit, noun=noun)) == expected


@pytest.mark.parametrize("indicator, value, expected", [
    (TOTAL, 35402, "35.402 em"),
    (HCDB_RATE, 0.83, "0,83%"),
    (MORTALITY, 12.5, "12,5‰"),
    (FUNDS, 150, "150 triệu đồng"),
    (DISTRICTS, Ratio(7, 7), "7/7 huyện (100%)"),
    (BOARD, True, "có"),
    (TOTAL, None, None),
    (TOTAL, float("nan"), None),
])
def test_value_text(indicator, value, expected):
    assert w.value_text(indicator, value) == expected


def test_variants_are_deterministic_and_both_used():
    a = ind("tong_so_tre_em", "Số trẻ em", noun="em")
    b = ind("tre_em_hcdb", "Số trẻ em", noun="em")
    assert w.sentence(a, 12, 10, Y2025) == "Số trẻ em là 12 em, tăng 2 em (20%) so với năm 2024."
    assert w.sentence(b, 12, 10, Y2025) == "Số trẻ em là 12 em, so với năm 2024 tăng 2 em (20%)."
    up_a, up_b = (ind(i, "Số lớp", "Lớp", good="up") for i in ("lop_tap_huan", "tiem_chung"))
    assert w.sentence(up_a, 5, None, Y2025).startswith("Số lớp là 05 lớp")
    assert w.sentence(up_b, 5, None, Y2025).startswith("Số lớp đạt 05 lớp")
    assert [w.sentence(a, 12, 10, Y2025) for _ in range(3)] == [w.sentence(a, 12, 10, Y2025)] * 3


def test_text_indicators_have_no_sentence():
    assert w.sentence(ind("ghi_chu", "Ghi chú", "", "text"), "abc", "def", Y2025) is None


# --- a dataset: grouping and the jinja helpers ------------------------------------------

CATALOG = {i.id: i for i in (
    replace(TOTAL, annexes=("PL6",), theme="dan_so"), replace(NAM, annexes=("PL6",)),
    replace(NU, annexes=("PL6",)), replace(HCDB, annexes=("PL6",)),
    replace(HCDB_RATE, annexes=("PL6",)), CLASSES)}


def _dataset() -> Dataset:
    ds = Dataset(period=Y2019)
    figures = {
        "tong_so_tre_em": (35402, 32854, None), "tre_em_nam": (17937, 16794, None),
        "tre_em_nu": (17465, 16060, None), "tre_em_hcdb": (316, 306, None),
        "ty_le_hcdb": (0.89, 0.93, None), "lop_tap_huan": (25, 18, 20),
    }
    for iid, (cur, prev, plan) in figures.items():
        for role, v in (("current", cur), ("previous", prev), ("plan", plan)):
            ds.put(iid, role, Value(v))
    return ds


# One engine (issue 12): the figures of a list in one paragraph, parts in brackets.
PL6_SENTENCES = [
    "Toàn tỉnh có 35.402 trẻ em (nam 17.937 em, nữ 17.465 em), tăng 7,8% so với năm 2018; 316 trẻ em có hoàn cảnh đặc biệt, tăng 3,3%. Tỷ lệ trẻ em có hoàn cảnh đặc biệt là 0,89%, giảm 0,04 điểm phần trăm so với năm 2018.",
]

TOTAL_SENTENCE = "Toàn tỉnh có 35.402 trẻ em (nam 17.937 em, nữ 17.465 em), tăng 7,8% so với năm 2018."


def test_indicator_sentences_group_children_with_their_parent():
    ids = ["tre_em_nam", "tong_so_tre_em", "tre_em_nu", "tre_em_hcdb", "ty_le_hcdb"]
    assert w.indicator_sentences(_dataset(), CATALOG, ids, Y2019) == PL6_SENTENCES


def test_indicator_sentences_skip_blank_and_child_alone():
    ds = _dataset()
    # a part listed alone brings its parent: the figure reads inside the total's brackets
    assert w.indicator_sentences(ds, CATALOG, ["tre_em_nu"], Y2019) == [TOTAL_SENTENCE]
    assert w.indicator_sentences(Dataset(period=Y2019), CATALOG, ["tong_so_tre_em"], Y2019) == []


def test_indicator_sentences_unknown_id():
    with pytest.raises(TemplateError, match="không_có"):
        w.indicator_sentences(_dataset(), CATALOG, ["không_có"], Y2019)


def _render(source: str) -> str:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    env.filters.update(w.jinja_filters())
    env.globals.update(w.template_globals(_dataset(), CATALOG, Y2019))
    return env.from_string(source).render()


@pytest.mark.parametrize("source, expected", [
    ('{{ ind("tong_so_tre_em") | compare }}', TOTAL_SENTENCE),
    ('{{ ind("tong_so_tre_em") }}', "35.402 em"),
    ('{{ ind("tong_so_tre_em").previous_text }}', "32.854 em"),
    ('{{ ind("lop_tap_huan") | attainment }}', "vượt 25% kế hoạch"),
    ('{{ ind("lop_tap_huan").marks.vuot }}|{{ ind("lop_tap_huan").percent_marks.vuot }}', "x|125%"),
    ('{{ ind("lop_tap_huan").change.kind }}', "up"),
    ('{{ sentences("PL6") }}', " ".join(PL6_SENTENCES)),
    ('{% for s in sentences("PL6") %}[{{ s }}]{% endfor %}', "".join(f"[{s}]" for s in PL6_SENTENCES)),
    ('{{ sentences("dan_so") }}', TOTAL_SENTENCE),
    ('{{ sentences(["ty_le_hcdb"]) }}', "Tỷ lệ trẻ em có hoàn cảnh đặc biệt là 0,89%, giảm 0,04 điểm phần trăm so với năm 2018."),
    ('{{ 35402 | number }}|{{ 7.76 | percent }}|{{ 12.5 | permille }}|{{ 1.3 | points }}', "35.402|7,76%|12,5‰|1,3 điểm phần trăm"),
    ('{{ 1234.5 | money("triệu đồng") }}|{{ none | number }}|{{ "abc" | percent }}', "1.234,5 triệu đồng||"),
])
def test_jinja_helpers(source, expected):
    assert _render(source) == expected


def test_jinja_dates():
    from datetime import date
    env = jinja2.Environment(autoescape=True)
    env.filters.update(w.jinja_filters())
    out = env.from_string('{{ d | date }}|{{ d | place_date("Hương Hóa") }}').render(d=date(2020, 5, 27))
    assert out == "ngày 27 tháng 5 năm 2020|Hương Hóa, ngày 27 tháng 5 năm 2020"


def test_jinja_unknown_indicator_is_a_template_error():
    with pytest.raises(TemplateError):
        _render('{{ ind("khong_co") }}')


# --- properties: whatever the data, a clean Vietnamese sentence or nothing -----------------

_NUMBERS = st.one_of(
    st.none(), st.just(0), st.just(0.0), st.just(""),
    st.integers(min_value=-10**6, max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=0, max_value=1e-6), st.floats(min_value=1e12, max_value=1e300),
)
_RATIOS = st.builds(Ratio, st.integers(-3, 50), st.integers(-1, 50))
_VALUES = st.one_of(_NUMBERS, st.booleans(), _RATIOS)
_INDICATORS = st.builds(
    Indicator,
    id=st.sampled_from(["a", "tong_so_tre_em", "tre_em_hcdb", "xam_hai", "sdd", "kinh_phi"]),
    name=st.sampled_from(["Số trẻ em bị bạo lực", "Tổng số trẻ em", "Tỷ lệ tiêm chủng",
                          "Kinh phí hỗ trợ", "UBND xã có kế hoạch", "Số vụ đuối nước",
                          "Tỉnh đã có quyết định thành lập Ban Chỉ đạo"]),
    unit=st.sampled_from(["Người", "Triệu đồng", "%", "‰", "Xã", "Có/không", "Huyện", ""]),
    kind=st.sampled_from(["count", "money", "percent", "permille", "yesno", "ratio"]),
    good=st.sampled_from(["up", "down", "none"]),
    noun=st.sampled_from([None, "em", "lượt trẻ em", "cơ sở", "vụ"]),
    short=st.sampled_from([None, "số trẻ em", "tỷ lệ trẻ em được trợ giúp"]),
    target_down=st.booleans(),
)
_PERIODS = st.sampled_from([Y2019, H2025])

_ENGLISH_THOUSANDS = re.compile(r"\d,\d{3}\b")
_ENGLISH_DECIMALS = re.compile(r"\d\.\d{1,2}\b")


def _assert_clean_sentence(text):
    if text is None:
        return
    for bad in ("None", "nan", "inf", "  ", " ,", ",,", "..", "e+"):
        assert bad not in text, (bad, text)
    assert not _ENGLISH_THOUSANDS.search(text), text
    assert not _ENGLISH_DECIMALS.search(text), text
    assert text[0].isupper(), text
    assert text.endswith(".") and not text.endswith(".."), text


@settings(max_examples=250, deadline=None)
@given(_INDICATORS, _VALUES, _VALUES, _VALUES, _PERIODS)
def test_any_data_gives_a_clean_sentence_or_none(indicator, cur, prev, plan, period):
    _assert_clean_sentence(w.sentence(indicator, cur, prev, period, plan=plan))
    phrase = w.attainment_phrase(indicator, cur, plan)
    assert phrase is None or ("None" not in phrase and "nan" not in phrase and "  " not in phrase)


@settings(max_examples=100, deadline=None)
@given(_INDICATORS, _VALUES, _VALUES, st.lists(st.tuples(_INDICATORS, _VALUES, _VALUES), max_size=4),
       _PERIODS)
def test_any_breakdown_gives_a_clean_sentence_or_none(total, cur, prev, parts, period):
    _assert_clean_sentence(w.breakdown_sentence(total, cur, prev, parts, period))


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 10**9), st.integers(1, 10**9))
def test_counts_never_state_a_percent_of_100_or_more(cur, prev):
    text = w.sentence(TOTAL, cur, prev, Y2025)
    pct = re.search(r"\((\d[\d.]*(?:,\d+)?)%\)", text)
    if pct:
        assert float(pct.group(1).replace(".", "").replace(",", ".")) < 100, text
    if cur >= 2 * prev:
        assert "gấp" in text, text


# --- the officers' guide is generated from these functions ---------------------------------

def _doc_script():
    spec = importlib.util.spec_from_file_location("make_cau_van_doc", ROOT / "scripts" / "make_cau_van_doc.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_cau_van_doc_is_up_to_date():
    doc = ROOT / "docs" / "cau-van.md"
    assert doc.read_text(encoding="utf-8") == _doc_script().build(), \
        "docs/cau-van.md is stale: run python scripts/make_cau_van_doc.py"


def _doc_ind(iid, short):
    return Indicator(id=iid, name=short, unit="Văn bản", kind="count", noun="văn bản", short=short)


def test_list_sentence_states_like_figures_together():
    items = [(_doc_ind("a", "số văn bản chỉ đạo do Tỉnh ủy ban hành"), 1),
             (_doc_ind("b", "số văn bản chỉ đạo do Ủy ban nhân dân tỉnh ban hành"), 6),
             (_doc_ind("c", "số văn bản chỉ đạo do các sở, ngành khác ban hành"), 1234)]
    assert w.list_sentence(items) == ("Số văn bản chỉ đạo ban hành: Tỉnh ủy 01 văn bản; Ủy ban nhân dân tỉnh "
                                      "06 văn bản; các sở, ngành khác 1.234 văn bản.")
    assert w.list_sentence(items[:2]) == ("Số văn bản chỉ đạo ban hành: Tỉnh ủy 01 văn bản, "
                                          "Ủy ban nhân dân tỉnh 06 văn bản.")


def test_list_sentence_needs_a_shared_lead():
    items = [(_doc_ind("a", "số văn bản chỉ đạo do Tỉnh ủy ban hành"), 1),
             (_doc_ind("b", "số lớp tập huấn"), 6)]
    assert w.list_sentence(items) is None
    assert w.list_sentence(items[:1]) is None
