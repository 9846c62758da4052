"""A sheet's cells as calamine gives them, and the label normalisation every reader uses."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from reportgen.core.text import norm  # noqa: F401 - the readers' label key
from reportgen.read.cells import clean_text

_YEAR = re.compile(r"(?<!\d)(19\d{2}|20\d{2}|21\d{2})(?!\d)")
_COLNUM = re.compile(r"^\(\d+\)$")


@dataclass
class _Grid:
    """A sheet's cells as calamine gives them: rows[i][j] is cell (i+1, j+1)."""

    name: str
    rows: list[list]

    def cell(self, i: int, j: int):
        if i < len(self.rows) and j < len(self.rows[i]):
            return self.rows[i][j]
        return ""

    def text(self, i: int, j: int) -> str:
        return _cell_text(self.cell(i, j))


@lru_cache(maxsize=1 << 16, typed=True)  # perf: TT, labels and ids repeat across workbooks
def _cell_text(v) -> str:
    return "" if v is None else clean_text(v) if not isinstance(v, float) else (
        str(int(v)) if v.is_integer() else str(v))


@dataclass
class _Layout:
    header_row: int  # 0-based index of the first header row
    data_row: int
    tt_col: int
    name_col: int
    id_col: int | None
    roles: dict[str, int] = field(default_factory=dict)  # role -> column index



_MEMO_MAX = 512


def _all_text(row: list) -> bool:
    for c in row:
        if type(c) is not str:
            return False
    return True
