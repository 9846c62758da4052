"""The indicator catalog under data/catalog/: it loads, it matches the seed forms, it is coherent.

The numbers below were counted by hand from the seeds (see data/catalog/*.yaml headers):
Mẫu 01/TE and 02/TE from seed 001 (02/TE also seed 000), PHỤ LỤC 1–7 from seed 003,
the supplementary annex BS from seed 002 (PHỤ LỤC SỐ 01, SỐ 02).
"""

from __future__ import annotations

import re
import shutil
import string
from pathlib import Path

import pytest
import yaml

from reportgen.core import model as m
from reportgen.core.catalog import _ROW_KEYS, _load_catalog_cached, load_catalog
from reportgen.core.errors import CatalogError

CATALOG_DIR = Path(__file__).resolve().parent.parent / "data" / "catalog"

ANNEX_IDS = ["M01", "M02", "PL1", "PL2", "PL3", "PL4", "PL5", "PL6", "PL7", "BS"]

# Placeholders the column headers may use (reportgen.forms.header_vars).
HEADER_FIELDS = {"prev", "cur", "prev_lower", "cur_lower", "year", "next_year", "year_lower"}


@pytest.fixture(scope="module")
def cat():
    return load_catalog(CATALOG_DIR)


@pytest.fixture
def fresh_cache():
    _load_catalog_cached.cache_clear()
    yield
    _load_catalog_cached.cache_clear()


def _indicator_rows(annex: m.Annex) -> list[m.AnnexRow]:
    return [r for r in annex.rows if r.indicator]


# --- loading and shape ----------------------------------------------------------------------

def test_catalog_loads_with_version(cat) -> None:
    assert cat.version.startswith("2025.1+")
    assert len(cat.indicators) > 300


def test_annex_ids_in_order(cat) -> None:
    assert [a.id for a in cat.annexes] == ANNEX_IDS


@pytest.mark.parametrize("annex_id, indicator_rows, refs", [
    ("M01", 54, 0),   # I 8, II 11, III 7, IV 7, V 5, VI 2, VII 6, VIII 6, IX 2
    ("M02", 33, 0),   # I 8, II.1.1 10, II.1.2 10, II.2 2, II.3–5 3
    ("PL1", 12, 0),   # 4 levels x 3 issuing bodies
    ("PL2", 17, 0),   # 1–10 with 7.1, 7.2; 11.1–11.2; 12.1–12.2; 13
    ("PL3", 0, 0),    # a list of training events (records); totals in `indicators:`
    ("PL4", 27, 0),   # 1 + 1.1–1.4 with a/b/c; 2 + 2.1–2.3 with a/b; 2.4; 3
    ("PL5", 24, 0),   # 3 levels x 8 columns (Tổng số is derived)
    ("PL6", 101, 8),  # I 8 (refs to Mẫu 01/TE), II 78, III 9, IV 6
    ("PL7", 57, 5),   # 34 chỉ tiêu with their rate rows; 21 has 5 rows; refs: 1 (2 rows), 14, 18, 19
    ("BS", 69, 4),    # seed 002 rows no other annex has, plus 4 context refs
])
def test_indicator_rows_per_annex(cat, annex_id: str, indicator_rows: int, refs: int) -> None:
    assert len(_indicator_rows(cat.annex(annex_id))) == indicator_rows
    doc = yaml.safe_load((CATALOG_DIR / f"{annex_id.lower()}.yaml").read_text(encoding="utf-8"))
    assert sum("ref" in row for row in doc.get("rows") or []) == refs


@pytest.mark.parametrize("path", sorted(CATALOG_DIR.glob("*.yaml")), ids=lambda p: p.name)
def test_yaml_rows_are_clean(path: Path) -> None:
    """Catches YAML slips the loader lets through, e.g. an unquoted comma in a flow mapping
    (`{group: Xã, phường}` silently becomes a key "phường" with no value)."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    rows = list(doc.get("rows") or []) + list(doc.get("indicators") or [])
    for row in rows:
        assert set(row) <= _ROW_KEYS, (path.name, row)
        assert all(v is not None for v in row.values()), (path.name, row)
        assert sum(k in row for k in ("id", "ref", "group")) == 1, (path.name, row)
        if "tt" in row:
            assert isinstance(row["tt"], str), (path.name, row)  # "1.1" must stay text, not 1.1


def test_pl3_is_a_record_list_summed_into_totals(cat) -> None:
    annex = cat.annex("PL3")
    assert annex.layout == "records" and not annex.rows
    fields = {f["key"]: f for f in annex.record_fields}
    assert list(fields) == ["thoi_gian", "noi_dung", "so_lop", "luot_nam", "luot_nu", "kinh_phi",
                            "don_vi_chu_tri", "don_vi_phoi_hop"]
    assert fields["luot_nam"]["group"] == fields["luot_nu"]["group"] == "Số lượt người tham gia, trong đó"
    assert fields["kinh_phi"]["kind"] == m.MONEY
    totals = {f["total"] for f in annex.record_fields if f.get("total")}
    assert totals == {"pl3_so_lop", "pl3_luot_nam", "pl3_luot_nu", "pl3_kinh_phi"}
    assert all(t in cat.indicators for t in totals)
    assert cat.indicators["pl3_kinh_phi"].unit == "Nghìn đồng"
    assert cat.indicators["pl3_kinh_phi"].noun == "nghìn đồng"


def test_pl5_matrix_cells(cat) -> None:
    annex = cat.annex("PL5")
    assert annex.layout == "matrix"
    ids = [r.indicator for r in annex.rows]
    assert ids[:2] == ["bo_may_tinh_chuyen_trach_nam", "bo_may_tinh_chuyen_trach_nu"]
    assert not any("tong" in i for i in ids)  # "Tổng số" is derived, not an indicator
    yn = cat.indicators["bo_may_huyen_to_chuc_lien_nganh"]
    assert (yn.kind, yn.unit, yn.level) == (m.YESNO, "Có/không", "huyen")
    assert yn.yes_text.startswith("cấp huyện đã có")
    assert cat.indicators["bo_may_xa_mo_hinh_to_chuc"].kind == m.TEXT


@pytest.mark.parametrize("annex_id, roles", [
    ("M01", ["previous", "current", "note"]),
    ("M02", ["previous", "current", "note"]),
    ("PL1", ["detail", "current"]),
    ("PL2", ["previous", "plan", "current", "assessment", "next_plan", "note"]),
    ("PL4", ["previous", "plan", "current", "assessment", "next_plan", "note"]),
    ("PL6", ["previous", "current", "agency"]),
    ("PL7", ["plan", "current", "next_plan", "assessment", "agency"]),
    ("BS", ["previous", "current", "note"]),
])
def test_column_roles(cat, annex_id: str, roles: list[str]) -> None:
    assert cat.annex(annex_id).role_columns() == roles


@pytest.mark.parametrize("annex_id, role, header", [
    ("PL1", "current", "Tổng số"),
    ("PL1", "detail", "Số hiệu, ngày tháng, nội dung"),
    ("PL2", "previous", "Kết quả thực hiện {prev_lower}"),
    ("PL2", "plan", "KH thực hiện năm {year}"),
    ("PL2", "next_plan", "Kế hoạch thực hiện năm {next_year}"),
    ("PL6", "previous", "{prev}"),
    ("PL6", "agency", "Cơ quan chủ trì tham mưu thực hiện"),
    ("PL7", "plan", "Kế hoạch thực hiện năm {year}"),
    ("PL7", "current", "Kết quả thực hiện {cur_lower}"),
])
def test_column_headers(cat, annex_id: str, role: str, header: str) -> None:
    assert {c.role: c.header for c in cat.annex(annex_id).columns}[role] == header


def test_header_placeholders_are_known(cat) -> None:
    for annex in cat.annexes:
        for col in annex.columns:
            names = {f for _, f, _, _ in string.Formatter().parse(col.header) if f}
            assert names <= HEADER_FIELDS, (annex.id, col.header)


def test_unit_note_of_pl4(cat) -> None:
    assert cat.annex("PL4").unit_note == "Đơn vị tính: 1000đ"
    assert {cat.indicators[r.indicator].unit for r in _indicator_rows(cat.annex("PL4"))} == {"Nghìn đồng"}


# --- sample indicators ---------------------------------------------------------------------

@pytest.mark.parametrize("iid, kind, unit, good, parent, annexes", [
    ("tre_em_duoi_16", m.COUNT, "Người", m.NEUTRAL, None, ("BS", "M01", "PL6")),
    ("ty_le_tre_em_duoi_16", m.PERCENT, "%", m.NEUTRAL, None, ("M01", "PL6")),
    ("tre_em_duoi_6", m.COUNT, "Người", m.NEUTRAL, "tre_em_duoi_16", ("M01", "PL6")),
    ("tre_em_nam", m.COUNT, "Trẻ em", m.NEUTRAL, "tre_em_duoi_16", ("BS",)),
    ("ngan_sach_tre_em", m.MONEY, "Triệu đồng", m.UP, None, ("M01",)),
    ("ngan_sach_dia_phuong_cap_huyen", m.MONEY, "Triệu đồng", m.UP, "ngan_sach_dia_phuong", ("M01",)),
    ("thang_hanh_dong_kinh_phi_van_dong", m.MONEY, "Triệu đồng", m.UP, "thang_hanh_dong_kinh_phi", ("M01",)),
    ("trung_thu_kinh_phi_van_dong", m.MONEY, "Triệu đồng", m.UP, "trung_thu_kinh_phi", ("M01",)),
    ("xa_phu_hop_tre_em", m.RATIO, "Xã/phường/thị trấn", m.UP, None, ("M01", "PL7")),
    ("ban_chi_dao_bvte_tinh", m.YESNO, "Có/không", m.UP, None, ("M02",)),
    ("huyen_co_ban_chi_dao_bvte", m.RATIO, "Huyện", m.UP, None, ("M02",)),
    ("xa_co_ban_bvte", m.RATIO, "Xã", m.UP, None, ("M02",)),
    ("can_bo_co_so_ngoai_cong_lap_quan_ly", m.COUNT, "Người", m.UP, "can_bo_co_so_ngoai_cong_lap", ("M02",)),
    ("van_ban_ubnd_huyen", m.COUNT, "Văn bản", m.UP, None, ("PL1",)),
    ("be_boi_thong_minh", m.COUNT, "Cái", m.UP, "be_boi", ("PL2",)),
    ("nguon_luc_ns_huyen_btxh", m.MONEY, "Nghìn đồng", m.UP, "nguon_luc_ns_huyen", ("PL4",)),
    ("muc_phu_cap_cong_tac_vien", m.MONEY, "Nghìn đồng", m.UP, None, ("PL4",)),
    ("tre_em_hcdb", m.COUNT, "Người", m.DOWN, None, ("PL6", "PL7")),
    ("tre_em_mo_coi_ca_cha_me", m.COUNT, "Người", m.DOWN, "tre_em_hcdb", ("PL6",)),
    ("tre_em_tu_ky", m.COUNT, "Người", m.DOWN, "tre_em_khuyet_tat", ("PL6",)),
    ("tre_em_vppl_an_treo", m.COUNT, "Người", m.DOWN, "tre_em_vppl_phat_tu", ("PL6",)),
    ("tre_em_bi_xam_hai_tinh_duc", m.COUNT, "Người", m.DOWN, "tre_em_hcdb", ("BS", "PL6")),
    ("tre_em_bi_hiep_dam", m.COUNT, "Người", m.DOWN, "tre_em_bi_xam_hai_tinh_duc", ("PL6",)),
    ("tre_em_nguy_co_ho_ngheo", m.COUNT, "Người", m.DOWN, "tre_em_nguy_co_ho_ngheo_can_ngheo", ("PL6",)),
    ("tre_em_bi_tntt", m.COUNT, "Người", m.DOWN, "tre_em_hoan_canh_khac", ("PL6", "PL7")),
    ("tre_em_tu_vong_duoi_nuoc", m.COUNT, "Người", m.DOWN, "tre_em_tu_vong_tntt", ("PL6",)),
    ("ty_le_tre_em_hcdb", m.PERCENT, "%", m.DOWN, None, ("PL7",)),
    ("ty_suat_tu_vong_so_sinh", m.PERMILLE, "‰", m.DOWN, None, ("PL7",)),
    ("ty_suat_tu_vong_tntt", m.PERMILLE, "‰", m.DOWN, None, ("PL7",)),
    ("ty_le_tiem_chung_duoi_1_tuoi", m.PERCENT, "%", m.UP, None, ("PL7",)),
    ("so_nguoi_tao_hon_nu", m.COUNT, "Trẻ em", m.DOWN, "so_nguoi_tao_hon", ("PL7",)),
    ("so_cap_tao_hon", m.COUNT, "Cặp", m.DOWN, None, ("PL7",)),
    ("tre_em_bi_xam_hai", m.COUNT, "Trẻ em", m.DOWN, None, ("BS", "PL7")),
    ("tre_em_bi_bao_luc", m.COUNT, "Trẻ em", m.DOWN, "tre_em_bi_xam_hai", ("BS",)),
    ("tre_em_hcdb_duoc_quan_ly", m.COUNT, "Trẻ em", m.UP, None, ("BS",)),
    ("cuoc_thi_hoi_trai", m.COUNT, "Cuộc thi", m.UP, None, ("BS",)),
])
def test_sample_indicator(cat, iid, kind, unit, good, parent, annexes) -> None:
    ind = cat.indicators[iid]
    assert (ind.kind, ind.unit, ind.good, ind.parent) == (kind, unit, good, parent)
    assert tuple(sorted(ind.annexes)) == annexes


def test_section_i_ids_of_m01_are_kept(cat) -> None:
    assert [r.indicator for r in _indicator_rows(cat.annex("M01"))][:8] == [
        "tre_em_duoi_16", "ty_le_tre_em_duoi_16", "tre_em_duoi_6", "ty_le_tre_em_duoi_6", "tre_em_duoi_6_bhyt",
        "tre_em_duoi_6_kcb_bhyt", "nguoi_chua_thanh_nien_16_18", "ty_le_nguoi_chua_thanh_nien_16_18"]


def test_m01_slips_are_fixed(cat) -> None:
    groups = [(r.tt, r.label) for r in cat.annex("M01").rows if r.indicator is None and r.style == "group"]
    assert [tt for tt, _ in groups] == ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"]
    assert dict(groups)["VIII"] == "Tết Trung thu cho trẻ em"
    assert dict(groups)["IX"] == "Diễn đàn trẻ em các cấp"
    row = next(r for r in cat.annex("M01").rows if r.indicator == "thang_hanh_dong_kinh_phi_van_dong")
    assert (row.tt, row.unit) == ("4.2", "Triệu đồng")


def test_m02_public_and_private_rows(cat) -> None:
    rows = {r.indicator: r for r in _indicator_rows(cat.annex("M02"))}
    assert rows["co_so_bvte_ngoai_cong_lap"].label == "Số cơ sở ngoài công lập"  # the seed's slip, fixed
    pub = [i for i in rows if i.endswith("_cong_lap") and not i.endswith("_ngoai_cong_lap")]
    priv = [i for i in rows if i.endswith("_ngoai_cong_lap")]
    assert len(pub) == len(priv) == 8
    for p in pub:
        q = p.replace("_cong_lap", "_ngoai_cong_lap")
        assert q in rows
        assert cat.indicators[p].short != cat.indicators[q].short
    assert cat.indicators["ban_chi_dao_bvte_tinh"].yes_text.startswith("đã có quyết định thành lập, kiện toàn Ban Chỉ đạo")
    assert cat.indicators["ban_chi_dao_bvte_tinh"].no_text.startswith("chưa có quyết định thành lập")
    assert cat.indicators["huyen_co_ban_chi_dao_bvte"].name.startswith("Số quận, huyện, thị xã, thành phố")
    assert cat.indicators["xa_co_ban_bvte"].name.startswith("Số xã, phường, thị trấn")


@pytest.mark.parametrize("annex_id, iid, agency", [
    ("PL6", "tre_em_duoi_16", "Y tế, Cục Thống kê"),
    ("PL6", "tre_em_duoi_6_bhyt", "BHXH"),
    ("PL6", "tre_em_duoi_6_kcb_bhyt", "Y tế"),
    ("PL6", "tre_em_bi_ton_hai_do_bao_luc", "Công an, Văn hóa"),
    ("PL6", "tre_em_bi_bat_coc", "YT, CA, VKS, TA"),
    ("PL7", "lao_dong_tre_em", "Y tế, Nội vụ"),
    ("PL7", "ty_suat_tu_vong_so_sinh", "Y tế"),
    ("PL7", "tre_em_bi_xam_hai", "Công an"),
    ("PL7", "tre_em_duoi_5_duoc_dang_ky_khai_sinh", "Ngành Tư pháp"),
])
def test_agency_text(cat, annex_id: str, iid: str, agency: str) -> None:
    row = next(r for r in cat.annex(annex_id).rows if r.indicator == iid)
    assert row.agency == agency


def test_agency_only_where_the_annex_has_the_column(cat) -> None:
    for annex in cat.annexes:
        if m.AGENCY not in annex.role_columns():
            assert not [r for r in annex.rows if r.agency], annex.id


# --- coherence -----------------------------------------------------------------------------

def test_every_reference_exists(cat) -> None:
    ids = set(cat.indicators)
    for ind in cat.indicators.values():
        for ref in (ind.parent, ind.numerator, ind.denominator):
            assert ref is None or ref in ids, (ind.id, ref)
    for rule in cat.rules:
        for ref in (rule.whole, rule.rate, rule.numerator, rule.denominator, *rule.parts):
            assert ref is None or ref in ids, (rule, ref)
    for annex in cat.annexes:
        for row in annex.rows:
            assert row.indicator is None or row.indicator in ids


def test_no_parent_cycles(cat) -> None:
    for ind in cat.indicators.values():
        seen, cur = set(), ind
        while cur.parent:
            assert cur.id not in seen, ind.id
            seen.add(cur.id)
            cur = cat.indicators[cur.parent]


def test_one_row_per_indicator_in_an_annex(cat) -> None:
    for annex in cat.annexes:
        ids = [r.indicator for r in annex.rows if r.indicator]
        assert len(ids) == len(set(ids)), annex.id


def test_every_indicator_is_printed_or_summed(cat) -> None:
    totals = {f["total"] for a in cat.annexes for f in a.record_fields if f.get("total")}
    for ind in cat.indicators.values():
        assert ind.annexes or ind.id in totals, ind.id


def test_field_values_are_valid(cat) -> None:
    levels = {lv.key for lv in cat.levels} or {"tinh", "huyen", "xa"}
    for ind in cat.indicators.values():
        assert re.fullmatch(r"[a-z][a-z0-9_]*", ind.id)
        assert ind.kind in m.KINDS
        assert ind.good in (m.UP, m.DOWN, m.NEUTRAL), ind.id
        assert ind.aggregate in (m.SUM, m.RATE, m.COUNT_YES, m.RATIO_SUM, m.NONE), ind.id
        assert ind.level is None or ind.level in levels, ind.id
        assert ind.theme in cat.themes, ind.id
        assert ind.name and ind.short, ind.id
        assert ind.short == ind.short.strip() and not ind.short[0].isupper(), ind.id  # lower-case, for sentences
        assert "tỉêu" not in ind.name and "  " not in ind.name, ind.id
        if ind.kind != m.TEXT:
            assert ind.unit, ind.id
        if ind.kind in (m.COUNT, m.MONEY, m.RATIO):
            assert ind.noun, ind.id
        if ind.kind == m.MONEY:
            assert ind.unit in ("Triệu đồng", "Nghìn đồng") and ind.noun == ind.unit.lower(), ind.id
        if ind.kind == m.PERMILLE:
            assert ind.unit == "‰", ind.id
        if ind.kind == m.PERCENT:
            assert ind.unit == "%", ind.id


def test_shorts_are_distinct(cat) -> None:
    shorts = [i.short for i in cat.indicators.values()]
    assert len(shorts) == len(set(shorts))


def test_every_yesno_has_its_sentences(cat) -> None:
    yesno = [i for i in cat.indicators.values() if i.kind == m.YESNO]
    assert len(yesno) == 9
    for ind in yesno:
        assert ind.unit == "Có/không"
        assert ind.yes_text and ind.no_text and ind.yes_text != ind.no_text, ind.id
        assert "{" not in ind.yes_text + ind.no_text, ind.id


def test_every_ratio_has_a_noun(cat) -> None:
    ratios = [i for i in cat.indicators.values() if i.kind == m.RATIO]
    assert ratios
    for ind in ratios:
        assert ind.noun in ("huyện", "xã", "trường"), ind.id
        if ind.noun == "huyện":
            assert ind.level == "huyen", ind.id


def test_district_rows_are_tagged(cat) -> None:
    """Rows about the district level disappear when data/levels.yaml switches it off."""
    for annex in cat.annexes:
        for row in annex.rows:
            ind = cat.indicators.get(row.indicator) if row.indicator else None
            if ind is not None and ind.level:
                assert row.level == ind.level
            if ind is not None and (ind.unit == "Huyện" or re.search(r"\bcấp huyện\b", row.label, re.I)):
                assert row.level == "huyen", (annex.id, row.label)
    huyen = {a.id for a in cat.annexes for r in a.rows if r.level == "huyen"}
    assert huyen == {"M01", "M02", "PL1", "PL4", "PL5", "BS"}


def test_no_total_rows(cat) -> None:
    for annex in cat.annexes:
        assert not [r for r in annex.rows if r.label.strip().lower() == "tổng cộng"], annex.id


# --- polarity --------------------------------------------------------------------------------

FAMILY_ROOTS = ["tre_em_hcdb", "tre_em_nguy_co", "tre_em_hoan_canh_khac", "tre_em_bi_xam_hai", "so_nguoi_tao_hon",
                "tre_em_nguy_co_bi_xam_hai"]
ALSO_DOWN = ["tre_em_bi_tntt", "tre_em_tu_vong_tntt", "tre_em_tu_vong_duoi_nuoc", "tre_em_tu_vong_tai_nan_giao_thong",
             "so_cap_tao_hon", "lao_dong_tre_em", "tre_em_bo_hoc_thcs", "tre_em_bi_bao_luc", "tre_em_bi_mua_ban",
             "ty_suat_tu_vong_duoi_5_tuoi", "ty_le_suy_dinh_duong_chieu_cao", "ty_le_lay_truyen_hiv_me_con"]


def _family(cat, root: str) -> set[str]:
    out = {root}
    grew = True
    while grew:
        grew = False
        for ind in cat.indicators.values():
            if ind.parent in out and ind.id not in out:
                out.add(ind.id)
                grew = True
    return out


def test_abuse_injury_and_special_circumstances_are_down(cat) -> None:
    family = set().union(*(_family(cat, r) for r in FAMILY_ROOTS)) | set(ALSO_DOWN)
    assert len(family) > 100
    for iid in family:
        ind = cat.indicators[iid]
        if "_duoc_" in iid:  # a service to those children: more is better
            assert ind.good == m.UP, iid
        else:
            assert ind.good == m.DOWN, iid


def test_rates_share_their_numerators_polarity(cat) -> None:
    for ind in cat.indicators.values():
        if ind.is_rate and ind.numerator:
            assert ind.good == cat.indicators[ind.numerator].good, ind.id


def test_decrease_targets(cat) -> None:
    for ind in cat.indicators.values():
        if ind.name.startswith("Giảm"):
            assert ind.target_down and ind.good == m.DOWN, ind.id
        if ind.target_down:
            assert ind.good == m.DOWN, ind.id
    pl7 = [cat.indicators[r.indicator] for r in _indicator_rows(cat.annex("PL7"))]
    assert sum(i.kind == m.PERMILLE for i in pl7) == 5


# --- rules -----------------------------------------------------------------------------------

def test_rules_are_well_formed(cat) -> None:
    assert len(cat.rules) > 80
    for rule in cat.rules:
        assert rule.annex in ANNEX_IDS
        if rule.type == "rate":
            rate = cat.indicators[rule.rate]
            assert rate.is_rate
            assert (rate.numerator, rate.denominator) == (rule.numerator, rule.denominator)
            assert rule.scale == (1000 if rate.kind == m.PERMILLE else 100)
            assert rule.tolerance == 0.05
        else:
            assert rule.whole and rule.parts and rule.whole not in rule.parts
            kinds = {cat.indicators[i].kind for i in (rule.whole, *rule.parts)}
            assert kinds <= {m.COUNT, m.MONEY}, rule  # check.py only adds numbers


def test_every_rate_with_both_counts_has_a_rule(cat) -> None:
    ruled = {r.rate for r in cat.rules if r.type == "rate"}
    both = {i.id for i in cat.indicators.values() if i.numerator and i.denominator}
    # BS mục 3: the seed's own figures are computed on all children, not on children at risk.
    assert both - ruled == {"ty_le_tre_em_nguy_co_duoc_quan_ly_tro_giup"}


@pytest.mark.parametrize("type_, whole, parts", [
    ("parts_le_whole", "ngan_sach_tre_em", ("ngan_sach_trung_uong", "ngan_sach_dia_phuong")),
    ("parts_eq_whole", "can_bo_co_so_cong_lap", ("can_bo_co_so_cong_lap_quan_ly", "can_bo_co_so_cong_lap_truc_tiep")),
    ("parts_eq_whole", "tre_em_duoi_16", ("tre_em_nam", "tre_em_nu")),
    ("parts_eq_whole", "thang_hanh_dong_kinh_phi",
     ("thang_hanh_dong_kinh_phi_ngan_sach", "thang_hanh_dong_kinh_phi_van_dong")),
    ("parts_le_whole", "tre_em_mo_coi_ca_cha_me",
     ("tre_em_mo_coi_khong_nguoi_cham_soc", "tre_em_mo_coi_tai_co_so", "tre_em_mo_coi_song_voi_nguoi_than",
      "tre_em_mo_coi_cham_soc_thay_the")),
    ("parts_le_whole", "tre_em_hcdb", ("tre_em_bi_mua_ban",)),
    ("parts_le_whole", "tre_em_tu_vong_tntt", ("tre_em_tu_vong_duoi_nuoc", "tre_em_tu_vong_tai_nan_giao_thong")),
    ("parts_eq_whole", "so_nguoi_tao_hon", ("so_nguoi_tao_hon_nu", "so_nguoi_tao_hon_nam")),
    ("le", "so_nguoi_tao_hon", ("so_cap_tao_hon",)),
])
def test_key_rules(cat, type_: str, whole: str, parts: tuple[str, ...]) -> None:
    assert any(r.type == type_ and r.whole == whole and r.parts == parts for r in cat.rules)


@pytest.mark.parametrize("rate, numerator, denominator, scale", [
    ("ty_le_tre_em_hcdb", "tre_em_hcdb", "tre_em_duoi_16", 100),
    ("ty_le_tre_em_hcdb_duoc_tro_giup", "tre_em_hcdb_duoc_tro_giup", "tre_em_hcdb", 100),
    ("ty_le_tre_em_hcdb_duoc_quan_ly", "tre_em_hcdb_duoc_quan_ly", "tre_em_hcdb", 100),
    ("ty_suat_tre_em_bi_tntt", "tre_em_bi_tntt", "tre_em_duoi_16", 1000),
])
def test_key_rate_rules(cat, rate: str, numerator: str, denominator: str, scale: int) -> None:
    rule = next(r for r in cat.rules if r.type == "rate" and r.rate == rate)
    assert (rule.numerator, rule.denominator, rule.scale) == (numerator, denominator, scale)


def test_seed_002_figures_pass_the_hcdb_rate_rule(cat) -> None:
    """Hương Hóa 2016–2020: HCĐB 74…320 of 31957…37342 children, rates 0.23…0.86%."""
    rule = next(r for r in cat.rules if r.type == "rate" and r.rate == "ty_le_tre_em_hcdb")
    for hcdb, children, rate in ((74, 31957, 0.23), (270, 32532, 0.83), (306, 32854, 0.93), (316, 35402, 0.89),
                                 (320, 37342, 0.86)):
        assert abs(hcdb / children * rule.scale - rate) <= rule.tolerance
    nam_nu = next(r for r in cat.rules if r.type == "parts_eq_whole" and r.whole == "tre_em_duoi_16")
    assert nam_nu.parts == ("tre_em_nam", "tre_em_nu")
    assert 16210 + 15747 == 31957 and 18920 + 18422 == 37342


# --- broken catalogs -------------------------------------------------------------------------

def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path.name, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("fname, old, new, message", [
    ("pl6.yaml", "annex: PL6", "annex: [PL6", "cú pháp YAML"),
    ("pl7.yaml", "ref: tre_em_bi_tntt", "ref: tre_em_bi_tntt_typo", "chưa được định nghĩa"),
    ("m02.yaml", "parent: can_bo_co_so_cong_lap\n", "parent: can_bo_cong_lap\n", "không tồn tại"),
    ("pl4.yaml", "whole: nguon_luc_ns_xa\n", "whole: nguon_luc_ns_xa_typo\n", "không tồn tại"),
    ("pl7.yaml", "id: lao_dong_tre_em\n", "id: tre_em_hcdb\n", "định nghĩa hai lần"),
    ("pl2.yaml", "kind: text", "kind: texte", "không hợp lệ"),
    ("m01.yaml", "    noun: cuộc\n", "    nuon: cuộc\n", "khóa không hợp lệ"),
])
def test_broken_catalog_names_the_file(tmp_path, monkeypatch, fresh_cache, fname, old, new, message) -> None:
    broken = tmp_path / "catalog"
    shutil.copytree(CATALOG_DIR, broken)
    _edit(broken / fname, old, new)
    monkeypatch.setenv("REPORTGEN_CATALOG", str(broken))
    with pytest.raises(CatalogError) as info:
        load_catalog()
    assert message in info.value.message
    assert info.value.file and Path(info.value.file).name == fname


def test_copy_of_the_catalog_loads_from_env(tmp_path, monkeypatch, fresh_cache) -> None:
    shutil.copytree(CATALOG_DIR, tmp_path / "catalog")
    monkeypatch.setenv("REPORTGEN_CATALOG", str(tmp_path / "catalog"))
    assert [a.id for a in load_catalog().annexes] == ANNEX_IDS
