"""The reader's shortcuts give what the plain way gives (speed itself is measured by bench/run.py).

* inspect_workbook keeps the inflated parts the reader needs, so read.py does not inflate the zip
  again; a part too large to keep is read from the file as before.
* the header layout of an annex sheet is remembered by its header rows: a workbook read after
  another reads exactly as it does alone (same values, sources, findings, refusals).
* the rows of an annex (visible_rows) are remembered per annex and active levels; an id cell
  holding exactly a catalog id is matched without cleaning; values and sources are made by a
  constructor that gives the very objects the dataclass constructor gives.
* safety: a small file is read once and each part inflated in one go when it reads cleanly; the
  outcome (refusal and its message, or warnings, sizes and kept parts) is the streamed one's;
  calamine then parses those very bytes, and reads as it does from the file.
* aggregate: Layout.encode and the breakdown sheet's rows (_row, _number_cells, _pair_cells) give
  what the plain code they replace gives (kept below as the reference).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from reportgen.core import model as m
from reportgen.read import workbook as read
from reportgen.read import safety
from reportgen.core.errors import UnreadableInputError
from reportgen.read.workbook import read_workbook
from reportgen.read.safety import inspect_workbook
from reportgen.read.sheetxml import _error_cells


def dump(ds: m.Dataset) -> dict:
    """Everything a Dataset holds, with the types of values (0 is not False, 1 is not 1.0)."""

    def v(x: m.Value):
        return (type(x).__name__, type(x.value).__name__, repr(x.value),
                None if x.source is None else (x.source.file, x.source.sheet, x.source.cell))

    return {
        "period": ds.period, "unit": ds.unit, "catalog_version": ds.catalog_version, "file": ds.file,
        "info": dict(ds.info.fields),
        "values": {iid: {role: v(x) for role, x in roles.items()} for iid, roles in ds.values.items()},
        "copies": {k: [v(x) for x in xs] for k, xs in ds.copies.items()},
        "narrative": dict(ds.narrative), "narrative_cells": dict(ds.narrative_cells),
        "records": {k: [dict(r) for r in rs] for k, rs in ds.records.items()},
        "problems": [(f.severity, f.message, f.file, f.sheet, f.cell, f.code) for f in ds.problems],
        "extra": {iid: {role: v(x) for role, x in roles.items()} for iid, roles in ds.extra.items()},
    }


@pytest.fixture
def flagged(make_form, cell_of, tmp_path: Path) -> Path:
    """A form with an Excel error value and a cell formatted as a percentage."""
    ref = cell_of("ty_le_tre_em_duoi_16")

    def percent(wb):
        sheet, cell = ref.split("!")
        wb[sheet][cell].value = 0.86
        wb[sheet][cell].number_format = "0%"

    return make_form(tmp_path, fill={"tre_em_duoi_6": "#DIV/0!", "tre_em_duoi_16": 16210}, edit=percent)


def _sheet_names(path: Path) -> list[str]:
    with CalamineWorkbook.from_path(str(path)) as wb:
        return list(wb.sheet_names)


# --- 1. one inflation of each part --------------------------------------------------------------

def test_kept_parts_are_the_archive_parts(flagged: Path) -> None:
    check = inspect_workbook(flagged, keep=read._needed_part)
    with zipfile.ZipFile(flagged) as z:
        wanted = {n for n in z.namelist() if read._needed_part(n)}
        assert set(check.parts) == wanted
        assert "xl/workbook.xml" in wanted and "xl/styles.xml" in wanted
        assert any(n.startswith("xl/worksheets/") for n in wanted)
        for name in wanted:
            assert check.parts[name] == z.read(name)
    assert inspect_workbook(flagged).parts == {}  # nothing kept unless asked


def test_error_cells_from_kept_parts_as_from_the_file(flagged: Path) -> None:
    names = _sheet_names(flagged)
    parts = inspect_workbook(flagged, keep=read._needed_part).parts
    from_file = _error_cells(flagged, names)
    assert _error_cells(flagged, names, parts) == from_file
    flags = [f for sheet in from_file.values() for f in sheet.values()]
    assert "#DIV/0!" in flags and read.PERCENT_CELL in flags


def test_flags_of_a_sheet_read_through_a_template(make_form, cell_of, tmp_path: Path, catalog,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """A sheet read.xmlgrid reads through a template has the template's error and percent cells
    (SheetFlags): the same Dataset, findings included, as with every sheet's XML searched."""
    from reportgen.read import xmlgrid
    ref = cell_of("ty_le_tre_em_duoi_16")

    def percent(value):
        def edit(wb):
            sheet, cell = ref.split("!")
            wb[sheet][cell].value = value
            wb[sheet][cell].number_format = "0%"
        return edit

    paths = [make_form(tmp_path, fill={"tre_em_duoi_6": "#DIV/0!", "tre_em_duoi_16": n}, edit=percent(share),
                       name=f"{n}.xlsx", unit=f"Xã {n}") for n, share in ((16210, 0.86), (900, 0.5), (75, 0.25))]
    monkeypatch.setattr(read, "TEMPLATES", xmlgrid.Templates(per_sheet=0))  # calamine reads every sheet
    plain = [dump(read_workbook(p, catalog)) for p in paths]
    monkeypatch.setattr(read, "TEMPLATES", xmlgrid.Templates())
    assert [dump(read_workbook(p, catalog)) for p in paths] == plain
    assert read.TEMPLATES.counts["xml"] >= 5  # the later forms' sheets went through templates
    assert [d["values"]["ty_le_tre_em_duoi_16"] for d in plain][2][m.CURRENT][2] == "25.0"
    assert all(any("#DIV/0!" in f[1] for f in d["problems"]) for d in plain)


def test_part_too_large_to_keep_is_read_from_the_file(flagged: Path, catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = dump(read_workbook(flagged, catalog))
    monkeypatch.setattr(safety, "KEEP_PART", 2000)
    check = inspect_workbook(flagged, keep=read._needed_part)
    assert None in check.parts.values() and any(isinstance(b, bytes) for b in check.parts.values())
    assert _error_cells(flagged, _sheet_names(flagged), check.parts) == _error_cells(
        flagged, _sheet_names(flagged))
    ds = read_workbook(flagged, catalog)
    assert dump(ds) == expected
    assert ds.get("ty_le_tre_em_duoi_16") == 86
    assert any("#DIV/0!" in f.message for f in ds.problems)


def test_total_kept_is_capped(flagged: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(safety, "KEEP_TOTAL", 20_000)
    check = inspect_workbook(flagged, keep=read._needed_part)
    assert sum(len(b) for b in check.parts.values() if b is not None) <= 20_000
    assert None in check.parts.values()


# --- 2. header layouts remembered ---------------------------------------------------------------

def _outcome(path: Path, catalog):
    try:
        return dump(read_workbook(path, catalog))
    except UnreadableInputError as exc:
        return ("refused", exc.message, exc.file, exc.sheet, exc.cell)


def _cold(path: Path, catalog):
    """What reading gives with nothing remembered from earlier reads."""
    read._LAYOUTS.clear()
    read._HEAD_ROWS.clear()
    read._CONTINUATION.clear()
    read._HOLDS.clear()
    read._ANNEX_ROWS.clear()
    read._parse_text.cache_clear()
    return _outcome(path, catalog)


def _set(ref: str, value):
    def edit(ws):
        for merged in [r for r in ws.merged_cells.ranges if ref in r]:
            ws.unmerge_cells(str(merged))
        ws[ref] = value
    return edit


# Mẫu 01/TE as made: title rows 1-5, header row 7, a blank row 8, column numbers on row 9, data from 10
HEADER_EDITS = {
    "current-renamed": _set("F7", "Năm 2030"),  # refused: no current column
    "note-renamed": _set("G7", "Ghi chép"),
    "second-row-typed": _set("E8", "Nam"),
    "second-row-year": _set("F8", "Năm 2025"),
    "row-above": lambda ws: ws.insert_rows(1),
    "blank-after-numbers": lambda ws: ws.insert_rows(10),
    "numbers-row-deleted": lambda ws: ws.delete_rows(9),
    "numbers-row-text": _set("E9", "(4) ghi"),
    "title-is-a-header": lambda ws: (_set("B2", "TT")(ws), _set("C2", "Chỉ tiêu")(ws)),
    "first-data-row-numbers": lambda ws: [_set(c + "10", f"({k})")(ws) for k, c in enumerate("BCDEFG", 1)],
    "id-header-cleared": _set("A7", None),
}


MATRIX_EDITS = {  # PHỤ LỤC 5: header rows 7-8 (groups over Nam/Nữ), column numbers on row 9
    "group-renamed": _set("D7", "Chuyên môn"),  # refused: a column not found
    "lower-renamed": _set("E8", "Nữ giới"),
    "row-above": lambda ws: ws.insert_rows(1),
    "numbers-row-deleted": lambda ws: ws.delete_rows(9),
    "level-label-as-header": _set("C10", "Cấp quản lý"),
}
RECORD_EDITS = {  # PHỤ LỤC 3
    "row-above": lambda ws: ws.insert_rows(1),
    "first-header-renamed": _set("B7", "Ngày"),  # refused: no header row
    "numbers-row-deleted": lambda ws: ws.delete_rows(9),
}
EDITS = ([("M01-TE", k, f) for k, f in HEADER_EDITS.items()] + [("PL5-BoMay", k, f) for k, f in MATRIX_EDITS.items()]
         + [("PL3-TapHuan", k, f) for k, f in RECORD_EDITS.items()])


@pytest.mark.parametrize("sheet, edit, change", EDITS, ids=[f"{s}-{k}" for s, k, _ in EDITS])
def test_changed_header_read_after_usual_form_reads_as_alone(make_form, catalog, tmp_path: Path, sheet: str,
                                                             edit: str, change) -> None:
    fill = {"tre_em_duoi_16": 16210}
    usual = make_form(tmp_path / "a", fill=fill)
    changed = make_form(tmp_path / "b", fill=fill, edit=lambda wb: change(wb[sheet]))
    alone = _cold(changed, catalog)
    usual_alone = _cold(usual, catalog)
    assert _outcome(usual, catalog) == usual_alone  # remembered layouts, same result
    assert _outcome(changed, catalog) == alone  # after the usual form
    assert _outcome(changed, catalog) == alone  # after itself
    assert _outcome(usual, catalog) == usual_alone  # and the usual form after the changed one
    if edit in ("current-renamed", "group-renamed", "first-header-renamed"):
        assert alone[0] == "refused" and alone[3] == sheet


def test_layout_is_remembered(make_form, catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = make_form(tmp_path / "a", fill={"tre_em_duoi_16": 16210}, unit="xã Một")
    second = make_form(tmp_path / "b", fill={"tre_em_duoi_16": 5}, unit="xã Hai")
    expected = _cold(second, catalog)
    _cold(first, catalog)

    def no_detection(*args):
        raise AssertionError("header detected again")

    from reportgen.read import header
    monkeypatch.setattr(header, "_match_roles", no_detection)
    assert _outcome(second, catalog) == expected


# --- 3. rows, ids, values -----------------------------------------------------------------------

def test_fast_constructors_make_the_dataclass_objects() -> None:
    import pickle
    from dataclasses import FrozenInstanceError

    assert read._new_value is not m.Value and read._new_source is not m.Source  # the fast path is on
    src, plain_src = read._new_source("a.xlsx", "PL6", "E12"), m.Source("a.xlsx", "PL6", "E12")
    for value in (None, 0.0, 12.5, True, "Có", m.Ratio(3, 7)):
        fast, plain = read._new_value(value, src), m.Value(value, plain_src)
        assert type(fast) is m.Value and type(fast.source) is m.Source
        assert fast == plain and hash(fast) == hash(plain) and repr(fast) == repr(plain)
        assert vars(fast) == vars(plain) and list(vars(fast)) == list(vars(plain))
        assert pickle.loads(pickle.dumps(fast)) == plain
        assert fast.blank == plain.blank and fast.source.ref == "PL6!E12" and str(fast.source) == str(plain_src)
        with pytest.raises(FrozenInstanceError):
            fast.value = 1


def test_fast_constructor_falls_back_to_the_class() -> None:
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class Checked:
        a: float
        b: float = 0.0

        def __post_init__(self):
            if self.a < 0:
                raise ValueError("negative")

    @dataclass(frozen=True, slots=True)
    class Slotted:
        a: float
        b: float

    assert read._fast_constructor(Checked, ("a", "b")) is Checked
    assert read._fast_constructor(Slotted, ("a", "b")) is Slotted


def test_id_cells_with_spaces_are_cleaned_as_before(make_form, catalog, tmp_path: Path) -> None:
    fill = {"tre_em_duoi_16": 16210, "tre_em_duoi_6": 5000}
    usual = read_workbook(make_form(tmp_path / "a", fill=fill), catalog)

    def pad_ids(wb):
        ws = wb["M01-TE"]
        for r in range(10, ws.max_row + 1):
            if isinstance(ws.cell(r, 1).value, str):
                ws.cell(r, 1).value = f"  {ws.cell(r, 1).value}\u00a0"

    padded = read_workbook(make_form(tmp_path / "b", fill=fill, edit=pad_ids), catalog)
    assert dump(padded)["values"] == dump(usual)["values"]
    assert padded.value("tre_em_duoi_16").source.ref == usual.value("tre_em_duoi_16").source.ref


def test_rows_follow_the_active_levels(catalog, tmp_path: Path) -> None:
    """The same annexes with another level active: rows are not taken from the earlier catalog."""
    from dataclasses import replace

    from reportgen.forms.annex import build_workbook
    from reportgen.core.period import Period

    levels = [replace(lv, active=True, until=None) for lv in catalog.levels]
    assert levels != catalog.levels, "the catalog has an inactive level"
    every_level = replace(catalog, levels=levels)
    dropped = [r.indicator for a in catalog.annexes for r in a.rows
               if r.indicator and not catalog.active_level(r.level)]
    assert dropped
    path = tmp_path / "moi-cap.xlsx"
    build_workbook(every_level, Period.parse("2026-H1"), unit="xã Một",  # no district level in 2026
                   values={(iid, "current"): 7 for iid in dropped}).save(path)
    as_issued, with_all = _cold(path, every_level), _cold(path, catalog)
    assert as_issued != with_all
    assert as_issued["values"][dropped[0]]["current"][2] == "7.0"
    for _ in range(2):
        assert _outcome(path, catalog) == with_all
        assert _outcome(path, every_level) == as_issued


def test_texts_read_the_same_the_second_time(make_form, catalog, tmp_path: Path) -> None:
    """Parsed texts are remembered; refused ones are refused again, each at its cell."""
    fill = {"tre_em_duoi_16": "16.210", "tre_em_duoi_6": "khoảng 200", ("tre_em_duoi_16", "previous"): "7,5"}
    path = make_form(tmp_path, fill=fill)
    first = _cold(path, catalog)
    assert _outcome(path, catalog) == first
    errors = [p for p in first["problems"] if p[0] == "error"]
    assert len(errors) == 2 and {p[5] for p in errors} == {"bad_value"}


# --- 5. aggregate: encode and the breakdown rows ------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from openpyxl.utils import get_column_letter  # noqa: E402

from reportgen.totals import aggregate as agg  # noqa: E402


def reference_row(r: int, cells: list) -> str:
    """aggregate._row as it was: cell by cell."""
    out = [f'<row r="{r}">']
    gap = False
    for j, c in enumerate(cells):
        if c is None:
            gap = True
            continue
        if gap:
            c = c.replace("<c", f'<c r="{get_column_letter(j + 1)}{r}"', 1)
            gap = False
        out.append(c)
    out.append("</row>")
    return "".join(out)


def reference_encode(layout, ds: m.Dataset):
    """aggregate.Layout.encode as it was."""
    from array import array
    row = array("d", [agg.NAN]) * layout.width
    texts, refs = {}, [""] * len(layout.slots)
    for iid, roles in ds.values.items():
        for role, v in roles.items():
            k = layout.index.get((iid, role))
            if k is None or v.value is None:
                continue
            x = v.value
            if v.source is not None:
                refs[k] = v.source.sheet + "!" + v.source.cell
            off, w = layout.slots[k].offset, layout.slots[k].width
            if w == 1:
                if type(x) is float or type(x) is int:
                    row[off] = x
            elif w == 2:
                if type(x) is m.Ratio:
                    row[off], row[off + 1] = x.num, x.den
                elif type(x) is bool:
                    row[off], row[off + 1] = (1.0 if x else 0.0), 1.0
            elif x != "":
                texts[k] = str(x)
    return row, texts, "\x1f".join(refs)


cell_texts = st.one_of(st.none(), st.sampled_from(['<c><v>1</v></c>', '<c t="inlineStr"><is><t>a</t></is></c>',
                                                   '<c><v>2.5</v></c>']))
numbers = st.one_of(st.floats(allow_nan=True, allow_infinity=True),
                    st.sampled_from([0.0, -0.0, 1.0, 10.0, 1e16, 1e22, 123456789.0, 0.1, float("nan")]),
                    st.integers(0, 10 ** 6).map(float))


@settings(max_examples=300, deadline=None, database=None)
@given(st.lists(cell_texts, max_size=40), st.integers(1, 5000))
def test_row_as_cell_by_cell(cells, r) -> None:
    assert agg._row(r, cells) == reference_row(r, cells)


@settings(max_examples=300, deadline=None, database=None)
@given(st.lists(cell_texts, max_size=8), st.lists(numbers, max_size=60), st.lists(cell_texts, max_size=3))
def test_number_rows_as_cell_by_cell(head, col, tail) -> None:
    plain = head + [agg._n(x) if x == x else None for x in col] + tail
    gap = lambda cells: [agg._GAP if c is None else c for c in cells]  # noqa: E731
    fast = gap(head) + agg._number_cells(col) + gap(tail)
    assert agg._row(7, fast, agg._GAP) == reference_row(7, plain)


pair_values = st.one_of(st.none(), st.booleans(), st.sampled_from([m.Ratio(0.0, 1.0), m.Ratio(-0.0, 0.0),
                        m.Ratio(0.0, 0.0), m.Ratio(3.0, 7.0), m.Ratio(2.5, 0.0), m.Ratio(7.0, 7.0)]))


@pytest.fixture(scope="module")
def layout(catalog):
    return agg.Layout(catalog)


@settings(max_examples=40, deadline=None, database=None)
@given(units=st.lists(st.tuples(pair_values, pair_values, st.one_of(st.none(), numbers)), min_size=1, max_size=12))
def test_pair_cells_and_encode_as_before(catalog, layout, units) -> None:
    yesno = next(s for s in layout.slots if s.kind == m.YESNO and s.role == m.CURRENT)
    ratio = next(s for s in layout.slots if s.kind == m.RATIO and s.role == m.CURRENT)
    count = next(s for s in layout.slots if s.kind == m.COUNT and s.role == m.CURRENT)
    datasets = []
    for k, (a, b, c) in enumerate(units):
        ds = m.Dataset(period=agg.Period(2025, True), unit=f"xã {k}", file=f"x{k}.xlsx",
                       catalog_version=catalog.version)
        for slot, v in ((yesno, a), (ratio, b), (count, c)):
            if v is not None:
                ds.put(slot.indicator, slot.role, m.Value(v, m.Source(ds.file, "PL", f"E{k + 10}")))
        assert [x.tobytes() if hasattr(x, "tobytes") else x for x in layout.encode(ds)] == [
            x.tobytes() if hasattr(x, "tobytes") else x for x in reference_encode(layout, ds)]
        datasets.append(ds)
    result = agg.aggregate_datasets(datasets, catalog)
    for slot in (yesno, ratio):
        for lo, hi in ((0, result.covered), (1, result.covered), (0, 0)):
            assert agg._pair_cells(result, slot, lo, hi) == [agg._show(slot, result.unit_value(u, slot))
                                                             for u in range(lo, hi)]


def test_encode_of_read_forms_as_before(make_form, catalog, layout, tmp_path: Path) -> None:
    fill = {"tre_em_duoi_16": 16210, "tre_em_duoi_6": "5.000", ("tre_em_duoi_16", "previous"): 15900}
    ds = read_workbook(make_form(tmp_path, fill=fill), catalog)
    new, old = layout.encode(ds), reference_encode(layout, ds)
    assert new[0].tobytes() == old[0].tobytes() and new[1:] == old[1:]


# --- safety: parts inflated in one go ---------------------------------------------------------

import struct  # noqa: E402
import zlib  # noqa: E402

import badfiles  # noqa: E402


def _inspected(path: Path):
    try:
        check = inspect_workbook(path, keep=read._needed_part)
    except UnreadableInputError as exc:
        return ("refused", exc.message)
    return ("accepted", check.members, check.uncompressed_size, check.warnings, check.external_links, check.parts)


def _both_ways(path: Path, monkeypatch: pytest.MonkeyPatch):
    whole = _inspected(path)
    with monkeypatch.context() as mp:
        mp.setattr(safety, "WHOLE_FILE", -1)  # every part streamed, as before
        streamed = _inspected(path)
    return whole, streamed


@pytest.mark.parametrize("bad", badfiles.CORPUS, ids=[b.key for b in badfiles.CORPUS])
def test_corpus_inspected_the_same_in_one_go(bad, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    whole, streamed = _both_ways(bad.build(tmp_path), monkeypatch)
    assert whole == streamed


def _zip(members: list[dict]) -> bytes:
    """A zip written by hand, so that headers, sizes and flags can disagree."""
    out, central = bytearray(), bytearray()
    for mb in members:
        name = mb["name"].encode()
        payload, usize = mb["payload"], mb.get("usize", len(mb["data"]))
        crc, csize = mb.get("crc", zlib.crc32(mb["data"])), mb.get("csize", len(payload))
        method, flags = mb.get("method", 8), mb.get("flags", 0)
        local_name = mb.get("local_name", mb["name"]).encode()
        offset = len(out)
        out += struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, flags, method, 0, 0, crc, csize, usize,
                           len(local_name), 0) + local_name + payload
        central += struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, flags, method, 0, 0, crc, csize,
                               usize, len(name), 0, 0, 0, 0, 0, offset) + name
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(members), len(members), len(central), len(out), 0)
    return bytes(out + central + end)


def _deflate(data: bytes) -> bytes:
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


BOOK = b'<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'
SHEET = b'<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>'


def _member(name: str, data: bytes, **kw) -> dict:
    return {"name": name, "data": data, "payload": _deflate(data), **kw}


ODD_ZIPS = {
    "clean": [_member("xl/workbook.xml", BOOK), _member("xl/worksheets/sheet1.xml", SHEET)],
    "stored": [_member("xl/workbook.xml", BOOK, method=0, payload=BOOK)],
    "stored-sizes-differ": [_member("xl/workbook.xml", BOOK, method=0, payload=BOOK + b"  ", csize=len(BOOK) + 2)],
    "local-name-differs": [_member("xl/workbook.xml", BOOK, local_name="xl/workbook.xmm")],
    "bad-crc": [_member("xl/workbook.xml", BOOK, crc=1)],
    "garbage-after-stream": [_member("xl/workbook.xml", BOOK, payload=_deflate(BOOK) + b"garbage")],
    "stream-cut-short": [_member("xl/workbook.xml", BOOK, payload=_deflate(BOOK)[:-6])],
    "declared-smaller": [_member("xl/workbook.xml", BOOK, usize=len(BOOK) - 10)],
    "declared-larger": [_member("xl/workbook.xml", BOOK, usize=len(BOOK) + 10)],
    "data-descriptor-flag": [_member("xl/workbook.xml", BOOK, flags=0x08)],
    "utf8-name-flag": [_member("xl/workbook.xml", BOOK, flags=0x800)],
    "patched-data-flag": [_member("xl/workbook.xml", BOOK, flags=0x20)],
    "bzip2": [_member("xl/workbook.xml", BOOK, method=12, payload=__import__("bz2").compress(BOOK))],
    "not-deflate": [_member("xl/workbook.xml", BOOK, payload=b"\xff" * 40)],
    "doctype-in-sheet": [_member("xl/workbook.xml", BOOK),
                         _member("xl/worksheets/sheet1.xml", b'<?xml version="1.0"?><!DOCTYPE x><x/>')],
}


@pytest.mark.parametrize("case", list(ODD_ZIPS))
def test_odd_zips_inspected_the_same_in_one_go(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / f"{case}.xlsx"
    path.write_bytes(_zip(ODD_ZIPS[case]))
    whole, streamed = _both_ways(path, monkeypatch)
    assert whole == streamed
    if case in ("clean", "stored", "data-descriptor-flag", "utf8-name-flag", "garbage-after-stream"):
        assert whole[0] == "accepted"
    if case in ("local-name-differs", "bad-crc", "not-deflate", "patched-data-flag", "doctype-in-sheet"):
        assert whole[0] == "refused"


def test_forms_inspected_the_same_in_one_go(make_form, flagged: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    for path in (flagged, make_form(tmp_path / "plain")):
        whole, streamed = _both_ways(path, monkeypatch)
        assert whole == streamed and whole[0] == "accepted"


def _read_outcome(path: Path, catalog):
    try:
        return dump(read_workbook(path, catalog))
    except Exception as exc:  # noqa: BLE001 - refusals and anything else, compared as they are
        return (type(exc).__name__, getattr(exc, "message", str(exc)))


def _read_both_ways(path: Path, catalog, monkeypatch: pytest.MonkeyPatch):
    whole = _read_outcome(path, catalog)
    with monkeypatch.context() as mp:
        mp.setattr(safety, "WHOLE_FILE", -1)  # calamine opens the file itself, as before
        assert inspect_workbook(path).data is None
        from_file = _read_outcome(path, catalog)
    return whole, from_file


SAMPLES = sorted((Path(__file__).resolve().parent.parent / "data" / "samples").rglob("*.xlsx"))


@pytest.mark.parametrize("path", SAMPLES, ids=[p.name for p in SAMPLES])
def test_samples_read_the_same_from_the_inspected_bytes(path: Path, catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    assert inspect_workbook(path).data == path.read_bytes()
    whole, from_file = _read_both_ways(path, catalog, monkeypatch)
    assert whole == from_file


@pytest.mark.parametrize("case", badfiles.FORM_CASES, ids=[c.key for c in badfiles.FORM_CASES])
def test_spoiled_forms_read_the_same_from_the_inspected_bytes(case, blank_form, catalog, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    path = case.build(blank_form(), tmp_path)
    whole, from_file = _read_both_ways(path, catalog, monkeypatch)
    assert whole == from_file


@pytest.mark.parametrize("bad", [b for b in badfiles.CORPUS if not b.exit_code], ids=lambda b: b.key)
def test_accepted_odd_files_read_the_same_from_the_inspected_bytes(bad, catalog, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    whole, from_file = _read_both_ways(bad.build(tmp_path), catalog, monkeypatch)
    assert whole == from_file
