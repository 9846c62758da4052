"""read/extent.py: a sheet's extent found from its XML, whole or in chunks, fast path or not."""

from __future__ import annotations

import random

import pytest

from reportgen.read import extent as ex

NS = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'


def _sheet(cells: list[tuple[int, int, str]], refs: bool = True, prefix: str = "") -> bytes:
    """cells: (row, col, kind) with kind "v" (a value), "s" (a shared string), "e" (empty, styled)."""
    rows: dict[int, list] = {}
    for r, c, kind in sorted(cells):
        rows.setdefault(r, []).append((c, kind))
    out = [NS.replace("<worksheet", f"<{prefix}worksheet") if not prefix else
           NS.replace("<worksheet", f"<{prefix}worksheet xmlns:{prefix[:-1]}=\"x\"").replace("<sheetData", f"<{prefix}sheetData")]
    for r, cs in rows.items():
        out.append(f'<{prefix}row r="{r}">')
        for c, kind in cs:
            ref = f' r="{ex.column_letters(c)}{r}"' if refs else ""
            if kind == "e":
                out.append(f'<{prefix}c{ref} s="1"/>')
            elif kind == "s":
                out.append(f'<{prefix}c{ref} t="s"><{prefix}v>0</{prefix}v></{prefix}c>')
            else:
                out.append(f'<{prefix}c{ref}><{prefix}v>1</{prefix}v></{prefix}c>')
        out.append(f"</{prefix}row>")
    out.append(f"</{prefix}sheetData></{prefix}worksheet>")
    return "".join(out).encode()


def _expected(cells):
    valued = [(r, c) for r, c, k in cells if k != "e"]
    return (max((r for r, _ in valued), default=0), max((c for _, c in valued), default=0),
            sum(1 for *_, k in cells if k == "s"))


def _chunked(data: bytes, size: int) -> ex.Extent:
    scanner = ex.ExtentScanner()
    for i in range(0, len(data), size):
        scanner.feed(data[i:i + size])
    return scanner.extent


CASES = {
    "small": [(1, 1, "v"), (5, 3, "s"), (7, 2, "e")],
    "far": [(1, 1, "v"), (1_048_576, 16_384, "v")],
    "far-empty": [(1, 1, "v"), (1_048_576, 16_384, "e")],
    "deep": [(r, 1 + r % 5, "v") for r in range(1, 3000)],
    "wide": [(2, c, "s") for c in range(1, 800)],
}


@pytest.mark.parametrize("refs", [True, False])
@pytest.mark.parametrize("key", sorted(CASES))
@pytest.mark.parametrize("chunk", [0, 7, 100, 4096])
def test_extent_whole_and_in_chunks(key: str, refs: bool, chunk: int) -> None:
    cells = CASES[key]
    if not refs:  # without references a cell's column is its place in the row: write every cell
        cells = [(r, c, k) for r, c, k in cells if c <= 40]
        cells = [(r, c, "v") for r in {r for r, _, _ in cells} for c in range(1, max(c for rr, c, _ in cells if rr == r) + 1)]
    data = _sheet(cells, refs)
    found = ex.scan(data) if chunk == 0 else _chunked(data, chunk)
    rows, cols, shared = _expected(cells)
    if chunk == 0 and refs and all(r < 1000 and c < 703 for r, c, _ in cells):
        assert (found.rows, found.cols) == (999, 702)  # the fast bound: within every limit
    else:
        assert (found.rows, found.cols) == (rows, cols)
    assert found.shared_cells == shared


def test_prefixed_elements_are_scanned() -> None:
    data = _sheet([(1, 1, "v"), (40_000, 200, "v")], prefix="x:")
    assert (ex.scan(data).rows, ex.scan(data).cols) == (40_000, 200)
    assert ex.check_extent(ex.scan(data), 0)


def test_shared_strings_longest() -> None:
    sst = ('<sst xmlns="x"><si><t>a</t></si><si><t>' + "b" * 5000 + "</t></si></sst>").encode()
    assert 5000 < ex.scan(sst).longest_string < 5100
    assert 5000 < _chunked(sst, 333).longest_string < 5100


def test_random_sheets_agree_with_the_general_scanner() -> None:
    rng = random.Random(14)
    for _ in range(30):
        cells = {(rng.randint(1, 5000), rng.randint(1, 900)): rng.choice("vse") for _ in range(rng.randint(0, 60))}
        cells = [(r, c, k) for (r, c), k in cells.items()]
        data = _sheet(cells)
        rows, cols, shared = _expected(cells)
        found = _chunked(data, rng.randint(5, 500))
        assert (found.rows, found.cols, found.shared_cells) == (rows, cols, shared)


def test_check_extent_messages() -> None:
    assert ex.check_extent(ex.Extent(rows=999, cols=702), 0) is None
    big = ex.check_extent(ex.Extent(rows=1_048_576, cols=16_384), 0)
    assert "XFD1048576" in big and "1.048.576 dòng" in big
    assert "chuỗi văn bản" in ex.check_extent(ex.Extent(rows=10, cols=1, shared_cells=10_000), 1_000_000)
