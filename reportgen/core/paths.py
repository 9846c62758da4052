"""Where the editable data lives: the catalog, outlines, Word templates, levels and samples.

Built-in data is the repository's top-level ``data/`` and ``templates/``. A wheel carries the
same two folders inside the package, as ``reportgen/data/`` and ``reportgen/templates/``
(``setup.py`` maps them in), found with importlib.resources; a source checkout (PYTHONPATH or
an editable install) reads the top-level folders directly. Both give one root holding
``data/`` and ``templates/``: :func:`home`.

A province's own folder (``reportgen --config DIR`` or ``REPORTGEN_CONFIG=DIR``; ``reportgen
init-config DIR`` makes one) has the same layout and wins file by file: each of
``data/levels.yaml``, ``templates/outline/<name>.yaml``, ``templates/docx/<name>.docx`` is taken
from it when present there, else from the built-in data. The catalog is one unit (its files
refer to each other): ``DIR/data/catalog/`` replaces the built-in catalog when it holds YAML files.
``REPORTGEN_CATALOG=DIR`` points at a catalog folder directly (tests, catalog authors).
"""

from __future__ import annotations

import os
from functools import lru_cache
from importlib import resources
from pathlib import Path

from reportgen.core.errors import UsageError

CONFIG_ENV = "REPORTGEN_CONFIG"
CATALOG_ENV = "REPORTGEN_CATALOG"

# What a province may override, relative to the root (also what `init-config` copies).
CATALOG = "data/catalog"
LEVELS = "data/levels.yaml"
OUTLINES = "templates/outline"
DOCX = "templates/docx"


@lru_cache(maxsize=1)
def home() -> Path:
    """The built-in root holding data/ and templates/: inside the installed package, else the checkout."""
    packaged = resources.files("reportgen")
    if isinstance(packaged, Path) and (packaged / "data" / "catalog").is_dir():
        return packaged
    return Path(__file__).resolve().parents[2]


def config_dir() -> Path | None:
    """The province's own folder (REPORTGEN_CONFIG, set by `--config`), or None."""
    env = os.environ.get(CONFIG_ENV, "").strip()
    if not env:
        return None
    path = Path(env).expanduser()
    if not path.is_dir():
        raise UsageError(f"thư mục cấu hình riêng ({CONFIG_ENV} hoặc --config) không tồn tại "
                         "(tạo bằng «reportgen init-config THƯ_MỤC»)", file=str(path))
    return path


def resolve(relative: str) -> Path:
    """The province's version of a data file when it has one, else the built-in one."""
    own = config_dir()
    if own is not None and (own / relative).is_file():
        return own / relative
    return home() / relative


def catalog_dir() -> Path:
    """REPORTGEN_CATALOG, else the province's data/catalog/ when it holds YAML files, else the built-in one."""
    env = os.environ.get(CATALOG_ENV)
    if env:
        return Path(env)
    own = config_dir()
    if own is not None and any((own / CATALOG).glob("*.yaml")):
        return own / CATALOG
    return home() / CATALOG


def levels_file() -> Path:
    return resolve(LEVELS)


def outline_file(name: str) -> Path:
    """templates/outline/<name> (e.g. "bao-cao.yaml"), the province's first."""
    return resolve(f"{OUTLINES}/{name}")


def docx_file(name: str) -> Path:
    """templates/docx/<name> (e.g. "bao-cao.docx"), the province's first."""
    return resolve(f"{DOCX}/{name}")


def samples_dir() -> Path:
    """The built-in sample workbooks of the fictional Sơn Hà province (never overridden)."""
    return home() / "data" / "samples"


# The built-in folders themselves (init-config copies from them; scripts regenerate them).
def data_dir() -> Path:
    return home() / "data"


def templates_dir() -> Path:
    return home() / "templates"


def outline_dir() -> Path:
    return home() / OUTLINES


def docx_dir() -> Path:
    return home() / DOCX


def default_files() -> list[str]:
    """Every built-in file a province may override, relative to the root, sorted."""
    root = home()
    found = [LEVELS]
    for folder, pattern in ((CATALOG, "*"), (OUTLINES, "*.yaml"), (DOCX, "*.docx")):
        found += [f"{folder}/{p.name}" for p in (root / folder).glob(pattern) if p.is_file()]
    return sorted(found)
