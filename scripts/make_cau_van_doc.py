"""Regenerate docs/cau-van.md: each wording rule with one input and the sentence the tool writes.

    python scripts/make_cau_van_doc.py

Every sentence in the document comes from calling reportgen.wording, so the guide cannot drift
from the code; tests/test_wording.py fails when the file is not up to date.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reportgen.facts import compare  # noqa: E402
from reportgen.core import numbers as nf  # noqa: E402
from reportgen.words import wording as w  # noqa: E402
from reportgen.core.model import Indicator, Ratio  # noqa: E402
from reportgen.core.period import Period  # noqa: E402
from reportgen.core.model import Dataset, Value  # noqa: E402
from reportgen.words import compose, figures as fg  # noqa: E402
from reportgen.words.select import PraiseBudget, Rules, select  # noqa: E402

DOC = ROOT / "docs" / "cau-van.md"

KIND_LABELS = {
    "count": "số lượng", "money": "tiền", "percent": "tỷ lệ (%)", "permille": "tỷ suất (‰)",
    "yesno": "có/không", "ratio": "tỷ số x/y",
}
GOOD_LABELS = {"up": "tăng là tốt", "down": "giảm là tốt", "none": "không đánh giá chiều"}


def ind(id: str, name: str, unit: str = "Người", kind: str = "count", **kw) -> Indicator:
    return Indicator(id=id, name=name, unit=unit, kind=kind, **kw)


MONEY_K = ind("kinh_phi_k", "Kinh phí", "Nghìn đồng", "money")
ALLOWANCE = ind("phu_cap", "Mức phụ cấp cho cộng tác viên", "Nghìn đồng", "money")
GROUP_INDICATORS = {i.id: i for i in [
    ind("xam_hai", "Số trẻ em bị xâm hại", "Trẻ em", noun="em", good="down", theme="bv", target_down=True),
    ind("tinh_duc", "Số trẻ em bị xâm hại tình dục", "Trẻ em", noun="em", good="down", parent="xam_hai", theme="bv"),
    ind("mua_ban", "Số trẻ em bị mua bán", "Trẻ em", noun="em", good="down", theme="bv"),
    ind("lop_xa_so_lop", "Số lớp tập huấn cho cán bộ cấp xã", "Lớp", good="up", theme="bv"),
    ind("lop_xa_luot", "Số lượt cán bộ cấp xã được tập huấn", "Lượt người", noun="lượt người", good="up", theme="bv"),
    ind("pano", "Số pano, áp phích", "Chiếc", good="up", theme="bv"),
]}
GROUP_FIGURES = {"xam_hai": (56, 54, 53), "tinh_duc": (34, 33, None), "mua_ban": (2, 0, None), "lop_xa_so_lop": (26, 19, None),
                 "lop_xa_luot": (525, 430, None), "pano": (221, 215, None)}


# The indicators of the examples; the Hương Hóa figures come from seed 002, PHỤ LỤC SỐ 02.
TOTAL = ind("tong_so_tre_em", "Tổng số trẻ em", "trẻ em", noun="em")
NAM = ind("tre_em_nam", "Nam", "trẻ em", noun="em", parent="tong_so_tre_em")
NU = ind("tre_em_nu", "Nữ", "trẻ em", noun="em", parent="tong_so_tre_em")
HCDB = ind("tre_em_hcdb", "Số trẻ em có hoàn cảnh đặc biệt", "trẻ em", noun="em", good="down")
HCDB_RATE = ind("ty_le_hcdb", "Tỷ lệ trẻ em có hoàn cảnh đặc biệt so với tổng số trẻ em", "%",
                "percent", short="tỷ lệ trẻ em có hoàn cảnh đặc biệt", good="down")
HELPED_RATE = ind("ty_le_tro_giup", "Tỷ lệ trẻ em có hoàn cảnh đặc biệt được trợ giúp, chăm sóc",
                  "%", "percent", good="up")
ABUSE = ind("xam_hai", "Số trẻ em bị xâm hại", noun="em", good="down")
UNDER6 = ind("so_tre_em_duoi_6", "Số trẻ em dưới 6 tuổi", noun="em")
COMMUNES = ind("xa_mo_hinh", "Số xã triển khai mô hình", "Xã")
CLASSES = ind("lop_tap_huan", "Số lớp tập huấn", "Lớp", good="up")
FUNDS = ind("kinh_phi", "Kinh phí hỗ trợ mô hình", "Triệu đồng", "money")
VACCINE = ind("tiem_chung", "Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ", "%", "percent",
              good="up")
STUNTING = ind("sdd", "Giảm tỷ lệ trẻ em dưới 5 tuổi bị suy dinh dưỡng thể thấp còi", "%",
               "percent", short="tỷ lệ trẻ em dưới 5 tuổi bị suy dinh dưỡng thể thấp còi",
               good="down", target_down=True)
MORTALITY = ind("tu_vong", "Tỷ suất tử vong trẻ em dưới 1 tuổi", "‰", "permille", good="down")
BOARD = ind("to_chuc", "Quyết định thành lập Ban Chỉ đạo bảo vệ trẻ em cấp tỉnh", "Có/không",
            "yesno", yes_text="tỉnh đã có quyết định thành lập Ban Chỉ đạo bảo vệ trẻ em",
            no_text="tỉnh chưa có quyết định thành lập Ban Chỉ đạo bảo vệ trẻ em")
DISTRICTS = ind("huyen_bcd", "Số huyện có quyết định thành lập Ban Chỉ đạo", "Huyện", "ratio")
HCDB_PARTS = (
    ind("mo_coi", "Trẻ em mồ côi cả cha và mẹ", noun="em"),
    ind("khuyet_tat", "Trẻ em khuyết tật", noun="em"),
    ind("bi_bo_roi", "Trẻ em bị bỏ rơi", noun="em"),
)

Y2017, Y2019, Y2025, H2025 = Period(2017), Period(2019), Period(2025), Period(2025, True)


@dataclass(frozen=True)
class Example:
    rule: str
    indicator: Indicator
    current: Any
    previous: Any
    period: Period
    plan: Any = None
    parts: tuple = ()  # (Indicator, current) pairs for a breakdown

    def text(self) -> str | None:
        if self.parts:
            parts = [(p, v, None) for p, v in self.parts]
            return w.breakdown_sentence(self.indicator, self.current, self.previous, parts,
                                        self.period, self.plan)
        return w.sentence(self.indicator, self.current, self.previous, self.period, self.plan)


SECTIONS: list[tuple[str, list[Example]]] = [
    ("Số lượng tăng, giảm (số liệu huyện Hương Hóa)", [
        Example("Tăng: số tăng và tỷ lệ tăng trong ngoặc", TOTAL, 35402, 32854, Y2019),
        Example("Tăng dưới 1%", TOTAL, 32854, 32532, Period(2018)),
        Example("Giảm", UNDER6, 9000, 10000, Y2025),
        Example("Kinh phí: đơn vị lấy từ cột ĐVT (Triệu đồng → triệu đồng)", FUNDS, 1234.5, 1000, Y2025),
        Example("Thay đổi quá nhỏ, làm tròn thành 0", VACCINE, 97.501, 97.5, Y2025),
        Example("Tỷ lệ tăng dưới 0,01%", TOTAL, 1000001, 1000000, Y2025),
    ]),
    ("Tăng từ 100% trở lên: viết «gấp … lần»", [
        Example("Trẻ em có hoàn cảnh đặc biệt 74 → 270 em (tăng 264,86%)", HCDB, 270, 74, Y2017),
        Example("Tăng đúng 100%", TOTAL, 148, 74, Y2017),
    ]),
    ("Bằng kỳ trước", [
        Example("Báo cáo năm", UNDER6, 9000, 9000, Y2025),
        Example("Báo cáo 6 tháng", UNDER6, 9000, 9000, H2025),
    ]),
    ("Kỳ trước bằng 0, hoặc cả hai kỳ bằng 0", [
        Example("Kỳ trước không có trường hợp nào (không tính tỷ lệ %)", ABUSE, 3, 0, Y2025),
        Example("Cả hai kỳ bằng 0, chỉ tiêu về số vụ việc, trường hợp", ABUSE, 0, 0, Y2025),
        Example("Cả hai kỳ bằng 0, chỉ tiêu khác", COMMUNES, 0, 0, Y2025),
        Example("Kỳ này bằng 0, kỳ trước có", COMMUNES, 0, 3, Y2025),
    ]),
    ("Ô để trống không bao giờ được coi là 0", [
        Example("Kỳ trước để trống", UNDER6, 9000, None, Y2025),
        Example("Kỳ trước để trống, báo cáo 6 tháng", UNDER6, 9000, None, H2025),
        Example("Kỳ này để trống: không viết câu", UNDER6, None, 9000, Y2025),
    ]),
    ("Tỷ lệ: chênh lệch tính bằng điểm phần trăm (số liệu huyện Hương Hóa)", [
        Example("Tỷ lệ tăng", HCDB_RATE, 0.93, 0.83, Period(2018)),
        Example("Tỷ lệ giảm", HCDB_RATE, 0.89, 0.93, Y2019),
        Example("Tỷ lệ không đổi", HELPED_RATE, 100, 100, Y2019),
        Example("Tỷ suất (‰): chênh lệch tính bằng phần nghìn", MORTALITY, 12.5, 13.8, Y2025),
    ]),
    ("Chỉ tiêu có/không và chỉ tiêu dạng x/y", [
        Example("Có, kỳ trước chưa có", BOARD, True, False, Y2025),
        Example("Chưa có, cùng kỳ đã có", BOARD, False, True, H2025),
        Example("Dạng x/y, cùng mẫu số", DISTRICTS, Ratio(7, 7), Ratio(5, 7), H2025),
        Example("Có/không cộng từ nhiều đơn vị (tổng hợp): số đơn vị trả lời «Có»", BOARD, Ratio(5, 7),
                Ratio(4, 7), H2025),
    ]),
    ("Chiều tốt của chỉ tiêu", [
        Example("Chỉ tiêu «giảm là tốt» tăng: chỉ nêu số liệu, không khen", ABUSE, 5, 3, Y2025),
        Example("Chỉ tiêu «tăng là tốt» tăng", CLASSES, 12, 10, Y2025),
    ]),
    ("So với kế hoạch (làm tròn 1 chữ số thập phân)", [
        Example("Đạt kế hoạch", CLASSES, 20, 18, Y2025, plan=20),
        Example("Vượt kế hoạch", CLASSES, 25, 18, Y2025, plan=20),
        Example("Chưa đạt kế hoạch", CLASSES, 16, 18, Y2025, plan=20),
        Example("Báo cáo 6 tháng: so với kế hoạch cả năm", CLASSES, 11, 9, H2025, plan=20),
        Example("Báo cáo 6 tháng, chỉ tiêu giảm: nêu kế hoạch năm", STUNTING, 0.75, 0.85, H2025, plan=0.8),
        Example("Tỷ lệ so với kế hoạch", VACCINE, 97.5, 96.2, Y2025, plan=95),
        Example("Chỉ tiêu giảm «giảm xuống 0,8%» đạt 0,7%: vượt kế hoạch", STUNTING, 0.7, 0.85,
                Y2025, plan=0.8),
    ]),
    ("Tổng số và các thành phần «trong đó»", [
        Example("Hai thành phần (số liệu huyện Hương Hóa)", TOTAL, 35402, 32854, Y2019,
                parts=((NAM, 17937), (NU, 17465))),
        Example("Từ ba thành phần trở lên: có dấu hai chấm", HCDB, 316, 306, Y2019,
                parts=tuple(zip(HCDB_PARTS, (12, 150, 3)))),
    ]),
]

FORMATS = [
    ("Số nguyên", "35402", lambda: nf.fmt_number(35402)),
    ("Số thập phân", "1234,5", lambda: nf.fmt_number(1234.5)),
    ("Làm tròn 2 chữ số, chữ số 5 làm tròn lên", "0,125", lambda: nf.fmt_number(0.125)),
    ("Tỷ lệ phần trăm", "7,76", lambda: nf.fmt_percent_value(7.76)),
    ("Tỷ lệ phần trăm (bỏ số 0 thừa)", "7,80", lambda: nf.fmt_percent_value(7.80)),
    ("Tiền (ĐVT: Triệu đồng)", "1234,5", lambda: nf.fmt_money(1234.5, "triệu đồng")),
    ("Tỷ suất (ĐVT: ‰)", "12,5", lambda: nf.fmt_permille(12.5)),
    ("Chênh lệch hai tỷ lệ", "1,3", lambda: nf.fmt_points(1.3)),
    ("Ngày dưới 10, tháng 1–2", "05/02/2025", lambda: nf.fmt_date(date(2025, 2, 5))),
    ("Tháng từ 3 trở đi", "15/3/2025", lambda: nf.fmt_date(date(2025, 3, 15))),
    ("Địa danh và ngày", "Hương Hóa, 27/5/2020", lambda: nf.fmt_place_date("Hương Hóa", date(2020, 5, 27))),
]


def _input_value(value: Any) -> str:
    if value is None or value == "":
        return "(để trống)"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, Ratio):
        return f"{nf.fmt_number(value.num)}/{nf.fmt_number(value.den)}"
    return nf.fmt_number(value, places=6)  # the figure as typed, not rounded


def _describe(ex: Example) -> list[str]:
    i = ex.indicator
    unit = f"ĐVT: {i.unit}; " if i.unit else ""
    lines = [
        f"- Chỉ tiêu: «{i.name}» ({unit}loại: {KIND_LABELS[i.kind]}; "
        f"{GOOD_LABELS.get(i.good, i.good)}{'; chỉ tiêu giảm' if i.target_down else ''})",
        f"- {ex.period.label}: {_input_value(ex.current)}; "
        f"{ex.period.previous().label_lower}: {_input_value(ex.previous)}"
        + (f"; kế hoạch: {_input_value(ex.plan)}" if ex.plan is not None else ""),
    ]
    for part, value in ex.parts:
        lines.append(f"  - trong đó «{part.name}»: {_input_value(value)}")
    return lines


def _example_block(ex: Example) -> list[str]:
    text = ex.text()
    return [f"**{ex.rule}**", "", *_describe(ex), "",
            f"> {text}" if text else "> (không viết câu)", ""]


RUNNING = [  # (what, how it is given, the call)
    ("Số đếm nhỏ (1–9) có số 0 đứng trước, như văn bản mẫu", "2 vụ", lambda: f"{fg.count_text(2)} vụ"),
    ("Số đếm từ 10", "35402", lambda: fg.count_text(35402)),
    ("Chênh lệch giữ chữ số thường", "tăng 3 em", lambda: "tăng 3 em"),
    ("Tiền trong câu văn: triệu đồng", "544.400 nghìn đồng", lambda: fg.money_text(MONEY_K, 544400)),
    ("Tiền từ 100 triệu: số nguyên", "64.914.000 nghìn đồng", lambda: fg.money_text(MONEY_K, 64914000)),
    ("Mức phụ cấp (tên bắt đầu bằng «Mức»)", "150 nghìn đồng", lambda: fg.money_text(ALLOWANCE, 150)),
    ("Tỷ lệ trong câu văn: 1 chữ số thập phân", "98,57%", lambda: fg.percent_text(98.57)),
    ("Tỷ lệ dưới 1%: 2 chữ số", "0,28%", lambda: fg.percent_text(0.28)),
    ("Sự việc hiếm (tỷ lệ dưới 0,1%): trên 100.000 trẻ em", "56 em / 408.322 trẻ em",
     lambda: f"{fg.per_100k(56, 408322)} trẻ em/100.000 trẻ em"),
]


def _report_section() -> list[str]:
    """How the report body chooses and groups its figures (reportgen.words.select, .compose)."""
    ds = Dataset(period=Period(2025))
    for iid, (cur, prev, plan) in GROUP_FIGURES.items():
        for role, v in (("current", cur), ("previous", prev), ("plan", plan)):
            if v is not None:
                ds.put(iid, role, Value(v))
    src = compose.Source(ds, GROUP_INDICATORS, Period(2025), Rules(watch_themes=("bv",)), "tinh")
    chosen = select(list(GROUP_INDICATORS), ["xam_hai", "mua_ban", "lop_xa_so_lop", "lop_xa_luot"], src.figures, GROUP_INDICATORS,
                    src.rules, False)
    paragraph = " ".join(w.text for w in compose.write(src, chosen, "vd", PraiseBudget(3), ("xam_hai",)))
    return [
        "## Báo cáo gửi đi: chọn số liệu và viết đoạn văn",
        "",
        "Phần lời của báo cáo không nêu mọi chỉ tiêu: các phụ lục mang đủ số liệu, phần lời nêu điều người"
        " đọc ở Ủy ban, Hội đồng nhân dân cần biết, cuối đoạn có «(chi tiết tại Phụ lục …)».",
        "",
        "- Mỗi mục của đề cương có danh sách chỉ tiêu chính (`headline:` trong templates/outline/*.yaml): luôn"
        " được nêu. Tỉnh muốn thêm hay bớt một chỉ tiêu trong phần lời thì sửa danh sách này, không sửa mã;"
        " `headline_for: {xa: [...]}` là danh sách riêng, ngắn hơn, cho báo cáo của xã, phường.",
        "- Ngoài ra chỉ nêu chỉ tiêu đáng chú ý: chỉ tiêu «giảm là tốt» tăng lên; lần đầu xuất hiện (0 → n);"
        " thay đổi lớn cả về tỷ lệ lẫn số tuyệt đối (ngưỡng ở khóa `selection:`). Chỉ tiêu chưa đạt kế hoạch"
        " được nêu tên ở mục II.1 (`missed_in_sections: false`), không nhắc lại ở các mục trên trừ khi là"
        " chỉ tiêu chính.",
        "- Số 0 chỉ nêu khi là tin (không còn trẻ em bị mua bán như năm trước); hoạt động không diễn ra thì bỏ"
        " qua, không viết «Chưa có … nào».",
        "- Nhiều số liệu liên quan trong một câu, cách nhau bằng dấu chấm phẩy; số đếm đặt trước («580 buổi"
        " nói chuyện chuyên đề»); tổng kèm các phần trong ngoặc («trong đó …», nam/nữ không cần «trong đó»,"
        " tối đa `max_parts` phần lớn nhất); số đếm kèm tỷ lệ («chiếm 1,3% tổng số trẻ em»); lớp kèm số lượt"
        " người tham gia; cụm «so với năm …» chỉ viết một lần trong câu.",
        "- Số kỳ trước dưới `small_base` thì không tính phần trăm («tăng 3 em»); thay đổi nhỏ của chỉ tiêu"
        " không phải «giảm là tốt» thì không nêu.",
        "- Báo cáo 6 tháng: kế hoạch là kế hoạch năm («đạt 52% kế hoạch năm»); chỉ tiêu giảm chỉ nêu khi đã"
        " vượt mức trần của cả năm.",
        "- Báo cáo của xã, phường: «Xã đã …», «Toàn phường có …» (theo tên đơn vị) thay cho «đạt 1/1 xã"
        " (100%)»; các mục con chỉ dành cho tỉnh (`levels:`) được gộp vào mục cha, không mất chữ cán bộ đã"
        " viết: mỗi mục con có số liệu (a, b, c… của mục 3.1) thành một đoạn riêng.",
        "- Mục II.1: số chỉ tiêu đạt, vượt, chưa đạt kế hoạch; nêu tên từng chỉ tiêu chưa đạt kèm số liệu và"
        " kế hoạch (tổng trước, các phần «trong đó» sau); vài thay đổi lớn nhất. Báo cáo của xã"
        " (`selection: levels: xa:`) nêu tên tối đa `missed_named` chỉ tiêu chưa đạt đáng chú ý nhất (chỉ tiêu"
        " «giảm là tốt», rồi các tỷ lệ), các chỉ tiêu chưa đạt còn lại được đếm theo nhóm chủ đề.",
        "- Mục tiêu năm sau: «Không để xảy ra trường hợp trẻ em bị xâm hại» khi kế hoạch là 0; «Xã đạt tiêu"
        " chuẩn phù hợp với trẻ em» thay cho «đạt 1/1 xã».",
        "",
        "| Quy ước viết số trong câu văn | Nhập vào | Công cụ viết |",
        "|---|---|---|",
        *(f"| {label} | {given} | {fn()} |" for label, given, fn in RUNNING),
        "",
        "Ví dụ một đoạn (số liệu nhập: "
        + "; ".join(f"{GROUP_INDICATORS[i].name.lower()} {c}" + (f" (năm trước {p})" if p is not None else "")
                    + (f", kế hoạch {k}" if k is not None else "") for i, (c, p, k) in GROUP_FIGURES.items())
        + "):",
        "",
        f"> {paragraph}",
        "",
    ]


def build() -> str:
    out = [
        "# Câu văn so sánh số liệu trong báo cáo",
        "",
        "Tài liệu này do `scripts/make_cau_van_doc.py` tạo ra bằng cách gọi chính các hàm viết câu"
        " của công cụ; không sửa tay (chạy lại `python scripts/make_cau_van_doc.py` sau khi đổi quy tắc)."
        " Mỗi quy tắc có một ví dụ: số liệu nhập vào và câu công cụ viết.",
        "",
        "## Quy tắc chung",
        "",
        "- Số viết theo kiểu Việt Nam: dấu chấm ngăn cách hàng nghìn, dấu phẩy trước phần thập phân.",
        "- Làm tròn: trong câu văn, tỷ lệ và tỷ lệ tăng, giảm lấy 1 chữ số thập phân (7,8%), 2 chữ số khi"
        " tỷ lệ dưới 1% hoặc khi 1 chữ số làm hai số khác nhau trông như nhau; bỏ số 0 thừa; «gấp … lần» và"
        " tỷ lệ đạt kế hoạch lấy 1 chữ số thập phân. Chữ số 5 được làm tròn lên. Bảng phụ lục giữ nguyên số.",
        "- Tăng từ 100% trở lên không viết tỷ lệ phần trăm mà viết «gấp … lần».",
        "- Chênh lệch giữa hai tỷ lệ tính bằng «điểm phần trăm» (tỷ suất ‰: «phần nghìn»),"
        " không tính phần trăm của phần trăm.",
        "- Ô để trống là chưa có số liệu, không bao giờ được coi là 0.",
        "- Chỉ tiêu «giảm là tốt» (trẻ em bị xâm hại, tai nạn, tảo hôn…) tăng thì chỉ nêu số liệu,"
        " không dùng lời khen. Lời đánh giá «cho thấy chuyển biến tích cực» chỉ dùng cho chỉ tiêu có chiều"
        " tốt, thay đổi lớn (xem «selection» trong đề cương), mỗi mục tối đa một lần, cả văn bản tối đa 3 lần;"
        " không bao giờ dùng cho số đếm trung tính (dân số, trẻ em khuyết tật, trẻ em mồ côi…).",
        "- Đạt kế hoạch khi kết quả bằng đúng kế hoạch; tốt hơn là vượt, kém hơn là chưa đạt."
        " Với chỉ tiêu giảm, kế hoạch là mức trần: thấp hơn kế hoạch là vượt.",
        "- Một số cách diễn đạt tương đương (ví dụ «là»/«đạt», vị trí cụm «so với năm …») được chọn"
        " cố định theo mã chỉ tiêu: cùng số liệu thì luôn ra cùng một câu.",
        "",
        "## Cách viết số và ngày",
        "",
        "| Loại | Nhập vào | Công cụ viết |",
        "|---|---|---|",
        *(f"| {label} | {given} | {fn()} |" for label, given, fn in FORMATS),
        "",
        "Cột «Đạt KH / Không đạt KH / Vượt KH»: kết quả 95,238 so với kế hoạch 100 được đánh dấu"
        f" «{compare.assessment_marks(compare.attainment(CLASSES, 95.238, 100))['khong_dat']}» hoặc ghi"
        f" «{compare.assessment_marks(compare.attainment(CLASSES, 95.238, 100), 'percent')['khong_dat']}»"
        " ở cột Không đạt KH.",
        "",
    ]
    out += _report_section()
    for number, (title, examples) in enumerate(SECTIONS, start=1):
        out += [f"## {number}. {title}", ""]
        for ex in examples:
            out += _example_block(ex)
    return "\n".join(out).rstrip("\n") + "\n"


def main() -> None:
    DOC.parent.mkdir(parents=True, exist_ok=True)
    DOC.write_text(build(), encoding="utf-8")
    print(f"Đã ghi {DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
