"""Benchmarks for reading, aggregating and batch-building (not a timed test).

    python bench/run.py [--units 3321] [--quick] [--jobs 2] [--keep DIR]

Generates its own inputs (bench/gen.py, seeded, in a temporary folder unless --keep), then:

1. reads one workbook with every annex: read_workbook vs python-calamine alone reading every cell,
   with the form's sheets known (read.xmlgrid reads them from their XML) and the form first seen
   (calamine reads them, templates are learnt), and what read_workbook's time is made of;
   then a unit as the aggregation reads it, the plain path (units.read_unit) and the fast one
   (totals/fastread.py), over 100 different workbooks, beside calamine reading every cell of them;
   the cell addresses of an unedited form (expected_refs: write and read a form; cell_refs);
2. aggregates N units and ~3x N units (default 3,321 and 10,000), each in a fresh process,
   --reps times, the sizes alternating (min and median): wall time, time per unit, peak RSS of that process and of its
   worker processes (resource.getrusage RUSAGE_SELF / RUSAGE_CHILDREN), then reads the total back;
   the floor beside it is calamine reading every cell of the N workbooks, over the workers;
3. builds one report per unit for a batch (when `reportgen.batch` and the build exist), beside
   the floor: python-docx opening and saving each report, over the workers;
4. `reportgen --help`: wall time of the whole process, beside `python -c pass`.

Every row notes the load average when it was measured (other jobs share the machine).
Prints a Markdown table; bench/RESULTS.md records a run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def _mb(kb: float) -> str:
    return f"{kb / 1024:.0f} MB"


def _load() -> str:
    return f"load {os.getloadavg()[0]:.2f}"


def _calamine_cells(path: Path) -> int:
    from python_calamine import CalamineWorkbook
    n = 0
    with CalamineWorkbook.from_path(str(path)) as wb:
        for name in wb.sheet_names:
            for row in wb.get_sheet_by_name(name).to_python(skip_empty_area=False):
                for _ in row:
                    n += 1
    return n


def bench_units(paths: list[Path], reps: int) -> dict:
    """CPU ms per workbook over `paths`: calamine reading every cell (the floor), a unit read the plain
    way (units.read_unit) and the fast way (fastread.FastReader, shapes learnt on the first)."""
    from reportgen.core.catalog import load_catalog
    from reportgen.totals.fastread import FastReader
    from reportgen.totals.layout import Layout
    from reportgen.totals.units import read_unit

    catalog = load_catalog()
    layout = Layout(catalog)
    fast = FastReader(catalog, layout)
    ways = {"calamine": _calamine_cells, "plain": lambda p: read_unit(str(p), catalog, layout),
            "fast": lambda p: fast.read_unit(str(p))}
    for f in ways.values():
        f(paths[0])
    out: dict[str, list[float]] = {k: [] for k in ways}
    for _ in range(reps):
        for name, f in ways.items():  # interleaved, so a busy moment hits all three
            c = time.process_time()
            for p in paths:
                f(p)
            out[name].append((time.process_time() - c) / len(paths) * 1000)
    return {k: (min(v), sorted(v)[len(v) // 2]) for k, v in out.items()} | {"counts": dict(fast.counts)}


def bench_refs() -> dict:
    from reportgen.core.catalog import load_catalog
    from reportgen.core.period import Period
    from reportgen.totals import layout as lay

    catalog = load_catalog()
    layout = lay.Layout(catalog)
    out = {}
    for name, f in (("expected_refs", lay.expected_refs), ("cell_refs", lay.cell_refs)):
        t = time.perf_counter()
        f(catalog, layout, Period(2025))
        out[name] = time.perf_counter() - t
    return out


def bench_help(runs: int) -> dict:
    """Wall seconds of `python -m reportgen --help` and of `python -c pass` (min, median)."""
    out = {}
    for name, cmd in (("help", [sys.executable, "-m", "reportgen", "--help"]), ("python", [sys.executable, "-c", "pass"])):
        walls = []
        for _ in range(runs):
            t = time.perf_counter()
            subprocess.run(cmd, capture_output=True, check=True)
            walls.append(time.perf_counter() - t)
        out[name] = (min(walls), sorted(walls)[len(walls) // 2])
    return out


# --- 1. one workbook ----------------------------------------------------------------------------

def bench_read(path: Path, reps: int) -> dict:
    from python_calamine import CalamineWorkbook

    from reportgen.core.catalog import load_catalog
    from reportgen.read.workbook import read_workbook

    catalog = load_catalog()

    def calamine_only():
        n = 0
        with CalamineWorkbook.from_path(str(path)) as wb:
            for name in wb.sheet_names:
                for row in wb.get_sheet_by_name(name).to_python(skip_empty_area=False):
                    for _ in row:
                        n += 1
        return n

    def reader():
        return read_workbook(path, catalog)

    def reader_cold():  # the form seen for the first time in the process: calamine, and a template learnt
        try:
            from reportgen.read import workbook as read
            read.TEMPLATES.clear()
        except AttributeError:  # an older reader without read.xmlgrid
            pass
        return read_workbook(path, catalog)

    def best(f):
        f()
        wall, cpu = [], []
        for _ in range(reps):
            t, c = time.perf_counter(), time.process_time()
            f()
            wall.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
        return min(wall), min(cpu)

    cells = calamine_only()
    out = {}
    for _ in range(2):  # interleave, keep the best of each
        for name, f in (("calamine", calamine_only), ("read_workbook", reader), ("cold", reader_cold)):
            w, c = best(f)
            if name not in out or c < out[name][1]:
                out[name] = (w, c)
    return {"cells": cells, "calamine": out["calamine"], "read": out["read_workbook"], "cold": out["cold"],
            "values": sum(len(v) for v in reader().values.values())}


def bench_read_parts(path: Path, reps: int) -> dict:
    """Best CPU ms of what read_workbook is made of: the safety inspection (which also inflates the
    parts the reader needs) and the rest (the grids, from read.xmlgrid once the form is known, and the
    reader's own Python); beside them python-calamine parsing the sheets (no Python loop over the cells)."""
    from python_calamine import CalamineWorkbook

    from reportgen.read import workbook as read
    from reportgen.core.catalog import load_catalog
    from reportgen.read.safety import inspect_workbook

    catalog = load_catalog()
    keep = getattr(read, "_needed_part", None)

    def sheets():
        with CalamineWorkbook.from_path(str(path)) as wb:
            for name in wb.sheet_names:
                wb.get_sheet_by_name(name).to_python(skip_empty_area=False)

    def best(f):
        f()
        cpu = []
        for _ in range(reps):
            c = time.process_time()
            f()
            cpu.append(time.process_time() - c)
        return min(cpu) * 1000

    out = {}
    for _ in range(2):
        for name, f in (("sheets", sheets), ("inspect", (lambda: inspect_workbook(path, keep=keep)) if keep
                                              else (lambda: inspect_workbook(path))),
                        ("read", lambda: read.read_workbook(path, catalog))):
            out[name] = min(out.get(name, 1e9), best(f))
    out["python"] = out["read"] - out["sheets"] - out["inspect"]
    return out


# --- 2. aggregate (in a child process, so peak RSS is its own) -----------------------------------

def child_aggregate(folder: Path, count: int, jobs: int, out: Path, fast: bool = True) -> dict:
    from reportgen.totals import workers
    from reportgen.totals.aggregate import aggregate, write_total
    from reportgen.core.catalog import load_catalog

    workers.FAST = fast

    paths = sorted(folder.glob("xa-*.xlsx"))[:count]
    catalog = load_catalog()
    t0 = time.perf_counter()
    result = aggregate(paths, catalog, jobs=jobs)
    t1 = time.perf_counter()
    readers_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # the reading workers, joined
    write_total(result, out, force=True)
    t2 = time.perf_counter()
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    kids_kb = kids.ru_maxrss
    return {"cpu_workers": kids.ru_utime + kids.ru_stime, "units": result.covered, "skipped": len(result.skipped), "read_add": t1 - t0, "write": t2 - t1,
            "wall": t2 - t0, "rss_parent_kb": self_kb, "rss_worker_kb": kids_kb, "rss_readers_kb": readers_kb,
            "size": out.stat().st_size, "cpu_parent": time.process_time(), "load": os.getloadavg()[0]}


def child_readback(out: Path) -> dict:
    from reportgen.core.catalog import load_catalog
    from reportgen.read.workbook import read_workbook

    catalog = load_catalog()
    t = time.perf_counter()
    ds = read_workbook(out, catalog)
    return {"wall": time.perf_counter() - t, "rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            "values": len(ds.values)}


def run_child(*args: str) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", *args]
    t = time.perf_counter()
    res = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if res.returncode:
        raise SystemExit(f"child failed: {' '.join(args)}\n{res.stderr}")
    data = json.loads(res.stdout.strip().splitlines()[-1])
    data["process_wall"] = time.perf_counter() - t  # including interpreter start and imports
    return data


# --- 3. batch build ------------------------------------------------------------------------------

def child_batch(folder: Path, count: int, jobs: int, outdir: Path, kind: str) -> dict:
    from reportgen import batch

    from gen import sample_units
    src = outdir.parent / f"batch-in-{count}"
    sample_units(src, count)  # check-clean: the generated units break the rules build checks first
    t = time.perf_counter()
    res = batch.build_batch(kind, src, outdir, jobs=jobs, force=True)
    wall = time.perf_counter() - t
    from docx import Document
    import io
    floor = []
    for p in sorted(outdir.glob("*.docx"))[:20]:  # the floor: python-docx opening and saving a report
        c = time.process_time()
        Document(str(p)).save(io.BytesIO())
        floor.append(time.process_time() - c)
    return {"built": res.built, "failed": len(res.failed), "wall": wall, "load": os.getloadavg()[0],
            "floor_report": sorted(floor)[len(floor) // 2] if floor else 0.0,
            "rss_parent_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            "rss_worker_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}


def batch_available() -> bool:
    try:
        from reportgen import api, batch  # noqa: F401
    except ImportError:
        return False
    return hasattr(api, "build_document") and hasattr(batch, "build_batch")


# --- main ---------------------------------------------------------------------------------------

def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units", type=int, default=3321, help="units in the first aggregation (the second: ~3x)")
    ap.add_argument("--big", type=int, default=None, help="units in the second aggregation (default 10,000)")
    ap.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--batch", type=int, default=None, help="reports in the batch build (default 200)")
    ap.add_argument("--keep", type=Path, help="folder for the generated inputs, kept and reused")
    ap.add_argument("--reps", type=int, default=3, help="aggregations of each size (min and median)")
    ap.add_argument("--plain", action="store_true", help="also aggregate N units with the plain reader path")
    ap.add_argument("--only", choices=("read", "aggregate", "batch", "help"), nargs="*",
                    help="run only these parts (default: all)")
    ap.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        what, *rest = a.child
        if what == "aggregate":
            print(json.dumps(child_aggregate(Path(rest[0]), int(rest[1]), int(rest[2]), Path(rest[3]),
                                             fast=rest[4:] != ["plain"])))
        elif what == "readback":
            print(json.dumps(child_readback(Path(rest[0]))))
        elif what == "batch":
            print(json.dumps(child_batch(Path(rest[0]), int(rest[1]), int(rest[2]), Path(rest[3]), rest[4])))
        return

    from gen import generate

    small = 300 if a.quick else a.units
    big = a.big or (900 if a.quick else 10_000)
    n_batch = a.batch or (20 if a.quick else 200)
    only = set(a.only or ("read", "aggregate", "batch", "help"))
    work = a.keep or Path(tempfile.mkdtemp(prefix="reportgen-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    inputs = work / "xa"
    rows: list[tuple[str, str, str]] = []
    gen_s = 0.0
    try:
        t = time.perf_counter()
        generate(inputs, max(small, big) if "aggregate" in only else max(n_batch, 100), jobs=a.jobs)
        gen_s = time.perf_counter() - t
        print(f"inputs in {inputs} ({gen_s:.1f} s)", file=sys.stderr)

        per_book = None
        if "read" in only or "aggregate" in only:
            r = bench_read(inputs / "xa-00000.xlsx", 15 if a.quick else 40)
            (cw, cc), (rw, rc) = r["calamine"], r["read"]
            rows.append(("Read one workbook (all annexes): python-calamine, every cell (the floor)",
                         f"{cw * 1000:.1f} ms wall, {cc * 1000:.1f} ms CPU", f"{r['cells']:,} cells; {_load()}"))
            rows.append(("Read one workbook: read_workbook, the form's sheets known (read.xmlgrid)",
                         f"{rw * 1000:.1f} ms wall, {rc * 1000:.1f} ms CPU",
                         f"{rc / cc:.2f}× calamine (CPU), {rw / cw:.2f}× (wall); {r['values']} values; {_load()}"))
            (kw, kc) = r["cold"]
            rows.append(("Read one workbook: read_workbook, the form first seen (calamine, templates learnt)",
                         f"{kw * 1000:.1f} ms wall, {kc * 1000:.1f} ms CPU",
                         f"{kc / cc:.2f}× calamine (CPU), {kw / cw:.2f}× (wall); {_load()}"))
            parts = bench_read_parts(inputs / "xa-00000.xlsx", 15 if a.quick else 40)
            rows.append(("Read one workbook: what it is made of (CPU)", f"{parts['read']:.1f} ms",
                         f"safety.inspect_workbook {parts['inspect']:.1f} ms, the rest (grids from read.xmlgrid, "
                         f"the reader's Python) {parts['read'] - parts['inspect']:.1f} ms; beside it python-calamine "
                         f"parsing the sheets alone {parts['sheets']:.1f} ms; {_load()}"))
            u = bench_units(sorted(inputs.glob("xa-*.xlsx"))[:100], 3 if a.quick else 5)
            per_book = u["calamine"][0] / 1000
            for name, label in (("plain", "plain path (units.read_unit)"), ("fast", "fast path (totals/fastread.py)")):
                lo, med = u[name]
                rows.append((f"A unit as the aggregation reads it, {label}: 100 workbooks",
                             f"{lo:.2f} ms CPU (median {med:.2f})",
                             f"{lo / u['calamine'][0]:.2f}× calamine reading every cell ({u['calamine'][0]:.2f} ms, "
                             f"median {u['calamine'][1]:.2f}); {_load()}"))
            rows.append(("… list sheets read fast / by the reader; units read again", " / ".join(
                str(u["counts"][k]) for k in ("fast", "plain", "again")), ""))
            refs = bench_refs()
            rows.append(("Cell addresses of an unedited form (parent, once)",
                         f"{refs['cell_refs'] * 1000:.1f} ms (cell_refs)",
                         f"expected_refs (write and read an openpyxl form): {refs['expected_refs'] * 1000:.0f} ms; {_load()}"))

        if "aggregate" in only:
            # The sizes alternate (small, big, small, big, ..., small): each big run is compared with the
            # small runs just before and after it, so a drift of the machine's speed (±20 % on this VM
            # from minute to minute) hits both sides of each ratio alike.
            pairs = max(1, a.reps - 1)
            order = [small, big] * pairs + [small]
            runs_by: dict[int, list[dict]] = {small: [], big: []}
            ratios = []
            for k, n in enumerate(order):
                out = work / f"tong-{n}.xlsx"
                runs_by[n].append(run_child("aggregate", str(inputs), str(n), str(a.jobs), str(out)))
                if n == small and k >= 2:
                    before, after = runs_by[small][-2]["wall"], runs_by[small][-1]["wall"]
                    ratios.append(runs_by[big][-1]["wall"] / ((before + after) / 2))
            results = {}
            for n in (small, big):
                runs = runs_by[n]
                walls = sorted(d["wall"] for d in runs)
                d = min(runs, key=lambda x: x["wall"])
                results[n] = walls
                floor = per_book * n / a.jobs if per_book else 0.0
                rows.append((f"Aggregate {n:,} units ({a.jobs} workers), {len(runs)} runs",
                             f"{walls[0]:.1f} s (median {walls[len(walls) // 2]:.1f} s; best: {d['read_add']:.1f} s "
                             f"read+add, {d['write']:.1f} s write)",
                             f"floor (calamine reading every cell, {a.jobs} cores) {floor:.1f} s = "
                             f"{walls[0] / floor:.2f}× the floor; {d['cpu_workers'] / n * 1000:.1f} ms/unit worker CPU, "
                             f"parent CPU {d['cpu_parent']:.1f} s; peak RSS parent {_mb(d['rss_parent_kb'])}, "
                             f"reading workers {_mb(d.get('rss_readers_kb', 0))}, the breakdown's writers "
                             f"{_mb(d['rss_worker_kb'])}; output {d['size'] / 1e6:.1f} MB; runs "
                             + ", ".join(f"{x['wall']:.1f} s (load {x['load']:.1f})" for x in runs)))
                if n == small and a.plain:
                    pl = run_child("aggregate", str(inputs), str(n), str(a.jobs), str(work / f"tong-{n}.xlsx"), "plain")
                    rows.append((f"Aggregate {n:,} units, plain reader path", f"{pl['wall']:.1f} s",
                                 f"{pl['cpu_workers'] / n * 1000:.1f} ms/unit worker CPU; load {pl['load']:.1f}"))
                rb = run_child("readback", str(work / f"tong-{n}.xlsx"))
                rows.append((f"read_workbook on the {n:,}-unit total", f"{rb['wall']:.2f} s",
                             f"peak RSS {_mb(rb['rss_kb'])}"))
            ratios.sort()
            rows.append((f"Scaling {big:,} / {small:,} units (each {big:,} run against the {small:,} runs "
                         "just before and after it)", f"{statistics.median(ratios):.2f}× (median of {len(ratios)})",
                         f"units ×{big / small:.2f}; pairs {', '.join(f'{r:.2f}×' for r in ratios)}; best runs "
                         f"{results[big][0] / results[small][0]:.2f}×, medians "
                         f"{results[big][len(results[big]) // 2] / results[small][len(results[small]) // 2]:.2f}×"))

        if "batch" in only:
            if batch_available():
                outdir = work / "batch-out"
                d = run_child("batch", str(inputs), str(n_batch), str(a.jobs), str(outdir), "annual")
                floor = d["floor_report"] * d["built"] / a.jobs
                rows.append((f"Batch build: {n_batch} annual reports ({a.jobs} workers)",
                             f"{d['wall']:.1f} s", f"{d['wall'] / max(d['built'], 1) * 1000:.0f} ms/report, 3,321 reports "
                             f"≈ {d['wall'] / max(d['built'], 1) * 3321 / 60:.1f} min; floor (python-docx open+save of each "
                             f"report, {a.jobs} cores) {floor:.1f} s = {d['wall'] / floor:.1f}× the floor; {d['built']} built, "
                             f"{d['failed']} failed; peak RSS parent {_mb(d['rss_parent_kb'])}, worker "
                             f"{_mb(d['rss_worker_kb'])}; load {d['load']:.1f}"))
            else:
                rows.append(("Batch build", "skipped", "reportgen.batch / api.build_document not available"))

        if "help" in only:
            h = bench_help(5 if a.quick else 15)
            rows.append(("`python -m reportgen --help` (whole process)", f"{h['help'][0] * 1000:.0f} ms "
                         f"(median {h['help'][1] * 1000:.0f} ms)", f"floor `python -c pass` {h['python'][0] * 1000:.0f} ms "
                         f"(median {h['python'][1] * 1000:.0f} ms); {_load()}"))
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)

    print(f"\nMachine: {platform.python_implementation()} {platform.python_version()}, "
          f"{os.cpu_count()} CPUs, {platform.machine()}; inputs generated in {gen_s:.1f} s\n")
    print("| Measure | Time | Notes |")
    print("|---|---|---|")
    for r_ in rows:
        print("| " + " | ".join(r_) + " |")


if __name__ == "__main__":
    main()
