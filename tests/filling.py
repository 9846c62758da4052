"""Fill a generated form with plausible values for every indicator (test helper)."""

from __future__ import annotations

import random
from pathlib import Path

import openpyxl

from reportgen.core import model as m
from reportgen.core.catalog import Catalog
from reportgen.read.sheets import INFO_SHEET, NARRATIVE_SHEET
from reportgen.forms.annex import FIRST_DATA_ROW, FIRST_ROLE_COL, HEADER_ROW, sheet_columns

INFO = {
    "unit_name": "tỉnh Sơn Hà", "level": "tỉnh", "parent_agency": "ỦY BAN NHÂN DÂN TỈNH SƠN HÀ",
    "issuer": "SỞ Y TẾ", "issuer_short": "SYT", "issuer_name": "Sở Y tế tỉnh Sơn Hà", "place": "Sơn Hà",
    "date": "15/05/2025", "signer": "Nguyễn Văn An", "authority": "KT. GIÁM ĐỐC", "position": "PHÓ GIÁM ĐỐC",
    "recipients": "Bộ Y tế;\nỦy ban nhân dân tỉnh;\nLưu: VT, BTXH.", "council": "Hội đồng nhân dân tỉnh Sơn Hà",
}


def typed_value(ind: m.Indicator, rng: random.Random):
    if ind.kind == m.YESNO:
        return rng.choice(["Có", "Không"])
    if ind.kind == m.RATIO:
        den = rng.randint(3, 9)
        return f"{rng.randint(0, den)}/{den}"
    if ind.kind in m.RATE_KINDS:
        return round(rng.uniform(0.5, 99), 2)
    if ind.kind == m.MONEY:
        return round(rng.uniform(10, 5000), 1)
    if ind.kind == m.TEXT:
        return "Phòng Văn hóa - Xã hội"
    return rng.randint(0, 5000)


def fill_form(path: Path, catalog: Catalog, *, seed: int = 1, narrative: dict | None = None,
              skip_roles: tuple[str, ...] = ()) -> dict[tuple[str, str], object]:
    """Fill every value cell of every annex; returns {(indicator, role): raw value written}."""
    rng = random.Random(seed)
    wb = openpyxl.load_workbook(path)
    written: dict[tuple[str, str], object] = {}
    period = None
    for annex in catalog.annexes:
        ws = wb[annex.sheet]
        if annex.layout == "records":
            for r in range(FIRST_DATA_ROW, FIRST_DATA_ROW + 3):
                for i, f in enumerate(annex.record_fields):
                    kind = f.get("kind", "text")
                    ws.cell(r, 2 + i).value = rng.randint(1, 50) if kind != "text" else f"Nội dung {r}"
            continue
        if annex.layout == "matrix":
            from reportgen.forms import matrix
            for r in range(FIRST_DATA_ROW, ws.max_row + 1):
                key = ws.cell(r, 1).value
                for i, mc in enumerate(matrix.columns(annex)):
                    if key:
                        ind = catalog.indicators[matrix.indicator_id(annex, key, mc.key)]
                        written[(ind.id, m.CURRENT)] = typed_value(ind, rng)
                        ws.cell(r, 4 + i).value = written[(ind.id, m.CURRENT)]
            continue
        if period is None:
            from reportgen.core.period import Period
            period = Period.parse(wb["_reportgen"]["B3"].value)
        cols = sheet_columns(annex, period)
        for r in range(FIRST_DATA_ROW, ws.max_row + 1):
            iid = ws.cell(r, 1).value
            if not iid:
                continue
            ind = catalog.indicators[iid]
            for i, sc in enumerate(cols):
                if sc.role in m.VALUE_ROLES and sc.role not in skip_roles:
                    key = (iid, sc.role)
                    if key not in written:
                        written[key] = typed_value(ind, rng)
                    ws.cell(r, FIRST_ROLE_COL + i).value = written[key]
    info = wb[INFO_SHEET]
    for r in range(1, info.max_row + 1):
        key = info.cell(r, 1).value
        if key in INFO:
            info.cell(r, 3).value = INFO[key]
    if narrative:
        ws = wb[NARRATIVE_SHEET]
        for r in range(1, ws.max_row + 1):
            sid = ws.cell(r, 1).value
            if sid in narrative:
                ws.cell(r, 3).value = narrative[sid]
    wb.save(path)
    assert HEADER_ROW < FIRST_DATA_ROW
    return written
