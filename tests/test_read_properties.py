"""Property tests for the reader: random values, blanks, quirks and unicode never crash and round-trip."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from reportgen.core import model as m
from reportgen.read.cells import CellError, parse_value
from reportgen.read.workbook import read_workbook

counts = st.integers(min_value=0, max_value=10**9)
amounts = st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False)


def vi_grouped(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@given(counts)
def test_counts_round_trip_in_every_way_people_type_them(n):
    typed = {parse_value(v, m.COUNT) for v in (n, float(n), str(n), vi_grouped(n), f" {n} ")}
    if n >= 1000:
        typed.add(parse_value(f"{n:,}", m.COUNT))  # 13,758 typed on an English keyboard
    assert typed == {float(n)}


@given(amounts)
def test_money_round_trips_in_vietnamese_format(d):
    value = float(d)
    whole, frac = f"{d:.2f}".split(".")
    text = vi_grouped(int(whole)) + ("," + frac.rstrip("0") if frac.rstrip("0") else "")
    assert math.isclose(parse_value(text, m.MONEY), value, rel_tol=1e-12, abs_tol=1e-9)
    assert parse_value(value, m.MONEY) == value


@given(st.decimals(min_value=0, max_value=100, places=2))
def test_percent_forms_agree(d):
    text = f"{d:.2f}".rstrip("0").rstrip(".")
    expected = float(text)
    forms = [text, text.replace(".", ","), text + "%", text.replace(".", ",") + " %", expected]
    assert {parse_value(f, m.PERCENT) for f in forms} == {expected}


@given(st.integers(0, 500), st.integers(0, 500))
def test_ratios_round_trip(a, b):
    assume(a <= b)
    assert parse_value(f"{a}/{b}", m.RATIO) == m.Ratio(a, b)
    assert parse_value(f"{a} / {b}", m.RATIO) == m.Ratio(a, b)


@given(st.text())
def test_any_text_is_typed_or_refused_in_vietnamese(text):
    for kind in m.KINDS:
        try:
            value = parse_value(text, kind)
        except CellError as exc:
            assert str(exc) and "Traceback" not in str(exc)
            continue
        if kind == m.TEXT:
            assert value is None or isinstance(value, str)
        elif value is not None:
            assert isinstance(value, (float, bool, m.Ratio))


@given(st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True), st.booleans(), st.integers(-10**6, 10**12)))
def test_any_cell_value_is_typed_or_refused(raw):
    for kind in m.KINDS:
        try:
            value = parse_value(raw, kind)
        except CellError:
            continue
        assert value is None or not (isinstance(value, float) and (math.isnan(value) or math.isinf(value) or value < 0))


# --- whole workbooks ------------------------------------------------------------------------

_TEXTS = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(
    lambda t: t.strip() and not t.strip().startswith(("=", "#")))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(data=st.data())
def test_filled_forms_read_back_exactly(data, make_form, catalog, tmp_path_factory):
    ids = {
        m.COUNT: ["tre_em_duoi_16", "tre_em_duoi_6"],
        m.PERCENT: ["ty_le_tre_em_duoi_16"],
        m.MONEY: ["ngan_sach_tre_em"],
    }
    fill, expected = {}, {}
    for kind, iids in ids.items():
        for iid, role in itertools.product(iids, ("previous", "current")):
            choice = data.draw(st.sampled_from(["blank", "number", "text"]))
            if choice == "blank":
                expected[(iid, role)] = None
                continue
            if kind == m.COUNT:
                n = data.draw(counts)
                fill[(iid, role)] = n if choice == "number" else vi_grouped(n)
                expected[(iid, role)] = float(n)
            else:
                d = data.draw(st.decimals(min_value=0, max_value=100 if kind == m.PERCENT else 10**6, places=2))
                value = float(d)
                fill[(iid, role)] = value if choice == "number" else f"{d:.2f}".replace(".", ",")
                expected[(iid, role)] = value
    unit = data.draw(_TEXTS)
    path = make_form(tmp_path_factory.mktemp("prop"), "2025", fill, info={"unit_name": unit, "signer": unit})
    ds = read_workbook(path, catalog)
    assert not [f for f in ds.problems if f.severity == "error"]
    for (iid, role), value in expected.items():
        got = ds.get(iid, role)
        assert (got is None) if value is None else math.isclose(got, value, rel_tol=1e-12), (iid, role, got, value)
    import unicodedata
    assert ds.info.get("signer") == " ".join(unicodedata.normalize("NFC", unit).split())  # text is stored NFC
