"""read.xmlgrid gives calamine's grid, cell for cell and type for type, or leaves the sheet to calamine."""

from __future__ import annotations

import datetime
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from python_calamine import CalamineWorkbook

from reportgen.read import workbook as reader
from reportgen.read import xmlgrid
from reportgen.read.extract import dataset_json
from reportgen.read.sheetxml import sheet_parts

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))


def _typed(rows: list[list]) -> list[list]:
    return [[(type(v).__name__, v) for v in r] for r in rows]


def _both_ways(paths: list[Path], rounds: int = 2, templates: xmlgrid.Templates | None = None
               ) -> tuple[xmlgrid.Templates, int]:
    """Every sheet of `paths` read by a Templates (fresh unless given) and by calamine; returns
    (templates, sheets read here)."""
    templates, hits = templates or xmlgrid.Templates(), 0
    for _ in range(rounds):
        for path in paths:
            parts_of = sheet_parts(path)
            with zipfile.ZipFile(path) as z:
                names = set(z.namelist())
                parts = {n: z.read(n) for n in names if n.endswith(".xml")}
            book = xmlgrid.Book(parts.get("xl/styles.xml"), parts.get("xl/sharedStrings.xml"))
            wb = CalamineWorkbook.from_path(str(path))
            for name in wb.sheet_names:
                calamine = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
                rows, pieces, _ = templates.grid(name, parts[parts_of[name]], book)
                if rows is None:
                    templates.learn(name, pieces, calamine, book)
                else:
                    assert _typed(rows) == _typed(calamine), f"{path.name}!{name}"
                    hits += 1
    return templates, hits


@pytest.fixture(scope="module")
def forms(tmp_path_factory, make_form, blank_form, catalog) -> list[Path]:
    """Forms filled the ways units fill them, and edited ones (openpyxl: shared strings)."""
    from conftest import form_rows
    d = tmp_path_factory.mktemp("xmlgrid")
    rows = form_rows(blank_form())
    sheet = next(a.sheet for a in catalog.annexes if a.layout == "list")
    ids = [k for k in rows[sheet] if k in catalog.indicators and catalog.indicators[k].kind == "count"]
    first, last = ids[0], ids[-1]

    def edit_last(value):
        def edit(wb):
            ws = wb[sheet]
            r = rows[sheet][last]
            ws.cell(r, 6, value)
        return edit

    def date_cell(wb):
        ws = wb[sheet]
        cell = ws.cell(rows[sheet][first], 6, datetime.datetime(2025, 3, 4))
        cell.number_format = "dd/mm/yyyy"

    return [make_form(d, fill={first: 5}, name="a.xlsx", unit="Xã A"),
            make_form(d, fill={first: 7, last: 3}, name="b.xlsx", unit="Xã Bình Minh"),
            make_form(d, fill={first: "12 em", last: 0}, name="c.xlsx", unit="Phường C"),
            make_form(d, fill={first: 2.5}, name="d.xlsx", unit="xã D", edit=edit_last(9)),
            make_form(d, fill={first: 1}, name="e.xlsx", unit="xã E", edit=edit_last("ghi chú")),
            make_form(d, fill={}, name="f.xlsx", unit="xã F", edit=date_cell),
            make_form(d, fill={first: 4}, name="g.xlsx", unit="xã G",
                      edit=lambda wb: wb[sheet].insert_rows(12)),
            make_form(d, fill={first: 8}, name="h.xlsx", unit="xã <H> & \"K\""),
            make_form(d, fill={first: 1e-7, last: 123456789.25}, name="i.xlsx", unit="xã I")]


def test_forms_read_as_calamine_reads_them(forms) -> None:
    templates, hits = _both_ways(forms)
    assert hits >= len(forms) * 5, templates.counts  # most sheets of most forms are read here


def test_generated_units_read_as_calamine_reads_them(tmp_path) -> None:
    import gen
    paths = gen.generate(tmp_path, 12, jobs=1)
    templates, hits = _both_ways(paths)
    assert templates.counts["calamine"] <= 3 * 13 and hits >= 20 * 13, templates.counts


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_a_form_saved_by_libreoffice(forms, tmp_path) -> None:
    """Another writer's XML (shared strings, its own attribute order): read here or left to calamine,
    never read differently."""
    out = tmp_path / "lo"
    for p in forms[:2]:
        subprocess.run(["soffice", "--headless", "--calc", "--convert-to", "xlsx", "--outdir", str(out / p.stem),
                        str(p)], check=True, capture_output=True, timeout=180)
    templates, hits = _both_ways([out / p.stem / p.name for p in forms[:2]])
    assert hits > 0, templates.counts  # LibreOffice's XML (shared strings) read here too


def _book(tmp_path: Path, name: str, cells: dict, styled: tuple = ()) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "S"
    for ref in styled:  # a blank cell with a format: written as <c r=.. s=../>
        ws[ref].number_format = "0.0"
    for ref, v in cells.items():
        ws[ref] = v
    path = tmp_path / name
    wb.save(path)
    return path


@pytest.mark.parametrize("later", [
    {"A1": "tên", "B3": None, "C2": 2},      # the last row emptied: calamine's grid is shorter
    {"A1": "tên", "B3": 4, "C2": None},      # the last column emptied: narrower
    {"A1": "tên", "B3": None, "C2": None},   # both
    {"A1": "tên khác", "B3": 1.5, "C2": 2},  # a text changed, numbers changed
    {"A1": 3, "B3": 1, "C2": 2},             # a text cell now a number
    {"A1": None, "B3": 1, "C2": 2},          # the only text gone
])
def test_the_grid_shrinks_and_changes_as_calamines(tmp_path, later) -> None:
    styled = ("A1", "B3", "C2", "D4")  # D4: a formatted blank beyond every value
    first = _book(tmp_path, "a.xlsx", {"A1": "tên", "B3": 1, "C2": 2}, styled)
    second = _book(tmp_path, "b.xlsx", {k: v for k, v in later.items() if v is not None}, styled)
    _both_ways([first, second])


def test_a_date_format_goes_to_calamine(tmp_path) -> None:
    a = _book(tmp_path, "a.xlsx", {"A1": "x", "B2": 1})
    wb = load_workbook(a)
    wb.active["B2"].number_format = "dd/mm/yyyy"
    wb.save(tmp_path / "b.xlsx")
    templates, hits = _both_ways([a, tmp_path / "b.xlsx"], rounds=1)
    assert hits == 0  # B2 shows a date: calamine gives a datetime, so it reads it


@pytest.mark.parametrize("raw,plain", [
    (b"<t>abc</t>", "abc"), (b'<t xml:space="preserve"> a </t>', " a "), (b"<t>&lt;&amp;&#7889;</t>", "<&ố"),
    (b"<t/>", ""), (b"<r><t>a</t></r>", None), (b"<t>_x000D_</t>", None), (b"<t>a\r\nb</t>", None),
])
def test_text_of(raw: bytes, plain) -> None:
    assert xmlgrid.text_of(raw) == plain


def test_read_workbook_gives_the_same_dataset_with_templates(forms, catalog, monkeypatch) -> None:
    monkeypatch.setattr(reader, "TEMPLATES", xmlgrid.Templates())
    with_templates = [dataset_json(reader.read_workbook(p, catalog), catalog) for p in forms + forms]
    assert reader.TEMPLATES.counts["xml"] > 0
    monkeypatch.setattr(reader, "TEMPLATES", xmlgrid.Templates(per_sheet=0))  # learns nothing
    assert [dataset_json(reader.read_workbook(p, catalog), catalog) for p in forms + forms] == with_templates
    assert reader.TEMPLATES.counts["xml"] == 0


def test_a_workbook_read_once_makes_no_template(forms) -> None:
    """A template is made when a second sheet of the same name and size comes, not before."""
    templates, hits = _both_ways(forms[:1], rounds=1)
    assert hits == 0 and templates.counts["learnt"] == 0 and templates._pending
    templates, hits = _both_ways(forms[:2], rounds=1)
    assert hits > 0 and templates.counts["learnt"] == hits


def test_threads_share_the_templates(forms) -> None:
    """The web page's worker threads read at once through one Templates."""
    from concurrent.futures import ThreadPoolExecutor
    templates = xmlgrid.Templates()
    with ThreadPoolExecutor(4) as pool:
        hits = list(pool.map(lambda k: _both_ways(forms[k % 3:] + forms[:k % 3], 2, templates)[1], range(8)))
    assert sum(hits) > 0 and templates.counts["xml"] == sum(hits)


def _raw_values(src: Path, dst: Path, values: dict[str, bytes]) -> Path:
    """`src` with the stored text of some number cells replaced, as another program might write it."""
    import re
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                for ref, raw in values.items():
                    data, n = re.subn(rb'(<c r="' + ref.encode() + rb'"[^>]*><v>)[^<]*(</v>)',
                                      lambda m: m.group(1) + raw + m.group(2), data)
                    assert n == 1, ref
            zout.writestr(info, data)
    return dst


@pytest.mark.parametrize("raw", [
    {"B2": b"1e5", "C3": b"+3", "B4": b".5", "C2": b"7."},  # read by the quick pass, as calamine does
    {"B2": b"-0", "C3": b"00012", "B4": b"1E-3"},
    {"B2": b"1E+999"},                                       # inf: left to calamine
])
def test_the_quick_pass_reads_numbers_as_calamine(tmp_path, raw) -> None:
    """Interior number cells (the quick pass of _Template._numbers), beside a changed text and a
    changed value on the grid's edge (each read on its own), give calamine's grid or go to calamine."""
    styled = tuple(f"{c}{r}" for c in "ABCDE" for r in range(1, 7))
    base = {f"{c}{r}": float(r) for c in "BCD" for r in range(2, 6)}
    first = _book(tmp_path, "a.xlsx", {"A1": "tên", **base, "E6": 1}, styled)
    second = _book(tmp_path, "b.xlsx", {"A1": "tên khác", **{k: v + 1 for k, v in base.items()}, "E6": 2}, styled)
    _both_ways([first, second, _raw_values(second, tmp_path / "c.xlsx", raw)])
