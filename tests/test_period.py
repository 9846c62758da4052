"""reportgen.period: parsing `2025` / `2025-H1`, labels and comparison phrases."""

from __future__ import annotations

import pytest

from reportgen.core.errors import UsageError
from reportgen.core.period import Period


@pytest.mark.parametrize("text, year, half, code", [
    ("2025", 2025, False, "2025"),
    ("2025-H1", 2025, True, "2025-H1"),
    ("2025-h1", 2025, True, "2025-H1"),
    ("2025H1", 2025, True, "2025-H1"),
    (" 2024-H1 ", 2024, True, "2024-H1"),
    ("2025-6T", 2025, True, "2025-H1"),
    ("1990", 1990, False, "1990"),
    ("2100", 2100, False, "2100"),
])
def test_parse(text: str, year: int, half: bool, code: str) -> None:
    p = Period.parse(text)
    assert (p.year, p.half, p.code, str(p)) == (year, half, code, code)


@pytest.mark.parametrize("text", [
    "", "25", "abc", "2025-H2", "2025-H3", "2025-Q1", "H1-2025", "2025/2026", "1989", "2101", "20251",
    "2025-", "năm 2025",
])
def test_parse_rejects(text: str) -> None:
    with pytest.raises(UsageError) as info:
        Period.parse(text)
    err = info.value
    assert err.exit_code == 2
    assert f"«{text}»" in err.message
    assert "2025-H1" in err.message and "Kỳ báo cáo không hợp lệ" in err.message


@pytest.mark.parametrize("code, label, lower, phrase, kind", [
    ("2025-H1", "6 tháng đầu năm 2025", "6 tháng đầu năm 2025", "cùng kỳ năm 2024", "six-month"),
    ("2025", "Năm 2025", "năm 2025", "năm 2024", "annual"),
    ("2024", "Năm 2024", "năm 2024", "năm 2023", "annual"),
])
def test_labels(code: str, label: str, lower: str, phrase: str, kind: str) -> None:
    p = Period.parse(code)
    assert p.label == label
    assert p.label_lower == lower
    assert p.comparison_phrase == phrase
    assert p.kind == kind
    assert p.plan_label == f"KH năm {p.year}"
    assert p.next_plan_label == f"KH năm {p.year + 1}"


@pytest.mark.parametrize("code, previous, following", [
    ("2025-H1", "2024-H1", "2026-H1"),
    ("2025", "2024", "2026"),
])
def test_previous_and_next_keep_the_kind(code: str, previous: str, following: str) -> None:
    p = Period.parse(code)
    assert p.previous() == Period.parse(previous)
    assert p.next() == Period.parse(following)
    assert p.previous().label.split()[-1] == str(p.year - 1)


def test_ordering_and_equality() -> None:
    assert Period.parse("2024") < Period.parse("2025-H1")
    assert Period.parse("2024-H1") < Period.parse("2025")
    assert sorted([Period.parse("2026"), Period.parse("2024-H1"), Period.parse("2025")])[0].year == 2024
    assert Period.parse("2025-H1") == Period(2025, True)
    assert len({Period.parse("2025"), Period(2025), Period(2025, False)}) == 1
