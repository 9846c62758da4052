"""Which sheet of one of our forms holds which annex: by name, checked against its content.

Each list annex sheet of our forms carries the indicator ids in its hidden column A, the grid
annex (PHỤ LỤC 5) its row keys; "Thông tin chung", "Nội dung" and the identity sheet carry
their keys in column A. A sheet named like an annex but holding another one's ids (two sheets
swapped by name), or an annex whose sheet was renamed, is found by that content, with a
warning; an annex found nowhere is refused, never read as blank.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from reportgen.core import model as m
from reportgen.core.catalog import Catalog
from reportgen.core.errors import UnreadableInputError
from reportgen.core.findings import WARNING, Finding
from reportgen.read.layout import visible_rows
from reportgen.read.grid import _Grid, norm
from reportgen.read.sheets import IDENTITY_SHEET, INFO_FIELDS, INFO_SHEET, NARRATIVE_SHEET

_SCAN_ROWS = 400  # column A of the first rows is enough to know a sheet
_MIN_SHARE = 0.5  # of an annex's ids a sheet must hold to be taken for it


@dataclass
class Found:
    annexes: dict[str, _Grid] = field(default_factory=dict)
    info: _Grid | None = None
    narrative: _Grid | None = None


def _key(name: str) -> str:
    return norm(name).replace(" ", "")


def _known(catalog: Catalog) -> set[str]:
    return {_key(n) for n in (IDENTITY_SHEET, INFO_SHEET, NARRATIVE_SHEET, *(a.sheet for a in catalog.annexes))}


def _by_name(grids, name: str) -> str | None:
    if name in grids:
        return name
    wanted = _key(name)
    return next((n for n in grids if _key(n) == wanted), None)  # names only: nothing parsed


def _column_a(grid: _Grid) -> set[str]:
    return {c.strip() for row in grid.rows[:_SCAN_ROWS] if row and isinstance(c := row[0], str) and c.strip()}


def _by_key(grids, key: str, skip: set[str]) -> _Grid | None:
    """The first sheet not named in `skip` whose column A holds `key` (a renamed fixed sheet)."""
    for name in grids:
        if _key(name) in skip:
            continue
        grid = grids[name]
        if key in _column_a(grid):
            return grid
    return None


def _annex_keys(annex: m.Annex, catalog: Catalog) -> set[str]:
    if annex.layout == "list":
        return {r.indicator for r in visible_rows(annex, catalog) if r.indicator}
    if annex.layout == "matrix":
        from reportgen.read import matrix_layout as matrix
        return {r.key for r in matrix.rows(annex, catalog)}
    return set()


def _locate(grids, catalog: Catalog, fname: str, ds: m.Dataset) -> Found:
    found = Found()
    known = _known(catalog)
    taken: set[str] = set()
    fixed = {INFO_SHEET: INFO_FIELDS[0][0], NARRATIVE_SHEET: None}
    for sheet, key in fixed.items():
        name = _by_name(grids, sheet)
        grid = grids[name] if name is not None else None
        if grid is None and key is not None:
            grid = _by_key(grids, key, known)
            if grid is not None:
                ds.problems.append(Finding(WARNING, f"không có trang «{sheet}»; đọc trang «{grid.name}» vì có nội "
                                                    f"dung của trang đó — hãy đặt lại đúng tên «{sheet}»",
                                           fname, grid.name, code="sheet_renamed"))
        if grid is not None:
            taken.add(grid.name)
        if sheet == INFO_SHEET:
            found.info = grid
        else:
            found.narrative = grid
    cols: dict[str, set[str]] = {}

    def column(name: str) -> set[str]:
        if name not in cols:
            cols[name] = _column_a(grids[name])
        return cols[name]

    for annex in catalog.annexes:
        keys = _annex_keys(annex, catalog)
        name = _by_name(grids, annex.sheet)
        if keys and (name is None or not keys & column(name)):  # missing, or holding another annex
            best, share = None, _MIN_SHARE
            for other in grids:
                if other in taken or other == name or _key(other) == _key(IDENTITY_SHEET):
                    continue
                got = len(keys & column(other)) / len(keys)
                if got > share:
                    best, share = other, got
            if best is not None:
                name = best
                ds.problems.append(Finding(
                    WARNING, f"trang «{best}» chứa {annex.number} (trang «{annex.sheet}»); đọc theo nội dung — "
                             f"hãy đặt lại đúng tên «{annex.sheet}»", fname, best, code="sheet_renamed"))
        if name is None:
            raise UnreadableInputError(
                f"thiếu trang tính «{annex.sheet}» ({annex.number}); có thể đã bị xóa hoặc đổi tên — "
                f"hãy đặt lại đúng tên «{annex.sheet}»", file=fname)
        taken.add(name)
        found.annexes[annex.id] = grids[name]
    return found
