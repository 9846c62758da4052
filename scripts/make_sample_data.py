#!/usr/bin/env python3
"""Make the realistic sample data under data/samples/ (deterministic, a few seconds).

    python scripts/make_sample_data.py [OUT_DIR]        # default: data/samples

Writes, for the fictional province «tỉnh Sơn Hà» (112 fictional communes):

* son-ha-2024-H1.xlsx, son-ha-2024.xlsx, son-ha-2025-H1.xlsx, son-ha-2025.xlsx — filled province
  workbooks (every annex of the catalog, the PHỤ LỤC 3 events list, «Thông tin chung», «Nội dung»);
* xa/<commune>-2025-H1.xlsx — six commune workbooks for the first half of 2025, and
  xa-2025/<commune>-2025.xlsx — the same communes for the whole of 2025 (the README's guide
  aggregates the first and builds one annual report per commune from the second);
* units.txt — the communes expected when the commune workbooks are aggregated (one of them, on
  purpose, has no workbook).

The generator is written against the catalog *schema*, not a fixed list of rows: it fills every
indicator the catalog defines. Indicators it knows (SPEC below) get realistic magnitudes; any other
indicator gets a value guessed from its kind, unit and name (listed on stderr as "fallback"), so
re-run the script whenever the catalog changes. Every value passes the catalog rules
(parts ≤ whole, parts = whole, rates recomputed from their counts and rounded to 2 decimals):
the script reads each file back with read_workbook + check_dataset and stops on any error finding.

Time model: one set of values per (year, half, unit). A file for period P takes its «current»
column from P, its «previous» column from the same period of the year before (so 2025-H1's previous
column is exactly 2024-H1's current column), its plan column from the plan of year P.year (halved
for flows when the column header names the six-month period) and its next-plan column from the
plan of year P.year + 1 (so the 2024 files' next plan is the 2025 files' plan).

Nothing depends on the clock or on the Python hash seed: every random draw comes from a
random.Random seeded with a string; zip entry times and docProps timestamps are fixed.
"""

from __future__ import annotations

import argparse
import io
import math
import random
import re
import string
import sys
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from reportgen.core import model as m  # noqa: E402
from reportgen.api import narrative_sections  # noqa: E402
from reportgen.core.catalog import Catalog, load_catalog  # noqa: E402
from reportgen.check.rules import check_dataset  # noqa: E402
from reportgen.core.findings import ERROR  # noqa: E402
from reportgen.forms.annex import (FIRST_DATA_ROW, FIRST_ROLE_COL, ID_COL, TT_COL,  # noqa: E402
                             build_workbook, sheet_columns)
from reportgen.core.period import Period  # noqa: E402
from reportgen.read.workbook import read_workbook  # noqa: E402

SEED = "son-ha/v1"
BASE_YEAR = 2024          # the year SPEC magnitudes describe (province, whole year)
FIRST_YEAR = 2023         # needed for the previous column of the 2024 files
PROVINCE = "tỉnh Sơn Hà"
PROVINCE_NAME = "Sơn Hà"
OUTPUT_PERIODS = (Period(2024, True), Period(2024), Period(2025, True), Period(2025))
COMMUNE_PERIOD = Period(2025, True)
# Commune folders, one per period the README's guide uses: folder -> period.
COMMUNE_FOLDERS = {"xa": COMMUNE_PERIOD, "xa-2025": Period(2025)}
# The sample communes that get a workbook, and the one that is expected but sends nothing.
SAMPLE_COMMUNES = ("phường Ngọc Lâm", "xã Tân Lập", "xã Hòa Bình", "xã Yên Phú", "xã Thạch Sơn",
                   "phường Đông Hải")
MISSING_COMMUNE = "xã Quảng Tiến"
# Deliberately left empty in son-ha-2025-H1.xlsx so the report shows the «[Nội dung cần bổ sung…]»
# placeholder and `reportgen check` warns about it: section 5 (thanh tra, kiểm tra, giám sát …).
EMPTY_SECTION = ("2025-H1", "A.I.5")
FIXED_ZIP_TIME = (2025, 1, 1, 0, 0, 0)
FIXED_XML_TIME = b"2025-01-01T00:00:00Z"


# =============================================================================== randomness

def rng(*key) -> random.Random:
    """A generator seeded by a string: the same key gives the same draws on every machine."""
    return random.Random("|".join(str(k) for k in (SEED,) + key))


def poisson(r: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    if mean > 40:
        return max(0, round(r.gauss(mean, math.sqrt(mean))))
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= r.random()
        if p <= limit:
            return k
        k += 1


def binomial(r: random.Random, n: int, p: float) -> int:
    p = min(max(p, 0.0), 1.0)
    if n <= 0:
        return 0
    if n > 300:
        return min(n, max(0, round(r.gauss(n * p, math.sqrt(n * p * (1 - p)) or 0.0))))
    return sum(1 for _ in range(n) if r.random() < p)


# =============================================================================== communes

_FIRST = ("An", "Bình", "Cẩm", "Đông", "Đức", "Gia", "Hòa", "Hồng", "Hưng", "Kim", "Lạc", "Long",
          "Minh", "Ngọc", "Nghĩa", "Phú", "Phúc", "Quảng", "Quang", "Sơn", "Tân", "Thanh", "Thạch",
          "Thượng", "Trung", "Vĩnh", "Xuân", "Yên", "Hải", "Mỹ", "Tiên", "Văn", "Hoàng", "Châu")
_SECOND = ("Bình", "Lập", "Lâm", "Phú", "Hòa", "Sơn", "Thủy", "Hà", "Xuân", "Lộc", "Thịnh", "Tiến",
           "Hưng", "Phong", "Thành", "Hợp", "Mỹ", "Khê", "Trạch", "Giang", "Đồng", "Linh", "An",
           "Hải", "Châu", "Tân", "Yên", "Trung", "Phúc", "Quang")
N_COMMUNES = 112
N_WARDS = 18
# Children under 16 in 2024 for a few named communes (the rest are drawn and scaled).
FIXED_POP = {"phường Ngọc Lâm": 18640, "phường Đông Hải": 11230, "xã Tân Lập": 5120,
             "xã Hòa Bình": 2380, "xã Yên Phú": 3460, "xã Thạch Sơn": 1870, "xã Quảng Tiến": 2960}
PROVINCE_CHILDREN_2024 = 402_000


@dataclass
class Commune:
    name: str           # "xã Tân Lập"
    kind: str           # "xã" | "phường"
    base_pop: int       # children under 16 in BASE_YEAR
    growth: float       # yearly factor of the child population
    child_share: float  # children / total population in BASE_YEAR

    @property
    def key(self) -> str:
        return slug(self.name)

    @property
    def short(self) -> str:
        return self.name.split(" ", 1)[1]

    def pop(self, year: int, half: bool = False) -> int:
        t = year - BASE_YEAR - (0.5 if half else 0.0)
        return round(self.base_pop * self.growth ** t)

    def total_pop(self, year: int, half: bool = False) -> int:
        t = year - BASE_YEAR - (0.5 if half else 0.0)
        return round(self.pop(year, half) / (self.child_share - 0.0015 * t))

    @property
    def villages(self) -> int:
        return max(4, round(self.base_pop / 290))

    @property
    def schools(self) -> int:
        return max(2, round(self.base_pop / 760))


def slug(text: str) -> str:
    t = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    t = "".join(c for c in t if unicodedata.category(c) != "Mn").lower()
    return re.sub(r"[^a-z0-9]+", "-", t).strip("-")


def make_communes() -> list[Commune]:
    r = rng("communes")
    names: list[str] = list(FIXED_POP)
    pairs = [f"{a} {b}" for a in _FIRST for b in _SECOND if a != b]
    r.shuffle(pairs)
    used = {n.split(" ", 1)[1] for n in names} | {PROVINCE_NAME}
    wards = sum(1 for n in names if n.startswith("phường"))
    for p in pairs:
        if len(names) >= N_COMMUNES:
            break
        if p in used:
            continue
        used.add(p)
        kind = "phường" if wards < N_WARDS else "xã"
        wards += kind == "phường"
        names.append(f"{kind} {p}")
    weights = {}
    for n in names:
        if n in FIXED_POP:
            continue
        mu = 7200 if n.startswith("phường") else 2900
        weights[n] = r.lognormvariate(math.log(mu), 0.5)
    rest = PROVINCE_CHILDREN_2024 - sum(FIXED_POP.values())
    scale = rest / sum(weights.values())
    out = []
    for n in names:
        pop = FIXED_POP.get(n) or max(900, round(weights[n] * scale))
        rc = rng("commune", slug(n))
        out.append(Commune(n, n.split(" ", 1)[0], pop, rc.uniform(1.006, 1.026),
                           rc.uniform(0.225, 0.30) if not n.startswith("phường") else rc.uniform(0.20, 0.25)))
    out.sort(key=lambda c: (c.kind != "phường", slug(c.short)))
    return out


COMMUNES = make_communes()
COMMUNE_BY_NAME = {c.name: c for c in COMMUNES}


# =============================================================================== context

@dataclass(frozen=True)
class Ctx:
    """Whose values, for when: the province (commune None) or one commune; a year or its first half."""

    year: int
    half: bool = False
    commune: Commune | None = None
    plan: bool = False

    @property
    def unit_key(self) -> str:
        return self.commune.key if self.commune else "tinh"

    @property
    def t(self) -> float:
        return self.year - BASE_YEAR - (0.5 if self.half else 0.0)

    def pop(self) -> int:
        if self.commune:
            return self.commune.pop(self.year, self.half)
        return sum(c.pop(self.year, self.half) for c in COMMUNES)

    def total_pop(self) -> int:
        if self.commune:
            return self.commune.total_pop(self.year, self.half)
        return sum(c.total_pop(self.year, self.half) for c in COMMUNES)

    def share(self) -> float:
        """The unit's share of the province (by children): scales extensive magnitudes."""
        if not self.commune:
            return 1.0
        return self.commune.pop(self.year) / sum(c.pop(self.year) for c in COMMUNES)


# =============================================================================== specs

@dataclass
class Spec:
    v: float | None = None        # province, whole BASE_YEAR, in the indicator's unit
    flow: str = "stock"           # stock | flow (H1 ≈ h1 × year) | h1event | h2event (blank in H1)
    g: float = 1.0                # yearly trend factor
    sd: float | None = None       # yearly relative noise
    share: float | None = None    # value = share × value of `of` (default: the catalog parent)
    of: str | None = None
    strend: float = 0.0           # yearly change of `share`
    cshare: float | None = None   # `share` in a commune's own workbook, when it differs
    fn: Callable | None = None    # derived: fn(ctx, vec) -> value (recomputed, never noised)
    deps: tuple = ()
    micro: Callable | None = None  # per-commune value: micro(commune, year, half); province = sum
    pct: tuple | None = None      # count = den(ctx, vec) × pct(level, yearly trend) / 100
    den: Callable | None = None   # hidden denominator of a rate that has only a numerator
    rate: tuple | None = None     # (level, yearly trend) of a rate without its counts in the catalog
    ratio: tuple | None = None    # (province denominator, share reached in BASE_YEAR, yearly trend)
    local: bool = True            # False: province-level only, blank in commune workbooks
    intensive: bool = False       # not scaled to the commune's size (a rate, a per-person amount)
    blank: tuple = ()             # years left blank (the officer had no figure: not a zero)
    years: dict | None = None     # province value fixed by year (zero → nonzero cases)
    h1: float = 0.45              # share of a flow that happens in the first half
    text: Callable | None = None  # text(ctx, role) for kind text
    fallback: bool = False

    def __post_init__(self):
        if self.sd is None:
            self.sd = 0.12 if self.flow != "stock" else 0.02


def S(v=None, **kw) -> Spec:
    return Spec(v=v, **kw)


def F(v=None, **kw) -> Spec:
    kw.setdefault("flow", "flow")
    return Spec(v=v, **kw)


def total(*ids, scale: float = 1.0) -> Callable:
    def fn(ctx, vec):
        vals = [vec.get(i) for i in ids]
        vals = [v for v in vals if isinstance(v, (int, float)) and not isinstance(v, bool)]
        return round(sum(vals) * scale) if vals else None
    fn.deps = ids
    return fn


def per(count_id: str, lo: int, hi: int) -> Spec:
    """Participants of classes/sessions: the count of classes × a plausible class size."""
    def fn(ctx, vec):
        n = vec.get(count_id)
        if not _is_num(n):
            return None
        r = rng("per", count_id, ctx.year, ctx.half, ctx.unit_key, ctx.plan)
        return round(n * r.uniform(lo, hi))
    fn.deps = (count_id,)
    return D(fn, flow="flow")


def D(fn: Callable, flow: str = "stock", **kw) -> Spec:
    extra = tuple(kw.pop("deps", ()))
    return Spec(fn=fn, deps=tuple(getattr(fn, "deps", ())) + extra, flow=flow, **kw)


# Hidden denominators (populations the catalog does not carry).
def den_total_pop(ctx, vec):
    return ctx.total_pop()


def den_of(iid: str, factor: float) -> Callable:
    def fn(ctx, vec):
        v = vec.get(iid)
        return None if not isinstance(v, (int, float)) or isinstance(v, bool) else v * factor
    fn.deps = (iid,)
    return fn


def den_5_17(ctx, vec):
    a, b = vec.get("tre_em_duoi_16"), vec.get("nguoi_chua_thanh_nien_16_18")
    return None if a is None else a * 11 / 16 + (b or 0)


den_5_17.deps = ("tre_em_duoi_16", "nguoi_chua_thanh_nien_16_18")
DEN_DUOI_5 = den_of("tre_em_duoi_6", 5 / 6)
DEN_DEN_8 = den_of("tre_em_duoi_16", 9 / 16)
DEN_TU_7 = den_of("tre_em_duoi_16", 9 / 16)
DEN_TU_11 = den_of("tre_em_duoi_16", 5 / 16)
DEN_THCS = den_of("tre_em_duoi_16", 4 / 16 * 0.97)
DEN_U16 = den_of("tre_em_duoi_16", 1.0)
DEN_KT_HOC = den_of("tre_em_khuyet_tat", 0.58)


def PCT(den: Callable, level: float, trend: float, cap: float = 99.9, **kw) -> Spec:
    """A count generated from a rate of a hidden population (the rate row is then recomputed)."""
    return Spec(pct=(level, trend, cap), den=den, deps=tuple(getattr(den, "deps", ())), **kw)


# --- per-commune stocks (the province figure is the sum over the 112 communes) -------------

def _flip(c: Commune, key: str, year: int, p: float = 0.1) -> int:
    r = rng("flip", c.key, key, year)
    return 0 if r.random() >= p else (1 if r.random() < 0.5 else -1)


def achieved(key: str, frac: float, trend: float, lag: bool = False) -> Callable:
    """True once the commune has reached it (monotone in time); `lag`: judged at year end."""
    def fn(c: Commune, year: int, half: bool):
        y = year - 1 if (half and lag) else year
        return rng("achieved", c.key, key).random() < frac + trend * (y - BASE_YEAR)
    return fn


def schools_with(key: str, frac: float, trend: float) -> Callable:
    def fn(c: Commune, year: int, half: bool):
        n = c.schools
        return (binomial(rng("schools", c.key, key), n, frac + trend * (year - BASE_YEAR)), n)
    return fn


def staff(key: str, base_p: float, male_p: float, male: bool) -> Callable:
    def fn(c: Commune, year: int, half: bool):
        r = rng("staff", c.key, key)
        n = (1 if r.random() < base_p else 0) + (1 if key == "kiem_nhiem" else 0) + (
            1 if key == "kiem_nhiem" and r.random() < 0.35 else 0)
        n = max(0, n + _flip(c, key, year, 0.08))
        men = binomial(rng("staff-sex", c.key, key, n), n, male_p)
        return men if male else n - men
    return fn


def ctv(male: bool) -> Callable:
    def fn(c: Commune, year: int, half: bool):
        n = max(0, c.villages - (1 if rng("ctv", c.key, year).random() < 0.15 else 0))
        men = binomial(rng("ctv-sex", c.key, n), n, 0.36)
        return men if male else n - men
    return fn


def BVTE_PERSON(c: Commune, year: int, half: bool) -> bool:
    """The commune has a person doing child-protection work (Mẫu 01/TE III.3 and the BS annex)."""
    return rng("bvte", c.key).random() < 0.93 + 0.02 * (year - BASE_YEAR)


def pop_micro(c: Commune, year: int, half: bool) -> int:
    return c.pop(year, half)


def _by_year(values: dict) -> Callable:
    return lambda ctx, role=None: values.get(ctx.year, values.get(max(values)))


def _tao_hon_text(ctx, role):
    if role in ("plan", "next_plan"):
        return "Giảm 10% số cặp tảo hôn so với năm trước; không để phát sinh hôn nhân cận huyết thống"
    return ("Số cặp tảo hôn giảm so với cùng kỳ; không phát sinh hôn nhân cận huyết thống" if ctx.year >= 2025
            else "Duy trì mức giảm số cặp tảo hôn; không phát sinh hôn nhân cận huyết thống")


def _pl2_other(ctx, role):
    if role != "current" or ctx.commune:
        return None
    return {
        (2023, True): None,
        (2023, False): "Tổ chức Hội thi «Em yêu an toàn giao thông» cho học sinh tiểu học",
        (2024, True): "Lắp đặt 12 bảng tin bảo vệ trẻ em tại nhà văn hóa thôn",
        (2024, False): "Lắp đặt 25 bảng tin bảo vệ trẻ em tại nhà văn hóa thôn; Hội thi tuyên truyền phòng, chống xâm hại trẻ em",
        (2025, True): None,
        (2025, False): "Ra mắt chuyên mục «Vì trẻ em» trên trang thông tin điện tử của tỉnh",
    }.get((ctx.year, ctx.half))


def _mo_hinh(level: str) -> Callable:
    def fn(ctx, role):
        if level == "tinh":
            sở = "Sở Y tế" if ctx.year >= 2025 else "Sở Lao động - Thương binh và Xã hội"
            return f"Phòng Bảo trợ xã hội - Trẻ em thuộc {sở}"
        if level == "huyen":
            return "Phòng Lao động - Thương binh và Xã hội"
        return "Công chức Văn hóa - Xã hội kiêm nhiệm"
    return fn


# The magnitudes: province «tỉnh Sơn Hà», whole year 2024 (≈ 402.000 children under 16).
SPEC: dict[str, Spec] = {
    # ---- Mẫu 01/TE I. Dân số trẻ em
    "tre_em_duoi_16": S(micro=pop_micro),
    "ty_le_tre_em_duoi_16": S(den=den_total_pop),
    "tre_em_duoi_6": S(share=0.368, strend=-0.003, of="tre_em_duoi_16"),
    "ty_le_tre_em_duoi_6": S(den=den_total_pop),
    "tre_em_duoi_6_bhyt": S(share=0.972, strend=0.004, of="tre_em_duoi_6"),
    "tre_em_duoi_6_kcb_bhyt": F(share=1.32, of="tre_em_duoi_6_bhyt", h1=0.48),
    "nguoi_chua_thanh_nien_16_18": S(share=0.128, of="tre_em_duoi_16"),
    "ty_le_nguoi_chua_thanh_nien_16_18": S(den=den_total_pop),
    # ---- II. Nguồn kinh phí (triệu đồng)
    "ngan_sach_tre_em": F(64200, g=1.06, sd=0.06),
    "ngan_sach_trung_uong": F(18600, sd=0.06),
    "ngan_sach_dia_phuong": F(43800, sd=0.05, cshare=0.45),
    "ngan_sach_dia_phuong_qua_so": F(27100, local=False, sd=0.05),
    "ngan_sach_dia_phuong_qua_so_chuong_trinh": F(1950, local=False),
    "ngan_sach_dia_phuong_cac_nganh": F(9600, local=False, sd=0.05),
    "ngan_sach_dia_phuong_cap_huyen": F(3800),
    "ngan_sach_dia_phuong_cap_xa": F(4750, sd=0.06, cshare=0.82),
    "kinh_phi_van_dong_khac": F(6850, g=1.04),
    "kinh_phi_van_dong_quy_bao_tro": F(5020),
    "kinh_phi_van_dong_to_chuc_quoc_te": F(1260, blank=(2023,), local=False),
    # ---- III. Người làm công tác trẻ em (stocks, from Phụ lục 5)
    "nguoi_lam_cong_tac_tre_em_tinh": D(total("bo_may_tinh_chuyen_trach_nam", "bo_may_tinh_chuyen_trach_nu",
                                              "bo_may_tinh_kiem_nhiem_nam", "bo_may_tinh_kiem_nhiem_nu")),
    "nguoi_lam_cong_tac_tre_em_huyen": S(27),
    "nguoi_lam_cong_tac_tre_em_huyen_chuyen_trach": S(9),
    "nguoi_lam_cong_tac_tre_em_huyen_kiem_nhiem": S(18),
    "nguoi_lam_cong_tac_tre_em_xa": D(total("bo_may_xa_chuyen_trach_nam", "bo_may_xa_chuyen_trach_nu",
                                            "bo_may_xa_kiem_nhiem_nam", "bo_may_xa_kiem_nhiem_nu")),
    "nguoi_lam_cong_tac_bvte_xa": S(micro=lambda c, y, h: int(BVTE_PERSON(c, y, h))),
    "cong_tac_vien_tre_em": D(total("bo_may_xa_cong_tac_vien_nam", "bo_may_xa_cong_tac_vien_nu")),
    # ---- IV. Nâng cao năng lực (flows)
    "tap_huan_can_bo_tinh_huyen_so_lop": F(6, local=False),
    "tap_huan_can_bo_tinh_huyen_luot": per("tap_huan_can_bo_tinh_huyen_so_lop", 55, 95),
    "tap_huan_can_bo_xa_ctv_so_lop": F(36),
    "tap_huan_can_bo_xa_ctv_luot": per("tap_huan_can_bo_xa_ctv_so_lop", 50, 80),
    "tap_huan_tre_em_so_lop": F(88),
    "tap_huan_tre_em_luot": per("tap_huan_tre_em_so_lop", 65, 110),
    "tai_lieu_tap_huan": F(5, local=False),
    # ---- V. Truyền thông
    "luot_nguoi_truyen_thong_truc_tiep": F(86500, g=1.04),
    "san_pham_truyen_thong": F(430),
    "chuong_trinh_phat_thanh_truyen_hinh": F(182),
    "chuyen_trang_chuyen_muc": F(91),
    "hoat_dong_truyen_thong_khac": F(245),
    # ---- VI. Xã phù hợp với trẻ em (recognised at year end)
    "xa_phu_hop_tre_em": S(micro=achieved("phu_hop", 0.66, 0.05, lag=True)),
    # ---- VII. Tháng hành động (June: estimated in the May report)
    "thang_hanh_dong_so_diem": S(128, flow="h1event", sd=0.08),
    "thang_hanh_dong_luot_tre_em_tham_du": S(41500, flow="h1event", sd=0.08),
    "thang_hanh_dong_luot_tre_em_tang_qua": S(12800, flow="h1event", sd=0.1),
    "thang_hanh_dong_kinh_phi": S(3150, flow="h1event", sd=0.1),
    "thang_hanh_dong_kinh_phi_ngan_sach": S(1130, flow="h1event", sd=0.1),
    "thang_hanh_dong_kinh_phi_van_dong": S(2020, flow="h1event", sd=0.1),
    # ---- VIII. Tết Trung thu (September: blank in the six-month files)
    "trung_thu_so_diem": S(420, flow="h2event", sd=0.06),
    "trung_thu_luot_tre_em_tham_gia": S(98000, flow="h2event", sd=0.06),
    "trung_thu_luot_tre_em_tang_qua": S(37500, flow="h2event", sd=0.08),
    "trung_thu_kinh_phi": S(5400, flow="h2event", sd=0.08),
    "trung_thu_kinh_phi_ngan_sach": S(1780, flow="h2event", sd=0.08),
    "trung_thu_kinh_phi_van_dong": S(3620, flow="h2event", sd=0.08),
    # ---- IX. Diễn đàn trẻ em
    "dien_dan_tre_em": F(16, h1=0.55),
    "dien_dan_luot_tre_em_tham_gia": per("dien_dan_tre_em", 90, 190),
    # ---- Mẫu 02/TE
    "ban_chi_dao_bvte_tinh": S(),
    "nhom_lien_nganh_bvte_tinh": S(),
    "trung_tam_ctxh_tre_em_tinh": S(),
    "huyen_co_ban_chi_dao_bvte": S(ratio=(9, 1.0, 0.0)),
    "huyen_co_nhom_lien_nganh_bvte": S(ratio=(9, 1.0, 0.0)),
    "huyen_co_trung_tam_ctxh": S(ratio=(9, 0.33, 0.0)),
    "xa_co_ban_bvte": S(micro=achieved("ban_bvte", 0.975, 0.01)),
    "xa_co_nhom_thuong_truc_bvte": S(micro=lambda c, y, h: achieved("ban_bvte", 0.975, 0.01)(c, y, h)
                                     and achieved("nhom_tt", 0.93, 0.02)(c, y, h)),
    "xa_co_mang_luoi_ctv": S(micro=achieved("mang_luoi", 0.91, 0.03)),
    "co_so_bvte_cong_lap": S(2, local=False, sd=0),
    "can_bo_co_so_cong_lap": S(39, local=False),
    "can_bo_co_so_cong_lap_quan_ly": S(12, local=False),
    "can_bo_co_so_cong_lap_truc_tiep": S(27, local=False),
    "tre_em_hcdb_duoc_tu_van_cong_lap": F(620, local=False),
    "tre_em_hcdb_duoc_tro_giup_dich_vu_cong_lap": F(395, local=False),
    "tre_em_hcdb_duoc_nuoi_duong_cong_lap": S(168, local=False, sd=0.03),
    "tre_em_duoc_nang_cao_ky_nang_cong_lap": F(1240, local=False),
    "tre_em_duoc_quan_ly_theo_doi_cong_lap": S(310, local=False, sd=0.04),
    "kinh_phi_co_so_cong_lap": F(7200, local=False, g=1.05, sd=0.05),
    "co_so_bvte_ngoai_cong_lap": S(1, local=False, sd=0),
    "can_bo_co_so_ngoai_cong_lap": S(11, local=False),
    "can_bo_co_so_ngoai_cong_lap_quan_ly": S(3, local=False),
    "can_bo_co_so_ngoai_cong_lap_truc_tiep": S(8, local=False),
    "tre_em_hcdb_duoc_tu_van_ngoai_cong_lap": F(85, local=False),
    "tre_em_hcdb_duoc_tro_giup_dich_vu_ngoai_cong_lap": F(40, local=False),
    "tre_em_hcdb_duoc_nuoi_duong_ngoai_cong_lap": S(46, local=False),
    "tre_em_duoc_nang_cao_ky_nang_ngoai_cong_lap": F(120, local=False, blank=(2023, 2024)),
    "tre_em_duoc_quan_ly_theo_doi_ngoai_cong_lap": S(52, local=False),
    "kinh_phi_co_so_ngoai_cong_lap": F(1150, local=False),
    "tap_huan_he_thong_dich_vu_so_lop": F(4, local=False),
    "tap_huan_he_thong_dich_vu_can_bo": per("tap_huan_he_thong_dich_vu_so_lop", 35, 50),
    "diem_tu_van_cong_dong": S(52, g=1.05, sd=0.03),
    "diem_tu_van_truong_hoc": S(236, g=1.03, sd=0.02),
    # ---- Phụ lục 1 (văn bản; flows)
    "van_ban_tinh_uy": F(1, h1=0.6),
    "van_ban_hdnd_tinh": F(1, h1=0.5),
    "van_ban_ubnd_tinh": F(7, h1=0.6),
    "van_ban_so_phu_trach_tre_em": F(15, local=False, h1=0.55),
    "van_ban_so_tu_phap": F(3, local=False),
    "van_ban_so_nganh_khac": F(24, local=False),
    "van_ban_huyen_uy": F(9),
    "van_ban_hdnd_huyen": F(5),
    "van_ban_ubnd_huyen": F(40),
    "van_ban_dang_uy_xa": F(58, h1=0.55),
    "van_ban_hdnd_xa": F(31),
    "van_ban_ubnd_xa": F(248, h1=0.55),
    # ---- Phụ lục 2
    "phong_su_tre_em": F(26),
    "tin_bai_tre_em": F(340),
    "phat_song_truyen_thanh": F(1900),
    "buoi_truyen_thong_truc_tiep": F(960),
    "to_roi_sach_mong": F(52000, g=0.97),
    "bang_ron_khau_hieu": F(1420),
    "be_boi": F(7, h1=0.5),
    "be_boi_kien_co": F(2, h1=0.5),
    "be_boi_thong_minh": F(5, h1=0.5),
    "diem_day_boi_song_ao_ho": F(40, h1=0.35),
    "bien_bao_nguy_hiem": F(680, h1=0.55),
    "thiet_bi_cuu_sinh": F(450, h1=0.5),
    "lop_day_boi": F(170, h1=0.3, g=1.08),
    "tre_em_duoc_hoc_boi": per("lop_day_boi", 28, 45),
    "mo_hinh_bvcste": S(46, g=1.07, sd=0.03),
    "nguoi_tham_gia_mo_hinh": S(540, g=1.07, sd=0.04),
    "hoat_dong_khac_truyen_thong_csvc": S(text=_pl2_other),
    # ---- Phụ lục 4 (nghìn đồng): the same money as Mẫu 01/TE II, split as the annex asks
    "nguon_luc_ngan_sach": D(total("nguon_luc_nstw", "nguon_luc_ns_tinh", "nguon_luc_ns_huyen", "nguon_luc_ns_xa"),
                             flow="flow"),
    "nguon_luc_nstw": D(total("ngan_sach_trung_uong", scale=1000), flow="flow"),
    "nguon_luc_nstw_btxh": F(of="nguon_luc_nstw", share=0.58, sd=0.03),
    "nguon_luc_nstw_chuong_trinh": F(of="nguon_luc_nstw", share=0.33, sd=0.03),
    "nguon_luc_nstw_qbtte_viet_nam": F(of="nguon_luc_nstw", share=0.045, sd=0.05),
    "nguon_luc_ns_tinh": D(lambda ctx, vec: None if vec.get("ngan_sach_dia_phuong") is None else round(
        (vec["ngan_sach_dia_phuong"] - (vec.get("ngan_sach_dia_phuong_cap_xa") or 0)) * 1000),
        deps=("ngan_sach_dia_phuong", "ngan_sach_dia_phuong_cap_xa"), flow="flow"),
    "nguon_luc_ns_tinh_btxh": F(of="nguon_luc_ns_tinh", share=0.52, sd=0.03),
    "nguon_luc_ns_tinh_chuong_trinh": F(of="nguon_luc_ns_tinh", share=0.36, sd=0.03),
    "nguon_luc_ns_tinh_qbtte_tinh": F(of="nguon_luc_ns_tinh", share=0.07, sd=0.05),
    "nguon_luc_ns_huyen": F(3800000),
    "nguon_luc_ns_huyen_btxh": F(of="nguon_luc_ns_huyen", share=0.5),
    "nguon_luc_ns_huyen_chuong_trinh": F(of="nguon_luc_ns_huyen", share=0.4),
    "nguon_luc_ns_xa": D(total("ngan_sach_dia_phuong_cap_xa", scale=1000), flow="flow"),
    "nguon_luc_ns_xa_btxh": F(of="nguon_luc_ns_xa", share=0.55, sd=0.03),
    "nguon_luc_ns_xa_chuong_trinh": F(of="nguon_luc_ns_xa", share=0.38, sd=0.03),
    "nguon_luc_van_dong": D(total("kinh_phi_van_dong_khac", scale=1000), flow="flow"),
    "nguon_luc_van_dong_tinh": F(of="nguon_luc_van_dong", share=0.52, sd=0.04),
    "nguon_luc_van_dong_tinh_trong_nuoc": F(of="nguon_luc_van_dong_tinh", share=0.78, sd=0.04),
    "nguon_luc_van_dong_tinh_ngoai_nuoc": F(of="nguon_luc_van_dong_tinh", share=0.19, sd=0.05),
    "nguon_luc_van_dong_huyen": F(of="nguon_luc_van_dong", share=0.1),
    "nguon_luc_van_dong_huyen_trong_nuoc": F(of="nguon_luc_van_dong_huyen", share=0.9),
    "nguon_luc_van_dong_huyen_ngoai_nuoc": F(of="nguon_luc_van_dong_huyen", share=0.1),
    "nguon_luc_van_dong_xa": F(of="nguon_luc_van_dong", share=0.33, sd=0.04),
    "nguon_luc_van_dong_xa_trong_nuoc": F(of="nguon_luc_van_dong_xa", share=0.95, sd=0.01),
    "nguon_luc_van_dong_xa_ngoai_nuoc": F(of="nguon_luc_van_dong_xa", share=0.03, sd=0.2),
    "nguon_luc_van_dong_khac": F(of="nguon_luc_van_dong", share=0.1, sd=0.1),
    "muc_phu_cap_cong_tac_vien": S(years={2023: 100, 2024: 150, 2025: 150, 2026: 200}, intensive=True, sd=0),
    # ---- Phụ lục 5 (tổ chức bộ máy)
    "bo_may_tinh_chuyen_trach_nam": S(2, sd=0),
    "bo_may_tinh_chuyen_trach_nu": S(4, years={2023: 4, 2024: 4, 2025: 3}, sd=0),
    "bo_may_tinh_kiem_nhiem_nam": S(1, sd=0),
    "bo_may_tinh_kiem_nhiem_nu": S(2, sd=0),
    "bo_may_tinh_cong_tac_vien_nam": S(blank=(2023, 2024, 2025, 2026)),
    "bo_may_tinh_cong_tac_vien_nu": S(blank=(2023, 2024, 2025, 2026)),
    "bo_may_tinh_mo_hinh_to_chuc": S(text=_mo_hinh("tinh")),
    "bo_may_tinh_to_chuc_lien_nganh": S(),
    "bo_may_huyen_chuyen_trach_nam": S(3),
    "bo_may_huyen_chuyen_trach_nu": S(6),
    "bo_may_huyen_kiem_nhiem_nam": S(6),
    "bo_may_huyen_kiem_nhiem_nu": S(12),
    "bo_may_huyen_cong_tac_vien_nam": S(blank=(2023, 2024, 2025, 2026)),
    "bo_may_huyen_cong_tac_vien_nu": S(blank=(2023, 2024, 2025, 2026)),
    "bo_may_huyen_mo_hinh_to_chuc": S(text=_mo_hinh("huyen")),
    "bo_may_huyen_to_chuc_lien_nganh": S(),
    "bo_may_xa_chuyen_trach_nam": S(micro=staff("chuyen_trach", 0.27, 0.3, True)),
    "bo_may_xa_chuyen_trach_nu": S(micro=staff("chuyen_trach", 0.27, 0.3, False)),
    "bo_may_xa_kiem_nhiem_nam": S(micro=staff("kiem_nhiem", 0.0, 0.33, True)),
    "bo_may_xa_kiem_nhiem_nu": S(micro=staff("kiem_nhiem", 0.0, 0.33, False)),
    "bo_may_xa_cong_tac_vien_nam": S(micro=ctv(True)),
    "bo_may_xa_cong_tac_vien_nu": S(micro=ctv(False)),
    "bo_may_xa_mo_hinh_to_chuc": S(text=_mo_hinh("xa")),
    "bo_may_xa_to_chuc_lien_nganh": S(),
    # ---- Phụ lục 6 II. Trẻ em có hoàn cảnh đặc biệt (≈ 1,3% of children; stocks at report date)
    "tre_em_hcdb": S(5300, share=0.0132, strend=-0.0002, of="tre_em_duoi_16"),
    "tre_em_mo_coi_ca_cha_me": S(420, sd=0.03),
    "tre_em_mo_coi_khong_nguoi_cham_soc": S(12),
    "tre_em_mo_coi_tai_co_so": S(38),
    "tre_em_mo_coi_song_voi_nguoi_than": S(342),
    "tre_em_mo_coi_cham_soc_thay_the": S(22),
    "tre_em_bi_bo_roi": S(18),
    "tre_em_bi_bo_roi_tai_co_so": S(7),
    "tre_em_bi_bo_roi_cham_soc_thay_the": S(9),
    "tre_em_khong_noi_nuong_tua": S(262, sd=0.03),
    "tre_em_knnt_mo_coi_nguoi_con_lai_mat_tich": S(25),
    "tre_em_knnt_mo_coi_nguoi_con_lai_tai_co_so": S(30),
    "tre_em_knnt_mo_coi_nguoi_con_lai_chap_hanh_an": S(41),
    "tre_em_knnt_cha_me_mat_tich": S(3),
    "tre_em_knnt_mat_tich_nguoi_con_lai_tai_co_so": S(2),
    "tre_em_knnt_mat_tich_nguoi_con_lai_chap_hanh_an": S(4),
    "tre_em_knnt_cha_me_khong_con_kha_nang": S(46),
    "tre_em_knnt_cha_me_tai_co_so": S(6),
    "tre_em_knnt_cha_me_chap_hanh_an": S(12),
    "tre_em_knnt_tai_co_so_va_chap_hanh_an": S(1, blank=(2023, 2024, 2025, 2026)),
    "tre_em_knnt_cha_me_la_tre_em": S(8),
    "tre_em_knnt_cha_me_bi_han_che_quyen": S(5),
    "tre_em_knnt_cham_soc_boi_nguoi_than": S(190),
    "tre_em_knnt_cham_soc_boi_nguoi_khong_than": S(22),
    "tre_em_knnt_cham_soc_tai_co_so": S(35),
    "tre_em_khuyet_tat": S(3150, sd=0.02),
    "tre_em_khuyet_tat_dac_biet_nang": S(720),
    "tre_em_khuyet_tat_nang": S(1480),
    "tre_em_khuyet_tat_nhe": S(880),
    "tre_em_khuyet_tat_van_dong": S(1050),
    "tre_em_khuyet_tat_nghe_noi": S(420),
    "tre_em_khuyet_tat_nhin": S(260),
    "tre_em_khuyet_tat_than_kinh_tam_than": S(510),
    "tre_em_khuyet_tat_tri_tue": S(640),
    "tre_em_khuyet_tat_khac": S(210),
    "tre_em_tu_ky": S(330, g=1.06),
    "tre_em_nhiem_hiv": S(38),
    "tre_em_nhiem_hiv_song_voi_gia_dinh": S(33),
    "tre_em_nhiem_hiv_cham_soc_thay_the": S(4),
    "tre_em_vi_pham_phap_luat": S(112, sd=0.1),
    "tre_em_vppl_xu_ly_hanh_chinh": S(58),
    "tre_em_vppl_hanh_chinh_giao_duc_tai_xa": S(50),
    "tre_em_vppl_hanh_chinh_truong_giao_duong": S(6),
    "tre_em_vppl_bien_phap_tu_phap": S(30),
    "tre_em_vppl_tu_phap_giao_duc_tai_xa": S(22),
    "tre_em_vppl_tu_phap_truong_giao_duong": S(6),
    "tre_em_vppl_phat_tu": S(18),
    "tre_em_vppl_phat_tu_giam": S(9),
    "tre_em_vppl_an_treo": S(8),
    "tre_em_nghien_ma_tuy": S(years={2023: 0, 2024: 1, 2025: 3}),
    "tre_em_nghien_ma_tuy_tai_co_so_cai_nghien": S(of="tre_em_nghien_ma_tuy", share=0.5),
    "tre_em_nghien_ma_tuy_tai_gia_dinh_cong_dong": S(of="tre_em_nghien_ma_tuy", share=0.5),
    "tre_em_bo_hoc_kiem_song": S(85, sd=0.08),
    "tre_em_bo_hoc_kiem_song_khong_nguoi_cham_soc": S(6),
    "tre_em_bo_hoc_kiem_song_co_nguoi_cham_soc": S(76),
    "tre_em_bi_ton_hai_do_bao_luc": F(14),
    "tre_em_bi_boc_lot": F(46),
    "tre_em_lao_dong_trai_quy_dinh": F(40),
    "tre_em_bi_boc_lot_khieu_dam": F(years={2023: 0, 2024: 0, 2025: 1}),
    "tre_em_bi_boc_lot_du_lich_tinh_duc": F(blank=(2023, 2024, 2025, 2026)),
    "tre_em_bi_boc_lot_truc_loi_khac": F(3),
    "tre_em_bi_boc_lot_chat_gay_nghien": F(1),
    "tre_em_bi_xam_hai_tinh_duc": F(34, sd=0.2),
    "tre_em_bi_hiep_dam": F(6),
    "tre_em_bi_cuong_dam": F(1),
    "tre_em_bi_giao_cau": F(17),
    "tre_em_bi_dam_o": F(9),
    "tre_em_bi_su_dung_mai_dam_khieu_dam": F(0.3),
    "tre_em_bi_mua_ban": F(years={2023: 0, 2024: 0, 2025: 2}),
    "tre_em_bi_mua_ban_ve_voi_gia_dinh": F(of="tre_em_bi_mua_ban", share=0.9),
    "tre_em_bi_mua_ban_cham_soc_thay_the": F(of="tre_em_bi_mua_ban", share=0.1),
    "tre_em_benh_hiem_ngheo": S(410, sd=0.04),
    "tre_em_benh_hiem_ngheo_ho_ngheo": S(190),
    "tre_em_benh_hiem_ngheo_ho_can_ngheo": S(205),
    "tre_em_di_cu_lanh_nan": S(3),
    "tre_em_di_cu_viet_nam": S(3),
    "tre_em_di_cu_nuoc_ngoai": S(blank=(2023, 2024, 2025, 2026)),
    "tre_em_di_cu_chua_xac_dinh_quoc_tich": S(blank=(2023, 2024, 2025, 2026)),
    # ---- III. Trẻ em có nguy cơ rơi vào hoàn cảnh đặc biệt
    "tre_em_nguy_co": S(21300, share=0.053, strend=-0.001, of="tre_em_duoi_16"),
    "tre_em_nguy_co_ho_ngheo_can_ngheo": S(14800),
    "tre_em_nguy_co_ho_ngheo": S(6200, g=0.93),
    "tre_em_nguy_co_bo_hoc": S(420),
    "tre_em_nguy_co_gia_dinh_co_van_de": S(2300),
    "tre_em_nguy_co_gia_dinh_te_nan": S(640),
    "tre_em_nguy_co_gia_dinh_vi_pham_phap_luat": S(510),
    "tre_em_nguy_co_cha_me_di_lam_xa": S(3900, g=1.03),
    "tre_em_nguy_co_mo_coi_cha_hoac_me": S(2750),
    # ---- IV. Hoàn cảnh khác (flows: cases during the period)
    "tre_em_hoan_canh_khac": F(860, h1=0.42),
    "tre_em_bi_bat_coc": F(years={2023: 0, 2024: 0, 2025: 1}),
    "tre_em_bi_tntt": F(790, h1=0.42),
    "tre_em_tu_vong_tntt": F(41, h1=0.4),
    "tre_em_tu_vong_duoi_nuoc": F(6, h1=0.35),
    "tre_em_tu_vong_tai_nan_giao_thong": F(17, h1=0.45),
    # ---- Phụ lục 7
    "tre_em_den_8_tuoi_tiep_can_dich_vu": PCT(DEN_DEN_8, 76.5, 2.0),
    "ty_le_tre_em_den_8_tuoi_tiep_can_dich_vu": S(den=DEN_DEN_8),
    "ty_suat_tu_vong_so_sinh": S(rate=(7.4, -0.2), local=False),
    "ty_suat_tu_vong_duoi_1_tuoi": S(rate=(11.2, -0.3), local=False),
    "ty_suat_tu_vong_duoi_5_tuoi": S(rate=(16.8, -0.4), local=False),
    "ty_le_suy_dinh_duong_can_nang": S(rate=(10.4, -0.3)),
    "ty_le_suy_dinh_duong_chieu_cao": S(rate=(19.2, -0.4)),
    "ty_le_beo_phi_nong_thon": S(rate=(3.1, -0.05), local=False),
    "ty_le_beo_phi_thanh_thi": S(rate=(7.2, -0.1), local=False),
    "ty_le_tiem_chung_duoi_1_tuoi": S(rate=(96.4, 0.3)),
    "ty_le_tiem_chung_duoi_5_tuoi": S(rate=(94.8, 0.4)),
    "ty_le_lay_truyen_hiv_me_con": S(rate=(3.2, -0.3), local=False),
    "ty_le_co_so_giao_duc_co_cong_trinh_ve_sinh": S(rate=(94.5, 1.0)),
    "tre_em_hcdb_duoc_tro_giup": S(of="tre_em_hcdb", share=0.935, strend=0.012),
    "tre_em_bi_xam_hai": D(total("tre_em_bi_xam_hai_tinh_duc", "tre_em_bi_bao_luc", "tre_em_bi_mua_ban",
                                 "tre_em_bi_xam_hai_khac"), flow="flow"),
    "lao_dong_tre_em": S(420, g=0.95, sd=0.06),
    "ty_le_lao_dong_tre_em": S(den=den_5_17),
    "tre_em_thien_tai_duoc_cuu_tro": F(1250, h1=0.1, sd=0.3),
    "ty_le_tre_em_thien_tai_duoc_cuu_tro": S(rate=(98.2, 0.5)),
    "so_nguoi_tao_hon": F(65, sd=0.15),
    "so_nguoi_tao_hon_nu": F(46),
    "so_nguoi_tao_hon_nam": F(19),
    "so_cap_tao_hon": D(lambda ctx, vec: None if vec.get("so_nguoi_tao_hon_nu") is None else (
        vec["so_nguoi_tao_hon_nu"] + (vec.get("so_nguoi_tao_hon_nam") or 0)
        - min(vec["so_nguoi_tao_hon_nu"], round((vec.get("so_nguoi_tao_hon_nam") or 0) * 0.6))),
        deps=("so_nguoi_tao_hon_nu", "so_nguoi_tao_hon_nam"), flow="flow"),
    "muc_tieu_xoa_bo_tao_hon": S(text=_tao_hon_text),
    "tre_em_duoi_5_duoc_dang_ky_khai_sinh": PCT(DEN_DUOI_5, 98.7, 0.3),
    "ty_le_tre_em_duoi_5_duoc_dang_ky_khai_sinh": S(den=DEN_DUOI_5),
    "tre_em_duoi_5_phat_trien_phu_hop": PCT(DEN_DUOI_5, 89.5, 0.8),
    "ty_le_tre_em_duoi_5_phat_trien_phu_hop": S(den=DEN_DUOI_5),
    "ty_le_huy_dong_tre_5_tuoi_mau_giao": S(rate=(99.4, 0.1)),
    "ty_le_hoan_thanh_tieu_hoc": S(rate=(99.1, 0.1)),
    "ty_le_hoan_thanh_thcs": S(rate=(95.8, 0.4)),
    "tre_em_bo_hoc_thcs": S(290, g=0.92, sd=0.08),
    "ty_le_bo_hoc_thcs": S(den=DEN_THCS),
    "truong_hoc_ho_tro_tam_ly": S(micro=schools_with("tam_ly", 0.76, 0.05)),
    "truong_hoc_phu_hop_khuyet_tat": S(micro=schools_with("khuyet_tat", 0.18, 0.03)),
    "tre_em_khuyet_tat_duoc_tiep_can_giao_duc": PCT(DEN_KT_HOC, 91.0, 1.0),
    "ty_le_tre_em_khuyet_tat_duoc_tiep_can_giao_duc": S(den=DEN_KT_HOC),
    "xa_co_diem_vui_choi_tre_em": S(micro=achieved("vui_choi", 0.77, 0.04)),
    "tre_em_duoc_hoi_y_kien": PCT(DEN_TU_7, 64.0, 3.0),
    "ty_le_tre_em_duoc_hoi_y_kien": S(den=DEN_TU_7),
    "tre_em_duoc_nang_cao_nhan_thuc_quyen_tham_gia": PCT(DEN_U16, 41.0, 3.0),
    "ty_le_tre_em_duoc_nang_cao_nhan_thuc_quyen_tham_gia": S(den=DEN_U16),
    "tre_em_tu_11_tuoi_tham_gia_mo_hinh": PCT(DEN_TU_11, 33.0, 2.5),
    "ty_le_tre_em_tu_11_tuoi_tham_gia_mo_hinh": S(den=DEN_TU_11),
}

# ---- Phụ lục bổ sung (BS: the rows of seed 002's appendices that no other annex carries)
SPEC.update({
    "an_pham_truyen_thong": F(38),
    "cuoc_thi_hoi_trai": F(24, h1=0.55),
    "buoi_noi_chuyen_chuyen_de": F(640),
    "luot_nguoi_noi_chuyen_chuyen_de": per("buoi_noi_chuyen_chuyen_de", 25, 45),
    "pano_ap_phich": F(185),
    "hinh_thuc_truyen_thong_khac": F(12),
    "nguoi_tiep_can_truyen_thong": F(152000, g=1.04),
    "tap_huan_bvte_can_bo_tinh_so_lop": F(3),
    "tap_huan_bvte_can_bo_tinh_luot": per("tap_huan_bvte_can_bo_tinh_so_lop", 45, 70),
    "tap_huan_bvte_can_bo_huyen_so_lop": F(9),
    "tap_huan_bvte_can_bo_huyen_luot": per("tap_huan_bvte_can_bo_huyen_so_lop", 25, 40),
    "tap_huan_bvte_can_bo_xa_so_lop": F(28),
    "tap_huan_bvte_can_bo_xa_luot": per("tap_huan_bvte_can_bo_xa_so_lop", 50, 75),
    "tap_huan_cha_me_so_lop": F(64),
    "tap_huan_cha_me_luot": per("tap_huan_cha_me_so_lop", 45, 75),
    "huyen_da_co_qd_ban_dieu_hanh_bvte": S(),
    "huyen_da_co_qd_nhom_lien_nganh_bvte": S(),
    "xa_co_nguoi_lam_bvte": S(micro=lambda c, y, h: BVTE_PERSON(c, y, h)),
    "trung_tam_ctxh_tinh": S(1, sd=0),
    "trung_tam_ctxh_tinh_duoc_ho_tro": S(of="trung_tam_ctxh_tinh", share=1.0),
    "kinh_phi_ho_tro_csvc_trung_tam_ctxh": F(450000, sd=0.2),
    "kinh_phi_ho_tro_hoat_dong_trung_tam_ctxh": F(820000, sd=0.08),
    "van_phong_tu_van_bvte_huyen": S(6),
    "van_phong_tu_van_bvte_huyen_duoc_ho_tro": S(4),
    "kinh_phi_ho_tro_csvc_van_phong_tu_van": F(120000),
    "kinh_phi_ho_tro_hoat_dong_van_phong_tu_van": F(90000),
    "co_so_cung_cap_dich_vu_bvte": S(3, sd=0, local=False),
    "co_tap_huan_he_thong_dich_vu": S(local=False),
    "tre_em_hcdb_duoc_tu_van": F(940),
    "tre_em_hcdb_duoc_tro_giup_dich_vu": F(2650),
    "tre_em_duoc_nang_cao_ky_nang_tu_bao_ve": F(9800),
    "tre_em_duoc_lap_ke_hoach_ho_tro": S(260, sd=0.05),
    "cha_me_duoc_nang_cao_nang_luc_bvte": F(4200),
    "mo_hinh_ket_noi_chuyen_gui_so_huyen": S(ratio=(9, 0.33, 0.0)),
    "mo_hinh_ket_noi_chuyen_gui_so_xa": S(micro=achieved("mh_ket_noi", 0.25, 0.04)),
    "mo_hinh_ket_noi_chuyen_gui_kinh_phi": F(180000, sd=0.1),
    "mo_hinh_tro_giup_dich_vu_so_huyen": S(ratio=(9, 0.22, 0.0)),
    "mo_hinh_tro_giup_dich_vu_so_xa": S(micro=achieved("mh_tro_giup", 0.18, 0.03)),
    "mo_hinh_tro_giup_dich_vu_kinh_phi": F(240000, sd=0.1),
    "mo_hinh_cham_soc_thay_the_so_huyen": S(ratio=(9, 0.11, 0.0)),
    "mo_hinh_cham_soc_thay_the_so_xa": S(micro=achieved("mh_thay_the", 0.12, 0.03)),
    "mo_hinh_cham_soc_thay_the_kinh_phi": F(95000, sd=0.15),
    "kinh_phi_co_so_du_lieu_tre_em": F(320000, sd=0.08),
    "khoa_tap_huan_thu_thap_thong_tin": F(4),
    "luot_tap_huan_thu_thap_thong_tin": per("khoa_tap_huan_thu_thap_thong_tin", 45, 70),
    "kinh_phi_tap_huan_thu_thap_thong_tin": F(86000, sd=0.1),
    "tre_em_nam": S(share=0.516, of="tre_em_duoi_16", sd=0.003),
    "tre_em_nu": D(lambda ctx, vec: None if vec.get("tre_em_duoi_16") is None or vec.get("tre_em_nam") is None
                   else vec["tre_em_duoi_16"] - vec["tre_em_nam"], deps=("tre_em_duoi_16", "tre_em_nam")),
    "tre_em_hcdb_duoc_quan_ly": S(of="tre_em_hcdb", share=0.985, strend=0.003, sd=0.003),
    "tre_em_nguy_co_duoc_quan_ly_tro_giup": S(of="tre_em_nguy_co", share=0.62, strend=0.02, sd=0.01),
    "tre_em_bi_bao_luc": F(18, sd=0.2),
    "tre_em_bi_xam_hai_khac": F(3),
    "tre_em_bi_xam_hai_duoc_lap_ke_hoach": F(of="tre_em_bi_xam_hai", share=0.96),
    "tre_em_nguy_co_bi_xam_hai": S(1450, sd=0.04),
    "tre_em_nguy_co_bi_xam_hai_duoc_ho_tro": S(of="tre_em_nguy_co_bi_xam_hai", share=0.7, strend=0.03, sd=0.02),
    "cha_me_co_ky_nang_bvte": S(38000, g=1.08),
    "can_bo_co_so_co_ky_nang_bvte": S(42, local=False),
    "tre_em_truong_hoc_co_ky_nang_tu_bao_ve": S(168000, g=1.05),
    "tre_em_co_so_tro_giup_co_ky_nang_tu_bao_ve": S(180, local=False),
    "xa_co_he_thong_dich_vu_bvte": S(micro=achieved("he_thong_dv", 0.86, 0.03)),
    "huyen_co_he_thong_dich_vu_bvte": S(ratio=(9, 1.0, 0.0)),
    "tre_em_duoc_ho_tro_tim_gia_dinh_thay_the": F(24),
    "tre_em_duoc_nhan_cham_soc_thay_the": F(19),
})

# Notes typed in the «Ghi chú» column (only where the annex has one).
NOTES = {
    "muc_phu_cap_cong_tac_vien": lambda ctx: "Mức phụ cấp cho một cộng tác viên/tháng",
    "kinh_phi_van_dong_to_chuc_quoc_te": lambda ctx: "Dự án do tổ chức phi chính phủ quốc tế tài trợ",
    "thang_hanh_dong_so_diem": lambda ctx: "Ước thực hiện đến 30/6" if ctx.half else None,
    "thang_hanh_dong_kinh_phi": lambda ctx: "Ước thực hiện đến 30/6" if ctx.half else None,
    "trung_thu_so_diem": lambda ctx: "Tổ chức vào tháng 9" if ctx.half else None,
    "ngan_sach_tre_em": lambda ctx: "Ước thực hiện đến 30/6" if ctx.half else None,
    "nguon_luc_ngan_sach": lambda ctx: "Ước thực hiện đến 30/6" if ctx.half else None,
    "lop_day_boi": lambda ctx: "Các lớp dạy bơi chủ yếu tổ chức trong dịp hè" if ctx.half else None,
}


# =============================================================================== generator

_KEYWORD_V = (  # fallback magnitudes by words of the name (province, whole year)
    ("tử vong", 10, "flow"), ("đuối nước", 6, "flow"), ("xâm hại", 30, "flow"), ("bạo lực", 15, "flow"),
    ("mua bán", 1, "flow"), ("tai nạn", 300, "flow"), ("tảo hôn", 40, "flow"), ("vi phạm", 100, "stock"),
    ("khuyết tật", 2000, "stock"), ("mồ côi", 300, "stock"), ("hiv", 30, "stock"), ("bỏ học", 200, "stock"),
)
_UNIT_V = {"lượt": (4000, "flow"), "lớp": (30, "flow"), "điểm": (40, "stock"), "cơ sở": (3, "stock"),
           "văn bản": (8, "flow"), "người": (300, "stock"), "trẻ em": (300, "stock"), "cái": (100, "flow"),
           "tin": (200, "flow"), "buổi": (300, "flow"), "cuộc": (15, "flow"), "mô hình": (30, "stock")}


def fallback_spec(ind: m.Indicator) -> Spec:
    name = ind.name.lower()
    local = not any(w in ind.name for w in ("cấp tỉnh", "Sở ", "Tỉnh ủy", "tỉnh"))
    if ind.kind in (m.YESNO, m.TEXT):
        return Spec(local=local, fallback=True)
    if ind.kind == m.RATIO:
        if "xã" in ind.unit.lower() or "xã" in name:
            return Spec(micro=achieved("fb-" + ind.id, 0.8, 0.03), fallback=True)
        return Spec(ratio=(20, 0.7, 0.05), local=local, fallback=True)
    if ind.kind in m.RATE_KINDS:
        if ind.numerator:
            return Spec(fallback=True)
        level = 10.0 if ind.kind == m.PERMILLE else (5.0 if ind.good == m.DOWN or ind.target_down else 90.0)
        return Spec(rate=(level, -0.2 if level < 50 else 0.5), local=local, fallback=True)
    if ind.kind == m.MONEY:
        v = 250000 if ("nghìn" in ind.unit.lower() or "1000" in ind.unit) else 900
        return Spec(v=v, flow="flow", sd=0.1, local=local, fallback=True,
                    share=0.3 if ind.parent else None)
    for word, v, flow in _KEYWORD_V:
        if word in name:
            return Spec(v=v, flow=flow, sd=0.1 if flow == "stock" else 0.15, local=local, fallback=True,
                        share=0.3 if ind.parent else None)
    v, flow = _UNIT_V.get(ind.unit.lower(), (60, "flow"))
    return Spec(v=v, flow=flow, local=local, fallback=True, share=0.3 if ind.parent else None)


def _is_num(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


class Generator:
    """All values of all units and periods, computed on demand and cached."""

    def __init__(self, catalog: Catalog):
        self.cat = catalog
        self.specs: dict[str, Spec] = {}
        for iid, ind in catalog.indicators.items():
            self.specs[iid] = SPEC.get(iid) or fallback_spec(ind)
        self.fallbacks = sorted(i for i, s in self.specs.items()
                                if s.fallback and catalog.indicators[i].annexes
                                and not (catalog.indicators[i].kind in m.RATE_KINDS and catalog.indicators[i].numerator))
        self.unknown_specs = sorted(set(SPEC) - set(catalog.indicators))
        self.pinned = {r.whole for r in catalog.rules if r.type == "parts_eq_whole"}
        self.fixed = {i for i, s in self.specs.items() if s.fn or s.micro or s.pct}
        self.pinned |= self.fixed
        self.rate_rules = {r.rate: r for r in catalog.rules if r.type == "rate"}
        self.wholes: dict[str, list[m.Rule]] = {}
        for r in catalog.rules:
            if r.type != "rate" and r.whole:
                self.wholes.setdefault(r.whole, []).append(r)
        self.order = self._order()
        self._cache: dict = {}

    def unexpected_blanks(self, year: int) -> list[str]:
        """Printed indicators with no province value for `year` that are not blank on purpose."""
        vec, ctx = self.annual(year), Ctx(year)
        printed = {r.indicator for a in self.cat.annexes for r in a.rows
                   if r.indicator and self.cat.active_level(r.level)}
        return sorted(i for i in printed if vec.get(i) is None and self.allowed(i, ctx)
                      and not (self.cat.indicators[i].kind == m.TEXT and self.specs[i].text))

    # --- structure -------------------------------------------------------------------------
    def gen_parent(self, iid: str) -> str | None:
        s = self.specs[iid]
        if s.fn or s.micro or s.pct or s.years is not None and s.share is None and s.of is None:
            return None
        if s.of:
            return s.of if s.of in self.cat.indicators else None
        parent = self.cat.indicators[iid].parent
        if parent is None and s.share is not None:
            parent = next((r.whole for r in self.cat.rules if r.type != "rate" and iid in r.parts), None)
        if parent is None:
            return None
        if s.share is not None:
            return parent
        ps = self.specs[parent]
        return parent if (s.v is not None and ps.v) else None

    def _deps(self, iid: str) -> list[str]:
        s = self.specs[iid]
        deps = list(s.deps)
        p = self.gen_parent(iid)
        if p:
            deps.append(p)
        return [d for d in deps if d in self.cat.indicators]

    def _order(self) -> list[str]:
        ids = list(self.cat.indicators)
        pending = {i: set(self._deps(i)) for i in ids}
        order, done = [], set()
        while pending:
            ready = [i for i in ids if i in pending and pending[i] <= done]
            if not ready:
                raise RuntimeError(f"vòng phụ thuộc giữa các chỉ tiêu: {sorted(pending)[:10]}")
            for i in ready:
                order.append(i)
                done.add(i)
                del pending[i]
        return order

    def allowed(self, iid: str, ctx: Ctx) -> bool:
        ind, s = self.cat.indicators[iid], self.specs[iid]
        if not self.cat.active_level(ind.level):
            return False
        if ctx.commune and (not s.local or ind.level in ("tinh", "huyen")):
            return False
        if ctx.year in s.blank:
            return False
        return True

    # --- one value ----------------------------------------------------------------------------
    def _round(self, iid: str, x: float):
        ind = self.cat.indicators[iid]
        if ind.kind == m.MONEY:
            step = 100 if ("nghìn" in ind.unit.lower() or "1000" in ind.unit) else 1
            return max(0, int(round(x / step) * step))
        return max(0, int(round(x)))

    def _sample(self, iid: str, mean: float, ctx: Ctx, stream: str):
        s, ind = self.specs[iid], self.cat.indicators[iid]
        r = rng(stream, iid, ctx.year, ctx.unit_key)
        if ind.kind == m.COUNT and mean < 40 and (s.flow != "stock" or ctx.commune):
            return poisson(r, mean) if s.sd else round(mean)
        if ind.kind == m.COUNT and mean < 60 and s.sd:
            return max(0, round(mean + r.gauss(0, max(0.6, mean * s.sd))))
        return self._round(iid, mean * math.exp(r.gauss(0, s.sd)) if s.sd else mean)

    def _micro(self, iid: str, ctx: Ctx):
        s, ind = self.specs[iid], self.cat.indicators[iid]
        units = [ctx.commune] if ctx.commune else COMMUNES
        vals = [s.micro(c, ctx.year, ctx.half) for c in units]
        if ind.kind == m.RATIO:
            if vals and isinstance(vals[0], tuple):
                return m.Ratio(sum(v[0] for v in vals), sum(v[1] for v in vals))
            return m.Ratio(sum(bool(v) for v in vals), len(vals))
        if ind.kind == m.YESNO:
            return bool(vals[0]) if ctx.commune else True
        return sum(int(v) for v in vals)

    def _ratio(self, iid: str, ctx: Ctx):
        den, frac, trend = self.specs[iid].ratio
        if ctx.commune:
            den = 1
        num = min(den, round(den * (frac + trend * (ctx.year - BASE_YEAR))))
        return m.Ratio(num, den)

    def _pct_count(self, iid: str, ctx: Ctx, vec: dict):
        s = self.specs[iid]
        den = s.den(ctx, vec)
        if not den:
            return None
        level, trend, cap = s.pct
        r = rng("pct", iid, ctx.year, ctx.unit_key)
        pct = min(cap, level + trend * ctx.t + r.gauss(0, 0.3 if not ctx.commune else 1.5))
        return min(int(den), round(den * pct / 100))

    def _fresh(self, iid: str, ctx: Ctx, vec: dict):
        """A year's value drawn from the model (annual vectors)."""
        s, ind = self.specs[iid], self.cat.indicators[iid]
        if ind.kind == m.TEXT:
            return s.text(ctx, "current") if s.text else None
        if s.micro:
            return self._micro(iid, ctx)
        if ind.kind == m.YESNO:
            return True
        if ind.kind == m.RATIO:
            return self._ratio(iid, ctx) if s.ratio else None
        if ind.kind in m.RATE_KINDS and not s.pct:
            return None  # rate pass
        if s.fn:
            return s.fn(ctx, vec)
        if s.pct:
            return self._pct_count(iid, ctx, vec)
        parent = self.gen_parent(iid)
        if s.years is not None and s.share is None:
            base = s.years.get(ctx.year, s.years[max(s.years)])
            return self._sample(iid, base * (1 if s.intensive else ctx.share()), ctx, "yr") if ctx.commune else base
        if parent:
            pv = vec.get(parent)
            if not _is_num(pv):
                return None
            share = s.share if s.share is not None else s.v / self.specs[parent].v
            if ctx.commune and s.cshare is not None:
                share = s.cshare
            share = max(0.0, share + s.strend * ctx.t)
            r = rng("share", iid, ctx.year, ctx.unit_key)
            if ind.kind == m.COUNT and pv < 200 and share <= 1:
                if s.flow == "stock" and not ctx.commune:
                    return min(int(pv), max(0, round(pv * share + r.gauss(0, 0.5))))
                return binomial(r, int(pv), share)
            return self._round(iid, pv * share * math.exp(r.gauss(0, min(s.sd, 0.04))))
        if s.v is None:
            return None
        mean = s.v * (1 if s.intensive else ctx.share()) * s.g ** (ctx.year - BASE_YEAR)
        return self._sample(iid, mean, ctx, "v")

    # --- vectors --------------------------------------------------------------------------------
    def annual(self, year: int, commune: Commune | None = None) -> dict:
        key = ("A", year, commune.key if commune else "")
        if key not in self._cache:
            ctx = Ctx(year, False, commune)
            vec: dict = {}
            for iid in self.order:
                vec[iid] = self._fresh(iid, ctx, vec) if self.allowed(iid, ctx) else None
            self._cache[key] = self._finish(vec, ctx)
        return self._cache[key]

    def half(self, year: int, commune: Commune | None = None) -> dict:
        key = ("H", year, commune.key if commune else "")
        if key not in self._cache:
            ctx = Ctx(year, True, commune)
            A = self.annual(year, commune)
            vec: dict = {}
            for iid in self.order:
                vec[iid] = self._to_half(iid, A.get(iid), ctx, vec, annual=A) if self.allowed(iid, ctx) else None
            self._cache[key] = self._finish(vec, ctx)
        return self._cache[key]

    def _to_half(self, iid: str, v, ctx: Ctx, vec: dict, exact: bool = False, annual: dict | None = None):
        s, ind = self.specs[iid], self.cat.indicators[iid]
        if ind.kind == m.TEXT:
            return s.text(ctx, "plan" if ctx.plan else "current") if s.text else v
        if s.micro and not ctx.plan:
            return self._micro(iid, ctx)
        if s.fn:
            return s.fn(ctx, vec)
        if s.pct and not ctx.plan:
            return self._pct_count(iid, ctx, vec)
        if ind.kind in m.RATE_KINDS and not s.pct:
            return None
        if s.flow == "h2event":
            return None
        if not _is_num(v):
            return v
        r = rng("half", iid, ctx.year, ctx.unit_key, ctx.plan)
        parent = self.gen_parent(iid)
        if s.flow == "stock" and parent and annual is not None and ind.kind == m.COUNT:
            pa, ph = annual.get(parent), vec.get(parent)
            if _is_num(pa) and pa and _is_num(ph):
                return min(round(ph * v / pa), int(ph)) if v <= pa else round(ph * v / pa)
        if s.flow == "stock":
            return v if (exact or v < 200 or ind.kind == m.MONEY) else round(v * r.uniform(0.985, 1.0))
        p = 1.0 if s.flow == "h1event" else s.h1
        if exact:
            return self._round(iid, v * (p if s.flow != "h1event" else 1.0))
        if s.flow == "h1event":
            p = r.uniform(0.9, 1.0)
        else:
            p = min(1.0, p * r.uniform(0.85, 1.15))
        if ind.kind == m.COUNT and v < 300:
            return binomial(r, int(v), p)
        return self._round(iid, v * p)

    def plan(self, year: int, commune: Commune | None = None, half: bool = False) -> dict:
        key = ("P", year, commune.key if commune else "", half)
        if key in self._cache:
            return self._cache[key]
        ctx = Ctx(year, False, commune, plan=True)
        if half:
            P = self.plan(year, commune)
            hctx = Ctx(year, True, commune, plan=True)
            vec: dict = {}
            for iid in self.order:
                vec[iid] = self._to_half(iid, P.get(iid), hctx, vec, exact=True) if self.allowed(iid, hctx) else None
            self._cache[key] = self._finish(vec, hctx, base=P)
            return self._cache[key]
        B = self.annual(year - 1, commune)
        vec = {}
        for iid in self.order:
            vec[iid] = self._planned(iid, B.get(iid), ctx, vec) if self.allowed(iid, ctx) else None
        self._cache[key] = self._finish(vec, ctx, base=B)
        return self._cache[key]

    def _planned(self, iid: str, b, ctx: Ctx, vec: dict):
        s, ind = self.specs[iid], self.cat.indicators[iid]
        r = rng("plan", iid, ctx.year, ctx.unit_key)
        if ind.kind == m.TEXT:
            return s.text(ctx, "plan") if s.text else None
        if ind.kind == m.YESNO:
            return True
        if s.fn:
            return s.fn(ctx, vec)
        if ind.kind in m.RATE_KINDS and not s.pct:
            return None
        if s.years is not None and s.share is None and not ctx.commune:
            return s.years.get(ctx.year, s.years[max(s.years)])
        down = ind.good == m.DOWN or ind.target_down
        if s.pct and _is_num(b):
            base_ctx = Ctx(ctx.year - 1, False, ctx.commune)
            base_den, den = s.den(base_ctx, self.annual(ctx.year - 1, ctx.commune)), s.den(ctx, vec)
            if not base_den or not den:
                return None
            pct = min(s.pct[2], b / base_den * 100 + (-1 if down else 1) * r.uniform(0.2, 1.5))
            return min(int(den), round(den * pct / 100))
        parent = self.gen_parent(iid)
        if parent and _is_num(b):
            pb, pv = self.annual(ctx.year - 1, ctx.commune).get(parent), vec.get(parent)
            if _is_num(pb) and pb and _is_num(pv):
                share = b / pb
                f = r.uniform(0.97, 1.0) if down else r.uniform(1.0, 1.02) if ind.good == m.UP else 1.0
                v = pv * share * f
                if share <= 1:
                    v = min(v, pv)
                return self._round(iid, v)
        if isinstance(b, m.Ratio):
            if ind.good == m.UP and b.num < b.den:
                return m.Ratio(min(b.den, b.num + r.randint(1, max(1, int(b.den) // 25))), b.den)
            return b
        if not _is_num(b):
            return None
        if s.flow == "stock" and ind.good == m.NEUTRAL:
            f = s.g
        elif down:
            f = r.uniform(0.88, 0.99)
        elif ind.good == m.UP:
            f = r.uniform(1.0, 1.08)
        else:
            f = r.uniform(0.97, 1.05)
        if s.micro and ind.kind == m.COUNT and ind.good == m.NEUTRAL:
            f = 1.0
        if ind.kind == m.COUNT and b < 20:
            return max(0, b - r.randint(0, 2)) if down else b + (r.randint(0, 2) if ind.good == m.UP else 0)
        return self._round(iid, b * f)

    # --- rules, derived values and rates ------------------------------------------------------
    def _finish(self, vec: dict, ctx: Ctx, base: dict | None = None) -> dict:
        for _ in range(8):
            before = dict(vec)
            self._enforce(vec)
            for iid in self.order:
                s = self.specs[iid]
                if s.fn and self.allowed(iid, ctx):
                    vec[iid] = s.fn(ctx, vec)
            self._enforce(vec)
            if vec == before:
                break
        self._rates(vec, ctx, base)
        return vec

    def _enforce(self, vec: dict) -> None:
        for _ in range(200):
            changed = False
            for rule in self.cat.rules:
                if rule.type == "rate":
                    continue
                whole = vec.get(rule.whole)
                parts = [p for p in rule.parts if _is_num(vec.get(p))]
                if not parts or (whole is not None and not _is_num(whole)):
                    continue
                tot = sum(vec[p] for p in parts)
                if rule.type == "parts_eq_whole" and len(parts) == len(rule.parts):
                    if whole != tot:
                        if rule.whole in self.fixed and _is_num(whole) and tot:
                            for p in parts:
                                self._shrink(vec, p, whole / tot, set())
                            biggest = max(parts, key=lambda p: vec[p])
                            vec[biggest] += whole - sum(vec[p] for p in parts)
                        else:
                            vec[rule.whole] = tot
                        changed = True
                    continue
                if whole is None or tot <= whole + 1e-9:
                    continue
                if rule.whole in self.pinned:
                    factor = whole / tot
                    for p in parts:
                        self._shrink(vec, p, factor, set())
                else:
                    vec[rule.whole] = tot
                changed = True
            if not changed:
                return
        raise RuntimeError("không cân đối được số liệu theo các quy tắc của danh mục")

    def _shrink(self, vec: dict, iid: str, factor: float, seen: set) -> None:
        """Scale a value down with everything that must stay below it (its parts, recursively)."""
        if iid in seen or not _is_num(vec.get(iid)):
            return
        seen.add(iid)
        vec[iid] = math.floor(vec[iid] * factor)
        for rule in self.wholes.get(iid, ()):
            for p in rule.parts:
                self._shrink(vec, p, factor, seen)
            if rule.type == "parts_eq_whole" and all(_is_num(vec.get(p)) for p in rule.parts):
                vec[iid] = sum(vec[p] for p in rule.parts)

    def _rates(self, vec: dict, ctx: Ctx, base: dict | None) -> None:
        for iid, ind in self.cat.indicators.items():
            if ind.kind not in m.RATE_KINDS or self.specs[iid].pct:
                continue
            if not self.allowed(iid, ctx):
                vec[iid] = None
                continue
            s = self.specs[iid]
            scale = 1000.0 if ind.kind == m.PERMILLE else 100.0
            num = den = None
            rule = self.rate_rules.get(iid)
            if rule:
                num, den, scale = vec.get(rule.numerator), vec.get(rule.denominator), rule.scale
            elif ind.numerator:
                num = vec.get(ind.numerator)
                if isinstance(num, m.Ratio):
                    num, den = num.num, num.den
                elif ind.denominator:
                    den = vec.get(ind.denominator)
                elif s.den:
                    den = s.den(ctx, vec)
                elif self.specs[ind.numerator].den:
                    den = self.specs[ind.numerator].den(ctx, vec)
            if _is_num(num) and den:
                vec[iid] = round(num / den * scale, 2)
                continue
            if s.rate is None or ((rule or ind.numerator) and num is None):
                vec[iid] = None  # no counts to compute it from, no level to draw it from
                continue
            level, trend = s.rate
            r = rng("rate", iid, ctx.year, ctx.half, ctx.unit_key, ctx.plan)
            cap = 99.9 if scale == 100 and level > 50 else scale
            if ctx.plan and base is not None and _is_num(base.get(iid)):
                b = base[iid]
                better = -1 if (ind.good == m.DOWN or ind.target_down) else 1
                v = b + better * r.uniform(0.1, 0.8) if not ctx.half else b
            else:
                v = level + trend * ctx.t + r.gauss(0, 0.15 if not ctx.commune else 0.8)
            vec[iid] = round(min(cap, max(0.0, v)), 2)


# =============================================================================== records (PHỤ LỤC 3)

_TRAININGS = (
    ("Tập huấn kỹ năng phòng, chống xâm hại trẻ em cho cán bộ, cộng tác viên cấp xã", "staff"),
    ("Tập huấn nghiệp vụ quản lý trường hợp, hỗ trợ can thiệp trẻ em bị xâm hại", "staff"),
    ("Bồi dưỡng kỹ năng thu thập, cập nhật cơ sở dữ liệu về trẻ em", "staff"),
    ("Tập huấn kỹ năng phòng, chống đuối nước cho giáo viên, huấn luyện viên dạy bơi", "staff"),
    ("Tập huấn kỹ năng sống, kỹ năng tự bảo vệ cho trẻ em", "children"),
    ("Tập huấn kỹ năng an toàn trên môi trường mạng cho học sinh trung học cơ sở", "children"),
    ("Tập huấn cho cha mẹ, người chăm sóc trẻ em về phương pháp giáo dục tích cực", "parents"),
    ("Bồi dưỡng kiến thức phòng, chống tảo hôn cho người có uy tín trong cộng đồng", "parents"),
    ("Tập huấn kỹ năng tổ chức Diễn đàn trẻ em cho nhóm trẻ em nòng cốt", "children"),
    ("Tập huấn chăm sóc dinh dưỡng, phát triển toàn diện trẻ em trong những năm đầu đời", "parents"),
    ("Bồi dưỡng nghiệp vụ công tác xã hội với trẻ em cho cán bộ cơ sở trợ giúp xã hội", "staff"),
)
_PARTNERS = ("Ủy ban nhân dân các xã, phường", "Sở Giáo dục và Đào tạo", "Hội Liên hiệp Phụ nữ tỉnh",
             "Tỉnh đoàn Sơn Hà", "Công an tỉnh", "Sở Văn hóa, Thể thao và Du lịch",
             "Trung tâm Công tác xã hội tỉnh")


def issuer_name(year: int) -> str:
    return "Sở Y tế" if year >= 2025 else "Sở Lao động - Thương binh và Xã hội"


def records_for(annex: m.Annex, ctx: Ctx) -> list[dict]:
    """The events list: the annual list is the six-month list plus the events of June–November."""
    if ctx.half:
        return _records_window(annex, ctx, 1, 5)
    return _records_window(annex, Ctx(ctx.year, True, ctx.commune), 1, 5) + _records_window(annex, ctx, 6, 11)


def _records_window(annex: m.Annex, ctx: Ctx, first_month: int, last_month: int) -> list[dict]:
    r = rng("records", annex.id, ctx.year, first_month, ctx.unit_key)
    if ctx.commune:
        n = r.randint(1, 2)
    else:
        n = r.randint(5, 6) if first_month == 1 else r.randint(2, 4)
    topics = list(_TRAININGS)
    r.shuffle(topics)
    dates = sorted((r.randint(first_month, last_month), r.randint(3, 27)) for _ in range(n))
    lead = ("Ủy ban nhân dân " + ctx.commune.name) if ctx.commune else issuer_name(ctx.year)
    out = []
    for k in range(n):
        topic, who = topics[k % len(topics)]
        month, day = dates[k]
        classes = 1 if ctx.commune else r.randint(1, 4)
        per_class = r.randint(30, 60)
        people = classes * per_class
        women = binomial(r, people, 0.5 if who == "children" else 0.68)
        fee = classes * r.randint(14, 36) * 1000
        rec = {}
        for f in annex.record_fields:
            key, kind = f["key"], f.get("kind", "text")
            if key == "thoi_gian":
                rec[key] = f"{day:02d}/{month:02d}/{ctx.year}"
            elif key == "noi_dung":
                rec[key] = topic
            elif key == "so_lop":
                rec[key] = classes
            elif key == "luot_nam":
                rec[key] = people - women
            elif key == "luot_nu":
                rec[key] = women
            elif key == "kinh_phi":
                rec[key] = fee
            elif key == "don_vi_chu_tri":
                rec[key] = lead
            elif key == "don_vi_phoi_hop":
                rec[key] = "Các thôn, tổ dân phố" if ctx.commune else ", ".join(r.sample(_PARTNERS, 2))
            elif kind == "text":
                rec[key] = None
            elif kind == "money":
                rec[key] = r.randint(10, 60) * 1000
            else:
                rec[key] = r.randint(1, 40)
        out.append(rec)
    return out


# =============================================================================== PL1 details

def _doc_date(r: random.Random, ctx: Ctx) -> str:
    month = r.randint(1, 5 if ctx.half else 10)
    return f"{r.randint(2, 28):02d}/{month:02d}/{ctx.year}"


def detail_text(ind: m.Indicator, label: str, n, ctx: Ctx) -> str | None:
    if not _is_num(n) or n <= 0:
        return None
    n = int(n)
    r = rng("detail", ind.id, ctx.year, ctx.half, ctx.unit_key)
    y = ctx.year
    so = "SYT" if y >= 2025 else "SLĐTBXH"
    text = label + " " + ind.name
    if ctx.commune and ("xã" in text):
        items = [f"Kế hoạch số {r.randint(5, 60)}/KH-UBND ngày {_doc_date(r, ctx)} về thực hiện công tác trẻ em năm {y}",
                 f"Kế hoạch số {r.randint(5, 60)}/KH-UBND ngày {_doc_date(r, ctx)} tổ chức Tháng hành động vì trẻ em năm {y}",
                 f"Quyết định số {r.randint(10, 150)}/QĐ-UBND ngày {_doc_date(r, ctx)} kiện toàn Ban bảo vệ trẻ em xã"]
        if "Đảng ủy" in text:
            items = [f"Nghị quyết số {r.randint(1, 30)}-NQ/ĐU ngày {_doc_date(r, ctx)} lãnh đạo thực hiện nhiệm vụ năm {y}, "
                     "trong đó có công tác trẻ em"]
        elif "Hội đồng nhân dân" in text:
            items = [f"Nghị quyết số {r.randint(1, 30)}/NQ-HĐND ngày {_doc_date(r, ctx)} về dự toán ngân sách xã, "
                     "bố trí kinh phí cho công tác trẻ em"]
    elif "Tỉnh ủy" in text:
        items = [f"Chỉ thị số {r.randint(10, 40)}-CT/TU ngày {_doc_date(r, ctx)} về tăng cường sự lãnh đạo của Đảng "
                 "đối với công tác chăm sóc, giáo dục và bảo vệ trẻ em"]
    elif "Hội đồng nhân dân tỉnh" in text:
        items = [f"Nghị quyết số {r.randint(10, 60)}/NQ-HĐND ngày {_doc_date(r, ctx)} quy định mức hỗ trợ cho trẻ em "
                 "có hoàn cảnh đặc biệt trên địa bàn tỉnh"]
    elif "Ủy ban nhân dân tỉnh" in text:
        items = [f"Kế hoạch số {r.randint(20, 90)}/KH-UBND ngày {_doc_date(r, ctx)} thực hiện công tác trẻ em năm {y}",
                 f"Kế hoạch số {r.randint(90, 160)}/KH-UBND ngày {_doc_date(r, ctx)} tổ chức Tháng hành động vì trẻ em năm {y}",
                 f"Quyết định số {r.randint(300, 900)}/QĐ-UBND ngày {_doc_date(r, ctx)} kiện toàn Ban Chỉ đạo về công tác trẻ em",
                 f"Kế hoạch số {r.randint(160, 240)}/KH-UBND ngày {_doc_date(r, ctx)} phòng, chống đuối nước trẻ em năm {y}"]
    elif "Tư pháp" in text:
        items = [f"Kế hoạch số {r.randint(10, 80)}/KH-STP ngày {_doc_date(r, ctx)} phổ biến, giáo dục pháp luật về trẻ em"]
    elif "Sở" in text or "sở, ngành" in text:
        if "khác" in text:
            items = ["Văn bản hướng dẫn của Sở Giáo dục và Đào tạo, Công an tỉnh, Sở Văn hóa, Thể thao và Du lịch, "
                     "Hội Liên hiệp Phụ nữ tỉnh, Tỉnh đoàn về các hoạt động vì trẻ em"]
        else:
            items = [f"Công văn số {r.randint(100, 900)}/{so}-BTXH ngày {_doc_date(r, ctx)} hướng dẫn thực hiện công tác trẻ em năm {y}",
                     f"Công văn số {r.randint(900, 1800)}/{so}-BTXH ngày {_doc_date(r, ctx)} về phòng, chống xâm hại, đuối nước trẻ em",
                     f"Kế hoạch số {r.randint(10, 90)}/KH-{so} ngày {_doc_date(r, ctx)} tổ chức Diễn đàn trẻ em tỉnh năm {y}"]
    elif "xã" in text:
        who = "Đảng ủy" if "Đảng ủy" in text else "Hội đồng nhân dân" if "Hội đồng" in text else "Ủy ban nhân dân"
        items = [f"Nghị quyết, kế hoạch, quyết định của {who} các xã, phường về công tác trẻ em năm {y} "
                 f"(tổng hợp từ báo cáo của các xã, phường)"]
        return items[0]
    else:
        items = ["Các văn bản chỉ đạo, hướng dẫn về công tác trẻ em"]
        return items[0]
    shown = items[:n]
    text = "; ".join(shown)
    if n > len(shown):
        text += f" và {n - len(shown)} văn bản khác"
    return text


# =============================================================================== narrative

def vn(n) -> str:
    """Vietnamese number: 13.758; 97,25."""
    if isinstance(n, float) and not n.is_integer():
        return f"{n:,.2f}".replace(",", "§").replace(".", ",").replace("§", ".").rstrip("0").rstrip(",")
    return f"{int(n):,}".replace(",", ".")


def change_phrase(cur, prev, unit: str = "", small: bool = False) -> str | None:
    if not _is_num(cur) or not _is_num(prev):
        return None
    if cur == prev:
        return "không thay đổi"
    if small or prev == 0:
        d = cur - prev
        return f"{'tăng' if d > 0 else 'giảm'} {vn(abs(d))}{(' ' + unit) if unit else ''}"
    pct = (cur - prev) / prev * 100
    return f"{'tăng' if pct > 0 else 'giảm'} {vn(round(abs(pct), 1))}%"


# Section pools: (tag, sentence). Tags: "open" first sentence (one is chosen); "P" province only,
# "X" commune only, "Y25"/"Y24" only from / before 2025, "A" annual only, "H" six-month only.
# A sentence is used only when every {field} it names has a figure.
POOLS: dict[str, list[tuple[str, str]]] = {
    "A.I.1": [
        ("open P", "Trong {ky}, {dv} đã chủ động tham mưu {ubnd} ban hành Kế hoạch số {kh_so} ngày {kh_ngay} về "
                   "thực hiện công tác trẻ em năm {nam}, Kế hoạch tổ chức Tháng hành động vì trẻ em năm {nam} và các văn "
                   "bản chỉ đạo, hướng dẫn triển khai nhiệm vụ bảo vệ, chăm sóc trẻ em {dia_ban}."),
        ("open P", "Bám sát các văn bản chỉ đạo của Trung ương và của tỉnh, trong {ky} {dv} đã tham mưu {ubnd} ban hành "
                   "{n_vb_ubnd} văn bản chỉ đạo, điều hành về công tác trẻ em, trong đó có Kế hoạch số {kh_so} ngày {kh_ngay} "
                   "về thực hiện công tác trẻ em năm {nam}."),
        ("open X", "Trong {ky}, {ubnd} đã ban hành Kế hoạch số {kh_so} ngày {kh_ngay} về thực hiện công tác trẻ em năm "
                   "{nam} và chỉ đạo các ban, ngành, đoàn thể, thôn, tổ dân phố triển khai thực hiện."),
        ("", "Tiếp tục quán triệt Chỉ thị số 28-CT/TW ngày 25/12/2023 về tăng cường công tác chăm sóc, giáo dục và bảo vệ "
             "trẻ em đáp ứng yêu cầu phát triển đất nước phồn vinh, hạnh phúc, Luật Trẻ em năm 2016 và các văn bản hướng dẫn "
             "thi hành."),
        ("P", "Các sở, ngành thành viên Ban Chỉ đạo đã ban hành {n_vb_so_nganh} văn bản hướng dẫn, triển khai nhiệm vụ "
              "theo chức năng được giao; cấp xã ban hành {n_vb_xa} văn bản chỉ đạo, điều hành về công tác trẻ em."),
        ("", "Công tác trẻ em được đưa vào chương trình công tác, nghị quyết lãnh đạo của cấp ủy, chính quyền và là một "
             "tiêu chí đánh giá thi đua hằng năm."),
        ("Y25", "Thực hiện chủ trương sắp xếp tổ chức bộ máy, chức năng quản lý nhà nước về trẻ em được chuyển giao từ ngành "
                "Lao động - Thương binh và Xã hội sang ngành Y tế; việc bàn giao hồ sơ, dữ liệu và nhân sự được thực hiện "
                "kịp thời, không để gián đoạn công tác bảo vệ, chăm sóc trẻ em."),
        ("P", "{dv} đã hướng dẫn Ủy ban nhân dân cấp xã rà soát, cập nhật thông tin trẻ em có hoàn cảnh đặc biệt vào hệ "
              "thống cơ sở dữ liệu và thực hiện chế độ báo cáo thống kê theo quy định."),
    ],
    "A.I.1.1": [
        ("open P", "Trong {ky}, Ban Chỉ đạo về công tác trẻ em của tỉnh duy trì chế độ giao ban định kỳ; các thành viên đã "
                   "phối hợp chặt chẽ trong triển khai các nhiệm vụ bảo vệ, chăm sóc trẻ em theo quy chế phối hợp liên ngành."),
        ("open P", "Công tác phối hợp liên ngành trong bảo đảm thực hiện quyền trẻ em {ky} tiếp tục được tăng cường; {dv} "
                   "phối hợp với Công an tỉnh, Sở Giáo dục và Đào tạo, Hội Liên hiệp Phụ nữ tỉnh, Tỉnh đoàn triển khai các hoạt "
                   "động phòng, chống xâm hại trẻ em và phòng, chống đuối nước."),
        ("open X", "Trong {ky}, Ban bảo vệ trẻ em {cap} được kiện toàn, phân công rõ nhiệm vụ cho từng thành viên; công an, "
                   "trạm y tế, trường học và các đoàn thể phối hợp chặt chẽ trong phát hiện, thông báo, can thiệp các trường "
                   "hợp trẻ em bị xâm hại."),
        ("P", "Nhóm công tác liên ngành bảo vệ trẻ em cấp tỉnh được kiện toàn, kịp thời phối hợp xác minh, hỗ trợ, can thiệp "
              "các trường hợp trẻ em bị xâm hại hoặc có nguy cơ bị xâm hại."),
        ("", "Việc tiếp nhận, xử lý thông tin từ Tổng đài điện thoại quốc gia bảo vệ trẻ em 111 được phối hợp kịp thời giữa "
             "các cơ quan chức năng và chính quyền cơ sở."),
        ("", "Chương trình phối hợp giữa các ngành y tế, giáo dục và công an trong chăm sóc sức khỏe, bảo đảm an toàn cho "
             "trẻ em tại trường học tiếp tục được duy trì."),
        ("X", "Định kỳ hằng quý, Ban bảo vệ trẻ em tổ chức họp giao ban, đánh giá tình hình trẻ em và thống nhất giải pháp "
              "hỗ trợ trẻ em có hoàn cảnh đặc biệt."),
    ],
    "A.I.1.2.tinh": [
        ("open P", "Sở Giáo dục và Đào tạo chỉ đạo các cơ sở giáo dục tăng cường giáo dục kỹ năng sống, phòng, chống bạo lực "
                   "học đường và xây dựng trường học an toàn, thân thiện trong {ky}."),
        ("open P", "Trong {ky}, các sở, ban, ngành, đoàn thể cấp tỉnh đã chủ động lồng ghép nhiệm vụ bảo vệ, chăm sóc trẻ em "
                   "vào chương trình công tác của ngành, đơn vị."),
        ("open X", "Trong {ky}, {ubnd} tiếp nhận và triển khai kịp thời các văn bản hướng dẫn của các sở, ngành cấp tỉnh "
                   "về công tác trẻ em."),
        ("P", "Công an tỉnh tập trung điều tra, xử lý nghiêm các vụ việc xâm hại trẻ em; phối hợp với nhà trường tuyên truyền "
              "về phòng, chống tội phạm và tệ nạn xã hội cho học sinh."),
        ("P", "Hội Liên hiệp Phụ nữ tỉnh duy trì các câu lạc bộ, mô hình phòng, chống bạo lực gia đình, xâm hại trẻ em ở "
              "cộng đồng; Tỉnh đoàn, Hội đồng Đội tỉnh tổ chức nhiều hoạt động hè, sinh hoạt tập thể cho thiếu nhi."),
        ("P", "Sở Văn hóa, Thể thao và Du lịch phối hợp tổ chức các lớp dạy bơi, phổ cập bơi cho trẻ em và các hoạt động văn "
              "hóa, thể thao dành cho thiếu nhi."),
        ("P", "Quỹ Bảo trợ trẻ em tỉnh đã vận động được {n_qbtte} triệu đồng để hỗ trợ trẻ em có hoàn cảnh đặc biệt, trẻ em "
              "mồ côi, trẻ em khuyết tật."),
        ("X", "Các chương trình, đề án của tỉnh về phòng, chống đuối nước, phòng, chống xâm hại trẻ em được triển khai đến "
              "từng thôn, tổ dân phố."),
    ],
    "A.I.1.2.xa": [
        ("open P", "Trong {ky}, Ủy ban nhân dân các xã, phường đã ban hành kế hoạch thực hiện công tác trẻ em, kiện toàn Ban "
                   "bảo vệ trẻ em và phân công công chức phụ trách công tác trẻ em."),
        ("open X", "Trong {ky}, các ban, ngành, đoàn thể của {cap} đã lồng ghép nội dung bảo vệ, chăm sóc trẻ em trong sinh "
                   "hoạt chi hội, tổ dân phố và các buổi họp thôn."),
        ("", "Đội ngũ {n_ctv} cộng tác viên tại thôn, tổ dân phố thường xuyên nắm bắt tình hình, kịp thời phát hiện và báo "
             "cáo các trường hợp trẻ em có nguy cơ rơi vào hoàn cảnh đặc biệt."),
        ("P", "Các đoàn thể ở cơ sở lồng ghép nội dung bảo vệ, chăm sóc trẻ em trong sinh hoạt chi hội, tổ dân phố và các "
              "buổi họp thôn."),
        ("P", "Một số xã, phường đã chủ động huy động nguồn lực xã hội hóa để tặng quà, hỗ trợ học bổng cho trẻ em có hoàn "
              "cảnh khó khăn."),
        ("X", "Hội Liên hiệp Phụ nữ, Đoàn Thanh niên phối hợp tổ chức sinh hoạt hè, hướng dẫn kỹ năng an toàn cho trẻ em."),
    ],
    "A.I.2.1": [
        ("open", "Đối tượng tuyên truyền trong {ky} gồm cán bộ, công chức làm công tác trẻ em, cha mẹ, người chăm sóc trẻ em, "
                 "giáo viên, học sinh và bản thân trẻ em."),
        ("open", "Trong {ky}, công tác tuyên truyền tập trung vào nhóm gia đình có trẻ em có hoàn cảnh đặc biệt, trẻ em có "
                 "nguy cơ cao và các gia đình ở vùng ven sông, hồ, vùng đồng bào dân tộc thiểu số."),
        ("", "Các lực lượng trực tiếp tham gia quản lý, giáo dục trẻ em như cộng tác viên, bí thư chi đoàn, chi hội trưởng "
             "phụ nữ, trưởng thôn được ưu tiên tuyên truyền, bồi dưỡng kiến thức."),
        ("", "Đặc biệt chú trọng tuyên truyền đến học sinh trước dịp nghỉ hè và các gia đình có cha mẹ đi làm ăn xa, gửi con "
             "cho ông bà chăm sóc."),
        ("", "Người có uy tín trong cộng đồng, chức sắc tôn giáo được vận động tham gia tuyên truyền về quyền trẻ em."),
    ],
    "A.I.2.2": [
        ("open", "Nội dung tuyên truyền {ky} tập trung vào Luật Trẻ em năm 2016, các quyền và bổn phận của trẻ em, kỹ năng "
                 "phòng, chống xâm hại, bạo lực trẻ em và kỹ năng phòng, chống đuối nước."),
        ("open", "Trong {ky}, các nội dung tuyên truyền được lựa chọn phù hợp với từng nhóm đối tượng, bám sát chủ đề Tháng "
                 "hành động vì trẻ em năm {nam}."),
        ("", "Tuyên truyền về Tổng đài điện thoại quốc gia bảo vệ trẻ em 111, trách nhiệm thông báo, tố giác hành vi xâm hại "
             "trẻ em của cá nhân, gia đình, cộng đồng."),
        ("", "Phổ biến các chính sách trợ giúp xã hội đối với trẻ em có hoàn cảnh đặc biệt, chính sách bảo hiểm y tế cho trẻ "
             "em dưới 6 tuổi, phòng, chống tảo hôn và hôn nhân cận huyết thống."),
        ("", "Hướng dẫn kỹ năng bảo vệ trẻ em trên môi trường mạng, phòng ngừa bắt nạt trực tuyến và lừa đảo qua mạng đối "
             "với trẻ em."),
    ],
    "A.I.2.3": [
        ("open", "Công tác truyền thông {ky} được triển khai đa dạng, phong phú dưới nhiều hình thức: truyền thông trực tiếp "
                 "tại cộng đồng, trường học; phát thanh trên hệ thống truyền thanh cơ sở; đăng tải tin, bài trên cổng thông "
                 "tin điện tử và mạng xã hội."),
        ("open P", "Trong {ky}, {toan} đã thực hiện {n_phong_su} phóng sự, {n_tin_bai} tin, bài và {n_phat_song} lần phát "
                   "sóng trên hệ thống truyền thanh về công tác trẻ em."),
        ("open X", "Trong {ky}, hệ thống truyền thanh của {cap} đã phát {n_phat_song} lượt tin, bài về bảo vệ, chăm sóc trẻ em."),
        ("", "Tổ chức {n_buoi_tt} buổi truyền thông trực tiếp; in và cấp phát {n_to_roi} tờ rơi, sách mỏng; treo {n_bang_ron} "
             "băng rôn, khẩu hiệu tại nơi công cộng."),
        ("", "Nội dung truyền thông được lồng ghép trong các buổi sinh hoạt dưới cờ, sinh hoạt lớp ở trường học và các cuộc "
             "họp thôn, tổ dân phố."),
        ("", "Các nhóm Zalo, trang mạng xã hội của cộng tác viên, Ban bảo vệ trẻ em được sử dụng hiệu quả để chia sẻ thông "
             "tin, kỹ năng bảo vệ trẻ em."),
    ],
    "A.I.2.4": [
        ("open", "Qua công tác truyền thông {ky}, nhận thức và trách nhiệm của gia đình, nhà trường, cộng đồng về bảo vệ, "
                 "chăm sóc trẻ em có chuyển biến rõ nét."),
        ("open", "Trong {ky}, có {n_luot_tt} lượt người được truyền thông trực tiếp về lĩnh vực trẻ em, {cmp_luot_tt} so với "
                 "{ky_truoc}."),
        ("", "Nhiều vụ việc xâm hại trẻ em được người dân phát hiện, thông báo kịp thời cho chính quyền và cơ quan chức năng."),
        ("", "Kỹ năng tự bảo vệ của trẻ em được nâng lên; trẻ em chủ động chia sẻ với thầy cô, cha mẹ khi gặp nguy cơ bị xâm "
             "hại, bắt nạt."),
        ("", "Tuy nhiên, ở một số địa bàn vùng sâu, vùng xa hiệu quả truyền thông chưa cao, một bộ phận cha mẹ còn thiếu kỹ "
             "năng chăm sóc, giáo dục con."),
    ],
    "A.I.3.1.a": [
        ("open", "Trong {ky}, {dia_ban} ghi nhận {n_xam_hai} trẻ em bị xâm hại, {cmp_xam_hai} so với {ky_truoc}; trong đó "
                 "có {n_xhtd} trẻ em bị xâm hại tình dục."),
        ("open", "Công tác phòng, chống xâm hại trẻ em {ky} được triển khai đồng bộ; {toan} phát hiện {n_xam_hai} trẻ em bị "
                 "xâm hại, {cmp_xam_hai} so với {ky_truoc}."),
        ("open", "Trong {ky}, {dia_ban} không phát hiện trường hợp trẻ em bị xâm hại{zero_xam_hai}; công tác phòng ngừa "
                 "được duy trì thường xuyên tại cộng đồng và trường học."),
        ("", "100% trẻ em bị xâm hại được phát hiện{nz_xam_hai} đã được hỗ trợ, can thiệp kịp thời theo quy định; các vụ việc "
             "được cơ quan chức năng điều tra, xử lý nghiêm minh."),
        ("P", "{dv} phối hợp với Công an tỉnh triển khai các giải pháp phòng ngừa xâm hại trẻ em, đặc biệt là xâm hại tình "
              "dục và xâm hại trẻ em trên môi trường mạng."),
        ("", "Các trường hợp trẻ em bị xâm hại{nz_xam_hai} được lập kế hoạch hỗ trợ, can thiệp, được tư vấn tâm lý và trợ "
             "giúp pháp lý."),
        ("", "Không phát sinh trường hợp trẻ em bị mua bán{no_mua_ban}."),
        ("", "Ghi nhận {n_mua_ban} trường hợp trẻ em bị mua bán; các em đã được giải cứu, tiếp nhận và hỗ trợ trở về đoàn tụ "
             "với gia đình."),
    ],
    "A.I.3.1.b": [
        ("open", "Tính đến thời điểm báo cáo, {dia_ban} có {n_vppl} trẻ em vi phạm pháp luật đang bị áp dụng các biện pháp "
                 "xử lý, {cmp_vppl} so với {ky_truoc}."),
        ("open", "Tình hình trẻ em vi phạm pháp luật {ky} cơ bản được kiểm soát; {toan} có {n_vppl} trẻ em vi phạm pháp luật."),
        ("open", "Trong {ky}, {dia_ban} không có trẻ em vi phạm pháp luật phải áp dụng biện pháp xử lý{zero_vppl}."),
        ("", "Các cơ quan tiến hành tố tụng bảo đảm thủ tục thân thiện đối với người dưới 18 tuổi; trẻ em vi phạm pháp luật "
             "được ưu tiên áp dụng biện pháp giáo dục tại xã, phường."),
        ("", "Lực lượng công an phối hợp với nhà trường, gia đình quản lý, giáo dục học sinh cá biệt, phòng ngừa tình trạng "
             "tụ tập, gây rối trật tự công cộng của thanh, thiếu niên."),
        ("", "Tình trạng trẻ em sử dụng mạng xã hội để kích động, hẹn nhau đánh nhau có dấu hiệu gia tăng, đòi hỏi sự vào cuộc "
             "đồng bộ của gia đình, nhà trường và xã hội."),
    ],
    "A.I.3.1.c": [
        ("open", "Trong {ky}, {toan} xảy ra {n_tao_hon} cặp tảo hôn, {cmp_tao_hon} so với {ky_truoc}; không phát sinh "
                 "trường hợp hôn nhân cận huyết thống."),
        ("open", "Công tác phòng, chống tảo hôn, hôn nhân cận huyết thống {ky} tiếp tục được quan tâm; số cặp tảo hôn là "
                 "{n_tao_hon} cặp."),
        ("open", "Trong {ky}, {dia_ban} không xảy ra trường hợp tảo hôn{zero_tao_hon}, hôn nhân cận huyết thống."),
        ("P", "Tình trạng tảo hôn tập trung chủ yếu ở các xã vùng đồng bào dân tộc thiểu số, nơi điều kiện kinh tế còn khó "
              "khăn và phong tục, tập quán còn lạc hậu."),
        ("", "Nội dung phòng, chống tảo hôn được lồng ghép trong sinh hoạt cộng đồng; người có uy tín, già làng, trưởng thôn "
             "được vận động tham gia tuyên truyền."),
        ("", "Công chức tư pháp - hộ tịch kiểm tra chặt chẽ điều kiện kết hôn, không đăng ký kết hôn cho các trường hợp chưa "
             "đủ tuổi theo quy định."),
    ],
    "A.I.3.1.d": [
        ("open", "Trong {ky}, {dia_ban} phát hiện {n_lao_dong} trẻ em tham gia lao động trái quy định của pháp luật, chủ yếu "
                 "làm việc tại các hộ gia đình, cơ sở sản xuất nhỏ và dịch vụ."),
        ("open", "Công tác phòng ngừa trẻ em lao động trái pháp luật {ky} được lồng ghép với kiểm tra việc thực hiện pháp "
                 "luật lao động tại các cơ sở sản xuất, kinh doanh."),
        ("", "Các cơ quan chức năng tăng cường kiểm tra các cơ sở có sử dụng lao động chưa thành niên, yêu cầu thực hiện đúng "
             "quy định về công việc, thời giờ làm việc."),
        ("", "Tuyên truyền cho cha mẹ, người sử dụng lao động về các quy định cấm sử dụng trẻ em làm công việc nặng nhọc, độc "
             "hại, nguy hiểm."),
        ("", "Chưa phát hiện trường hợp trẻ em bị bóc lột sức lao động nghiêm trọng phải can thiệp khẩn cấp."),
        ("open", "Trong {ky}, {dia_ban} chưa phát hiện trường hợp trẻ em lao động trái quy định của pháp luật{zero_lao_dong}."),
    ],
    "A.I.3.1.dd": [
        ("open", "Trong {ky}, {toan} có {n_tntt} trẻ em bị tai nạn thương tích, {n_tu_vong} trẻ em tử vong do tai nạn thương "
                 "tích, trong đó {n_duoi_nuoc} trẻ em tử vong do đuối nước."),
        ("open", "Công tác phòng, chống tai nạn thương tích trẻ em {ky} được chú trọng, nhất là phòng, chống đuối nước; số "
                 "trẻ em tử vong do tai nạn thương tích là {n_tu_vong} em, {cmp_tu_vong} so với {ky_truoc}."),
        ("open", "Trong {ky}, {toan} có {n_tntt} trẻ em bị tai nạn thương tích, {n_tu_vong} trẻ em tử vong do tai nạn thương "
                 "tích; không có trẻ em tử vong do đuối nước{zero_duoi_nuoc}."),
        ("open", "Trong {ky}, {dia_ban} không có trẻ em tử vong do tai nạn thương tích{zero_tu_vong}; công tác phòng, chống "
                 "đuối nước được triển khai trước mùa hè."),
        ("", "Các ngành, địa phương đã tổ chức {n_lop_boi} lớp dạy bơi cho {n_hoc_boi} lượt trẻ em; cắm {n_bien_bao} biển báo "
             "nguy hiểm tại các ao, hồ, sông, suối."),
        ("", "Nhiều trường tiểu học đã đưa nội dung dạy bơi an toàn vào hoạt động ngoại khóa."),
        ("P", "Các xã, phường tăng cường rà soát, cảnh báo các điểm nguy hiểm, tuyên truyền cha mẹ quản lý con em trong dịp "
              "nghỉ hè."),
        ("X", "Các thôn, tổ dân phố rà soát, cảnh báo các điểm nguy hiểm, tuyên truyền cha mẹ quản lý con em trong dịp nghỉ hè."),
        ("Y25 P", "Triển khai Quyết định số 1717/QĐ-TTg ngày 31/12/2024 của Thủ tướng Chính phủ phê duyệt Chương trình tăng "
                  "cường giáo dục kiến thức, kỹ năng phòng, chống đuối nước cho học sinh giai đoạn 2025 - 2035."),
    ],
    "A.I.3.1.e": [
        ("open", "Tính đến thời điểm báo cáo, {toan} có {n_hcdb} trẻ em có hoàn cảnh đặc biệt, chiếm {pct_hcdb}% tổng số trẻ "
                 "em; {n_hcdb_tro_giup} em ({pct_tro_giup}%) được chăm sóc, nuôi dưỡng, trợ giúp."),
        ("open", "Công tác chăm sóc trẻ em có hoàn cảnh đặc biệt {ky} được quan tâm; {toan} có {n_hcdb} trẻ em có hoàn cảnh "
                 "đặc biệt, {cmp_hcdb} so với {ky_truoc}."),
        ("", "100% trẻ em mồ côi cả cha và mẹ, trẻ em bị bỏ rơi, trẻ em không nơi nương tựa đủ điều kiện đã được hưởng trợ cấp "
             "xã hội hằng tháng và cấp thẻ bảo hiểm y tế theo Nghị định số 20/2021/NĐ-CP."),
        ("", "Toàn bộ {n_khuyet_tat} trẻ em khuyết tật đã được xác định mức độ khuyết tật, hưởng chính sách trợ giúp và "
             "được tạo điều kiện học hòa nhập."),
        ("P", "Các cơ sở trợ giúp xã hội trên địa bàn đang nuôi dưỡng {n_nuoi_duong} trẻ em có hoàn cảnh đặc biệt, bảo đảm "
              "chế độ dinh dưỡng, học tập và phục hồi chức năng."),
        ("", "Nhân dịp Tết Nguyên đán và ngày Quốc tế thiếu nhi, các cấp, các ngành đã tổ chức thăm hỏi, tặng quà, trao học "
             "bổng cho trẻ em có hoàn cảnh khó khăn."),
    ],
    "A.I.3.2": [
        ("open", "Trong {ky}, {toan} có {n_bhyt} trẻ em dưới 6 tuổi được cấp thẻ bảo hiểm y tế, đạt {pct_bhyt}% số trẻ em "
                 "dưới 6 tuổi."),
        ("open", "Công tác chăm sóc sức khỏe trẻ em {ky} được triển khai đồng bộ; tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng "
                 "đầy đủ các loại vắc xin đạt {pct_tiem_chung}%."),
        ("", "Tỷ lệ suy dinh dưỡng thể thấp còi ở trẻ em dưới 5 tuổi là {pct_sdd}%, tỷ lệ suy dinh dưỡng thể nhẹ cân là "
             "{pct_sdd_cn}%."),
        ("", "Chương trình tiêm chủng mở rộng, phòng, chống suy dinh dưỡng, bổ sung vi chất dinh dưỡng cho trẻ em được triển "
             "khai đầy đủ tại các trạm y tế xã, phường."),
        ("", "Công tác khám sức khỏe định kỳ cho học sinh, chăm sóc sức khỏe tâm thần, tư vấn tâm lý học đường tiếp tục được "
             "quan tâm."),
        ("P", "Công tác quản lý thai nghén, chăm sóc bà mẹ và trẻ sơ sinh được tăng cường; tỷ suất tử vong trẻ em dưới 5 tuổi "
              "là {pm_tu_vong_5}‰."),
    ],
    "A.I.3.3": [
        ("open", "Trong {ky}, tỷ lệ huy động trẻ em 5 tuổi đi học mẫu giáo đạt {pct_mau_giao}%; tỷ lệ trẻ em hoàn thành "
                 "chương trình tiểu học đạt {pct_tieu_hoc}%."),
        ("open", "Công tác giáo dục trẻ em {ky} đạt nhiều kết quả; tỷ lệ trẻ em hoàn thành cấp trung học cơ sở đạt "
                 "{pct_thcs}%."),
        ("", "Ngành giáo dục thực hiện đầy đủ chính sách miễn, giảm học phí, hỗ trợ chi phí học tập cho học sinh có hoàn cảnh "
             "khó khăn, học sinh khuyết tật."),
        ("", "Các trường học tăng cường giáo dục kỹ năng sống, giáo dục giới tính, phòng, chống bạo lực học đường; {n_truong_tl} "
             "trường học đã có dịch vụ hỗ trợ tâm lý cho học sinh."),
        ("", "Số học sinh bỏ học cấp trung học cơ sở còn {n_bo_hoc} em, chủ yếu do hoàn cảnh gia đình khó khăn và học lực yếu."),
    ],
    "A.I.3.4": [
        ("open", "Tháng hành động vì trẻ em năm {nam} được tổ chức tại {n_diem_thd} điểm với {n_luot_thd} lượt trẻ em tham dự; "
                 "{n_qua_thd} lượt trẻ em được tặng quà, học bổng."),
        ("open A", "Trong {ky}, các hoạt động văn hóa, vui chơi cho trẻ em được tổ chức sôi nổi; Tết Trung thu được tổ chức "
                   "tại {n_diem_trung_thu} điểm, thu hút {n_luot_trung_thu} lượt trẻ em tham gia."),
        ("A", "Nhân dịp Tết Trung thu, {n_qua_trung_thu} lượt trẻ em được tặng quà với tổng kinh phí {n_kp_trung_thu} triệu đồng."),
        ("P", "{toan} có {n_xa_vui_choi} xã, phường có điểm văn hóa, vui chơi dành cho trẻ em; các nhà văn hóa thôn, tổ dân "
              "phố được sử dụng làm nơi sinh hoạt hè cho thiếu nhi."),
        ("", "Hệ thống thư viện, nhà văn hóa, sân chơi thể thao tại cộng đồng được duy trì, mở cửa phục vụ trẻ em vào các ngày "
             "cuối tuần và dịp hè."),
        ("P", "Số xã, phường đạt tiêu chuẩn phù hợp với trẻ em là {n_xa_phu_hop}."),
    ],
    "A.I.3.5": [
        ("open", "Trong {ky}, {toan} tổ chức {n_dien_dan} diễn đàn trẻ em các cấp với {n_luot_dd} lượt trẻ em tham gia; các ý "
                 "kiến, kiến nghị của trẻ em được tổng hợp, gửi các cơ quan liên quan xem xét, giải quyết."),
        ("open", "Quyền tham gia của trẻ em {ky} tiếp tục được bảo đảm; tỷ lệ trẻ em từ 07 tuổi trở lên được hỏi ý kiến về các "
                 "vấn đề của trẻ em đạt {pct_hoi_y_kien}%."),
        ("", "Trẻ em được tạo điều kiện tham gia ý kiến trong xây dựng kế hoạch hoạt động hè, xây dựng trường học an toàn, "
             "thân thiện."),
        ("", "Các câu lạc bộ quyền trẻ em, nhóm trẻ em nòng cốt tiếp tục được duy trì, là kênh để trẻ em bày tỏ ý kiến, "
             "nguyện vọng."),
    ],
    "A.I.4": [
        ("open", "Tổng ngân sách dành cho lĩnh vực trẻ em {ky} là {n_ngan_sach} triệu đồng, trong đó ngân sách Trung ương "
                 "{n_ns_tw} triệu đồng, ngân sách địa phương {n_ns_dp} triệu đồng."),
        ("open", "Trong {ky}, nguồn lực cho công tác trẻ em tiếp tục được quan tâm bố trí; tổng ngân sách đạt {n_ngan_sach} "
                 "triệu đồng, {cmp_ngan_sach} so với {ky_truoc}."),
        ("", "Nguồn vận động xã hội đạt {n_van_dong} triệu đồng, chủ yếu từ Quỹ Bảo trợ trẻ em các cấp, các doanh nghiệp và "
             "nhà hảo tâm."),
        ("", "Kinh phí được sử dụng đúng mục đích, tập trung cho chính sách trợ giúp xã hội, hỗ trợ trẻ em có hoàn cảnh đặc "
             "biệt, công tác truyền thông và phòng, chống đuối nước."),
        ("", "Tuy nhiên, kinh phí bố trí cho công tác trẻ em ở cấp xã còn hạn chế, chủ yếu lồng ghép trong các chương trình "
             "khác."),
    ],
    "A.I.5": [
        ("open P", "Trong {ky}, {dv} phối hợp với các ngành tổ chức {n_kiem_tra} cuộc kiểm tra việc thực hiện chính sách, pháp "
                 "luật về trẻ em tại các xã, phường và cơ sở trợ giúp xã hội."),
        ("open X", "Trong {ky}, {ubnd} đã tổ chức {n_kiem_tra} đợt kiểm tra việc thực hiện chính sách đối với trẻ em có hoàn "
                   "cảnh đặc biệt tại các thôn, tổ dân phố."),
        ("", "Qua kiểm tra, các đơn vị cơ bản thực hiện đúng quy định; đoàn kiểm tra đã chấn chỉnh một số tồn tại trong quản lý "
             "hồ sơ trẻ em có hoàn cảnh đặc biệt."),
        ("", "Các thông tin, tin báo về trẻ em bị xâm hại qua Tổng đài 111 và phản ánh của người dân đều được tiếp nhận, xác "
             "minh và xử lý kịp thời."),
        ("", "Không có đơn thư khiếu nại, tố cáo liên quan đến việc thực hiện quyền trẻ em."),
    ],
    "A.II.2": [
        ("open", "Bên cạnh những kết quả đạt được, công tác trẻ em {ky} vẫn còn một số tồn tại, hạn chế."),
        ("", "Tình trạng trẻ em bị xâm hại, tai nạn thương tích, nhất là đuối nước vẫn còn xảy ra."),
        ("P", "Tình trạng tảo hôn vẫn còn ở một số xã vùng đồng bào dân tộc thiểu số."),
        ("", "Đội ngũ cán bộ làm công tác trẻ em ở cơ sở thường xuyên thay đổi, chủ yếu kiêm nhiệm; kỹ năng hỗ trợ, can thiệp "
             "trường hợp trẻ em bị xâm hại còn hạn chế."),
        ("", "Cơ sở vật chất, điểm vui chơi, bể bơi phục vụ trẻ em còn thiếu, nhất là ở khu vực nông thôn."),
        ("P", "Công tác thu thập, cập nhật dữ liệu về trẻ em ở một số xã chưa kịp thời, số liệu giữa các ngành còn chênh lệch."),
        ("Y25", "Việc chuyển giao chức năng quản lý nhà nước về trẻ em và sắp xếp tổ chức bộ máy làm một số nhiệm vụ triển "
                "khai chậm so với kế hoạch."),
    ],
    "A.II.3": [
        ("open", "Nguyên nhân khách quan: địa bàn rộng, nhiều sông, suối, ao, hồ; điều kiện kinh tế của một bộ phận người dân "
                 "còn khó khăn, nhiều cha mẹ đi làm ăn xa, gửi con cho ông bà chăm sóc."),
        ("", "Nguyên nhân chủ quan: một số cấp ủy, chính quyền cơ sở chưa thực sự quan tâm đến công tác trẻ em; sự phối hợp "
             "giữa các ngành, đoàn thể có lúc chưa chặt chẽ."),
        ("", "Nguồn lực đầu tư cho công tác trẻ em còn hạn chế, chưa đáp ứng yêu cầu nhiệm vụ."),
        ("", "Kỹ năng tự bảo vệ của trẻ em và kỹ năng bảo vệ trẻ em của cha mẹ, người chăm sóc trẻ em còn hạn chế."),
        ("Y25", "Việc sắp xếp tổ chức bộ máy, chuyển giao nhiệm vụ giữa các ngành trong năm {nam} ảnh hưởng đến tiến độ triển "
                "khai một số hoạt động."),
    ],
    "A.II.4": [
        ("open", "Tiếp tục đẩy mạnh công tác truyền thông, nâng cao nhận thức, trách nhiệm của gia đình, nhà trường và xã hội "
                 "trong bảo vệ, chăm sóc trẻ em trong {ky_sau}."),
        ("open", "Kiện toàn, nâng cao năng lực đội ngũ cán bộ, cộng tác viên làm công tác trẻ em ở cơ sở; ưu tiên tập huấn kỹ "
                 "năng hỗ trợ, can thiệp trẻ em bị xâm hại trong {ky_sau}."),
        ("", "Tăng cường phối hợp liên ngành trong phòng ngừa, phát hiện và xử lý các vụ việc xâm hại trẻ em."),
        ("", "Huy động nguồn lực xã hội hóa để xây dựng bể bơi, điểm vui chơi và hỗ trợ trẻ em có hoàn cảnh đặc biệt."),
        ("", "Nâng cao chất lượng thu thập, cập nhật cơ sở dữ liệu về trẻ em, bảo đảm số liệu thống nhất giữa các ngành."),
    ],
    "A.III.1": [
        ("open Y25", "Đề nghị Bộ Y tế sớm ban hành văn bản hướng dẫn thống nhất về chức năng, nhiệm vụ quản lý nhà nước về trẻ em "
                     "sau khi chuyển giao từ ngành Lao động - Thương binh và Xã hội."),
        ("open Y24", "Đề nghị Bộ Lao động - Thương binh và Xã hội tiếp tục hỗ trợ kinh phí, tài liệu tập huấn cho đội ngũ làm "
                     "công tác bảo vệ trẻ em cấp xã."),
        ("", "Đề nghị nghiên cứu, ban hành chế độ phụ cấp thống nhất cho đội ngũ cộng tác viên làm công tác trẻ em ở thôn, tổ "
             "dân phố."),
        ("", "Đề nghị tiếp tục bố trí kinh phí Trung ương cho các chương trình, đề án về bảo vệ trẻ em, phòng, chống đuối nước "
             "trẻ em đối với các địa phương còn khó khăn."),
        ("", "Đề nghị hoàn thiện phần mềm cơ sở dữ liệu về trẻ em, bảo đảm kết nối, chia sẻ dữ liệu giữa các ngành."),
    ],
    "A.III.2": [
        ("open P", "Đề nghị Ủy ban nhân dân tỉnh quan tâm bố trí kinh phí thực hiện các mục tiêu, chỉ tiêu về trẻ em, ưu tiên "
                   "cho công tác phòng, chống đuối nước và hỗ trợ trẻ em có hoàn cảnh đặc biệt."),
        ("P", "Đề nghị các sở, ngành thành viên Ban Chỉ đạo tăng cường phối hợp, thực hiện đầy đủ chế độ thông tin, báo cáo "
              "về công tác trẻ em."),
        ("open X", "Đề nghị Sở Y tế tổ chức tập huấn nghiệp vụ cho công chức, cộng tác viên làm công tác trẻ em cấp xã."),
        ("X", "Đề nghị các sở, ngành hỗ trợ kinh phí xây dựng bể bơi, điểm vui chơi cho trẻ em tại địa phương."),
        ("P", "Đề nghị Sở Tài chính tham mưu bố trí dự toán kinh phí cho công tác trẻ em trong dự toán ngân sách năm {nam_sau}."),
    ],
    "A.III.3": [
        ("open P", "Đề nghị Ủy ban nhân dân các xã, phường bố trí công chức phụ trách công tác trẻ em ổn định, tránh thay đổi "
                   "thường xuyên."),
        ("open X", "Đề nghị các thôn, tổ dân phố tăng cường nắm bắt tình hình, kịp thời thông báo các trường hợp trẻ em có nguy "
                   "cơ bị xâm hại."),
        ("", "Chỉ đạo rà soát, cập nhật kịp thời thông tin trẻ em có hoàn cảnh đặc biệt, trẻ em bị xâm hại vào hệ thống cơ sở "
             "dữ liệu."),
        ("", "Quan tâm bố trí ngân sách cấp xã và huy động nguồn lực xã hội hóa cho các hoạt động vì trẻ em."),
    ],
    "B.1": [
        ("open", "Xây dựng môi trường sống an toàn, thân thiện, lành mạnh để thực hiện tốt các quyền của trẻ em; phấn đấu giảm "
                 "số trẻ em bị xâm hại, tai nạn thương tích, đặc biệt là đuối nước trong {ky_sau}."),
        ("open", "Tập trung thực hiện có hiệu quả các mục tiêu, chỉ tiêu về trẻ em {ky_sau}, bảo đảm mọi trẻ em được bảo vệ, "
                 "chăm sóc và phát triển toàn diện."),
        ("", "Nâng cao chất lượng chăm sóc sức khỏe, dinh dưỡng và giáo dục cho trẻ em; bảo đảm trẻ em có hoàn cảnh đặc biệt "
             "được trợ giúp, chăm sóc để phục hồi và hòa nhập cộng đồng."),
        ("A", "Hoàn thành các mục tiêu, chỉ tiêu về trẻ em năm {nam_sau}, tạo nền tảng thực hiện các mục tiêu vì trẻ em giai "
              "đoạn tiếp theo."),
        ("H", "Phấn đấu hoàn thành và hoàn thành vượt mức các chỉ tiêu kế hoạch năm {nam} về công tác trẻ em."),
    ],
    "B.3": [
        ("open H", "Tổ chức Tết Trung thu, các hoạt động hè và Diễn đàn trẻ em; tăng cường phòng, chống đuối nước cho trẻ em "
                   "trong dịp hè năm {nam}."),
        ("open A", "Tổ chức các hoạt động hưởng ứng Tháng hành động vì trẻ em, Tết Trung thu, Diễn đàn trẻ em và các hoạt động "
                   "vui chơi, giải trí trong dịp hè năm {nam_sau}."),
        ("", "Tiếp tục duy trì, nhân rộng các mô hình bảo vệ trẻ em dựa vào cộng đồng, mô hình phòng, chống tảo hôn và mô "
             "hình dạy bơi an toàn cho trẻ em."),
        ("", "Triển khai các chương trình phòng, chống tai nạn, thương tích trẻ em và phòng ngừa, giảm thiểu trẻ em lao động "
             "trái quy định của pháp luật."),
        ("", "Tổ chức tập huấn nâng cao năng lực cho đội ngũ cán bộ, cộng tác viên làm công tác trẻ em; tăng cường kiểm tra, "
             "giám sát việc thực hiện quyền trẻ em tại cơ sở."),
        ("Y25 P", "Đánh giá kết quả thực hiện các mục tiêu, chỉ tiêu về trẻ em giai đoạn 2021 - 2025 và xây dựng kế hoạch giai "
                  "đoạn 2026 - 2030."),
    ],
    "B.4": [
        ("open", "Dự kiến tổng kinh phí thực hiện công tác trẻ em {ky_sau} khoảng {n_kp_ke_hoach} triệu đồng, từ nguồn ngân "
                 "sách nhà nước, Quỹ Bảo trợ trẻ em và nguồn vận động xã hội."),
        ("", "Kinh phí được bố trí trong dự toán ngân sách hằng năm của các cơ quan, đơn vị, địa phương theo phân cấp ngân "
             "sách hiện hành."),
        ("", "Tăng cường vận động các tổ chức, doanh nghiệp, cá nhân đóng góp, hỗ trợ cho các hoạt động vì trẻ em."),
    ],
    # --- the HĐND report's own rows: the People's Committee speaks (issue 12) -----------------
    "H.I": [
        ("open", "{ubnd} xác định bảo vệ, chăm sóc, giáo dục trẻ em là nhiệm vụ thường xuyên, lâu dài của cả hệ thống "
                 "chính trị; trong {ky}, tình hình trẻ em {dia_ban} cơ bản ổn định."),
        ("", "Trẻ em có hoàn cảnh đặc biệt tập trung chủ yếu ở các xã vùng sâu, vùng xa, vùng đồng bào dân tộc thiểu số."),
    ],
    "H.II.1": [
        ("open", "{ubnd} đã ban hành kế hoạch thực hiện công tác trẻ em {ky}, chỉ đạo các sở, ngành, Ủy ban nhân dân các "
                 "xã, phường triển khai đồng bộ các chương trình, đề án về trẻ em."),
        ("", "Công tác truyền thông, giáo dục về quyền trẻ em được đẩy mạnh, chú trọng kỹ năng phòng, chống xâm hại và đuối nước."),
    ],
    "H.II.2": [
        ("open", "{ubnd} chỉ đạo kiện toàn hệ thống bảo vệ trẻ em các cấp, tăng cường phòng, chống tai nạn thương tích, "
                 "tảo hôn và lao động trẻ em trái quy định."),
    ],
    "H.II.3": [
        ("open", "{ubnd} chỉ đạo ngành y tế bảo đảm trẻ em được tiêm chủng đầy đủ, được chăm sóc dinh dưỡng và khám, chữa "
                 "bệnh bằng thẻ bảo hiểm y tế."),
    ],
    "H.II.4": [
        ("open", "{ubnd} chỉ đạo thực hiện đầy đủ chính sách miễn, giảm học phí, hỗ trợ chi phí học tập; vận động trẻ em "
                 "bỏ học trở lại trường."),
    ],
    "H.II.5": [
        ("open", "{ubnd} chỉ đạo tổ chức Tháng hành động vì trẻ em, Tết Trung thu và các hoạt động vui chơi, giải trí "
                 "cho trẻ em trong dịp hè."),
    ],
    "H.II.6": [
        ("open", "{ubnd} tổ chức lấy ý kiến trẻ em trong xây dựng chính sách liên quan đến trẻ em; duy trì Diễn đàn trẻ "
                 "em các cấp."),
    ],
    "H.III.1": [
        ("open", "{ubnd} chỉ đạo các cơ quan chức năng xử lý nghiêm các vụ việc xâm hại trẻ em; mọi trường hợp trẻ em bị "
                 "xâm hại được phát hiện đều được hỗ trợ, can thiệp kịp thời."),
    ],
    "H.III.2": [
        ("open", "{ubnd} chỉ đạo thanh tra, kiểm tra việc thực hiện chính sách đối với trẻ em có hoàn cảnh đặc biệt; "
                 "các đơn thư, tin báo về xâm hại trẻ em đều được giải quyết theo quy định."),
    ],
    "H.IV": [
        ("open", "{ubnd} ưu tiên bố trí ngân sách cho công tác trẻ em và huy động nguồn lực xã hội hóa, nhất là cho "
                 "phòng, chống đuối nước và trẻ em có hoàn cảnh đặc biệt."),
    ],
    "H.V.2": [
        ("open", "Tình trạng tảo hôn, tai nạn thương tích, đuối nước trẻ em chưa được đẩy lùi; một số chỉ tiêu về trẻ em "
                 "chưa đạt kế hoạch."),
    ],
    "H.V.3": [
        ("open", "Nguồn lực cho công tác trẻ em còn hạn chế; đội ngũ làm công tác trẻ em ở cơ sở chủ yếu kiêm nhiệm, "
                 "thường xuyên thay đổi."),
    ],
    "H.VI.1": [
        ("open", "Tạo môi trường sống an toàn, lành mạnh cho trẻ em; giảm số trẻ em bị xâm hại, tai nạn thương tích và "
                 "tảo hôn trong {ky_sau}."),
    ],
    "H.VI.2": [
        ("open", "Tiếp tục chỉ đạo thực hiện đồng bộ các chương trình, đề án về trẻ em; tăng cường kiểm tra, giám sát việc "
                 "thực hiện quyền trẻ em tại cơ sở."),
    ],
    "H.VII": [
        ("open", "Đề nghị Hội đồng nhân dân {cap} quan tâm ban hành chính sách hỗ trợ cộng tác viên làm công tác trẻ em ở "
                 "thôn, tổ dân phố; bố trí ngân sách cho các mô hình phòng, chống đuối nước và tăng cường giám sát việc "
                 "thực hiện quyền trẻ em."),
    ],
}
GENERIC_POOL = [
    ("open", "Trong {ky}, {dv} đã triển khai các nhiệm vụ về {topic} theo kế hoạch đề ra."),
    ("", "Các cơ quan, đơn vị liên quan đã phối hợp chặt chẽ, bảo đảm thực hiện đúng tiến độ."),
    ("", "Kết quả cụ thể được tổng hợp tại các phụ lục kèm theo báo cáo."),
]


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


_SECTIONS: dict = {}


def text_sections(period: Period, catalog: Catalog) -> list[tuple[str, str]]:
    if period not in _SECTIONS:
        _SECTIONS[period] = narrative_sections(period, catalog)
    return _SECTIONS[period]


def narrative_text(sid: str, heading: str, ctx: Ctx, figures: dict) -> str:
    pool = POOLS.get(sid) or GENERIC_POOL
    scope = "X" if ctx.commune else "P"

    def usable(tag: str, text: str) -> bool:
        tags = set(tag.split())
        if ("P" in tags and scope != "P") or ("X" in tags and scope != "X"):
            return False
        if ("Y25" in tags and ctx.year < 2025) or ("Y24" in tags and ctx.year >= 2025):
            return False
        if ("A" in tags and ctx.half) or ("H" in tags and not ctx.half):
            return False
        return _fields(text) <= set(figures) | {"topic"}

    values = dict(figures, topic=heading.split(". ", 1)[-1].split(") ", 1)[-1].lower())
    r = rng("narrative", sid, ctx.year, ctx.half, ctx.unit_key)
    openers = [t for tag, t in pool if "open" in tag.split() and usable(tag, t)]
    body = [t for tag, t in pool if "open" not in tag.split() and usable(tag, t)]
    # Reports are short (issue 12: province ≤ 12 pages of text, a commune ≤ 5): the opening sentence
    # and one or two more; a commune one short sentence per section.
    if ctx.commune:  # no figures: the report states them (reportgen.words)
        plain = [t for t in openers if not _fields(t)] or [
            t for t in body if not _fields(t) and not t.startswith(("Tuy nhiên", "Ngoài ra", "Bên cạnh"))]
        chosen = [min(plain or openers or body, key=len)] if (openers or body) else []
    else:
        chosen = [r.choice(openers)] if openers else []
        k = min(len(body), r.randint(1, 2))
        chosen += [body[i] for i in sorted(r.sample(range(len(body)), k))]
    out = [t.format(**values) for t in chosen]
    return " ".join(t[:1].upper() + t[1:] for t in out)


def narrative_figures(cur: dict, prev: dict, plan_next: dict, ctx: Ctx) -> dict:
    """The words and figures the narrative sentences may use (absent figure → sentence skipped)."""
    year = ctx.year
    r = rng("fig", year, ctx.half, ctx.unit_key)
    if ctx.commune:
        cap = ctx.commune.kind
        f = {"dv": f"Ủy ban nhân dân {cap}", "ubnd": f"Ủy ban nhân dân {cap}", "cap": cap,
             "dia_ban": f"trên địa bàn {cap}", "toan": f"toàn {cap}"}
    else:
        f = {"dv": issuer_name(year), "ubnd": "Ủy ban nhân dân tỉnh", "cap": "tỉnh",
             "dia_ban": "trên địa bàn tỉnh", "toan": "toàn tỉnh"}
    p = Period(year, ctx.half)
    f.update(ky=p.label_lower, ky_truoc=p.comparison_phrase, nam=str(year), nam_sau=str(year + 1),
             ky_sau=f"6 tháng cuối năm {year}" if ctx.half else f"năm {year + 1}",
             kh_so=f"{r.randint(18, 60)}/KH-UBND", kh_ngay=f"{r.randint(3, 27):02d}/{r.randint(1, 3):02d}/{year}",
             n_kiem_tra=str(r.randint(2, 3) if ctx.commune else r.randint(3, 7)))

    def put(name, iid, fmt=vn):
        v = cur.get(iid)
        if _is_num(v) and name.startswith("n_") and v == 0:
            f["zero_" + name[2:]] = ""
        elif _is_num(v):
            f[name] = fmt(v)
            if name.startswith("n_"):
                f["nz_" + name[2:]] = ""
        elif isinstance(v, m.Ratio):
            f[name] = f"{vn(v.num)}/{vn(v.den)}"

    def cmp(name, iid, unit="", small=False):
        c = change_phrase(cur.get(iid), prev.get(iid), unit, small)
        if c:
            f[name] = c

    put("n_vb_ubnd", "van_ban_ubnd_tinh")
    vb = [cur.get(i) for i in ("van_ban_so_phu_trach_tre_em", "van_ban_so_tu_phap", "van_ban_so_nganh_khac")]
    if all(_is_num(v) for v in vb):
        f["n_vb_so_nganh"] = vn(sum(vb))
    vbx = [cur.get(i) for i in ("van_ban_dang_uy_xa", "van_ban_hdnd_xa", "van_ban_ubnd_xa")]
    if all(_is_num(v) for v in vbx):
        f["n_vb_xa"] = vn(sum(vbx))
    for name, iid in (("n_qbtte", "kinh_phi_van_dong_quy_bao_tro"), ("n_ctv", "cong_tac_vien_tre_em"),
                      ("n_phong_su", "phong_su_tre_em"), ("n_tin_bai", "tin_bai_tre_em"),
                      ("n_phat_song", "phat_song_truyen_thanh"), ("n_buoi_tt", "buoi_truyen_thong_truc_tiep"),
                      ("n_to_roi", "to_roi_sach_mong"), ("n_bang_ron", "bang_ron_khau_hieu"),
                      ("n_luot_tt", "luot_nguoi_truyen_thong_truc_tiep"), ("n_xam_hai", "tre_em_bi_xam_hai"),
                      ("n_xhtd", "tre_em_bi_xam_hai_tinh_duc"), ("n_vppl", "tre_em_vi_pham_phap_luat"),
                      ("n_tao_hon", "so_cap_tao_hon"), ("n_lao_dong", "tre_em_lao_dong_trai_quy_dinh"),
                      ("n_tntt", "tre_em_bi_tntt"), ("n_tu_vong", "tre_em_tu_vong_tntt"),
                      ("n_duoi_nuoc", "tre_em_tu_vong_duoi_nuoc"), ("n_lop_boi", "lop_day_boi"),
                      ("n_hoc_boi", "tre_em_duoc_hoc_boi"), ("n_bien_bao", "bien_bao_nguy_hiem"),
                      ("n_hcdb", "tre_em_hcdb"), ("n_hcdb_tro_giup", "tre_em_hcdb_duoc_tro_giup"),
                      ("n_khuyet_tat", "tre_em_khuyet_tat"), ("n_nuoi_duong", "tre_em_hcdb_duoc_nuoi_duong_cong_lap"),
                      ("n_bhyt", "tre_em_duoi_6_bhyt"), ("pct_tiem_chung", "ty_le_tiem_chung_duoi_1_tuoi"),
                      ("pct_sdd", "ty_le_suy_dinh_duong_chieu_cao"), ("pct_sdd_cn", "ty_le_suy_dinh_duong_can_nang"),
                      ("pm_tu_vong_5", "ty_suat_tu_vong_duoi_5_tuoi"), ("pct_mau_giao", "ty_le_huy_dong_tre_5_tuoi_mau_giao"),
                      ("pct_tieu_hoc", "ty_le_hoan_thanh_tieu_hoc"), ("pct_thcs", "ty_le_hoan_thanh_thcs"),
                      ("n_bo_hoc", "tre_em_bo_hoc_thcs"), ("n_diem_thd", "thang_hanh_dong_so_diem"),
                      ("n_luot_thd", "thang_hanh_dong_luot_tre_em_tham_du"),
                      ("n_qua_thd", "thang_hanh_dong_luot_tre_em_tang_qua"), ("n_diem_trung_thu", "trung_thu_so_diem"),
                      ("n_luot_trung_thu", "trung_thu_luot_tre_em_tham_gia"),
                      ("n_qua_trung_thu", "trung_thu_luot_tre_em_tang_qua"), ("n_kp_trung_thu", "trung_thu_kinh_phi"),
                      ("n_xa_vui_choi", "xa_co_diem_vui_choi_tre_em"), ("n_xa_phu_hop", "xa_phu_hop_tre_em"),
                      ("n_dien_dan", "dien_dan_tre_em"), ("n_luot_dd", "dien_dan_luot_tre_em_tham_gia"),
                      ("pct_hoi_y_kien", "ty_le_tre_em_duoc_hoi_y_kien"), ("n_ngan_sach", "ngan_sach_tre_em"),
                      ("n_ns_tw", "ngan_sach_trung_uong"), ("n_ns_dp", "ngan_sach_dia_phuong"),
                      ("n_van_dong", "kinh_phi_van_dong_khac"), ("pct_hcdb", "ty_le_tre_em_hcdb"),
                      ("pct_tro_giup", "ty_le_tre_em_hcdb_duoc_tro_giup")):
        put(name, iid)
    tl = cur.get("truong_hoc_ho_tro_tam_ly")
    if isinstance(tl, m.Ratio):
        f["n_truong_tl"] = f"{vn(tl.num)}/{vn(tl.den)}"
    if _is_num(cur.get("tre_em_duoi_6_bhyt")) and cur.get("tre_em_duoi_6"):
        f["pct_bhyt"] = vn(round(cur["tre_em_duoi_6_bhyt"] / cur["tre_em_duoi_6"] * 100, 1))
    mb = cur.get("tre_em_bi_mua_ban")
    if _is_num(mb):
        if mb == 0:
            f["no_mua_ban"] = ""
            f.pop("n_mua_ban", None)
        else:
            f["n_mua_ban"] = vn(mb)
    cmp("cmp_luot_tt", "luot_nguoi_truyen_thong_truc_tiep")
    cmp("cmp_xam_hai", "tre_em_bi_xam_hai", "em", small=True)
    cmp("cmp_vppl", "tre_em_vi_pham_phap_luat", "em", small=True)
    cmp("cmp_tao_hon", "so_cap_tao_hon", "cặp", small=True)
    cmp("cmp_tu_vong", "tre_em_tu_vong_tntt", "em", small=True)
    cmp("cmp_hcdb", "tre_em_hcdb", "em", small=ctx.commune is not None)
    cmp("cmp_ngan_sach", "ngan_sach_tre_em")
    # Budget of the next period: next year's plan (annual report) or the rest of this year's plan.
    nl = plan_next.get("nguon_luc_ngan_sach")
    vd = plan_next.get("nguon_luc_van_dong")
    if _is_num(nl):
        amount = (nl + (vd or 0)) / 1000
        if ctx.half:
            amount *= 0.55
        f["n_kp_ke_hoach"] = vn(round(amount, -1) if amount > 100 else round(amount))
    return f


# =============================================================================== unit info

PROVINCE_INFO = {
    2024: dict(issuer="SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", issuer_short="SLĐTBXH", signer="Phạm Quốc Thịnh",
               recipients="Bộ Lao động - Thương binh và Xã hội (Cục Trẻ em);\nỦy ban nhân dân tỉnh;\nGiám đốc Sở;\n"
                          "Các sở, ban, ngành liên quan;\nỦy ban nhân dân các huyện, thị xã, thành phố;\nLưu: VT, BTXH."),
    2025: dict(issuer="SỞ Y TẾ", issuer_short="SYT", signer="Đỗ Thị Thanh Nhàn",
               recipients="Bộ Y tế (Cục Bà mẹ và Trẻ em);\nỦy ban nhân dân tỉnh;\nGiám đốc Sở;\n"
                          "Các sở, ban, ngành liên quan;\nỦy ban nhân dân các xã, phường;\nLưu: VT, BTXH."),
}
PROVINCE_DOC = {  # period code -> (doc_number, date, basis)
    "2024-H1": ("98", "15/05/2024", "Thực hiện Công văn số 1152/LĐTBXH-TE ngày 08/4/2024 của Bộ Lao động - Thương binh "
                                    "và Xã hội về việc báo cáo kết quả thực hiện công tác trẻ em 6 tháng đầu năm 2024, "),
    "2024": ("412", "12/11/2024", "Thực hiện Công văn số 3845/LĐTBXH-TE ngày 02/10/2024 của Bộ Lao động - Thương binh "
                                  "và Xã hội về việc báo cáo kết quả thực hiện công tác trẻ em năm 2024, "),
    "2025-H1": ("156", "14/05/2025", "Thực hiện Công văn số 386/BMTE-BVTE ngày 15/4/2025 của Cục Bà mẹ và Trẻ em, Bộ Y tế "
                                     "về việc báo cáo kết quả thực hiện công tác trẻ em 6 tháng đầu năm 2025, "),
    "2025": ("", "13/11/2025", "Thực hiện Công văn số 2140/BYT-BMTE ngày 06/10/2025 của Bộ Y tế về việc báo cáo kết quả "
                               "thực hiện công tác trẻ em năm 2025, "),
}
COMMUNE_SIGNERS = ("Nguyễn Văn Toàn", "Lê Thị Hồng Vân", "Trần Minh Đức", "Hoàng Thị Lan", "Vũ Đình Khang",
                   "Bùi Thị Thu Trang", "Đặng Quang Huy")


def province_info(period: Period) -> dict:
    number, date, basis = PROVINCE_DOC[period.code]
    base = PROVINCE_INFO[2025 if period.year >= 2025 else 2024]
    return {"unit_name": PROVINCE, "level": "tỉnh", "parent_agency": "ỦY BAN NHÂN DÂN TỈNH SƠN HÀ",
            "issuer": base["issuer"], "issuer_short": base["issuer_short"], "doc_number": number,
            "place": PROVINCE_NAME, "date": date, "signer": base["signer"], "authority": "KT. GIÁM ĐỐC",
            "position": "PHÓ GIÁM ĐỐC", "recipients": base["recipients"], "basis": basis,
            "council": "Hội đồng nhân dân tỉnh Sơn Hà"}


def commune_info(c: Commune, period: Period, k: int) -> dict:
    r = rng("cinfo", c.key, period.code)
    deputy = r.random() < 0.5
    return {"unit_name": c.name, "level": "xã", "parent_agency": "",
            "issuer": f"ỦY BAN NHÂN DÂN {c.name.upper()}", "issuer_short": "UBND",
            "doc_number": str(r.randint(20, 95)) if r.random() < 0.7 else "", "place": c.short,
            "date": f"{r.randint(5, 9):02d}/{'05' if period.half else '11'}/{period.year}",  # a year: in November
            "signer": COMMUNE_SIGNERS[k % len(COMMUNE_SIGNERS)],
            "authority": "KT. CHỦ TỊCH" if deputy else "TM. ỦY BAN NHÂN DÂN",
            "position": "PHÓ CHỦ TỊCH" if deputy else "CHỦ TỊCH",
            "recipients": f"Sở Y tế tỉnh Sơn Hà;\nĐảng ủy {c.kind};\nThường trực Hội đồng nhân dân {c.kind};\n"
                          f"Các ban, ngành, đoàn thể {c.kind};\nLưu: VT, VHXH.",
            "basis": f"Thực hiện Công văn số {'512' if period.half else '1826'}/SYT-BTXH ngày "
                     f"{'18/4' if period.half else '20/10'}/{period.year} của Sở Y tế tỉnh Sơn Hà về việc báo cáo "
                     f"kết quả thực hiện công tác trẻ em {period.label_lower}, ",
            "council": f"Hội đồng nhân dân {c.name}"}


# =============================================================================== workbooks

class Writer:
    def __init__(self, catalog: Catalog, gen: Generator):
        self.cat = catalog
        self.gen = gen
        self.period_plan = self._period_specific_plans()

    def _period_specific_plans(self) -> set[str]:
        out = set()
        for a in self.cat.annexes:
            if any(c.role == m.PLAN and "{cur" in c.header for c in a.columns):
                out |= {r.indicator for r in a.rows if r.indicator}
        return out

    def vectors(self, period: Period, commune: Commune | None):
        g = self.gen
        vec = (lambda y: g.half(y, commune)) if period.half else (lambda y: g.annual(y, commune))
        cur, prev = vec(period.year), vec(period.year - 1)
        plan_year = g.plan(period.year, commune)
        plan_half = g.plan(period.year, commune, half=True) if period.half else plan_year
        nxt = g.plan(period.year + 1, commune)
        return cur, prev, plan_year, plan_half, nxt

    def values(self, period: Period, commune: Commune | None) -> dict:
        cur, prev, plan_year, plan_half, nxt = self.vectors(period, commune)
        out = {}
        for iid in self.cat.indicators:
            plan = plan_half if iid in self.period_plan else plan_year
            for role, vec in ((m.CURRENT, cur), (m.PREVIOUS, prev), (m.PLAN, plan), (m.NEXT_PLAN, nxt)):
                v = vec.get(iid)
                if v is not None:
                    out[(iid, role)] = v
        return out

    def build(self, period: Period, out: Path, *, commune: Commune | None = None, info: dict,
              empty_sections: tuple = ()) -> Path:
        ctx = Ctx(period.year, period.half, commune)
        cur, prev, _, _, nxt = self.vectors(period, commune)
        plan_next = nxt if not period.half else self.gen.plan(period.year, commune)
        figures = narrative_figures(cur, prev, plan_next, ctx)
        sections = []
        for sid, heading in text_sections(period, self.cat):
            text = None if sid in empty_sections else narrative_text(sid, heading, ctx, figures)
            sections.append((sid, heading, text))
        wb = build_workbook(self.cat, period, unit=info["unit_name"], info=info, narrative_sections=sections,
                            values=self.values(period, commune))
        for annex in self.cat.annexes:
            ws = wb[annex.sheet]
            if annex.layout == "records":
                self._fill_records(ws, annex, ctx)
            else:
                self._fill_text_roles(ws, annex, period, ctx, cur)
        save_deterministic(wb, out)
        return out

    def _fill_records(self, ws, annex: m.Annex, ctx: Ctx) -> None:
        for n, rec in enumerate(records_for(annex, ctx)):
            for k, f in enumerate(annex.record_fields):
                v = rec.get(f["key"])
                if v is not None:
                    ws.cell(FIRST_DATA_ROW + n, TT_COL + k, v)

    def _fill_text_roles(self, ws, annex: m.Annex, period: Period, ctx: Ctx, cur: dict) -> None:
        cols = {sc.role: FIRST_ROLE_COL + i for i, sc in enumerate(sheet_columns(annex, period))}
        if m.DETAIL not in cols and m.NOTE not in cols:
            return
        labels = {r.indicator: r.label for r in annex.rows if r.indicator}
        for row in range(FIRST_DATA_ROW, ws.max_row + 1):
            iid = ws.cell(row, ID_COL).value
            if not iid or iid not in self.cat.indicators:
                continue
            ind = self.cat.indicators[iid]
            if m.DETAIL in cols:
                text = detail_text(ind, labels.get(iid, ""), cur.get(iid), ctx)
                if text:
                    ws.cell(row, cols[m.DETAIL], text)
            if m.NOTE in cols and iid in NOTES and not ctx.commune:
                note = NOTES[iid](ctx)
                if note and (cur.get(iid) is not None or "tháng 9" in note):
                    ws.cell(row, cols[m.NOTE], note)


def save_deterministic(wb, path: Path) -> None:
    """Save with fixed zip entry times and docProps timestamps (no clock in the output)."""
    buf = io.BytesIO()
    wb.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)",
                              rb"\g<1>" + FIXED_XML_TIME + rb"\g<3>", data)
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = info.external_attr
            z.writestr(zi, data)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(out.getvalue())
    tmp.replace(path)


README = """# Dữ liệu mẫu — tỉnh Sơn Hà (hư cấu)

Tạo bởi `python scripts/make_sample_data.py` (tất định: chạy lại cho kết quả giống hệt). Không sửa tay:
sửa script rồi chạy lại, nhất là khi danh mục chỉ tiêu (data/catalog/) thay đổi.

| tệp | nội dung |
|---|---|
| son-ha-2024-H1.xlsx, son-ha-2024.xlsx | biểu mẫu phụ lục của tỉnh, 6 tháng đầu năm và cả năm 2024 (cơ quan báo cáo: Sở Lao động - Thương binh và Xã hội) |
| son-ha-2025-H1.xlsx, son-ha-2025.xlsx | như trên cho năm 2025 (cơ quan báo cáo: Sở Y tế); cột cùng kỳ = số liệu của tệp năm 2024 |
| xa/*-2025-H1.xlsx | biểu mẫu của 6 xã, phường, 6 tháng đầu năm 2025 (các dòng chỉ cấp tỉnh để trống) |
| xa-2025/*-2025.xlsx | biểu mẫu của cùng 6 xã, phường, cả năm 2025 (dùng cho `reportgen build annual --batch`) |
| units.txt | danh sách xã, phường phải nộp báo cáo khi tổng hợp (có một xã cố ý không có tệp) |

Trong son-ha-2025-H1.xlsx, mục «5. Công tác thanh tra, kiểm tra, giám sát…» (A.I.5) của trang «Nội dung» cố ý
để trống: báo cáo hiện dòng «[Nội dung cần bổ sung…]» và `reportgen check` cảnh báo.
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir", nargs="?", default=str(ROOT / "data" / "samples"),
                    help="thư mục kết quả (mặc định data/samples)")
    ap.add_argument("--no-check", action="store_true", help="không đọc lại và kiểm tra các tệp đã tạo")
    ap.add_argument("-q", "--quiet", action="store_true")
    args = ap.parse_args(argv)
    out = Path(args.out_dir)
    say = (lambda *a: None) if args.quiet else (lambda *a: print(*a))
    catalog = load_catalog()
    gen = Generator(catalog)
    if gen.fallbacks:
        print(f"fallback (no SPEC, magnitude guessed from kind/unit/name): {', '.join(gen.fallbacks)}",
              file=sys.stderr)
    if gen.unknown_specs:
        say(f"SPEC entries not in the catalog (ignored): {', '.join(gen.unknown_specs)}")
    writer = Writer(catalog, gen)
    unexpected = gen.unexpected_blanks(BASE_YEAR + 1)
    if unexpected:
        print(f"warning: printed indicators left blank in {BASE_YEAR + 1} for no known reason "
              f"(check SPEC against the catalog): {', '.join(unexpected)}", file=sys.stderr)
    written: list[Path] = []
    for period in OUTPUT_PERIODS:
        empty = (EMPTY_SECTION[1],) if period.code == EMPTY_SECTION[0] else ()
        path = out / f"son-ha-{period.code}.xlsx"
        writer.build(period, path, info=province_info(period), empty_sections=empty)
        written.append(path)
    for folder, period in COMMUNE_FOLDERS.items():
        for k, name in enumerate(SAMPLE_COMMUNES):
            c = COMMUNE_BY_NAME[name]
            path = out / folder / f"{c.key}-{period.code}.xlsx"
            writer.build(period, path, commune=c, info=commune_info(c, period, k))
            written.append(path)
    expected = sorted(SAMPLE_COMMUNES + (MISSING_COMMUNE,), key=lambda n: slug(n.split(" ", 1)[1]))
    (out / "units.txt").write_text(
        "# Các xã, phường phải nộp biểu mẫu mỗi kỳ (mỗi dòng một đơn vị).\n"
        f"# {MISSING_COMMUNE} cố ý chưa có tệp trong xa/, xa-2025/ để báo cáo tổng hợp nêu đơn vị còn thiếu.\n"
        + "\n".join(expected) + "\n", encoding="utf-8")
    (out / "README.md").write_text(README, encoding="utf-8")
    if not args.no_check:
        bad = verify(catalog, written, say)
        if bad:
            print(f"{bad} lỗi trong dữ liệu mẫu", file=sys.stderr)
            return 1
    return 0


def verify(catalog: Catalog, paths: list[Path], say) -> int:
    bad = 0
    for path in paths:
        ds = read_workbook(path, catalog)
        findings = check_dataset(ds, catalog, narrative_sections=text_sections(ds.period, catalog))
        errors = [f for f in findings if f.severity == ERROR]
        for f in errors:
            print(f.format(), file=sys.stderr)
        bad += len(errors)
        warnings = [f for f in findings if f.severity != ERROR]
        say(f"{path.name}: {ds.get('tre_em_duoi_16'):,.0f} trẻ em, {ds.get('tre_em_hcdb') or 0:,.0f} HCĐB, "
            f"{ds.get('tre_em_bi_xam_hai')} bị xâm hại, {ds.get('tre_em_tu_vong_duoi_nuoc')} tử vong do đuối nước; "
            f"{len(errors)} lỗi, {len(warnings)} cảnh báo"
            + (f" ({'; '.join(sorted({w.code for w in warnings}))})" if warnings else ""))
    return bad


if __name__ == "__main__":
    sys.exit(main())
