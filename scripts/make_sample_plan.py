"""Write data/samples/ke-hoach-2026.xlsx: the 2026 work plan of the fictional province "tỉnh Sơn Hà".

    python scripts/make_sample_plan.py [OUT.xlsx]

The tasks are adapted from Nghệ An's 2023 plan (seed 003) to 2026: child affairs now belong to
the health sector (Sở Y tế leads), the district level is gone (communes and wards instead), and
departments carry their 2025 names. Budgets are illustrative. The targets sheet is pre-filled from
data/samples/son-ha-2025.xlsx when that workbook exists (last year's result and plan, the
priorities), and every indicator with a 2025 result gets a 2026 target.
"""

from __future__ import annotations

import io
import math
import re
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reportgen.core import model as m  # noqa: E402
from reportgen.facts import compare  # noqa: E402
from reportgen.core.catalog import load_catalog  # noqa: E402
from reportgen.core.period import Period  # noqa: E402
from reportgen.core.plan import Task, Target  # noqa: E402
from reportgen.documents.plan_model import targets_from  # noqa: E402
from reportgen.forms.plan import build_plan_workbook  # noqa: E402
from reportgen.read.workbook import read_workbook  # noqa: E402

YEAR = 2026
SAMPLES = ROOT / "data" / "samples"
ANNEXES = SAMPLES / f"son-ha-{YEAR - 1}.xlsx"

INFO = {
    "unit_name": "tỉnh Sơn Hà",
    "level": "tỉnh",
    "issuer": "ỦY BAN NHÂN DÂN",
    "issuer_short": "UBND",
    "issuer_name": "Ủy ban nhân dân tỉnh Sơn Hà",
    "place": "Sơn Hà",
    "signer": "Trần Thị Bình",
    "authority": "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH",
    "position": "PHÓ CHỦ TỊCH",
    "recipients": "\n".join([
        "Bộ Y tế (để b/c)", "Thường trực Tỉnh ủy (để b/c)", "Thường trực HĐND tỉnh (để b/c)",
        "Chủ tịch, các PCT UBND tỉnh", "Ủy ban MTTQ Việt Nam tỉnh và các tổ chức chính trị - xã hội tỉnh",
        "Các sở, ban, ngành cấp tỉnh", "UBND các xã, phường", "Cổng thông tin điện tử tỉnh",
        "Lưu: VT, VX.",
    ]),
    "basis": "Căn cứ Luật Trẻ em năm 2016; thực hiện hướng dẫn của Bộ Y tế về nhiệm vụ trọng tâm công tác trẻ em "
             f"năm {YEAR}",
    "council": "Hội đồng nhân dân tỉnh Sơn Hà",
}

HEALTH = "Sở Y tế"
PARTNERS = "Các sở, ban, ngành; Ủy ban MTTQ Việt Nam tỉnh và các tổ chức thành viên; UBND các xã, phường"
ALWAYS = "Thường xuyên trong năm"
PROVINCE = "ngân sách tỉnh"
RAISED = "nguồn vận động xã hội"

# (number, content, lead, partners, timing, budget in triệu đồng, source)
TASKS = [
    ("1.1", "Tiếp tục tổ chức thực hiện hiệu quả các nghị quyết, chương trình, đề án, kế hoạch của Trung ương, "
            "của tỉnh về bảo vệ, chăm sóc, giáo dục trẻ em, giải quyết các vấn đề về trẻ em",
     "", "", "", None, ""),
    ("1.1.1", "Tổng kết giai đoạn 2021 - 2025 và xây dựng kế hoạch giai đoạn 2026 - 2030 của Chương trình hành "
              "động vì trẻ em, Chương trình phòng, chống tai nạn, thương tích trẻ em và Kế hoạch phòng, chống "
              "bạo lực, xâm hại trẻ em trên địa bàn tỉnh",
     HEALTH, PARTNERS, "Quý II năm 2026", 120, PROVINCE),
    ("1.1.2", f"Tổ chức Tháng hành động vì trẻ em năm {YEAR}\n"
              "- Hướng dẫn các sở, ngành, địa phương tổ chức các hoạt động của Tháng hành động vì trẻ em theo "
              "chủ đề của Trung ương, phù hợp với tình hình của tỉnh.\n"
              "- Tham mưu Ủy ban nhân dân tỉnh tổ chức Lễ phát động Tháng hành động vì trẻ em cấp tỉnh.",
     HEALTH, "Các sở, ban, ngành, đoàn thể cấp tỉnh; UBND các xã, phường", "Tháng 5 - 6 năm 2026", 350,
     PROVINCE),
    ("1.1.3", f"Tổ chức Tết Trung thu năm {YEAR} cho trẻ em, ưu tiên trẻ em có hoàn cảnh đặc biệt, trẻ em vùng "
              "đồng bào dân tộc thiểu số và miền núi",
     HEALTH, "Tỉnh đoàn; Hội Liên hiệp Phụ nữ tỉnh; UBND các xã, phường", "Tháng 9 năm 2026", 200, RAISED),
    ("1.2", "Đa dạng hóa các hoạt động, hình thức tuyên truyền, phổ biến chính sách, pháp luật về trẻ em, kiến "
            "thức, kỹ năng chăm sóc, bảo vệ, giáo dục trẻ em, chú trọng sản phẩm truyền thông trên môi trường mạng\n"
            "Thông tin về Tổng đài điện thoại quốc gia bảo vệ trẻ em 111 và các dịch vụ bảo vệ trẻ em tại địa "
            "phương đến từng gia đình, lớp học, cộng đồng dân cư và trẻ em.",
     "Sở Văn hóa, Thể thao và Du lịch; Sở Y tế",
     "Các sở, ngành; Báo và Phát thanh, Truyền hình tỉnh; UBND các xã, phường", ALWAYS, 180, PROVINCE),
    ("1.3", "Tập huấn nâng cao năng lực cho cán bộ, cộng tác viên làm công tác trẻ em cấp xã, ưu tiên các xã có "
            "nhiều nguy cơ xảy ra các vụ việc liên quan đến trẻ em",
     HEALTH, "UBND các xã, phường", "Quý III năm 2026", 250, PROVINCE),
    ("2.1", "Về mục tiêu phát triển toàn diện trẻ em, chăm sóc sức khỏe, dinh dưỡng cho trẻ em\n"
            "Đẩy mạnh các giải pháp chăm sóc sức khỏe, dinh dưỡng, sức khỏe tâm thần cho trẻ em; thực hiện hiệu "
            "quả chính sách khám bệnh, chữa bệnh cho trẻ em dưới 6 tuổi, trẻ em có hoàn cảnh đặc biệt, trẻ em "
            "thuộc hộ nghèo; tiêm chủng đầy đủ cho trẻ em.",
     HEALTH, "Các sở, ngành, tổ chức liên quan; UBND các xã, phường", ALWAYS, None, ""),
    ("2.2", "Về mục tiêu giáo dục trẻ em\n"
            "Huy động trẻ em trong độ tuổi đến trường; giảm thiểu tình trạng trẻ em bỏ học, nhất là trẻ em vùng "
            "đồng bào dân tộc thiểu số; xây dựng môi trường giáo dục an toàn, lành mạnh, thân thiện, phòng, chống "
            "bạo lực học đường.",
     "Sở Giáo dục và Đào tạo", "Các sở, ngành liên quan; UBND các xã, phường", ALWAYS, None, ""),
    ("2.3", "Về mục tiêu bảo vệ trẻ em", "", "", "", None, ""),
    ("2.3.1", "Tăng cường hiệu lực, hiệu quả thực hiện chính sách, pháp luật về phòng, chống xâm hại trẻ em; "
              "hỗ trợ, can thiệp kịp thời cho trẻ em bị xâm hại, bạo lực",
     HEALTH, "Công an tỉnh; Sở Giáo dục và Đào tạo; UBND các xã, phường", ALWAYS, 300, PROVINCE),
    ("2.3.2", "Phòng, chống tai nạn, thương tích trẻ em, nhất là đuối nước: dạy bơi an toàn cho trẻ em, cải tạo "
              "điểm học bơi tại sông, hồ, cắm biển báo tại các điểm nguy hiểm",
     HEALTH, "Sở Giáo dục và Đào tạo; Sở Văn hóa, Thể thao và Du lịch; Tỉnh đoàn; UBND các xã, phường",
     "Tháng 4 - 8 năm 2026", 400, RAISED),
    ("2.3.3", "Tuyên truyền, vận động đồng bào vùng dân tộc thiểu số xóa bỏ hủ tục, phòng, chống tảo hôn và hôn "
              "nhân cận huyết thống",
     "Sở Dân tộc và Tôn giáo", "Các sở, ngành, tổ chức liên quan; UBND các xã, phường", ALWAYS, 90, PROVINCE),
    ("2.3.4", "Trợ giúp pháp lý miễn phí cho trẻ em theo quy định của Luật Trợ giúp pháp lý; thực hiện tốt công "
              "tác nuôi con nuôi",
     "Sở Tư pháp", "Các sở, ngành, tổ chức liên quan; UBND các xã, phường", ALWAYS, None, ""),
    ("2.4", "Về mục tiêu văn hóa, vui chơi, giải trí cho trẻ em\n"
            "Quan tâm xây dựng các thiết chế văn hóa, thể thao, điểm vui chơi dành cho trẻ em, nhất là ở địa bàn "
            "kinh tế - xã hội đặc biệt khó khăn.",
     "Sở Văn hóa, Thể thao và Du lịch; Tỉnh đoàn", "Các sở, ngành liên quan; UBND các xã, phường", ALWAYS,
     None, ""),
    ("2.5", "Về mục tiêu sự tham gia của trẻ em vào các vấn đề về trẻ em", "", "", "", None, ""),
    ("2.5.1", f"Tổ chức Diễn đàn trẻ em cấp tỉnh năm {YEAR}",
     HEALTH, "Sở Giáo dục và Đào tạo; Tỉnh đoàn", "Tháng 7 năm 2026", 150, PROVINCE),
    ("2.5.2", "Định kỳ lấy ý kiến, kiến nghị của trẻ em; theo dõi, giám sát việc giải quyết và phản hồi cho trẻ "
              "em; tổ chức gặp gỡ giữa trẻ em với đại biểu Hội đồng nhân dân, lãnh đạo các sở, ngành",
     "Tỉnh đoàn", "Sở Y tế; các sở, ngành liên quan; UBND các xã, phường", ALWAYS, 60, RAISED),
    ("3.1", "Lồng ghép các mục tiêu, chỉ tiêu về trẻ em vào kế hoạch phát triển kinh tế - xã hội, các chương trình "
            "mục tiêu quốc gia của tỉnh",
     "Sở Tài chính", "Sở Y tế; các sở, ngành liên quan", "Theo kỳ xây dựng kế hoạch", None, ""),
    ("3.2", "Thanh tra, kiểm tra việc thực hiện chính sách, pháp luật về trẻ em, phòng, chống xâm hại và đuối "
            "nước trẻ em tại một số xã, phường",
     HEALTH, "Công an tỉnh; UBND các xã, phường", "Quý III - IV năm 2026", 60, PROVINCE),
    ("3.3", "Giải quyết kịp thời khiếu nại, tố cáo về việc thực hiện quyền trẻ em; xử lý nghiêm các hành vi vi "
            "phạm pháp luật về trẻ em",
     "Công an tỉnh; Thanh tra tỉnh", "Các cơ quan, tổ chức liên quan", "Theo thời điểm phát sinh vụ việc",
     None, ""),
    ("3.4", f"Báo cáo Hội đồng nhân dân tỉnh kết quả thực hiện quyền trẻ em, giải quyết các vấn đề về trẻ em năm "
            f"{YEAR}; thu thập chỉ tiêu thống kê về tình hình trẻ em và cập nhật dữ liệu trẻ em",
     HEALTH, "Các sở, ngành; UBND các xã, phường", "Tháng 10 năm 2026", None, ""),
    ("4.1", "Tham mưu bố trí đội ngũ cán bộ làm công tác trẻ em cấp xã",
     "Sở Nội vụ; UBND các xã, phường", "Sở Y tế", ALWAYS, None, ""),
    ("4.2", "Kiện toàn, nâng cao hiệu quả hoạt động của mạng lưới cộng tác viên bảo vệ trẻ em ở thôn, tổ dân phố",
     HEALTH, "UBND các xã, phường", "Quý I năm 2026", 100, PROVINCE),
    ("4.3", "Thực hiện hiệu quả phong trào «Toàn dân chăm sóc, giáo dục và bảo vệ trẻ em» gắn với xây dựng nông "
            "thôn mới, đô thị văn minh",
     "Ủy ban MTTQ Việt Nam tỉnh và các tổ chức thành viên", "Các sở, ngành; UBND các xã, phường", ALWAYS,
     None, ""),
]


# Targets set when data/samples/son-ha-2025.xlsx is not there (no results to start from).
FALLBACK_TARGETS = {
    "ty_le_tiem_chung_duoi_1_tuoi": 97.5,
    "ty_le_suy_dinh_duong_chieu_cao": 18.5,
    "ty_suat_tu_vong_duoi_5_tuoi": 18.0,
    "ty_le_huy_dong_tre_5_tuoi_mau_giao": 99.5,
    "ty_le_tre_em_duoi_5_duoc_dang_ky_khai_sinh": 99.0,
    "ty_le_xa_phu_hop_tre_em": 85.0,
    "lop_day_boi": 120.0,
    "tre_em_duoc_hoc_boi": 6000.0,
}


def next_target(ind: m.Indicator, result):
    """An illustrative target for next year: a little better than this year's result."""
    if result is None or result == "":
        return None
    lower = compare.is_decrease_target(ind)
    if ind.kind == m.YESNO:
        return True
    if ind.kind == m.RATIO:
        if not result.den:
            return None
        return m.Ratio(max(0, result.num - 1) if lower else min(result.den, result.num + 1), result.den)
    if ind.kind in m.RATE_KINDS:
        return round(result * 0.9, 2) if lower else round(min(100.0, result + 1.5), 2)
    if ind.kind == m.MONEY:
        return round(result * 1.1, 1)
    if ind.kind == m.COUNT:
        return float(math.floor(result * 0.9)) if lower else float(math.ceil(result * 1.05))
    return None


def targets() -> dict[str, Target]:
    catalog = load_catalog()
    ds = read_workbook(ANNEXES, catalog) if ANNEXES.exists() else None
    out = targets_from(ds, catalog, YEAR)
    if ds is None:
        for iid, value in FALLBACK_TARGETS.items():
            if iid in out:
                out[iid].target = value
    for t in out.values():
        if t.target in (None, "") and t.result not in (None, ""):
            t.target = next_target(t.indicator, t.result)
    return out


def save_deterministic(wb, path: Path) -> None:
    """Save with fixed zip entry times and document timestamps, so re-running changes nothing."""
    buf = io.BytesIO()
    wb.save(buf)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)",
                              rb"\g<1>2026-01-05T00:00:00Z\g<3>", data)
            z.writestr(zipfile.ZipInfo(info.filename, date_time=(2026, 1, 5, 0, 0, 0)), data,
                       compress_type=zipfile.ZIP_DEFLATED)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(out.getvalue())
    tmp.replace(path)


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else SAMPLES / f"ke-hoach-{YEAR}.xlsx"
    catalog = load_catalog()
    tasks = [Task(n, c, lead=lead, partners=p, timing=t, budget=b, source=s) for n, c, lead, p, t, b, s in TASKS]
    wb = build_plan_workbook(catalog, Period(YEAR), info=INFO, tasks=tasks, targets=targets())
    save_deterministic(wb, out)
    print(out, "(chỉ tiêu lấy từ " + (str(ANNEXES.relative_to(ROOT)) if ANNEXES.exists() else "không có tệp phụ lục")
          + ")")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
