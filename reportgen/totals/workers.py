"""Reading every unit, in worker processes when that pays (plain or fast reader path).

Part of reportgen.totals (see totals/aggregate.py).
"""

from __future__ import annotations

from typing import Iterator

from reportgen.core.catalog import Catalog
from reportgen.totals.fastread import FastReader, read_unit_fast
from reportgen.totals.layout import Layout
from reportgen.totals.units import UnitRead, _init_worker, read_unit

FAST = True  # the fast reader path (totals/fastread.py); bench/run.py times both


def _reads(paths: list[str], catalog: Catalog, jobs: int) -> Iterator[UnitRead]:
    """Read every file, in input order; in `jobs` worker processes when that pays."""
    if jobs <= 1 or len(paths) < 8:
        layout = Layout(catalog)
        fast = FastReader(catalog, layout) if FAST else None
        for p in paths:
            yield fast.read_unit(p) if fast is not None else read_unit(p, catalog, layout)
        return
    chunk = max(1, min(32, len(paths) // (jobs * 16)))
    with _pool(jobs, catalog) as pool:
        yield from pool.imap(read_unit_fast if FAST else read_unit, paths, chunksize=chunk)


def _pool(jobs: int, catalog: Catalog):
    """The worker processes, made by core/pool.py (the one way reportgen starts them)."""
    from reportgen.core.pool import worker_pool
    return worker_pool(jobs, initializer=_init_worker, initargs=(catalog,))
