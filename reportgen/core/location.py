"""The one place that writes where something is: "file sheet!cell" (any part may be missing)."""

from __future__ import annotations


def location(file: str | None = "", sheet: str | None = "", cell: str | None = "") -> str:
    """"bao-cao.xlsx PL6!E12", "PL6!E12", "bao-cao.xlsx PL6", "bao-cao.xlsx E12" or ""."""
    ref = f"{sheet}!{cell}" if sheet and cell else (sheet or cell or "")
    return f"{file} {ref}" if file and ref else (file or ref)
