"""The measured fast paths of reportgen.totals give what their plain versions give (bench/run.py measures them)."""

from __future__ import annotations

import pytest
from openpyxl.utils import get_column_letter as openpyxl_letter

from reportgen.totals import breakdown
from reportgen.totals import layout as totals_layout


@pytest.mark.parametrize("col", [1, 2, 25, 26, 27, 52, 53, 701, 702, 703, 16_384, 18_278])
def test_column_letter_is_openpyxls(col: int) -> None:
    assert totals_layout.get_column_letter(col) == openpyxl_letter(col)


def test_every_column_letter_is_openpyxls() -> None:
    assert [totals_layout.get_column_letter(c) for c in range(1, 18_279)] == [openpyxl_letter(c) for c in range(1, 18_279)]


# --- the aggregation's reader path (totals/fastread.py) against the plain one (units.read_unit) ---

from reportgen.core import model as m  # noqa: E402
from reportgen.read import workbook as reader  # noqa: E402
from reportgen.totals import fastread  # noqa: E402
from reportgen.totals.layout import Layout  # noqa: E402
from reportgen.totals.units import read_unit  # noqa: E402


def _pick(catalog, rows, kind: str, shared: bool = False) -> str:
    """An indicator of `kind` on the form's list annexes (on two of them when `shared`), first printed in one."""
    def sheets(i):
        return [a for a in catalog.annexes if a.id in i.annexes and i.id in rows.get(a.sheet, {})]
    return next(i.id for i in catalog.indicators.values() if i.kind == kind and sheets(i)
                and [a for a in catalog.annexes if a.id in i.annexes][0].layout == "list"
                and sheets(i)[0].layout == "list"
                and len([a for a in sheets(i) if a.layout == "list"]) >= (2 if shared else 1))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, make_form, blank_form, catalog) -> list[Path]:
    """Forms filled every way a unit fills them, edited ones, and the bad-input cases."""
    import badfiles
    from conftest import form_rows
    d = tmp_path_factory.mktemp("fastread")
    rows = form_rows(blank_form())
    count, pct, money = (_pick(catalog, rows, k) for k in (m.COUNT, m.PERCENT, m.MONEY))
    yesno, ratio, text = (_pick(catalog, rows, k) for k in (m.YESNO, m.RATIO, m.TEXT))
    shared = _pick(catalog, rows, m.COUNT, shared=True)
    second = [a for a in catalog.annexes if a.id in catalog.indicators[shared].annexes and a.layout == "list"
              and shared in rows.get(a.sheet, {})][1].id
    plain = {count: 120, pct: 7.5, money: 1234.5, yesno: "Có", ratio: "3/7", text: "ghi chú", shared: 40,
             (count, "previous"): 100}
    out = [make_form(d, fill=plain, name="a.xlsx", unit="xã A"),
           make_form(d, fill={**plain, count: 7, yesno: "Không", ratio: "45/140"}, name="b.xlsx", unit="xã Bình Minh"),
           make_form(d, fill={count: "1.250", pct: "7,5%", yesno: "có"}, name="c.xlsx", unit="phường C"),
           make_form(d, fill={count: 3.5}, name="nua.xlsx", unit="xã D"),  # not a whole count: a finding
           make_form(d, fill={count: -4}, name="am.xlsx", unit="xã E"),
           make_form(d, fill={count: "khoảng 200"}, name="chu.xlsx", unit="xã F"),
           make_form(d, fill={yesno: True, count: 0}, name="bool.xlsx", unit="xã G"),
           make_form(d, fill={(shared, "current", second): 55}, name="ban-sao.xlsx", unit="xã H"),
           make_form(d, fill={shared: 41, (shared, "current", second): 55}, name="hai-ban.xlsx", unit="xã I"),
           make_form(d, fill={count: 9}, name="ghi-chu.xlsx", unit="xã K",
                     edit=lambda wb: _type_note(wb, catalog, count)),
           make_form(d, fill={(shared, "current", second): 56}, name="sua-trang-2.xlsx", unit="xã L",
                     edit=lambda wb: _type_note(wb, catalog, shared, second)),
           make_form(d, fill={count: 11}, name="chen-dong.xlsx", unit="xã M",
                     edit=lambda wb: wb[catalog.annex(catalog.indicators[count].annexes[0]).sheet].insert_rows(12)),
           make_form(d, fill={count: 12}, period="2025", name="ca-nam.xlsx", unit="xã N"),
           make_form(d, fill={count: 13}, name="khong-ten.xlsx", unit="")]
    form = blank_form()
    for c in badfiles.FORM_CASES:
        (d / c.key).mkdir()
        out.append(c.build(form, d / c.key))
    return out


def _type_note(wb, catalog, iid: str, annex: str | None = None) -> None:
    """Type a note beside `iid` (a cell the plain reader keeps apart from the values)."""
    ax = catalog.annex(annex or next(a for a in catalog.indicators[iid].annexes
                                     if catalog.annex(a).layout == "list"))
    ws = wb[ax.sheet]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == iid)
    ws.cell(row, ws.max_column, "ghi chú của xã")


def test_fast_reader_gives_what_the_plain_reader_gives(corpus, catalog, monkeypatch) -> None:
    layout = Layout(catalog)
    fast = fastread.FastReader(catalog, layout)
    for _ in range(2):  # the second time round, every shape is known
        for path in corpus:
            assert fast.read_unit(str(path)) == read_unit(str(path), catalog, layout), path.name
    assert fast.shapes
    assert all(fast.counts.values()), fast.counts  # sheets read both ways, and a unit read again
    calls = []
    real = reader._read_annex
    monkeypatch.setattr(reader, "_read_annex", lambda *a: calls.append(a[2].id) or real(*a))
    assert fast.read_unit(str(corpus[1])) == read_unit(str(corpus[1]), catalog, layout)
    lists = [a.id for a in catalog.annexes if a.layout == "list"]
    assert calls == lists  # the plain read: every list annex; the fast one: none of them


def test_fast_path_taken_for_an_unedited_form(corpus, catalog, monkeypatch) -> None:
    layout = Layout(catalog)
    fast = fastread.FastReader(catalog, layout)
    fast.read_unit(str(corpus[0]))  # learns
    calls = []
    real = reader._read_annex
    monkeypatch.setattr(reader, "_read_annex", lambda *a: calls.append(a[2].id) or real(*a))
    fast.read_unit(str(corpus[1]))
    assert calls == []


def test_title_and_tt_words_are_the_readers() -> None:
    from reportgen.read import header
    assert fastread._TT_WORDS is header._TT_WORDS
    from reportgen.forms import style
    import inspect
    assert f'f"{fastread.TITLE} {{unit_name}}"' in inspect.getsource(style.title_block)


@pytest.mark.parametrize("period", ["2025", "2025-H1", "2026"])
def test_cell_addresses_are_those_of_a_form_written_and_read(catalog, period: str) -> None:
    from reportgen.core.period import Period
    lay = Layout(catalog)
    p = Period.parse(period)
    assert totals_layout.cell_refs(catalog, lay, p) == totals_layout.expected_refs(catalog, lay, p)


def test_breakdown_written_beside_is_the_breakdown_written_here(corpus, catalog, tmp_path, monkeypatch) -> None:
    """The breakdown written by a forked process while openpyxl writes the rest (many units) is
    byte for byte the one written in this process (few units)."""
    import zipfile

    from reportgen.totals.aggregate import aggregate, write_total

    result = aggregate(corpus[:3], catalog, jobs=1)
    here = write_total(result, tmp_path / "here.xlsx")
    monkeypatch.setattr(breakdown, "_BESIDE_MIN_UNITS", 0)
    made = []
    enter = breakdown.DetailFiles.__enter__
    monkeypatch.setattr(breakdown.DetailFiles, "__enter__", lambda self: made.append(enter(self)) or made[-1])
    beside = write_total(result, tmp_path / "beside.xlsx")
    assert made and made[0].pool is not None  # written by the forked process

    def parts(path):
        with zipfile.ZipFile(path) as z:
            return {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}
    a, b = parts(here), parts(beside)
    assert a.keys() == b.keys()
    assert {n for n in a if a[n] != b[n]} <= {n for n in a if n.startswith("xl/worksheets/")}
    detail = [n for n in a if a[n] != b[n]]  # only the breakdown names its own output file
    for n in detail:
        assert a[n].replace(b"here.xlsx", b"beside.xlsx") == b[n]


@pytest.mark.parametrize("parts", [2, 3, 7])
def test_breakdown_parts_joined_are_the_whole_sheet(corpus, catalog, parts: int) -> None:
    """The parts written side by side (the indicator rows cut in order, the moved sources' rows at
    the end) joined in order are the sheet written in one go, byte for byte."""
    import io

    from reportgen.totals.aggregate import aggregate

    result = aggregate(corpus, catalog, jobs=1)
    assert result._moved  # an inserted row: the rows of moved sources are written by the last part
    for lo, hi in ((0, result.covered), (1, result.covered - 1)):
        whole = io.BytesIO()
        breakdown._stream_detail(whole, result, "tong.xlsx", lo, hi)
        joined = []
        for part in range(parts):
            buf = io.BytesIO()
            breakdown._stream_detail(buf, result, "tong.xlsx", lo, hi, part, parts)
            joined.append(buf.getvalue())
        assert all(joined) and b"".join(joined) == whole.getvalue()
        assert "Ô nguồn khác".encode() in joined[-1] and joined[-1].endswith(b"</worksheet>")
