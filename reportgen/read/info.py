"""The identity, general-information and narrative sheets of our own forms."""

from __future__ import annotations

from reportgen.core import model as m
from reportgen.read.cells import clean_text
from reportgen.read.grid import _Grid


def _identity(grid: _Grid | None) -> dict[str, str]:
    if grid is None:
        return {}
    out = {}
    for row in grid.rows:
        if len(row) >= 2 and row[0]:
            out[str(row[0])] = "" if row[1] is None else str(row[1])
    return out


_MULTILINE_INFO = ("recipients", "authority")


def _read_info(ds: m.Dataset, grid: _Grid | None) -> None:
    if grid is None:
        return
    for i, row in enumerate(grid.rows):
        key = row[0] if row else ""
        if key and isinstance(key, str) and len(row) > 2:
            v = row[2]
            if v in (None, ""):
                continue
            if hasattr(v, "strftime"):
                ds.info.fields[key] = v.strftime("%d/%m/%Y")
            elif key in _MULTILINE_INFO:  # one item per line: keep the lines
                ds.info.fields[key] = "\n".join(clean_text(x) for x in str(v).splitlines() if x.strip())
            else:
                ds.info.fields[key] = clean_text(v)


def _read_narrative(ds: m.Dataset, grid: _Grid | None) -> None:
    if grid is None:
        return
    for i, row in enumerate(grid.rows):
        if row and row[0] and isinstance(row[0], str):
            ds.narrative_cells[row[0]] = f"C{i + 1}"
            if len(row) > 2 and row[2] not in (None, ""):
                ds.narrative[row[0]] = str(row[2]).strip()
