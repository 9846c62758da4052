"""Where things sit on a grid annex sheet (PHỤ LỤC 5): rows are levels, columns are matrix columns,
each cell one indicator. The form writer lays the grid out with it, the reader and the appendix find it."""

from __future__ import annotations

from dataclasses import dataclass

from reportgen.core import model as m
from reportgen.core.catalog import Catalog


@dataclass(frozen=True)
class MatrixColumn:
    key: str
    group: str  # upper header, merged over its columns ("Chuyên trách"), "" for none
    header: str  # lower header ("Nam") or the whole header when there is no group
    kind: str


@dataclass(frozen=True)
class MatrixRow:
    key: str
    label: str
    tt: str


def columns(annex: m.Annex) -> list[MatrixColumn]:
    return [MatrixColumn(c["key"], str(c.get("group", "")), str(c.get("header", c.get("name", c["key"]))),
                         str(c.get("kind", m.COUNT))) for c in annex.matrix["columns"]]


def rows(annex: m.Annex, catalog: Catalog) -> list[MatrixRow]:
    """The rows of active levels, numbered 1, 2, … again once a level is dropped."""
    active = [r for r in annex.matrix["rows"] if catalog.active_level(r.get("level"))]
    return [MatrixRow(r["key"], str(r["label"]), str(i) if str(r.get("tt", "")).isdigit() else str(r.get("tt", "")))
            for i, r in enumerate(active, start=1)]


def indicator_id(annex: m.Annex, row_key: str, col_key: str) -> str:
    return f"{annex.matrix['prefix']}_{row_key}_{col_key}"


def header_rows(cols: list[MatrixColumn]) -> list[list[tuple[str, int, int]]]:
    """Two header rows as (text, colspan, rowspan) runs after the TT and label columns."""
    top: list[tuple[str, int, int]] = []
    bottom: list[tuple[str, int, int]] = []
    i = 0
    while i < len(cols):
        c = cols[i]
        if c.group:
            span = 1
            while i + span < len(cols) and cols[i + span].group == c.group:
                span += 1
            top.append((c.group, span, 1))
            bottom.extend((cols[i + k].header, 1, 1) for k in range(span))
            i += span
        else:
            top.append((c.header, 1, 2))
            i += 1
    return [top, bottom]
