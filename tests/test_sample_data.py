"""The sample data in data/samples (made by scripts/make_sample_data.py) is realistic and consistent.

If a test here fails after the catalog (data/catalog/) changed, regenerate the samples:

    python scripts/make_sample_data.py
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from reportgen.core import model as m
from reportgen.api import narrative_sections
from reportgen.core.catalog import load_catalog
from reportgen.check.rules import check_dataset
from reportgen.core.findings import ERROR
from reportgen.read.sheets import IDENTITY_SHEET
from reportgen.read.workbook import read_workbook

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
SCRIPT = ROOT / "scripts" / "make_sample_data.py"
PROVINCE_FILES = ("son-ha-2024-H1.xlsx", "son-ha-2024.xlsx", "son-ha-2025-H1.xlsx", "son-ha-2025.xlsx")
REGENERATE = "chạy lại: python scripts/make_sample_data.py"


def _script():
    spec = importlib.util.spec_from_file_location("make_sample_data", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_sample_data", module)
    spec.loader.exec_module(module)
    return module


def _sample_files() -> list[Path]:
    return [SAMPLES / n for n in PROVINCE_FILES] + sorted((SAMPLES / "xa").glob("*.xlsx"))


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture(scope="module")
def datasets(catalog):
    return {p.relative_to(SAMPLES).as_posix(): read_workbook(p, catalog) for p in _sample_files()}


def _findings(ds, catalog):
    return check_dataset(ds, catalog, narrative_sections=narrative_sections(ds.period, catalog))


def _printed_with(catalog, role: str) -> set[str]:
    """Indicators printed in at least one annex that has a column for `role`."""
    out = set()
    for annex in catalog.annexes:
        if role in annex.role_columns():
            out |= {r.indicator for r in annex.rows if r.indicator and catalog.active_level(r.level)}
    return out


def test_sample_files_exist():
    for name in PROVINCE_FILES:
        assert (SAMPLES / name).is_file(), f"thiếu {name}; {REGENERATE}"
    communes = sorted((SAMPLES / "xa").glob("*-2025-H1.xlsx"))
    assert len(communes) >= 6
    units = [u.split("#", 1)[0].strip() for u in (SAMPLES / "units.txt").read_text(encoding="utf-8").splitlines()]
    units = [u for u in units if u]
    assert len(units) == len(communes) + 1, "units.txt lists every commune workbook and one missing commune"


def test_samples_read_back_without_errors(datasets, catalog):
    for name, ds in datasets.items():
        errors = [f.format() for f in _findings(ds, catalog) if f.severity == ERROR]
        assert not errors, f"{name}: {errors[:5]}"


def test_exactly_one_section_left_empty_on_purpose(datasets, catalog):
    for name, ds in datasets.items():
        empty = [f for f in _findings(ds, catalog) if f.code == "empty_section"]
        assert len(empty) == (1 if name == "son-ha-2025-H1.xlsx" else 0), name
    assert "A.I.5" not in datasets["son-ha-2025-H1.xlsx"].narrative
    assert datasets["son-ha-2024-H1.xlsx"].narrative["A.I.5"]


def test_few_blanks_and_all_on_purpose(datasets, catalog):
    """Blanks are rare (a blank is not a zero: the officer had no figure), and the script knows why."""
    ds = datasets["son-ha-2025.xlsx"]
    printed = _printed_with(catalog, m.CURRENT)
    blank = [i for i in printed if ds.get(i) is None]
    assert len(blank) <= 0.05 * len(printed), blank
    gen = _script().Generator(catalog)
    assert gen.unexpected_blanks(2025) == []


def test_narratives_differ_between_periods(datasets):
    texts = [datasets[n].narrative.get("A.I.1") for n in PROVINCE_FILES]
    assert all(texts) and len(set(texts)) == len(texts)


@pytest.mark.parametrize("current,earlier", [("son-ha-2025-H1.xlsx", "son-ha-2024-H1.xlsx"),
                                             ("son-ha-2025.xlsx", "son-ha-2024.xlsx")])
def test_previous_column_is_the_earlier_current_column(datasets, catalog, current, earlier):
    cur, prev = datasets[current], datasets[earlier]
    compared = 0
    for iid in sorted(_printed_with(catalog, m.PREVIOUS)):
        assert cur.get(iid, m.PREVIOUS) == prev.get(iid, m.CURRENT), iid
        compared += prev.get(iid, m.CURRENT) is not None
    assert compared > 100


def test_next_plan_of_2024_is_the_plan_of_2025(datasets, catalog):
    a, b = datasets["son-ha-2024.xlsx"], datasets["son-ha-2025.xlsx"]
    both = _printed_with(catalog, m.PLAN) & _printed_with(catalog, m.NEXT_PLAN)
    assert both
    for iid in sorted(both):
        assert a.get(iid, m.NEXT_PLAN) == b.get(iid, m.PLAN), iid


def test_province_magnitudes_are_realistic(datasets):
    for name in PROVINCE_FILES:
        ds = datasets[name]
        children = ds.get("tre_em_duoi_16")
        assert 350_000 <= children <= 450_000, name
        if ds.get("tre_em_hcdb") is not None:
            assert 0.01 <= ds.get("tre_em_hcdb") / children <= 0.02, name
        if ds.get("tre_em_tu_vong_duoi_nuoc") is not None:
            assert ds.get("tre_em_tu_vong_duoi_nuoc") < 20, name
    # children grow 1–3% a year
    for a, b in (("son-ha-2024.xlsx", "son-ha-2025.xlsx"), ("son-ha-2024-H1.xlsx", "son-ha-2025-H1.xlsx")):
        growth = datasets[b].get("tre_em_duoi_16") / datasets[a].get("tre_em_duoi_16")
        assert 1.005 <= growth <= 1.03


def test_info_sheets(datasets):
    info = datasets["son-ha-2025.xlsx"].info
    assert info.get("unit_name") == "tỉnh Sơn Hà" and info.get("level") == "tỉnh"
    assert info.get("issuer") == "SỞ Y TẾ" and info.get("issuer_short") == "SYT"
    assert info.get("date").endswith("/11/2025")
    assert datasets["son-ha-2025-H1.xlsx"].info.get("date").endswith("/05/2025")
    assert info.get("recipients").count("\n") >= 4
    for name, ds in datasets.items():
        if name.startswith("xa/"):
            assert ds.info.get("level") == "xã"
            assert ds.info.get("issuer").startswith("ỦY BAN NHÂN DÂN ")


def test_commune_files_leave_province_rows_blank(datasets, catalog):
    province_only = [i for i, ind in catalog.indicators.items() if ind.level == "tinh" and ind.annexes]
    assert province_only
    for name, ds in datasets.items():
        if name.startswith("xa/"):
            assert 0 < ds.get("tre_em_duoi_16") < 40_000
            assert all(ds.get(i) is None for i in province_only), name


def test_training_events_list(datasets):
    for name in PROVINCE_FILES:
        records = datasets[name].records.get("PL3")
        if records is None:
            pytest.skip("the catalog has no PL3 events list")
        assert 5 <= len(records) <= 10, name
        assert all(r.get("noi_dung") for r in records)


def _values(path: Path) -> dict:
    book = CalamineWorkbook.from_path(str(path))
    out = {}
    for name in book.sheet_names:
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        if name == IDENTITY_SHEET:  # generator version: not a value of the sample
            rows = [r for r in rows if r and r[0] not in ("generator",)]
        out[name] = rows
    return out


def test_script_regenerates_the_same_values(tmp_path):
    """The committed samples are what the script makes (deterministic, and not stale)."""
    assert _script().main([str(tmp_path), "--no-check", "--quiet"]) == 0
    made = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*.xlsx"))
    assert made == sorted(p.relative_to(SAMPLES) for p in _sample_files())
    for rel in made:
        assert _values(tmp_path / rel) == _values(SAMPLES / rel), f"{rel} khác với bản tạo lại; {REGENERATE}"
    assert (tmp_path / "units.txt").read_text(encoding="utf-8") == (SAMPLES / "units.txt").read_text(encoding="utf-8")
