"""Reading units: one file into a small picklable UnitRead (in a worker process), and the pool.

Part of reportgen.totals (see totals/aggregate.py).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from reportgen.core import model as m
from reportgen.core.catalog import Catalog
from reportgen.core.errors import ReportgenError
from reportgen.core.findings import ERROR, WARNING, Finding
from reportgen.core.text import fold
from reportgen.read.workbook import read_workbook
from reportgen.totals.layout import Layout


@dataclass
class UnitRead:
    """What a worker sends back for one file: small and picklable."""

    path: str
    digest: str = ""
    unit: str = ""
    names: tuple[str, ...] = ()  # the names duplicates are found by
    period: str = ""
    catalog_version: str = ""
    row: bytes = b""
    texts: dict[int, str] = field(default_factory=dict)
    refs: str = ""  # Layout.encode's sources
    errors: list[Finding] = field(default_factory=list)  # unreadable, or cells with bad values
    warnings: list[Finding] = field(default_factory=list)
    unreadable: bool = False


_WORKER: dict = {}


def _init_worker(catalog: Catalog) -> None:
    import gc
    _WORKER["catalog"] = catalog
    _WORKER["layout"] = Layout(catalog)
    gc.freeze()  # the catalog and caches are long-lived: keep them out of every collection
    # A unit's read makes ~5,000 container objects, freed when it is encoded, and no cycles: with
    # the default threshold (700) the collector ran ~6 times a unit for nothing (~0.5-0.7 ms a unit).
    gc.set_threshold(20_000, *gc.get_threshold()[1:])


def read_unit(path: str, catalog: Catalog | None = None, layout: Layout | None = None) -> UnitRead:
    catalog = catalog or _WORKER["catalog"]
    layout = layout or _WORKER["layout"]
    out = UnitRead(path=str(path))
    p = Path(path)
    try:
        with open(p, "rb") as fh:
            out.digest = hashlib.sha256(fh.read()).hexdigest()
    except OSError:
        pass  # read_workbook says why
    try:
        ds = read_workbook(p, catalog)
    except ReportgenError as exc:
        out.unreadable = True
        out.errors.append(Finding(ERROR, exc.message, exc.file or str(path), exc.sheet or "", exc.cell or "",
                                  code="unreadable"))
        return out
    except Exception as exc:  # a reader bug must not stop the other units
        out.unreadable = True
        out.errors.append(Finding(ERROR, f"lỗi không mong đợi khi đọc ({type(exc).__name__}: {exc})",
                                  str(path), code="unreadable"))
        return out
    return unit_read(ds, layout, out)


def unit_read(ds: m.Dataset, layout: Layout, out: UnitRead | None = None) -> UnitRead:
    """A Dataset as one unit of the total (also used to aggregate Datasets held in memory)."""
    out = out or UnitRead(path=ds.file)
    typed, issued = ds.info.get("unit_name").strip(), ds.unit.strip()
    out.unit = typed or issued or Path(out.path).stem
    out.names = (out.unit,)
    if typed and issued and _name_key(typed) != _name_key(issued):
        out.warnings.append(Finding(WARNING, f"biểu mẫu phát cho «{issued}» nhưng trang Thông tin chung ghi "
                                             f"«{typed}»; cộng theo tên «{typed}»", ds.file, code="unit_name"))
    out.period = ds.period.code
    out.catalog_version = ds.catalog_version
    for f in ds.problems:
        if f.severity == ERROR:
            out.errors.append(f)
        elif f.code != "catalog_version":  # reported once, by aggregate
            out.warnings.append(f)
    if not out.errors:
        row, out.texts, out.refs = layout.encode(ds)
        out.row = row.tobytes()
    return out


def _name_key(name: str) -> str:
    return fold(name)
