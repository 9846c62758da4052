"""The measured fast paths of reportgen.totals give what their plain versions give (bench/run.py measures them)."""

from __future__ import annotations

import pytest
from openpyxl.utils import get_column_letter as openpyxl_letter

from reportgen.totals import breakdown


@pytest.mark.parametrize("col", [1, 2, 25, 26, 27, 52, 53, 701, 702, 703, 16_384, 18_278])
def test_column_letter_is_openpyxls(col: int) -> None:
    assert breakdown.get_column_letter(col) == openpyxl_letter(col)


def test_every_column_letter_is_openpyxls() -> None:
    assert [breakdown.get_column_letter(c) for c in range(1, 18_279)] == [openpyxl_letter(c) for c in range(1, 18_279)]
