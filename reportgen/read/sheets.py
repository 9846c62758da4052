"""The fixed sheets every form carries: identity, "Thông tin chung" and "Nội dung"."""

from __future__ import annotations

IDENTITY_SHEET = "_reportgen"
INFO_SHEET = "Thông tin chung"
NARRATIVE_SHEET = "Nội dung"

# Form kinds stored in the identity sheet.
ANNEX_FORM = "annex"
PLAN_FORM = "plan"

# (key, Vietnamese label, hint) of the "Thông tin chung" sheet, in print order.
INFO_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("unit_name", "Tên đơn vị, địa phương báo cáo", "VD: tỉnh Sơn Hà; xã Hương Phùng"),
    ("level", "Cấp hành chính", "tỉnh hoặc xã (theo data/levels.yaml)"),
    ("parent_agency", "Cơ quan chủ quản", "VD: UBND TỈNH SƠN HÀ (để trống nếu không có)"),
    ("issuer", "Cơ quan ban hành", "VD: SỞ Y TẾ; ỦY BAN NHÂN DÂN"),
    ("issuer_short", "Tên viết tắt cơ quan ban hành (ký hiệu)", "VD: SYT; UBND"),
    ("issuer_name", "Tên cơ quan ban hành viết trong câu", "VD: Sở Y tế tỉnh Sơn Hà; Ủy ban nhân dân xã Tân Lập"),
    ("doc_number", "Số văn bản", "để trống nếu chưa cấp số"),
    ("place", "Địa danh", "VD: Sơn Hà"),
    ("date", "Ngày ban hành", "dd/mm/yyyy; để trống nếu chưa ký"),
    ("signer", "Người ký", "Họ và tên"),
    ("authority", "Quyền hạn ký", "VD: KT. GIÁM ĐỐC; TM. ỦY BAN NHÂN DÂN"),
    ("position", "Chức vụ người ký", "VD: PHÓ GIÁM ĐỐC; CHỦ TỊCH"),
    ("recipients", "Nơi nhận (mỗi dòng một nơi)", "dòng cuối: Lưu: VT, …"),
    ("basis", "Căn cứ (câu mở đầu)", "VD: Thực hiện Công văn số …"),
    ("council", "Hội đồng nhân dân nhận báo cáo", "VD: Hội đồng nhân dân tỉnh Sơn Hà"),
)
INFO_KEYS = tuple(k for k, _, _ in INFO_FIELDS)
