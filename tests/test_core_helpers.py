"""The "one of each" helpers of core: where something is, text normalising, worker processes."""

from __future__ import annotations

import os
import unicodedata

import pytest

from reportgen.core import model as m
from reportgen.core.errors import InvalidDataError
from reportgen.core.findings import ERROR, Finding
from reportgen.core.location import location
from reportgen.core.pool import cpu_jobs, worker_pool
from reportgen.core.text import fold, nfc, norm, squash


@pytest.mark.parametrize("file, sheet, cell, expected", [
    ("bao-cao.xlsx", "PL6", "E12", "bao-cao.xlsx PL6!E12"),
    ("", "PL6", "E12", "PL6!E12"),
    ("bao-cao.xlsx", "PL6", "", "bao-cao.xlsx PL6"),
    ("bao-cao.xlsx", "", "E12", "bao-cao.xlsx E12"),
    ("bao-cao.xlsx", None, None, "bao-cao.xlsx"),
    (None, None, None, ""),
])
def test_location(file, sheet, cell, expected):
    assert location(file, sheet, cell) == expected


def test_every_location_is_written_by_the_one_formatter():
    where = ("a.xlsx", "PL6", "E12")
    assert str(m.Source(*where)) == "a.xlsx PL6!E12" and m.Source(*where).ref == "PL6!E12"
    assert InvalidDataError("x", file=where[0], sheet=where[1], cell=where[2]).format_message() == "a.xlsx PL6!E12: x"
    assert Finding(ERROR, "x", *where).format() == "a.xlsx PL6!E12: Lỗi: x"


DECOMPOSED = unicodedata.normalize("NFD", "Xã Hướng Hóa")


@pytest.mark.parametrize("func, raw, expected", [
    (nfc, DECOMPOSED, "Xã Hướng Hóa"),
    (nfc, None, ""),
    (squash, f"  {DECOMPOSED}\u00a0\u202f huyện\n", "Xã Hướng Hóa huyện"),
    (squash, 12, "12"),
    (fold, "  XÃ  Hướng\u00a0HÓA ", "xã hướng hóa"),
    (fold, DECOMPOSED, fold("xã hướng hóa")),
    (norm, "- Trong đó: Số  trẻ em (thôn/ xóm)", "số trẻ em thôn/xóm"),
    (norm, "+ <i>Nam</i>", "nam"),
])
def test_text(func, raw, expected):
    assert func(raw) == expected


def _pid(_):
    return os.getpid()


def test_worker_pool_runs_in_other_processes():
    with worker_pool(2) as pool:
        pids = set(pool.map(_pid, range(8)))
    assert os.getpid() not in pids and 1 <= len(pids) <= 2


@pytest.mark.parametrize("cap", [None, 1, 4])
def test_cpu_jobs(cap):
    n = cpu_jobs(cap)
    assert 1 <= n <= (os.cpu_count() or 1) and (cap is None or n <= cap)
