"""Where the editable data lives: the catalog, outlines, templates, levels."""

from __future__ import annotations

import os
from pathlib import Path


def home() -> Path:
    """The project folder holding data/ and templates/ (REPORTGEN_HOME overrides)."""
    env = os.environ.get("REPORTGEN_HOME")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2]


def catalog_dir() -> Path:
    return Path(os.environ.get("REPORTGEN_CATALOG") or home() / "data" / "catalog")


def templates_dir() -> Path:
    return home() / "templates"


def outline_dir() -> Path:
    return templates_dir() / "outline"


def docx_dir() -> Path:
    return templates_dir() / "docx"


def data_dir() -> Path:
    return home() / "data"
