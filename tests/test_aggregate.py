"""reportgen.aggregate: totals across units, what it refuses to guess, and the written total.

Totals are checked on Datasets built in memory (a hypothesis property over random units, and
tables of conflicts), and end to end on real forms written into tmp_path: the total form reads
back with read_workbook, a folder with corrupt files still gives the total of the good ones.
Indicators are picked from the catalog by kind, so the tests follow the catalog as it grows.
"""

from __future__ import annotations

import hashlib
import math
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

import badfiles
from reportgen.core import model as m
from reportgen.totals.aggregate import (DETAIL_SHEET, Layout, aggregate, aggregate_datasets, expected_refs,
                                 write_total)
from reportgen.read.textfile import read_units_file
from reportgen.cli import cli
from reportgen.core.findings import ERROR, WARNING
from reportgen.core.period import Period
from reportgen.read.workbook import read_workbook

H1 = Period(2025, True)


# --- helpers -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def layout(catalog) -> Layout:
    return Layout(catalog)


def _pick(catalog, layout, test, role=m.CURRENT):
    """The first indicator (print order) passing `test` that has a `role` cell in the form."""
    for slot in layout.slots:
        ind = catalog.indicators[slot.indicator]
        if slot.role == role and test(ind):
            return ind.id
    return None


def _has(layout, iid, role=m.CURRENT) -> bool:
    return bool(iid) and (iid, role) in layout.index


def picks(catalog, layout) -> dict[str, str | None]:
    agg = lambda kind, how: lambda i: i.kind == kind and i.aggregate == how  # noqa: E731
    return {
        "count": _pick(catalog, layout, agg(m.COUNT, m.SUM)),
        "money": _pick(catalog, layout, agg(m.MONEY, m.SUM)),
        "yesno": _pick(catalog, layout, agg(m.YESNO, m.COUNT_YES)),
        "ratio": _pick(catalog, layout, agg(m.RATIO, m.RATIO_SUM)),
        "rate_pair": _pick(catalog, layout, lambda i: i.aggregate == m.RATE and i.kind == m.PERCENT
                           and _has(layout, i.numerator) and _has(layout, i.denominator)
                           and catalog.indicators[i.numerator].kind == m.COUNT
                           and catalog.indicators[i.denominator].kind == m.COUNT),
        "rate_share": _pick(catalog, layout, lambda i: i.aggregate == m.RATE and i.kind == m.PERCENT
                            and not i.denominator and _has(layout, i.numerator)
                            and catalog.indicators[i.numerator].kind == m.COUNT),
    }


def dataset(layout, unit: str, values: dict, *, period: Period = H1, version: str | None = None,
            catalog=None, file: str | None = None) -> m.Dataset:
    """A unit's Dataset as the reader would give it: {indicator or (indicator, role): value}."""
    ds = m.Dataset(period=period, unit=unit, file=file or f"{unit}.xlsx",
                   catalog_version=catalog.version if version is None else version)
    refs = expected_refs(catalog, layout, period)
    for key, v in values.items():
        iid, role = (key, m.CURRENT) if isinstance(key, str) else key
        sheet, cell = (refs[layout.index[(iid, role)]] or "PL3-TapHuan!D10").rsplit("!", 1)
        ds.put(iid, role, m.Value(v, m.Source(ds.file, sheet, cell)))
    return ds


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def need(p: dict, *keys):
    missing = [k for k in keys if not p[k]]
    if missing:
        pytest.skip(f"catalog has no indicator for {missing}")


# --- totals are the sum of the parts ---------------------------------------------------------

counts = st.one_of(st.none(), st.integers(0, 10_000).map(float))
money = st.one_of(st.none(), st.integers(0, 10 ** 7).map(lambda x: x / 10))
yesno = st.one_of(st.none(), st.booleans())
ratios = st.one_of(st.none(), st.integers(0, 50).map(lambda n: m.Ratio(float(n), 0.0)),
                   st.tuples(st.integers(0, 50), st.integers(0, 50)).map(
                       lambda t: m.Ratio(float(min(t)), float(max(t)))))
pairs = st.tuples(st.one_of(st.none(), st.integers(0, 500)), st.one_of(st.none(), st.integers(1, 500)),
                  st.one_of(st.none(), st.floats(0, 100)))
shares = st.tuples(st.one_of(st.none(), st.integers(0, 500)), st.one_of(st.none(), st.floats(0.5, 100)))
unit_values = st.fixed_dictionaries({"count": counts, "money": money, "yesno": yesno, "ratio": ratios,
                                     "pair": pairs, "share": shares})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(units=st.lists(unit_values, min_size=1, max_size=7))
def test_totals_equal_the_sum_of_the_parts(catalog, layout, units) -> None:
    p = picks(catalog, layout)
    datasets = []
    for k, u in enumerate(units):
        vals = {}
        for key, v in (("count", u["count"]), ("money", u["money"]), ("yesno", u["yesno"]), ("ratio", u["ratio"])):
            if p[key] and v is not None:
                vals[p[key]] = v
        if p["rate_pair"]:
            ind = catalog.indicators[p["rate_pair"]]
            n, d, r = u["pair"]
            if n is not None and d is not None:
                n = min(n, d)
            for iid, v in ((ind.numerator, n), (ind.denominator, d), (ind.id, r)):
                if v is not None and iid not in vals:
                    vals[iid] = float(v)
        if p["rate_share"]:
            ind = catalog.indicators[p["rate_share"]]
            n, r = u["share"]
            for iid, v in ((ind.numerator, n), (ind.id, r)):
                if v is not None and iid not in vals:
                    vals[iid] = float(v)
        datasets.append(dataset(layout, f"xã {k}", vals, catalog=catalog))
    result = aggregate_datasets(datasets, catalog)
    assert result.covered == len(units) and not result.skipped

    def given_values(iid):
        return [ds.get(iid) for ds in datasets if ds.get(iid) is not None]

    for key in ("count", "money"):
        if p[key]:
            got = given_values(p[key])
            t = result.totals[(p[key], m.CURRENT)]
            assert t.given == len(got)
            assert t.value == (math.fsum(got) if got else None)
    if p["yesno"]:
        got = given_values(p["yesno"])
        assert result.total(p["yesno"]) == (m.Ratio(sum(got), len(got)) if got else None)
    if p["ratio"]:
        got = given_values(p["ratio"])
        if got:
            den = 0 if any(r.den == 0 for r in got) else sum(r.den for r in got)
            assert result.total(p["ratio"]) == m.Ratio(sum(r.num for r in got), den)
        else:
            assert result.total(p["ratio"]) is None
    if p["rate_pair"]:
        ind = catalog.indicators[p["rate_pair"]]
        both = [(ds.get(ind.numerator), ds.get(ind.denominator)) for ds in datasets
                if ds.get(ind.numerator) is not None and ds.get(ind.denominator) is not None]
        den = sum(d for _, d in both)
        expected = sum(n for n, _ in both) / den * 100 if both and den else None
        assert result.total(ind.id) == pytest.approx(expected)
    if p["rate_share"]:
        ind = catalog.indicators[p["rate_share"]]
        parts = [(ds.get(ind.numerator), ds.get(ind.numerator) / ds.get(ind.id) * 100) for ds in datasets
                 if ds.get(ind.numerator) is not None and ds.get(ind.id)]
        den = sum(d for _, d in parts)
        expected = sum(n for n, _ in parts) / den * 100 if parts and den else None
        assert result.total(ind.id) == pytest.approx(expected)


@pytest.mark.parametrize("case", ["pair", "share"])
def test_rates_are_recomputed_not_averaged(catalog, layout, case) -> None:
    p = picks(catalog, layout)
    iid = p["rate_pair" if case == "pair" else "rate_share"]
    need(p, "rate_pair" if case == "pair" else "rate_share")
    ind = catalog.indicators[iid]
    if case == "pair":  # 1/10 and 90/100: 91/110 = 82.7%, while the mean of 10% and 90% is 50%
        units = [{ind.numerator: 1.0, ind.denominator: 10.0, iid: 10.0},
                 {ind.numerator: 90.0, ind.denominator: 100.0, iid: 90.0}]
        expected = 91 / 110 * 100
    else:  # 10 children at 50% (of 20) and 90 at 10% (of 900): 100/920 = 10.9%, the mean is 30%
        units = [{ind.numerator: 10.0, iid: 50.0}, {ind.numerator: 90.0, iid: 10.0}]
        expected = 100 / 920 * 100
    result = aggregate_datasets([dataset(layout, f"xã {k}", u, catalog=catalog) for k, u in enumerate(units)],
                                catalog)
    assert result.total(iid) == pytest.approx(expected)
    assert result.total(iid) != pytest.approx(50.0 if case == "pair" else 30.0)
    assert result.totals[(iid, m.CURRENT)].used == 2


def test_a_rate_without_its_numerator_is_left_out_and_named(catalog, layout) -> None:
    p = picks(catalog, layout)
    need(p, "rate_share")
    ind = catalog.indicators[p["rate_share"]]
    result = aggregate_datasets([dataset(layout, "xã Có Số", {ind.numerator: 30.0, ind.id: 30.0}, catalog=catalog),
                                 dataset(layout, "xã Thiếu Tử Số", {ind.id: 80.0}, catalog=catalog)], catalog)
    assert result.total(ind.id) == pytest.approx(30.0)
    t = result.totals[(ind.id, m.CURRENT)]
    assert (t.given, t.used) == (2, 1)
    assert any(f.code == "rate_left_out" and "xã Thiếu Tử Số" in f.message for f in result.findings)


def test_ratio_without_denominator_keeps_numerator_only(catalog, layout) -> None:
    p = picks(catalog, layout)
    need(p, "ratio")
    iid = p["ratio"]
    result = aggregate_datasets([dataset(layout, "xã A", {iid: m.Ratio(3, 7)}, catalog=catalog),
                                 dataset(layout, "xã B", {iid: m.Ratio(5, 0)}, catalog=catalog)], catalog)
    assert result.total(iid) == m.Ratio(8, 0)
    assert any(f.code == "ratio_without_denominator" and "xã B" in f.message for f in result.findings)


@pytest.mark.parametrize("values, expected, given", [
    ([None, None], None, 0),
    ([0.0, None], 0.0, 1),
    ([None, 7.0], 7.0, 1),
])
def test_blank_is_not_zero(catalog, layout, values, expected, given) -> None:
    p = picks(catalog, layout)
    iid = p["count"]
    result = aggregate_datasets([dataset(layout, f"xã {k}", {} if v is None else {iid: v}, catalog=catalog)
                                 for k, v in enumerate(values)], catalog)
    t = result.totals[(iid, m.CURRENT)]
    assert (t.value, t.given) == (expected, given)


def test_every_value_role_adds_up(catalog, layout) -> None:
    roles = [(s.indicator, s.role) for s in layout.slots if s.kind == m.COUNT and s.aggregate == m.SUM]
    by_role = {}
    for iid, role in roles:
        by_role.setdefault(role, (iid, role))
    result = aggregate_datasets([dataset(layout, f"xã {k}", {key: float(k + 1) for key in by_role.values()},
                                         catalog=catalog) for k in range(3)], catalog)
    for key in by_role.values():
        assert result.totals[key].value == 6.0, key
    assert set(by_role) == set(m.VALUE_ROLES) & {r for _, r in roles}


# --- it reports, it does not guess -------------------------------------------------------------

def _conflict_units(catalog, layout, case):
    iid = picks(catalog, layout)["count"]
    ds = lambda unit, **kw: dataset(layout, unit, {iid: 10.0}, catalog=catalog, **kw)  # noqa: E731
    if case == "same name":
        return [ds("xã An Phú"), ds("Xã  An Phú", file="khac.xlsx")], "duplicate_unit", "An Phú", 10.0
    if case == "mixed period":
        return [ds("xã A"), ds("xã B"), ds("xã Lệch Kỳ", period=Period(2024))], "mixed_period", "xã Lệch Kỳ", 20.0
    if case == "catalog version":
        return [ds("xã A"), ds("xã Cũ", version="2023.9+abcdef")], "catalog_version", "xã Cũ", 10.0
    raise AssertionError(case)


@pytest.mark.parametrize("case", ["same name", "mixed period", "catalog version"])
def test_conflicts_are_reported_by_name_and_not_added(catalog, layout, case) -> None:
    units, code, name, total = _conflict_units(catalog, layout, case)
    result = aggregate_datasets(units, catalog)
    hits = [f for f in result.findings if f.code == code]
    assert hits and hits[0].severity == ERROR and name in hits[0].message
    assert len(result.skipped) == 1 and result.exit_code == 1
    assert result.total(picks(catalog, layout)["count"]) == total
    assert result.covered == len(units) - 1


def test_another_build_of_the_same_catalog_version_is_added_with_a_warning(catalog, layout) -> None:
    iid = picks(catalog, layout)["count"]
    declared = catalog.version.split("+")[0]
    result = aggregate_datasets([dataset(layout, "xã A", {iid: 1.0}, catalog=catalog),
                                 dataset(layout, "xã B", {iid: 2.0}, catalog=catalog, version=declared + "+0000000000")],
                                catalog)
    assert result.total(iid) == 3.0 and result.exit_code == 0
    assert [f.severity for f in result.findings if f.code == "catalog_version"] == [WARNING]


def test_expected_units_missing_and_unexpected(catalog, layout) -> None:
    iid = picks(catalog, layout)["count"]
    result = aggregate_datasets([dataset(layout, n, {iid: 1.0}, catalog=catalog) for n in ("xã A", "xã Lạ")],
                                catalog, expected_units=["Xã A", "xã Vắng Mặt"])
    missing = [f for f in result.findings if f.code == "missing_unit"]
    extra = [f for f in result.findings if f.code == "unexpected_unit"]
    assert [f.severity for f in missing] == [ERROR] and "xã Vắng Mặt" in missing[0].message
    assert [f.severity for f in extra] == [WARNING] and "xã Lạ" in extra[0].message
    assert result.exit_code == 1 and "thiếu 1 đơn vị" in result.summary()


def test_units_file(tmp_path: Path) -> None:
    f = tmp_path / "units.txt"
    f.write_text("\ufeff# các xã của huyện\nxã A\n\n  xã B  # ghi chú\n#xã C\n", encoding="utf-8")
    assert read_units_file(f) == ["xã A", "xã B"]


# --- real files ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def unit_forms(tmp_path_factory, make_form, catalog):
    """Three filled unit forms (2025-H1) and the values typed in them."""
    layout = Layout(catalog)
    p = picks(catalog, layout)
    folder = tmp_path_factory.mktemp("xa")
    typed = [
        {p["count"]: 100, p["money"]: 12.5, p["yesno"]: "Có", p["ratio"]: "3/7"},
        {p["count"]: 250, p["money"]: 0.5, p["yesno"]: "Có", p["ratio"]: "7/7"},
        {p["count"]: 7, p["yesno"]: "Không", p["ratio"]: "2/5"},
    ]
    paths = []
    for k, fill in enumerate(typed):
        fill = {key: v for key, v in fill.items() if key}
        paths.append(make_form(folder, fill=fill, name=f"xa-{k}.xlsx", unit=f"xã Số {k}"))
    return folder, paths, p


def test_total_form_reads_back_as_the_totals(tmp_path: Path, catalog, unit_forms, cell_of) -> None:
    folder, paths, p = unit_forms
    before = {q: sha(q) for q in paths}
    result = aggregate(paths, catalog, jobs=1)
    assert result.covered == 3 and result.exit_code == 0
    out = write_total(result, tmp_path / "tong.xlsx")
    assert result.total(p["count"]) == 357 and result.total(p["money"]) == 13.0
    ds = read_workbook(out, catalog)
    assert ds.unit == "Tổng hợp 3 đơn vị" and ds.period == H1
    assert not [f for f in ds.problems if f.severity == ERROR]
    for (iid, role), t in result.totals.items():
        got = ds.get(iid, role)
        if isinstance(t.value, float) and isinstance(got, float):
            assert got == pytest.approx(t.value), (iid, role)
        else:
            assert got == t.value, (iid, role)
    wb = load_workbook(out, read_only=True)
    if p["yesno"]:
        assert ds.get(p["yesno"]) == m.Ratio(2, 3)
        sheet, cell = result.breakdown(p["yesno"])[0].source.ref.split("!")
        assert wb[sheet][cell].value == "2/3"
    if p["ratio"]:
        assert ds.get(p["ratio"]) == m.Ratio(12, 19)
    detail = [list(r) for r in wb[DETAIL_SHEET].iter_rows(values_only=True)]
    wb.close()
    header = detail[1]
    assert header[-2:] == ("Tổng", "Số đơn vị có số liệu") or header[-2:] == ["Tổng", "Số đơn vị có số liệu"]
    assert [h for h in header if h and h.startswith("xã Số")] == ["xã Số 0", "xã Số 1", "xã Số 2"]
    row = next(r for r in detail if r[0] == p["count"] and r[4] == H1.label)
    assert row[7:10] == [100, 250, 7] and row[10] == 357 and row[11] == 3
    assert row[6] == result.refs[result.layout.index[(p["count"], m.CURRENT)]] == cell_of(p["count"], period="2025-H1")
    assert {q: sha(q) for q in paths} == before


def test_breakdown_names_every_source(catalog, unit_forms) -> None:
    _, paths, p = unit_forms
    result = aggregate(paths, catalog, jobs=1)
    parts = result.breakdown(p["count"])
    assert [(c.unit.name, c.value, c.source.file) for c in parts] == [
        ("xã Số 0", 100, "xa-0.xlsx"), ("xã Số 1", 250, "xa-1.xlsx"), ("xã Số 2", 7, "xa-2.xlsx")]
    assert all(c.source.sheet and c.source.cell for c in parts)


def test_duplicate_content_and_bad_values(tmp_path: Path, catalog, make_form, unit_forms) -> None:
    _, paths, p = unit_forms
    copy = tmp_path / "ban-sao.xlsx"
    shutil.copyfile(paths[0], copy)
    bad = make_form(tmp_path, fill={p["count"]: "mười hai"}, name="sai.xlsx", unit="xã Gõ Sai")
    result = aggregate([*paths, copy, bad], catalog, jobs=1)
    assert result.covered == 3 and result.total(p["count"]) == 357
    skipped = {Path(s.file).name: s.reason for s in result.skipped}
    assert "trùng nội dung" in skipped["ban-sao.xlsx"] and "xa-0.xlsx" in skipped["ban-sao.xlsx"]
    assert "không hợp lệ" in skipped["sai.xlsx"]
    bad_cells = [f for f in result.findings if f.code == "bad_value"]
    assert bad_cells and bad_cells[0].file == "sai.xlsx" and bad_cells[0].cell
    assert result.exit_code == 1


def test_parallel_read_gives_the_same_totals(tmp_path: Path, catalog, unit_forms) -> None:
    _, paths, _ = unit_forms
    many = []
    for k in range(9):  # the same three units under three names each: only the first copies count
        q = tmp_path / f"{k}.xlsx"
        shutil.copyfile(paths[k % 3], q)
        many.append(q)
    serial = aggregate(many, catalog, jobs=1)
    parallel = aggregate(many, catalog, jobs=2)
    assert serial.totals == parallel.totals and serial.covered == parallel.covered == 3
    assert [s.file for s in serial.skipped] == [s.file for s in parallel.skipped]


def test_cli_folder_with_corrupt_files(tmp_path: Path, catalog, unit_forms) -> None:
    folder, paths, p = unit_forms
    inputs = tmp_path / "nop"
    inputs.mkdir()
    for q in paths:
        shutil.copyfile(q, inputs / q.name)
    badfiles.text_as_xlsx(inputs)
    badfiles.truncated_zip(inputs)
    units = tmp_path / "units.txt"
    units.write_text("xã Số 0\nxã Số 1\nxã Số 2\n", encoding="utf-8")
    before = {q: sha(q) for q in inputs.iterdir()}
    out = tmp_path / "tong.xlsx"
    run = CliRunner().invoke(cli, ["aggregate", str(inputs), "-o", str(out), "--units", str(units)])
    assert run.exit_code == 1, run.output
    bad_names = sorted(q.name for q in inputs.iterdir() if q.name not in {x.name for x in paths})
    for name in bad_names:
        assert name in run.stdout
    assert "Đã tổng hợp 3/5 đơn vị; bỏ qua 2 tệp lỗi (xem danh sách ở trên)." in run.stderr
    assert read_workbook(out, catalog).get(p["count"]) == 357
    assert {q: sha(q) for q in inputs.iterdir()} == before
    again = CliRunner().invoke(cli, ["aggregate", str(inputs), "-o", str(out)])
    assert again.exit_code == 2 and "--force" in again.stderr


def test_cli_clean_run_exits_0(tmp_path: Path, unit_forms) -> None:
    folder, paths, _ = unit_forms
    run = CliRunner().invoke(cli, ["aggregate", *map(str, paths), "-o", str(tmp_path / "t.xlsx"), "--jobs", "1"])
    assert run.exit_code == 0, run.output
    assert run.stderr.strip() == "Đã tổng hợp 3/3 đơn vị."


def test_a_value_read_from_a_moved_row_names_its_own_cell(tmp_path: Path, catalog, make_form, cell_of,
                                                          unit_forms) -> None:
    _, paths, p = unit_forms
    sheet, cell = cell_of(p["count"]).split("!")
    col, row = cell.rstrip("0123456789"), int(cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    shifted = make_form(tmp_path, fill={p["count"]: 5}, name="chen-dong.xlsx", unit="xã Chèn Dòng",
                        edit=lambda wb: wb[sheet].insert_rows(row))  # an officer inserted a row above
    result = aggregate([*paths, shifted], catalog, jobs=1)
    assert result.total(p["count"]) == 362
    src = next(c.source for c in result.breakdown(p["count"]) if c.unit.name == "xã Chèn Dòng")
    assert (src.file, src.sheet, src.cell) == ("chen-dong.xlsx", sheet, f"{col}{row + 1}")
    out = write_total(result, tmp_path / "tong.xlsx")
    wb = load_workbook(out, read_only=True)
    rows = [list(r) + [None] * 8 for r in wb[DETAIL_SHEET].iter_rows(values_only=True)]
    wb.close()
    line = next(r for r in rows if r[0] == p["count"] and r[4] == H1.label)
    assert "khác ở 1 đơn vị" in line[6]
    assert any(r[5] == "xã Chèn Dòng" and r[6] == f"chen-dong.xlsx {sheet}!{col}{row + 1}" for r in rows
               if r[0] == p["count"])


def test_a_form_renamed_in_thong_tin_chung_counts_under_the_typed_name(catalog, layout) -> None:
    iid = picks(catalog, layout)["count"]
    issued = [dataset(layout, "tỉnh Sơn Hà", {iid: float(k)}, catalog=catalog, file=f"{k}.xlsx") for k in (1, 2)]
    for k, ds in enumerate(issued):  # one template issued to every commune, each typed its own name
        ds.info.fields["unit_name"] = f"xã {k}"
    result = aggregate_datasets(issued, catalog)
    assert [u.name for u in result.units] == ["xã 0", "xã 1"] and result.total(iid) == 3.0
    assert [f.code for f in result.findings if f.code == "unit_name"] == ["unit_name", "unit_name"]


def test_more_units_than_excel_columns_continue_on_another_sheet(tmp_path: Path, catalog, unit_forms,
                                                                 monkeypatch) -> None:
    import reportgen.totals.aggregate as agg
    _, paths, p = unit_forms
    monkeypatch.setattr(agg, "MAX_UNITS_PER_SHEET", 2)
    out = write_total(aggregate(paths, catalog, jobs=1), tmp_path / "tong.xlsx")
    wb = load_workbook(out, read_only=True)
    assert wb.sheetnames[-2:] == [DETAIL_SHEET, f"{DETAIL_SHEET} (2)"]
    heads = [next(r for k, r in enumerate(wb[s].iter_rows(values_only=True)) if k == 1) for s in wb.sheetnames[-2:]]
    wb.close()
    assert [h for h in heads[0] if h and str(h).startswith("xã Số")] == ["xã Số 0", "xã Số 1"]
    assert [h for h in heads[1] if h and str(h).startswith("xã Số")] == ["xã Số 2"]
    assert read_workbook(out, catalog).get(p["count"]) == 357
